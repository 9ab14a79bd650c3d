"""Counts over a KnowledgeBase: entities by kind, claims by predicate and by source.

>>> from foip_graph.kb import KnowledgeBase
>>> s = stats(KnowledgeBase.from_path())
>>> s.entities == sum(s.by_kind.values()), s.claims == sum(s.by_predicate.values())
(True, True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .kb import KnowledgeBase


@dataclass(frozen=True)
class Stats:
    """``evidence`` counts the quotes of claims (a claim two sources state has quotes
    from both); ``entity_evidence`` the quotes some entities carry for their own dates."""

    sources: int
    entities: int
    claims: int
    evidence: int
    entity_evidence: int
    by_kind: dict[str, int]
    by_predicate: dict[str, int]
    by_source: dict[str, int]
    without_claims: list[str]

    def as_dict(self) -> dict:
        return {
            "sources": self.sources, "entities": self.entities, "claims": self.claims,
            "evidence": self.evidence, "entity_evidence": self.entity_evidence, "entities_by_kind": self.by_kind,
            "claims_by_predicate": self.by_predicate, "claims_by_source": self.by_source,
            "entities_without_claims": self.without_claims,
        }


def stats(kb: KnowledgeBase) -> Stats:
    """Count what the knowledge base holds; most frequent first, ties by name."""
    linked = set(kb.by_subject) | set(kb.by_object)
    return Stats(
        sources=len(kb.sources),
        entities=len(kb.entities),
        claims=len(kb.claims),
        evidence=sum(len(c.evidence) for c in kb.claims),
        entity_evidence=sum(len(e.evidence) for e in kb.entities.values()),
        by_kind=_ranked(Counter(e.kind for e in kb.entities.values())),
        by_predicate=_ranked(Counter(c.predicate for c in kb.claims)),
        by_source={s: len(kb.by_source.get(s, [])) for s in kb.sources},
        without_claims=sorted(set(kb.entities) - linked),
    )


def _ranked(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
