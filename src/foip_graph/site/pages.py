"""What each page shows: one function per page type, each returning a :class:`Page` (where
it goes, which template draws it, and the values the template needs).

The functions take the :class:`~foip_graph.query.KnowledgeGraph` first and only read from
it; turning values into HTML is the templates' job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..evidence import sha256_text
from ..model import Claim, Entity, Source
from ..query import KnowledgeGraph, Link, SourceView
from ..vocabulary import VOCABULARY
from . import paths
from .graphdata import entity_sources, graph_data
from .layout import force, radial
from .style import CATEGORIES, KINDS
from .text import Mark, anchor, pieces

EGO_LIMIT = 600  # an ego network of radius 2 larger than this is not drawn
PARTIES = ("country",)  # the kinds whose pairs are "bilateral relationships"


@dataclass(frozen=True)
class Page:
    """A page to write: its path in the site, its template and the template's values."""

    path: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Row:
    """One claim seen from an entity: how it reads, and the other end (an entity, or a
    value for figures)."""

    reads: str
    claim: Claim
    other: Entity | None = None
    value: str | None = None


@dataclass(frozen=True)
class Relationship:
    """A pair of entities that two or more sources describe, with what each says."""

    a: Entity
    b: Entity
    views: tuple[SourceView, ...]

    @property
    def path(self) -> str:
        return paths.relationship_page(self.a.id, self.b.id)

    @property
    def title(self) -> str:
        return f"{self.a.name} – {self.b.name}"


# ---------------------------------------------------------------- shared look-ups


def relationships(kg: KnowledgeGraph) -> list[Relationship]:
    """Every pair of ``PARTIES`` entities linked by claims from two or more sources,
    sorted by the names of the pair."""
    pairs = {tuple(sorted((c.subject, c.object))) for c in kg.kb.claims
             if c.object and c.subject != c.object
             and kg.kb.entities[c.subject].kind in PARTIES and kg.kb.entities[c.object].kind in PARTIES}
    found = []
    for a, b in pairs:
        views = kg.compare_sources(a, b)
        if len(views) >= 2:
            x, y = sorted((kg.kb.entities[a], kg.kb.entities[b]), key=_by_name)
            found.append(Relationship(x, y, tuple(views)))
    return sorted(found, key=lambda r: (_by_name(r.a), _by_name(r.b)))


def rows_of(kg: KnowledgeGraph, entity: Entity) -> list[Row]:
    """Every claim about the entity, in dataset order, read from its side."""
    rows = []
    for claim in kg.kb.claims_of(entity.id):
        predicate = VOCABULARY.predicate(claim.predicate)
        if claim.object is None:
            unit = f" {claim.unit}" if claim.unit else ""
            rows.append(Row(predicate.label, claim, value=f"{claim.value}{unit}"))
        else:
            out = claim.subject == entity.id
            other = kg.kb.entities[claim.object if out else claim.subject]
            link = Link(other, claim, "out" if out else "in")
            rows.append(Row(link.reads, claim, other=other))
    return rows


def source_text(source: Source, corpus: Path | None) -> str | None:
    """The source's text from the corpus, or None when the corpus is absent or holds a
    different text (its SHA-256 differs, so the quotes' offsets would not fit)."""
    if corpus is None:
        return None
    path = Path(corpus) / source.file
    if not path.is_file() or sha256_text(path) != source.sha256:
        return None
    return path.read_text(encoding="utf-8")


def _by_name(entity: Entity) -> tuple[str, str]:
    return (entity.name.casefold(), entity.id)


def _order(kg: KnowledgeGraph, ids) -> dict[str, tuple]:
    """A sort key per entity: kind in registry order, then name."""
    kinds = {k: i for i, k in enumerate(VOCABULARY.kinds)}
    return {i: (kinds[kg.kb.entities[i].kind], *_by_name(kg.kb.entities[i])) for i in ids}


def _legend(data: dict) -> list:
    """Legend entries for the kinds and categories a graph's data uses, in registry order."""
    kinds = {n["kind"] for n in data["nodes"]}
    categories = {e["category"] for e in data["edges"]}
    return ([look for name, look in KINDS.items() if name in kinds]
            + [look for name, look in CATEGORIES.items() if name in categories])


def _counted(looks: dict, counts: Counter) -> list[tuple]:
    """Legend entries that occur, in registry order, with their counts."""
    return [(look, counts[name]) for name, look in looks.items() if counts[name]]


# ---------------------------------------------------------------- the pages


def index_page(kg: KnowledgeGraph, rels: list[Relationship]) -> Page:
    """The home page: counts, sources, relationships and every entity by kind."""
    by_kind: dict[str, list[Entity]] = {}
    for entity in kg.entities():
        by_kind.setdefault(entity.kind, []).append(entity)
    groups = [(KINDS[k], by_kind[k]) for k in KINDS if k in by_kind]
    claims_per_source = Counter(s for c in kg.kb.claims for s in c.sources)
    return Page(paths.INDEX, "index.html", {
        "groups": groups, "sources": kg.sources, "claims_per_source": claims_per_source,
        "relationships": rels, "n_entities": len(kg.kb.entities), "n_claims": len(kg.kb.claims),
        "n_evidence": sum(len(c.evidence) for c in kg.kb.claims),
    })


