"""The networkx view: a MultiDiGraph of entities and the claims that link them.

Nodes are entities (attributes ``kind``, ``name``); every claim with an entity object is
one edge, keyed by the claim's id, from subject to object as written (attributes
``predicate``, ``label``, ``category``, ``symmetric``, ``claim``, dates, ``stance``,
``role``, ``sources``). Literal-valued claims (figures) are not edges. Symmetric claims
are one edge with ``symmetric=True``: walk them both ways with :func:`undirected`.

Functions take the graph first and return new graphs (networkx style).

>>> from foip_graph.kb import KnowledgeBase
>>> G = build_network(KnowledgeBase.from_path())
>>> G.nodes["japan"]["kind"], G.nodes["japan"]["name"]
('country', 'Japan')
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from . import graphfiles, timing
from .dates import PartialDate
from .kb import KnowledgeBase
from .model import TIME_FIELDS, Observation
from .vocabulary import VOCABULARY

MEASURES = ("degree", "betweenness", "pagerank", "closeness")


def build_network(kb: KnowledgeBase, derived: bool = True) -> nx.MultiDiGraph:
    """The graph of every entity and every entity-to-entity claim, and of the derived
    links (``derived=True``, ``derived_from`` the ids of the claims they come from)
    unless ``derived=False``."""
    G = nx.MultiDiGraph(name="foip-graph")
    for entity in kb.entities.values():
        attrs = {"kind": entity.kind, "name": entity.name}
        if entity.wikidata:
            attrs["wikidata"] = entity.wikidata
        G.add_node(entity.id, **attrs)
    for claim in [*kb.claims, *(kb.derived if derived else ())]:
        if claim.object is None:
            continue
        predicate = VOCABULARY.predicate(claim.predicate)
        attrs = {
            "predicate": claim.predicate,
            "label": predicate.label,
            "category": predicate.category,
            "symmetric": predicate.symmetric,
            "claim": claim.id,
            "sources": ";".join(claim.sources),
        }
        for field in (*TIME_FIELDS, "stance", "role"):
            value = getattr(claim, field)
            if value is not None:
                attrs[field] = str(value)
        if claim.observed:
            attrs["observed"] = ";".join(f"{o.date}@{o.source}" for o in claim.observed)
        if claim.derived:
            attrs["derived"] = True
            attrs["derived_from"] = ";".join(claim.derived_from)
        G.add_edge(claim.subject, claim.object, key=claim.id, **attrs)
    return G


def stated(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Only what documents state: the graph without its derived links (every entity
    stays, in the graph's order)."""
    H = G.copy()
    H.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data="derived") if d])
    return H


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected view for paths and centrality: one edge per linked pair,
    whatever the number or direction of claims between them (``weight`` counts them)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def ego(G: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` links of ``node`` (either direction) and the claims
    among them."""
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=radius)
    return _induced(G, near)


def by_kind(G: nx.MultiDiGraph, kinds: Iterable[str]) -> nx.MultiDiGraph:
    """Only the entities of the given kinds, and the claims among them."""
    wanted = set(kinds)
    return _induced(G, {n for n, kind in G.nodes(data="kind") if kind in wanted})


def _induced(G: nx.MultiDiGraph, keep) -> nx.MultiDiGraph:
    """The entities in ``keep`` and the claims among them, in G's order (a networkx
    subgraph iterates the set it is given, in an order that follows the hash seed)."""
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    return H


def as_of(G: nx.MultiDiGraph, date: str | PartialDate) -> nx.MultiDiGraph:
    """The claims that hold on ``date`` for a reason their time qualifiers give, by the
    rules of :mod:`foip_graph.timing` (the query API's ``as_of``; a claim with no time is
    left out); all entities stay."""
    when = PartialDate.parse(date)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    holdings: dict[tuple, list[timing.Qualifiers]] = {}
    for u, v, data in G.edges(data=True):
        holdings.setdefault(_holding(u, v, data), []).append(_qualifiers(data))
    for u, v, key, data in G.edges(keys=True, data=True):
        if timing.holding_aware(_qualifiers(data), holdings[_holding(u, v, data)], when) is not None:
            H.add_edge(u, v, key=key, **data)
    return H


def _holding(u: str, v: str, data: dict) -> tuple:
    """An edge's holding, as :func:`foip_graph.kb.holding_key` reads a claim's: a derived
    link's goes through the office claim it names second."""
    through = tuple(data["derived_from"].split(";")[1:]) if data.get("derived") else ()
    return (u, v, data["predicate"], through)


def _qualifiers(data: dict) -> timing.Qualifiers:
    """An edge's time qualifiers, read back from its attributes."""
    dates = {f: PartialDate.parse(data[f]) if f in data else None for f in TIME_FIELDS}
    observed = tuple(Observation(date=d, source=s) for d, _, s in
                     (o.partition("@") for o in data["observed"].split(";"))) if "observed" in data else ()
    return timing.Qualifiers(**dates, observed=observed)


def rank(G: nx.MultiDiGraph, measure: str = "betweenness", kind: str | None = None,
         top: int = 10) -> list[tuple[str, float]]:
    """The ``top`` entities by a centrality measure on the undirected graph, highest first
    (ties by id), optionally only entities of one ``kind``."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top={top!r}: expected a whole number of entities, 1 or more")
    if kind is not None and kind not in VOCABULARY.kinds:
        raise ValueError(f"unknown kind {kind!r}; kinds: {', '.join(VOCABULARY.kinds)}")
    H = undirected(G)
    if measure == "degree":
        scores = nx.degree_centrality(H)
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(H)
    elif measure == "pagerank":
        scores = nx.pagerank(H, weight="weight")
    else:
        scores = nx.closeness_centrality(H)
    ranked = [(n, round(float(s), 6)) for n, s in scores.items()
              if kind is None or G.nodes[n]["kind"] == kind]
    return sorted(ranked, key=lambda ns: (-ns[1], ns[0]))[:top]


def communities(G: nx.MultiDiGraph) -> list[list[str]]:
    """Groups of densely linked entities (greedy modularity, deterministic), largest first."""
    groups = nx.community.greedy_modularity_communities(undirected(G), weight="weight")
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g))


def graphml(G: nx.MultiDiGraph) -> str:
    """GraphML text (scalar attributes only, as Gephi and Cytoscape expect)."""
    buffer = io.BytesIO()
    nx.write_graphml(G, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def gexf(G: nx.MultiDiGraph) -> str:
    """GEXF 1.2 text for Gephi: networkx's, written directly by
    :mod:`foip_graph.graphfiles` when it can. Its ``meta`` names no "last modified" date:
    networkx writes the day of the run there, and the same graph gives the same text any day."""
    text = graphfiles.gexf(G)
    if text is not None:
        return text
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    del writer.xml.find("meta").attrib["lastmodifieddate"]
    writer.add_graph(G)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")


def write_network(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write ``network.graphml`` and ``network.gexf`` into ``folder``."""
    written = []
    for name, text in (("network.graphml", graphml(G)), ("network.gexf", gexf(G))):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
