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
OUR_SCRIPTS = {"search.js", "site.js", "graph.js", "vis-network.min.js"}


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
    assert names == {"index.html", "graph.html", "timeline.html", "downloads.html", "source/memo.html",
                     *(entity_page(e) for e in mini.entities)}
    assets = {p.name for p in (tmp_path / "site" / "assets").iterdir()}
    assert assets == OUR_SCRIPTS | {"vis-network.css", "site.css", "favicon.svg", "evidence"}


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
    assert all(f'<tr id="{c.id}" data-claim="{c.id}"' in page for c in claims)
    assert "Republic of Korea" in page and "ROK" in page
    assert 'href="https://www.wikidata.org/wiki/Q884"' in page
    # a claim whose object is South Korea reads with the predicate's inverse label
    incoming = next(c for c in claims if c.object == "south-korea"
                    and not VOCABULARY.predicate(c.predicate).symmetric)
    # ...in the group of claims that read so, under a heading with their number
    reads = VOCABULARY.predicate(incoming.predicate).inverse_label
    group = page[page.index(f'<section class="claim-group" id="rel-{"-".join(reads.split())}"'):]
    group = group[:group.index("</section>")]
    assert f'<tr id="{incoming.id}"' in group
    n = group.count("<tr id=")
    assert re.search(f'</bdi> {reads} <span class="count" data-count="{n}">{n}</span></h3>', group)


def test_ego_network_holds_radius_two_with_each_node_distance(kb, bundled_site):
    G = KnowledgeGraph(kb).network
    data = graph_data(bundled_site / entity_page("south-korea"))
    from foip_graph.network import ego
    assert {n["id"] for n in data["nodes"]} == set(ego(G, "south-korea", 2))
    assert {n["id"] for n in data["nodes"] if n["dist"] <= 1} == set(ego(G, "south-korea", 1))
    wide = ego(G, "south-korea", 2)
    # parallel claims are one edge, listing them all
    assert {e["id"] for e in data["edges"]} == {" ".join(sorted((u, v))) for u, v in wide.edges()}
    assert sorted(c[0] for e in data["edges"] for c in e["claims"]) == sorted(k for *_, k in wide.edges(keys=True))


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
    ids = re.findall(r'<tr id="(c-[0-9a-f]{16}(?:-[0-9]+)?)"', table)
    assert sorted(ids) == sorted(c.id for c in kb.by_source["dialogue-2026"])
    starts = [min(e.start for e in kb.by_id[i].evidence if e.source == "dialogue-2026") for i in ids]
    assert starts == sorted(starts)


def test_source_text_highlights_every_quote_and_links_it_to_its_claim(kb, bundled_site, corpus):
    source = kb.sources["dialogue-2026"]
    page = (bundled_site / "source" / f"{source.id}.html").read_text(encoding="utf-8")
    text = page[page.index('<div class="source-text">'):page.index('<section id="claims">')]
    refs = re.findall(r'<a class="ref" href="#(c-[0-9a-f]{16}(?:-[0-9]+)?)" title="claim \d+">', text)
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
    for page in ("../elsewhere.html", "entity/../../elsewhere.html", "/etc/elsewhere.html", ".", ""):
        with pytest.raises(ValueError, match="outside the site folder"):
            inside(tmp_path, page)
    assert inside(tmp_path, f"{tmp_path}/entity/x.html") == tmp_path / "entity" / "x.html"  # absolute, inside
    assert inside(tmp_path, "entity/x.html") == (tmp_path / "entity" / "x.html").resolve()


def test_hostile_text_is_escaped_everywhere(hostile, hostile_site):
    pages = pages_of(hostile_site)
    pairs = {frozenset((c.subject, c.object)) for c in hostile.claims if c.object}
    assert len(pages) == 4 + len(hostile.entities) + len(hostile.sources) + len(pairs) - 2  # two pairs of one claim
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
    search = (hostile_site / "assets" / "search.js").read_text(encoding="utf-8")
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


# ---------------------------------------------------------------- reading the evidence


def quotes_on(path: Path) -> list[str]:
    """The text of every quote a page shows."""
    text = path.read_text(encoding="utf-8")
    return [html.unescape(q) for q in re.findall(r'<blockquote class="quote"><p>“(.*?)”</p>', text, re.S)]


