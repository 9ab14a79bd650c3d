"""The public Python API: ask the graph questions, get answers with their evidence.

Every argument that names an entity takes an id, a name or an alias, compared without
case, punctuation or diacritics. Every answer carries the claims behind it, and each
claim its quotes and sources; :func:`rows` turns any list of answers into dicts for pandas.

>>> import foip_graph
>>> kg = foip_graph.load()
>>> kg.entity("ROK").id
'south-korea'
>>> sorted(m.entity.id for m in kg.members("Quad"))
['australia', 'india', 'japan', 'united-states']
>>> (h,) = kg.office_holders("Minister for Foreign Affairs of Japan", as_of="2020-01-01")
>>> h.entity.id, str(h.basis)
('motegi-toshimitsu', 'stated: after the start bound (begun by 2019) and up to the stated end 2021')

Time is told as the texts tell it (:mod:`foip_graph.timing`): ``as_of=D`` asks what was
true on D, and every answer carries its ``basis``; ``known_by=D`` asks what the documents
published by D had said; ``strict=True`` keeps only what is stated or observed on D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from . import network as net
from . import timing
from .exports import plover
from .dates import PartialDate, Period
from .kb import KnowledgeBase, holding_key, pair
from .model import Claim, Entity, Source
from .resolve import name_key
from .timing import Basis
from .rdf.store import MEMORY, StoreSpec, parse_store, rdf_dataset
from .vocabulary import VOCABULARY

DIRECTIONS = ("both", "out", "in")


@dataclass(frozen=True)
class Answer:
    """An entity that answers a question, and the claims that make it so.

    ``basis`` says why it holds on the date asked (:class:`~foip_graph.timing.Basis`:
    stated, observed, inferred or open); None when no date was asked.
    """

    entity: Entity
    claims: tuple[Claim, ...]
    basis: Basis | None = None

    def __repr__(self) -> str:
        sources = sorted({s for c in self.claims for s in c.sources})
        basis = f" ({self.basis.kind})" if self.basis else ""
        return f"<Answer {self.entity.id} ({self.entity.name}) from {', '.join(sources)}{basis}>"

    def as_rows(self) -> list[dict[str, Any]]:
        """One row per claim behind the answer."""
        me = {"id": self.entity.id, "name": self.entity.name, "kind": self.entity.kind,
              "basis": None if self.basis is None else str(self.basis)}
        return [me | {"claim": c.id, **_claim_row(c)} for c in self.claims]


@dataclass(frozen=True)
class Link:
    """One claim seen from an entity: the other entity, and which way the claim points."""

    entity: Entity
    claim: Claim
    direction: str  # "out": the asked entity is the subject; "in": it is the object

    @property
    def reads(self) -> str:
        """The relation in words from the asked entity's side."""
        predicate = VOCABULARY.predicate(self.claim.predicate)
        return predicate.label if self.direction == "out" else predicate.inverse_label

    def __repr__(self) -> str:
        return f"<Link {self.reads} {self.entity.id}{' (derived)' if self.claim.derived else ''}>"

    def as_rows(self) -> list[dict[str, Any]]:
        return [{"reads": self.reads, "id": self.entity.id, "name": self.entity.name,
                 "kind": self.entity.kind, "direction": self.direction, "claim": self.claim.id,
                 **_claim_row(self.claim)}]


@dataclass(frozen=True)
class Dated:
    """A timeline entry: an event, with its date range and where it took place, or a
    claim dated by its own ``date``, ``start`` or ``end``."""

    when: Period
    claim: Claim | None = None
    event: Entity | None = None
    places: tuple[Entity, ...] = ()

    @property
    def date(self) -> PartialDate:
        """When it began (the whole range is ``when``)."""
        return self.when.start

    def __repr__(self) -> str:
        if self.event is not None:
            at = f" at {', '.join(p.name for p in self.places)}" if self.places else ""
            return f"<Dated {self.when} {self.event.name}{at}>"
        c = self.claim
        return f"<Dated {self.when} {c.subject} {c.predicate} {c.object or _value_text(c)}>"

    def as_rows(self) -> list[dict[str, Any]]:
        if self.event is not None:
            row = {"event": self.event.id, "name": self.event.name,
                   "places": [p.name for p in self.places]}
        else:
            row = {"claim": self.claim.id, **_claim_row(self.claim)}
        return [row | {"date": str(self.when)}]


