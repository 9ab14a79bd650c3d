"""The query API on the bundled data answers as the documents say."""

from __future__ import annotations

import pytest

import foip_graph


@pytest.fixture(scope="module")
def kg():
    return foip_graph.load()


def ids(answers):
    return [a.entity.id for a in answers]


def test_the_quad_has_four_members(kg):
    assert ids(kg.members("Quad")) == ["australia", "india", "japan", "united-states"]
    assert ids(kg.members("Japan-Australia-India-U.S.")) == ids(kg.members("quad"))


def test_the_gcc_members_are_the_six_gulf_states(kg):
    assert ids(kg.members("GCC")) == ["bahrain", "kuwait", "oman", "qatar", "saudi-arabia", "uae"]


def test_the_mediating_countries_for_the_iran_conflict(kg):
    mediators = {c.subject for c in kg.claims(predicate="mediates_in", object="us-israel-iran-conflict-2026")}
    assert mediators == {"pakistan", "turkiye", "egypt", "saudi-arabia", "qatar"}


@pytest.mark.parametrize("as_of, holders", [
    ("2019-09-10", []),
    ("2020-01-01", ["motegi-toshimitsu"]),
    ("2023-06-01", []),
    ("2026-01-01", ["motegi-toshimitsu"]),
])
def test_the_foreign_minister_of_japan_as_of_a_date(kg, as_of, holders):
    assert ids(kg.office_holders("Minister for Foreign Affairs of Japan", as_of=as_of)) == holders


def test_what_links_palau_to_the_united_states(kg):
    chain = kg.path("Palau", "United States")
    assert [(c.subject, c.predicate, c.object) for c in chain] == [
        ("palau-international-airport-support", "benefits", "palau"),
        ("japan", "funds", "palau-international-airport-support"),
        ("japan", "allied_with", "united-states"),
    ]


def test_japan_china_framing_changes_between_2020_and_2026(kg):
    views = kg.compare_sources("Japan", "China")
    assert [(v.source.id, v.stances) for v in views] == [
        ("roundtable-2020", ("improving",)), ("dialogue-2026", ("mixed",)), ("briefing-2026", ("mixed",))]
    # each source's view holds every claim it states, in the order of between(): a claim
    # three documents state is in all three views
    assert [[c.predicate for c in v.claims] for v in views] == [
        ["communicates_with", "in_dispute_with", "cooperates_with", "relations_with", "met_with",
         "negotiated_with"],
        ["communicates_with", "in_dispute_with", "cooperates_with", "relations_with"],
        ["communicates_with", "in_dispute_with", "relations_with", "concerned_about", "protested_to"]]


def test_japan_rok_framing_changes_between_2020_and_2026(kg):
    views = kg.compare_sources("Japan", "ROK")
    assert [(v.source.id, v.stances) for v in views] == [
        ("roundtable-2020", ("strained",)), ("dialogue-2026", ("cooperative",)),
        ("briefing-2026", ("cooperative",))]


@pytest.mark.parametrize("name, entity_id", [
    ("U.S.", "united-states"), ("US", "united-states"), ("united states", "united-states"),
    ("ROK", "south-korea"), ("South Korea", "south-korea"), ("Turkiye", "turkiye"), ("Türkiye", "turkiye"),
    ("TPP11", "cptpp"), ("CPTPP", "cptpp"),
])
def test_aliases_resolve(kg, name, entity_id):
    assert kg.entity(name).id == entity_id


def test_the_tpp_and_the_cptpp_stay_apart(kg):
    assert kg.entity("TPP").id != kg.entity("CPTPP").id


def test_japan_and_australia_share_the_quad(kg):
    shared = kg.shared("Japan", "Australia", predicate="member_of")
    assert "quad" in ids(shared)
    quad = next(a for a in shared if a.entity.id == "quad")
    assert {c.subject for c in quad.claims} == {"japan", "australia"}


def test_japan_is_the_most_central_entity(kg):
    assert kg.rank("betweenness", top=1)[0].entity.id == "japan"
    assert kg.rank("degree", kind="country", top=1)[0].entity.id == "japan"


