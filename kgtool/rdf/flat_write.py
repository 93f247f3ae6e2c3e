"""The site's RDF documents written straight from Oxigraph's terms: ``kgtool publish``'s fast path.

rdflib's pretty writers (kgtool.rdf.write, which ``kgtool build`` keeps) needed an rdflib copy of
every graph written and were half of the time of ``kgtool publish`` (issue 18). Here every syntax
is written from the sorted, canonically labelled statements with no rdflib copy: Turtle and
RDF/XML by Oxigraph's writers, JSON-LD by kgtool.rdf.jsonld_write, N-Triples by the writer
``kgtool build`` uses (so the N-Triples dump is byte-identical to ``kgtool build --format nt``).

The documents are flat: a blank node is written by its canonical label (``_:c14n…``) and
described at the top level, never nested in ``[ … ]`` or ``@list``. That is less legible for
the ontology's OWL restrictions (the site's ``ontology.*`` files are therefore written by the
pretty writers), but it is one pass over the statements: a chain or ring of a thousand blank
nodes (issue 17) costs what a thousand named nodes cost, with no nesting limit to keep.

The same refusals as ``kgtool build`` (kgtool.rdf.write.refuse_unwritable: base directions,
what XML cannot carry) come before the first byte, in the reader's language. The output is
deterministic: the same statements give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox

from kgtool.rdf.blank_nodes import canonical_triples
from kgtool.rdf.jsonld_write import jsonld_document
from kgtool.rdf.write import (
    LINE_BREAK_CHARS,
    SORTED_PREFIXES,
    Where,
    as_written,
    check_formats,
    has_line_break,
    ntriples,
    rdfxml_as_given,
    refuse_unwritable,
    replace_bytes,
)
from kgtool.vocab import PREFIXES


def _nowhere(t: ox.Triple) -> str | None:
    return None


def serialize_triples(stored: list[ox.Triple], fmts: Sequence[str], where: Where = _nowhere) -> dict[str, bytes]:
    """These statements in several syntaxes, with no store around them (a published resource's
    description: ``where`` names the file of a statement an error is about)."""
    return dict(serialize_each(stored, fmts, where))


def serialize_each(
    stored: list[ox.Triple], fmts: Sequence[str], where: Where = _nowhere
) -> Iterator[tuple[str, bytes]]:
    """The statements in each syntax in turn, one document at a time: a whole-graph dump is
    written and dropped before the next is made (four dumps of a million statements at once
    would hold over half a gigabyte). Refusals come before the first document."""
    check_formats(fmts)
    refuse_unwritable(stored, fmts, where)
    triples = canonical_triples(as_written(t) for t in stored)  # sorted as N-Triples text
    for fmt in fmts:
        if fmt == "nt":
            yield fmt, _sorted_ntriples(triples)
        elif fmt == "rdfxml":
            yield fmt, rdfxml_as_given(triples)  # in the statements' (N-Triples) order
        elif fmt == "jsonld":
            yield fmt, jsonld_document(triples, PREFIXES)
        else:
            yield fmt, _turtle(triples)


def _sorted_ntriples(triples: list[ox.Triple]) -> bytes:
    """``ntriples(triples)`` for statements already sorted by their text (``canonical_triples``), with
    no second sort and no line made term by term: a statement's line is its text and " .", so the
    order by text is the order of the lines (a text that begins another ends where the longer goes on
    with a character above the space: '@', '^', '-', a label's). ``nt_line`` escapes the line
    breaks of ``LINE_BREAK_CHARS`` in Oxigraph's text, which changes the order: a document with any
    is left to ``ntriples``. The input must come from ``canonical_triples``. A site's resource
    description was written twice over per resource (issue 18)."""
    if not triples:
        return b""
    text = " .\n".join(map(str, triples)) + " .\n"
    if has_line_break(text):
        return ntriples(triples)
    return text.encode("utf-8")


# Oxigraph escapes what its syntaxes require; these are legal unescaped, but a reader that splits
# lines the way Python's str.splitlines does would break a statement at them. Escaped, they read
# back the same in a literal and in an IRI (blank node labels and prefixed names cannot hold them).
TURTLE_ESCAPES = tuple((char.encode("utf-8"), f"\\u{ord(char):04X}".encode("ascii")) for char in LINE_BREAK_CHARS)


def _turtle(triples: list[ox.Triple]) -> bytes:
    """Turtle with the project's prefixes; a subject's statements together (the input is sorted),
    a literal bare only when its lexical form is a Turtle number or boolean of its type."""
    return replace_bytes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=SORTED_PREFIXES) or b"", TURTLE_ESCAPES
    )
