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
>>> [h.entity.id for h in kg.office_holders("Minister for Foreign Affairs of Japan", as_of="2020-01-01")]
['motegi-toshimitsu']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from . import network as net
from .dates import PartialDate, within
from .kb import KnowledgeBase, pair
from .model import Claim, Entity, Source
from .rdf.store import MEMORY, StoreSpec, parse_store, rdf_dataset
from .vocabulary import VOCABULARY

DIRECTIONS = ("both", "out", "in")


@dataclass(frozen=True)
class Answer:
    """An entity that answers a question, and the claims that make it so."""

    entity: Entity
    claims: tuple[Claim, ...]

    def __repr__(self) -> str:
        sources = sorted({s for c in self.claims for s in c.sources})
        return f"<Answer {self.entity.id} ({self.entity.name}) from {', '.join(sources)}>"

    def as_rows(self) -> list[dict[str, Any]]:
        """One row per claim behind the answer."""
        me = {"id": self.entity.id, "name": self.entity.name, "kind": self.entity.kind}
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
        return f"<Link {self.reads} {self.entity.id}>"

    def as_rows(self) -> list[dict[str, Any]]:
        return [{"reads": self.reads, "id": self.entity.id, "name": self.entity.name,
                 "kind": self.entity.kind, "direction": self.direction, "claim": self.claim.id,
                 **_claim_row(self.claim)}]


@dataclass(frozen=True)
class Dated:
    """A timeline entry: a dated claim or an event."""

    date: PartialDate
    claim: Claim | None = None
    event: Entity | None = None

    def __repr__(self) -> str:
        if self.event is not None:
            return f"<Dated {self.date} event {self.event.id}>"
        c = self.claim
        return f"<Dated {self.date} {c.subject} {c.predicate} {c.object or c.value}>"

    def as_rows(self) -> list[dict[str, Any]]:
        if self.event is not None:
            row = {"event": self.event.id, "name": self.event.name}
        else:
            row = {"claim": self.claim.id, **_claim_row(self.claim)}
        return [row | {"date": str(self.date)}]


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


