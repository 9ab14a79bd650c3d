"""The PLOVER mapping, the event records and their export, kg.events and `foip-graph events`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from foip_graph.exports import plover
from foip_graph.kb import bundled_data_dir
from foip_graph.load import load_dataset
from foip_graph.query import KnowledgeGraph
from foip_graph.vocabulary import VOCABULARY, Vocabulary

ROOT = Path(__file__).resolve().parent.parent

# The PLOVER manual, draft 2.0 (openeventdata/PLOVER, PLOVER_MANUAL.tex at d7f1a7e):
# its 16 categories in the order of its chapter "Event Categories", and the CONSULT modes.
MANUAL_CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                     "COERCE", "ASSAULT"]


@pytest.fixture(scope="module")
def kg(kb) -> KnowledgeGraph:
    return KnowledgeGraph(kb)


@pytest.fixture(scope="module")
def records(kg) -> list[dict]:
    return [plover.record(e, kg.kb) for e in kg.events()]


# ---------------------------------------------------------------- the mapping

def test_every_predicate_has_a_plover_decision():
    undecided = [p.name for p in VOCABULARY.predicates.values() if p.plover is None]
    assert undecided == [], ("give these predicates `plover: {category: ...}` or `plover: none` "
                             f"in vocabulary.yaml: {undecided}")


def test_the_registry_holds_the_manuals_categories_and_modes():
    p = VOCABULARY.plover
    assert list(p.categories) == MANUAL_CATEGORIES
    assert p.modes["CONSULT"] == ("visit", "third-party", "multilateral", "phone")
    assert p.modes["ACCUSE"] == ("disapprove", "investigate", "allege")
    assert p.modes["SANCTION"] == ("convict", "expel", "withdraw", "discontinue")
    assert p.needs_recipient == {"COOPERATE", "AID", "SANCTION"}
    assert [c for c in MANUAL_CATEGORIES if p.quads[c] == "verbal cooperation"] == \
        ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]
    assert len(p.contexts) == 37 and {"diplomatic", "military", "economic", "territory"} <= set(p.contexts)


def test_every_mapped_category_mode_and_context_is_plovers():
    p = VOCABULARY.plover
    for predicate in VOCABULARY.predicates.values():
        coding = predicate.plover
        if coding.is_event:
            assert coding.category in p.categories, predicate.name
            assert set(coding.mode) <= set(p.modes[coding.category]), predicate.name
            assert set(coding.context) <= set(p.contexts), predicate.name


def test_the_predicates_that_are_events():
    mapped = {n: str(p.plover) for n, p in VOCABULARY.predicates.items() if p.plover.is_event}
    assert mapped == {
        "withdrew_from": "SANCTION mode=withdraw", "cooperates_with": "COOPERATE",
        "coordinates_with": "SUPPORT", "communicates_with": "CONSULT", "met_with": "CONSULT",
        "negotiated_with": "CONSULT", "opposes": "ACCUSE mode=disapprove",
        "military_action_against": "ASSAULT context=military",
        "sanctions": "SANCTION mode=discontinue",
        "protested_to": "ACCUSE mode=disapprove context=diplomatic", "supports": "SUPPORT",
        "funds": "AID", "mediates_in": "CONSULT context=diplomatic", "participated_in": "CONSULT",
        "hosted": "CONSULT", "visited": "CONSULT mode=visit", "negotiated": "CONSULT",
        "approved": "SUPPORT",
    }


def test_states_offices_memberships_places_and_derived_links_are_not_events():
    for name in ("member_of", "holds_office", "located_in", "relations_with", "official_of", "budget"):
        assert not VOCABULARY.predicate(name).plover.is_event, name
    lasting = [n for n, p in VOCABULARY.predicates.items() if p.lasting and p.plover.is_event]
    assert lasting == []


def test_a_coding_outside_plover_is_refused_with_what_would_be_valid():
    data = yaml.safe_load((ROOT / "src/foip_graph/vocabulary.yaml").read_text(encoding="utf-8"))
    data["predicates"]["met_with"]["plover"] = {"category": "CONSULT", "mode": ["riot"]}
    with pytest.raises(ValueError, match="predicate met_with: CONSULT has no mode 'riot'; its modes: "
                                         "visit, third-party, multilateral, phone"):
        Vocabulary(data)
    data["predicates"]["met_with"]["plover"] = {"category": "MEET"}
    with pytest.raises(ValueError, match="unknown PLOVER category 'MEET'; one of: AGREE, CONSULT"):
        Vocabulary(data)


def test_an_events_coding_is_checked_with_file_and_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    events = data / "entities" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("plover: {category: AGREE}", "plover: {category: AGREE, mode: [visit]}"),
                      encoding="utf-8")
    line = text[:text.index("plover: {category: AGREE}")].count("\n") + 1
    countries = data / "entities" / "countries.yaml"
    countries.write_text(countries.read_text(encoding="utf-8").replace("    iso_code:", "    plover: none\n    iso_code:", 1),
                         encoding="utf-8")
    problems = [str(p) for p in load_dataset(data).problems]
    assert f"{events}:{line}: plover: AGREE has no mode 'visit'; its modes: none" in problems
    assert any(p.endswith("'plover' is not a field of a country (its own fields: iso_code)") for p in problems)


# ---------------------------------------------------------------- the records

def test_every_record_validates_against_the_schema(records):
    schema = plover.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert records
    for rec in records:
        assert [e.message for e in validator.iter_errors(rec)] == [], rec["id"]


def test_the_schema_refuses_a_mode_of_another_category(records):
    rec = next(r for r in records if r["event"] == ["CONSULT"] and r.get("mode") == ["visit"])
    wrong = {**rec, "mode": ["riot"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, plover.schema())


def test_the_schemas_lists_are_the_registrys():
    s = plover.schema()
    assert s["properties"]["event"]["items"]["enum"] == list(VOCABULARY.plover.categories)
    assert s["properties"]["context"]["items"]["enum"] == list(VOCABULARY.plover.contexts)
    rules = {r["if"]["properties"]["event"]["contains"]["const"]: r["then"] for r in s["allOf"]}
    for category, modes in VOCABULARY.plover.modes.items():
        expected = {"properties": {"mode": {"items": {"enum": list(modes)}}}} if modes \
            else {"not": {"required": ["mode"]}}
        assert rules[category] == expected, category


def test_a_summit_with_several_participants_is_one_record_with_compound_actors(kg, records):
    (summit,) = [r for r in records if r["link"] == "japan-us-summit-2025-10-28"]
    assert summit["id"] == "japan-us-summit-2025-10-28@dialogue-2026"
    assert summit["event"] == ["CONSULT"] and "recipient" not in summit
    assert [(a.get("code"), a["identifier_text"], a.get("office")) for a in summit["actor"]] == [
        ("JPN", "Motegi Toshimitsu", "Minister for Foreign Affairs of Japan"),
        ("JPN", "Takaichi Sanae", "Prime Minister of Japan"),
        ("USA", "Donald Trump", "President of the United States"),
        ("JPN", "Japan", None), ("USA", "United States", None),
        (None, "Takaichi administration", None)]
    assert [a.get("identifier_id") for a in summit["actor"]] == [None, None, "Q22686", "Q17", "Q30", None]
    assert summit["date"] == "2025-10-28" and "enddate" not in summit
    assert summit["event_loc"] == {"resolved_place": "Tokyo"}
    assert summit["event_text"][0] == "the next day, October 28, joined the Japan–U.S. summit meeting"
    assert summit["text_info"] == {"start": 2652, "end": 2714}
    assert summit["cite_info"]["url"] == "https://www.mofa.go.jp/files/100969458.pdf"


def test_a_meeting_of_a_framework_is_multilateral_and_a_host_is_the_recipient(records):
    (g8,) = [r for r in records if r["link"] == "g8-foreign-ministers-meeting-2019"]
    assert g8["mode"] == ["multilateral"]
    assert [a["foip_id"] for a in g8["actor"]] == ["motegi-toshimitsu"]
    assert [a["foip_id"] for a in g8["recipient"]] == ["japan"]


def test_events_coded_otherwise_or_not_at_all(records):
    links = {r["link"]: r for r in records}
    assert links["japan-china-foreign-ministers-phone-call-2025-10-28"]["mode"] == ["phone"]
    assert links["xi-jinping-visit-to-japan-2020"]["event"] == ["AGREE"]
    for not_an_event in ("us-israel-iran-conflict-2026", "house-of-representatives-election-1993",
                         "motegi-tanaka-roundtable-2019-12-11", "south-korean-supreme-court-judgements-2018"):
        assert not_an_event not in links


def test_dates_are_the_texts_own_and_an_undated_event_takes_its_documents_date(records):
    by_id = {r["id"]: r for r in records}
    asem = by_id["asem-foreign-ministers-meeting-2019@roundtable-2020"]
    assert (asem["date"], asem["enddate"], asem["foip"]["when"]) == ("2019-12-01", "2019-12-31", "2019-12")
    sanctions = next(r for r in records if r["foip"]["predicates"] == ["sanctions"])
    assert (sanctions["date"], sanctions["foip"]["date_basis"], sanctions["foip"]["when"]) == \
        ("2026-06-08", "published", None)
    talks = next(r for r in records if r["foip"]["predicates"] == ["negotiated_with"]
                 and r["foip"]["when"] == "2019-04/..")
    assert talks["date"] == "2019-04-01" and "enddate" not in talks
    assert all(r["foip"]["date_basis"] == "stated" for r in records if r["foip"]["when"])


def test_a_claim_two_documents_state_is_a_record_per_document_with_one_link(records):
    communicate = [r for r in records if r["foip"]["predicates"] == ["communicates_with"]
                   and [a["foip_id"] for a in r["actor"]] == ["japan", "china"] and r["foip"]["when"] is None]
    assert [(r["foip"]["source"], r["date"]) for r in communicate] == [
        ("roundtable-2020", "2020-06-12"), ("dialogue-2026", "2026-01-01"), ("briefing-2026", "2026-06-08")]
    assert len({r["link"] for r in communicate}) == 1
    assert [r["id"] for r in communicate] == [f"{communicate[0]['link']}@{s}"
                                              for s in ("roundtable-2020", "dialogue-2026", "briefing-2026")]


def test_iso_codes_become_alpha3_for_every_country_of_the_data(kb):
    countries = [e for e in kb.entities.values() if e.kind == "country" and e.iso_code]
    assert len(countries) == 37
    assert [c.id for c in countries if plover.alpha3(c.iso_code) is None] == []
    assert {plover.alpha3(c) for c in ("JP", "CN", "KR", "KP", "US", "GB", "TR")} == \
        {"JPN", "CHN", "KOR", "PRK", "USA", "GBR", "TUR"}


# ---------------------------------------------------------------- the files

def test_the_csv_has_polecats_columns_first_then_ours(kb, tmp_path):
    paths = plover.write_plover(kb, tmp_path)
    assert [p.name for p in paths] == ["events.plover.jsonl", "events.polecat.csv", "event.plover.schema.json"]
    import csv

    with (tmp_path / "events.polecat.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
        f.seek(0)
        header = next(csv.reader(f))
    assert header[:5] == ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity"]
    assert header[39] == "Version" and header[40:] == list(plover.FOIP_COLUMNS)
    lines = (tmp_path / "events.plover.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(lines)
    (summit,) = [r for r in rows if r["Link"] == "japan-us-summit-2025-10-28"]
    assert summit["Actor Name"] == ("Motegi Toshimitsu;Takaichi Sanae;Donald Trump;Japan;"
                                    "United States;Takaichi administration")
    assert summit["Actor Country"] == "JPN;JPN;USA;JPN;USA;"
    assert summit["Event Type"] == "CONSULT" and summit["Placename"] == "Tokyo"
    assert summit["Text Start"] == "2652" and summit["Source ID"] == "dialogue-2026"
    assert [json.loads(line) for line in lines] == [plover.record(e, kb) for e in plover.events(kb)]
    assert (tmp_path / "event.plover.schema.json").read_bytes() == \
        (ROOT / "src/foip_graph/exports/event.plover.schema.json").read_bytes()


def test_the_files_are_the_same_bytes_whatever_the_hash_seed(tmp_path):
    script = ("import sys; from pathlib import Path; from foip_graph.kb import KnowledgeBase; "
              "from foip_graph.exports.plover import write_plover; "
              "write_plover(KnowledgeBase.from_path(), Path(sys.argv[1]))")
    outputs = []
    for seed in ("1", "4242"):
        folder = tmp_path / seed
        folder.mkdir()
        subprocess.run([sys.executable, "-c", script, str(folder)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 3


# ---------------------------------------------------------------- API and command line

def test_every_consult_between_japan_and_china_is_one_call(kg):
    found = kg.events(category="CONSULT", actor=["Japan", "China"])
    assert len(found) == 14
    assert all(e.category == "CONSULT" for e in found)
    assert [(str(e.date), [c.predicate for c in e.claims][:1]) for e in found if e.date.year == 2025] == [
        ("2025-10-01", ["participated_in"]), ("2025-10-28", ["communicates_with"]),
        ("2025-10-28", ["participated_in"]), ("2025-10-31", ["met_with"]),
        ("2025-10-31", ["participated_in"])]
    assert [e.link for e in found if e.claims[0].predicate == "participated_in" and e.date.year == 2025] == [
        "apec-summit-2025", "japan-china-foreign-ministers-phone-call-2025-10-28",
        "japan-china-summit-2025-10-31"]


def test_events_filters_refuse_bad_arguments(kg):
    with pytest.raises(ValueError, match="unknown PLOVER category 'MEETING'"):
        kg.events(category="MEETING")
    with pytest.raises(ValueError, match="the end 2019 is before the start 2020"):
        kg.events(start="2020", end="2019")


def test_foip_graph_events_consult_japan_answers_with_quotes():
    result = subprocess.run(["foip-graph", "events", "--category", "CONSULT", "--actor", "Japan", "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 73
    assert all(r["event"] == ["CONSULT"] and r["event_text"] for r in found)
    kang = [r for r in found if any(a["foip_id"] == "kang-kyung-wha" for a in r["actor"])]
    assert [r["event_text"][0] for r in kang][0].startswith(
        "Foreign Minister Motegi attending talks with South Korean Foreign Minister Kang")
    table = subprocess.run(["foip-graph", "events", "--category", "CONSULT", "--actor", "Wang Yi"],
                           capture_output=True, text=True, cwd=ROOT, timeout=120,
                           env={**os.environ, "COLUMNS": "400"})
    assert table.returncode == 0, table.stderr
    assert "“On October 28, prior to the summit, I spoke to Minister of Foreign Affairs Wang Yi by phone”" \
        in table.stdout
    assert "— dialogue-2026, " in table.stdout
    assert table.stdout.splitlines()[0].split() == ["date", "category", "mode", "actor", "evidence"]


def test_foip_graph_events_names_a_bad_category():
    result = subprocess.run(["foip-graph", "events", "--category", "MEET"], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "error: unknown PLOVER category 'MEET'; categories: " + ", ".join(MANUAL_CATEGORIES))
