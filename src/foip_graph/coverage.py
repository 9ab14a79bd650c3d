"""How much of each source the evidence covers: its paragraphs and bullets, and which no
quote falls in.

A *unit* is one non-blank line of the source text (the corpus has a paragraph or a bullet
per line). Units of fewer than :data:`MIN_WORDS` words are headings, credits and labels;
they do not count towards the share. Neither do the units a curator has listed in
``data/coverage.yaml`` as stating no relationship (an interviewer's question, a heading),
each with its reason, so "not covered" always means "not yet reviewed".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .evidence import sha256_text
from .kb import KnowledgeBase
from .load import Problem, read_yaml

MIN_WORDS = 5


@dataclass(frozen=True)
class Unit:
    line: int
    start: int
    end: int
    text: str
    covered: bool
    skipped: str | None = None  # the curator's reason, when listed in data/coverage.yaml

    @property
    def substantive(self) -> bool:
        return len(self.text.split()) >= MIN_WORDS and self.skipped is None


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    units: list[Unit]
    stale: list[str]  # skip entries that match no unit of the text

    @property
    def counted(self) -> list[Unit]:
        return [u for u in self.units if u.substantive]

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.counted if not u.covered]

    @property
    def share(self) -> float:
        counted = self.counted
        return 1.0 if not counted else sum(u.covered for u in counted) / len(counted)


def units_of(text: str) -> list[tuple[int, int, int, str]]:
    """(line number, start, end, stripped text) for each non-blank line."""
    out, offset = [], 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((number, offset + lead, offset + lead + len(stripped), stripped))
        offset += len(line)
    return out


class CoverageFileError(ValueError):
    """``data/coverage.yaml`` could not be read: the message names the file and line."""


def skips(data_dir: Path) -> dict[str, dict[str, str]]:
    """``data/coverage.yaml``: per source, unit text -> why it states no relationship.
    Read as safely as the rest of the data (no aliases, no huge values); a file of the
    wrong shape raises :class:`CoverageFileError` naming the line."""
    path = Path(data_dir) / "coverage.yaml"
    if not path.is_file():
        return {}
    shown = str(path)
    problems: list[Problem] = []
    raw = read_yaml(path, shown, problems)
    if problems:
        raise CoverageFileError(str(problems[0]))
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CoverageFileError(f"{shown}:1: expected a mapping of source id to a list of "
                                f"{{text, reason}} items, found {type(raw).__name__}")
    result: dict[str, dict[str, str]] = {}
    for source, items in raw.items():
        if not isinstance(items, list):
            raise CoverageFileError(f"{shown}:{_line(raw, source)}: {source}: expected a list of "
                                    f"{{text, reason}} items, found {type(items).__name__}")
        for item in items:
            if not (isinstance(item, dict) and isinstance(item.get("text"), str)
                    and isinstance(item.get("reason"), str)):
                raise CoverageFileError(f"{shown}:{_line(item, 'text')}: {source}: each item needs a "
                                        f"text and a reason, both strings; found {str(item)[:200]!r}")
            result.setdefault(str(source), {})[item["text"].strip()] = item["reason"]
    return result


def _line(item, key: str) -> int:
    """The line the loader recorded for ``key`` of a mapping it read, else 1."""
    return item.line_of(key) if hasattr(item, "line_of") else 1


def coverage(kb: KnowledgeBase, corpus: Path) -> list[SourceCoverage]:
    """Coverage of every source whose text (with the recorded sha256) is in ``corpus``.

    Raises FileNotFoundError naming the first text that is missing or different.
    """
    skipped = skips(kb.root)
    result = []
    for source in kb.sources.values():
        path = Path(corpus) / source.file
        if not path.is_file() or sha256_text(path) != source.sha256:
            raise FileNotFoundError(f"{path}: no text of {source.id} with sha256 {source.sha256}")
        spans = [(e.start, e.end) for c in kb.claims for e in c.evidence if e.source == source.id]
        spans += [(e.start, e.end) for ent in kb.entities.values() for e in ent.evidence
                  if e.source == source.id]
        reasons = skipped.get(source.id, {})
        units = [Unit(line, start, end, text, any(s < end and start < e for s, e in spans),
                      reasons.get(text))
                 for line, start, end, text in units_of(path.read_text(encoding="utf-8"))]
        stale = sorted(set(reasons) - {u.text for u in units})
        result.append(SourceCoverage(source.id, units, stale))
    return result
