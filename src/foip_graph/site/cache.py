"""The site's cache: what each page was drawn from, as a digest, so that a rebuild draws
again only the pages whose inputs changed and links the others from the previous build.

A page's key is a digest of everything it shows, worked out without drawing it:

- the **globals** every page reads: this package's code, templates and static files, the
  versions of the libraries that draw and lay out, the sources (and whether the build
  has each text, and which), and the number of evidence shards;
- per **claim** (derived links too): its id, its place in the dataset, all its fields,
  its :class:`~.graphdata.Fact` and its PLOVER coding in words;
- per **entity**: all its fields and its number of claims; its ``d0`` adds the digests
  of its claims; ``d1`` adds the ``d0`` of each entity one link away, ``d2`` their
  ``d1``: everything within two links and every claim touching it.

An entity page (an ego network of radius 2) is keyed by its entity's ``d2`` and the
claims its derived links come from; a relationship page by both ends' ``d1``; a source
page by its claims, their ends and the entities it names. The index, the overview, the
timeline and the downloads page read everything and are drawn every time; so are the
search index and the evidence shards. Force layouts are kept by the exact graph they lay
out (:class:`Layouts`).

The cache is a folder beside the site (``.cache/site/`` in a build): ``pages.json`` (each
page's key and the layouts it used) and ``layouts.json``. Both are written from the data
alone, so a clean build writes the same bytes as a rebuild. A previous page is reused
only when its file is still as the previous build wrote it: a regular file of the size
its manifest lists, not modified since that manifest was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import networkx as nx

FORMAT = 1
PAGES = "pages.json"
LAYOUTS = "layouts.json"
PACKAGE = Path(__file__).resolve().parent.parent  # foip_graph: its code and vocabulary
LIBRARIES = ("jinja2", "markupsafe", "networkx", "numpy", "scipy", "pydantic")


def digest(*parts: str) -> str:
    """A short, stable digest of some strings (their order counts)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The digest of every file of the package (code, templates, static files, the
    vocabulary) and of the versions of the libraries a page goes through."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    return h.hexdigest()


class Keys:
    """The key of every entity, source and relationship page of a site (see the module's
    text), computed in time linear in the data."""

    def __init__(self, site, code: str | None = None) -> None:
        kb = site.kb
        self.site = site
        texts = [f"{s.id}:{'-' if site.texts[s.id] is None else s.sha256}" for s in kb.sources.values()]
        self.globals = digest(str(FORMAT), code or code_digest(), str(site.shards),
                              *(s.model_dump_json() for s in kb.sources.values()), *texts)
        self.claim = {c.id: digest(c.id, str(kb.order[c.id]), c.model_dump_json(), repr(site.facts[c.id]),
                                   site.events.get(c.id, ""), str(c.derived))
                      for c in [*kb.claims, *kb.derived]}
        self.own = {e.id: digest(e.id, e.kind, e.model_dump_json(), str(site.claims_of[e.id]))
                    for e in kb.entities.values()}
        touching: dict[str, list[str]] = defaultdict(list)
        near: dict[str, set[str]] = defaultdict(set)
        for c in [*kb.claims, *kb.derived]:
            touching[c.subject].append(self.claim[c.id])
            if c.object is not None:
                if c.object != c.subject:
                    touching[c.object].append(self.claim[c.id])
                near[c.subject].add(c.object)
                near[c.object].add(c.subject)
        self.d0 = {e: digest(self.own[e], *sorted(touching[e])) for e in kb.entities}
        self.d1 = {e: digest(self.d0[e], *sorted(self.d0[m] for m in near[e])) for e in kb.entities}
        self.d2 = {e: digest(self.d1[e], *sorted(self.d1[m] for m in near[e])) for e in kb.entities}

    def entity(self, entity_id: str) -> str:
        kb = self.site.kb
        chains = [self.claim[c.id] for link in kb.derived_of.get(entity_id, []) for c in kb.chain(link)]
        return digest(self.globals, "entity", entity_id, self.d2[entity_id], *chains)

    def source(self, source_id: str) -> str:
        kb = self.site.kb
        claims = kb.by_source.get(source_id, [])
        ends = {n for c in claims for n in (c.subject, c.object) if n is not None}
        named = {entity.id for entity, _ in self.site.named_in.get(source_id, [])}
        return digest(self.globals, "source", source_id, *sorted(self.claim[c.id] for c in claims),
                      *sorted(self.own[n] for n in ends), "named", *sorted(self.own[n] for n in named))

    def relationship(self, a: str, b: str) -> str:
        return digest(self.globals, "relationship", a, b, self.d1[a], self.d1[b])


