"""The ``foip-graph`` command line: thin wrappers over the library.

Each command parses its options, calls one library function and prints the result;
everything here can be done from Python too.
"""

from __future__ import annotations

import inspect
import json
import os
import shlex
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.text import Text
from ruamel.yaml import YAMLError
from typer.core import TyperGroup

from . import __version__
from .build import STEPS as BUILD_STEPS
from .build import CACHES, BuildError, check_target, previous_load
from .build import build as build_outputs
from .coverage import CoverageFileError
from .coverage import coverage as coverage_of
from .docs import write_docs
from .draft import DEFAULT_MIN_CONFIDENCE, DraftInputError, DraftWriteError
from .evidence import default_corpus_dir
from .examples import UnknownExampleError, example_queries, example_query
from .exports import plover
from .rdf.export import export as export_rdf
from .kb import KnowledgeBase, bundled_data_dir
from .load import Report, load_dataset
from .loadcache import LoadCache
from .manifest import DATASET, MANIFEST, compare, read_dataset, read_manifest, summary
from .locate import locate as locate_offsets
from .rdf.namespaces import BASE_IRI, IRIs
from .query import KnowledgeGraph
from .records import chosen, record, records
from .rdf.push import (DEFAULT_TIMEOUT, RemoteError, checked_endpoint, credentials,
                       graph_iri_prefix, redacted, remote_select)
from .rdf.push import push as push_graph
from .rdf.view import build_dataset, new_dataset
from .resolve import AmbiguousEntityError, UnknownEntityError
from .rdf.serialize import FORMATS
from .serve import LOOPBACK, ServeError, is_loopback, make_server
from .rdf.shapes import check_shapes
from .rdf.sparql import OUTPUTS, FederationError, check_local, render, select
from .stats import stats as stats_of
from .terminal import (CLAIM_COLUMNS, EVIDENCE, QUALIFIERS, claim_group, entity_group, evidence_cell,
                       evidence_rows, print_json, print_lines, print_table, progress)
from .vocabulary import VOCABULARY

class _Group(TyperGroup):
    """The app's commands, whose help shows flags (``--json``, ``--shacl``) without a
    value type: they take none; in the list of commands, each command's first paragraph
    is one paragraph, wrapped to the terminal (rich help keeps a docstring's line breaks,
    which gave ragged lines)."""

    def get_params(self, ctx):
        return _flags(super().get_params(ctx))

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            _flags([*command.params, command.get_help_option(ctx)])
            if command.short_help is None and command.help:
                command.short_help = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
        return command


def _flags(params: list) -> list:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


app = typer.Typer(
    cls=_Group,
    help="An evidenced knowledge graph of Japan's diplomacy and the Free and Open Indo-Pacific.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Optional[Path], typer.Option(
    "--data", help="Data folder (default: the bundled data).", show_default=False)]
CorpusOpt = Annotated[Optional[Path], typer.Option(
    "--corpus", help="Folder of source texts (default: $FOIP_CORPUS, else ../shared/corpus "
    "beside the project; for the data bundled in an installed package, "
    "~/.local/share/foip-graph/corpus).", show_default=False)]
# Queries never read the source texts; the option stays accepted for existing scripts.
QueryCorpusOpt = Annotated[Optional[Path], typer.Option(
    "--corpus", hidden=True, help="Ignored: queries do not check quotes.")]
