"""SPARQL: the example queries in queries/*.rq answer what the documents state, the same
in rdflib and in Oxigraph loaded from the exported TriG, with GRAPH patterns that need no
union default graph; user values are bound, never spliced into query text."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from foip_graph.cli import app
from foip_graph.rdf.namespaces import IRIs
from foip_graph.query import KnowledgeGraph
from foip_graph.rdf.view import build_dataset
from foip_graph.rdf.serialize import serialize
from foip_graph.rdf.sparql import (FederationError, Results, oxigraph_store, render, select,
                                   select_oxigraph)
from foip_graph.vocabulary import VOCABULARY

from .conftest import MINI, MINI_CORPUS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

QUERIES = Path(__file__).resolve().parent.parent / "queries"
EXAMPLES = sorted(p.name for p in QUERIES.glob("*.rq"))
IRI = IRIs()
LABEL_QUERY = """
SELECT ?entity ?name WHERE {
  GRAPH ?g { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?name }
}"""


def query(name: str, **replace: str) -> str:
    """An example query, with entity ids or the date swapped to fit the mini dataset."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def ids(results: Results, *columns: str) -> set[tuple[str, ...]]:
    """The chosen columns of every row, IRIs cut to their last segment."""
    index = [results.variables.index(c) for c in columns]
    return {tuple(str(row[i]).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for i in index)
            for row in results.rows}


@pytest.fixture(scope="module")
def bundled(kb) -> Dataset:
    return build_dataset(kb)


