r"""Claims, quotes, sources and dates as the pages show them: in words.

Quotes are stored verbatim, with the markdown of their source text; the pages show them
as they read:

>>> plain(r"the **Japan-U.S. Alliance** and [ASEAN \(x\)](#), in *Gaiko*, OESA *")
'the Japan-U.S. Alliance and ASEAN (x), in Gaiko, OESA *'

Citations are short (the title before its subtitle), with the whole title and the id for
a tooltip:

>>> short_title("Special Dialogue: Prospects for Japanese Diplomacy in 2026 — Advancing the Strategies")
'Special Dialogue: Prospects for Japanese Diplomacy in 2026'

A claim's extent (where the date sort and the date inputs' bounds place it) is
:func:`period`; whether a date filter keeps it is :func:`holds`, which asks
:func:`foip_graph.timing.holding_aware`, the rule every ``as_of`` answer follows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from .. import timing
from ..dates import PartialDate, Period
from ..model import Claim
from ..vocabulary import PloverCoding

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(#\)")  # [text](#): the text
_TAIL = re.compile(r"\]\(#\)")  # what is left of a link a quote starts inside
_STRONG = re.compile(r"\*\*")  # bold marks; a quote may hold only one of a pair
_EM = re.compile(r"(?<![\w*\\])\*(?=[^\s*])((?:\\.|[^*\\])*?)(?<=[^\s\\])\*(?![\w*])")  # *word*
_ESCAPE = re.compile(r"\\([()\[\]*_#])")
_SUBTITLE = re.compile(r"\s+[—–]\s+")
SHORT = 70  # characters: a longer title is cut at a word


def plain(quote: str) -> str:
    """``quote`` without markdown: emphasis, link brackets and backslash escapes. A
    lone ``*`` (a footnote mark) and brackets that are part of the text stay; a quote
    that starts inside a link loses the link's tail.

    >>> plain("Ministerial Meeting](#) (October 29–31)")
    'Ministerial Meeting (October 29–31)'
    """
    text = _TAIL.sub("", _LINK.sub(r"\1", quote))
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
    """A claim's or an entity's time in words, as the text tells it: ``2019-09``,
    ``2020 – 2022``, ``from 2019``, ``ended by 2019`` (a bound, not an end), ``observed
    2026-06-08`` (a document shows it holding then).

    >>> from foip_graph.model import Claim, Evidence, Observation
    >>> from foip_graph.dates import PartialDate
    >>> when(Claim(subject="a", predicate="holds_office", object="b", start="2025-10-21",
    ...            observed=[Observation(date=PartialDate.parse("2026-01"), source="s")],
    ...            evidence=[Evidence(source="s", quote="a in b")]))
    'from 2025-10-21 · observed 2026-01'
    """
    date, start, end = (getattr(item, f, None) for f in ("date", "start", "end"))
    parts = []
    if date is not None:
        parts.append(str(date))
    elif start is not None and end is not None:
        parts.append(f"{start} – {end}")
    elif start is not None:
        parts.append(f"from {start}")
    elif end is not None:
        parts.append(f"until {end}")
    for field, words in (("started_by", "began by"), ("ended_by", "ended by")):
        if getattr(item, field, None) is not None:
            parts.append(f"{words} {getattr(item, field)}")
    seen = list(dict.fromkeys(str(o.date) for o in getattr(item, "observed", ())))
    if seen:
        parts.append("observed " + ", ".join(seen))
    return " · ".join(parts)


def event(coding: PloverCoding) -> str:
    """A claim's PLOVER event coding in words (see docs/events.md).

    >>> event(PloverCoding("ACCUSE", ("disapprove",), ("diplomatic",))), event(PloverCoding("CONSULT"))
    ('PLOVER ACCUSE (mode: disapprove; context: diplomatic)', 'PLOVER CONSULT')
    """
    details = [f"{name}: {', '.join(values)}"
               for name, values in (("mode", coding.mode), ("context", coding.context)) if values]
    return f"PLOVER {coding.category}" + (f" ({'; '.join(details)})" if details else "")


def period(item) -> tuple[dt.date, dt.date] | None:
    """The days a claim's own time qualifiers span, first to last
    (:func:`foip_graph.timing.period`: bounds and observations widen it), or an event's
    date range; None when it has no time at all. The one place the site reads a claim's
    time for its date filters.

    >>> from foip_graph.model import Claim, Evidence
    >>> c = Claim(subject="a", predicate="member_of", object="b", start="2019-09",
    ...           evidence=[Evidence(source="s", quote="a in b")])
    >>> period(c)
    (datetime.date(2019, 9, 1), datetime.date(2019, 9, 30))
    """
    if isinstance(item, Claim):
        return timing.period(item)
    span = item.when
    return None if span is None else (span.first_day, span.last_day)


OPEN = "9999-12-31"
"""A window's latest "from" when any "from" will do (the claim holds on to the "to")."""


def holds(claim: timing.Timed, holding: Sequence[timing.Timed]) -> tuple[str, ...]:
    """When a date filter keeps ``claim``, as windows ``(F1, T1, F2, T2, ...)``: a filter
    from ``f`` to ``t`` keeps it when, for some window, ``f <= F`` and ``t >= T`` (ISO
    dates compare as text; :data:`OPEN` for any ``f``). That is exactly when
    :func:`~foip_graph.timing.holding_aware` says it holds on some day from ``f`` to
    ``t``, read with the other claims of its ``holding``: every rule of the time model
    compares ``f`` and ``t`` with days of the holding's dates, so trying those days finds
    every window. Empty when no range answers: no time, or only a bound.

    >>> from foip_graph.model import Evidence
    >>> ev = [Evidence(source="s", quote="a in b")]
    >>> joined = Claim(subject="a", predicate="member_of", object="b", start="2019-09", evidence=ev)
    >>> holds(joined, [joined])
    ('9999-12-31', '2019-09-30')
    >>> met = Claim(subject="a", predicate="met_with", object="b", date="2019-09", evidence=ev)
    >>> holds(met, [met])
    ('2019-09-01', '2019-09-30')
    """
    dates = [d for c in holding for d in (c.date, c.start, c.end, c.started_by, c.ended_by) if d is not None]
    dates += [o.date for c in holding for o in c.observed]
    days = sorted({day for d in dates for day in (d.first_day, d.last_day)})
    if not days:
        return ()

    def kept(first: dt.date, last: dt.date) -> bool:
        at = Period(PartialDate.parse(first), PartialDate.parse(last))
        return timing.holding_aware(claim, holding, at) is not None

    found: list[tuple[str, dt.date]] = []
    beyond = days[-1] + dt.timedelta(days=1)  # any "from" after every day of the holding
    for first in [*days, beyond]:
        lo, hi = 0, len(days)
        while lo < hi:  # the earliest "to" that keeps it: keeping only grows with the range
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if kept(first, days[mid]) else (mid + 1, hi)
        if lo < len(days):
            window = (OPEN if first == beyond else first.isoformat(), days[lo])
            while found and found[-1][1] >= window[1]:
                found.pop()  # a later "from" with no later "to" says it all
            found.append(window)
    return tuple(x for f, t in found for x in (f, t.isoformat()))


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
