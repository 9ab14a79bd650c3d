"""Write RDF in every format, byte-identical for the same data, at millions of quads.

Every file is written from one canonical order (:class:`CanonicalQuads`): each term in its
N-Triples form, the triples of each graph sorted and without duplicates, the graphs in
order of their names. N-Triples and N-Quads are those lines. Turtle and TriG are the same
lines grouped by subject and predicate, with a prefixed name wherever the local part needs
no escape (pyoxigraph's writer escapes each ``/`` of a local name with a backslash, legal Turtle that the OWL API under
Protégé rejects, owlcs/owlapi#857; rdflib's grows faster than linearly). RDF/XML comes from
Oxigraph's writer (pyoxigraph), a document per chunk of lines with its frame taken off; JSON-LD is compacted here, from the same
lines, with our context (:func:`jsonld_context`; pyoxigraph writes only expanded JSON-LD).
Literals keep the lexical form and datatype they were made with: pyoxigraph's writers and
parser, unlike its store, do not normalise them.

Turtle, TriG, JSON-LD and RDF/XML are written in chunks of whole subjects
(:mod:`~.chunks`), each rendered alone, so that a rebuild writes again only the chunks
whose lines changed.

Formats that cannot hold named graphs (Turtle, N-Triples, RDF/XML) get the union of the
graphs: each statement node still names its source with ``prov:wasDerivedFrom``.

>>> sorted(FORMATS)
['jsonld', 'nq', 'nt', 'trig', 'ttl', 'xml']
>>> FORMATS["trig"].filename, FORMATS["trig"].named_graphs
('graph.trig', True)
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, groupby
from json.encoder import encode_basestring
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .chunks import Chunk, ChunkCache, ChunkedFile, Render, chunks, salt
from .jsontext import dumps
from .namespaces import BASE_IRI, LANG, IRIs
from ..vocabulary import VOCABULARY


@dataclass(frozen=True)
class Format:
    name: str
    filename: str
    media_type: str
    named_graphs: bool  # False: the union of the graphs is written


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("ttl", "graph.ttl", "text/turtle", False),
    Format("nt", "graph.nt", "application/n-triples", False),
    Format("nq", "graph.nq", "application/n-quads", True),
    Format("trig", "graph.trig", "application/trig", True),
    Format("jsonld", "graph.jsonld", "application/ld+json", True),
    Format("xml", "graph.rdf", "application/rdf+xml", False),
]}

_DEFAULT = b""  # the name of the default graph in CanonicalQuads.graphs
_UNSEEN = object()  # no term is this one
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RECURRING = 200_000  # IRIs whose N-Triples form CanonicalQuads.of keeps at most
_CHUNK = 4096  # pieces of text split at once by CanonicalQuads.of_text
_BLOCK = 1 << 14  # lines joined into one write


def serialize(ds: Dataset, fmt: str, base_iri: str = BASE_IRI) -> bytes:
    """``ds`` in format ``fmt`` (a key of :data:`FORMATS`), as UTF-8 bytes."""
    check_format(fmt)
    return CanonicalQuads.of(ds.quads((None, None, None, None))).to_bytes(
        fmt, dict(ds.namespaces()), base_iri)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def turtle(graph: Graph) -> str:
    """rdflib's Turtle, which sorts subjects, predicates and objects and nests lists
    (for the small ontology and shapes files)."""
    return graph.serialize(format="turtle")


# ---------------------------------------------------------------- canonical order


class TermWriter:
    r"""rdflib terms in their N-Triples form, the text Oxigraph writes for them, made in
    Python where that text is the term's own: an IRI whose scheme and authority Oxigraph
    has accepted once (:data:`_ROOT`), followed by characters an IRI path, query or
    fragment takes as they are (:data:`_SAFE_REST`); a literal none of whose characters
    Oxigraph escapes (:data:`_ESCAPED`). Every other term goes through Oxigraph, which
    checks it (an invalid IRI raises its error) and escapes it. Datatypes and language
    tags recur, so their forms are kept.

    >>> nt = TermWriter()
    >>> nt(Literal('say "hi"')), nt(Literal("2019", datatype=XSD.gYear)), nt(Literal("x", lang="en"))
    ('"say \\"hi\\""', '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', '"x"@en')
    """

    def __init__(self) -> None:
        self._roots: dict[str, bool] = {}
        self._tags: dict[str, str] = {}
        self._datatypes: dict[str, str] = {_XSD_STRING: ""}

    def __call__(self, node) -> str:
        if isinstance(node, Literal):
            quoted = quote(str(node))
            if node.language:
                tag = self._tags.get(node.language)
                if tag is None:
                    tag = self._tags[node.language] = str(ox.Literal("", language=node.language))[2:]
                return quoted + tag
            if node.datatype is None:
                return quoted
            datatype = self._datatypes.get(str(node.datatype))
            if datatype is None:
                datatype = self._datatypes[str(node.datatype)] = "^^" + self(node.datatype)
            return quoted + datatype
        if isinstance(node, BNode):
            return str(ox.BlankNode(str(node)))
        return self.iri(str(node))

    def iri(self, iri: str) -> str:
        """``<iri>``, once Oxigraph would take it (else its error, as :class:`ValueError`)."""
        root = _ROOT.match(iri)
        if root is not None and _SAFE_REST.fullmatch(iri, root.end()) is not None:
            known = self._roots.get(root.group())
            if known is None:
                known = self._roots[root.group()] = _valid_iri(root.group())
            if known:
                return f"<{iri}>"
        return str(ox.NamedNode(iri))


def quote(value: str) -> str:
    r"""The text of a literal in its N-Triples form, quoted and escaped as Oxigraph writes
    it: as it is unless it has a character Oxigraph escapes (:data:`_ESCAPED`).

    >>> quote('say "hi"'), quote("a\\b\nc"), quote("Ōsaka")
    ('"say \\"hi\\""', '"a\\\\b\\nc"', '"Ōsaka"')
    """
    return f'"{value}"' if _ESCAPED.search(value) is None else str(ox.Literal(value))


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


# The characters Oxigraph escapes in a literal (checked against every code point).
_ESCAPED = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff]')
# The scheme and authority of an IRI, up to the slash that starts its path...
_ROOT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*/")
# ...and a rest of unreserved and sub-delimiter characters, "/", ":", "@" (a path, then an
# optional query and fragment), which needs no check of its own.
_SAFE_REST = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/-]*(\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?"
                        r"(#[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?")


def oxigraph_term(node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the same pyoxigraph term (lexical form and datatype kept)."""
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    return ox.NamedNode(str(node))


