"""What each page shows: one function per page type, each returning a :class:`Page` (where
it goes, which template draws it, and the values the template needs).

The functions take a :class:`SiteData` (the knowledge graph and the look-ups every page
shares, computed once) and only read from it; turning values into HTML is the templates'
job. Every list of claims carries, per claim, what the filters and the sort read
(:func:`claim_attrs`), and every graph the data :func:`~.graphdata.graph_view` gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..evidence import sha256_text
from ..exports.plover import claim_codings
from ..kb import pair
from ..model import Claim, Entity, Evidence, Source
from ..query import KnowledgeGraph, Link, SourceView
from ..timing import Qualifiers
from ..vocabulary import VOCABULARY
from . import overview, paths
from .downloads import Download
from .cache import kept_facts
from .graphdata import Fact, entity_sources, graph_view
from .layout import between, force, sectors
from .records import shard_count, shard_ids
from .style import CATEGORIES, KINDS, Look
from .text import Mark, anchor, pieces
from .words import event, holds, iso_period

EGO_LIMIT = 600  # an ego network of radius 2 larger than this is not drawn
COLLAPSE = 100  # an entity with more direct links starts with its groups collapsed...
KEEP = 3  # ...to their first (best-connected) few
SHARED = 24  # at most this many shared neighbours on a relationship page's graph


@dataclass(frozen=True)
class Page:
    """A page to write: its path in the site, its template and the template's values."""

    path: str
    template: str
    context: dict[str, Any]
    files: tuple[tuple[str, str], ...] = ()  # other files the page loads: path in assets/, text


@dataclass(frozen=True)
class Row:
    """One claim in a list: how it reads from the page's entity (or the predicate's
    label), the other end (an entity, or a value for figures), and its ``data-``
    attributes for the filters and the sort."""

    claim: Claim
    reads: str
    other: Entity | None
    value: str | None
    attrs: dict[str, str]


@dataclass(frozen=True)
class Group:
    """The claims of an entity page that read the same way ("member of", "has member")."""

    reads: str
    category: Look
    rows: list[Row]

    @property
    def slug(self) -> str:
        return "rel-" + "-".join(self.reads.split())


@dataclass(frozen=True)
class Relationship:
    """A pair of entities that two or more claims link: the claims (oldest source first)
    and what each source says."""

    a: Entity
    b: Entity
    claims: tuple[Claim, ...]
    views: tuple[SourceView, ...]

    @property
    def path(self) -> str:
        return paths.relationship_page(self.a.id, self.b.id)

    @property
    def title(self) -> str:
        return f"{self.a.name} – {self.b.name}"

    def other(self, entity: Entity) -> Entity:
        return self.b if entity.id == self.a.id else self.a


@dataclass(frozen=True)
class Filters:
    """The filters a page offers, each with the counts of what it would keep: the dates
    its claims span, its sources, kinds of entity and categories of relation."""

    dates: tuple[str, str] | None
    sources: list[tuple[Source, int]] = field(default_factory=list)
    kinds: list[tuple[Look, int]] = field(default_factory=list)
    categories: list[tuple[Look, int]] = field(default_factory=list)


