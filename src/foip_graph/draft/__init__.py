"""Draft a new document: what the graph knows that it names, what it names that the graph
does not know, the dates it states and the claims it may make, all proposed for review."""

from .core import Draft, DraftClaim, DraftEntity, Mention, StatedDate, draft
from .text import DraftInputError, read_text

__all__ = ["Draft", "DraftClaim", "DraftEntity", "DraftInputError", "Mention", "StatedDate",
           "draft", "read_text"]