class CanonicalQuads:
    """A dataset's quads in the one order every format is written in.

    ``graphs`` maps each graph's name (its N-Triples form, ``b""`` for the default graph)
    to its triples as N-Triples lines without the final ``" ."``, sorted and unique; the
    names are sorted too, so the default graph comes first. The order is made of byte
    comparisons only: the same quads give the same bytes, whatever order they came in.
    """

    def __init__(self, graphs: dict[bytes, Iterable[bytes]]) -> None:
        unique = {name: _sorted_unique(lines) for name, lines in sorted(graphs.items())}
        self.graphs = {name: lines for name, lines in unique.items() if lines}

    @classmethod
    def of(cls, quads: Iterable[tuple]) -> CanonicalQuads:
        """From rdflib quads ``(s, p, o, g)``; ``g`` None or rdflib's default-graph name
        means the default graph."""
        nt = TermWriter()
        recurring: dict[URIRef, str] = {}  # IRIs: predicates, classes, entities
        default = {None, DATASET_DEFAULT_GRAPH_ID}
        graphs: dict[bytes, list[bytes]] = {}
        subject = graph = _UNSEEN
        lines: list[bytes] = []
        for s, p, o, g in quads:
            if g is not graph:  # a generator yields the same graph term for long runs
                graph = g
                name = _DEFAULT if g in default else nt(g).encode()
                lines = graphs.get(name)
                if lines is None:
                    lines = graphs[name] = []
            if s is not subject:  # ...and the same subject term for each of its triples
                subject, subject_text = s, nt(s)
            predicate = recurring.get(p)
            if predicate is None:
                predicate = recurring[p] = nt(p)
            if type(o) is URIRef:
                obj = recurring.get(o)
                if obj is None:
                    if len(recurring) >= _RECURRING:
                        recurring.clear()
                    obj = recurring[o] = nt(o)
            else:
                obj = nt(o)
            lines.append(f"{subject_text} {predicate} {obj}".encode())
        return cls(graphs)

    @classmethod
    def of_text(cls, graphs: dict[str, list[str]]) -> CanonicalQuads:
        """From N-Triples text: each graph's name (its N-Triples form, ``""`` for the
        default graph) to pieces of its triples, each piece lines without the final
        ``" ."`` joined by newlines (as :func:`~foip_graph.rdf.view.dataset_lines` makes them).

        ``graphs`` is emptied as its text is split, a few thousand pieces at a time, so the
        text and its lines are never held whole side by side (at 100× the reasoner's view
        alone is 4 million lines)."""
        lines: dict[bytes, list[bytes]] = {}
        for name in list(graphs):
            pieces = graphs.pop(name)
            out = lines[name.encode()] = []
            while pieces:  # the order goes: the lines are sorted
                out += "\n".join(pieces[-_CHUNK:]).encode().split(b"\n")
                del pieces[-_CHUNK:]
        return cls(lines)

    @classmethod
    def of_pieces(cls, pieces: Iterable[tuple[str, list[str]]]) -> CanonicalQuads:
        """From N-Triples text as it is made: graph names (as in :meth:`of_text`) each with
        pieces of its triples (as :func:`~foip_graph.rdf.view.dataset_pieces` yields them).
        The pieces of a run of one graph are split into lines as soon as the graph changes
        or :data:`_CHUNK` of them are waiting, so the whole text is never held."""
        lines: dict[bytes, list[bytes]] = {}
        waiting: list[str] = []
        current = None

        def split() -> None:
            if waiting:
                lines.setdefault(current.encode(), []).extend(
                    "\n".join(waiting).encode().split(b"\n"))
                waiting.clear()

        for name, batch in pieces:
            if name != current or len(waiting) >= _CHUNK:
                split()
                current = name
            waiting += batch
        split()
        return cls(lines)

    @classmethod
    def of_oxigraph(cls, store: ox.Store) -> CanonicalQuads:
        """From every graph of an Oxigraph store (written by its own writer)."""
        graphs = {}
        for graph in [ox.DefaultGraph(), *store.named_graphs()]:
            text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            name = _DEFAULT if isinstance(graph, ox.DefaultGraph) else str(graph).encode()
            graphs[name] = [line[:-2] for line in text.splitlines()]
        return cls(graphs)

    def nquads(self) -> Iterator[bytes]:
        """N-Quads text, graph by graph, in blocks of :data:`_BLOCK` lines."""
        for name, lines in self.graphs.items():
            yield from _blocks(lines, b" " + name + b" .\n" if name else b" .\n")

    @cached_property
    def union(self) -> list[bytes]:
        """The triples of every graph, as in :attr:`graphs`: sorted, unique (made once,
        for N-Triples, Turtle and RDF/XML). Each graph is a sorted run, which the sort merges."""
        if len(self.graphs) == 1:
            return next(iter(self.graphs.values()))
        return _sorted_unique(chain.from_iterable(self.graphs.values()))

    def ntriples(self) -> Iterator[bytes]:
        """N-Triples text of the union of the graphs, in blocks of :data:`_BLOCK` lines."""
        return _blocks(self.union, b" .\n")

    @cached_property
    def union_chunks(self) -> list[Chunk]:
        """:attr:`union` in chunks (:func:`~.chunks.chunks`: Turtle and RDF/XML)."""
        return chunks(self.union)

    @cached_property
    def graph_chunks(self) -> dict[bytes, list[Chunk]]:
        """Each graph's lines in chunks (TriG and JSON-LD)."""
        return {name: chunks(lines) for name, lines in self.graphs.items()}

    def write(self, fmt: str, out: BinaryIO, prefixes: dict[str, str],
              base_iri: str = BASE_IRI, chunked: ChunkedFile | None = None) -> None:
        """Write the quads in format ``fmt`` to the binary file ``out``; through
        ``chunked`` (which writes to ``out`` and may take chunks from a previous file, see
        :mod:`~.chunks`), if given, in the formats that are written in chunks
        (:data:`CHUNKED`)."""
        check_format(fmt)
        if fmt in ("nt", "nq"):
            out.writelines(self.nquads() if fmt == "nq" else self.ntriples())
            return
        text = out.write if chunked is None else chunked.text
        for part in self._parts(fmt, prefixes, base_iri):
            if type(part) is bytes:
                text(part)
            elif chunked is None:
                chunk, _, render = part
                out.write(render(chunk.lines))
            else:
                chunked.chunk(*part)

    def _parts(self, fmt: str, prefixes: dict[str, str], base_iri: str
               ) -> Iterator[bytes | tuple[Chunk, str, Render]]:
        """A format's text: fixed text, and chunks each with its indent and what renders it."""
        if fmt == "jsonld":
            yield from jsonld(self.graph_chunks, jsonld_context(base_iri))
            return
        if fmt == "xml":
            header, footer = _xml_frame(prefixes)
            yield header
            render = _xml_renderer(prefixes, header, footer)
            for chunk in self.union_chunks:
                yield chunk, "", render
            yield footer
            return
        writer = TurtleWriter(prefixes)
        yield "".join(writer.header()).encode()
        if fmt == "ttl":
            render = writer.renderer("")
            for chunk in self.union_chunks:
                yield chunk, "", render
            return
        for name, graph in self.graph_chunks.items():  # TriG: a block per named graph
            indent = "    " if name else ""
            if name:
                yield f"{writer._term(name.decode())} {{\n".encode()
            render = writer.renderer(indent)
            for chunk in graph:
                yield chunk, indent, render
            if name:
                yield b"}\n"

    def to_bytes(self, fmt: str, prefixes: dict[str, str], base_iri: str = BASE_IRI) -> bytes:
        buffer = io.BytesIO()
        self.write(fmt, buffer, prefixes, base_iri)
        return buffer.getvalue()

    def write_files(self, folder: Path, prefixes: dict[str, str], base_iri: str = BASE_IRI,
                    progress: Callable[[str], None] | None = None,
                    cache: ChunkCache | None = None) -> list[Path]:
        """Every format into ``folder``, under the names of :data:`FORMATS`, N-Triples
        and N-Quads first. ``progress``, if given, is called with each file's name as it
        starts. ``cache``, if given, gets the index of each file written in chunks and
        lends the chunks of the previous build's files (see :mod:`~.chunks`)."""
        for fmt in sorted(FORMATS.values(), key=lambda f: f.name not in ("nt", "nq")):
            if progress is not None:
                progress(fmt.filename)
            self.write_file(fmt.name, folder / fmt.filename, prefixes, base_iri, cache)
        return [folder / fmt.filename for fmt in FORMATS.values()]

    def write_file(self, fmt: str, path: Path, prefixes: dict[str, str], base_iri: str = BASE_IRI,
                   cache: ChunkCache | None = None) -> None:
        """Write the file ``path`` in format ``fmt``, in chunks through ``cache`` if it
        is given and the format is one of :data:`CHUNKED`."""
        with open(path, "wb") as out:
            if cache is None or fmt not in CHUNKED:
                self.write(fmt, out, prefixes, base_iri)
                return
            chunked = cache.open(path.name, out, salt(fmt, repr(sorted(prefixes.items())), base_iri))
            try:
                self.write(fmt, out, prefixes, base_iri, chunked)
            finally:
                chunked.close()
        cache.save(path.name, chunked)


