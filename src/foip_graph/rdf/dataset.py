"""What the dataset says about itself: a VoID and DCAT description, in the graph
``{base}graph/dataset`` of every export and alone in ``out/dataset.ttl``.

Title, description, licence, version, issued date and publisher come from the data
folder's ``dataset.yaml`` (the bundled data's licence is CC BY 4.0, see ``data/LICENSE``);
the sources, the triple counts of each graph (the graph of derived links says what it
holds), an example resource, the vocabularies, the distributions and the example queries (``queries/*.rq`` beside the data folder, or for
the bundled data those shipped with foip-graph, as ``sh:SPARQLSelectExecutable``) are
read from the data and the build.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rdflib import OWL, RDF, RDFS, SH, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..dates import PartialDate
from ..examples import example_queries
from ..kb import KnowledgeBase, bundled_data_dir
from .namespaces import DCAT, LANG, PREFIXES, VOID, IRIs
from .serialize import FORMATS

FILE = "dataset.yaml"  # in the data folder
DERIVED = ("Links no document states, derived from claims that documents do state (a holder "
           "of an office linked to the office's state); each fg:DerivedClaim names those "
           "claims with prov:wasDerivedFrom. Leave this graph out for stated facts only.")
VOCABULARIES = ("dcterms", "dcmitype", "oa", "org", "owl", "prov", "qudt", "rdfs", "schema", "skos")


class Metadata(BaseModel):
    """The curated part of the description (``data/dataset.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    description: str
    license: str | None = None
    version: str | None = None
    issued: PartialDate | None = None
    publisher: str | None = None


def read_metadata(data_dir: Path) -> Metadata:
    """``dataset.yaml`` of ``data_dir``; without one, a title from the folder's name."""
    path = data_dir / FILE
    if not path.is_file():
        return Metadata(title=data_dir.resolve().name, description="A foip-graph dataset.")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return Metadata.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{path}: {problems} (fields: title, description, license, version, "
                         "issued, publisher)") from None


def description(kb: KnowledgeBase, iris: IRIs, counts: Mapping[URIRef, int]) -> Iterator[tuple]:
    """The description's triples. ``counts``: the triples of each graph it describes."""
    meta = read_metadata(kb.root)
    node = iris.dataset
    yield node, RDF.type, VOID.Dataset
    yield node, RDF.type, DCAT.Dataset
    yield node, DCTERMS.title, Literal(meta.title, lang=LANG)
    yield node, DCTERMS.description, Literal(meta.description, lang=LANG)
    if meta.license:
        yield node, DCTERMS.license, URIRef(meta.license)
    if meta.version:
        yield node, OWL.versionInfo, Literal(meta.version)
    if meta.issued:
        yield node, DCTERMS.issued, Literal(str(meta.issued), datatype=XSD.date)
    if meta.publisher:
        publisher = iris.agent(meta.publisher)
        yield node, DCTERMS.publisher, publisher
        yield publisher, RDF.type, URIRef("http://www.w3.org/ns/prov#Agent")
        yield publisher, RDFS.label, Literal(meta.publisher, lang=LANG)
    for source in kb.sources:
        yield node, DCTERMS.source, iris.source(source)
    yield node, VOID.triples, Literal(sum(counts.values()))
    yield node, VOID.entities, Literal(len(kb.entities))
    yield node, VOID.uriSpace, Literal(f"{iris.base}entity/")
    yield node, VOID.vocabulary, iris.ontology
    for prefix in VOCABULARIES:
        yield node, VOID.vocabulary, URIRef(str(PREFIXES[prefix]))
    example = _example(kb)
    if example is not None:
        yield node, VOID.exampleResource, iris.entity(example)
    for graph, count in sorted(counts.items()):
        yield node, VOID.subset, graph
        yield graph, RDF.type, VOID.Dataset
        yield graph, VOID.triples, Literal(count)
        if graph == iris.derived_graph:
            yield graph, DCTERMS.description, Literal(DERIVED, lang=LANG)
    for fmt in FORMATS.values():
        distribution = URIRef(f"{node}/{fmt.filename}")
        yield node, DCAT.distribution, distribution
        yield distribution, RDF.type, DCAT.Distribution
        yield distribution, DCTERMS.title, Literal(fmt.filename, lang=LANG)
        yield distribution, DCAT.mediaType, URIRef(
            f"https://www.iana.org/assignments/media-types/{fmt.media_type}")
    for name, text in _examples(kb.root):
        query = URIRef(f"{iris.base}query/{name}")
        yield node, RDFS.seeAlso, query
        yield query, RDF.type, SH.SPARQLSelectExecutable
        yield query, RDFS.label, Literal(_first_comment(text), lang=LANG)
        yield query, SH.select, Literal(text)


def _example(kb: KnowledgeBase) -> str | None:
    """The entity most claims are about (ties by id): a fair example resource."""
    counts = {e: len(kb.claims_of(e)) for e in kb.entities}
    return min(counts, key=lambda e: (-counts[e], e)) if counts else None


def _examples(data_dir: Path) -> list[tuple[str, str]]:
    """The data's example queries by name: for the bundled data, the ones shipped with
    foip-graph (a pip user has them in the wheel, not beside the data)."""
    if data_dir.resolve() == bundled_data_dir().resolve():
        return [(q.name, q.text) for q in example_queries().values()]
    folder = data_dir.resolve().parent / "queries"
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def _first_comment(query: str) -> str:
    lines = []
    for line in query.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").strip())
    return " ".join(" ".join(lines).split(". ")[0].split()) or "An example query"

