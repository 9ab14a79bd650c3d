"""The dates a text states, as partial ISO dates, relative ones resolved against the
document's own date.

A date without a year ("October 21", "in November") is the latest such day or month on or
before the document's date, or the next one after it when the sentence speaks of the
future ("will", "scheduled", "upcoming"). "Last year", "this year", "next year" count from
the document's year, and "this year marks the 10th anniversary" puts the thing remembered
ten years earlier. Every resolved date says what it was read from.

>>> from foip_graph.dates import PartialDate
>>> doc = PartialDate.parse("2026-01")
>>> [(d.text, str(d.value)) for d in find_dates("On October 21 last year, and in 2019.", doc)]
[('October 21 last year', '2025-10-21'), ('2019', '2019')]
>>> [(d.text, str(d.value), d.note) for d in find_dates("In November, we hosted it.", PartialDate.parse("2020-06-12"))]
[('November', '2019-11', "'November' read as the latest November before the document's date 2020-06-12")]
>>> [(d.text, str(d.value)) for d in find_dates("This year marks the 10th anniversary of the pact.", PartialDate.parse("2026-06"))]
[('This year', '2026'), ('10th anniversary', '2016')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..dates import PartialDate

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-3]?\d)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_RELATIVE = r"(?P<rel>last|this|next)\s+year"
# Longest forms first; a month alone needs a preposition before it ("may" is a verb too).
_PATTERNS = [
    ("day", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    ("day", rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b"),
    ("day", rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_RELATIVE})?\b"),
    ("month", rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"),
    ("month", rf"\b(?i:in|since|until|by|from|of|early|late|mid-)\s+(?P<date>(?:the\s+"
              rf"(?:end|beginning|start|middle)\s+of\s+)?{_MONTH}(?:\s+{_RELATIVE})?)"),
    ("year", rf"(?<![\w.]){_YEAR}(?!\w|\.\d)"),
    ("relative", r"\b(?P<cap>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b"),
    ("anniversary", r"\b(?P<nth>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b"),
]
_REGEX = [(kind, re.compile(p)) for kind, p in _PATTERNS]
_FUTURE = re.compile(r"\b(?:will|shall|scheduled|upcoming|planned|plans to|to be held)\b", re.I)
_SHIFT = {"last": -1, "this": 0, "next": 1}


@dataclass(frozen=True)
class DateMention:
    """A date the text states: where (offsets into the searched text), as what, and how a
    relative date was resolved (``note``)."""

    text: str
    start: int
    end: int
    value: PartialDate
    note: str | None = None


def find_dates(sentence: str, doc_date: PartialDate) -> list[DateMention]:
    """Every date stated in ``sentence``, in text order, none inside another."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    future = bool(_FUTURE.search(sentence))
    for kind, regex in _REGEX:
        for m in regex.finditer(sentence):
            start, end = m.span("date") if "date" in regex.groupindex else m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            mention = _resolve(kind, m, sentence[start:end], start, doc_date, future, found)
            if mention is not None:
                taken.append((start, end))
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def _resolve(kind: str, m: re.Match, text: str, start: int, doc: PartialDate, future: bool,
             found: list[DateMention]) -> DateMention | None:
    groups = m.groupdict()
    end = start + len(text)
    month = _MONTHS[groups["month"].rstrip(".").lower()] if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    if kind == "anniversary":
        base = next((d.value.year for d in found if d.value.precision == "year"), doc.year)
        value = PartialDate(base - int(groups["nth"]))
        return DateMention(text, start, end, value,
                           f"'{text}' counted back from {base}")
    if kind == "relative":
        year = doc.year + _SHIFT[groups["cap"].lower()]
        return DateMention(text, start, end, PartialDate(year),
                           f"'{text}' read from the document's date {doc}")
    if groups.get("year"):
        value = _date(int(groups["year"]), month, day if kind == "day" else None)
        return None if value is None else DateMention(text, start, end, value)
    if groups.get("rel"):
        value = _date(doc.year + _SHIFT[groups["rel"]], month, day)
        return None if value is None else DateMention(
            text, start, end, value, f"'{text}' read from the document's date {doc}")
    value = _nearest(month, day, doc, future)
    if value is None:
        return None
    when = "next" if future else "latest"
    what = calendar.month_name[month] + (f" {day}" if day else "")
    return DateMention(text, start, end, value,
                       f"'{text}' read as the {when} {what} {'after' if future else 'before'} "
                       f"the document's date {doc}")


def _date(year: int, month: int | None, day: int | None) -> PartialDate | None:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def _nearest(month: int, day: int | None, doc: PartialDate, future: bool) -> PartialDate | None:
    """The latest (or, for the future, the next) such month or day around the document's date."""
    for shift in ((0, 1) if future else (0, -1)):
        value = _date(doc.year + shift, month, day)
        if value is None:
            return None
        if (value.first_day >= doc.first_day) if future else (value.first_day <= doc.last_day):
            return value
    return value
