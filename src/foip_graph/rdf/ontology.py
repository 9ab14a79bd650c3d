"""The OWL ontology of the graph, generated from the vocabulary registry.

A class per entity kind (``fg:Country``…), linked to schema.org, W3C ORG and PROV-O
classes where one fits; a property per predicate (``fg:memberOf``…) with its label,
description, domain and range, ``owl:SymmetricProperty`` for symmetric predicates and an
inverse property (``fg:hasMember owl:inverseOf fg:memberOf``) for the others. The inverse
properties are declared for tools that reason with them (Protégé, GraphDB's OWL rules);
the data states each fact in its written direction only.

The package ships the ontology for the default base IRI as ``ontology.ttl``; a test
regenerates it and compares.

>>> from foip_graph.rdf.namespaces import IRIs
>>> g, fg = build_ontology(), IRIs().fg
>>> (fg.alliedWith, RDF.type, OWL.SymmetricProperty) in g
True
>>> g.value(fg.memberOf, OWL.inverseOf) == fg.hasMember
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import OWL, PROV, RDF, RDFS, SDO, XSD, BNode, Graph, Literal, URIRef

from .namespaces import BASE_IRI, ORG, IRIs
from ..vocabulary import VOCABULARY, Predicate, Vocabulary

# Reused classes each kind specialises; kinds not listed have no fitting one.
SUPERCLASSES: dict[str, tuple[URIRef, ...]] = {
    "country": (SDO.Country,),
    "person": (SDO.Person, PROV.Agent),
    "organization": (SDO.Organization, ORG.Organization, PROV.Agent),
    "framework": (SDO.Organization, ORG.Organization),
    "event": (SDO.Event,),
    "place": (SDO.Place,),
    "office": (ORG.Post,),
}
DATATYPES = {"number": XSD.decimal, "string": XSD.string}  # a date has no OWL 2 datatype


def build_ontology(vocabulary: Vocabulary = VOCABULARY, base_iri: str = BASE_IRI) -> Graph:
    """The ontology of ``vocabulary`` under ``base_iri``, as a Graph.

    Its only blank nodes are the ``owl:unionOf`` domains and ranges; their labels are
    derived from the property names, so serialisations stay byte-identical.
    """
    iris = IRIs(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in iris.prefixes.items():
        graph.bind(prefix, namespace)
    for triple in _header(iris):
        graph.add(triple)
    for triple in _own_terms(vocabulary, iris):
        graph.add(triple)
    for kind in vocabulary.kinds.values():
        node = iris.kind(kind.name)
        for triple in _term(node, OWL.Class, kind.label, kind.description, iris):
            graph.add(triple)
        for parent in SUPERCLASSES.get(kind.name, ()):
            graph.add((node, RDFS.subClassOf, parent))
            graph.add((parent, RDF.type, OWL.Class))
    for predicate in vocabulary.predicates.values():
        for triple in _property(predicate, iris):
            graph.add(triple)
    return graph


def _header(iris: IRIs) -> Iterator[tuple]:
    yield iris.ontology, RDF.type, OWL.Ontology
    yield iris.ontology, RDFS.label, Literal("foip-graph ontology")
    yield iris.ontology, RDFS.comment, Literal(
        "Entities, relations and evidenced claims drawn from foreign-policy documents. "
        "Each claim is a direct triple plus an rdf:Statement node (fg:Claim) with its "
        "qualifiers, prov:wasDerivedFrom its source, and oa:Annotation evidence.")


def _term(node: URIRef, kind: URIRef, label: str, comment: str, iris: IRIs) -> Iterator[tuple]:
    yield node, RDF.type, kind
    yield node, RDFS.label, Literal(label)
    yield node, RDFS.comment, Literal(comment)
    yield node, RDFS.isDefinedBy, iris.ontology


def _own_terms(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    """Claim and Source, and the few properties no reused vocabulary offers."""
    yield from _term(iris.Claim, OWL.Class, "Claim",
                     "A statement node: the claim's subject, predicate and object "
                     "(rdf:subject, rdf:predicate, rdf:object), its qualifiers and provenance.",
                     iris)
    yield from _term(iris.Source, OWL.Class, "Source",
                     "A document the claims are drawn from.", iris)
    for node in (iris.Claim, iris.Source):
        yield node, RDFS.subClassOf, PROV.Entity
    yield iris.Source, RDFS.subClassOf, SDO.CreativeWork
    for parent in (PROV.Entity, SDO.CreativeWork):
        yield parent, RDF.type, OWL.Class
    stances = "; ".join(f"{name}: {text}" for name, text in vocabulary.stances.items())
    own = [
        (iris.stance, "stance", f"How the source frames the relation, one of {stances}",
         iris.Claim),
        (iris.iso_code, "ISO code", "ISO 3166-1 alpha-2 code of a country.", iris.kind("country")),
        (iris.sha256, "SHA-256", "SHA-256 of the source text the evidence offsets refer to.",
         iris.Source),
    ]
    for node, label, comment, domain in own:
        yield from _term(node, OWL.DatatypeProperty, label, comment, iris)
        yield node, RDFS.domain, domain
        yield node, RDFS.range, XSD.string


def _property(predicate: Predicate, iris: IRIs) -> Iterator[tuple]:
    node = iris.predicate(predicate.name)
    kind = OWL.DatatypeProperty if predicate.is_literal else OWL.ObjectProperty
    yield from _term(node, kind, predicate.label, predicate.description, iris)
    yield from _classes(node, RDFS.domain, predicate.subject_kinds, iris)
    if predicate.is_literal:
        if predicate.value_type in DATATYPES:
            yield node, RDFS.range, DATATYPES[predicate.value_type]
        return
    yield from _classes(node, RDFS.range, predicate.object_kinds, iris)
    if predicate.symmetric:
        yield node, RDF.type, OWL.SymmetricProperty
    elif predicate.inverse:
        inverse = iris.inverse(predicate.name)
        yield from _term(inverse, OWL.ObjectProperty, predicate.inverse,
                         f"Inverse of '{predicate.label}': {predicate.description}", iris)
        yield node, OWL.inverseOf, inverse


def _classes(node: URIRef, axis: URIRef, kinds: Sequence[str], iris: IRIs) -> Iterator[tuple]:
    """``node axis Class``, or ``node axis [owl:unionOf (…)]`` for several kinds."""
    classes = [iris.kind(k) for k in kinds]
    if len(classes) == 1:
        yield node, axis, classes[0]
        return
    label = f"{node.fragment}-{axis.fragment}"
    union = BNode(label)
    yield node, axis, union
    yield union, RDF.type, OWL.Class
    yield union, OWL.unionOf, BNode(f"{label}-1")
    yield from rdf_list(classes, label)


def rdf_list(items: Sequence, label: str) -> Iterator[tuple]:
    """An RDF collection whose cells are the blank nodes ``{label}-1``, ``{label}-2``…

    >>> [t[2] for t in rdf_list(["a", "b"], "x") if t[1] == RDF.rest]
    [rdflib.term.BNode('x-2'), rdflib.term.URIRef('http://www.w3.org/1999/02/22-rdf-syntax-ns#nil')]
    """
    for n, item in enumerate(items, start=1):
        cell = BNode(f"{label}-{n}")
        yield cell, RDF.first, item
        yield cell, RDF.rest, BNode(f"{label}-{n + 1}") if n < len(items) else RDF.nil
