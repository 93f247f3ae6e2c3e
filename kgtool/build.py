"""Merging the ontology and the assessment data into one graph, and writing it out.

Output is deterministic: the same input files give byte-identical output, so a
published dump changes only when the data does. Blank nodes (the ontology's OWL
restrictions) get canonical labels for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import rdflib
from rdflib.compare import to_canonical_graph

from kgtool import resources
from kgtool.graph import PREFIXES, KnowledgeGraph

OUTPUT_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}


def project_files(include_ontology: bool = True) -> list[Path]:
    """The ontology and data files that make up the project's own graph."""
    return (resources.ontology_files() if include_ontology else []) + resources.data_files()


def build_graph(files: Sequence[Path] | None = None, input_format: str | None = None,
                include_ontology: bool = True) -> KnowledgeGraph:
    """Load the given files, or the project's own ontology and data when none are given."""
    paths = list(files) if files else project_files(include_ontology)
    if files and include_ontology:
        paths = resources.ontology_files() + [Path(p) for p in files]
    return KnowledgeGraph.from_files(paths, input_format)


def serialize(kg: KnowledgeGraph, fmt: str = "ttl") -> bytes:
    """The merged graph in one RDF syntax, byte-identical for identical input."""
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    graph = canonical(kg.to_rdflib())
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        context = dict(sorted(PREFIXES.items()))
        return graph.serialize(format="json-ld", context=context, sort_keys=True, indent=1,
                               encoding="utf-8", auto_compact=True)
    return graph.serialize(format=OUTPUT_FORMATS[fmt], encoding="utf-8")


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The same graph with blank nodes relabelled canonically (stable across runs)."""
    if not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple):
        return graph
    result = rdflib.Graph()
    for prefix, ns in graph.namespaces():
        result.bind(prefix, ns)
    for triple in to_canonical_graph(graph):
        result.add(triple)
    return result