class SiteData:
    """The knowledge graph and what every page looks up: claims per entity, the
    relationship pages, the evidence shards, which sources have their text, each
    claim's fields as JSON and its :class:`~.graphdata.Fact`, the PLOVER coding (in
    words) of each claim that is part of an event record. ``facts`` (a previous
    build's, by holding: :func:`~.cache.kept_facts`) saves working them out again;
    ``kept_facts`` are this build's."""

    def __init__(self, kg: KnowledgeGraph, corpus: Path | None, facts: dict[str, list] | None = None) -> None:
        self.kg = kg
        self.kb = kg.kb
        self.claims_of = {e: len(self.kb.by_subject.get(e, [])) + len(self.kb.by_object.get(e, []))
                          for e in self.kb.entities}
        self.texts = {s.id: source_text(s, corpus) for s in kg.sources}
        self.relationships = relationships(kg)
        self.pages = frozenset(pair(r.a.id, r.b.id) for r in self.relationships)
        self.relationship_of = {f"{r.a.id} {r.b.id}": r for r in self.relationships}
        self.by_entity: dict[str, list[Relationship]] = defaultdict(list)
        for r in self.relationships:
            self.by_entity[r.a.id].append(r)
            self.by_entity[r.b.id].append(r)
        self.shards = shard_count(sum(1 for c in self.kb.claims if c.object) + len(self.kb.derived)
                                  + len(self.kb.entities))
        self.shard_ids = shard_ids(self.kb, self.shards)  # for the shards' keys and their records
        self.named_in: dict[str, list[tuple[Entity, Evidence]]] = defaultdict(list)
        for entity in self.kb.entities.values():
            for e in entity.evidence:
                self.named_in[e.source].append((entity, e))
        self._neighbours: dict[str, frozenset[str]] = {}
        self.entries: dict = {}  # graph_view's memo of the claims' entries, from graph to graph
        self.fields = {c.id: c.model_dump_json() for c in [*self.kb.claims, *self.kb.derived]}
        self.facts, self.kept_facts = kept_facts(self.kb, self.fields, facts or {})
        self.events = {c: event(coding) for c, coding in claim_codings(self.kb).items()}

    def neighbours(self, entity_id: str) -> frozenset[str]:
        """The entities one claim away (either direction), kept once asked for."""
        if entity_id not in self._neighbours:
            self._neighbours[entity_id] = frozenset(nx.all_neighbors(self.kg.network, entity_id))
        return self._neighbours[entity_id]

    def within(self, entity_id: str, radius: int) -> dict[str, int]:
        """Each entity within ``radius`` links of one (either direction) with its
        distance: the distances networkx's shortest paths give, without its undirected
        view (which checks every node of the network each time it is made)."""
        near = {entity_id: 0}
        ring = [entity_id]
        for d in range(1, radius + 1):
            found = []
            for n in ring:
                for m in self.neighbours(n):
                    if m not in near:
                        near[m] = d
                        found.append(m)
            ring = found
        return near

    def passage(self, evidence: Evidence, claim_id: str | None) -> str:
        """Where a quote is read, from the site's root: its passage in the source's text
        when the build has the text, else the claim's row on the source's page."""
        page = paths.source_page(evidence.source)
        if self.texts[evidence.source] is not None and evidence.start is not None and evidence.end is not None:
            return f"{page}#{anchor(evidence.start, evidence.end)}"
        return f"{page}#{claim_id}" if claim_id else page

    def attrs(self, claim: Claim, kinds: list[str]) -> dict[str, str]:
        return claim_attrs(self.kg, claim, kinds, self.facts[claim.id])


# ---------------------------------------------------------------- shared look-ups


def relationships(kg: KnowledgeGraph) -> list[Relationship]:
    """Every pair of distinct entities that two or more stated claims link (a derived
    link is no document's statement), sorted by the names of the pair."""
    found = []
    for (a, b), claims in kg.kb.by_pair.items():
        if a != b and len(claims) >= 2:
            x, y = sorted((kg.kb.entities[a], kg.kb.entities[b]), key=_by_name)
            views = [SourceView(v.source, tuple(c for c in v.claims if not c.derived))
                     for v in kg.compare_sources(a, b)]
            found.append(Relationship(x, y, tuple(kg.between(a, b, derived=False)),
                                      tuple(v for v in views if v.claims)))
    return sorted(found, key=lambda r: (_by_name(r.a), _by_name(r.b)))


