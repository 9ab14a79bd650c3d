"""`foip-graph draft`: a new text read against the graph, every item proposed for review.

Two texts the project wrote itself: ``bulletin.txt`` in the made-up world of the mini
fixture, and ``press-release.txt``, a fictional press release about the bundled graph's
entities (the walk-through of docs/curation.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from foip_graph.cli import app
from foip_graph.dates import PartialDate
from foip_graph.draft import draft
from foip_graph.draft.dates import find_dates
from foip_graph.draft.gazetteer import Gazetteer
from foip_graph.draft.text import nlp
from foip_graph.kb import KnowledgeBase, bundled_data_dir
from foip_graph.load import Proposed, load_dataset
from foip_graph.model import Entity, Source

from .conftest import MINI, MINI_CORPUS

HERE = Path(__file__).parent / "fixtures" / "draft"
BULLETIN = HERE / "bulletin.txt"
PRESS = HERE / "press-release.txt"
runner = CliRunner()


def source(id_, text: Path, date: str) -> Source:
    return Source(id=id_, title="t", publisher="p", date=date, kind="document", file=text.name,
                  sha256=hashlib.sha256(text.read_bytes()).hexdigest())


@pytest.fixture(scope="module")
def bulletin(mini):
    return draft(BULLETIN.read_text(encoding="utf-8"), source("bulletin", BULLETIN, "2022-07-02"), mini)


@pytest.fixture(scope="module")
def press(kb):
    return draft(PRESS.read_text(encoding="utf-8"), source("press-release-2026", PRESS, "2026-11-20"), kb)


@pytest.fixture
def mini_copy(tmp_path):
    """A copy of the mini data and its corpus, to draft into."""
    shutil.copytree(MINI, tmp_path / "data")
    shutil.copytree(MINI_CORPUS, tmp_path / "corpus")
    return tmp_path


def run_draft(folder: Path, text: Path = BULLETIN, *extra: str):
    return runner.invoke(app, ["draft", str(text), "--source", "bulletin", "--publisher", "Ministry of Examples",
                               "--data", str(folder / "data"), "--corpus", str(folder / "corpus"), *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- mentions


def test_known_names_are_found_with_their_exact_offsets(bulletin):
    raw = BULLETIN.read_text(encoding="utf-8")
    found = [(m.entity, m.text, m.start, m.end) for m in bulletin.mentions]
    assert found == [
        ("freedonia", "Freedonia", 53, 62), ("harbour-group", "Harbour Group", 74, 87),
        ("ruritania", "Ruritania", 111, 120), ("freedonia", "Freedonia", 125, 134),
        ("port-azure", "Port Azure", 179, 189), ("anna-berg", "Anna Berg", 237, 246),
        ("freedonia", "Freedonia", 282, 291), ("port-azure", "Port Azure", 295, 305)]
    assert all(raw[start:end] == text for _, text, start, end in found)


def test_the_press_release_mentions_are_exact_and_none_lies_inside_a_longer_name(press):
    raw = PRESS.read_text(encoding="utf-8")
    found = [(m.entity, m.start, m.end) for m in press.mentions]
    assert found == [
        ("japan", 0, 5), ("palau", 10, 15), ("pacific-ocean", 27, 34), ("mofa-japan", 61, 97),
        ("motegi-toshimitsu", 274, 308), ("minister-for-foreign-affairs-of-japan", 325, 341),
        ("palau", 355, 360), ("tokyo", 364, 369), ("pacific-ocean", 407, 414), ("japan", 460, 465),
        ("palau", 502, 507), ("motegi-toshimitsu", 513, 528), ("japan", 543, 548),
        ("palau-international-airport", 559, 586), ("foip", 700, 726), ("australia", 790, 799),
        ("quad", 817, 821)]
    assert all(raw[m.start:m.end] == m.text for m in press.mentions)
    # "Palau International Airport" is one mention: no "Palau" inside it, and "us" is not the US
    assert not any(559 <= m.start < 586 for m in press.mentions if m.entity == "palau")
    assert "united-states" not in {m.entity for m in press.mentions}


def test_an_acronym_keeps_its_exact_case_and_a_plain_word_matches_in_any_case():
    gazetteer = Gazetteer([Entity(id="united-states", kind="country", name="United States",
                                  aliases=("US",), description="d"),
                           Entity(id="quad", kind="framework", name="Quad", description="d")])
    doc = nlp()("The US and us, the QUAD and the quad.")
    assert [(h.entity, doc[h.start:h.end].text) for h in gazetteer.find(doc)] == [
        ("united-states", "US"), ("quad", "QUAD"), ("quad", "quad")]


# ---------------------------------------------------------------- candidates


def test_an_acronym_with_its_expansion_is_one_candidate(bulletin, press):
    clf = next(e for e in bulletin.entities if e.id == "clf")
    assert (clf.name, clf.aliases, clf.rule) == ("Coastal Lighthouse Fund", ["CLF"], "acronym")
    assert [(m.text, m.start, m.end) for m in clf.mentions] == [
        ("Coastal Lighthouse Fund", 146, 169), ("CLF", 171, 174), ("CLF", 195, 198)]
    pcri = next(e for e in press.entities if e.id == "pcri")
    assert (pcri.name, pcri.aliases, pcri.kind) == ("Pacific Coastal Radar Initiative", ["PCRI"], "initiative")
    assert [(m.start, m.end) for m in pcri.mentions] == [(27, 59), (407, 439), (441, 445), (762, 766), (837, 841)]
    assert [e.id for e in press.entities].count("pcri") == 1


def test_a_title_before_a_name_makes_a_person_and_a_known_person_is_no_candidate(bulletin, press):
    people = {e.id: (e.name, e.aliases, e.kind) for e in bulletin.entities if e.kind == "person"}
    assert people == {"tomas-vell": ("Tomas Vell", ["Foreign Minister Tomas Vell"], "person")}
    berg = next(e for e in press.entities if e.id == "anna-berg")
    assert (berg.name, berg.aliases, berg.rule) == ("Anna Berg", ["Foreign Minister Anna Berg"], "title")


# ---------------------------------------------------------------- dates


def test_relative_dates_are_resolved_against_the_document_date(bulletin, press):
    assert [(d.text, str(d.value), d.start, d.end) for d in bulletin.dates] == [
        ("July 2, 2022", "2022-07-02", 39, 51), ("March 3 last year", "2021-03-03", 91, 108)]
    assert [(d.text, str(d.value)) for d in press.dates] == [
        ("November 20, 2026", "2026-11-20"), ("November 18", "2026-11-18"), ("last year", "2025"),
        ("This year", "2026"), ("10th anniversary", "2016"), ("October 2027", "2027-10")]
    assert press.dates[2].note == "'last year' read from the document's date 2026-11-20"


def test_a_date_without_a_year_is_the_latest_before_the_document_or_the_next_after_it():
    doc = PartialDate.parse("2020-06-12")
    assert [str(d.value) for d in find_dates("In November, we hosted it; on June 20 we met.", doc)] == [
        "2019-11", "2019-06-20"]
    assert [str(d.value) for d in find_dates("The summit will be held on June 20.", doc)] == ["2020-06-20"]


# ---------------------------------------------------------------- claims


def test_a_membership_sentence_yields_member_of_with_its_quote_offsets_and_date(bulletin, press):
    raw = BULLETIN.read_text(encoding="utf-8")
    claim = next(c for c in bulletin.claims if (c.subject, c.object) == ("freedonia", "harbour-group"))
    assert (claim.predicate, claim.evidence.quote, claim.evidence.start, claim.evidence.end) == (
        "member_of", "Freedonia joined the Harbour Group on March 3 last year.", 53, 109)
    assert raw[53:109] == claim.evidence.quote
    assert claim.qualifiers == {"start": PartialDate.parse("2021-03-03")}
    assert claim.note == "'March 3 last year' read from the document's date 2022-07-02"
    quad = next(c for c in press.claims if (c.subject, c.object) == ("australia", "quad"))
    assert (quad.predicate, quad.evidence.quote, quad.evidence.start, quad.evidence.end) == (
        "member_of", "Australia, a member of the Quad, will join the PCRI as an observer from October 2027.",
        790, 875)
    assert quad.cues == ["member"]


def test_we_is_read_as_the_country_the_text_names_most(kb):
    result = draft("Japan and Palau met.\n\nWe support the Quad.", Source(id="t", title="t", publisher="p", date="2026", kind="d", file="t",
                                    sha256="0" * 64), kb)
    claim = next(c for c in result.claims if c.object == "quad")
    assert (claim.subject, claim.predicate, claim.note) == ("japan", "supports", "'We' read as japan")


def test_every_entity_predicate_of_the_vocabulary_can_be_proposed(mini):
    from foip_graph.draft.cues import CueModel, read_quotes
    from foip_graph.vocabulary import VOCABULARY

    model = CueModel(mini.entities, mini.claims, read_quotes(mini.claims, Gazetteer(mini.entities.values())))
    assert set(model.words.counts) == {p.name for p in VOCABULARY.predicates.values()
                                       if not p.is_literal and not p.derived}


# ---------------------------------------------------------------- the loop on the mini fixture


def proposed(path: Path) -> tuple[int, int]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return (sum(e.get("review") == "proposed" for e in doc["entities"]),
            sum(c.get("review") == "proposed" for c in doc["claims"]))


def test_draft_writes_a_claims_file_the_source_entry_and_the_text(mini_copy):
    before = (mini_copy / "data" / "sources.yaml").read_bytes()
    result = run_draft(mini_copy)
    assert result.exit_code == 0, result.output
    path = mini_copy / "data" / "claims" / "bulletin.draft.yaml"
    assert result.stdout.splitlines()[1] == f"wrote {path} (every item marked review: proposed)"
    after = (mini_copy / "data" / "sources.yaml").read_bytes()
    assert after.startswith(before)
    assert yaml.safe_load(after[len(before):]) == [{
        "id": "bulletin", "title": "Harbour Bulletin", "publisher": "Ministry of Examples",
        "date": "2022-07-02", "kind": "document", "file": "bulletin.txt",
        "sha256": hashlib.sha256(BULLETIN.read_bytes()).hexdigest()}]
    assert (mini_copy / "corpus" / "bulletin.txt").read_bytes() == BULLETIN.read_bytes()
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["source"] == "bulletin"
    assert all(item["review"] == "proposed" for item in doc["entities"] + doc["claims"])


def test_proposed_items_stay_out_of_the_graph_and_validate_counts_them(mini_copy):
    run_draft(mini_copy)
    path = mini_copy / "data" / "claims" / "bulletin.draft.yaml"
    entities, claims = proposed(path)
    assert entities >= 3 and claims >= 5
    report = load_dataset(mini_copy / "data", mini_copy / "corpus")
    assert report.problems == []
    assert (len(report.dataset.entities), len(report.dataset.claims)) == (7, 6)
    assert list(report.proposed.values()) == [Proposed(entities, claims)]
    result = runner.invoke(app, ["validate", "--data", str(mini_copy / "data"), "--corpus", str(mini_copy / "corpus")])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        f"{path}: {entities} entities and {claims} claims proposed, awaiting review (not in the graph)",
        "ok: 2 sources, 7 entities, 6 claims, 6 evidence quotes."]


def accept(path: Path, predicate) -> None:
    """Delete the review line of the items ``predicate`` picks, as a curator would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    doc = yaml.safe_load("".join(lines))
    wanted = [item for item in doc["entities"] + doc["claims"] if predicate(item)]
    assert wanted
    keep, item_index = [], -1
    items = doc["entities"] + doc["claims"]
    for line in lines:
        if line.startswith("  - "):
            item_index += 1
        if line.strip() == "review: proposed" and 0 <= item_index < len(items) and items[item_index] in wanted:
            continue
        keep.append(line)
    path.write_text("".join(keep), encoding="utf-8")