@pytest.fixture(scope="module")
def bundled_store(bundled) -> ox.Store:
    """Oxigraph holding the exported TriG: named graphs, default graph not the union."""
    store = ox.Store()
    store.load(serialize(bundled, "trig"), ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def mini_ds(mini) -> Dataset:
    return build_dataset(mini)


def test_the_examples_are_the_ones_the_docs_promise():
    assert EXAMPLES == ["cooperation-paths.rq", "framework-members.rq", "japan-china.rq",
                        "office-holders.rq", "projects-recipients.rq", "shared-frameworks.rq"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_gives_the_same_rows_in_rdflib_and_oxigraph(name, bundled, bundled_store):
    text = query(name)
    ours, theirs = select(bundled, text), select_oxigraph(bundled_store, text)
    assert ours.variables == theirs.variables
    assert ours.rows == theirs.rows
    assert ours.rows, f"{name} found nothing in the bundled data"


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_needs_named_graphs(name, bundled):
    """Loaded as a plain Turtle file (everything in the default graph), GRAPH ?g matches
    nothing: the examples really do query the named graphs."""
    store = ox.Store()
    store.load(serialize(bundled, "ttl"), ox.RdfFormat.TURTLE)
    assert len(store) > 0
    assert select_oxigraph(store, query(name)).rows == []


# ---------------------------------------------------------------- what they answer


def test_framework_members_lists_the_quad_as_the_documents_state(kb, bundled):
    results = select(bundled, query("framework-members.rq"))
    quad = {m for f, m in ids(results, "framework", "member") if f == "quad"}
    assert quad == {"japan", "united-states", "australia", "india"}
    kg = KnowledgeGraph(kb)
    for framework in {f for f, in ids(results, "framework")}:
        assert {m for f, m in ids(results, "framework", "member") if f == framework} \
            == {a.entity.id for a in kg.members(framework)}


def test_shared_frameworks_of_japan_and_australia_name_their_documents(kb, bundled):
    results = select(bundled, query("shared-frameworks.rq"))
    rows = ids(results, "framework", "source")
    assert {("quad", "briefing-2026"), ("quad", "dialogue-2026"),
            ("japan-us-australia", "briefing-2026")} <= rows
    shared = {a.entity.id for a in KnowledgeGraph(kb).shared("japan", "australia")
              if a.entity.kind == "framework"}
    assert {f for f, _ in rows} == shared


def test_office_holders_as_of_a_date_agree_with_the_python_api(kb, bundled):
    results = select(bundled, query("office-holders.rq"))
    found = ids(results, "person", "office")
    assert ("motegi-toshimitsu", "minister-for-foreign-affairs-of-japan") in found
    assert ("takaichi-sanae", "prime-minister-of-japan") in found
    kg = KnowledgeGraph(kb)
    offices = {e.id for e in kb.entities.values() if e.kind == "office"}
    expected = {(a.entity.id, office) for office in offices
                for a in kg.office_holders(office, as_of="2026-03-01")}
    assert found == expected


def test_japan_china_shows_how_each_document_frames_the_relation(kb, bundled):
    results = select(bundled, query("japan-china.rq"))
    stances = {(s, st) for s, p, st in ids(results, "source", "predicate", "stance")
               if p == "relationsWith"}
    assert {("roundtable-2020", "improving"), ("briefing-2026", "mixed"),
            ("dialogue-2026", "mixed")} <= stances
    quotes = {(c.id, e.source, e.quote) for c in kb.claims if {c.subject, c.object} == {"japan", "china"}
              for e in c.evidence}
    col = results.variables.index
    assert len(results.rows) == len(quotes)
    for row in results.rows:
        assert str(row[col("quote")]) in {q for _, s, q in quotes
                                          if s == str(row[col("source")]).rsplit("/", 1)[-1]}


def test_projects_and_their_recipients(kb, bundled):
    results = select(bundled, query("projects-recipients.rq"))
    rows = ids(results, "project", "recipient", "donor", "source")
    assert ("pohnpei-port-expansion", "micronesia", "japan", "briefing-2026") in rows
    expected = {(c.subject, c.object) for c in kb.by_predicate["benefits"]
                if kb.entities[c.subject].kind == "project"}
    assert {(p, r) for p, r, _, _ in rows} == expected


def test_cooperation_paths_are_the_two_step_walks_from_japan(kb, bundled):
    results = select(bundled, query("cooperation-paths.rq"))
    cooperation = {"cooperates_with", "coordinates_with", "partner_of", "allied_with"}
    links = {(end, other) for c in kb.claims if c.predicate in cooperation
             for end, other in [(c.subject, c.object), (c.object, c.subject)]}
    expected = {(via, to) for start, via in links if start == "japan"
                for mid, to in links if mid == via and to not in ("japan", via)}
    assert ids(results, "via", "to") == expected
    assert ("south-korea", "united-states") in expected


# ---------------------------------------------------------------- on the mini dataset


def test_the_examples_work_on_the_mini_dataset_too(mini_ds):
    store = oxigraph_store(mini_ds)
    cases = [
        (query("framework-members.rq"), ("framework", "member"),
         {("harbour-group", "ruritania"), ("harbour-group", "freedonia")}),
        (query("office-holders.rq", **{'"2026-03-01"': '"2021-01-01"'}), ("person", "office"),
         {("anna-berg", "foreign-minister-of-ruritania")}),
        (query("office-holders.rq", **{'"2026-03-01"': '"2023-01-01"'}), ("person", "office"),
         set()),
        (query("shared-frameworks.rq", **{"entity:japan": "entity:ruritania",
                                          "entity:australia": "entity:freedonia"}),
         ("framework", "source"), {("harbour-group", "memo")}),
        (query("japan-china.rq", **{"entity:japan": "entity:ruritania",
                                    "entity:china": "entity:freedonia"}),
         ("predicate", "stance"), {("alliedWith", "close")}),
    ]
    for text, columns, expected in cases:
        ours = select(mini_ds, text)
        assert ids(ours, *columns) == expected
        assert ours.rows == select_oxigraph(store, text).rows


# ---------------------------------------------------------------- user input


HOSTILE_NAMES = ['Ruritania" } } SELECT * WHERE { ?s ?p ?o } #',
                 "Ruritania' } UNION { ?entity ?p ?o } #",
                 'x"^^<http://www.w3.org/2001/XMLSchema#string> . ?entity ?p ?o . #']


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_with_quotes_and_braces_cannot_change_the_query(name, mini_ds):
    assert select(mini_ds, LABEL_QUERY, {"name": name}).rows == []
    assert select_oxigraph(oxigraph_store(mini_ds), LABEL_QUERY, {"name": name}).rows == []


def test_a_bound_name_matches_exactly_even_when_it_looks_like_syntax(mini_ds):
    ds = build_dataset_with_label(mini_ds, HOSTILE_NAMES[0])
    for rows in (select(ds, LABEL_QUERY, {"name": HOSTILE_NAMES[0]}).rows,
                 select_oxigraph(oxigraph_store(ds), LABEL_QUERY, {"name": HOSTILE_NAMES[0]}).rows):
        assert rows == [(IRI.entity("odd"), Literal(HOSTILE_NAMES[0]))]
    assert select(ds, LABEL_QUERY, {"name": "Ruritania"}).rows == []  # names are tagged @en
    ruritania = Literal("Ruritania", lang="en")
    assert select(ds, LABEL_QUERY, {"name": ruritania}).rows == [(IRI.entity("ruritania"), ruritania)]


def build_dataset_with_label(ds: Dataset, label: str) -> Dataset:
    copy = Dataset()
    for quad in ds.quads((None, None, None, None)):
        copy.add(quad)
    copy.graph(IRI.entities_graph).add((IRI.entity("odd"), RDFS.label, Literal(label)))
    return copy


def test_bindings_take_iris_as_well_as_text(mini_ds):
    bound = {"entity": IRI.entity("freedonia")}
    expected = [(IRI.entity("freedonia"), Literal("Freedonia", lang="en"))]
    assert select(mini_ds, LABEL_QUERY, bound).rows == expected
    assert select_oxigraph(oxigraph_store(mini_ds), LABEL_QUERY, bound).rows == expected


# ---------------------------------------------------------------- output and the CLI


def test_results_render_as_table_csv_and_sparql_json(mini_ds):
    results = select(mini_ds, query("framework-members.rq"))
    table = render(results, "table", mini_ds.namespace_manager)
    assert table.splitlines()[0].split() == results.variables
    assert "entity:harbour-group" in table and table.endswith("(2 rows)\n")
    rows = list(csv.reader(io.StringIO(render(results, "csv"))))
    assert rows[0] == results.variables and len(rows) == 3
    assert rows[1][0] == str(IRI.entity("harbour-group"))
    document = json.loads(render(results, "json"))
    assert document["head"]["vars"] == results.variables
    first = document["results"]["bindings"][0]
    assert first["framework"] == {"type": "uri", "value": str(IRI.entity("harbour-group"))}
    assert first["frameworkName"] == {"type": "literal", "value": "Harbour Group", "xml:lang": "en"}
    with pytest.raises(ValueError, match="choose one of: table, csv, json"):
        render(results, "xml")


def test_only_select_queries_are_run(mini_ds):
    with pytest.raises(ValueError, match="only SELECT"):
        select(mini_ds, "ASK { ?s ?p ?o }")


def test_sparql_command_runs_a_query_file_or_text():
    runner = CliRunner()
    data = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]
    result = runner.invoke(app, ["sparql", str(QUERIES / "framework-members.rq"), *data])
    assert result.exit_code == 0, result.output
    assert "Harbour Group" in result.stdout and "(2 rows)" in result.stdout
    inline = ("SELECT ?name WHERE { GRAPH ?g { ?x a "
              f"<{IRI.kind('person')}> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}")
    result = runner.invoke(app, ["sparql", inline, "--format", "csv", *data])
    assert result.exit_code == 0, result.output
    assert result.stdout == "name\nAnna Berg\n"
    result = runner.invoke(app, ["sparql", str(QUERIES / "framework-members.rq"),
                                 "--format", "json", *data])
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 2


def test_sparql_command_explains_a_bad_query_or_format():
    runner = CliRunner()
    data = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]
    result = runner.invoke(app, ["sparql", "SELECT * WHERE { ?s ?p }", *data])
    assert result.exit_code == 2
    assert "SPARQL error:" in result.output
    result = runner.invoke(app, ["sparql", "SELECT * WHERE { ?s ?p ?o }", "--format", "xml", *data])
    assert result.exit_code == 2
    assert "choose one of: table, csv, json" in result.output


