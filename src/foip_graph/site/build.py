"""Write the static site: every page, the shared assets and the search index.

The site is self-contained: vis-network's script and styles are copied from pyvis's
package data into ``assets/``, every link is relative, and each page forbids, through
its Content-Security-Policy, anything but its own folder's files. It reads the same
opened from disk or served by ``foip-graph serve``.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from ..kb import KnowledgeBase
from ..query import KnowledgeGraph
from ..vocabulary import VOCABULARY
from . import paths
from .pages import Page, all_pages
from .safejson import script_json
from .style import CATEGORIES, KINDS

VIS = ("vis-network.min.js", "vis-network.css")
STATIC = ("site.css", "site.js", "graph.js", "favicon.svg")


def build_site(graph: KnowledgeGraph | KnowledgeBase, out_dir: Path | str,
               corpus: Path | str | None = None) -> list[Path]:
    """Write the site into ``out_dir`` (created if needed; it must be empty) and return
    the files written, in a fixed order.

    ``corpus`` is the folder of source texts: when it holds a source's text (same
    SHA-256), that source's page shows the text with every quote highlighted.
    """
    kg = graph if isinstance(graph, KnowledgeGraph) else KnowledgeGraph(graph)
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; the site is written into an empty folder "
                              "(foip-graph build replaces out/ as a whole)")
    out.mkdir(parents=True, exist_ok=True)
    written = copy_assets(out)
    written.append(_write(out, f"{paths.ASSETS}/entities.js", search_index(kg)))
    env = environment()
    for page in all_pages(kg, Path(corpus) if corpus is not None else None):
        written.append(_write(out, page.path, render(env, page, kg)))
    return written


def environment() -> Environment:
    """The Jinja environment of the site's templates, with autoescaping always on."""
    env = Environment(loader=PackageLoader("foip_graph.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["script_json"] = script_json
    env.globals.update(
        kinds=KINDS, categories=CATEGORIES, predicates=VOCABULARY.predicates,
        entity_url=_linker(paths.entity_page), source_url=_linker(paths.source_page),
        relationship_url=_linker(paths.relationship_page), web_url=web_url, when=when,
    )
    return env


def render(env: Environment, page: Page, kg: KnowledgeGraph) -> str:
    """One page's HTML."""
    template = env.get_template(page.template)
    return template.render(root=paths.root_of(page.path), entities=kg.kb.entities, **page.context)


def copy_assets(out: Path) -> list[Path]:
    """Copy vis-network (from pyvis's package data) and the site's own static files into
    ``out/assets``."""
    vis = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    static = resources.files(__package__).joinpath("static")
    folder = out / paths.ASSETS
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for base, names in ((vis, VIS), (static, STATIC)):
        for name in names:
            source = base.joinpath(name)
            if not source.is_file():
                raise FileNotFoundError(f"{source} is missing; reinstall pyvis>=0.3.2 and foip-graph")
            with resources.as_file(source) as path:
                shutil.copyfile(path, folder / name)
            written.append(folder / name)
    return written


def search_index(kg: KnowledgeGraph) -> str:
    """The script that gives every page's search box its entities: id, name, kind label
    and aliases, sorted by name."""
    entries = [[e.id, e.name, KINDS[e.kind].label, list(e.aliases)] for e in kg.entities()]
    return f"window.foipEntities = {script_json(entries)};\n"


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: data may hold anything, and only
    web addresses become links.

    >>> web_url("https://www.mofa.go.jp/a.pdf"), web_url("javascript:alert(1)")
    ('https://www.mofa.go.jp/a.pdf', None)
    """
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def when(item) -> str:
    """A claim's or an entity's dates in words: ``2019-09``, ``2020 – 2022``, ``from 2019``."""
    date, start, end = (getattr(item, f, None) for f in ("date", "start", "end"))
    if date is not None:
        return str(date)
    if start is not None and end is not None:
        return f"{start} – {end}"
    if start is not None:
        return f"from {start}"
    return f"until {end}" if end is not None else ""


def _linker(page_of):
    """A template function giving a page's address relative to the page being drawn."""
    @pass_context
    def link(context, *ids: str, anchor: str | None = None) -> str:
        return context["root"] + page_of(*ids) + (f"#{anchor}" if anchor else "")
    return link


def _write(out: Path, page: str, text: str) -> Path:
    target = paths.inside(out, page)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return target