@dataclass(frozen=True)
class SourceView:
    """What one source says about a pair of entities."""

    source: Source
    claims: tuple[Claim, ...]

    @property
    def stances(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.stance for c in self.claims if c.stance))

    def __repr__(self) -> str:
        stance = f" stance={'/'.join(self.stances)}" if self.stances else ""
        return f"<SourceView {self.source.id} ({self.source.date}): {len(self.claims)} claims{stance}>"

    def as_rows(self) -> list[dict[str, Any]]:
        return [{"source": self.source.id, "date": str(self.source.date),
                 "claims": len(self.claims), "stances": ", ".join(self.stances)}]


@dataclass(frozen=True)
class Ranked:
    """An entity and its centrality score."""

    entity: Entity
    score: float

    def __repr__(self) -> str:
        return f"<Ranked {self.entity.id} {self.score}>"

    def as_rows(self) -> list[dict[str, Any]]:
        return [{"id": self.entity.id, "name": self.entity.name, "kind": self.entity.kind,
                 "score": self.score}]


def _value_text(c: Claim) -> str:
    return f"{c.value}{' ' + c.unit if c.unit else ''}"


def _claim_row(c: Claim) -> dict[str, Any]:
    row = {"subject": c.subject, "predicate": c.predicate, "object": c.object,
           "value": None if c.value is None else (c.value if isinstance(c.value, (int, float))
                                                   else str(c.value)),
           "unit": c.unit}
    for field in ("date", "start", "end", "started_by", "ended_by", "role", "stance", "note"):
        value = getattr(c, field)
        row[field] = None if value is None else str(value)
    row["observed"] = ";".join(str(o) for o in c.observed) or None
    row["derived_from"] = ";".join(c.derived_from) if c.derived else None
    row["sources"] = ";".join(c.sources)
    row["quote"] = c.evidence[0].quote
    return row


def rows(results: Iterable[Any]) -> list[dict[str, Any]]:
    """Any list of answers, links, claims, entities... as a list of flat dicts (an answer
    backed by several claims gives a row per claim).

    >>> import foip_graph
    >>> kg = foip_graph.load()
    >>> [(r["name"], r["sources"]) for r in rows(kg.members("GCC"))][:2]
    [('Bahrain', 'briefing-2026'), ('Kuwait', 'briefing-2026')]
    """
    out = []
    for item in results:
        if hasattr(item, "as_rows"):
            out.extend(item.as_rows())
        elif isinstance(item, Claim):
            out.append({"claim": item.id, **_claim_row(item)})
        elif isinstance(item, Entity):
            out.append({"id": item.id, "name": item.name, "kind": item.kind,
                        "aliases": "; ".join(item.aliases), "description": item.description})
        else:
            raise TypeError(f"rows() does not know how to flatten {type(item).__name__}")
    return out


