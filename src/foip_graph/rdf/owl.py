"""The reasoner's view of the graph: one OWL 2 DL ontology, ``graph.owl.ttl`` (or ``.owl``).

The ontology (:mod:`foip_graph.rdf.ontology`) and the data in its OWL profile
(:func:`~foip_graph.rdf.view.dataset_quads` with ``owl=True``) in one file, the named
graphs merged. What differs from the main files, so that an OWL 2 DL reasoner (HermiT,
Pellet, Protégé's) takes it as it is:

- dates are ``xsd:dateTime`` values (their first instant) with a precision beside them
  (``fg:startPrecision 11``), as Wikidata writes them: ``xsd:gYear``, ``xsd:gYearMonth``
  and ``xsd:date`` are outside OWL 2's datatype map;
- statement nodes use ``fg:claimSubject``, ``fg:claimPredicate`` and ``fg:claimObject`` or
  ``fg:claimValue`` instead of the reserved ``rdf:Statement`` vocabulary, so an entity
  object and a literal value never share one property;
- every individual is declared ``owl:NamedIndividual``, and ``fg:firstDay``/``fg:lastDay``
  (plain ``xsd:date``, for SPARQL) are left out.

The kinds are pairwise disjoint, so a reasoner catches an entity typed as two kinds.
"""

from __future__ import annotations

from rdflib import OWL, RDF, URIRef

from ..kb import KnowledgeBase
from ..vocabulary import VOCABULARY
from .namespaces import BASE_IRI
from .ontology import build_ontology
from .serialize import CanonicalQuads
from .view import dataset_quads


def owl_quads(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> CanonicalQuads:
    """The ontology and the OWL profile of the data, all in the default graph."""
    declared: set[URIRef] = set()
    # rdflib makes a new term at each RDF.type and compares terms in Python: compare text
    rdf_type, same_as, individual = str(RDF.type), str(OWL.sameAs), str(OWL.NamedIndividual)

    def quads():
        for s, p, o in build_ontology(VOCABULARY, base_iri):
            yield s, p, o, None
        for s, p, o, _ in dataset_quads(kb, base_iri, owl=True):
            yield s, p, o, None
            if str.__eq__(p, rdf_type):
                if not str.__eq__(o, individual):
                    declared.add(s)
            elif str.__eq__(p, same_as):
                declared.add(o)
        named_individual = OWL.NamedIndividual
        for s in declared:
            yield s, RDF.type, named_individual, None

    return CanonicalQuads.of(quads())
