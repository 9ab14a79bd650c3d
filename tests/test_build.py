"""``foip-graph build`` never loses the user's data: it replaces only a previous build,
reports what changed since it, and gives the same bytes whatever the hash seed."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from foip_graph import build as build_module
from foip_graph.build import STAGING, BuildError, build, check_target
from foip_graph.cli import app
from foip_graph.kb import KnowledgeBase
from foip_graph.manifest import MANIFEST, read_manifest

from .conftest import MINI, MINI_CORPUS

runner = CliRunner()
MINI_ARGS = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]
REPLACE = "a build replaces its folder as a whole, so give it one of its own (the default is out)"


def run(*args):
    return runner.invoke(app, list(args))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- what build replaces


def test_a_folder_with_a_file_the_build_did_not_write_is_refused_and_kept(tmp_path):
    out = tmp_path / "analysis"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {out} is not empty and is not a previous build (it has no {MANIFEST}); a build "
        "replaces only a previous build, so nothing was touched: empty or move the folder, or "
        "give another --out\n")
    assert tree(out) == {"notes.txt": b"my notes"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis"]


def test_a_previous_build_is_replaced_but_not_when_the_user_added_a_file_to_it(tmp_path):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    (out / "site" / "mine.html").write_text("kept", encoding="utf-8")
    before = tree(out)
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {out} holds site/mine.html, which the build did not write; "
                             "a build replaces the whole folder, so nothing was touched: move it "
                             f"out of {out} first\n")
    assert tree(out) == before


def test_out_equal_to_the_data_folder_is_refused_and_the_data_survives(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    before = tree(data)
    result = run("build", "--data", str(data), "--corpus", str(MINI_CORPUS), "--out", str(data))
    assert result.exit_code == 1
    assert result.stderr == f"error: the output folder {data} is the data folder {data}; {REPLACE}\n"
    assert tree(data) == before


@pytest.mark.parametrize("out, why", [
    ("project/data/out", "is inside the data folder {data}"),
    ("project", "holds the data folder {data}"),
    ("texts", "is the corpus folder {corpus}"),
    ("texts/out", "is inside the corpus folder {corpus}"),
])
def test_out_must_keep_clear_of_the_data_and_the_corpus(tmp_path, monkeypatch, out, why):
    monkeypatch.chdir(tmp_path)
    data = shutil.copytree(MINI, tmp_path / "project" / "data")
    corpus = shutil.copytree(MINI_CORPUS, tmp_path / "texts")
    before = tree(tmp_path)
    result = run("build", "--data", str(data), "--corpus", str(corpus), "--out", out)
    assert result.exit_code == 1
    reason = why.format(data=data, corpus=corpus)
    assert result.stderr == f"error: the output folder {out} {reason}; {REPLACE}\n"
    assert tree(tmp_path) == before


@pytest.mark.parametrize("out", [".", "x/..", "..", "/"])
def test_the_current_folder_and_those_above_it_are_refused(tmp_path, monkeypatch, out):
    here = tmp_path / "work"
    here.mkdir()
    (here / "x").mkdir()
    monkeypatch.chdir(here)
    result = run("build", *MINI_ARGS, "--out", out)
    assert result.exit_code == 1
    target = Path(os.path.abspath(out)).resolve()
    which = "the current folder" if target == here else f"{target}, which holds the current folder"
    assert result.stderr == f"error: the output folder {out} is {which}; {REPLACE}\n"
    assert sorted(p.name for p in here.iterdir()) == ["x"]


def test_a_file_a_symbolic_link_and_a_file_as_parent_are_refused(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    for out, message in [
        ("report.pdf", "the output folder cannot be made: {p}/report.pdf is a file, not a folder"),
        ("report.pdf/out", "the output folder cannot be made: {p}/report.pdf is a file, not a folder"),
        ("link", f"the output folder {{p}}/link is a symbolic link to {tmp_path / 'elsewhere'}; "
                 "give a real folder, so the build cannot replace what the link points to"),
    ]:
        result = run("build", *MINI_ARGS, "--out", str(tmp_path / out))
        assert result.exit_code == 1, out
        assert result.stderr == f"error: {message.format(p=tmp_path)}\n"
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF"
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_python_api_refuses_too(mini, tmp_path):
    with pytest.raises(BuildError, match="is the data folder"):
        build(mini, MINI)
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="is not a previous build"):
        check_target(tmp_path)


def test_out_has_the_permissions_the_umask_gives(tmp_path):
    previous = os.umask(0o027)
    try:
        assert run("build", *MINI_ARGS, "--out", str(tmp_path / "out")).exit_code == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "out" / "foip-graph.json").stat().st_mode & 0o777 == 0o640


def test_a_killed_build_leaves_a_staging_folder_that_the_next_build_removes(tmp_path):
    out = tmp_path / "out"
    # A build that stalls once its outputs are written, so that it can be killed mid-way.
    stall = ("import time, foip_graph.build as b; w = b.write_outputs; "
             "b.write_outputs = lambda *a, **k: (w(*a, **k), time.sleep(60))[0]; "
             "from foip_graph.cli import main; main()")
    process = subprocess.Popen([sys.executable, "-c", stall, "build", *MINI_ARGS, "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            staged = list(tmp_path.glob(".out.*.building/new/site/index.html"))
            if staged or process.poll() is not None:
                break
            time.sleep(0.05)
        assert staged, "the stalled build never wrote its outputs"
    finally:
        process.kill()
        process.wait(timeout=10)
    stale = staged[0].parents[2]
    assert (stale / STAGING).is_file()
    assert not out.exists()
    foreign = tmp_path / ".out.mine.building"  # a folder that is not a build's staging
    foreign.mkdir()
    alive = tmp_path / ".out.running.building"  # the staging of a build still running
    alive.mkdir()
    (alive / STAGING).write_text(json.dumps({"tool": "foip-graph", "pid": os.getpid(),
                                             "host": socket.gethostname()}), encoding="utf-8")
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"removed {stale}, the staging folder of a build that was stopped\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.mine.building", ".out.running.building", "out"]


def test_a_terminated_build_cleans_up_and_leaves_the_previous_build(tmp_path):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    before = tree(out)
    stall = ("import time, foip_graph.build as b; w = b.write_outputs; "
             "b.write_outputs = lambda *a, **k: (w(*a, **k), time.sleep(60))[0]; "
             "from foip_graph.cli import main; main()")
    process = subprocess.Popen([sys.executable, "-c", stall, "build", *MINI_ARGS, "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if list(tmp_path.glob(".out.*.building/new/site/index.html")) or process.poll() is not None:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        process.kill()
        process.wait(timeout=10)
    assert "Traceback" not in process.stderr.read()
    process.stderr.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert tree(out) == before


def test_a_full_disk_is_a_sentence_and_the_previous_build_stays(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    before = tree(out)

    def full(kb, folder, *args, **kwargs):
        (folder / "foip-graph.json").write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "graph.nt"))

    monkeypatch.setattr(build_module, "write_outputs", full)
    result = run("build", *MINI_ARGS, "--out", str(out))
    assert result.exit_code == 1
    staging = result.stderr.split("(")[1].split("/new/")[0]
    assert result.stderr == (f"error: could not write the build: No space left on device "
                             f"({staging}/new/graph.nt); {out} is as it was\n")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------- the dataset


def test_the_dataset_json_is_json_dumps_of_the_models_even_with_awkward_values(mini):
    claim = mini.claims[0]
    awkward = [claim.model_copy(update={"value": value, "object": None, "note": note})
               for value, note in ((12, 'a "quote", a \\, a tab\t and a\nbreak'), (1e16, None), (0.5, None),
                                   ("3 %", "\x01 \x7f \u2028 é 日本 🙂"), (1e-7, ""))]
    kb = SimpleNamespace(sources=mini.sources, entities=mini.entities, claims=[*mini.claims, *awkward])
    data = {
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in kb.sources.values()],
        "entities": [{"id": e.id, "kind": e.kind,
                      **e.model_dump(mode="json", exclude_none=True, exclude_defaults=True)}
                     for e in kb.entities.values()],
        "claims": [{"id": c.id, **c.model_dump(mode="json", exclude_defaults=True)} for c in kb.claims],
    }
    text = build_module.dataset_json(kb)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert '"value": 1e+16,' in text and '"value": 1e-07,' in text
    assert build_module.dataset_json(SimpleNamespace(sources={}, entities={}, claims=[])) == (
        '{\n  "sources": [],\n  "entities": [],\n  "claims": []\n}\n')


# ---------------------------------------------------------------- the manifest and the change report


def test_the_manifest_lists_every_file_with_its_digest(tmp_path):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    manifest = read_manifest(out)
    assert manifest["tool"] == "foip-graph" and manifest["quotes_checked"] is True
    assert manifest["dataset"] | {"sha256": None} == {
        "sha256": None, "sources": 1, "entities": 7, "claims": 6, "evidence": 6}
    files = set(tree(out)) - {MANIFEST, "changes.json"}
    assert set(manifest["files"]) == files
    for name, entry in manifest["files"].items():
        data = (out / name).read_bytes()
        assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_the_change_report_counts_a_removed_claim(tmp_path, mini):
    data = shutil.copytree(MINI, tmp_path / "data")
    args = ["--data", str(data), "--corpus", str(MINI_CORPUS)]
    first = run("build", *args, "--out", str(tmp_path / "a"))
    assert first.stdout.splitlines()[0] == "no previous build to compare with: 6 claims, 7 entities, 6 evidence quotes"
    shutil.copytree(tmp_path / "a", tmp_path / "before")
    claims = data / "claims" / "memo.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text[:text.index("  - subject: harbour-summit-2021")], encoding="utf-8")
    removed = [c.id for c in mini.claims if c.predicate == "located_in"]
    result = run("build", *args, "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    lines = ["claims: 1 removed; evidence quotes: 1 removed",
             "  memo: claims: 1 removed; evidence quotes: 1 removed"]
    assert result.stdout.splitlines()[:2] == lines
    changes = json.loads((tmp_path / "a" / "changes.json").read_text(encoding="utf-8"))
    assert changes["totals"] == {"sources": {"added": 0, "removed": 0, "changed": 0},
                                 "entities": {"added": 0, "removed": 0, "changed": 0},
                                 "claims": {"added": 0, "removed": 1, "changed": 0},
                                 "evidence": {"added": 0, "removed": 1, "changed": 0}}
    assert changes["claims"] == {"added": [], "removed": removed, "changed": {}}
    assert changes["by_source"] == {"memo": {"claims": {"added": 0, "removed": 1, "changed": 0},
                                             "evidence": {"added": 0, "removed": 1, "changed": 0}}}
    assert changes["previous"]["dataset_sha256"] == read_manifest(tmp_path / "before")["dataset"]["sha256"]
    diff = run("diff", str(tmp_path / "before"), str(tmp_path / "a"))
    assert (diff.exit_code, diff.stdout) == (0, "\n".join(lines) + "\n")
    as_json = run("diff", str(tmp_path / "before"), str(tmp_path / "a"), "--json")
    assert json.loads(as_json.stdout) == changes


def test_the_change_report_names_the_fields_that_changed(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    args = ["--data", str(data), "--corpus", str(MINI_CORPUS)]
    assert run("build", *args, "--out", str(tmp_path / "a")).exit_code == 0
    people = data / "entities" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "description: ", "description: Still ", 1), encoding="utf-8")
    result = run("build", *args, "--out", str(tmp_path / "b"))
    assert result.exit_code == 0
    diff = run("diff", str(tmp_path / "a"), str(tmp_path / "b"), "--json")
    changes = json.loads(diff.stdout)
    assert changes["entities"] == {"added": [], "removed": [], "changed": {"anna-berg": ["description"]}}
    assert run("diff", str(tmp_path / "a"), str(tmp_path / "a")).stdout == "no change since the previous build\n"


def test_diff_refuses_a_folder_that_is_not_a_build(tmp_path):
    assert run("build", *MINI_ARGS, "--out", str(tmp_path / "a")).exit_code == 0
    result = run("diff", str(tmp_path / "a"), str(MINI))
    assert result.exit_code == 2
    assert result.stderr == f"error: {MINI} is not a foip-graph build (it has no {MANIFEST})\n"


# ---------------------------------------------------------------- the same bytes, whatever the seed


def test_two_builds_under_different_hash_seeds_give_identical_trees(tmp_path):
    runs = [subprocess.Popen([sys.executable, "-c", "from foip_graph.cli import main; main()",
                              "build", *MINI_ARGS, "--out", str(tmp_path / seed)],
                             env={**os.environ, "PYTHONHASHSEED": seed},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for seed in ("1", "2")]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    first, second = tree(tmp_path / "1"), tree(tmp_path / "2")
    assert {"foip-graph.json", "foip-graph-build.json", "graph.trig", "site/index.html"} <= set(first)
    assert first == second


def test_build_returns_every_file_it_wrote(tmp_path):
    kb = KnowledgeBase.from_path(MINI, MINI_CORPUS)
    built = build(kb, tmp_path / "out", MINI_CORPUS, quotes_checked=True)
    assert built.folder == tmp_path / "out"
    assert sorted(p.relative_to(built.folder).as_posix() for p in built.files) == sorted(tree(built.folder))


# ---------------------------------------------------------------- two processes: the RDF files in a child


def test_with_two_jobs_a_child_writes_the_rdf_files_and_the_build_is_the_same(tmp_path, monkeypatch, mini):
    rdf = build_module.WRITERS["RDF"]

    def noted(kb, folder, **options):
        (tmp_path / f"rdf-by-{os.getpid()}").touch()
        return rdf(kb, folder, **options)

    monkeypatch.setitem(build_module.WRITERS, "RDF", noted)
    one = build(mini, tmp_path / "one", MINI_CORPUS, quotes_checked=True, jobs=1)
    (tmp_path / f"rdf-by-{os.getpid()}").rename(tmp_path / "rdf-by-the-build")
    two = build(mini, tmp_path / "two", MINI_CORPUS, quotes_checked=True, jobs=2)
    (by_child,) = {p.name for p in tmp_path.glob("rdf-by-*")} - {"rdf-by-the-build"}
    assert by_child != f"rdf-by-{os.getpid()}"
    assert [p.relative_to(two.folder) for p in two.files] == [p.relative_to(one.folder) for p in one.files]
    assert tree(two.folder) == tree(one.folder)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("error, message", [
    (OSError(errno.ENOSPC, "No space left on device", "graph.nt"),
     "error: could not write the build: No space left on device (graph.nt); {out} is as it was\n"),
    (BuildError("the base IRI example.org is not absolute"), "error: the base IRI example.org is not absolute\n"),
])
def test_an_error_writing_the_rdf_files_reaches_the_user_as_in_one_process(tmp_path, monkeypatch, jobs,
                                                                            error, message):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    before = tree(out)

    def broken(kb, folder, **options):
        (folder / "graph.nt").write_text("half", encoding="utf-8")
        raise error

    monkeypatch.setitem(build_module.WRITERS, "RDF", broken)
    result = run("build", *MINI_ARGS, "--out", str(out), "--jobs", jobs)
    assert (result.exit_code, result.stderr) == (1, message.format(out=out))
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_child_killed_mid_way_is_an_error_and_the_previous_build_stays(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", *MINI_ARGS, "--out", str(out)).exit_code == 0
    before = tree(out)
    monkeypatch.setitem(build_module.WRITERS, "RDF", lambda kb, folder, **options: os.kill(os.getpid(), signal.SIGKILL))
    result = run("build", *MINI_ARGS, "--out", str(out), "--jobs", "2")
    assert (result.exit_code, result.stderr) == (1, "error: could not write the build: the process writing "
                                                    f"the RDF files was stopped (killed by SIGKILL); {out} is as it was\n")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_bug_in_the_child_is_raised_with_the_childs_traceback(tmp_path, monkeypatch, mini):
    def broken(kb, folder, **options):
        raise ValueError("no RDF format is called 'nt3'")

    monkeypatch.setitem(build_module.WRITERS, "RDF", broken)
    with pytest.raises(ValueError, match="^no RDF format is called 'nt3'$") as info:
        build(mini, tmp_path / "out", jobs=2)
    assert 'in broken\n    raise ValueError("no RDF format is called \'nt3\'")' in str(info.value.__cause__)
    assert list(tmp_path.iterdir()) == []


def stalled_rdf_step(pid_file: Path):
    """An RDF step that notes its process id in ``pid_file`` and then takes a minute."""
    def stall(kb, folder, **options):
        pid_file.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)
    return stall


def wait_for(pid_file: Path) -> int:
    for _ in range(400):
        if pid_file.is_file() and pid_file.read_text(encoding="utf-8"):
            return int(pid_file.read_text(encoding="utf-8"))
        time.sleep(0.05)
    raise AssertionError("the RDF step never started")


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie waiting for its parent has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_ctrl_c_during_a_build_ends_the_child_and_leaves_the_previous_build(tmp_path, monkeypatch, mini):
    out = tmp_path / "out"
    build(mini, out, MINI_CORPUS, jobs=1)
    before = tree(out)
    pid_file = tmp_path / "child.pid"

    def interrupted(kb, folder):
        wait_for(pid_file)
        raise KeyboardInterrupt

    monkeypatch.setitem(build_module.WRITERS, "RDF", stalled_rdf_step(pid_file))
    monkeypatch.setitem(build_module.WRITERS, "PLOVER events", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(mini, out, MINI_CORPUS, jobs=2)
    assert gone(wait_for(pid_file))
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["child.pid", "out"]


def test_a_killed_build_takes_its_child_with_it(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = ("import pathlib, sys, tests.test_build as t, foip_graph.build as b\n"
              "b.WRITERS['RDF'] = t.stalled_rdf_step(pathlib.Path(sys.argv.pop(1)))\n"
              "from foip_graph.cli import main; main()\n")
    process = subprocess.Popen([sys.executable, "-c", script, str(pid_file), "build", *MINI_ARGS,
                                "--out", str(tmp_path / "out"), "--jobs", "2"],
                               cwd=Path(__file__).parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child = wait_for(pid_file)
    finally:
        process.kill()
        process.wait(timeout=10)
    for _ in range(200):
        if gone(child):
            break
        time.sleep(0.05)
    assert gone(child)
