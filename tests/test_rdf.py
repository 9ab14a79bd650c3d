"""The RDF view: IRIs, the data's shape, named graphs, the ontology, every export format
round-tripping, and byte-identical output across runs and processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from foip_graph.build import build
from foip_graph.cli import app
from foip_graph.rdf.export import CONTEXT_FILE, export, package_files
from foip_graph.kb import KnowledgeBase
from foip_graph.load import Dataset as LoadedData
from foip_graph.dates import PartialDate
from foip_graph.model import Claim, Entity, Evidence, Source, identify
from foip_graph.rdf.namespaces import (BASE_IRI, DCAT, DCMITYPE, OA, QUDT, SCHEMA, UNIT, VOID,
                                      WIKIDATA, IRIs)
from foip_graph.rdf.ontology import build_ontology
from foip_graph.rdf.owl import owl_quads
from foip_graph.rdf.annotations import annotations_json
from foip_graph.rdf.view import build_dataset, union_graph
from foip_graph.rdf.serialize import FORMATS, jsonld_context, serialize
from foip_graph.vocabulary import VOCABULARY

from .conftest import MINI, MINI_CORPUS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

IRI = IRIs()
FG = IRI.fg
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "foip_graph" / "rdf"
PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld",
           "xml": "xml"}


@pytest.fixture(scope="module")
def mini_ds(mini) -> Dataset:
    return build_dataset(mini)


@pytest.fixture(scope="module")
def bundled_ds(kb) -> Dataset:
    return build_dataset(kb)


def two_sources() -> KnowledgeBase:
    """Two documents: one claim stated by both (with a quote from each), one by each."""
    sha = "0" * 64
    sources = {s: Source(id=s, title=f"Doc {s}", publisher="P", date=date, kind="memo",
                         file=f"{s}.txt", sha256=sha)
               for s, date in [("doc-a", "2020"), ("doc-b", "2021-03-04")]}
    entities = {e: Entity(id=e, kind="country", name=e.title(), description="A test state.")
                for e in ("aland", "bland", "cland")}

    def ev(source, quote, start):
        return Evidence(source=source, quote=quote, start=start, end=start + len(quote))

    claims = [
        Claim(subject="aland", predicate="allied_with", object="bland",
              evidence=[ev("doc-a", "Aland and Bland are allies", 0),
                        ev("doc-b", "the Aland-Bland alliance", 40)]),
        Claim(subject="aland", predicate="cooperates_with", object="cland",
              evidence=[ev("doc-a", "Aland works with Cland", 90)]),
        Claim(subject="cland", predicate="in_dispute_with", object="bland",
              note="over a river", evidence=[ev("doc-b", "Cland and Bland quarrel", 7)]),
    ]
    return KnowledgeBase(LoadedData(Path("."), sources, entities, claims))


# ---------------------------------------------------------------- IRIs


def test_iris_hang_off_one_overridable_base():
    other = IRIs("https://example.org/kg/")
    assert other.entity("japan") == URIRef("https://example.org/kg/entity/japan")
    assert other.source("memo") == URIRef("https://example.org/kg/source/memo")
    assert other.claim("c-1") == URIRef("https://example.org/kg/claim/c-1")
    assert other.graph("memo") == URIRef("https://example.org/kg/graph/memo")
    assert other.predicate("member_of") == URIRef("https://example.org/kg/ontology#memberOf")
    assert other.kind("office") == URIRef("https://example.org/kg/ontology#Office")
    assert BASE_IRI == "https://w3id.org/foip-graph/"


@pytest.mark.parametrize("bad", ["w3id.org/foip/", "https://example.org/kg", "urn:x:"])
def test_a_bad_base_iri_is_refused_with_what_would_do(bad):
    with pytest.raises(ValueError, match="must be an http\\(s\\) IRI ending in '/'"):
        IRIs(bad)


def test_the_base_iri_reaches_every_iri_of_every_export(mini):
    data = export(mini, "nq", base_iri="https://example.org/kg/").decode()
    assert "https://example.org/kg/entity/ruritania" in data
    assert BASE_IRI not in data


def test_claim_iris_come_from_content_not_order(mini):
    reversed_kb = KnowledgeBase(LoadedData(mini.root, mini.sources, mini.entities,
                                           list(reversed(mini.claims))))
    assert export(reversed_kb, "nq") == export(mini, "nq")


# ---------------------------------------------------------------- the data's shape


def test_entities_have_type_labels_description_and_typed_literals(mini_ds):
    g = mini_ds.graph(IRI.entities_graph)
    ruritania = IRI.entity("ruritania")
    assert (ruritania, RDF.type, FG.Country) in g
    assert g.value(ruritania, RDFS.label) == Literal("Ruritania", lang="en")
    assert set(g.objects(ruritania, SKOS.altLabel)) == {Literal("Kingdom of Ruritania", lang="en")}
    assert g.value(ruritania, SCHEMA.description) == Literal("A made-up kingdom used in the tests.",
                                                             lang="en")
    assert g.value(ruritania, IRI.iso_code) == Literal("RU")
    summit = IRI.entity("harbour-summit-2021")
    assert g.value(summit, FG.date) == Literal("2021-05-05", datatype=XSD.date)
    assert g.value(summit, FG.firstDay) == g.value(summit, FG.lastDay) == Literal("2021-05-05",
                                                                               datatype=XSD.date)
    # Provenance sits on the entity's record, not on the entity (a place is not derived
    # from a memo; what the graph says of it is).
    record = IRI.record("harbour-summit-2021")
    assert (summit, PROV.wasDerivedFrom, None) not in g
    assert (record, SCHEMA.about, summit) in g
    assert (record, PROV.wasDerivedFrom, IRI.source("memo")) in g
    [annotation] = g.subjects(OA.hasBody, record)
    assert g.value(annotation, OA.motivatedBy) == OA.identifying


def test_wikidata_and_birth_year_become_same_as_and_g_year():
    person = Entity(id="x", kind="person", name="X", description="d", wikidata="Q42",
                    birth_year=1952, evidence=[Evidence(source="s", quote="born 1952")])
    source = Source(id="s", title="t", publisher="p", date="2020", kind="k", file="f",
                    sha256="0" * 64)
    kb = KnowledgeBase(LoadedData(Path("."), {"s": source}, {"x": person}, []))
    g = build_dataset(kb).graph(IRI.entities_graph)
    assert (IRI.entity("x"), OWL.sameAs, WIKIDATA.Q42) in g
    assert g.value(IRI.entity("x"), SCHEMA.birthDate) == Literal("1952", datatype=XSD.gYear)
    assert str(SCHEMA) == "http://schema.org/"  # as Wikidata's RDF has it


def test_sources_are_described_in_dublin_core(mini_ds):
    g = mini_ds.graph(IRI.entities_graph)
    memo = IRI.source("memo")
    assert (memo, RDF.type, IRI.Source) in g
    assert g.value(memo, DCTERMS.title) == Literal("Briefing memo on Ruritania", lang="en")
    publisher = g.value(memo, DCTERMS.publisher)  # an agent, not a text
    assert publisher == URIRef(BASE_IRI + "agent/ministry-of-examples")
    assert (publisher, RDF.type, PROV.Agent) in g
    assert g.value(publisher, RDFS.label) == Literal("Ministry of Examples", lang="en")
    assert g.value(memo, DCTERMS.type) == DCMITYPE.Text  # a class, not a text
    assert g.value(memo, SCHEMA.genre) == Literal("briefing", lang="en")
    assert g.value(memo, DCTERMS.date) == Literal("2021-06", datatype=XSD.gYearMonth)
    assert (IRI.graph("memo"), PROV.wasDerivedFrom, memo) in g
    text = g.value(memo, DCTERMS.hasVersion)
    assert text == IRI.text("memo", mini_sha())
    assert g.value(text, IRI.sha256) == Literal(mini_sha())
    state = IRI.state("memo")
    assert (state, RDF.type, OA.TimeState) in g and g.value(state, OA.cachedSource) == text
    assert (g.value(state, OA.sourceDateStart), g.value(state, OA.sourceDateEnd)) == (
        Literal("2021-06-01T00:00:00Z", datatype=XSD.dateTime),
        Literal("2021-06-30T23:59:59Z", datatype=XSD.dateTime))


def test_a_publisher_the_data_names_is_that_entity(kb):
    g = build_dataset(kb).graph(IRI.entities_graph)
    assert g.value(IRI.source("briefing-2026"), DCTERMS.publisher) == IRI.entity("mofa-japan")
    assert g.value(IRI.source("roundtable-2020"), DCTERMS.publisher) == IRI.entity("discuss-japan")


def mini_sha() -> str:
    return hashlib.sha256((MINI_CORPUS / "memo.txt").read_bytes()).hexdigest()


def test_a_claim_is_a_direct_triple_and_a_statement_node_with_qualifiers(mini, mini_ds):
    g = mini_ds.graph(IRI.graph("memo"))
    holding = next(c for c in mini.claims if c.predicate == "holds_office")
    node = IRI.claim(holding.id)
    berg, post = IRI.entity("anna-berg"), IRI.entity("foreign-minister-of-ruritania")
    assert (berg, FG.holdsOffice, post) in g
    assert {RDF.Statement, IRI.Claim} <= set(g.objects(node, RDF.type))
    assert (g.value(node, RDF.subject), g.value(node, RDF.predicate), g.value(node, RDF.object)) \
        == (berg, FG.holdsOffice, post)
    assert g.value(node, FG.start) == Literal("2020-03-03", datatype=XSD.date)
    assert g.value(node, FG.end) == Literal("2022", datatype=XSD.gYear)
    # The same period as xsd:date, whatever the precision, so that SPARQL compares it.
    assert (g.value(node, FG.firstDay), g.value(node, FG.lastDay)) == (
        Literal("2020-03-03", datatype=XSD.date), Literal("2022-12-31", datatype=XSD.date))
    assert g.value(node, PROV.wasDerivedFrom) == IRI.source("memo")
    alliance = next(c for c in mini.claims if c.predicate == "allied_with")
    assert g.value(IRI.claim(alliance.id), IRI.stance) == Literal("close")


def test_evidence_is_a_web_annotation_with_quote_and_position_selectors(mini, mini_ds):
    g = mini_ds.graph(IRI.graph("memo"))
    claim = next(c for c in mini.claims if c.predicate == "allied_with")
    [annotation] = g.subjects(OA.hasBody, IRI.claim(claim.id))
    ev = claim.evidence[0]
    assert annotation == URIRef(f"{IRI.claim(claim.id)}/evidence/memo/{ev.start}-{ev.end}")
    assert (annotation, RDF.type, OA.Annotation) in g
    assert g.value(annotation, OA.motivatedBy) == OA.describing
    target = g.value(annotation, OA.hasTarget)
    assert g.value(target, OA.hasSource) == IRI.source("memo")
    assert g.value(target, OA.hasState) == IRI.state("memo")
    selectors = {g.value(s, RDF.type): s for s in g.objects(target, OA.hasSelector)}
    quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
    assert g.value(quote, OA.exact) == Literal(ev.quote)
    assert g.value(quote, OA.prefix) == Literal(ev.prefix)
    assert g.value(quote, OA.suffix) == Literal(ev.suffix)
    assert g.value(position, OA.start) == Literal(ev.start, datatype=XSD.nonNegativeInteger)
    assert g.value(position, OA.end) == Literal(ev.end, datatype=XSD.nonNegativeInteger)


def test_symmetric_claims_are_stated_in_the_written_direction_only(mini_ds):
    union = union_graph(mini_ds)
    ruritania, freedonia = IRI.entity("ruritania"), IRI.entity("freedonia")
    assert (ruritania, FG.alliedWith, freedonia) in union
    assert (freedonia, FG.alliedWith, ruritania) not in union


def test_figures_are_typed_literals():
    source = Source(id="s", title="t", publisher="p", date="2020", kind="k", file="f",
                    sha256="0" * 64)
    agreement = Entity(id="pact", kind="agreement", name="Pact", description="d")
    claims = [Claim(subject="pact", predicate="entered_into_force", value=2018,
                    evidence=[Evidence(source="s", quote="in force in 2018")]),
              Claim(subject="pact", predicate="share_of_world_gdp", value=13, unit="percent",
                    evidence=[Evidence(source="s", quote="13% of world GDP")])]
    kb = KnowledgeBase(LoadedData(Path("."), {"s": source}, {"pact": agreement}, claims))
    g = build_dataset(kb).graph(IRI.graph("s"))
    pact = IRI.entity("pact")
    assert g.value(pact, FG.enteredIntoForce) == Literal("2018", datatype=XSD.gYear)
    assert g.value(pact, FG.shareOfWorldGdp) == Literal("13.0", datatype=XSD.decimal)
    share = IRI.claim(claims[1].id)
    assert g.value(share, QUDT.hasUnit) == UNIT.PERCENT
    assert g.value(share, IRI.value_label) == Literal("13 percent", lang="en")


def test_figures_are_in_base_units_with_a_qudt_unit_and_counts_are_integers(kb):
    """15 billion yen is 1.5E10 of cur:JPY; 16 projects is the integer 16, counted."""
    g = union_graph(build_dataset(kb))
    osa = IRI.entity("osa")
    budgets = {(o, g.value(c, QUDT.hasUnit), g.value(c, IRI.value_label))
               for c in g.subjects(RDF.predicate, FG.budget) if g.value(c, RDF.subject) == osa
               for o in [g.value(c, RDF.object)]}
    cur = "http://qudt.org/vocab/currency/"
    assert budgets == {
        (Literal("15000000000.0", datatype=XSD.decimal), URIRef(cur + "JPY"),
         Literal("15 billion JPY", lang="en")),
        (Literal("18100000000.0", datatype=XSD.decimal), URIRef(cur + "JPY"),
         Literal("18.1 billion JPY", lang="en")),
        (Literal("121000000.0", datatype=XSD.decimal), URIRef(cur + "USD"),
         Literal("121 million USD", lang="en"))}
    assert (osa, FG.projectCount, Literal(16)) in g
    assert Literal(16).datatype == XSD.integer
    views = {o for o in g.objects(None, FG.viewCount)}
    assert Literal(2100000) in views and all(v.datatype == XSD.integer for v in views)


def test_the_data_has_no_blank_nodes_outside_the_ontology(bundled_ds):
    for s, p, o, graph in bundled_ds.quads((None, None, None, None)):
        if graph != IRI.ontology_graph:
            assert not isinstance(s, BNode) and not isinstance(o, BNode), (s, p, o, graph)


@pytest.mark.parametrize("which", ["mini", "kb"])
def test_every_claim_is_a_direct_triple_and_a_statement_node_with_its_evidence(which, request):
    kb = request.getfixturevalue(which)
    union = union_graph(build_dataset(kb))
    statements = set(union.subjects(RDF.type, IRI.Claim))
    assert statements == {IRI.claim(c.id) for c in kb.claims}
    assert len(statements) == len(kb.claims)
    annotations = set(union.subjects(RDF.type, OA.Annotation))
    claim_annotations = {a for a in annotations if union.value(a, OA.hasBody) in statements}
    assert len(claim_annotations) == sum(len(c.evidence) for c in kb.claims)
    for claim in kb.claims:
        node = IRI.claim(claim.id)
        subject, predicate = IRI.entity(claim.subject), IRI.predicate(claim.predicate)
        obj = union.value(node, RDF.object)
        assert (subject, predicate, obj) in union, claim
        assert (union.value(node, RDF.subject), union.value(node, RDF.predicate)) \
            == (subject, predicate)
        if claim.object is not None:
            assert obj == IRI.entity(claim.object)
        assert len(set(union.subjects(OA.hasBody, node))) == len(claim.evidence)
        assert set(union.objects(node, PROV.wasDerivedFrom)) \
            == {IRI.source(s) for s in claim.sources}


def _assert_graph_holds_exactly(ds: Dataset, kb: KnowledgeBase, source: str) -> None:
    graph = ds.graph(IRI.graph(source))
    mine = kb.by_source.get(source, [])
    nodes = {IRI.claim(c.id) for c in mine}
    assert set(graph.subjects(RDF.type, IRI.Claim)) == nodes
    direct = {(s, p, o) for s, p, o in graph if p in
              {IRI.predicate(name) for name in VOCABULARY.predicates}}
    assert {(IRI.entity(c.subject), IRI.predicate(c.predicate), graph.value(
        IRI.claim(c.id), RDF.object)) for c in mine} == direct
    assert set(graph.objects(None, PROV.wasDerivedFrom)) <= {IRI.source(source)}
    annotations = set(graph.subjects(RDF.type, OA.Annotation))
    assert {graph.value(a, OA.hasBody) for a in annotations} <= nodes
    assert len(annotations) == sum(1 for c in mine for e in c.evidence if e.source == source)
    assert set(graph.objects(None, OA.hasSource)) == {IRI.source(source)}
    for subject in set(graph.subjects()):
        assert subject in nodes or any(str(subject).startswith((f"{n}/evidence/{source}/",
                                                               f"{n}/observation/{source}/"))
                                       for n in nodes) \
            or any(t[0] == subject for t in direct), subject


def test_each_source_graph_holds_exactly_what_that_source_says():
    kb = two_sources()
    ds = build_dataset(kb)
    for source in kb.sources:
        _assert_graph_holds_exactly(ds, kb, source)
    shared = IRI.claim(kb.claims[0].id)
    for source, quote in [("doc-a", "Aland and Bland are allies"),
                          ("doc-b", "the Aland-Bland alliance")]:
        graph = ds.graph(IRI.graph(source))
        assert (IRI.entity("aland"), FG.alliedWith, IRI.entity("bland")) in graph
        [annotation] = graph.subjects(OA.hasBody, shared)
        assert graph.value(URIRef(f"{annotation}/quote"), OA.exact) == Literal(quote)
    assert (IRI.entity("aland"), FG.cooperatesWith, IRI.entity("cland")) \
        not in ds.graph(IRI.graph("doc-b"))


def test_each_bundled_source_graph_holds_exactly_that_sources_claims(kb, bundled_ds):
    for source in kb.sources:
        _assert_graph_holds_exactly(bundled_ds, kb, source)


def test_the_dataset_has_a_graph_per_source_plus_derived_entities_and_ontology(kb, bundled_ds):
    names = {g.identifier for g in bundled_ds.graphs() if len(g)}
    assert names == {IRI.graph(s) for s in kb.sources} | {
        IRI.derived_graph, IRI.entities_graph, IRI.ontology_graph, IRI.dataset_graph}
    assert not len(bundled_ds.default_graph)


def test_derived_links_have_a_graph_of_their_own_each_derived_from_its_stated_claims(kb, bundled_ds):
    """The bundled data's 38 derived links (18 person-to-state facts: one link per term
    and per office) sit in graph:derived only, each an fg:DerivedClaim, never an fg:Claim,
    with no evidence of its own, prov:wasDerivedFrom the two claims it comes from."""
    graph = bundled_ds.graph(IRI.derived_graph)
    union = union_graph(bundled_ds)
    links = set(graph.subjects(RDF.type, FG.DerivedClaim))
    assert len(links) == len(kb.derived) == 38
    assert links == {IRI.claim(d.id) for d in kb.derived}
    assert len(set(graph.subject_objects(FG.officialOf))) == 18
    assert len(list(graph.triples((None, PROV.wasDerivedFrom, None)))) == 76
    assert len(graph) == 351
    for link in kb.derived:
        node = IRI.claim(link.id)
        assert (IRI.entity(link.subject), FG.officialOf, IRI.entity(link.object)) in graph
        assert (graph.value(node, RDF.subject), graph.value(node, RDF.object)) == (
            IRI.entity(link.subject), IRI.entity(link.object))
        assert set(graph.objects(node, PROV.wasDerivedFrom)) == {IRI.claim(i) for i in link.derived_from}
        assert [union.value(IRI.claim(i), RDF.predicate) for i in link.derived_from] == [
            FG.holdsOffice, FG.officeOf]
        assert all((IRI.claim(i), RDF.type, FG.Claim) in union for i in link.derived_from)
        assert (node, RDF.type, FG.Claim) not in union
        assert not set(union.subjects(OA.hasBody, node))
    for other in bundled_ds.graphs():
        if other.identifier != IRI.derived_graph:
            assert not set(other.triples((None, FG.officialOf, None))), other.identifier
            assert not set(other.subjects(RDF.type, FG.DerivedClaim)), other.identifier
    assert set(bundled_ds.graph(IRI.entities_graph).objects(IRI.derived_graph, PROV.wasDerivedFrom)) \
        == {IRI.graph(s) for s in kb.sources}


def test_the_dataset_describes_itself_and_counts_the_triples_of_each_graph(kb, bundled_ds):
    g = bundled_ds.graph(IRI.dataset_graph)
    node = IRI.dataset
    assert {(node, RDF.type, VOID.Dataset), (node, RDF.type, DCAT.Dataset)} <= set(g)
    assert g.value(node, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    counts = {graph: g.value(graph, VOID.triples).toPython() for graph in g.objects(node, VOID.subset)}
    assert counts == {other.identifier: len(other) for other in bundled_ds.graphs()
                      if len(other) and other.identifier != IRI.dataset_graph}
    assert counts[IRI.derived_graph] == 351
    assert g.value(node, VOID.triples).toPython() == sum(counts.values())
    assert g.value(IRI.derived_graph, DCTERMS.description).startswith("Links no document states")
    assert sorted(str(q).rsplit("/", 1)[1] for q in g.objects(node, RDFS.seeAlso)) == [
        "cooperation-paths", "framework-members", "japan-china", "office-holders",
        "projects-recipients", "shared-frameworks"]


# ---------------------------------------------------------------- the ontology


def test_the_shipped_ontology_and_shapes_are_generated_from_the_vocabulary():
    for name, text in package_files().items():
        shipped = (PACKAGE / name).read_text(encoding="utf-8")
        assert shipped == text, (
            f"src/foip_graph/{name} is out of date with the vocabulary; regenerate it with "
            "python3 -c 'from foip_graph.rdf.export import write_package_files as w; w()'")


def test_the_ontology_has_a_class_per_kind_and_a_property_per_predicate():
    g = build_ontology()
    for kind in VOCABULARY.kinds.values():
        node = IRI.kind(kind.name)
        assert (node, RDF.type, OWL.Class) in g
        assert g.value(node, RDFS.label) == Literal(kind.label, lang="en")
        assert g.value(node, RDFS.comment) == Literal(kind.description, lang="en")
    for p in VOCABULARY.predicates.values():
        node = IRI.predicate(p.name)
        kind = OWL.DatatypeProperty if p.is_literal else OWL.ObjectProperty
        assert (node, RDF.type, kind) in g, p.name
        assert g.value(node, RDFS.label) == Literal(p.label, lang="en")
        assert g.value(node, RDFS.comment) == Literal(p.description, lang="en")
        assert g.value(node, RDFS.domain) is not None
        assert (node, RDF.type, OWL.SymmetricProperty) in g if p.symmetric else True
        if p.inverse and not p.is_literal:
            inverse = g.value(node, OWL.inverseOf)
            assert g.value(inverse, RDFS.label) == Literal(p.inverse, lang="en")
    assert (FG.Country, RDFS.subClassOf, SCHEMA.Country) in g
    assert (FG.Office, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Post")) in g
    assert (FG.memberOf, RDFS.range,
            g.value(FG.memberOf, RDFS.range)) in g  # a union of Framework and Organization
    assert set(g.items(g.value(g.value(FG.memberOf, RDFS.range), OWL.unionOf))) \
        == {FG.Framework, FG.Organization}


def test_ontology_terms_are_unique_and_declare_everything_the_data_uses(bundled_ds):
    g = build_ontology()
    declared = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    names = [IRI.predicate(p) for p in VOCABULARY.predicates] + [
        IRI.inverse(p.name) for p in VOCABULARY.predicates.values()
        if p.inverse and not p.is_literal]
    assert len(names) == len(set(names)), "an inverse property's name clashes with another"
    used = {p for _, p, _ in union_graph(bundled_ds) if p.startswith(str(FG))}
    used |= {o for o in union_graph(bundled_ds).objects(None, RDF.type) if o.startswith(str(FG))}
    assert used <= declared, used - declared


def test_the_ontology_is_owl_that_two_independent_parsers_read():
    text = (PACKAGE / "ontology.ttl").read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="turtle")
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    assert len(store) == len(g) > 500
    [ontology] = g.subjects(RDF.type, OWL.Ontology)
    assert ontology == IRI.ontology
    # OWL 2 DL: nothing from the reserved rdf:/rdfs:/xsd: vocabularies is used as a class.
    for parent in g.objects(None, RDFS.subClassOf):
        assert not str(parent).startswith((str(RDF), str(RDFS), str(XSD))), parent
        assert (parent, RDF.type, OWL.Class) in g


# ---------------------------------------------------------------- exports


def _parse(data: bytes, fmt: str):
    target = Dataset() if FORMATS[fmt].named_graphs else Graph()
    return target.parse(data=data, format=PARSERS[fmt])


def _same_dataset(a: Dataset, b: Dataset) -> bool:
    names = {g.identifier for g in a.graphs() if len(g)}
    return names == {g.identifier for g in b.graphs() if len(g)} and all(
        isomorphic(a.graph(n), b.graph(n)) for n in names)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips_to_an_isomorphic_graph(fmt, mini_ds):
    back = _parse(serialize(mini_ds, fmt), fmt)
    if FORMATS[fmt].named_graphs:
        assert _same_dataset(back, mini_ds)
    else:
        assert isomorphic(back, union_graph(mini_ds))


def _canonical(data: Graph | Dataset) -> set[str]:
    """The RDFC-1.0 canonical quads of ``data`` (Oxigraph's implementation): two graphs
    are isomorphic exactly when these are equal, and it takes a second where rdflib's
    ``isomorphic`` needs minutes on the bundled graph's blank nodes (the ontology's)."""
    quads = data.serialize(format="nquads" if isinstance(data, Dataset) else "nt",
                           encoding="utf-8")
    dataset = ox.Dataset(ox.parse(quads, ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(map(str, dataset))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_round_trips_the_bundled_graph(fmt, bundled_ds):
    back = _parse(serialize(bundled_ds, fmt), fmt)
    built = bundled_ds if FORMATS[fmt].named_graphs else union_graph(bundled_ds)
    assert _canonical(back) == _canonical(built)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_keeps_a_claim_in_each_graph_that_states_it(fmt):
    ds = build_dataset(two_sources())
    back = _parse(serialize(ds, fmt), fmt)
    assert _canonical(back) == _canonical(ds if FORMATS[fmt].named_graphs else union_graph(ds))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_loads_in_oxigraph(fmt):
    ds = build_dataset(two_sources())  # a claim in two graphs: quads outnumber triples
    kinds = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
             "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
             "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    store = ox.Store()
    store.load(serialize(ds, fmt), kinds[fmt])
    quads = sum(len(g) for g in ds.graphs())
    assert quads > len(union_graph(ds))
    expected = quads if FORMATS[fmt].named_graphs else len(union_graph(ds))
    assert len(store) == expected


def test_json_ld_is_readable_with_its_own_context_and_no_network(mini_ds):
    document = json.loads(serialize(mini_ds, "jsonld"))
    assert document["@context"] == jsonld_context()
    assert set(document["@context"]) >= {"fg", "entity", "label", "memberOf", "hasBody"}
    graphs = {g["@id"]: {n["@id"]: n for n in g["@graph"]} for g in document["@graph"]}
    assert graphs["graph:memo"]["entity:ruritania"]["memberOf"] == "entity:harbour-group"
    assert graphs["graph:entities"]["entity:ruritania"]["label"] == "Ruritania"


def _digests(kb: KnowledgeBase) -> dict[str, str]:
    ds = build_dataset(kb)
    return {f: hashlib.sha256(serialize(ds, f)).hexdigest() for f in FORMATS}


DIGESTS = """
import hashlib, json, sys, warnings
warnings.simplefilter("ignore")
from foip_graph.kb import KnowledgeBase
from foip_graph.rdf.view import build_dataset
from foip_graph.rdf.serialize import FORMATS, serialize
kb = KnowledgeBase.from_path(*sys.argv[1:])
ds = build_dataset(kb)
print(json.dumps({f: hashlib.sha256(serialize(ds, f)).hexdigest() for f in FORMATS}))
"""


@pytest.mark.parametrize("which", ["mini", "kb"])
def test_every_format_is_byte_identical_across_runs_and_processes(which, request):
    kb = request.getfixturevalue(which)
    args = [str(MINI), str(MINI_CORPUS)] if which == "mini" else []
    # A different str hash seed changes the order rdflib's store iterates in.
    runs = [subprocess.Popen([sys.executable, "-c", DIGESTS, *args], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONHASHSEED": seed})
            for seed in ("1", "2")]
    here = _digests(kb)
    assert _digests(kb) == here
    for run in runs:
        out, _ = run.communicate(timeout=120)
        assert run.returncode == 0
        assert json.loads(out) == here


def test_build_writes_every_rdf_output_identically_twice(mini, tmp_path):
    first = build(mini, tmp_path / "a").files
    build(mini, tmp_path / "b")
    names = {p.name for p in first}
    rdf = {f.filename for f in FORMATS.values()} | {CONTEXT_FILE, "ontology.ttl", "shapes.ttl"}
    assert rdf <= names
    for name in sorted(rdf):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    context = json.loads((tmp_path / "a" / CONTEXT_FILE).read_text())
    assert context == {"@context": jsonld_context()}
    assert (tmp_path / "a" / "ontology.ttl").read_text() == package_files()["ontology.ttl"]


def test_export_command_writes_a_format_to_stdout_or_a_file(tmp_path):
    runner = CliRunner()
    args = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]
    result = runner.invoke(app, ["export", "--format", "ttl", "--out", "-", *args])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    assert (IRI.entity("ruritania"), FG.memberOf, IRI.entity("harbour-group")) in g
    out = tmp_path / "g.trig"
    result = runner.invoke(app, ["export", "--format", "trig", "--out", str(out),
                                 "--base-iri", "https://example.org/kg/", *args])
    assert result.exit_code == 0, result.output
    back = Dataset().parse(out, format="trig")
    assert URIRef("https://example.org/kg/graph/memo") in {g.identifier for g in back.graphs()}


def test_export_command_names_the_formats_when_one_is_unknown():
    result = CliRunner().invoke(app, ["export", "--format", "owl", "--data", str(MINI),
                                      "--corpus", str(MINI_CORPUS)])
    assert result.exit_code == 2
    assert "unknown format 'owl'; choose one of: ttl, nt, nq, trig, jsonld, xml" in result.output


# ---------------------------------------------------------------- the reasoner's view


def _reason(ntriples: bytes, tmp_path: Path) -> None:
    """Load N-Triples into owlready2 and run HermiT over them (raises on inconsistency)."""
    import owlready2

    path = tmp_path / "graph.owl.nt"
    path.write_bytes(ntriples)
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def test_hermit_reasons_over_the_ontology_and_the_owl_view_of_the_data(kb, tmp_path):
    _reason(owl_quads(kb).to_bytes("nt", {}), tmp_path)  # raises if HermiT refuses or finds a contradiction


def test_a_contradiction_makes_the_owl_view_inconsistent(mini, tmp_path):
    """The kinds are disjoint, so "consistent" means something: an entity typed as two
    kinds is caught."""
    import owlready2

    clean = owl_quads(mini).to_bytes("nt", {})
    _reason(clean, tmp_path)
    contradiction = f"<{IRI.entity('ruritania')}> <{RDF.type}> <{FG.Person}> .\n".encode()
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(clean + contradiction, tmp_path)


def test_the_owl_view_is_owl_2_dl_shaped(mini):
    """No reserved reification vocabulary, dates only in OWL 2 datatypes, every predicate
    and class declared, and entity objects and literal values never on one property."""
    g = Graph().parse(data=owl_quads(mini).to_bytes("nt", {}), format="nt")
    used = set(g.predicates())
    assert not used & {RDF.subject, RDF.predicate, RDF.object}
    assert (None, RDF.type, RDF.Statement) not in g
    owl_2 = {XSD.string, XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.dateTime, None}
    assert {o.datatype for o in g.objects() if isinstance(o, Literal) and not o.language} <= owl_2
    declarations = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    declared = {s for t in declarations for s in g.subjects(RDF.type, t)}
    builtin = {RDF.type, RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.subClassOf,
               RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.first, RDF.rest, OWL.sameAs,
               OWL.inverseOf, OWL.unionOf, OWL.members}
    assert used - builtin <= declared, used - builtin - declared
    classes = set(g.subjects(RDF.type, OWL.Class)) | {OWL.Class, OWL.ObjectProperty,
        OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual, OWL.Ontology,
        OWL.SymmetricProperty, OWL.AllDisjointClasses}
    assert {o for o in g.objects(None, RDF.type) if isinstance(o, URIRef)} <= classes
    holding = IRI.claim(next(c for c in mini.claims if c.predicate == "holds_office").id)
    assert g.value(holding, FG.start) == Literal("2020-03-03T00:00:00Z", datatype=XSD.dateTime)
    assert g.value(holding, FG.startPrecision) == Literal(11)
    assert g.value(holding, FG.end) == Literal("2022-01-01T00:00:00Z", datatype=XSD.dateTime)
    assert g.value(holding, FG.endPrecision) == Literal(9)
    assert g.value(holding, FG.claimObject) == IRI.entity("foreign-minister-of-ruritania")


def test_build_writes_the_owl_view_in_turtle_and_rdf_xml(mini, tmp_path):
    build(mini, tmp_path / "out")
    turtle = Graph().parse(tmp_path / "out" / "graph.owl.ttl", format="turtle")
    xml = Graph().parse(tmp_path / "out" / "graph.owl", format="xml")
    assert _canonical(turtle) == _canonical(xml)
    assert (IRI.ontology, RDF.type, OWL.Ontology) in xml


# ---------------------------------------------------------------- Web Annotation

ANNO = Path(__file__).parent / "fixtures" / "anno.jsonld"  # W3C's context, served by the test


def _as_rdf_by_a_web_annotation_client(document: dict) -> Graph:
    """What a JSON-LD processor makes of ``document``, its context (W3C's
    anno.jsonld) served from the test fixture: nothing is fetched from the network."""
    from pyld import jsonld

    context = json.loads(ANNO.read_text(encoding="utf-8"))

    def loader(url, options=None):
        assert url == "http://www.w3.org/ns/anno.jsonld", f"fetched {url}"
        return {"contextUrl": None, "documentUrl": url, "document": context}

    jsonld.set_document_loader(loader)
    return Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}),
                         format="nt")


def _annotation_nodes(g: Graph) -> Graph:
    """The triples of the annotations, their targets, selectors and states."""
    nodes = {s for s in g.subjects() if isinstance(s, URIRef)
             and ("/evidence/" in s or str(s).endswith("/state"))}
    out = Graph()
    for s in nodes:
        for p, o in g.predicate_objects(s):
            out.add((s, p, o))
    return out


@pytest.mark.parametrize("which", ["mini", "kb"])
def test_annotations_jsonld_is_web_annotation_json_ld_of_the_same_annotations(which, request):
    kb = request.getfixturevalue(which)
    document = json.loads(annotations_json(kb))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert document["total"] == len(items) == sum(len(c.evidence) for c in kb.claims) + sum(
        len(e.evidence) for e in kb.entities.values())
    assert {i["motivation"] for i in items} == {"describing", "identifying"}
    read = _annotation_nodes(_as_rdf_by_a_web_annotation_client(document))
    assert set(read) == set(_annotation_nodes(union_graph(build_dataset(kb))))


def test_every_annotation_anchors_by_position_and_by_quote_in_the_raw_text(kb, corpus):
    """What a Web Annotation client does with the text in hand: the text at the offsets
    (code points) is oa:exact, oa:prefix ends right before it, oa:suffix starts right
    after it, and the state's cached text is this exact text."""
    texts = {s.id: (corpus / s.file).read_text(encoding="utf-8") for s in kb.sources.values()}
    items = json.loads(annotations_json(kb))["first"]["items"]
    assert len(items) > 1000
    for item in items:
        target = item["target"]
        source = target["source"].rsplit("/", 1)[-1]
        text = texts[source]
        quote, position = target["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"], item["id"]
        assert text[:start].endswith(quote["prefix"]), item["id"]
        assert text[end:].startswith(quote["suffix"]), item["id"]
        sha = hashlib.sha256((corpus / kb.sources[source].file).read_bytes()).hexdigest()
        assert target["state"]["cached"].endswith(f"/text/{sha}")


