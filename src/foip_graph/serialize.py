"""Write a Dataset in every RDF format, byte-identical for the same data.

rdflib's in-memory store iterates in hash order, which changes from one process to the
next; only its Turtle writer sorts. So every format here is written in a canonical order:
Turtle as rdflib writes it; TriG as one sorted Turtle block per named graph; N-Triples and
N-Quads as sorted lines; JSON-LD with every unordered array sorted; RDF/XML by a small
writer of our own that emits one ``rdf:Description`` per subject, in order.

Formats that cannot hold named graphs (Turtle, N-Triples, RDF/XML) get the union of the
graphs: each statement node still names its source with ``prov:wasDerivedFrom``.

>>> sorted(FORMATS)
['jsonld', 'nq', 'nt', 'trig', 'ttl', 'xml']
>>> FORMATS["trig"].filename, FORMATS["trig"].named_graphs
('graph.trig', True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef

from .namespaces import BASE_IRI, IRIs
from .rdf import union_graph
from .vocabulary import VOCABULARY


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


def serialize(ds: Dataset, fmt: str, base_iri: str = BASE_IRI) -> bytes:
    """``ds`` in format ``fmt`` (a key of :data:`FORMATS`), as UTF-8 bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "ttl":
        text = turtle(union_graph(ds))
    elif fmt == "nt":
        text = _sorted_lines(union_graph(ds).serialize(format="nt"))
    elif fmt == "nq":
        text = _sorted_lines(ds.serialize(format="nquads"))
    elif fmt == "trig":
        text = trig(ds)
    elif fmt == "jsonld":
        text = jsonld(ds, jsonld_context(base_iri))
    else:
        text = rdfxml(union_graph(ds))
    return text.encode("utf-8")


def turtle(graph: Graph) -> str:
    """rdflib's Turtle, which sorts subjects, predicates and objects."""
    return graph.serialize(format="turtle")


def trig(ds: Dataset) -> str:
    """TriG: the prefixes, then each non-empty named graph as Turtle, graphs in IRI order."""
    prefixes: set[str] = set()
    blocks = []
    for graph in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph):
            continue
        named = Graph(bind_namespaces="none")
        for prefix, namespace in ds.namespaces():
            named.bind(prefix, namespace, override=True, replace=True)
        for triple in graph:
            named.add(triple)
        lines = turtle(named).strip().splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix "))
        body = [f"    {line}" if line else "" for line in lines if not line.startswith("@prefix ")]
        blocks.append(f"{graph.identifier.n3()} {{\n"
                      + "\n".join(body).strip("\n") + "\n}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def _sorted_lines(text: str) -> str:
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JSON-LD


def jsonld_context(base_iri: str = BASE_IRI) -> dict:
    """The JSON-LD context written beside the graph: our prefixes, short names for the
    reused terms, and one term per predicate (entity-valued ones coerced to IRIs).

    >>> ctx = jsonld_context()
    >>> ctx["memberOf"], ctx["label"]
    ({'@id': 'fg:memberOf', '@type': '@id'}, 'rdfs:label')
    """
    iris = IRIs(base_iri)
    ref = "@id"
    context: dict = dict(iris.prefixes)
    context.update({
        "label": "rdfs:label", "altLabel": "skos:altLabel", "description": "schema:description",
        "sameAs": {"@id": "owl:sameAs", "@type": ref},
        "subject": {"@id": "rdf:subject", "@type": ref},
        "predicate": {"@id": "rdf:predicate", "@type": ref}, "object": "rdf:object",
        "date": "dcterms:date", "startDate": "schema:startDate", "endDate": "schema:endDate",
        "role": "schema:roleName", "unit": "schema:unitText", "note": "skos:note",
        "stance": "fg:stance", "derivedFrom": {"@id": "prov:wasDerivedFrom", "@type": ref},
        "title": "dcterms:title", "publisher": "dcterms:publisher",
        "hasBody": {"@id": "oa:hasBody", "@type": ref},
        "hasTarget": {"@id": "oa:hasTarget", "@type": ref},
        "hasSource": {"@id": "oa:hasSource", "@type": ref},
        "hasSelector": {"@id": "oa:hasSelector", "@type": ref},
        "exact": "oa:exact", "prefix": "oa:prefix", "suffix": "oa:suffix",
        "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
        "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    })
    for predicate in VOCABULARY.predicates.values():
        name = iris.predicate(predicate.name).fragment
        if name in context:
            raise ValueError(f"predicate {predicate.name}: its JSON-LD term {name!r} is "
                             "already taken in the context; rename the predicate")
        datatype = ref if not predicate.is_literal else {"number": "xsd:decimal"}.get(
            predicate.value_type)
        context[name] = {"@id": f"fg:{name}", "@type": datatype} if datatype else f"fg:{name}"
    return context


def jsonld(ds: Dataset, context: dict) -> str:
    """JSON-LD compacted with ``context``; arrays other than ``@list`` sorted, keys sorted."""
    document = json.loads(ds.serialize(format="json-ld", context=context))
    return json.dumps(_canonical(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _canonical(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: v if k == "@context" else _canonical(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: (str(v.get("@id", "")) if isinstance(v, dict) else "",
                                            json.dumps(v, sort_keys=True, ensure_ascii=False)))
    return value


# ---------------------------------------------------------------- RDF/XML


def rdfxml(graph: Graph) -> str:
    """RDF/XML in its plainest form: one ``rdf:Description`` per subject, subjects and
    their properties in sorted order, blank nodes by ``rdf:nodeID``."""
    names = {str(ns): prefix for prefix, ns in graph.namespaces()}
    used: set[str] = set()

    def qname(predicate: URIRef) -> str:
        for namespace in sorted(names, key=len, reverse=True):
            local = predicate[len(namespace):]
            if predicate.startswith(namespace) and local and _is_ncname(local):
                used.add(namespace)
                return f"{names[namespace]}:{local}"
        raise ValueError(f"RDF/XML cannot write the predicate <{predicate}>: no bound prefix "
                         "ends where a valid XML name begins")

    body = []
    for subject in sorted(set(graph.subjects())):
        about = _node_attr("rdf:about", subject)
        body.append(f"  <rdf:Description {about}>")
        for predicate, obj in sorted(graph.predicate_objects(subject)):
            tag = qname(predicate)
            if isinstance(obj, Literal):
                attrs = ""
                if obj.datatype is not None:
                    attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                elif obj.language:
                    attrs = f" xml:lang={quoteattr(obj.language)}"
                body.append(f"    <{tag}{attrs}>{escape(str(obj))}</{tag}>")
            else:
                body.append(f"    <{tag} {_node_attr('rdf:resource', obj)}/>")
        body.append("  </rdf:Description>")
    used.add(str(RDF))
    xmlns = [f"   xmlns:{names[ns]}={quoteattr(ns)}" for ns in sorted(used, key=names.get)]
    head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF", *xmlns, ">"]
    return "\n".join(head + body + ["</rdf:RDF>"]) + "\n"


def _node_attr(attribute: str, node) -> str:
    if isinstance(node, BNode):
        return f"rdf:nodeID={quoteattr(str(node))}"
    return f"{attribute}={quoteattr(str(node))}"


def _is_ncname(text: str) -> bool:
    first = text[0]
    return (first.isalpha() or first == "_") and all(c.isalnum() or c in "_-." for c in text)
