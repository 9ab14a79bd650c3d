"""SPARQL over the RDF view, with rdflib or Oxigraph, and its results as table, CSV or JSON.

Values from users go into a query as bound variables, never as text: rdflib receives
them as ``initBindings``, Oxigraph as ``substitutions``. A name full of quotes and braces
is then just a literal that matches nothing.

The dataset's default graph is empty, as in most stores: patterns go inside
``GRAPH ?g { … }``, so the same query runs unchanged in rdflib, Oxigraph, Fuseki or
GraphDB.

Local queries stay local: both engines would follow ``SERVICE <url>`` to any address
(HTTP, FTP, ``file:``), and rdflib fetches the IRI of a ``FROM`` clause, so
:func:`check_local` refuses ``SERVICE``, ``FROM`` and ``LOAD`` before evaluation unless
``allow_service=True`` (the command line's ``--allow-service``).

>>> from rdflib import RDFS, Dataset, URIRef
>>> ds = Dataset()
>>> _ = ds.graph(URIRef("http://example.org/g")).add(
...     (URIRef("http://example.org/a"), RDFS.label, Literal("A")))
>>> q = "SELECT ?x WHERE { GRAPH ?g { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name } }"
>>> select(ds, q, {"name": 'A" } } #'}).rows, select(ds, q, {"name": "A"}).rows
([], [(rdflib.term.URIRef('http://example.org/a'),)])
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Identifier, Variable

from .serialize import serialize

Term = Identifier | None  # an unbound variable is None
Bindings = Mapping[str, Identifier | str]  # a plain str binds as a literal
OUTPUTS = ("table", "csv", "json")


@dataclass
class Results:
    """A SELECT's answer: its variables and one tuple of terms per solution."""

    variables: list[str]
    rows: list[tuple[Term, ...]]


class FederationError(ValueError):
    """A local query would reach the network (SERVICE, FROM or LOAD); the message names
    the keyword, its line and what to do instead."""


# What hides a keyword from the scan: strings (long ones first), IRIs, comments,
# variables and prefixed names (``ex:service``); whatever else is left is the query's own.
_LEXEMES = re.compile(r'''
    (?P<skip> """(?:[^"\\]|\\.|"{1,2}(?!"))*""" | '''
    r"""'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''"""
    r''' | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n\r]* | [?$]\w+ | [\w.-]*:[\w.:%-]* )
  | (?P<word> \b(?:SERVICE|FROM|LOAD)\b )
''', re.VERBOSE | re.IGNORECASE)
# Engines read \uXXXX escapes anywhere in a query before parsing it: so does the scan.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_REFUSED = {
    "SERVICE": "SERVICE at line {line} asks a remote endpoint: a local query never reaches "
               "the network unless you allow it (--allow-service; allow_service=True in "
               "Python), or query that endpoint itself with --endpoint",
    "FROM": "FROM at line {line} makes the engine fetch that IRI from the network: a local "
            "query runs over the graph's own named graphs, so match inside "
            "GRAPH <iri> {{ ... }} instead (or allow it with --allow-service)",
    "LOAD": "LOAD at line {line} is an update that fetches data from the network; only "
            "SELECT queries run here",
}


def check_local(query: str, allow_service: bool = False) -> None:
    """Raise :class:`FederationError` if ``query`` would reach the network (``SERVICE``,
    ``FROM``, ``LOAD`` outside strings, IRIs and comments), unless ``allow_service``.

    >>> check_local('SELECT * WHERE { GRAPH ?g { ?s ?p "SERVICE" } } # FROM here')
    >>> check_local("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    foip_graph.rdf.sparql.FederationError: SERVICE at line 1 asks a remote endpoint: a local query never reaches the network unless you allow it (--allow-service; allow_service=True in Python), or query that endpoint itself with --endpoint
    """
    text = _ESCAPE.sub(_unescaped, query)
    for match in _LEXEMES.finditer(text):
        word = match.group("word")
        if word is not None and (not allow_service or word.upper() == "LOAD"):
            line = text.count("\n", 0, match.start()) + 1
            raise FederationError(_REFUSED[word.upper()].format(line=line))


def _unescaped(match: re.Match) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def select(ds: Dataset, query: str, bindings: Bindings | None = None, *,
           allow_service: bool = False) -> Results:
    """Run a SELECT query on ``ds`` with rdflib, ``bindings`` bound before evaluation;
    a query that would reach the network is refused (:func:`check_local`)."""
    check_local(query, allow_service)
    bound = {Variable(k): _term(v) for k, v in (bindings or {}).items()}
    result = ds.query(query, initBindings=bound)
    if result.type != "SELECT":
        raise ValueError(f"only SELECT queries are supported here, not {result.type}")
    variables = [str(v) for v in result.vars]
    return Results(variables, [tuple(row.get(v) for v in result.vars) for row in result])


def oxigraph_store(ds: Dataset) -> ox.Store:
    """An in-memory Oxigraph store holding ``ds`` (its named graphs stay named)."""
    store = ox.Store()
    store.load(serialize(ds, "nq"), ox.RdfFormat.N_QUADS)
    return store


def select_oxigraph(store: ox.Store, query: str, bindings: Bindings | None = None, *,
                    allow_service: bool = False) -> Results:
    """Run a SELECT query on an Oxigraph store; terms come back as rdflib terms. A
    query that would reach the network is refused (:func:`check_local`).

    Oxigraph substitutes only variables the SELECT clause names (SPARQL-dev SEP-0007).
    """
    check_local(query, allow_service)
    substitutions = {ox.Variable(k): _ox_term(_term(v)) for k, v in (bindings or {}).items()}
    solutions = store.query(query, substitutions=substitutions)
    if not isinstance(solutions, ox.QuerySolutions):
        raise ValueError("only SELECT queries are supported here")
    variables = [v.value for v in solutions.variables]
    converted: dict = {None: None}  # each distinct term made once: rows repeat them a lot

    def term(value):
        found = converted.get(value, converted)
        if found is converted:
            found = converted[value] = _rdflib_term(value)
        return found

    return Results(variables, [tuple(map(term, solution)) for solution in solutions])


def _term(value: Identifier | str) -> Identifier:
    return value if isinstance(value, Identifier) else Literal(value)


def _ox_term(term: Identifier):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def _rdflib_term(term) -> Term:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype.endswith("#string") else datatype)


# ---------------------------------------------------------------- output


def render(results: Results, fmt: str, names: NamespaceManager | None = None) -> str:
    """Results as an aligned text table (IRIs shortened with ``names``), as CSV, or as
    SPARQL 1.1 JSON results."""
    if fmt == "table":
        return _table(results, names)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows(["" if t is None else str(t) for t in row] for row in results.rows)
        return out.getvalue()
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(results.variables, row) if t is not None}
                    for row in results.rows]
        document = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown output format {fmt!r}; choose one of: {', '.join(OUTPUTS)}")


def _json_term(term: Identifier) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype:
        data["datatype"] = str(term.datatype)
    return data


def _table(results: Results, names: NamespaceManager | None) -> str:
    def cell(term: Term) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef) and names is not None:
            return term.n3(names)
        return str(term)

    rows = [results.variables] + [[cell(t) for t in row] for row in results.rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(results.variables))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(results.rows)} row{'s' if len(results.rows) != 1 else ''})\n"
