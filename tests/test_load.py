"""The loader reads the curated YAML and explains every mistake with file and line."""

from __future__ import annotations

import shutil

import pytest

from foip_graph.load import Problem, load_dataset

from .conftest import BROKEN, MINI, MINI_CORPUS

# case -> (file inside the fixture, line, a telling part of the message)
BROKEN_CASES = {
    "yaml_syntax": ("claims/memo.yaml", 15, "YAML syntax error"),
    "unknown_field": ("entities/people.yaml", 3,
                      "unknown field 'descripton' in a person; did you mean 'description'? "
                      "valid fields: id, name, aliases, description, wikidata, birth_year, evidence"),
    "duplicate_id": ("entities/places.yaml", 1, "duplicate id 'ruritania' (first defined at "),
    "alias_clash": ("entities/countries.yaml", 1,
                    "name or alias 'Kingdom of Ruritania' of 'ruritania' is also used by harbour-group"),
    "unknown_entity": ("claims/memo.yaml", 15,
                       "unknown entity 'harbor-group' in object; did you mean: harbour-group?"),
    "unknown_source": ("claims/memo.yaml", 27, "unknown source 'mmeo' in evidence; known sources: memo"),
    "unknown_predicate": ("claims/memo.yaml", 4,
                          "unknown predicate 'allied_wth'; did you mean: allied_with"),
    "wrong_kind": ("claims/memo.yaml", 32,
                   "holds_office cannot have a country ('ruritania') as subject; valid subject kinds: person"),
    "bad_date": ("claims/memo.yaml", 35, "start: '2020-02-30' is not a real date"),
    "end_before_start": ("claims/memo.yaml", 36, "end 2019-12 is before start 2020-03-03"),
    "no_evidence": ("claims/memo.yaml", 43, "claim has no evidence"),
    "quote_not_found": ("claims/memo.yaml", 38,
                        "quote not found in memo: 'Foreign Minister Anna Berg took office on March 4, 2020"),
    "wrong_span": ("claims/memo.yaml", 8, "stored span 30-92 is not the quote in memo (it is at 28-92)"),
    "sha_mismatch": ("sources.yaml", 1, "it is a different text, so it was not used"),
    "event_without_date": ("entities/events.yaml", 1, "event 'harbour-summit-2021' has no date"),
}


def test_the_mini_fixture_is_clean():
    report = load_dataset(MINI, MINI_CORPUS)
    assert report.problems == []
    assert report.notes == []
    assert (len(report.dataset.entities), len(report.dataset.claims)) == (7, 6)


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_each_mistake_is_reported_at_its_file_and_line(case):
    rel, line, fragment = BROKEN_CASES[case]
    report = load_dataset(BROKEN / case, MINI_CORPUS)
    assert report.dataset is None
    where = [(p.file, p.line) for p in report.problems if fragment in p.message]
    assert where, [str(p) for p in report.problems]
    file, found_line = where[0]
    assert file.endswith(f"broken/{case}/{rel}")
    assert found_line == line


def test_every_broken_fixture_reports_only_its_own_mistake():
    for case in BROKEN_CASES:
        report = load_dataset(BROKEN / case, MINI_CORPUS)
        # a duplicate leaves the replaced place undefined; a misspelt field leaves one missing
        expected = 2 if case in ("duplicate_id", "unknown_field") else 1
        assert len(report.problems) == expected, (case, report.problems)


def test_problems_print_as_file_line_message():
    assert str(Problem("data/x.yaml", 7, "bad")) == "data/x.yaml:7: bad"


def test_without_the_corpus_quotes_are_not_checked_and_a_note_says_so(tmp_path):
    report = load_dataset(BROKEN / "quote_not_found", tmp_path / "nowhere")
    assert report.problems == []
    assert report.notes == [f"corpus not found at {tmp_path / 'nowhere'}: quotes were not checked "
                            "against the texts (set FOIP_CORPUS or pass --corpus to check them)"]


def test_all_mistakes_are_collected_not_just_the_first(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    text = claims.read_text().replace("predicate: allied_with", "predicate: allied_wth")
    claims.write_text(text.replace("object: harbour-group\n    start: 2019", "object: harbor-group\n    start: 2019"))
    report = load_dataset(data, MINI_CORPUS)
    assert [p.line for p in report.problems] == [4, 15]


def test_yaml_is_loaded_safely(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    (data / "entities" / "places.yaml").write_text(
        "- id: !!python/object/apply:os.system ['echo pwned']\n  name: X\n  description: Y\n")
    report = load_dataset(data, MINI_CORPUS)
    assert [p.message for p in report.problems if p.file.endswith("places.yaml")] == [
        "YAML syntax error: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"]


def test_a_duplicate_key_is_a_syntax_error(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    (data / "entities" / "places.yaml").write_text(
        "- id: port-azure\n  name: Port Azure\n  name: Azure\n  description: A port.\n")
    report = load_dataset(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in report.problems if p.file.endswith("places.yaml")] == [
        (3, "YAML syntax error: duplicate key 'name' (first at line 2)")]


def test_the_same_statement_in_two_files_is_one_claim_with_both_evidences(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    corpus = shutil.copytree(MINI_CORPUS, tmp_path / "corpus")
    (corpus / "memo2.txt").write_text("Ruritania and Freedonia are allies.\n")
    import hashlib
    digest = hashlib.sha256((corpus / "memo2.txt").read_bytes()).hexdigest()
    with (data / "sources.yaml").open("a") as f:
        f.write(f"- id: memo2\n  title: Second memo\n  publisher: Ministry of Examples\n"
                f"  date: 2022\n  kind: briefing\n  file: memo2.txt\n  sha256: {digest}\n")
    (data / "claims" / "memo2.yaml").write_text(
        "source: memo2\nclaims:\n  - subject: freedonia\n    predicate: allied_with\n"
        "    object: ruritania\n    stance: close\n    evidence:\n"
        "      - quote: Ruritania and Freedonia are allies.\n        start: 0\n        end: 35\n"
        "        prefix: ''\n        suffix: \"\\n\"\n")
    report = load_dataset(data, corpus)
    assert report.problems == []
    alliance = [c for c in report.dataset.claims if c.predicate == "allied_with"]
    assert len(alliance) == 1
    assert alliance[0].sources == ("memo", "memo2")


def test_a_claims_file_must_name_a_known_source(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    claims.write_text(claims.read_text().replace("source: memo", "source: memos", 1))
    report = load_dataset(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in report.problems] == [
        (1, "unknown source 'memos'; known sources: memo")]


def test_a_figure_needs_a_number(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    with (data / "claims" / "memo.yaml").open("a") as f:
        f.write("  - subject: harbour-group\n    predicate: partner_count\n    value: many\n"
                "    evidence:\n      - quote: Harbour Group\n        start: 134\n        end: 147\n"
                "        prefix: 'Ruritania - ✓ Ruritania joined the '\n"
                "        suffix: ' in 2019, and \"Freedonia\"'\n")
    report = load_dataset(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in report.problems] == [
        (63, "value 'many' is not a number (write 15 or 18.1; put the unit in 'unit')")]


def test_an_unknown_stance_names_the_valid_ones(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    claims = data / "claims" / "memo.yaml"
    claims.write_text(claims.read_text().replace("stance: close", "stance: friendly"))
    report = load_dataset(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in report.problems] == [
        (6, "unknown stance 'friendly'; valid stances: close, cooperative, improving, stable, "
            "compatible, mixed, strained, hostile")]
