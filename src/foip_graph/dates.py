"""Partial ISO dates: ``2019``, ``2019-09`` and ``2019-09-11``.

A partial date stands for a period (a year, a month, a day). Comparisons use the period's
first day, then its precision, so ``2019 < 2019-01 < 2019-01-01 < 2019-01-02``; ``covers``
and ``overlaps`` answer "as of" questions about periods.

>>> d = PartialDate.parse("2019-09")
>>> d, str(d), d.first_day, d.last_day
(PartialDate('2019-09'), '2019-09', datetime.date(2019, 9, 1), datetime.date(2019, 9, 30))
>>> sorted([PartialDate.parse(x) for x in ["2020", "2019-09-11", "2019"]])
[PartialDate('2019'), PartialDate('2019-09-11'), PartialDate('2020')]
>>> PartialDate.parse("2019-02-30")
Traceback (most recent call last):
...
ValueError: '2019-02-30' is not a real date (day is out of range for month); write YYYY, YYYY-MM or YYYY-MM-DD
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Any

from pydantic_core import core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD"


@total_ordering
class PartialDate:
    """A year, a month of a year, or a day."""

    __slots__ = ("year", "month", "day", "_first", "_last")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        self.year, self.month, self.day = year, month, day
        self._first = self._last = None  # made on first use: "as of" answers compare many

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read a partial date from a string, an int year, a date or a PartialDate."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date; {_HINT}")
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"{value!r} is not a date; {_HINT}")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc}); {_HINT}") from None
        return cls(year, month, day)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # As a pydantic field: accepts 2019, "2019-09", date(2019, 9, 11); dumps as text.
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        if self._first is None:
            self._first = dt.date(self.year, self.month or 1, self.day or 1)
        return self._first

    @property
    def last_day(self) -> dt.date:
        if self._last is None:
            month = self.month or 12
            self._last = self.first_day if self.day else dt.date(
                self.year, month, calendar.monthrange(self.year, month)[1])
        return self._last

    def _key(self) -> tuple[dt.date, int]:
        return (self.first_day, 2 if self.day else 1 if self.month else 0)  # year, month, day

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"


@dataclass(frozen=True, order=True)
class Period:
    """A span from one partial date to another (the same date for a single day, month or
    year): what an event's ``date``, or its ``start`` and ``end``, cover.

    >>> p = Period(PartialDate.parse("2025-10-26"), PartialDate.parse("2025-10-27"))
    >>> str(p), p.first_day, p.last_day
    ('2025-10-26/2025-10-27', datetime.date(2025, 10, 26), datetime.date(2025, 10, 27))
    >>> str(Period.of(PartialDate.parse("2019")))
    '2019'
    """

    start: PartialDate
    end: PartialDate

    @classmethod
    def of(cls, date: PartialDate) -> Period:
        return cls(date, date)

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return self.end.last_day

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether the period shares a day with ``first``..``last``."""
        return self.first_day <= last and first <= self.last_day

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}/{self.end}"
