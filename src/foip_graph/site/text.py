"""A source text cut into pieces, so a page can highlight every evidence quote and link
each one to the claim it supports.

Quotes overlap and share spans; the text is cut at every quote's start and end. Each
piece knows whether a quote covers it, which quotes start there (an anchor to jump to)
and which end there (small numbered links to the claims).

>>> marks = [Mark(4, 9, "#c1", "1"), Mark(4, 9, "#c2", "2"), Mark(7, 12, "#c3", "3")]
>>> [(p.text, p.covered, [m.label for m in p.ends]) for p in pieces("The quick fox", marks)]
[('The ', False, []), ('qui', True, []), ('ck', True, ['1', '2']), (' fo', True, ['3']), ('x', False, [])]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A quote: the span ``[start, end)`` of the text, a link to what it supports, and
    the short label that link shows."""

    start: int
    end: int
    href: str
    label: str

    @property
    def anchor(self) -> str:
        return anchor(self.start, self.end)


def anchor(start: int, end: int) -> str:
    """The id of a quote's place in the text (one per span, shared by the claims it
    supports)."""
    return f"q-{start}-{end}"


@dataclass(frozen=True)
class Piece:
    text: str
    covered: bool
    starts: tuple[str, ...]  # anchors of the spans that begin here
    ends: tuple[Mark, ...]  # quotes that end with this piece


def pieces(text: str, marks: list[Mark]) -> list[Piece]:
    """The text cut at every mark's boundaries, in order; empty or out-of-range marks
    are ignored."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covered = any(m.start <= a and b <= m.end for m in marks)
        starts = tuple(dict.fromkeys(m.anchor for m in marks if m.start == a))
        ends = tuple(m for m in marks if m.end == b)
        out.append(Piece(text[a:b], covered, starts, ends))
    return out
