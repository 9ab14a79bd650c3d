"""The IRIs of the RDF view: one base IRI, the vocabularies reused, and our own terms.

Every IRI hangs off one base IRI (:data:`BASE_IRI`, overridable)::

    {base}entity/{id}        an entity                 {base}ontology#Country   a kind
    {base}source/{id}        a source document         {base}ontology#memberOf  a predicate
    {base}claim/{claim id}   a claim's statement node  {base}graph/{source id}  a source's graph
    {base}graph/entities     entity and source descriptions
    {base}graph/ontology     the ontology (see :mod:`foip_graph.rdf.ontology`)

>>> iris = IRIs()
>>> str(iris.entity("japan"))
'https://w3id.org/foip-graph/entity/japan'
>>> iris.predicate("member_of") == iris.fg.memberOf, iris.kind("country") == iris.fg.Country
(True, True)
"""

from __future__ import annotations

from rdflib import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ..vocabulary import VOCABULARY

BASE_IRI = "https://w3id.org/foip-graph/"
"""The default base of every IRI the graph mints; pass ``base_iri`` to use another."""

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

# Prefixes bound in every export (and nothing else, so files stay readable).
PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "schema": SDO,
    "dcterms": DCTERMS, "prov": PROV, "org": ORG, "oa": OA, "wd": WIKIDATA,
}

# Claim qualifiers (and entity fields) and the reused property each one becomes; the
# stance qualifier is our own (``IRIs.stance``).
DATES = {"date": DCTERMS.date, "start": SDO.startDate, "end": SDO.endDate}
TEXTS = {"unit": SDO.unitText, "role": SDO.roleName, "note": SKOS.note}


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


class IRIs:
    """The IRIs of one base: entities, sources, claims, graphs and ontology terms."""

    def __init__(self, base_iri: str = BASE_IRI) -> None:
        if not base_iri.startswith(("http://", "https://")) or not base_iri.endswith("/"):
            raise ValueError(f"base IRI {base_iri!r} must be an http(s) IRI ending in '/' "
                             f"(like {BASE_IRI!r})")
        self.base = base_iri
        self.fg = Namespace(base_iri + "ontology#")
        self.ontology = URIRef(base_iri + "ontology")
        self.entities_graph = self.graph("entities")
        self.ontology_graph = self.graph("ontology")
        self.shapes = Namespace(base_iri + "shapes#")
        # Terms of our own, beside the class per kind and the property per predicate.
        self.Claim, self.Source = self.fg.Claim, self.fg.Source
        self.stance, self.iso_code, self.sha256 = self.fg.stance, self.fg.isoCode, self.fg.sha256

    @property
    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace for this base and every reused vocabulary."""
        own = {"fg": self.fg, "entity": Namespace(self.base + "entity/"),
               "source": Namespace(self.base + "source/"),
               "claim": Namespace(self.base + "claim/"), "graph": Namespace(self.base + "graph/")}
        return {k: str(v) for k, v in {**own, **PREFIXES}.items()}

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{entity_id}")

    def source(self, source_id: str) -> URIRef:
        return URIRef(f"{self.base}source/{source_id}")

    def claim(self, claim_id: str) -> URIRef:
        return URIRef(f"{self.base}claim/{claim_id}")

    def graph(self, name: str) -> URIRef:
        """The named graph ``name``: a source id, ``entities`` or ``ontology``."""
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
