"""The graph as a pyvis Network (``kg.to_pyvis``) and any pyvis Network saved as one
offline page (``foip_graph.save_pyvis``), checked in Python and in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyvis.network import Network

from foip_graph import save_pyvis
from foip_graph.kb import KnowledgeBase
from foip_graph.pyvis_view import PHYSICS_NODES, WORD_JOINER
from foip_graph.query import KnowledgeGraph
from foip_graph.resolve import UnknownEntityError
from foip_graph.vocabulary import VOCABULARY

from .conftest import HOSTILE, HOSTILE_CORPUS
from .test_browser import Visit, visit
from .test_site import PAYLOADS


@pytest.fixture(scope="module")
def kg(kb) -> KnowledgeGraph:
    return KnowledgeGraph(kb)


def ids(net: Network) -> set[str]:
    return {n["id"] for n in net.nodes}


def triples(net: Network) -> list[tuple[str, str, str]]:
    return sorted((e["from"], e["predicate"], e["to"]) for e in net.edges)


# ---------------------------------------------------------------- what to_pyvis draws


def test_an_ego_network_holds_the_entities_and_claims_within_its_radius(kg):
    net = kg.to_pyvis("Palau")
    assert ids(net) == {"palau", "central-pacific", "palau-international-airport",
                        "palau-international-airport-support"}
    assert triples(net) == [("palau", "located_in", "central-pacific"),
                            ("palau-international-airport", "located_in", "palau"),
                            ("palau-international-airport-support", "benefits", "palau"),
                            ("palau-international-airport-support", "located_in", "palau-international-airport")]
    wide = kg.to_pyvis("Palau", radius=2)
    assert (len(wide.nodes), len(wide.edges)) == (7, 11)
    philippines = kg.to_pyvis("the philippines")
    assert (len(philippines.nodes), len(philippines.edges)) == (10, 37)
    assert len({e["id"] for e in philippines.edges}) == 37  # parallel claims stay apart
    assert sum(e["derived"] for e in philippines.edges) == 17  # officials of Japan and the Philippines


def test_the_whole_graph_has_every_entity_and_every_claim_between_two(kg, kb):
    net = kg.to_pyvis()
    assert ids(net) == set(kb.entities)
    assert sorted(e["id"] for e in net.edges) == sorted(
        [c.id for c in kb.claims if c.object is not None] + [d.id for d in kb.derived])


def test_kinds_and_categories_look_as_in_the_vocabulary_and_the_site_legend(kg):
    net = kg.to_pyvis()
    assert {(n["kind"], n["color"]["background"], n["shape"]) for n in net.nodes
            if n["kind"] in ("country", "person", "framework")} == {
        ("country", "#1f77b4", "dot"), ("person", "#d62728", "square"), ("framework", "#9467bd", "triangle")}
    order = list(VOCABULARY.kinds)
    from foip_graph.site.style import KINDS, PALETTE, SHAPES
    for node in net.nodes:
        i = order.index(node["kind"])
        assert (node["color"]["background"], node["color"]["border"], node["shape"]) == (
            PALETTE[i % len(PALETTE)], PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)])
        assert KINDS[node["kind"]].swatch  # the site's legend has an entry for every kind drawn
    for edge in net.edges:
        predicate = VOCABULARY.predicate(edge["predicate"])
        assert edge["category"] == predicate.category
        assert edge["color"]["color"] == VOCABULARY.categories[predicate.category].color
        assert edge["label"] == predicate.label
        assert edge["arrows"]["to"]["enabled"] is not predicate.symmetric


def test_labels_and_titles_say_what_the_data_says(kg, kb):
    net = kg.to_pyvis("Palau")
    palau = net.get_node("palau")
    assert palau["label"] == "Palau"
    assert palau["title"] == "\n".join(["Palau", "Country · 3 links", kb.entities["palau"].description])
    benefits = next(e for e in net.edges if e["predicate"] == "benefits")
    claim = kb.by_id[benefits["id"]]
    assert benefits["title"] == "\n".join([
        "Support for Palau International Airport benefits Palau", f"“{claim.evidence[0].quote}”",
        "— Strengthening Diplomatic Capabilities (2026-06-08)"])
    relations = next(e for e in kg.to_pyvis("Philippines").edges if e["predicate"] == "relations_with")
    assert relations["title"].splitlines()[1] == "observed 2026-01-08, 2026-06-08 · cooperative"
    assert relations["title"].splitlines()[-1].startswith("Also in: Special Dialogue: Prospects")


def test_filters_keep_kinds_sources_and_dates(kg, kb):
    countries = kg.to_pyvis(kinds="country")
    assert ids(countries) == {e.id for e in kb.entities.values() if e.kind == "country"}
    assert len(countries.edges) == sum(1 for c in kb.claims if c.object is not None
                                       and {kb.entities[c.subject].kind, kb.entities[c.object].kind} == {"country"})
    held = kg.to_pyvis(as_of="2020-01-01")
    assert len(held.nodes) == len(kb.entities)
    assert {e["id"] for e in held.edges} == ({c.id for c in kg.claims(as_of="2020-01-01") if c.object}
                                             | {d.id for d in kb.derived if kg.basis(d, "2020-01-01")})
    said = kg.to_pyvis(sources=["roundtable-2020"])
    assert {e["id"] for e in said.edges} == ({c.id for c in kg.claims(source="roundtable-2020") if c.object}
                                             | {d.id for d in kb.derived if "roundtable-2020" in d.sources})
    named = {end for c in kg.claims(source="roundtable-2020") for end in (c.subject, c.object) if end}
    named |= {e.id for e in kb.entities.values() if any(q.source == "roundtable-2020" for q in e.evidence)}
    assert ids(said) == named
    around = kg.to_pyvis("Philippines", sources="roundtable-2020")
    assert ids(around) == {"philippines", "manila", "motegi-toshimitsu", "philippine-coast-guard",
                           "president-of-the-philippines", "duterte"}  # Duterte by his derived link
    assert len(around.edges) == 9


def test_derived_links_are_dashed_say_what_they_come_from_and_can_be_left_out(kg, kb):
    rubio = kg.to_pyvis("Rubio")
    (link,) = [e for e in rubio.edges if e["predicate"] == "official_of"]
    assert (link["from"], link["to"], link["derived"], link["dashes"]) == ("marco-rubio", "united-states", True, True)
    assert link["title"].splitlines()[:3] == [
        "Marco Rubio official of United States",
        "observed 2025-10-28, 2026-01-08 · Secretary of State of the United States",
        "Derived, not stated: Marco Rubio holds office Secretary of State of the United States; "
        "Secretary of State of the United States office of United States"]
    assert not any(e["derived"] or e["dashes"] for e in rubio.edges if e is not link)
    assert [e["predicate"] for e in kg.to_pyvis("Rubio", derived=False).edges if e["derived"]] == []
    assert len(kg.to_pyvis(derived=False).edges) == sum(1 for c in kb.claims if c.object is not None)
    # as_of keeps a derived link for the time its holding holds: his first term as foreign
    # minister, as the roundtable and the dialogue state it, and none of his other offices
    def motegi(as_of):
        return [e["title"].splitlines()[1] for e in kg.to_pyvis("Motegi", as_of=as_of).edges
                if e["derived"] and e["to"] == "japan"]
    assert motegi("2020-01-01") == [
        "from 2019-09-11 · observed 2019-12-11, 2019-12-24, 2020-01-09, 2020-01-17 · Minister for Foreign Affairs of Japan",
        "until 2021 · began by 2019 · Minister for Foreign Affairs of Japan"]
    assert motegi("2023") == []  # between the terms: the dialogue ends the first in 2021


def test_small_graphs_get_physics_and_big_ones_the_computed_layout(kg):
    small, big = kg.to_pyvis("Philippines"), kg.to_pyvis("Japan")
    assert len(small.nodes) <= PHYSICS_NODES < len(big.nodes)
    assert (small.options.physics.enabled, big.options.physics.enabled) == (True, False)
    assert big.get_node("japan")[("x")] == 0 and big.get_node("japan")["y"] == 0  # the centre of the rings
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in big.nodes + small.nodes)


def test_pyvis_options_pass_through_and_the_network_stays_tweakable(kg):
    net = kg.to_pyvis("Palau", height="400px", heading="Palau", select_menu=True, font_color="#333333")
    assert (net.height, net.heading, net.select_menu) == ("400px", "Palau", True)
    assert net.get_node("palau")["font"]["color"] == "#333333"
    net.toggle_physics(False)  # pyvis's own methods work: the options stay pyvis's Options
    assert net.options.physics.enabled is False


@pytest.mark.parametrize("call, error", [
    (dict(kinds="planet"), "unknown kinds 'planet'; kinds: country"),
    (dict(sources="nope"), "unknown sources 'nope'; sources: roundtable-2020"),
    (dict(kinds=[]), "kinds= names nothing"),
    (dict(center="Palau", kinds="person"), "Palau (palau) is the center, but kinds= or sources= leaves it out"),
    (dict(center="Palau", radius=-1), "radius must be a whole number of links, 0 or more, not -1"),
    (dict(as_of="2020-13"), "'2020-13' is not a real date"),
])
def test_bad_arguments_say_what_would_be_valid(kg, call, error):
    with pytest.raises(ValueError, match="^" + error.replace("(", r"\(").replace(")", r"\)")):
        kg.to_pyvis(**call)


def test_an_unknown_center_or_an_undirected_network_is_refused(kg):
    with pytest.raises(UnknownEntityError):
        kg.to_pyvis("Atlantis")
    with pytest.raises(TypeError, match="always directed"):
        kg.to_pyvis("Palau", directed=False)


def test_a_title_with_href_stays_text_in_pyvis_own_page_too(tmp_path):
    data = tmp_path / "hostile"
    shutil.copytree(HOSTILE, data)
    countries = data / "entities" / "countries.yaml"
    link = '<a href="javascript:alert(1)">click</a>'
    countries.write_text(countries.read_text(encoding="utf-8").replace(
        "description: \"</script><script>alert(1)</script>\"", f"description: '{link}'"), encoding="utf-8")
    net = KnowledgeGraph(KnowledgeBase.from_path(data, HOSTILE_CORPUS)).to_pyvis()
    title = net.get_node("svg-republic")["title"]
    assert "href" not in title and title.replace(WORD_JOINER, "").endswith(link)
    assert "popup.innerHTML" not in net.generate_html()  # pyvis's HTML popup is not chosen


# ---------------------------------------------------------------- the saved page, as a file


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_page_links_nothing_and_names_its_only_scripts(kg, tmp_path):
    path = save_pyvis(kg.to_pyvis("Palau", select_menu=True), tmp_path / "palau.html")
    text = path.read_text(encoding="utf-8")
    tags = Tags(text).tags
    assert [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed")] == []
    assert [a for t, a in tags if "src" in a or "href" in a] == []
    csp = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'; script-src 'sha256-")
    assert csp.count("'sha256-") == len([1 for t, a in tags if t == "script" and "type" not in a]) == 4


def test_the_same_network_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    script = ("import sys, foip_graph; kg = foip_graph.load(); "
              "foip_graph.save_pyvis(kg.to_pyvis(), sys.argv[1]); "
              "foip_graph.save_pyvis(kg.to_pyvis('Japan', radius=2, as_of='2020'), sys.argv[2])")
    outputs = []
    for seed in ("1", "2"):
        paths = [tmp_path / f"whole-{seed}.html", tmp_path / f"japan-{seed}.html"]
        subprocess.run([sys.executable, "-c", script, *map(str, paths)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append([p.read_bytes() for p in paths])
    assert outputs[0] == outputs[1]
    assert outputs[0][0] != outputs[0][1]


def test_a_file_the_tool_did_not_write_is_never_replaced_unasked(kg, tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>", encoding="utf-8")
    net = kg.to_pyvis("Palau")
    with pytest.raises(FileExistsError, match="notes.html exists and is not a page save_pyvis wrote"):
        save_pyvis(net, mine)
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>"
    page = save_pyvis(net, tmp_path / "deep" / "er" / "palau.html")
    assert save_pyvis(kg.to_pyvis("Palau", radius=2), page) == page  # our own page: replaced
    assert page.read_bytes() != save_pyvis(net, tmp_path / "again.html").read_bytes()
    save_pyvis(net, mine, overwrite=True)
    assert mine.read_bytes() == (tmp_path / "again.html").read_bytes()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["again.html", "notes.html", "palau.html"]
    with pytest.raises(IsADirectoryError, match="is a folder"):
        save_pyvis(net, tmp_path)


def test_what_a_page_cannot_hold_is_refused_with_the_reason(tmp_path):
    with pytest.raises(TypeError, match="takes a pyvis.network.Network, not dict"):
        save_pyvis({"nodes": []}, tmp_path / "x.html")
    net = Network()
    net.add_node(1, shape="image", image="https://example.org/flag.png")
    with pytest.raises(ValueError, match="node 1 shows the image 'https://example.org/flag.png'"):
        save_pyvis(net, tmp_path / "x.html")
    odd = Network()
    odd.add_node(1, group={"a"})
    with pytest.raises(TypeError, match="x.html: the Network holds a value a page cannot carry"):
        save_pyvis(odd, tmp_path / "x.html")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the saved page, in Chromium


def open_page(page, path: Path) -> Visit:
    seen = visit(page, path.as_uri())
    page.wait_for_function("() => window.foipReady === true", timeout=30_000)
    return seen


def drawn(page) -> tuple[int, int]:
    return tuple(page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]"))


def hover(page, node) -> None:
    """Move the mouse onto a node, checking that this point is the node."""
    hit = page.evaluate("""(id) => {
        network.moveTo({position: network.getPositions([id])[id], scale: 2});
        const dom = network.canvasToDOM(network.getPositions([id])[id]);
        const box = network.canvas.frame.canvas.getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y, at: network.getNodeAt(dom)};
    }""", node)
    assert hit["at"] == node
    page.mouse.move(hit["x"], hit["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible")


def test_the_saved_page_draws_from_disk_and_asks_nothing_of_the_network(page, kg, kb, tmp_path):
    for name, net in (("philippines", kg.to_pyvis("Philippines")), ("whole", kg.to_pyvis())):
        path = save_pyvis(net, tmp_path / f"{name}.html")
        seen = open_page(page, path)
        assert seen.errors == [] and seen.dialogs == []
        assert seen.requests == [path.as_uri()]
        assert drawn(page) == (len(net.nodes), len(net.edges))
    assert drawn(page) == (len(kb.entities), sum(1 for c in kb.claims if c.object is not None) + len(kb.derived))
    assert page.evaluate("network.physics.options.enabled") is False


def test_hostile_titles_and_heading_stay_text_in_the_saved_page(page, hostile, tmp_path):
    net = KnowledgeGraph(hostile).to_pyvis(heading=PAYLOADS[0])
    seen = open_page(page, save_pyvis(net, tmp_path / "hostile.html"))
    assert page.locator("h1").inner_text() == PAYLOADS[0]
    for node in net.nodes:
        hover(page, node["id"])
        tip = page.locator("div.vis-tooltip")
        assert tip.inner_text() == node["title"]
        assert tip.locator("*:not(br)").count() == 0
        page.mouse.move(1, 1)
    injected = page.evaluate("""() => ({
        handlers: [...document.querySelectorAll("*")].filter(el => [...el.attributes].some(a => a.name.startsWith("on"))).length,
        media: document.querySelectorAll("img, svg, iframe, object, embed, a").length,
        scripts: document.scripts.length,
    })""")
    assert injected == {"handlers": 0, "media": 0, "scripts": 3}  # the data, vis-network, ours
    assert seen.dialogs == [] and seen.errors == []
    assert seen.requests == [(tmp_path / "hostile.html").as_uri()]


def test_any_pyvis_network_with_its_menus_and_buttons_works_offline(page, tmp_path):
    net = Network(heading="Plain pyvis", select_menu=True, filter_menu=True, neighborhood_highlight=True)
    net.add_node(1, label="one", title=PAYLOADS[1], group="a")
    net.add_node(2, label="two", title=PAYLOADS[2], group="b")
    net.add_node(3, label="three", group="b")
    net.add_node(4, label="four")
    net.add_edges([(1, 2), (2, 3)])
    net.show_buttons(filter_=["physics"])
    seen = open_page(page, save_pyvis(net, tmp_path / "plain.html"))
    assert seen.errors == [] and seen.dialogs == []
    assert seen.requests == [(tmp_path / "plain.html").as_uri()]
    assert drawn(page) == (4, 2)
    assert page.locator("#config .vis-configuration-wrapper").count() == 1
    assert page.locator("#menus .ts-wrapper").count() == 4
    page.evaluate("selectNode([1])")  # pyvis's utils.js, as the select menu calls it
    assert page.evaluate("network.getSelectedNodes()") == [1]
    assert page.evaluate("[nodes.get(3).color, nodes.get(4).color]") == [
        "rgba(150,150,150,0.75)", "rgba(200,200,200,0.5)"]  # two links away, out of reach


def test_a_network_from_dot_draws_offline(page, tmp_path):
    dot = tmp_path / "g.dot"
    dot.write_text('digraph {\n  a -> b;\n  b -> c [label="to c"];\n}\n', encoding="utf-8")
    net = Network()
    net.from_DOT(str(dot))
    seen = open_page(page, save_pyvis(net, tmp_path / "dot.html"))
    assert seen.errors == [] and seen.requests == [(tmp_path / "dot.html").as_uri()]
    assert drawn(page) == (3, 2)
    assert page.evaluate("network.body.data.edges.get().map(e => e.label)") == [None, "to c"]
