"""The graph as a pyvis Network styled like the site, and any pyvis Network saved as one
offline page.

:func:`to_pyvis` (also ``kg.to_pyvis``) returns a :class:`pyvis.network.Network` of the
whole graph or of an ego network, to change the ways pyvis users know (``net.nodes``,
``net.toggle_physics``, ``net.show_buttons``...). It draws what the site draws: the same
colour and shape per kind and colour per relation category (:mod:`foip_graph.site.style`,
so the site's legend explains it), the same labels, sizes and fanned-out parallel edges
(:func:`foip_graph.site.graphdata.graph_data`) and the same positions
(:mod:`foip_graph.site.layout`: rings around the centre of an ego network, ForceAtlas2
otherwise); derived links, which no document states, are dashed. vis-network's physics settles :data:`PHYSICS_NODES` nodes in about 2.5 s but
500 in 23 s (TOOLCHAIN.md), so a bigger graph keeps the computed positions with physics
off, and a smaller one starts its physics from them.

:func:`save_pyvis` writes any Network as one HTML file that loads nothing from the
network: vis-network (and, for pyvis's menus, tom-select and pyvis's ``utils.js``) inlined
from pyvis's own package data, no Bootstrap, no CDN, and a Content-Security-Policy that
forbids any other script or any request. pyvis's own ``write_html`` and ``show`` link
Bootstrap or vis-network from a CDN in each of their ``cdn_resources`` modes.

Every title and label is plain text. vis-network shows a string title as text; pyvis's
own page renders node titles as HTML once any node title contains ``href`` (its "link
popup"), so :func:`to_pyvis` writes that word with an invisible word joiner (U+2060) and
pyvis's own page keeps our titles as text too. :func:`save_pyvis` never renders a title,
label or heading as HTML, whoever made the Network.

>>> import foip_graph
>>> net = foip_graph.load().to_pyvis("Palau")
>>> len(net.nodes), len(net.edges)
(4, 4)
>>> palau = net.get_node("palau")
>>> palau["shape"], palau["color"]["background"], palau["title"].splitlines()[1]
('dot', '#1f77b4', 'Country · 3 links')
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from importlib import resources
from math import sqrt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .dates import PartialDate
from .model import Claim
from .site.graphdata import entity_sources, graph_data
from .site.layout import force, radial
from .site.safejson import script_json
from .site.style import CATEGORIES, KINDS
from .vocabulary import VOCABULARY

if TYPE_CHECKING:  # pyvis pulls in IPython: imported on first use, so `import foip_graph` stays quick
    from pyvis.network import Network

    from .query import KnowledgeGraph

PHYSICS_NODES = 100  # the most nodes drawn with physics on
HUGE_EDGES = 2000  # above this, edges are straight and hidden while dragging (as on the site)
GENERATOR = '<meta name="generator" content="foip-graph save_pyvis">'
WORD_JOINER = "\u2060"

_PYVIS_LIB = ("templates", "lib")
_VIS = (*_PYVIS_LIB, "vis-9.1.2")
_IMAGE_KEYS = ("image", "brokenImage")


# ---------------------------------------------------------------- to_pyvis


def to_pyvis(kg: KnowledgeGraph, center: str | None = None, *, radius: int = 1,
             kinds: Iterable[str] | str | None = None, sources: Iterable[str] | str | None = None,
             as_of: str | PartialDate | None = None, derived: bool = True,
             **network_options: Any) -> Network:
    """A styled :class:`pyvis.network.Network` of the graph, or of the entities within
    ``radius`` links of ``center`` (an id, name or alias).

    ``kinds`` keeps the entities of those kinds; ``sources`` keeps the claims with
    evidence from those sources and the entities they name; ``as_of`` keeps the claims
    that hold on that date, by the rule of :meth:`KnowledgeGraph.claims` (and of
    :meth:`KnowledgeGraph.basis` for derived links; entities all stay). ``derived=False``
    leaves out the derived links (a person linked to a state through an office they hold,
    which no document states): they are drawn dashed, their titles say what they come
    from. The filters apply first, then the ego network is taken, so it stays connected
    through what is kept. ``network_options`` go to ``pyvis.network.Network`` (``height``,
    ``width``, ``bgcolor``, ``heading``, ``select_menu``, ``filter_menu``...); the Network
    is always directed, one edge per claim, symmetric relations drawn without arrows.

    Each node carries its ``kind``; each edge its ``id`` (the claim), ``predicate``,
    ``category``, ``sources`` and ``derived``, so they can be restyled or filtered by
    those. Titles (the tooltips) are plain text: an entity's name, kind, number of links
    and description; a claim in words, its time, stance and role, the claims a derived
    link comes from, and the first quote with its source's title and date.
    """
    from pyvis.network import Network

    if "directed" in network_options:
        raise TypeError("to_pyvis() draws one edge per claim, so its Network is always directed "
                        "(symmetric relations have no arrow head): leave out directed=")
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise ValueError(f"radius must be a whole number of links, 0 or more, not {radius!r}")
    G = _selection(kg, _names(kinds, "kinds", VOCABULARY.kinds),
                   _names(sources, "sources", kg.kb.sources), as_of, derived)
    if center is None:
        positions = force(G)
    else:
        entity = kg.entity(center)
        if entity.id not in G:
            named = ", ".join(entity_sources(kg.kb)[entity.id]) or "no source"
            raise ValueError(f"{entity.name} ({entity.id}) is the center, but kinds= or sources= "
                             f"leaves it out (its kind: {entity.kind}; named by: {named})")
        near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), entity.id,
                                                     cutoff=radius)
        G = _induced(G, near)
        positions = radial(G, entity.id, near, _order(kg, near)) if radius <= 2 else force(G)
    data = graph_data(G, positions, labels=True)
    net = Network(directed=True, **network_options)
    _add_nodes(net, kg, data["nodes"])
    _add_edges(net, kg, data)
    if len(net.nodes) > PHYSICS_NODES:
        net.toggle_physics(False)
    if len(net.edges) > HUGE_EDGES:
        net.toggle_hide_edges_on_drag(True)
    return net


def _names(given: Iterable[str] | str | None, what: str, valid: Iterable[str]) -> set[str] | None:
    """A filter's names (one name or several), each checked against ``valid``."""
    if given is None:
        return None
    names = {given} if isinstance(given, str) else set(given)
    valid = list(valid)
    if not names:
        raise ValueError(f"{what}= names nothing; leave it out to keep them all ({', '.join(valid)})")
    unknown = sorted(names.difference(valid))
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; {what}: {', '.join(valid)}")
    return names


