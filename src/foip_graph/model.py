"""The data model: sources, entities, claims and their evidence.

The model knows nothing of RDF, networkx or HTML. Relations between entities are never
fields: they are claims, and every claim carries evidence from a source.

>>> c = Claim(subject="japan", predicate="allied_with", object="united-states",
...           evidence=[Evidence(source="briefing-2026", quote="Japan's sole ally")])
>>> c.id
'c-af8b8334ec913e04'
>>> c.sources
('briefing-2026',)
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .dates import PartialDate as Date
from .vocabulary import VOCABULARY

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

EntityKind = Literal[
    "country", "person", "organization", "framework", "agreement", "initiative",
    "project", "event", "place", "issue", "office",
]

# Which optional fields each kind may carry; all other kind-specific fields are refused.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "country": frozenset({"iso_code"}),
    "person": frozenset({"birth_year"}),
    "event": frozenset({"date", "start", "end"}),
    "agreement": frozenset({"date"}),
}
KIND_SPECIFIC = frozenset().union(*KIND_FIELDS.values())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_Strict):
    """A verbatim quote from a source, with its character span in the source text and a
    few words of context either side (all four written by ``foip-graph locate``)."""

    source: str
    quote: str = Field(min_length=3)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    prefix: str | None = None
    suffix: str | None = None


class Source(_Strict):
    """A document the graph is built from."""

    id: str = Field(pattern=SLUG)
    title: str
    publisher: str
    date: Date
    kind: str
    url: str | None = None
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    note: str | None = None


class Entity(_Strict):
    """A thing the documents name: a country, a person, a framework, an office..."""

    id: str = Field(pattern=SLUG)
    kind: EntityKind
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    iso_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    birth_year: int | None = Field(default=None, ge=1000, le=2100)
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)

    def __repr__(self) -> str:
        return f"<Entity {self.id} ({self.kind}): {self.name}>"


Value = Union[int, float, Date, str]


class Claim(_Strict):
    """One statement: subject, predicate, an entity object or a literal value, qualifiers
    and the evidence for it."""

    subject: str
    predicate: str
    object: str | None = None
    value: Value | None = None
    unit: str | None = None
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    role: str | None = None
    stance: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    def key(self) -> tuple:
        """What makes two claims the same statement (evidence and notes aside).

        Symmetric predicates read the same either way round, so their ends are sorted.
        """
        ends = (self.subject, self.object)
        predicate = VOCABULARY.predicates.get(self.predicate)
        if predicate is not None and predicate.symmetric and self.object is not None:
            ends = tuple(sorted(ends))
        qualifiers = (self.date, self.start, self.end, self.role, self.stance)
        return (*ends, self.predicate, _text(self.value), self.unit, *map(_text, qualifiers))

    @property
    def id(self) -> str:
        """A stable id derived from the claim's content, not its position in a file."""
        payload = json.dumps(self.key(), ensure_ascii=False, separators=(",", ":"))
        return "c-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    def __repr__(self) -> str:
        target = self.object if self.object is not None else f"{self.value}{' ' + self.unit if self.unit else ''}"
        qualifiers = "".join(f" {f}={getattr(self, f)}" for f in ("date", "start", "end", "role", "stance")
                             if getattr(self, f) is not None)
        return f"<Claim {self.subject} {self.predicate} {target}{qualifiers} [{', '.join(self.sources)}]>"

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources its evidence comes from, in evidence order, once each."""
        return tuple(dict.fromkeys(e.source for e in self.evidence))


def _text(value: object) -> str | None:
    return None if value is None else str(value)
