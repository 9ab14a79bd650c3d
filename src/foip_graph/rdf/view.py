"""The RDF view of a KnowledgeBase: an rdflib Dataset with one named graph per source.

A claim follows Wikidata's pattern: a direct triple (``entity:japan fg:memberOf
entity:quad``) for the plain fact, and a statement node (``claim:c-…``, an ``rdf:Statement``
and ``fg:Claim``) carrying its qualifiers in our own properties (``fg:date``, ``fg:start``, ``fg:end``, the
bounds ``fg:startedBy`` and ``fg:endedBy``, ``fg:observation`` nodes of the documents
that show it holding, ``fg:role``, ``fg:stance``...), ``prov:wasDerivedFrom`` the source, and one W3C Web
Annotation per evidence quote, ``oa:describing`` the claim, whose target selects the quote
in the source's text twice over: the text at and around the span (``oa:TextQuoteSelector``)
and the span's offsets (``oa:TextPositionSelector``), under an ``oa:TimeState`` that names
the exact text by its SHA-256. Both live in the named graph of each source that states the
claim, with that source's evidence only. Entities, their records (the sources and quotes
that name them, ``oa:identifying``) and the sources are described in ``{base}graph/entities``,
the ontology in ``{base}graph/ontology`` (IRIs: :mod:`foip_graph.rdf.namespaces`).

A derived link (:attr:`KnowledgeBase.derived <foip_graph.kb.KnowledgeBase>`: a holder of
an office linked to the office's state) is stated by no document, so it lives apart, in
``{base}graph/derived``: its direct triple and a statement node ``claim:d-…`` of class
``fg:DerivedClaim`` (never ``fg:Claim``) with the time and role it takes from its claims,
``prov:wasDerivedFrom`` the statement node of each claim it comes from, and no evidence of
its own (those claims carry theirs). Leave the graph out and only stated facts remain.

Every name, description, note and title is tagged ``@en``. Dates keep their precision
(``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:date``), and a dated node also carries
``fg:firstDay``/``fg:lastDay`` (``xsd:date``) so dates of any precision compare in SPARQL.
Figures are in base units with a QUDT unit (:meth:`~foip_graph.vocabulary.Vocabulary.quantity`).

:func:`dataset_quads` has a second profile, ``owl=True``, for reasoners (``graph.owl.ttl``):
dates as ``xsd:dateTime`` plus a precision, statement nodes with ``fg:claimSubject``,
``fg:claimObject`` or ``fg:claimValue`` instead of the reserved ``rdf:Statement``
vocabulary (:mod:`foip_graph.rdf.owl`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, NamespaceManager

from ..dates import PartialDate
from ..kb import KnowledgeBase
from ..model import Claim, DerivedClaim, Entity, Evidence, Source
from ..resolve import AmbiguousEntityError, UnknownEntityError
from .namespaces import BASE_IRI, DCMITYPE, LANG, OA, QUDT, SCHEMA, WIKIDATA, IRIs
from .dataset import description
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


OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DCTERMS, QUDT = map(
    _Terms, (OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DCTERMS, QUDT))

# ---------------------------------------------------------------- literals

PRECISION = {"year": 9, "month": 10, "day": 11}  # Wikidata's time precision codes
_DATATYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
# Typed literals are slow to make in rdflib (it parses each lexical form into a value) and
# the same dates, offsets and codes recur across claims: those below are made once each.
_recurring = lru_cache(maxsize=1 << 16)


def text(value: str) -> Literal:
    """Prose in English: a name, description, note, title."""
    return Literal(value, lang=LANG)


@_recurring
def date_literal(date: PartialDate, owl: bool = False) -> Literal:
    """A partial date: ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``; with ``owl``, the
    ``xsd:dateTime`` of its first instant (OWL 2 has no partial-date datatype), whose
    precision :func:`dated` writes beside it, as Wikidata does.

    >>> date_literal(PartialDate.parse("2019-09")).n3()
    '"2019-09"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    >>> date_literal(PartialDate.parse("2019-09"), owl=True).n3()
    '"2019-09-01T00:00:00+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    """
    if owl:
        return Literal(f"{date.first_day.isoformat()}T00:00:00Z", datatype=XSD.dateTime)
    return Literal(str(date), datatype=_DATATYPES[date.precision])


