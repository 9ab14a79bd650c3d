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

:func:`dataset_lines` has a second profile, ``owl=True``, for reasoners (``graph.owl.ttl``):
dates as ``xsd:dateTime`` plus a precision, statement nodes with ``fg:claimSubject``,
``fg:claimObject`` or ``fg:claimValue`` instead of the reserved ``rdf:Statement``
vocabulary (:mod:`foip_graph.rdf.owl`).

The view is made once, as N-Triples text (:func:`dataset_lines`), and every store and
file is read from that text: Oxigraph loads it as N-Quads (:mod:`foip_graph.rdf.store`),
the exports sort it (:mod:`foip_graph.rdf.export`), rdflib's memory store takes its terms
(:func:`build_dataset`). Each item (an entity, a claim, an evidence quote) is a few string
formats; recurring IRIs and typed literals are made once, and the text of a literal is
escaped only where it has a character N-Triples escapes (:func:`~foip_graph.rdf.serialize.quote`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, NamespaceManager

from ..dates import PartialDate
from ..kb import KnowledgeBase
from ..model import Claim, DerivedClaim, Entity, Evidence, Source
from ..resolve import AmbiguousEntityError, UnknownEntityError
from .namespaces import BASE_IRI, DCMITYPE, LANG, OA, QUDT, SCHEMA, WIKIDATA, IRIs
from .dataset import description
from .ontology import build_ontology
from .serialize import TermWriter, quote
from ..vocabulary import VOCABULARY


class _Terms:
    """A namespace whose terms are written once each, in their N-Triples form."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # not a term: what introspection asks for
            raise AttributeError(name)
        term = f"<{self._namespace[name]}>"
        setattr(self, name, term)
        return term


OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DCTERMS, QUDT, DCMITYPE = map(
    _Terms, (OA, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, DCTERMS, QUDT, DCMITYPE))
A, INDIVIDUAL = RDF.type, OWL.NamedIndividual
_TAG = f"@{LANG}"


class Terms:
    """The N-Triples forms of the IRIs of one base (:class:`~foip_graph.rdf.namespaces.IRIs`).
    Those that recur (our own terms, kinds, predicates, entities, sources) are made once.
    IRIs minted from ids (slugs, claim hashes) need no check beyond the base's; an IRI
    taken from the data (a source's URL) is checked as :class:`TermWriter` checks it
    (an invalid one raises Oxigraph's :class:`ValueError`)."""

    def __init__(self, base_iri: str = BASE_IRI) -> None:
        self.iris = iris = IRIs(base_iri)
        self._nt = TermWriter()
        self.iri = self._nt.iri
        self.base = self.iri(iris.base)[1:-1]
        nt = self._nt
        self.Claim, self.Source, self.Record = nt(iris.Claim), nt(iris.Source), nt(iris.Record)
        self.DerivedClaim, self.Observation = nt(iris.DerivedClaim), nt(iris.Observation)
        self.observation_of, self.stance = nt(iris.observation_of), nt(iris.stance)
        self.iso_code, self.sha256 = nt(iris.iso_code), nt(iris.sha256)
        self.role, self.value_label = nt(iris.role), nt(iris.value_label)
        self.first_day, self.last_day = nt(iris.first_day), nt(iris.last_day)
        self.dates = {field: nt(prop) for field, prop in iris.dates.items()}
        self.claim_subject, self.claim_predicate = nt(iris.claim_subject), nt(iris.claim_predicate)
        self.claim_object, self.claim_value = nt(iris.claim_object), nt(iris.claim_value)
        self.entities_graph, self.derived_graph = nt(iris.entities_graph), nt(iris.derived_graph)
        self.ontology_graph = nt(iris.ontology_graph)
        self._made: dict[tuple[str, str], str] = {}

    def _once(self, kind: str, key: str, make) -> str:
        term = self._made.get((kind, key))
        if term is None:
            term = self._made[kind, key] = make(key)
        return term

    def entity(self, entity_id: str) -> str:
        return self._once("entity", entity_id, lambda i: self.iri(f"{self.base}entity/{i}"))

    def record(self, entity_id: str) -> str:
        return f"<{self.base}entity/{entity_id}/record>"

    def source(self, source_id: str) -> str:
        return self._once("source", source_id, lambda i: self.iri(f"{self.base}source/{i}"))

    def state(self, source_id: str) -> str:
        return f"<{self.base}source/{source_id}/state>"

    def text(self, source_id: str, sha256: str) -> str:
        return f"<{self.base}source/{source_id}/text/{sha256}>"

    def agent(self, name: str) -> str:
        return self._nt(self.iris.agent(name))

    def claim(self, claim_id: str) -> str:
        return f"<{self.base}claim/{claim_id}>"

    def graph(self, name: str) -> str:
        return self._once("graph", name, lambda n: self._nt(self.iris.graph(n)))

    def kind(self, kind: str) -> str:
        return self._once("kind", kind, lambda k: self._nt(self.iris.kind(k)))

    def predicate(self, name: str) -> str:
        return self._once("predicate", name, lambda n: self._nt(self.iris.predicate(n)))

    def unit(self, iri: str) -> str:
        return self._once("unit", iri, self.iri)

    def precision(self, prop: str) -> str:
        """The OWL view's companion of a date property (see :meth:`IRIs.precision`)."""
        return self._once("precision", prop,
                          lambda p: self._nt(self.iris.precision(URIRef(p[1:-1]))))


# ---------------------------------------------------------------- literals

PRECISION = {"year": 9, "month": 10, "day": 11}  # Wikidata's time precision codes
_DATATYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
# The same dates recur across claims: their forms are made once each.
_recurring = lru_cache(maxsize=1 << 16)


def text(value: str) -> str:
    """Prose in English: a name, description, note, title."""
    return quote(value) + _TAG


@_recurring
def date_literal(date: PartialDate, owl: bool = False) -> str:
    """A partial date: ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``; with ``owl``, the
    ``xsd:dateTime`` of its first instant (OWL 2 has no partial-date datatype), whose
    precision :func:`dated` writes beside it, as Wikidata does.

    >>> date_literal(PartialDate.parse("2019-09"))
    '"2019-09"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    >>> date_literal(PartialDate.parse("2019-09"), owl=True)
    '"2019-09-01T00:00:00+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    """
    if owl:
        return f'"{date.first_day.isoformat()}T00:00:00+00:00"^^{XSD.dateTime}'
    return f'"{date}"^^{_DATATYPES[date.precision]}'


def dated(node: str, prop: str, date: PartialDate, terms: Terms, owl: bool) -> list[str]:
    """``node prop date``, and in the OWL view the date's precision beside it."""
    if owl:
        return [f"{node} {prop} {date_literal(date, owl)}",
                f"{node} {terms.precision(prop)} {precision_literal(date)}"]
    return [f"{node} {prop} {date_literal(date)}"]


def precision_literal(date: PartialDate) -> str:
    """A date's precision as Wikidata codes it (9 year, 10 month, 11 day)."""
    return _PRECISIONS[date.precision]


_PRECISIONS = {name: f'"{code}"^^{XSD.integer}' for name, code in PRECISION.items()}


@_recurring
def day_literal(day) -> str:
    return f'"{day.isoformat()}"^^{XSD.date}'


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


def decimal_literal(amount) -> str:
    """A Decimal as an ``xsd:decimal`` in canonical form (so every writer agrees on it).

    >>> from decimal import Decimal
    >>> decimal_literal(Decimal("15000000000")), decimal_literal(Decimal("18.1"))
    ('"15000000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"18.1"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    digits = format(amount.normalize(), "f")
    return f'"{digits if "." in digits else digits + ".0"}"^^{XSD.decimal}'


def value_literal(claim: Claim, owl: bool = False) -> str:
    """A claim's literal value, typed by its predicate's value type: a figure in base
    units (``xsd:integer`` for counts, else ``xsd:decimal``), a date, or text.

    >>> c = Claim(subject="osa", predicate="budget", value=15, unit="billion JPY",
    ...           evidence=[Evidence(source="s", quote="15 billion yen")])
    >>> value_literal(c)
    '"15000000000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    value_type = VOCABULARY.predicate(claim.predicate).value_type
    if value_type == "date":
        return date_literal(PartialDate.parse(claim.value), owl)
    if value_type == "number":
        quantity = VOCABULARY.quantity(claim.value, claim.unit)
        if quantity.count:
            return f'"{int(quantity.amount)}"^^{XSD.integer}'
        return decimal_literal(quantity.amount)
    return text(str(claim.value))


def offset_literal(offset: int) -> str:
    """A character offset into a source text, as Web Annotation's ``oa:start``/``oa:end``
    want it: an ``xsd:nonNegativeInteger``."""
    return f'"{offset}"^^{XSD.nonNegativeInteger}'


@_recurring
def instant_literal(day, end: bool) -> str:
    """The first (or last) instant of a day, as Web Annotation's source dates want it."""
    return f'"{day.isoformat()}T{"23:59:59" if end else "00:00:00"}+00:00"^^{XSD.dateTime}'


# ---------------------------------------------------------------- triples


def typed(node: str, cls: str, owl: bool) -> str:
    """``node a cls``; in the OWL view also ``node a owl:NamedIndividual`` (every typed
    node of the data is an individual)."""
    if owl:
        return f"{node} {A} {cls}\n{node} {A} {INDIVIDUAL}"
    return f"{node} {A} {cls}"


def entity_lines(entity: Entity, terms: Terms, owl: bool = False) -> list[str]:
    """Type, labels, description, Wikidata link, kind-specific literals and dates of an
    entity, and its record (the sources and quotes that name it)."""
    node = terms.entity(entity.id)
    lines = [typed(node, terms.kind(entity.kind), owl), f"{node} {RDFS.label} {text(entity.name)}"]
    for alias in entity.aliases:
        lines.append(f"{node} {SKOS.altLabel} {text(alias)}")
    lines.append(f"{node} {SCHEMA.description} {text(entity.description)}")
    if entity.wikidata:
        same = f"<{WIKIDATA}{entity.wikidata}>"
        lines.append(f"{node} {OWL.sameAs} {same}")
        if owl:
            lines.append(f"{same} {A} {INDIVIDUAL}")
    if entity.iso_code:
        lines.append(f"{node} {terms.iso_code} {quote(entity.iso_code)}")
    if entity.birth_year is not None:
        lines += dated(node, SCHEMA.birthDate, PartialDate(entity.birth_year), terms, owl)
    lines += time_lines(node, entity, terms, owl)
    if entity.evidence:
        record = terms.record(entity.id)
        lines += [typed(record, terms.Record, owl), f"{record} {SCHEMA.about} {node}"]
        for source in dict.fromkeys(e.source for e in entity.evidence):
            lines.append(f"{record} {PROV.wasDerivedFrom} {terms.source(source)}")
        lines += evidence_lines(record, entity.evidence, terms, OA.identifying, owl)
    return lines


def time_lines(node: str, item: Claim | Entity, terms: Terms, owl: bool) -> list[str]:
    """The item's dates in our date properties, and (outside the OWL view) the first and
    last day they allow."""
    lines = []
    for field, prop in terms.dates.items():
        date = getattr(item, field, None)
        if date is not None:
            lines += dated(node, prop, date, terms, owl)
    if not owl:
        first, last = extent(item)
        if first is not None:
            lines.append(f"{node} {terms.first_day} {day_literal(first)}")
        if last is not None:
            lines.append(f"{node} {terms.last_day} {day_literal(last)}")
    return lines


def source_lines(source: Source, terms: Terms, publisher: str | None = None,
                 owl: bool = False) -> list[str]:
    """A source document in Dublin Core terms, the exact text its offsets count in (by
    SHA-256), and the Web Annotation state its quotes are anchored under. ``publisher``:
    the entity that published it, when the data has one, else an agent of its own."""
    node = terms.source(source.id)
    lines = [typed(node, terms.Source, owl), f"{node} {DCTERMS.title} {text(source.title)}"]
    if publisher is None:
        publisher = terms.agent(source.publisher)
        lines += [typed(publisher, PROV.Agent, owl),
                  f"{publisher} {RDFS.label} {text(source.publisher)}"]
    lines.append(f"{node} {DCTERMS.publisher} {publisher}")
    lines += dated(node, DCTERMS.date, source.date, terms, owl)
    lines += [f"{node} {DCTERMS.type} {DCMITYPE.Text}", f"{node} {SCHEMA.genre} {text(source.kind)}"]
    if source.url:
        lines.append(f"{node} {DCTERMS.source} {terms.iri(source.url)}")
    if source.note:
        lines.append(f"{node} {SKOS.note} {text(source.note)}")
    version, state = terms.text(source.id, source.sha256), terms.state(source.id)
    lines += [f"{node} {DCTERMS.hasVersion} {version}", typed(version, DCMITYPE.Text, owl),
              f"{version} {DCTERMS.isVersionOf} {node}",
              f"{version} {terms.sha256} {quote(source.sha256)}",
              typed(state, OA.TimeState, owl), f"{state} {OA.cachedSource} {version}",
              f"{state} {OA.sourceDateStart} {instant_literal(source.date.first_day, False)}",
              f"{state} {OA.sourceDateEnd} {instant_literal(source.date.last_day, True)}"]
    return lines


def claim_object(claim: Claim, terms: Terms, owl: bool = False) -> str:
    """The object of a claim's direct triple: an entity IRI or a typed literal."""
    if claim.object is not None:
        return terms.entity(claim.object)
    return value_literal(claim, owl)


def statement_lines(node: str, claim: Claim, cls: str, terms: Terms,
                    owl: bool = False) -> list[str]:
    """The direct triple (the plain fact, in the direction the claim is written, also for
    symmetric ones), and the statement node ``node`` (of class ``cls``) saying it, with
    its time, role, stance and note."""
    subject, predicate = terms.entity(claim.subject), terms.predicate(claim.predicate)
    obj = claim_object(claim, terms, owl)
    lines = [f"{subject} {predicate} {obj}", typed(node, cls, owl)]
    if owl:
        lines += [f"{node} {terms.claim_subject} {subject}",
                  f"{node} {terms.claim_predicate} {predicate}"]
        if claim.object is not None:
            lines.append(f"{node} {terms.claim_object} {obj}")
        else:
            lines.append(f"{node} {terms.claim_value} {obj}")
            if VOCABULARY.predicate(claim.predicate).value_type == "date":
                precision = precision_literal(PartialDate.parse(claim.value))
                lines += [f"{subject} {terms.precision(predicate)} {precision}",
                          f"{node} {terms.precision(terms.claim_value)} {precision}"]
    else:
        lines.append(f"{node} {A} {RDF.Statement}\n{node} {RDF.subject} {subject}\n"
                     f"{node} {RDF.predicate} {predicate}\n{node} {RDF.object} {obj}")
    lines += time_lines(node, claim, terms, owl)
    if claim.role is not None:
        lines.append(f"{node} {terms.role} {text(claim.role)}")
    if claim.stance is not None:
        lines.append(f"{node} {terms.stance} {quote(claim.stance)}")
    if claim.note is not None:
        lines.append(f"{node} {SKOS.note} {text(claim.note)}")
    return lines


def claim_lines(claim: Claim, source_id: str, terms: Terms, owl: bool = False) -> list[str]:
    """What one source says of a claim: the direct triple, the statement node with its
    qualifiers, and that source's evidence for it."""
    node = terms.claim(claim.id)
    lines = statement_lines(node, claim, terms.Claim, terms, owl)
    if claim.value is not None and VOCABULARY.predicate(claim.predicate).value_type == "number":
        quantity = VOCABULARY.quantity(claim.value, claim.unit)
        if quantity.unit is not None:
            lines.append(f"{node} {QUDT.hasUnit} {terms.unit(quantity.unit)}")
        label = f"{claim.value} {claim.unit}" if claim.unit else str(claim.value)
        lines.append(f"{node} {terms.value_label} {text(label)}")
    source = terms.source(source_id)
    lines.append(f"{node} {PROV.wasDerivedFrom} {source}")
    for seen in claim.observed:
        if seen.source == source_id:  # each document's observations in its own graph
            observation = f"<{node[1:-1]}/observation/{seen.source}/{seen.date}>"
            lines += [f"{node} {terms.observation_of} {observation}",
                      typed(observation, terms.Observation, owl),
                      *dated(observation, terms.dates["date"], seen.date, terms, owl),
                      f"{observation} {PROV.wasDerivedFrom} {source}"]
    mine = [e for e in claim.evidence if e.source == source_id]
    lines += evidence_lines(node, mine, terms, OA.describing, owl)
    return lines


def derived_lines(link: DerivedClaim, terms: Terms, owl: bool = False) -> list[str]:
    """A derived link: its direct triple and its statement node (``fg:DerivedClaim``),
    ``prov:wasDerivedFrom`` the statement node of each claim it comes from, in chain order."""
    node = terms.claim(link.id)
    lines = statement_lines(node, link, terms.DerivedClaim, terms, owl)
    for claim_id in link.derived_from:
        lines.append(f"{node} {PROV.wasDerivedFrom} {terms.claim(claim_id)}")
    return lines


def annotation_iri(body: str, ev: Evidence) -> str:
    """An evidence item's IRI: its body's IRI, its source and its span (or, for a quote
    not yet located, a hash of the quote), never its position among the others.

    >>> annotation_iri("https://x.org/claim/c-1", Evidence(source="memo", quote="abc", start=3, end=6))
    'https://x.org/claim/c-1/evidence/memo/3-6'
    """
    if ev.start is not None and ev.end is not None:
        return f"{body}/evidence/{ev.source}/{ev.start}-{ev.end}"
    digest = hashlib.sha256(ev.quote.encode("utf-8")).hexdigest()[:12]
    return f"{body}/evidence/{ev.source}/q-{digest}"


def evidence_lines(body: str, evidence: Iterable[Evidence], terms: Terms, motivation: str,
                   owl: bool = False) -> list[str]:
    """Each evidence item as a Web Annotation of ``body`` (``motivation``: the claim
    ``oa:describing`` the quoted text, a record ``oa:identifying`` what it names) whose
    target selects the quote in its source's text by quote and by position: one piece
    of lines per item."""
    lines = []
    iri = body[1:-1]
    for ev in evidence:
        annotation = annotation_iri(iri, ev)
        node, target, selector = f"<{annotation}>", f"<{annotation}/target>", f"<{annotation}/quote>"
        piece = (f"{typed(node, OA.Annotation, owl)}\n{node} {OA.motivatedBy} {motivation}\n"
                 f"{node} {OA.hasBody} {body}\n{node} {OA.hasTarget} {target}\n"
                 f"{typed(target, OA.SpecificResource, owl)}\n"
                 f"{target} {OA.hasSource} {terms.source(ev.source)}\n"
                 f"{target} {OA.hasState} {terms.state(ev.source)}\n"
                 f"{target} {OA.hasSelector} {selector}\n"
                 f"{typed(selector, OA.TextQuoteSelector, owl)}\n"
                 f"{selector} {OA.exact} {quote(ev.quote)}")
        if ev.prefix is not None:
            piece += f"\n{selector} {OA.prefix} {quote(ev.prefix)}"
        if ev.suffix is not None:
            piece += f"\n{selector} {OA.suffix} {quote(ev.suffix)}"
        if ev.start is not None and ev.end is not None:
            position = f"<{annotation}/position>"
            piece += (f"\n{target} {OA.hasSelector} {position}\n"
                      f"{typed(position, OA.TextPositionSelector, owl)}\n"
                      f"{position} {OA.start} {offset_literal(ev.start)}\n"
                      f"{position} {OA.end} {offset_literal(ev.end)}")
        lines.append(piece)
    return lines


# ---------------------------------------------------------------- the dataset


def build_dataset(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> Dataset:
    """The knowledge base as a Dataset: a graph per source, one for the derived links, one
    for entities and sources (where each source's graph is ``prov:wasDerivedFrom`` its
    source, and the derived links' graph the graphs of the claims they come from), one for
    the ontology, and the dataset's own VoID/DCAT description (:mod:`foip_graph.rdf.dataset`),
    which counts the others. Its default graph is empty (not the union), as in most stores.
    The terms are read from :func:`dataset_lines`' text (:func:`rdflib_terms`).
    """
    iris = IRIs(base_iri)
    ds = new_dataset(iris)
    counts = {}
    for name, pieces in dataset_lines(kb, base_iri).items():
        graph = ds.graph(URIRef(name[1:-1]))
        add = graph.add
        for triple in rdflib_terms(pieces):
            add(triple)
        counts[graph.identifier] = len(graph)
    own = ds.graph(iris.dataset_graph)
    for triple in description(kb, iris, counts):
        own.add(triple)
    return ds


def rdflib_terms(pieces: list[str]) -> Iterator[tuple]:
    """The triples of N-Triples lines (pieces as :func:`dataset_lines` makes them) as
    rdflib terms, each term's text converted once."""
    made: dict[str, object] = {}
    for line in "\n".join(pieces).split("\n"):
        triple = []
        for part in line.split(" ", 2):
            term = made.get(part)
            if term is None:
                if len(made) >= _MADE:
                    made.clear()
                term = made[part] = _rdflib_term(part)
            triple.append(term)
        yield triple


_MADE = 200_000  # terms whose rdflib form rdflib_terms keeps at most
_LITERAL = re.compile(r'"(.*)"(?:@([^"]+)|\^\^<([^>]+)>)?', re.DOTALL)


def _rdflib_term(text: str):
    """One term's N-Triples text as an rdflib term; an escaped literal is read by Oxigraph."""
    if text[0] == "<":
        return URIRef(text[1:-1])
    if text[0] == "_":
        return BNode(text[2:])
    value, language, datatype = _LITERAL.fullmatch(text).groups()
    if "\\" in value:
        value = next(ox.parse(f"<x:s> <x:p> {text} .".encode(), ox.RdfFormat.N_TRIPLES)).object.value
    return Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None)


def publishers(kb: KnowledgeBase, terms: Terms) -> dict[str, str]:
    """Source id -> the entity that published it, when its publisher names one."""
    found = {}
    for source in kb.sources.values():
        try:
            found[source.id] = terms.entity(kb.entity(source.publisher).id)
        except (UnknownEntityError, AmbiguousEntityError):
            continue
    return found


@lru_cache(maxsize=8)
def ontology_lines(base_iri: str = BASE_IRI) -> tuple[str, ...]:
    """The ontology (:func:`~foip_graph.rdf.ontology.build_ontology`) as N-Triples lines."""
    nt = TermWriter()
    return tuple(f"{nt(s)} {nt(p)} {nt(o)}" for s, p, o in build_ontology(VOCABULARY, base_iri))


def dataset_lines(kb: KnowledgeBase, base_iri: str = BASE_IRI, *,
                  owl: bool = False) -> dict[str, list[str]]:
    """Every quad of :func:`build_dataset`'s Dataset but its description, as N-Triples
    text, without building one: each graph's name (its N-Triples form; ``""``, the
    default graph, for the OWL view) to pieces of its triples, each piece one or more
    lines ``subject predicate object`` (without the final ``" ."``) joined by newlines,
    not sorted and possibly repeated (a fact two sources state).

    ``owl``: the reasoner's profile (see the module's docstring), all in the default
    graph; it has no ontology graph, as :mod:`foip_graph.rdf.owl` writes the ontology
    beside it.

    >>> kb = KnowledgeBase.from_path()
    >>> graphs = dataset_lines(kb)
    >>> "<https://w3id.org/foip-graph/graph/derived>" in graphs
    True
    >>> print(graphs["<https://w3id.org/foip-graph/graph/entities>"][0].split("\\n")[0])
    <https://w3id.org/foip-graph/entity/cptpp> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/foip-graph/ontology#Agreement>
    """
    graphs: dict[str, list[str]] = {}
    for name, pieces in dataset_pieces(kb, base_iri, owl=owl):
        graphs.setdefault(name, []).extend(pieces)
    return {name: pieces for name, pieces in graphs.items() if pieces}


def dataset_pieces(kb: KnowledgeBase, base_iri: str = BASE_IRI, *,
                   owl: bool = False) -> Iterator[tuple[str, list[str]]]:
    """The pieces of :func:`dataset_lines` as they are made, an item (an entity, a
    source, a claim, a derived link) at a time, each with its graph's name: a reader that
    turns them into lines as they come never holds the whole text beside its lines."""
    terms = Terms(base_iri)
    entities = "" if owl else terms.entities_graph
    for entity in kb.entities.values():
        yield entities, entity_lines(entity, terms, owl)
    published = publishers(kb, terms)
    for source in kb.sources.values():
        yield entities, source_lines(source, terms, published.get(source.id), owl)
        name = terms.graph(source.id)
        if not owl:  # the OWL view has no named graphs
            yield entities, [f"{name} {PROV.wasDerivedFrom} {terms.source(source.id)}"]
        graph = "" if owl else name
        for claim in kb.by_source.get(source.id, []):
            yield graph, claim_lines(claim, source.id, terms, owl)
    derived = "" if owl else terms.derived_graph
    for link in kb.derived:
        yield derived, derived_lines(link, terms, owl)
    if not owl:
        stated = dict.fromkeys(s for link in kb.derived for claim_id in link.derived_from
                               for s in kb.by_id[claim_id].sources)
        yield entities, [f"{terms.derived_graph} {PROV.wasDerivedFrom} {terms.graph(source_id)}"
                         for source_id in stated]
        yield terms.ontology_graph, list(ontology_lines(base_iri))


def ntriples(pieces: list[str]) -> bytes:
    """A graph's pieces (as :func:`dataset_lines` makes them) as N-Triples."""
    return ("\n".join(pieces).replace("\n", " .\n") + " .\n").encode()


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
