"""The RDF documents of the published site: whole-graph dumps, the ontology alone, one
description per resource, and the JSON-LD context they share.

The dumps and the descriptions are written by kgtool.rdf.flat_write, straight from the store's
terms (no rdflib copy: issue 18); their N-Triples is byte-identical to ``kgtool build --format
nt``, their other syntaxes hold the same statements with blank nodes by their canonical labels.
The ontology's documents go through ``kgtool.rdf.write`` as ``kgtool build`` does (its OWL
restrictions nested in ``[ … ]``: a small graph people read). The same graph always gives the
same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import Any, BinaryIO

import pyoxigraph as ox

from kgtool.rdf.flat_write import serialize_triples
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.stream_dump import StoreDump
from kgtool.rdf.write import serialize_many, stated_in
from kgtool.site.conneg import RDF_EXTENSIONS, SERIALIZER_FORMAT
from kgtool.vocab import PREFIXES

# (subject, predicate, object) as pyoxigraph terms
Triple = tuple[Any, ox.NamedNode, Any]
_FORMATS = [SERIALIZER_FORMAT[ext] for ext in RDF_EXTENSIONS]
_EXTENSION = {SERIALIZER_FORMAT[ext]: ext for ext in RDF_EXTENSIONS}


def graph_of(triples: Iterable[Triple]) -> KnowledgeGraph:
    """A KnowledgeGraph holding exactly these statements (to reuse the deterministic writers)."""
    kg = KnowledgeGraph()
    kg.store.extend(ox.Quad(s, p, o) for s, p, o in triples)
    kg.changed()
    return kg


def documents(kg: KnowledgeGraph) -> dict[str, bytes]:
    """The graph in every published syntax by ``kgtool build``'s pretty writers, keyed by file
    extension (ttl, jsonld, nt, rdf): for the ontology, whose restrictions read best nested."""
    written = serialize_many(kg, _FORMATS)
    return {ext: written[SERIALIZER_FORMAT[ext]] for ext in RDF_EXTENSIONS}


def write_dumps(kg: KnowledgeGraph, open_file: Callable[[str], AbstractContextManager[BinaryIO]]) -> StoreDump:
    """The whole graph in every published syntax, each streamed into the file ``open_file(extension)``
    opens while the store is read (kgtool.rdf.stream_dump: no dump is held in memory). Refusals come
    before the first file. Gives the dump's counts for the dataset description."""
    dump = StoreDump(kg, _FORMATS, stated_in(kg))
    dump.refuse()
    with ExitStack() as files:  # all four open at once: written from one pass over the store
        dump.write_all({fmt: files.enter_context(open_file(_EXTENSION[fmt])) for fmt in _FORMATS})
    return dump


def description_documents(kg: KnowledgeGraph, iri: str, read: Edges | None = None) -> dict[str, bytes]:
    """One resource's description in every published syntax, written from its statements alone
    (no store or rdflib graph is built per resource: that was most of the time of a publish).
    ``read``: its ``edges(kg, iri)``, when the caller has read them already (its page shows them too)."""
    written = serialize_triples(description(kg, iri, read), _FORMATS, stated_in(kg))
    return {ext: written[SERIALIZER_FORMAT[ext]] for ext in RDF_EXTENSIONS}


def context_document() -> bytes:
    """The JSON-LD context every JSON-LD file of the site uses (and embeds, so it parses offline)."""
    return (json.dumps({"@context": dict(sorted(PREFIXES.items()))}, indent=1, sort_keys=True) + "\n").encode("utf-8")


# a resource's statements: those about it, and those pointing to it
Edges = tuple[set[ox.Triple], set[ox.Triple]]


def edges(kg: KnowledgeGraph, iri: str) -> Edges:
    """The statements about the resource and those pointing to it, each once (a statement held in
    several files is one): read once per resource for its documents and its page."""
    node = ox.NamedNode(iri)
    return (
        {q.triple for q in kg.store.quads_for_pattern(node, None, None)},
        {q.triple for q in kg.store.quads_for_pattern(None, None, node)},
    )


def description(kg: KnowledgeGraph, iri: str, read: Edges | None = None) -> list[ox.Triple]:
    """What the site says about one resource: its symmetric concise bounded description.

    That is every statement about the resource and every statement pointing to it, with
    the statements about any blank node they reach, so a client following one IRI sees
    both what the resource links to and what links to it (as the HTML page does). Unsorted:
    the writers sort after naming the blank nodes canonically. ``read``: as for description_documents.
    """
    about, pointing = read or edges(kg, iri)
    found = about | pointing
    found |= set(_blank_closure(kg, [t.object for t in found] + [t.subject for t in found]))
    return list(found)


def _blank_closure(kg: KnowledgeGraph, start: list[Any]) -> Iterator[ox.Triple]:
    seen: set[ox.BlankNode] = set()
    todo = [t for t in start if isinstance(t, ox.BlankNode)]
    while todo:
        bnode = todo.pop()
        if bnode in seen:
            continue
        seen.add(bnode)
        for q in kg.store.quads_for_pattern(bnode, None, None):
            yield q.triple
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
