"""The RDF view on every store: rdflib's memory store, Oxigraph in memory and on disk hold
the same quads, answer the example queries alike and write files that read back."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal

import foip_graph
from foip_graph.rdf import store as st
from foip_graph.rdf.serialize import FORMATS

QUERIES = sorted((Path(__file__).parent.parent / "queries").glob("*.rq"))
OXIGRAPH_STORES = ["oxigraph", "oxigraph:{tmp}"]


@pytest.fixture(scope="module")
def memory(kb):
    return st.rdf_dataset(kb)


@pytest.fixture(scope="module", params=OXIGRAPH_STORES)
def oxi(request, kb, tmp_path_factory):
    """The bundled graph on each Oxigraph store."""
    name = request.param.format(tmp=tmp_path_factory.mktemp("oxigraph") / "store")
    return st.rdf_dataset(kb, name)


@pytest.fixture(scope="module")
def quads(memory) -> set:
    """The quads of the memory store as Oxigraph holds them."""
    return as_oxigraph(memory)


def as_oxigraph(ds) -> set:
    """The quads of ``ds`` as an Oxigraph store holds them (it stores some literals by
    value: "5"^^xsd:nonNegativeInteger as "5"^^xsd:integer)."""
    inner = st.oxigraph_of(ds)
    if inner is None:
        inner = ox.Store()
        inner.bulk_extend(st.oxigraph_quads(ds.quads((None, None, None, None))))
    return set(inner)


def test_store_names():
    assert st.parse_store("memory") == st.StoreSpec("memory")
    assert st.parse_store("oxigraph") == st.StoreSpec("oxigraph")
    assert st.parse_store("oxigraph:/data/graph") == st.StoreSpec("oxigraph", Path("/data/graph"))
    assert str(st.parse_store("oxigraph:/data/graph")) == "oxigraph:/data/graph"
    for wrong in ("oxigraph:", "memory:/x", "Oxigraph", ""):
        with pytest.raises(ValueError, match=f"unknown store {wrong!r}; choose memory, oxigraph"):
            st.parse_store(wrong)


def test_every_store_holds_the_same_quads(memory, oxi, quads):
    assert st.quad_count(oxi) == st.quad_count(memory) > 20_000
    assert as_oxigraph(oxi) == quads


def test_oxigraph_keeps_values_not_always_terms(oxi):
    """The documented difference: offsets come back as xsd:integer (same value)."""
    q = ("SELECT DISTINCT (DATATYPE(?start) AS ?type) WHERE { GRAPH ?g { "
         "?s <http://www.w3.org/ns/oa#start> ?start } }")
    assert [str(t) for (t,) in st.select(oxi, q).rows] == ["http://www.w3.org/2001/XMLSchema#integer"]


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_the_example_queries_answer_alike_on_every_store(memory, oxi, query):
    text = query.read_text(encoding="utf-8")
    expected = st.select(memory, text)
    assert expected.rows, f"{query.name} answers nothing on the bundled data"
    assert st.select(oxi, text) == expected


def test_bound_values_cannot_change_an_oxigraph_query(oxi):
    """Oxigraph binds only variables the query selects."""
    q = "SELECT ?x ?name WHERE { GRAPH ?g { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name } }"
    assert st.select(oxi, q, {"name": 'Japan" } } #'}).rows == []
    assert [str(x) for x, _ in st.select(oxi, q, {"name": Literal("Japan", lang="en")}).rows] == [
        "https://w3id.org/foip-graph/entity/japan"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_oxigraph_writes_every_format_and_it_reads_back(kb, quads, fmt):
    data = st.serialize(st.rdf_dataset(kb, "oxigraph"), fmt)
    assert st.serialize(st.rdf_dataset(kb, "oxigraph"), fmt) == data  # same bytes, run after run
    whole = quads
    if not FORMATS[fmt].named_graphs:
        whole = {ox.Quad(q.subject, q.predicate, q.object) for q in whole}
    for reader in ("oxigraph", "memory"):
        back = as_oxigraph(st.read(data, fmt, reader))
        assert {q for q in back if not _has_blank(q)} == {q for q in whole if not _has_blank(q)}
        assert len(back) == len(whole)


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def test_a_store_on_disk_is_replaced_at_each_build_and_readable_by_others(kb, tmp_path):
    path = tmp_path / "graph"
    first = st.rdf_dataset(kb, f"oxigraph:{path}")
    count = st.quad_count(first)
    first.close()  # releases the folder's lock
    second = st.rdf_dataset(kb, f"oxigraph:{path}")
    assert st.quad_count(second) == count
    second.close()
    assert len(ox.Store.read_only(str(path))) == count


def test_a_store_in_use_is_refused_with_a_sentence(kb, tmp_path):
    path = tmp_path / "graph"
    held = ox.Store(str(path))
    with pytest.raises(st.StoreError) as info:
        st.rdf_dataset(kb, f"oxigraph:{path}")
    assert str(info.value) == (
        f"the Oxigraph store in {path} is in use by another process (an `oxigraph serve "
        f"--location {path}`?); stop it first, or read it with pyoxigraph.Store.read_only")
    del held


def test_load_takes_a_store_and_builds_the_rdf_on_first_use(tmp_path):
    kg = foip_graph.load(store="oxigraph")
    assert kg.store == st.StoreSpec("oxigraph")
    assert st.oxigraph_of(kg.rdf) is not None
    assert st.oxigraph_of(foip_graph.load().rdf) is None
    with pytest.raises(ValueError, match="unknown store 'oxigraf'"):
        foip_graph.load(store="oxigraf")