def graph_key(G: nx.MultiDiGraph, seed: int, code: str) -> str:
    """The digest of exactly what a force layout reads: the nodes and the links, in the
    order the graph holds them, the seed and the code."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{code}\0{seed}\0".encode())
    h.update("\0".join(G.nodes).encode("utf-8"))
    h.update(b"\1")
    h.update("\0".join(f"{u} {v}" for u, v in G.edges()).encode("utf-8"))
    return h.hexdigest()


@dataclass
class Layouts:
    """Force layouts by :func:`graph_key`: those a previous build kept (``known``) and
    those this build used (``used``; per page, the keys in ``page``)."""

    code: str
    known: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    used: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    page: list[str] = field(default_factory=list)

    def get(self, G: nx.MultiDiGraph, seed: int, lay_out) -> dict[str, tuple[int, int]]:
        key = graph_key(G, seed, self.code)
        if key not in self.used:
            self.used[key] = self.known[key] if key in self.known else lay_out()
        self.page.append(key)
        return self.used[key]


@dataclass(frozen=True)
class Previous:
    """A previous build's site, as far as it may be reused: its folder, each page's key
    and layouts (``pages``), its layouts, and the size each file had when its manifest
    was written (``sizes``, by path in the site) with the time it was written."""

    folder: Path
    pages: dict[str, list]
    layouts: dict[str, dict[str, tuple[int, int]]]
    sizes: dict[str, int]
    written_ns: int

    @classmethod
    def read(cls, folder: Path, cache: Path, sizes: dict[str, int], written_ns: int) -> Previous | None:
        """The previous site in ``folder`` with its cache in ``cache``, or None when there
        is none or it cannot be read (then every page is drawn)."""
        try:
            pages = json.loads((cache / PAGES).read_text(encoding="utf-8"))
            layouts = json.loads((cache / LAYOUTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (isinstance(pages, dict) and pages.get("format") == FORMAT and isinstance(layouts, dict)):
            return None
        known = {k: {n: tuple(p) for n, *p in v} for k, v in layouts.get("layouts", {}).items()}
        return cls(folder, pages.get("pages", {}), known, sizes, written_ns)

    def reusable(self, path: str, key: str) -> Path | None:
        """The previous file of ``path`` if it was drawn from ``key`` and is untouched."""
        entry = self.pages.get(path)
        if entry is None or entry[0] != key or path not in self.sizes:
            return None
        file = self.folder / path
        try:
            st = file.lstat()
        except OSError:
            return None
        if not file.is_file() or file.is_symlink() or st.st_size != self.sizes[path] or st.st_mtime_ns > self.written_ns:
            return None
        return file


def reuse(old: Path, new: Path) -> None:
    """Put the previous file ``old`` at ``new``: a hard link, a copy where there is none."""
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def write(folder: Path, pages: dict[str, list], layouts: dict[str, dict[str, tuple[int, int]]]) -> list[Path]:
    """Write the cache: ``pages`` (path: [key, layout keys]) and the layouts they use."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = {k: [[n, *xy] for n, xy in layouts[k].items()]  # in the layout's own order
            for k in sorted({k for _, keys in pages.values() for k in keys})}
    files = []
    for name, data in ((PAGES, {"format": FORMAT, "pages": dict(sorted(pages.items()))}),
                       (LAYOUTS, {"format": FORMAT, "layouts": kept})):
        path = folder / name
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        files.append(path)
    return files


def entries(pages: Iterable[tuple[str, str | None, list[str]]]) -> dict[str, list]:
    """The ``pages`` of :func:`write` from (path, key, layout keys); a page with no key
    (drawn every time) keeps only its layouts."""
    return {path: [key, sorted(set(keys))] for path, key, keys in pages}
