"""Writing a graph out in one of the four RDF syntaxes kgtool publishes.

Output is deterministic: the same input files give byte-identical output, so a
published dump changes only when the data does. Blank nodes (the ontology's OWL
restrictions) get canonical labels for the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pyoxigraph as ox
import rdflib
from rdflib.compare import to_canonical_graph

from kgtool.rdf.store import KnowledgeGraph, from_rdflib
from kgtool.vocab import PREFIXES

OUTPUT_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}


def serialize(kg: KnowledgeGraph, fmt: str = "ttl") -> bytes:
    """The merged graph in one RDF syntax, byte-identical for identical input."""
    return serialize_many(kg, [fmt])[fmt]


def serialize_many(kg: KnowledgeGraph, fmts: Sequence[str]) -> dict[str, bytes]:
    """The graph in several syntaxes at once: the rdflib copy and its canonical blank nodes
    are made once, which is most of the cost of a small graph (a published resource's
    description is written in four syntaxes)."""
    for fmt in fmts:
        if fmt not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    graph = canonical(kg.to_rdflib())
    return {fmt: _write(graph, fmt) for fmt in fmts}


def _write(graph: rdflib.Graph, fmt: str) -> bytes:
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        context = dict(sorted(PREFIXES.items()))
        text = graph.serialize(format="json-ld", context=context, auto_compact=True)
        return (
            json.dumps(_sorted_jsonld(json.loads(text)), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        ).encode("utf-8")
    if fmt == "rdfxml":
        # rdflib's RDF/XML writer walks sets (order varies with the hash seed); Oxigraph's
        # streams triples in the order given, so sorted input gives stable output.
        triples = [
            ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
            for s, p, o in sorted(graph)
        ]
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(sorted(PREFIXES.items()))) or b""
    return graph.serialize(format=OUTPUT_FORMATS[fmt], encoding="utf-8")


def _sorted_jsonld(node: object) -> object:
    """JSON-LD with node and value arrays in a stable order (the serializer's follows set order)."""
    if isinstance(node, dict):
        # an "@list" is an RDF list: its order is data, so only its members are normalised
        return {k: ([_sorted_jsonld(x) for x in v] if k == "@list" else _sorted_jsonld(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The same graph with blank nodes relabelled canonically (stable across runs)."""
    if not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple):
        return graph
    result = rdflib.Graph()
    for prefix, ns in graph.namespaces():
        result.bind(prefix, ns)
    for triple in sorted(to_canonical_graph(graph)):
        result.add(triple)
    return result
