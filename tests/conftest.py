"""Shared fixtures: paths to the hand-made datasets and to the real corpus."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from foip_graph.evidence import default_corpus_dir
from foip_graph.kb import KnowledgeBase, bundled_data_dir
from foip_graph.serve import make_server
from foip_graph.site import build_site

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
MINI_CORPUS = FIXTURES / "corpus"
BROKEN = FIXTURES / "broken"
HOSTILE = FIXTURES / "hostile"
HOSTILE_CORPUS = FIXTURES / "hostile_corpus"
CHROMIUM = "/usr/bin/chromium"  # Debian's; tests never download a browser


@pytest.fixture(autouse=True)
def _corpus_not_required(monkeypatch):
    """CI sets FOIP_REQUIRE_CORPUS for its own build; tests of the commands without a
    corpus set it themselves when they mean to."""
    monkeypatch.delenv("FOIP_REQUIRE_CORPUS", raising=False)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real source texts. Without them the test is skipped on a user's clone; in CI
    (CI=true) their absence is a failure, so no check is silently left out there."""
    path = default_corpus_dir(bundled_data_dir().resolve().parent)
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the corpus at {path} (or FOIP_CORPUS)")
        pytest.skip(f"the corpus is not at {path}; set FOIP_CORPUS to run this check")
    return path


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base."""
    return KnowledgeBase.from_path()


@pytest.fixture(scope="session")
def mini() -> KnowledgeBase:
    """The hand-made mini dataset."""
    return KnowledgeBase.from_path(MINI, MINI_CORPUS)


# ---------------------------------------------------------------- the site, in a browser


@pytest.fixture(scope="session")
def hostile() -> KnowledgeBase:
    """A dataset whose names, descriptions, quotes and sources carry markup and script."""
    return KnowledgeBase.from_path(HOSTILE, HOSTILE_CORPUS)


@pytest.fixture(scope="session")
def bundled_corpus() -> Path | None:
    """The corpus if it is present, else None (the site is built without source texts)."""
    path = default_corpus_dir(bundled_data_dir().resolve().parent)
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def bundled_site(kb, bundled_corpus, tmp_path_factory) -> Path:
    """The site of the bundled data, built once per session."""
    folder = tmp_path_factory.mktemp("bundled") / "site"
    build_site(kb, folder, corpus=bundled_corpus)
    return folder


@pytest.fixture(scope="session")
def hostile_site(hostile, tmp_path_factory) -> Path:
    """The site of the hostile dataset, with its texts."""
    folder = tmp_path_factory.mktemp("hostile") / "site"
    build_site(hostile, folder, corpus=HOSTILE_CORPUS)
    return folder


@pytest.fixture(scope="session")
def site_url(bundled_site):
    """The bundled site served by ``foip-graph serve``'s server on a free local port."""
    server = make_server(bundled_site, port=0, log=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium, its background traffic turned off."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"]}
