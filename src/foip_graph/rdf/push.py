"""Send the graph to a SPARQL 1.1 server, and ask a server questions.

:func:`push` writes each named graph of the RDF view (one per source, ``entities`` and
``ontology``) to the server's Graph Store HTTP Protocol endpoint with ``PUT``: a graph
pushed again replaces the one there, so pushing twice leaves the server as pushing once,
and pushing again after a failure completes the job. Graphs the server holds that are no
longer in the data (a source removed since) stay until deleted. :func:`remote_select` runs
a SELECT query at a SPARQL query endpoint. Both talk plain HTTP with the standard
library and never write a local file.

Endpoints differ by server::

    Oxigraph  push: http://HOST:7878/store                query: http://HOST:7878/query
    Fuseki    push: http://HOST:3030/DATASET/data         query: http://HOST:3030/DATASET/query
    GraphDB   push: http://HOST:7200/repositories/REPO/rdf-graphs/service
              query: http://HOST:7200/repositories/REPO

Credentials come from an environment variable, never from the command line (where other
users of the machine could see them) and never in a message: :func:`credentials`. An
endpoint URL holding ``user:password@`` is refused, and every message shows it
:func:`redacted`. ``timeout`` bounds each request as a whole, not each read of the
socket: a server that trickles its answer a byte at a time is cut off when time is up.
Every failure is a :class:`RemoteError` whose message is a plain sentence.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import BASE_IRI, IRIs
from .sparql import Results
from .store import oxigraph_of, oxigraph_quads

DEFAULT_TIMEOUT = 30.0
N_TRIPLES = "application/n-triples"
SPARQL_RESULTS = "application/sparql-results+json"


class RemoteError(RuntimeError):
    """The server could not be reached, refused the request or failed; the message says
    which, in a sentence."""


@dataclass(frozen=True)
class Pushed:
    """What a push sent: each graph's IRI on the server and its number of triples."""

    endpoint: str
    graphs: tuple[tuple[str, int], ...]

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)


def credentials(bearer_env: str | None = None, basic_env: str | None = None) -> str | None:
    """The ``Authorization`` header read from an environment variable: ``bearer_env``
    names one holding a token, ``basic_env`` one holding ``user:password``; None for no
    credentials. Raises :class:`RemoteError` naming the variable (never its value).

    >>> os.environ["DEMO_TOKEN"] = "s3cret"
    >>> credentials(bearer_env="DEMO_TOKEN")
    'Bearer s3cret'
    >>> credentials(basic_env="DEMO_UNSET")
    Traceback (most recent call last):
    ...
    foip_graph.rdf.push.RemoteError: the environment variable DEMO_UNSET is not set; it should hold user:password for basic auth
    """
    if bearer_env and basic_env:
        raise RemoteError("give either a bearer token or basic auth, not both")
    if bearer_env:
        return f"Bearer {_env(bearer_env, 'the bearer token')}"
    if basic_env:
        secret = _env(basic_env, "user:password for basic auth")
        if ":" not in secret:
            raise RemoteError(f"the environment variable {basic_env} must hold user:password "
                              "for basic auth (it has no colon)")
        return "Basic " + base64.b64encode(secret.encode("utf-8")).decode("ascii")
    return None


