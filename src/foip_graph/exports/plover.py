"""The graph's events as PLOVER records, the format of the POLECAT event data.

An event is a stated claim whose predicate has a PLOVER category (``plover:`` in
``vocabulary.yaml``), or an event entity with its participants (``participated_in``) and
hosts (``hosted``): a summit is one record whose ``actor`` lists every participant, not
one record per pair. PLOVER codes a record from one text, so a claim or event that two
documents state is two records, one per document, joined by the same ``link``.

Dates are the claim's or event's own: ``date`` (a day; a month or year the text gives
becomes ``date``..``enddate`` spanning it), or a stated ``start``/``end``. A bound
("before 2019") is never a date, and observations date holdings, not events; an event
with no stated time takes its document's publication date, and says so
(``foip.date_basis: "published"``). Derived links are not events.

>>> from foip_graph.kb import KnowledgeBase
>>> kb = KnowledgeBase.from_path()
>>> summit = next(e for e in events(kb) if e.link == "japan-us-summit-2025-10-28")
>>> summit.category, [a.id for a in summit.actors]
('CONSULT', ['motegi-toshimitsu', 'takaichi-sanae', 'donald-trump', 'japan', 'united-states', 'takaichi-administration'])
>>> record(summit, kb)["date"], record(summit, kb)["actor"][2]["code"]
('2025-10-28', 'USA')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from .. import timing
from ..dates import PartialDate, Period
from ..kb import KnowledgeBase, holding_key
from ..model import Claim, Entity, Evidence, Source
from ..vocabulary import VOCABULARY, PloverCoding

ACTOR_KINDS = frozenset({"country", "person", "organization", "framework"})
"""The kinds that can be a PLOVER actor or recipient; other objects are what an event is about."""
PARTICIPATION = ("participated_in", "hosted")
"""Predicates whose claims make an event entity's record rather than records of their own."""
CODER = "foip-graph (curated by hand from the documents)"

JSONL, CSV, SCHEMA = "events.plover.jsonl", "events.polecat.csv", "event.plover.schema.json"

# POLECAT's columns, in the order of the header of its weekly files (see docs/events.md for
# where this order was verified); foip-graph's own columns follow them.
POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)
FOIP_COLUMNS = ("Event End Date", "Date Basis", "Wikidata Actor ID", "Wikidata Recipient ID",
                "Event Text", "Text Start", "Text End", "Source ID", "Source URL", "Link")
SEPARATOR = ";"
"""Between the values of one cell (compound actors, several modes)."""
QUOTES = " | "
"""Between the quotes of one cell (a quote may hold a semicolon)."""


@dataclass(frozen=True)
class Event:
    """One PLOVER record: what happened, who did it (``actors``) to whom (``recipients``),
    when, and the quotes of one document (``source``) that state it."""

    id: str
    link: str
    coding: PloverCoding
    actors: tuple[Entity, ...]
    recipients: tuple[Entity, ...]
    when: Period | None
    source: Source
    evidence: tuple[Evidence, ...]
    claims: tuple[Claim, ...]
    about: tuple[Entity, ...] = ()
    places: tuple[Entity, ...] = ()
    open: bool = False  # a stated start and no end: no ``enddate``

    @property
    def category(self) -> str:
        return self.coding.category

    @property
    def date_basis(self) -> str:
        """``"stated"``: the claim or event dates itself; ``"published"``: it does not, and
        the record takes its document's publication date."""
        return "stated" if self.when is not None else "published"

    @property
    def period(self) -> Period:
        """The days the record covers: its own time, or its document's publication date."""
        return self.when if self.when is not None else Period.of(self.source.date)

    @property
    def date(self) -> dt.date:
        return self.period.first_day

    @property
    def enddate(self) -> dt.date | None:
        """The last day, when the record covers more than one."""
        p = self.period
        return None if self.open or p.last_day == p.first_day else p.last_day

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.actors + self.recipients

    def __repr__(self) -> str:
        to = f" -> {', '.join(e.id for e in self.recipients)}" if self.recipients else ""
        return (f"<Event {self.date} {self.category} {', '.join(e.id for e in self.actors)}{to} "
                f"[{self.source.id}]>")

    def as_rows(self) -> list[dict[str, Any]]:
        return [{"id": self.id, "date": str(self.date),
                 "enddate": None if self.enddate is None else str(self.enddate),
                 "date_basis": self.date_basis, "category": self.category,
                 "mode": SEPARATOR.join(self.coding.mode) or None,
                 "context": SEPARATOR.join(self.coding.context) or None,
                 "actor": [e.name for e in self.actors],
                 "recipient": [e.name for e in self.recipients],
                 "about": [e.name for e in self.about], "source": self.source.id,
                 "link": self.link, "quote": " / ".join(e.quote for e in self.evidence)}]


