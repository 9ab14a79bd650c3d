r"""Claims, quotes, sources and dates as the pages show them: in words.

Quotes are stored verbatim, with the markdown of their source text; the pages show them
as they read:

>>> plain(r"the **Japan-U.S. Alliance** and [ASEAN \(x\)](#), in *Gaiko*, OESA *")
'the Japan-U.S. Alliance and ASEAN (x), in Gaiko, OESA *'

Citations are short (the title before its subtitle), with the whole title and the id for
a tooltip:

>>> short_title("Special Dialogue: Prospects for Japanese Diplomacy in 2026 — Advancing the Strategies")
'Special Dialogue: Prospects for Japanese Diplomacy in 2026'

The date filters read a claim's time through :func:`period` only.
"""

from __future__ import annotations

import datetime as dt
import re

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#\)")  # [text](#): the text
_STRONG = re.compile(r"\*\*")  # bold marks; a quote may hold only one of a pair
_EM = re.compile(r"(?<![\w*\\])\*(?=[^\s*])((?:\\.|[^*\\])*?)(?<=[^\s\\])\*(?![\w*])")  # *word*
_ESCAPE = re.compile(r"\\([()\[\]*_#])")
_SUBTITLE = re.compile(r"\s+[—–]\s+")
SHORT = 70  # characters: a longer title is cut at a word


def plain(quote: str) -> str:
    """``quote`` without markdown: emphasis, link brackets and backslash escapes. A
    lone ``*`` (a footnote mark) and brackets that are part of the text stay."""
    text = _LINK.sub(r"\1", quote)
    text = _STRONG.sub("", text)
    text = _EM.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def short_title(title: str) -> str:
    """The title before its subtitle (`` — ``), at most :data:`SHORT` characters."""
    head = _SUBTITLE.split(title, maxsplit=1)[0]
    if len(head) <= SHORT:
        return head
    return head[:SHORT].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def when(item) -> str:
    """A claim's or an entity's dates in words: ``2019-09``, ``2020 – 2022``, ``from 2019``."""
    date, start, end = (getattr(item, f, None) for f in ("date", "start", "end"))
    if date is not None:
        return str(date)
    if start is not None and end is not None:
        return f"{start} – {end}"
    if start is not None:
        return f"from {start}"
    return f"until {end}" if end is not None else ""


def period(item) -> tuple[dt.date, dt.date] | None:
    """The days a claim's (or an event's) own time qualifiers span, first to last; an
    open side is ``date.min`` or ``date.max``; None when it has no time at all. The one
    place the site reads a claim's time for its date filters.

    >>> from foip_graph.model import Claim, Evidence
    >>> c = Claim(subject="a", predicate="member_of", object="b", start="2019-09",
    ...           evidence=[Evidence(source="s", quote="a in b")])
    >>> period(c)
    (datetime.date(2019, 9, 1), datetime.date(9999, 12, 31))
    """
    date, start, end = (getattr(item, f, None) for f in ("date", "start", "end"))
    if date is not None:
        return (date.first_day, date.last_day)
    if start is None and end is None:
        return None
    return (start.first_day if start else dt.date.min, end.last_day if end else dt.date.max)


def iso_period(item) -> tuple[str, str] | None:
    """:func:`period` as ISO dates, which compare as text in the browser."""
    span = period(item)
    return None if span is None else (span[0].isoformat(), span[1].isoformat())


def size(n: int) -> str:
    """A file size in words.

    >>> size(812), size(45_300), size(2_480_000)
    ('812 bytes', '45 KB', '2.5 MB')
    """
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{round(n / 1000)} KB"
    return f"{n / 1_000_000:.1f} MB"
