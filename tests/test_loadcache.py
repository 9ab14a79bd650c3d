"""The load's cache: a rebuild reads again only the data files that changed, and gives
what a clean build gives, problems and bytes alike."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foip_graph.build import LOAD_CACHE, dataset_json, previous_load
from foip_graph.cli import app
from foip_graph.kb import KnowledgeBase, bundled_data_dir
from foip_graph.load import load_dataset
from foip_graph.loadcache import LoadCache
from foip_graph.manifest import DATASET, MANIFEST
from foip_graph.manifest import entry as manifest_entry

from .conftest import MINI, MINI_CORPUS

runner = CliRunner()


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the mini dataset, to edit."""
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


def build(data: Path, out: Path) -> None:
    result = runner.invoke(app, ["build", "--data", str(data), "--corpus", str(MINI_CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output


def entries(out: Path) -> dict[str, bytes]:
    """The load's cache entries of a build, by name, with their bytes."""
    return {p.name: p.read_bytes() for p in sorted((out / LOAD_CACHE).iterdir())}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_build_keeps_one_entry_per_data_file(data, tmp_path):
    build(data, tmp_path / "out")
    assert len(entries(tmp_path / "out")) == 7  # six entity files and memo.yaml


def test_a_rebuild_after_an_edit_gives_what_a_clean_build_gives(data, tmp_path):
    build(data, tmp_path / "out")
    edit(data / "claims" / "memo.yaml", "stance: close", "stance: close\n    note: edited")
    build(data, tmp_path / "out")
    build(data, tmp_path / "clean")
    dataset = (tmp_path / "out" / DATASET).read_text(encoding="utf-8")
    assert dataset == (tmp_path / "clean" / DATASET).read_text(encoding="utf-8")
    assert '"note":"edited"' in dataset.replace(" ", "")
    assert entries(tmp_path / "out") == entries(tmp_path / "clean")


def test_an_edit_invalidates_exactly_that_files_entry(data, tmp_path):
    build(data, tmp_path / "out")
    before = entries(tmp_path / "out")
    edit(data / "entities" / "places.yaml", "made-up port city", "made-up port town")
    cache = previous_load(tmp_path / "out")
    report = load_dataset(data, MINI_CORPUS, cache=cache)
    assert report.ok
    assert len(cache.read) == 6 and set(cache.read) < {name.removesuffix(".json") for name in before}
    assert set(cache.kept) - set(cache.read) == {
        cache.key("entities/places.yaml", (data / "entities" / "places.yaml").read_bytes(), cache_texts(data))}


def cache_texts(data: Path) -> str:
    """The texts part of a key: each source's id and digest, as the load writes it."""
    report = load_dataset(data, MINI_CORPUS)
    return "\0".join(f"{s.id}:{s.sha256}" for s in report.dataset.sources.values())


def claims_entry(out: Path) -> str:
    """The name of the entry of the build's one claims file (memo.yaml)."""
    (name,) = [n for n, data in entries(out).items() if b'"source":[' in data]
    return name


@pytest.mark.parametrize("damage", ["truncated", "garbled", "other format", "foreign", "not json",
                                    "removed", "same size, other bytes", "no source", "another kind"])
def test_a_damaged_entry_is_read_again_from_its_yaml(damage, data, tmp_path):
    out = tmp_path / "out"
    build(data, out)
    names = sorted(entries(out))
    claims = claims_entry(out)
    target = {"no source": claims, "same size, other bytes": claims,
              "another kind": next(n for n in names if n != claims)}.get(damage, names[0])
    path, other = out / LOAD_CACHE / target, out / LOAD_CACHE / next(n for n in names if n != target)
    stat, original = path.stat(), path.read_bytes()
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:-40])
    elif damage == "garbled":  # JSON still, but not an entry
        path.write_bytes(path.read_bytes().replace(b'"key":', b'"kee":'))
    elif damage == "other format":
        path.write_bytes(path.read_bytes().replace(b'"format":1', b'"format":2'))
    elif damage == "foreign":  # another file's entry under this name
        path.write_bytes(other.read_bytes())
    elif damage == "not json":
        path.write_bytes(b"\xff\xfe" + path.read_bytes())
    elif damage == "same size, other bytes":  # and its time put back: only its SHA-256 tells
        text = path.read_bytes()
        at = text.index(b'"quote":"') + len(b'"quote":"')
        path.write_bytes(text[:at] + (b"X" if text[at:at + 1] != b"X" else b"Y") + text[at + 1:])
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif damage == "no source":  # a claims file's entry without its source
        path.write_bytes(re.sub(rb'"source":\["[^"]*",\d+\],', b"", path.read_bytes()))
    elif damage == "another kind":  # an entity file's entry holding an entity of another kind
        text = path.read_bytes()
        kind = re.search(rb'"kind":"([a-z]+)"', text).group(1)
        path.write_bytes(text.replace(b'"kind":"' + kind + b'"', b'"kind":"' + (b"event" if kind != b"event" else b"place") + b'"', 1))
    else:
        path.unlink()
    assert (not path.exists()) if damage == "removed" else path.read_bytes() != original
    cache = previous_load(out)
    if path.exists() and damage != "same size, other bytes":  # as if its manifest vouched for it
        cache.listed[target], cache.written_ns = manifest_entry(path), path.stat().st_mtime_ns
    report = load_dataset(data, MINI_CORPUS, cache=cache)
    assert report.ok and len(cache.read) == 6 and target.removesuffix(".json") not in cache.read
    clean = load_dataset(data, MINI_CORPUS)
    assert dataset_json(KnowledgeBase(report.dataset)) == dataset_json(KnowledgeBase(clean.dataset))
    assert cache.kept == load_kept(data)


def load_kept(data: Path) -> dict[str, bytes]:
    """The entries a clean load gives."""
    cache = LoadCache()
    load_dataset(data, MINI_CORPUS, cache=cache)
    return cache.kept


def test_an_error_in_a_cached_files_references_is_reported_at_its_line(data, tmp_path):
    build(data, tmp_path / "out")
    memo = data / "claims" / "memo.yaml"
    edit(data / "entities" / "frameworks.yaml", "id: harbour-group", "id: harbor-group")
    cache = previous_load(tmp_path / "out")
    report = load_dataset(data, MINI_CORPUS, cache=cache)
    assert cache.key("claims/memo.yaml", memo.read_bytes(), cache_texts(MINI)) in cache.read
    assert len(cache.read) == 6
    clean = load_dataset(data, MINI_CORPUS)
    assert [str(p) for p in report.problems] == [str(p) for p in clean.problems]
    assert [(p.file, p.line, p.message) for p in report.problems if p.file == str(memo)] == [
        (str(memo), line, "unknown entity 'harbour-group' in object; did you mean: harbor-group?")
        for line in (15, 25)]
    assert not cache.kept  # a load with problems gives the cache nothing to write


def test_entries_are_the_same_bytes_whoever_writes_them(data, tmp_path):
    first, second = LoadCache(), LoadCache()
    load_dataset(data, MINI_CORPUS, cache=first)
    load_dataset(data, MINI_CORPUS, cache=second)
    assert first.kept == second.kept and len(first.kept) == 7
    assert [p.name for p in first.write(tmp_path / "cache")] == sorted(f"{k}.json" for k in first.kept)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(f"{k}.json" for k in first.kept)


def test_the_bundled_data_read_from_its_entries_is_the_data_read_from_its_yaml(corpus, tmp_path):
    made = LoadCache()
    clean = load_dataset(bundled_data_dir(), corpus, cache=made)
    files = made.write(tmp_path / "cache")
    listed = {p.name: manifest_entry(p) for p in files}
    cache = LoadCache(tmp_path / "cache", listed, max(p.stat().st_mtime_ns for p in files))
    cached = load_dataset(bundled_data_dir(), corpus, cache=cache)
    assert len(cache.read) == len(files) == len(made.kept)  # every file from its entry
    assert cached.quotes_checked and cached.dataset.where == clean.dataset.where
    assert dataset_json(KnowledgeBase(cached.dataset)) == dataset_json(KnowledgeBase(clean.dataset))
    values = [type(c.value).__name__ for c in cached.dataset.claims]  # a date, not its text
    assert values == [type(c.value).__name__ for c in clean.dataset.claims]
    assert {"PartialDate", "float", "int"} <= set(values)


def test_a_file_with_a_value_json_cannot_hold_is_not_cached(data):
    memo = data / "claims" / "memo.yaml"
    first = memo.read_text(encoding="utf-8").split("\n  - ")[1].split("    evidence:\n", 1)[1]
    with memo.open("a", encoding="utf-8") as out:
        out.write("  - subject: ruritania\n    predicate: share_of_world_gdp\n    value: .inf\n"
                  "    unit: percent\n    evidence:\n" + first)
    cache = LoadCache()
    report = load_dataset(data, MINI_CORPUS, cache=cache)
    assert report.ok and [c.value for c in report.dataset.claims if c.value is not None] == [float("inf")]
    assert len(cache.kept) == 6  # the entity files'


def test_entries_made_with_another_yaml_parser_or_python_are_not_reused(monkeypatch):
    from foip_graph import codehash, loadcache

    digest = loadcache.code_digest()
    monkeypatch.setattr(loadcache.yaml, "__with_libyaml__", not loadcache.yaml.__with_libyaml__)
    assert loadcache.code_digest() != digest
    monkeypatch.undo()
    monkeypatch.setattr(codehash.platform, "python_version", lambda: "3.99.0")
    assert loadcache.code_digest() != digest


def test_a_fresh_build_takes_nothing_from_the_previous_builds_caches(data, tmp_path):
    out = tmp_path / "out"
    build(data, out)
    # an entry made wrong and listed by the manifest as it is: only --fresh gets past it
    name = next(n for n, text in entries(out).items() if b'"name":"Port Azure"' in text)
    path = out / LOAD_CACHE / name
    path.write_bytes(path.read_bytes().replace(b'"name":"Port Azure"', b'"name":"Port Wrong"'))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][f"{LOAD_CACHE}/{name}"] = manifest_entry(path)
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    pages = {p.relative_to(out).as_posix(): p.stat().st_ino for p in (out / "site").rglob("*.html")}
    shutil.copytree(out, tmp_path / "trusting")
    build(data, tmp_path / "trusting")  # without --fresh, the entry is taken as listed
    assert "Port Wrong" in (tmp_path / "trusting" / DATASET).read_text(encoding="utf-8")

    result = runner.invoke(app, ["build", "--data", str(data), "--corpus", str(MINI_CORPUS),
                                 "--out", str(out), "--fresh"])
    assert result.exit_code == 0, result.output
    assert "Port Wrong" not in (out / DATASET).read_text(encoding="utf-8")
    relinked = [n for n, ino in pages.items() if (out / n).stat().st_ino == ino]
    assert relinked == []  # every page drawn again
    build(data, tmp_path / "clean")
    assert entries(out) == entries(tmp_path / "clean")
    assert (out / DATASET).read_bytes() == (tmp_path / "clean" / DATASET).read_bytes()


def test_a_cache_used_for_a_second_load_keeps_only_that_loads_entries(data, tmp_path):
    extra = data / "entities" / "issues.yaml"
    extra.write_text("- id: tidal-flooding\n  name: Tidal flooding\n  description: A made-up issue.\n",
                     encoding="utf-8")
    cache = LoadCache()
    assert load_dataset(data, MINI_CORPUS, cache=cache).ok and len(cache.kept) == 8
    extra.unlink()
    assert load_dataset(data, MINI_CORPUS, cache=cache).ok
    assert cache.kept == load_kept(data) and len(cache.kept) == 7
