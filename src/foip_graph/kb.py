"""The KnowledgeBase: a validated dataset, indexed for look-ups.

Every view (RDF, network, pages) is built from a KnowledgeBase, and only a dataset that
validates without a single problem becomes one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from .load import Dataset, Located, Problem, load_dataset
from .model import Claim, Entity, Source
from .resolve import Resolver


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
        self.root = dataset.root
        self.sources: dict[str, Source] = dict(sorted(dataset.sources.items(),
                                                      key=lambda kv: (kv[1].date, kv[0])))
        self.entities: dict[str, Entity] = dataset.entities
        self.claims: list[Claim] = dataset.claims
        self.where: dict[str, Located] = dataset.where
        self.resolver: Resolver[Entity] = Resolver(self.entities.values())
        self.by_subject = _index(self.claims, lambda c: [c.subject])
        self.by_object = _index(self.claims, lambda c: [c.object] if c.object else [])
        self.by_predicate = _index(self.claims, lambda c: [c.predicate])
        self.by_source = _index(self.claims, lambda c: c.sources)
        self.by_pair = _index(self.claims, lambda c: [pair(c.subject, c.object)] if c.object else [])
        self.by_id: dict[str, Claim] = {c.id: c for c in self.claims}
        self.order: dict[str, int] = {c.id: i for i, c in enumerate(self.claims)}
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

    def claims_of(self, entity_id: str) -> list[Claim]:
        """Claims with the entity as subject or object, in dataset order."""
        mine = {c.id: c for c in self.by_subject.get(entity_id, []) + self.by_object.get(entity_id, [])}
        return sorted(mine.values(), key=lambda c: self.order[c.id])

    def source_order(self, source_id: str) -> int:
        """Position of a source when sources are sorted oldest first."""
        return self._source_order[source_id]


def pair(a: str, b: str) -> tuple[str, str]:
    """The key of two entities whichever way round: ``by_pair[pair(a, b)]``."""
    return (a, b) if a <= b else (b, a)


def _index(claims: Iterable[Claim], keys) -> dict:
    index: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for key in keys(claim):
            index[key].append(claim)
    return dict(index)
