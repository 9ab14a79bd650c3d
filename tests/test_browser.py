"""The site in a real browser: Debian's Chromium driven by Playwright (see conftest.py).

Every page type is opened from disk (file://) and from ``foip-graph serve``'s server: no
console error, no request leaves the machine, the graphs hold the nodes and links the
data says. An analyst's path is walked both ways: a quote link lands on its passage,
marked and centred, and back returns; a click on a line shows its claims and quotes; a
click on a node opens its profile and highlights its neighbours; filters by date narrow
graphs and lists to exact counts; the search forgives typos and word order and offers
relationship pages; phones get pages no wider than the screen. The hostile dataset shows
its markup as text and runs none of it, panels open; axe-core (vendored in
tests/vendor/, never downloaded) finds no accessibility violation.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from foip_graph import timing
from foip_graph.dates import PartialDate, Period
from foip_graph.kb import holding_key
from foip_graph.manifest import CHANGES, MANIFEST
from foip_graph.model import Claim
from foip_graph.network import ego
from foip_graph.query import KnowledgeGraph
from foip_graph.serve import make_server
from foip_graph.site.paths import entity_page, relationship_page
from foip_graph.site.words import plain

from .test_site import OUR_SCRIPTS, PAYLOADS

PAGES = {
    "index": "index.html",
    "overview": "graph.html",
    "entity": "entity/south-korea.html",
    "source": "source/dialogue-2026.html",
    "relationship": "relationship/japan--south-korea.html",
    "timeline": "timeline.html",
    "downloads": "downloads.html",
}
CLICK = {"overview": "south-korea", "entity": "japan", "source": "japan", "relationship": "south-korea"}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@dataclass
class Visit:
    """What a page did while it loaded: console errors, uncaught exceptions, requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def visit(page: Page, url: str) -> Visit:
    """Open ``url``, recording everything, and wait until its graph (if any) is drawn."""
    seen = Visit()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    # a fetch the next page's navigation cut short (the favicon) is no broken link: a
    # missing file fails as net::ERR_FILE_NOT_FOUND
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else seen.errors.append(f"failed: {r.url} ({r.failure})"))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    if page.locator("#graph").count():
        page.wait_for_function("() => window.foipReady === true", timeout=15_000)
    return seen


def counts(page: Page) -> tuple[int, int]:
    """Entities and links the graph draws (a sector's name is not an entity)."""
    return tuple(page.evaluate("""[foipNetwork.body.data.nodes.getIds().filter(i => !String(i).startsWith("sector:")).length,
                                   foipNetwork.body.data.edges.length]"""))


def pairs(G) -> set[frozenset]:
    return {frozenset((u, v)) for u, v in G.edges()}


@pytest.fixture(scope="module")
def kg(kb) -> KnowledgeGraph:
    return KnowledgeGraph(kb)


@pytest.fixture(scope="module")
def expected(kg) -> dict[str, tuple[int, int]]:
    """Entities and links each graph page must draw, from the networkx view."""
    G = kg.network
    near = ego(G, "south-korea", 1)
    # what the dialogue states (a derived link is no document's statement)
    stated = [(u, v) for u, v, a in G.edges(data=True) if "dialogue-2026" in a["sources"].split(";")
              and not a.get("derived")]
    return {
        "overview": (G.number_of_nodes(), len(pairs(G))),
        "entity": (near.number_of_nodes(), len(pairs(near))),
        "source": (len({n for e in stated for n in e}), len({frozenset(e) for e in stated})),
    }


def serve(folder: Path):
    server = make_server(folder, port=0, log=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def out_url(bundled_out):
    """The site of a whole build (with its downloads), served."""
    server, url = serve(bundled_out / "site")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["file", "served"])
def at(request, bundled_site, site_url):
    """Where the bundled site's pages are: on disk or on the local server."""
    if request.param == "file":
        return lambda name: (bundled_site / PAGES.get(name, name)).as_uri(), bundled_site.as_uri()
    return lambda name: site_url + PAGES.get(name, name), site_url


def node_on_screen(page: Page, node: str, scale: float = 2.5) -> tuple[float, float]:
    """Zoom onto a node and return where it is in the viewport (checking that this point
    is the node, not a neighbour drawn over it)."""
    page.locator("#graph").scroll_into_view_if_needed()
    hit = page.evaluate("""([id, scale]) => {
        const net = window.foipNetwork;
        net.moveTo({position: net.getPositions([id])[id], scale: scale});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = net.canvas.frame.canvas.getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, at: net.getNodeAt(dom)};
    }""", [node, scale])
    assert hit["at"] == node
    return hit["x"], hit["y"]


