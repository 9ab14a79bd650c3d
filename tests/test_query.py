"""The query API on the hand-made mini dataset: exact answers, names resolved loosely."""

from __future__ import annotations

import pytest

import foip_graph
from foip_graph import AmbiguousEntityError, UnknownEntityError, rows
from foip_graph.query import KnowledgeGraph
from foip_graph.resolve import Resolver
from foip_graph.rdf.store import quad_count

from .conftest import MINI, MINI_CORPUS


@pytest.fixture(scope="module", params=["memory", "oxigraph", "oxigraph:{tmp}"])
def kg(request, tmp_path_factory) -> KnowledgeGraph:
    """The mini dataset on each store (see foip_graph.rdf.store): the answers are the same."""
    store = request.param.format(tmp=tmp_path_factory.mktemp("store") / "oxigraph")
    graph = foip_graph.load(MINI, MINI_CORPUS, store=store)
    assert quad_count(graph.rdf) > 0  # its RDF view is built in that store first
    return graph


@pytest.mark.parametrize("name", ["ruritania", "Ruritania", "KINGDOM OF RURITANIA", "kingdom-of-ruritania"])
def test_entities_are_found_by_id_name_or_alias_in_any_case(kg, name):
    assert kg.entity(name).id == "ruritania"


def test_diacritics_and_punctuation_do_not_matter(kg):
    assert kg.entity("Freedonia").id == kg.entity("Frëedonia").id == "freedonia"
    assert kg.entity("HG").id == kg.entity("h.g.").id == "harbour-group"


def test_an_unknown_name_raises_with_suggestions(kg):
    with pytest.raises(UnknownEntityError) as info:
        kg.entity("Rurtania")
    assert isinstance(info.value, LookupError)
    assert info.value.suggestions == ["Ruritania (ruritania)"]
    assert str(info.value) == "no entity is called 'Rurtania'; did you mean: Ruritania (ruritania)?"


def test_an_ambiguous_alias_raises_listing_the_candidates():
    class E:
        def __init__(self, id, name, aliases):
            self.id, self.name, self.aliases = id, name, aliases
    resolver = Resolver([E("president-of-a", "President of A", ("President",)),
                         E("president-of-b", "President of B", ("president",))])
    with pytest.raises(AmbiguousEntityError) as info:
        resolver.resolve("PRESIDENT")
    assert info.value.candidates == ["president-of-a", "president-of-b"]


def test_entities_by_kind_sorted_by_name(kg):
    assert [e.id for e in kg.entities(kind="country")] == ["freedonia", "ruritania"]
    with pytest.raises(ValueError, match="unknown kind 'nation'"):
        kg.entities(kind="nation")


def test_claims_filter_by_subject_predicate_object_and_source(kg):
    assert [(c.subject, c.object) for c in kg.claims(predicate="member_of")] == [
        ("ruritania", "harbour-group"), ("freedonia", "harbour-group")]
    assert [c.predicate for c in kg.claims(subject="Anna Berg")] == ["holds_office"]
    assert len(kg.claims(source="memo")) == 6


def test_a_symmetric_claim_matches_either_way_round(kg):
    assert [c.predicate for c in kg.claims(subject="freedonia", object="ruritania")] == ["allied_with"]


@pytest.mark.parametrize("as_of, holders", [
    ("2020-03-02", []), ("2020-03-03", ["anna-berg"]), ("2020", ["anna-berg"]),
    ("2022-12-31", []), ("2022-01-01", ["anna-berg"]), ("2022", ["anna-berg"]), ("2023-01-01", []),
    (None, ["anna-berg"]),
])
def test_office_holders_as_of_honours_partial_dates(kg, as_of, holders):
    found = kg.office_holders("Foreign Minister of Ruritania", as_of=as_of)
    assert [a.entity.id for a in found] == holders


@pytest.mark.parametrize("as_of, members", [
    ("2018-12-31", []), ("2019-01", []), ("2019", ["ruritania"]), ("2030", ["ruritania"]),
    (None, ["freedonia", "ruritania"]),
])
def test_members_as_of(kg, as_of, members):
    """Ruritania joined in 2019 (a stated start, no end known: not decided for January
    2019, it may have joined later that year); the memo says Freedonia "followed" and no
    date: it is a member, but of no date the texts decide."""
    assert [a.entity.id for a in kg.members("Harbour Group", as_of=as_of)] == members


def test_answers_carry_their_evidence(kg):
    (berg,) = kg.office_holders("Foreign Minister of Ruritania")
    assert berg.claims[0].evidence[0].quote.startswith("Foreign Minister Anna Berg took office")
    assert repr(berg) == "<Answer anna-berg (Anna Berg) from memo>"


def test_neighbors_with_direction(kg):
    both = {(link.reads, link.entity.id, link.claim.derived) for link in kg.neighbors("ruritania")}
    assert both == {("allied with", "freedonia", False), ("member of", "harbour-group", False),
                    ("has office", "foreign-minister-of-ruritania", False),
                    ("has official", "anna-berg", True)}
    assert [link.entity.id for link in kg.neighbors("ruritania", direction="in")] == [
        "freedonia", "foreign-minister-of-ruritania", "anna-berg"]
    assert [link.entity.id for link in kg.neighbors("ruritania", direction="in", derived=False)] == [
        "freedonia", "foreign-minister-of-ruritania"]
    assert [link.entity.id for link in kg.neighbors("ruritania", predicate="member_of")] == ["harbour-group"]


