"""The data model: sources, entities, claims and their evidence.

The model knows nothing of RDF, networkx or HTML. Relations between entities are never
fields: they are claims, and every claim carries evidence from a source.

>>> c = Claim(subject="japan", predicate="allied_with", object="united-states",
...           evidence=[Evidence(source="briefing-2026", quote="Japan's sole ally")])
>>> c.id
'c-33ee6160aea543c5'
>>> c.sources
('briefing-2026',)
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .dates import PartialDate as Date
from .dates import Period
from .vocabulary import VOCABULARY, PloverCoding

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

EntityKind = Literal[
    "country", "person", "organization", "framework", "agreement", "initiative",
    "project", "event", "place", "issue", "office",
]

# Which optional fields each kind may carry; all other kind-specific fields are refused.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "country": frozenset({"iso_code"}),
    "person": frozenset({"birth_year"}),
    "event": frozenset({"date", "start", "end", "plover"}),
    "agreement": frozenset({"date"}),
}
KIND_SPECIFIC = frozenset().union(*KIND_FIELDS.values())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Strict):
    """A verbatim quote from a source, with its character span in the source text and a
    few words of context either side (all four written by ``foip-graph locate``)."""

    source: str
    quote: str = Field(min_length=3)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    prefix: str | None = None
    suffix: str | None = None


class Source(_Strict):
    """A document the graph is built from.

    ``date`` is when it was published; ``recorded`` (an interview's recording) and
    ``confirmed`` (its final confirmation) are the dates its present tense speaks from,
    when the document gives them.
    """

    id: str = Field(pattern=SLUG)
    title: str
    publisher: str
    date: Date
    recorded: Date | None = None
    confirmed: Date | None = None
    kind: str
    url: str | None = None
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    note: str | None = None


class Entity(_Strict):
    """A thing the documents name: a country, a person, a framework, an office...

    An event's ``plover`` says how its participants' record is coded in PLOVER when that
    is not a meeting (``participated_in``'s coding): another category, or ``none`` (an
    election, an interview); see docs/events.md."""

    id: str = Field(pattern=SLUG)
    kind: EntityKind
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    iso_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    birth_year: int | None = Field(default=None, ge=1000, le=2100)
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    plover: PloverCoding | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def when(self) -> Period | None:
        """When it happened or ran: its ``date``, or ``start`` to ``end`` (an open end
        is the start), or None when it has no date."""
        if self.date is not None:
            return Period.of(self.date)
        if self.start is not None or self.end is not None:
            return Period(self.start or self.end, self.end or self.start)
        return None

    def __repr__(self) -> str:
        return f"<Entity {self.id} ({self.kind}): {self.name}>"


Value = Union[int, float, Date, str]


class Observation(_Strict):
    """A document shows a lasting claim holding at a date: its present tense at its
    recording or publication, or "in office at this meeting"."""

    date: Date
    source: str

    def __str__(self) -> str:
        return f"{self.date} ({self.source})"


TIME_FIELDS = ("date", "start", "end", "started_by", "ended_by")


class Claim(_Strict):
    """One statement: subject, predicate, an entity object or a literal value, qualifiers
    and the evidence for it.

    Time is told as the text tells it: ``date`` is when a happening took place; ``start``
    and ``end`` are a stated start and end; ``started_by`` and ``ended_by`` are bounds,
    the latest the claim can have begun or ended ("before 2019", "former"); ``observed``
    are the dates documents show a lasting claim holding. :mod:`foip_graph.timing`
    reads them.
    """

    subject: str
    predicate: str
    object: str | None = None
    value: Value | None = None
    unit: str | None = None
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    started_by: Date | None = None
    ended_by: Date | None = None
    observed: tuple[Observation, ...] = ()
    role: str | None = None
    stance: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    # Set by identify() on claims that share an identity: 1 for the earliest, 2, 3...
    _term: int = PrivateAttr(default=1)

    def identity(self) -> tuple:
        """What the claim is about, and nothing a curator corrects: subject, predicate and
        object (or value and unit). Symmetric predicates read the same either way round,
        so their ends are sorted."""
        ends = (self.subject, self.object)
        predicate = VOCABULARY.predicates.get(self.predicate)
        if predicate is not None and predicate.symmetric and self.object is not None:
            ends = tuple(sorted(ends))
        return (*ends, self.predicate, _text(self.value), self.unit)

    def key(self) -> tuple:
        """What makes two claims the same statement (evidence, observations and notes
        aside: two documents that show one holding observe the same claim): the identity
        and the qualifiers, so two terms in one office are two claims."""
        qualifiers = (self.date, self.start, self.end, self.role, self.stance)
        key = (*self.identity(), *map(_text, qualifiers))
        if self.started_by is not None or self.ended_by is not None:
            key += (_text(self.started_by), _text(self.ended_by))
        return key

    @property
    def id(self) -> str:
        """A stable id from the claim's identity, not its qualifiers or its position in a
        file: correcting a date keeps it. Claims sharing an identity are told apart by
        :func:`identify` (``c-…``, ``c-…-2``, ...).

        Every view reads it, over a million times a build at scale: the term is read
        from the model's private values directly, not through pydantic's ``__getattr__``
        (ten times slower)."""
        term = self.__pydantic_private__["_term"]
        return self._digest if term == 1 else f"{self._digest}-{term}"

    @cached_property
    def _digest(self) -> str:
        """The hash part of the id, made once per claim: every view reads the id, many times."""
        payload = json.dumps(self.identity(), ensure_ascii=False, separators=(",", ":"))
        return "c-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Claim:
        """A copy with ``update`` applied, whose id is made again from its own content."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("_digest", None)
        return copied

    def __repr__(self) -> str:
        target = self.object if self.object is not None else f"{self.value}{' ' + self.unit if self.unit else ''}"
        qualifiers = "".join(f" {f}={getattr(self, f)}" for f in (*TIME_FIELDS, "role", "stance")
                             if getattr(self, f) is not None)
        if self.observed:
            qualifiers += f" observed={','.join(str(o.date) for o in self.observed)}"
        return f"<Claim {self.subject} {self.predicate} {target}{qualifiers} [{', '.join(self.sources)}]>"

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources its evidence comes from, in evidence order, once each."""
        return tuple(dict.fromkeys(e.source for e in self.evidence))

    @property
    def derived(self) -> bool:
        """False: a claim is what a document states (see :class:`DerivedClaim`)."""
        return False


class DerivedClaim(Claim):
    """A link no document states, computed from claims that documents do state: a holder
    of an office linked to the office's state (see :mod:`foip_graph.kb`). Its evidence is
    the evidence of ``derived_from``, the ids of those claims, in chain order; every view
    marks it as derived."""

    derived_from: tuple[str, ...] = Field(min_length=1)

    @property
    def id(self) -> str:
        """Derived from the chain it comes from, so it never collides with a stated claim."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        payload = json.dumps([self.predicate, *self.derived_from], separators=(",", ":"))
        return "d-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @property
    def derived(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<DerivedClaim {self.subject} {self.predicate} {self.object} from {', '.join(self.derived_from)}>"


def identify(claims: Iterable[Claim]) -> list[Claim]:
    """The claims, in their order, with their ids settled: claims that share an identity
    (two terms of one office, two stances on one relation) are numbered by
    :func:`_time_order`, the first keeping the plain id.

    >>> ev = [Evidence(source="s", quote="two terms")]
    >>> later = Claim(subject="a", predicate="holds_office", object="b", start=2025, evidence=ev)
    >>> first = Claim(subject="a", predicate="holds_office", object="b", start=2019, evidence=ev)
    >>> later_id, first_id = (c.id for c in identify([later, first]))
    >>> later_id == first_id + "-2"
    True
    """
    claims = list(claims)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for n, claim in enumerate(claims):
        groups[claim.identity()].append(n)
    settled = list(claims)
    for members in groups.values():
        ordered = sorted(members, key=lambda n: _time_order(claims[n])) if len(members) > 1 else members
        for term, n in enumerate(ordered, start=1):
            if claims[n].__pydantic_private__["_term"] != term:  # as Claim.id reads it
                settled[n] = claims[n].model_copy()
                settled[n]._term = term
    return settled


def _time_order(claim: Claim) -> tuple:
    """Dated claims by their first day, then undated ones; ties by the qualifiers' text."""
    dates = [d.first_day for d in (claim.start, claim.date, claim.end, claim.started_by,
                                   claim.ended_by) if d is not None]
    return (not dates, min(dates) if dates else None, tuple(map(str, claim.key())))


def _text(value: object) -> str | None:
    return None if value is None else str(value)
