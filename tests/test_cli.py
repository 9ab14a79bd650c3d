"""The command line: what a user types and what they see."""

from __future__ import annotations

import json
import re
import shutil
import sys

import pytest
from typer.testing import CliRunner

from foip_graph import build as build_module
from foip_graph.cli import app
from foip_graph.evidence import plain_quote
from foip_graph.query import KnowledgeGraph

from .conftest import BROKEN, MINI, MINI_CORPUS
from .test_load import BROKEN_CASES

runner = CliRunner()
MINI_ARGS = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


def test_validate_says_ok_with_counts():
    result = run("validate", *MINI_ARGS)
    assert result.exit_code == 0
    assert result.stdout == "ok: 1 sources, 7 entities, 6 claims, 6 evidence quotes.\n"


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_validate_prints_each_mistake_with_file_and_line_and_exits_1(case):
    rel, line, fragment = BROKEN_CASES[case]
    result = run("validate", "--data", str(BROKEN / case), "--corpus", str(MINI_CORPUS))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(f"broken/{case}/{rel}:{line}: " in ln and fragment in ln for ln in lines), lines
    assert lines[-1].endswith("problem(s).")


def unchecked(corpus) -> str:
    return (f"warning: quotes were NOT checked against the source texts: there is no corpus at "
            f"{corpus}. Pass --corpus DIR or set FOIP_CORPUS to check them; --require-corpus "
            "(or FOIP_REQUIRE_CORPUS=1) makes this an error.\n")


def test_validate_without_the_corpus_says_loudly_that_quotes_were_not_checked(tmp_path):
    result = run("validate", "--data", str(BROKEN / "quote_not_found"), "--corpus", str(tmp_path / "missing"))
    assert result.exit_code == 0
    assert result.stderr == unchecked(tmp_path / "missing")
    assert result.stdout == ("ok: 1 sources, 7 entities, 6 claims, 6 evidence quotes. "
                             "Quotes NOT checked against the texts.\n")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_required_corpus_that_is_missing_is_an_error(tmp_path, monkeypatch, how):
    args = ["--data", str(BROKEN / "quote_not_found"), "--corpus", str(tmp_path / "missing")]
    if how == "option":
        args.append("--require-corpus")
    else:
        monkeypatch.setenv("FOIP_REQUIRE_CORPUS", "1")
    required = (f"error: there is no corpus at {tmp_path / 'missing'}, and --require-corpus (or "
                "FOIP_REQUIRE_CORPUS) asks for every quote to be checked against the source "
                "texts; pass --corpus DIR or set FOIP_CORPUS\n")
    for command in ("validate", "build"):
        extra = ["--out", str(tmp_path / "out")] if command == "build" else []
        result = run(command, *args, *extra)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", required), command
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_build_without_the_corpus_says_so_and_its_manifest_too(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--data", str(MINI), "--corpus", str(tmp_path / "missing"), "--out", str(out))
    assert result.exit_code == 0
    assert result.stderr == unchecked(tmp_path / "missing") + (
        "warning: this build's quotes were NOT checked against the source texts (its "
        "foip-graph-build.json says quotes_checked: false).\n")
    assert json.loads((out / "foip-graph-build.json").read_text())["quotes_checked"] is False


@pytest.mark.parametrize("command", [["members", "Harbour Group"], ["show", "Ruritania"], ["stats"],
                                     ["sparql", "SELECT ?g WHERE { GRAPH ?g { } }"],
                                     ["export", "--format", "nt"]])
def test_queries_neither_check_quotes_nor_mention_the_corpus(command, tmp_path):
    for corpus in ([], ["--corpus", str(tmp_path / "missing")]):
        result = run(*command, "--data", str(BROKEN / "quote_not_found"), *corpus)
        assert (result.exit_code, result.stderr) == (0, ""), (command, result.output)


def test_a_corpus_folder_without_the_text_is_an_error(tmp_path):
    result = run("validate", "--data", str(MINI), "--corpus", str(tmp_path))
    assert result.exit_code == 1
    assert f"memo: text 'memo.txt' is not in the corpus at {tmp_path}" in result.stderr


def test_build_writes_outputs_and_a_failed_build_leaves_them_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert {"foip-graph.json", "network.graphml", "network.gexf"} <= set(before)

    def broken(kb, folder, *args, **kwargs):
        (folder / "foip-graph.json").write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(build_module, "write_outputs", broken)
    with pytest.raises(build_module.BuildError, match="could not write the build: disk full"):
        build_module.build(build_module.KnowledgeBase.from_path(MINI, MINI_CORPUS), out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_build_refuses_invalid_data_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--data", str(BROKEN / "unknown_entity"), "--corpus", str(MINI_CORPUS),
                 "--out", str(out))
    assert result.exit_code == 1
    assert "1 problem(s); nothing was written." in result.stderr
    assert not out.exists()


def test_two_builds_give_identical_bytes(tmp_path):
    for name in ("a", "b"):
        assert run("build", *MINI_ARGS, "--out", str(tmp_path / name)).exit_code == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_stats_as_json():
    result = run("stats", *MINI_ARGS, "--json")
    data = json.loads(result.stdout)
    assert data["entities_by_kind"] == {"country": 2, "event": 1, "framework": 1, "office": 1,
                                        "person": 1, "place": 1}
    assert data["claims_by_source"] == {"memo": 6}
    assert data["entities_without_claims"] == []


def test_coverage_lists_what_no_quote_covers():
    result = run("coverage", *MINI_ARGS)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].split() == ["memo", "5", "5", "0", "100.0%"]


