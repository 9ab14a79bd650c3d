"""The tables as CSV files, one per table, for spreadsheets: UTF-8, a header row, the
rows in dataset order, empty cells for missing values."""

from __future__ import annotations

import csv
from pathlib import Path

from ..kb import KnowledgeBase
from .tables import Table, tables


def write_csv(kb: KnowledgeBase, folder: Path) -> list[Path]:
    """Write ``csv/<table>.csv`` for each table into ``folder``; return the files."""
    return write_tables_csv(tables(kb), folder)


def write_tables_csv(contents: list[Table], folder: Path) -> list[Path]:
    """Write ``csv/<table>.csv`` for each of the tables into ``folder``; return the files."""
    folder = folder / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in contents:
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(table.columns)
            writer.writerows(table.rows)
        written.append(path)
    return written
