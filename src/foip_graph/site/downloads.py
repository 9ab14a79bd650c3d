"""The build's exports, offered on the site's downloads page.

``foip-graph build`` writes its exports (RDF, JSON, GraphML, GEXF, PLOVER events, SQLite,
CSV tables) beside the site; :func:`offer` links each into ``site/downloads/`` at the same
path as in the build (``csv/claims.csv`` stays in ``csv/``; a hard link, so no byte is
stored twice; a copy where the file system has none), so the page's links work from disk
and from ``foip-graph serve``, which serves the site folder only. Every file is listed with
its size and a line on what opens it; a file of a kind this module does not know is
still listed, as a file the build wrote.

>>> describe("graph.ttl").format
'Turtle (RDF)'
>>> describe("report.xyz").opens
'written by foip-graph build'
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = "downloads"


@dataclass(frozen=True)
class Kind:
    format: str
    opens: str


BY_NAME = {
    "foip-graph.json": Kind("JSON: the whole dataset", "any JSON reader: Python's json, jq, pandas.json_normalize"),
    "context.jsonld": Kind("JSON-LD context", "read with graph.jsonld by any JSON-LD processor"),
    "ontology.ttl": Kind("OWL ontology (Turtle)", "Protégé, or any RDF tool, beside the graph"),
    "shapes.ttl": Kind("SHACL shapes (Turtle)", "pySHACL, TopBraid or GraphDB's validation"),
    "events.plover.jsonl": Kind("PLOVER event records (JSON lines)",
                                "jq, pandas.read_json(lines=True); docs/events.md describes them"),
    "events.polecat.csv": Kind("PLOVER event records in POLECAT's columns (CSV)",
                               "a spreadsheet, pandas.read_csv, beside POLECAT's own data"),
    "event.plover.schema.json": Kind("JSON Schema of a PLOVER record",
                                     "any JSON Schema validator (jsonschema, ajv)"),
    "foip-graph.db": Kind("SQLite database: sources, entities, claims, quotes, qualifiers",
                          "sqlite3, Datasette, DB Browser for SQLite"),
}
BY_SUFFIX = {
    ".ttl": Kind("Turtle (RDF)", "Protégé, GraphDB, Apache Jena/Fuseki, Oxigraph, rdflib"),
    ".nt": Kind("N-Triples (RDF)", "any triple store; one statement per line, easy to grep"),
    ".nq": Kind("N-Quads (RDF, a named graph per source)", "GraphDB, Fuseki, Oxigraph, rdflib"),
    ".trig": Kind("TriG (RDF, a named graph per source)", "GraphDB, Fuseki, Oxigraph, rdflib"),
    ".jsonld": Kind("JSON-LD (RDF)", "JSON-LD processors, rdflib, web tools that read linked data"),
    ".rdf": Kind("RDF/XML", "Protégé, and older RDF tools"),
    ".graphml": Kind("GraphML (network)", "Gephi, Cytoscape, yEd, networkx.read_graphml"),
    ".gexf": Kind("GEXF (network)", "Gephi, networkx.read_gexf"),
    ".json": Kind("JSON", "any JSON reader"),
    ".csv": Kind("CSV", "a spreadsheet, pandas.read_csv"),
    ".sqlite": Kind("SQLite database", "sqlite3, Datasette, DB Browser for SQLite"),
    ".db": Kind("SQLite database", "sqlite3, Datasette, DB Browser for SQLite"),
    ".jsonl": Kind("JSON lines", "jq, pandas.read_json(lines=True)"),
}
UNKNOWN = Kind("a file", "written by foip-graph build")


@dataclass(frozen=True)
class Download:
    """A file offered on the downloads page: its path in the site, size and kind."""

    path: str
    name: str
    bytes: int
    kind: Kind


def describe(name: str) -> Kind:
    return BY_NAME.get(name) or BY_SUFFIX.get(Path(name).suffix.lower(), UNKNOWN)


def offer(files: list[Path], site: Path) -> list[Download]:
    """Link each file into ``site/downloads/`` and describe it, sorted by its path from
    the folder that holds them all (the build's folder), which it keeps."""
    if not files:
        return []
    root = Path(os.path.commonpath([p.parent for p in files]))
    offered = []
    for source in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        if not source.is_file():
            raise FileNotFoundError(f"{source} was to be offered for download but is not a file")
        name = source.relative_to(root).as_posix()
        target = site / FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        offered.append(Download(f"{FOLDER}/{name}", name, target.stat().st_size,
                                describe(source.name)))
    return offered
