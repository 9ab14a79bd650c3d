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
from ruamel.yaml import YAMLError

from . import __version__
from .build import build as build_outputs
from .coverage import coverage as coverage_of
from .docs import write_docs
from .draft import DEFAULT_MIN_CONFIDENCE, DraftInputError, DraftWriteError
from .evidence import default_corpus_dir
from .exports import plover
from .rdf.export import export as export_rdf
from .kb import KnowledgeBase, bundled_data_dir
from .load import Report, load_dataset
from .locate import locate as locate_offsets
from .rdf.namespaces import BASE_IRI, IRIs
from .query import KnowledgeGraph, rows
from .rdf.push import DEFAULT_TIMEOUT, RemoteError, credentials, remote_select
from .rdf.push import push as push_graph
from .rdf.view import build_dataset, new_dataset
from .resolve import AmbiguousEntityError, UnknownEntityError
from .rdf.serialize import FORMATS
from .serve import LOOPBACK, is_loopback, make_server
from .rdf.shapes import check_shapes
from .rdf.sparql import OUTPUTS, render, select
from .stats import stats as stats_of
from .vocabulary import VOCABULARY

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
def validate(data: DataOpt = None, corpus: CorpusOpt = None,
             shacl: Annotated[bool, typer.Option(
                 "--shacl", help="Also check the RDF graph against the SHACL shapes.")] = False,
             ) -> None:
    """Check the data: every mistake is printed as file:line: message; exit 1 if any.
    Drafted items still marked `review: proposed` are counted per file, not checked."""
    report = _report(data, corpus)
    for file, proposed in report.proposed.items():
        typer.echo(f"{file}: {proposed}")
    if report.problems:
        _err(f"{len(report.problems)} problem(s).")
        raise typer.Exit(1)
    ds = report.dataset
    evidence = sum(len(c.evidence) for c in ds.claims)
    typer.echo(f"ok: {len(ds.sources)} sources, {len(ds.entities)} entities, "
               f"{len(ds.claims)} claims, {evidence} evidence quotes.")
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
                                "units": len(c.counted), "stale_skips": c.stale,
                                "missing": [{"line": u.line, "text": u.text} for u in c.missing]}
                               for c in result], indent=2, ensure_ascii=False))
        return
    table = [(c.source, len(c.counted), len(c.counted) - len(c.missing),
              sum(u.skipped is not None for u in c.units), f"{c.share:.1%}") for c in result]
    typer.echo(_table(table, ("source", "units", "covered", "skipped", "share")))
    for c in result:
        for unit in c.missing if show else []:
            typer.echo(f"  not covered: {c.source} line {unit.line}: {unit.text[:100]}")
        for text in c.stale:
            typer.echo(f"  stale skip in coverage.yaml: {c.source}: {text[:100]!r} is not a unit of the text")


@app.command()
def build(data: DataOpt = None, corpus: CorpusOpt = None,
          out: Annotated[Path, typer.Option(help="Output folder, replaced as a whole.")] = Path("out"),
          ) -> None:
    """Validate, then write every output under OUT (atomically: all or nothing)."""
    kb = _kb(data, corpus)
    written = build_outputs(kb, out, corpus=_corpus(_data(data), corpus))
    typer.echo(f"built {len(written)} file(s) in {out}/ from {len(kb.entities)} entities "
               f"and {len(kb.claims)} claims; open {out / 'site' / 'index.html'} or run "
               "`foip-graph serve`.")


@app.command()
def serve(site: Annotated[Path, typer.Option(help="The built site's folder.")] = Path("out/site"),
          port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 8000,
          host: Annotated[str, typer.Option(help="Address to bind; other than the loopback, "
                                                 "the site is visible to the network.")] = LOOPBACK,
          ) -> None:
    """Serve the built site over HTTP on this machine (127.0.0.1) until Ctrl+C."""
    try:
        server = make_server(site, host, port)
    except (FileNotFoundError, OSError) as exc:
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


def _graph(data: Path | None, corpus: Path | None) -> KnowledgeGraph:
    return KnowledgeGraph(_kb(data, corpus))


