"""SPARQL over the RDF view, with rdflib or Oxigraph, and its results as table, CSV or JSON.

Values from users go into a query as bound variables, never as text: rdflib receives
them as ``initBindings``, Oxigraph as ``substitutions``. A name full of quotes and braces
is then just a literal that matches nothing.

The dataset's default graph is empty, as in most stores: patterns go inside
``GRAPH ?g { … }``, so the same query runs unchanged in rdflib, Oxigraph, Fuseki or
GraphDB.

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


def select(ds: Dataset, query: str, bindings: Bindings | None = None) -> Results:
    """Run a SELECT query on ``ds`` with rdflib, ``bindings`` bound before evaluation."""
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


def select_oxigraph(store: ox.Store, query: str, bindings: Bindings | None = None) -> Results:
    """Run a SELECT query on an Oxigraph store; terms come back as rdflib terms.

    Oxigraph substitutes only variables the SELECT clause names (SPARQL-dev SEP-0007).
    """
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
