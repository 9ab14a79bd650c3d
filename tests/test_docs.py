"""The documentation stays true to the code: generated pages are current and every
console example in the README and docs prints what it says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from foip_graph.cli import app
from foip_graph.docs import cli_markdown, vocabulary_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONSOLE = re.compile(r"```console\n(.*?)```", re.S)


def test_the_vocabulary_reference_is_current():
    assert (DOCS / "vocabulary.md").read_text(encoding="utf-8") == vocabulary_markdown(), \
        "run `foip-graph docs` to regenerate docs/vocabulary.md"


def test_the_cli_reference_is_current():
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_markdown(app), \
        "run `foip-graph docs` to regenerate docs/cli.md"


def console_examples():
    """(file, command, expected output) for every `$ foip-graph ...` line in ```console blocks."""
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for block in CONSOLE.findall(path.read_text(encoding="utf-8")):
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, output = chunk.partition("\n")
                if command.startswith("foip-graph "):
                    yield pytest.param(command, output, id=f"{path.name}: {command}")


@pytest.mark.parametrize("command, expected", list(console_examples()))
def test_console_examples_print_what_the_docs_say(command, expected, corpus):
    result = subprocess.run(shlex.split(command), capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "COLUMNS": "80"})  # the width the examples show
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_the_readme_counts_are_the_data_counts(kb):
    from foip_graph.stats import stats

    s = stats(kb)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    kinds = ", ".join(f"{n} {kb_plural(k, n)}" for k, n in s.by_kind.items())
    assert f"| entities | {s.entities}: {kinds} |" in text
    by_source = s.by_source
    assert (f"| claims | {s.claims}: {by_source['roundtable-2020']} stated by the 2020 roundtable, "
            f"{by_source['dialogue-2026']} by the 2026 dialogue, {by_source['briefing-2026']} by the "
            "2026 briefing") in text
    assert f"| evidence quotes | {s.evidence:,}, " in text


def kb_plural(kind: str, n: int) -> str:
    from foip_graph.vocabulary import VOCABULARY

    plural = VOCABULARY.kinds[kind].plural
    return plural if n != 1 else kind
