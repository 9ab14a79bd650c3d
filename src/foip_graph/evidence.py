"""Find evidence quotes in the source texts and give their character offsets.

The texts carry markup and typography that a curator should not have to reproduce
exactly: runs of whitespace and line breaks, markdown emphasis (``**``), link brackets
(``[text](#)``), backslash escapes, typographic quotes and dashes. Both the text and the
quote are *normalised* the same way; the match is then mapped back to offsets in the raw
text, so the stored span is exact.

>>> text = "the **Japan-U.S. Alliance**  is\\nthe cornerstone"
>>> span = find_quote(text, "Japan–U.S. Alliance is the cornerstone")
>>> span
Span(start=6, end=47)
>>> text[span.start:span.end]
'Japan-U.S. Alliance**  is\\nthe cornerstone'
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

_TRANSLATE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
}
_DROPPED = frozenset("*[]")
_ESCAPABLE = frozenset("()[]*_#")
_LINK_TAIL = "](#)"
# What normalize drops, as one left-to-right scan: a link tail, the backslash of an escape,
# an emphasis or bracket character.
_DROP = re.compile(r"\]\(#\)|\\(?=[()\[\]*_#])|[*\[\]]")
_SPACES = re.compile(r"\s+")  # \s is str.isspace's set
_TABLE = str.maketrans(_TRANSLATE)
CONTEXT = 32  # characters of context kept on each side of a quote


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into a raw text."""

    start: int
    end: int


def normalize(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the raw offset.

    >>> normalize("a  **b**\\n“c”")[0]
    'a b "c"'
    """
    chars: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith(_LINK_TAIL, i):
            i += len(_LINK_TAIL)
            continue
        c = text[i]
        if c in _DROPPED or (c == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE):
            i += 1
            continue
        c = _TRANSLATE.get(c, c)
        if c.isspace():
            if not chars or chars[-1] == " ":
                i += 1
                continue
            c = " "
        chars.append(c)
        offsets.append(i)
        i += 1
    return "".join(chars), offsets


def normalize_quote(quote: str) -> str:
    """Normalise a quote the way texts are normalised, without offsets (the same steps
    as :func:`normalize`, by regular expressions: a check reads thousands of quotes).

    >>> normalize_quote(" the **Japan–U.S.**\\n [Alliance](#) ")
    'the Japan-U.S. Alliance'
    """
    return _SPACES.sub(" ", _DROP.sub("", quote).translate(_TABLE)).strip()


def plain_quote(quote: str) -> str:
    """A quote as a reader sees the text: its Markdown markup (emphasis, link brackets,
    escapes) dropped and its whitespace folded, its typography kept (for tables; the data
    and the Web Annotations keep the raw characters).

    >>> plain_quote("the **Japan–U.S.**\\n[Alliance](#)")
    'the Japan–U.S. Alliance'
    """
    return _SPACES.sub(" ", _DROP.sub("", quote)).strip()


class IndexedText:
    """A raw text with its normalised form, for repeated quote look-ups."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.normalized, self._offsets = normalize(raw)

    def find_all(self, quote: str) -> list[Span]:
        """Every place the quote occurs, in text order."""
        needle = normalize_quote(quote)
        if not needle:
            return []
        spans = []
        pos = self.normalized.find(needle)
        while pos != -1:
            last = pos + len(needle) - 1
            spans.append(Span(self._offsets[pos], self._offsets[last] + 1))
            pos = self.normalized.find(needle, pos + 1)
        return spans

    def find(self, quote: str, near: int | None = None) -> Span | None:
        """The occurrence of ``quote`` starting at ``near`` if there is one, else the first."""
        spans = self.find_all(quote)
        if not spans:
            return None
        for span in spans:
            if span.start == near:
                return span
        return spans[0]

    def verbatim(self, quote: str, span: Span) -> Span:
        """The span of ``quote`` exactly as written, if the text holds it at or beside
        ``span`` (a quote that keeps the text's own ``**``), else ``span`` itself.

        >>> t = IndexedText("It is **the cornerstone** of peace.")
        >>> found = t.find("**the cornerstone**")
        >>> found, t.verbatim("**the cornerstone**", found)
        (Span(start=8, end=23), Span(start=6, end=25))
        """
        if self.raw[span.start:span.end] == quote:
            return span
        at = self.raw.find(quote, max(0, span.start - len(quote)), span.end + len(quote))
        return span if at == -1 else Span(at, at + len(quote))

    def context(self, span: Span, size: int = CONTEXT) -> tuple[str, str]:
        """A few words of raw text right before and after a span, cut at whitespace: the
        ``oa:prefix`` and ``oa:suffix`` of a Web Annotation quote selector, which must be
        the text adjacent to the selected span.

        >>> t = IndexedText("The cornerstone of **peace** in the region, as said.")
        >>> t.context(t.find("peace"), size=20)
        ('cornerstone of **', '** in the region,')
        """
        before = self.raw[max(0, span.start - size):span.start]
        after = self.raw[span.end:span.end + size]
        return (_tail_words(before, span.start > size), _head_words(after, span.end + size < len(self.raw)))

    def matches(self, quote: str, span: Span) -> bool:
        """Whether the raw text at ``span`` is the quote (after normalisation)."""
        if not 0 <= span.start < span.end <= len(self.raw):
            return False
        return normalize_quote(self.raw[span.start:span.end]) == normalize_quote(quote)


def _tail_words(text: str, cut: bool) -> str:
    """Drop the partial word a cut left at the start."""
    match = _SPACES.search(text) if cut else None
    return text[match.end():] if match else text


def _head_words(text: str, cut: bool) -> str:
    """Drop the partial word a cut left at the end."""
    last = None
    if cut:
        for last in _SPACES.finditer(text):
            pass
    return text[:last.start()] if last is not None and last.start() > 0 else text


def find_quote(text: str, quote: str) -> Span | None:
    """The first span of ``text`` that matches ``quote``, or None."""
    return IndexedText(text).find(quote)


def sha256_text(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_corpus_dir(project_root: Path) -> Path:
    """The folder of source texts when none is given (``--corpus``): ``$FOIP_CORPUS``;
    else ``../shared/corpus`` beside the project, ``project_root`` being the folder that
    holds the data folder (a clone's ``data/``: ``<clone>/../shared/corpus``); for the data
    bundled in an installed package, which has no project around it, the user's data
    folder ``$XDG_DATA_HOME/foip-graph/corpus`` (by default ``~/.local/share/foip-graph/corpus``).
    """
    env = os.environ.get("FOIP_CORPUS")
    if env:
        return Path(env)
    if project_root.resolve() == Path(__file__).resolve().parent:
        shared = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        return Path(shared) / "foip-graph" / "corpus"
    return project_root.parent / "shared" / "corpus"
