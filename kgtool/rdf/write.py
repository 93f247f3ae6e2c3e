"""Writing a graph out in one of the four RDF syntaxes kgtool publishes.

Output is deterministic: the same input files give byte-identical output, so a
published dump changes only when the data does. Blank nodes (the ontology's OWL
restrictions) get canonical labels for the same reason (kgtool.rdf.blank_nodes, linear time).

Every file written reads back as the same graph, as the store holds it: a literal is written
with its lexical form and datatype even when the form is not a valid value of the type
(``"maybe"^^xsd:boolean``, ``"1,5"^^xsd:decimal`` are kept as written by the store, so they are
written so too); a number is written bare (Turtle) or as a JSON number (JSON-LD) only when
reading that back gives the same literal; N-Triples escapes every character a line-based
reader could take for a line end. What a syntax cannot carry is refused with an error naming
the file and the statement, never changed: RDF 1.2 base directions (every syntax) and the
control characters XML 1.0 has no way to write (RDF/XML).

These are the pretty writers of ``kgtool build`` (rdflib's Turtle and JSON-LD, nesting the
ontology's OWL restrictions in ``[ … ]``; their bytes are pinned by the tests). ``kgtool publish``
writes its dumps and per-resource documents by kgtool.rdf.flat_write instead, from Oxigraph's
terms with no rdflib copy (issue 18); both share the refusals and the literal forms below.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.plugins.shared.jsonld.context import Context

from kgtool.errors import InputError, UsageError
from kgtool.i18n.problems import worded
from kgtool.rdf.blank_nodes import canonical_triples
from kgtool.rdf.literal_forms import UNNAMED
from kgtool.rdf.store import OWL_CARDINALITIES, KnowledgeGraph, from_rdflib, lexical_form, to_rdflib
from kgtool.vocab import PREFIXES, XSD

OUTPUT_FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}
# The syntaxes written to a file of each extension that kgtool (kgtool.rdf.parse.FORMATS) and other
# readers take it to hold; the first is the one written when --format is not given. N-Triples is
# also Turtle (and TriG, N3); an N-Quads file may hold N-Triples.
EXTENSION_FORMATS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys((".ttl", ".turtle", ".trig", ".n3"), ("ttl", "nt")),
    **dict.fromkeys((".nt", ".ntriples", ".nq", ".nquads"), ("nt",)),
    **dict.fromkeys((".jsonld", ".json-ld", ".json"), ("jsonld",)),
    **dict.fromkeys((".rdf", ".owl", ".xml", ".rdfxml"), ("rdfxml",)),
}


def output_format(path: Path | None, given: str | None) -> str:
    """The syntax to write to ``path`` (None: standard output): ``given`` (--format) when it is one
    the file's extension is read as; without it, the one the extension names, else Turtle. A
    ``given`` syntax the extension contradicts (``--format jsonld -o graph.ttl``) is refused
    (``output#format-mismatch``): the file would be read as its extension says and fail, and
    which of the two the user meant cannot be known."""
    named = EXTENSION_FORMATS.get(path.suffix.lower(), ()) if path else ()
    if given is None:
        return named[0] if named else "ttl"
    if path and named and given not in named:
        raise worded(
            UsageError,
            "output#format-mismatch",
            "output.format_mismatch",
            file=str(path),
            given=given,
            extension=path.suffix,
            named=named[0],
            wanted=EXTENSIONS[given],
        )
    return given


def serialize(kg: KnowledgeGraph, fmt: str = "ttl") -> bytes:
    """The merged graph in one RDF syntax, byte-identical for identical input."""
    return serialize_many(kg, [fmt])[fmt]


def serialize_many(kg: KnowledgeGraph, fmts: Sequence[str]) -> dict[str, bytes]:
    """The graph in several syntaxes at once: the canonical blank nodes and the rdflib copy are
    made once (a published resource's description is written in four syntaxes)."""
    check_formats(fmts)
    stored = list(kg.triples())
    refuse_unwritable(stored, fmts, stated_in(kg))
    triples = canonical_triples(as_written(t) for t in stored)
    graph = _rdflib_graph(triples) if {"ttl", "jsonld"} & set(fmts) else None
    written: dict[str, bytes] = {}
    for fmt in fmts:
        if fmt == "nt":
            written[fmt] = ntriples(triples)
        elif fmt == "rdfxml":
            written[fmt] = _rdfxml(triples)
        elif fmt == "jsonld":
            assert graph is not None
            written[fmt] = _jsonld(graph)
        else:
            assert graph is not None
            stream = io.BytesIO()
            _TurtleWriter(graph).serialize(stream, encoding="utf-8")
            written[fmt] = stream.getvalue()
    return written


def check_formats(fmts: Sequence[str]) -> None:
    """A format kgtool has no writer for is a programming error, not the user's."""
    for fmt in fmts:
        if fmt not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")


def as_written(t: ox.Triple) -> ox.Triple:
    """A statement as kgtool writes it: decimals with a point (kgtool.rdf.store.lexical_form), and
    OWL cardinalities as xsd:nonNegativeInteger again (Oxigraph's store narrows integer subtypes
    to xsd:integer; OWL 2's RDF mapping requires them, as the ontology states them)."""
    o = t.object
    if not isinstance(o, ox.Literal) or o.language:
        return t
    datatype = o.datatype
    if t.predicate.value in OWL_CARDINALITIES and datatype.value == _XSD_INTEGER:
        datatype = _NON_NEGATIVE_INTEGER
    value = lexical_form(o)
    if value == o.value and datatype == o.datatype:
        return t
    return ox.Triple(t.subject, t.predicate, ox.Literal(value, datatype=datatype))


_XSD_INTEGER = XSD + "integer"
_NON_NEGATIVE_INTEGER = ox.NamedNode(XSD + "nonNegativeInteger")


# --- what a syntax cannot carry ----------------------------------------------------------------


# the file a statement comes from, for an error about it (None when unknown)
Where = Callable[[ox.Triple], str | None]


def stated_in(kg: KnowledgeGraph) -> Where:
    """The file a statement of ``kg`` comes from (for an error about it), looked up only when asked."""

    def where(t: ox.Triple) -> str | None:
        files = kg.files_stating(t.subject)  # type: ignore[arg-type]
        return str(files[0]) if files else None

    return where


def refuse_unwritable(stored: list[ox.Triple], fmts: Sequence[str], where: Where) -> None:
    """Refuse, before anything is written, a statement one of ``fmts`` cannot carry unchanged."""
    _refuse_directions(stored, where)
    if "rdfxml" in fmts:
        _refuse_non_xml(stored, where)


def _refuse_directions(triples: list[ox.Triple], where: Where) -> None:
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and getattr(o, "direction", None):
            raise worded(
                InputError,
                "write#base-direction",
                "write.base_direction",
                file=where(t),
                statement=f"{_subject(t)} <{t.predicate.value}> {o}",
                direction=repr(o.direction),
            )


def _subject(t: ox.Triple) -> str:
    """A statement's subject as an error shows it: a blank node as ``[]``, since the store names
    each one anew on every load (not by the file's name for it), and a name that changes from run
    to run would make the same input give a different error each time."""
    return UNNAMED if isinstance(t.subject, ox.BlankNode) else str(t.subject)


# characters XML 1.0 has no way to write, not even as a character reference
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_non_xml(triples: list[ox.Triple], where: Where) -> None:
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and (bad := NOT_XML.search(o.value)):
            raise worded(
                InputError,
                "write#not-xml-text",
                "write.not_xml_text",
                file=where(t),
                statement=f"{_subject(t)} <{t.predicate.value}> {o}",
                character=f"U+{ord(bad.group()):04X}",
            )


# --- N-Triples and RDF/XML: straight from Oxigraph's terms ----------------------------------------

# Oxigraph escapes what canonical N-Triples requires; these are legal unescaped, but a reader that
# splits lines the way Python's str.splitlines does would break the statement at them.
LINE_BREAK_CHARS = "\x85\u2028\u2029"
_LINE_BREAKS = str.maketrans({char: f"\\u{ord(char):04X}" for char in LINE_BREAK_CHARS})
# the project's prefixes in the order the writers declare them
SORTED_PREFIXES = dict(sorted(PREFIXES.items()))


def ntriples(triples: list[ox.Triple]) -> bytes:
    """One statement per line, sorted (both ``kgtool build`` and the site's documents use this)."""
    lines = sorted(nt_line(t) for t in triples)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def nt_line(t: ox.Triple) -> str:
    """One statement as an N-Triples line, without its line feed: Oxigraph's text of it (a triple
    term in ``<<( … )>>``, as N-Triples 1.2 writes it), with the line breaks of ``LINE_BREAK_CHARS``
    escaped wherever they are, in an IRI as in a literal (a reader unescapes ``\\u2028`` in both)."""
    text = str(t)
    if has_line_break(text):
        text = text.translate(_LINE_BREAKS)
    return text + " ."


def has_line_break(text: str) -> bool:
    """Whether ``text`` holds one of ``LINE_BREAK_CHARS`` (written out: three searches in C, no
    generator, as each statement of a site's dump asks it)."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text


def _rdfxml(triples: list[ox.Triple]) -> bytes:
    # in rdflib's order of terms, as before, so `kgtool build`'s files keep their bytes
    triples = sorted(triples, key=lambda t: (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return rdfxml_as_given(triples)


# what kgtool escapes in Oxigraph's RDF/XML: a carriage return as a character reference
RDFXML_ESCAPES = ((b"\r", b"&#13;"),)


def rdfxml_as_given(triples: list[ox.Triple]) -> bytes:
    """RDF/XML of the statements in the order given (Oxigraph's writer streams them, so sorted
    input gives stable output). It writes a carriage return as it is, which an XML reader turns
    into a line feed: a character reference keeps it (nothing else in the document can hold one)."""
    data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=SORTED_PREFIXES) or b""
    return replace_bytes(data, RDFXML_ESCAPES)


def replace_bytes(data: bytes, pairs: Sequence[tuple[bytes, bytes]]) -> bytes:
    """``data`` with each byte string of ``pairs`` replaced by its escape, in order."""
    for raw, escaped in pairs:
        if raw in data:
            data = data.replace(raw, escaped)
    return data


# --- Turtle and JSON-LD: rdflib's pretty writers, with literals written as they are -----------------

_XSD = rdflib.Namespace(XSD)
# Turtle's bare number and boolean forms: a literal is written bare only when its lexical form is one
_BARE = {
    _XSD.integer: re.compile(r"[+-]?[0-9]+"),
    _XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    _XSD.boolean: re.compile(r"true|false"),
}
_TURTLE_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        '"': '\\"',
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\b": "\\b",
        "\f": "\\f",
        **{chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029] if chr(c) not in "\n\r\t\b\f"},
    }
)


class _WrittenLiteral(rdflib.Literal):
    """A literal rdflib's Turtle writer prints exactly: rdflib prints ``"maybe"^^xsd:boolean`` as a
    bare ``maybe`` (not Turtle), respells doubles (``1.5E0`` as ``1.5e+00``) and can end a long
    string with an unescaped quote."""

    def _literal_n3(self, use_plain: bool = False, qname_callback: Any = None) -> str:
        lexical = str(self)
        datatype = self.datatype
        if use_plain and datatype in _BARE and _BARE[datatype].fullmatch(lexical):
            return lexical
        encoded = '"' + lexical.translate(_TURTLE_ESCAPES) + '"'
        if self.language:
            return f"{encoded}@{self.language}"
        if datatype is None:
            return encoded
        return f"{encoded}^^{(qname_callback and qname_callback(datatype)) or f'<{datatype}>'}"


# blank nodes nested deeper than this are written by their labels, each described on its own
MAX_NESTING = 32


class _TurtleWriter(TurtleSerializer):
    """rdflib's Turtle writer, nesting ``[ … ]`` at most MAX_NESTING deep: it nests by recursion,
    so a chain or ring of a thousand blank nodes (a file of a few kilobytes) ended in a
    RecursionError. Past the limit a blank node is written by its (canonical) label and
    described at the top level, which rdflib does for every subject not yet written."""

    nesting = 0

    def p_squared(self, node: Any, position: int, newline: bool = False) -> bool:
        if self.nesting >= MAX_NESTING:
            return False
        self.nesting += 1
        try:
            return bool(super().p_squared(node, position, newline))
        finally:
            self.nesting -= 1


def _rdflib_graph(triples: list[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for t in triples:
        o = to_rdflib(t.object)
        if isinstance(o, rdflib.Literal):
            o = _WrittenLiteral(str(o), lang=o.language, datatype=o.datatype, normalize=False)
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), o))
    return graph


# a JSON number reads back as xsd:integer below 10^21 (JSON-LD 1.1), but many readers (Oxigraph, JavaScript)
# hold it as a double beyond 2^53: larger integers are written as strings with their type
_JSON_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,20})")


class _Converter(Converter):
    """rdflib's JSON-LD converter, with a native JSON value only where it reads back the same:
    rdflib writes ``"maybe"^^xsd:boolean`` as false, ``"abc"^^xsd:integer`` as "abc", INF and NaN
    as the non-JSON Infinity and NaN, and integers of 10^21 or more as numbers that read back as
    doubles."""

    def from_graph(self, graph: rdflib.Graph) -> list[Any]:
        """rdflib starts only from IRIs and unreferenced blank nodes, so a cycle of blank nodes
        that nothing named points to is left out: start from one node of each such cycle too.
        rdflib describes a blank object by recursion (a chain of a thousand blank nodes ended in a
        RecursionError): here it is put on a list of nodes to describe, worked off after each start."""
        self.pending: list[rdflib.BNode] = []
        self.lists = 0  # the depth of lists within lists being written
        nodemap: dict[str, Any] = {}
        for s in set(graph.subjects()):
            if isinstance(s, rdflib.URIRef) or (isinstance(s, rdflib.BNode) and not any(graph.subjects(None, s))):
                self.process_subject(graph, s, nodemap)
                self._describe_pending(graph, nodemap)
        nodes: list[Any] = list(nodemap.values())
        reached: set[rdflib.term.Node] = set()
        todo = [s for s in graph.subjects() if not isinstance(s, rdflib.BNode) or not any(graph.subjects(None, s))]
        extra: dict[str, Any] = {}
        for start in [None, *sorted({s for s in graph.subjects() if isinstance(s, rdflib.BNode)})]:
            if start is not None:
                if start in reached:
                    continue
                self.process_subject(graph, start, extra)
                self._describe_pending(graph, extra)
                todo = [start]
            while todo:
                node = todo.pop()
                if node not in reached:
                    reached.add(node)
                    todo += [o for o in graph.objects(node) if isinstance(o, rdflib.BNode)]
        return nodes + list(extra.values())

    def to_raw_value(self, graph: rdflib.Graph, s: Any, o: Any, nodemap: dict[str, Any]) -> Any:
        if isinstance(o, rdflib.Literal) and o.datatype is not None:
            lexical = str(o)
            if o.datatype == _XSD.boolean and lexical in ("true", "false"):
                return True if lexical == "true" else _Falsy(False)
            if o.datatype == _XSD.integer and _JSON_INTEGER.fullmatch(lexical) and abs(int(lexical)) < 2**53:
                return int(lexical) or _Falsy(0)
            return {self.context.type_key: self.context.to_symbol(o.datatype), self.context.value_key: lexical}
        if isinstance(o, rdflib.BNode):
            # a list inside lists MAX_NESTING deep is described node by node, as any blank node
            if self.lists >= MAX_NESTING or self.to_collection(graph, o) is None:
                if o.n3() not in nodemap:
                    self.pending.append(o)
                return {self.context.id_key: o.n3()}
            self.lists += 1
            try:
                return super().to_raw_value(graph, s, o, nodemap)
            finally:
                self.lists -= 1
        value = super().to_raw_value(graph, s, o, nodemap)
        # rdflib replaces a falsy first value of a property by the next one ("", 0, false are
        # lost when the property has more values): hand it a truthy stand-in, unwrapped below
        return _Falsy(value) if value is not None and not value else value

    def _describe_pending(self, graph: rdflib.Graph, nodemap: dict[str, Any]) -> None:
        while self.pending:
            self.process_subject(graph, self.pending.pop(), nodemap)


class _Falsy:
    """A false-looking JSON value (``""``, ``0``, ``false``) held in a truthy box."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _jsonld(graph: rdflib.Graph) -> bytes:
    context_data = dict(SORTED_PREFIXES)  # a copy: the document holds it
    converter = _Converter(Context(context_data), True, False)
    result = converter.convert(graph)
    if isinstance(result, list):
        result = {converter.context.get_key("@graph"): result}
    result["@context"] = context_data
    text = json.dumps(_sorted_jsonld(result), ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _sorted_jsonld(node: object) -> object:
    """JSON-LD with node and value arrays in a stable order (the serializer's follows set order)."""
    if isinstance(node, dict):
        # an "@list" is an RDF list: its order is data, so only its members are normalised
        return {k: ([_sorted_jsonld(x) for x in v] if k == "@list" else _sorted_jsonld(v)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(node, _Falsy):
        return node.value
    return node


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The same graph with blank nodes relabelled canonically (stable across runs)."""
    if not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple):
        return graph
    result = rdflib.Graph()
    for prefix, ns in graph.namespaces():
        result.bind(prefix, ns)
    for t in canonical_triples(
        ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
        for s, p, o in graph
    ):
        result.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return result