def test_an_accepted_claim_validates_and_builds(mini_copy, tmp_path):
    run_draft(mini_copy)
    path = mini_copy / "data" / "claims" / "bulletin.draft.yaml"
    accept(path, lambda item: item.get("subject") == "freedonia" and item.get("object") == "harbour-group")
    report = load_dataset(mini_copy / "data", mini_copy / "corpus")
    assert report.problems == []
    kb = KnowledgeBase(report.dataset)
    joined = [c for c in kb.claims if c.subject == "freedonia" and c.predicate == "member_of"
              and c.start == PartialDate.parse("2021-03-03")]
    assert [(c.evidence[0].source, c.evidence[0].start, c.evidence[0].end) for c in joined] == [("bulletin", 53, 109)]
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--data", str(mini_copy / "data"), "--corpus", str(mini_copy / "corpus"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    built = json.loads((out / "foip-graph.json").read_text(encoding="utf-8"))
    assert len(built["claims"]) == 7
    assert (out / "site" / "source" / "bulletin.html").is_file()


def test_an_accepted_entity_and_a_claim_naming_it_validate_together(mini_copy):
    run_draft(mini_copy)
    path = mini_copy / "data" / "claims" / "bulletin.draft.yaml"
    accept(path, lambda item: item.get("subject") == "freedonia" and item.get("object") == "clf")
    report = load_dataset(mini_copy / "data", mini_copy / "corpus")
    line = path.read_text(encoding="utf-8").splitlines().index("  - id: clf") + 1
    assert [p.message for p in report.problems] == [
        f"object 'clf' is a proposed entity ({path}:{line}), not yet in the graph: accept it too "
        "(delete its 'review: proposed' line)"]
    accept(path, lambda item: item.get("id") == "clf")
    report = load_dataset(mini_copy / "data", mini_copy / "corpus")
    assert report.problems == []
    assert report.dataset.entities["clf"].name == "Coastal Lighthouse Fund"
    assert report.dataset.entities["clf"].aliases == ("CLF",)
    assert any(c.subject == "freedonia" and c.object == "clf" for c in report.dataset.claims)


