"""Names and aliases to entities, forgiving case, punctuation and diacritics.

>>> name_key("U.S."), name_key("US"), name_key("united states")
('us', 'us', 'united states')
>>> name_key("Türkiye") == name_key("Turkiye")
True
>>> name_key("Japan-U.S.-ROK"), name_key("Japan–China")
('japan us rok', 'japan china')
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

_NOT_WORD = re.compile(r"[^\w\s\-\u2010-\u2015/]+")
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015/]+")


def name_key(name: str) -> str:
    """The form names are compared in: no diacritics, no case, no punctuation.

    Dots and apostrophes vanish ("U.S." = "US"); hyphens, dashes and slashes separate words.
    """
    text = name
    if not text.isascii():  # ASCII has no diacritics to take off
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NOT_WORD.sub("", text.casefold())
    return _SEPARATORS.sub(" ", text).strip()


class UnknownEntityError(LookupError):
    """No entity has this id, name or alias. ``suggestions`` lists close ones."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no entity is called {name!r}{hint}")


class AmbiguousEntityError(LookupError):
    """More than one entity answers to this name. ``candidates`` lists their ids."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} could be any of: {', '.join(candidates)}; use an id")


class Named(Protocol):
    id: str
    name: str
    aliases: tuple[str, ...]


N = TypeVar("N", bound=Named)


class Resolver(Generic[N]):
    """Looks entities up by id, name or alias.

    >>> from types import SimpleNamespace as E
    >>> r = Resolver([E(id="united-states", name="United States", aliases=("U.S.", "US")),
    ...               E(id="south-korea", name="Republic of Korea", aliases=("ROK",))])
    >>> r.resolve("u.s").id, r.resolve("rok").id, r.resolve("South-Korea").id
    ('united-states', 'south-korea', 'south-korea')
    >>> r.resolve("Untied States")
    Traceback (most recent call last):
    ...
    foip_graph.resolve.UnknownEntityError: no entity is called 'Untied States'; did you mean: United States (united-states)?
    """

    def __init__(self, entities: Iterable[N]) -> None:
        self._by_id: dict[str, N] = {}
        self._by_key: dict[str, list[N]] = defaultdict(list)
        self._labels: dict[str, list[tuple[N, str]]] = defaultdict(list)
        for entity in entities:
            self._by_id[entity.id] = entity
            for label in (entity.id, entity.name, *entity.aliases):
                key = name_key(label)
                if entity not in self._by_key[key]:
                    self._by_key[key].append(entity)
                    self._labels[key].append((entity, label))

    def resolve(self, name: str) -> N:
        """The entity with this id, name or alias; raises if none or several, and
        TypeError (in a sentence) if ``name`` is not text.

        >>> Resolver([]).resolve(None)
        Traceback (most recent call last):
        ...
        TypeError: an entity is named by its id, name or alias, as text (a str), not None
        """
        if not isinstance(name, str):
            shown = repr(name) if len(repr(name)) <= 80 else repr(name)[:79] + "…"
            what = shown if name is None else f"{type(name).__name__} {shown}"
            raise TypeError(f"an entity is named by its id, name or alias, as text (a str), not {what}")
        if name in self._by_id:
            return self._by_id[name]
        found = self._by_key.get(name_key(name), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousEntityError(name, sorted(e.id for e in found))
        raise UnknownEntityError(name, self.suggest(name))

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` close names, as "Name (id)", with the alias that matched when
        it is an alias. Names and aliases holding the words asked for come first (shortest
        first), then names spelled alike.

        >>> from types import SimpleNamespace as E
        >>> r = Resolver([E(id="quad", name="Quad", aliases=("Quadrilateral Security Dialogue",)),
        ...               E(id="unilateralism", name="Unilateralism", aliases=())])
        >>> r.suggest("quadrilateral")
        ['Quad (quad, alias "Quadrilateral Security Dialogue")', 'Unilateralism (unilateralism)']
        """
        wanted = name_key(name)
        holding = sorted((k for k in self._by_key if wanted and wanted != k and wanted in k),
                         key=lambda k: (f" {wanted} " not in f" {k} ", len(k), k))
        alike = difflib.get_close_matches(wanted, list(self._by_key), n=limit * 2, cutoff=0.6)
        found: dict[str, str] = {}
        for key in dict.fromkeys([*holding, *alike]):
            for entity, label in self._labels[key]:
                alias = f', alias "{label}"' if label not in (entity.id, entity.name) else ""
                found.setdefault(entity.id, f"{entity.name} ({entity.id}{alias})")
        return list(found.values())[:limit]

    def collisions(self) -> dict[str, list[N]]:
        """Name keys that more than one entity answers to."""
        return {k: v for k, v in self._by_key.items() if len(v) > 1}
