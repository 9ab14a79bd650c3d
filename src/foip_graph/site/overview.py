"""The overview of a big network: groups of closely linked entities, opened on demand.

Up to :data:`LIMIT` entities the overview draws every entity (:func:`~.graphdata.graph_view`).
Above it, a whole network is a hairball that takes seconds to draw, so the page draws
one node per group instead: the communities of the network (Louvain modularity, fixed
seed), each named after its best-connected member and sized by its members, linked by
the number of claims between two groups. A click on a group loads its members from
``assets/groups/<n>.js`` and draws them in its place (with their claims, the same
panels and filters as the small overview); the rest of the drawing moves aside to make
room.

Groups hold at most :data:`MOST` entities (a bigger community is split again, so that an
opened group reads like the curated overview); communities of fewer than :data:`FEWEST`
(isolated entities, pairs) are pooled by kind, "Countries with few links".

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("a", "x")])
>>> nx.set_node_attributes(G, "country", "kind")
>>> partition(G, most=10, fewest=1)
[(['a', 'b', 'c'], None), (['x', 'y', 'z'], None)]
>>> partition(G, most=10, fewest=4)
[(['a', 'b', 'c', 'x', 'y', 'z'], 'country')]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

from ..kb import KnowledgeBase
from ..vocabulary import VOCABULARY
from .graphdata import Facts, claim_entry, predicate_entry, source_entry
from .layout import ITERATIONS, ITERATIONS_MIN, SPACING, force
from .safejson import script_json
from .style import KINDS, styles

LIMIT = 1_000  # entities: above this, the overview shows groups
MOST = 500  # a community bigger than this is split again
FEWEST = 5  # communities smaller than this are pooled by kind
SEED = 7
FOLDER = "groups"  # under assets/
MEMBERS = "members.js"  # in FOLDER: the members of every group, for "find and focus"
GAP = 40  # pixels between an opened group's outermost members and the rest
ROOM = 1.8  # closed groups' centres are at least this many times their radii apart, for their labels
NUDGES = 60  # rounds of pushing overlapping groups apart
# ForceAtlas2 iterations for each group's members: as many as the overview of a small
# network has (200), fewer in a bigger one, so that the work stays about linear in it.
WORK = 1_000_000


def partition(G: nx.MultiDiGraph, most: int = MOST,
              fewest: int = FEWEST) -> list[tuple[list[str], str | None]]:
    """The groups of the overview, each its members in id order and, for a pool, their
    kind; the biggest first. Groups are the Louvain communities of the undirected
    network (the claims between two entities are the weight of their link); one bigger
    than ``most`` is split again (into parts of at most ``most``, by id, if Louvain keeps
    it whole); those smaller than ``fewest`` are pooled by kind. The same network gives
    the same groups whatever the hash seed: the entities are numbered in id order before
    Louvain sees them."""
    ids = sorted(G)
    at = {n: i for i, n in enumerate(ids)}
    weights: Counter = Counter()
    for u, v in G.edges():
        if u != v:
            weights[min(at[u], at[v]), max(at[u], at[v])] += 1
    H = nx.Graph()
    H.add_nodes_from(range(len(ids)))
    H.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    groups: list[tuple[list[str], str | None]] = []
    pooled = defaultdict(list)
    for part in _split(H, list(range(len(ids))), most):
        if len(part) < fewest:
            for i in part:
                pooled[G.nodes[ids[i]]["kind"]].append(ids[i])
        else:
            groups.append((sorted(ids[i] for i in part), None))
    for kind in KINDS:
        members = sorted(pooled.get(kind, []))
        groups.extend((members[i:i + most], kind) for i in range(0, len(members), most))
    return sorted(groups, key=lambda g: (-len(g[0]), g[0]))


def _split(H: nx.Graph, nodes: list[int], most: int) -> list[list[int]]:
    S = nx.Graph()
    S.add_nodes_from(nodes)
    keep = set(nodes)
    S.add_weighted_edges_from((u, v, d["weight"]) for u in nodes for v, d in H[u].items() if v in keep and u < v)
    found = sorted(sorted(c) for c in nx.community.louvain_communities(S, weight="weight", seed=SEED))
    if len(found) == 1 and len(nodes) > most:
        return [nodes[i:i + most] for i in range(0, len(nodes), most)]
    parts = []
    for c in found:
        parts.extend(_split(H, c, most) if len(c) > most else [c])
    return parts


def bubble(members: int) -> int:
    """A closed group's radius in pixels (``graph.js`` draws it so)."""
    return round(14 + 2.5 * math.sqrt(members))