def _selection(kg: KnowledgeGraph, kinds: set[str] | None, sources: set[str] | None,
               as_of: str | PartialDate | None, derived: bool) -> nx.MultiDiGraph:
    """The network with only the kinds, sources, date and derived links asked for."""
    G = kg.network
    links = kg.kb.derived if derived else []
    claims = None if derived else {c.id for c in kg.kb.claims}
    if as_of is not None:
        held = {c.id for c in kg.claims(as_of=as_of)} | {d.id for d in links if kg.basis(d, as_of) is not None}
        claims = held if claims is None else claims & held
    named = None
    if sources is not None:
        stated = {c.id for s in sources for c in kg.claims(source=s)}
        stated |= {d.id for d in links if sources.intersection(d.sources)}
        claims = stated if claims is None else claims & stated
        named = {e for e, found in entity_sources(kg.kb).items() if sources.intersection(found)}
    return _induced(G, [n for n, kind in G.nodes(data="kind")
                        if (kinds is None or kind in kinds) and (named is None or n in named)], claims)


def _induced(G: nx.MultiDiGraph, nodes: Iterable[str], claims: set[str] | None = None) -> nx.MultiDiGraph:
    """The entities ``nodes`` and the claims among them (only ``claims``, if given), both
    in ``G``'s order: a networkx subgraph view of a few nodes iterates a set, whose order
    changes with PYTHONHASHSEED, and so would the page's bytes."""
    keep = set(nodes)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, attrs) for n, attrs in G.nodes(data=True) if n in keep)
    H.add_edges_from((u, v, key, attrs) for u, v, key, attrs in G.edges(keys=True, data=True)
                     if u in keep and v in keep and (claims is None or key in claims))
    return H


def _order(kg: KnowledgeGraph, ids: Iterable[str]) -> dict[str, tuple]:
    """The ring order of an ego network, as on the site: kind in registry order, then name."""
    kinds = {k: i for i, k in enumerate(VOCABULARY.kinds)}
    entities = kg.kb.entities
    return {i: (kinds[entities[i].kind], entities[i].name.casefold(), i) for i in ids}


def _add_nodes(net: Network, kg: KnowledgeGraph, nodes: list[dict]) -> None:
    """Nodes as ``graph.js`` draws them: kind's colour and shape, size and label by degree."""
    threshold = 12 if len(nodes) > 150 else 10 if len(nodes) > 60 else 5
    for n in nodes:
        look = KINDS[n["kind"]]
        entity = kg.kb.entities[n["id"]]
        links = f"{n['degree']} link{'' if n['degree'] == 1 else 's'}"
        net.add_node(n["id"], label=n["label"], shape=look.shape, color=_node_colour(look.color),
                     title=inert("\n".join((entity.name, f"{look.label} · {links}", entity.description))),
                     x=n["x"], y=n["y"], size=min(45, round(10 + 3 * sqrt(n["degree"]))),
                     borderWidth=1, scaling={"label": {"drawThreshold": threshold}}, kind=n["kind"])
        # pyvis replaces a node's font with {"color": font_color} when the Network has one
        net.get_node(n["id"])["font"] = {
            "size": min(30, round(13 + 2 * sqrt(n["degree"]))), "color": net.font_color or "#1a1a1a",
            "strokeWidth": 3, "strokeColor": "#ffffff"}