def test_path_is_the_shortest_chain_of_claims(kg):
    chain = kg.path("Anna Berg", "Freedonia", derived=False)
    assert [(c.subject, c.predicate, c.object) for c in chain] == [
        ("anna-berg", "holds_office", "foreign-minister-of-ruritania"),
        ("foreign-minister-of-ruritania", "office_of", "ruritania"),
        ("ruritania", "allied_with", "freedonia")]
    assert kg.path("port-azure", "ruritania") == []


def test_path_and_between_go_through_an_office_with_its_chain_of_evidence(kg):
    first, second = kg.path("Anna Berg", "Freedonia")
    assert (first.subject, first.predicate, first.object, first.derived) == (
        "anna-berg", "official_of", "ruritania", True)
    assert [(c.predicate, c.object) for c in kg.chain(first)] == [
        ("holds_office", "foreign-minister-of-ruritania"), ("office_of", "ruritania")]
    assert [e.quote for e in first.evidence] == [
        "Foreign Minister Anna Berg took office on March 3, 2020 and stepped down in 2022.",
        "Foreign Minister Anna Berg"]
    assert (second.predicate, second.derived) == ("allied_with", False)
    (link,) = kg.between("Anna Berg", "Ruritania")
    assert (link.start, link.end, link.role) == (first.start, first.end, "Foreign Minister of Ruritania")
    assert str(kg.basis(link, "2021")) == "stated: inside the stated interval 2020-03-03 to 2022"
    assert kg.between("Anna Berg", "Ruritania", derived=False) == []
    assert kg.between("Anna Berg", "Ruritania", as_of="2023") == []


def test_shared_lists_what_both_relate_to_with_both_claims(kg):
    (group,) = kg.shared("Ruritania", "Freedonia", predicate="member_of")
    assert group.entity.id == "harbour-group"
    assert [c.subject for c in group.claims] == ["ruritania", "freedonia"]


def test_timeline_in_date_order_and_filtered(kg):
    assert [(str(d.when), d.event.id if d.event else d.claim.predicate) for d in kg.timeline()] == [
        ("2019", "member_of"), ("2020-03-03/2022", "holds_office"), ("2021-05-05", "harbour-summit-2021")]
    assert [str(d.date) for d in kg.timeline("Harbour Group")] == ["2019"]
    assert [str(d.date) for d in kg.timeline("Port Azure")] == ["2021-05-05"]
    assert [str(d.date) for d in kg.timeline(start="2020", end="2020-12")] == ["2020-03-03"]


def test_compare_sources_gives_stance_per_source(kg):
    (view,) = kg.compare_sources("Freedonia", "Ruritania")
    assert (view.source.id, view.stances, len(view.claims)) == ("memo", ("close",), 1)


def test_rank_by_betweenness(kg):
    top = kg.rank("betweenness", top=2)
    assert [(r.entity.id, r.score) for r in top] == [("ruritania", 0.266667),
                                                     ("foreign-minister-of-ruritania", 0.2)]
    assert [r.entity.id for r in kg.rank("degree", kind="country")] == ["ruritania", "freedonia"]
    with pytest.raises(ValueError, match="unknown measure 'fame'"):
        kg.rank("fame")
    with pytest.raises(ValueError, match=r"top='x': expected a whole number of entities, 1 or more"):
        kg.rank(top="x")
    with pytest.raises(ValueError, match=r"top=0: expected"):
        kg.rank(top=0)
    with pytest.raises(ValueError, match=r"unknown kind 'nation'; kinds: country, "):
        kg.rank(kind="nation")


def test_rows_flatten_any_result_for_pandas(kg):
    (row,) = rows(kg.members("Harbour Group", as_of="2020-06"))
    assert row["id"] == "ruritania"
    assert row["basis"] == "open: after the stated start 2019, no end known"
    assert row["start"] == "2019"
    assert row["sources"] == "memo"
    assert row["quote"] == "Ruritania joined the [Harbour Group](#) in 2019, and “Freedonia” followed"
    assert rows([kg.entity("port-azure")]) == [{"id": "port-azure", "name": "Port Azure", "kind": "place",
                                                "aliases": "", "description": "A made-up port city."}]


def test_an_answer_backed_by_two_claims_gives_two_rows(kg):
    assert [(r["id"], r["subject"]) for r in rows(kg.shared("Ruritania", "Freedonia"))] == [
        ("harbour-group", "ruritania"), ("harbour-group", "freedonia")]


def test_timeline_rows_carry_the_entry_date(kg):
    assert [(r["date"], r.get("predicate") or r["event"]) for r in rows(kg.timeline())] == [
        ("2019", "member_of"), ("2020-03-03/2022", "holds_office"), ("2021-05-05", "harbour-summit-2021")]
