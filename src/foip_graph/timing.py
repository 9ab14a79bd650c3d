"""Time as the texts tell it: whether a claim holds on a date, and why.

A claim's time qualifiers (see :class:`~foip_graph.model.Claim`) are of different kinds,
and an answer says which of them it rests on, as its :class:`Basis`:

========== =================================================================================
basis      the claim holds at the asked date because...
========== =================================================================================
stated     the date is inside a stated interval (``start``..``end``), or at its stated
           ``date``
observed   a document shows it holding then (an ``observed`` date)
inferred   the date lies between two anchors of the same holding (a stated start or an
           observation before it, an observation or a stated end after it) and nothing is
           stated in between: an inference from continuity, labelled as one
open       the date is after a stated start and no end is known
========== =================================================================================

Nothing else answers. A claim with no time at all, or one known only by a bound
("before 2019" is ``ended_by: 2019``), says nothing about a date the bound does not
decide, so ``before 2019`` never answers for 1985.

A partial date is a period that contains the real day somewhere, so only what holds
whatever that day is answers: ``start: 2019`` answers for the year 2019 and for 2020,
not for 2019-09-10 (the start may have been in December); ``end: 2021`` answers for 2021
but not for 2021-12-31; an observation ``in 2025-10`` answers for October 2025, not for
one of its days. Asking about ``2019`` asks whether it held on some day of that year.

>>> from foip_graph.model import Claim, Evidence, Observation
>>> p = PartialDate.parse
>>> ev = (Evidence(source="doc", quote="Prime Minister Abe"),)
>>> abe = Claim(subject="abe", predicate="holds_office", object="pm", evidence=ev,
...             observed=(Observation(date=p("2019-12-11"), source="doc"),
...                       Observation(date=p("2020-01-17"), source="doc")))
>>> basis(abe, p("2019-12-11"))
Basis(kind='observed', detail='observed on 2019-12-11 by doc')
>>> basis(abe, p("2020-01-01")).kind
'inferred'
>>> basis(abe, p("2021")) is None
True
>>> earlier = Claim(subject="motegi", predicate="holds_office", object="state-minister",
...                 ended_by=p("2019"), evidence=ev)
>>> basis(earlier, p("1985")) is None, basis(earlier, p("2020")) is None
(True, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from typing import Protocol

from .dates import PartialDate
from .model import Claim, Evidence, Observation, Source

KINDS = ("stated", "observed", "inferred", "open")
"""The kinds of basis, strongest first."""
STRICT = frozenset({"stated", "observed"})
"""The kinds ``strict=True`` keeps: what a text states or shows on that date."""


@dataclass(frozen=True, order=True)
class Basis:
    """Why a claim holds at a date: a kind from :data:`KINDS` and the anchors in words."""

    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"

    @property
    def strength(self) -> int:
        """0 for the strongest kind (stated), 3 for the weakest (open)."""
        return KINDS.index(self.kind)


class Timed(Protocol):
    """What time reasoning reads of a claim: its time qualifiers."""

    date: PartialDate | None
    start: PartialDate | None
    end: PartialDate | None
    started_by: PartialDate | None
    ended_by: PartialDate | None
    observed: tuple[Observation, ...]


@dataclass(frozen=True)
class Qualifiers:
    """Time qualifiers without the rest of a claim (a network edge's, for example)."""

    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    started_by: PartialDate | None = None
    ended_by: PartialDate | None = None
    observed: tuple[Observation, ...] = ()


def basis(claim: Timed, at: PartialDate) -> Basis | None:
    """Why ``claim`` holds at ``at``, or None when it does not or nothing decides it."""
    first, last = at.first_day, at.last_day
    if _ruled_out(claim, first, last):
        return None
    if claim.date is not None:
        if _inside(claim.date, first, last):
            return Basis("stated", f"stated date {claim.date}")
        return None
    if claim.start is not None and claim.end is not None:
        if _between(claim.start, claim.end, first, last):
            return Basis("stated", f"inside the stated interval {claim.start} to {claim.end}")
        return None
    if claim.started_by is not None and claim.end is not None and claim.started_by.last_day <= last:
        if _between(claim.started_by, claim.end, first, last):
            return Basis("stated", f"after the start bound (begun by {claim.started_by}) and up to "
                                   f"the stated end {claim.end}")
    for o in claim.observed:
        if _inside(o.date, first, last):
            return Basis("observed", f"observed {_on(o.date)} by {o.source}")
    for a, what_a in sorted(_anchors_before(claim), key=_by_date, reverse=True):
        for b, what_b in sorted(_anchors_after(claim), key=_by_date):
            if a is not b and _between(a, b, first, last):
                return Basis("inferred", f"between {what_a} and {what_b}, nothing stated in between")
    if claim.start is not None and claim.end is None and last >= claim.start.last_day:
        return Basis("open", f"after the stated start {claim.start}, no end known")
    return None


def holding_basis(claims: Sequence[Timed], at: PartialDate) -> Basis | None:
    """Why a holding that several claims describe (one subject, predicate and object, as
    several documents state it) holds at ``at``: the strongest basis of one of them, or an
    inference between anchors of different claims with nothing stated in between (no
    start, end or ``ended_by`` of any of them: a start or an end between two anchors may
    be a new term).

    >>> ev = (Evidence(source="doc", quote="a quote"),)
    >>> dialogue = Claim(subject="m", predicate="holds_office", object="fm", start=PartialDate.parse("2025-10-21"),
    ...                  observed=(Observation(date=PartialDate.parse("2026-01-08"), source="doc"),), evidence=ev)
    >>> briefing = Claim(subject="m", predicate="holds_office", object="fm", evidence=ev,
    ...                  observed=(Observation(date=PartialDate.parse("2026-06-08"), source="doc"),))
    >>> basis(dialogue, PartialDate.parse("2026-03")).kind, holding_basis([dialogue, briefing], PartialDate.parse("2026-03")).kind
    ('open', 'inferred')
    """
    first, last = at.first_day, at.last_day
    found = [b for c in claims if (b := basis(c, at)) is not None
             and not (b.kind == "open" and _closed(c, claims, first))]
    strongest = min(found, key=lambda b: b.strength) if found else None
    if strongest is not None and strongest.kind != "open" or len(claims) < 2:
        return strongest
    return _inference(claims, at) or strongest


def holding_aware(claim: Timed, holding: Sequence[Timed], at: PartialDate) -> Basis | None:
    """Why ``claim`` itself holds at ``at``, read with the other claims of its holding
    (``claim`` among them): its own basis; else an inference across the holding that one
    of ``claim``'s own anchors takes part in; else its open start, unless another claim
    ends the holding before ``at``. A claim whose own dates rule ``at`` out, or whose
    evidence says nothing of that time, is not an answer for it even when the holding
    holds, so an answer's quotes are about the time asked.

    >>> ev = (Evidence(source="doc", quote="a quote"),)
    >>> first = Claim(subject="m", predicate="holds_office", object="fm", evidence=ev,
    ...               start=PartialDate.parse("2019-09-11"), observed=(Observation(date=PartialDate.parse("2020-01-17"), source="doc"),))
    >>> ended = Claim(subject="m", predicate="holds_office", object="fm", evidence=ev,
    ...               started_by=PartialDate.parse("2019"), end=PartialDate.parse("2021"))
    >>> second = Claim(subject="m", predicate="holds_office", object="fm", evidence=ev, start=PartialDate.parse("2025-10-21"))
    >>> [str(holding_aware(c, [first, ended, second], PartialDate.parse("2020-06"))) for c in (first, ended, second)]
    ['inferred: between the observation on 2020-01-17 by doc and the stated end 2021, nothing stated in between', 'stated: after the start bound (begun by 2019) and up to the stated end 2021', 'None']
    """
    own = basis(claim, at)
    if own is not None and own.kind != "open":
        return own
    inferred = _inference(holding, at, involving=claim) if len(holding) > 1 else None
    if inferred is not None:
        return inferred
    if own is not None and not _closed(claim, holding, at.first_day):
        return own
    return None


def _inference(claims: Sequence[Timed], at: PartialDate, involving: Timed | None = None) -> Basis | None:
    """An inference between an anchor before ``at`` and one after it, of any claims of
    the holding (one of them ``involving``'s, if given), with no start, end or bound of
    any of them in between: a start or an end between two anchors may be a new term."""
    first, last = at.first_day, at.last_day
    before = sorted(((a, what, c) for c in claims for a, what in _anchors_before(c)),
                    key=lambda anchor: anchor[0], reverse=True)
    after = sorted(((b, what, c) for c in claims for b, what in _anchors_after(c)), key=lambda anchor: anchor[0])
    walls = [d for c in claims for d in (c.start, c.started_by, c.end, c.ended_by) if d is not None]
    for a, what_a, of_a in before:
        for b, what_b, of_b in after:
            if a is b or not _between(a, b, first, last):
                continue
            if involving is not None and involving is not of_a and involving is not of_b:
                continue
            if any(a.last_day < w.first_day and w.last_day < b.first_day for w in walls):
                continue
            return Basis("inferred", f"between {what_a} and {what_b}, nothing stated in between")
    return None


def _closed(claim: Timed, holding: Sequence[Timed], first: dt.date) -> bool:
    """Whether another claim of the same holding ends it (an ``end`` or ``ended_by``)
    after ``claim``'s start and before ``first``: an open-ended reading of ``claim`` would
    then outlive what the other document states (a later start is a new term, which its
    own claim answers for)."""
    return any(limit is not None and claim.start.first_day <= limit.last_day < first
               for other in holding for limit in (other.end, other.ended_by))


def period(claim: Timed) -> tuple[dt.date, dt.date] | None:
    """The widest extent the claim's own time qualifiers give, first day to last day,
    for filters (a bound or an observation extends it); None when it has no time."""
    dates = [d for d in (claim.date, claim.start, claim.end, claim.started_by, claim.ended_by)
             if d is not None] + [o.date for o in claim.observed]
    if not dates:
        return None
    return min(d.first_day for d in dates), max(d.last_day for d in dates)


def published_by(source: Source, date: PartialDate) -> bool:
    """Whether the source was certainly published by the end of ``date``'s period."""
    return source.date.last_day <= date.last_day


def as_known_by(claim: Claim, sources: Iterable[str]) -> Claim | None:
    """The claim as only ``sources`` state it: their evidence and observations, or None
    when none of them states it."""
    known = set(sources)
    evidence = tuple(e for e in claim.evidence if e.source in known)
    if not evidence:
        return None
    if len(evidence) == len(claim.evidence) and all(o.source in known for o in claim.observed):
        return claim
    observed = tuple(o for o in claim.observed if o.source in known)
    return claim.model_copy(update={"evidence": evidence, "observed": observed})


def _ruled_out(claim: Timed, first: dt.date, last: dt.date) -> bool:
    """Whether a stated start, end or bound puts the whole asked period outside."""
    if claim.end is not None and first > claim.end.last_day:
        return True
    if claim.ended_by is not None and first > claim.ended_by.last_day:
        return True
    return claim.start is not None and last < claim.start.first_day


def _anchors_before(claim: Timed) -> list[tuple[PartialDate, str]]:
    anchors = [(o.date, f"the observation {_on(o.date)} by {o.source}") for o in claim.observed]
    if claim.start is not None:
        anchors.append((claim.start, f"the stated start {claim.start}"))
    elif claim.started_by is not None:
        anchors.append((claim.started_by, f"the start bound (begun by {claim.started_by})"))
    return anchors


def _anchors_after(claim: Timed) -> list[tuple[PartialDate, str]]:
    anchors = [(o.date, f"the observation {_on(o.date)} by {o.source}") for o in claim.observed]
    if claim.end is not None:
        anchors.append((claim.end, f"the stated end {claim.end}"))
    return anchors


def _by_date(anchor: tuple[PartialDate, str]) -> PartialDate:
    return anchor[0]


def _inside(date: PartialDate, first: dt.date, last: dt.date) -> bool:
    """Whether the asked period contains the whole of ``date``'s period, so the day it
    stands for falls in the asked period whatever that day is."""
    return first <= date.first_day and date.last_day <= last


def _between(a: PartialDate, b: PartialDate, first: dt.date, last: dt.date) -> bool:
    """Whether something that holds from a day in ``a`` to a day in ``b`` holds on some
    day of the asked period, whatever those days are."""
    if a.first_day > b.last_day:  # b is wholly before a: nothing runs from a to b
        return False
    if a.last_day <= b.first_day:  # the latest start is before the earliest end
        return last >= a.last_day and first <= b.first_day
    return first <= max(a.first_day, b.first_day) and last >= min(a.last_day, b.last_day)


def _on(date: PartialDate) -> str:
    return f"on {date}" if date.precision == "day" else f"in {date}"
