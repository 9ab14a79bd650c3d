"""The IRIs of the RDF view: one base IRI, the vocabularies reused, and our own terms.

Every IRI hangs off one base IRI (:data:`BASE_IRI`, overridable)::

    {base}entity/{id}                 an entity        {base}ontology#Country   a kind
    {base}entity/{id}/record          its record       {base}ontology#memberOf  a predicate
    {base}source/{id}                 a source         {base}graph/{source id}  a source's graph
    {base}source/{id}/text/{sha256}   its text         {base}graph/entities     entities, sources
    {base}claim/{claim id}            a statement node {base}graph/ontology     the ontology
    {base}claim/d-{hash}              a derived link   {base}graph/derived      derived links
    {base}agent/{slug}                a publisher      {base}graph/dataset      its description
    {base}dataset                     the dataset

Annotations extend the node they annotate: ``{claim}/evidence/{source}/{start}-{end}``.

>>> iris = IRIs()
>>> str(iris.entity("japan"))
'https://w3id.org/foip-graph/entity/japan'
>>> iris.predicate("member_of") == iris.fg.memberOf, iris.kind("country") == iris.fg.Country
(True, True)
"""

from __future__ import annotations

import re

from rdflib import OWL, PROV, RDF, RDFS, SH, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ..vocabulary import VOCABULARY

BASE_IRI = "https://w3id.org/foip-graph/"
"""The default base of every IRI the graph mints; pass ``base_iri`` to use another."""

SCHEMA = Namespace("http://schema.org/")  # the namespace Wikidata's RDF uses, not https
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

# Prefixes bound in every export (and nothing else, so files stay readable).
PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "schema": SCHEMA,
    "dcterms": DCTERMS, "dcmitype": DCMITYPE, "prov": PROV, "org": ORG, "oa": OA,
    "wd": WIKIDATA, "wdt": WDT, "qudt": QUDT, "unit": UNIT, "cur": CUR, "void": VOID,
    "dcat": DCAT, "sh": SH,
}

LANG = "en"  # the language of every name, description, note and title
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")  # the curation's (data/LICENSE)

# The time qualifiers of a claim (and of an entity): field -> our property's local name.
# A bound (started_by, ended_by: the latest a start or an end can be) is never a start or
# an end, so it has a property of its own.
DATE_FIELDS = {"date": "date", "start": "start", "end": "end", "started_by": "startedBy",
               "ended_by": "endedBy"}


def camel(name: str, upper: bool = False) -> str:
    """``member_of`` -> ``memberOf``; with ``upper``, ``country`` -> ``Country``.

    >>> camel("negotiating_accession_to"), camel("office", upper=True)
    ('negotiatingAccessionTo', 'Office')
    >>> camel("has member")
    'hasMember'
    """
    words = name.replace("-", " ").replace("_", " ").split()
    text = "".join(w[:1].upper() + w[1:] for w in words)
    return text if upper else text[:1].lower() + text[1:]