CHUNKED = ("ttl", "trig", "jsonld", "xml")  # the formats written in chunks (N-Triples, N-Quads: lines)


def _xml_frame(prefixes: dict[str, str]) -> tuple[bytes, bytes]:
    """The text Oxigraph's RDF/XML writer puts before and after the triples."""
    buffer = io.BytesIO()
    ox.serialize([], buffer, ox.RdfFormat.RDF_XML, prefixes=prefixes)
    empty = buffer.getvalue()
    footer = b"</rdf:RDF>"
    if not empty.endswith(footer):
        raise RuntimeError(f"pyoxigraph's RDF/XML writer ends a document otherwise: {empty[-40:]!r}")
    return empty[:-len(footer)], footer


def _xml_renderer(prefixes: dict[str, str], header: bytes, footer: bytes) -> Render:
    """The RDF/XML of a chunk's lines: Oxigraph's document of them without its frame
    (the lines are our own writer's, so they are not checked again)."""
    def render(lines: list[bytes]) -> bytes:
        buffer = io.BytesIO()
        triples = ox.parse(b" .\n".join(lines) + b" .\n", ox.RdfFormat.N_TRIPLES, lenient=True)
        ox.serialize(triples, buffer, ox.RdfFormat.RDF_XML, prefixes=prefixes)
        text = buffer.getvalue()
        if not (text.startswith(header) and text.endswith(footer)):
            raise RuntimeError("pyoxigraph's RDF/XML writer framed a chunk otherwise than an empty document")
        return text[len(header):-len(footer)]
    return render


