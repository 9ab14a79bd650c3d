"""The site in a real browser: Debian's Chromium driven by Playwright (see conftest.py).

Every page type is opened from disk (file://) and from ``foip-graph serve``'s server: no
console error, no request leaves the machine, the graphs hold the nodes and edges the
data says, a click on a node opens its page, and the search finds "ROK". The hostile
dataset shows its markup as text and runs none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from foip_graph.network import ego
from foip_graph.query import KnowledgeGraph
from foip_graph.site.paths import entity_page

from .test_site import OUR_SCRIPTS, PAYLOADS

PAGES = {
    "index": "index.html",
    "overview": "graph.html",
    "entity": "entity/south-korea.html",
    "source": "source/dialogue-2026.html",
    "relationship": "relationship/japan--south-korea.html",
    "timeline": "timeline.html",
}
CLICK = {"overview": "south-korea", "entity": "japan", "source": "japan", "relationship": "south-korea"}


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
    page.on("requestfailed", lambda r: seen.errors.append(f"failed: {r.url}"))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    if page.locator("#graph").count():
        page.wait_for_function("() => window.foipReady === true", timeout=15_000)
    return seen


def counts(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "[foipNetwork.body.data.nodes.length, foipNetwork.body.data.edges.length]"))


@pytest.fixture(scope="module")
def kg(kb) -> KnowledgeGraph:
    return KnowledgeGraph(kb)


@pytest.fixture(scope="module")
def expected(kg) -> dict[str, tuple[int, int]]:
    """Nodes and edges each graph page must draw, from the networkx view."""
    G = kg.network
    near = ego(G, "south-korea", 1)
    stated = [(u, v) for u, v, s in G.edges(data="sources") if "dialogue-2026" in s.split(";")]
    return {
        "overview": (G.number_of_nodes(), G.number_of_edges()),
        "entity": (near.number_of_nodes(), near.number_of_edges()),
        "source": (len({n for e in stated for n in e}), len(stated)),
        "relationship": (2, len(kg.between("japan", "south-korea"))),
    }


@pytest.fixture(params=["file", "served"])
def at(request, bundled_site, site_url):
    """Where the bundled site's pages are: on disk or on the local server."""
    if request.param == "file":
        return lambda name: (bundled_site / PAGES[name]).as_uri(), bundled_site.as_uri()
    return lambda name: site_url + PAGES[name], site_url


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


@pytest.mark.parametrize("name", CLICK)
def test_clicking_a_node_opens_its_entity_page(page, at, name):
    url, _ = at
    visit(page, url(name))
    node = CLICK[name]
    x, y = node_on_screen(page, node)
    page.mouse.click(x, y)
    page.wait_for_url(f"**/{entity_page(node)}")
    expect(page.locator("h1")).to_be_visible()


def node_on_screen(page: Page, node: str) -> tuple[float, float]:
    """Zoom onto a node and return where it is in the viewport (checking that this point
    is the node, not a neighbour drawn over it)."""
    page.locator("#graph").scroll_into_view_if_needed()
    hit = page.evaluate("""(id) => {
        const net = window.foipNetwork;
        net.moveTo({position: net.getPositions([id])[id], scale: 2.5});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = net.canvas.frame.canvas.getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, at: net.getNodeAt(dom)};
    }""", node)
    assert hit["at"] == node
    return hit["x"], hit["y"]


# ---------------------------------------------------------------- controls


def test_overview_filters_by_kind_category_and_source(page, bundled_site, kg):
    G = kg.network
    visit(page, (bundled_site / "graph.html").as_uri())
    page.uncheck('input[data-filter="kind"][value="country"]')
    rest = G.subgraph(n for n, k in G.nodes(data="kind") if k != "country")
    assert counts(page) == (rest.number_of_nodes(), rest.number_of_edges())
    page.check('input[data-filter="kind"][value="country"]')
    page.uncheck('input[data-filter="category"][value="conflict"]')
    assert counts(page)[1] == sum(1 for *_, c in G.edges(data="category") if c != "conflict")
    page.check('input[data-filter="category"][value="conflict"]')
    for source in kg.kb.sources:
        if source != "roundtable-2020":
            page.uncheck(f'input[data-filter="source"][value="{source}"]')
    assert counts(page)[1] == sum(1 for *_, s in G.edges(data="sources") if "roundtable-2020" in s.split(";"))
    expect(page.locator("#graph-count")).to_contain_text(f"of {G.number_of_edges()} claims")