def test_review_accepts_rejects_and_saves_each_decision(mini_copy):
    run_draft(mini_copy)
    path = mini_copy / "data" / "claims" / "bulletin.draft.yaml"
    entities, claims = proposed(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    first_entity = doc["entities"][0]["id"]
    naming = sum(first_entity in (c["subject"], c["object"]) for c in doc["claims"])
    result = runner.invoke(app, ["review", str(path)], input="r\na\nq\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        f"1 accepted, {1 + naming} rejected, {entities + claims - 2 - naming} still proposed; next: foip-graph validate")
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert first_entity not in [e["id"] for e in after["entities"]]
    assert "review" not in after["entities"][0]
    assert path.read_text(encoding="utf-8").startswith("# A draft of bulletin")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty; there is nothing to draft"),
    (b"  \n\n", "the file is empty; there is nothing to draft"),
    (b"Caf\xe9 au lait\n", ":1: not UTF-8 (byte 0xe9 at offset 3)"),
    (b"line one\nPK\x03\x04\x00\x00", ":2: a NUL byte: this is a binary file, not text"),
    ("Ruritania".encode("utf-16"), ":1: UTF-16 text (it starts with a UTF-16 byte-order mark)"),
])
def test_a_text_that_cannot_be_read_is_refused_and_nothing_is_written(mini_copy, content, message):
    text = mini_copy / "new.txt"
    text.write_bytes(content)
    before = snapshot(mini_copy / "data")
    result = run_draft(mini_copy, text)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {text}")
    assert message in result.stderr
    assert snapshot(mini_copy / "data") == before


