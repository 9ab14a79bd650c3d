"""`locate` writes exact offsets and context next to each quote, keeping the YAML's comments."""

from __future__ import annotations

import shutil

from foip_graph.load import load_dataset
from foip_graph.locate import locate

from .conftest import MINI, MINI_CORPUS


def _strip_offsets(path):
    lines = path.read_text().splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.lstrip().startswith(("start: ", "end: ", "prefix: ", "suffix: "))
            or not ln.startswith("        ")]
    path.write_text("".join(kept))


def test_locate_fills_in_what_curators_leave_out_and_validate_then_passes(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    _strip_offsets(claims)
    typed = "The Ruritania–Freedonia alliance is the cornerstone of peace"  # as a curator types it
    claims.write_text("# curated by hand\n" + claims.read_text().replace(
        '"The **Ruritania-Freedonia alliance** is the\\ncornerstone of peace"', f'"{typed}"'))
    assert typed in claims.read_text()
    before = load_dataset(data, MINI_CORPUS)
    assert {p.message for p in before.problems} == {
        "evidence has no start/end offsets; run `foip-graph locate`"}

    result = locate(data, MINI_CORPUS)

    assert (result.filled, result.repaired, result.unchanged) == (6, 0, 1)
    assert result.files_changed == [str(claims)]
    assert load_dataset(data, MINI_CORPUS).problems == []
    text = claims.read_text()
    assert text.startswith("# curated by hand\nsource: memo\n")
    assert ("      - quote: Foreign Minister Anna Berg took office on March 3, 2020 and stepped down in 2022.\n"
            "        start: 189\n        end: 270\n") in text
    # The typed quote is now the text's own characters, and its context is the raw text
    # right before and after it, so a Web Annotation client can anchor it either way.
    assert ('      - quote: "The **Ruritania-Freedonia alliance** is the\\ncornerstone of peace"\n'
            '        start: 28\n        end: 92\n'
            '        prefix: "Briefing memo on Ruritania\\n\\n"\n'
            '        suffix: " in the region.\\n\\n- ✓ Ruritania"\n') in text


def test_locate_repairs_a_wrong_span_and_a_second_run_changes_nothing(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    claims.write_text(claims.read_text().replace("start: 28\n", "start: 30\n", 1))
    first = locate(data, MINI_CORPUS)
    assert (first.filled, first.repaired) == (0, 1)
    second = locate(data, MINI_CORPUS)
    assert (second.filled, second.repaired, second.unchanged, second.files_changed) == (0, 0, 7, [])
    assert claims.read_text() == (MINI / "claims" / "memo.yaml").read_text()


def test_locate_reports_a_quote_it_cannot_find(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    claims.write_text(claims.read_text().replace("cornerstone of peace", "cornerstone of war"))
    result = locate(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in result.problems] == [
        (8, "quote not found in memo: 'The **Ruritania-Freedonia alliance** is the\\ncornerstone of war'")]


def test_quotes_are_normalised_exactly_as_texts_are():
    """Quotes are normalised by regular expressions, texts by a scan that keeps offsets;
    a quote matches only if both agree, down to escapes next to link tails."""
    from foip_graph.evidence import normalize, normalize_quote

    tricky = ["\\](#)x", "a\\\\*b", "\\[x\\]", "](#)](#)", "a \u00a0 b", "\u2013\\_x", " \n\t",
              "**\\*", "x\\", "[a](#) b\\#c", "\u201cJapan\u2019s\u201d  **FOIP**\n", "\\\\](#)"]
    assert [normalize_quote(q) for q in tricky] == [normalize(q)[0].strip() for q in tricky]
    assert normalize_quote("\\](#)x") == "x"