def slug(text: str) -> str:
    """``Ministry of Examples`` -> ``ministry-of-examples`` (for agent IRIs).

    >>> slug("Discuss Japan—Japan Foreign Policy Forum")
    'discuss-japan-japan-foreign-policy-forum'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def curie(text: str) -> URIRef:
    """A prefixed name of :data:`PREFIXES` as an IRI (``org:memberOf``, ``wdt:P463``).

    >>> str(curie("wdt:P463"))
    'http://www.wikidata.org/prop/direct/P463'
    """
    prefix, _, local = text.partition(":")
    if prefix not in PREFIXES or not local:
        raise ValueError(f"{text!r} is not a prefixed name of: {', '.join(PREFIXES)}")
    return URIRef(str(PREFIXES[prefix]) + local)


class IRIs:
    """The IRIs of one base: entities, sources, claims, graphs and ontology terms."""

    def __init__(self, base_iri: str = BASE_IRI) -> None:
        if not base_iri.startswith(("http://", "https://")) or not base_iri.endswith("/"):
            raise ValueError(f"base IRI {base_iri!r} must be an http(s) IRI ending in '/' "
                             f"(like {BASE_IRI!r})")
        self.base = base_iri
        fg = self.fg = Namespace(base_iri + "ontology#")
        self.ontology = URIRef(base_iri + "ontology")
        self.dataset = URIRef(base_iri + "dataset")
        self.entities_graph = self.graph("entities")
        self.ontology_graph = self.graph("ontology")
        self.dataset_graph = self.graph("dataset")
        self.derived_graph = self.graph("derived")  # links derived from claims, each naming them
        self.shapes = Namespace(base_iri + "shapes#")
        # Terms of our own, beside the class per kind and the property per predicate.
        self.Claim, self.Source, self.Record = fg.Claim, fg.Source, fg.Record
        self.DerivedClaim = fg.DerivedClaim
        self.Observation, self.observation_of = fg.Observation, fg.observation
        self.stance, self.iso_code, self.sha256 = fg.stance, fg.isoCode, fg.sha256
        self.role, self.value_label = fg.role, fg.valueLabel
        self.first_day, self.last_day = fg.firstDay, fg.lastDay
        self.dates = {field: fg[name] for field, name in DATE_FIELDS.items()}
        # The OWL view's statement node (instead of rdf:subject, rdf:predicate, rdf:object).
        self.claim_subject, self.claim_predicate = fg.claimSubject, fg.claimPredicate
        self.claim_object, self.claim_value = fg.claimObject, fg.claimValue

    @property
    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace for this base and every reused vocabulary."""
        own = {"fg": self.fg, "entity": Namespace(self.base + "entity/"),
               "source": Namespace(self.base + "source/"),
               "claim": Namespace(self.base + "claim/"), "graph": Namespace(self.base + "graph/")}
        return {k: str(v) for k, v in {**own, **PREFIXES}.items()}

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def record(self, entity_id: str) -> URIRef:
        """The record of an entity: the sources and quotes that name it."""
        return URIRef(f"{self.base}entity/{entity_id}/record")

    def source(self, source_id: str) -> URIRef:
        return URIRef(f"{self.base}source/{source_id}")

    def text(self, source_id: str, sha256: str) -> URIRef:
        """The exact text (by its SHA-256) that a source's evidence offsets count in."""
        return URIRef(f"{self.base}source/{source_id}/text/{sha256}")

    def state(self, source_id: str) -> URIRef:
        """The Web Annotation state under which a source's quotes are anchored."""
        return URIRef(f"{self.base}source/{source_id}/state")

    def observation(self, claim_id: str, source_id: str, date) -> URIRef:
        """A document's observation of a claim holding at a date."""
        return URIRef(f"{self.base}claim/{claim_id}/observation/{source_id}/{date}")

    def agent(self, name: str) -> URIRef:
        return URIRef(f"{self.base}agent/{slug(name)}")

    def claim(self, claim_id: str) -> URIRef:
        return URIRef(f"{self.base}claim/{claim_id}")

    def graph(self, name: str) -> URIRef:
        """The named graph ``name``: a source id, ``entities``, ``ontology``, ``derived``
        or ``dataset``."""
        return URIRef(f"{self.base}graph/{name}")

    def kind(self, kind: str) -> URIRef:
        """The class of an entity kind."""
        return self.fg[camel(kind, upper=True)]

    def predicate(self, name: str) -> URIRef:
        """The property of a predicate of the vocabulary."""
        return self.fg[camel(name)]

    def inverse(self, name: str) -> URIRef:
        """The inverse property of a predicate that has an inverse label (ontology only)."""
        return self.fg[camel(VOCABULARY.predicate(name).inverse)]

    def precision(self, prop: URIRef) -> URIRef:
        """The OWL view's companion of a date property: the date's precision, as
        Wikidata codes it (9 year, 10 month, 11 day)."""
        local = re.split(r"[#/]", str(prop))[-1]
        return self.fg[f"{local}Precision"]