def dated(node: URIRef, prop: URIRef, date: PartialDate, iris: IRIs, owl: bool) -> Iterator[tuple]:
    """``node prop date``, and in the OWL view the date's precision beside it."""
    yield node, prop, date_literal(date, owl)
    if owl:
        yield node, iris.precision(prop), precision_literal(date)


def precision_literal(date: PartialDate) -> Literal:
    """A date's precision as Wikidata codes it (9 year, 10 month, 11 day)."""
    return _PRECISIONS[date.precision]


_PRECISIONS = {name: Literal(code) for name, code in PRECISION.items()}


@_recurring
def day_literal(day) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def extent(item: Claim | Entity) -> tuple:
    """The first and last day the item's own dates allow, each None where they leave it
    open (a start with no end): the one place the RDF view reads time (``fg:firstDay``,
    ``fg:lastDay``).

    >>> e = Entity(id="x", kind="event", name="X", description="d", start="2019-09", end="2021")
    >>> extent(e)
    (datetime.date(2019, 9, 1), datetime.date(2021, 12, 31))
    """
    first = item.start or (item.date if item.end is None else None)
    last = item.end or (item.date if item.start is None else None)
    return (first.first_day if first else None, last.last_day if last else None)


def decimal_literal(amount) -> Literal:
    """A Decimal as an ``xsd:decimal`` in canonical form (so every writer agrees on it).

    >>> from decimal import Decimal
    >>> str(decimal_literal(Decimal("15000000000"))), str(decimal_literal(Decimal("18.1")))
    ('15000000000.0', '18.1')
    """
    digits = format(amount.normalize(), "f")
    return Literal(digits if "." in digits else digits + ".0", datatype=XSD.decimal)


def value_literal(claim: Claim, owl: bool = False) -> Literal:
    """A claim's literal value, typed by its predicate's value type: a figure in base
    units (``xsd:integer`` for counts, else ``xsd:decimal``), a date, or text.

    >>> c = Claim(subject="osa", predicate="budget", value=15, unit="billion JPY",
    ...           evidence=[Evidence(source="s", quote="15 billion yen")])
    >>> value_literal(c).n3()
    '"15000000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    value_type = VOCABULARY.predicate(claim.predicate).value_type
    if value_type == "date":
        return date_literal(PartialDate.parse(claim.value), owl)
    if value_type == "number":
        quantity = VOCABULARY.quantity(claim.value, claim.unit)
        return Literal(int(quantity.amount)) if quantity.count else decimal_literal(quantity.amount)
    return text(str(claim.value))


@_recurring
def offset_literal(offset: int) -> Literal:
    """A character offset into a source text, as Web Annotation's ``oa:start``/``oa:end``
    want it: an ``xsd:nonNegativeInteger``."""
    return Literal(offset, datatype=XSD.nonNegativeInteger)


@_recurring
def instant_literal(day, end: bool) -> Literal:
    """The first (or last) instant of a day, as Web Annotation's source dates want it."""
    return Literal(f"{day.isoformat()}T{'23:59:59' if end else '00:00:00'}Z", datatype=XSD.dateTime)


# ---------------------------------------------------------------- triples


