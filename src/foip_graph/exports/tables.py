"""The knowledge base as relational tables: sources, entities, aliases, claims,
evidence and qualifiers, linked by foreign keys.

Every column comes from a field of the model, so a field the model gains (a new
qualifier, a source's recording date) becomes a column, or qualifier rows, with no change
here. Rows are in dataset order; ``position`` keeps that order for sorting.

>>> from foip_graph.kb import KnowledgeBase
>>> t = {table.name: table for table in tables(KnowledgeBase.from_path())}
>>> list(t)
['sources', 'entities', 'aliases', 'claims', 'evidence', 'qualifiers']
>>> t["claims"].columns[:5], t["claims"].foreign_keys
(('id', 'position', 'subject', 'predicate', 'object'), (('subject', 'entities', 'id'), ('object', 'entities', 'id')))
>>> t["evidence"].search
('quote',)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from ..model import Claim, Entity, Source

# Claim fields that are columns of ``claims``; every other field but the evidence is a qualifier
CLAIM_CORE = ("subject", "predicate", "object", "value", "unit", "note")
EVIDENCE_FIELDS = ("source", "quote", "start", "end", "prefix", "suffix")


@dataclass(frozen=True)
class Table:
    """One table: its columns (the first is the primary key unless ``pk`` says
    otherwise), rows, foreign keys ``(column, table, column)`` and the text columns
    full-text search covers."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    pk: tuple[str, ...]
    types: dict[str, type]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    search: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self.rows)} rows>"


def qualifier_names() -> tuple[str, ...]:
    """The claim fields stored as qualifier rows (date, start, end, role, stance, ...)."""
    return tuple(f for f in Claim.model_fields if f not in (*CLAIM_CORE, "evidence"))


def tables(kb: KnowledgeBase) -> list[Table]:
    """The six tables, in an order where every foreign key points to a table before it."""
    source_fields = tuple(Source.model_fields)
    entity_fields = tuple(f for f in Entity.model_fields if f not in ("aliases", "evidence"))
    entities = list(kb.entities.values())
    claim_rows, qualifier_rows = [], []
    qualifiers = qualifier_names()
    for position, c in enumerate(kb.claims):
        claim_id = c.id
        claim_rows.append((claim_id, position, c.subject, c.predicate, c.object, _text(c.value), c.unit,
                           c.note))
        for name in qualifiers:
            qualifier_rows += [(claim_id, name, value) for value in _values(getattr(c, name))]
    evidence_rows = [(c.id, None, *(getattr(e, f) for f in EVIDENCE_FIELDS))
                     for c in kb.claims for e in c.evidence]
    evidence_rows += [(None, x.id, *(getattr(e, f) for f in EVIDENCE_FIELDS))
                      for x in entities for e in x.evidence]
    numbers = {"start": int, "end": int, "position": int, "birth_year": int}
    return [
        Table("sources", source_fields,
              tuple(tuple(_text(getattr(s, f)) for f in source_fields) for s in kb.sources.values()),
              ("id",), _types(source_fields, numbers), search=("title",)),
        Table("entities", entity_fields,
              tuple(tuple(_scalar(getattr(e, f)) for f in entity_fields) for e in entities),
              ("id",), _types(entity_fields, numbers), search=("name", "description")),
        Table("aliases", ("entity", "position", "alias"),
              tuple((e.id, i, alias) for e in entities for i, alias in enumerate(e.aliases)),
              ("entity", "position"), _types(("entity", "position", "alias"), numbers),
              (("entity", "entities", "id"),), search=("alias",)),
        Table("claims", ("id", "position", *CLAIM_CORE), tuple(claim_rows), ("id",),
              _types(("id", "position", *CLAIM_CORE), numbers),
              (("subject", "entities", "id"), ("object", "entities", "id")), search=("note",)),
        Table("evidence", ("id", "claim", "entity", *EVIDENCE_FIELDS),
              tuple((i, *row) for i, row in enumerate(evidence_rows, 1)), ("id",),
              _types(("id", "claim", "entity", *EVIDENCE_FIELDS), numbers | {"id": int}),
              (("claim", "claims", "id"), ("entity", "entities", "id"), ("source", "sources", "id")),
              search=("quote",)),
        Table("qualifiers", ("claim", "name", "value"), tuple(qualifier_rows), ("claim", "name", "value"),
              _types(("claim", "name", "value"), numbers), (("claim", "claims", "id"),)),
    ]


def _types(columns: tuple[str, ...], known: dict[str, type]) -> dict[str, type]:
    return {c: known.get(c, str) for c in columns}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _scalar(value: Any) -> Any:
    return value if value is None or isinstance(value, int) else str(value)


def _values(value: Any) -> list[str]:
    """A qualifier's value as the text of one row each: a list gives a row per item, an
    item with fields (an observation: date and source) its fields as JSON."""
    if value is None:
        return []
    items = value if isinstance(value, (tuple, list)) else [value]
    return [json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
            if hasattr(item, "model_dump") else str(item) for item in items]