def edge_on_screen(page: Page, a: str, b: str) -> tuple[float, float]:
    """The middle of the line between two nodes, in the viewport, zoomed so that the
    line is long; checked to be that line."""
    page.locator("#graph").scroll_into_view_if_needed()
    hit = page.evaluate("""([a, b]) => {
        const net = window.foipNetwork, p = net.getPositions([a, b]);
        const mid = {x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2};
        net.moveTo({position: mid, scale: 1.5});
        const dom = net.canvasToDOM(mid);
        const box = net.canvas.frame.canvas.getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, at: net.getEdgeAt(dom), node: net.getNodeAt(dom)};
    }""", [a, b])
    assert hit["at"] == " ".join(sorted((a, b))) and hit["node"] is None
    return hit["x"], hit["y"]


# ---------------------------------------------------------------- every page type, both ways


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(page, at, name, expected):
    url, base = at
    seen = visit(page, url(name))
    assert seen.errors == []
    outside = [r for r in seen.requests if not (r.startswith(base) or r.startswith("data:"))]
    assert outside == []
    if name in expected:
        assert counts(page) == expected[name]


@pytest.mark.parametrize("name", PAGES)
def test_search_offers_republic_of_korea_for_rok(page, at, name):
    url, _ = at
    visit(page, url(name))
    page.fill("#search-input", "ROK")
    first = page.locator("#search-results a").first
    expect(first).to_contain_text("Republic of Korea")
    first.click()
    page.wait_for_url("**/entity/south-korea.html")
    expect(page.locator("h1")).to_have_text("Republic of Korea")


@pytest.mark.parametrize("typed, found", [
    ("Austrlia", "Australia"),                    # a letter missing
    ("Toshimitsu Motegi", "Motegi Toshimitsu"),   # the words the other way round
    ("turkiye", "Türkiye"),                       # no diacritics
    ("jap", "Japan"),                             # the best-connected of many
    ("Untied States", "United States"),           # two letters swapped
])
def test_search_forgives_typos_word_order_and_diacritics(page, at, typed, found):
    url, _ = at
    visit(page, url("index"))
    page.fill("#search-input", typed)
    expect(page.locator("#search-results a").first).to_contain_text(found)


def test_search_offers_the_relationship_page_for_two_names(page, at, kb):
    url, _ = at
    visit(page, url("timeline"))
    page.fill("#search-input", "japan china")
    first = page.locator("#search-results a").first
    expect(first).to_contain_text("China – Japan")
    expect(first).to_contain_text(f"relationship · {len(kb.by_pair[('china', 'japan')])} claims")
    first.click()
    page.wait_for_url(f"**/{relationship_page('china', 'japan')}")
    expect(page.locator("h1")).to_have_text("China – Japan")


@pytest.mark.parametrize("name", CLICK)
def test_double_click_on_a_node_opens_its_entity_page(page, at, name):
    url, _ = at
    visit(page, url(name))
    node = CLICK[name]
    x, y = node_on_screen(page, node)
    page.mouse.dblclick(x, y)
    page.wait_for_url(f"**/{entity_page(node)}")
    expect(page.locator("h1")).to_be_visible()


# ---------------------------------------------------------------- evidence in the graph


@pytest.mark.parametrize("name", ["overview", "entity"])
def test_a_node_click_highlights_its_neighbours_and_opens_its_profile(page, at, name, kg):
    url, _ = at
    visit(page, url(name))
    before = page.url
    node = "japan" if name == "entity" else "south-korea"
    x, y = node_on_screen(page, node)
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-ready", node)
    assert page.url == before  # no navigation
    entity = kg.kb.entities[node]
    expect(panel.locator("#panel-title")).to_have_text(entity.name)
    expect(panel.locator(".description")).to_have_text(entity.description)
    expect(panel).to_contain_text(f"{len(kg.kb.claims_of(node))} claims in all")
    expect(panel.get_by_role("link", name=f"Open the page of {entity.name}")).to_have_attribute(
        "href", f"{'../' if name == 'entity' else ''}{entity_page(node)}")
    drawn = set(page.evaluate("foipNetwork.body.data.nodes.getIds()"))
    neighbours = {n for n in ego(kg.network, node, 1) if n in drawn}
    assert set(page.evaluate("foipNetwork.getSelectedNodes()")) == neighbours
    assert len(neighbours) > 1