def test_unknown_names_print_suggestions_and_exit_2():
    result = run("show", "Rurtania", *MINI_ARGS)
    assert result.exit_code == 2
    assert result.stderr == "error: no entity is called 'Rurtania'; did you mean: Ruritania (ruritania)?\n"
    assert "Traceback" not in result.output


def test_members_as_json():
    result = run("members", "H.G.", "--as-of", "2020-06", *MINI_ARGS, "--json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["ruritania"]


def test_a_bad_date_is_a_clear_error():
    result = run("members", "H.G.", "--as-of", "June 2019", *MINI_ARGS)
    assert result.exit_code == 2
    assert "'June 2019' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


def test_a_date_range_that_ends_before_it_starts_is_an_error():
    result = run("timeline", "--start", "2022", "--end", "2021-06", *MINI_ARGS)
    assert result.exit_code == 2
    assert result.stderr == "error: the end 2021-06 is before the start 2022; give start <= end\n"
    within = run("timeline", "--events", "--start", "2021-05", "--end", "2021", *MINI_ARGS, "--json")  # May-Dec
    assert [d["event"]["id"] for d in json.loads(within.stdout)] == ["harbour-summit-2021"]


def test_path_prints_the_chain_in_words_with_each_quote():
    result = run("path", "Anna Berg", "Freedonia", "--no-derived", *MINI_ARGS, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert cells(result.stdout) == [
        ["claim", "when", "stance", "evidence"],
        ["Anna Berg holds office Foreign Minister of Ruritania", "from 2020-03-03",
         "“Foreign Minister Anna Berg took office on March 3, 2020 and stepped down in 2022.”"],
        ["until 2022", "— memo, 189–270"],
        [],
        ["Foreign Minister of Ruritania office of Ruritania", "“Foreign Minister Anna Berg”"],
        ["— memo, 189–215"],
        [],
        ["Ruritania allied with Freedonia", "close", "“The Ruritania-Freedonia alliance is the cornerstone of peace”"],
        ["— memo, 28–92"]]
    through_office = run("path", "Anna Berg", "Freedonia", *MINI_ARGS, "--json")
    assert [(c["predicate"], c["derived_from"] is not None) for c in json.loads(through_office.stdout)] == [
        ("official_of", True), ("allied_with", False)]


def cells(stdout: str) -> list[list[str]]:
    """A table's lines as their cells (runs of two spaces or more part them), without
    the rule under the header."""
    return [[c for c in re.split(r"\s{2,}", line.strip()) if c] for line in stdout.splitlines()
            if not set(line.strip()) <= {"─"} or not line.strip()]


# ---------------------------------------------------------------- evidence in the CLI

ALLIANCE = ("between", "Japan", "United States")


def alliance(kb):
    """The Japan–U.S. alliance claim: stated by all three sources, with nine quotes."""
    (claim,) = [c for c in kb.by_pair[("japan", "united-states")] if c.predicate == "allied_with"]
    return claim


def test_json_gives_every_quote_with_source_and_span_and_real_lists(kb):
    claim = alliance(kb)
    result = run(*ALLIANCE, "--json")
    (row,) = [r for r in json.loads(result.stdout) if r["claim"] == claim.id]
    assert row["sources"] == list(claim.sources) == ["briefing-2026", "dialogue-2026", "roundtable-2020"]
    assert row["evidence"] == [{"source": e.source, "quote": e.quote, "start": e.start, "end": e.end}
                               for e in claim.evidence]
    assert len(row["evidence"]) == 9
    assert (row["subject"], row["predicate"], row["object"]) == ("japan", "allied_with", "united-states")


@pytest.mark.parametrize("quotes, shown", [("all", 9), ("first", 1), ("none", 0)])
def test_quotes_all_first_or_none(kb, quotes, shown):
    claim = alliance(kb)
    result = run(*ALLIANCE, "--quotes", quotes, env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    last = "sources" if quotes == "none" else "evidence"
    lines = result.stdout.splitlines()
    assert cells(result.stdout)[0][-1] == last
    offset = lines[0].index(last)  # where the last column starts
    (start,) = [i for i, line in enumerate(lines) if line.startswith("Japan allied with United States ")]
    group = lines[start:lines.index("", start)]
    expected = [[f"“{plain_quote(e.quote)}”", f"— {e.source}, {e.start}–{e.end}"] for e in claim.evidence[:shown]]
    assert [line[offset:] for line in group if line[offset:]] == [cell for pair in expected for cell in pair] + (
        ["(+8 more quotes: --quotes all)"] if quotes == "first" else
        ["briefing-2026, dialogue-2026, roundtable-2020"] if quotes == "none" else [])


def test_lists_print_the_first_quote_and_one_entity_views_every_quote(kb):
    claim = alliance(kb)
    listed = run(*ALLIANCE, env={"COLUMNS": "1000"}).stdout
    shown = run("show", "United States", env={"COLUMNS": "1000"}).stdout
    assert f"“{plain_quote(claim.evidence[1].quote)}”" not in listed
    assert all(f"“{plain_quote(e.quote)}”\n" in shown for e in claim.evidence)


@pytest.mark.parametrize("width", [60, 80, 132])
@pytest.mark.parametrize("command", [("show", "Japan"), ALLIANCE, ("timeline", "Motegi Toshimitsu"),
                                     ("compare", "Japan", "China"), ("entities",)])
def test_tables_fit_the_terminal(command, width):
    result = run(*command, env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)


def test_tables_drop_the_columns_nobody_fills():
    result = run("members", "H.G.", *MINI_ARGS)
    assert cells(result.stdout)[0] == ["member", "when", "evidence"]


def test_the_list_of_commands_wraps_each_commands_summary_as_one_paragraph():
    result = run("--help", env={"COLUMNS": "100"})
    rows = [line.strip("│ ") for line in result.stdout.splitlines() if line.startswith("│ ")]
    start = next(i for i, row in enumerate(rows) if row.startswith("validate "))
    text = [rows[start].removeprefix("validate").strip()]
    text += [row for row in rows[start + 1:rows.index(next(r for r in rows if r.startswith("locate ")))]]
    assert text == [
        "Check the data: every mistake is printed as file:line: message; exit 1 if any.",
        "Every quote is checked against its source's text when the corpus is there.",
        "Drafted items still marked `review: proposed` are counted per file, not checked."]


def test_a_boolean_flag_is_shown_without_a_value_type():
    result = run("validate", "--help", env={"COLUMNS": "100"})
    (line,) = [ln for ln in result.stdout.splitlines() if "--shacl" in ln]
    assert line.split()[:3] == ["│", "--shacl", "Also"]
    assert "<bool>" not in result.stdout


# ---------------------------------------------------------------- commands for the README's questions


def test_compare_gives_each_source_its_stance_claims_and_quotes():
    result = run("compare", "Ruritania", "Freedonia", *MINI_ARGS, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert cells(result.stdout) == [
        ["Ruritania and Freedonia in 1 source(s), oldest first:"],
        ["memo (2021-06): 1 claim(s), stance close"],
        [],
        ["source", "claim", "stance", "evidence"],
        ["memo", "Ruritania allied with Freedonia", "close",
         "“The Ruritania-Freedonia alliance is the cornerstone of peace”"],
        ["2021-06", "— memo, 28–92"]]


def test_compare_as_json_lists_the_sources_oldest_first(kb):
    result = run("compare", "Japan", "China", "--json")
    views = json.loads(result.stdout)
    assert [(v["source"], v["stances"]) for v in views] == [
        (v.source.id, list(v.stances)) for v in KnowledgeGraph(kb).compare_sources("Japan", "China")]
    assert [v["source"] for v in views] == ["roundtable-2020", "dialogue-2026", "briefing-2026"]
    for view in views:  # each source's quotes only
        assert {e["source"] for c in view["claims"] for e in c["evidence"]} == {view["source"]}


def test_entities_by_kind_and_by_search():
    assert ids(run("entities", "--kind", "country", *MINI_ARGS, "--json")) == ["freedonia", "ruritania"]
    assert ids(run("entities", "--kind", "countries", *MINI_ARGS, "--json")) == ["freedonia", "ruritania"]
    assert ids(run("entities", "--search", "kingdom", *MINI_ARGS, "--json")) == ["ruritania"]
    assert ids(run("entities", "--search", "made-up port", *MINI_ARGS, "--json")) == ["port-azure"]
    result = run("entities", "--kind", "planet", *MINI_ARGS)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown kind 'planet'; kinds: country, person,")


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def test_between_suggests_path_when_nothing_links_two_entities_directly():
    result = run("between", "Anna Berg", "Freedonia", *MINI_ARGS)
    assert result.exit_code == 0
    assert result.stdout == ("no claim links Anna Berg and Freedonia directly; `foip-graph path "
                             "'Anna Berg' Freedonia` shows how they are linked through others (2 claims)\n")


@pytest.mark.parametrize("command, message", [
    (("office-holders", "Ruritania"),
     "Ruritania is a country, not an office; its offices: Foreign Minister of Ruritania"),
    (("office-holders", "Anna Berg"),
     "Anna Berg is a person, not an office; offices held: Foreign Minister of Ruritania"),
    (("members", "Ruritania"),
     "Ruritania is a country, not a framework, an organization or an agreement; it is a member of: "
     "Harbour Group"),
    (("members", "Port Azure"),
     "Port Azure is a place, not a framework, an organization or an agreement; "
     "`foip-graph entities --kind framework` lists them"),
])
def test_a_name_of_the_wrong_kind_says_what_it_is_and_where_to_look(command, message):
    result = run(*command, *MINI_ARGS)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"


def test_suggestions_consider_aliases():
    result = run("show", "quadrilateral")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        "error: no entity is called 'quadrilateral'; did you mean: "
        'Quad (quad, alias "Quadrilateral Security Dialogue")')


def test_sparql_runs_an_example_query_by_name():
    listed = run("sparql", "--list-examples", env={"COLUMNS": "1000"})
    assert [row[0] for row in cells(listed.stdout)[1:]] == [
        "cooperation-paths", "framework-members", "japan-china", "office-holders",
        "projects-recipients", "shared-frameworks"]
    result = run("sparql", "--example", "shared-frameworks", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split(",")[:2] == ["framework", "frameworkName"]
    assert "Quad" in result.stdout
    wrong = run("sparql", "--example", "japan-chna")
    assert wrong.exit_code == 2
    assert wrong.stderr == ("error: no example query is called 'japan-chna'; did you mean: japan-china? "
                            "(foip-graph sparql --list-examples lists them all)\n")
    neither = run("sparql")
    assert neither.exit_code == 2
    assert "give a query (or a file holding one), or --example NAME" in neither.stderr


def test_locate_counts_the_quotes_of_claims_as_validate_does(tmp_path):
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    result = run("locate", "--data", str(data), "--corpus", str(MINI_CORPUS))
    assert result.exit_code == 0, result.output
    assert result.stdout == ("7 quotes (6 of claims, 1 of entities): 0 offsets filled in, 0 repaired, "
                             "7 already right; 0 file(s) rewritten.\n")
    assert "6 evidence quotes" in run("validate", "--data", str(data), "--corpus", str(MINI_CORPUS)).stdout


def test_build_into_a_relative_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", *MINI_ARGS, "--out", "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "foip-graph.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_unforeseen_error_is_a_sentence_with_a_pointer_not_a_traceback(monkeypatch, capsys):
    from foip_graph import __version__, cli

    def broken(*args, **kwargs):
        raise RuntimeError("the index is inconsistent")

    monkeypatch.setattr(cli, "stats_of", broken)
    monkeypatch.setattr(sys, "argv", ["foip-graph", "stats", *MINI_ARGS])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    assert capsys.readouterr().err == (
        "error: unexpected RuntimeError: the index is inconsistent. This is a bug in foip-graph "
        f"{__version__}: please report it, with the command you ran, to the project's issue "
        "tracker (FOIP_DEBUG=1 shows the full traceback).\n")
    monkeypatch.setenv("FOIP_DEBUG", "1")
    with pytest.raises(RuntimeError, match="the index is inconsistent"):
        cli.main()


def test_an_output_file_that_cannot_be_written_is_a_sentence(tmp_path, monkeypatch, capsys):
    from foip_graph import cli

    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    target = tmp_path / "taken" / "graph.ttl"
    monkeypatch.setattr(sys, "argv", ["foip-graph", "export", "--out", str(target), *MINI_ARGS])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    assert capsys.readouterr().err == f"error: Not a directory: {target}\n"


@pytest.mark.parametrize("call", [lambda kg: kg.entity(None), lambda kg: kg.members(["Quad"]),
                                  lambda kg: kg.path("Anna Berg", 3.5)])
def test_the_python_api_names_a_wrong_type_in_a_sentence(mini, call):
    from foip_graph.query import KnowledgeGraph

    with pytest.raises(TypeError) as info:
        call(KnowledgeGraph(mini))
    assert str(info.value).startswith("an entity is named by its id, name or alias, as text (a str), not ")
    assert str(info.value).split(", not ")[1] in ("None", "list ['Quad']", "float 3.5")


@pytest.mark.parametrize("jobs, steps", [
    (1, ["dataset JSON", "network", "RDF", "reasoner's view", "PLOVER events", "SQLite and CSV", "site"]),
    # the RDF files are a child process's: named when the build has done the rest and waits for them
    (2, ["dataset JSON", "network", "reasoner's view", "PLOVER events", "SQLite and CSV", "RDF", "site"]),
])
def test_build_names_each_step_as_it_starts_and_shows_no_bar_without_a_terminal(tmp_path, jobs, steps):
    seen = []
    build_module.build(build_module.KnowledgeBase.from_path(MINI, MINI_CORPUS), tmp_path / "out",
                       progress=seen.append, jobs=jobs)
    assert seen == steps
    result = run("build", *MINI_ARGS, "--out", str(tmp_path / "again"))
    assert result.exit_code == 0
    assert "building" not in result.stderr


@pytest.mark.parametrize("text, message", [
    ("memo:\n  - &skip {text: 'A line', reason: 'a heading'}\n  - *skip\n",
     "coverage.yaml:2: refused: the value anchored here (&name) is repeated by an alias (*name)"),
    ("memo: a heading\n", "coverage.yaml:1: memo: expected a list of {text, reason} items, found str"),
    ("memo:\n  - text: A line\n", "coverage.yaml:2: memo: each item needs a text and a reason"),
])
def test_a_broken_coverage_file_is_one_sentence_with_its_line(tmp_path, text, message):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "coverage.yaml").write_text(text, encoding="utf-8")
    result = run("coverage", "--data", str(data), "--corpus", str(MINI_CORPUS))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_the_build_counts_the_files_it_wrote_for_the_user_and_not_its_caches(tmp_path):
    out = tmp_path / "out"
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 0, result.output
    outputs = [p for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] != ".cache"]
    assert (out / ".cache" / "load").is_dir() and (out / ".cache" / "site").is_dir()
    assert f"built {len(outputs)} file(s) in {out}/ from " in result.stdout


def test_the_build_hint_names_the_site_a_custom_out_holds(tmp_path):
    out = tmp_path / "my builds" / "out"
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith(
        f"open {out / 'site' / 'index.html'} or run `foip-graph serve --site '{out / 'site'}'`.")
    assert (out / "site" / "index.html").is_file()
