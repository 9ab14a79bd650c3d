"""SHACL shapes of the graph, generated from the vocabulary registry, and a checker.

A shape per entity kind (one English label, one English description, typed kind-specific
literals), per predicate (the kinds its subject and object may have, or its literal's
datatype), and for claims, sources, their texts, entity records, annotations, states and
selectors: every claim has exactly one subject, predicate and object, its direct triple, a
source, and at least one evidence annotation with a motivation, a state and both selectors
on that source; every derived link (``fg:DerivedClaim``) has its subject, predicate (one
the vocabulary marks derived) and object, its direct triple, and is
``prov:wasDerivedFrom`` at least one stated claim, and only claims. Two checks guard the mistakes that matter most: every direct triple with a
predicate of the vocabulary has an evidenced statement node (or, for a derived link, one
derived from a claim), and every shape of a class is closed, so a node that uses a
property the ontology does not give it (a misspelt or undeclared ``fg:`` term) is reported.

The shapes apply to the union of the dataset's graphs (a direct triple sits in a source's
graph, the types of its ends in the entities graph). The package ships them for the
default base IRI as ``shapes.ttl``.

>>> from foip_graph.rdf.namespaces import IRIs
>>> g, iris = build_shapes(), IRIs()
>>> (iris.shapes.Claim, SH.targetClass, iris.Claim) in g
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from pyshacl import validate
from rdflib import (
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    BNode,
    Dataset,
    Graph,
    Literal,
    URIRef,
)
from rdflib.namespace import DCTERMS

from ..model import KIND_FIELDS
from ..vocabulary import VOCABULARY, Predicate, Vocabulary
from .namespaces import BASE_IRI, DCMITYPE, LANG, OA, QUDT, SCHEMA, IRIs
from .ontology import MOTIVATIONS, rdf_list
from .serialize import oxigraph_term
from .sparql import _rdflib_term
from .view import union_graph

# Kind-specific entity fields (model.KIND_FIELDS) and their shapes' names; an event's PLOVER
# coding is not in the RDF, so it has no shape.
FIELD_SHAPES = {"iso_code": "isoCode", "birth_year": "birthDate",
                "date": "date", "start": "start", "end": "end", "started_by": "startedBy",
                "ended_by": "endedBy"}


def build_shapes(vocabulary: Vocabulary = VOCABULARY, base_iri: str = BASE_IRI) -> Graph:
    """The shapes graph for ``vocabulary`` under ``base_iri``."""
    iris = IRIs(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**iris.prefixes, "shape": str(iris.shapes)}.items():
        graph.bind(prefix, namespace)
    for triple in _shapes(vocabulary, iris):
        graph.add(triple)
    return graph


def _en(message: str) -> Literal:
    return Literal(message, lang=LANG)


def _shapes(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield from _datatypes(iris)
    for kind in vocabulary.kinds:
        yield s[f"is{iris.kind(kind).fragment}"], RDF.type, SH.NodeShape
        yield s[f"is{iris.kind(kind).fragment}"], SH["class"], iris.kind(kind)
    # Properties every entity has, and the kind-specific literals.
    yield from _prop(s.label, RDFS.label, 1, 1, node=s.English,
                     message="an entity has exactly one rdfs:label, in English (@en)")
    yield from _prop(s.altLabel, SKOS.altLabel, node=s.English,
                     message="an alias is in English (@en)")
    yield from _prop(s.description, SCHEMA.description, 1, 1, node=s.English,
                     message="an entity has exactly one schema:description, in English (@en)")
    yield from _prop(s.sameAs, OWL.sameAs, max_count=1, pattern=r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$",
                     message="owl:sameAs must be one Wikidata entity IRI")
    yield from _prop(s.isoCode, iris.iso_code, max_count=1, datatype=XSD.string,
                     pattern="^[A-Z]{2}$", message="an ISO code is two capital letters")
    yield from _prop(s.birthDate, SCHEMA.birthDate, max_count=1, datatype=XSD.gYear)
    for field, path in iris.dates.items():
        yield from _prop(s[FIELD_SHAPES[field]], path, max_count=1, node=s.PartialDate,
                         message=f"{field}: at most one, as xsd:gYear, xsd:gYearMonth or xsd:date")
    for name, path in [("firstDay", iris.first_day), ("lastDay", iris.last_day)]:
        yield from _prop(s[name], path, max_count=1, datatype=XSD.date,
                         message=f"{path.fragment}: at most one, an xsd:date")
    for kind in vocabulary.kinds.values():
        shape = s[iris.kind(kind.name).fragment]
        yield shape, RDF.type, SH.NodeShape
        yield shape, SH.targetClass, iris.kind(kind.name)
        for name in ("label", "altLabel", "description", "sameAs"):
            yield shape, SH.property, s[name]
        for field in sorted(KIND_FIELDS.get(kind.name, frozenset()) & FIELD_SHAPES.keys()):
            yield shape, SH.property, s[FIELD_SHAPES[field]]
        if KIND_FIELDS.get(kind.name, frozenset()) & set(iris.dates):
            for name in ("firstDay", "lastDay"):
                yield shape, SH.property, s[name]
        for predicate in vocabulary.predicates.values():  # the direct triples it may have
            if kind.name in predicate.subject_kinds:
                allowed = s[f"{shape.fragment}-{iris.predicate(predicate.name).fragment}"]
                yield shape, SH.property, allowed
                yield allowed, RDF.type, SH.PropertyShape
                yield allowed, SH.path, iris.predicate(predicate.name)
        yield from _closed(shape, f"a {kind.label.lower()}")
    for predicate in vocabulary.predicates.values():
        yield from _predicate(predicate, iris)
        yield from _evidenced(predicate, iris)
    yield from _claim(vocabulary, iris)
    yield from _derived(vocabulary, iris)
    yield from _source(iris)
    yield from _record(iris)
    yield from _observation(iris)
    yield from _evidence(iris)


def _prop(shape: URIRef, path, min_count: int | None = None, max_count: int | None = None, *,
          message: str | None = None, **constraints) -> Iterator[tuple]:
    """A property shape: ``path`` with counts and constraints (keyword: the SHACL term in
    snake case, ``cls`` for ``sh:class``)."""
    yield shape, RDF.type, SH.PropertyShape
    yield shape, SH.path, path
    if min_count is not None:
        yield shape, SH.minCount, Literal(min_count)
    if max_count is not None:
        yield shape, SH.maxCount, Literal(max_count)
    for key, value in constraints.items():
        term = SH["class" if key == "cls" else _camel(key)]
        yield shape, term, value if isinstance(value, (URIRef, BNode, Literal)) else Literal(value)
    if message:
        yield shape, SH.message, _en(message)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(w.title() for w in rest)


def _one_of(node: URIRef, term: URIRef, items: list, label: str) -> Iterator[tuple]:
    """``node term (items…)``: an ``sh:in`` or ``sh:or`` list with stable blank nodes."""
    yield node, term, BNode(f"{label}-1")
    yield from rdf_list(items, label)


def _one_of_kinds(node: URIRef, kinds: tuple[str, ...], iris: IRIs) -> Iterator[tuple]:
    """``node`` must be an instance of one of ``kinds``."""
    if len(kinds) == 1:
        yield node, SH["class"], iris.kind(kinds[0])
        return
    yield from _one_of(node, SH["or"], [iris.shapes[f"is{iris.kind(k).fragment}"] for k in kinds],
                       f"{node.fragment}-or")


def _kinds_text(kinds: tuple[str, ...]) -> str:
    labels = [VOCABULARY.kinds[k].label for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def _predicate(predicate: Predicate, iris: IRIs) -> Iterator[tuple]:
    prop = iris.predicate(predicate.name)
    shape = iris.shapes[prop.fragment]
    value = iris.shapes[f"{prop.fragment}-value"]
    yield shape, RDF.type, SH.NodeShape
    yield shape, SH.targetSubjectsOf, prop
    yield from _one_of_kinds(shape, predicate.subject_kinds, iris)
    yield shape, SH.message, _en(f"{predicate.label}: the subject must be a "
                                 f"{_kinds_text(predicate.subject_kinds)}")
    yield shape, SH.property, value
    if predicate.value_type == "date":
        yield from _prop(value, prop, node=iris.shapes.PartialDate,
                         message=f"{predicate.label}: the value must be an xsd:gYear, "
                                 "xsd:gYearMonth or xsd:date")
    elif predicate.value_type == "number":
        yield from _prop(value, prop, node=iris.shapes.Number,
                         message=f"{predicate.label}: the value must be an xsd:decimal, or an "
                                 "xsd:integer for a count")
    elif predicate.is_literal:
        yield from _prop(value, prop, node=iris.shapes.English,
                         message=f"{predicate.label}: the value must be English text (@en)")
    else:
        yield from _prop(value, prop, node_kind=SH.IRI,
                         message=f"{predicate.label}: the object must be a "
                                 f"{_kinds_text(predicate.object_kinds)}")
        yield from _one_of_kinds(value, predicate.object_kinds, iris)


def _datatypes(iris: IRIs) -> Iterator[tuple]:
    """``shape:PartialDate`` (xsd:gYear, xsd:gYearMonth or xsd:date), ``shape:Number``
    (xsd:decimal or xsd:integer) and ``shape:English`` (a literal tagged @en)."""
    s = iris.shapes
    for name, datatypes in [("PartialDate", (XSD.gYear, XSD.gYearMonth, XSD.date)),
                            ("Number", (XSD.decimal, XSD.integer))]:
        options = []
        for datatype in datatypes:
            node = s[f"is{datatype.fragment[0].upper()}{datatype.fragment[1:]}"]
            options.append(node)
            yield node, RDF.type, SH.NodeShape
            yield node, SH.datatype, datatype
        yield s[name], RDF.type, SH.NodeShape
        yield from _one_of(s[name], SH["or"], options, f"{name}-or")
    yield s.English, RDF.type, SH.NodeShape
    yield s.English, SH.datatype, RDF.langString
    yield from _one_of(s.English, SH.languageIn, [Literal(LANG)], "English-languages")


def _claim(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield s.Claim, RDF.type, SH.NodeShape
    yield s.Claim, SH.targetClass, iris.Claim
    evidence_path = BNode("Claim-evidence-path")
    yield evidence_path, SH.inversePath, OA.hasBody
    props = [
        _prop(s["Claim-subject"], RDF.subject, 1, 1, node_kind=SH.IRI,
              message="a claim has exactly one rdf:subject"),
        _prop(s["Claim-predicate"], RDF.predicate, 1, 1, message="a claim has exactly one "
              "rdf:predicate, a property of the vocabulary that documents state (a derived "
              "one is an fg:DerivedClaim's)"),
        _prop(s["Claim-object"], RDF.object, 1, 1, message="a claim has exactly one rdf:object"),
        _prop(s["Claim-source"], PROV.wasDerivedFrom, 1, cls=iris.Source,
              message="a claim is prov:wasDerivedFrom at least one source"),
        _prop(s["Claim-evidence"], evidence_path, 1, cls=OA.Annotation,
              message="a claim needs at least one evidence annotation (oa:hasBody)"),
        *_qualifier_props("Claim", "a claim", vocabulary, iris),
        _prop(s["Claim-unit"], QUDT.hasUnit, max_count=1, node_kind=SH.IRI,
              message="a figure has at most one unit, a QUDT unit IRI"),
        _prop(s["Claim-valueLabel"], iris.value_label, max_count=1, node=s.English,
              message="a figure's wording is one English text (@en)"),
        _prop(s["Claim-observation"], iris.observation_of, cls=iris.Observation,
              message="a claim's observations are fg:Observation nodes"),
    ]
    yield from _attached(s.Claim, props)
    yield from _statement("Claim", "a claim", "the claim's", vocabulary, iris, derived=False)


def _direct(shape: URIRef, whose: str) -> Iterator[tuple]:
    """The statement node's direct triple (its subject, predicate and object) exists."""
    direct = URIRef(f"{shape}-direct")
    yield shape, SH.sparql, direct
    yield direct, RDF.type, SH.SPARQLConstraint
    yield direct, SH.message, _en(f"{whose} direct triple (subject predicate object) is missing")
    yield direct, SH.select, Literal(
        f"SELECT $this WHERE {{ $this <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; "
        f"<{RDF.object}> ?o . FILTER NOT EXISTS {{ ?s ?p ?o }} }}")