def _sorted_unique(lines: Iterable[bytes]) -> list[bytes]:
    """``lines`` sorted, each once: sorted first (runs already in order cost little), then
    the neighbouring repeats dropped (no table of millions of hashes, as a set or dict
    would build)."""
    return [line for line, _ in groupby(sorted(lines))]


def _blocks(lines: list[bytes], end: bytes) -> Iterator[bytes]:
    """Each of ``lines`` followed by ``end``, joined :data:`_BLOCK` lines at a time."""
    for start in range(0, len(lines), _BLOCK):
        yield end.join(lines[start:start + _BLOCK]) + end


# ---------------------------------------------------------------- prefixed names


class _Shortener:
    """IRIs as ``prefix:local`` with the longest of ``prefixes``' namespaces whose local
    part matches ``local`` (a regular expression); None where none does. One regular
    expression does it, its namespaces longest first, which its backtracking tries in
    that order. Calls are answered from a cache (the last :data:`_REMEMBERED` at most);
    :meth:`shorten` for IRIs that seldom recur.

    >>> short = _Shortener({"ex": "http://x.org/", "deep": "http://x.org/a/"}, r"[a-z]+")
    >>> short("http://x.org/a/b"), short("http://x.org/ab"), short("http://x.org/a/b/c")
    ('deep:b', 'ex:ab', None)
    """

    def __init__(self, prefixes: dict[str, str], local: str) -> None:
        namespaces = sorted(((str(ns), name) for name, ns in prefixes.items()),
                            key=lambda pair: (-len(pair[0]), pair[1]))
        self._names: dict[str, str] = {}
        for ns, name in reversed(namespaces):
            self._names[ns] = name
        self._match = re.compile(f"({'|'.join(re.escape(ns) for ns, _ in namespaces)})(?:{local})",
                                 re.DOTALL).fullmatch if namespaces else None
        self._cache: dict[str, str | None] = {}

    def shorten(self, iri: str) -> str | None:
        """``iri``'s prefixed name, without the cache."""
        found = self._match(iri) if self._match is not None else None
        return None if found is None else f"{self._names[found.group(1)]}:{iri[found.end(1):]}"

    def __call__(self, iri: str) -> str | None:
        if iri in self._cache:
            return self._cache[iri]
        found = self.shorten(iri)
        if len(self._cache) >= _REMEMBERED:
            self._cache.clear()
        self._cache[iri] = found
        return found