@pytest.mark.parametrize("name", ["entity", "relationship"])
def test_an_edge_click_shows_every_claim_and_quote_in_the_panel(page, at, name, kg):
    url, _ = at
    visit(page, url(name))
    x, y = edge_on_screen(page, "japan", "south-korea")
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-ready", "japan south-korea")
    claims = kg.between("japan", "south-korea")
    expect(panel.locator(".panel-claims > li")).to_have_count(len(claims))
    quotes = [plain(e.quote) for c in sorted(claims, key=lambda c: kg.kb.order[c.id]) for e in c.evidence]
    assert panel.locator("blockquote p").all_inner_texts() == [f"“{q}”" for q in quotes]
    source = kg.kb.sources[claims[0].evidence[0].source]
    expect(panel.locator("cite").first).to_contain_text(f"{source.publisher}, {source.date}")
    # the events among them (cooperation, coordination, a protest) as PLOVER codes them; the rest are no events
    assert panel.locator(".plover").all_inner_texts() == [
        "PLOVER COOPERATE", "PLOVER SUPPORT", "PLOVER ACCUSE (mode: disapprove; context: diplomatic)"]
    expect(panel.get_by_role("link", name="Open the relationship page: every source side by side")).to_be_visible()


def test_a_quote_in_the_panel_links_to_its_passage(page, at, kg, corpus):
    url, _ = at
    visit(page, url("entity"))
    x, y = edge_on_screen(page, "japan", "south-korea")
    page.mouse.click(x, y)
    expect(page.locator("#panel")).to_have_attribute("data-ready", "japan south-korea")
    link = page.locator("#panel a.passage").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href.removeprefix('..')}")
    assert_lands_on_passage(page, kg, corpus)


def test_a_derived_link_shows_the_claims_it_comes_from(page, at, kg):
    url, _ = at
    visit(page, url(entity_page("marco-rubio")))
    link = next(d for d in kg.kb.derived if d.subject == "marco-rubio" and d.object == "united-states")
    edge = " ".join(sorted((link.subject, link.object)))
    assert page.evaluate("(id) => foipNetwork.body.data.edges.get(id).dashes", edge) is True
    x, y = edge_on_screen(page, *sorted((link.subject, link.object)))
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-ready", edge)
    item = panel.locator(".panel-claims > li.derived")
    expect(item).to_contain_text("Derived, not stated by any document")
    chain = kg.chain(link)
    expect(item.locator(".panel-derived > li")).to_have_count(len(chain))
    for part, claim in zip(item.locator(".panel-derived > li").all(), chain):
        expect(part.locator("blockquote p").first).to_have_text(f"“{plain(claim.evidence[0].quote)}”")


# ---------------------------------------------------------------- claim -> passage, and back


def assert_lands_on_passage(page: Page, kg: KnowledgeGraph, corpus: Path) -> None:
    """The page shows one marked passage: the quote's span of the text, centred in view."""
    source_id = page.url.split("/source/")[1].split(".html")[0]
    start, end = map(int, page.url.split("#q-")[1].split("-"))
    page.wait_for_function("() => document.querySelectorAll('.passage-current').length === 1")
    state = page.evaluate("""() => {
        const marked = document.querySelectorAll('.passage-current, .source-text [style*=outline]');
        const el = marked[0], box = el.getBoundingClientRect(), copy = el.cloneNode(true);
        copy.querySelectorAll('a.ref').forEach(a => a.remove());
        return {count: marked.length, text: copy.textContent, top: box.top, bottom: box.bottom,
                height: innerHeight, outline: getComputedStyle(el).outlineStyle};
    }""")
    text = (corpus / kg.kb.sources[source_id].file).read_text(encoding="utf-8")
    assert state["count"] == 1 and state["outline"] == "solid"
    assert state["text"] == text[start:end]
    assert 0 <= state["top"] and state["bottom"] <= state["height"]
    if state["bottom"] - state["top"] < state["height"] / 2:  # a short passage sits mid-screen
        assert abs((state["top"] + state["bottom"]) / 2 - state["height"] / 2) < state["height"] / 4


@pytest.mark.parametrize("name", ["entity", "relationship", "timeline", "source"])
def test_a_quote_link_lands_on_its_passage_and_back_returns(page, at, name, kg, corpus):
    url, _ = at
    visit(page, url(name))
    links = page.locator("td a.passage, li a.passage") if name != "source" else page.locator("#claims a.passage")
    link = links.nth(3)
    link.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 40)")
    where, scrolled = page.url, page.evaluate("window.scrollY")
    link.click()
    page.wait_for_url("**#q-*")
    assert_lands_on_passage(page, kg, corpus)
    page.go_back()
    page.wait_for_url(where)
    page.wait_for_function(f"() => Math.abs(window.scrollY - {scrolled}) < 5", timeout=5_000)


def test_each_highlight_links_back_to_its_claims(page, bundled_site, kb):
    visit(page, (bundled_site / PAGES["source"]).as_uri())
    ref = page.locator(".source-text a.ref").first
    claim = ref.get_attribute("href")[1:]
    ref.click()
    expect(page.locator(f"tr#{claim}")).to_be_in_viewport()
    assert claim in {c.id for c in kb.by_source["dialogue-2026"]}


