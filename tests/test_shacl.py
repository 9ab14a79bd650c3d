"""SHACL: the shapes cover every class and predicate, the bundled data and the mini
dataset have no violation, and each kind of damage to a graph is reported as it should."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import PROV, RDF, RDFS, SH, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from foip_graph.cli import app
from foip_graph.rdf.namespaces import OA, IRIs
from foip_graph.rdf.view import build_dataset
from foip_graph.rdf.shapes import Violation, build_shapes, check_shapes
from foip_graph.vocabulary import VOCABULARY

from .conftest import MINI, MINI_CORPUS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

IRI = IRIs()
FG = IRI.fg


def test_there_is_a_shape_for_every_class_and_every_predicate():
    g = build_shapes()
    targeted = set(g.objects(None, SH.targetClass))
    assert {IRI.kind(k) for k in VOCABULARY.kinds} | {
        IRI.Claim, IRI.DerivedClaim, IRI.Source, IRI.Record, IRI.Observation} <= targeted
    assert {IRI.Claim, IRI.Source, IRI.Record, OA.Annotation, OA.SpecificResource, OA.TimeState,
            OA.TextQuoteSelector, OA.TextPositionSelector} <= targeted
    assert set(g.objects(None, SH.targetSubjectsOf)) \
        == {IRI.predicate(p) for p in VOCABULARY.predicates}
    # Every shape of a class is closed, so an undeclared term is reported.
    closed = set(g.subjects(SH.closed, Literal(True)))
    assert {s for s in g.subjects(SH.targetClass, None)} <= closed


def test_the_shapes_parse_as_shacl_with_a_message_on_each_predicate():
    g = build_shapes()
    for p in VOCABULARY.predicates.values():
        shape = IRI.shapes[IRI.predicate(p.name).fragment]
        assert (shape, RDF.type, SH.NodeShape) in g
        assert str(g.value(shape, SH.message)).startswith(p.label + ":")


def test_the_mini_dataset_has_no_violation(mini):
    assert check_shapes(build_dataset(mini)) == []


def test_the_bundled_data_has_no_violation(kb):
    violations = check_shapes(build_dataset(kb))
    assert violations == [], "\n".join(map(str, violations[:20]))


def test_shapes_follow_the_base_iri(mini):
    base = "https://example.org/kg/"
    assert check_shapes(build_dataset(mini, base), base_iri=base) == []


# ---------------------------------------------------------------- damage and its report


def _claim(mini, predicate: str) -> URIRef:
    return IRI.claim(next(c for c in mini.claims if c.predicate == predicate).id)


def drop_evidence(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    for annotation in list(memo.subjects(OA.hasBody, _claim(mini, "allied_with"))):
        memo.remove((annotation, None, None))


def wrong_object_kind(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).add(
        (IRI.entity("ruritania"), FG.memberOf, IRI.entity("anna-berg")))


def wrong_subject_kind(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).add(
        (IRI.entity("port-azure"), FG.alliedWith, IRI.entity("ruritania")))


def unknown_stance(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    node = _claim(mini, "allied_with")
    memo.set((node, IRI.stance, Literal("lukewarm")))


def no_label(ds: Dataset, mini) -> None:
    ds.graph(IRI.entities_graph).remove((IRI.entity("port-azure"), RDFS.label, None))


def no_direct_triple(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).remove(
        (IRI.entity("anna-berg"), FG.holdsOffice, IRI.entity("foreign-minister-of-ruritania")))


def date_as_text(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).set(
        (_claim(mini, "holds_office"), FG.start, Literal("March 2020")))


def _evidence_iri(mini, predicate: str, part: str) -> URIRef:
    claim = next(c for c in mini.claims if c.predicate == predicate)
    ev = claim.evidence[0]
    return URIRef(f"{IRI.claim(claim.id)}/evidence/memo/{ev.start}-{ev.end}/{part}")


def no_position(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    target = _evidence_iri(mini, "member_of", "target")
    for selector in list(memo.objects(target, OA.hasSelector)):
        if (selector, RDF.type, OA.TextPositionSelector) in memo:
            memo.remove((target, OA.hasSelector, selector))


def start_after_end(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    position = _evidence_iri(mini, "office_of", "position")
    memo.set((position, OA.start, Literal(999, datatype=XSD.nonNegativeInteger)))


def unevidenced_triple(ds: Dataset, mini) -> None:
    """A fact with no claim behind it: the mistake that matters most."""
    ds.graph(IRI.graph("memo")).add(
        (IRI.entity("freedonia"), FG.alliedWith, IRI.entity("ruritania")))


def undeclared_predicate(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).add(
        (IRI.entity("ruritania"), FG.aliedWith, IRI.entity("freedonia")))


def untagged_label(ds: Dataset, mini) -> None:
    ds.graph(IRI.entities_graph).set((IRI.entity("port-azure"), RDFS.label, Literal("Port Azure")))


def no_motivation(ds: Dataset, mini) -> None:
    annotation = URIRef(str(_evidence_iri(mini, "allied_with", "target")).rsplit("/", 1)[0])
    ds.graph(IRI.graph("memo")).remove((annotation, OA.motivatedBy, None))


def no_state(ds: Dataset, mini) -> None:
    ds.graph(IRI.graph("memo")).remove((_evidence_iri(mini, "allied_with", "target"), OA.hasState, None))


def publisher_as_text(ds: Dataset, mini) -> None:
    ds.graph(IRI.entities_graph).set((IRI.source("memo"), DCTERMS.publisher,
                                      Literal("Ministry of Examples")))


def _derived(ds: Dataset, mini) -> tuple:
    """The mini data's one derived link (Anna Berg official of Ruritania): its graph and node."""
    (link,) = mini.derived
    return ds.graph(IRI.derived_graph), IRI.claim(link.id)


