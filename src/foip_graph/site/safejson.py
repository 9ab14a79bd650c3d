r"""JSON that is safe to embed in an HTML page.

Data goes into ``<script type="application/json">`` elements (read with ``JSON.parse``)
and into a generated script file. ``<``, ``>`` and ``&`` are written as ``\u003c``,
``\u003e`` and ``\u0026``, so no string in the data can close the element or open a
comment, whatever it contains; JSON.parse turns them back into the same characters.

>>> print(script_json({"name": "</script><b>&"}))
{"name":"\u003c/script\u003e\u003cb\u003e\u0026"}
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
           ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


class Encoded(dict):
    """A dict some of whose values are already JSON (``known``: key -> its value's
    :func:`dumps`); :func:`script_json` writes those as they are, so a value that many
    pages share is encoded once."""

    def __init__(self, data: dict, known: dict[str, str]) -> None:
        super().__init__(data)
        self.known = known


def dumps(data: Any) -> str:
    """Compact JSON, keys in the order given, not yet escaped for HTML."""
    if isinstance(data, Encoded):
        known = data.known
        return "{" + ",".join(f"{dumps(k)}:{known[k] if k in known else dumps(v)}" for k, v in data.items()) + "}"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False)


def script_json(data: Any) -> Markup:
    """Compact JSON (keys in the order given) with every character that matters to an
    HTML parser escaped; marked safe for Jinja because nothing in it is markup."""
    text = dumps(data)
    for character, escaped in _UNSAFE:
        text = text.replace(character, escaped)
    return Markup(text)
