"""A new text, read safely and cut into units and sentences, with offsets into the raw file.

The text is matched in its *normalised* form (:mod:`foip_graph.evidence`: markup dropped,
whitespace collapsed, typographic quotes and dashes made plain), so that what the draft
quotes is found by ``validate`` exactly as any curated quote is; every span is mapped back
to raw offsets before it is written.

A *unit* is a paragraph or a bullet: lines of a block join unless the next line starts a
bullet or the line before ends a sentence (so hard-wrapped paragraphs read as one).
Sentences are cut inside units by spaCy's rule-based sentencizer; no model is needed.

>>> t = DraftText("Ruritania joined the\\n**Harbour Group**. It grew.\\n\\n- A bullet")
>>> [s.text for s in t.sentences]
['Ruritania joined the Harbour Group.', 'It grew.', 'A bullet']
>>> s = t.sentences[0]
>>> (s.start, s.end), t.raw[s.start:s.end]
((0, 39), 'Ruritania joined the\\n**Harbour Group**.')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span

from ..evidence import IndexedText, Span as RawSpan
from . import DraftInputError

MAX_BYTES = 5_000_000  # a Diplomatic Bluebook chapter is a few hundred kB
_BULLET = re.compile(r"[-*•◆◇■□▪●○✓✔⇒→①-⑳]\s|\d{1,2}[.)]\s")
_FINAL = tuple(".!?:;")
_HYPHENS = r"[-\u2010-\u2014]"


def read_text(path: Path | str) -> str:
    """The text of ``path``, refused with a :class:`DraftInputError` if it is missing,
    a folder, over :data:`MAX_BYTES`, binary, not UTF-8 or empty."""
    path = Path(path)
    if not path.exists():
        raise DraftInputError(f"{path}: no such file")
    if not path.is_file():
        raise DraftInputError(f"{path}: not a file; give a plain-text file (UTF-8)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DraftInputError(f"{path}: {size:,} bytes is more than the {MAX_BYTES:,} a draft reads; "
                              "split the document into parts and draft each as its own source")
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftInputError(f"{path}:1: UTF-16 text (it starts with a UTF-16 byte-order mark); "
                              "convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise DraftInputError(f"{path}:{line}: a NUL byte: this is a binary file, not text "
                              "(convert a PDF or Word file to plain UTF-8 text first)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DraftInputError(f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                              f"{exc.start}); convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`") from None
    if not text.strip():
        raise DraftInputError(f"{path}: the file is empty; there is nothing to draft")
    return text


@cache
def nlp() -> spacy.language.Language:
    """spaCy's blank English pipeline with a sentencizer; hyphens and dashes between names
    ("Japan-U.S.-ROK", "China–Russia") are split so each name is its own token."""
    pipeline = spacy.blank("en")
    infixes = [*pipeline.Defaults.infixes, rf"(?<=[\w.]){_HYPHENS}(?=[\w])", r"(?<=\w)/(?=\w)",
               r"(?<=\S)[()](?=\S)"]
    pipeline.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    pipeline.add_pipe("sentencizer")
    return pipeline


@dataclass(frozen=True)
class Sentence:
    """One sentence (or bullet, or heading): its spaCy span over the normalised unit, its
    raw span and its quotable text (markup dropped, whitespace collapsed, typography kept)."""

    index: int
    span: Span
    base: int  # normalised offset of the span's document: a token is at base + token.idx
    norm_start: int
    start: int
    end: int
    text: str


class DraftText:
    """A raw text with its normalised form, units, sentences and offset maps."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.indexed = IndexedText(raw)
        self.normalized = self.indexed.normalized
        self._offsets = self.indexed._offsets
        self.sentences: list[Sentence] = []
        units = self._units()
        docs = nlp().pipe(self.normalized[a:b] for a, b in units)
        self.docs: list[tuple[int, Doc]] = []
        for (start, _), doc in zip(units, docs):
            self.docs.append((start, doc))
            for sent in doc.sents:
                self._add_sentence(start, sent)

    # -- offsets
    def raw_span(self, start: int, end: int) -> RawSpan:
        """The raw span of normalised characters ``[start, end)``."""
        return RawSpan(self._offsets[start], self._offsets[end - 1] + 1)

    def clean(self, start: int, end: int) -> str:
        """The normalised range as the text writes it: typographic quotes and dashes kept,
        markup dropped, whitespace collapsed. Its normalised form is the range's own, so it
        is found at exactly its raw span."""
        return "".join(" " if self.normalized[i] == " " else self.raw[self._offsets[i]]
                       for i in range(start, end))

    def line_breaks(self, base: int, doc: Doc) -> set[int]:
        """The tokens of a unit document that a line break of the raw text precedes."""
        out = set()
        for token in doc[1:]:
            before = doc[token.i - 1]
            gap_start = self._offsets[base + before.idx + len(before.text) - 1] + 1
            if "\n" in self.raw[gap_start:self._offsets[base + token.idx]]:
                out.add(token.i)
        return out

    def context(self, span: RawSpan) -> tuple[str, str]:
        return self.indexed.context(span)

    def sentence_at(self, raw_start: int) -> Sentence | None:
        """The sentence holding a raw offset."""
        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, raw_start) - 1
        return self.sentences[i] if i >= 0 and raw_start < self.sentences[i].end else None

    # -- cutting
    def _units(self) -> list[tuple[int, int]]:
        """Normalised ranges of the paragraphs and bullets."""
        units: list[tuple[int, int]] = []
        offset, current = 0, None
        for line in self.raw.splitlines(keepends=True):
            stripped = line.strip()
            lead = len(line) - len(line.lstrip())
            if not stripped:
                current = _close(current, units)
            else:
                begins = current is None or _BULLET.match(stripped) or current[2].endswith(_FINAL)
                if begins:
                    current = _close(current, units)
                    current = [offset + lead, offset + lead + len(stripped), stripped]
                else:
                    current[1], current[2] = offset + lead + len(stripped), stripped
            offset += len(line)
        _close(current, units)
        out = []
        for raw_start, raw_end in units:
            a = bisect.bisect_left(self._offsets, raw_start)
            b = bisect.bisect_left(self._offsets, raw_end)
            if a < b:
                out.append((a, b))
        return out

    def _add_sentence(self, base: int, sent: Span) -> None:
        tokens = [t for t in sent if not (t.is_punct or t.is_space) or t.text in "\"'(“‘"]
        words = [t for t in sent if t.is_alpha or t.like_num]
        if not words:
            return
        first = next(t for t in tokens if t.i >= words[0].i or t.text in "\"'(“‘")
        last = sent[-1]
        while last.i > words[-1].i and (last.is_space or last.text in "-*•" or _opening(last)):
            last = last.doc[last.i - 1]
        start = base + first.idx
        end = base + last.idx + len(last.text)
        raw = self.raw_span(start, end)
        self.sentences.append(Sentence(len(self.sentences), sent, base, start, raw.start, raw.end,
                                       self.clean(start, end)))


def _opening(token) -> bool:
    """A quotation mark or bracket that opens what follows (space before, none after)."""
    return (token.text in "\"'“‘([" and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
            and not token.whitespace_)


def _close(current: list | None, units: list[tuple[int, int]]) -> None:
    if current is not None:
        units.append((current[0], current[1]))
    return None
