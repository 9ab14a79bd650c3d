"""The RDF view of a KnowledgeBase: an rdflib Dataset with one named graph per source.

A claim follows Wikidata's pattern: a direct triple (``entity:japan fg:memberOf
entity:quad``) for the plain fact, and a statement node (``claim:c-…``, an ``rdf:Statement``)
carrying its qualifiers, ``prov:wasDerivedFrom`` the source, and one ``oa:Annotation`` per
evidence quote whose target selects the quote in the source text with an
``oa:TextQuoteSelector`` and an ``oa:TextPositionSelector``. Both live in the named graph
of each source that states the claim, with that source's evidence only. Entities and
sources are described in the graph ``{base}graph/entities``, the ontology in
``{base}graph/ontology`` (IRIs: :mod:`foip_graph.rdf.namespaces`). Claim ids come from the
claim's content and evidence and selector IRIs from the claim's, so the dataset has no
blank nodes and survives re-ordering of the YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from rdflib import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, NamespaceManager

from ..dates import PartialDate
from ..kb import KnowledgeBase
from ..model import Claim, Entity, Evidence, Source
from .namespaces import BASE_IRI, DATES, OA, TEXTS, WIKIDATA, IRIs
from .ontology import build_ontology
from ..vocabulary import VOCABULARY


class _Terms:
    """A namespace whose terms are made once. rdflib makes a new URIRef at each attribute
    access, and the triple loops below access them millions of times at scale."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


OA, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD = map(_Terms, (OA, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD))

# ---------------------------------------------------------------- literals


def date_literal(date: PartialDate) -> Literal:
    """A partial date as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    >>> date_literal(PartialDate.parse("2019-09")).n3()
    '"2019-09"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    datatype = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}[date.precision]
    return Literal(str(date), datatype=datatype)


def decimal_literal(number: int | float) -> Literal:
    """A number as an ``xsd:decimal`` in canonical form (so every writer agrees on it).

    >>> str(decimal_literal(15)), str(decimal_literal(18.1)), str(decimal_literal(1e-7))
    ('15.0', '18.1', '0.0000001')
    """
    text = format(Decimal(repr(number)), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def value_literal(value: int | float | PartialDate | str, value_type: str) -> Literal:
    """A claim's literal value, typed by its predicate's value type (number, date, string).

    >>> value_literal(2018, "date").n3()
    '"2018"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if value_type == "date":
        return date_literal(PartialDate.parse(value))
    if value_type == "number":
        return decimal_literal(value)
    return Literal(str(value))


def offset_literal(offset: int) -> Literal:
    """A character offset into a source text, as Web Annotation's ``oa:start``/``oa:end``
    want it: an ``xsd:nonNegativeInteger``."""
    return Literal(offset, datatype=XSD.nonNegativeInteger)


# ---------------------------------------------------------------- triples


def entity_triples(entity: Entity, iris: IRIs) -> Iterator[tuple]:
    """Type, labels, description, Wikidata link and kind-specific literals of an entity."""
    node = iris.entity(entity.id)
    yield node, RDF.type, iris.kind(entity.kind)
    yield node, RDFS.label, Literal(entity.name)
    for alias in entity.aliases:
        yield node, SKOS.altLabel, Literal(alias)
    yield node, SDO.description, Literal(entity.description)
    if entity.wikidata:
        yield node, OWL.sameAs, WIKIDATA[entity.wikidata]
    if entity.iso_code:
        yield node, iris.iso_code, Literal(entity.iso_code)
    if entity.birth_year is not None:
        yield node, SDO.birthDate, Literal(f"{entity.birth_year:04d}", datatype=XSD.gYear)
    for field, prop in DATES.items():
        if getattr(entity, field) is not None:
            yield node, prop, date_literal(getattr(entity, field))
    for source in dict.fromkeys(e.source for e in entity.evidence):
        yield node, PROV.wasDerivedFrom, iris.source(source)
    yield from evidence_triples(node, URIRef(f"{node}/evidence"), entity.evidence, iris)


def source_triples(source: Source, iris: IRIs) -> Iterator[tuple]:
    """A source document in Dublin Core terms."""
    node = iris.source(source.id)
    yield node, RDF.type, iris.Source
    yield node, DCTERMS.title, Literal(source.title)
    yield node, DCTERMS.publisher, Literal(source.publisher)
    yield node, DCTERMS.date, date_literal(source.date)
    yield node, DCTERMS.type, Literal(source.kind)
    if source.url:
        yield node, DCTERMS.source, URIRef(source.url)
    yield node, iris.sha256, Literal(source.sha256)
    if source.note:
        yield node, SKOS.note, Literal(source.note)


def claim_object(claim: Claim, iris: IRIs) -> URIRef | Literal:
    """The object of a claim's direct triple: an entity IRI or a typed literal."""
    if claim.object is not None:
        return iris.entity(claim.object)
    return value_literal(claim.value, VOCABULARY.predicate(claim.predicate).value_type)


def direct_triple(claim: Claim, iris: IRIs) -> tuple:
    """The plain fact, in the direction the claim is written (also for symmetric ones)."""
    return iris.entity(claim.subject), iris.predicate(claim.predicate), claim_object(claim, iris)