RequireOpt = Annotated[bool, typer.Option(
    "--require-corpus", envvar="FOIP_REQUIRE_CORPUS", show_envvar=False,
    help="Fail when the corpus is missing, instead of warning that the quotes were not "
         "checked against the source texts (also: FOIP_REQUIRE_CORPUS=1).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _data(data: Path | None) -> Path:
    return data or bundled_data_dir()


def _corpus(data: Path, corpus: Path | None) -> Path:
    return corpus or default_corpus_dir(data.resolve().parent)


def _load(folder: Path, corpus: Path | None, quotes: bool, cache: LoadCache | None = None) -> Report:
    report = load_dataset(folder, corpus, quotes=quotes, cache=cache)
    for problem in report.problems:
        _err(str(problem))
    return report


def _checked(data: Path | None, corpus: Path | None, require: bool, cache: LoadCache | None = None) -> Report:
    """The data loaded with every quote checked against the corpus (validate, build): a
    missing corpus is a loud warning, or, with ``--require-corpus``, an error. ``cache``
    is the load's (a build's)."""
    folder = _data(data)
    corpus_dir = _corpus(folder, corpus)
    if require and not corpus_dir.is_dir():
        _err(f"error: there is no corpus at {corpus_dir}, and --require-corpus (or "
             "FOIP_REQUIRE_CORPUS) asks for every quote to be checked against the source "
             "texts; pass --corpus DIR or set FOIP_CORPUS")
        raise typer.Exit(1)
    report = _load(folder, corpus_dir, quotes=True, cache=cache)
    if not report.quotes_checked:
        _err(f"warning: quotes were NOT checked against the source texts: there is no corpus "
             f"at {corpus_dir}. Pass --corpus DIR or set FOIP_CORPUS to check them; "
             "--require-corpus (or FOIP_REQUIRE_CORPUS=1) makes this an error.")
    return report


def _kb(data: Path | None, corpus: Path | None = None, quotes: bool = False) -> KnowledgeBase:
    """The knowledge base, or exit 1 after printing every problem. Queries do not check
    the quotes (``quotes=False``), so they neither read nor mention the corpus."""
    folder = _data(data)
    report = _load(folder, _corpus(folder, corpus) if quotes else None, quotes)
    if report.dataset is None:
        _err(f"{len(report.problems)} problem(s) in the data; `foip-graph validate` checks it.")
        raise typer.Exit(1)
    return KnowledgeBase(report.dataset)


@app.command()
def validate(data: DataOpt = None, corpus: CorpusOpt = None,
             shacl: Annotated[bool, typer.Option(
                 "--shacl", help="Also check the RDF graph against the SHACL shapes.")] = False,
             require_corpus: RequireOpt = False) -> None:
    """Check the data: every mistake is printed as file:line: message; exit 1 if any.
    Every quote is checked against its source's text when the corpus is there. Drafted
    items still marked `review: proposed` are counted per file, not checked."""
    report = _checked(data, corpus, require_corpus)
    for file, proposed in report.proposed.items():
        typer.echo(f"{file}: {proposed}")
    if report.problems:
        _err(f"{len(report.problems)} problem(s).")
        raise typer.Exit(1)
    ds = report.dataset
    evidence = sum(len(c.evidence) for c in ds.claims)
    unchecked = "" if report.quotes_checked else " Quotes NOT checked against the texts."
    typer.echo(f"ok: {len(ds.sources)} sources, {len(ds.entities)} entities, "
               f"{len(ds.claims)} claims, {evidence} evidence quotes.{unchecked}")
    if shacl:
        violations = check_shapes(build_dataset(KnowledgeBase(ds)))
        for violation in violations:
            _err(str(violation))
        if violations:
            _err(f"SHACL: {len(violations)} violation(s).")
            raise typer.Exit(1)
        typer.echo("SHACL: no violations.")


@app.command()
def locate(data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Find every evidence quote (of claims and of entities) in its source and write its
    start/end offsets."""
    folder = _data(data)
    result = locate_offsets(folder, _corpus(folder, corpus))
    for problem in result.problems:
        _err(str(problem))
    typer.echo(f"{result.claim_quotes + result.entity_quotes:,} quotes ({result.claim_quotes:,} of "
               f"claims, {result.entity_quotes:,} of entities): {result.filled} offsets filled in, "
               f"{result.repaired} repaired, {result.unchanged:,} already right; "
               f"{len(result.files_changed)} file(s) rewritten.")
    if result.problems:
        raise typer.Exit(1)


@app.command()
def draft(text: Annotated[Path, typer.Argument(metavar="TEXT_FILE", help="The new document, as UTF-8 text.",
                                               show_default=False)],
          source: Annotated[str, typer.Option("--source", help="Id of the new source (a slug, e.g. "
                                              "press-release-2026).", show_default=False)],
          title: Annotated[Optional[str], typer.Option(help="Its title (default: the first line).",
                                                       show_default=False)] = None,
          date: Annotated[Optional[str], typer.Option(help="Its date, YYYY, YYYY-MM or YYYY-MM-DD "
                                                      "(default: the first full date near its start).",
                                                      show_default=False)] = None,
          publisher: Annotated[Optional[str], typer.Option(help="Its publisher.", show_default=False)] = None,
          kind: Annotated[str, typer.Option(help="What it is: press-release, speech, interview, ...")] = "document",
          data: DataOpt = None, corpus: CorpusOpt = None,
          out: Annotated[Optional[Path], typer.Option(help="The draft file (default: "
                                                      "DATA/claims/SOURCE.draft.yaml).", show_default=False)] = None,
          force: Annotated[bool, typer.Option("--force", help="Draft a source that exists already "
                                              "(its entry in sources.yaml is kept).")] = False,
          min_confidence: Annotated[float, typer.Option(min=0, max=1, help="Leave out candidate claims "
                                                        "less likely than this.")] = DEFAULT_MIN_CONFIDENCE,
          ) -> None:
    """Draft a new document: the known entities it names, candidate new entities, the dates
    it states and candidate claims, written as a claims file whose every item is marked
    `review: proposed`, plus its entry in sources.yaml. Nothing enters the graph until a
    curator accepts it."""
    from .draft.write import draft_document  # spaCy loads here, not for every command

    folder = _data(data)
    corpus_dir = _corpus(folder, corpus)
    try:
        done = draft_document(text, source, data=folder, corpus=corpus_dir, title=title, date=date,
                              publisher=publisher, kind=kind, out=out, force=force,
                              min_confidence=min_confidence)
    except (DraftInputError, DraftWriteError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None
    r = done.result
    known = len({m.entity for m in r.mentions})
    typer.echo(f"drafted {r.source.id} from {text.name}: {len(r.mentions)} mentions of {known} known "
               f"entities, {len(r.entities)} candidate entities, {len(r.dates)} dates, "
               f"{len(r.claims)} candidate claims")
    _err(f"({r.seconds:.1f} s)")
    typer.echo(f"wrote {done.draft_path} (every item marked review: proposed)")
    if done.source_added:
        typer.echo(f"added {r.source.id} to {folder / 'sources.yaml'} (sha256 {r.source.sha256[:12]}…)")
    if done.copied_to is not None:
        typer.echo(f"copied {text.name} into the corpus: {done.copied_to}")
    typer.echo(f"next: foip-graph review {done.draft_path} (or edit it: delete an item's "
               "`review: proposed` line to accept it), then foip-graph validate")


@app.command()
def review(file: Annotated[Path, typer.Argument(metavar="DRAFT_FILE", help="A draft written by "
                                                "`foip-graph draft`.", show_default=False)]) -> None:
    """Go through a draft's proposed items one by one: accept, reject, accept an
    alternative predicate, skip or quit. Every decision is saved at once."""
    from .draft.review import Review

    try:
        session = Review(file)
    except (OSError, ValueError, YAMLError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None
    items = session.pending
    if not items:
        typer.echo(f"{file}: nothing to review (no item is marked review: proposed)")
        return
    tally = {"accepted": 0, "rejected": 0}
    for n, item in enumerate(items, start=1):
        if not any(item.node is p.node for p in session.pending):
            continue  # went with a rejected entity
        typer.echo(f"[{n}/{len(items)}] {item.describe()}")
        numbers = [str(i) for i in range(1, len(item.alternatives) + 1)]
        hint = f", {'/'.join(numbers)} for an alternative" if numbers else ""
        try:
            answer = typer.prompt(f"accept, reject, skip or quit (a/r/s/q{hint})", default="s",
                                  show_default=False).strip().lower()
        except typer.Abort:
            answer = "q"
        if answer == "q":
            break
        if answer in ("a", *numbers):
            waiting = session.accept(item, None if answer == "a" else int(answer))
            tally["accepted"] += 1
            if waiting:
                typer.echo(f"  note: {', '.join(waiting)} is still proposed; accept it too")
        elif answer == "r":
            dropped = session.reject(item)
            tally["rejected"] += 1 + dropped
            if dropped:
                typer.echo(f"  rejected with it: {dropped} claim(s) naming it")
    left = len(session.pending)
    typer.echo(f"{tally['accepted']} accepted, {tally['rejected']} rejected, {left} still proposed; "
               "next: foip-graph validate")


@app.command()
def stats(data: DataOpt = None, corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Counts: entities by kind, claims by predicate and by source, entities with no claim."""
    s = stats_of(_kb(data))
    if as_json:
        print_json(s.as_dict())
        return
    print_lines([f"{s.sources} sources, {s.entities} entities, {s.claims} claims, "
                 f"{s.evidence:,} evidence quotes of claims ({s.entity_evidence} more of "
                 "entities: events' and agreements' dates)", ""])
    for counts, header in ((s.by_kind, ("kind", "entities")), (s.by_predicate, ("predicate", "claims")),
                           (s.by_source, ("source", "claims"))):
        print_table([[dict(zip(header, (name, str(n))))] for name, n in counts.items()], header, "")
        print_lines([""])
    print_lines([f"entities with no claim: {', '.join(s.without_claims) or 'none'}"])


@app.command()
def coverage(data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False,
             show: Annotated[bool, typer.Option(
                 "--show/--no-show", help="List the units no quote covers.")] = True) -> None:
    """Share of each source's paragraphs and bullets that an evidence quote falls in."""
    kb = _kb(data, corpus, quotes=True)
    folder = _data(data)
    try:
        result = coverage_of(kb, _corpus(folder, corpus))
    except FileNotFoundError as exc:
        _err(f"coverage needs the source texts: {exc}")
        raise typer.Exit(1) from None
    except CoverageFileError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None
    if as_json:
        print_json([{"source": c.source, "share": round(c.share, 4), "units": len(c.counted),
                     "stale_skips": c.stale,
                     "missing": [{"line": u.line, "text": u.text} for u in c.missing]} for c in result])
        return
    columns = ("source", "units", "covered", "skipped", "share")
    print_table([[dict(zip(columns, (c.source, str(len(c.counted)), str(len(c.counted) - len(c.missing)),
                                     str(sum(u.skipped is not None for u in c.units)), f"{c.share:.1%}")))]
                 for c in result], columns, "no sources")
    for c in result:
        for unit in c.missing if show else []:
            typer.echo(f"  not covered: {c.source} line {unit.line}: {unit.text[:100]}")
        for text in c.stale:
            typer.echo(f"  stale skip in coverage.yaml: {c.source}: {text[:100]!r} is not a unit of the text")


@app.command()
def build(data: DataOpt = None, corpus: CorpusOpt = None,
          out: Annotated[Path, typer.Option(
              help="Output folder. It is replaced as a whole, so it must be absent, empty or "
                   "a previous build (one with a foip-graph-build.json).")] = Path("out"),
          require_corpus: RequireOpt = False,
          jobs: Annotated[Optional[int], typer.Option(
              min=1, help="Processes to build with at once (default: one per CPU); 1 builds "
                          "in this process alone. The files are the same.")] = None,
          fresh: Annotated[bool, typer.Option(
              "--fresh", help="Take nothing from the previous build's caches: read every data "
                              "file, draw every page and write every RDF chunk again. The "
                              "files are the same.")] = False
          ) -> None:
    """Validate, then write every output under OUT (atomically: all or nothing), and say
    what changed since the previous build there (also in OUT/changes.json)."""
    folder = _data(data)
    corpus_dir = _corpus(folder, corpus)
    target = _built(lambda: check_target(out, [(folder, "data"), (corpus_dir, "corpus")]))
    cache = LoadCache() if fresh else previous_load(target)
    report = _checked(data, corpus, require_corpus, cache)
    if report.dataset is None:
        _err(f"{len(report.problems)} problem(s); nothing was written.")
        raise typer.Exit(1)
    kb = KnowledgeBase(report.dataset)
    previous = signal.signal(signal.SIGTERM, _terminated)  # so a stopped build cleans up
    try:
        with progress(len(BUILD_STEPS), f"building {out}") as step:
            built = _built(lambda: build_outputs(kb, out, corpus=corpus_dir, progress=step,
                                                 quotes_checked=report.quotes_checked, jobs=jobs,
                                                 load_cache=cache, reuse=not fresh))
    finally:
        signal.signal(signal.SIGTERM, previous)
    for stale in built.removed:
        _err(f"removed {stale}, the staging folder of a build that was stopped")
    for line in summary(built.changes):
        typer.echo(line)
    serve = "foip-graph serve" + ("" if out == Path("out") else f" --site {shlex.quote(str(out / 'site'))}")
    outputs = sum(path.relative_to(built.folder).parts[0] != CACHES for path in built.files)
    typer.echo(f"built {outputs} file(s) in {out}/ from {len(kb.entities)} entities "
               f"and {len(kb.claims)} claims; open {out / 'site' / 'index.html'} or run "
               f"`{serve}`.")
    if not report.quotes_checked:
        _err("warning: this build's quotes were NOT checked against the source texts "
             f"(its {MANIFEST} says quotes_checked: false).")


def _built(call):
    try:
        return call()
    except BuildError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


@app.command()
def diff(old: Annotated[Path, typer.Argument(help="The earlier build's folder.")],
         new: Annotated[Path, typer.Argument(help="The later build's folder.")],
         as_json: JsonOpt = False) -> None:
    """What changed between two builds: claims, entities and evidence quotes added,
    removed and changed, in total and per source (what `build` prints after each build)."""
    builds = []
    for folder in (old, new):
        manifest = read_manifest(folder)
        dataset = read_dataset(folder) if manifest is not None else None
        if dataset is None:
            why = f"it has no {MANIFEST}" if manifest is None else f"its {DATASET} cannot be read"
            _err(f"error: {folder} is not a foip-graph build ({why})")
            raise typer.Exit(2)
        builds.append((manifest, dataset))
    changes = compare(builds[0][1], builds[1][1], builds[0][0])
    if as_json:
        typer.echo(json.dumps(changes, indent=2, ensure_ascii=False))
        return
    for line in summary(changes):
        typer.echo(line)


@app.command()
def serve(site: Annotated[Path, typer.Option(help="The built site's folder.")] = Path("out/site"),
          port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 8000,
          host: Annotated[str, typer.Option(help="Address to bind; other than the loopback, "
                                                 "the site is visible to the network.")] = LOOPBACK,
          ) -> None:
    """Serve the built site over HTTP on this machine (127.0.0.1) until Ctrl+C."""
    try:
        server = make_server(site, host, port)
    except (FileNotFoundError, ServeError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None
    if not is_loopback(host):
        _err(f"warning: binding to {host} makes the site reachable from other machines")
    bound_host, bound_port = server.server_address[:2]
    typer.echo(f"serving {site} at http://{bound_host}:{bound_port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---------------------------------------------------------------- asking the graph

NameArg = Annotated[str, typer.Argument(help="An id, name or alias (case and punctuation don't matter).")]
AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", help="Only what was true on this date (YYYY, YYYY-MM or YYYY-MM-DD); each row says why (basis).")]
KnownByOpt = Annotated[Optional[str], typer.Option(
    "--known-by", help="Only what the documents published by this date had said.")]
DerivedOpt = Annotated[bool, typer.Option(
    "--derived/--no-derived", help="Include derived links (a holder of an office linked to its "
                                   "state), marked with the claims they come from.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="With --as-of: only what a text states or shows on that date, no inference.")]
ONE = "all"     # views of one entity or pair print every quote
MANY = "first"  # lists print each claim's first quote


class Quotes(str, Enum):
    all = "all"
    first = "first"
    none = "none"


def _quotes_option(default: str):
    return Annotated[Optional[Quotes], typer.Option(
        "--quotes", show_default=False,
        help=f"Which quotes to print for each claim, with source and span: all, first or "
             f"none (default: {default}; with --json: all).")]


QuotesOne = _quotes_option(ONE)
QuotesMany = _quotes_option(MANY)


def _quotes(option: Quotes | None, as_json: bool, default: str) -> str:
    return option.value if option is not None else "all" if as_json else default


def _graph(data: Path | None) -> KnowledgeGraph:
    return KnowledgeGraph(_kb(data))


def _ask(call):
    """Run a query; unknown or ambiguous names and bad arguments exit 2 with a sentence."""
    try:
        return call()
    except (UnknownEntityError, AmbiguousEntityError, UnknownExampleError, ValueError) as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    _err(f"error: {message}")
    raise typer.Exit(2)


def _claims_out(kg: KnowledgeGraph, claims: list, as_json: bool, quotes: str, empty: str) -> None:
    if as_json:
        print_json(records(claims, quotes))
    else:
        print_table([claim_group(c, kg.kb.entities, quotes) for c in claims], CLAIM_COLUMNS, empty)


def _answers_out(kg: KnowledgeGraph, answers: list, header: str, as_json: bool, quotes: str,
                 empty: str) -> None:
    """Answers (members, office holders): the entity once, then each claim behind it."""
    if as_json:
        print_json(records(answers, quotes))
        return
    groups = [claim_group(c, kg.kb.entities, quotes, {header: a.entity.name if i == 0 else "",
                                                      "basis": a.basis if i == 0 else None})
              for a in answers for i, c in enumerate(a.claims)]
    print_table(groups, (header, "when", *QUALIFIERS, "basis", "sources", EVIDENCE), empty)


def _names(entities) -> str:
    return ", ".join(e.name for e in entities)


def _expect(kg: KnowledgeGraph, entity, *predicates: str) -> None:
    """Exit 2 when ``entity`` cannot be the object of any of ``predicates``: say what it
    is and where to look instead."""
    allowed = list(dict.fromkeys(k for p in predicates for k in VOCABULARY.predicate(p).object_kinds))
    if entity.kind in allowed:
        return
    kinds = [_a(k) for k in allowed]
    either = f"{', '.join(kinds[:-1])} or {kinds[-1]}" if len(kinds) > 1 else kinds[0]
    message = f"{entity.name} is {_a(entity.kind)}, not {either}"
    offices = [kg.kb.entities[c.subject] for c in kg.claims(predicate="office_of", object=entity.id)]
    held = [kg.kb.entities[c.object] for c in kg.claims(subject=entity.id, predicate=predicates[0])]
    if "holds_office" in predicates and offices:
        message += f"; its offices: {_names(offices)}"
    elif held:
        message += f"; {_HELD[predicates[0]]}: {_names(dict.fromkeys(held))}"
    else:
        message += f"; `foip-graph entities --kind {allowed[0]}` lists them"
    _fail(message)


_HELD = {"member_of": "it is a member of", "holds_office": "offices held"}


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeio' else 'a'} {kind}"


@app.command()
def show(name: NameArg, quotes: QuotesOne = None, data: DataOpt = None, corpus: QueryCorpusOpt = None,
         as_json: JsonOpt = False) -> None:
    """One entity: its description and every claim about it, with its quotes."""
    kg = _graph(data)
    entity = _ask(lambda: kg.entity(name))
    links = kg.kb.claims_of(entity.id)
    quotes = _quotes(quotes, as_json, ONE)
    if as_json:
        print_json({**record(entity, quotes), "claims": records(links, quotes)})
        return
    lines = [Text.assemble((entity.name, "bold"), f"  [{entity.kind}, id {entity.id}]")]
    if entity.aliases:
        lines.append(f"also: {', '.join(entity.aliases)}")
    lines.append(entity.description)
    when = ", ".join(f"{f} {getattr(entity, f)}" for f in ("date", "start", "end") if getattr(entity, f))
    if when:
        lines.append(when)
    if entity.wikidata:
        lines.append(f"wikidata: https://www.wikidata.org/wiki/{entity.wikidata}")
    print_lines(lines)
    if entity.evidence and quotes != "none":
        shown = chosen(entity.evidence, quotes)
        print_lines([evidence_cell(shown, len(entity.evidence) - len(shown))])
    print_lines([""])
    _claims_out(kg, links, False, quotes, "no claims")


@app.command()
def entities(kind: Annotated[Optional[str], typer.Option(
                 help=f"Only entities of this kind: {', '.join(VOCABULARY.kinds)}.")] = None,
             search: Annotated[Optional[str], typer.Option(
                 help="Only entities whose id, name, aliases or description hold these words.")] = None,
             data: DataOpt = None, corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """List entities, sorted by name: all, of one kind, or matching a search."""
    kg = _graph(data)
    kind = VOCABULARY.kind_for_plural(kind) or kind if kind is not None else None
    found = _ask(lambda: kg.entities(kind=kind, search=search))
    if as_json:
        print_json(records(found))
        return
    print_table([[{"id": e.id, "name": e.name, "kind": e.kind, "aliases": ", ".join(e.aliases),
                   "claims": str(len(kg.kb.claims_of(e.id)))}] for e in found],
                ("id", "name", "kind", "claims", "aliases"), "no entity matches")


@app.command()
def between(a: NameArg, b: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
            strict: StrictOpt = False, derived: DerivedOpt = True, quotes: QuotesMany = None,
            data: DataOpt = None, corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Claims linking two entities directly, either direction, oldest source first; then
    derived links."""
    kg = _graph(data)
    claims = _ask(lambda: kg.between(a, b, as_of=as_of, known_by=known_by, strict=strict,
                                     derived=derived))
    if claims or as_json:
        _claims_out(kg, claims, as_json, _quotes(quotes, as_json, MANY), "")
        return
    x, y = kg.entity(a), kg.entity(b)
    chain = kg.path(x.id, y.id, derived=derived)
    hint = (f"; `foip-graph path {shlex.quote(a)} {shlex.quote(b)}` shows how they are linked "
            f"through others ({len(chain)} claims)" if chain else "; nothing links them, even through others")
    typer.echo(f"no claim links {x.name} and {y.name} directly{hint}")


@app.command()
def path(a: NameArg, b: NameArg, derived: DerivedOpt = True, quotes: QuotesMany = None,
         data: DataOpt = None, corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """The shortest chain of claims linking two entities, each with its quotes."""
    kg = _graph(data)
    _claims_out(kg, _ask(lambda: kg.path(a, b, derived=derived)), as_json,
                _quotes(quotes, as_json, MANY), "they are not connected")


@app.command("compare")
def compare_sources(a: NameArg, b: NameArg, quotes: QuotesOne = None, data: DataOpt = None,
            corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """How each source frames the relationship of two entities, oldest source first:
    its stance, its claims and their quotes from that source."""
    kg = _graph(data)
    views = _ask(lambda: kg.compare_sources(a, b))
    quotes = _quotes(quotes, as_json, ONE)
    if as_json:
        print_json(records(views, quotes))
        return
    x, y = kg.entity(a), kg.entity(b)
    if not views:
        typer.echo(f"no source links {x.name} and {y.name} directly")
        return
    print_lines([f"{x.name} and {y.name} in {len(views)} source(s), oldest first:", *(
        f"  {v.source.id} ({v.source.date}): {len(v.claims)} claim(s), stance "
        f"{', '.join(v.stances) or 'not stated'}" for v in views), ""])
    groups = [claim_group(c, kg.kb.entities, quotes,
                          {"source": f"{v.source.id}\n{v.source.date}" if i == 0 else ""},
                          source=v.source.id)
              for v in views for i, c in enumerate(v.claims)]
    print_table(groups, ("source", *(c for c in CLAIM_COLUMNS if c != "sources")), "")


@app.command()
def members(name: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
            strict: StrictOpt = False, quotes: QuotesMany = None, data: DataOpt = None,
            corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Members of a framework or organization, or the parties to an agreement (as of a
    date), with the quotes that say so."""
    kg = _graph(data)
    group = _ask(lambda: kg.entity(name))
    _expect(kg, group, "member_of", "party_to")
    _answers_out(kg, _ask(lambda: kg.members(group.id, as_of=as_of, known_by=known_by, strict=strict)),
                 "member", as_json, _quotes(quotes, as_json, MANY), "no members known")


@app.command("office-holders")
def office_holders(office: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
                   strict: StrictOpt = False, quotes: QuotesMany = None, data: DataOpt = None,
                   corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Who held an office (as of a date), with the quotes that say so."""
    kg = _graph(data)
    post = _ask(lambda: kg.entity(office))
    _expect(kg, post, "holds_office")
    _answers_out(kg, _ask(lambda: kg.office_holders(post.id, as_of=as_of, known_by=known_by, strict=strict)),
                 "holder", as_json, _quotes(quotes, as_json, MANY), "nobody known")


@app.command()
def timeline(name: Annotated[Optional[str], typer.Argument(help="Only what involves this entity.")] = None,
             start: Annotated[Optional[str], typer.Option(help="From this date.")] = None,
             end: Annotated[Optional[str], typer.Option(help="Up to this date.")] = None,
             events: Annotated[bool, typer.Option("--events", help="Only events, not dated claims.")] = False,
             known_by: KnownByOpt = None, quotes: QuotesMany = None, data: DataOpt = None,
             corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Events (name, dates, place) and dated claims in date order, with their quotes."""
    kg = _graph(data)
    items = _ask(lambda: kg.timeline(name, start=start, end=end, events=events, known_by=known_by))
    quotes = _quotes(quotes, as_json, MANY)
    if as_json:
        print_json(records(items, quotes))
        return
    groups = [entity_group(d.event, quotes, {"when": str(d.when), "claim": _event_text(d)})
              if d.event is not None else claim_group(d.claim, kg.kb.entities, quotes) for d in items]
    print_table(groups, ("when", "claim", *QUALIFIERS, "sources", EVIDENCE), "nothing dated")


def _event_text(d) -> str:
    at = f" (at {_names(d.places)})" if d.places else ""
    return f"event: {d.event.name}{at}"


@app.command()
def events(category: Annotated[Optional[str], typer.Option(
               help="Only this PLOVER category (CONSULT, SUPPORT, ACCUSE, ...).")] = None,
           actor: Annotated[Optional[list[str]], typer.Option(
               help="Only events this entity takes part in, as actor or recipient (a country "
                    "also through its officials); repeat for events of several.")] = None,
           start: Annotated[Optional[str], typer.Option(help="From this date.")] = None,
           end: Annotated[Optional[str], typer.Option(help="Up to this date.")] = None,
           count: Annotated[bool, typer.Option(
               "--count", help="Count the events by category and document instead.")] = False,
           quotes: QuotesMany = None, data: DataOpt = None, corpus: QueryCorpusOpt = None,
           as_json: JsonOpt = False) -> None:
    """Events as PLOVER records (the coding POLECAT uses), oldest first, with their quotes."""
    kg = _graph(data)
    found = _ask(lambda: kg.events(category=category, actor=actor, start=start, end=end))
    if count:
        sources = [s for s in kg.kb.sources if any(e.source.id == s for e in found)]
        categories = [c for c in VOCABULARY.plover.categories if any(e.category == c for e in found)]
        print_table([[{"category": c, **{s: str(sum(e.category == c and e.source.id == s for e in found))
                                         for s in sources}}] for c in categories],
                    ("category", *sources), "no events")
    elif as_json:
        typer.echo(json.dumps([plover.record(e, kg.kb) for e in found], indent=2, ensure_ascii=False))
    else:
        quotes = _quotes(quotes, as_json, MANY)
        print_table([_event_group(e, quotes) for e in found],
                    ("date", "category", "mode", "actor", "recipient", EVIDENCE), "no events")


def _event_group(e, quotes: str) -> list[dict]:
    """A PLOVER record as rows: its coding on the first, then its quotes."""
    (row,) = e.as_rows()
    rows = evidence_rows(e.evidence, quotes)
    rows[0] = {"date": row["date"], "category": row["category"], "mode": row["mode"],
               "actor": "\n".join(row["actor"]), "recipient": "\n".join(row["recipient"]), **rows[0]}
    return rows


@app.command()
def rank(measure: Annotated[str, typer.Option(help="degree, betweenness, pagerank or closeness.")] = "betweenness",
         kind: Annotated[Optional[str], typer.Option(help="Only entities of this kind.")] = None,
         top: Annotated[int, typer.Option(min=1, help="How many.")] = 10,
         data: DataOpt = None, corpus: QueryCorpusOpt = None, as_json: JsonOpt = False) -> None:
    """The most central entities of the network."""
    kg = _graph(data)
    ranked = _ask(lambda: kg.rank(measure, kind=kind, top=top))
    if as_json:
        print_json(records(ranked))
        return
    print_table([[{"id": r.entity.id, "name": r.entity.name, "kind": r.entity.kind,
                   "score": f"{r.score:.4f}"}] for r in ranked], ("id", "name", "kind", "score"),
                "no entities")


BaseIriOpt = Annotated[str, typer.Option("--base-iri", help="Base of every IRI the graph mints.")]
BearerOpt = Annotated[Optional[str], typer.Option(
    "--bearer-env", metavar="VAR", show_default=False,
    help="Send the bearer token held in the environment variable VAR.")]
BasicOpt = Annotated[Optional[str], typer.Option(
    "--basic-env", metavar="VAR", show_default=False,
    help="Send basic auth: user:password held in the environment variable VAR.")]
TimeoutOpt = Annotated[float, typer.Option(min=0.1, help="Seconds to wait for each answer of the server.")]


def _remote(call):
    """Talk to a SPARQL server; a failure exits 1 with its sentence."""
    try:
        return call()
    except RemoteError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from None


@app.command()
def export(fmt: Annotated[str, typer.Option(
               "--format", help=f"RDF format: {', '.join(FORMATS)}.")] = "ttl",
           out: Annotated[str, typer.Option(help="File to write, or - for stdout.")] = "-",
           base_iri: BaseIriOpt = BASE_IRI,
           data: DataOpt = None, corpus: QueryCorpusOpt = None) -> None:
    """Write the RDF graph in one format (the same bytes `build` writes to out/)."""
    if fmt not in FORMATS:
        _err(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    payload = export_rdf(_kb(data), fmt, base_iri)
    if out == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(payload)
        _err(f"wrote {len(payload):,} bytes to {out}")


@app.command()
def sparql(query: Annotated[Optional[str], typer.Argument(
               metavar="[QUERY_OR_FILE]", show_default=False,
               help="A SELECT query, or a file holding one (.rq).")] = None,
           example: Annotated[Optional[str], typer.Option(
               "--example", metavar="NAME", show_default=False,
               help="Run the example query NAME instead (see --list-examples).")] = None,
           list_examples: Annotated[bool, typer.Option(
               "--list-examples", help="List the example queries and exit.")] = False,
           fmt: Annotated[str, typer.Option(
               "--format", help=f"Output: {', '.join(OUTPUTS)}.")] = "table",
           endpoint: Annotated[Optional[str], typer.Option(
               "--endpoint", metavar="URL", show_default=False,
               help="Ask this SPARQL query endpoint instead of the local graph "
                    "(Oxigraph: http://HOST:7878/query).")] = None,
           bearer_env: BearerOpt = None, basic_env: BasicOpt = None,
           timeout: TimeoutOpt = DEFAULT_TIMEOUT,
           allow_service: Annotated[bool, typer.Option(
               "--allow-service", help="Let a local query reach the network: SERVICE "
                                       "(federation) and FROM, which fetch the IRIs they name. "
                                       "Refused without it.")] = False,
           data: DataOpt = None, corpus: QueryCorpusOpt = None) -> None:
    """Run a SPARQL SELECT on the graph. As in a store, the default graph is empty:
    match inside GRAPH ?g { ... }, as the example queries do (--list-examples). A local
    query never reaches the network unless --allow-service says it may."""
    if list_examples:
        print_table([[{"name": q.name, "what it asks": q.summary}] for q in example_queries().values()],
                    ("name", "what it asks"), "no example queries")
        return
    if (query is None) == (example is None):
        _fail("give a query (or a file holding one), or --example NAME; "
              "`foip-graph sparql --list-examples` lists the examples")
    if fmt not in OUTPUTS:
        _fail(f"unknown output format {fmt!r}; choose one of: {', '.join(OUTPUTS)}")
    text = _ask(lambda: example_query(example)).text if example is not None else _query_text(query)
    if endpoint is not None:
        authorization = _remote(lambda: credentials(bearer_env, basic_env))
        results = _remote(lambda: remote_select(endpoint, text, authorization, timeout))
        names = new_dataset(IRIs(BASE_IRI)).namespace_manager
        typer.echo(render(results, fmt, names), nl=False)
        return
    try:
        check_local(text, allow_service)
    except FederationError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    ds = build_dataset(_kb(data))
    try:
        results = select(ds, text, allow_service=allow_service)
    except Exception as exc:  # rdflib raises parser and evaluation errors of many types
        _err(f"SPARQL error: {exc}")
        raise typer.Exit(2) from None
    typer.echo(render(results, fmt, ds.namespace_manager), nl=False)


def _query_text(query: str) -> str:
    """The query itself, or the text of the file it names. An argument that can only be
    a path (one word, ending in .rq or .sparql, or with a slash and no braces) and names
    no file is an error, not a query to parse."""
    path = Path(query)
    looks_like_path = (not any(c.isspace() or c in "{}" for c in query)
                       and (path.suffix.lower() in (".rq", ".sparql") or "/" in query))
    try:
        if path.is_file():
            return path.read_bytes().decode("utf-8")
        if looks_like_path and path.exists():
            _err(f"error: {query} is not a file holding a query (it is a folder or a device)")
            raise typer.Exit(2)
    except UnicodeDecodeError as exc:
        _err(f"error: {query} is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        raise typer.Exit(2) from None
    except OSError as exc:
        _err(f"error: cannot read {query}: {exc.strerror}")
        raise typer.Exit(2) from None
    if looks_like_path:
        _err(f"error: no such file: {query} (give a SELECT query, or the path of a file holding one)")
        raise typer.Exit(2)
    return query


@app.command()
def push(endpoint: Annotated[str, typer.Option(
             "--endpoint", metavar="URL", show_default=False,
             help="The server's Graph Store endpoint (Oxigraph: http://HOST:7878/store; "
                  "Fuseki: http://HOST:3030/DATASET/data).")],
         graph_prefix: Annotated[Optional[str], typer.Option(
             "--graph-prefix", metavar="IRI", show_default=False,
             help="Name the graphs IRI + source id, entities, ontology "
                  "(default: the base IRI + graph/).")] = None,
         bearer_env: BearerOpt = None, basic_env: BasicOpt = None,
         timeout: TimeoutOpt = DEFAULT_TIMEOUT, base_iri: BaseIriOpt = BASE_IRI,
         data: DataOpt = None, corpus: QueryCorpusOpt = None) -> None:
    """Send the graph to a SPARQL 1.1 server: each named graph (a source's, entities,
    ontology) by HTTP PUT, replacing the graph of that name there. Writes nothing locally."""
    authorization = _remote(lambda: credentials(bearer_env, basic_env))
    _remote(lambda: checked_endpoint(endpoint))
    _remote(lambda: graph_iri_prefix(graph_prefix, base_iri))
    ds = build_dataset(_kb(data), base_iri)
    pushed = _remote(lambda: push_graph(
        ds, endpoint, graph_prefix, authorization, timeout, base_iri,
        progress=lambda graph, n: typer.echo(f"sent {graph} ({n:,} triples)")))
    typer.echo(f"pushed {len(pushed.graphs)} graphs ({pushed.triples:,} triples) to "
               f"{redacted(endpoint)}")


@app.command("docs")
def docs_command(out: Annotated[Path, typer.Option(help="Folder to write into.")] = Path("docs")) -> None:
    """Regenerate the vocabulary and command-line reference pages from the code."""
    for path in write_docs(app, out):
        typer.echo(f"wrote {path}")


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False
          ) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    """Entry point of the ``foip-graph`` console script. No Python traceback reaches the
    user: a failure the commands did not foresee is one sentence saying what happened and
    where to report it (``FOIP_DEBUG=1`` shows the traceback)."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
    except Exception as exc:  # noqa: BLE001 - the last guard, by design
        if os.environ.get("FOIP_DEBUG"):
            raise
        _err(unexpected(exc))
        sys.exit(1)


def unexpected(exc: Exception) -> str:
    """The sentence for an error no command foresaw.

    >>> unexpected(OSError(28, "No space left on device", "out.ttl"))
    'error: No space left on device: out.ttl'
    >>> unexpected(KeyError("x")).startswith("error: unexpected KeyError: 'x'. This is a bug")
    True
    """
    if isinstance(exc, OSError) and exc.strerror:
        return f"error: {exc.strerror}{': ' + str(exc.filename) if exc.filename else ''}"
    if isinstance(exc, MemoryError):
        return "error: out of memory"
    text = str(exc)
    text = text if len(text) <= 200 else text[:199] + "…"
    return (f"error: unexpected {type(exc).__name__}: {text}. This is a bug in foip-graph "
            f"{__version__}: please report it, with the command you ran, to the project's "
            "issue tracker (FOIP_DEBUG=1 shows the full traceback).")