def graph_page(kg: KnowledgeGraph) -> Page:
    """The whole network, with the counts its filters show."""
    G = kg.network
    data = graph_data(G, force(G), labels=False, sources=entity_sources(kg.kb))
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    categories = Counter(category for *_, category in G.edges(data="category"))
    per_source = Counter(s for *_, s in G.edges(data="sources") for s in s.split(";"))
    return Page(paths.GRAPH, "graph.html", {
        "data": data, "kinds": _counted(KINDS, kinds), "categories": _counted(CATEGORIES, categories),
        "sources": [(s, per_source[s.id]) for s in kg.sources],
        "names": sorted({(label, e.id) for e in kg.kb.entities.values() for label in e.labels}),
    })


def ego_data(kg: KnowledgeGraph, entity_id: str, radius: int) -> dict:
    """The graph data of the entities within ``radius`` links of one entity, drawn in
    rings around it; each node knows its distance, so a page can show fewer rings."""
    G = kg.network
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), entity_id, cutoff=radius)
    ego = G.subgraph(near).copy()
    return graph_data(ego, radial(ego, entity_id, near, _order(kg, near)), labels=True, distance=near)


def entity_page(kg: KnowledgeGraph, entity: Entity, rels: list[Relationship]) -> Page:
    """An entity, its ego network (radius 2, drawn at 1 until asked) and its claims."""
    data = ego_data(kg, entity.id, 2)
    radius_two = len(data["nodes"]) <= EGO_LIMIT
    if not radius_two:
        data = ego_data(kg, entity.id, 1)
    return Page(paths.entity_page(entity.id), "entity.html", {
        "entity": entity, "kind": KINDS[entity.kind], "rows": rows_of(kg, entity),
        "data": data, "legend": _legend(data),
        "radius_two": radius_two,
        "relationships": [r for r in rels if entity in (r.a, r.b)],
    })


def source_page(kg: KnowledgeGraph, source: Source, corpus: Path | None) -> Page:
    """A source: its subgraph, its claims in text order, and its text when available."""
    G = kg.network
    path = paths.source_page(source.id)
    claims = sorted(kg.kb.by_source.get(source.id, []),
                    key=lambda c: (_start_in(c, source.id), kg.kb.order[c.id]))
    number = {c.id: i for i, c in enumerate(claims, 1)}
    sub = G.edge_subgraph((u, v, k) for u, v, k, s in G.edges(keys=True, data="sources")
                          if source.id in s.split(";")).copy()
    data = graph_data(sub, force(sub), labels=True)
    text = source_text(source, corpus)
    marks = [Mark(e.start, e.end, f"#{c.id}", str(number[c.id]))
             for c in claims for e in c.evidence if e.source == source.id and e.start is not None]
    marks += [Mark(e.start, e.end, paths.root_of(path) + paths.entity_page(entity.id), entity.name)
              for entity in kg.kb.entities.values() for e in entity.evidence
              if e.source == source.id and e.start is not None]
    return Page(path, "source.html", {
        "source": source, "claims": claims, "number": number, "data": data, "legend": _legend(data),
        "pieces": pieces(text, sorted(marks, key=lambda m: (m.start, m.end))) if text is not None else None,
        "anchors": {c.id: [anchor(e.start, e.end) for e in c.evidence
                           if e.source == source.id and e.start is not None] for c in claims},
    })


def relationship_page(kg: KnowledgeGraph, rel: Relationship) -> Page:
    """What each source says about a pair, oldest first, and the claims between them."""
    claims = kg.between(rel.a.id, rel.b.id)
    pair = kg.network.subgraph((rel.a.id, rel.b.id)).copy()
    pair.remove_edges_from([(u, v, k) for u, v, k in pair.edges(keys=True)
                            if {u, v} != {rel.a.id, rel.b.id}])
    data = graph_data(pair, force(pair), labels=True)
    reads = {c.id: Link(rel.b, c, "out" if c.subject == rel.a.id else "in").reads for c in claims}
    return Page(rel.path, "relationship.html", {"rel": rel, "reads": reads, "data": data})


def timeline_page(kg: KnowledgeGraph) -> Page:
    """Events and dated claims in order, each row tagged with the entities it involves."""
    items = []
    involved: set[str] = set()
    for item in kg.timeline():
        if item.event is not None:
            ids = {item.event.id, *(link.entity.id for link in kg.neighbors(item.event.id))}
        else:
            ids = {item.claim.subject, *([item.claim.object] if item.claim.object else [])}
        involved |= ids
        items.append((item, " ".join(sorted(ids))))
    choices = sorted((kg.kb.entities[i] for i in involved), key=_by_name)
    return Page(paths.TIMELINE, "timeline.html", {"items": items, "choices": choices})


def all_pages(kg: KnowledgeGraph, corpus: Path | None) -> Iterator[Page]:
    """Every page of the site, in a fixed order, one at a time (a page's data is dropped
    once it is written)."""
    rels = relationships(kg)
    yield index_page(kg, rels)
    yield graph_page(kg)
    yield timeline_page(kg)
    for entity in kg.kb.entities.values():
        yield entity_page(kg, entity, rels)
    for source in kg.sources:
        yield source_page(kg, source, corpus)
    for rel in rels:
        yield relationship_page(kg, rel)


def _start_in(claim: Claim, source_id: str) -> int:
    """Where the claim's first quote from the source starts (-1 when unknown)."""
    starts = [e.start for e in claim.evidence if e.source == source_id and e.start is not None]
    return min(starts, default=-1)