def test_overview_finds_and_focuses_a_node(page, bundled_site):
    visit(page, (bundled_site / "graph.html").as_uri())
    page.fill("#find", "ROK")
    page.click("#find-go")
    expect(page.locator("#find-status")).to_contain_text("Republic of Korea")
    assert page.evaluate("foipNetwork.getSelectedNodes()") == ["south-korea"]


def test_entity_network_widens_to_radius_two(page, bundled_site, kg):
    visit(page, (bundled_site / entity_page("south-korea")).as_uri())
    page.check('input[name="radius"][value="2"]')
    wide = ego(kg.network, "south-korea", 2)
    assert counts(page) == (wide.number_of_nodes(), wide.number_of_edges())


def test_timeline_filters_by_entity(page, bundled_site, kg):
    visit(page, (bundled_site / "timeline.html").as_uri() + "?entity=south-korea")
    expect(page.locator("#timeline-filter")).to_have_value("south-korea")
    assert page.locator("tbody tr:visible").count() == len(kg.timeline("south-korea"))
    page.select_option("#timeline-filter", "")
    assert page.locator("tbody tr:visible").count() == len(kg.timeline())


def test_pages_read_without_javascript(browser, bundled_site, kb):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((bundled_site / entity_page("south-korea")).as_uri())
    expect(page.locator(".graph-fallback")).to_be_visible()
    expect(page.locator("table.claims tbody tr")).to_have_count(len(kb.claims_of("south-korea")))
    expect(page.locator("table.claims blockquote").first).to_be_visible()
    expect(page.locator("#search")).to_be_hidden()
    context.close()


def test_screenshots_of_the_overview_and_an_entity_page(page, bundled_site, pytestconfig):
    """Artifacts to look at (test-results/site/); not compared with anything."""
    folder = Path(pytestconfig.getoption("--output")).absolute() / "site"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    for name in ("overview", "entity"):
        visit(page, (bundled_site / PAGES[name]).as_uri())
        page.screenshot(path=str(folder / f"{name}.png"))
        assert (folder / f"{name}.png").stat().st_size > 10_000


# ---------------------------------------------------------------- the hostile dataset


def hostile_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_hostile_pages_run_no_script_and_show_the_text(page, hostile_site, hostile):
    names = {**{entity_page(e.id): e.name for e in hostile.entities.values()},
             **{f"source/{s.id}.html": s.title for s in hostile.sources.values()}}
    for name in hostile_pages(hostile_site):
        seen = visit(page, (hostile_site / name).as_uri())
        assert seen.dialogs == [] and seen.errors == [], name
        injected = page.evaluate("""(ours) => {
            const all = [...document.querySelectorAll("*")];
            return {
                handlers: all.filter(el => [...el.attributes].some(a => a.name.startsWith("on"))).length,
                media: document.querySelectorAll("img, iframe, object, embed").length,
                links: [...document.querySelectorAll("a[href]")].filter(a => a.protocol === "javascript:").length,
                scripts: [...document.scripts].filter(s => s.type !== "application/json"
                    && !ours.includes(s.src.split("/").pop())).length,
            };
        }""", sorted(OUR_SCRIPTS))
        assert injected == {"handlers": 0, "media": 0, "links": 0, "scripts": 0}, name
        if name in names:
            expect(page.locator("h1")).to_have_text(names[name])
    assert page.evaluate("typeof window.alert") == "function"  # nothing replaced it


def test_hostile_source_text_is_visible_verbatim(page, hostile_site):
    visit(page, (hostile_site / "source" / "hostile-memo.html").as_uri())
    text = page.locator(".source-text")
    for payload in PAYLOADS:
        expect(text).to_contain_text(payload)
    expect(page.locator("mark").first).to_be_visible()


def test_hostile_tooltips_and_search_results_are_plain_text(page, hostile_site):
    seen = visit(page, (hostile_site / "graph.html").as_uri())
    x, y = node_on_screen(page, "script-land")
    page.mouse.move(x, y)
    tip = page.locator("div.vis-tooltip")
    expect(tip).to_contain_text("<script>alert(1)</script> Land")
    assert tip.locator("script, img, svg").count() == 0
    page.fill("#search-input", "onerror")
    expect(page.locator("#search-results a").first).to_contain_text("<img src=x onerror=alert(1)> Group")
    assert seen.dialogs == []
