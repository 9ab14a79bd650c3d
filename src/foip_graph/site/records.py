"""The words behind every graph element, in small script files a page loads on demand.

A graph's side panel shows a claim's quotes, qualifiers, note and PLOVER event category,
or an entity's description. No page needs all of them, and the overview would carry
every quote of the dataset, so they are written once, as records in
``assets/evidence/<n>.js`` (shard ``n = fnv1a(id) % shards``, about :data:`PER_SHARD`
records each); ``graph.js`` adds a ``<script>`` element for a shard when a panel first
needs it. A script element, because ``fetch`` is refused both from ``file://`` and by
the pages' ``connect-src 'none'``.

>>> fnv1a("japan"), shard_count(1084)
(3457730139, 8)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from ..kb import KnowledgeBase
from ..model import Claim, Entity, Evidence
from ..query import KnowledgeGraph
from ..vocabulary import VOCABULARY
from .safejson import script_json
from .words import plain, when

PER_SHARD = 150
FOLDER = "evidence"  # under assets/


def fnv1a(text: str) -> int:
    """The 32-bit FNV-1a hash of ``text``'s UTF-8 bytes (``graph.js`` computes the same)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(records: int) -> int:
    return max(1, math.ceil(records / PER_SHARD))


def says(kb: KnowledgeBase, claim: Claim) -> str:
    """A claim in words, the way round it is written: "Japan allied with United States"."""
    target = kb.entities[claim.object].name if claim.object else f"{claim.value}{' ' + claim.unit if claim.unit else ''}"
    return f"{kb.entities[claim.subject].name} {VOCABULARY.predicate(claim.predicate).label} {target}"


def claim_record(kb: KnowledgeBase, claim: Claim, passage: Callable[[Evidence, str | None], str | None],
                 event: str | None = None) -> dict:
    """What a panel shows of a claim: what it says, each quote as it reads, with its
    source and the address of its passage (relative to the site's root), the
    qualifiers in words and ``event``, its PLOVER coding in words when it is part of an
    event record. A derived link names, instead of quotes, the stated claims it comes
    from (``derived_from``), whose own records hold their quotes."""
    record: dict = {"says": says(kb, claim)}
    if claim.derived:
        record["derived_from"] = list(claim.derived_from)
    else:
        record["quotes"] = [[plain(e.quote), e.source, passage(e, claim.id)] for e in claim.evidence]
    for field, value in (("event", event), ("when", when(claim)), ("stance", claim.stance),
                         ("role", claim.role), ("note", claim.note)):
        if value:
            record[field] = value
    return record


def entity_record(entity: Entity, claims: int) -> dict:
    record: dict = {"description": entity.description, "claims": claims}
    if entity.aliases:
        record["aliases"] = list(entity.aliases)
    if when(entity):
        record["when"] = when(entity)
    return record


def records(kg: KnowledgeGraph, passage: Callable[[Evidence, str | None], str | None],
            claims_of: dict[str, int], events: dict[str, str],
            ids: set[str] | None = None) -> dict[str, dict]:
    """The records of the claims that are edges (derived links too) and of the entities
    (only those in ``ids`` and the claims their derived links come from, if given), by id;
    ``events`` is each event claim's PLOVER coding in words."""
    wanted = None if ids is None else ids | {i for d in kg.kb.derived if d.id in ids for i in d.derived_from}
    found = {c.id: claim_record(kg.kb, c, passage, events.get(c.id)) for c in [*kg.kb.claims, *kg.kb.derived]
             if c.object is not None and (wanted is None or c.id in wanted)}
    found.update((e.id, entity_record(e, claims_of[e.id])) for e in kg.kb.entities.values()
                 if ids is None or e.id in ids)
    return found


def shard_ids(kb: KnowledgeBase, n: int) -> dict[int, list[str]]:
    """The ids of the records of each of ``n`` shards, in id order: the claims that are
    edges (derived links too) and the entities."""
    out: dict[int, list[str]] = {i: [] for i in range(n)}
    for key in sorted({*(c.id for c in [*kb.claims, *kb.derived] if c.object is not None), *kb.entities}):
        out[fnv1a(key) % n].append(key)
    return out


def shards(kg: KnowledgeGraph, passage: Callable[[Evidence, str | None], str | None],
           claims_of: dict[str, int], events: dict[str, str], ids: dict[int, list[str]],
           only: Iterable[int] | None = None) -> dict[int, dict]:
    """Every record (``events`` as in :func:`records`), in the shards ``ids``
    (:func:`shard_ids`, for the number of shards the pages' graph data gives), each
    shard's records in id order; only the shards ``only`` when given."""
    chosen = sorted(ids if only is None else only)
    records_ = records(kg, passage, claims_of, events, None if only is None else {i for s in chosen for i in ids[s]})
    return {s: {key: records_[key] for key in ids[s]} for s in chosen}


def shard_script(n: int, records: dict) -> str:
    return f"foipEvidence({n}, {script_json(records)});\n"
