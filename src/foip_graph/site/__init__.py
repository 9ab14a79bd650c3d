"""The static site: linked HTML pages with interactive graphs, offline and safe.

``build_site(kg, "out/site", corpus=...)`` writes ``index.html`` (search, counts,
sources), ``graph.html`` (the whole network, with filters), ``timeline.html``, a page per
entity (``entity/<id>.html``), per source (``source/<id>.html``) and per bilateral
relationship that two or more sources describe (``relationship/<a>--<b>.html``). Every
fact is plain HTML; the graphs (vis-network, copied into ``assets/``) are an enhancement.

Modules: :mod:`.pages` (what each page shows), :mod:`.graphdata` and :mod:`.layout` (the
graphs' data and positions), :mod:`.text` (highlighted source texts), :mod:`.style`
(colours, shapes, legends), :mod:`.safejson` (data safe inside a page), :mod:`.paths`
(file names), :mod:`.build` (templates, assets, writing).
"""

from __future__ import annotations

from .build import build_site

__all__ = ["build_site"]