def events(kb: KnowledgeBase) -> list[Event]:
    """Every event of the knowledge base as PLOVER records, oldest first (then by id)."""
    found = [*_claim_events(kb), *_entity_events(kb)]
    return sorted(found, key=lambda e: (e.date, e.id))


def claim_codings(kb: KnowledgeBase) -> dict[str, PloverCoding]:
    """The PLOVER coding of each claim that is part of an event record, by claim id: a
    claim coded as its predicate's category, and a ``participated_in`` or ``hosted``
    claim as its event's record. A claim in no record (not an event, a subject that is
    not an actor, a derived link) is absent.

    >>> from foip_graph.kb import KnowledgeBase
    >>> kb = KnowledgeBase.from_path()
    >>> visit = next(c for c in kb.claims if c.predicate == "visited" and c.object == "united-states")
    >>> str(claim_codings(kb)[visit.id])
    'CONSULT mode=visit'
    """
    return {c.id: e.coding for e in events(kb) for c in e.claims}


def _claim_events(kb: KnowledgeBase) -> Iterable[Event]:
    for claim in kb.claims:
        predicate = VOCABULARY.predicate(claim.predicate)
        coding = predicate.plover
        if coding is None or not coding.is_event or claim.predicate in PARTICIPATION:
            continue
        subject = kb.entities[claim.subject]
        other = kb.entities.get(claim.object) if claim.object is not None else None
        if subject.kind not in ACTOR_KINDS:
            continue  # an initiative that supports: no actor to code
        actors, recipients, about, places = (subject,), (), (), ()
        if other is not None and other.kind in ACTOR_KINDS:
            if predicate.symmetric and coding.category not in VOCABULARY.plover.needs_recipient:
                actors = (subject, other)  # no host and visitor: all are actors (PLOVER)
            else:
                recipients = (other,)
        elif other is not None:
            places, about = ((other,), ()) if other.kind == "place" else ((), (other,))
        when = _stated(claim)
        for source in claim.sources:
            yield Event(f"{claim.id}@{source}", claim.id, coding, actors, recipients, when,
                        kb.sources[source], tuple(e for e in claim.evidence if e.source == source),
                        (claim,), about, places, open=claim.start is not None and claim.end is None
                        and claim.date is None)


def _entity_events(kb: KnowledgeBase) -> Iterable[Event]:
    for event in kb.entities.values():
        if event.kind != "event":
            continue
        taking_part = [c for c in kb.by_object.get(event.id, []) if c.predicate in PARTICIPATION]
        coding = _event_coding(kb, event)
        if not taking_part or not coding.is_event:
            continue
        places = tuple(kb.entities[c.object] for c in kb.by_subject.get(event.id, [])
                       if c.predicate == "located_in")
        cited: dict[str, list[Claim]] = defaultdict(list)  # each source's claims, in their order
        for c in taking_part:
            for source in c.sources:
                cited[source].append(c)
        for source in sorted(cited, key=kb.source_order):  # not every source: 300 at scale
            claims = cited[source]
            hosts = _unique(kb.entities[c.subject] for c in claims if c.predicate == "hosted")
            actors = tuple(e for e in _unique(kb.entities[c.subject] for c in claims
                                              if c.predicate == "participated_in")
                           if e.kind in ACTOR_KINDS and e not in hosts)
            if not actors:
                continue
            evidence = [e for e in event.evidence if e.source == source]
            evidence += [e for c in claims for e in c.evidence if e.source == source]
            yield Event(f"{event.id}@{source}", event.id, coding, actors,
                        tuple(h for h in hosts if h.kind in ACTOR_KINDS), event.when,
                        kb.sources[source], tuple(dict.fromkeys(evidence)), tuple(claims),
                        (), places)


def _event_coding(kb: KnowledgeBase, event: Entity) -> PloverCoding:
    """The event's own coding, or its participants' (a meeting), in a multilateral context
    when the event is part of a framework."""
    if event.plover is not None:
        return event.plover
    coding = VOCABULARY.predicate("participated_in").plover
    multilateral = any(c.predicate == "part_of" and kb.entities[c.object].kind == "framework"
                       for c in kb.by_subject.get(event.id, []))
    if coding.category == "CONSULT" and multilateral:
        return PloverCoding(coding.category, (*coding.mode, "multilateral"), coding.context)
    return coding


def _stated(claim: Claim) -> Period | None:
    """The time a claim states for itself: its date, or its stated start and end. Bounds
    and observations are not an event's date."""
    if claim.date is not None:
        return Period.of(claim.date)
    if claim.start is not None:
        return Period(claim.start, claim.end or claim.start)
    return None