# ---------------------------------------------------------------- Turtle and TriG

_RDF_TYPE_NT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_REMEMBERED = 200_000  # IRIs whose Turtle form a TurtleWriter keeps at most
_SAFE_LOCAL = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?"  # a local part needing no escape


class TurtleWriter:
    """Turtle and TriG from sorted N-Triples lines: a statement per subject, ``;`` between
    its predicates, ``,`` between the objects of one, ``a`` for ``rdf:type``.

    Each term is its N-Triples form (which is Turtle) with an IRI shortened to a prefixed
    name when one of ``prefixes`` leaves a local part that needs no escape.

    >>> w = TurtleWriter({"ex": "http://example.org/"})
    >>> print("".join(w.header()) + w.renderer("")([b'<http://example.org/a> <http://example.org/p> "1"',
    ...       b'<http://example.org/a> <http://example.org/p> <http://example.org/b/c>']).decode(), end="")
    @prefix ex: <http://example.org/> .
    <BLANKLINE>
    ex:a ex:p "1", <http://example.org/b/c> .
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = dict(sorted(prefixes.items()))
        self._short = _Shortener(prefixes, _SAFE_LOCAL).shorten
        self._iris: dict[str, str] = {}  # an IRI's N-Triples form -> its Turtle form

    def header(self) -> Iterator[str]:
        for name, namespace in self.prefixes.items():
            yield f"@prefix {name}: <{namespace}> .\n"
        yield "\n"

    def renderer(self, indent: str) -> Render:
        """The statements of a chunk of lines at ``indent``, as UTF-8."""
        return lambda lines: "".join(self._statements(lines, indent)).encode("utf-8")

    def _statements(self, lines: list[bytes], indent: str) -> Iterator[str]:
        """The statements of ``lines`` as text, :data:`_BLOCK` lines at a time."""
        subject = predicate = None
        iris, remember, iri = self._iris, self._remember, self._iri
        next_predicate = f" ;\n{indent}    "
        for start in range(0, len(lines), _BLOCK):
            parts: list[str] = []
            put = parts.append
            for line in b"\n".join(lines[start:start + _BLOCK]).decode("utf-8").split("\n"):
                s, p, o = line.split(" ", 2)
                if o[0] == "<":
                    obj = iris.get(o) or remember(o)
                elif o[-1] == ">":  # a typed literal: "…"^^<datatype>, the datatype kept
                    cut = o.rindex('"^^<') + 3
                    obj = o[:cut] + (iris.get(o[cut:]) or remember(o[cut:]))
                else:  # a plain or language-tagged literal, or a blank node: as it is
                    obj = o
                if s != subject:  # a new subject, seldom seen again: its IRI is not kept
                    first = f"{indent}{iri(s) if s[0] == '<' else s} {iris.get(p) or remember(p)} {obj}"
                    put(first if subject is None else " .\n" + first)
                elif p != predicate:
                    put(f"{next_predicate}{iris.get(p) or remember(p)} {obj}")
                else:
                    put(f", {obj}")
                subject, predicate = s, p
            yield "".join(parts)
        if subject is not None:
            yield " .\n"

    def _remember(self, iri: str) -> str:
        if len(self._iris) >= _REMEMBERED:
            self._iris.clear()
        text = self._iris[iri] = self._iri(iri)
        return text

    def _term(self, text: str) -> str:
        """A graph's name: an IRI, shortened where it can be, or a blank node."""
        return self._iri(text) if text.startswith("<") else text

    def _iri(self, text: str) -> str:
        if text == _RDF_TYPE_NT:
            return "a"
        return self._short(text[1:-1]) or text