def claim_triples(claim: Claim, source_id: str, iris: IRIs) -> Iterator[tuple]:
    """What one source says of a claim: the direct triple, the statement node with its
    qualifiers, and that source's evidence for it."""
    yield direct_triple(claim, iris)
    node = iris.claim(claim.id)
    subject, predicate, obj = direct_triple(claim, iris)
    yield node, RDF.type, RDF.Statement
    yield node, RDF.type, iris.Claim
    yield node, RDF.subject, subject
    yield node, RDF.predicate, predicate
    yield node, RDF.object, obj
    for field, prop in DATES.items():
        if getattr(claim, field) is not None:
            yield node, prop, date_literal(getattr(claim, field))
    for field, prop in TEXTS.items():
        if getattr(claim, field) is not None:
            yield node, prop, Literal(getattr(claim, field))
    if claim.stance is not None:
        yield node, iris.stance, Literal(claim.stance)
    yield node, PROV.wasDerivedFrom, iris.source(source_id)
    mine = [e for e in claim.evidence if e.source == source_id]
    yield from evidence_triples(node, URIRef(f"{node}/evidence"), mine, iris)


def evidence_triples(body: URIRef, prefix: str, evidence: Iterable[Evidence],
                     iris: IRIs) -> Iterator[tuple]:
    """Each evidence item as a Web Annotation on ``body``, targeting the quoted span of
    its source with a quote selector and a position selector.

    Items are numbered per source in text order, so their IRIs
    (``{prefix}/{source}/{n}``) do not depend on the order the YAML lists them in.
    """
    for (source, n), ev in numbered(evidence):
        annotation = URIRef(f"{prefix}/{source}/{n}")
        target, quote, position = (URIRef(f"{annotation}/{part}")
                                   for part in ("target", "quote", "position"))
        yield annotation, RDF.type, OA.Annotation
        yield annotation, OA.hasBody, body
        yield annotation, OA.hasTarget, target
        yield target, RDF.type, OA.SpecificResource
        yield target, OA.hasSource, iris.source(source)
        yield target, OA.hasSelector, quote
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(ev.quote)
        if ev.prefix is not None:
            yield quote, OA.prefix, Literal(ev.prefix)
        if ev.suffix is not None:
            yield quote, OA.suffix, Literal(ev.suffix)
        if ev.start is not None and ev.end is not None:
            yield target, OA.hasSelector, position
            yield position, RDF.type, OA.TextPositionSelector
            yield position, OA.start, offset_literal(ev.start)
            yield position, OA.end, offset_literal(ev.end)


def numbered(evidence: Iterable[Evidence]) -> list[tuple[tuple[str, int], Evidence]]:
    """Evidence keyed by (source, n), n counting from 1 in text order within each source.

    >>> e = [Evidence(source="b", quote="late", start=9), Evidence(source="b", quote="early", start=2)]
    >>> [(key, ev.quote) for key, ev in numbered(e)]
    [(('b', 1), 'early'), (('b', 2), 'late')]
    """
    ordered = sorted(evidence, key=lambda e: (e.source, e.start if e.start is not None else -1,
                                              e.end if e.end is not None else -1, e.quote))
    counts: dict[str, int] = {}
    keyed = []
    for ev in ordered:
        counts[ev.source] = counts.get(ev.source, 0) + 1
        keyed.append(((ev.source, counts[ev.source]), ev))
    return keyed


# ---------------------------------------------------------------- the dataset


def build_dataset(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> Dataset:
    """The knowledge base as a Dataset: a graph per source, one for entities and sources
    (where each source's graph is ``prov:wasDerivedFrom`` its source), one for the
    ontology. Its default graph is empty (not the union), as in most stores.
    """
    ds = new_dataset(IRIs(base_iri))
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in dataset_quads(kb, base_iri):
        graph = graphs.get(g)
        if graph is None:
            graph = graphs[g] = ds.graph(g)
        graph.add((s, p, o))
    return ds


def dataset_quads(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> Iterator[tuple]:
    """Every quad of :func:`build_dataset`'s Dataset, graph last, without building one
    (an Oxigraph store loads them directly: :mod:`foip_graph.rdf.store`)."""
    iris = IRIs(base_iri)
    entities = iris.entities_graph
    for entity in kb.entities.values():
        for triple in entity_triples(entity, iris):
            yield (*triple, entities)
    for source in kb.sources.values():
        graph = iris.graph(source.id)
        for triple in source_triples(source, iris):
            yield (*triple, entities)
        yield graph, PROV.wasDerivedFrom, iris.source(source.id), entities
        for claim in kb.by_source.get(source.id, []):
            for triple in claim_triples(claim, source.id, iris):
                yield (*triple, graph)
    for triple in build_ontology(VOCABULARY, base_iri):
        yield (*triple, iris.ontology_graph)


def new_dataset(iris: IRIs) -> Dataset:
    """An empty Dataset with exactly the prefixes of ``iris`` bound."""
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    for prefix, namespace in iris.prefixes.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one graph (for Turtle, N-Triples, XML)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in ds.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph
