"""Writing a draft: the claims file every item of which awaits review, the source's entry,
and the text in the corpus, all or nothing.

Nothing the tool did not write is changed: the draft goes to a new file (never over an
existing one), the source's entry is appended to ``sources.yaml`` after its last byte, and
the text is copied into the corpus only when it is not there. Each file is written beside
its target first and moved into place; if a later step fails, the earlier ones are undone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..dates import PartialDate
from ..evidence import normalize_quote, sha256_text
from ..kb import KnowledgeBase
from ..load import load_dataset
from ..model import SLUG, Source
from ..vocabulary import VOCABULARY
from . import DEFAULT_MIN_CONFIDENCE, DraftWriteError
from .core import Draft, DraftClaim, DraftEntity, draft
from .dates import find_dates
from .names import slug
from .text import read_text

REVIEW = "proposed"


# ---------------------------------------------------------------- YAML


class _Flow(dict):
    """A mapping written on one line."""


class _FlowList(list):
    """A list written on one line."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML in the data's own layout: lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
                     default_flow_style=False)


def _description(entity: DraftEntity, source: Source) -> str:
    label = VOCABULARY.kinds[entity.kind].label.lower()
    article = "An" if label[0] in "aeiou" else "A"
    return f"{article} {label} named in {source.id}."


def _evidence(ev) -> dict:
    return {"quote": ev.quote, "start": ev.start, "end": ev.end, "prefix": ev.prefix, "suffix": ev.suffix}


def _entity(entity: DraftEntity, source: Source) -> dict:
    out: dict[str, Any] = {"id": entity.id, "kind": entity.kind, "name": entity.name}
    if entity.aliases:
        out["aliases"] = _FlowList(entity.aliases)
    out["description"] = _description(entity, source)
    if entity.date is not None:
        out["date"] = str(entity.date)
        out["evidence"] = [{"source": source.id, **_evidence(entity.date_evidence)}]
    out["review"] = REVIEW
    out["draft"] = {"rule": entity.rule, "confidence": entity.confidence,
                    "mentions": [_Flow(text=m.text, start=m.start, end=m.end) for m in entity.mentions]}
    return out


def _claim(claim: DraftClaim) -> dict:
    out: dict[str, Any] = {"subject": claim.subject, "predicate": claim.predicate, "object": claim.object}
    for qualifier in ("date", "start", "end"):
        if qualifier in claim.qualifiers:
            out[qualifier] = str(claim.qualifiers[qualifier])
    if claim.note:
        out["note"] = claim.note
    out["review"] = REVIEW
    notes: dict[str, Any] = {"confidence": claim.confidence}
    if claim.cues:
        notes["cues"] = _FlowList(claim.cues)
    if claim.alternatives:
        notes["alternatives"] = [_Flow(predicate=p, subject=s, object=o, confidence=c)
                                 for p, s, o, c in claim.alternatives]
    out["draft"] = notes
    out["evidence"] = [_evidence(claim.evidence)]
    return out


HEADER = """\
# A draft of {source}, written by `foip-graph draft` from {text}.
# Nothing marked `review: proposed` is in the graph. Accept an item by deleting its
# `review: proposed` line (check it against the quote first; rewrite an entity's
# description in your own words); reject it by deleting the item. `draft:` holds the
# drafter's notes (confidence, cue words, alternatives, mentions): the loader ignores them.
# Then run `foip-graph validate`.
"""


def draft_yaml(result: Draft, text_name: str) -> str:
    """The draft as a claims file: ``source``, the drafter's notes, entities, claims."""
    notes = {"text": text_name, "sha256": result.source.sha256,
             "mentions": [_Flow(entity=m.entity, text=m.text, start=m.start, end=m.end)
                          for m in result.mentions],
             "dates": [_Flow(text=d.text, value=str(d.value), start=d.start, end=d.end,
                             **({"note": d.note} if d.note else {})) for d in result.dates]}
    body = {"source": result.source.id, "draft": notes,
            "entities": [_entity(e, result.source) for e in result.entities],
            "claims": [_claim(c) for c in result.claims]}
    return HEADER.format(source=result.source.id, text=text_name) + _dump(body)


def source_yaml(source: Source) -> str:
    """The source's entry for ``sources.yaml`` (a one-item list, to append)."""
    entry = {k: (str(v) if k == "date" else v)
             for k, v in source.model_dump(exclude_none=True).items()}
    return _dump([entry])


# ---------------------------------------------------------------- the plan and its writing


@dataclass
class Plan:
    """Where a draft goes and what else it writes, checked before anything is written."""

    draft_path: Path
    sources_path: Path
    add_source: bool
    text: Path
    corpus_copy: Path | None
    written: list[Path] = field(default_factory=list)


def check_source_id(source_id: str) -> None:
    if not re.match(SLUG, source_id):
        raise DraftWriteError(f"--source {source_id!r} is not a slug: use lowercase letters, digits "
                              f"and single hyphens (e.g. {slug(source_id) or 'press-release-2026'!r})")


