"""Every evidence quote as a W3C Web Annotation, in the Web Annotation JSON-LD form
(``out/annotations.jsonld``) that annotation clients read as it is.

One ``AnnotationCollection`` whose first page holds every annotation: the claims'
evidence (motivation ``describing``, body the claim) and the quotes that name entities
(``identifying``, body the entity's record). Each target selects its quote twice over, by
the raw text at and around the span (``TextQuoteSelector``) and by the span's code-point
offsets (``TextPositionSelector``), under a ``TimeState`` whose ``cached`` text is the
exact text those offsets count in (``{base}source/{id}/text/{sha256}``). The IRIs are
those of the RDF view (:mod:`foip_graph.rdf.view`), so the two describe the same
annotations.

>>> from foip_graph.kb import KnowledgeBase
>>> doc = annotation_collection(KnowledgeBase.from_path())
>>> doc["@context"], doc["type"], doc["total"] == len(doc["first"]["items"])
('http://www.w3.org/ns/anno.jsonld', 'AnnotationCollection', True)
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _json
from pathlib import Path
from typing import BinaryIO

from ..kb import KnowledgeBase
from ..model import Evidence, Source
from .jsontext import dumps
from .namespaces import BASE_IRI, IRIs
from .view import annotation_iri

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FILE = "annotations.jsonld"


def annotation_collection(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> dict:
    """Every annotation of ``kb`` in one collection, claims first (by source, then claim
    order), then entity records."""
    items = [item for body, evidence, motivation in _bodies(kb, IRIs(base_iri))
             for item in _annotations(body, evidence, motivation, kb, IRIs(base_iri))]
    return _collection(base_iri, len(items), items)


def _collection(base_iri: str, total: int, items: list[dict]) -> dict:
    collection = f"{base_iri}annotations"
    return {
        "@context": ANNO_CONTEXT, "id": collection, "type": "AnnotationCollection",
        "label": "The evidence of every claim and entity of foip-graph", "total": total,
        "first": {"id": f"{collection}/page/1", "type": "AnnotationPage", "partOf": collection,
                  "startIndex": 0, "items": items},
    }


def annotations_json(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> bytes:
    """:func:`annotation_collection` as the bytes of ``annotations.jsonld``."""
    buffer = io.BytesIO()
    _write(kb, buffer, base_iri)
    return buffer.getvalue()


def write_annotations(kb: KnowledgeBase, path: Path, base_iri: str = BASE_IRI) -> None:
    """Write ``annotations.jsonld`` (the bytes of :func:`annotations_json`) to ``path``,
    an annotation at a time: the collection is never whole in memory."""
    with open(path, "wb") as out:
        _write(kb, out, base_iri)


_ITEMS = '"items": []'
_MARGIN = " " * 6  # the items' depth in the document


def _write(kb: KnowledgeBase, out: BinaryIO, base_iri: str) -> None:
    """:func:`annotation_collection` as ``json.dumps(indent=2, ensure_ascii=False)``
    writes it, each item as soon as it is made (the total, counted first, before them)."""
    iris = IRIs(base_iri)
    bodies = list(_bodies(kb, iris))
    head = dumps(_collection(base_iri, sum(len(evidence) for _, evidence, _ in bodies), []))
    cut = head.rindex(_ITEMS) + len(_ITEMS) - 2
    out.write(head[:cut].encode("utf-8"))
    entry = "[\n"
    sources = {source.id: (_json(str(iris.source(source.id))),
                           dumps(_state(source, iris), margin=_MARGIN + "    "))
               for source in kb.sources.values()}
    for body, evidence, motivation in bodies:
        texts = _texts(body, evidence, motivation, sources)
        out.write((entry + ",\n".join(texts)).encode("utf-8"))
        entry = ",\n"
    out.write(("[]" if entry.startswith("[") else "\n" + _MARGIN[2:] + "]").encode("utf-8"))
    out.write((head[cut + 2:] + "\n").encode("utf-8"))


def _bodies(kb: KnowledgeBase, iris: IRIs) -> Iterator[tuple[str, list[Evidence], str]]:
    """Each annotated node with its evidence and motivation, in the collection's order."""
    for source in kb.sources.values():
        for claim in kb.by_source.get(source.id, []):
            mine = [e for e in claim.evidence if e.source == source.id]
            if mine:
                yield str(iris.claim(claim.id)), mine, "describing"
    for entity in kb.entities.values():
        if entity.evidence:
            yield str(iris.record(entity.id)), list(entity.evidence), "identifying"