def test_every_claim_between_japan_and_china_carries_a_quote(kg):
    claims = kg.between("Japan", "China")
    assert len(claims) >= 9
    assert all(c.evidence and c.evidence[0].quote for c in claims)
    order = [min(kg.kb.source_order(s) for s in c.sources) for c in claims]
    assert order == sorted(order)


def test_network_counts_equal_the_knowledge_base(kg):
    G = kg.network
    assert G.number_of_nodes() == len(kg.kb.entities)
    stated = sum(1 for c in kg.kb.claims if c.object is not None)
    holdings = {c.id for c in kg.kb.claims if c.predicate == "holds_office"}
    assert G.number_of_edges() == stated + len(kg.kb.derived)
    assert sum(1 for _, _, d in G.edges(data="derived") if d) == len(kg.kb.derived)
    assert {d.derived_from[0] for d in kg.kb.derived} <= holdings


# ---------------------------------------------------------------- time, as the texts tell it


def test_the_prime_minister_of_japan_on_new_years_day_2020_is_an_inference_labelled_as_one(kg):
    (pm,) = kg.office_holders("Prime Minister of Japan", as_of="2020-01-01")
    assert pm.entity.id == "abe-shinzo"
    assert str(pm.basis) == ("inferred: between the observation on 2019-12-11 by roundtable-2020 and "
                             "the observation on 2020-01-17 by roundtable-2020, nothing stated in between")
    assert kg.office_holders("Prime Minister of Japan", as_of="2020-01-01", strict=True) == []
    (seen,) = kg.office_holders("Prime Minister of Japan", as_of="2019-12-11", strict=True)
    assert (seen.entity.id, str(seen.basis)) == ("abe-shinzo", "observed: observed on 2019-12-11 by roundtable-2020")


def test_a_post_held_only_before_2019_answers_for_no_date_the_bound_does_not_decide(kg):
    post = "State Minister for Foreign Affairs of Japan"
    assert ids(kg.office_holders(post)) == ["motegi-toshimitsu"]
    assert kg.office_holders(post, as_of="1985") == []
    assert kg.office_holders(post, as_of="2020") == []


def test_the_united_kingdom_is_a_party_to_the_cptpp_from_2024(kg):
    assert [(a.entity.id, a.basis.kind) for a in kg.members("CPTPP", as_of="2025")] == [
        ("japan", "inferred"), ("united-kingdom", "open")]
    assert "united-kingdom" not in ids(kg.members("CPTPP", as_of="2020"))
    assert "united-kingdom" in ids(kg.members("CPTPP"))


def test_known_by_keeps_what_the_documents_published_by_then_had_said(kg):
    assert kg.members("Quad", known_by="2025-12-31") == []
    (motegi,) = kg.office_holders("Minister for Foreign Affairs of Japan", known_by="2020-12-31")
    assert {s for c in motegi.claims for s in c.sources} == {"roundtable-2020"}
    assert {s for c in kg.between("Japan", "China", known_by="2020-12-31") for s in c.sources} == {"roundtable-2020"}
    assert kg.between("Japan", "China", known_by="2019-12-31") == []


def test_the_former_senator_is_not_in_the_senate_in_2026(kg):
    (senator,) = kg.members("United States Senate")
    assert senator.entity.id == "marco-rubio"
    assert [str(c.ended_by) for c in senator.claims] == ["2026-01-08"]  # "since he was a senator"
    assert kg.members("United States Senate", as_of="2026-01") == []
    assert kg.members("United States Senate", as_of="2026-06") == []
    assert ids(kg.office_holders("Secretary of State of the United States", as_of="2026-01")) == ["marco-rubio"]


@pytest.mark.parametrize("office, as_of, holder", [
    ("President of the United States", "2020-01", "donald-trump"),
    ("President of the United States", "2026-01", "donald-trump"),
    ("Prime Minister of Japan", "2026-01", "takaichi-sanae"),
])
def test_the_present_tense_of_each_document_answers_for_its_own_dates(kg, office, as_of, holder):
    assert ids(kg.office_holders(office, as_of=as_of)) == [holder]
