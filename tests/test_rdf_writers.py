"""The fast paths of the RDF files give the text the slow ones gave: each term as
Oxigraph writes it, JSON as ``json.dumps`` lays it out, annotations written one by one as
the whole document would be dumped (issue 20: the build's RDF step); the view's N-Triples
text escapes what N-Triples escapes, refuses what Oxigraph refuses, and reads back into
every store as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef

from foip_graph.kb import KnowledgeBase
from foip_graph.load import Dataset as LoadedData
from foip_graph.model import Entity, Evidence, Source
from foip_graph.rdf.annotations import annotation_collection, annotations_json, write_annotations
from foip_graph.rdf.jsontext import dumps
from foip_graph.rdf.serialize import CanonicalQuads, TermWriter, oxigraph_term
from foip_graph.rdf.store import rdf_dataset, select
from foip_graph.rdf.view import dataset_lines, rdflib_terms

ODD = "".join(chr(c) for c in [*range(0x20), 0x22, 0x5C, 0x7F, 0xE9, 0x3042, 0xFFFD, 0xFFFE,
                               0xFFFF, 0x1F600])

TERMS = [
    *(Literal(f"a{c}b") for c in ODD), Literal(ODD), Literal(""), Literal("plain"),
    Literal("quote \" and \\ backslash", lang="en"), Literal("x", lang="EN-gb"),
    Literal("2019", datatype=XSD.gYear), Literal("5", datatype=XSD.nonNegativeInteger),
    Literal("s", datatype=XSD.string), Literal(7), Literal("line\nbreak", datatype=XSD.string),
    URIRef("https://w3id.org/foip-graph/entity/japan"),
    URIRef("https://w3id.org/foip-graph/claim/c-1/evidence/memo/3-6"),
    URIRef("https://example.org/a?q=1&r=(2)#frag/x"), URIRef("https://example.org/%41b"),
    URIRef("https://example.org/caf\u00e9"), URIRef("http://www.wikidata.org/entity/Q17"),
    URIRef("urn:isbn:0451450523"), URIRef("https://example.org:8080/x"), BNode("b0"),
]
BAD_IRIS = ["https://example.org/a b", "http://a:b/x", "https://x.org/%zz", "https://x.org/a<b",
            "no scheme", "https://x.org/a\"b", "https://exa mple.org/x"]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_each_term_is_written_as_oxigraph_writes_it(term):
    assert TermWriter()(term) == str(oxigraph_term(term))


@pytest.mark.parametrize("iri", BAD_IRIS)
def test_an_iri_oxigraph_refuses_is_refused_with_its_error(iri):
    with pytest.raises(ValueError) as expected:
        ox.NamedNode(iri)
    for term in URIRef(iri), Literal("v", datatype=URIRef(iri)):
        with pytest.raises(ValueError) as got:
            TermWriter()(term)
        assert str(got.value) == str(expected.value)


def test_a_refused_authority_is_not_taken_for_a_good_one_later():
    nt = TermWriter()
    with pytest.raises(ValueError, match="Invalid character"):
        nt(URIRef("http://a:b/x"))
    with pytest.raises(ValueError, match="Invalid character"):
        nt(URIRef("http://a:b/y"))
    assert nt(URIRef("http://a:1/y")) == "<http://a:1/y>"


VALUES = [
    {}, [], "", 0, -3, 2.5, 1e-07, True, False, None, "é \" \\ \n \u2028 \x00",
    {"b": [1, {"z": [], "a": {}}], "a": {"x": None, "y": ["é", 1.0]}, "@id": "x", "A": True},
    [[[]], [{}], [1, [2, [3]]]], {"k": [True, {"n": None}]},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("sort_keys", [False, True])
def test_json_text_is_what_json_dumps_writes(value, sort_keys):
    expected = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    assert dumps(value, sort_keys=sort_keys) == expected
    assert dumps(value, margin="    ", sort_keys=sort_keys) == expected.replace("\n", "\n    ")


@pytest.mark.parametrize("which", ["mini", "kb"])
def test_annotations_written_one_by_one_are_the_whole_document_dumped(which, request, tmp_path):
    kb = request.getfixturevalue(which)
    document = annotation_collection(kb)
    expected = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_annotations(kb, tmp_path / "annotations.jsonld")
    assert (tmp_path / "annotations.jsonld").read_bytes() == expected == annotations_json(kb)
    assert document["total"] == len(document["first"]["items"]) == sum(
        len(c.evidence) for c in kb.claims) + sum(len(e.evidence) for e in kb.entities.values())


def test_a_knowledge_base_without_evidence_has_an_empty_collection(tmp_path):
    entity = Entity(id="x", kind="country", name="X", description="A country.")
    kb = KnowledgeBase(LoadedData(root=tmp_path, sources={}, entities={"x": entity}, claims=[]))
    write_annotations(kb, tmp_path / "annotations.jsonld")
    text = (tmp_path / "annotations.jsonld").read_text(encoding="utf-8")
    assert json.loads(text)["total"] == 0
    assert '"items": []\n  }\n}\n' in text
    assert text.encode("utf-8") == (json.dumps(annotation_collection(kb), indent=2,
                                               ensure_ascii=False) + "\n").encode("utf-8")


def test_json_ld_of_every_kind_of_term_is_dumped_json_of_the_same_quads():
    """Every term kind, escapes and all, as subject, object and graph name: the JSON-LD
    text is ``json.dumps(indent=2, sort_keys=True)`` of its own document, and Oxigraph
    reads back the quads that were written."""
    nodes = [t for t in TERMS if not isinstance(t, Literal)]
    predicates = [URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                  URIRef("https://w3id.org/foip-graph/ontology#memberOf"),
                  URIRef("http://www.w3.org/ns/oa#start"), URIRef("https://example.org/p!x")]
    quads = [(s, p, o, g) for s in nodes[:4] + nodes[-1:] for p in predicates for o in TERMS
             for g in (None, URIRef("https://w3id.org/foip-graph/graph/g"), BNode("g"))]
    canonical = CanonicalQuads.of(quads)
    text = canonical.to_bytes("jsonld", {}).decode("utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    written = set(ox.parse(canonical.to_bytes("nq", {}), ox.RdfFormat.N_QUADS))
    assert set(ox.parse(text.encode(), ox.RdfFormat.JSON_LD)) == written
    assert len(written) == len(quads)


# ---------------------------------------------------------------- the view's text

HOSTILE_NAME = 'Say "hi" \\ to Ōsaka\nnow\r\t😀'
ENTITY = "<https://w3id.org/foip-graph/entity/x>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
QUOTE = "<https://w3id.org/foip-graph/entity/x/record/evidence/s/0-10/quote>"


def hostile_kb(url: str) -> KnowledgeBase:
    """One entity with a name every N-Triples escape is needed for, a quote with quotes and
    a backslash, and a source whose URL is ``url``."""
    source = Source(id="s", title="t", publisher="p", date="2020", kind="k", file="f",
                    sha256="0" * 64, url=url)
    entity = Entity(id="x", kind="person", name=HOSTILE_NAME, description="plain",
                    evidence=[Evidence(source="s", quote='a "quote"\\', start=0, end=10)])
    return KnowledgeBase(LoadedData(Path("."), {"s": source}, {"x": entity}, []))


def test_the_view_escapes_literal_text_and_writes_iris_as_they_are():
    graphs = dataset_lines(hostile_kb("https://example.org/café?q=(1)#x"))
    lines = "\n".join(graphs["<https://w3id.org/foip-graph/graph/entities>"]).split("\n")
    assert f'{ENTITY} {LABEL} "Say \\"hi\\" \\\\ to Ōsaka\\nnow\\r\\t😀"@en' in lines
    assert f'{QUOTE} <http://www.w3.org/ns/oa#exact> "a \\"quote\\"\\\\"' in lines
    assert ("<https://w3id.org/foip-graph/source/s> <http://purl.org/dc/terms/source> "
            "<https://example.org/café?q=(1)#x>") in lines
    assert len(lines) == len(set(lines)) == 38


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_every_store_reads_the_hostile_text_back_as_it_was(store):
    ds = rdf_dataset(hostile_kb("https://example.org/x"), store)
    rows = select(ds, f"SELECT ?name WHERE {{ GRAPH ?g {{ {ENTITY} {LABEL} ?name }} }}").rows
    assert rows == [(Literal(HOSTILE_NAME, lang="en"),)]


@pytest.mark.parametrize("iri", ["https://example.org/a b", "https://x.org/a<b", "no scheme"])
def test_a_source_url_oxigraph_refuses_is_refused_with_its_error(iri):
    with pytest.raises(ValueError) as expected:
        ox.NamedNode(iri)
    with pytest.raises(ValueError) as got:
        dataset_lines(hostile_kb(iri))
    assert str(got.value) == str(expected.value)


def test_the_memory_store_reads_terms_from_the_text():
    lines = ['_:disjoint-kinds <x:p> "a\\"b\\\\c\\nd"@en',
             '<x:s> <x:p> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>\n<x:s> <x:q> "é"']
    assert list(rdflib_terms(lines)) == [
        [BNode("disjoint-kinds"), URIRef("x:p"), Literal('a"b\\c\nd', lang="en")],
        [URIRef("x:s"), URIRef("x:p"), Literal("5", datatype=XSD.nonNegativeInteger)],
        [URIRef("x:s"), URIRef("x:q"), Literal("é")]]


def test_text_split_in_chunks_gives_every_line_once_sorted():
    """More pieces than one chunk of CanonicalQuads.of_text, lines repeated across pieces
    and chunks: every line once, in byte order, and the text handed in is let go."""
    pieces = [f"<urn:s{n}> <urn:p> <urn:o{n % 7}>\n<urn:s{n}> <urn:q> \"{n % 3}\""
              for n in [*range(5000), *range(5000)]]  # each piece twice, a chunk apart
    graphs = {"<urn:g>": pieces}
    quads = CanonicalQuads.of_text(graphs)
    lines = quads.graphs[b"<urn:g>"]
    assert len(lines) == 10_000  # 5,000 subjects, two lines each
    assert lines == sorted(lines)
    assert lines[:2] == [b"<urn:s0> <urn:p> <urn:o0>", b'<urn:s0> <urn:q> "0"']
    assert graphs == {} and pieces == []


def test_pieces_split_as_they_come_give_the_lines_of_the_whole_text():
    """Graphs taking turns, runs longer than a chunk, lines repeated across runs: the
    same graphs, lines and order as the whole text split at once."""
    runs = [("<urn:a>", [f"<urn:s{n}> <urn:p> \"{n % 5}\"" for n in range(5000)]),
            ("<urn:b>", ["<urn:s1> <urn:p> <urn:o>\n<urn:s0> <urn:p> <urn:o>"]),
            ("<urn:a>", ["<urn:s3> <urn:p> \"3\"", "<urn:s9> <urn:q> \"x\""]), ("", [])]
    whole: dict[str, list[str]] = {}
    for name, pieces in runs:
        whole.setdefault(name, []).extend(pieces)
    quads = CanonicalQuads.of_pieces(runs)
    assert quads.graphs == CanonicalQuads.of_text(whole).graphs
    assert [name for name in quads.graphs] == [b"<urn:a>", b"<urn:b>"]
    assert len(quads.graphs[b"<urn:a>"]) == 5001
