"""The RDF concern: everything that turns a KnowledgeBase into RDF and moves it around.

====================  ======================================================================
module                concern
====================  ======================================================================
``namespaces``        the IRIs the graph mints and the vocabularies it uses
``view``              the RDF view: a named graph per source, statement nodes, evidence
``ontology``          the OWL ontology, generated from the vocabulary registry
``shapes``            the SHACL shapes, generated from the vocabulary registry
``serialize``         byte-stable writers for every RDF format
``export``            the RDF files of a build, and ``foip-graph export``
``sparql``            SELECT queries with bound terms, on rdflib or Oxigraph; results
``store``             where the view lives: rdflib's memory store or Oxigraph
``push``              sending the named graphs to a SPARQL 1.1 server
====================  ======================================================================

The model knows nothing of RDF; this package reads the model and the vocabulary only.
"""
