"""Pushing to a real Oxigraph server and asking it questions; every failure a sentence.

The server is the ``oxigraph`` binary of the PyPI ``oxigraph`` package (a test
dependency), started on 127.0.0.1 with a free port and a temporary folder, and without
``--union-default-graph``: the example queries name their graphs (``GRAPH ?g``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from foip_graph.rdf import store as st
from foip_graph.cli import app
from foip_graph.rdf.push import Pushed, RemoteError, credentials, push, remote_select

from .conftest import MINI, MINI_CORPUS

QUERIES = sorted((Path(__file__).parent.parent / "queries").glob("*.rq"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RETRY = "pushing again replaces each graph, so a retry completes the push"


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is a test dependency: pip install -e '.[test]'")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``oxigraph serve`` storing in ``location``; started and stopped by the tests."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.process: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> Server:
        self.port = free_port()
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(200):  # at most 10 s; it starts in about 0.1 s
            if self.process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("oxigraph serve did not listen within 10 s")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.process.stderr.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process is not None:
            self.process.stderr.close()

    @property
    def store(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def count(self) -> int:
        return int(remote_select(self.query, COUNT).rows[0][0])


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "oxigraph").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def memory(kb):
    return st.rdf_dataset(kb)


@pytest.fixture(scope="module")
def mini_ds(mini):
    return st.rdf_dataset(mini)


def graph_sizes(ds) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for _, _, _, g in ds.quads((None, None, None, None)):
        sizes[str(g)] = sizes.get(str(g), 0) + 1
    return dict(sorted(sizes.items()))


def named(quads) -> set:
    """Quads without blank nodes (a server names blank nodes its own way)."""
    return {q for q in quads if not isinstance(q.subject, ox.BlankNode)
            and not isinstance(q.object, ox.BlankNode)}


# ---------------------------------------------------------------- a real server


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_push_fills_a_server_that_answers_the_example_queries_like_the_local_graph(
        kb, memory, server, store):
    ds = memory if store == "memory" else st.rdf_dataset(kb, store)
    sent = []
    pushed = push(ds, server.store, progress=lambda graph, n: sent.append((graph, n)))
    assert dict(pushed.graphs) == graph_sizes(memory)
    assert sent == list(pushed.graphs)
    assert [g.rsplit("/", 1)[1] for g, _ in pushed.graphs] == [
        "briefing-2026", "dataset", "derived", "dialogue-2026", "entities", "ontology", "roundtable-2020"]
    assert server.count() == pushed.triples == st.quad_count(memory)
    for query in QUERIES:
        text = query.read_text(encoding="utf-8")
        assert remote_select(server.query, text) == st.select(memory, text), query.name

    assert push(ds, server.store) == pushed
    assert server.count() == pushed.triples
    server.stop()
    held = ox.Store.read_only(str(server.location))
    assert len(held) == pushed.triples
    assert named(held) == named(_as_oxigraph(memory))


def _as_oxigraph(ds) -> ox.Store:
    inner = ox.Store()
    inner.bulk_extend(st.oxigraph_quads(ds.quads((None, None, None, None))))
    return inner


def test_a_graph_prefix_renames_the_graphs_and_what_the_data_says_of_them(memory, server):
    prefix = "http://example.org/team/foip/"
    pushed = push(memory, server.store, graph_prefix=prefix)
    names = remote_select(server.query, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [str(g) for (g,) in names.rows] == [g for g, _ in pushed.graphs] == [
        prefix + name for name in ("briefing-2026", "dataset", "derived", "dialogue-2026",
                                   "entities", "ontology", "roundtable-2020")]
    members = (Path(__file__).parent.parent / "queries" / "framework-members.rq").read_text()
    assert remote_select(server.query, members) == st.select(memory, members)


def test_a_server_killed_mid_push_gives_a_sentence_and_a_retry_completes(memory, server):
    def kill_after_first(graph: str, n: int) -> None:
        server.kill()

    with pytest.raises(RemoteError) as info:
        push(memory, server.store, progress=kill_after_first)
    assert str(info.value) == (
        f"cannot reach the SPARQL server at 127.0.0.1:{server.port}: connection refused "
        f"(is it running?) (1 of 7 graphs were sent; {RETRY})")

    server.start()  # the same folder, with whatever the first push left in it
    pushed = push(memory, server.store)
    assert server.count() == pushed.triples == st.quad_count(memory)
    push(memory, server.store)
    assert server.count() == pushed.triples


# ---------------------------------------------------------------- failures


def test_a_server_that_is_down(mini_ds):
    port = free_port()
    with pytest.raises(RemoteError) as info:
        push(mini_ds, f"http://127.0.0.1:{port}/store")
    assert str(info.value) == (f"cannot reach the SPARQL server at 127.0.0.1:{port}: connection "
                               f"refused (is it running?) (0 of 5 graphs were sent; {RETRY})")
    with pytest.raises(RemoteError, match=r"^cannot reach the SPARQL server at .*: connection refused \(is it running\?\)$"):
        remote_select(f"http://127.0.0.1:{port}/query", COUNT)


def test_a_server_that_never_answers_times_out(mini_ds):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        with pytest.raises(RemoteError) as info:
            remote_select(f"http://127.0.0.1:{port}/query", COUNT, timeout=0.3)
    assert str(info.value) == f"the SPARQL server at 127.0.0.1:{port} did not answer within 0.3 s"


class Stub(BaseHTTPRequestHandler):
    """A server that wants ``Bearer s3cret`` and then fails with 500, or answers 204."""

    fail = False

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        auth = self.headers.get("Authorization")
        status = 401 if auth is None else 403 if auth != "Bearer s3cret" else 500 if self.fail else 204
        body = b"store exploded\n  (disk full)" if status == 500 else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stub():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (Stub,), {}))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def test_credentials_come_from_the_environment_and_are_never_shown(mini_ds, stub, monkeypatch):
    url = f"http://127.0.0.1:{stub.server_port}/store"
    at = f"127.0.0.1:{stub.server_port}"
    with pytest.raises(RemoteError) as info:
        push(mini_ds, url)
    assert str(info.value) == (f"the SPARQL server at {at} requires credentials (HTTP 401 "
                               "Unauthorized); give a bearer token or basic auth through an "
                               f"environment variable (0 of 5 graphs were sent; {RETRY})")

    monkeypatch.setenv("FOIP_TOKEN", "wr0ng-t0ken")
    with pytest.raises(RemoteError) as info:
        push(mini_ds, url, authorization=credentials(bearer_env="FOIP_TOKEN"))
    assert str(info.value).startswith(f"the SPARQL server at {at} refused the credentials "
                                      "(HTTP 403 Forbidden)")
    assert "wr0ng-t0ken" not in str(info.value)

    monkeypatch.setenv("FOIP_TOKEN", "s3cret")
    pushed = push(mini_ds, url, authorization=credentials(bearer_env="FOIP_TOKEN"))
    assert len(pushed.graphs) == 5

    stub.RequestHandlerClass.fail = True
    with pytest.raises(RemoteError) as info:
        push(mini_ds, url, authorization=credentials(bearer_env="FOIP_TOKEN"))
    assert str(info.value) == (f"the SPARQL server at {at} failed (HTTP 500 Internal Server "
                               f"Error): store exploded (disk full) (0 of 5 graphs were sent; {RETRY})")


def test_credential_variables_are_checked_without_showing_them(monkeypatch):
    monkeypatch.delenv("FOIP_MISSING", raising=False)
    with pytest.raises(RemoteError, match="^the environment variable FOIP_MISSING is not set; "
                                          "it should hold the bearer token$"):
        credentials(bearer_env="FOIP_MISSING")
    monkeypatch.setenv("FOIP_BASIC", "nocolon")
    with pytest.raises(RemoteError) as info:
        credentials(basic_env="FOIP_BASIC")
    assert str(info.value) == ("the environment variable FOIP_BASIC must hold user:password "
                               "for basic auth (it has no colon)")
    monkeypatch.setenv("FOIP_BASIC", "ann:pa:ss")
    assert credentials(basic_env="FOIP_BASIC") == "Basic YW5uOnBhOnNz"
    with pytest.raises(RemoteError, match="^give either a bearer token or basic auth, not both$"):
        credentials(bearer_env="FOIP_BASIC", basic_env="FOIP_BASIC")


def test_what_the_server_rejects_is_reported_with_its_reason(mini_ds, server):
    with pytest.raises(RemoteError) as info:
        remote_select(server.query, "SELEKT ?x")
    assert str(info.value).startswith(f"the SPARQL server at 127.0.0.1:{server.port} rejected "
                                      "the request (HTTP 400 Bad Request): ")
    with pytest.raises(RemoteError) as info:
        remote_select(server.query, "ASK { ?s ?p ?o }")
    assert str(info.value).startswith(f"the server at {server.query} did not answer with SPARQL "
                                      "JSON results of a SELECT query (it sent: ")
    with pytest.raises(RemoteError, match=r"rejected the request \(HTTP 404 Not Found\)"):
        push(mini_ds, server.store.replace("/store", "/nowhere"))
    with pytest.raises(RemoteError, match="^'ftp://127.0.0.1/store' is not an http"):
        push(mini_ds, "ftp://127.0.0.1/store")
    with pytest.raises(RemoteError, match="^the graph IRI prefix 'graphs/' is not an http"):
        push(mini_ds, server.store, graph_prefix="graphs/")
    assert server.count() == 0


def test_pushed_counts_its_triples():
    assert Pushed("http://x/store", (("http://g/a", 2), ("http://g/b", 3))).triples == 5


# ---------------------------------------------------------------- the command line

runner = CliRunner()
MINI_ARGS = ["--data", str(MINI), "--corpus", str(MINI_CORPUS)]


def test_the_push_command_fills_the_server_and_sparql_asks_it(server, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["push", "--endpoint", server.store, *MINI_ARGS])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines[:-1]] == [
        "sent https://w3id.org/foip-graph/graph/dataset",
        "sent https://w3id.org/foip-graph/graph/derived",
        "sent https://w3id.org/foip-graph/graph/entities",
        "sent https://w3id.org/foip-graph/graph/memo",
        "sent https://w3id.org/foip-graph/graph/ontology"]
    total = server.count()
    assert lines[-1] == f"pushed 5 graphs ({total:,} triples) to {server.store}"
    assert runner.invoke(app, ["push", "--endpoint", server.store, *MINI_ARGS]).exit_code == 0
    assert server.count() == total
    assert list(work.iterdir()) == []  # nothing written locally

    query = ("SELECT ?member ?name WHERE { GRAPH ?g { ?member "
             "<https://w3id.org/foip-graph/ontology#memberOf> ?group } GRAPH ?e { ?member "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?name } } ORDER BY ?name")
    remote = runner.invoke(app, ["sparql", "--endpoint", server.query, query])
    local = runner.invoke(app, ["sparql", query, *MINI_ARGS])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert remote.stdout.endswith("(2 rows)\n")


def test_the_push_command_fails_in_a_sentence_without_touching_outputs(stub, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.trig").write_text("before")
    monkeypatch.setenv("FOIP_TOKEN", "wr0ng-t0ken")
    url = f"http://127.0.0.1:{stub.server_port}/store"
    result = runner.invoke(app, ["push", "--endpoint", url, "--bearer-env", "FOIP_TOKEN", *MINI_ARGS])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: the SPARQL server at 127.0.0.1:{stub.server_port} refused the credentials "
        f"(HTTP 403 Forbidden) (0 of 5 graphs were sent; {RETRY})\n")
    assert "wr0ng-t0ken" not in result.output
    assert [p.name for p in tmp_path.rglob("*")] == ["out", "graph.trig"]
    assert (tmp_path / "out" / "graph.trig").read_text() == "before"

    monkeypatch.delenv("FOIP_TOKEN")
    result = runner.invoke(app, ["sparql", "--endpoint", url, "--bearer-env", "FOIP_TOKEN", COUNT])
    assert (result.exit_code, result.stderr) == (1, (
        "error: the environment variable FOIP_TOKEN is not set; it should hold the bearer token\n"))


# ---------------------------------------------------------------- bounded, and discreet


class Trickler:
    """A server that answers one byte every 0.1 s for up to 30 s: a socket timeout never
    fires, since every byte resets it. It notes whether the client hung up first."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/store"
        self.client_hung_up = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.socket.accept()
        with connection:
            connection.settimeout(1)
            try:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                for _ in range(300):
                    connection.sendall(b"X")
                    if self.client_hung_up.wait(0.1):
                        return
            except OSError:
                self.client_hung_up.set()

    def close(self) -> None:
        self.client_hung_up.set()
        self.thread.join(timeout=10)
        self.socket.close()


