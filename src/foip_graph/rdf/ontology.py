"""The OWL 2 ontology of the graph, generated from the vocabulary registry.

A class per entity kind (``fg:Country``…), linked to schema.org, W3C ORG and PROV-O
classes where one fits, the kinds pairwise disjoint (an entity has one kind), and a
property per predicate (``fg:memberOf``…) with its label, description, domain and range,
``owl:SymmetricProperty`` for symmetric predicates, an inverse property (``fg:hasMember
owl:inverseOf fg:memberOf``) for the others, and ``rdfs:subPropertyOf`` the W3C ORG and
Wikidata properties whose meaning includes it (``subproperty_of`` in the registry). The
inverse properties are declared for tools that reason with them (Protégé, GraphDB's OWL
rules); the data states each fact in its written direction only.

Every other term the data uses is declared too, each as what OWL 2 DL needs it to be
(names, notes and titles as annotation properties, dates and offsets as datatype
properties, the Web Annotation and Dublin Core links as object properties), so the
ontology with the OWL view of the data (:mod:`foip_graph.rdf.owl`) is an OWL 2 DL
ontology a reasoner takes as it is.

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

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .namespaces import BASE_IRI, DCMITYPE, LANG, OA, ORG, QUDT, SCHEMA, IRIs, curie
from ..vocabulary import COUNT_UNIT, VOCABULARY, Predicate, Vocabulary

# Reused classes each kind specialises; kinds not listed have no fitting one.
SUPERCLASSES: dict[str, tuple[URIRef, ...]] = {
    "country": (SCHEMA.Country,),
    "person": (SCHEMA.Person, PROV.Agent),
    "organization": (SCHEMA.Organization, ORG.Organization, PROV.Agent),
    "framework": (SCHEMA.Organization, ORG.Organization),
    "event": (SCHEMA.Event,),
    "place": (SCHEMA.Place,),
    "office": (ORG.Post,),
}
NUMBER = XSD.decimal  # counts are xsd:integer, a datatype derived from it

# Reused terms, each declared as what OWL 2 DL needs it to be.
ANNOTATION_PROPERTIES = (SKOS.altLabel, SKOS.note, SCHEMA.description, SCHEMA.genre,
                         DCTERMS.title, DCTERMS.type, DCTERMS.source)
OBJECT_PROPERTIES = (DCTERMS.publisher, DCTERMS.hasVersion, DCTERMS.isVersionOf, SCHEMA.about,
                     PROV.wasDerivedFrom, QUDT.hasUnit, OA.hasBody, OA.hasTarget, OA.hasSource,
                     OA.hasSelector, OA.hasState, OA.cachedSource, OA.motivatedBy)
DATATYPE_PROPERTIES = ((SCHEMA.birthDate, None), (DCTERMS.date, None),
                       (OA.exact, XSD.string), (OA.prefix, XSD.string), (OA.suffix, XSD.string),
                       (OA.start, XSD.nonNegativeInteger), (OA.end, XSD.nonNegativeInteger),
                       (OA.sourceDateStart, XSD.dateTime), (OA.sourceDateEnd, XSD.dateTime))
CLASSES = (OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector,
           OA.TimeState, OA.Motivation, DCMITYPE.Text, PROV.Agent, PROV.Entity,
           SCHEMA.CreativeWork)
MOTIVATIONS = (OA.describing, OA.identifying)


def build_ontology(vocabulary: Vocabulary = VOCABULARY, base_iri: str = BASE_IRI) -> Graph:
    """The ontology of ``vocabulary`` under ``base_iri``, as a Graph.

    Its only blank nodes are those of ``owl:unionOf`` domains and ranges and of the
    disjointness axiom; their labels are derived from the property names, so
    serialisations stay byte-identical.
    """
    iris = IRIs(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in iris.prefixes.items():
        graph.bind(prefix, namespace)
    for triples in (_header(iris), _own_terms(vocabulary, iris), _reused_terms(vocabulary),
                    _kinds(vocabulary, iris)):
        for triple in triples:
            graph.add(triple)
    for predicate in vocabulary.predicates.values():
        for triple in _property(predicate, iris):
            graph.add(triple)
    return graph


def _header(iris: IRIs) -> Iterator[tuple]:
    yield iris.ontology, RDF.type, OWL.Ontology
    yield iris.ontology, RDFS.label, Literal("foip-graph ontology", lang=LANG)
    yield iris.ontology, RDFS.comment, Literal(
        "Entities, relations and evidenced claims drawn from foreign-policy documents. "
        "Each claim is a direct triple plus a statement node (fg:Claim) with its "
        "qualifiers, prov:wasDerivedFrom its source, and Web Annotation evidence; a link "
        "derived from claims (fg:DerivedClaim) is prov:wasDerivedFrom those claims.", lang=LANG)


def _term(node: URIRef, kind: URIRef, label: str, comment: str, iris: IRIs) -> Iterator[tuple]:
    yield node, RDF.type, kind
    yield node, RDFS.label, Literal(label, lang=LANG)
    yield node, RDFS.comment, Literal(comment, lang=LANG)
    yield node, RDFS.isDefinedBy, iris.ontology


def _kinds(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    """A class per kind, its reused superclasses, and one axiom making the kinds and our
    own classes pairwise disjoint: nothing is both a country and a person, or an entity
    and a claim about one."""
    classes = []
    for kind in vocabulary.kinds.values():
        node = iris.kind(kind.name)
        classes.append(node)
        yield from _term(node, OWL.Class, kind.label, kind.description, iris)
        for parent in SUPERCLASSES.get(kind.name, ()):
            yield node, RDFS.subClassOf, parent
            yield parent, RDF.type, OWL.Class
    axiom = BNode("disjoint-kinds")
    yield axiom, RDF.type, OWL.AllDisjointClasses
    yield axiom, OWL.members, BNode("disjoint-kinds-1")
    yield from rdf_list([*classes, iris.Claim, iris.DerivedClaim, iris.Source, iris.Record,
                         iris.Observation], "disjoint-kinds")


def _own_terms(vocabulary: Vocabulary, iris: IRIs) -> Iterator[tuple]:
    """Claim, DerivedClaim, Source, Record and Observation, and the properties no reused
    vocabulary offers."""
    fg = iris.fg
    statements = [iris.Claim, iris.DerivedClaim]
    yield from _term(iris.Claim, OWL.Class, "Claim",
                     "A statement node: what one claim says (its subject, predicate and "
                     "object or value), its qualifiers and provenance.", iris)
    yield from _term(iris.DerivedClaim, OWL.Class, "Derived claim",
                     "A statement node of a link no document states, derived from claims "
                     "that documents do state (a holder of an office linked to the office's "
                     "state), prov:wasDerivedFrom each of them; in the graph of derived links.",
                     iris)
    yield from _term(iris.Source, OWL.Class, "Source", "A document the claims are drawn from.",
                     iris)
    yield from _term(iris.Record, OWL.Class, "Record",
                     "The graph's record of an entity: the sources and quotes that name it.",
                     iris)
    yield from _term(iris.Observation, OWL.Class, "Observation",
                     "A document showing a lasting claim holding at a date (fg:date).", iris)
    yield from _term(iris.observation_of, OWL.ObjectProperty, "observation",
                     "A document's observation of the claim holding.", iris)
    yield iris.observation_of, RDFS.domain, iris.Claim
    yield iris.observation_of, RDFS.range, iris.Observation
    for node in (iris.Claim, iris.DerivedClaim, iris.Source, iris.Record, iris.Observation):
        yield node, RDFS.subClassOf, PROV.Entity
    yield iris.Source, RDFS.subClassOf, SCHEMA.CreativeWork
    stances = "; ".join(f"{name}: {text}" for name, text in vocabulary.stances.items())
    data = [
        (iris.stance, "stance", f"How the source frames the relation, one of {stances}",
         statements, XSD.string),
        (iris.iso_code, "ISO code", "ISO 3166-1 alpha-2 code of a country.", iris.kind("country"),
         XSD.string),
        (iris.sha256, "SHA-256", "SHA-256 of the exact text the evidence offsets count in.",
         DCMITYPE.Text, XSD.string),
        (iris.dates["date"], "date", "When a one-off fact happened or held (a point in time).",
         None, None),
        (iris.dates["start"], "start", "A stated start.", None, None),
        (iris.dates["end"], "end", "A stated end.", None, None),
        (iris.dates["started_by"], "started by", "A bound: the latest the claim can have begun "
         "(never a start).", None, None),
        (iris.dates["ended_by"], "ended by", "A bound: the latest the claim can have ended "
         "(\"before 2019\", \"former\"; never an end).", None, None),
        (iris.first_day, "first day", "The first day the node's own dates allow (derived "
         "from them, so that dates of any precision compare).", None, None),
        (iris.last_day, "last day", "The last day the node's own dates allow.", None, None),
        (iris.claim_value, "claim value", "The value of a figure or date claim (OWL view).",
         iris.Claim, None),
    ]
    for node, label, comment, domain, range_ in data:
        yield from _term(node, OWL.DatatypeProperty, label, comment, iris)
        if isinstance(domain, list):
            yield from _union(node, RDFS.domain, domain)
        elif domain is not None:
            yield node, RDFS.domain, domain
        if range_ is not None:
            yield node, RDFS.range, range_
    for node, label in [(iris.claim_subject, "claim subject"), (iris.claim_object, "claim object")]:
        yield from _term(node, OWL.ObjectProperty, label,
                         f"The {label.split()[1]} of what a claim says (OWL view).", iris)
        yield from _union(node, RDFS.domain, statements)
    yield from _term(iris.claim_predicate, OWL.AnnotationProperty, "claim predicate",
                     "The property of what a claim says (OWL view).", iris)
    yield from _term(iris.role, OWL.AnnotationProperty, "role",
                     "The subject's role in the claim, in the source's words.", iris)
    yield from _term(iris.value_label, OWL.AnnotationProperty, "value as written",
                     "A figure's number and unit as the curation writes them.", iris)
    yield iris.value_label, RDFS.subPropertyOf, RDFS.label
    for prop in _dated_properties(vocabulary, iris):
        node = iris.precision(prop)
        yield from _term(node, OWL.DatatypeProperty, f"precision of {node.fragment[:-9]}",
                         "The precision of the date beside it in the OWL view, as Wikidata "
                         "codes it: 9 year, 10 month, 11 day.", iris)
        yield node, RDFS.range, XSD.integer


def _dated_properties(vocabulary: Vocabulary, iris: IRIs) -> list[URIRef]:
    """Every property whose values are partial dates."""
    return [*iris.dates.values(), SCHEMA.birthDate, DCTERMS.date, iris.claim_value,
            *(iris.predicate(p.name) for p in vocabulary.predicates.values()
              if p.value_type == "date")]


def _reused_terms(vocabulary: Vocabulary) -> Iterator[tuple]:
    for prop in ANNOTATION_PROPERTIES:
        yield prop, RDF.type, OWL.AnnotationProperty
    for prop in OBJECT_PROPERTIES:
        yield prop, RDF.type, OWL.ObjectProperty
    for prop, range_ in DATATYPE_PROPERTIES:
        yield prop, RDF.type, OWL.DatatypeProperty
        if range_ is not None:
            yield prop, RDFS.range, range_
    for cls in CLASSES:
        yield cls, RDF.type, OWL.Class
    for motivation in MOTIVATIONS:
        yield motivation, RDF.type, OA.Motivation
        yield motivation, RDF.type, OWL.NamedIndividual
    for unit in vocabulary.units.values():
        if unit.qudt is not None:
            yield URIRef(unit.qudt), RDF.type, OWL.NamedIndividual
    yield URIRef(COUNT_UNIT), RDF.type, OWL.NamedIndividual


def _property(predicate: Predicate, iris: IRIs) -> Iterator[tuple]:
    node = iris.predicate(predicate.name)
    kind = OWL.DatatypeProperty if predicate.is_literal else OWL.ObjectProperty
    yield from _term(node, kind, predicate.label, predicate.description, iris)
    yield from _classes(node, RDFS.domain, predicate.subject_kinds, iris)
    yield from _aligned(node, predicate.subproperty_of, kind)
    if predicate.is_literal:
        if predicate.value_type == "number":
            yield node, RDFS.range, NUMBER
        return
    yield from _classes(node, RDFS.range, predicate.object_kinds, iris)
    if predicate.symmetric:
        yield node, RDF.type, OWL.SymmetricProperty
    elif predicate.inverse:
        inverse = iris.inverse(predicate.name)
        yield from _term(inverse, OWL.ObjectProperty, predicate.inverse,
                         f"Inverse of '{predicate.label}': {predicate.description}", iris)
        yield node, OWL.inverseOf, inverse
        yield from _aligned(inverse, predicate.inverse_subproperty_of, kind)


def _aligned(node: URIRef, parents: Sequence[str], kind: URIRef) -> Iterator[tuple]:
    """``node rdfs:subPropertyOf`` each of ``parents`` (prefixed names), declared alike."""
    for parent in map(curie, parents):
        yield node, RDFS.subPropertyOf, parent
        yield parent, RDF.type, kind


def _classes(node: URIRef, axis: URIRef, kinds: Sequence[str], iris: IRIs) -> Iterator[tuple]:
    """``node axis Class``, or ``node axis [owl:unionOf (…)]`` for several kinds."""
    yield from _union(node, axis, [iris.kind(k) for k in kinds])


def _union(node: URIRef, axis: URIRef, classes: Sequence[URIRef]) -> Iterator[tuple]:
    """``node axis Class``, or ``node axis [owl:unionOf (…)]`` for several classes, its
    blank nodes labelled after the property (one per axiom, as OWL 2 DL wants)."""
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