def _claim_row(c: Claim) -> dict[str, Any]:
    row = {"subject": c.subject, "predicate": c.predicate, "object": c.object,
           "value": None if c.value is None else (c.value if isinstance(c.value, (int, float))
                                                   else str(c.value)),
           "unit": c.unit}
    for field in ("date", "start", "end", "role", "stance", "note"):
        value = getattr(c, field)
        row[field] = None if value is None else str(value)
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

    def entities(self, kind: str | None = None) -> list[Entity]:
        """All entities, or those of one kind, sorted by name.

        >>> [e.id for e in load().entities(kind="framework")][:3]
        ['azec', 'asem', 'apec']"""
        if kind is not None and kind not in VOCABULARY.kinds:
            raise ValueError(f"unknown kind {kind!r}; kinds: {', '.join(VOCABULARY.kinds)}")
        found = [e for e in self.kb.entities.values() if kind is None or e.kind == kind]
        return sorted(found, key=lambda e: (e.name.casefold(), e.id))

    @property
    def sources(self) -> list[Source]:
        """The source documents, oldest first."""
        return list(self.kb.sources.values())

    # -- claims
    def claims(self, subject: str | None = None, predicate: str | None = None,
               object: str | None = None, source: str | None = None,
               as_of: str | PartialDate | None = None) -> list[Claim]:
        """Claims matching every given filter, in dataset order.

        ``subject``/``object`` name entities; a symmetric predicate matches either way
        round. ``as_of`` keeps claims that hold at that date (undated ones always do).

        >>> load().claims(subject="Palau")
        [<Claim palau located_in central-pacific [briefing-2026]>]
        """
        if predicate is not None and predicate not in VOCABULARY.predicates:
            raise ValueError(f"unknown predicate {predicate!r}; see docs/vocabulary.md")
        if source is not None and source not in self.kb.sources:
            raise ValueError(f"unknown source {source!r}; sources: {', '.join(self.kb.sources)}")
        s = self.entity(subject).id if subject is not None else None
        o = self.entity(object).id if object is not None else None
        when = PartialDate.parse(as_of) if as_of is not None else None
        if s is not None or o is not None:
            candidates = self.kb.claims_of(s if s is not None else o)
        elif predicate is not None:
            candidates = self.kb.by_predicate.get(predicate, [])
        else:
            candidates = self.kb.claims
        found = []
        for c in candidates:
            if predicate is not None and c.predicate != predicate:
                continue
            if source is not None and source not in c.sources:
                continue
            if not _ends_match(c, s, o):
                continue
            if when is not None and not within(when, date=c.date, start=c.start, end=c.end):
                continue
            found.append(c)
        return found

    def between(self, a: str, b: str) -> list[Claim]:
        """Claims linking two entities, either direction, oldest source first.

        >>> load().between("Japan", "Philippines")[0]
        <Claim japan relations_with philippines stance=cooperative [briefing-2026, dialogue-2026]>"""
        x, y = self.entity(a).id, self.entity(b).id
        return sorted(self.kb.by_pair.get(pair(x, y), []), key=self._age)

    def neighbors(self, name: str, predicate: str | None = None,
                  direction: str = "both") -> list[Link]:
        """Entities one claim away, with the claim and its direction.

        >>> load().neighbors("Philippines", predicate="member_of")
        [<Link member of japan-us-philippines>]"""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        me = self.entity(name).id
        links = []
        for c in self.kb.claims_of(me):
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
    def members(self, name: str, as_of: str | PartialDate | None = None) -> list[Answer]:
        """Entities with a ``member_of`` claim to ``name`` that holds at ``as_of``, by name.

        >>> [m.entity.name for m in load().members("Japan-U.S.-ROK")]
        ['Japan', 'Republic of Korea', 'United States']"""
        group = self.entity(name).id
        return self._answers(self.claims(predicate="member_of", object=group, as_of=as_of), "subject")

    def office_holders(self, office: str, as_of: str | PartialDate | None = None) -> list[Answer]:
        """People with a ``holds_office`` claim for the office that holds at ``as_of``.

        With ``as_of``, only dated holdings count: a holding the sources leave undated
        says nothing about when it held.
        """
        post = self.entity(office).id
        claims = self.claims(predicate="holds_office", object=post, as_of=as_of)
        if as_of is not None:
            claims = [c for c in claims if c.date or c.start or c.end]
        return self._answers(claims, "subject")

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
                 end: str | PartialDate | None = None) -> list[Dated]:
        """Events and dated claims in date order, optionally about one entity and within
        ``start``..``end`` (partial dates count as their whole period).

        >>> load().timeline("Kang Kyung-wha")[:2]
        [<Dated 2019-12-24 event japan-south-korea-foreign-ministers-meeting-2019-12-24>, <Dated 2019-12-24 kang-kyung-wha holds_office minister-of-foreign-affairs-of-south-korea>]"""
        me = self.entity(entity).id if entity is not None else None
        lo = PartialDate.parse(start) if start is not None else None
        hi = PartialDate.parse(end) if end is not None else None
        items: list[Dated] = []
        for e in self.kb.entities.values():
            when = e.date or e.start
            if e.kind == "event" and when and (me is None or me == e.id or self._linked(me, e.id)):
                items.append(Dated(when, event=e))
        for c in self.kb.claims:
            when = c.date or c.start
            if when and (me is None or me in (c.subject, c.object)):
                items.append(Dated(when, claim=c))
        items = [i for i in items if (lo is None or i.date.last_day >= lo.first_day)
                 and (hi is None or i.date.first_day <= hi.last_day)]
        return sorted(items, key=lambda i: (i.date, 0 if i.event else 1,
                                            i.event.id if i.event else i.claim.id))

    # -- structure
    def path(self, a: str, b: str) -> list[Claim]:
        """The shortest chain of claims linking two entities (either direction), from
        ``a`` to ``b``; empty if they are not connected.

        >>> [c.predicate for c in load().path("Palau", "United States")]
        ['benefits', 'funds', 'allied_with']"""
        x, y = self.entity(a).id, self.entity(b).id
        try:
            nodes = nx.shortest_path(self._undirected, x, y)
        except nx.NetworkXNoPath:
            return []
        chain = []
        for u, v in zip(nodes, nodes[1:]):
            chain.append(self.between(u, v)[0])
        return chain

    def compare_sources(self, a: str, b: str) -> list[SourceView]:
        """Per source, oldest first: the claims linking the two entities, with stance.

        >>> load().compare_sources("Japan", "ROK")[0]
        <SourceView roundtable-2020 (2020-06-12): 4 claims stance=strained>"""
        claims = self.between(a, b)
        return [SourceView(s, tuple(c for c in claims if s.id in c.sources))
                for s in self.kb.sources.values() if any(s.id in c.sources for c in claims)]

    def rank(self, measure: str = "betweenness", kind: str | None = None,
             top: int = 10) -> list[Ranked]:
        """The most central entities by ``measure`` (degree, betweenness, pagerank,
        closeness), optionally of one kind.

        >>> [r.entity.id for r in load().rank("degree", kind="country", top=3)]
        ['japan', 'united-states', 'china']"""
        return [Ranked(self.kb.entities[n], s)
                for n, s in net.rank(self.network, measure, kind=kind, top=top)]

    @cached_property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view (see :mod:`foip_graph.network`)."""
        return net.build_network(self.kb)

    @cached_property
    def rdf(self) -> Dataset:
        """The RDF view (see :mod:`foip_graph.rdf.view`) as an rdflib Dataset in the store
        chosen at :func:`load`, built on first use (see :mod:`foip_graph.rdf.store`)."""
        return rdf_dataset(self.kb, self.store)

    @cached_property
    def _undirected(self) -> nx.Graph:
        return net.undirected(self.network)

    # -- helpers
    def _age(self, claim: Claim) -> tuple:
        return (min(self.kb.source_order(s) for s in claim.sources), self.kb.order[claim.id])

    def _linked(self, a: str, b: str) -> bool:
        return pair(a, b) in self.kb.by_pair

    def _answers(self, claims: list[Claim], end: str) -> list[Answer]:
        by_entity: dict[str, list[Claim]] = {}
        for c in claims:
            by_entity.setdefault(getattr(c, end), []).append(c)
        answers = [Answer(self.kb.entities[e], tuple(cs)) for e, cs in by_entity.items()]
        return sorted(answers, key=lambda a: (a.entity.name.casefold(), a.entity.id))


def _ends_match(c: Claim, s: str | None, o: str | None) -> bool:
    if (s is None or c.subject == s) and (o is None or c.object == o):
        return True
    if c.object is not None and VOCABULARY.predicate(c.predicate).symmetric:
        return (s is None or c.object == s) and (o is None or c.subject == o)
    return False


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
