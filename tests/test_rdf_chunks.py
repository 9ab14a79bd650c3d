"""The RDF files in chunks: a rebuild takes from the previous build's files the chunks
whose lines did not change, and writes what a clean build writes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foip_graph.build import RDF_CACHE
from foip_graph.cli import app
from foip_graph.kb import KnowledgeBase
from foip_graph.manifest import MANIFEST
from foip_graph.rdf.chunks import chunks
from foip_graph.rdf.export import canonical
from foip_graph.rdf.serialize import FORMATS, CanonicalQuads

from .conftest import MINI, MINI_CORPUS

runner = CliRunner()
CHUNKED_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.rdf", "graph.owl.ttl", "graph.owl")


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


def build(data: Path, out: Path, *options: str) -> None:
    result = runner.invoke(app, ["build", "--data", str(data), "--corpus", str(MINI_CORPUS),
                                 "--out", str(out), *options])
    assert result.exit_code == 0, result.output


def files(out: Path) -> dict[str, bytes]:
    """The chunked files of a build and their indexes, by name."""
    found = {name: (out / name).read_bytes() for name in CHUNKED_FILES}
    found.update((f"{RDF_CACHE}/{p.name}", p.read_bytes()) for p in sorted((out / RDF_CACHE).iterdir()))
    return found


def test_each_chunked_file_has_an_index_of_its_chunks(data, tmp_path):
    build(data, tmp_path / "out")
    indexes = sorted(p.name for p in (tmp_path / "out" / RDF_CACHE).iterdir())
    assert indexes == sorted(f"{name}.json" for name in CHUNKED_FILES)
    index = json.loads((tmp_path / "out" / RDF_CACHE / "graph.ttl.json").read_text(encoding="utf-8"))
    text = (tmp_path / "out" / "graph.ttl").read_bytes()
    first, *_, last = index["chunks"]
    assert text[:first[1]].startswith(b"@prefix ") and text[first[1]:first[1] + first[2]].endswith(b" .\n")
    assert last[1] + last[2] == len(text)  # a Turtle file ends with its last chunk


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_empty_dataset_is_written_in_every_format(fmt):
    expected = {"ttl": b"\n", "trig": b"\n", "nt": b"", "nq": b"", "jsonld": b'"@graph": [\n  ]\n}\n',
                "xml": b"</rdf:RDF>"}
    text = CanonicalQuads({}).to_bytes(fmt, {})
    assert text.endswith(expected[fmt]) and chunks([]) == []


def test_an_edited_line_changes_its_own_chunk_alone():
    lines = canonical(KnowledgeBase.from_path(MINI, MINI_CORPUS)).union
    before = chunks(lines)
    assert len(before) > 3
    n = next(i for i, line in enumerate(lines) if b"Port Azure" in line)
    edited = chunks(sorted([*lines[:n], lines[n].replace(b"Port Azure", b"Port Azurite"), *lines[n + 1:]]))
    assert [len(c.lines) for c in edited] == [len(c.lines) for c in before]
    changed = [i for i, (a, b) in enumerate(zip(before, edited)) if a.key != b.key]
    assert len(changed) == 1 and lines[n] in before[changed[0]].lines


def test_a_new_subject_changes_only_the_chunk_it_falls_in():
    lines = canonical(KnowledgeBase.from_path(MINI, MINI_CORPUS)).union
    new = b"<https://w3id.org/foip-graph/entity/port-azure-annex> <http://www.w3.org/2000/01/rdf-schema#label> \"Annex\"@en"
    before, after = chunks(lines), chunks(sorted([*lines, new]))
    gone = [c for c in before if c.key not in {a.key for a in after}]
    came = [c for c in after if c.key not in {b.key for b in before}]
    assert len(gone) == 1  # the chunk the subject falls in, split or grown; every other kept
    assert sorted(line for c in came for line in c.lines) == sorted([*gone[0].lines, new])


def test_a_rebuild_after_an_edit_writes_what_a_clean_build_writes(data, tmp_path):
    build(data, tmp_path / "out")
    memo = data / "claims" / "memo.yaml"
    text = memo.read_text(encoding="utf-8")
    assert text.count("stance: close") == 1
    memo.write_text(text.replace("stance: close", "stance: close\n    note: Edited by a curator."),
                    encoding="utf-8")
    build(data, tmp_path / "out")
    build(data, tmp_path / "clean")
    rebuilt = files(tmp_path / "out")
    assert rebuilt == files(tmp_path / "clean")
    assert b"Edited by a curator." in rebuilt["graph.ttl"] and b"Edited by a curator." in rebuilt["graph.owl"]


def plant(out: Path, name: str) -> bytes:
    """Change the bytes of the last chunk of the file ``name`` of the build in ``out`` as
    no build would, keeping its size and its time; the changed bytes."""
    index = json.loads((out / RDF_CACHE / f"{name}.json").read_text(encoding="utf-8"))
    _, offset, length = index["chunks"][-1]
    path = out / name
    st = path.stat()
    data = bytearray(path.read_bytes())
    planted = bytes(data[offset:offset + length]).replace(b"e", b"E")
    assert planted != data[offset:offset + length]
    data[offset:offset + length] = planted
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    return planted


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld", "graph.owl"])
def test_a_rebuild_takes_unchanged_chunks_from_the_previous_file_and_fresh_does_not(data, tmp_path, name):
    out = tmp_path / "out"
    build(data, out)
    planted = plant(out, name)
    shutil.copytree(out, tmp_path / "trusting")
    build(data, tmp_path / "trusting")  # the file is as the manifest lists it: its chunk is taken
    assert planted in (tmp_path / "trusting" / name).read_bytes()
    build(data, out, "--fresh")
    build(data, tmp_path / "clean")
    assert planted not in (out / name).read_bytes()
    assert files(out) == files(tmp_path / "clean")


@pytest.mark.parametrize("damage", ["file resized", "file modified later", "index changed", "index removed"])
def test_a_file_or_index_the_manifest_does_not_vouch_for_lends_nothing(data, tmp_path, damage):
    out = tmp_path / "out"
    build(data, out)
    planted = plant(out, "graph.ttl")
    path, index = out / "graph.ttl", out / RDF_CACHE / "graph.ttl.json"
    if damage == "file resized":
        path.write_bytes(path.read_bytes() + b"\n")
    elif damage == "file modified later":  # than the manifest was written
        os.utime(path, ns=(path.stat().st_atime_ns, (out / MANIFEST).stat().st_mtime_ns + 10**9))
    elif damage == "index changed":
        index.write_bytes(index.read_bytes().replace(b'"format":1', b'"format":1 '))
    else:
        index.unlink()
    build(data, out)
    build(data, tmp_path / "clean")
    assert planted not in (out / "graph.ttl").read_bytes()
    assert files(out) == files(tmp_path / "clean")
