"""The example SPARQL queries shipped with foip-graph.

They are ``queries/*.rq`` in the repository and package data in the wheel, so a pip user
has them too: ``foip-graph sparql --example NAME`` runs one, ``--list-examples`` lists them.

>>> sorted(example_queries())[:2]
['cooperation-paths', 'framework-members']
>>> example_query("shared-frameworks").summary
'Which frameworks Japan and Australia are both members of, and which document says so (one row per document that states both memberships).'
>>> example_query("japan-chna")
Traceback (most recent call last):
...
foip_graph.examples.UnknownExampleError: no example query is called 'japan-chna'; did you mean: japan-china? (foip-graph sparql --list-examples lists them all)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExampleQuery:
    """One example query: its name (the file name without ``.rq``), the opening comment
    in one paragraph, and the query text."""

    name: str
    summary: str
    text: str

    def __repr__(self) -> str:
        return f"<ExampleQuery {self.name}>"


class UnknownExampleError(LookupError):
    """No example query has this name."""

    def __init__(self, name: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        super().__init__(f"no example query is called {name!r}{hint} "
                         "(foip-graph sparql --list-examples lists them all)")


def examples_dir() -> Path:
    """The folder of example queries: the copy inside an installed wheel, or the
    repository's ``queries/`` in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "example_queries"
    return installed if installed.is_dir() else package.parent.parent / "queries"


def example_queries() -> dict[str, ExampleQuery]:
    """Every example query by name, sorted by name."""
    found = {}
    for path in sorted(examples_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = ExampleQuery(path.stem, _summary(text), text)
    return found


def example_query(name: str) -> ExampleQuery:
    """The example query called ``name`` (with or without ``.rq``); raises
    :class:`UnknownExampleError` with close names."""
    examples = example_queries()
    key = name.removesuffix(".rq")
    if key not in examples:
        raise UnknownExampleError(name, list(examples))
    return examples[key]


def _summary(text: str) -> str:
    """The query's first comment paragraph, as one line."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") or not line.lstrip("# ").strip():
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)