# ---------------------------------------------------------------- readable networks


def test_the_japan_page_labels_its_centre_and_top_neighbours(page, at, kg):
    url, _ = at
    visit(page, url(entity_page("japan")))
    labelled = set(page.evaluate("foipGraph.labelled()"))
    drawn = [n for n in page.evaluate("foipNetwork.body.data.nodes.getIds()") if not n.startswith("sector:")]
    top = sorted((n for n in drawn if n != "japan"), key=lambda n: (-len(kg.kb.claims_of(n)), n))[:5]
    assert {"japan", *top} <= labelled
    sizes = page.evaluate("""(ids) => ids.map(id => foipNetwork.body.nodes[id].options.font.size * foipNetwork.getScale())""",
                          ["japan", *top])
    assert sizes[0] >= 19 and all(s >= 12.5 for s in sizes[1:])  # readable on screen
    assert overlapping_labels(page)[1] == []  # a label beneath a node, or above it where that is taken
    # grouped in sectors, each named with its count, collapsed to their best-connected few
    sectors = page.evaluate("""foipNetwork.body.data.nodes.get().filter(n => String(n.id).startsWith("sector:"))
                               .map(n => n.label)""")
    assert len(sectors) >= 5 and all(" · " in s for s in sectors)
    assert len(drawn) < ego(kg.network, "japan", 1).number_of_nodes()


def test_a_collapsed_sector_opens_on_click_and_every_link_on_demand(page, bundled_site, kg):
    visit(page, (bundled_site / entity_page("japan")).as_uri())
    everything = ego(kg.network, "japan", 1).number_of_nodes()
    shown = counts(page)[0]
    label = page.evaluate("foipNetwork.body.data.nodes.get('sector:conflict').label")
    hidden = int(label.split("(+")[1].rstrip(")"))
    x, y = node_on_screen(page, "sector:conflict", 1.0)
    page.mouse.click(x, y)
    assert counts(page)[0] == shown + hidden
    page.click("#expand-all")
    assert counts(page)[0] == everything


def test_parallel_claims_are_one_link_with_their_count(page, bundled_site, kg):
    visit(page, (bundled_site / relationship_page("china", "japan")).as_uri())
    edge = page.evaluate("foipNetwork.body.data.edges.get('china japan')")
    assert edge["label"] == f"{len(kg.between('china', 'japan'))} claims"
    assert page.evaluate("foipNetwork.body.data.edges.get().filter(e => e.from === 'china' && e.to === 'japan').length") == 1


def test_the_overview_fits_on_load_and_zooms_fits_and_resets(page, bundled_site):
    visit(page, (bundled_site / "graph.html").as_uri())
    outside = page.evaluate("""() => {
        const net = foipNetwork, box = net.canvas.frame.canvas.getBoundingClientRect();
        const p = net.getPositions();
        return Object.values(p).map(q => net.canvasToDOM(q))
            .filter(d => d.x < 0 || d.y < 0 || d.x > box.width || d.y > box.height).length;
    }""")
    assert outside == 0
    fitted = page.evaluate("foipNetwork.getScale()")
    page.get_by_role("button", name="Zoom in").click()
    assert page.evaluate("foipNetwork.getScale()") == pytest.approx(fitted * 1.4)
    page.get_by_role("button", name="Zoom out").click()
    page.get_by_role("button", name="Zoom out").click()
    assert page.evaluate("foipNetwork.getScale()") == pytest.approx(fitted / 1.4)
    page.get_by_role("button", name="Fit the graph to the view").click()
    assert page.evaluate("foipNetwork.getScale()") == pytest.approx(fitted)
    x, y = node_on_screen(page, "china")
    page.mouse.click(x, y)
    expect(page.locator("#panel")).to_be_visible()
    page.get_by_role("button", name="Reset: the view at load, fitted, nothing selected").click()
    expect(page.locator("#panel")).to_be_hidden()
    assert page.evaluate("foipNetwork.getSelectedNodes()") == []
    assert page.evaluate("foipNetwork.getScale()") == pytest.approx(fitted)


def overlapping_labels(page: Page) -> tuple[int, list]:
    """How many labels are drawn, and the pairs of them that overlap on screen: each where
    vis-network draws it, 3 units beneath its node, moved by its font's vadjust (a label
    placed above its node)."""
    boxes = page.evaluate("""() => foipGraph.labelled().map(id => {
        const net = foipNetwork, node = net.body.nodes[id], d = net.canvasToDOM({x: node.x, y: node.y});
        const w = node.labelModule.size.width * net.getScale(), h = node.labelModule.size.height * net.getScale();
        const top = d.y + (node.shape.height / 2 + 3 + node.options.font.vadjust) * net.getScale();
        return [id, d.x - w / 2, top, d.x + w / 2, top + h];
    })""")
    return len(boxes), [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                        if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]


