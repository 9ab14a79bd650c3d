"""Exports of a KnowledgeBase into other communities' formats, one module per format:
PLOVER events (:mod:`.plover`), a SQLite database (:mod:`.sqlite`, for datasette or any
SQL client) and a CSV file per table (:mod:`.csv`, for spreadsheets), the last two over
the same relational tables (:mod:`.tables`)."""