def test_quotes_read_without_markdown_while_the_data_keeps_it(kb, bundled_site):
    marked = [(c, e) for c in kb.claims for e in c.evidence if "**" in e.quote]
    assert marked  # the data keeps the markup of its texts, verbatim
    claim, evidence = marked[0]
    shown = quotes_on(bundled_site / entity_page(claim.subject))
    assert evidence.quote.replace("**", "") in shown
    for path in pages_of(bundled_site):
        assert not [q for q in quotes_on(path) if "**" in q or "](#)" in q], path


def test_citations_name_title_publisher_and_date_and_keep_the_id_for_hover(kb, bundled_site):
    page = (bundled_site / entity_page("south-korea")).read_text(encoding="utf-8")
    cites = set(re.findall(r'<cite><a class="passage" href="[^"]+" title="([^"]+)">(.*?)</a></cite>', page))
    dialogue = kb.sources["dialogue-2026"]
    assert (f"dialogue-2026: {html.escape(dialogue.title)}",
            "Special Dialogue: Prospects for Japanese Diplomacy in 2026 · "
            "<bdi>Ministry of Foreign Affairs of Japan</bdi>, 2026-01") in cites
    assert all(title.split(":")[0] in kb.sources for title, _ in cites)
    assert not any(text.split(" ·")[0] in kb.sources for _, text in cites)  # no bare ids


def test_every_quote_links_to_its_passage_in_the_text(kb, bundled_site, corpus):
    page = (bundled_site / entity_page("south-korea")).read_text(encoding="utf-8")
    links = set(re.findall(r'<a class="passage" href="([^"]+)"', page))
    assert links == {f"../source/{e.source}.html#q-{e.start}-{e.end}"
                     for c in kb.claims_of("south-korea") for e in c.evidence}
    for link in links:
        path, anchor = link.split("#")
        assert f'<span class="anchor" id="{anchor}"></span>' in (bundled_site / "entity" / path).resolve().read_text(encoding="utf-8")


def test_without_the_texts_a_quote_links_to_its_claim_on_the_source_page(mini, tmp_path):
    build_site(mini, tmp_path / "site")
    claim = next(c for c in mini.claims if c.object)
    page = (tmp_path / "site" / entity_page(claim.subject)).read_text(encoding="utf-8")
    assert f'href="../source/memo.html#{claim.id}"' in page
    assert f'<tr id="{claim.id}"' in (tmp_path / "site" / "source" / "memo.html").read_text(encoding="utf-8")


def test_entity_pages_group_claims_by_how_they_read(kb, bundled_site):
    kg = KnowledgeGraph(kb)
    page = (bundled_site / entity_page("japan")).read_text(encoding="utf-8")
    groups = re.findall(r'<section class="claim-group" id="rel-([a-z-]+)" data-group>(.*?)</section>', page, re.S)
    rows = {reads: re.findall(r'<tr id="(c-[0-9a-f]{16}(?:-[0-9]+)?)"', body) for reads, body in groups}
    assert sum(map(len, rows.values())) == len(kb.claims_of("japan"))
    for link in kg.neighbors("japan", derived=False):  # derived links have their own section
        assert link.claim.id in rows["-".join(link.reads.split())]
    order = list(VOCABULARY.categories)
    seen = [order.index(VOCABULARY.predicate(kb.by_id[ids[0]].predicate).category) for ids in rows.values()]
    assert seen == sorted(seen)  # memberships, offices, alliances... as the registry orders them


def test_a_relationship_page_for_every_pair_two_claims_link(kb, bundled_site):
    from collections import Counter
    linked = Counter(frozenset((c.subject, c.object)) for c in kb.claims if c.object and c.object != c.subject)
    pairs = {p for p, n in linked.items() if n >= 2}
    pages = {p.name for p in (bundled_site / "relationship").iterdir()}
    assert pages == {relationship_page(*p).split("/")[1] for p in pairs}
    for a, b in pairs:  # reachable from both entity pages and from the search
        target = f'href="../{relationship_page(a, b)}"'
        assert target in (bundled_site / entity_page(a)).read_text(encoding="utf-8")
        assert target in (bundled_site / entity_page(b)).read_text(encoding="utf-8")
    index = search_index(bundled_site)
    assert {frozenset(r[:2]) for r in index["relationships"]} == pairs
    assert {(frozenset(r[:2]), r[2]) for r in index["relationships"]} == {(p, linked[p]) for p in pairs}


