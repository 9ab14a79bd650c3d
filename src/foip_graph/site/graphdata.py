"""Graphs as the data the browser script draws: nodes with positions, edges with words.

The data holds plain text only; ``graph.js`` builds tooltips from it with ``textContent``,
never as HTML. Colours and shapes are looked up by kind and category in
:func:`~foip_graph.site.style.styles`, sent once per graph.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..kb import KnowledgeBase
from ..vocabulary import VOCABULARY
from .layout import Positions
from .style import styles

CURVE = 0.2  # roundness step between parallel edges


def graph_data(G: nx.MultiDiGraph, positions: Positions, *, labels: bool,
               distance: dict[str, int] | None = None,
               sources: dict[str, list[str]] | None = None) -> dict:
    """The JSON-ready description of ``G`` for ``graph.js``.

    ``labels`` writes the predicate on each edge (shown once zoomed in far enough to
    read); otherwise it is only in the tooltip, which keeps the overview of a big graph
    fast. ``distance`` (ego networks) lets the page show radius 1 or 2;
    ``sources`` (the sources naming each entity, from :func:`entity_sources`) lets it
    filter by source.

    Nodes come in id order and edges in key order, whatever order ``G`` holds them in:
    a subgraph of a networkx graph iterates a set, whose order follows the hash seed.
    """
    links = sorted(G.edges(keys=True, data=True), key=lambda e: e[2])
    curves = _curves(links)
    nodes = []
    for n, attrs in sorted(G.nodes(data=True)):
        node = {"id": n, "label": attrs["name"], "kind": attrs["kind"],
                "x": positions[n][0], "y": positions[n][1], "degree": G.degree(n)}
        if distance is not None:
            node["dist"] = distance[n]
        if sources is not None:
            node["sources"] = sources[n]
        nodes.append(node)
    edges = []
    for u, v, key, attrs in links:
        predicate = VOCABULARY.predicate(attrs["predicate"])
        edge = {"id": key, "from": u, "to": v, "label": predicate.label,
                "category": predicate.category, "arrow": not predicate.symmetric,
                "curve": curves[key], "sources": attrs["sources"].split(";")}
        for field in ("date", "start", "end", "stance", "role"):
            if field in attrs:
                edge[field] = attrs[field]
        edges.append(edge)
    return {"labels": labels, "nodes": nodes, "edges": edges, "styles": styles()}


def entity_sources(kb: KnowledgeBase) -> dict[str, list[str]]:
    """For each entity, the sources that say something about it, oldest first."""
    found: dict[str, set[str]] = defaultdict(set)
    for claim in kb.claims:
        for end in (claim.subject, claim.object):
            if end is not None:
                found[end].update(claim.sources)
    for entity in kb.entities.values():
        found[entity.id].update(e.source for e in entity.evidence)
    return {e: sorted(found[e], key=kb.source_order) for e in kb.entities}


def _curves(links: list[tuple]) -> dict[str, float]:
    """A roundness per edge so that parallel edges fan out: 0 for the first of a pair,
    then ±0.2, ±0.4...; the sign is for the pair's sorted direction, so claims written
    either way round still fan out on alternate sides."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    curves = {}
    for u, v, key, _ in links:
        pair = (u, v) if u <= v else (v, u)
        i = seen[pair]
        seen[pair] += 1
        bend = CURVE * ((i + 1) // 2) * (1 if i % 2 else -1) if i else 0.0
        curves[key] = round(bend if (u, v) == pair else -bend, 2) or 0.0  # never -0.0
    return curves