def test_queries_only_name_predicates_of_the_vocabulary():
    fg = str(IRI.fg)
    known = {IRI.predicate(p).fragment for p in VOCABULARY.predicates}
    known |= {IRI.kind(k).fragment for k in VOCABULARY.kinds} | {"stance", "firstDay", "lastDay"}
    for name in EXAMPLES:
        text = (QUERIES / name).read_text(encoding="utf-8")
        assert f"PREFIX fg: <{fg}>" in text
        used = {word.split(":", 1)[1] for word in text.replace("(", " ").replace(")", " ")
                .replace(",", " ").split() if word.startswith("fg:") and word != "fg:"}
        assert used <= known, (name, used - known)


# ---------------------------------------------------------------- language and dates


def test_label_filters_by_language_find_every_entity(kb, bundled, bundled_store):
    q = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?entity WHERE { GRAPH ?g { ?entity rdfs:label ?label FILTER(LANG(?label) = "en")
      FILTER(STRSTARTS(STR(?entity), "https://w3id.org/foip-graph/entity/")) } }"""
    expected = {(IRI.entity(e),) for e in kb.entities}
    assert set(select(bundled, q).rows) == expected
    assert set(select_oxigraph(bundled_store, q).rows) == expected


def test_no_literal_lacks_a_language_tag_or_a_datatype(bundled):
    """Prose is @en; every other literal has a datatype, and a plain string only where the
    ontology says a property's values are codes (xsd:string)."""
    from rdflib import XSD
    from foip_graph.rdf.ontology import build_ontology

    ontology = build_ontology()
    codes = {p for p in ontology.subjects(RDFS.range, XSD.string)}
    for s, p, o, g in bundled.quads((None, None, None, None)):
        if isinstance(o, Literal) and not o.language and o.datatype is None:
            assert p in codes or g in (IRI.ontology_graph, IRI.dataset_graph), (s, p, o)


