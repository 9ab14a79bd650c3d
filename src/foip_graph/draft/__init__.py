"""Draft a new document: what the graph knows that it names, what it names that the graph
does not know, the dates it states and the claims it may make, all proposed for review.

Importing this package is cheap; spaCy loads with the first draft (the command line stays
quick for every other command).
"""

from __future__ import annotations

from importlib import import_module

DEFAULT_MIN_CONFIDENCE = 0.1  # the most recall with precision at least 40 % (docs/curation.md)


class DraftInputError(ValueError):
    """The text cannot be drafted from; the message names the file and what is wrong."""


class DraftWriteError(ValueError):
    """The draft cannot be written where asked; the message says why and what to do."""


_LAZY = {"Draft": "core", "DraftClaim": "core", "DraftEntity": "core", "Mention": "core",
         "StatedDate": "core", "draft": "core", "read_text": "text", "draft_document": "write",
         "Review": "review"}

__all__ = ["DEFAULT_MIN_CONFIDENCE", "DraftInputError", "DraftWriteError", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