def test_overview_labels_do_not_pile_on_each_other(page, bundled_site):
    visit(page, (bundled_site / "graph.html").as_uri())
    drawn, overlapping = overlapping_labels(page)
    assert drawn >= 20
    assert overlapping == []


# ---------------------------------------------------------------- filters


def holds(kg: KnowledgeGraph, item, start: str, end: str) -> bool:
    """Whether the time model says a claim (read with its holding, as every as_of answer
    is) or a timeline's event holds on some day from ``start`` to ``end``."""
    at = Period(PartialDate.parse(start), PartialDate.parse(end))
    if isinstance(item, Claim):
        return timing.holding_aware(item, kg.kb.holdings[holding_key(item)], at) is not None
    when = item.when
    times = timing.Qualifiers(date=when.start) if when.start == when.end else timing.Qualifiers(start=when.start, end=when.end)
    return timing.basis(times, at) is not None


def set_dates(page: Page, start: str, end: str) -> None:
    page.fill('#filters input[name="from"]', start)
    page.fill('#filters input[name="to"]', end)


def test_a_date_filter_hides_claims_outside_the_range(page, at, kg):
    url, _ = at
    visit(page, url("timeline"))
    set_dates(page, "2020-01-01", "2020-12-31")
    items = kg.timeline()
    within = [i for i in items if holds(kg, i.event or i.claim, "2020-01-01", "2020-12-31")]
    assert 0 < len(within) < len(items)
    expect(page.locator("table.timeline tbody tr:visible")).to_have_count(len(within))
    expect(page.locator("#filter-count")).to_have_text(f"Showing {len(within)} of {len(items)} events and claims.")
    page.click('#filters button[type="reset"]')
    expect(page.locator("table.timeline tbody tr:visible")).to_have_count(len(items))


def test_a_date_filter_narrows_an_entity_page_graph_and_list_alike(page, at, kg):
    url, _ = at
    visit(page, url("entity"))
    set_dates(page, "2019-01-01", "2020-12-31")
    claims = kg.kb.claims_of("south-korea")
    dated = [c for c in claims if holds(kg, c, "2019-01-01", "2020-12-31")]
    assert 0 < len(dated) < len(claims)
    expect(page.locator("#claims table.claims tbody tr:visible")).to_have_count(len(dated))
    expect(page.locator("#claims-count")).to_have_text(f"{len(dated)} of {len(claims)}")
    near = ego(kg.network, "south-korea", 1)  # the graph: every claim among these entities
    links = {frozenset((u, v)) for u, v, k in near.edges(keys=True) if holds(kg, kg.kb.by_id[k], "2019-01-01", "2020-12-31")}
    assert counts(page) == (len({n for p in links for n in p} | {"south-korea"}), len(links))
    page.check('#filters input[name="undated"]')  # and the claims with no date at all
    kept = [c for c in claims if not holds(kg, c, "0001-01-01", "9999-12-31") or holds(kg, c, "2019-01-01", "2020-12-31")]
    expect(page.locator("#claims table.claims tbody tr:visible")).to_have_count(len(kept))


def test_a_date_filter_keeps_what_the_time_model_says_holds(page, bundled_site, kg):
    """The United Kingdom is party to the CPTPP from 2024, no end stated: it holds in
    2025 (an open start, as kg.claims(as_of="2025") answers), not in 2023, and not in
    June 2024 (a start in 2024 may be in December)."""
    (uk,) = kg.claims(subject="United Kingdom", predicate="party_to", object="CPTPP")
    visit(page, (bundled_site / entity_page("united-kingdom")).as_uri())
    row = page.locator(f'tr[id="{uk.id}"]')
    for start, end, shown in (("2025-01-01", "2025-12-31", True), ("2023-01-01", "2023-12-31", False),
                              ("2024-06-01", "2024-06-30", False), ("2024-06-01", "2025-01-01", True)):
        set_dates(page, start, end)
        if shown:
            expect(row).to_be_visible()
        else:
            expect(row).to_be_hidden()
        assert holds(kg, uk, start, end) is shown
    assert uk in kg.claims(as_of="2025") and uk not in kg.claims(as_of="2024-06")


