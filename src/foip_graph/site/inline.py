"""An ego network drawn inline in Jupyter or VS Code, offline.

The view is one self-contained HTML document — vis-network from pyvis's package data, the
site's ``graph.js`` and the graph as JSON, all inlined — shown in a sandboxed ``<iframe
srcdoc>`` so its scripts run in any notebook front end without reaching a CDN.

>>> import foip_graph
>>> view = ego_view(foip_graph.load(), "Palau")
>>> view
<InlineGraph 4 entities, 4 links>
>>> view._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..query import KnowledgeGraph
from .pages import SiteData, ego_data
from .records import records
from .safejson import script_json


@dataclass(frozen=True)
class InlineGraph:
    """A drawable graph: ``html`` is the whole document; notebooks call ``_repr_html_``."""

    html: str
    nodes: int
    edges: int
    height: int = 520

    def __repr__(self) -> str:
        return f"<InlineGraph {self.nodes} entities, {self.edges} links>"

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>')

    def save(self, path: Path | str) -> Path:
        """Write the document to ``path`` (it opens offline in any browser)."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path


def _asset(package: str, *parts: str) -> str:
    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


def ego_view(kg: KnowledgeGraph, name: str, radius: int = 1, height: int = 520) -> InlineGraph:
    """The entities within ``radius`` links of ``name`` and the claims among them; click
    a node or a line to read it, with its quotes (embedded: the view loads nothing)."""
    entity = kg.entity(name)
    site = SiteData(kg, None)
    data = ego_data(site, entity.id, radius)
    shown = {n["id"] for n in data["nodes"]} | {c[0] for e in data["edges"] for c in e["claims"]}
    data["records"] = records(kg, site.passage, site.claims_of, site.events, shown)
    vis = _asset("pyvis", "templates", "lib", "vis-9.1.2", "vis-network.min.js")
    css = _asset(__package__, "static", "site.css") + _asset("pyvis", "templates", "lib", "vis-9.1.2",
                                                             "vis-network.css")
    graph_js = _asset(__package__, "static", "graph.js")
    document = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(entity.name)}</title><style>{css}"
        f"#graph{{height:{height - 60}px;margin:0}}</style></head>"
        "<body data-unlinked><div class=\"graph-area\"><div id=\"graph\" class=\"graph\"></div></div>"
        f"<script type=\"application/json\" id=\"graph-data\">{script_json(data)}</script>"
        f"<script>{vis}</script><script>{graph_js}</script></body></html>"
    )
    return InlineGraph(document, len(data["nodes"]), len(data["edges"]), height)
