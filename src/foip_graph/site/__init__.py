"""The static site: linked HTML pages with interactive graphs, offline and safe.

``build_site(kg, "out/site", corpus=..., downloads=...)`` writes ``index.html`` (search,
counts, sources, relationships), ``graph.html`` (the whole network, with filters),
``timeline.html``, ``downloads.html`` (the build's exports), a page per entity
(``entity/<id>.html``), per source (``source/<id>.html``) and per pair of entities that
two or more claims link (``relationship/<a>--<b>.html``). Every fact is plain HTML; the
graphs (vis-network, copied into ``assets/``), their evidence panels, the filters and
the search are an enhancement.

Modules: :mod:`.pages` (what each page shows), :mod:`.graphdata` and :mod:`.layout` (the
graphs' data and positions), :mod:`.records` (the words the panels load), :mod:`.words`
(quotes, citations, dates), :mod:`.text` (highlighted source texts), :mod:`.search`,
:mod:`.downloads`, :mod:`.style` (colours, shapes, legends), :mod:`.safejson` (data safe
inside a page), :mod:`.paths` (file names), :mod:`.build` (templates, assets, writing).
"""

from __future__ import annotations

from .build import build_site

__all__ = ["build_site"]
