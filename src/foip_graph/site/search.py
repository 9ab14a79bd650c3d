"""The search index every page's search box reads: ``assets/search.js``.

It holds each entity's id, name, kind, aliases and number of claims (results are ranked
by how connected an entity is), and each relationship page's pair and number of claims
(so "japan china" offers the Japan–China page). ``site.js`` does the matching: names and
aliases without case, punctuation or diacritics, words in any order, typos forgiven.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..query import KnowledgeGraph
from .safejson import script_json
from .style import KINDS

NAME = "search.js"


def search_index(kg: KnowledgeGraph, claims_of: dict[str, int],
                 relationships: Sequence) -> str:
    """The script defining ``window.foipIndex``: entities sorted by name, relationship
    pages in the order given."""
    entities = [[e.id, e.name, KINDS[e.kind].label, list(e.aliases), claims_of[e.id]]
                for e in kg.entities()]
    pairs = [[r.a.id, r.b.id, len(r.claims)] for r in relationships]
    return f"window.foipIndex = {script_json({'entities': entities, 'relationships': pairs})};\n"
