"""The wheel a pip user gets has everything the README shows.

The wheel is built from this checkout and installed, without its dependencies, into a
fresh virtualenv outside the repository; a ``.pth`` file lends that virtualenv the test
environment's site-packages for the dependencies (so nothing is downloaded), while
foip_graph itself comes from the wheel (checked). Then, from a folder of its own, as a
user would: ``build``, a query, an example query by name, and the three notebooks on a
kernel of that virtualenv, whose outputs must be the ones stored in the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["cooperation-paths", "framework-members", "japan-china", "office-holders",
            "projects-recipients", "shared-frameworks"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "--wheel-dir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (path,) = dist.glob("foip_graph-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv holding the wheel, borrowing the test environment's dependencies."""
    folder = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    lent = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    Path(site, "_test_dependencies.pth").write_text("\n".join(lent) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def user(venv, tmp_path_factory):
    """Run a command of the virtualenv from a folder outside the repository, without the
    corpus and without this run's settings (a pip user has neither), unless ``env`` adds them."""
    home = tmp_path_factory.mktemp("user")
    env = {k: v for k, v in os.environ.items()
           if k not in ("FOIP_CORPUS", "FOIP_REQUIRE_CORPUS", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def run(*args: str, check: bool = True, extra: dict | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=home, env={**env, **(extra or {})},
                                capture_output=True, text=True, timeout=600)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run.home = home
    return run


def test_the_wheel_carries_the_data_the_queries_and_the_licences(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.rsplit("/", 1)[1][:-3] for n in names if n.startswith("foip_graph/example_queries/")) \
        == EXAMPLES
    assert "foip_graph/bundled_data/sources.yaml" in names
    assert "foip_graph/bundled_data/LICENSE" in names
    assert {"foip_graph-0.1.0.dist-info/licenses/LICENSE",
            "foip_graph-0.1.0.dist-info/licenses/data/LICENSE"} <= set(names)
    metadata = zipfile.ZipFile(wheel).read("foip_graph-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata
    assert "Provides-Extra: datasette" in metadata
    assert "# foip-graph" in metadata  # the README is the description


def test_foip_graph_comes_from_the_wheel(user, venv):
    where = user("python", "-c", "import foip_graph; print(foip_graph.__file__)").stdout.strip()
    assert Path(where).is_relative_to(venv)
    assert not Path(where).is_relative_to(ROOT)


def test_build_writes_every_output_outside_the_repository(user, kb):
    result = user("foip-graph", "build", "--out", "out")
    first, built = result.stdout.splitlines()
    assert first.startswith("no previous build to compare with: ")
    assert built.startswith("built ") and built.endswith(
        f" in out/ from {len(kb.entities)} entities and {len(kb.claims)} claims; "
        "open out/site/index.html or run `foip-graph serve`.")
    assert "quotes were NOT checked against the source texts" in result.stderr  # no corpus here
    out = user.home / "out"
    for name in ("foip-graph.json", "foip-graph.db", "csv/claims.csv", "graph.trig", "network.graphml",
                 "site/index.html"):
        assert (out / name).is_file(), name


def test_a_pip_user_with_the_corpus_gets_every_quote_checked(user, corpus):
    result = user("foip-graph", "validate", "--require-corpus", extra={"FOIP_CORPUS": str(corpus)})
    assert "NOT checked" not in result.stderr
    refused = user("foip-graph", "validate", "--require-corpus", check=False)
    assert refused.returncode == 1
    assert "there is no corpus at" in refused.stderr and "pass --corpus DIR or set FOIP_CORPUS" in refused.stderr


def test_a_query_and_an_example_query(user):
    members = json.loads(user("foip-graph", "members", "Quad", "--json").stdout)
    assert [m["id"] for m in members] == ["australia", "india", "japan", "united-states"]
    listed = user("foip-graph", "sparql", "--list-examples", check=True)
    assert all(name in listed.stdout for name in EXAMPLES)
    rows = user("foip-graph", "sparql", "--example", "shared-frameworks", "--format", "csv").stdout
    assert {line.split(",")[1] for line in rows.splitlines()[1:]} == {"Japan-U.S.-Australia", "Quad"}


def test_the_notebooks_print_what_the_repository_stores(user, tmp_path):
    probe = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                              "display_name": "Python 3"}})
    cell = nbformat.v4.new_code_cell("import sys, foip_graph\nprint(foip_graph.__file__.startswith(sys.prefix))")
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="True\n")]
    probe.cells = [cell]
    nbformat.write(probe, tmp_path / "probe.ipynb")  # the kernel runs the wheel, not this checkout
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    result = user("python", str(ROOT / "scripts" / "notebooks.py"), "--check", str(tmp_path / "probe.ipynb"),
                  *map(str, notebooks), check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{p.name}: current" for p in [tmp_path / "probe.ipynb", *notebooks]]