def _derived(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    """A derived link: what it says, its direct triple, the stated claims it comes from
    (``prov:wasDerivedFrom`` nothing else), its time and role; no evidence of its own."""
    s = iris.shapes
    yield s.DerivedClaim, RDF.type, SH.NodeShape
    yield s.DerivedClaim, SH.targetClass, iris.DerivedClaim
    yield from _attached(s.DerivedClaim, [
        _prop(s["DerivedClaim-subject"], RDF.subject, 1, 1, node_kind=SH.IRI,
              message="a derived link has exactly one rdf:subject"),
        _prop(s["DerivedClaim-predicate"], RDF.predicate, 1, 1, message="a derived link has "
              "exactly one rdf:predicate, a property the vocabulary marks derived"),
        _prop(s["DerivedClaim-object"], RDF.object, 1, 1, node_kind=SH.IRI,
              message="a derived link has exactly one rdf:object, an entity"),
        _prop(s["DerivedClaim-from"], PROV.wasDerivedFrom, 1, cls=iris.Claim,
              message="a derived link is prov:wasDerivedFrom the stated claims it comes from "
                      "(fg:Claim nodes), at least one"),
        *_qualifier_props("DerivedClaim", "a derived link", vocabulary, iris),
    ])
    yield from _statement("DerivedClaim", "a derived link", "the derived link's", vocabulary, iris,
                          derived=True)


def _qualifier_props(name: str, what: str, vocabulary: Vocabulary, iris: IRIs) -> list:
    """The property shapes a stated claim and a derived link share: stance, role, note."""
    s = iris.shapes
    return [
        _prop(s[f"{name}-stance"], iris.stance, max_count=1,
              message="stance is one of: " + ", ".join(vocabulary.stances)),
        _prop(s[f"{name}-role"], iris.role, max_count=1, node=s.English,
              message=f"{what} has at most one role, in English (@en)"),
        _prop(s[f"{name}-note"], SKOS.note, max_count=1, node=s.English,
              message=f"{what} has at most one note, in English (@en)"),
    ]


def _statement(name: str, what: str, whose: str, vocabulary: Vocabulary, iris: IRIs,
               derived: bool) -> Iterator[tuple]:
    """What a statement node of shape ``name`` (a stated claim, or a derived link with
    ``derived``) must hold beyond its own properties: the date shapes, a predicate of its
    kind, a known stance, no undeclared property, and its direct triple."""
    s = iris.shapes
    shape = s[name]
    for field in (*(FIELD_SHAPES[f] for f in iris.dates), "firstDay", "lastDay"):
        yield shape, SH.property, s[field]
    predicates = [iris.predicate(p.name) for p in vocabulary.predicates.values() if bool(p.derived) == derived]
    yield from _one_of(s[f"{name}-predicate"], SH["in"], predicates, f"{name}-predicate-in")
    yield from _one_of(s[f"{name}-stance"], SH["in"], [Literal(v) for v in vocabulary.stances],
                       f"{name}-stance-in")
    yield from _closed(shape, what)
    yield from _direct(shape, whose)


def _evidenced(predicate: Predicate, iris: IRIs) -> Iterator[tuple]:
    """A direct triple with this predicate has a statement node that is evidenced (an
    annotation's body) or derived from a claim (a derived link)."""
    prop = iris.predicate(predicate.name)
    shape = iris.shapes[f"{prop.fragment}-evidenced"]
    statement = f"?claim <{RDF.subject}> $this ; <{RDF.predicate}> <{prop}> ; <{RDF.object}> ?value"
    unevidenced = (  # two NOT EXISTS, not one over a UNION: each is then a bound pattern
        f"$this <{prop}> ?value . FILTER NOT EXISTS {{ {statement} . "
        f"?annotation <{OA.hasBody}> ?claim }} FILTER NOT EXISTS {{ {statement} ; "
        f"<{PROV.wasDerivedFrom}> ?stated . ?stated a <{iris.Claim}> }}")
    check = BNode(f"{shape.fragment}-check")
    yield shape, RDF.type, SH.NodeShape
    yield shape, SH.targetSubjectsOf, prop
    yield shape, SH.sparql, check
    yield check, RDF.type, SH.SPARQLConstraint
    yield check, SH.message, _en(
        f"{predicate.label}: a direct triple with no evidenced statement node (every fact "
        "needs a claim with rdf:subject, rdf:predicate and rdf:object and at least one "
        "quote, or a derived link prov:wasDerivedFrom the claims it comes from)")
    yield check, SH.select, Literal(f"SELECT $this ?value WHERE {{ {unevidenced} }}")


def _closed(shape: URIRef, what: str) -> Iterator[tuple]:
    """Close ``shape``: a node may use only the properties of its property shapes (and
    rdf:type), so a misspelt or undeclared ``fg:`` term is reported."""
    yield shape, SH.closed, Literal(True)
    yield from _one_of(shape, SH.ignoredProperties, [RDF.type], f"{shape.fragment}-ignored")
    yield shape, SH.message, _en(f"{what} uses a property the foip-graph ontology does not "
                                 "declare for it (misspelt, or not in the vocabulary?)")


def _source(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield s.Source, RDF.type, SH.NodeShape
    yield s.Source, SH.targetClass, iris.Source
    yield from _attached(s.Source, [
        _prop(s["Source-title"], DCTERMS.title, 1, 1, node=s.English,
              message="a source has exactly one title, in English (@en)"),
        _prop(s["Source-publisher"], DCTERMS.publisher, 1, 1, node_kind=SH.IRI,
              message="a source has exactly one publisher, an agent's IRI"),
        _prop(s["Source-date"], DCTERMS.date, 1, 1, node=s.PartialDate),
        _prop(s["Source-type"], DCTERMS.type, 1, 1, has_value=DCMITYPE.Text,
              message="a source's dcterms:type is the class dcmitype:Text"),
        _prop(s["Source-genre"], SCHEMA.genre, 1, 1, node=s.English),
        _prop(s["Source-address"], DCTERMS.source, max_count=1, node_kind=SH.IRI),
        _prop(s["Source-note"], SKOS.note, max_count=1, node=s.English),
        _prop(s["Source-text"], DCTERMS.hasVersion, 1, 1, cls=DCMITYPE.Text,
              message="a source names the exact text its offsets count in (dcterms:hasVersion)"),
    ])
    yield from _closed(s.Source, "a source")
    yield s.Text, RDF.type, SH.NodeShape
    yield s.Text, SH.targetObjectsOf, DCTERMS.hasVersion
    yield from _attached(s.Text, [
        _prop(s["Text-sha256"], iris.sha256, 1, 1, pattern="^[0-9a-f]{64}$",
              message="a source's text has its SHA-256: 64 hex digits"),
        _prop(s["Text-source"], DCTERMS.isVersionOf, 1, 1, cls=iris.Source),
    ])
    yield from _closed(s.Text, "a source's text")


def _observation(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield s.Observation, RDF.type, SH.NodeShape
    yield s.Observation, SH.targetClass, iris.Observation
    yield from _attached(s.Observation, [
        _prop(s["Observation-date"], iris.dates["date"], 1, 1, node=s.PartialDate,
              message="an observation has exactly one date"),
        _prop(s["Observation-source"], PROV.wasDerivedFrom, 1, 1, cls=iris.Source,
              message="an observation is made by exactly one source"),
    ])
    yield from _closed(s.Observation, "an observation")


def _record(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield s.Record, RDF.type, SH.NodeShape
    yield s.Record, SH.targetClass, iris.Record
    evidence_path = BNode("Record-evidence-path")
    yield evidence_path, SH.inversePath, OA.hasBody
    yield from _attached(s.Record, [
        _prop(s["Record-about"], SCHEMA.about, 1, 1, node_kind=SH.IRI,
              message="a record is about exactly one entity"),
        _prop(s["Record-source"], PROV.wasDerivedFrom, 1, cls=iris.Source,
              message="a record is prov:wasDerivedFrom at least one source"),
        _prop(s["Record-evidence"], evidence_path, 1, cls=OA.Annotation,
              message="a record needs at least one evidence annotation (oa:hasBody)"),
    ])
    yield from _closed(s.Record, "a record")


def _evidence(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    for shape, cls in [(s.Annotation, OA.Annotation), (s.SpecificResource, OA.SpecificResource),
                       (s.TimeState, OA.TimeState), (s.TextQuoteSelector, OA.TextQuoteSelector),
                       (s.TextPositionSelector, OA.TextPositionSelector)]:
        yield shape, RDF.type, SH.NodeShape
        yield shape, SH.targetClass, cls
    for name, cls in [("isQuoteSelector", OA.TextQuoteSelector),
                      ("isPositionSelector", OA.TextPositionSelector)]:
        yield s[name], RDF.type, SH.NodeShape
        yield s[name], SH["class"], cls
    count = Literal(1)
    yield from _attached(s.Annotation, [
        _prop(s["Annotation-motivation"], OA.motivatedBy, 1, 1,
              message="an annotation has one motivation: oa:describing (a claim) or "
                      "oa:identifying (an entity's record)"),
        _prop(s["Annotation-body"], OA.hasBody, 1, 1, node_kind=SH.IRI),
        _prop(s["Annotation-target"], OA.hasTarget, 1, 1, cls=OA.SpecificResource),
    ])
    yield from _one_of(s["Annotation-motivation"], SH["in"], list(MOTIVATIONS),
                       "Annotation-motivation-in")
    yield from _attached(s.SpecificResource, [
        _prop(s["SpecificResource-source"], OA.hasSource, 1, 1, cls=iris.Source),
        _prop(s["SpecificResource-state"], OA.hasState, 1, 1, cls=OA.TimeState,
              message="evidence names the state of its source's text (oa:hasState)"),
        _prop(s["SpecificResource-quote"], OA.hasSelector, qualified_value_shape=s.isQuoteSelector,
              qualified_min_count=count, qualified_max_count=count,
              message="evidence needs exactly one oa:TextQuoteSelector"),
        _prop(s["SpecificResource-position"], OA.hasSelector,
              qualified_value_shape=s.isPositionSelector, qualified_min_count=count,
              qualified_max_count=count,
              message="evidence needs exactly one oa:TextPositionSelector"),
    ])
    yield from _attached(s.TimeState, [
        _prop(s["TimeState-cached"], OA.cachedSource, 1, 1, cls=DCMITYPE.Text),
        _prop(s["TimeState-start"], OA.sourceDateStart, 1, 1, datatype=XSD.dateTime),
        _prop(s["TimeState-end"], OA.sourceDateEnd, 1, 1, datatype=XSD.dateTime),
    ])
    yield from _attached(s.TextQuoteSelector, [
        _prop(s["TextQuoteSelector-exact"], OA.exact, 1, 1, datatype=XSD.string),
        _prop(s["TextQuoteSelector-prefix"], OA.prefix, max_count=1, datatype=XSD.string),
        _prop(s["TextQuoteSelector-suffix"], OA.suffix, max_count=1, datatype=XSD.string),
    ])
    yield from _attached(s.TextPositionSelector, [
        _prop(s["TextPositionSelector-start"], OA.start, 1, 1, datatype=XSD.nonNegativeInteger,
              less_than=OA.end, message="a position selector has one start, before its end"),
        _prop(s["TextPositionSelector-end"], OA.end, 1, 1, datatype=XSD.nonNegativeInteger),
    ])
    for shape, what in [(s.Annotation, "an annotation"), (s.SpecificResource, "a target"),
                        (s.TimeState, "a state"), (s.TextQuoteSelector, "a quote selector"),
                        (s.TextPositionSelector, "a position selector")]:
        yield from _closed(shape, what)


def _attached(shape: URIRef, props: list[Iterator[tuple]]) -> Iterator[tuple]:
    """The triples of each property shape, and ``shape sh:property`` each of them."""
    for triples in props:
        for triple in triples:
            yield triple
            if triple[1] == SH.path:
                yield shape, SH.property, triple[0]


# ---------------------------------------------------------------- checking


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, with IRIs shortened by the graph's prefixes."""

    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.message}{value}"


def check_shapes(ds: Dataset, shapes: Graph | None = None,
                 base_iri: str = BASE_IRI) -> list[Violation]:
    """Validate the union of ``ds``'s graphs against ``shapes`` (by default, the shapes
    built for ``base_iri``); return the violations, sorted. An empty list means clean.

    pyshacl checks the SHACL Core constraints. The SPARQL constraints run in Oxigraph,
    each once over the whole graph with its shape's targets: pyshacl runs them once per
    focus node in rdflib's engine, which takes many minutes on the bundled graph.
    """
    data = union_graph(ds)
    shapes = shapes if shapes is not None else build_shapes(VOCABULARY, base_iri)
    core = Graph()
    for triple in shapes:
        core.add(triple)
    sparql = [(shape, check) for shape, check in shapes.subject_objects(SH.sparql)]
    for shape, check in sparql:
        core.remove((shape, SH.sparql, check))
    conforms, results, _ = validate(data, shacl_graph=core, inference="none",
                                    advanced=True, allow_warnings=True)
    names = data.namespace_manager
    found = [] if conforms else _core_violations(results, names)
    found += _sparql_violations(data, shapes, sparql, names)
    return sorted(found)


def _core_violations(results: Graph, names) -> list[Violation]:
    def short(node) -> str:
        if node is None:
            return ""
        if isinstance(node, BNode):  # a path: here only ever an inverse one
            return "^" + short(results.value(node, SH.inversePath))
        return node.n3(names)

    return [Violation(focus=short(results.value(r, SH.focusNode)),
                      path=short(results.value(r, SH.resultPath)),
                      value=_unless(short(results.value(r, SH.value)),
                                    short(results.value(r, SH.focusNode))),
                      message=str(results.value(r, SH.resultMessage) or "violation"))
            for report in results.subjects(RDF.type, SH.ValidationReport)
            for r in results.objects(report, SH.result)]  # not the nested sh:detail ones


def _sparql_violations(data: Graph, shapes: Graph, sparql: list, names) -> list[Violation]:
    """Each SPARQL constraint of ``sparql`` as one Oxigraph query: its ``SELECT $this ...``
    joined with its shape's targets (``sh:targetClass``, ``sh:targetSubjectsOf``)."""
    if not sparql:
        return []
    store = ox.Store()
    store.bulk_extend(ox.Quad(*map(oxigraph_term, t)) for t in data)
    found = []
    for shape, check in sparql:
        select = str(shapes.value(check, SH.select)).replace("$this", "?this")
        head, _, body = select.partition("WHERE")
        head = head.replace("SELECT ", "SELECT DISTINCT ", 1) if "DISTINCT" not in head else head
        targets = [f"{{ ?this a <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
        targets += [f"{{ ?this <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
        query = f"{head} WHERE {{ {' UNION '.join(targets)} {body.strip()} }}"
        path = next(shapes.objects(shape, SH.targetSubjectsOf), None)
        message = str(shapes.value(check, SH.message))
        solutions = store.query(query)
        has_value = "value" in [v.value for v in solutions.variables]
        for row in solutions:
            focus = _rdflib_term(row["this"]).n3(names)
            value = row["value"] if has_value else None
            found.append(Violation(focus, path.n3(names) if path is not None else "",
                                   "" if value is None else _rdflib_term(value).n3(names), message))
    return found


def _unless(value: str, focus: str) -> str:
    """The offending value, or nothing when it is the focus node itself."""
    return "" if value == focus else value
