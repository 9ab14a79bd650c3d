"""Write the static site: every page, the shared assets, the search index and the
evidence the graphs' panels load.

The site is self-contained: vis-network's script and styles are copied from pyvis's
package data into ``assets/``, every link is relative, and each page forbids, through
its Content-Security-Policy, anything but its own folder's files. It reads the same
opened from disk or served by ``foip-graph serve``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context

from ..kb import KnowledgeBase
from ..query import KnowledgeGraph
from ..vocabulary import VOCABULARY
from . import layout, paths
from .cache import Keys, Layouts, Previous, code_digest, reuse
from .cache import entries as cache_entries
from .cache import write as write_cache
from .downloads import offer
from .pages import (Item, Page, SiteData, downloads_page, graph_page, index_page, items, page_of,
                    timeline_page)
from .records import FOLDER, shard_script, shards
from .safejson import script_json
from .search import NAME as SEARCH, search_index
from .style import CATEGORIES, KINDS
from .words import plain, short_title, size, when

VIS = ("vis-network.min.js", "vis-network.css")
STATIC = ("site.css", "site.js", "graph.js", "favicon.svg")


def build_site(graph: KnowledgeGraph | KnowledgeBase, out_dir: Path | str,
               corpus: Path | str | None = None, downloads: Sequence[Path] = (), *,
               cache: Path | str | None = None, previous: Previous | None = None,
               jobs: int | None = None) -> list[Path]:
    """Write the site into ``out_dir`` (created if needed; it must be empty) and return
    the files written, in a fixed order.

    ``corpus`` is the folder of source texts: when it holds a source's text (same
    SHA-256), that source's page shows the text with every quote highlighted, and every
    quote on the site links to its passage. ``downloads`` are the build's exports, offered
    on ``downloads.html`` (``foip-graph build`` passes every file it writes besides the site).

    ``cache`` (a folder, created if needed) receives the site's cache (:mod:`.cache`: what
    each page was drawn from, and the force layouts); ``previous``, a previous site with
    its cache, gives the pages whose inputs did not change, linked instead of drawn. The
    pages are drawn by ``jobs`` processes (by default one per CPU this process may use);
    every byte and the order of the files returned are the same whatever the number.
    """
    kg = graph if isinstance(graph, KnowledgeGraph) else KnowledgeGraph(graph)
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; the site is written into an empty folder "
                              "(foip-graph build replaces out/ as a whole)")
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()  # where the files go (paths.inside)
    site = SiteData(kg, Path(corpus) if corpus is not None else None,
                    previous.facts if previous is not None else None)
    code = code_digest()
    keys = Keys(site, code)
    kept = Layouts(code, previous.layouts if previous is not None else {})
    entries: list[tuple[str, str | None, list[str], list[str]]] = []
    folders: set[Path] = set()  # those made for the files linked from the previous build

    def reused(path: str, key: str | None) -> list[Path] | None:
        """The files of the page at ``path`` linked from the previous build, if it was
        drawn from ``key`` and is untouched (its entry goes into this build's cache)."""
        found = previous.output(path, key) if previous is not None and key is not None else None
        if found is None:
            return None
        layouts, files = previous.pages[path][1], [name for name, _ in found[1:]]
        for name, old in found:
            new = paths.inside(root, name)
            if new.parent not in folders:
                new.parent.mkdir(parents=True, exist_ok=True)
                folders.add(new.parent)
            reuse(old, new)
        kept.used.update((k, previous.layouts[k]) for k in layouts)
        entries.append((path, key, layouts, files))
        return [out / name for name, _ in found]

    written = copy_assets(out)
    written.append(_write(root, f"{paths.ASSETS}/{SEARCH}",
                          search_index(kg, site.claims_of, site.relationships)))
    shard_keys = keys.shards()
    shard_path = {n: f"{paths.ASSETS}/{FOLDER}/{n}.js" for n in shard_keys}
    todo = [n for n in shard_keys if reused(shard_path[n], shard_keys[n]) is None]
    for n, records in shards(kg, site.passage, site.claims_of, site.events, site.shard_ids, todo).items():
        _write(root, shard_path[n], shard_script(n, records))
        entries.append((shard_path[n], shard_keys[n], [], []))
    written.extend(out / shard_path[n] for n in shard_keys)
    offered = offer(list(downloads), out)
    written.extend(out / d.path for d in offered)
    env = environment(site)
    layout.KEPT = kept
    try:
        for path, key, make in everywhere_pages(site, keys, offered):  # they read everything
            page = None
            if callable(key):  # keyed by what the page shows: worked out first
                page = make(site)
                key = key(page.context)
            files = reused(path, key)
            if files is None:
                kept.page = []
                page = page or make(site)
                files = [_write(root, page.path, render(env, page, kg)),
                         *(_write(root, name, text) for name, text in page.files)]
                entries.append((path, key, kept.page, [name for name, _ in page.files]))
            written.extend(files)
        plan = [(item, *_path_key(keys, item)) for item in items(site)]
        todo = [(item, path, key) for item, path, key in plan if reused(path, key) is None]
        for (_, path, key), used in zip(todo, draw(site, env, root, [item for item, _, _ in todo], jobs)):
            kept.used.update(used)
            entries.append((path, key, list(used), []))
    finally:
        layout.KEPT = None
    written.extend(out / path for _, path, _ in plan)
    if cache is not None:
        written.extend(write_cache(Path(cache), cache_entries(entries), kept.used, site.kept_facts))
    return written


def everywhere_pages(site: SiteData, keys: Keys,
                     offered: list) -> list[tuple[str, str | Callable[[dict], str] | None, Callable[[SiteData], Page]]]:
    """Each page that reads the whole dataset, in the site's order: its path, its key (or
    what gives the key from the page's values; None: drawn every time) and what makes it."""
    return [(paths.INDEX, keys.index, index_page), (paths.GRAPH, keys.overview(), graph_page),
            (paths.TIMELINE, keys.timeline, timeline_page), (paths.DOWNLOADS, None, lambda site: downloads_page(offered))]


def _path_key(keys: Keys, item: Item) -> tuple[str, str]:
    kind, ident = item
    if kind == "entity":
        return paths.entity_page(ident), keys.entity(ident)
    if kind == "source":
        return paths.source_page(ident), keys.source(ident)
    a, b = ident.split(" ")
    return paths.relationship_page(a, b), keys.relationship(a, b)


PARALLEL = 64  # fewer pages than this are drawn in this process
_WORK: tuple | None = None  # what the drawing processes read, set before they start


def draw(site: SiteData, env: Environment, out: Path, todo: list[Item],
         jobs: int | None = None) -> list[dict]:
    """Draw and write the pages of ``todo``, in ``jobs`` processes when there are enough
    of them; return, per page in ``todo``'s order, the force layouts it used by key."""
    global _WORK
    jobs = jobs or len(os.sched_getaffinity(0))
    _WORK = (site, env, out, todo)
    try:
        if jobs <= 1 or len(todo) < PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
            return [_draw(i) for i in range(len(todo))]
        gc.freeze()  # the collector would otherwise touch, and so copy, every shared object
        try:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker) as pool:
                return list(pool.imap(_draw, range(len(todo)), chunksize=8))
        finally:
            gc.unfreeze()
    finally:
        _WORK = None