def plan(text: Path, source: Source, data: Path, corpus: Path, out: Path | None, known: bool) -> Plan:
    """Check every target; raise :class:`DraftWriteError` naming the first that cannot be used."""
    draft_path = out if out is not None else data / "claims" / f"{source.id}.draft.yaml"
    if draft_path.exists():
        raise DraftWriteError(f"{draft_path} exists; a draft never overwrites a file: review or "
                              "remove it, or give another --out")
    if not draft_path.parent.is_dir():
        raise DraftWriteError(f"{draft_path.parent} is not a folder; give --out a file in an existing folder")
    copy = None
    if not known:
        if not corpus.is_dir():
            raise DraftWriteError(f"corpus folder {corpus} does not exist; create it or pass --corpus "
                                  "(validate checks every quote against the texts there)")
        target = corpus / source.file
        if target.exists() and target.resolve() != text.resolve():
            if sha256_text(target) != source.sha256:
                raise DraftWriteError(f"{target} exists and is a different text; rename {text.name} "
                                      "or remove the other file from the corpus")
        elif not target.exists():
            copy = target
    return Plan(draft_path, data / "sources.yaml", not known, text, copy)


def write(plan: Plan, result: Draft) -> list[Path]:
    """Write the draft, the source's entry and the text's copy; undo all if one fails."""
    sources_before = plan.sources_path.read_bytes() if plan.add_source else None
    try:
        if plan.corpus_copy is not None:
            _create(plan.corpus_copy, plan.text.read_bytes())
            plan.written.append(plan.corpus_copy)
        if plan.add_source:
            tail = b"" if sources_before.endswith(b"\n") or not sources_before else b"\n"
            replace_file(plan.sources_path, sources_before + tail + source_yaml(result.source).encode("utf-8"))
        _create(plan.draft_path, draft_yaml(result, plan.text.name).encode("utf-8"))
        plan.written.append(plan.draft_path)
    except BaseException:
        for path in plan.written:
            path.unlink(missing_ok=True)
        if sources_before is not None and plan.sources_path.read_bytes() != sources_before:
            replace_file(plan.sources_path, sources_before)
        raise
    return plan.written


def _temporary(target: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
    return Path(tmp)


def _create(target: Path, data: bytes) -> None:
    """Write a new file: fails, writing nothing, if ``target`` exists."""
    tmp = _temporary(target, data)
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise DraftWriteError(f"{target} appeared while the draft was written; nothing was overwritten") from None
    except OSError:  # a filesystem without hard links
        if target.exists():
            raise DraftWriteError(f"{target} exists; nothing was overwritten") from None
        shutil.copyfile(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def replace_file(target: Path, data: bytes) -> None:
    """Replace a file's bytes atomically (written beside it, then moved)."""
    tmp = _temporary(target, data)
    os.replace(tmp, target)


# ---------------------------------------------------------------- the whole step


@dataclass
class Outcome:
    """What ``foip-graph draft`` did."""

    result: Draft
    draft_path: Path
    source_added: bool
    copied_to: Path | None


def draft_document(text: Path | str, source_id: str, *, data: Path, corpus: Path,
                   title: str | None = None, date: str | None = None, publisher: str | None = None,
                   kind: str = "document", out: Path | None = None, force: bool = False,
                   min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Outcome:
    """Draft a new text against the data in ``data`` and write the draft (see the module)."""
    text = Path(text)
    check_source_id(source_id)
    raw = read_text(text)
    report = load_dataset(data, corpus)
    if report.dataset is None:
        first = report.problems[0]
        raise DraftWriteError(f"the data does not validate ({len(report.problems)} problem(s), the first: "
                              f"{first}); run `foip-graph validate` and fix them first")
    kb = KnowledgeBase(report.dataset)
    digest = sha256_text(text)
    known = kb.sources.get(source_id)
    if known is not None:
        if not force:
            raise DraftWriteError(f"source {source_id!r} exists already in {data / 'sources.yaml'}; "
                                  "choose another --source, or pass --force to draft it again "
                                  "(its entry is kept as it is)")
        if known.sha256 != digest:
            raise DraftWriteError(f"{text} has sha256 {digest}, not the {known.sha256} recorded for "
                                  f"{source_id!r}: it is a different text")
        source = known
    else:
        source = Source(id=source_id, title=title or _first_line(raw), publisher=publisher or "unknown",
                        date=_date(date, raw, text), kind=kind, file=_corpus_name(text, corpus),
                        sha256=digest)
    steps = plan(text, source, data, corpus, out, known is not None)
    result = draft(raw, source, kb, corpus if corpus.is_dir() else None, min_confidence=min_confidence)
    write(steps, result)
    return Outcome(result, steps.draft_path, steps.add_source, steps.corpus_copy)


def _first_line(raw: str) -> str:
    line = next(line for line in raw.splitlines() if line.strip())
    return re.sub(r"[*#_`]+", "", line).strip()


def _date(given: str | None, raw: str, text: Path) -> PartialDate:
    if given is not None:
        try:
            return PartialDate.parse(given)
        except ValueError as exc:
            raise DraftWriteError(f"--date: {exc}") from None
    stated = [d for d in find_dates(normalize_quote(raw[:2000]), PartialDate(9999))
              if d.value.precision == "day" and d.note is None]
    if not stated:
        raise DraftWriteError(f"{text} states no full date near its start; give the document's "
                              "date with --date YYYY-MM-DD (relative dates are read from it)")
    return stated[0].value


def _corpus_name(text: Path, corpus: Path) -> str:
    try:
        return text.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return text.name
