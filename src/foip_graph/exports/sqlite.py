"""The tables as one SQLite database, written with sqlite-utils: primary and foreign keys,
full-text search over names, aliases, quotes and notes, and a ``claim_details`` view that
reads each claim in names with its qualifiers and sources. ``datasette foip-graph.db``
browses it with facets and SQL (``pip install 'foip-graph[datasette]'``).

The same tables give the same bytes: rows go in one order, in one transaction, and the
file is vacuumed at the end.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.db import SQLITE_MAX_VARS

from ..kb import KnowledgeBase
from .tables import Table, qualifier_names, tables

BATCH = 1000  # rows a transaction, as the database has always been written


def write_sqlite(kb: KnowledgeBase, folder: Path) -> list[Path]:
    """Write ``foip-graph.db`` into ``folder`` (made if missing); return it in a list."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_database(tables(kb), folder / "foip-graph.db")]


def write_database(contents: list[Table], path: Path) -> Path:
    """Write the tables to a new database at ``path`` (which must not exist); return it."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the database is only written to a new file")
    db = sqlite_utils.Database(path)
    # A new file, written once: the rollback journal and the waits for the disk that keep
    # a live database whole through a crash only slow this down (four times, on a busy
    # disk; the bytes are the same). A build writes it in a staging folder it discards
    # if anything fails.
    db.execute("PRAGMA journal_mode = MEMORY")
    db.execute("PRAGMA synchronous = OFF")
    with db.conn:
        for table in contents:
            db[table.name].create(table.types, pk=table.pk[0] if len(table.pk) == 1 else table.pk,
                                  foreign_keys=list(table.foreign_keys), not_null=table.pk)
            _insert(db, table)
        for table in contents:
            if table.search:
                db[table.name].enable_fts(list(table.search), tokenize="porter")
        db.create_view("claim_details", _details_sql())
    db.vacuum()
    db.close()
    return path


def _insert(db: sqlite_utils.Database, table: Table) -> None:
    """The table's rows as they are (text, whole numbers, None), in the batches of
    sqlite-utils's ``insert_all``, each its own transaction as there (the file's header
    counts them): it would make each row a dict and look at every value for one to
    convert, for the same rows, at twice the cost."""
    insert = (f"INSERT INTO {_quoted(table.name)} ({', '.join(map(_quoted, table.columns))}) "
              f"VALUES ({', '.join('?' * len(table.columns))})")
    batch = max(1, min(BATCH, SQLITE_MAX_VARS // len(table.columns)))
    for start in range(0, len(table.rows), batch):
        with db.atomic():
            db.conn.executemany(insert, table.rows[start:start + batch])


def _quoted(name: str) -> str:
    """A table or column name as SQL writes it (``end`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _details_sql() -> str:
    """A view of each claim in names: subject and object names, every qualifier as a
    column, the sources and the number of quotes."""
    qualifiers = "".join(
        f",\n  (SELECT group_concat(value, '; ') FROM qualifiers q\n"
        f"   WHERE q.claim = c.id AND q.name = '{n}') AS \"{n}\"" for n in qualifier_names())
    return f"""SELECT c.id, c.position, s.name AS subject_name, c.predicate, o.name AS object_name,
  c.value, c.unit{qualifiers},
  (SELECT group_concat(source, ', ') FROM
     (SELECT DISTINCT source FROM evidence e WHERE e.claim = c.id ORDER BY source)) AS sources,
  (SELECT count(*) FROM evidence e WHERE e.claim = c.id) AS quotes,
  c.note, c.subject, c.object
FROM claims c JOIN entities s ON s.id = c.subject LEFT JOIN entities o ON o.id = c.object
ORDER BY c.position"""