def _worker() -> None:
    """A drawing process stops when told to (the build that started it cleans up) and
    leaves Ctrl+C to that build."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _draw(i: int) -> dict:
    site, env, root, todo = _WORK
    kept = layout.KEPT
    if kept is not None:
        kept.page = []
    page = page_of(site, todo[i])
    _write(root, page.path, render(env, page, site.kg))
    return {k: kept.used[k] for k in kept.page} if kept is not None else {}


def environment(site: SiteData) -> Environment:
    """The Jinja environment of the site's templates, with autoescaping always on."""
    env = Environment(loader=PackageLoader("foip_graph.site", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(script_json=script_json, plain=plain, short_title=short_title, size=size)

    @pass_context
    def passage_url(context, evidence, claim_id=None) -> str:
        return context["root"] + site.passage(evidence, claim_id)

    env.globals.update(
        kinds=KINDS, categories=CATEGORIES, predicates=VOCABULARY.predicates, source_by_id=site.kb.sources,
        entity_url=_linker(paths.entity_page), source_url=_linker(paths.source_page),
        relationship_url=_linker(paths.relationship_page), passage_url=passage_url,
        web_url=web_url, when=when,
        category_of=lambda claim: CATEGORIES[VOCABULARY.predicate(claim.predicate).category],
        event_of=lambda claim: site.events.get(claim.id),
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


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: data may hold anything, and only
    web addresses become links.

    >>> web_url("https://www.mofa.go.jp/a.pdf"), web_url("javascript:alert(1)"), web_url("../index.html")
    ('https://www.mofa.go.jp/a.pdf', None, None)
    """
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


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
