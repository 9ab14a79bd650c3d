"""The registry of entity kinds, predicates, stances and categories.

Everything that needs to know a predicate (validation, RDF, the network view, the pages'
legends, the generated docs) asks this module; the registry itself is data, in
``vocabulary.yaml`` beside it, read once.

>>> p = VOCABULARY.predicate("member_of")
>>> p.label, p.inverse, p.category, p.symmetric
('member of', 'has member', 'membership', False)
>>> "framework" in p.object_kinds
True
>>> VOCABULARY.predicate("budget").value_type
'number'
>>> VOCABULARY.predicate("holds_office").lasting, VOCABULARY.predicate("met_with").lasting
(True, False)
>>> VOCABULARY.kind_for_plural("countries")
'country'
>>> VOCABULARY.predicate("visited").plover
PloverCoding(category='CONSULT', mode=('visit',), context=())
>>> VOCABULARY.predicate("member_of").plover.is_event
False
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from importlib import resources
from typing import Any

import yaml
from pydantic_core import core_schema

VALUE_TYPES = ("number", "date", "string")
NOT_AN_EVENT = "none"
"""How the registry writes "this predicate's claims are not events" (``plover: none``)."""
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
COUNT_UNIT = "http://qudt.org/vocab/unit/NUM"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    plural: str
    description: str


@dataclass(frozen=True)
class Unit:
    name: str
    label: str
    qudt: str | None  # None for an ordinal
    ordinal: bool = False


@dataclass(frozen=True)
class Quantity:
    """A figure as RDF writes it: ``amount`` in ``unit`` (a QUDT IRI, None for a rank),
    the scale folded in; ``count`` for whole numbers of things (and ranks)."""

    amount: Decimal
    unit: str | None
    count: bool


@dataclass(frozen=True)
class Category:
    name: str
    label: str
    color: str


@dataclass(frozen=True)
class PloverCoding:
    """A PLOVER event coding: the category, and the modes and contexts it implies.

    ``category`` None is the decision "not an event" (``plover: none``)."""

    category: str | None
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    @property
    def is_event(self) -> bool:
        return self.category is not None

    def as_data(self) -> str | dict:
        """As the registry and the data write it."""
        if self.category is None:
            return NOT_AN_EVENT
        data: dict = {"category": self.category}
        if self.mode:
            data["mode"] = list(self.mode)
        if self.context:
            data["context"] = list(self.context)
        return data

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # As a pydantic field (an event entity's `plover:`): read and checked like the registry's.
        return core_schema.no_info_plain_validator_function(
            lambda raw: raw if isinstance(raw, PloverCoding) else VOCABULARY.plover.coding(raw),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda c: c.as_data()))

    def __str__(self) -> str:
        if self.category is None:
            return NOT_AN_EVENT
        return " ".join([self.category, *(f"mode={m}" for m in self.mode),
                         *(f"context={c}" for c in self.context)])


@dataclass(frozen=True)
class Plover:
    """PLOVER's lists: each event category's quad category and modes, and the contexts."""

    manual: str
    quads: dict[str, str]
    modes: dict[str, tuple[str, ...]]
    contexts: tuple[str, ...]
    needs_recipient: frozenset[str] = frozenset()  # categories whose records name a recipient

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.quads)

    def coding(self, raw: object) -> PloverCoding:
        """Read a ``plover:`` value (``none``, or ``{category, mode, context}``) and check
        it against these lists; raises ValueError naming what would be valid."""
        if raw == NOT_AN_EVENT:
            return PloverCoding(None)
        if not isinstance(raw, dict) or not set(raw) <= {"category", "mode", "context"}:
            raise ValueError(f"plover must be {NOT_AN_EVENT!r} or {{category, mode, context}}, "
                             f"not {raw!r}")
        category = raw.get("category")
        if category not in self.quads:
            raise ValueError(f"unknown PLOVER category {category!r}; "
                             f"one of: {', '.join(self.categories)}")
        mode, context = tuple(raw.get("mode") or ()), tuple(raw.get("context") or ())
        bad = [m for m in mode if m not in self.modes[category]]
        if bad:
            valid = ", ".join(self.modes[category]) or "none"
            raise ValueError(f"{category} has no mode {bad[0]!r}; its modes: {valid}")
        bad = [c for c in context if c not in self.contexts]
        if bad:
            raise ValueError(f"unknown PLOVER context {bad[0]!r}; contexts: {', '.join(self.contexts)}")
        return PloverCoding(category, mode, context)


@dataclass(frozen=True)
class Predicate:
    """One relation type: how it reads, what it links, how it is drawn."""

    name: str
    label: str
    inverse: str | None
    subject_kinds: tuple[str, ...]
    object_kinds: tuple[str, ...]
    value_type: str | None
    symmetric: bool
    category: str
    description: str
    lasting: bool = False  # a state over time (office, membership): no point `date`
    derived: bool = False  # computed from other claims (see kb.py), never written in data
    plover: PloverCoding | None = None  # its PLOVER event coding; None: no decision yet
    subproperty_of: tuple[str, ...] = ()
    inverse_subproperty_of: tuple[str, ...] = ()

    @property
    def is_literal(self) -> bool:
        """True for predicates whose object is a value (a figure, a date), not an entity."""
        return self.value_type is not None

    @property
    def inverse_label(self) -> str:
        """How the relation reads from the object's side."""
        return self.label if self.symmetric else (self.inverse or f"is {self.label} of")