def _annotations(body: str, evidence: Iterable[Evidence], motivation: str, kb: KnowledgeBase,
                 iris: IRIs) -> Iterator[dict]:
    for ev in evidence:
        annotation = annotation_iri(body, ev)
        quote = {"id": f"{annotation}/quote", "type": "TextQuoteSelector", "exact": ev.quote}
        if ev.prefix is not None:
            quote["prefix"] = ev.prefix
        if ev.suffix is not None:
            quote["suffix"] = ev.suffix
        selectors = [quote]
        if ev.start is not None and ev.end is not None:
            selectors.append({"id": f"{annotation}/position", "type": "TextPositionSelector",
                              "start": ev.start, "end": ev.end})
        yield {"id": annotation, "type": "Annotation", "motivation": motivation, "body": body,
               "target": {"id": f"{annotation}/target", "type": "SpecificResource",
                          "source": str(iris.source(ev.source)),
                          "state": _state(kb.sources[ev.source], iris),
                          "selector": selectors}}


def _texts(body: str, evidence: Iterable[Evidence], motivation: str,
           sources: dict[str, tuple[str, str]]) -> list[str]:
    """The items :func:`_annotations` makes, each after ``_MARGIN`` as
    ``dumps(item, margin=_MARGIN)`` writes it, from a template: the same keys in the same
    order, each source's IRI and state written once (``sources``: id -> their JSON)."""
    m = "\n" + _MARGIN
    texts = []
    for ev in evidence:
        annotation = annotation_iri(body, ev)
        source, state = sources[ev.source]
        quote = (f'{m}      {{{m}        "id": {_json(annotation + "/quote")},'
                 f'{m}        "type": "TextQuoteSelector",{m}        "exact": {_json(ev.quote)}')
        if ev.prefix is not None:
            quote += f',{m}        "prefix": {_json(ev.prefix)}'
        if ev.suffix is not None:
            quote += f',{m}        "suffix": {_json(ev.suffix)}'
        selectors = quote + f"{m}      }}"
        if ev.start is not None and ev.end is not None:
            selectors += (f',{m}      {{{m}        "id": {_json(annotation + "/position")},'
                          f'{m}        "type": "TextPositionSelector",'
                          f'{m}        "start": {int.__repr__(ev.start)},'
                          f'{m}        "end": {int.__repr__(ev.end)}{m}      }}')
        texts.append(
            f'{_MARGIN}{{{m}  "id": {_json(annotation)},{m}  "type": "Annotation",'
            f'{m}  "motivation": {_json(motivation)},{m}  "body": {_json(body)},'
            f'{m}  "target": {{{m}    "id": {_json(annotation + "/target")},'
            f'{m}    "type": "SpecificResource",{m}    "source": {source},'
            f'{m}    "state": {state},{m}    "selector": [{selectors}{m}    ]{m}  }}{m}}}')
    return texts


def _state(source: Source, iris: IRIs) -> dict:
    return {"id": str(iris.state(source.id)), "type": "TimeState",
            "cached": str(iris.text(source.id, source.sha256)),
            "sourceDateStart": f"{source.date.first_day.isoformat()}T00:00:00Z",
            "sourceDateEnd": f"{source.date.last_day.isoformat()}T23:59:59Z"}