def _ask(call):
    """Run a query; unknown or ambiguous names and bad arguments exit 2 with a sentence."""
    try:
        return call()
    except (UnknownEntityError, AmbiguousEntityError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None


def _print_rows(items: list, as_json: bool, columns: tuple[str, ...], empty: str) -> None:
    data = rows(items)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif not data:
        typer.echo(empty)
    else:
        typer.echo(_table([tuple(_cell(r.get(c)) for c in columns) for r in data], columns))


def _cell(value) -> str:
    text = "" if value is None else ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())  # a quote's line breaks too
    return text if len(text) <= 70 else text[:69] + "…"


CLAIM_COLUMNS = ("subject", "predicate", "object", "value", "date", "start", "end", "stance",
                 "derived_from", "sources", "quote")


@app.command()
def show(name: NameArg, data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """One entity: its description and every claim about it, with evidence."""
    kg = _graph(data, corpus)
    entity = _ask(lambda: kg.entity(name))
    links = kg.kb.claims_of(entity.id)
    if as_json:
        typer.echo(json.dumps({**rows([entity])[0], "wikidata": entity.wikidata,
                               "claims": rows(links)}, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{entity.name}  [{entity.kind}, id {entity.id}]")
    if entity.aliases:
        typer.echo(f"also: {', '.join(entity.aliases)}")
    typer.echo(entity.description)
    if entity.wikidata:
        typer.echo(f"wikidata: https://www.wikidata.org/wiki/{entity.wikidata}")
    typer.echo("")
    _print_rows(links, False, CLAIM_COLUMNS, "no claims")


@app.command()
def between(a: NameArg, b: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
            strict: StrictOpt = False, derived: DerivedOpt = True, data: DataOpt = None,
            corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Claims linking two entities, either direction, oldest source first; then derived links."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.between(a, b, as_of=as_of, known_by=known_by, strict=strict,
                                        derived=derived)),
                as_json, CLAIM_COLUMNS, "no claim links them")


@app.command()
def path(a: NameArg, b: NameArg, derived: DerivedOpt = True, data: DataOpt = None,
         corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """The shortest chain of claims linking two entities."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.path(a, b, derived=derived)), as_json, CLAIM_COLUMNS,
                "they are not connected")


@app.command()
def members(name: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
            strict: StrictOpt = False, data: DataOpt = None, corpus: CorpusOpt = None,
            as_json: JsonOpt = False) -> None:
    """Members of a framework or organization, or the parties to an agreement (as of a date)."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.members(name, as_of=as_of, known_by=known_by, strict=strict)),
                as_json, ("id", "name", "start", "end", "basis", "sources", "quote"), "no members known")


@app.command("office-holders")
def office_holders(office: NameArg, as_of: AsOfOpt = None, known_by: KnownByOpt = None,
                   strict: StrictOpt = False, data: DataOpt = None,
                   corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Who held an office (as of a date)."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.office_holders(office, as_of=as_of, known_by=known_by, strict=strict)),
                as_json, ("id", "name", "start", "end", "basis", "sources", "quote"), "nobody known")


@app.command()
def timeline(name: Annotated[Optional[str], typer.Argument(help="Only what involves this entity.")] = None,
             start: Annotated[Optional[str], typer.Option(help="From this date.")] = None,
             end: Annotated[Optional[str], typer.Option(help="Up to this date.")] = None,
             events: Annotated[bool, typer.Option("--events", help="Only events, not dated claims.")] = False,
             known_by: KnownByOpt = None,
             data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Events (name, dates, place) and dated claims in date order."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.timeline(name, start=start, end=end, events=events, known_by=known_by)),
                as_json, ("date", "name", "places", "subject", "predicate", "object", "value", "unit",
                          "sources"), "nothing dated")


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
           data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """Events as PLOVER records (the coding POLECAT uses), oldest first, with their quotes."""
    kg = _graph(data, corpus)
    found = _ask(lambda: kg.events(category=category, actor=actor, start=start, end=end))
    if count:
        sources = [s for s in kg.kb.sources if any(e.source.id == s for e in found)]
        categories = [c for c in VOCABULARY.plover.categories if any(e.category == c for e in found)]
        table = [(c, *(sum(e.category == c and e.source.id == s for e in found) for s in sources))
                 for c in categories]
        typer.echo(_table(table, ("category", *sources)) if table else "no events")
    elif as_json:
        typer.echo(json.dumps([plover.record(e, kg.kb) for e in found], indent=2, ensure_ascii=False))
    else:
        _print_rows(found, False, ("date", "category", "mode", "actor", "recipient", "source", "quote"),
                    "no events")


@app.command()
def rank(measure: Annotated[str, typer.Option(help="degree, betweenness, pagerank or closeness.")] = "betweenness",
         kind: Annotated[Optional[str], typer.Option(help="Only entities of this kind.")] = None,
         top: Annotated[int, typer.Option(min=1, help="How many.")] = 10,
         data: DataOpt = None, corpus: CorpusOpt = None, as_json: JsonOpt = False) -> None:
    """The most central entities of the network."""
    kg = _graph(data, corpus)
    _print_rows(_ask(lambda: kg.rank(measure, kind=kind, top=top)), as_json,
                ("id", "name", "kind", "score"), "no entities")


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
           data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Write the RDF graph in one format (the same bytes `build` writes to out/)."""
    if fmt not in FORMATS:
        _err(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        raise typer.Exit(2)
    payload = export_rdf(_kb(data, corpus), fmt, base_iri)
    if out == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        Path(out).write_bytes(payload)
        _err(f"wrote {len(payload):,} bytes to {out}")


@app.command()
def sparql(query: Annotated[str, typer.Argument(
               metavar="QUERY_OR_FILE", help="A SELECT query, or a file holding one (.rq).")],
           fmt: Annotated[str, typer.Option(
               "--format", help=f"Output: {', '.join(OUTPUTS)}.")] = "table",
           endpoint: Annotated[Optional[str], typer.Option(
               "--endpoint", metavar="URL", show_default=False,
               help="Ask this SPARQL query endpoint instead of the local graph "
                    "(Oxigraph: http://HOST:7878/query).")] = None,
           bearer_env: BearerOpt = None, basic_env: BasicOpt = None,
           timeout: TimeoutOpt = DEFAULT_TIMEOUT,
           data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Run a SPARQL SELECT on the graph. As in a store, the default graph is empty:
    match inside GRAPH ?g { ... } (see queries/*.rq)."""
    if fmt not in OUTPUTS:
        _err(f"unknown output format {fmt!r}; choose one of: {', '.join(OUTPUTS)}")
        raise typer.Exit(2)
    text = Path(query).read_text(encoding="utf-8") if Path(query).is_file() else query
    if endpoint is not None:
        authorization = _remote(lambda: credentials(bearer_env, basic_env))
        results = _remote(lambda: remote_select(endpoint, text, authorization, timeout))
        names = new_dataset(IRIs(BASE_IRI)).namespace_manager
        typer.echo(render(results, fmt, names), nl=False)
        return
    ds = build_dataset(_kb(data, corpus))
    try:
        results = select(ds, text)
    except Exception as exc:  # rdflib raises parser and evaluation errors of many types
        _err(f"SPARQL error: {exc}")
        raise typer.Exit(2) from None
    typer.echo(render(results, fmt, ds.namespace_manager), nl=False)


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
         data: DataOpt = None, corpus: CorpusOpt = None) -> None:
    """Send the graph to a SPARQL 1.1 server: each named graph (a source's, entities,
    ontology) by HTTP PUT, replacing the graph of that name there. Writes nothing locally."""
    authorization = _remote(lambda: credentials(bearer_env, basic_env))
    ds = build_dataset(_kb(data, corpus), base_iri)
    pushed = _remote(lambda: push_graph(
        ds, endpoint, graph_prefix, authorization, timeout, base_iri,
        progress=lambda graph, n: typer.echo(f"sent {graph} ({n:,} triples)")))
    typer.echo(f"pushed {len(pushed.graphs)} graphs ({pushed.triples:,} triples) to {endpoint}")


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
    """Entry point of the ``foip-graph`` console script."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