class Vocabulary:
    """The parsed registry. Use the module-level ``VOCABULARY``."""

    def __init__(self, data: dict) -> None:
        self.kinds: dict[str, Kind] = {
            name: Kind(name, k["label"], k["plural"], k["description"])
            for name, k in data["kinds"].items()
        }
        self.stances: dict[str, str] = dict(data["stances"])
        self.categories: dict[str, Category] = {
            name: Category(name, c["label"], c["color"]) for name, c in data["categories"].items()
        }
        p = data["plover"]
        self.plover = Plover(
            manual=p["manual"],
            quads={name: c["quad"] for name, c in p["categories"].items()},
            modes={name: tuple(c["modes"]) for name, c in p["categories"].items()},
            contexts=tuple(p["contexts"]),
            needs_recipient=frozenset(n for n, c in p["categories"].items() if c.get("recipient")))
        self.predicates: dict[str, Predicate] = {
            name: self._predicate(name, p) for name, p in data["predicates"].items()
        }
        self.units: dict[str, Unit] = {
            name: Unit(name, u["label"], u.get("qudt"), bool(u.get("ordinal", False)))
            for name, u in data["units"].items()
        }

    def _predicate(self, name: str, p: dict) -> Predicate:
        symmetric = bool(p.get("symmetric", False))
        value_type = p.get("value")
        if value_type is not None and value_type not in VALUE_TYPES:
            raise ValueError(f"predicate {name}: value must be one of {VALUE_TYPES}")
        if p["category"] not in self.categories:
            raise ValueError(f"predicate {name}: unknown category {p['category']!r}")
        kinds = (*p["subject"], *p.get("object", ()))
        unknown = [k for k in kinds if k not in self.kinds]
        if unknown:
            raise ValueError(f"predicate {name}: unknown kinds {unknown}")
        if value_type is None and not symmetric and not p.get("inverse"):
            raise ValueError(f"predicate {name}: needs an inverse label or symmetric: true")
        try:
            plover = self.plover.coding(p["plover"]) if "plover" in p else None
        except ValueError as exc:
            raise ValueError(f"predicate {name}: {exc}") from None
        return Predicate(
            name=name,
            label=p["label"],
            inverse=p.get("inverse"),
            subject_kinds=tuple(p["subject"]),
            object_kinds=tuple(p.get("object", ())),
            value_type=value_type,
            symmetric=symmetric,
            category=p["category"],
            description=p["description"],
            lasting=bool(p.get("lasting", False)),
            derived=bool(p.get("derived", False)),
            plover=plover,
            subproperty_of=tuple(p.get("subproperty_of", ())),
            inverse_subproperty_of=tuple(p.get("inverse_subproperty_of", ())),
        )

    def predicate(self, name: str) -> Predicate:
        return self.predicates[name]

    def quantity(self, value: int | float, unit: str | None) -> Quantity:
        """A figure with its unit as written (``15``, ``"billion JPY"``), in base units.

        >>> VOCABULARY.quantity(15, "billion JPY")
        Quantity(amount=Decimal('15000000000'), unit='http://qudt.org/vocab/currency/JPY', count=False)
        >>> VOCABULARY.quantity(3, "phone calls").count, VOCABULARY.quantity(2.5, "trips")
        Traceback (most recent call last):
        ...
        ValueError: 2.5 trips: a count of trips is a whole number
        >>> VOCABULARY.quantity(4, "billion EUR")
        Traceback (most recent call last):
        ...
        ValueError: unit 'billion EUR': 'EUR' is not a unit of the vocabulary (after a scale word: JPY, USD, percent, years, consecutive years)
        """
        words = (unit or "").split(" ", 1)
        scale = SCALES.get(words[0], 1) if len(words) == 2 else 1
        name = words[1] if scale != 1 else (unit or "")
        amount = Decimal(repr(value)) * scale
        known = self.units.get(name)
        if known is None and scale != 1:
            measures = ", ".join(u for u, k in self.units.items() if not k.ordinal)
            raise ValueError(f"unit {unit!r}: {name!r} is not a unit of the vocabulary "
                             f"(after a scale word: {measures})")
        if known is not None and not known.ordinal:
            return Quantity(amount, known.qudt, False)
        if amount != amount.to_integral_value():
            counted = f"a count of {unit}" if unit else "a count"
            raise ValueError(f"{value} {unit or ''}".strip() + f": {counted} is a whole number")
        return Quantity(amount.quantize(Decimal(1)), None if known else COUNT_UNIT, True)

    @cached_property
    def _plurals(self) -> dict[str, str]:
        return {k.plural: k.name for k in self.kinds.values()}

    def kind_for_plural(self, plural: str) -> str | None:
        """The kind whose entity file is ``<plural>.yaml``, or None."""
        return self._plurals.get(plural)


def _read() -> Vocabulary:
    text = resources.files(__package__).joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return Vocabulary(yaml.safe_load(text))


VOCABULARY = _read()