# ---------------------------------------------------------------- stable identifiers


def _annotations_of(kb: KnowledgeBase) -> set:
    union = union_graph(build_dataset(kb))
    return set(union.subjects(RDF.type, OA.Annotation))


def test_correcting_a_date_keeps_the_claims_iri_and_a_new_quote_keeps_the_others(mini):
    holding = next(c for c in mini.claims if c.predicate == "holds_office")
    corrected = holding.model_copy(update={"start": PartialDate.parse("2020-03"),
                                           "end": PartialDate.parse("2022-06")})
    assert corrected.id == holding.id
    claims = [corrected if c is holding else c for c in mini.claims]
    kb = KnowledgeBase(LoadedData(mini.root, mini.sources, mini.entities, claims))
    assert IRI.claim(holding.id) in set(union_graph(build_dataset(kb)).subjects(RDF.type, IRI.Claim))
    # A quote added before the others in the text: every other annotation keeps its IRI.
    before = _annotations_of(mini)
    extra = Evidence(source="memo", quote="Briefing memo", start=0, end=13, prefix="",
                     suffix=" on Ruritania\n\n")
    alliance = next(c for c in mini.claims if c.predicate == "allied_with")
    more = alliance.model_copy(update={"evidence": (extra, *alliance.evidence)})
    kb = KnowledgeBase(LoadedData(mini.root, mini.sources, mini.entities,
                                  [more if c is alliance else c for c in mini.claims]))
    after = _annotations_of(kb)
    assert before < after
    assert after - before == {URIRef(f"{IRI.claim(alliance.id)}/evidence/memo/0-13")}


def test_two_terms_in_one_office_stay_two_claims_with_their_own_iris():
    ev = [Evidence(source="s", quote="served twice", start=0, end=12)]
    first = Claim(subject="a", predicate="holds_office", object="b", start="2019-09-11",
                  end="2021", evidence=ev)
    second = Claim(subject="a", predicate="holds_office", object="b", start="2025-10-21",
                   evidence=ev)
    ids = [c.id for c in identify([second, first])]
    assert ids == [first.id + "-2", first.id]
    # Correcting the first term's start keeps both ids.
    fixed = first.model_copy(update={"start": PartialDate.parse("2019-09")})
    assert [c.id for c in identify([second, fixed])] == ids