def test_dates_of_every_precision_compare_in_one_query(kb, bundled, bundled_store):
    """A year, a month and a day all compare with an xsd:date through fg:firstDay: the
    claims dated within 2019, whatever the precision their dates were written in."""
    q = """PREFIX fg: <https://w3id.org/foip-graph/ontology#>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT DISTINCT ?claim WHERE { GRAPH ?g { ?claim a fg:Claim ; fg:firstDay ?from ; fg:lastDay ?to .
      FILTER(?from >= "2019-01-01"^^xsd:date && ?to <= "2019-12-31"^^xsd:date) } }"""
    expected = {(IRI.claim(c.id),) for c in kb.claims
                if (c.start or c.date) and (c.end or c.date)
                and (c.start or c.date).first_day.year == 2019 and (c.end or c.date).last_day.year == 2019}
    precisions = {(c.start or c.date).precision for c in kb.claims if (IRI.claim(c.id),) in expected}
    assert precisions == {"year", "month", "day"}
    assert set(select(bundled, q).rows) == expected
    assert set(select_oxigraph(bundled_store, q).rows) == expected


def test_derived_links_are_told_apart_and_lead_to_their_stated_claims(kb, bundled, bundled_store):
    """A SPARQL user finds the derived links in graph:derived, follows prov:wasDerivedFrom
    to the stated claims in the sources' graphs, and leaves them out with one filter."""
    q = """PREFIX fg: <https://w3id.org/foip-graph/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT DISTINCT ?g ?link ?claim ?source WHERE {
      GRAPH ?g { ?link a fg:DerivedClaim ; prov:wasDerivedFrom ?claim }
      GRAPH ?stated { ?claim a fg:Claim ; prov:wasDerivedFrom ?source } }"""
    expected = {(IRI.derived_graph, IRI.claim(d.id), IRI.claim(i), IRI.source(s))
                for d in kb.derived for i in d.derived_from for s in kb.by_id[i].sources}
    assert len({row[1:3] for row in expected}) == 76
    assert set(select(bundled, q).rows) == set(select_oxigraph(bundled_store, q).rows) == expected
    stated = """PREFIX fg: <https://w3id.org/foip-graph/ontology#>
    SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?person fg:officialOf ?state }
      FILTER(?g != <https://w3id.org/foip-graph/graph/derived>) }"""
    assert select(bundled, stated).rows == select_oxigraph(bundled_store, stated).rows == [(Literal(0),)]


# ---------------------------------------------------------------- local queries stay local


class Listener:
    """A local socket standing in for a remote endpoint: it counts the connections it
    gets and closes each at once."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.close()


def test_a_local_query_with_service_is_refused_and_the_endpoint_hears_nothing(listener, mini_ds):
    text = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(app, ["sparql", text, "--data", str(MINI)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: SERVICE at line 1 asks a remote endpoint: a local query never reaches the "
        "network unless you allow it (--allow-service; allow_service=True in Python), or query "
        "that endpoint itself with --endpoint\n")
    for engine in (lambda q: select(mini_ds, q), lambda q: select_oxigraph(oxigraph_store(mini_ds), q)):
        with pytest.raises(FederationError, match="SERVICE at line 1"):
            engine(text)
    with pytest.raises(FederationError, match="FROM at line 1 makes the engine fetch"):
        select(mini_ds, f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}")
    assert listener.connections == 0


def test_allow_service_lets_the_query_out(listener):
    text = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(app, ["sparql", text, "--allow-service", "--data", str(MINI)])
    assert result.exit_code == 2
    assert result.stderr.startswith("SPARQL error:")  # the listener hangs up at once
    assert listener.connections >= 1


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { GRAPH ?g { ?service <http://ex.org/from> "SERVICE <http://x> {}" } }',
    "PREFIX service: <http://ex.org/>\nSELECT * WHERE { GRAPH ?g { ?s service:load ?o } } # FROM",
])
def test_the_words_in_strings_iris_comments_and_names_are_not_refused(text, mini_ds):
    assert select(mini_ds, text).rows == []


def test_sparql_on_a_file_that_does_not_exist_says_so(tmp_path):
    result = CliRunner().invoke(app, ["sparql", str(tmp_path / "members.rq"), "--data", str(MINI)])
    assert (result.exit_code, result.stderr) == (2, f"error: no such file: {tmp_path / 'members.rq'} "
                                                    "(give a SELECT query, or the path of a file holding one)\n")
    result = CliRunner().invoke(app, ["sparql", str(tmp_path), "--data", str(MINI)])
    assert (result.exit_code, result.stderr) == (2, f"error: {tmp_path} is not a file holding a "
                                                    "query (it is a folder or a device)\n")