def claim_attrs(kg: KnowledgeGraph, claim: Claim, kinds: list[str], fact: Fact) -> dict[str, str]:
    """The ``data-`` attributes of a claim in a list: its sources, category, the kinds
    the kind filter tests (the ends other than the page's entity), the days it spans
    (``data-from``, ``data-to``: for the sort), the date filter's windows
    (``data-holds``, from :func:`~.words.holds`) and its places in dataset order and
    source order (for sorting); ``fact`` is the claim's :class:`~.graphdata.Fact`."""
    kb = kg.kb
    attrs = {"data-claim": claim.id, "data-sources": " ".join(claim.sources),
             "data-category": VOCABULARY.predicate(claim.predicate).category,
             "data-kinds": " ".join(sorted(set(kinds))), "data-order": str(kb.order[claim.id]),
             "data-source-order": str(min(kb.source_order(s) for s in claim.sources))}
    if fact.span is not None:
        attrs["data-from"], attrs["data-to"] = fact.span
    if fact.holds:
        attrs["data-holds"] = " ".join(fact.holds)
    return attrs


def filters_of(site: SiteData, claims: list[Claim], kinds: Counter | None = None,
               sources: bool = True) -> Filters:
    """The filters for a page listing or drawing ``claims`` (and entities of ``kinds``)."""
    kg = site.kg
    spans = [s for s in (site.facts[c.id].span for c in claims) if s is not None]
    dates = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    per_source = Counter(s for c in claims for s in c.sources)
    categories = Counter(VOCABULARY.predicate(c.predicate).category for c in claims)
    return Filters(dates,
                   [(kg.kb.sources[s], per_source[s]) for s in sorted(per_source, key=kg.kb.source_order)]
                   if sources else [],
                   _counted(KINDS, kinds) if kinds else [], _counted(CATEGORIES, categories))


def rows_of(site: SiteData, entity: Entity) -> list[Row]:
    """Every claim about the entity, in dataset order, read from its side."""
    rows = []
    for claim in site.kb.claims_of(entity.id):
        predicate = VOCABULARY.predicate(claim.predicate)
        if claim.object is None:
            unit = f" {claim.unit}" if claim.unit else ""
            rows.append(Row(claim, predicate.label, None, f"{claim.value}{unit}", site.attrs(claim, [])))
        else:
            out = claim.subject == entity.id
            other = site.kb.entities[claim.object if out else claim.subject]
            reads = Link(other, claim, "out" if out else "in").reads
            rows.append(Row(claim, reads, other, None, site.attrs(claim, [other.kind])))
    return rows


def grouped(rows: list[Row]) -> list[Group]:
    """Rows grouped by how they read, in category order, the biggest group first."""
    by_reads: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_reads[row.reads].append(row)
    order = {name: i for i, name in enumerate(CATEGORIES)}
    groups = [Group(reads, CATEGORIES[VOCABULARY.predicate(rs[0].claim.predicate).category], rs)
              for reads, rs in by_reads.items()]
    return sorted(groups, key=lambda g: (order[g.category.name], -len(g.rows), g.reads))


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


def _counted(looks: dict, counts: Counter) -> list[tuple]:
    """Legend entries that occur, in registry order, with their counts."""
    return [(look, counts[name]) for name, look in looks.items() if counts[name]]


def _legend(data: dict) -> list[Look]:
    """The kinds and categories a graph uses, in registry order."""
    kinds = {n["kind"] for n in data["nodes"]}
    categories = {p["category"] for p in data["predicates"].values()}  # those of the edges' claims
    return ([look for name, look in KINDS.items() if name in kinds]
            + [look for name, look in CATEGORIES.items() if name in categories])