def test_the_timeout_bounds_the_whole_push_even_against_a_trickling_server():
    trickler = Trickler()
    try:
        result = CliRunner().invoke(app, ["push", "--endpoint", trickler.url, "--timeout", "1",
                                          *MINI_ARGS])
        hung_up = trickler.client_hung_up.wait(5)  # long before the trickle's own end
    finally:
        trickler.close()
    assert hung_up
    assert result.exit_code == 1
    assert result.stderr == (f"error: the SPARQL server at {trickler.url[7:-6]} did not answer "
                             f"within 1 s (0 of 5 graphs were sent; {RETRY})\n")


def test_credentials_in_the_endpoint_url_are_refused_and_never_shown(stub, monkeypatch):
    port = stub.server_port
    url = f"http://alice:pa55word@127.0.0.1:{port}/store"
    runner = CliRunner()
    outputs = [runner.invoke(app, ["push", "--endpoint", url, *MINI_ARGS]),
               runner.invoke(app, ["sparql", "--endpoint", url, COUNT]),
               runner.invoke(app, ["push", "--endpoint", "ftp://alice:pa55word@x/store", *MINI_ARGS])]
    refusal = (f"error: the endpoint URL 'http://***@127.0.0.1:{port}/store' holds credentials; "
               "they are never sent from a URL, nor shown: give user:password in an environment "
               "variable with --basic-env VAR, or a token with --bearer-env VAR\n")
    assert [(r.exit_code, r.stderr) for r in outputs[:2]] == [(1, refusal), (1, refusal)]
    assert outputs[2].stderr == ("error: 'ftp://***@x/store' is not an http(s) URL of a SPARQL "
                                 "endpoint (like http://127.0.0.1:7878/store)\n")
    for result in outputs:
        assert "pa55word" not in result.output and "alice" not in result.output


@pytest.mark.parametrize("prefix, message", [
    ("graphs/", "the graph IRI prefix 'graphs/' is not an http(s) IRI (like https://example.org/graph/)"),
    ("http://ex.org/a graph/", "the graph IRI prefix 'http://ex.org/a graph/' is not a valid IRI"),
])
def test_a_bad_graph_prefix_is_a_sentence(stub, prefix, message):
    url = f"http://127.0.0.1:{stub.server_port}/store"
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--graph-prefix", prefix, *MINI_ARGS])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}")
    assert "Traceback" not in result.output
