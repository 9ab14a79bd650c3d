"""The loader reads the curated YAML and explains every mistake with file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from foip_graph.kb import bundled_data_dir
from foip_graph.load import Problem, load_dataset

LOAD = sys.modules["foip_graph.load"]  # the module (foip_graph.load is also a function)

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
        "'tag:yaml.org,2002:python/object/apply:os.system'",
        "1 reference to entities no file defines was not checked: this file did not load, "
        "and they may be its entities"]


def test_a_duplicate_key_is_a_syntax_error(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    (data / "entities" / "places.yaml").write_text(
        "- id: port-azure\n  name: Port Azure\n  name: Azure\n  description: A port.\n")
    report = load_dataset(data, MINI_CORPUS)
    assert [(p.line, p.message) for p in report.problems if p.file.endswith("places.yaml")] == [
        (3, "YAML syntax error: duplicate key 'name' (first at line 2)"),
        (3, "1 reference to entities of this file was not checked, since it did not load")]


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


# ---------------------------------------------------------------- bad files, hostile YAML


def validate_copy(tmp_path, monkeypatch, change=None):
    """``foip-graph validate`` on a copy of the mini data (as ``data``, from its parent),
    after ``change(data)``: its exit code and its error lines."""
    from typer.testing import CliRunner

    from foip_graph.cli import app

    data = shutil.copytree(MINI, tmp_path / "data")
    if change is not None:
        change(data)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--data", "data", "--corpus", str(MINI_CORPUS)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def test_a_truncated_claims_file_is_one_error(tmp_path, monkeypatch):
    def truncate(data):
        claims = data / "claims" / "memo.yaml"
        claims.write_text(claims.read_text(encoding="utf-8")[:40], encoding="utf-8")

    assert validate_copy(tmp_path, monkeypatch, truncate) == (1, [
        "data/claims/memo.yaml:3: claim has no evidence: add evidence: [{quote: ...}]; every "
        "claim needs a verbatim quote from its source", "1 problem(s)."])


@pytest.mark.parametrize("file, text, line, message", [
    ("claims/memo.yaml", "", 1,
     "the file is empty; it should hold a mapping with 'source: <id>' and 'claims: [...]'"),
    ("claims/memo.yaml", "# nothing yet\n", 1,
     "the file is empty; it should hold a mapping with 'source: <id>' and 'claims: [...]'"),
    ("claims/memo.yaml", "source: memo\nclaims:\n", 2,
     "'claims' is empty: list the claims under it (- subject: ...), or write 'claims: []' for "
     "a source that states none"),
    ("sources.yaml", "", 1, "the file is empty; it should hold a list of sources (- id: ...)"),
])
def test_empty_files_are_one_error_each_not_silence(tmp_path, monkeypatch, file, text, line, message):
    code, lines = validate_copy(tmp_path, monkeypatch, lambda d: (d / file).write_text(text))
    assert code == 1
    assert lines[0] == f"data/{file}:{line}: {message}"
    assert len(lines) <= 3  # the cause, at most one summary of what it left unchecked, the count


def test_an_empty_entities_file_is_one_error_and_one_summary(tmp_path, monkeypatch):
    code, lines = validate_copy(tmp_path, monkeypatch,
                                lambda d: (d / "entities" / "countries.yaml").write_text(""))
    assert (code, lines) == (1, [
        "data/entities/countries.yaml:1: the file is empty; it should hold a list of countries (- id: ...)",
        "data/entities/countries.yaml:1: 5 references to entities no file defines were not "
        "checked: this file did not load, and they may be its entities",
        "2 problem(s)."])


def test_a_missing_sources_file_is_reported_first_with_what_it_left_unchecked(tmp_path, monkeypatch):
    def break_all(data):
        (data / "sources.yaml").unlink()
        people = data / "entities" / "people.yaml"
        people.write_text(people.read_text(encoding="utf-8").replace("name: Anna Berg", "name: [Anna"))

    code, lines = validate_copy(tmp_path, monkeypatch, break_all)
    assert code == 1
    assert lines[:2] == [
        "data/sources.yaml:1: missing: every dataset needs a sources.yaml listing its documents",
        "data/sources.yaml:1: 2 references to sources were not checked, since this file did not load"]
    assert lines[2].startswith("data/entities/people.yaml:")


def test_a_file_that_does_not_parse_is_the_cause_and_its_references_one_line(tmp_path, monkeypatch):
    def break_countries(data):
        countries = data / "entities" / "countries.yaml"
        countries.write_text(countries.read_text(encoding="utf-8").replace(
            "name: Freedonia", "name: [Freedonia"))
        claims = data / "claims" / "memo.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace(
            "object: harbour-group\n    start: 2019", "object: harbor-group\n    start: 2019"))

    assert validate_copy(tmp_path, monkeypatch, break_countries) == (1, [
        "data/entities/countries.yaml:8: YAML syntax error: while parsing a flow sequence did "
        "not find expected ',' or ']'",
        "data/entities/countries.yaml:8: 5 references to entities of this file were not "
        "checked, since it did not load",
        "data/entities/countries.yaml:8: 1 reference to entities no file defines was not "
        "checked: this file did not load, and they may be its entities",
        "3 problem(s)."])


def test_yaml_booleans_where_text_belongs_get_a_hint_to_quote_them(tmp_path, monkeypatch):
    def booleans(data):
        countries = data / "entities" / "countries.yaml"
        countries.write_text(countries.read_text(encoding="utf-8").replace("iso_code: RU", "iso_code: NO"))
        claims = data / "claims" / "memo.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace("stance: close", "stance: yes"))

    assert validate_copy(tmp_path, monkeypatch, booleans) == (1, [
        "data/entities/countries.yaml:5: iso_code: YAML reads NO as false, not as text; put it "
        "in quotes: iso_code: \"NO\"",
        "data/claims/memo.yaml:6: stance: YAML reads yes as true, not as text; put it in quotes: "
        "stance: \"yes\"",
        "2 problem(s)."])


def test_non_utf8_bytes_are_reported_at_their_line(tmp_path, monkeypatch):
    def latin1(data):
        people = data / "entities" / "people.yaml"
        people.write_bytes(people.read_bytes().replace(b"Anna Berg", b"Anna B\xe9rg", 1))

    code, lines = validate_copy(tmp_path, monkeypatch, latin1)
    assert (code, lines[0]) == (1, "data/entities/people.yaml:2: not UTF-8 text: byte 0xe9 at "
                                   "column 15 (invalid continuation byte); save the file as UTF-8")


BOMB = "\n".join(["- id: lol-0", "  name: Lol", "  description: A bomb.",
                  "  aliases: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                 + [f"- &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
                    f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)]) + "\n"


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path):
    """Ten nested aliases expand to ten billion values: the loader refuses the first alias.
    The check runs in a process capped at 1 GB of memory, and must end long before the
    hang guard (the expansion took 730 MB and kept growing)."""
    data = shutil.copytree(MINI, tmp_path / "data")
    (data / "entities" / "issues.yaml").write_text(BOMB, encoding="utf-8")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); "
            "from foip_graph.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, "validate", "--data", "data",
                             "--corpus", str(MINI_CORPUS)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "data/entities/issues.yaml:4: refused: the value anchored here (&name) is repeated by "
        "an alias (*name); this data has no use for anchors and aliases: write each value out")


@pytest.mark.parametrize("text, line, message", [
    ("- id: x\n  <<: {name: X}\n", 2, "refused: a merge key (<<) copies another mapping's fields; "
                                      "this data has no use for it: write each field out"),
    ("- id: x\n  ? [a, b]\n  : 1\n", 2, "refused: a key must be a plain name, not a list or a mapping"),
    ("- id: x\n  name: " + "[" * 300 + "]" * 300 + "\n", 2,
     "refused: values are nested more than 20 levels deep; the data is a few levels of lists "
     "and mappings"),
    ("- id: x\n  name: X\n  description: " + "a" * 50_000 + "\n", 3,
     "refused: a value of 50,000 characters ('" + "a" * 198 + "…); values are limited to "
     "10,000 characters"),
    ("- id: x\n  name: a\x07b\n", 2, "YAML syntax error: character #x0007: control characters "
                                     "are not allowed; remove it"),
])
def test_yaml_the_format_has_no_use_for_is_refused_with_a_sentence(tmp_path, monkeypatch, text, line, message):
    code, lines = validate_copy(tmp_path, monkeypatch,
                                lambda d: (d / "entities" / "places.yaml").write_text(text))
    assert code == 1
    assert lines[0] == f"data/entities/places.yaml:{line}: {message}"


def test_a_fifo_named_yaml_is_reported_not_waited_on(tmp_path):
    data = shutil.copytree(MINI, tmp_path / "data")
    os.mkfifo(data / "claims" / "extra.yaml")
    result = subprocess.run([sys.executable, "-c", "from foip_graph.cli import main; main()",
                             "validate", "--data", "data", "--corpus", str(MINI_CORPUS)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr.splitlines()) == (1, [
        "data/claims/extra.yaml:1: a named pipe (FIFO), not a file: a data file must be a plain "
        "YAML file (rename or move it out of the data folder)", "1 problem(s)."])


@pytest.mark.parametrize("make, message", [
    (lambda c: (c / "loop.yaml").symlink_to("loop.yaml"),
     "data/claims/loop.yaml:1: a symbolic link that loops (to loop.yaml): it leads to no file"),
    (lambda c: (c / "gone.yaml").symlink_to("nowhere.yaml"),
     "data/claims/gone.yaml:1: a broken symbolic link: nowhere.yaml does not exist"),
    (lambda c: (c / "folder.yaml").mkdir(),
     "data/claims/folder.yaml:1: a folder, not a file: a data file must be a plain YAML file "
     "(rename or move it out of the data folder)"),
    (lambda c: (c / "more.yml").write_text("source: memo\nclaims: []\n"),
     "data/claims/more.yml:1: not read: data files end in .yaml; rename it more.yaml"),
])
def test_what_is_not_a_yaml_file_under_data_is_a_sentence(tmp_path, monkeypatch, make, message):
    code, lines = validate_copy(tmp_path, monkeypatch, lambda d: make(d / "claims"))
    assert (code, lines) == (1, [message, "1 problem(s)."])


def test_hidden_files_such_as_editor_locks_are_skipped(tmp_path, monkeypatch):
    code, lines = validate_copy(tmp_path, monkeypatch,
                                lambda d: (d / "claims" / ".#memo.yaml").symlink_to("user@host.1234"))
    assert (code, lines) == (0, [])


# Plain scalars YAML reads as text, numbers, booleans, nulls or dates; anchors, aliases,
# quotes and ampersands that are not anchors.
TOKENS = ["Japan", "Open RAN & Beyond", "R&D", "yes", "NO", "on", "~", "null", "", "12", "-3",
          "0o17", "0x1F", "1_000", "3.5", ".inf", "1e3", "2019", "2019-09", "2021-02-30",
          "2001-12-14t21:59:43.10-05:00", "'yes'", '"12"', "&a x", "*a", "!!str 12",
          "!!binary aGk=", "!!set {a}", "<<", "a" * 10_001]
KEYS = ["id", "name", "a", "b", "yes", "12", "<<", "? [k]"]
_value = st.recursive(st.sampled_from(TOKENS), lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.lists(st.tuples(st.sampled_from(KEYS[:5]), inner), max_size=3)), max_leaves=12)


def _flow(value) -> str:
    if isinstance(value, str):
        return value
    if value and isinstance(value[0], tuple):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value) + "}"
    return "[" + ", ".join(_flow(v) for v in value) + "]"


_document = st.lists(st.lists(st.tuples(st.sampled_from(KEYS), _value), min_size=1, max_size=4),
                     max_size=4).map(lambda items: "".join(
                         "".join(f"{'- ' if n == 0 else '  '}{k}: {_flow(v)}\n"
                                 for n, (k, v) in enumerate(item)) for item in items))


def _with_lines(value):
    """A loaded value with every mapping's lines, to compare two loads exactly."""
    if isinstance(value, dict):
        return ("map", value.line, value.key_lines, value.bools,
                [(k, _with_lines(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [_with_lines(v) for v in value]
    return (type(value).__name__, value)


def _outcome(read, text):
    try:
        return _with_lines(read(text))
    except Exception as exc:  # noqa: BLE001 - the two readers must fail alike
        return (type(exc).__name__, str(exc))


def _constructed(text):
    """The document as the loader's own constructor builds it, node by node."""
    loader = LOAD._LineLoader(text)
    node = loader.get_single_node()
    return None if node is None else loader.construct_document(node)


@settings(max_examples=400, deadline=None)
@given(_document)
@example("- id: x\n  name: " + "a" * 10_001 + "\n")
@example("- ? " + "k" * 10_001 + "\n  : 1\n")
@example("- id: x\n  name: " + "[" * 25 + "]" * 25 + "\n")
@example("- id: &a x\n  name: *a\n")
@example("- id: x\n  a: &m {b: 1}\n  c: *m\n")
@example("a: [&x 1, *x]\n")
def test_the_fast_reader_gives_what_the_constructor_gives(text):
    """Values, types, the line of every mapping and key, the text of booleans, and the
    same refusal or syntax error with the same message, on documents mixing every kind of
    scalar, anchors, aliases, tags, merge keys, duplicate keys and over-long values."""
    assert _outcome(LOAD._parse, text) == _outcome(_constructed, text)


def test_the_bundled_data_takes_the_fast_reader():
    for path in sorted(bundled_data_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        loader = LOAD._LineLoader(text)
        node = loader.get_single_node()
        assert not LOAD._may_anchor(text), path
        assert _with_lines(LOAD._plain(loader, node, 0)) == _with_lines(_constructed(text)), path
