"""The SQLite database and the CSV files: every claim, quote and qualifier, linked by
foreign keys, searchable, the same bytes on every build, and open in datasette."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from foip_graph.exports.csv import write_csv
from foip_graph.exports.sqlite import write_sqlite
from foip_graph.exports.tables import tables
from foip_graph.kb import pair

from .conftest import MINI, MINI_CORPUS


@pytest.fixture(scope="module")
def written(kb, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    write_sqlite(kb, folder)
    write_csv(kb, folder)
    return folder


@pytest.fixture()
def db(written):
    connection = sqlite3.connect(written / "foip-graph.db")
    yield connection
    connection.close()


def alliance(kb):
    (claim,) = [c for c in kb.by_pair[pair("japan", "united-states")] if c.predicate == "allied_with"]
    return claim


def test_the_database_holds_every_row_with_its_keys(kb, db):
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("sources") == len(kb.sources) == 3
    assert count("entities") == len(kb.entities)
    assert count("claims") == len(kb.claims)
    assert count("aliases") == sum(len(e.aliases) for e in kb.entities.values())
    assert count("evidence") == (sum(len(c.evidence) for c in kb.claims)
                                 + sum(len(e.evidence) for e in kb.entities.values()))
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(t, row[3], row[2]) for t in ("aliases", "claims", "evidence", "qualifiers")
            for row in db.execute(f"PRAGMA foreign_key_list({t})")}
    assert keys == {("aliases", "entity", "entities"), ("claims", "subject", "entities"),
                    ("claims", "object", "entities"), ("evidence", "claim", "claims"),
                    ("evidence", "entity", "entities"), ("evidence", "source", "sources"),
                    ("qualifiers", "claim", "claims")}


def test_a_claims_quotes_and_qualifiers_are_its_rows(kb, db):
    claim = alliance(kb)
    quotes = db.execute("SELECT source, quote, start, \"end\" FROM evidence WHERE claim = ? ORDER BY id",
                        [claim.id]).fetchall()
    assert quotes == [(e.source, e.quote, e.start, e.end) for e in claim.evidence]
    (held,) = [c for c in kb.claims if c.subject == "motegi-toshimitsu" and str(c.start) == "2019-09-11"
               and c.object == "minister-for-foreign-affairs-of-japan"]
    rows = db.execute("SELECT name, value FROM qualifiers WHERE claim = ? ORDER BY rowid", [held.id]).fetchall()
    assert [value for name, value in rows if name == "start"] == ["2019-09-11"]
    assert [json.loads(value) for name, value in rows if name == "observed"] == [
        {"date": str(o.date), "source": o.source} for o in held.observed]
    assert len(held.observed) == 4


def test_full_text_search_covers_names_aliases_quotes_and_notes(kb, db):
    def search(table, words):
        return {row[0] for row in db.execute(
            f"SELECT t.rowid FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid "
            f"WHERE {table}_fts MATCH ?", [words])}
    rowids = lambda sql: {row[0] for row in db.execute(sql)}  # noqa: E731
    assert search("aliases", "quadrilateral") == rowids(
        "SELECT rowid FROM aliases WHERE alias = 'Quadrilateral Security Dialogue'")
    assert search("entities", "Palau") >= rowids("SELECT rowid FROM entities WHERE id = 'palau'")
    found = search("evidence", '"cornerstone of peace and prosperity"')
    assert {db.execute("SELECT claim FROM evidence WHERE rowid = ?", [r]).fetchone()[0] for r in found} \
        >= {alliance(kb).id}
    noted = [c for c in kb.claims if c.note and "supply chain" in c.note]
    assert {db.execute("SELECT id FROM claims WHERE rowid = ?", [r]).fetchone()[0]
            for r in search("claims", '"supply chain"')} >= {c.id for c in noted}


def test_the_claim_details_view_reads_claims_in_names(kb, db):
    claim = alliance(kb)
    row = db.execute("SELECT subject_name, predicate, object_name, sources, quotes FROM claim_details "
                     "WHERE id = ?", [claim.id]).fetchone()
    assert row == ("Japan", "allied_with", "United States", "briefing-2026, dialogue-2026, roundtable-2020", 9)


def test_each_csv_file_is_its_table(kb, written, db):
    for table in tables(kb):
        with (written / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        assert tuple(header) == table.columns
        expected = [["" if v is None else str(v) for v in row] for row in
                    db.execute(f"SELECT * FROM {table.name} ORDER BY rowid")]
        assert rows == expected, table.name


def test_the_same_data_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from foip_graph.kb import KnowledgeBase; from foip_graph.exports.csv import write_csv; "
                        "from foip_graph.exports.sqlite import write_sqlite; "
                        "kb = KnowledgeBase.from_path(sys.argv[1], sys.argv[2]); "
                        "write_sqlite(kb, Path(sys.argv[3])); write_csv(kb, Path(sys.argv[3]))",
                        str(MINI), str(MINI_CORPUS), str(tmp_path / seed)],
                       check=True, env={"PYTHONHASHSEED": seed, "PATH": ""})
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert [str(f) for f in files] == ["csv/aliases.csv", "csv/claims.csv", "csv/entities.csv",
                                       "csv/evidence.csv", "csv/qualifiers.csv", "csv/sources.csv",
                                       "foip-graph.db"]
    assert all((tmp_path / "1" / f).read_bytes() == (tmp_path / "2" / f).read_bytes() for f in files)


def test_datasette_finds_a_claim_by_the_words_of_its_quote(kb, written):
    from datasette.app import Datasette

    async def ask():
        ds = Datasette([str(written / "foip-graph.db")])
        quotes = await ds.client.get("/foip-graph/evidence.json",
                                     params={"_search": "sole ally", "_shape": "array"})
        claim_ids = sorted({row["claim"] for row in quotes.json() if row["claim"]})
        claim = await ds.client.get(f"/foip-graph/claims/{claim_ids[0]}.json", params={"_shape": "array"})
        return quotes.status_code, claim_ids, claim.json()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever else runs one here
        status, claim_ids, (row,) = thread.submit(asyncio.run, ask()).result()
    expected = sorted({c.id for c in kb.claims if any("sole ally" in e.quote for e in c.evidence)})
    assert status == 200
    assert claim_ids == expected
    claim = kb.by_id[claim_ids[0]]
    assert (row["subject"], row["predicate"], row["object"]) == (claim.subject, claim.predicate, claim.object)