# ---------------------------------------------------------------- JSON-LD


def jsonld_context(base_iri: str = BASE_IRI) -> dict:
    """The JSON-LD context written beside the graph: our prefixes, short names for the
    reused terms, and one term per predicate (entity-valued ones coerced to IRIs).

    >>> ctx = jsonld_context()
    >>> ctx["memberOf"], ctx["label"]
    ({'@id': 'fg:memberOf', '@type': '@id'}, {'@id': 'rdfs:label', '@language': 'en'})
    """
    iris = IRIs(base_iri)
    ref, en = "@id", {"@language": LANG}
    context: dict = dict(iris.prefixes)
    context.update({
        "label": {"@id": "rdfs:label", **en}, "altLabel": {"@id": "skos:altLabel", **en},
        "description": {"@id": "schema:description", **en},
        "sameAs": {"@id": "owl:sameAs", "@type": ref},
        "subject": {"@id": "rdf:subject", "@type": ref},
        "predicate": {"@id": "rdf:predicate", "@type": ref}, "object": "rdf:object",
        "date": "fg:date", "startDate": "fg:start", "endDate": "fg:end",
        "firstDay": {"@id": "fg:firstDay", "@type": "xsd:date"},
        "lastDay": {"@id": "fg:lastDay", "@type": "xsd:date"},
        "role": {"@id": "fg:role", **en}, "note": {"@id": "skos:note", **en},
        "unit": {"@id": "qudt:hasUnit", "@type": ref}, "asWritten": {"@id": "fg:valueLabel", **en},
        "stance": "fg:stance", "derivedFrom": {"@id": "prov:wasDerivedFrom", "@type": ref},
        "title": {"@id": "dcterms:title", **en}, "publisher": {"@id": "dcterms:publisher", "@type": ref},
        "published": "dcterms:date", "genre": {"@id": "schema:genre", **en},
        "about": {"@id": "schema:about", "@type": ref},
        "hasBody": {"@id": "oa:hasBody", "@type": ref},
        "hasTarget": {"@id": "oa:hasTarget", "@type": ref},
        "hasSource": {"@id": "oa:hasSource", "@type": ref},
        "hasSelector": {"@id": "oa:hasSelector", "@type": ref},
        "hasState": {"@id": "oa:hasState", "@type": ref},
        "motivatedBy": {"@id": "oa:motivatedBy", "@type": ref},
        "exact": "oa:exact", "prefix": "oa:prefix", "suffix": "oa:suffix",
        "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
        "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    })
    for predicate in VOCABULARY.predicates.values():
        name = iris.predicate(predicate.name).fragment
        if name in context:
            raise ValueError(f"predicate {predicate.name}: its JSON-LD term {name!r} is "
                             "already taken in the context; rename the predicate")
        datatype = ref if not predicate.is_literal else None
        context[name] = {"@id": f"fg:{name}", "@type": datatype} if datatype else f"fg:{name}"
    return context


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
class _Compactor:
    """JSON-LD compaction for the shapes our data takes: a context of prefixes and terms,
    each term an IRI, or an IRI with a ``@type`` (``@id`` or a datatype) or a
    ``@language``."""

    def __init__(self, context: dict) -> None:
        self.namespaces = {name: ns for name, ns in context.items()
                           if isinstance(ns, str) and ns.endswith(("/", "#"))}
        self._short = _Shortener(self.namespaces, "(?!//).+")  # not empty, not an authority
        self.terms: dict[tuple[str, str | None], str] = {}  # (IRI, @type) -> term
        for term, definition in sorted(context.items()):
            if isinstance(definition, dict) and "@language" in definition:
                iri, kind = self.expand(definition["@id"]), "@" + definition["@language"]
            elif isinstance(definition, dict):
                iri, kind = self.expand(definition["@id"]), definition.get("@type")
                kind = kind if kind == "@id" else self.expand(kind)
            elif not definition.endswith(("/", "#")):
                iri, kind = self.expand(definition), None
            else:
                continue
            self.terms.setdefault((iri, kind), term)
        self._rules: dict[tuple[str, str | None], tuple[str, tuple[str, ...] | None]] = {}
        self._nodes: dict[str, str] = {}

    def expand(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        return self.namespaces[prefix] + rest if colon and prefix in self.namespaces else value

    def iri(self, value: str) -> str:
        """``value`` as the shortest compact IRI our prefixes give, else as it is."""
        return self._short(value) or value

    def node(self, text: str) -> str:
        """A node (its N-Triples form) as JSON-LD names it: an IRI compacted, a blank node
        as it is."""
        return self.iri(text[1:-1]) if text[0] == "<" else text

    def node_json(self, text: str) -> str:
        """A node's JSON text, its name kept for the node objects that recur (the last
        :data:`_REMEMBERED` at most)."""
        json_text = self._nodes.get(text)
        if json_text is None:
            if len(self._nodes) >= _REMEMBERED:
                self._nodes.clear()
            json_text = self._nodes[text] = encode_basestring(self.node(text))
        return json_text

    def subject_json(self, text: str) -> str:
        """A subject's JSON text (each is seldom seen again: not kept)."""
        return encode_basestring((self._short.shorten(text[1:-1]) or text[1:-1])
                                 if text[0] == "<" else text)

    def rule(self, predicate: str, suffix: str | None) -> tuple[str, tuple[str, ...] | None]:
        """How the values of ``predicate`` (its N-Triples form) are written, ``suffix``
        None for a node, else what follows a literal's closing quote: the key (``@type``
        for the class of a node) and, for a value written as an object, the key and value
        texts before it and the key of the value itself. Worked out once for each."""
        rule = self._rules.get((predicate, suffix))
        if rule is None:
            kind = "" if suffix is None else suffix if suffix[:1] == "@" \
                else suffix[3:-1] if suffix else _XSD_STRING
            key, form, extra = self._rule(predicate[1:-1], kind)
            wrap = None if form in (_AS_IS, _NODE) else ('"@id": ',) if form == _NODE_OBJECT \
                else (f"{encode_basestring(extra[0])}: {encode_basestring(extra[1])}", '"@value": ')
            rule = self._rules[predicate, suffix] = key, wrap
        return rule

    def _rule(self, predicate: str, kind: str) -> tuple[str, int, tuple[str, str] | None]:
        if not kind:
            if predicate == _RDF_TYPE:
                return "@type", _NODE, None
            term = self.terms.get((predicate, "@id"))
            if term is not None:
                return term, _NODE, None
            return self.terms.get((predicate, None)) or self.iri(predicate), _NODE_OBJECT, None
        term = self.terms.get((predicate, kind))
        if term is not None:
            return term, _AS_IS, None
        term = self.terms.get((predicate, None)) or self.iri(predicate)
        if kind.startswith("@"):
            return term, _WRAPPED, ("@language", kind[1:])
        if kind == _XSD_STRING:
            return term, _AS_IS, None
        return term, _WRAPPED, ("@type", self.iri(kind))


_AS_IS, _NODE, _NODE_OBJECT, _WRAPPED = range(4)  # how _Compactor.rule writes a value


def jsonld(graphs: dict[bytes, list[Chunk]], context: dict) -> Iterator[bytes | tuple[Chunk, str, Render]]:
    """The quads of ``graphs`` (each graph's name, as :attr:`CanonicalQuads.graphs` has
    it, with its lines in chunks) as a JSON-LD document compacted with ``context`` (which
    it embeds): one ``@graph`` entry per named graph, one node per subject, a property's
    single value unwrapped, as ``json.dumps(indent=2, sort_keys=True)`` lays them out.
    Its fixed text, and its chunks each with its margin and what renders it (as
    :meth:`CanonicalQuads.write` takes them), so the document is never whole in memory."""
    compact = _Compactor(context)
    yield ('{\n  "@context": ' + dumps(context, "  ", True) + ',\n  "@graph": [').encode()
    entry = "\n"
    for name, graph in graphs.items():
        margin = " " * 8 if name else " " * 4
        if name:
            yield (entry + '    {\n      "@graph": [').encode()
        render = _nodes_renderer(compact, margin)
        first = ("\n" if name else entry).encode()
        for n, chunk in enumerate(graph):
            yield first if n == 0 else b",\n"
            yield chunk, margin, render
        if name:
            yield ('\n      ],\n      "@id": ' + dumps(compact.node(name.decode())) + "\n    }").encode()
        entry = ",\n"
    yield b"\n  ]\n}\n"


def _nodes_renderer(compact: _Compactor, margin: str) -> Render:
    """The nodes of a chunk of lines at ``margin``, ``",\\n"`` between them, as UTF-8."""
    return lambda lines: "".join(_nodes(compact, lines, "", margin)).encode("utf-8")


def _nodes(compact: _Compactor, lines: list[bytes], first: str, margin: str) -> Iterator[str]:
    """The nodes of one graph's sorted ``lines``, each after ``first`` or ``",\\n"`` and
    at ``margin``, as text :data:`_BLOCK` lines at a time."""
    rule, node_json, subject_json = compact.rule, compact.node_json, compact.subject_json
    subject, node, separator = None, {}, first
    for start in range(0, len(lines), _BLOCK):
        parts: list[str] = []
        for line in b"\n".join(lines[start:start + _BLOCK]).decode("utf-8").split("\n"):
            s, p, o = line.split(" ", 2)
            if s != subject:
                if subject is not None:
                    parts.append(separator + margin + _node_text(node, margin))
                    separator = ",\n"
                subject, node = s, {"@id": [subject_json(s)]}
            if o[0] == '"':
                cut = o.rindex('"')
                key, wrap = rule(p, o[cut + 1:])
                value = encode_basestring(o[1:cut] if "\\" not in o else _lexical(o))
            else:
                key, wrap = rule(p, None)
                value = node_json(o)
            if wrap is not None:
                value = (*wrap[:-1], wrap[-1] + value)
            values = node.get(key)
            if values is None:
                node[key] = [value]
            else:
                values.append(value)
        yield "".join(parts)
    if subject is not None:
        yield separator + margin + _node_text(node, margin)


def _node_text(node: dict[str, list], margin: str) -> str:
    """A node's values by key (JSON texts, or for an object the texts of its entries) as
    ``json.dumps(indent=2, sort_keys=True)`` writes the node at ``margin``: a key's single
    value unwrapped."""
    inner = "\n" + margin + "  "
    deeper = inner + "  "
    parts = []
    for key in sorted(node):
        values = node[key]
        if len(values) == 1:
            value = values[0]
            parts.append(f"{encode_basestring(key)}: " + (
                value if type(value) is str else _object_text(value, inner)))
        else:
            items = ("," + deeper).join(value if type(value) is str else _object_text(value, deeper)
                                        for value in values)
            parts.append(f"{encode_basestring(key)}: [{deeper}{items}{inner}]")
    return "{" + inner + ("," + inner).join(parts) + "\n" + margin + "}"


def _object_text(entries: tuple[str, ...], newline: str) -> str:
    """A value written as an object (its entries' texts) after ``newline``'s indent."""
    inner = newline + "  "
    return "{" + inner + ("," + inner).join(entries) + newline + "}"


def _lexical(literal: str) -> str:
    """The value of a literal whose N-Triples form has an escape, as Oxigraph reads it."""
    return next(ox.parse(f"<x:s> <x:p> {literal} .".encode(), ox.RdfFormat.N_TRIPLES)).object.value