def test_a_huge_text_is_refused(mini_copy):
    text = mini_copy / "huge.txt"
    text.write_bytes(b"Ruritania joined the Harbour Group. " * 150_000)
    result = run_draft(mini_copy, text)
    assert result.exit_code == 1
    assert result.stderr == (f"error: {text}: 5,400,000 bytes is more than the 5,000,000 a draft reads; "
                             "split the document into parts and draft each as its own source\n")


def test_an_existing_source_is_refused_unless_forced_and_a_draft_is_never_overwritten(mini_copy):
    memo = mini_copy / "corpus" / "memo.txt"
    result = runner.invoke(app, ["draft", str(memo), "--source", "memo", "--data", str(mini_copy / "data"),
                                 "--corpus", str(mini_copy / "corpus")])
    assert result.exit_code == 1
    assert "source 'memo' exists already" in result.stderr and "--force" in result.stderr
    before = snapshot(mini_copy / "data")
    forced = runner.invoke(app, ["draft", str(memo), "--source", "memo", "--force", "--data",
                                 str(mini_copy / "data"), "--corpus", str(mini_copy / "corpus")])
    assert forced.exit_code == 0, forced.output
    after = snapshot(mini_copy / "data")
    assert set(after) - set(before) == {"claims/memo.draft.yaml"}
    assert all(after[name] == content for name, content in before.items())  # curated files untouched
    again = runner.invoke(app, ["draft", str(memo), "--source", "memo", "--force", "--data",
                                str(mini_copy / "data"), "--corpus", str(mini_copy / "corpus")])
    assert again.exit_code == 1
    assert "a draft never overwrites a file" in again.stderr
    assert snapshot(mini_copy / "data") == after