def test_relationship_pages_set_each_source_side_by_side(kb, bundled_site):
    kg = KnowledgeGraph(kb)
    page = (bundled_site / relationship_page("china", "japan")).read_text(encoding="utf-8")
    framing = page[page.index('<div class="framing">'):]
    for view in kg.compare_sources("china", "japan"):
        column = framing[framing.index(f'id="from-{view.source.id}"'):]
        column = column[:column.index("</section>")]
        assert re.findall(r'<li id="[a-z0-9-]+-(c-[0-9a-f]{16}(?:-[0-9]+)?)"', column) == [c.id for c in view.claims]
        quotes = [e for c in view.claims for e in c.evidence if e.source == view.source.id]
        assert column.count('<blockquote class="quote">') == len(quotes)


def plover_tags(page: str, claim_id: str) -> list[list[str]]:
    """The PLOVER tags of a claim in each source's column of a relationship page."""
    items = re.findall(rf'<li id="[a-z0-9-]+-{claim_id}".*?</li>', page, re.S)
    return [re.findall(r'<span class="tag plover" title="[^"]*">([^<]*)</span>', item) for item in items]


def test_relationship_pages_name_the_plover_category_of_each_event_like_claim(kb, bundled_site):
    """Each event-like claim shows the PLOVER coding its record in events.plover.jsonl
    has, in every source's column that states it, and in its panel's record; a lasting
    relation or a concern is no event and shows none."""
    from foip_graph.site.records import fnv1a
    kg = KnowledgeGraph(kb)
    claims = {c.predicate: c for c in kg.between("china", "japan", derived=False)}
    page = (bundled_site / relationship_page("china", "japan")).read_text(encoding="utf-8")
    assert plover_tags(page, claims["protested_to"].id) == [["PLOVER ACCUSE (mode: disapprove; context: diplomatic)"]]
    assert plover_tags(page, claims["met_with"].id) == [["PLOVER CONSULT"]]
    assert plover_tags(page, claims["cooperates_with"].id) == [["PLOVER COOPERATE"]] * 2
    assert plover_tags(page, claims["communicates_with"].id) == [["PLOVER CONSULT"]] * 3
    for lasting in ("in_dispute_with", "concerned_about"):
        assert plover_tags(page, claims[lasting].id) == [[]] * len(claims[lasting].sources)
    visit = next(c for c in kg.between("motegi-toshimitsu", "united-states") if c.predicate == "visited")
    page = (bundled_site / relationship_page("motegi-toshimitsu", "united-states")).read_text(encoding="utf-8")
    assert plover_tags(page, visit.id) == [["PLOVER CONSULT (mode: visit)"]]
    files = bundled_site / "assets" / "evidence"
    n = graph_data(bundled_site / "graph.html")["shards"]
    def record(claim):
        shard = (files / f"{fnv1a(claim.id) % n}.js").read_text(encoding="utf-8")
        return json.loads(shard.split(", ", 1)[1].rstrip().rstrip(");"))[claim.id]
    assert record(visit)["event"] == "PLOVER CONSULT (mode: visit)"
    assert record(claims["protested_to"])["event"] == "PLOVER ACCUSE (mode: disapprove; context: diplomatic)"
    assert "event" not in record(claims["in_dispute_with"])


def test_the_date_filter_windows_are_the_time_model_for_every_claim_and_range(kb):
    """A range keeps a claim on the site (some window with from <= F and to >= T)
    exactly when timing.holding_aware says it holds on some day of the range, for every
    claim and derived link, over ranges from and to each day its holding names, the day
    either side, and no bound at all."""
    import datetime as dt

    from foip_graph import timing
    from foip_graph.dates import PartialDate, Period
    from foip_graph.kb import holding_key
    from foip_graph.site.words import holds

    def keeps(windows, start, end):
        return any(start <= windows[i] and end >= windows[i + 1] for i in range(0, len(windows), 2))

    tried = kept = 0
    for claim in [*kb.claims, *kb.derived]:
        holding = kb.holdings[holding_key(claim)]
        windows = holds(claim, holding)
        dates = [d for c in holding for d in (c.date, c.start, c.end, c.started_by, c.ended_by) if d]
        dates += [o.date for c in holding for o in c.observed]
        days = {d + dt.timedelta(days=k) for x in dates for d in (x.first_day, x.last_day) for k in (-1, 0, 1)}
        days |= {dt.date(1, 1, 1), dt.date(9999, 12, 31)}
        for start in days:
            for end in (d for d in days if d >= start):
                at = Period(PartialDate.parse(start), PartialDate.parse(end))
                expected = timing.holding_aware(claim, holding, at) is not None
                assert keeps(windows, start.isoformat(), end.isoformat()) is expected, (claim.id, start, end)
                tried, kept = tried + 1, kept + expected
    assert tried > 10_000 and 0 < kept < tried