def _induced(G: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """The entities ``nodes`` (in id order) and the claims among them, each node's in
    ``G``'s order: a networkx subgraph view of a few nodes iterates a set, whose order
    follows the hash seed. Reads only the kept nodes' own links, so a page costs the
    size of its graph, not of the whole network."""
    keep = sorted(set(nodes))
    H = nx.MultiDiGraph()
    # The same graph add_nodes_from and add_edges_from would make (nodes, links and keys in
    # the same order), made straight in networkx's dicts: a tenth of the time at scale.
    # Attribute dicts (a node's, a claim's) are shared with G, read only; the key dicts are
    # the subgraph's own.
    for n in keep:
        H._node[n] = G._node[n]
        H._succ[n], H._pred[n] = {}, {}
    kept = H._succ
    for u in keep:
        succ = H._succ[u]
        for v, claims in G._succ[u].items():
            if v in kept:
                succ[v] = H._pred[v][u] = dict(claims)
    return H


# ---------------------------------------------------------------- graphs


def ego_data(site: SiteData, entity_id: str, radius: int, near: dict[str, int] | None = None) -> dict:
    """The graph data of the entities within ``radius`` links of one entity, in sectors
    by the category of their link to it; a hub starts with each sector collapsed to its
    best-connected few. Each node knows its distance, so a page can show fewer rings
    (``near``: those distances, when the caller has them)."""
    kb, G = site.kb, site.kg.network
    near = site.within(entity_id, radius) if near is None else near
    order = {name: i for i, name in enumerate(CATEGORIES)}
    link: dict[str, Counter] = defaultdict(Counter)
    for claim in kb.claims_of(entity_id, derived=True):
        if claim.object is not None and claim.object != claim.subject:
            other = claim.object if claim.subject == entity_id else claim.subject
            link[other][VOCABULARY.predicate(claim.predicate).category] += 1
    group_of = {n: min(c, key=lambda k: (-c[k], order[k])) for n, c in link.items()}
    weight = lambda n: (-site.claims_of[n], kb.entities[n].name.casefold(), n)  # noqa: E731
    members: dict[str, list[str]] = defaultdict(list)
    ones = frozenset(n for n, d in near.items() if d == 1)
    for n in sorted(ones, key=weight):
        members[group_of[n]].append(n)
    rank = {n: i for nodes in members.values() for i, n in enumerate(nodes)}
    seconds = [n for n, d in near.items() if d == 2]
    parent = {n: min(ones & site.neighbours(n), key=lambda m: (order[group_of[m]], rank[m])) for n in seconds}
    for n in sorted(seconds, key=lambda n: (rank[parent[n]], weight(n))):
        members[group_of[parent[n]]].append(n)
    groups = [(name, members[name]) for name in CATEGORIES if members[name]]
    firsts = {name: sum(1 for n in nodes if near[n] == 1) for name, nodes in groups}
    labels = {name: len(f"{CATEGORIES[name].label} · {len(nodes)} (+{len(nodes)})") for name, nodes in groups}
    positions, places = sectors(entity_id, groups, KEEP, labels, firsts)
    collapsed = sum(firsts.values()) > COLLAPSE
    sector_list = [{"name": name, "label": CATEGORIES[name].label, "count": firsts[name],
                    "at": list(places[name][0]), "near": list(places[name][1])} for name, _ in groups]
    group_rank = {n: (name, i) for name, nodes in groups for i, n in enumerate(nodes)}
    return graph_view(kb, _induced(G, near), positions, facts=site.facts, claims_of=site.claims_of, shards=site.shards,
                      memo=site.entries, edge_labels=True,
                      focus=entity_id, distance=near, groups=group_rank, sectors=sector_list,
                      collapsed=collapsed, keep=KEEP, pages=site.pages)


# ---------------------------------------------------------------- the pages


def index_page(site: SiteData) -> Page:
    """The home page: counts, sources, relationships and every entity by kind."""
    kg = site.kg
    by_kind: dict[str, list[Entity]] = {}
    for entity in kg.entities():
        by_kind.setdefault(entity.kind, []).append(entity)
    groups = [(KINDS[k], by_kind[k]) for k in KINDS if k in by_kind]
    claims_per_source = Counter(s for c in kg.kb.claims for s in c.sources)
    return Page(paths.INDEX, "index.html", {
        "groups": groups, "sources": kg.sources, "claims_per_source": claims_per_source,
        "relationships": site.relationships,
        "compared": [r for r in site.relationships if len(r.views) >= 2],
        "n_entities": len(kg.kb.entities), "n_claims": len(kg.kb.claims),
        "n_evidence": sum(len(c.evidence) for c in kg.kb.claims),
    })


def graph_page(site: SiteData) -> Page:
    """The whole network, with the counts its filters show; above :data:`~.overview.LIMIT`
    entities, in groups that open on demand (:func:`~.overview.grouped_view`)."""
    kb, G = site.kb, site.kg.network
    files: list[tuple[str, str]] = []
    if G.number_of_nodes() > overview.LIMIT:
        data, files = overview.grouped_view(kb, G, facts=site.facts, claims_of=site.claims_of, shards=site.shards,
                                            node_sources=entity_sources(kb), pages=site.pages)
    else:
        data = graph_view(kb, G, force(G), facts=site.facts, claims_of=site.claims_of, shards=site.shards,
                          memo=site.entries, edge_labels=False, node_sources=entity_sources(kb), pages=site.pages)
    edges = [kb.by_id[k] for _, _, k in G.edges(keys=True)]
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    return Page(paths.GRAPH, "graph.html", {"data": data, "filters": filters_of(site, edges, kinds),
                                            "n_claims": len(edges), "n_entities": G.number_of_nodes()},
                tuple((f"{paths.ASSETS}/{path}", text) for path, text in files))


def entity_page(site: SiteData, entity: Entity) -> Page:
    """An entity, its ego network (radius 2, drawn at 1 until asked) and its claims,
    grouped by how they read."""
    around = site.within(entity.id, 2)
    radius_two = len(around) <= EGO_LIMIT  # decided before drawing: a hub's radius 2 is thousands
    data = ego_data(site, entity.id, 2, around) if radius_two else ego_data(site, entity.id, 1)
    rows = rows_of(site, entity)
    kinds = Counter(row.other.kind for row in rows if row.other is not None)
    rels = sorted(site.by_entity.get(entity.id, []), key=lambda r: (-len(r.claims), _by_name(r.other(entity))))
    derived = []
    for link in site.kb.derived_of.get(entity.id, []):
        out = link.subject == entity.id
        other = site.kb.entities[link.object if out else link.subject]
        derived.append((link, other, Link(other, link, "out" if out else "in").reads, site.kb.chain(link)))
    return Page(paths.entity_page(entity.id), "entity.html", {
        "entity": entity, "kind": KINDS[entity.kind], "rows": rows, "groups": grouped(rows), "derived": derived,
        "data": data, "legend": _legend(data), "radius_two": radius_two, "relationships": rels,
        "filters": filters_of(site, [r.claim for r in rows], kinds),
    })


def source_page(site: SiteData, source: Source) -> Page:
    """A source: its subgraph, its claims in text order, and its text when available."""
    kb, G = site.kb, site.kg.network
    path = paths.source_page(source.id)
    claims = sorted(kb.by_source.get(source.id, []), key=lambda c: (_start_in(c, source.id), kb.order[c.id]))
    number = {c.id: i for i, c in enumerate(claims, 1)}
    stated = {c.id for c in claims if c.object is not None}
    sub = _induced(G, sorted({n for c in claims if c.id in stated for n in (c.subject, c.object)}))
    sub.remove_edges_from([(u, v, k) for u, v, k in sub.edges(keys=True) if k not in stated])
    data = graph_view(kb, sub, force(sub), facts=site.facts, claims_of=site.claims_of, shards=site.shards,
                      memo=site.entries, edge_labels=True,
                      pages=site.pages)
    text = site.texts[source.id]
    marks = [Mark(e.start, e.end, f"#{c.id}", str(number[c.id]))
             for c in claims for e in c.evidence if e.source == source.id and e.start is not None]
    marks += [Mark(e.start, e.end, paths.root_of(path) + paths.entity_page(entity.id), entity.name)
              for entity, e in site.named_in.get(source.id, []) if e.start is not None]
    kinds = Counter(kb.entities[n].kind for c in claims for n in (c.subject, c.object) if n)
    attrs = {c.id: site.attrs(c, [kb.entities[n].kind for n in (c.subject, c.object) if n]) for c in claims}
    return Page(path, "source.html", {
        "source": source, "claims": claims, "number": number, "attrs": attrs, "data": data,
        "legend": _legend(data), "filters": filters_of(site, claims, kinds, sources=False),
        "pieces": pieces(text, sorted(marks, key=lambda m: (m.start, m.end))) if text is not None else None,
        "anchors": {c.id: [anchor(e.start, e.end) for e in c.evidence
                           if e.source == source.id and e.start is not None] for c in claims},
    })


def relationship_page(site: SiteData, rel: Relationship) -> Page:
    """What each source says about a pair, side by side, oldest first; and a graph of
    the pair with the entities both are linked to."""
    kb, G = site.kb, site.kg.network
    a, b = rel.a.id, rel.b.id
    small, big = sorted((site.neighbours(a), site.neighbours(b)), key=len)
    shared = sorted((n for n in small if n in big and n not in (a, b)),
                    key=lambda n: (-site.claims_of[n], n))[:SHARED]
    graph = _induced(G, [a, b, *shared])
    data = graph_view(kb, graph, between(a, b, shared), facts=site.facts, claims_of=site.claims_of, shards=site.shards,
                      memo=site.entries, edge_labels=True, pages=site.pages)
    attrs = {c.id: site.attrs(c, []) for c in rel.claims}
    kinds = Counter(kb.entities[n].kind for n in shared)
    return Page(rel.path, "relationship.html", {
        "rel": rel, "attrs": attrs, "data": data, "shared": [kb.entities[n] for n in shared],
        "filters": filters_of(site, list(rel.claims), kinds),
    })


def timeline_page(site: SiteData) -> Page:
    """Events and dated claims in order, each row tagged with the entities it involves
    and with what the filters read."""
    kg, kb = site.kg, site.kb
    items = []
    involved: set[str] = set()
    claims = []
    kinds: Counter = Counter()
    for item in kg.timeline():
        if item.event is not None:
            ids = {item.event.id, *(link.entity.id for link in kg.neighbors(item.event.id))}
            span, when = iso_period(item.event), item.event.when
            attrs = {"data-kinds": "event", "data-sources": " ".join(dict.fromkeys(e.source for e in item.event.evidence))}
            if span is not None:
                attrs["data-from"], attrs["data-to"] = span
                times = (Qualifiers(date=when.start) if when.start == when.end
                         else Qualifiers(start=when.start, end=when.end))  # as timing reads a claim's
                if windows := holds(times, [times]):
                    attrs["data-holds"] = " ".join(windows)
            kinds["event"] += 1
        else:
            c = item.claim
            ends = [n for n in (c.subject, c.object) if n]
            ids = set(ends)
            attrs = site.attrs(c, [kb.entities[n].kind for n in ends])
            claims.append(c)
            kinds.update({kb.entities[n].kind for n in ends})
        involved |= ids
        items.append((item, {"data-entities": " ".join(sorted(ids)), **attrs}))
    choices = sorted((kb.entities[i] for i in involved), key=_by_name)
    filters = filters_of(site, claims, kinds)
    return Page(paths.TIMELINE, "timeline.html", {"items": items, "choices": choices, "filters": filters})


def downloads_page(offered: list[Download]) -> Page:
    """Every export of the build, with its size and what opens it."""
    return Page(paths.DOWNLOADS, "downloads.html", {"downloads": offered})


Item = tuple[str, str]  # a page drawn from one thing: ("entity", id), ("source", id), ("relationship", "a b")


def items(site: SiteData) -> list[Item]:
    """The entity, source and relationship pages, in the site's order, each as the
    kind of page and the id (a pair's two ids) it is drawn from."""
    return ([("entity", e) for e in site.kb.entities] + [("source", s.id) for s in site.kg.sources]
            + [("relationship", f"{r.a.id} {r.b.id}") for r in site.relationships])


def page_of(site: SiteData, item: Item) -> Page:
    """The page of one :func:`items` entry."""
    kind, ident = item
    if kind == "entity":
        return entity_page(site, site.kb.entities[ident])
    if kind == "source":
        return source_page(site, site.kb.sources[ident])
    return relationship_page(site, site.relationship_of[ident])


def _start_in(claim: Claim, source_id: str) -> int:
    """Where the claim's first quote from the source starts (-1 when unknown)."""
    starts = [e.start for e in claim.evidence if e.source == source_id and e.start is not None]
    return min(starts, default=-1)

