"""The command line: what a user types and what they see."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from foip_graph import build as build_module
from foip_graph.cli import app

from .conftest import BROKEN, MINI, MINI_CORPUS
from .test_load import BROKEN_CASES

runner = CliRunner()
MINI_ARGS = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]


def run(*args):
    return runner.invoke(app, list(args))


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


def test_path_prints_the_chain():
    result = run("path", "Anna Berg", "Freedonia", "--no-derived", *MINI_ARGS)
    assert [ln.split()[:3] for ln in result.stdout.splitlines()[2:]] == [
        ["anna-berg", "holds_office", "foreign-minister-of-ruritania"],
        ["foreign-minister-of-ruritania", "office_of", "ruritania"],
        ["ruritania", "allied_with", "freedonia"]]
    through_office = run("path", "Anna Berg", "Freedonia", *MINI_ARGS, "--json")
    assert [(c["predicate"], c["derived_from"] is not None) for c in json.loads(through_office.stdout)] == [
        ("official_of", True), ("allied_with", False)]


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
