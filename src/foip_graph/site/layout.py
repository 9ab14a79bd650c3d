"""Node positions computed in Python, so the browser draws at once with physics off.

vis-network's live physics takes about a minute to settle 1,000 nodes in headless
Chromium (see TOOLCHAIN.md), so every graph on the site ships its positions: a
force-directed layout (ForceAtlas2, fixed seed) for whole graphs and subgraphs, sectors
for the site's ego networks (concentric rings for the notebook's pyvis view).
Coordinates are rounded to whole pixels, so two builds give the same bytes.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("b", "c")])
>>> force(G) == force(G)
True
>>> radial(G, "a", {"a": 0, "b": 1, "c": 1}, {n: "x" for n in G})["a"]
(0, 0)
>>> pos, labels = sectors("a", [("x", ["b"]), ("y", ["c"])])
>>> pos["a"], len(labels)
((0, 0), 2)
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
FIRST_ARC, ARC_STEP = 240, 95  # pixels from the centre to a sector's first arc, between arcs
SECTOR_GAP = 0.14  # radians left empty between two sectors
CHAR = 7.5  # pixels per character of a sector's label, to keep it clear of the arcs
LABEL_OUT = 120  # pixels from a sector's last arc out to its label
PER_ROW = 4  # entities in a row beneath a pair

Positions = dict[str, tuple[int, int]]
KEPT = None  # a site build's cache.Layouts while it runs: force layouts kept by their graph


def force(G: nx.MultiDiGraph, seed: int = SEED) -> Positions:
    """:func:`forceatlas2`, or the same layout from :data:`KEPT` when a build keeps one of
    this very graph."""
    if KEPT is None:
        return forceatlas2(G, seed)
    return KEPT.get(G, seed, lambda: forceatlas2(G, seed))


def forceatlas2(G: nx.MultiDiGraph, seed: int = SEED) -> Positions:
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
    pos: dict[str, tuple[float, float]] = dict(forceatlas2(_induced(H, sorted(core)), seed))
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


def sectors(centre: str, groups: list[tuple[str, list[str]]], keep: int = 3,
            label_chars: dict[str, int] | None = None,
            first: dict[str, int] | None = None) -> tuple[Positions, dict[str, tuple]]:
    """An ego network in sectors: ``centre`` in the middle; each group (a name and its
    nodes, the most important first) gets a slice of the circle in proportion to its
    size, and its nodes fill arcs across the slice from the centre outwards, so the first
    ones sit nearest the centre and a hub's hundred neighbours take a few arcs, not one
    huge ring.

    ``first`` (per group) is how many of its nodes are the direct links, which come
    first: they alone decide the sector's width, and the links of links beyond them
    take its outer arcs.

    Returns the positions and, per group, two places for its label: beyond the arc of
    its last direct link, and beyond the arc of its ``keep``-th node (where it goes while
    only the first ``keep`` are shown). ``label_chars`` (the longest label of each
    group) moves a label on the left or right of the circle outwards by half its width.
    """
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    labels: dict[str, tuple] = {}
    first = first or {name: len(nodes) for name, nodes in groups}
    weights = [max(first[name], 2) for name, _ in groups]
    free = 2 * math.pi - (SECTOR_GAP * len(groups) if len(groups) > 1 else 0.0)
    angle = -math.pi / 2 - (free * weights[0] / sum(weights) / 2 if groups else 0.0)
    for (name, nodes), weight in zip(groups, weights):
        span = free * weight / sum(weights)
        arcs = _arcs(len(nodes), span)
        i = 0
        for arc, count in enumerate(arcs):
            radius = FIRST_ARC + arc * ARC_STEP
            for j in range(count):
                a = angle + span * (j + 0.5) / count
                pos[nodes[i]] = (radius * math.cos(a), radius * math.sin(a))
                i += 1
        middle = angle + span / 2
        width = CHAR * (label_chars or {}).get(name, len(name)) / 2
        labels[name] = tuple(_label_at(middle, FIRST_ARC + (_arcs_holding(arcs, n) - 1) * ARC_STEP + LABEL_OUT, width)
                             for n in (first[name], min(keep, first[name])))
        angle += span + (SECTOR_GAP if len(groups) > 1 else 0.0)
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}, labels


def between(a: str, b: str, shared: list[str]) -> Positions:
    """A pair side by side, ``a`` on the left, and the entities both link to in rows
    beneath them, in the order given (so the line between the pair stays clear).

    >>> between("a", "b", ["c", "d"])
    {'a': (-320, 0), 'b': (320, 0), 'c': (-80, 160), 'd': (80, 160)}
    """
    pos = {a: (-4 * SPACING, 0), b: (4 * SPACING, 0)}
    for i, n in enumerate(shared):
        row, col = divmod(i, PER_ROW)
        in_row = min(PER_ROW, len(shared) - row * PER_ROW)
        pos[n] = (round((col - (in_row - 1) / 2) * 2 * SPACING), 2 * SPACING + row * SPACING * 5 // 4)
    return pos


def _arcs(n: int, span: float) -> list[int]:
    """How many of ``n`` nodes go on each arc of a sector ``span`` radians wide."""
    counts = []
    while n > 0:
        radius = FIRST_ARC + len(counts) * ARC_STEP
        room = max(1, int(span * radius / GAP))
        counts.append(min(room, n))
        n -= counts[-1]
    return counts


def _arcs_holding(arcs: list[int], keep: int) -> int:
    """The number of arcs the first ``keep`` nodes take."""
    total = 0
    for i, count in enumerate(arcs, 1):
        total += count
        if total >= keep:
            return i
    return len(arcs)


def _label_at(angle: float, radius: float, half_width: float) -> tuple[int, int]:
    x, y = radius * math.cos(angle), radius * math.sin(angle)
    return (round(x + math.copysign(half_width, x) * abs(math.cos(angle))), round(y))
