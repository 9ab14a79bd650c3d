"""Shared fixtures: paths to the hand-made datasets and to the real corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from foip_graph.evidence import default_corpus_dir
from foip_graph.kb import KnowledgeBase, bundled_data_dir

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
MINI_CORPUS = FIXTURES / "corpus"
BROKEN = FIXTURES / "broken"


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
