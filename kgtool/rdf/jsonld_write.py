"""A small deterministic JSON-LD writer, straight from Oxigraph's terms.

rdflib's JSON-LD writer needed an rdflib copy of every graph and was half of the time of
``kgtool publish`` (issue 18); Oxigraph's own writer gives expanded JSON-LD with no context. This
one writes the form kgtool has published all along: ``{"@context": …, "@graph": [nodes]}`` with
the project's prefixes as the context, compact IRIs where a prefix covers them, one node object
per subject in the order of the (sorted) statements, a property's single value bare and several
in an array. A literal becomes a JSON number or boolean only when reading it back gives the same
literal; everything else is a value object with its lexical form as written.

RDF lists are written as their ``rdf:first``/``rdf:rest`` statements (the same graph; no
``@list``), and a blank node as a node object with its ``_:`` label, so the writer is one pass
over the statements and never has to decide what can be nested.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from kgtool.vocab import RDF, XSD

_RDF_TYPE = RDF + "type"
_XSD_STRING = XSD + "string"
_XSD_BOOLEAN = XSD + "boolean"
_XSD_INTEGER = XSD + "integer"
# a JSON number reads back as xsd:integer below 10^21 (JSON-LD 1.1), but many readers (Oxigraph,
# JavaScript) hold it as a double beyond 2^53: larger integers are written as strings with their type
# node objects encoded into one piece of a streamed document
_BATCH = 1024
_JSON_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,15})")


# IRIs a compactor remembers (types and properties recur in every document; a site's resources do not)
_CACHE_LIMIT = 1 << 16


class Compactor:
    """IRIs shortened with the context's prefixes (the longest namespace that covers them)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            if len(self.cache) >= _CACHE_LIMIT:  # shared by every document of a publish: kept bounded
                self.cache.clear()
            found = self.cache[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                # an empty local part or one starting with '//' would not expand back to the IRI
                if local and not local.startswith("//"):
                    return f"{prefix}:{local}"
        return iri


def jsonld_document(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """The statements (sorted by subject, as kgtool's writers keep them) as one JSON-LD document:
    the context on the first line, then one node object per line (readable, and a change in the
    data shows as a change of the lines of the nodes it touches).

    Made one node at a time with Python's C JSON encoder (an indented dump takes the pure-Python
    encoder, which was most of the time of this writer), so a dump of a million statements never
    exists as one Python structure."""
    return b"".join(jsonld_chunks(triples, prefixes))


def jsonld_chunks(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> Iterator[bytes]:
    """``jsonld_document``'s bytes in pieces, made as the statements come (a whole-graph dump is
    written while the store is read, never held)."""
    key = tuple(sorted(prefixes.items()))
    context = _context(key)
    nodes = _nodes(triples, _compactor(key))
    first = next(nodes, None)
    if first is None:
        yield f'{context},\n"@graph":[]}}\n'.encode()
        return
    batch = [f'{context},\n"@graph":[\n{_dumps(first)}']
    for node in nodes:
        batch.append(_dumps(node))
        if len(batch) >= _BATCH:
            yield ",\n".join(batch).encode()
            batch = [""]  # the next piece starts with the separator
    yield (",\n".join(batch) + "\n]}\n").encode()


@functools.lru_cache(maxsize=4)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> Compactor:
    """One compactor per context, shared by the documents written with it (a site writes tens of
    thousands of small ones, each of which shortened the same types and properties again)."""
    return Compactor(dict(prefixes))


@functools.lru_cache(maxsize=4)
def _context(prefixes: tuple[tuple[str, str], ...]) -> str:
    """The document's opening with its context, without the closing brace: made once per context, not
    once per document (a site writes one per resource)."""
    return _dumps({"@context": dict(prefixes)})[:-1]


# what json.dumps(node, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":"))
# makes for every call, made once: dumps builds a new encoder whenever an option is not its default,
# and a site encodes a node object per resource and more (issue 18)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":"))


def _dumps(node: dict[str, Any]) -> str:
    return _ENCODER.encode(node)


def _nodes(triples: Iterable[ox.Triple], compact: Compactor) -> Iterator[dict[str, Any]]:
    """One node object per run of statements with the same subject."""
    # per statement: each of a triple's terms is read from it once (every read makes a new Python
    # object), and a compact IRI already known is taken from the compactor's memo without its call
    known = compact.cache
    node: dict[str, Any] = {}
    subject: object = None
    for t in triples:
        s = t.subject
        if s != subject:
            if node:
                yield node
            subject = s
            node = {"@id": _node_id(s, compact)}
        p = t.predicate.value
        o = t.object
        if p == _RDF_TYPE and type(o) is ox.NamedNode:
            iri = o.value
            key, value = "@type", known.get(iri) or compact(iri)
        else:
            key, value = known.get(p) or compact(p), _value(o, compact)
        held = node.get(key)
        if held is None:
            node[key] = value
        elif isinstance(held, list):
            held.append(value)
        else:
            node[key] = [held, value]
    if node:
        yield node


def _node_id(term: object, compact: Compactor) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    raise ValueError(f"JSON-LD 1.1 cannot write the triple term {term}")


def _value(o: object, compact: Compactor) -> Any:
    if type(o) is ox.Literal:
        if o.language:
            return {"@language": o.language, "@value": o.value}
        datatype = o.datatype.value
        lexical = o.value
        if datatype == _XSD_STRING:
            return lexical
        if datatype == _XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical == "true"
        if datatype == _XSD_INTEGER and _JSON_INTEGER.fullmatch(lexical) and abs(int(lexical)) < 2**53:
            return int(lexical)
        return {"@type": compact(datatype), "@value": lexical}
    return {"@id": _node_id(o, compact)}
