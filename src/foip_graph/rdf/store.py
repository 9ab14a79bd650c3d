"""Where the RDF view lives: rdflib's memory store, or Oxigraph in memory or on disk.

A store is named by a short text wherever a function takes one:

- ``"memory"`` (the default): rdflib's in-memory Dataset, as
  :func:`~foip_graph.rdf.view.build_dataset` makes it. Fine for the curated graph; slow at
  millions of triples (``docs/scale.md``).
- ``"oxigraph"``: an Oxigraph store in memory.
- ``"oxigraph:PATH"``: an Oxigraph store on disk in the folder PATH. Each build replaces
  what the folder held. Oxigraph locks the folder while it is open: ``ds.close()``
  releases it, and then ``oxigraph serve --location PATH`` can serve it.

Every store gives an rdflib :class:`~rdflib.Dataset` holding the same quads, so code
written for rdflib keeps working. On Oxigraph, rdflib only wraps the store (through
``oxrdflib``): the view's N-Triples text goes in by Oxigraph's loader, :func:`select` runs SPARQL in
Oxigraph's engine, :func:`serialize` and :func:`read` use Oxigraph's own writers and
parsers.

Oxigraph stores some literals by value (oxigraph issue #526): ``"5"^^xsd:nonNegativeInteger``
comes back as ``"5"^^xsd:integer`` and ``"15.0"^^xsd:decimal`` as ``"15"``. The values are
the same, the terms are not; files written from the memory store keep the original ones.

>>> from foip_graph.kb import KnowledgeBase
>>> kb = KnowledgeBase.from_path()
>>> q = "SELECT ?name WHERE { GRAPH ?g { <https://w3id.org/foip-graph/entity/japan> ?p ?name } } "
>>> q += "ORDER BY ?name LIMIT 1"
>>> select(rdf_dataset(kb, "oxigraph"), q).rows == select(rdf_dataset(kb), q).rows
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager

from . import serialize as ser
from ..kb import KnowledgeBase
from ..load import collector_paused
from .namespaces import BASE_IRI, IRIs
from .dataset import description
from .view import build_dataset, dataset_lines, ntriples
from .sparql import Bindings, Results, select_oxigraph
from .sparql import select as select_rdflib

MEMORY = "memory"
OXIGRAPH = "oxigraph"

OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                  "jsonld": "json-ld", "xml": "xml"}


class StoreError(RuntimeError):
    """An Oxigraph store on disk could not be opened (in use, or not a store folder)."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store name: ``kind`` is ``"memory"`` or ``"oxigraph"``; ``path`` is the
    folder of a store on disk, or None."""

    kind: str
    path: Path | None = None

    def __str__(self) -> str:
        return self.kind if self.path is None else f"{self.kind}:{self.path}"


def parse_store(store: str | StoreSpec) -> StoreSpec:
    """Read a store name: ``memory``, ``oxigraph`` or ``oxigraph:PATH``.

    >>> parse_store("oxigraph:/tmp/graph"), parse_store("memory")
    (StoreSpec(kind='oxigraph', path=PosixPath('/tmp/graph')), StoreSpec(kind='memory', path=None))
    >>> parse_store("sqlite")
    Traceback (most recent call last):
    ...
    ValueError: unknown store 'sqlite'; choose memory, oxigraph (in memory) or oxigraph:PATH (on disk in the folder PATH)
    """
    if isinstance(store, StoreSpec):
        return store
    kind, colon, path = store.partition(":")
    if store in (MEMORY, OXIGRAPH):
        return StoreSpec(store)
    if kind == OXIGRAPH and colon and path:
        return StoreSpec(OXIGRAPH, Path(path))
    raise ValueError(f"unknown store {store!r}; choose memory, oxigraph (in memory) or "
                     "oxigraph:PATH (on disk in the folder PATH)")


# ---------------------------------------------------------------- building


def rdf_dataset(kb: KnowledgeBase, store: str | StoreSpec = MEMORY,
                base_iri: str = BASE_IRI) -> Dataset:
    """The RDF view of ``kb`` (:mod:`foip_graph.rdf.view`) in ``store``.

    A store on disk is emptied first, so it holds this knowledge base and nothing else.
    Raises :class:`StoreError` when a store on disk cannot be opened.
    """
    spec = parse_store(store)
    with collector_paused():
        if spec.kind == MEMORY:
            return build_dataset(kb, base_iri)
        inner = open_oxigraph(spec.path)
        inner.clear()
        iris = IRIs(base_iri)
        graphs = dataset_lines(kb, base_iri)
        # Store.load gives blank nodes new labels; the ontology's (its only ones, made
        # from its property names) go in as Oxigraph's parser reads them, as they are.
        ontology = {name: graphs.pop(name) for name in [f"<{iris.ontology_graph}>"] if name in graphs}
        for name, pieces in graphs.items():  # IRIs checked as they were written
            inner.load(ntriples(pieces), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name[1:-1]),
                       lenient=True)
        del graphs
        inner.extend(ox.parse(b"".join(ser.CanonicalQuads.of_text(ontology).nquads()),
                              ox.RdfFormat.N_QUADS))
        counts = {URIRef(row[0].value): int(row[1].value) for row in inner.query(_COUNTS)}
        own = ser.CanonicalQuads.of((*t, iris.dataset_graph) for t in description(kb, iris, counts))
        inner.load(b"".join(own.nquads()), ox.RdfFormat.N_QUADS)
    if spec.path is not None:
        inner.flush()
    return wrap(inner, base_iri)


_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def open_oxigraph(path: Path | None) -> ox.Store:
    """An Oxigraph store in memory (``path`` None) or on disk in the folder ``path``."""
    if path is None:
        return ox.Store()
    try:
        return ox.Store(str(path))
    except OSError as exc:
        if "LOCK" in str(exc):
            raise StoreError(f"the Oxigraph store in {path} is in use by another process "
                             f"(an `oxigraph serve --location {path}`?); stop it first, or "
                             "read it with pyoxigraph.Store.read_only") from None
        raise StoreError(f"cannot open an Oxigraph store in {path}: {exc}") from None


def wrap(inner: ox.Store, base_iri: str = BASE_IRI) -> Dataset:
    """An rdflib Dataset over an Oxigraph store, with exactly the graph's prefixes bound."""
    ds = Dataset(store=OxigraphStore(store=inner))
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    for prefix, namespace in IRIs(base_iri).prefixes.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    return ds


