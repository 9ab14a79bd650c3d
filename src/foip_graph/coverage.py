"""How much of each source the evidence covers: its paragraphs and bullets, and which no
quote falls in.

A *unit* is one non-blank line of the source text (the corpus has a paragraph or a bullet
per line). Units of fewer than :data:`MIN_WORDS` words are headings, credits and labels;
they are listed but do not count towards the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .evidence import sha256_text
from .kb import KnowledgeBase

MIN_WORDS = 5


@dataclass(frozen=True)
class Unit:
    line: int
    start: int
    end: int
    text: str
    covered: bool

    @property
    def substantive(self) -> bool:
        return len(self.text.split()) >= MIN_WORDS


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    units: list[Unit]

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


def coverage(kb: KnowledgeBase, corpus: Path) -> list[SourceCoverage]:
    """Coverage of every source whose text (with the recorded sha256) is in ``corpus``.

    Raises FileNotFoundError naming the first text that is missing or different.
    """
    result = []
    for source in kb.sources.values():
        path = Path(corpus) / source.file
        if not path.is_file() or sha256_text(path) != source.sha256:
            raise FileNotFoundError(f"{path}: no text of {source.id} with sha256 {source.sha256}")
        spans = [(e.start, e.end) for c in kb.claims for e in c.evidence if e.source == source.id]
        spans += [(e.start, e.end) for ent in kb.entities.values() for e in ent.evidence
                  if e.source == source.id]
        units = [Unit(line, start, end, text, any(s < end and start < e for s, e in spans))
                 for line, start, end, text in units_of(path.read_text(encoding="utf-8"))]
        result.append(SourceCoverage(source.id, units))
    return result
