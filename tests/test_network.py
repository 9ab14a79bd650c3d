"""The networkx view: one node per entity, one edge per entity-to-entity claim."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter

from foip_graph import graphfiles
from foip_graph import network as net
from foip_graph.kb import KnowledgeBase

from .conftest import MINI  # noqa: F401  (the mini fixture comes from conftest)


def test_nodes_and_edges_match_the_knowledge_base(mini):
    G = net.build_network(mini)
    assert G.number_of_nodes() == len(mini.entities) == 7
    assert G.number_of_edges() == sum(1 for c in mini.claims if c.object) + len(mini.derived) == 7
    assert net.build_network(mini, derived=False).number_of_edges() == 6
    (derived,) = G.get_edge_data("anna-berg", "ruritania").values()
    assert (derived["predicate"], derived["derived"]) == ("official_of", True)
    assert derived["derived_from"].split(";") == [c.id for c in mini.claims
                                                  if c.predicate in ("holds_office", "office_of")]
    assert sorted(net.stated(G).edges()) == sorted(net.build_network(mini, derived=False).edges())
    assert G.nodes["anna-berg"] == {"kind": "person", "name": "Anna Berg"}
    (edge,) = G.get_edge_data("ruritania", "freedonia").values()
    assert edge["predicate"] == "allied_with" and edge["symmetric"] is True
    assert edge["stance"] == "close" and edge["sources"] == "memo"


def test_ego_kind_and_date_slices(mini):
    G = net.build_network(mini)
    assert sorted(net.ego(G, "anna-berg", radius=1)) == ["anna-berg", "foreign-minister-of-ruritania", "ruritania"]
    stated = net.stated(G)
    assert sorted(net.ego(stated, "anna-berg", radius=1)) == ["anna-berg", "foreign-minister-of-ruritania"]
    assert sorted(net.ego(stated, "anna-berg", radius=2)) == ["anna-berg", "foreign-minister-of-ruritania", "ruritania"]
    assert sorted(net.by_kind(G, ["country"]).edges()) == [("ruritania", "freedonia")]
    assert list(net.as_of(G, "2018").edges()) == []
    assert sorted(net.as_of(G, "2021").edges()) == [
        ("anna-berg", "foreign-minister-of-ruritania"), ("anna-berg", "ruritania"),
        ("ruritania", "harbour-group")]
    assert list(net.as_of(G, "2023").edges()) == [("ruritania", "harbour-group")]


def test_graphml_and_gexf_are_read_back_with_the_same_counts(mini, tmp_path):
    G = net.build_network(mini)
    graphml, gexf = net.write_network(G, tmp_path)
    for H in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert (H.number_of_nodes(), H.number_of_edges()) == (7, 7)
        assert sum(1 for _, _, d in H.edges(data="derived") if d) == 1
    assert nx.read_graphml(graphml).nodes["anna-berg"]["kind"] == "person"


def test_exports_are_deterministic(mini):
    G1, G2 = net.build_network(mini), net.build_network(mini)
    assert net.graphml(G1) == net.graphml(G2)
    assert net.gexf(G1) == net.gexf(G2)


def test_communities_group_linked_entities(mini):
    groups = net.communities(net.build_network(mini, derived=False))
    assert sum(len(g) for g in groups) == 7
    assert any({"ruritania", "freedonia"} <= set(g) for g in groups)


def _networkx_gexf(G):
    """networkx's GEXF of ``G``, less the day of the run it writes."""
    buffer = io.BytesIO()
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    del writer.xml.find("meta").attrib["lastmodifieddate"]
    writer.add_graph(G)
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")


def _awkward():
    """Graphs with every value shape the writer meets: markup characters, line breaks,
    empty text, non-ASCII, booleans, numbers (infinite too), bare nodes, no edges."""
    G = nx.MultiDiGraph(name='a "quoted" & <marked> name')
    G.add_node("a&b", kind="country", name="Côte d'Ivoire <CI>", empty="", flag=False)
    G.add_node("bare")
    G.add_node("tab\there", count=3, share=0.5, big=float("inf"), low=float("-inf"))
    G.add_edge("a&b", "bare", key="c-1", label="line\nbreak\r", start="2019", symmetric=True)
    G.add_edge("bare", "a&b", key="c-2", predicate="x > y", end=2021, note="")
    G.add_edge("a&b", "bare", key="c-3")
    simple = nx.Graph()
    simple.add_edge("u", "v", weight_text="1", when=2.5)
    simple.add_node("w")
    return [G, simple, nx.DiGraph(), nx.MultiGraph(name="")]


def test_the_gexf_is_the_text_networkx_writes(mini):
    for G in [net.build_network(KnowledgeBase.from_path()), net.build_network(mini), *_awkward()]:
        text = graphfiles.gexf(G)
        assert text is not None
        assert text == _networkx_gexf(G) == net.gexf(G)


@pytest.mark.parametrize("make", [
    lambda G: G.add_node("x", viz={"size": 3}),
    lambda G: G.add_node("x", label="X"),
    lambda G: G.add_edge("x", "y", weight=2),
    lambda G: G.add_edge("x", "y", start=True),
    lambda G: G.add_node("x", values={"a": 1}),
])
def test_what_the_gexf_writer_does_not_write_is_left_to_networkx(make):
    G = nx.MultiDiGraph()
    make(G)
    assert graphfiles.gexf(G) is None
    assert net.gexf(G) == _networkx_gexf(G)