def search_index(site: Path) -> dict:
    text = (site / "assets" / "search.js").read_text(encoding="utf-8")
    return json.loads(text.split(" = ", 1)[1].rstrip().rstrip(";"))


def test_the_search_index_knows_how_connected_each_entity_is(kb, bundled_site):
    index = search_index(bundled_site)
    claims = {e[0]: e[4] for e in index["entities"]}
    assert claims == {e: len(kb.claims_of(e)) for e in kb.entities}
    assert [e[1] for e in index["entities"]] == sorted((e[1] for e in index["entities"]), key=str.casefold)


def test_evidence_shards_hold_every_claim_and_entity_a_panel_shows(kb, bundled_site):
    from foip_graph.site.records import fnv1a
    from foip_graph.site.words import plain
    files = sorted((bundled_site / "assets" / "evidence").iterdir(), key=lambda p: int(p.stem))
    shards = [json.loads(f.read_text(encoding="utf-8").split(", ", 1)[1].rstrip().rstrip(");")) for f in files]
    data = graph_data(bundled_site / "graph.html")
    assert data["shards"] == len(files)
    for claim in (c for c in kb.claims if c.object):
        record = shards[fnv1a(claim.id) % len(files)][claim.id]
        assert record["quotes"] == [[plain(e.quote), e.source, f"source/{e.source}.html#q-{e.start}-{e.end}"]
                                    for e in claim.evidence]
    for entity in kb.entities.values():
        assert shards[fnv1a(entity.id) % len(files)][entity.id]["description"] == entity.description
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a test value; graph.js computes the same


def test_japan_network_starts_in_collapsed_sectors_best_connected_first(kb, bundled_site):
    from foip_graph.network import ego
    data = graph_data(bundled_site / entity_page("japan"))
    near = [n for n in data["nodes"] if n.get("dist") == 1]
    assert len(near) == ego(KnowledgeGraph(kb).network, "japan", 1).number_of_nodes() - 1
    assert data["focus"] == "japan" and data["collapsed"] is True and len(near) > 100
    by_group: dict = {}
    for n in sorted(near, key=lambda n: n["rank"]):
        by_group.setdefault(n["group"], []).append(n)
    assert [s["name"] for s in data["sectors"]] == [c for c in VOCABULARY.categories if c in by_group]
    for sector in data["sectors"]:
        members = by_group[sector["name"]]
        assert sector["count"] == len(members)
        assert [m["claims"] for m in members] == sorted((m["claims"] for m in members), reverse=True)
        first, last = members[0], members[-1]
        assert math.hypot(first["x"], first["y"]) <= math.hypot(last["x"], last["y"])


# ---------------------------------------------------------------- downloads


def test_the_downloads_page_offers_every_export_with_its_size(bundled_out):
    from foip_graph.site.words import size
    site = bundled_out / "site"
    page = (site / "downloads.html").read_text(encoding="utf-8")
    from foip_graph.manifest import CHANGES, MANIFEST
    exports = sorted(p.relative_to(bundled_out).as_posix() for p in bundled_out.rglob("*")
                     if p.is_file() and p.relative_to(bundled_out).parts[0] not in ("site", ".cache")
                     and p.name not in (MANIFEST, CHANGES))
    assert {"graph.ttl", "graph.trig", "foip-graph.json", "network.graphml", "network.gexf",
            "events.plover.jsonl", "foip-graph.db", "csv/claims.csv"} <= set(exports)
    rows = re.findall(r'<a href="(downloads/[^"]+)" download>([^<]+)</a></td>.*?<td class="num" data-label="Size">([^<]+)</td>',
                      page, re.S)
    assert [name for _, name, _ in rows] == exports
    for href, name, shown in rows:
        assert (site / href).read_bytes() == (bundled_out / name).read_bytes()
        assert shown == html.escape(size((bundled_out / name).stat().st_size))


def test_a_site_built_alone_says_where_its_downloads_come_from(mini, tmp_path):
    build_site(mini, tmp_path / "site")
    page = (tmp_path / "site" / "downloads.html").read_text(encoding="utf-8")
    assert "foip-graph build" in page and "download>" not in page
    assert not (tmp_path / "site" / "downloads").exists()


# ---------------------------------------------------------------- names that cannot spoof


