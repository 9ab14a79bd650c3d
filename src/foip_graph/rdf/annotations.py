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

import json
from collections.abc import Iterable, Iterator

from ..kb import KnowledgeBase
from ..model import Evidence, Source
from .namespaces import BASE_IRI, IRIs
from .view import annotation_iri

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FILE = "annotations.jsonld"


def annotation_collection(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> dict:
    """Every annotation of ``kb`` in one collection, claims first (by source, then claim
    order), then entity records."""
    iris = IRIs(base_iri)
    items = list(_items(kb, iris))
    collection = f"{base_iri}annotations"
    return {
        "@context": ANNO_CONTEXT, "id": collection, "type": "AnnotationCollection",
        "label": "The evidence of every claim and entity of foip-graph", "total": len(items),
        "first": {"id": f"{collection}/page/1", "type": "AnnotationPage", "partOf": collection,
                  "startIndex": 0, "items": items},
    }


def annotations_json(kb: KnowledgeBase, base_iri: str = BASE_IRI) -> bytes:
    """:func:`annotation_collection` as the bytes of ``annotations.jsonld``."""
    document = annotation_collection(kb, base_iri)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _items(kb: KnowledgeBase, iris: IRIs) -> Iterator[dict]:
    for source in kb.sources.values():
        for claim in kb.by_source.get(source.id, []):
            mine = [e for e in claim.evidence if e.source == source.id]
            yield from _annotations(str(iris.claim(claim.id)), mine, "describing", kb, iris)
    for entity in kb.entities.values():
        yield from _annotations(str(iris.record(entity.id)), entity.evidence, "identifying", kb, iris)


def _annotations(body: str, evidence: Iterable[Evidence], motivation: str, kb: KnowledgeBase,
                 iris: IRIs) -> Iterator[dict]:
    for ev in evidence:
        annotation = str(annotation_iri(body, ev))
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


def _state(source: Source, iris: IRIs) -> dict:
    return {"id": str(iris.state(source.id)), "type": "TimeState",
            "cached": str(iris.text(source.id, source.sha256)),
            "sourceDateStart": f"{source.date.first_day.isoformat()}T00:00:00Z",
            "sourceDateEnd": f"{source.date.last_day.isoformat()}T23:59:59Z"}
