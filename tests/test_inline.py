"""The notebook view of an ego network draws offline, in a real browser, as plain text."""

from __future__ import annotations

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
    page.evaluate("foipNetwork.selectNodes(['japan'])")
    centre = page.evaluate("foipNetwork.canvasToDOM(foipNetwork.getPositions(['palau']).palau)")
    page.mouse.click(page.locator("#graph").bounding_box()["x"] + centre["x"],
                     page.locator("#graph").bounding_box()["y"] + centre["y"])
    assert page.url == path.as_uri()


def test_the_inline_view_escapes_hostile_text(page, tmp_path, hostile):
    from foip_graph.query import KnowledgeGraph
    kg = KnowledgeGraph(hostile)
    entity = next(iter(hostile.entities.values()))
    view = ego_view(kg, entity.id)
    seen = visit(page, view.save(tmp_path / "hostile.html").as_uri())
    assert seen.dialogs == [] and seen.errors == []
    assert page.locator("img[src=x], svg[onload]").count() == 0