@pytest.mark.parametrize("field, value, shown", [
    ("name", "Anna \u202eevil", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("aliases", ["Ja\u200bpan"], "U+200B ZERO WIDTH SPACE"),
    ("name", "\u2067Isolated", "U+2067 RIGHT-TO-LEFT ISOLATE"),
])
def test_validate_refuses_names_with_hidden_characters(tmp_path, field, value, shown):
    import shutil

    import yaml

    from foip_graph.load import load_dataset

    from .conftest import MINI
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    people = data / "entities" / "people.yaml"
    entries = yaml.safe_load(people.read_text(encoding="utf-8"))
    entries[0][field] = value
    people.write_text(yaml.safe_dump(entries, allow_unicode=False), encoding="utf-8")
    report = load_dataset(data, MINI_CORPUS)
    assert report.dataset is None
    (problem,) = [p for p in report.problems if shown in p.message]
    assert problem.file.endswith("people.yaml") and problem.line >= 1
    assert "invisible character" in problem.message and repr(value if field == "name" else value[0]) in problem.message


class Isolation(HTMLParser):
    """The text holding hidden characters, each with whether an element around it
    isolates it: a ``bdi``, or a class the style sheet gives ``unicode-bidi: isolate``."""

    ISOLATING = {"quote", "description", "note", "role", "aliases", "value",
                 "source-text"}  # a source's text as written: a block, which no override leaves
    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.found: list[tuple[str, bool]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if re.search("[\u202a-\u202e\u2066-\u2069\u200b]", data) and self.stack[-1][0] != "script":
            self.found.append((data, any(t == "bdi" or c & self.ISOLATING for t, c in self.stack)))


def test_hostile_text_with_hidden_characters_is_isolated_on_every_page(hostile_site):
    """Descriptions, notes and quotes may hold them (a quote is verbatim), names may not
    (validate refuses them): each sits in an element that isolates it, so it cannot
    reorder the text around it."""
    found = [(path, data) for path in pages_of(hostile_site)
             for data, isolated in Isolation(path.read_text(encoding="utf-8")).found if not isolated]
    assert found == []
    assert sum(len(Isolation(p.read_text(encoding="utf-8")).found) for p in pages_of(hostile_site)) >= 4


def test_site_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    """Two processes with different PYTHONHASHSEED write the same bytes (sets of ids are
    always sorted before they reach a page)."""
    import subprocess
    import sys

    from .conftest import HOSTILE, HOSTILE_CORPUS
    script = ("import sys; from foip_graph.kb import KnowledgeBase; from foip_graph.site import build_site; "
              "build_site(KnowledgeBase.from_path(sys.argv[1], sys.argv[2]), sys.argv[3], corpus=sys.argv[2])")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(HOSTILE), str(HOSTILE_CORPUS), str(tmp_path / seed)],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "1", tmp_path / "2", [str(p) for p in files], shallow=False)
    assert mismatch == [] and errors == []


def test_derived_links_are_marked_and_name_the_claims_they_come_from(kb, bundled_site):
    from foip_graph.site.records import fnv1a, says
    link = next(d for d in kb.derived if d.subject == "marco-rubio")
    page = (bundled_site / entity_page("marco-rubio")).read_text(encoding="utf-8")
    section = page[page.index('<section id="derived">'):]
    row = section[section.index(f'<tr id="{link.id}" class="derived">'):]
    row = row[:row.index("</tr>")]
    for claim in kb.chain(link):  # each stated claim it comes from, with a link to its passage
        assert f'href="../source/{claim.evidence[0].source}.html#q-{claim.evidence[0].start}-{claim.evidence[0].end}"' in row
    assert link.id not in page[:page.index('<section id="derived">')].split('id="claims"')[1]  # not among the claims
    data = graph_data(bundled_site / entity_page("marco-rubio"))
    edge = next(e for e in data["edges"] if e["id"] == " ".join(sorted((link.subject, link.object))))
    assert [c[4] for c in edge["claims"] if c[0] == link.id] == [1]
    files = bundled_site / "assets" / "evidence"
    shard = (files / f"{fnv1a(link.id) % data['shards']}.js").read_text(encoding="utf-8")
    record = json.loads(shard.split(", ", 1)[1].rstrip().rstrip(");"))[link.id]
    assert record == {"says": says(kb, link), "derived_from": list(link.derived_from), "when": record["when"],
                      "role": link.role}
    assert "quotes" not in record  # no document states it
