"""The RDF documents of the published site: whole-graph dumps, the ontology alone, one
description per resource, and the JSON-LD context they share.

Every document goes through ``kgtool.rdf.write.serialize_many``, the same deterministic writer as
``kgtool build``, so a dump on the site is byte-identical to what ``kgtool build`` writes
and the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import serialize_many
from kgtool.site.conneg import RDF_EXTENSIONS, SERIALIZER_FORMAT
from kgtool.vocab import PREFIXES

# (subject, predicate, object) as pyoxigraph terms
Triple = tuple[Any, ox.NamedNode, Any]


def graph_of(triples: Iterable[Triple]) -> KnowledgeGraph:
    """A KnowledgeGraph holding exactly these statements (to reuse the deterministic writers)."""
    kg = KnowledgeGraph()
    kg.store.extend(ox.Quad(s, p, o) for s, p, o in triples)
    return kg


def documents(kg: KnowledgeGraph) -> dict[str, bytes]:
    """The graph in every published syntax, keyed by file extension (ttl, jsonld, nt, rdf)."""
    written = serialize_many(kg, [SERIALIZER_FORMAT[ext] for ext in RDF_EXTENSIONS])
    return {ext: written[SERIALIZER_FORMAT[ext]] for ext in RDF_EXTENSIONS}


def context_document() -> bytes:
    """The JSON-LD context every JSON-LD file of the site uses (and embeds, so it parses offline)."""
    return (json.dumps({"@context": dict(sorted(PREFIXES.items()))}, indent=1, sort_keys=True) + "\n").encode("utf-8")


def description(kg: KnowledgeGraph, iri: str) -> KnowledgeGraph:
    """What the site says about one resource: its symmetric concise bounded description.

    That is every statement about the resource and every statement pointing to it, with
    the statements about any blank node they reach, so a client following one IRI sees
    both what the resource links to and what links to it (as the HTML page does).
    """
    node = ox.NamedNode(iri)
    found: set[Triple] = set()
    for q in kg.store.quads_for_pattern(node, None, None):
        found.add((q.subject, q.predicate, q.object))
    for q in kg.store.quads_for_pattern(None, None, node):
        found.add((q.subject, q.predicate, q.object))
    found |= set(_blank_closure(kg, [t[2] for t in found] + [t[0] for t in found]))
    return graph_of(sorted(found, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))))


def _blank_closure(kg: KnowledgeGraph, start: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> Iterator[Triple]:
    seen: set[ox.BlankNode] = set()
    todo = [t for t in start if isinstance(t, ox.BlankNode)]
    while todo:
        bnode = todo.pop()
        if bnode in seen:
            continue
        seen.add(bnode)
        for q in kg.store.quads_for_pattern(bnode, None, None):
            yield (q.subject, q.predicate, q.object)
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