def test_the_overview_filters_by_kind_category_source_and_date(page, bundled_site, kg):
    G = kg.network
    visit(page, (bundled_site / "graph.html").as_uri())
    page.uncheck('input[data-filter="kind"][value="country"]')
    rest = G.subgraph(n for n, k in G.nodes(data="kind") if k != "country")
    assert counts(page) == (rest.number_of_nodes(), len(pairs(rest)))
    page.check('input[data-filter="kind"][value="country"]')
    page.uncheck('input[data-filter="category"][value="conflict"]')
    assert counts(page)[1] == len(pairs(G.edge_subgraph((u, v, k) for u, v, k, c in G.edges(keys=True, data="category")
                                                        if c != "conflict")))
    page.check('input[data-filter="category"][value="conflict"]')
    for source in kg.kb.sources:
        if source != "roundtable-2020":
            page.uncheck(f'input[data-filter="source"][value="{source}"]')
    stated = [(u, v) for u, v, s in G.edges(data="sources") if "roundtable-2020" in s.split(";")]
    assert counts(page) == (len({n for e in stated for n in e}), len({frozenset(e) for e in stated}))
    expect(page.locator("#graph-count")).to_contain_text(f"{len(stated)} of {G.number_of_edges()} claims")
    page.click('#filters button[type="reset"]')
    set_dates(page, "2026-01-01", "2026-12-31")
    dated = [kg.kb.by_id[k] for *_, k in G.edges(keys=True) if holds(kg, kg.kb.by_id[k], "2026-01-01", "2026-12-31")]
    links = {frozenset((c.subject, c.object)) for c in dated}
    assert counts(page) == (len({n for p in links for n in p}), len(links))


def test_the_timeline_filters_by_entity_kind_and_source(page, bundled_site, kg):
    visit(page, (bundled_site / "timeline.html").as_uri() + "?entity=south-korea")
    expect(page.locator("#entity-filter")).to_have_value("south-korea")
    rows = page.locator("table.timeline tbody tr:visible")
    expect(rows).to_have_count(len(kg.timeline("south-korea")))
    page.select_option("#entity-filter", "")
    expect(rows).to_have_count(len(kg.timeline()))
    page.uncheck('#filters input[data-filter="kind"][value="person"]')
    people = {e for e, x in kg.kb.entities.items() if x.kind == "person"}
    expect(rows).to_have_count(sum(1 for i in kg.timeline() if i.event or not {i.claim.subject, i.claim.object} & people))
    page.check('#filters input[data-filter="kind"][value="person"]')
    page.uncheck('#filters input[data-filter="source"][value="briefing-2026"]')
    expect(rows).to_have_count(sum(1 for i in kg.timeline()
                                   if set(i.claim.sources if i.claim else [e.source for e in i.event.evidence])
                                   - {"briefing-2026"}))


def test_the_entity_network_widens_to_radius_two(page, bundled_site, kg):
    visit(page, (bundled_site / entity_page("south-korea")).as_uri())
    page.check('input[name="radius"][value="2"]')
    wide = ego(kg.network, "south-korea", 2)
    assert counts(page) == (wide.number_of_nodes(), len(pairs(wide)))


def test_the_overview_finds_and_focuses_a_node(page, bundled_site):
    visit(page, (bundled_site / "graph.html").as_uri())
    page.fill("#find", "Repulic of Korea")
    page.click("#find-go")
    expect(page.locator("#find-status")).to_contain_text("Republic of Korea")
    expect(page.locator("#panel")).to_have_attribute("data-ready", "south-korea")
    assert "south-korea" in page.evaluate("foipNetwork.getSelectedNodes()")


def test_an_entity_page_sorts_its_claims_by_date(page, bundled_site, kb):
    visit(page, (bundled_site / entity_page("japan")).as_uri())
    page.select_option("#claim-order", "date")
    for group in page.locator(".claim-group tbody").all()[:6]:
        dates = group.evaluate("b => [...b.children].map(r => r.dataset.from || '~')")
        assert dates == sorted(dates)
    page.select_option("#claim-order", "source")
    orders = page.locator(".claim-group tbody").first.evaluate("b => [...b.children].map(r => Number(r.dataset.sourceOrder))")
    assert orders == sorted(orders)


# ---------------------------------------------------------------- the table view, the keyboard


def test_the_table_view_lists_what_the_graph_shows_and_opens_panels_by_keyboard(page, bundled_site, kg):
    visit(page, (bundled_site / entity_page("south-korea")).as_uri())
    page.click("#graph-table summary")
    near = ego(kg.network, "south-korea", 1)
    tables = page.locator("#graph-table table")
    expect(tables).to_have_count(2)  # drawn when the view opens: .all() does not wait for them
    entities, links = tables.all()
    expect(entities.locator("tbody tr")).to_have_count(near.number_of_nodes())
    expect(links.locator("tbody tr")).to_have_count(len(pairs(near)))
    page.uncheck('#filters input[data-filter="kind"][value="event"]')
    rest = near.subgraph(n for n, k in near.nodes(data="kind") if k != "event" or n == "south-korea")
    expect(entities.locator("tbody tr")).to_have_count(rest.number_of_nodes())
    button = links.get_by_role("button", name="The evidence between Japan and Republic of Korea")
    button.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-ready", "japan south-korea")
    expect(panel).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()


