"""A rebuild after one edited claim draws again only the pages (and evidence shards) the
claim touches, links the rest from the previous build, and gives the very bytes a clean
build gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from foip_graph.build import CACHE, build, previous_site
from foip_graph.kb import KnowledgeBase, bundled_data_dir
from foip_graph.site import build_site
from foip_graph.site.cache import Previous
from foip_graph.site.paths import entity_page, relationship_page, source_page
from foip_graph.site.records import fnv1a

CLAIMS = "claims/dialogue-2026.yaml"
NOTE = "    note: \"Read from the imprint 'Tokyo: JPIC' of a book in the biography.\"\n"
EVERYWHERE = {"index.html", "graph.html", "timeline.html", "downloads.html"}
DRAWN = {"assets/search.js", "assets/vis-network.min.js", "assets/vis-network.css", "assets/site.css",
         "assets/site.js", "assets/graph.js", "assets/favicon.svg"}  # every time: copied or cheap


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path, pattern: str = "*.html") -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob(pattern) if p.is_file()}


def shard(site: Path, kb: KnowledgeBase, claim: tuple[str, str, str]) -> str:
    """The evidence shard of ``site`` that holds the record of the claim (subject,
    predicate, object)."""
    found = [c.id for c in kb.claims if (c.subject, c.predicate, c.object) == claim]
    assert len(found) == 1
    return f"assets/evidence/{fnv1a(found[0]) % len(list((site / 'assets/evidence').glob('*.js')))}.js"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    path = data / CLAIMS
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return data


def touched(kb: KnowledgeBase, ends: tuple[str, str], source: str) -> set[str]:
    """The pages a change to one claim between ``ends`` in ``source`` (its note, its
    quote: nothing that moves a link) may change: the pages of its ends (the graphs of
    the entities around them draw the claim's link, not its note), the relationships
    of either end, the source's page and the four pages that read everything."""
    pairs = {relationship_page(a, b) for (a, b), claims in kb.by_pair.items()
             if a != b and len(claims) >= 2 and (a in ends or b in ends)}
    return {*(entity_page(n) for n in ends), *pairs, source_page(source), *EVERYWHERE}


def test_a_rebuild_after_one_edited_note_draws_only_what_it_touches(tmp_path, corpus):
    data = edited(tmp_path, NOTE, "    note: \"The imprint of a book in the biography reads 'Tokyo: JPIC'.\"\n")
    original = KnowledgeBase.from_path(bundled_data_dir(), corpus)
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(original, out, corpus)
    before, old_bytes, assets = inodes(out / "site"), tree(out / "site"), inodes(out / "site/assets", "*")
    kb = KnowledgeBase.from_path(data, corpus)
    build(kb, out, corpus)
    build(kb, clean, corpus)
    assert tree(out) | {"changes.json": b""} == tree(clean) | {"changes.json": b""}
    after, new_bytes = inodes(out / "site"), tree(out / "site")
    drawn = {page for page, inode in after.items() if inode != before[page]}
    # the index and the overview show nothing of a note, the timeline nothing of an undated
    # claim: linked, as the pages it does not touch
    assert drawn == touched(kb, ("jpic", "tokyo"), "dialogue-2026") - {"index.html", "graph.html", "timeline.html"}
    assert {page for page in after if new_bytes[page] != old_bytes[page]} == {
        "downloads.html", "entity/jpic.html", "entity/tokyo.html", "source/dialogue-2026.html"}
    assert "The imprint of a book in the biography reads" in (out / "site/entity/jpic.html").read_text()
    assert len(drawn) == 4 and len(after) == 449  # 445 pages linked from the previous build
    new_assets = inodes(out / "site/assets", "*")
    assert len(new_assets) == 16  # 7 copied or drawn every time, 9 evidence shards
    edited_shard = shard(out / "site", kb, ("jpic", "located_in", "tokyo"))
    assert {f"assets/{a}" for a, inode in new_assets.items() if inode != assets[a]} == DRAWN | {edited_shard}
    assert b"The imprint of a book in the biography reads" in new_bytes[edited_shard]
    assert b"The imprint of a book in the biography reads" not in old_bytes[edited_shard]


def test_a_rebuild_after_a_claim_moved_to_another_entity_gives_a_clean_builds_bytes(tmp_path, corpus):
    claim = "  - subject: jpic\n    predicate: located_in\n    object: {}\n"
    data = edited(tmp_path, claim.format("tokyo"), claim.format("japan"))
    kb = KnowledgeBase.from_path(data, corpus)
    assert any(c.subject == "jpic" and c.object == "japan" for c in kb.claims)
    first, again, clean = tmp_path / "first", tmp_path / "again", tmp_path / "clean"
    build_site(KnowledgeBase.from_path(bundled_data_dir(), corpus), first / "site", corpus, cache=first / "cache")
    sizes = {p.relative_to(first / "site").as_posix(): p.stat().st_size for p in (first / "site").rglob("*")}
    marker = first / "written"  # stands for the manifest: written after the site
    marker.write_text("", encoding="utf-8")
    previous = Previous.read(first / "site", first / "cache", sizes, marker.stat().st_mtime_ns)
    before = inodes(first / "site", "*")
    build_site(kb, again / "site", corpus, cache=again / "cache", previous=previous)
    build_site(kb, clean / "site", corpus, cache=clean / "cache")
    assert tree(again) == tree(clean)
    after = inodes(again / "site", "*")
    drawn = {name for name in after if after[name] != before[name]}
    pages = {name for name in drawn if name.endswith(".html")}
    assert {entity_page("jpic"), entity_page("tokyo"), entity_page("japan"), *EVERYWHERE} <= pages
    # 411 of 449 pages: Japan is two links or less from most entities; 4 of 9 evidence shards:
    # the claim (a new id) and its old id, Tokyo and Japan (their numbers of claims)
    assert (len(pages), len(drawn - pages - DRAWN), len(after)) == (411, 4, 465)


def test_a_page_or_shard_changed_by_hand_is_drawn_again_not_reused(tmp_path, corpus):
    kb = KnowledgeBase.from_path(bundled_data_dir(), corpus)
    out = tmp_path / "out"
    build(kb, out, corpus)
    page = out / "site" / entity_page("jpic")
    drawn = page.read_bytes()
    page.write_bytes(drawn.replace(b"JPIC", b"XXXX"))  # same size, newer than the manifest
    evidence = out / "site" / shard(out / "site", kb, ("jpic", "located_in", "tokyo"))
    written = evidence.read_bytes()
    evidence.write_bytes(written.replace(b"JPIC", b"XXXX"))
    others = [out / "site" / entity_page("tokyo"), out / "site/assets/evidence" / "0.js", out / "site/graph.html"]
    assert evidence not in others
    inodes_before = [p.stat().st_ino for p in others]
    build(kb, out, corpus)
    assert page.read_bytes() == drawn and evidence.read_bytes() == written
    assert [p.stat().st_ino for p in others] == inodes_before


def test_the_cache_is_part_of_the_build_and_can_be_ignored(tmp_path, corpus):
    kb = KnowledgeBase.from_path(bundled_data_dir(), corpus)
    out = tmp_path / "out"
    built = build(kb, out, corpus)
    assert {f"{CACHE}/pages.json", f"{CACHE}/layouts.json", f"{CACHE}/facts.json"} <= set(built.manifest["files"])
    assert previous_site(out) is not None
    pages = json.loads((out / CACHE / "pages.json").read_text(encoding="utf-8"))["pages"]
    layouts = json.loads((out / CACHE / "layouts.json").read_text(encoding="utf-8"))["layouts"]
    facts = json.loads((out / CACHE / "facts.json").read_text(encoding="utf-8"))["holdings"]
    assert pages["downloads.html"] == [None, []]  # drawn every time
    assert pages["graph.html"][0] is not None and len(pages["graph.html"][1]) == 1  # its layout kept
    assert len(facts) == len(kb.holdings)
    assert len(layouts) == 1 + len(kb.sources) and pages[entity_page("tokyo")][1] == []
    assert len(layouts[pages["graph.html"][1][0]]) == len(kb.entities)
    inode = (out / "site" / entity_page("tokyo")).stat().st_ino
    build(kb, out, corpus, reuse=False)
    assert (out / "site" / entity_page("tokyo")).stat().st_ino != inode
    os.remove(out / CACHE / "pages.json")  # a build without its cache is no previous build
    assert previous_site(out) is None


def test_the_site_is_the_same_whatever_the_number_of_processes(kb, bundled_corpus, tmp_path):
    one = build_site(kb, tmp_path / "one", corpus=bundled_corpus, jobs=1)
    two = build_site(kb, tmp_path / "two", corpus=bundled_corpus, jobs=2)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_rebuild_after_an_edited_role_gives_a_clean_builds_bytes(tmp_path, corpus):
    # a role is written in its claim's rows (its ends', their relationship's and its
    # source's pages), not in the graphs around them, which draw the claim's link
    old = "    object: keio-university\n    role: \"professor\"\n"
    data = edited(tmp_path, old, old.replace("professor", "visiting professor"))
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(KnowledgeBase.from_path(bundled_data_dir(), corpus), out, corpus)
    before = inodes(out / "site")
    kb = KnowledgeBase.from_path(data, corpus)
    build(kb, out, corpus)
    build(kb, clean, corpus)
    assert tree(out) | {"changes.json": b""} == tree(clean) | {"changes.json": b""}
    after = inodes(out / "site")
    shown = {page for page, text in tree(out / "site").items()
             if page.endswith(".html") and b"visiting professor" in text}
    assert shown == {"entity/hosoya-yuichi.html", "entity/keio-university.html",
                     "relationship/hosoya-yuichi--keio-university.html", "source/dialogue-2026.html"}
    assert shown <= {page for page in after if after[page] != before[page]}