@pytest.mark.parametrize("args, message", [
    (["--source", "Press Release"], "--source 'Press Release' is not a slug"),
    (["--source", "bulletin", "--date", "2022-13-01"], "--date: '2022-13-01' is not a real date"),
])
def test_bad_options_are_explained(mini_copy, args, message):
    result = runner.invoke(app, ["draft", str(BULLETIN), *args, "--data", str(mini_copy / "data"),
                                 "--corpus", str(mini_copy / "corpus")])
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_draft_is_the_same_bytes_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        shutil.copytree(MINI, folder / "data")
        shutil.copytree(MINI_CORPUS, folder / "corpus")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(["foip-graph", "draft", str(BULLETIN), "--source", "bulletin", "--data", "data",
                        "--corpus", "corpus"], cwd=folder, env=env, check=True, capture_output=True)
        outputs.append((folder / "data" / "claims" / "bulletin.draft.yaml").read_bytes())
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- the walk-through, on the bundled data


def ok_line(ds) -> str:
    evidence = sum(len(c.evidence) for c in ds.claims)
    return f"ok: {len(ds.sources)} sources, {len(ds.entities)} entities, {len(ds.claims)} claims, {evidence} evidence quotes."


def test_the_walk_through_drafts_accepts_validates_and_builds(tmp_path, corpus, kb):
    """docs/curation.md, "Drafting a new document", step by step."""
    shutil.copytree(bundled_data_dir(), tmp_path / "data")
    shutil.copytree(corpus, tmp_path / "corpus")
    args = ["--data", str(tmp_path / "data"), "--corpus", str(tmp_path / "corpus")]
    result = runner.invoke(app, ["draft", str(PRESS), "--source", "press-release-2026", "--publisher",
                                 "Ministry of Foreign Affairs of Japan", "--kind", "press-release", *args])
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "claims" / "press-release-2026.draft.yaml"
    entities, claims = proposed(path)
    result = runner.invoke(app, ["validate", *args])
    before = load_dataset(tmp_path / "data", tmp_path / "corpus").dataset
    assert (len(before.entities), len(before.claims)) == (len(kb.entities), len(kb.claims))
    assert result.stdout.splitlines() == [
        f"{path}: {entities} entities and {claims} claims proposed, awaiting review (not in the graph)",
        ok_line(before)]
    accept(path, lambda item: item.get("id") == "anna-berg"
           or (item.get("subject"), item.get("predicate"), item.get("object")) in {
               ("motegi-toshimitsu", "met_with", "anna-berg"), ("australia", "member_of", "quad")})
    result = runner.invoke(app, ["validate", *args])
    assert result.exit_code == 0, result.output
    after = load_dataset(tmp_path / "data", tmp_path / "corpus").dataset
    assert result.stdout.splitlines()[-1] == ok_line(after)
    assert len(after.entities) == len(kb.entities) + 1
    from_press = {(c.subject, c.predicate, c.object) for c in after.claims if "press-release-2026" in c.sources}
    assert from_press == {("motegi-toshimitsu", "met_with", "anna-berg"), ("australia", "member_of", "quad")}
    result = runner.invoke(app, ["between", "Motegi", "Anna Berg", "--json", *args])
    [met] = json.loads(result.stdout)
    assert (met["predicate"], met["date"], met["sources"]) == ("met_with", "2026-11-18", ["press-release-2026"])
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "site" / "entity" / "anna-berg.html").read_text(encoding="utf-8")
    assert "Foreign Minister Anna Berg" in page