def _unique(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    return tuple(dict.fromkeys(entities))


# ---------------------------------------------------------------- records

def record(event: Event, kb: KnowledgeBase, offices: dict | None = None) -> dict[str, Any]:
    """The event as a PLOVER JSON record (PLOVER's fields, then foip-graph's under ``foip``).

    ``offices`` keeps the office each person holds on a date (:func:`_office`) for the
    next records: :func:`write_plover` passes one to all of them, which ask the same
    people about the same days again and again."""
    offices = {} if offices is None else offices
    quotes = [e.quote for e in event.evidence]
    at = event.period.start
    rec: dict[str, Any] = {"id": event.id, "date": event.date.isoformat()}
    if event.enddate is not None:
        rec["enddate"] = event.enddate.isoformat()
    rec["actor"] = [_entity(e, kb, at, quotes, offices) for e in event.actors]
    if event.recipients:
        rec["recipient"] = [_entity(e, kb, at, quotes, offices) for e in event.recipients]
    rec["event"] = [event.category]
    if event.coding.mode:
        rec["mode"] = list(event.coding.mode)
    if event.coding.context:
        rec["context"] = list(event.coding.context)
    if event.places:
        rec["event_loc"] = _location(event.places[0])
    rec["event_text"] = quotes
    first = event.evidence[0]
    if first.start is not None and first.end is not None:
        rec["text_info"] = {"start": first.start, "end": first.end}
    rec["cite_info"] = _citation(event.source)
    rec["link"] = event.link
    rec["foip"] = {
        "claims": [c.id for c in event.claims],
        "predicates": list(dict.fromkeys(c.predicate for c in event.claims)),
        "when": None if event.when is None else str(event.when) + ("/.." if event.open else ""),
        "date_basis": event.date_basis,
        "source": event.source.id,
        "published": str(event.source.date),
        "about": [_entity(e, kb, at, quotes, offices) for e in event.about],
        "places": [p.id for p in event.places],
        "evidence": [{"quote": e.quote, "start": e.start, "end": e.end} for e in event.evidence],
    }
    return rec


def involves(event: Event, entity: Entity, kb: KnowledgeBase) -> bool:
    """Whether ``entity`` is an actor or recipient of ``event``; a country also through
    the people who hold one of its offices on the event's date (their PLOVER code is its)."""
    if entity in event.entities:
        return True
    code = alpha3(entity.iso_code) if entity.kind == "country" else None
    return code is not None and any(
        (_office(e, kb, event.period.start) or (None, None))[1] == code
        for e in event.entities if e.kind == "person")


def _entity(entity: Entity, kb: KnowledgeBase, at: PartialDate, quotes: list[str],
            offices: dict[tuple[str, PartialDate], tuple[str, str | None] | None]) -> dict[str, Any]:
    """A PLOVER entity object: the country code (a person's is that of the state whose
    office they hold on the event's date, kept in ``offices``), the text naming it, its
    Wikidata id and name."""
    obj: dict[str, Any] = {}
    office = None
    if entity.kind == "person":
        if (entity.id, at) not in offices:
            offices[entity.id, at] = _office(entity, kb, at)
        office = offices[entity.id, at]
    code = alpha3(entity.iso_code) if entity.kind == "country" else None
    if office is not None:
        code = office[1]
    if code:
        obj["code"] = code
    mention = _mention(entity, quotes)
    if mention:
        obj["entity_text"] = mention
    if entity.wikidata:
        obj["identifier_id"] = entity.wikidata
    obj["identifier_text"] = entity.name
    if office is not None:
        obj["office"] = office[0]
    obj["foip_id"] = entity.id
    return obj


def _office(person: Entity, kb: KnowledgeBase, at: PartialDate) -> tuple[str, str | None] | None:
    """The office the person holds on ``at`` (the strongest basis first), and the ISO-3
    code of the country it belongs to, if it belongs to one."""
    held = []
    for holding in kb.by_subject.get(person.id, []):
        if holding.predicate != "holds_office":
            continue
        basis = timing.holding_aware(holding, kb.holdings[holding_key(holding)], at)
        if basis is None:
            continue
        owners = [kb.entities[c.object] for c in kb.by_subject.get(holding.object, [])
                  if c.predicate == "office_of"]
        country = next((o for o in owners if o.kind == "country"), None)
        held.append((country is None, basis.strength, kb.order[holding.id],
                     kb.entities[holding.object].name, alpha3(country.iso_code) if country else None))
    if not held:
        return None
    *_, name, code = min(held)
    return name, code


def _mention(entity: Entity, quotes: list[str]) -> str | None:
    """The entity's name or alias as the first quote that contains one writes it."""
    labels = [(label, label.casefold()) for label in sorted(entity.labels, key=len, reverse=True)]
    for quote in quotes:
        folded = quote.casefold()
        for label, folded_label in labels:
            i = folded.find(folded_label)
            if i >= 0:
                return quote[i:i + len(label)]
    return None


def _location(place: Entity) -> dict[str, Any]:
    loc: dict[str, Any] = {"resolved_place": place.name}
    if place.kind == "country":
        loc["country"] = place.name
        code = alpha3(place.iso_code)
        if code:
            loc["country_code"] = code
    return loc


def _citation(source: Source) -> dict[str, Any]:
    from .. import __version__

    cite = {"corpus": "foip-graph", "citation": f"{source.publisher}, {source.title} ({source.date})"}
    if source.url:
        cite["url"] = source.url
    cite |= {"title": source.title, "publication": source.publisher, "coder": CODER,
             "codebook": VOCABULARY.plover.manual, "version": f"foip-graph {__version__}"}
    return cite


@lru_cache(maxsize=None)  # a few hundred codes, asked for every record's countries and people
def alpha3(alpha2: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of an alpha-2 code (pycountry's ISO tables), or None.

    >>> alpha3("JP"), alpha3("KR"), alpha3(None)
    ('JPN', 'KOR', None)
    """
    if alpha2 is None:
        return None
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else country.alpha_3


# ---------------------------------------------------------------- files

def jsonl(records: Iterable[dict[str, Any]]) -> str:
    """One JSON record per line (PLOVER's suggested interchange format)."""
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)


def polecat_csv(records: Iterable[dict[str, Any]]) -> str:
    """The records as rows in POLECAT's column order, then foip-graph's own columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POLECAT_COLUMNS + FOIP_COLUMNS)
    for r in records:
        writer.writerow(polecat_row(r))
    return out.getvalue()


def polecat_row(rec: dict[str, Any]) -> list[str]:
    """One record as a row under :data:`POLECAT_COLUMNS` + :data:`FOIP_COLUMNS`; what the
    graph does not know (COW codes, sectors, geocoding, intensity) stays empty."""
    actors, recipients = rec["actor"], rec.get("recipient", [])
    loc, cite = rec.get("event_loc", {}), rec["cite_info"]
    text = rec.get("text_info", {})
    values = {
        "Event ID": rec["id"], "Event Date": rec["date"], "Event Type": rec["event"][0],
        "Event Mode": _join(rec.get("mode", [])), "Contexts": _join(rec.get("context", [])),
        "Actor Name": _join(a["identifier_text"] for a in actors),
        "Actor Country": _join(a.get("code", "") for a in actors),
        "Actor Title": _join(a.get("office", "") for a in actors),
        "Actor Name Raw": _join(a.get("entity_text", "") for a in actors),
        "Recipient Name": _join(a["identifier_text"] for a in recipients),
        "Recipient Country": _join(a.get("code", "") for a in recipients),
        "Recipient Title": _join(a.get("office", "") for a in recipients),
        "Recipient Name Raw": _join(a.get("entity_text", "") for a in recipients),
        "Placename": loc.get("resolved_place", ""), "Country": loc.get("country", ""),
        "Source": cite["publication"], "Publication Date": rec["foip"]["published"], "Version": cite["version"],
        "Event End Date": rec.get("enddate", ""), "Date Basis": rec["foip"]["date_basis"],
        "Wikidata Actor ID": _join(a.get("identifier_id", "") for a in actors),
        "Wikidata Recipient ID": _join(a.get("identifier_id", "") for a in recipients),
        "Event Text": QUOTES.join(rec["event_text"]), "Text Start": text.get("start", ""),
        "Text End": text.get("end", ""), "Source ID": rec["foip"]["source"],
        "Source URL": cite.get("url", ""), "Link": rec["link"],
    }
    return [str(values.get(c, "")) for c in POLECAT_COLUMNS + FOIP_COLUMNS]


def _join(values: Iterable[str]) -> str:
    values = list(values)
    return SEPARATOR.join(values) if any(values) else ""


@lru_cache(maxsize=1)
def schema_text() -> str:
    """The JSON Schema of a record, as shipped in the package."""
    return resources.files(__package__).joinpath(SCHEMA).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    return json.loads(schema_text())


def write_plover(kb: KnowledgeBase, folder: Path) -> list[Path]:
    """Write the JSONL records, the POLECAT-ordered CSV and the record's schema into
    ``folder``; return their paths."""
    offices: dict = {}
    records = [record(e, kb, offices) for e in events(kb)]
    written = []
    for name, text in ((JSONL, jsonl(records)), (CSV, polecat_csv(records)), (SCHEMA, schema_text())):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