def grouped_view(kb: KnowledgeBase, G: nx.MultiDiGraph, *, facts: Facts, claims_of: dict[str, int], shards: int,
                 node_sources: dict[str, list[str]],
                 pages: frozenset[tuple[str, str]] = frozenset()) -> tuple[dict, list[tuple[str, str]]]:
    """The overview's data for ``graph.js`` and the files of its groups.

    The page's data is :func:`~.graphdata.graph_view`'s with no nodes or edges but
    ``grouped``: each group (``id`` ``group:<n>``, the name of its best-connected member,
    its size, the kinds and sources of its members, its position and its radius closed
    and opened) and the links between groups (``[i, j, claims, {category: claims}]``).
    ``assets/groups/<n>.js`` holds group n's members (as graph_view's nodes, positioned
    around the group's centre) and every pair with one end among them (as graph_view's
    edges), with the name and group of each entity at their other ends;
    ``assets/groups/members.js`` the members of every group (for "find and focus",
    loaded when it is first used).
    """
    sources = list(kb.sources.values())
    source_index = {s.id: i for i, s in enumerate(sources)}
    found = partition(G)
    groups = [members for members, _ in found]
    group_of = {n: i for i, members in enumerate(groups) for n in members}
    between: dict[tuple[int, int], Counter] = defaultdict(Counter)
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for u, v, key, name in sorted(G.edges(keys=True, data="predicate"), key=lambda e: kb.order[e[2]]):
        a, b = (u, v) if u <= v else (v, u)
        pairs[a, b].append(claim_entry(key, name, u == a, facts[key], source_index))
        i, j = sorted((group_of[u], group_of[v]))
        if i != j:
            between[i, j][VOCABULARY.predicate(name).category] += 1
    edges_of: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for a, b in sorted(pairs):
        edges_of[group_of[a]].append((a, b))
        if group_of[b] != group_of[a]:
            edges_of[group_of[b]].append((a, b))
    centres = _arrange([len(m) for m in groups], between)
    iterations = max(ITERATIONS_MIN, min(ITERATIONS, WORK // len(G)))
    listed, files = [], []
    for i, (members, pool) in enumerate(found):
        local, opened = _members(G, members, iterations)
        hub = min(members, key=lambda n: (-claims_of[n], G.nodes[n]["name"].casefold(), n))
        kinds = Counter(G.nodes[n]["kind"] for n in members)
        used = {s for n in members for s in node_sources[n]}
        name = f"{VOCABULARY.kinds[pool].plural.capitalize()} with few links" if pool else G.nodes[hub]["name"]
        listed.append({"id": f"group:{i}", "name": name, "hub": hub, "size": len(members), "pooled": pool is not None,
                       "kinds": {k: kinds[k] for k in KINDS if kinds[k]},
                       "sources": [source_index[s.id] for s in sources if s.id in used],
                       "claims": sum(len(pairs[p]) for p in edges_of[i]),
                       "x": centres[i][0], "y": centres[i][1], "r": bubble(len(members)), "R": opened})
        nodes = [{"id": n, "label": G.nodes[n]["name"], "kind": G.nodes[n]["kind"], "x": local[n][0],
                  "y": local[n][1], "claims": claims_of[n], "sources": [source_index[s] for s in node_sources[n]]}
                 for n in members]
        edges, names = [], {}
        for a, b in edges_of[i]:
            edge = {"id": f"{a} {b}", "from": a, "to": b, "claims": pairs[a, b]}
            if (a, b) in pages:
                edge["page"] = 1
            edges.append(edge)
            for end in (a, b):
                if group_of[end] != i:
                    names[end] = [G.nodes[end]["name"], group_of[end]]
        shard = {"nodes": nodes, "edges": edges, "names": dict(sorted(names.items()))}
        files.append((f"{FOLDER}/{i}.js", f"foipGroup({i}, {script_json(shard)});\n"))
    links = [[i, j, sum(c.values()), dict(sorted(c.items()))] for (i, j), c in sorted(between.items())]
    data = {"focus": None, "edgeLabels": False, "nodes": [], "edges": [],
            "sources": [source_entry(s) for s in sources],
            "predicates": {name: predicate_entry(name) for name in sorted({p for *_, p in G.edges(data="predicate")})},
            "styles": styles(), "shards": shards,
            "grouped": {"groups": listed, "links": links, "limit": LIMIT,
                        "entities": G.number_of_nodes(), "claims": G.number_of_edges()}}
    files.append((f"{FOLDER}/{MEMBERS}", f"foipGroupMembers({script_json(groups)});\n"))
    return data, files


def _members(G: nx.MultiDiGraph, members: list[str], iterations: int) -> tuple[dict[str, tuple[int, int]], int]:
    """A group's members laid out, centred on 0, and the radius of the disc they take: a
    linked group by ForceAtlas2 (``iterations`` of it, with the overview's settings and
    scale), any other by :func:`~.layout.force` (its parts in rows)."""
    keep = set(members)
    H = nx.Graph()
    H.add_nodes_from(members)
    H.add_edges_from((u, v) for u in members for v in G.succ[u] if v in keep and v != u)
    if len(H) > 2 and nx.is_connected(H):
        raw = nx.forceatlas2_layout(H, seed=SEED, max_iter=iterations, strong_gravity=True, gravity=0.05,
                                    scaling_ratio=5.0)
        half = max(max(float(p[k]) for p in raw.values()) - min(float(p[k]) for p in raw.values()) for k in (0, 1)) / 2
        scale = SPACING * math.sqrt(len(H)) / 2 / (half or 1.0)
        pos = {n: (float(p[0]) * scale, float(p[1]) * scale) for n, p in raw.items()}
    else:
        pos = dict(force(nx.MultiDiGraph(H)))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    local = {n: (round(x - cx), round(y - cy)) for n, (x, y) in pos.items()}
    radius = max(math.hypot(x, y) for x, y in local.values())
    return local, round(radius) + GAP


def _arrange(sizes: list[int], between: dict[tuple[int, int], Counter]) -> list[tuple[int, int]]:
    """The groups' centres: ForceAtlas2 over the biggest connected set of groups (weighted
    by the claims between them), scaled so that neighbours sit a few bubbles apart and
    pushed apart until no two bubbles (and their labels) overlap; the other groups in
    rows beneath it."""
    n = len(sizes)
    radii = [bubble(s) for s in sizes]
    Q = nx.Graph()
    Q.add_nodes_from(range(n))
    Q.add_weighted_edges_from((i, j, sum(c.values())) for (i, j), c in sorted(between.items()))
    main = sorted(min(nx.connected_components(Q), key=lambda c: (-len(c), min(c))))
    pos = {i: [0.0, 0.0] for i in main}
    if len(main) > 1:
        raw = nx.forceatlas2_layout(Q.subgraph(main).copy(), seed=SEED, max_iter=300, weight="weight",
                                    strong_gravity=True, gravity=0.5, scaling_ratio=2.0)
        pos = {i: [float(raw[i][0]), float(raw[i][1])] for i in main}
        near = sorted(min(math.dist(pos[i], pos[j]) for j in main if j != i) for i in main)[len(main) // 2] or 1.0
        scale = 2 * ROOM * sum(radii[i] for i in main) / len(main) / near
        pos = {i: [x * scale, y * scale] for i, (x, y) in pos.items()}
        _nudge(pos, radii)
    left = min(pos[i][0] - radii[i] for i in main)
    right = max(pos[i][0] + radii[i] for i in main)
    y = max(pos[i][1] + radii[i] for i in main) + GAP
    x, row = left, 0
    for i in range(n):
        if i in pos:
            continue
        width = 2 * ROOM * radii[i]
        if x > left and x + width > right:
            x, y, row = left, y + row + GAP, 0
        pos[i] = [x + width / 2, y + ROOM * radii[i]]
        x, row = x + width + GAP, max(row, 2 * ROOM * radii[i])
    return [(round(pos[i][0]), round(pos[i][1])) for i in range(n)]


def _nudge(pos: dict[int, list[float]], radii: list[int]) -> None:
    """Push overlapping groups apart, in pairs, a few rounds."""
    ids = sorted(pos)
    for _ in range(NUDGES):
        moved = False
        for a, i in enumerate(ids):
            for j in ids[a + 1:]:
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                need = ROOM * (radii[i] + radii[j]) + GAP
                if d < need:
                    ux, uy = (dx / d, dy / d) if d > 1e-9 else (1.0, 0.0)
                    push = (need - d) / 2
                    pos[i][0] -= ux * push
                    pos[i][1] -= uy * push
                    pos[j][0] += ux * push
                    pos[j][1] += uy * push
                    moved = True
        if not moved:
            return
