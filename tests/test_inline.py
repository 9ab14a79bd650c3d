"""The notebook view of an ego network draws offline, in a real browser, as plain text."""

from __future__ import annotations

from playwright.sync_api import expect

import foip_graph
from foip_graph.site.inline import ego_view

from .test_browser import counts, visit


def test_the_inline_view_draws_offline_and_clicks_go_nowhere(page, tmp_path):
    kg = foip_graph.load()
    view = ego_view(kg, "Palau", radius=2)
    path = view.save(tmp_path / "palau.html")
    seen = visit(page, path.as_uri())
    assert seen.errors == [] and seen.dialogs == []
    assert seen.requests == [path.as_uri()]
    assert counts(page) == (view.nodes, view.edges)
    assert view.nodes > 4
    centre = page.evaluate("foipNetwork.canvasToDOM(foipNetwork.getPositions(['palau']).palau)")
    box = page.locator("#graph").bounding_box()
    page.mouse.dblclick(box["x"] + centre["x"], box["y"] + centre["y"])
    assert page.url == path.as_uri()
    # the panel reads its words from the view itself, and links to no page
    expect(page.locator("#panel")).to_have_attribute("data-ready", "palau")
    expect(page.locator("#panel .description")).to_have_text(kg.entity("Palau").description)
    assert page.locator("#panel a").count() == 0


def test_the_inline_view_escapes_hostile_text(page, tmp_path, hostile):
    from foip_graph.query import KnowledgeGraph
    kg = KnowledgeGraph(hostile)
    entity = next(iter(hostile.entities.values()))
    view = ego_view(kg, entity.id)
    seen = visit(page, view.save(tmp_path / "hostile.html").as_uri())
    assert seen.dialogs == [] and seen.errors == []
    assert page.locator("img[src=x], svg[onload]").count() == 0
