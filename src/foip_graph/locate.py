"""Fill in or repair the character offsets of every evidence quote.

Curators write quotes; this module finds each in its source text and writes ``start`` and
``end`` beside it, the raw text just before and after (``prefix``, ``suffix``), and the
quote itself exactly as the text has it at that span (a quote typed with a straight
apostrophe or without the text's line break becomes the text's own characters), so a Web
Annotation client can anchor it either way. The YAML's comments and layout are kept
(ruamel.yaml round-trip); files are rewritten atomically and only when something changed.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .evidence import IndexedText, default_corpus_dir, sha256_text
from .load import Problem, read_yaml


@dataclass
class LocateResult:
    """What :func:`locate` did: offsets written, files changed, quotes it could not find.

    ``claim_quotes`` and ``entity_quotes`` count the quotes it looked at, of claims and
    of entities (events and agreements carry quotes for their dates)."""

    claim_quotes: int = 0
    entity_quotes: int = 0
    filled: int = 0
    repaired: int = 0
    unchanged: int = 0
    files_changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def locate(data_dir: Path | str, corpus: Path | str | None = None) -> LocateResult:
    """Write exact offsets for every evidence item in ``data_dir``'s claims and entities."""
    root = Path(data_dir)
    corpus_dir = Path(corpus) if corpus else default_corpus_dir(root.resolve().parent)
    result = LocateResult()
    problems: list[Problem] = []
    sources = read_yaml(root / "sources.yaml", str(root / "sources.yaml"), problems) or []
    texts: dict[str, IndexedText] = {}
    for source in sources:
        path = corpus_dir / str(source.get("file", ""))
        if path.is_file() and sha256_text(path) == source.get("sha256"):
            texts[source["id"]] = IndexedText(path.read_text(encoding="utf-8"))
        else:
            problems.append(Problem(str(root / "sources.yaml"), source.line,
                                    f"{source.get('id')}: no text with the recorded sha256 at {path}"))
    result.problems.extend(problems)
    files = sorted((root / "claims").glob("*.yaml")) + sorted((root / "entities").glob("*.yaml"))
    for path in (p for p in files if not p.name.startswith(".")):
        _locate_file(path, texts, result)
    return result


def _locate_file(path: Path, texts: dict[str, IndexedText], result: LocateResult) -> None:
    if read_yaml(path, str(path), result.problems) is None:  # not a file the loader accepts
        return
    yaml = _yaml()
    original = path.read_text(encoding="utf-8")
    doc = yaml.load(original)
    if isinstance(doc, CommentedMap):  # a claims file, which may carry entities too (a draft)
        default_source, claims, entities = doc.get("source"), doc.get("claims") or [], doc.get("entities") or []
    else:
        default_source, claims, entities = None, [], doc or []
    changed = False
    for items, of_claims in ((claims, True), (entities, False)):
        for item in items:
            for ev in (item.get("evidence") or []) if isinstance(item, CommentedMap) else []:
                result.claim_quotes += of_claims
                result.entity_quotes += not of_claims
                changed |= _locate_one(ev, ev.get("source", default_source), texts, path, result)
    if changed:
        buffer = io.StringIO()
        yaml.dump(doc, buffer)
        _write_atomic(path, buffer.getvalue())
        result.files_changed.append(str(path))


def _locate_one(ev: CommentedMap, source: str | None, texts: dict[str, IndexedText],
                path: Path, result: LocateResult) -> bool:
    text = texts.get(source)
    if text is None:
        return False
    quote = str(ev.get("quote", ""))
    span = text.find(quote, near=ev.get("start"))
    if span is None:
        line = ev.lc.line + 1
        result.problems.append(Problem(str(path), line, f"quote not found in {source}: {quote[:80]!r}"))
        return False
    span = text.verbatim(quote, span)
    prefix, suffix = text.context(span)
    wanted = {"quote": text.raw[span.start:span.end], "start": span.start, "end": span.end,
              "prefix": prefix, "suffix": suffix}
    if all(ev.get(k) == v for k, v in wanted.items()):
        result.unchanged += 1
        return False
    if "start" in ev:
        result.repaired += 1
    else:
        result.filled += 1
    position = list(ev).index("quote")
    for offset, (key, value) in enumerate(wanted.items()):
        if isinstance(value, str) and "\n" in value:  # one line, "\n" escaped
            value = DoubleQuotedScalarString(value)
        if key in ev:
            ev[key] = value
        else:
            ev.insert(position + offset, key, value)
    return True


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