class KnowledgeGraph:
    """The graph as users ask it: entities, claims, memberships, offices, paths..."""

    def __init__(self, kb: KnowledgeBase, store: str | StoreSpec = MEMORY) -> None:
        self.kb = kb
        self.store = parse_store(store)

    def __repr__(self) -> str:
        return (f"<KnowledgeGraph {len(self.kb.entities)} entities, {len(self.kb.claims)} claims, "
                f"{len(self.kb.sources)} sources>")

    # -- entities
    def entity(self, name: str) -> Entity:
        """The entity with this id, name or alias.

        Raises :class:`~foip_graph.UnknownEntityError` (with close suggestions) or
        :class:`~foip_graph.AmbiguousEntityError`.
        """
        return self.kb.entity(name)

    def entities(self, kind: str | None = None, search: str | None = None) -> list[Entity]:
        """All entities, or those of one kind, or those whose id, name, aliases or
        description hold ``search`` (compared as names are), sorted by name.

        >>> [e.id for e in load().entities(kind="framework")][:3]
        ['azec', 'asem', 'apec']
        >>> [e.id for e in load().entities(search="quadrilateral")]
        ['quad']"""
        if kind is not None and kind not in VOCABULARY.kinds:
            raise ValueError(f"unknown kind {kind!r}; kinds: {', '.join(VOCABULARY.kinds)}")
        wanted = name_key(search) if search is not None else ""
        found = [e for e in self.kb.entities.values() if (kind is None or e.kind == kind)
                 and any(wanted in name_key(t) for t in (e.id, *e.labels, e.description))]
        return sorted(found, key=lambda e: (e.name.casefold(), e.id))

    @property
    def sources(self) -> list[Source]:
        """The source documents, oldest first."""
        return list(self.kb.sources.values())

    # -- claims
    def claims(self, subject: str | None = None, predicate: str | None = None,
               object: str | None = None, source: str | None = None,
               as_of: str | PartialDate | None = None, *,
               known_by: str | PartialDate | None = None, strict: bool = False) -> list[Claim]:
        """Claims matching every given filter, in dataset order.

        ``subject``/``object`` name entities; a symmetric predicate matches either way
        round. ``as_of`` keeps the claims that hold on that date, each for a reason
        :meth:`basis` gives (a claim with no time says nothing about a date, so it is
        left out); ``strict=True`` keeps only what is stated or observed on it.
        ``known_by`` keeps what the documents published by that date state, with only
        their evidence.

        >>> load().claims(subject="Palau")
        [<Claim palau located_in central-pacific [briefing-2026]>]
        """
        return [c for c, _ in self._select(subject, predicate, object, source, as_of, known_by, strict)]

    def basis(self, claim: Claim, as_of: str | PartialDate) -> Basis | None:
        """Why ``claim`` holds on ``as_of`` (see :mod:`foip_graph.timing`), or None.

        >>> kg = load()
        >>> (uk,) = kg.claims(subject="United Kingdom", predicate="party_to", object="CPTPP")
        >>> str(kg.basis(uk, "2025")), kg.basis(uk, "2020")
        ('open: after the stated start 2024, no end known', None)
        """
        holding = [claim if c.id == claim.id else c for c in self.kb.holdings.get(holding_key(claim), [claim])]
        return timing.holding_aware(claim, holding, PartialDate.parse(as_of))

    def between(self, a: str, b: str, *, as_of: str | PartialDate | None = None,
                known_by: str | PartialDate | None = None, strict: bool = False,
                derived: bool = True) -> list[Claim]:
        """Claims linking two entities, either direction, oldest source first, then the
        derived links between them (``derived=False`` leaves those out; :meth:`chain`
        gives the stated claims a derived link comes from); ``as_of``, ``known_by`` and
        ``strict`` as in :meth:`claims`.

        >>> kg = load()
        >>> c = kg.between("Japan", "Philippines")[0]
        >>> c.subject, c.predicate, c.object, c.stance, c.sources
        ('japan', 'relations_with', 'philippines', 'cooperative', ('briefing-2026', 'dialogue-2026'))
        >>> (link,) = kg.between("Rubio", "United States")
        >>> link.derived, [(c.subject, c.predicate, c.object) for c in kg.chain(link)]
        (True, [('marco-rubio', 'holds_office', 'secretary-of-state-of-the-united-states'), ('secretary-of-state-of-the-united-states', 'office_of', 'united-states')])
        >>> kg.between("Rubio", "United States", derived=False)
        []"""
        x, y = self.entity(a).id, self.entity(b).id
        key = pair(x, y)
        claims = self.kb.by_pair.get(key, []) + (self.kb.derived_by_pair.get(key, []) if derived else [])
        found = self._filter(claims, as_of, known_by, strict)
        return sorted((c for c, _ in found), key=lambda c: (c.derived, *self._age(c)))

    def chain(self, claim: Claim) -> list[Claim]:
        """The stated claims a derived link comes from, in order (a stated claim is its
        own chain): the evidence of a derived link is theirs."""
        return self.kb.chain(claim)

    def neighbors(self, name: str, predicate: str | None = None,
                  direction: str = "both", *, derived: bool = True) -> list[Link]:
        """Entities one claim away, with the claim and its direction; derived links
        (marked ``link.claim.derived``) last, unless ``derived=False``.

        >>> load().neighbors("Philippines", predicate="member_of")
        [<Link member of japan-us-philippines>]
        >>> load().neighbors("Rubio", predicate="official_of")
        [<Link official of united-states (derived)>]"""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        me = self.entity(name).id
        links = []
        for c in self.kb.claims_of(me, derived=derived):
            if c.object is None or (predicate is not None and c.predicate != predicate):
                continue
            out = c.subject == me
            symmetric = VOCABULARY.predicate(c.predicate).symmetric
            if direction == "out" and not (out or symmetric):
                continue
            if direction == "in" and not (not out or symmetric):
                continue
            other = c.object if out else c.subject
            links.append(Link(self.kb.entities[other], c, "out" if out else "in"))
        return links

    # -- memberships and offices
    def members(self, name: str, as_of: str | PartialDate | None = None, *,
                known_by: str | PartialDate | None = None, strict: bool = False) -> list[Answer]:
        """Members of a framework or organization (``member_of``), or the parties to an
        agreement (``party_to``, with their accession dates), by name; ``as_of``,
        ``known_by`` and ``strict`` as in :meth:`claims`.

        >>> [m.entity.name for m in load().members("Japan-U.S.-ROK")]
        ['Japan', 'Republic of Korea', 'United States']
        >>> [(m.entity.name, m.basis.kind) for m in load().members("CPTPP", as_of="2025")]
        [('Japan', 'inferred'), ('United Kingdom', 'open')]"""
        group = self.entity(name)
        predicate = "party_to" if group.kind == "agreement" else "member_of"
        found = self._select(None, predicate, group.id, None, as_of, known_by, strict)
        return self._answers(found, "subject")

    def office_holders(self, office: str, as_of: str | PartialDate | None = None, *,
                       known_by: str | PartialDate | None = None,
                       strict: bool = False) -> list[Answer]:
        """People with a ``holds_office`` claim for the office; ``as_of``, ``known_by``
        and ``strict`` as in :meth:`claims`.

        >>> (pm,) = load().office_holders("Prime Minister of Japan", as_of="2020-01-01")
        >>> pm.entity.name, pm.basis.kind
        ('Abe Shinzo', 'inferred')
        >>> load().office_holders("Prime Minister of Japan", as_of="2020-01-01", strict=True)
        []
        """
        post = self.entity(office).id
        found = self._select(None, "holds_office", post, None, as_of, known_by, strict)
        return self._answers(found, "subject")

    def shared(self, a: str, b: str, predicate: str = "member_of") -> list[Answer]:
        """What both entities relate to by ``predicate`` (as its subject); each answer
        carries the claims of both.

        >>> load().shared("Japan", "Australia")
        [<Answer japan-us-australia (Japan-U.S.-Australia) from briefing-2026>, <Answer quad (Quad) from briefing-2026, dialogue-2026>]"""
        x, y = self.entity(a).id, self.entity(b).id
        of_x = self.claims(subject=x, predicate=predicate)
        of_y = self.claims(subject=y, predicate=predicate)
        targets_y = {_other(c, y) for c in of_y}
        answers = []
        for target in dict.fromkeys(_other(c, x) for c in of_x):
            if target in targets_y:
                claims = (tuple(c for c in of_x if _other(c, x) == target)
                          + tuple(c for c in of_y if _other(c, y) == target))
                answers.append(Answer(self.kb.entities[target], claims))
        return sorted(answers, key=lambda a: (a.entity.name.casefold(), a.entity.id))

    # -- time
    def timeline(self, entity: str | None = None, start: str | PartialDate | None = None,
                 end: str | PartialDate | None = None, *, events: bool = False,
                 known_by: str | PartialDate | None = None) -> list[Dated]:
        """Events (with their date range and place) and claims dated by their own
        ``date``, ``start`` or ``end``, in date order; optionally about one entity, only
        events, only what the documents published by ``known_by`` state, and within
        ``start``..``end`` (anything whose range touches it; partial dates count as their
        whole period).

        >>> load().timeline("Kang Kyung-wha")[:2]
        [<Dated 2019-12-24 Japan-South Korea Foreign Ministers' Meeting (December 24, 2019) at Chengdu>, <Dated 2019-12-24 motegi-toshimitsu met_with kang-kyung-wha>]"""
        me = self.entity(entity).id if entity is not None else None
        lo = PartialDate.parse(start) if start is not None else None
        hi = PartialDate.parse(end) if end is not None else None
        if lo is not None and hi is not None and hi.last_day < lo.first_day:
            raise ValueError(f"the end {hi} is before the start {lo}; give start <= end")
        known = self._known_sources(known_by)
        items: list[Dated] = []
        for e in self.kb.entities.values():
            when = e.when
            if e.kind != "event" or when is None or not (me is None or me == e.id or self._linked(me, e.id)):
                continue
            if known is not None and not self._event_known(e, known):
                continue
            places = tuple(self.kb.entities[c.object] for c in self.kb.by_subject.get(e.id, [])
                           if c.predicate == "located_in" and self._claim_known(c, known))
            items.append(Dated(when, event=e, places=places))
        for c in () if events else self.kb.claims:
            when = _claim_when(c)
            if when is None or not (me is None or me in (c.subject, c.object)):
                continue
            if known is not None and (c := timing.as_known_by(c, known)) is None:
                continue
            items.append(Dated(when, claim=c))
        items = [i for i in items if (lo is None or i.when.last_day >= lo.first_day)
                 and (hi is None or i.when.first_day <= hi.last_day)]
        return sorted(items, key=lambda i: (i.when, 0 if i.event else 1,
                                            i.event.id if i.event else i.claim.id))

    # -- events
    def events(self, category: str | None = None, actor: str | Iterable[str] | None = None,
               start: str | PartialDate | None = None,
               end: str | PartialDate | None = None) -> list[plover.Event]:
        """The graph's events as PLOVER records (see :mod:`foip_graph.exports.plover`),
        oldest first: of one PLOVER ``category``, with every entity named in ``actor`` as
        an actor or recipient (a country also through its officials of the day), and
        within ``start``..``end`` (partial dates count as their whole period). Each event
        carries the quotes of the document it comes from.

        >>> kg = load()
        >>> [str(e.date) for e in kg.events(category="CONSULT", actor=["Japan", "China"], start="2025")][:3]
        ['2025-10-01', '2025-10-28', '2025-10-28']
        >>> talk, call = kg.events(category="CONSULT", actor="Wang Yi")
        >>> [c.predicate for c in talk.claims], call.link, call.coding.mode
        (['communicates_with'], 'japan-china-foreign-ministers-phone-call-2025-10-28', ('phone',))
        >>> [a.name for a in call.actors], call.evidence[0].quote[:40]
        (['Motegi Toshimitsu', 'Wang Yi'], 'On October 28, prior to the summit, I sp')"""
        if category is not None and category not in VOCABULARY.plover.categories:
            raise ValueError(f"unknown PLOVER category {category!r}; "
                             f"categories: {', '.join(VOCABULARY.plover.categories)}")
        names = [actor] if isinstance(actor, str) else list(actor or ())
        named = [self.entity(n) for n in names]
        lo = PartialDate.parse(start) if start is not None else None
        hi = PartialDate.parse(end) if end is not None else None
        if lo is not None and hi is not None and hi < lo:
            raise ValueError(f"the end {hi} is before the start {lo}; give start <= end")
        first = lo.first_day if lo is not None else dt.date.min
        last = hi.last_day if hi is not None else dt.date.max
        return [e for e in self._events
                if (category is None or e.category == category) and e.period.overlaps(first, last)
                and all(plover.involves(e, n, self.kb) for n in named)]

    @cached_property
    def _events(self) -> list[plover.Event]:
        return plover.events(self.kb)

    # -- structure
    def path(self, a: str, b: str, *, derived: bool = True) -> list[Claim]:
        """The shortest chain of claims linking two entities (either direction), from
        ``a`` to ``b``, through derived links too unless ``derived=False`` (a stated
        claim is preferred where both link a step); empty if they are not connected.

        >>> [c.predicate for c in load().path("Palau", "United States")]
        ['benefits', 'funds', 'allied_with']"""
        x, y = self.entity(a).id, self.entity(b).id
        graph = self._undirected if derived else self._undirected_stated
        try:
            nodes = nx.shortest_path(graph, x, y)
        except nx.NetworkXNoPath:
            return []
        return [self.between(u, v, derived=derived)[0] for u, v in zip(nodes, nodes[1:])]

    def compare_sources(self, a: str, b: str) -> list[SourceView]:
        """Per source, oldest first: the claims linking the two entities, with stance.

        >>> load().compare_sources("Japan", "ROK")[0]
        <SourceView roundtable-2020 (2020-06-12): 4 claims stance=strained>"""
        said: dict[str, list[Claim]] = {}  # a pass over the claims, not one per source
        for claim in self.between(a, b):
            for source_id in claim.sources:
                said.setdefault(source_id, []).append(claim)
        return [SourceView(self.kb.sources[s], tuple(said[s]))
                for s in sorted(said.keys() & self.kb.sources.keys(), key=self.kb.source_order)]

    def rank(self, measure: str = "betweenness", kind: str | None = None,
             top: int = 10) -> list[Ranked]:
        """The most central entities by ``measure`` (degree, betweenness, pagerank,
        closeness), optionally of one kind, in the network of stated claims (a derived
        link repeats two stated claims, so counting it would count them twice).

        >>> [r.entity.id for r in load().rank("degree", kind="country", top=3)]
        ['japan', 'united-states', 'china']"""
        return [Ranked(self.kb.entities[n], s)
                for n, s in net.rank(net.stated(self.network), measure, kind=kind, top=top)]

    @cached_property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view (see :mod:`foip_graph.network`), derived links included and
        marked (``derived=True`` on their edges)."""
        return net.build_network(self.kb)

    def to_pyvis(self, center: str | None = None, *, radius: int = 1, kinds=None, sources=None,
                 as_of: str | PartialDate | None = None, derived: bool = True, **network_options):
        """A styled ``pyvis.network.Network`` of the graph or of ``center``'s ego network,
        to change and save with :func:`foip_graph.save_pyvis` (see
        :func:`foip_graph.pyvis_view.to_pyvis` for the filters and options).

        >>> len(load().to_pyvis("Palau", radius=2).nodes)
        7"""
        from .pyvis_view import to_pyvis  # pyvis is imported only when it is used

        return to_pyvis(self, center, radius=radius, kinds=kinds, sources=sources, as_of=as_of,
                        derived=derived, **network_options)

    @cached_property
    def rdf(self) -> Dataset:
        """The RDF view (see :mod:`foip_graph.rdf.view`) as an rdflib Dataset in the store
        chosen at :func:`load`, built on first use (see :mod:`foip_graph.rdf.store`)."""
        return rdf_dataset(self.kb, self.store)

    @cached_property
    def _undirected(self) -> nx.Graph:
        return net.undirected(self.network)

    @cached_property
    def _undirected_stated(self) -> nx.Graph:
        return net.undirected(net.stated(self.network))

    # -- helpers
    def _select(self, subject, predicate, object, source, as_of, known_by,
                strict) -> list[tuple[Claim, Basis | None]]:
        if predicate is not None and predicate not in VOCABULARY.predicates:
            raise ValueError(f"unknown predicate {predicate!r}; see docs/vocabulary.md")
        if source is not None and source not in self.kb.sources:
            raise ValueError(f"unknown source {source!r}; sources: {', '.join(self.kb.sources)}")
        s = self.entity(subject).id if subject is not None else None
        o = self.entity(object).id if object is not None else None
        if s is not None or o is not None:
            candidates = self.kb.claims_of(s if s is not None else o)
        elif predicate is not None:
            candidates = self.kb.by_predicate.get(predicate, [])
        else:
            candidates = self.kb.claims
        matching = [c for c in candidates
                    if (predicate is None or c.predicate == predicate)
                    and (source is None or source in c.sources) and _ends_match(c, s, o)]
        return self._filter(matching, as_of, known_by, strict)

    def _filter(self, claims: Iterable[Claim], as_of, known_by,
                strict: bool) -> list[tuple[Claim, Basis | None]]:
        """Each claim as the documents known by ``known_by`` state it, with its basis on
        ``as_of``; claims that do not hold then, or that no such document states, dropped."""
        if strict and as_of is None:
            raise ValueError("strict=True needs as_of: it keeps what is stated or observed on that date")
        when = PartialDate.parse(as_of) if as_of is not None else None
        known = self._known_sources(known_by)
        views = []
        for c in claims:
            if known is not None and c.derived and any(
                    timing.as_known_by(link, known) is None for link in self.kb.chain(c)):
                continue  # a derived link is known once every claim of its chain is
            if known is not None and (c := timing.as_known_by(c, known)) is None:
                continue
            views.append(c)
        if when is None:
            return [(c, None) for c in views]
        holdings: dict[tuple, list[Claim]] = {}
        for c in views:
            holdings.setdefault(holding_key(c), []).append(c)
        found = []
        for c in views:
            basis = timing.holding_aware(c, holdings[holding_key(c)], when)
            if basis is None or (strict and basis.kind not in timing.STRICT):
                continue
            found.append((c, basis))
        return found

    def _known_sources(self, known_by) -> set[str] | None:
        if known_by is None:
            return None
        date = PartialDate.parse(known_by)
        return {s.id for s in self.kb.sources.values() if timing.published_by(s, date)}

    def _claim_known(self, claim: Claim, known: set[str] | None) -> bool:
        return known is None or any(s in known for s in claim.sources)

    def _event_known(self, event: Entity, known: set[str]) -> bool:
        """Whether a document in ``known`` dates the event or states a claim about it."""
        if event.evidence:
            return any(e.source in known for e in event.evidence)
        return any(self._claim_known(c, known) for c in self.kb.claims_of(event.id))

    def _age(self, claim: Claim) -> tuple:
        return (min(self.kb.source_order(s) for s in claim.sources), self.kb.order[claim.id])

    def _linked(self, a: str, b: str) -> bool:
        return pair(a, b) in self.kb.by_pair

    def _answers(self, found: list[tuple[Claim, Basis | None]], end: str) -> list[Answer]:
        """One answer per entity at ``end`` of the claims; its basis is the strongest."""
        by_entity: dict[str, list[tuple[Claim, Basis | None]]] = {}
        for c, basis in found:
            by_entity.setdefault(getattr(c, end), []).append((c, basis))
        answers = []
        for e, pairs in by_entity.items():
            bases = [b for _, b in pairs if b is not None]
            strongest = min(bases, key=lambda b: b.strength) if bases else None
            answers.append(Answer(self.kb.entities[e], tuple(c for c, _ in pairs), strongest))
        return sorted(answers, key=lambda a: (a.entity.name.casefold(), a.entity.id))


def _ends_match(c: Claim, s: str | None, o: str | None) -> bool:
    if (s is None or c.subject == s) and (o is None or c.object == o):
        return True
    if c.object is not None and VOCABULARY.predicate(c.predicate).symmetric:
        return (s is None or c.object == s) and (o is None or c.subject == o)
    return False


def _claim_when(c: Claim) -> Period | None:
    """A claim's place on a timeline: its ``date``, or its stated ``start``/``end``."""
    if c.date is not None:
        return Period.of(c.date)
    if c.start is not None or c.end is not None:
        return Period(c.start or c.end, c.end or c.start)
    return None


def _other(c: Claim, me: str) -> str | None:
    return c.object if c.subject == me else c.subject


def load(path: str | Path | None = None, corpus: str | Path | None = None,
         store: str | StoreSpec = MEMORY) -> KnowledgeGraph:
    """The knowledge graph of the bundled data, or of the data folder at ``path``.

    ``store`` holds its RDF view, ``kg.rdf``: ``"memory"`` (rdflib), ``"oxigraph"`` (in
    memory) or ``"oxigraph:PATH"`` (on disk); see :mod:`foip_graph.rdf.store`. The answers of
    the query API are the same on every store.

    Raises :class:`~foip_graph.kb.DataError` listing every problem if it does not validate.
    """
    spec = parse_store(store)
    return KnowledgeGraph(KnowledgeBase.from_path(path, corpus), spec)
