"""The KnowledgeBase: a validated dataset, indexed for look-ups, and its derived links.

Every view (RDF, network, pages) is built from a KnowledgeBase, and only a dataset that
validates without a single problem becomes one.

**Derived links.** Offices are a modelling step, not a wall: a person who holds an office
(``holds_office``) that belongs to a state, organization or framework (``office_of``) is
linked to it by a :class:`~foip_graph.model.DerivedClaim` ``official_of``, for the time
the holding holds (its time qualifiers are the holding's). No document states it; it
names the two claims it comes from, and every view marks it as derived.

>>> kb = KnowledgeBase.from_path()
>>> (link,) = [d for d in kb.derived if d.subject == "marco-rubio"]
>>> link.object, [kb.by_id[i].predicate for i in link.derived_from]
('united-states', ['holds_office', 'office_of'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .load import Dataset, Located, Problem, collector_paused, load_dataset
from .model import Claim, DerivedClaim, Entity, Source, identify
from .resolve import Resolver
from .vocabulary import VOCABULARY


class DataError(ValueError):
    """The data did not validate; ``problems`` lists every mistake with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listing = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"the data has {len(problems)} problem(s):\n{listing}{more}")


def bundled_data_dir() -> Path:
    """The data shipped with foip-graph: the repository's ``data/`` in a source checkout,
    or the copy inside an installed wheel."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled_data"
    return installed if installed.is_dir() else package.parent.parent / "data"


class KnowledgeBase:
    """Sources, entities and claims with indexes by id, name, subject, object, predicate
    and source."""

    def __init__(self, dataset: Dataset) -> None:
        with collector_paused():  # indexes of millions of references, and no cycles
            self._build(dataset)

    def _build(self, dataset: Dataset) -> None:
        self.root = dataset.root
        self.sources: dict[str, Source] = dict(sorted(dataset.sources.items(),
                                                      key=lambda kv: (kv[1].date, kv[0])))
        self.entities: dict[str, Entity] = dataset.entities
        self.claims: list[Claim] = identify(dataset.claims)
        self.where: dict[str, Located] = dataset.where
        self.resolver: Resolver[Entity] = Resolver(self.entities.values())
        self.by_subject = _index(self.claims, lambda c: [c.subject])
        self.by_object = _index(self.claims, lambda c: [c.object] if c.object else [])
        self.by_predicate = _index(self.claims, lambda c: [c.predicate])
        self.by_source = _index(self.claims, lambda c: c.sources)
        self.by_pair = _index(self.claims, lambda c: [pair(c.subject, c.object)] if c.object else [])
        self.by_id: dict[str, Claim] = {c.id: c for c in self.claims}
        self.order: dict[str, int] = {c.id: i for i, c in enumerate(self.claims)}
        self.derived: list[DerivedClaim] = derive_links(self.claims, self.entities)
        self.derived_by_pair = _index(self.derived, lambda c: [pair(c.subject, c.object)])
        self.derived_of = _index(self.derived, lambda c: [c.subject, c.object])
        self.holdings = _index([*self.claims, *self.derived], lambda c: [holding_key(c)])
        self.by_id.update((d.id, d) for d in self.derived)
        self.order.update((d.id, len(self.claims) + i) for i, d in enumerate(self.derived))
        self._source_order = {s: i for i, s in enumerate(self.sources)}

    @classmethod
    def from_path(cls, data_dir: Path | str | None = None,
                  corpus: Path | str | None = None) -> KnowledgeBase:
        """Load, validate and index a data directory (the bundled data by default).

        Raises :class:`DataError` listing every problem when the data does not validate.
        """
        report = load_dataset(data_dir or bundled_data_dir(), corpus)
        if report.dataset is None:
            raise DataError(report.problems)
        return cls(report.dataset)

    def entity(self, name: str) -> Entity:
        """The entity with this id, name or alias (see :mod:`foip_graph.resolve`)."""
        return self.resolver.resolve(name)

    def claims_of(self, entity_id: str, derived: bool = False) -> list[Claim]:
        """Claims with the entity as subject or object, in dataset order; with
        ``derived``, its derived links after them."""
        mine = {c.id: c for c in self.by_subject.get(entity_id, []) + self.by_object.get(entity_id, [])}
        found = sorted(mine.values(), key=lambda c: self.order[c.id])
        return found + self.derived_of.get(entity_id, []) if derived else found

    def chain(self, claim: Claim) -> list[Claim]:
        """The stated claims a derived link comes from, in chain order (a stated claim is
        its own chain)."""
        return [self.by_id[i] for i in claim.derived_from] if claim.derived else [claim]

    def source_order(self, source_id: str) -> int:
        """Position of a source when sources are sorted oldest first."""
        return self._source_order[source_id]


OFFICIAL_OF_KINDS = frozenset(VOCABULARY.predicate("official_of").object_kinds)


def derive_links(claims: list[Claim], entities: dict[str, Entity]) -> list[DerivedClaim]:
    """``official_of`` links: for each ``holds_office`` claim, one per ``office_of`` claim
    of that office, with the holding's time, in dataset order. The evidence is the
    holding's, then the office's from the same documents (all of the office's when no
    document states both), so a link comes from the documents that place the person in
    office."""
    owners: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.predicate == "office_of" and entities[c.object].kind in OFFICIAL_OF_KINDS:
            owners[c.subject].append(c)
    links = []
    for holding in claims:
        if holding.predicate != "holds_office":
            continue
        for owner in owners.get(holding.object, []):
            links.append(DerivedClaim(
                subject=holding.subject, predicate="official_of", object=owner.object,
                date=holding.date, start=holding.start, end=holding.end,
                started_by=holding.started_by, ended_by=holding.ended_by,
                observed=holding.observed, role=entities[holding.object].name,
                evidence=tuple(dict.fromkeys(holding.evidence + _same_sources(owner, holding))),
                derived_from=(holding.id, owner.id)))
    return links


def _same_sources(claim: Claim, like: Claim) -> tuple:
    same = tuple(e for e in claim.evidence if e.source in like.sources)
    return same or claim.evidence


def holding_key(claim: Claim) -> tuple:
    """What the claims describing one holding share, as several documents state it:
    subject, predicate and object, and for a derived link the office claim it goes
    through (two offices of one country are two holdings, each with its own time)."""
    return (claim.subject, claim.predicate, claim.object, claim.derived_from[1:] if claim.derived else ())


def pair(a: str, b: str) -> tuple[str, str]:
    """The key of two entities whichever way round: ``by_pair[pair(a, b)]``."""
    return (a, b) if a <= b else (b, a)


def _index(claims: Iterable[Claim], keys) -> dict:
    index: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for key in keys(claim):
            index[key].append(claim)
    return dict(index)