def _env(name: str, what: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RemoteError(f"the environment variable {name} is not set; it should hold {what}")
    return value


# ---------------------------------------------------------------- push


def push(ds: Dataset, endpoint: str, graph_prefix: str | None = None,
         authorization: str | None = None, timeout: float = DEFAULT_TIMEOUT,
         base_iri: str = BASE_IRI,
         progress: Callable[[str, int], None] | None = None) -> Pushed:
    """PUT every named graph of ``ds`` to the Graph Store endpoint ``endpoint``.

    Graphs are named ``{graph_prefix}{name}`` (``name``: a source id, ``derived``,
    ``entities``, ``ontology``, ``dataset``); by default the prefix is ``{base_iri}graph/``,
    the names the graph has locally. With another prefix, the statements about the graphs
    (``?g prov:wasDerivedFrom ?source``, the description's ``void:subset``) name them by
    their new IRIs too, so queries joining
    on ``GRAPH ?g`` keep working. ``progress`` is called after each graph with its IRI
    and number of triples.
    """
    url = checked_endpoint(endpoint)
    local_prefix = str(IRIs(base_iri).graph(""))
    prefix = graph_iri_prefix(graph_prefix, base_iri)
    names = _graph_names(ds)
    renamed = {g: URIRef(prefix + g[len(local_prefix):]) if g.startswith(local_prefix) else g
               for g in names}
    sent: list[tuple[str, int]] = []
    for graph in names:
        body, count = _ntriples(ds, graph, renamed)
        name = urllib.parse.quote(renamed[graph], safe="")
        target = f"{url}{'&' if '?' in url else '?'}graph={name}"
        try:
            _request("PUT", target, body, {"Content-Type": N_TRIPLES}, authorization, timeout)
        except RemoteError as exc:
            done = f"{len(sent)} of {len(names)} graphs were sent"
            raise RemoteError(f"{exc} ({done}; pushing again replaces each graph, so a "
                              "retry completes the push)") from None
        sent.append((str(renamed[graph]), count))
        if progress is not None:
            progress(str(renamed[graph]), count)
    return Pushed(url, tuple(sent))


def graph_iri_prefix(graph_prefix: str | None, base_iri: str = BASE_IRI) -> str:
    """The prefix of the graph IRIs a push names (by default ``{base_iri}graph/``); raises
    :class:`RemoteError` when it is not an http(s) IRI.

    >>> graph_iri_prefix("urn:x y")
    Traceback (most recent call last):
    ...
    foip_graph.rdf.push.RemoteError: the graph IRI prefix 'urn:x y' is not an http(s) IRI (like https://example.org/graph/)
    """
    prefix = str(IRIs(base_iri).graph("")) if graph_prefix is None else graph_prefix
    shown = _clip(repr(prefix))
    if not prefix.startswith(("http://", "https://")):
        raise RemoteError(f"the graph IRI prefix {shown} is not an http(s) IRI "
                          "(like https://example.org/graph/)")
    try:
        ox.NamedNode(prefix + "entities")
    except ValueError as exc:
        raise RemoteError(f"the graph IRI prefix {shown} is not a valid IRI ({exc})") from None
    return prefix


def _graph_names(ds: Dataset) -> list[URIRef]:
    """The non-empty named graphs of ``ds``, in IRI order."""
    inner = oxigraph_of(ds)
    if inner is not None:
        return sorted(URIRef(g.value) for g in inner.named_graphs()
                      if isinstance(g, ox.NamedNode)
                      and next(inner.quads_for_pattern(None, None, None, g), None) is not None)
    return sorted(g.identifier for g in ds.graphs()
                  if isinstance(g.identifier, URIRef) and len(g)
                  and g.identifier != ds.default_graph.identifier)


def _ntriples(ds: Dataset, graph: URIRef, renamed: Mapping[URIRef, URIRef]) -> tuple[bytes, int]:
    """One graph as N-Triples (written by Oxigraph), graph IRIs renamed, with its size."""
    inner = oxigraph_of(ds)
    moved = {ox.NamedNode(old): ox.NamedNode(new) for old, new in renamed.items() if old != new}
    if inner is not None and not moved:
        body = inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    else:
        if inner is not None:
            quads = inner.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        else:
            quads = oxigraph_quads((s, p, o, graph) for s, p, o in ds.graph(graph))
        triples = (ox.Triple(moved.get(q.subject, q.subject), q.predicate,
                             moved.get(q.object, q.object)) for q in quads)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return body, body.count(b"\n")


# ---------------------------------------------------------------- query


def remote_select(endpoint: str, query: str, authorization: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> Results:
    """Run a SELECT query at a SPARQL 1.1 query endpoint; rows hold rdflib terms, as
    :func:`foip_graph.rdf.store.select` gives them locally (plain strings without datatype)."""
    url = checked_endpoint(endpoint)
    body = _request("POST", url, query.encode("utf-8"),
                    {"Content-Type": "application/sparql-query", "Accept": SPARQL_RESULTS},
                    authorization, timeout)
    try:
        document = json.loads(body)
        variables = document["head"]["vars"]
        bindings = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise RemoteError(f"the server at {url} did not answer with SPARQL JSON results of "
                          f"a SELECT query (it sent: {_snippet(body)})") from None
    return Results(variables, [tuple(_term(b.get(v)) for v in variables) for b in bindings])


def _term(value: dict | None):
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(text, datatype=None if datatype in (None, str(XSD.string)) else datatype)


# ---------------------------------------------------------------- HTTP


_USERINFO = re.compile(r"(?<=//)[^/?#]*@")


def redacted(url: str) -> str:
    """``url`` without the credentials it may carry, for messages.

    >>> redacted("http://alice:s3cret@127.0.0.1:7878/store")
    'http://***@127.0.0.1:7878/store'
    """
    return _USERINFO.sub("***@", url, count=1)


def checked_endpoint(endpoint: str) -> str:
    """``endpoint`` if it is an http(s) URL without credentials in it; else a
    :class:`RemoteError` saying why (the URL redacted)."""
    shown = _clip(repr(redacted(endpoint)))
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{shown} is not an http(s) URL of a SPARQL endpoint "
                          "(like http://127.0.0.1:7878/store)")
    if "@" in parts.netloc:
        raise RemoteError(f"the endpoint URL {shown} holds credentials; they are never sent "
                          "from a URL, nor shown: give user:password in an environment "
                          "variable with --basic-env VAR, or a token with --bearer-env VAR")
    return endpoint


class _Deadline:
    """Cuts a request off ``seconds`` after it started, whatever the server does: it
    shuts down the request's sockets, which a socket timeout (reset by every byte that
    arrives) would not."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def connection(self, base: type[http.client.HTTPConnection]):
        """A connection class like ``base`` whose sockets this deadline watches."""
        deadline = self

        class Watched(base):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self._create_connection = lambda *a, **k: deadline.watch(socket.create_connection(*a, **k))

        return Watched


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(self.deadline.connection(http.client.HTTPConnection), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(self.deadline.connection(http.client.HTTPSConnection), req,
                            context=self._context)


def _request(method: str, url: str, body: bytes, headers: dict[str, str],
             authorization: str | None, timeout: float) -> bytes:
    """Send one request, all of it within ``timeout`` seconds; return the answer's body
    or raise a :class:`RemoteError`."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    if authorization is not None:
        request.add_unredirected_header("Authorization", authorization)
    server = redacted(urllib.parse.urlsplit(url).netloc)
    late = RemoteError(f"the SPARQL server at {server} did not answer within {timeout:g} s")
    with _Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(_HTTP(deadline), _HTTPS(deadline))
        try:
            with opener.open(request, timeout=timeout) as answer:
                data = answer.read()
        except urllib.error.HTTPError as exc:
            message = _refusal(exc, server, authorization is not None)
            raise (late if deadline.expired else RemoteError(message)) from None
        except urllib.error.URLError as exc:
            message = _unreachable(exc.reason, server, timeout)
            raise (late if deadline.expired else RemoteError(message)) from None
        except (OSError, http.client.HTTPException) as exc:
            message = _unreachable(exc, server, timeout)
            raise (late if deadline.expired else RemoteError(message)) from None
        if deadline.expired:  # the answer was cut short
            raise late
    return data


def _refusal(exc: urllib.error.HTTPError, server: str, authorized: bool) -> str:
    status = f"HTTP {exc.code} {exc.reason}"
    if exc.code in (401, 403):
        if not authorized:
            return (f"the SPARQL server at {server} requires credentials ({status}); give a "
                    "bearer token or basic auth through an environment variable")
        return f"the SPARQL server at {server} refused the credentials ({status})"
    try:
        detail = _snippet(exc.read())
    except OSError:
        detail = ""
    side = "rejected the request" if exc.code < 500 else "failed"
    return f"the SPARQL server at {server} {side} ({status}){': ' + detail if detail else ''}"


def _unreachable(reason: object, server: str, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return f"the SPARQL server at {server} did not answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach the SPARQL server at {server}: connection refused (is it running?)"
    if isinstance(reason, socket.gaierror):
        return f"cannot reach the SPARQL server at {server}: the host name is unknown"
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return f"the SPARQL server at {server} closed the connection mid-request (did it stop?)"
    return f"cannot reach the SPARQL server at {server}: {reason}"


def _snippet(body: bytes, limit: int = 200) -> str:
    return _clip(" ".join(body.decode("utf-8", "replace").split()), limit)


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
