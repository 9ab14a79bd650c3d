"""The ``foip-graph`` command line: thin wrappers over the library.

Each command parses its options, calls one library function and prints the result;
everything here can be done from Python too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .build import build as build_outputs
from .coverage import coverage as coverage_of
from .evidence import default_corpus_dir
from .kb import KnowledgeBase, bundled_data_dir
from .load import Report, load_dataset
from .locate import locate as locate_offsets
from .stats import stats as stats_of

app = typer.Typer(
    help="An evidenced knowledge graph of Japan's diplomacy and the Free and Open Indo-Pacific.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Optional[Path], typer.Option(
    "--data", help="Data folder (default: the bundled data).", show_default=False)]
CorpusOpt = Annotated[Optional[Path], typer.Option(
    "--corpus", help="Folder of source texts (default: $FOIP_CORPUS or ../shared/corpus).",
    show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _data(data: Path | None) -> Path:
    return data or bundled_data_dir()


def _corpus(data: Path, corpus: Path | None) -> Path:
    return corpus or default_corpus_dir(data.resolve().parent)


def _report(data: Path | None, corpus: Path | None) -> Report:
    folder = _data(data)
    report = load_dataset(folder, _corpus(folder, corpus))
    for note in report.notes:
        _err(f"note: {note}")
    for problem in report.problems:
        _err(str(problem))
    return report


def _kb(data: Path | None, corpus: Path | None) -> KnowledgeBase:
    """The knowledge base, or exit 1 after printing every problem."""
    report = _report(data, corpus)
    if report.dataset is None:
        _err(f"{len(report.problems)} problem(s); nothing was written.")
        raise typer.Exit(1)
    return KnowledgeBase(report.dataset)


def _table(rows: list[tuple], headers: tuple[str, ...]) -> str:
    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@app.command()
def validate(data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Check the data: every mistake is printed as file:line: message; exit 1 if any."""
    report = _report(data, corpus)
    if report.problems:
        _err(f"{len(report.problems)} problem(s).")
        raise typer.Exit(1)
    ds = report.dataset
    evidence = sum(len(c.evidence) for c in ds.claims)
    typer.echo(f"ok: {len(ds.sources)} sources, {len(ds.entities)} entities, "
               f"{len(ds.claims)} claims, {evidence} evidence quotes.")


@app.command()
def locate(data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Find every evidence quote in its source and write its start/end offsets."""
    folder = _data(data)
    result = locate_offsets(folder, _corpus(folder, corpus))
    for problem in result.problems:
        _err(str(problem))
    typer.echo(f"{result.filled} offsets filled in, {result.repaired} repaired, "
               f"{result.unchanged} already right; {len(result.files_changed)} file(s) rewritten.")
    if result.problems:
        raise typer.Exit(1)


@app.command()
def stats(data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Counts: entities by kind, claims by predicate and by source, entities with no claim."""
    s = stats_of(_kb(data, corpus))
    if as_json:
        typer.echo(json.dumps(s.as_dict(), indent=2))
        return
    typer.echo(f"{s.sources} sources, {s.entities} entities, {s.claims} claims, "
               f"{s.evidence} evidence quotes\n")
    typer.echo(_table(list(s.by_kind.items()), ("kind", "entities")) + "\n")
    typer.echo(_table(list(s.by_predicate.items()), ("predicate", "claims")) + "\n")
    typer.echo(_table(list(s.by_source.items()), ("source", "claims")) + "\n")
    typer.echo(f"entities with no claim: {', '.join(s.without_claims) or 'none'}")


@app.command()
def coverage(data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False,
             show: Annotated[bool, typer.Option(help="List the units no quote covers.")] = True
             ) -> None:
    """Share of each source's paragraphs and bullets that an evidence quote falls in."""
    kb = _kb(data, corpus)
    folder = _data(data)
    try:
        result = coverage_of(kb, _corpus(folder, corpus))
    except FileNotFoundError as exc:
        _err(f"coverage needs the source texts: {exc}")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps([{"source": c.source, "share": round(c.share, 4),
                                "units": len(c.counted),
                                "missing": [{"line": u.line, "text": u.text} for u in c.missing]}
                               for c in result], indent=2, ensure_ascii=False))
        return
    rows = [(c.source, len(c.counted), len(c.counted) - len(c.missing), f"{c.share:.1%}")
            for c in result]
    typer.echo(_table(rows, ("source", "units", "covered", "share")))
    for c in result:
        for unit in c.missing if show else []:
            typer.echo(f"  {c.source} line {unit.line}: {unit.text[:100]}")


@app.command()
def build(data: DataOpt = None, corpus: CorpusOpt = None,
          out: Annotated[Path, typer.Option(help="Output folder, replaced as a whole.")] = Path("out"),
          ) -> None:
    """Validate, then write every output under OUT (atomically: all or nothing)."""
    kb = _kb(data, corpus)
    written = build_outputs(kb, out)
    typer.echo(f"built {len(written)} file(s) in {out}/ from {len(kb.entities)} entities "
               f"and {len(kb.claims)} claims.")


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False
          ) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    """Entry point of the ``foip-graph`` console script."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