def oxigraph_quads(rdflib_quads: Iterable[tuple], cache_size: int = 100_000) -> Iterator[ox.Quad]:
    """rdflib quads as Oxigraph quads (rdflib's default graph, named None or
    ``urn:x-rdflib:default``, as Oxigraph's). IRIs recur (predicates, types, entities),
    so their Oxigraph terms are kept in a cache of at most ``cache_size`` entries."""
    default = {str(DATASET_DEFAULT_GRAPH_ID): ox.DefaultGraph()}
    cache: dict[str, ox.NamedNode | ox.DefaultGraph] = dict(default)

    def term(node):
        if type(node) is URIRef:
            key = str(node)  # a plain str compares in C; URIRef.__eq__ is Python
            found = cache.get(key)
            if found is None:
                if len(cache) >= cache_size:
                    cache.clear()
                    cache.update(default)
                found = cache[key] = ox.NamedNode(key)
            return found
        return ser.oxigraph_term(node)

    for s, p, o, g in rdflib_quads:
        yield ox.Quad(term(s), term(p), term(o), ox.DefaultGraph() if g is None else term(g))


# ---------------------------------------------------------------- using


def oxigraph_of(ds: Dataset) -> ox.Store | None:
    """The Oxigraph store under ``ds``, or None for rdflib's memory store."""
    store = ds.store
    return store._inner if isinstance(store, OxigraphStore) else None


def quad_count(ds: Dataset) -> int:
    """How many quads ``ds`` holds, in every graph."""
    inner = oxigraph_of(ds)
    if inner is not None:
        return len(inner)
    return sum(1 for _ in ds.quads((None, None, None, None)))


def select(ds: Dataset, query: str, bindings: Bindings | None = None) -> Results:
    """Run a SELECT query, in Oxigraph's engine when ``ds`` is on Oxigraph, else in
    rdflib's; ``bindings`` are bound before evaluation (never pasted into the text).
    The rows hold rdflib terms either way (see :func:`~foip_graph.rdf.sparql.select`)."""
    inner = oxigraph_of(ds)
    if inner is not None:
        return select_oxigraph(inner, query, bindings)
    return select_rdflib(ds, query, bindings)


def serialize(ds: Dataset, fmt: str, base_iri: str = BASE_IRI) -> bytes:
    """``ds`` in format ``fmt`` (a key of :data:`~foip_graph.rdf.serialize.FORMATS`), in the
    canonical order of :mod:`foip_graph.rdf.serialize` on every store: the same quads give
    the same bytes. On Oxigraph the quads are read from the store with its own writer,
    so its literals are the ones it stored (by value, see above). As everywhere, Turtle,
    N-Triples and RDF/XML hold the union of the graphs.
    """
    ser.check_format(fmt)
    inner = oxigraph_of(ds)
    if inner is None:
        return ser.serialize(ds, fmt, base_iri)
    return ser.CanonicalQuads.of_oxigraph(inner).to_bytes(fmt, IRIs(base_iri).prefixes, base_iri)


def read(data: bytes | Path, fmt: str, store: str | StoreSpec = MEMORY,
         base_iri: str = BASE_IRI) -> Dataset:
    """Parse RDF (bytes, or a file) in format ``fmt`` into a new Dataset in ``store``:
    rdflib's parsers for the memory store, Oxigraph's for Oxigraph. Triples of a format
    without named graphs land in the default graph."""
    if fmt not in OX_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(OX_FORMATS)}")
    spec = parse_store(store)
    content = data.read_bytes() if isinstance(data, Path) else data
    if spec.kind == MEMORY:
        ds = Dataset()
        ds.parse(data=content, format=RDFLIB_FORMATS[fmt])
        return ds
    inner = open_oxigraph(spec.path)
    inner.clear()
    inner.bulk_load(content, OX_FORMATS[fmt])
    return wrap(inner, base_iri)
