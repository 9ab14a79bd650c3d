"""The site's cache: what each page was drawn from, as a digest, so that a rebuild draws
again only the pages whose inputs changed and links the others from the previous build.

A page's key is a digest of everything it shows, worked out without drawing it:

- the **globals** every page reads: this package's code, templates and static files, the
  versions of the libraries that draw and lay out, the sources (and whether the build
  has each text, and which), and the number of evidence shards;
- per **claim** (derived links too): its id, its place in the dataset, all its fields,
  its :class:`~.graphdata.Fact` and its PLOVER coding in words; and, as a graph draws
  it (its **link**), its id, place, ends, predicate and Fact only;
- per **entity**: all its fields and its number of claims; its ``d0`` adds the digests
  of its claims. ``g0`` is the same with the claims' links, ``g1`` adds the ``g0`` of
  each entity one link away and ``g2`` their ``g1``: everything a graph of the entities
  within two links shows.

An entity page (its claims in full, an ego network of radius 2) is keyed by its
entity's ``d0``, its ``g2`` and the claims its derived links come from; a relationship
page (the pair's claims in full, a graph of the pair and the entities both are linked
to) by the pair's claims and both ends' ``g1``; a source page by its claims, their
ends and the entities it names. An edited note or quote thus draws again the pages of
its claim's ends, not every page whose graph shows the claim. The pages that read
everything are keyed by what they show of it: the overview (with its groups' files) by
every entity, every link with its claim's :class:`~.graphdata.Fact` and the relationship
pages; the index by every entity, the counts and the relationships; the timeline by its
rows' claims, their ends, its events and their rows' attributes; each evidence shard by
its records' claims and entities. The downloads page and the search index are drawn
every time. Force layouts are kept by the exact graph they lay out (:class:`Layouts`),
and each holding's facts by the digest of its claims (:func:`kept_facts`): the time
model is the costly part.

The cache is a folder beside the site (``.cache/site/`` in a build): ``pages.json`` (each
file's key, the layouts it used and the other files its page wrote), ``layouts.json`` and
``facts.json``. They are written from the data alone, so a clean build writes the same
bytes as a rebuild. A previous file is reused only when it is still as the previous
build wrote it: a regular file of the size its manifest lists, not modified since that
manifest was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..codehash import package_digest
from ..kb import KnowledgeBase, pair
from .graphdata import Fact, Facts, fact

FORMAT = 2
PAGES = "pages.json"
LAYOUTS = "layouts.json"
FACTS = "facts.json"
LIBRARIES = ("jinja2", "markupsafe", "networkx", "numpy", "scipy", "pydantic")


def digest(*parts: str) -> str:
    """A short, stable digest of some strings (their order counts)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The digest of every file of the package, of the Python and of the versions of
    :data:`LIBRARIES`."""
    return package_digest(LIBRARIES)


class Keys:
    """The key of every entity, source and relationship page of a site (see the module's
    text), computed in time linear in the data."""

    def __init__(self, site, code: str | None = None) -> None:
        kb = site.kb
        self.site = site
        texts = [f"{s.id}:{'-' if site.texts[s.id] is None else s.sha256}" for s in kb.sources.values()]
        self.globals = digest(str(FORMAT), code or code_digest(), str(site.shards),
                              *(s.model_dump_json() for s in kb.sources.values()), *texts)
        self.claim = {i: digest(i, str(kb.order[i]), fields, repr(site.facts[i]), site.events.get(i, ""))
                      for i, fields in site.fields.items()}
        self.own = {e.id: digest(e.id, e.kind, e.model_dump_json(), str(site.claims_of[e.id]))
                    for e in kb.entities.values()}
        touching: dict[str, list[str]] = defaultdict(list)
        drawn: dict[str, list[str]] = defaultdict(list)
        near: dict[str, set[str]] = defaultdict(set)
        for c in [*kb.claims, *kb.derived]:
            full = self.claim[c.id]
            link = digest(c.id, str(kb.order[c.id]), c.subject, c.object or "", c.predicate, repr(site.facts[c.id]))
            touching[c.subject].append(full)
            drawn[c.subject].append(link)
            if c.object is not None:
                if c.object != c.subject:
                    touching[c.object].append(full)
                    drawn[c.object].append(link)
                near[c.subject].add(c.object)
                near[c.object].add(c.subject)
        self.d0 = {e: digest(self.own[e], *sorted(touching[e])) for e in kb.entities}
        g0 = {e: digest(self.own[e], *sorted(drawn[e])) for e in kb.entities}
        self.g1 = {e: digest(g0[e], *sorted(g0[m] for m in near[e])) for e in kb.entities}
        self.g2 = {e: digest(self.g1[e], *sorted(self.g1[m] for m in near[e])) for e in kb.entities}

    def entity(self, entity_id: str) -> str:
        kb = self.site.kb
        chains = [self.claim[c.id] for link in kb.derived_of.get(entity_id, []) for c in kb.chain(link)]
        return digest(self.globals, "entity", entity_id, self.d0[entity_id], self.g2[entity_id], *chains)

    def source(self, source_id: str) -> str:
        kb = self.site.kb
        claims = kb.by_source.get(source_id, [])
        ends = {n for c in claims for n in (c.subject, c.object) if n is not None}
        named = {entity.id for entity, _ in self.site.named_in.get(source_id, [])}
        return digest(self.globals, "source", source_id, *sorted(self.claim[c.id] for c in claims),
                      *sorted(self.own[n] for n in ends), "named", *sorted(self.own[n] for n in named))

    def relationship(self, a: str, b: str) -> str:
        kb, ends = self.site.kb, pair(a, b)
        claims = [self.claim[c.id] for c in (*kb.by_pair.get(ends, ()), *kb.derived_by_pair.get(ends, ()))]
        return digest(self.globals, "relationship", a, b, *claims, self.g1[a], self.g1[b])

    def overview(self) -> str:
        """The overview's key (its groups' files too): every entity, every link with its
        claim's place and fact, the sources of the claims that are no link (an entity's
        sources count them) and the pairs that have a page."""
        site, kb = self.site, self.site.kb
        links = (f"{u} {v} {k} {p} {kb.order[k]} {site.facts[k]!r}"
                 for u, v, k, p in site.kg.network.edges(keys=True, data="predicate"))
        values = (f"{c.subject} {site.facts[c.id].sources}" for c in kb.claims if c.object is None)
        return digest(self.globals, "overview", *(self.own[n] for n in site.kg.network), "links", *links,
                      "values", *values, "pages", *(f"{a} {b}" for a, b in sorted(site.pages)))

    def index(self, context: dict) -> str:
        """The index page's key, from its values: every entity, the counts, each
        relationship's pair, its number of claims and what each source says."""
        rels = (f"{r.a.id} {r.b.id} {len(r.claims)} {[(v.source.id, v.stances) for v in r.views]}"
                for r in context["relationships"])
        return digest(self.globals, "index", *(self.own[e.id] for _, entities in context["groups"] for e in entities),
                      repr(sorted(context["claims_per_source"].items())), *map(str, (
                          context["n_entities"], context["n_claims"], context["n_evidence"])), "rels", *rels)

    def timeline(self, context: dict) -> str:
        """The timeline's key, from its rows: each claim with its ends, each event with
        its attributes (the entities one link from it among them), and the entities a row
        involves."""
        rows = []
        for item, attrs in context["items"]:
            if item.event is not None:
                rows.append(digest(self.own[item.event.id], repr(attrs)))
            else:
                c = item.claim
                rows.append(digest(self.claim[c.id], *(self.own[n] for n in (c.subject, c.object) if n)))
        return digest(self.globals, "timeline", *rows, "involved", *(self.own[e.id] for e in context["choices"]))

    def shards(self) -> dict[int, str]:
        """The key of each evidence shard: its records' claims (with the names of their
        ends) and entities."""
        kb = self.site.kb
        names = {c.id: f"{kb.entities[c.subject].name}\0{kb.entities[c.object].name}"
                 for c in [*kb.claims, *kb.derived] if c.object is not None}
        return {n: digest(self.globals, "shard", str(n), *(
                    f"{self.claim[i]} {names[i]}" if i in names else self.own[i] for i in ids))
                for n, ids in self.site.shard_ids.items()}


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