def _node_colour(color: str) -> dict:
    return {"background": color, "border": color, "highlight": {"background": color, "border": "#111"},
            "hover": {"background": color, "border": "#111"}}


def _add_edges(net: Network, kg: KnowledgeGraph, data: dict) -> None:
    """Edges as ``graph.js`` draws them: category's colour, label, arrow unless symmetric,
    parallel claims curved apart."""
    huge = len(data["edges"]) > HUGE_EDGES
    threshold = 9 if len(data["edges"]) > 60 else 5
    for e in data["edges"]:
        color = CATEGORIES[e["category"]].color
        curve = e["curve"]
        smooth = ({"enabled": True, "type": "curvedCW" if curve > 0 else "curvedCCW", "roundness": abs(curve)}
                  if curve and not huge else False)
        claim = kg.kb.by_id[e["id"]]
        net.add_edge(e["from"], e["to"], id=e["id"], label=e["label"], title=_claim_title(kg, claim),
                     color={"color": color, "highlight": color, "hover": color, "opacity": 0.75},
                     arrows={"to": {"enabled": e["arrow"], "scaleFactor": 0.5}}, smooth=smooth, width=1.2,
                     dashes=claim.derived,
                     font={"size": 11, "color": "#444444", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "align": "middle"},
                     scaling={"label": {"drawThreshold": threshold}},
                     predicate=claim.predicate, category=e["category"], sources=e["sources"],
                     derived=claim.derived)


def _claim_title(kg: KnowledgeGraph, claim: Claim) -> str:
    """A claim in words, its time, stance and role, what a derived link comes from, and
    its first quote with that quote's source."""
    details = " · ".join(v for v in (_when(claim), claim.stance, claim.role) if v)
    first = claim.evidence[0]
    source = kg.kb.sources[first.source]
    lines = [_in_words(kg, claim), details]
    if claim.derived:
        lines.append("Derived, not stated: " + "; ".join(_in_words(kg, c) for c in kg.chain(claim)))
    lines += [f"“{first.quote}”", f"— {source.title} ({source.date})"]
    others = [kg.kb.sources[s].title for s in claim.sources if s != first.source]
    if others:
        lines.append(f"Also in: {'; '.join(others)}")
    return "\n".join(line for line in lines if line)


def _in_words(kg: KnowledgeGraph, claim: Claim) -> str:
    entities = kg.kb.entities
    return (f"{entities[claim.subject].name} {VOCABULARY.predicate(claim.predicate).label} "
            f"{entities[claim.object].name}")


def _when(claim: Claim) -> str:
    """A claim's time qualifiers in words: "2020-01", "2019-09-11 – 2021", "from 2002",
    "began by 2019", "observed 2025-10-28"..."""
    if claim.start and claim.end:
        span = f"{claim.start} – {claim.end}"
    else:
        span = f"from {claim.start}" if claim.start else f"until {claim.end}" if claim.end else ""
    return " · ".join(part for part in (
        str(claim.date or ""), span,
        f"began by {claim.started_by}" if claim.started_by else "",
        f"ended by {claim.ended_by}" if claim.ended_by else "",
        f"observed {', '.join(str(o.date) for o in claim.observed)}" if claim.observed else "") if part)


def inert(text: str) -> str:
    """``text`` as it reads, but never the word pyvis's own page takes as a sign of HTML.

    >>> inert('<a href="x">') == '<a h\\u2060ref="x">'
    True
    """
    return text.replace("href", "h" + WORD_JOINER + "ref")


# ---------------------------------------------------------------- save_pyvis


