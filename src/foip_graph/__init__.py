"""foip-graph: an evidenced knowledge graph of Japan's diplomacy and the Free and Open
Indo-Pacific, built from public documents.

>>> import foip_graph
>>> kg = foip_graph.load()
>>> kg.entity("U.S.").name
'United States'
"""

from __future__ import annotations

from .examples import example_queries, example_query
from .kb import DataError, KnowledgeBase
from .model import Claim, Entity, Evidence, Source
from .query import Answer, Dated, KnowledgeGraph, Link, Ranked, SourceView, load, rows
from .pyvis_view import save_pyvis
from .resolve import AmbiguousEntityError, UnknownEntityError

__version__ = "0.1.0"

__all__ = [
    "AmbiguousEntityError", "Answer", "Claim", "DataError", "Dated", "Entity", "Evidence",
    "KnowledgeBase", "KnowledgeGraph", "Link", "Ranked", "Source", "SourceView",
    "UnknownEntityError", "example_queries", "example_query", "load", "rows", "save_pyvis",
]
