"""The overview of a big network: drawn as groups that open into their members.

A synthetic network of 1,207 entities (more than the overview's limit of 1,000): twelve
clusters of a hundred countries (a hub linked to each member, the members in a ring),
the hubs in a chain, one claim (dated) between two members of the first two clusters, and
seven issues no claim names. Its groups are known beforehand: the twelve clusters and a pool of
the seven issues. The bundled data (373 entities) keeps the overview of every entity.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from foip_graph.kb import KnowledgeBase
from foip_graph.load import Dataset
from foip_graph.model import Claim, Entity, Evidence, Source
from foip_graph.query import KnowledgeGraph
from foip_graph.site import build_site
from foip_graph.site.overview import LIMIT, partition

from .test_browser import node_on_screen, visit

CLUSTERS, SIZE, ISSUES = 12, 100, 7
ROOT = Path(__file__).resolve().parent.parent


def member(k: int, i: int) -> str:
    return f"c{k:02d}-{i:02d}"


def clustered() -> KnowledgeBase:
    """The synthetic network described above, as a valid knowledge base."""
    source = Source(id="synthetic", title="Synthetic clusters", publisher="foip-graph tests", date="2026",
                    kind="synthetic", file="synthetic.txt", sha256="0" * 64)
    entities = {}
    for k in range(CLUSTERS):
        for i in range(SIZE):
            name = f"Hub {k}" if i == 0 else f"Country {k}-{i}"
            entities[member(k, i)] = Entity(id=member(k, i), kind="country", name=name,
                                            description=f"A synthetic country of cluster {k}.")
    for i in range(ISSUES):
        entities[f"issue-{i}"] = Entity(id=f"issue-{i}", kind="issue", name=f"Issue {i}",
                                        description="A synthetic issue no claim names.")
    claims = []

    def claim(s: str, predicate: str, o: str, **dated) -> None:
        quote = f"Statement {len(claims)}: {entities[s].name} and {entities[o].name}."
        claims.append(Claim(subject=s, predicate=predicate, object=o, **dated,
                            evidence=(Evidence(source="synthetic", quote=quote, start=0, end=len(quote)),)))

    for k in range(CLUSTERS):
        for i in range(1, SIZE):
            claim(member(k, 0), "relations_with", member(k, i))
        for i in range(1, SIZE - 1):
            claim(member(k, i), "relations_with", member(k, i + 1))
    for k in range(CLUSTERS - 1):
        claim(member(k, 0), "partner_of", member(k + 1, 0))
    claim(member(0, 5), "cooperates_with", member(1, 5), date="2020")
    return KnowledgeBase(Dataset(Path("synthetic"), {"synthetic": source}, entities, claims))


@pytest.fixture(scope="module")
def big() -> KnowledgeBase:
    return clustered()


@pytest.fixture(scope="module")
def big_site(big, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clusters") / "site"
    build_site(big, folder)
    return folder


def drawn(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("[foipNetwork.body.data.nodes.length, foipNetwork.body.data.edges.length]"))


def click_node(page: Page, node: str) -> None:
    """Click ``node`` where it is drawn (checked to be it, not a neighbour over it)."""
    page.mouse.click(*node_on_screen(page, node, scale=1))


# ---------------------------------------------------------------- the groups, in Python


def test_the_groups_are_the_clusters_and_a_pool_of_the_unlinked(big):
    groups = partition(KnowledgeGraph(big).network)
    assert len(big.entities) > LIMIT
    assert groups == [([member(k, i) for i in range(SIZE)], None) for k in range(CLUSTERS)] + [
        ([f"issue-{i}" for i in range(ISSUES)], "issue")]


def test_the_bundled_overview_draws_every_entity(bundled_site, kb):
    assert len(kb.entities) <= LIMIT
    assert not (bundled_site / "assets" / "groups").exists()
    data = json.loads(_graph_data(bundled_site / "graph.html"))
    assert "grouped" not in data and len(data["nodes"]) == len(kb.entities)


def test_the_grouped_overview_ships_its_groups_apart(big_site):
    html = (big_site / "graph.html").read_text(encoding="utf-8")
    data = json.loads(_graph_data(big_site / "graph.html"))
    assert data["nodes"] == [] and data["edges"] == []
    assert [(g["name"], g["size"]) for g in data["grouped"]["groups"]] == (
        [(f"Hub {k}", SIZE) for k in range(CLUSTERS)] + [("Issues with few links", ISSUES)])
    assert sorted(p.name for p in (big_site / "assets" / "groups").iterdir()) == sorted(
        [f"{i}.js" for i in range(CLUSTERS + 1)] + ["members.js"])
    assert len(html) < 60_000  # the members are not in the page


def test_the_grouped_overview_is_the_same_bytes_whatever_the_hash_seed():
    script = ("import hashlib; from tests.test_overview import clustered; from foip_graph.query import KnowledgeGraph; "
              "from foip_graph.site.build import environment, render; from foip_graph.site.pages import SiteData, graph_page; "
              "kg = KnowledgeGraph(clustered()); site = SiteData(kg, None); page = graph_page(site); "
              "texts = [render(environment(site), page, kg), *(f'{p}:{t}' for p, t in page.files)]; "
              "print(hashlib.sha256(repr(texts).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def _graph_data(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="graph-data">') + len(
        '<script type="application/json" id="graph-data">')
    return html[start:html.index("</script>", start)]


# ---------------------------------------------------------------- in the browser


def test_the_overview_draws_one_node_per_group_and_says_so(page, big_site):
    seen = visit(page, (big_site / "graph.html").as_uri())
    assert seen.errors == []
    assert drawn(page) == (CLUSTERS + 1, CLUSTERS - 1)  # the hubs' chain; the issues are linked to nothing
    expect(page.locator("#grouped-note")).to_contain_text("more than 1,000 entities")
    expect(page.locator("#grouped-note a[href='index.html#entities']")).to_have_count(1)
    expect(page.locator("#graph-count")).to_have_text(
        f"Grouped view: 13 groups shown, 0 open; 1207 of 1207 entities; the links drawn carry 12 of "
        f"{len(clustered().claims)} claims.")
    label = page.evaluate("foipNetwork.body.data.nodes.get('group:3').label")
    assert label == "Hub 3 · 100"


def test_a_click_on_a_group_draws_exactly_its_members_and_close_draws_it_again(page, big_site, big):
    visit(page, (big_site / "graph.html").as_uri())
    click_node(page, "group:0")
    page.wait_for_function("() => foipNetwork.body.data.nodes.get('c00-00') !== null")
    ids = set(page.evaluate("foipNetwork.body.data.nodes.getIds()"))
    assert ids == {member(0, i) for i in range(SIZE)} | {f"group:{k}" for k in range(1, CLUSTERS + 1)}
    # the cluster's 197 pairs; its hub and its member 5 linked to group 1; the other groups' chain
    assert drawn(page) == (CLUSTERS + SIZE, 197 + 2 + CLUSTERS - 2)
    edge = page.evaluate("foipNetwork.body.data.edges.get('c00-05 group:1')")
    assert edge["from"] == "c00-05" and edge["to"] == "group:1"
    page.evaluate("foipGraph.showEdge('c00-05 group:1', false)")
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-ready", "c00-05 group:1")
    expect(panel.locator(".panel-claims .claim")).to_have_text(["Country 0-5 cooperates with Country 1-5"])
    expect(panel.locator("blockquote")).to_contain_text("Statement")
    page.get_by_role("button", name="Open the group Hub 1").click()
    page.wait_for_function("() => foipNetwork.body.data.nodes.get('c01-00') !== null")
    assert drawn(page) == (CLUSTERS - 1 + 2 * SIZE, 2 * 197 + 2 + 1 + CLUSTERS - 3)
    expect(page.locator("#open-groups li")).to_have_count(2)
    page.get_by_role("button", name="Close the group Hub 0").click()
    assert drawn(page) == (CLUSTERS + SIZE, 197 + 2 + CLUSTERS - 2)
    assert page.evaluate("foipNetwork.body.data.nodes.get('c00-00')") is None
    page.get_by_role("button", name="Reset: the view at load, fitted, nothing selected").click()
    assert drawn(page) == (CLUSTERS + 1, CLUSTERS - 1)
    expect(page.locator("#open-groups")).to_be_hidden()


def test_opened_members_keep_clear_of_the_other_groups(page, big_site):
    visit(page, (big_site / "graph.html").as_uri())
    page.evaluate("document.querySelector('#graph-table').open = true")
    page.get_by_role("button", name="Open the group Hub 4").click()
    page.wait_for_function("() => foipNetwork.body.data.nodes.get('c04-00') !== null")
    closest = page.evaluate("""() => {
        const net = foipNetwork, ids = net.body.data.nodes.getIds(), p = net.getPositions(ids);
        const groups = ids.filter(i => i.startsWith("group:")), members = ids.filter(i => !i.startsWith("group:"));
        let best = Infinity;
        for (const g of groups) for (const m of members) {
            const gap = Math.hypot(p[g].x - p[m].x, p[g].y - p[m].y) - net.body.nodes[g].options.size;
            best = Math.min(best, gap);
        }
        return best;
    }""")
    assert closest > 0


def test_the_table_opens_a_group_by_keyboard(page, big_site):
    visit(page, (big_site / "graph.html").as_uri())
    page.click("#graph-table summary")
    expect(page.locator("#graph-table table")).to_have_count(2)
    entities, links = page.locator("#graph-table table").all()
    expect(entities.locator("tbody tr")).to_have_count(CLUSTERS + 1)
    expect(links.locator("tbody tr")).to_have_count(CLUSTERS - 1)
    button = entities.get_by_role("button", name="Open the group Hub 2")
    button.focus()
    page.keyboard.press("Enter")
    expect(entities.locator("tbody tr")).to_have_count(CLUSTERS + SIZE)
    assert drawn(page)[0] == CLUSTERS + SIZE


def test_find_opens_the_group_of_the_entity_it_finds(page, big_site):
    visit(page, (big_site / "graph.html").as_uri())
    page.fill("#find", "Country 7-42")
    page.click("#find-go")
    expect(page.locator("#panel")).to_have_attribute("data-ready", "c07-42")
    expect(page.locator("#find-status")).to_have_text("Showing Country 7-42 and its links, in the group Hub 7.")
    assert page.evaluate("foipNetwork.getSelectedNodes()")[0] == "c07-42"
    assert drawn(page)[0] == CLUSTERS + SIZE
    link = page.locator("#panel a", has_text="Open the page of Country 7-42")
    assert link.get_attribute("href") == "entity/c07-42.html"


def test_the_header_search_leads_to_any_entity_page(page, big_site):
    visit(page, (big_site / "graph.html").as_uri())
    page.fill("#search-input", "Country 11-99")
    first = page.locator("#search-results a").first
    expect(first).to_contain_text("Country 11-99")
    assert first.get_attribute("href") == "entity/c11-99.html"


def test_filters_hide_groups_and_links_and_say_what_they_leave(page, big_site):
    visit(page, (big_site / "graph.html").as_uri())
    page.uncheck('input[data-filter="kind"][value="issue"]')
    assert page.evaluate("foipNetwork.body.data.nodes.get('group:12')") is None
    assert drawn(page) == (CLUSTERS, CLUSTERS - 1)
    page.check('input[data-filter="kind"][value="issue"]')
    page.uncheck('input[data-filter="category"][value="alliance"]')  # all but the one cooperation
    shown = page.evaluate("Object.keys(foipGraph.shown().edges).filter(e => foipGraph.shown().edges[e])")
    assert shown == ["group:0 group:1"]
    page.check('input[data-filter="category"][value="alliance"]')
    page.fill('#filters input[name="from"]', "2020-01-01")
    expect(page.locator("#graph-count")).to_contain_text("Links between closed groups count every claim")
