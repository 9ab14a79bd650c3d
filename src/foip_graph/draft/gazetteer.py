"""Every name and alias of the graph, found in a new text.

Labels are matched by spaCy's ``PhraseMatcher`` on lowercased tokens; then a token that a
label writes like an acronym (a capital after its first letter, or a digit: "US", "U.S.",
"ROK", "G7") must also match with its exact case, so "US" the country is never "us" the
pronoun, while other tokens match in any case ("Japan-U.S. Summit Meeting" finds
"Japan–U.S. summit meeting"). Overlapping matches keep the longest, so no match lies inside
a longer known name ("Korea" is not found inside "North Korea").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..evidence import normalize_quote
from .text import nlp


class Labelled(Protocol):
    """An entity, or a candidate for one: an id, a kind and its labels."""

    id: str
    kind: str

    @property
    def labels(self) -> tuple[str, ...] | list[str]: ...


def acronym_like(token: str) -> bool:
    """Whether a token is written like an acronym or code: exact case matters.

    >>> [acronym_like(t) for t in ("US", "U.S.", "G7", "Japan", "us", "Mr.")]
    [True, True, True, False, False, False]
    """
    return any(c.isupper() for c in token[1:]) or any(c.isdigit() for c in token)


@dataclass(frozen=True)
class Hit:
    """A known entity named in a document: tokens ``[start, end)`` of the doc."""

    entity: str
    start: int
    end: int


class Gazetteer:
    """The graph's names, ready to be found in spaCy documents."""

    def __init__(self, entities: Iterable[Labelled]) -> None:
        self.matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
        self.kinds: dict[str, str] = {}
        self._cased: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}
        for entity in sorted(entities, key=lambda e: e.id):
            self.kinds[entity.id] = entity.kind
            docs = []
            for label in entity.labels:
                doc = nlp().make_doc(normalize_quote(label))
                if len(doc):
                    docs.append(doc)
                    self._cased[entity.id, tuple(t.lower_ for t in doc)] = [
                        (i, t.text) for i, t in enumerate(doc) if acronym_like(t.text)]
            self.matcher.add(entity.id, docs)

    def find(self, doc: Doc) -> list[Hit]:
        """Known names in ``doc``, longest first, none inside another; in text order."""
        spans = [Span(doc, start, end, label=key) for key, start, end in self.matcher(doc)]
        spans = [s for s in spans if self._case_fits(s)]
        return [Hit(s.label_, s.start, s.end) for s in sorted(filter_spans(spans), key=lambda s: s.start)]

    def _case_fits(self, span: Span) -> bool:
        cased = self._cased[span.label_, tuple(t.lower_ for t in span)]
        return all(span[i].text == text for i, text in cased)