def derived_from_a_source(ds: Dataset, mini) -> None:
    """A derived link that names a document instead of the claims it comes from."""
    graph, node = _derived(ds, mini)
    graph.add((node, PROV.wasDerivedFrom, IRI.source("memo")))


def derived_from_nothing(ds: Dataset, mini) -> None:
    graph, node = _derived(ds, mini)
    graph.remove((node, PROV.wasDerivedFrom, None))


def a_stated_claim_with_a_derived_predicate(ds: Dataset, mini) -> None:
    graph, node = _derived(ds, mini)
    graph.add((node, RDF.type, FG.Claim))


DAMAGE: list[tuple[Callable, str]] = [
    (drop_evidence, "^oa:hasBody: a claim needs at least one evidence annotation (oa:hasBody)"),
    (wrong_object_kind, "entity:ruritania fg:memberOf: member of: the object must be a "
                        "Framework or Organization (value: entity:anna-berg)"),
    (wrong_subject_kind, "entity:port-azure: allied with: the subject must be a Country"),
    (unknown_stance, "fg:stance: stance is one of: close, cooperative, improving, stable, compatible, mixed, "
                     "strained, hostile (value: \"lukewarm\")"),
    (no_label, "entity:port-azure rdfs:label: an entity has exactly one rdfs:label"),
    (no_direct_triple, ": the claim's direct triple (subject predicate object) is missing"),
    (date_as_text, "fg:start: start: at most one, as xsd:gYear, xsd:gYearMonth or "
                   "xsd:date (value: \"March 2020\")"),
    (no_position, "oa:hasSelector: evidence needs exactly one oa:TextPositionSelector"),
    (start_after_end, "oa:start: a position selector has one start, before its end"),
    (unevidenced_triple, "entity:freedonia fg:alliedWith: allied with: a direct triple with no "
                         "evidenced statement node"),
    (undeclared_predicate, "entity:ruritania fg:aliedWith: a country uses a property the "
                           "foip-graph ontology does not declare for it (misspelt, or not in "
                           "the vocabulary?) (value: entity:freedonia)"),
    (untagged_label, "entity:port-azure rdfs:label: an entity has exactly one rdfs:label, in "
                     "English (@en) (value: \"Port Azure\")"),
    (no_motivation, "oa:motivatedBy: an annotation has one motivation: oa:describing (a claim) "
                    "or oa:identifying (an entity's record)"),
    (no_state, "oa:hasState: evidence names the state of its source's text (oa:hasState)"),
    (publisher_as_text, "source:memo dcterms:publisher: a source has exactly one publisher, an "
                        "agent's IRI (value: \"Ministry of Examples\")"),
    (derived_from_a_source, "prov:wasDerivedFrom: a derived link is prov:wasDerivedFrom the stated "
                            "claims it comes from (fg:Claim nodes), at least one (value: source:memo)"),
    (derived_from_nothing, "entity:anna-berg fg:officialOf: official of: a direct triple with no "
                           "evidenced statement node"),
    (a_stated_claim_with_a_derived_predicate, "rdf:predicate: a claim has exactly one rdf:predicate, "
                                              "a property of the vocabulary that documents state "
                                              "(a derived one is an fg:DerivedClaim's) (value: fg:officialOf)"),
]


@pytest.mark.parametrize("damage, expected", DAMAGE, ids=[d.__name__ for d, _ in DAMAGE])
def test_a_damaged_graph_gets_the_expected_violation(damage, expected, mini):
    ds = build_dataset(mini)
    damage(ds, mini)
    violations = [str(v) for v in check_shapes(ds)]
    assert any(expected in v for v in violations), violations


def test_violations_read_as_focus_path_message_and_value():
    v = Violation("entity:x", "fg:memberOf", "entity:y", "member of: the object must be a Framework")
    assert str(v) == "entity:x fg:memberOf: member of: the object must be a Framework (value: entity:y)"


def test_validate_shacl_reports_a_clean_graph():
    result = CliRunner().invoke(app, ["validate", "--shacl", "--data", str(MINI),
                                      "--corpus", str(MINI_CORPUS)])
    assert result.exit_code == 0, result.output
    assert "SHACL: no violations." in result.stdout


def test_validate_shacl_prints_each_violation_and_fails(monkeypatch):
    import foip_graph.cli as cli

    def damaged(kb):
        ds = build_dataset(kb)
        wrong_object_kind(ds, kb)
        return ds

    monkeypatch.setattr(cli, "build_dataset", damaged)
    result = CliRunner().invoke(app, ["validate", "--shacl", "--data", str(MINI),
                                      "--corpus", str(MINI_CORPUS)])
    assert result.exit_code == 1
    assert ("entity:ruritania fg:memberOf: member of: the object must be a Framework or "
            "Organization (value: entity:anna-berg)") in result.output
    assert ("entity:ruritania fg:memberOf: member of: a direct triple with no evidenced "
            "statement node") in result.output
    assert "SHACL: 2 violation(s)." in result.output