def entity_triples(entity: Entity, iris: IRIs, owl: bool = False) -> Iterator[tuple]:
    """Type, labels, description, Wikidata link, kind-specific literals and dates of an
    entity, and its record (the sources and quotes that name it)."""
    node = iris.entity(entity.id)
    yield node, RDF.type, iris.kind(entity.kind)
    if owl:
        yield node, RDF.type, OWL.NamedIndividual
    yield node, RDFS.label, text(entity.name)
    for alias in entity.aliases:
        yield node, SKOS.altLabel, text(alias)
    yield node, SCHEMA.description, text(entity.description)
    if entity.wikidata:
        yield node, OWL.sameAs, WIKIDATA[entity.wikidata]
    if entity.iso_code:
        yield node, iris.iso_code, Literal(entity.iso_code)
    if entity.birth_year is not None:
        yield from dated(node, SCHEMA.birthDate, PartialDate(entity.birth_year), iris, owl)
    yield from time_triples(node, entity, iris, owl)
    if entity.evidence:
        record = iris.record(entity.id)
        yield record, RDF.type, iris.Record
        yield record, SCHEMA.about, node
        for source in dict.fromkeys(e.source for e in entity.evidence):
            yield record, PROV.wasDerivedFrom, iris.source(source)
        yield from evidence_triples(record, entity.evidence, iris, OA.identifying)


def time_triples(node: URIRef, item: Claim | Entity, iris: IRIs, owl: bool) -> Iterator[tuple]:
    """The item's dates in our date properties, and (outside the OWL view) the first and
    last day they allow."""
    for field, prop in iris.dates.items():
        date = getattr(item, field, None)
        if date is not None:
            yield from dated(node, prop, date, iris, owl)
    if not owl:
        first, last = extent(item)
        if first is not None:
            yield node, iris.first_day, day_literal(first)
        if last is not None:
            yield node, iris.last_day, day_literal(last)


def source_triples(source: Source, iris: IRIs, publisher: URIRef | None = None,
                   owl: bool = False) -> Iterator[tuple]:
    """A source document in Dublin Core terms, the exact text its offsets count in (by
    SHA-256), and the Web Annotation state its quotes are anchored under. ``publisher``:
    the entity that published it, when the data has one, else an agent of its own."""
    node = iris.source(source.id)
    yield node, RDF.type, iris.Source
    yield node, DCTERMS.title, text(source.title)
    if publisher is None:
        publisher = iris.agent(source.publisher)
        yield publisher, RDF.type, PROV.Agent
        yield publisher, RDFS.label, text(source.publisher)
    yield node, DCTERMS.publisher, publisher
    yield from dated(node, DCTERMS.date, source.date, iris, owl)
    yield node, DCTERMS.type, DCMITYPE.Text
    yield node, SCHEMA.genre, text(source.kind)
    if source.url:
        yield node, DCTERMS.source, URIRef(source.url)
    if source.note:
        yield node, SKOS.note, text(source.note)
    version = iris.text(source.id, source.sha256)
    yield node, DCTERMS.hasVersion, version
    yield version, RDF.type, DCMITYPE.Text
    yield version, DCTERMS.isVersionOf, node
    yield version, iris.sha256, Literal(source.sha256)
    state = iris.state(source.id)
    yield state, RDF.type, OA.TimeState
    yield state, OA.cachedSource, version
    yield state, OA.sourceDateStart, instant_literal(source.date.first_day, end=False)
    yield state, OA.sourceDateEnd, instant_literal(source.date.last_day, end=True)


def claim_object(claim: Claim, iris: IRIs, owl: bool = False) -> URIRef | Literal:
    """The object of a claim's direct triple: an entity IRI or a typed literal."""
    if claim.object is not None:
        return iris.entity(claim.object)
    return value_literal(claim, owl)


def direct_triple(claim: Claim, iris: IRIs, owl: bool = False) -> tuple:
    """The plain fact, in the direction the claim is written (also for symmetric ones)."""
    return iris.entity(claim.subject), iris.predicate(claim.predicate), claim_object(claim, iris, owl)