def test_pages_read_without_javascript(browser, bundled_site, kb):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((bundled_site / entity_page("south-korea")).as_uri())
    expect(page.locator(".graph-fallback")).to_be_visible()
    expect(page.locator("#claims table.claims tbody tr")).to_have_count(len(kb.claims_of("south-korea")))
    expect(page.locator("table.claims blockquote").first).to_be_visible()
    expect(page.locator("#search")).to_be_hidden()
    expect(page.locator("#filters")).to_be_hidden()
    context.close()


# ---------------------------------------------------------------- phones


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("name", [*PAGES, entity_page("japan"), relationship_page("china", "japan")])
def test_no_page_is_wider_than_a_phone(page, at, name):
    url, _ = at
    page.set_viewport_size(PHONE)
    visit(page, url(name))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if page.locator("#filters").count():  # filters fold behind a button
        expect(page.locator("#filters")).to_be_hidden()
        page.click(".filters-toggle")
        expect(page.locator("#filters")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_claims_are_cards_with_the_quote_in_view(page, bundled_site):
    page.set_viewport_size(PHONE)
    visit(page, (bundled_site / entity_page("japan")).as_uri())
    row = page.locator("table.claims tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    row.scroll_into_view_if_needed()
    expect(row.locator("blockquote").first).to_be_in_viewport()
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == '"With"'


def test_on_a_phone_the_overview_graph_comes_before_long_controls(page, bundled_site):
    page.set_viewport_size(PHONE)
    visit(page, (bundled_site / "graph.html").as_uri())
    assert page.locator("#graph").bounding_box()["y"] < 700


# ---------------------------------------------------------------- downloads


def test_the_downloads_page_links_only_files_that_exist(page, bundled_out, out_url):
    """Every export, csv/ included; not the site itself, nor the manifest and the change
    report, which are written after the site."""
    site = bundled_out / "site"
    exports = sorted(p.relative_to(bundled_out).as_posix() for p in bundled_out.rglob("*")
                     if p.is_file() and p.relative_to(bundled_out).parts[0] not in ("site", ".cache")
                     and p.name not in (MANIFEST, CHANGES))
    assert "csv/claims.csv" in exports and "events.plover.jsonl" in exports
    for base in (site.as_uri() + "/", out_url):
        seen = visit(page, base + "downloads.html")
        assert seen.errors == []
        hrefs = page.eval_on_selector_all("main a[download]", "as => as.map(a => a.href)")
        offered = [h.split("/downloads/", 1)[1] for h in hrefs]
        assert sorted(offered) == exports  # each export at its path in the build
        for href, name in zip(hrefs, offered):
            if base.startswith("file:"):
                assert Path(href.removeprefix("file://")).is_file(), href
            else:
                answer = page.request.get(href)
                assert answer.status == 200, href
                assert answer.body() == (bundled_out / name).read_bytes()


# ---------------------------------------------------------------- accessibility


@pytest.mark.parametrize("name", [*PAGES, entity_page("japan")])
def test_axe_finds_no_accessibility_violation(browser, bundled_site, name):
    """axe-core from tests/vendor/ (the pages' CSP would refuse the injected script, so
    this context bypasses it); on graph pages with a panel open too."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    visit(page, (bundled_site / PAGES.get(name, name)).as_uri())
    page.add_script_tag(path=str(AXE))
    if page.locator("#graph").count():
        page.evaluate("foipGraph.showEdge(foipNetwork.body.data.edges.getIds()[0], false)")
        page.wait_for_selector("#panel[data-ready]")
        page.click("#graph-table summary")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert found == []
    context.close()


# ---------------------------------------------------------------- screenshots


def test_screenshots_of_the_overview_an_entity_page_and_a_phone(page, bundled_site, pytestconfig):
    """Artifacts to look at (test-results/site/); not compared with anything."""
    folder = Path(pytestconfig.getoption("--output")).absolute() / "site"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    for name, path in (("overview", "graph.html"), ("japan", entity_page("japan"))):
        visit(page, (bundled_site / path).as_uri())
        page.screenshot(path=str(folder / f"{name}.png"))
        assert (folder / f"{name}.png").stat().st_size > 10_000
    page.set_viewport_size(PHONE)
    visit(page, (bundled_site / entity_page("japan")).as_uri())
    page.screenshot(path=str(folder / "japan-phone.png"), full_page=True)
    assert (folder / "japan-phone.png").stat().st_size > 10_000


# ---------------------------------------------------------------- the hostile dataset


def hostile_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


INJECTED = """(ours) => {
    const all = [...document.querySelectorAll("*")];
    return {
        handlers: all.filter(el => [...el.attributes].some(a => a.name.startsWith("on"))).length,
        media: document.querySelectorAll("img, iframe, object, embed").length,
        links: [...document.querySelectorAll("a[href]")].filter(a => a.protocol === "javascript:"
            || (a.href.startsWith("http") && !a.href.startsWith(location.origin) && !a.closest("dd"))).length,
        scripts: [...document.scripts].filter(s => s.type !== "application/json"
            && !ours.includes(s.src.split("/").pop()) && !/assets\\/evidence\\/[0-9]+\\.js$/.test(s.src)).length,
    };
}"""


def test_hostile_pages_run_no_script_and_show_the_text(page, hostile_site, hostile):
    names = {**{entity_page(e.id): e.name for e in hostile.entities.values()},
             **{f"source/{s.id}.html": s.title for s in hostile.sources.values()}}
    for name in hostile_pages(hostile_site):
        seen = visit(page, (hostile_site / name).as_uri())
        assert seen.dialogs == [] and seen.errors == [], name
        assert page.evaluate(INJECTED, sorted(OUR_SCRIPTS)) == {"handlers": 0, "media": 0, "links": 0, "scripts": 0}, name
        if name in names:
            expect(page.locator("h1")).to_have_text(names[name])
    assert page.evaluate("typeof window.alert") == "function"  # nothing replaced it


def test_hostile_panels_tables_and_searches_stay_inert(page, hostile_site, hostile):
    seen = visit(page, (hostile_site / "graph.html").as_uri())
    page.click("#graph-table summary")
    for entity in hostile.entities.values():
        page.evaluate("(id) => foipGraph.showNode(id, false)", entity.id)
        expect(page.locator("#panel")).to_have_attribute("data-ready", entity.id)
        expect(page.locator("#panel-title")).to_have_text(entity.name)
        expect(page.locator("#panel .description")).to_have_text(entity.description)
    for edge in page.evaluate("foipNetwork.body.data.edges.getIds()"):
        page.evaluate("(id) => foipGraph.showEdge(id, false)", edge)
        expect(page.locator("#panel")).to_have_attribute("data-ready", edge)
        assert page.evaluate(INJECTED, sorted(OUR_SCRIPTS)) == {"handlers": 0, "media": 0, "links": 0, "scripts": 0}
    quote = next(e.quote for c in hostile.claims for e in c.evidence if "{{ 7*7 }}" in e.quote)
    page.evaluate("(id) => foipGraph.showEdge(id, false)", "script-land template-isle")
    expect(page.locator("#panel blockquote p").first).to_have_text(f"“{plain(quote)}”")
    expect(page.locator("#panel")).not_to_contain_text("49")  # template syntax is text, never evaluated
    page.fill("#search-input", "onerror")
    expect(page.locator("#search-results")).to_contain_text("<img src=x onerror=alert(1)> Group")
    page.fill("#search-input", "passwd")  # an alias, "../../etc/passwd"
    expect(page.locator("#search-results a").first).to_contain_text("{{ 7*7 }} {% if true %}Isle{% endif %} ${alert(1)}")
    assert seen.dialogs == [] and seen.errors == []


def test_hostile_tooltips_are_plain_text(page, hostile_site):
    seen = visit(page, (hostile_site / "graph.html").as_uri())
    x, y = node_on_screen(page, "script-land")
    page.mouse.move(x, y)
    tip = page.locator("div.vis-tooltip")
    expect(tip).to_contain_text("<script>alert(1)</script> Land")
    assert tip.locator("script, img, svg").count() == 0
    assert seen.dialogs == []


def test_hostile_source_text_is_visible_verbatim(page, hostile_site):
    visit(page, (hostile_site / "source" / "hostile-memo.html").as_uri())
    text = page.locator(".source-text")
    for payload in PAYLOADS:
        expect(text).to_contain_text(payload)
    expect(page.locator("mark").first).to_be_visible()


def test_hostile_source_address_and_title_are_not_links(page, hostile_site, hostile):
    visit(page, (hostile_site / "source" / "hostile-letter.html").as_uri())
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("../../index.html")
    assert facts.locator('a[href*="index.html"]').count() == 0
    expect(page.locator("h1")).to_have_text(hostile.sources["hostile-letter"].title)
    assert page.locator("h1 a").count() == 0


def test_hidden_characters_do_not_reorder_the_text_around_them(page, hostile_site):
    """The hostile description holds an unterminated-looking override (U+202E ... U+202C)
    and a zero-width space: shown inside an isolating element, the text after it keeps
    its order."""
    visit(page, (hostile_site / entity_page("template-isle")).as_uri())
    description = page.locator("p.description")
    assert description.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
    note = page.locator("span.note").first
    assert note.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
    for el in page.locator("blockquote.quote").all():
        assert el.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