def kept_facts(kb: KnowledgeBase, fields: dict[str, str],
               known: dict[str, list]) -> tuple[Facts, dict[str, list]]:
    """The :class:`~.graphdata.Fact` of each claim (:func:`~.graphdata.fact`),
    and the facts to keep, by holding: a holding is keyed by its claims' ids and
    ``fields`` (each claim's JSON), and one that ``known`` (a previous build's) has is
    read from it instead of worked out."""
    found: Facts = {}
    keep: dict[str, list] = {}
    for claims in kb.holdings.values():
        ids = [c.id for c in claims]
        key = digest(*(f"{i}\0{fields[i]}" for i in ids))
        kept = known.get(key)
        if kept is None or len(kept) != len(claims):
            made = [fact(kb, c) for c in claims]
            kept = [[list(f.span) if f.span is not None else None, list(f.holds)] for f in made]
        else:
            made = [Fact(c.sources, tuple(span) if span is not None else None, c.derived, tuple(holds))
                    for c, (span, holds) in zip(claims, kept)]
        found.update(zip(ids, made))
        keep[key] = kept
    return {i: found[i] for i in fields}, keep


@dataclass(frozen=True)
class Previous:
    """A previous build's site, as far as it may be reused: its folder, each file's key,
    layouts and other files of its page (``pages``), its layouts and facts, and the size
    each file had when its manifest was written (``sizes``, by path in the site) with the
    time it was written."""

    folder: Path
    pages: dict[str, list]
    layouts: dict[str, dict[str, tuple[int, int]]]
    sizes: dict[str, int]
    written_ns: int
    facts: dict[str, list] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path, cache: Path, sizes: dict[str, int], written_ns: int) -> Previous | None:
        """The previous site in ``folder`` with its cache in ``cache``, or None when there
        is none or it cannot be read (then every page is drawn)."""
        try:
            pages, layouts, facts = (json.loads((cache / name).read_text(encoding="utf-8"))
                                     for name in (PAGES, LAYOUTS, FACTS))
        except (OSError, ValueError):
            return None
        if not all(isinstance(d, dict) and d.get("format") == FORMAT for d in (pages, layouts, facts)):
            return None
        known = {k: {n: tuple(p) for n, *p in v} for k, v in layouts.get("layouts", {}).items()}
        return cls(folder, pages.get("pages", {}), known, sizes, written_ns, facts.get("holdings", {}))

    def output(self, path: str, key: str) -> list[tuple[str, str]] | None:
        """The previous files of the page at ``path`` (it first, then the other files it
        wrote), each with its path in the site, if all were drawn from ``key``, are
        untouched and their layouts are known; else None."""
        entry = self.pages.get(path)
        if entry is None or not all(k in self.layouts for k in entry[1]):
            return None
        found = []
        for name in [path, *(entry[2] if len(entry) > 2 else [])]:
            file = self.reusable(name, key)
            if file is None:
                return None
            found.append((name, file))
        return found

    def reusable(self, path: str, key: str) -> str | None:
        """The previous file of ``path`` if it was drawn from ``key`` and is untouched (its
        path as text: a rebuild asks for tens of thousands)."""
        entry = self.pages.get(path)
        if entry is None or entry[0] != key or path not in self.sizes:
            return None
        file = os.path.join(self.folder, path)
        try:
            st = os.lstat(file)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_size != self.sizes[path] or st.st_mtime_ns > self.written_ns:
            return None
        return file