def statement_triples(node: URIRef, claim: Claim, cls: URIRef, iris: IRIs,
                      owl: bool = False) -> Iterator[tuple]:
    """The direct triple, and the statement node ``node`` (of class ``cls``) saying it,
    with its time, role, stance and note."""
    subject, predicate, obj = direct = direct_triple(claim, iris, owl)
    yield direct
    yield node, RDF.type, cls
    if owl:
        yield node, RDF.type, OWL.NamedIndividual
        yield node, iris.claim_subject, subject
        yield node, iris.claim_predicate, predicate
        if claim.object is not None:
            yield node, iris.claim_object, obj
        else:
            yield node, iris.claim_value, obj
            if VOCABULARY.predicate(claim.predicate).value_type == "date":
                date = PartialDate.parse(claim.value)
                yield subject, iris.precision(predicate), precision_literal(date)
                yield node, iris.precision(iris.claim_value), precision_literal(date)
    else:
        yield node, RDF.type, RDF.Statement
        yield node, RDF.subject, subject
        yield node, RDF.predicate, predicate
        yield node, RDF.object, obj
    yield from time_triples(node, claim, iris, owl)
    if claim.role is not None:
        yield node, iris.role, text(claim.role)
    if claim.stance is not None:
        yield node, iris.stance, Literal(claim.stance)
    if claim.note is not None:
        yield node, SKOS.note, text(claim.note)


def claim_triples(claim: Claim, source_id: str, iris: IRIs, owl: bool = False) -> Iterator[tuple]:
    """What one source says of a claim: the direct triple, the statement node with its
    qualifiers, and that source's evidence for it."""
    node = iris.claim(claim.id)
    yield from statement_triples(node, claim, iris.Claim, iris, owl)
    if claim.value is not None and VOCABULARY.predicate(claim.predicate).value_type == "number":
        quantity = VOCABULARY.quantity(claim.value, claim.unit)
        if quantity.unit is not None:
            yield node, QUDT.hasUnit, URIRef(quantity.unit)
        yield node, iris.value_label, text(f"{claim.value} {claim.unit}" if claim.unit
                                           else str(claim.value))
    yield node, PROV.wasDerivedFrom, iris.source(source_id)
    for seen in claim.observed:
        if seen.source == source_id:  # each document's observations in its own graph
            observation = iris.observation(claim.id, seen.source, seen.date)
            yield node, iris.observation_of, observation
            yield observation, RDF.type, iris.Observation
            if owl:
                yield observation, RDF.type, OWL.NamedIndividual
            yield from dated(observation, iris.dates["date"], seen.date, iris, owl)
            yield observation, PROV.wasDerivedFrom, iris.source(seen.source)
    mine = [e for e in claim.evidence if e.source == source_id]
    yield from evidence_triples(node, mine, iris, OA.describing)


def derived_triples(link: DerivedClaim, iris: IRIs, owl: bool = False) -> Iterator[tuple]:
    """A derived link: its direct triple and its statement node (``fg:DerivedClaim``),
    ``prov:wasDerivedFrom`` the statement node of each claim it comes from, in chain order."""
    node = iris.claim(link.id)
    yield from statement_triples(node, link, iris.DerivedClaim, iris, owl)
    for claim_id in link.derived_from:
        yield node, PROV.wasDerivedFrom, iris.claim(claim_id)


