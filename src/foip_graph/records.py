"""Answers as JSON-ready records: nested, with real lists and every piece of evidence.

:func:`foip_graph.rows` flattens answers for a DataFrame (one row per claim, the first
quote); a record keeps the shape of the answer instead, which is what ``--json`` prints.
Each claim record carries all the claim's fields (new qualifiers included, as the model
gains them), ``derived_from`` (the ids of the stated claims a derived link comes from, or
None), its ``sources`` as a list and its ``evidence`` as a list of
``{source, quote, start, end}`` objects.

>>> import foip_graph
>>> kg = foip_graph.load()
>>> (quad,) = [a for a in kg.members("Quad") if a.entity.id == "japan"]
>>> r = record(quad)
>>> r["id"], r["claims"][0]["predicate"], r["claims"][0]["sources"]
('japan', 'member_of', ['briefing-2026', 'dialogue-2026'])
>>> e = r["claims"][0]["evidence"][0]
>>> sorted(e), e["quote"], e["end"] - e["start"] == len(e["quote"])
(['end', 'quote', 'source', 'start'], 'Japan-Australia-India-U.S. (Quad)', True)
>>> len(record(quad, quotes="none")["claims"][0]["evidence"])
0
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any, Literal

from .model import Claim, Entity, Evidence, Source
from .query import Answer, Dated, Link, Ranked, SourceView
from .timing import Basis

Quotes = Literal["all", "first", "none"]


def chosen(evidence: tuple[Evidence, ...], quotes: Quotes = "all",
           source: str | None = None) -> tuple[Evidence, ...]:
    """The evidence to show: all of it, the first item or none; only ``source``'s if given."""
    if source is not None:
        evidence = tuple(e for e in evidence if e.source == source)
    return {"all": evidence, "first": evidence[:1], "none": ()}[quotes]


def evidence_record(e: Evidence) -> dict[str, Any]:
    """A quote, the source it comes from and its character span there."""
    return {"source": e.source, "quote": e.quote, "start": e.start, "end": e.end}


def entity_ref(e: Entity) -> dict[str, Any]:
    """Enough to name an entity: id, name, kind."""
    return {"id": e.id, "name": e.name, "kind": e.kind}


@singledispatch
def record(item: Any, quotes: Quotes = "all") -> dict[str, Any]:
    """Any answer (claim, entity, answer, link, dated entry, source view, rank) as a record."""
    raise TypeError(f"record() does not know how to show {type(item).__name__}")


@record.register
def _(c: Claim, quotes: Quotes = "all", source: str | None = None) -> dict[str, Any]:
    return {"claim": c.id, **c.model_dump(mode="json", exclude={"evidence"}),
            "derived_from": list(c.derived_from) if c.derived else None, "sources": list(c.sources),
            "evidence": [evidence_record(e) for e in chosen(c.evidence, quotes, source)]}


@record.register
def _(e: Entity, quotes: Quotes = "all") -> dict[str, Any]:
    return {**e.model_dump(mode="json", exclude={"evidence"}),
            "evidence": [evidence_record(x) for x in chosen(e.evidence, quotes)]}


@record.register
def _(s: Source, quotes: Quotes = "all") -> dict[str, Any]:
    return s.model_dump(mode="json")


@record.register
def _(a: Answer, quotes: Quotes = "all") -> dict[str, Any]:
    return {**entity_ref(a.entity), "basis": _basis(a.basis), "claims": [record(c, quotes) for c in a.claims]}


@record.register
def _(link: Link, quotes: Quotes = "all") -> dict[str, Any]:
    return {"reads": link.reads, "direction": link.direction, **entity_ref(link.entity),
            "claim": record(link.claim, quotes)}


@record.register
def _(d: Dated, quotes: Quotes = "all") -> dict[str, Any]:
    event = None if d.event is None else {
        **entity_ref(d.event), "places": [entity_ref(p) for p in d.places],
        "evidence": [evidence_record(e) for e in chosen(d.event.evidence, quotes)]}
    return {"when": str(d.when), "event": event,
            "claim": None if d.claim is None else record(d.claim, quotes)}


@record.register
def _(view: SourceView, quotes: Quotes = "all") -> dict[str, Any]:
    s = view.source
    return {"source": s.id, "title": s.title, "date": str(s.date), "stances": list(view.stances),
            "claims": [record(c, quotes, source=s.id) for c in view.claims]}


@record.register
def _(r: Ranked, quotes: Quotes = "all") -> dict[str, Any]:
    return {**entity_ref(r.entity), "score": r.score}


def _basis(basis: Basis | None) -> dict[str, str] | None:
    return None if basis is None else {"kind": basis.kind, "detail": basis.detail}


def records(items, quotes: Quotes = "all") -> list[dict[str, Any]]:
    """Each item as a record."""
    return [record(item, quotes) for item in items]
