"""Graphs as the data the browser script draws: nodes with positions, edges with words.

:func:`graph_view` is what the site's pages draw: one edge per linked pair of entities,
carrying every claim between them (the panel lists them; no fan of parallel curves),
each claim with what the filters need (predicate, sources, direction, the days it spans).
:func:`graph_data` (one edge per claim, parallel claims fanned out) is what the notebook's
pyvis view draws.

The data holds plain text only; ``graph.js`` builds tooltips and panels from it with
``textContent``, never as HTML. Colours and shapes are looked up by kind and category in
:func:`~foip_graph.site.style.styles`, sent once per graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import networkx as nx

from ..kb import KnowledgeBase, holding_key
from ..model import Claim, Source
from ..vocabulary import VOCABULARY
from .layout import Positions
from .safejson import Encoded, dumps
from .style import styles
from .words import holds, iso_period, short_title

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


class Fact(NamedTuple):
    """What every page that shows a claim repeats: its sources, the days it spans
    (:func:`~.words.iso_period`), whether it is derived, and the windows of the date
    filter's ranges that keep it (:func:`~.words.holds`)."""

    sources: tuple[str, ...]
    span: tuple[str, str] | None
    derived: bool
    holds: tuple[str, ...]


Facts = dict[str, Fact]


def fact(kb: KnowledgeBase, claim: Claim) -> Fact:
    """One claim's :class:`Fact` (a site works out each claim's once, not once per page
    that draws it: :func:`~.cache.kept_facts`); it is read with the other claims of its
    holding (``kb.holdings``), as every ``as_of`` answer is."""
    return Fact(claim.sources, iso_period(claim), claim.derived, holds(claim, kb.holdings[holding_key(claim)]))


def graph_view(kb: KnowledgeBase, G: nx.MultiDiGraph, positions: Positions, *,
               facts: Facts, claims_of: dict[str, int], shards: int, edge_labels: bool,
               focus: str | None = None, distance: dict[str, int] | None = None,
               groups: dict[str, tuple[str, int]] | None = None, sectors: list[dict] | None = None,
               collapsed: bool = False, keep: int = 0,
               node_sources: dict[str, list[str]] | None = None,
               pages: frozenset[tuple[str, str]] = frozenset(), memo: dict | None = None) -> dict:
    """The JSON-ready description of ``G`` for ``graph.js``'s pages.

    ``facts`` is each claim's :func:`fact`. Nodes come in id order, with their
    number of claims in the whole dataset
    (``claims_of``: their size, and the order their labels are given room in).
    Edges are the linked pairs in order, each with its claims in dataset order as
    ``[id, predicate, source indexes, direction, derived, windows]``
    (direction 1: from ``from`` to ``to``, -1 the other way, 0 symmetric; derived 1 for
    a link no document states, inferred from others; the date filter's windows of
    :func:`~.words.holds`, only when a date range can keep the claim); the sources are
    those the graph names, oldest first. ``pages``
    are the pairs that have a relationship page.

    Ego networks add each node's ``distance`` from ``focus``, its group (the category
    of its link to the focus) and rank in the group, the ``sectors`` (one per group,
    with label positions) and whether the groups start ``collapsed`` to their first
    ``keep`` nodes. ``node_sources`` lets the overview hide an entity whose sources
    are all unchecked. ``memo`` (a dict kept from graph to graph) keeps each claim's
    entry and each edge with its JSON for the next graph that shows the same sources: a
    claim is on the graph of every entity page within two links of it. The data is
    :class:`~.safejson.Encoded`, its edges' JSON known.
    """
    order = kb.order
    links = sorted(((u, v, key, attrs["predicate"]) for u, near in G._succ.items()  # G.edges(keys=True, data=...)
                    for v, claims in near.items() for key, attrs in claims.items()), key=lambda e: order[e[2]])
    used = {s for *_, key, _ in links for s in facts[key].sources}
    if node_sources is not None:
        used.update(s for n in G for s in node_sources[n])
    shown = [s for s in kb.sources.values() if s.id in used] if len(used) < len(kb.sources) else list(kb.sources.values())
    source_index = {s.id: i for i, s in enumerate(shown)}
    entries = {} if memo is None else memo.setdefault("entries", {}).setdefault(tuple(source_index), {})
    nodes = []
    for n, attrs in sorted(G.nodes(data=True)):
        node = {"id": n, "label": attrs["name"], "kind": attrs["kind"],
                "x": positions[n][0], "y": positions[n][1], "claims": claims_of[n]}
        if distance is not None:
            node["dist"] = distance[n]
        if groups is not None and n in groups:
            node["group"], node["rank"] = groups[n]
        if node_sources is not None:
            node["sources"] = [source_index[s] for s in node_sources[n]]
        nodes.append(node)
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    predicates = set()
    for u, v, key, name in links:
        pair = (u, v) if u <= v else (v, u)
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = claim_entry(key, name, u == pair[0], facts[key], source_index)
        pairs[pair].append(entry)
        predicates.add(name)
    kept = {} if memo is None else memo.setdefault("edges", {}).setdefault(tuple(source_index), {})
    edges, texts = [], []
    for (a, b), claims in sorted(pairs.items()):
        known = kept.get((a, b))
        if known is None or known[0]["claims"] != claims:  # the same entries: the same objects
            edge = {"id": f"{a} {b}", "from": a, "to": b, "claims": claims}
            if (a, b) in pages:
                edge["page"] = 1
            known = kept[a, b] = (edge, dumps(edge))
        edges.append(known[0])
        texts.append(known[1])
    data = {"focus": focus, "edgeLabels": edge_labels, "nodes": nodes, "edges": edges,
            "sources": [source_entry(s) for s in shown],
            "predicates": {name: predicate_entry(name) for name in sorted(predicates)},
            "styles": styles(), "shards": shards}
    if sectors is not None:
        data.update(sectors=sectors, collapsed=collapsed, keep=keep)
    return Encoded(data, {"edges": f"[{','.join(texts)}]"})


def claim_entry(key: str, name: str, forward: bool, fact: Fact, source_index: dict[str, int]) -> list:
    """A claim as :func:`graph_view` lists it under its pair: ``forward`` when its subject
    is the pair's first (smaller) id."""
    direction = 0 if VOCABULARY.predicate(name).symmetric else (1 if forward else -1)
    return [key, name, [source_index[s] for s in fact.sources], direction, int(fact.derived),
            *([list(fact.holds)] if fact.holds else [])]


def source_entry(source: Source) -> dict:
    return {"id": source.id, "title": source.title, "short": short_title(source.title),
            "publisher": source.publisher, "date": str(source.date)}


def predicate_entry(name: str) -> dict:
    p = VOCABULARY.predicate(name)
    return {"label": p.label, "inverse": p.inverse_label, "category": p.category,
            "symmetric": p.symmetric}


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
