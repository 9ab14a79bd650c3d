"""The static site, read as files: which pages exist, what they say, that they are safe,
offline and the same bytes every time. (In a real browser: test_browser.py.)"""

from __future__ import annotations

import filecmp
import html
import json
import math
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from foip_graph.build import build
from foip_graph.query import KnowledgeGraph
from foip_graph.site import build_site
from foip_graph.site.pages import relationships
from foip_graph.site.paths import entity_page, inside, relationship_page
from foip_graph.site.safejson import script_json
from foip_graph.vocabulary import VOCABULARY

from .conftest import MINI_CORPUS

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            '"><svg onload=alert(1)>', "javascript:alert(1)", "</script>")
OUR_SCRIPTS = {"entities.js", "site.js", "graph.js", "vis-network.min.js"}


class Parsed(HTMLParser):
    """Every start tag (name, attributes) and the page's text, as a browser would see it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(path: Path) -> Parsed:
    return Parsed(path.read_text(encoding="utf-8"))


def graph_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------- what is built


def test_the_site_has_a_page_for_everything(mini, tmp_path):
    build_site(mini, tmp_path / "site", corpus=MINI_CORPUS)
    names = {p.relative_to(tmp_path / "site").as_posix() for p in pages_of(tmp_path / "site")}
    assert names == {"index.html", "graph.html", "timeline.html", "source/memo.html",
                     *(entity_page(e) for e in mini.entities)}
    assets = {p.name for p in (tmp_path / "site" / "assets").iterdir()}
    assert assets == OUR_SCRIPTS | {"vis-network.css", "site.css", "favicon.svg"}


def test_vis_network_is_pyvis_own_copy(bundled_site):
    vis = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", "vis-network.min.js")
    assert (bundled_site / "assets" / "vis-network.min.js").read_bytes() == vis.read_bytes()


def test_foip_graph_build_writes_the_site_with_the_other_outputs(mini, tmp_path):
    written = build(mini, tmp_path / "out", corpus=MINI_CORPUS).files
    assert tmp_path / "out" / "site" / "index.html" in written
    assert "<mark>" in (tmp_path / "out" / "site" / "source" / "memo.html").read_text(encoding="utf-8")


def test_the_site_is_written_into_an_empty_folder_only(mini, tmp_path):
    (tmp_path / "stale.html").write_text("old", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        build_site(mini, tmp_path)


def test_two_builds_are_byte_identical(kb, bundled_site, bundled_corpus, tmp_path):
    again = tmp_path / "site"
    build_site(kb, again, corpus=bundled_corpus)
    first = sorted(p.relative_to(bundled_site) for p in bundled_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(bundled_site, again, [str(p) for p in first], shallow=False)
    assert mismatch == [] and errors == []


# ---------------------------------------------------------------- what the pages say


def test_index_counts_kinds_and_links_every_page(kb, bundled_site):
    page = parse(bundled_site / "index.html")
    links = {a["href"] for a in page.all("a")}
    assert {"graph.html", "timeline.html"} <= links
    assert {entity_page(e) for e in kb.entities} <= links
    assert {f"source/{s}.html" for s in kb.sources} <= links
    text = " ".join(page.text)
    for kind in {e.kind for e in kb.entities.values()}:
        assert VOCABULARY.kinds[kind].label in text


def test_entity_page_reads_every_claim_from_its_side(kb, bundled_site):
    page = (bundled_site / entity_page("south-korea")).read_text(encoding="utf-8")
    claims = kb.claims_of("south-korea")
    assert all(f'<tr id="{c.id}">' in page for c in claims)
    assert "Republic of Korea" in page and "ROK" in page
    assert 'href="https://www.wikidata.org/wiki/Q884"' in page
    # a claim whose object is South Korea reads with the predicate's inverse label
    incoming = next(c for c in claims if c.object == "south-korea"
                    and not VOCABULARY.predicate(c.predicate).symmetric)
    row = page[page.index(f'<tr id="{incoming.id}">'):]
    assert VOCABULARY.predicate(incoming.predicate).inverse_label in row[:row.index("</tr>")]


def test_ego_network_holds_radius_two_with_each_node_distance(kb, bundled_site):
    G = KnowledgeGraph(kb).network
    data = graph_data(bundled_site / entity_page("south-korea"))
    from foip_graph.network import ego
    assert {n["id"] for n in data["nodes"]} == set(ego(G, "south-korea", 2))
    assert {n["id"] for n in data["nodes"] if n["dist"] <= 1} == set(ego(G, "south-korea", 1))
    assert len(data["edges"]) == ego(G, "south-korea", 2).number_of_edges()


def test_overview_positions_are_computed_not_simulated(kb, bundled_site):
    data = graph_data(bundled_site / "graph.html")
    assert len(data["nodes"]) == len(kb.entities)
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])


def test_overview_legend_and_filters_come_from_the_vocabulary(kb, bundled_site):
    page = parse(bundled_site / "graph.html")
    filters = {(i["data-filter"], i["value"]) for i in page.all("input") if "data-filter" in i}
    kinds = {e.kind for e in kb.entities.values()}
    categories = {VOCABULARY.predicate(c.predicate).category for c in kb.claims if c.object}
    assert {v for f, v in filters if f == "kind"} == kinds
    assert {v for f, v in filters if f == "category"} == categories
    assert {v for f, v in filters if f == "source"} == set(kb.sources)
    text = " ".join(page.text)
    assert all(VOCABULARY.categories[c].label in text for c in categories)


def test_source_page_lists_claims_in_document_order(kb, bundled_site):
    page = (bundled_site / "source" / "dialogue-2026.html").read_text(encoding="utf-8")
    table = page[page.index('<section id="claims">'):]
    ids = re.findall(r'<tr id="(c-[0-9a-f]{16}(?:-[0-9]+)?)">', table)
    assert sorted(ids) == sorted(c.id for c in kb.by_source["dialogue-2026"])
    starts = [min(e.start for e in kb.by_id[i].evidence if e.source == "dialogue-2026") for i in ids]
    assert starts == sorted(starts)


def test_source_text_highlights_every_quote_and_links_it_to_its_claim(kb, bundled_site, corpus):
    source = kb.sources["dialogue-2026"]
    page = (bundled_site / "source" / f"{source.id}.html").read_text(encoding="utf-8")
    text = page[page.index('<div class="source-text">'):page.index('<section id="claims">')]
    refs = re.findall(r'<a class="ref" href="#(c-[0-9a-f]{16}(?:-[0-9]+)?)">', text)
    assert set(refs) == {c.id for c in kb.by_source[source.id]}
    spans = {(e.start, e.end) for c in kb.by_source[source.id] for e in c.evidence if e.source == source.id}
    assert all(f'<span class="anchor" id="q-{a}-{b}"></span>' in text for a, b in spans)
    # take the links and the markup away: what is left is the text, character for character
    bare = re.sub(r'<a class="ref"[^>]*>.*?</a>', "", text.split(">", 1)[1].rsplit("</div>", 1)[0])
    assert html.unescape(re.sub(r"<[^>]+>", "", bare)) == (corpus / source.file).read_text(encoding="utf-8")


def test_without_the_corpus_the_source_page_says_how_to_get_the_text(mini, tmp_path):
    build_site(mini, tmp_path / "site")
    page = (tmp_path / "site" / "source" / "memo.html").read_text(encoding="utf-8")
    assert "<mark>" not in page and "--corpus DIR" in page


def test_relationship_pages_compare_sources_oldest_first(kb, bundled_site):
    kg = KnowledgeGraph(kb)
    rels = relationships(kg)
    assert {r.path for r in rels} <= {p.relative_to(bundled_site).as_posix()
                                      for p in (bundled_site / "relationship").iterdir()}
    assert relationship_page("japan", "south-korea") in {r.path for r in rels}
    page = (bundled_site / relationship_page("japan", "south-korea")).read_text(encoding="utf-8")
    views = kg.compare_sources("japan", "south-korea")
    positions = [page.index(f'id="from-{v.source.id}"') for v in views]
    assert positions == sorted(positions) and len(views) >= 2
    assert [v.source.date for v in views] == sorted(v.source.date for v in views)
    for stance in {s for v in views for s in v.stances}:
        assert f'class="stance stance-{stance}"' in page


def test_timeline_rows_are_in_date_order_and_name_their_entities(kb, bundled_site):
    page = parse(bundled_site / "timeline.html")
    rows = [r for r in page.all("tr") if "data-entities" in r]
    assert len(rows) == len(KnowledgeGraph(kb).timeline())
    assert all(set(r["data-entities"].split()) <= set(kb.entities) for r in rows)


# ---------------------------------------------------------------- offline and safe


def test_pages_load_nothing_from_outside_the_site(bundled_site):
    for path in pages_of(bundled_site):
        page = parse(path)
        loaded = [a.get("src") for a in page.all("script") if a.get("src")]
        loaded += [a["href"] for a in page.all("link")]
        loaded += [a.get("src") for a in page.all("img")]
        for ref in loaded:
            assert "://" not in ref and not ref.startswith("//"), (path, ref)
            assert (path.parent / ref).resolve().is_file(), (path, ref)


def test_every_page_forbids_inline_scripts_and_outside_requests(bundled_site):
    for path in pages_of(bundled_site):
        (csp,) = [m["content"] for m in parse(path).all("meta")
                  if m.get("http-equiv") == "Content-Security-Policy"]
        assert "script-src 'self'" in csp and "connect-src 'none'" in csp


def test_embedded_json_cannot_close_its_script_element():
    text = str(script_json({"a": "</script><!-- <script>&amp;", "b": "\u2028"}))
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- <script>&amp;", "b": "\u2028"}


@pytest.mark.parametrize("bad", ["../escape", "a/b", "UPPER", "dot.html", "", "a--b"])
def test_page_names_accept_slugs_only(bad):
    with pytest.raises(ValueError, match="not a valid id"):
        entity_page(bad)


def test_no_page_is_written_outside_the_site(tmp_path):
    with pytest.raises(ValueError, match="outside the site folder"):
        inside(tmp_path, "../elsewhere.html")
    assert inside(tmp_path, "entity/x.html") == (tmp_path / "entity" / "x.html").resolve()


def test_hostile_text_is_escaped_everywhere(hostile, hostile_site):
    pages = pages_of(hostile_site)
    assert len(pages) == 3 + len(hostile.entities) + len(hostile.sources) + 1  # one relationship
    for path in pages:
        page = parse(path)
        assert page.all("img") == [] and page.all("iframe") == [], path
        assert all(not name.startswith("on") for _, attrs in page.tags for name in attrs), path
        assert all(not (a.get("href") or "").lower().startswith("javascript:") for a in page.all("a")), path
        for script in page.all("script"):
            assert script.get("type") == "application/json" or \
                Path(script["src"]).name in OUR_SCRIPTS, (path, script)
        assert len([s for s in page.all("svg") if "onload" in s]) == 0


def test_hostile_text_is_shown_as_written(hostile, hostile_site):
    memo = " ".join(parse(hostile_site / "source" / "hostile-memo.html").text)
    for payload in PAYLOADS:
        assert payload in memo, payload
    for entity in hostile.entities.values():
        page = " ".join(parse(hostile_site / entity_page(entity.id)).text)
        assert entity.name in page and entity.description in page
    assert "javascript:alert(1)" in memo  # the source's address, shown but not linked


def test_hostile_graph_data_round_trips(hostile, hostile_site):
    data = graph_data(hostile_site / "graph.html")
    assert {n["label"] for n in data["nodes"]} == {e.name for e in hostile.entities.values()}
    search = (hostile_site / "assets" / "entities.js").read_text(encoding="utf-8")
    assert "<" not in search and ">" not in search


def test_a_component_too_big_for_forceatlas2_is_laid_out_from_its_backbone(monkeypatch):
    """Past layout.DENSE nodes networkx's ForceAtlas2 would need an n x n array (7.5 GB
    at 100x the data); the best-connected nodes are laid out by it, the rest around them."""
    import networkx as nx

    from foip_graph.site import layout

    G = nx.MultiDiGraph(nx.balanced_tree(3, 4))  # 121 nodes, one component
    G = nx.relabel_nodes(G, {n: f"n{n:03d}" for n in G})
    monkeypatch.setattr(layout, "DENSE", 20)
    calls = []
    real = nx.forceatlas2_layout
    monkeypatch.setattr(nx, "forceatlas2_layout", lambda H, **kw: calls.append(len(H)) or real(H, **kw))
    pos = layout.force(G)
    assert sum(calls) == 20  # ForceAtlas2 only ever saw the 20 best-connected nodes
    assert set(pos) == set(G)
    assert len(set(pos.values())) == len(G)  # no two nodes on one spot
    assert layout.force(G) == pos
    # A leaf sits next to the node that reaches it, not across the picture.
    x, y = pos["n120"]
    px, py = pos["n039"]  # its parent in the tree
    assert math.dist((x, y), (px, py)) <= 1.2 * layout.SPACING + 1