def save_pyvis(net: Network, path: Path | str, *, overwrite: bool = False) -> Path:
    """Write ``net`` as one self-contained HTML page at ``path`` and return the path.

    The page works from disk with no network: vis-network and everything else it needs
    are inside it. It draws the Network's nodes, edges and options, its heading and size,
    and pyvis's ``show_buttons``, ``neighborhood_highlight``, ``select_menu``,
    ``filter_menu`` and ``from_DOT``; a custom pyvis template is not used. Titles, labels
    and the heading are shown as text, never as HTML. Node images must be ``data:`` URIs
    (anything else would be a request).

    The page is written to a temporary file beside ``path``, then moved into place. An
    existing file is replaced only when it is a page ``save_pyvis`` wrote (so a notebook
    cell can run again) or when ``overwrite=True``; any other file raises
    :class:`FileExistsError`. Missing parent folders are created. The same Network gives
    the same bytes.
    """
    from pyvis.network import Network

    if not isinstance(net, Network):
        raise TypeError(f"save_pyvis() takes a pyvis.network.Network, not {type(net).__name__}")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give the path of the HTML file to write")
    if path.exists() and not overwrite and not _ours(path):
        raise FileExistsError(f"{path} exists and is not a page save_pyvis wrote; pass overwrite=True "
                              "to replace it, or choose another path")
    images = list(_remote_images(net))
    if images:
        where, value = images[0]
        raise ValueError(f"{path}: {where} shows the image {value!r}, which the page would have to "
                         f"fetch ({len(images)} such image{'s' if len(images) > 1 else ''}); save_pyvis "
                         "writes pages that load nothing: give images as data: URIs")
    try:
        document = html_page(net)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{path}: the Network holds a value a page cannot carry ({error}); node, "
                          "edge and option values must be JSON (convert numpy numbers with int() or "
                          "float(), leave out NaN)") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, document)
    return path


def html_page(net: Network) -> str:
    """The self-contained HTML document of a pyvis Network (see :func:`save_pyvis`)."""
    menus = bool(net.select_menu or net.filter_menu)
    scripts = [_pyvis_asset(*_VIS, "vis-network.min.js")]
    styles = [_pyvis_asset(*_VIS, "vis-network.css")]
    if menus:
        scripts.append(_pyvis_asset(*_PYVIS_LIB, "tom-select", "tom-select.complete.min.js"))
        styles.append(_pyvis_asset(*_PYVIS_LIB, "tom-select", "tom-select.css"))
    if menus or net.neighborhood_highlight:
        scripts.append(_pyvis_asset(*_PYVIS_LIB, "bindings", "utils.js"))
    scripts.append(_own_asset("pyvis_page.js"))
    styles.append(_own_asset("pyvis_page.css"))
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in scripts)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    heading = str(net.heading or "")
    return "".join([
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n', GENERATOR, "\n",
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(heading or 'Network')}</title>\n",
        *(f"<style>{s}</style>\n" for s in styles), "</head>\n<body>\n",
        f"<h1>{html.escape(heading)}</h1>\n" if heading else "",
        '<div id="menus"></div>\n<div id="stage"><div id="mynetwork"></div><div id="config"></div></div>\n',
        '<p id="progress" hidden></p>\n',
        f'<script type="application/json" id="network-data">{script_json(_spec(net))}</script>\n',
        *(f"<script>{s}</script>\n" for s in scripts), "</body>\n</html>\n",
    ])


def _spec(net: Network) -> dict:
    """What the page's script needs, as JSON: the same values pyvis gives its template."""
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    physics = options.get("physics", {}).get("enabled", True)
    return {
        "width": _css_size(net.width), "height": _css_size(net.height), "bgcolor": str(net.bgcolor),
        "nodes": net.nodes, "edges": net.edges, "options": options, "physics": bool(physics),
        # pyvis escapes the quotes of DOT text for a JavaScript string literal: undone here
        "dot": net.dot_lang.replace('\\"', '"') if net.use_DOT else None,
        "configure": bool(net.conf), "neighborhoodHighlight": bool(net.neighborhood_highlight),
        "selectMenu": bool(net.select_menu), "filterMenu": bool(net.filter_menu),
    }


def _css_size(size: Any) -> str:
    """pyvis sizes are CSS lengths ("600px", "100%") or numbers of pixels."""
    return f"{size}px" if isinstance(size, (int, float)) else str(size)


def _remote_images(net: Network) -> Iterator[tuple[str, str]]:
    """Every image a node or the options would load from somewhere (not a data: URI)."""
    def walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in _IMAGE_KEYS:
                    for url in (inner.values() if isinstance(inner, dict) else [inner]):
                        if isinstance(url, str) and url and not url.startswith("data:"):
                            yield where, url
                else:
                    yield from walk(inner, where)
    for node in net.nodes:
        yield from walk(node, f"node {node.get('id')!r}")
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    yield from walk(options, "the options")


def _pyvis_asset(*parts: str) -> str:
    return resources.files("pyvis").joinpath(*parts).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _ours(path: Path) -> bool:
    """Whether ``path`` is a page save_pyvis wrote (its head names the generator)."""
    try:
        with path.open("rb") as stream:
            return GENERATOR.encode() in stream.read(512)
    except OSError:
        return False


def _write_atomic(path: Path, text: str) -> None:
    """Write a temporary file beside ``path`` (permissions as the umask says, like any new
    file), then move it into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
