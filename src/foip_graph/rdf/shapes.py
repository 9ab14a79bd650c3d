"""SHACL shapes of the graph, generated from the vocabulary registry, and a checker.

A shape per entity kind (one label, one description, typed kind-specific literals), per
predicate (the kinds its subject and object may have, or its literal's datatype), and
for claims, sources, annotations and selectors: every claim has exactly one subject,
predicate and object, its direct triple, a source, and at least one evidence annotation
with a quote selector and a position selector on that source.

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

from pyshacl import validate
from rdflib import OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..model import KIND_FIELDS
from .namespaces import BASE_IRI, DATES, OA, TEXTS, IRIs
from .ontology import rdf_list
from .view import union_graph
from ..vocabulary import VOCABULARY, Predicate, Vocabulary

# Kind-specific entity fields (model.KIND_FIELDS) and their shapes' names; an event's PLOVER
# coding is not in the RDF, so it has no shape.
FIELD_SHAPES = {"iso_code": "isoCode", "birth_year": "birthDate",
                "date": "date", "start": "startDate", "end": "endDate"}


def build_shapes(vocabulary: Vocabulary = VOCABULARY, base_iri: str = BASE_IRI) -> Graph:
    """The shapes graph for ``vocabulary`` under ``base_iri``."""
    iris = IRIs(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**iris.prefixes, "sh": str(SH), "shape": str(iris.shapes)}.items():
        graph.bind(prefix, namespace)
    for triple in _shapes(vocabulary, iris):
        graph.add(triple)
    return graph


def _shapes(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield from _datatypes(iris)
    for kind in vocabulary.kinds:
        yield s[f"is{iris.kind(kind).fragment}"], RDF.type, SH.NodeShape
        yield s[f"is{iris.kind(kind).fragment}"], SH["class"], iris.kind(kind)
    # Properties every entity has, and the kind-specific literals.
    yield from _prop(s.label, RDFS.label, 1, 1, datatype=XSD.string,
                     message="an entity has exactly one rdfs:label")
    yield from _prop(s.altLabel, SKOS.altLabel, datatype=XSD.string)
    yield from _prop(s.description, SDO.description, 1, 1, datatype=XSD.string,
                     message="an entity has exactly one schema:description")
    yield from _prop(s.sameAs, OWL.sameAs, max_count=1, pattern=r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$",
                     message="owl:sameAs must be one Wikidata entity IRI")
    yield from _prop(s.isoCode, iris.iso_code, max_count=1, datatype=XSD.string,
                     pattern="^[A-Z]{2}$", message="an ISO code is two capital letters")
    yield from _prop(s.birthDate, SDO.birthDate, max_count=1, datatype=XSD.gYear)
    for field, path in DATES.items():
        yield from _prop(s[FIELD_SHAPES[field]], path, max_count=1, node=s.PartialDate,
                         message=f"{field}: at most one, as xsd:gYear, xsd:gYearMonth or xsd:date")
    for kind in vocabulary.kinds:
        shape = s[iris.kind(kind).fragment]
        yield shape, RDF.type, SH.NodeShape
        yield shape, SH.targetClass, iris.kind(kind)
        for name in ("label", "altLabel", "description", "sameAs"):
            yield shape, SH.property, s[name]
        for field in sorted(KIND_FIELDS.get(kind, frozenset()) & FIELD_SHAPES.keys()):
            yield shape, SH.property, s[FIELD_SHAPES[field]]
    for predicate in vocabulary.predicates.values():
        yield from _predicate(predicate, iris)
    yield from _claim(vocabulary, iris)
    yield from _source(iris)
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
        yield shape, SH.message, Literal(message)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(w.title() for w in rest)


def _one_of_kinds(node: URIRef, kinds: tuple[str, ...], iris: IRIs) -> Iterator[tuple]:
    """``node`` must be an instance of one of ``kinds``."""
    if len(kinds) == 1:
        yield node, SH["class"], iris.kind(kinds[0])
        return
    label = f"{node.fragment}-or"
    yield node, SH["or"], BNode(f"{label}-1")
    yield from rdf_list([iris.shapes[f"is{iris.kind(k).fragment}"] for k in kinds], label)


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
    yield shape, SH.message, Literal(f"{predicate.label}: the subject must be a "
                                     f"{_kinds_text(predicate.subject_kinds)}")
    yield shape, SH.property, value
    if predicate.value_type == "date":
        yield from _prop(value, prop, node=iris.shapes.PartialDate,
                         message=f"{predicate.label}: the value must be an xsd:gYear, "
                                 "xsd:gYearMonth or xsd:date")
    elif predicate.is_literal:
        datatype = {"number": XSD.decimal, "string": XSD.string}[predicate.value_type]
        yield from _prop(value, prop, datatype=datatype,
                         message=f"{predicate.label}: the value must be an xsd:{datatype.fragment}")
    else:
        yield from _prop(value, prop, node_kind=SH.IRI,
                         message=f"{predicate.label}: the object must be a "
                                 f"{_kinds_text(predicate.object_kinds)}")
        yield from _one_of_kinds(value, predicate.object_kinds, iris)


def _datatypes(iris: IRIs) -> Iterator[tuple]:
    """``shape:PartialDate``: a literal typed xsd:gYear, xsd:gYearMonth or xsd:date."""
    s = iris.shapes
    options = []
    for datatype in (XSD.gYear, XSD.gYearMonth, XSD.date):
        node = s[f"is{datatype.fragment[0].upper()}{datatype.fragment[1:]}"]
        options.append(node)
        yield node, RDF.type, SH.NodeShape
        yield node, SH.datatype, datatype
    yield s.PartialDate, RDF.type, SH.NodeShape
    yield s.PartialDate, SH["or"], BNode("PartialDate-or-1")
    yield from rdf_list(options, "PartialDate-or")


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
              "rdf:predicate, a property of the vocabulary"),
        _prop(s["Claim-object"], RDF.object, 1, 1, message="a claim has exactly one rdf:object"),
        _prop(s["Claim-source"], PROV.wasDerivedFrom, 1, cls=iris.Source,
              message="a claim is prov:wasDerivedFrom at least one source"),
        _prop(s["Claim-evidence"], evidence_path, 1, cls=OA.Annotation,
              message="a claim needs at least one evidence annotation (oa:hasBody)"),
        _prop(s["Claim-stance"], iris.stance, max_count=1,
              message="stance is one of: " + ", ".join(vocabulary.stances)),
    ]
    for field, path in TEXTS.items():
        props.append(_prop(s[f"Claim-{field}"], path, max_count=1, datatype=XSD.string))
    yield from _attached(s.Claim, props)
    for field in DATES:
        yield s.Claim, SH.property, s[FIELD_SHAPES[field]]
    yield s["Claim-predicate"], SH["in"], BNode("Claim-predicate-in-1")
    yield from rdf_list([iris.predicate(p) for p in vocabulary.predicates], "Claim-predicate-in")
    yield s["Claim-stance"], SH["in"], BNode("Claim-stance-in-1")
    yield from rdf_list([Literal(name) for name in vocabulary.stances], "Claim-stance-in")
    direct = s["Claim-direct"]
    yield s.Claim, SH.sparql, direct
    yield direct, RDF.type, SH.SPARQLConstraint
    yield direct, SH.message, Literal("the claim's direct triple (subject predicate object) "
                                      "is missing")
    yield direct, SH.select, Literal(
        f"SELECT $this WHERE {{ $this <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; "
        f"<{RDF.object}> ?o . FILTER NOT EXISTS {{ ?s ?p ?o }} }}")


def _source(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    yield s.Source, RDF.type, SH.NodeShape
    yield s.Source, SH.targetClass, iris.Source
    props = [
        _prop(s["Source-title"], DCTERMS.title, 1, 1, datatype=XSD.string),
        _prop(s["Source-publisher"], DCTERMS.publisher, 1, 1, datatype=XSD.string),
        _prop(s["Source-date"], DCTERMS.date, 1, 1, node=s.PartialDate),
        _prop(s["Source-type"], DCTERMS.type, 1, 1, datatype=XSD.string),
        _prop(s["Source-address"], DCTERMS.source, max_count=1, node_kind=SH.IRI),
        _prop(s["Source-sha256"], iris.sha256, 1, 1, pattern="^[0-9a-f]{64}$",
              message="a source has the SHA-256 of its text: 64 hex digits"),
    ]
    yield from _attached(s.Source, props)


def _evidence(iris: IRIs) -> Iterator[tuple]:
    s = iris.shapes
    for shape, cls in [(s.Annotation, OA.Annotation), (s.SpecificResource, OA.SpecificResource),
                       (s.TextQuoteSelector, OA.TextQuoteSelector),
                       (s.TextPositionSelector, OA.TextPositionSelector)]:
        yield shape, RDF.type, SH.NodeShape
        yield shape, SH.targetClass, cls
    for name, cls in [("isQuoteSelector", OA.TextQuoteSelector),
                      ("isPositionSelector", OA.TextPositionSelector)]:
        yield s[name], RDF.type, SH.NodeShape
        yield s[name], SH["class"], cls
    count = Literal(1)
    yield from _attached(s.Annotation, [
        _prop(s["Annotation-body"], OA.hasBody, 1, 1, node_kind=SH.IRI),
        _prop(s["Annotation-target"], OA.hasTarget, 1, 1, cls=OA.SpecificResource),
    ])
    yield from _attached(s.SpecificResource, [
        _prop(s["SpecificResource-source"], OA.hasSource, 1, 1, cls=iris.Source),
        _prop(s["SpecificResource-quote"], OA.hasSelector, qualified_value_shape=s.isQuoteSelector,
              qualified_min_count=count, qualified_max_count=count,
              message="evidence needs exactly one oa:TextQuoteSelector"),
        _prop(s["SpecificResource-position"], OA.hasSelector,
              qualified_value_shape=s.isPositionSelector, qualified_min_count=count,
              qualified_max_count=count,
              message="evidence needs exactly one oa:TextPositionSelector"),
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
    built for ``base_iri``); return the violations, sorted. An empty list means clean."""
    data = union_graph(ds)
    shapes = shapes if shapes is not None else build_shapes(VOCABULARY, base_iri)
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none",
                                    advanced=True, allow_warnings=True)
    if conforms:
        return []
    names = data.namespace_manager

    def short(node) -> str:
        if node is None:
            return ""
        if isinstance(node, BNode):  # a path: here only ever an inverse one
            return "^" + short(results.value(node, SH.inversePath))
        return node.n3(names)

    found = [Violation(focus=short(results.value(r, SH.focusNode)),
                       path=short(results.value(r, SH.resultPath)),
                       value=_unless(short(results.value(r, SH.value)),
                                     short(results.value(r, SH.focusNode))),
                       message=str(results.value(r, SH.resultMessage) or "violation"))
             for report in results.subjects(RDF.type, SH.ValidationReport)
             for r in results.objects(report, SH.result)]  # not the nested sh:detail ones
    return sorted(found)


def _unless(value: str, focus: str) -> str:
    """The offending value, or nothing when it is the focus node itself."""
    return "" if value == focus else value
