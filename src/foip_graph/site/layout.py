"""Node positions computed in Python, so the browser draws at once with physics off.

vis-network's live physics takes about a minute to settle 1,000 nodes in headless
Chromium (see TOOLCHAIN.md), so every graph on the site ships its positions: a
force-directed layout (ForceAtlas2, fixed seed) for whole graphs and subgraphs, concentric
rings for ego networks. Coordinates are rounded to whole pixels, so two builds give the
same bytes.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("b", "c")])
>>> force(G) == force(G)
True
>>> radial(G, "a", {"a": 0, "b": 1, "c": 1}, {n: "x" for n in G})["a"]
(0, 0)
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

SEED = 7
SPACING = 80  # pixels per node, roughly, along each axis of a force layout
ITERATIONS, ITERATIONS_MIN, WORK = 200, 30, 100_000  # fewer iterations for big components
# networkx's ForceAtlas2 holds an n × n × 2 array (128 MB at 4,000 nodes, 7.5 GB at
# 31,000): a bigger component is laid out from its best-connected nodes (_backbone).
DENSE = 4_000
# Strong, weak gravity and more repulsion than ForceAtlas2's defaults: hubs stay central
# without pulling their many leaves into one blot.
GAP = 70  # pixels between neighbours on a ring
RING = 300  # the smallest ring radius

Positions = dict[str, tuple[int, int]]


def force(G: nx.MultiDiGraph, seed: int = SEED) -> Positions:
    """A ForceAtlas2 layout of each connected component (directions and parallel edges
    ignored), scaled so that nodes sit about ``SPACING`` pixels apart; the largest
    component comes first and the others are packed in rows beneath it, so a stray pair
    does not squeeze the rest into a corner."""
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    parts = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c))
    pos: dict[str, tuple[float, float]] = {}
    left = right = bottom = 0.0
    x = y = row = 0.0
    for i, part in enumerate(parts):
        placed = _component(_induced(H, part), seed)  # id order: G's may follow the hash seed
        xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        if i == 0:
            dx, dy = 0.0, 0.0
            left, right, bottom = min(xs), max(xs), max(ys)
            x, y = left, bottom + 2 * SPACING
        else:
            if x > left and x + width > right:
                x, y, row = left, y + row + 2 * SPACING, 0.0
            dx, dy = x - min(xs), y - min(ys)
            x, row = x + width + 2 * SPACING, max(row, height)
        pos.update({n: (px + dx, py + dy) for n, (px, py) in placed.items()})
    return {n: (round(px), round(py)) for n, (px, py) in pos.items()}


def _component(H: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected component's layout, centred on 0 and about ``SPACING * sqrt(n)``
    pixels across."""
    n = len(H)
    if n <= 2:
        return {node: (i * SPACING * 4.0, 0.0) for i, node in enumerate(H)}
    if n > DENSE:
        return _backbone(H, seed)
    raw = nx.forceatlas2_layout(H, seed=seed, max_iter=max(ITERATIONS_MIN, min(ITERATIONS, WORK // n)),
                                strong_gravity=True, gravity=0.05, scaling_ratio=5.0)
    xs, ys = [float(p[0]) for p in raw.values()], [float(p[1]) for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    scale = SPACING * math.sqrt(n) / 2 / half
    return {node: ((float(p[0]) - cx) * scale, (float(p[1]) - cy) * scale) for node, p in raw.items()}


def _induced(H: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph of ``nodes``, which it iterates in the order given. (A networkx
    subgraph view of a few of a graph's nodes iterates a set, whose order changes with
    PYTHONHASHSEED, and ForceAtlas2's seeded start follows the order of the nodes.)"""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((u, v) for u, v in H.edges(nodes) if v in keep)
    return sub


def _backbone(H: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """A component too big for :data:`DENSE`: its ``DENSE`` best-connected nodes laid out
    by :func:`force` (ForceAtlas2 for each of their components), then, breadth first, the nodes each placed node reaches: fanned out
    beyond it, away from the centre or from the node that reached it. Memory stays
    linear in the graph."""
    core = sorted(H, key=lambda v: (-H.degree(v), v))[:DENSE]
    pos: dict[str, tuple[float, float]] = dict(force(_induced(H, sorted(core)), seed))
    heading: dict[str, float] = {}
    queue = deque(sorted(core))
    while queue:
        parent = queue.popleft()
        px, py = pos[parent]
        children = [v for v in sorted(H.neighbors(parent)) if v not in pos]
        m = len(children)
        if not m:
            continue
        if m * GAP <= math.pi * SPACING:  # a half circle of radius SPACING holds them
            radius, step = SPACING, GAP / SPACING
        else:
            radius, step = max(SPACING, m * GAP / (2 * math.pi)), 2 * math.pi / m
        away = heading.get(parent, math.atan2(py, px))
        for i, node in enumerate(children):
            angle = heading[node] = away + (i - (m - 1) / 2) * step
            r = radius * (1.2 if i % 2 else 1.0)  # staggered: cousins' fans do not coincide
            pos[node] = (px + r * math.cos(angle), py + r * math.sin(angle))
            queue.append(node)
    return pos


def radial(G: nx.MultiDiGraph, centre: str, distance: dict[str, int],
           order: dict[str, str]) -> Positions:
    """An ego network on rings: ``centre`` in the middle, nodes at distance 1 on a ring
    sorted by ``order`` (a sort key per node), nodes at distance 2 on an outer ring next
    to the first neighbour that links them in."""
    first = sorted((n for n, d in distance.items() if d == 1), key=lambda n: (order[n], n))
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    inner = max(RING, len(first) * GAP / (2 * math.pi))
    angle: dict[str, float] = {}
    stagger = len(first) > 8  # alternate radii give crowded labels room
    for i, n in enumerate(first):
        angle[n] = 2 * math.pi * i / max(len(first), 1) - math.pi / 2
        r = inner * (1.12 if stagger and i % 2 else 1.0)
        pos[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))
    rank = {n: i for i, n in enumerate(first)}
    parent = {n: min((m for m in (*G.successors(n), *G.predecessors(n)) if m in rank),
                     key=rank.__getitem__)
              for n, d in distance.items() if d == 2}
    second = sorted(parent, key=lambda n: (rank[parent[n]], order[n], n))
    if second:
        outer = max(inner * 1.12 + RING, len(second) * GAP / (2 * math.pi))
        step = 2 * math.pi / len(second)
        offsets = [angle[parent[n]] - i * step for i, n in enumerate(second)]
        turn = math.atan2(sum(map(math.sin, offsets)), sum(map(math.cos, offsets)))
        for i, n in enumerate(second):
            a = turn + i * step
            pos[n] = (outer * math.cos(a), outer * math.sin(a))
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}
