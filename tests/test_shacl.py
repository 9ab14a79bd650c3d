"""SHACL: the shapes cover every class and predicate, the bundled data and the mini
dataset have no violation, and each kind of damage to a graph is reported as it should."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, RDFS, SDO, SH, XSD, Dataset, Literal, URIRef
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
    assert {IRI.kind(k) for k in VOCABULARY.kinds} <= targeted
    assert {IRI.Claim, IRI.Source, OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector,
            OA.TextPositionSelector} <= targeted
    assert set(g.objects(None, SH.targetSubjectsOf)) \
        == {IRI.predicate(p) for p in VOCABULARY.predicates}


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
        (_claim(mini, "holds_office"), SDO.startDate, Literal("March 2020")))


def no_position(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    target = URIRef(f"{_claim(mini, 'member_of')}/evidence/memo/1/target")
    for selector in list(memo.objects(target, OA.hasSelector)):
        if (selector, RDF.type, OA.TextPositionSelector) in memo:
            memo.remove((target, OA.hasSelector, selector))


def start_after_end(ds: Dataset, mini) -> None:
    memo = ds.graph(IRI.graph("memo"))
    position = URIRef(f"{_claim(mini, 'office_of')}/evidence/memo/1/position")
    memo.set((position, OA.start, Literal(999, datatype=XSD.nonNegativeInteger)))


DAMAGE: list[tuple[Callable, str]] = [
    (drop_evidence, "^oa:hasBody: a claim needs at least one evidence annotation (oa:hasBody)"),
    (wrong_object_kind, "entity:ruritania fg:memberOf: member of: the object must be a "
                        "Framework or Organization (value: entity:anna-berg)"),
    (wrong_subject_kind, "entity:port-azure: allied with: the subject must be a Country"),
    (unknown_stance, "fg:stance: stance is one of: close, cooperative, improving, stable, compatible, mixed, "
                     "strained, hostile (value: \"lukewarm\")"),
    (no_label, "entity:port-azure rdfs:label: an entity has exactly one rdfs:label"),
    (no_direct_triple, ": the claim's direct triple (subject predicate object) is missing"),
    (date_as_text, "schema:startDate: start: at most one, as xsd:gYear, xsd:gYearMonth or "
                   "xsd:date (value: \"March 2020\")"),
    (no_position, "oa:hasSelector: evidence needs exactly one oa:TextPositionSelector"),
    (start_after_end, "oa:start: a position selector has one start, before its end"),
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
    assert "SHACL: 1 violation(s)." in result.output
