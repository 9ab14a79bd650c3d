"""The reasoner's view of the graph: one OWL 2 DL ontology, ``graph.owl.ttl`` (or ``.owl``).

The ontology (:mod:`foip_graph.rdf.ontology`) and the data in its OWL profile
(:func:`~foip_graph.rdf.view.dataset_lines` with ``owl=True``) in one file, the named
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

from itertools import chain

from ..kb import KnowledgeBase
from .namespaces import BASE_IRI
from .serialize import CanonicalQuads
from .view import dataset_pieces, ontology_lines


def owl_quads(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> CanonicalQuads:
    """The ontology and the OWL profile of the data, all in the default graph."""
    return CanonicalQuads.of_pieces(chain(dataset_pieces(kb, base_iri, owl=True),
                                          [("", list(ontology_lines(base_iri)))]))