def annotation_iri(body: URIRef, ev: Evidence) -> URIRef:
    """An evidence item's IRI: its body, its source and its span (or, for a quote not yet
    located, a hash of the quote), never its position among the others.

    >>> annotation_iri(URIRef("https://x.org/claim/c-1"), Evidence(source="memo", quote="abc", start=3, end=6))
    rdflib.term.URIRef('https://x.org/claim/c-1/evidence/memo/3-6')
    """
    if ev.start is not None and ev.end is not None:
        return URIRef(f"{body}/evidence/{ev.source}/{ev.start}-{ev.end}")
    digest = hashlib.sha256(ev.quote.encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{body}/evidence/{ev.source}/q-{digest}")


def evidence_triples(body: URIRef, evidence: Iterable[Evidence], iris: IRIs,
                     motivation: URIRef) -> Iterator[tuple]:
    """Each evidence item as a Web Annotation of ``body`` (``motivation``: the claim
    ``oa:describing`` the quoted text, a record ``oa:identifying`` what it names) whose
    target selects the quote in its source's text by quote and by position."""
    for ev in evidence:
        annotation = annotation_iri(body, ev)
        target, quote, position = (URIRef(f"{annotation}/{part}")
                                   for part in ("target", "quote", "position"))
        yield annotation, RDF.type, OA.Annotation
        yield annotation, OA.motivatedBy, motivation
        yield annotation, OA.hasBody, body
        yield annotation, OA.hasTarget, target
        yield target, RDF.type, OA.SpecificResource
        yield target, OA.hasSource, iris.source(ev.source)
        yield target, OA.hasState, iris.state(ev.source)
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


# ---------------------------------------------------------------- the dataset


def build_dataset(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> Dataset:
    """The knowledge base as a Dataset: a graph per source, one for the derived links, one
    for entities and sources (where each source's graph is ``prov:wasDerivedFrom`` its
    source, and the derived links' graph the graphs of the claims they come from), one for
    the ontology, and the dataset's own VoID/DCAT description (:mod:`foip_graph.rdf.dataset`),
    which counts the others. Its default graph is empty (not the union), as in most stores.
    """
    iris = IRIs(base_iri)
    ds = new_dataset(iris)
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in dataset_quads(kb, base_iri):
        graph = graphs.get(g)
        if graph is None:
            graph = graphs[g] = ds.graph(g)
        graph.add((s, p, o))
    own = ds.graph(iris.dataset_graph)
    for triple in description(kb, iris, {name: len(g) for name, g in graphs.items()}):
        own.add(triple)
    return ds


def publishers(kb: KnowledgeBase, iris: IRIs) -> dict[str, URIRef]:
    """Source id -> the entity that published it, when its publisher names one."""
    found = {}
    for source in kb.sources.values():
        try:
            found[source.id] = iris.entity(kb.entity(source.publisher).id)
        except (UnknownEntityError, AmbiguousEntityError):
            continue
    return found


def dataset_quads(kb: KnowledgeBase, base_iri: str = BASE_IRI, *,
                  owl: bool = False) -> Iterator[tuple]:
    """Every quad of :func:`build_dataset`'s Dataset, graph last, without building one
    (an Oxigraph store loads them directly: :mod:`foip_graph.rdf.store`). ``owl``: the
    reasoner's profile (see the module's docstring); it has no ontology graph, as
    :mod:`foip_graph.rdf.owl` writes the ontology beside it."""
    iris = IRIs(base_iri)
    entities = iris.entities_graph
    for entity in kb.entities.values():
        for triple in entity_triples(entity, iris, owl):
            yield (*triple, entities)
    published = publishers(kb, iris)
    for source in kb.sources.values():
        graph = iris.graph(source.id)
        for triple in source_triples(source, iris, published.get(source.id), owl):
            yield (*triple, entities)
        if not owl:  # the OWL view has no named graphs
            yield graph, PROV.wasDerivedFrom, iris.source(source.id), entities
        for claim in kb.by_source.get(source.id, []):
            for triple in claim_triples(claim, source.id, iris, owl):
                yield (*triple, graph)
    for link in kb.derived:
        for triple in derived_triples(link, iris, owl):
            yield (*triple, iris.derived_graph)
    if not owl:
        stated = dict.fromkeys(s for link in kb.derived for claim_id in link.derived_from
                               for s in kb.by_id[claim_id].sources)
        for source_id in stated:
            yield iris.derived_graph, PROV.wasDerivedFrom, iris.graph(source_id), entities
    if not owl:
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