def reuse(old: Path | str, new: Path) -> None:
    """Put the previous file ``old`` at ``new`` (its folder made already): a hard link, a
    copy where there is none."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def write(folder: Path, pages: dict[str, list], layouts: dict[str, dict[str, tuple[int, int]]],
          facts: dict[str, list]) -> list[Path]:
    """Write the cache: ``pages`` (path: [key, layout keys, other files]), the layouts
    they use and the facts of each holding (:func:`kept_facts`)."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = {k: [[n, *xy] for n, xy in layouts[k].items()]  # in the layout's own order
            for k in sorted({k for _, keys, *_ in pages.values() for k in keys})}
    files = []
    for name, data in ((PAGES, {"format": FORMAT, "pages": dict(sorted(pages.items()))}),
                       (LAYOUTS, {"format": FORMAT, "layouts": kept}),
                       (FACTS, {"format": FORMAT, "holdings": dict(sorted(facts.items()))})):
        path = folder / name
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        files.append(path)
    return files


def entries(pages: Iterable[tuple[str, str | None, list[str], list[str]]]) -> dict[str, list]:
    """The ``pages`` of :func:`write` from (path, key, layout keys, other files): each
    other file has an entry of its own, with its page's key; a page with no key (drawn
    every time) keeps only its layouts."""
    found = {}
    for path, key, keys, files in pages:
        found[path] = [key, sorted(set(keys)), *([files] if files else [])]
        found.update((name, [key, []]) for name in files)
    return found
