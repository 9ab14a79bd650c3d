"""RDF files of a KnowledgeBase: every format, the JSON-LD context, ontology and shapes.

``write_rdf`` and ``write_reasoner`` (the reasoner's view, ``graph.owl.ttl`` and
``graph.owl``) are what ``foip-graph build`` writes into ``out/``, as two steps that two
processes may run at once; ``export`` is one format as bytes (``foip-graph export``). The
package's own ``ontology.ttl`` and ``shapes.ttl`` are :func:`package_files` written by
:func:`write_package_files`; a test keeps them equal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from rdflib import URIRef

from ..kb import KnowledgeBase
from .namespaces import BASE_IRI, IRIs
from . import annotations
from .chunks import ChunkCache
from .dataset import description
from .ontology import build_ontology
from .owl import owl_quads
from .view import dataset_pieces
from .serialize import CanonicalQuads, check_format, jsonld_context, turtle
from .shapes import build_shapes
from ..load import collector_paused
from ..vocabulary import VOCABULARY

CONTEXT_FILE = "context.jsonld"
OWL_FILES = {"ttl": "graph.owl.ttl", "xml": "graph.owl"}  # the reasoner's view, two syntaxes
DESCRIPTION_FILE = "dataset.ttl"  # the VoID/DCAT description alone


def export(kb: KnowledgeBase, fmt: str, base_iri: str = BASE_IRI) -> bytes:
    """The knowledge base in one RDF format (a key of :data:`~foip_graph.rdf.serialize.FORMATS`)."""
    check_format(fmt)
    return canonical(kb, base_iri).to_bytes(fmt, IRIs(base_iri).prefixes, base_iri)


def canonical(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> CanonicalQuads:
    """The quads of the knowledge base's RDF view (:func:`~foip_graph.rdf.view.build_dataset`),
    sorted from its N-Triples text (:func:`~foip_graph.rdf.view.dataset_pieces`), and the
    description of the dataset, which counts them."""
    quads = CanonicalQuads.of_pieces(dataset_pieces(kb, base_iri))
    iris = IRIs(base_iri)
    counts = {URIRef(name[1:-1].decode()): len(lines) for name, lines in quads.graphs.items()}
    own = CanonicalQuads.of((*t, iris.dataset_graph) for t in description(kb, iris, counts))
    return CanonicalQuads({**quads.graphs, **own.graphs})


def package_files(base_iri: str = BASE_IRI) -> dict[str, str]:
    """The ontology and the SHACL shapes as Turtle, by file name."""
    return {"ontology.ttl": turtle(build_ontology(VOCABULARY, base_iri)),
            "shapes.ttl": turtle(build_shapes(VOCABULARY, base_iri))}


def write_package_files() -> list[Path]:
    """Regenerate the package's ``ontology.ttl`` and ``shapes.ttl`` (after a vocabulary
    change: ``python3 -c 'from foip_graph.rdf.export import write_package_files as w; w()'``)."""
    folder = Path(str(resources.files(__package__)))
    written = []
    for name, text in package_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def write_rdf(kb: KnowledgeBase, folder: Path, base_iri: str = BASE_IRI,
              progress: Callable[[str], None] | None = None, cache: ChunkCache | None = None) -> list[Path]:
    """Write the graph in every format, the JSON-LD context, the ontology, the shapes and
    the evidence as Web Annotations (:mod:`foip_graph.rdf.annotations`) into ``folder``;
    return the written paths. ``progress``, if given, is called with the name of each part
    as it starts. ``cache``, if given, gets the index of each file written in chunks and
    lends the unchanged chunks of the previous build's (see :mod:`~.chunks`). The
    reasoner's view is :func:`write_reasoner`'s, so that another process may write it
    meanwhile. The cyclic garbage collector is paused: millions of lines and no cycles."""
    step = progress or (lambda name: None)
    prefixes = IRIs(base_iri).prefixes
    with collector_paused():
        step("canonical quads")
        quads = canonical(kb, base_iri)
        written = quads.write_files(folder, prefixes, base_iri, progress=step, cache=cache)
        own = CanonicalQuads({b"": quads.graphs[f"<{IRIs(base_iri).dataset_graph}>".encode()]})
        del quads
        step(annotations.FILE)
        annotations.write_annotations(kb, folder / annotations.FILE, base_iri)
    context = {"@context": jsonld_context(base_iri)}
    files = {CONTEXT_FILE: (json.dumps(context, indent=2, ensure_ascii=False) + "\n").encode()}
    files.update({name: text.encode("utf-8") for name, text in package_files(base_iri).items()})
    files[DESCRIPTION_FILE] = own.to_bytes("ttl", prefixes, base_iri)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    names = [*files][:-1] + [annotations.FILE, DESCRIPTION_FILE]
    return written + [folder / name for name in names]


def write_reasoner(kb: KnowledgeBase, folder: Path, base_iri: str = BASE_IRI,
                   progress: Callable[[str], None] | None = None, cache: ChunkCache | None = None
                   ) -> list[Path]:
    """Write the reasoner's view (:mod:`foip_graph.rdf.owl`) into ``folder`` in the two
    syntaxes of :data:`OWL_FILES`; return their paths. ``progress`` and ``cache`` as for
    :func:`write_rdf`."""
    step = progress or (lambda name: None)
    prefixes = IRIs(base_iri).prefixes
    with collector_paused():
        step(OWL_FILES["ttl"])
        reasoner = owl_quads(kb, base_iri)
        reasoner.write_file("ttl", folder / OWL_FILES["ttl"], prefixes, base_iri, cache)
        step(OWL_FILES["xml"])
        reasoner.write_file("xml", folder / OWL_FILES["xml"], prefixes, base_iri, cache)
    return [folder / name for name in OWL_FILES.values()]
