"""The whole store written flat, one subject at a time: the site's dumps without the graph in memory.

``kgtool.rdf.flat_write.serialize_each`` sorts every statement of a graph as N-Triples text and
writes each syntax from that list: at a million statements the list, its sort keys and each
document as one ``bytes`` came to over a gigabyte (issue 18). The order it writes is "by the
text of the subject followed by a space, then by the statement's text": every statement of a
subject starts with the same text and an IRI or a blank node label holds no space, so a
subject's statements are one run of the sorted list. Here the subjects alone are sorted and
each one's statements are read from the store's index when its turn comes, so what is held at
once is the subjects and one subject's statements; the bytes are those of ``serialize_each``.

Blank nodes are labelled canonically from the statements that touch them (their labels depend
on nothing else), which are few in kgtool's data and read once. A graph that ``serialize_each``
would refuse (a base direction, what XML cannot carry) or that holds RDF 1.2 triple terms (whose
blank nodes need the whole graph) is handed to it as before, so refusals and bytes stay its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import BinaryIO, cast

import pyoxigraph as ox

from kgtool.rdf.blank_nodes import canonical_triples
from kgtool.rdf.flat_write import TURTLE_ESCAPES, serialize_each
from kgtool.rdf.jsonld_write import jsonld_chunks
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import (
    NOT_XML,
    RDFXML_ESCAPES,
    SORTED_PREFIXES,
    Where,
    as_written,
    check_formats,
    nt_line,
    refuse_unwritable,
    replace_bytes,
)
from kgtool.vocab import PREFIXES, RDF

_RDF_TYPE = ox.NamedNode(RDF + "type")
_NT_BATCH = 4096  # N-Triples lines handed to the file at once
_PIECE_SUBJECTS = 512  # subjects written by one call of Oxigraph's Turtle and RDF/XML writers


class StoreDump:
    """The store's statements in ``serialize_each``'s order, written to files one syntax at a time.

    Made by one pass over the store that also counts what the dataset description states
    (statements, subjects, properties, classes), so no other pass builds a set of every statement.
    """

    def __init__(self, kg: KnowledgeGraph, fmts: Sequence[str], where: Where) -> None:
        check_formats(fmts)
        self.kg, self.fmts, self.where = kg, list(fmts), where
        xml = "rdfxml" in fmts
        subjects: set[ox.NamedNode | ox.BlankNode] = set()
        predicates: set[ox.NamedNode] = set()
        classes: set[object] = set()
        touching_blank: set[ox.Triple] = set()
        self.whole = False  # True: left to serialize_each (see the module's docstring)
        for q in kg.store.quads_for_pattern(None, None, None):
            s, p, o = q.subject, q.predicate, q.object
            subjects.add(s)  # type: ignore[arg-type]
            predicates.add(p)
            if p == _RDF_TYPE:
                classes.add(o)
            if isinstance(o, ox.Literal):
                if getattr(o, "direction", None) or (xml and NOT_XML.search(o.value)):
                    self.whole = True
            elif isinstance(o, ox.Triple):
                self.whole = True
            if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
                touching_blank.add(q.triple)
            elif isinstance(s, ox.Triple):
                self.whole = True
        self.subjects, self.properties, self.classes = len(subjects), len(predicates), len(classes)
        self.statements = len({t for t in touching_blank if isinstance(t.subject, ox.BlankNode)})
        self._blank: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
        if not self.whole:
            for t in canonical_triples(as_written(t) for t in touching_blank):
                self._blank[t.subject].append(t)  # type: ignore[index]
        self._order: list[ox.NamedNode | ox.BlankNode] = []
        if not self.whole:
            named = [s for s in subjects if not isinstance(s, ox.BlankNode)]
            self._order = sorted(named + [s for s in self._blank if isinstance(s, ox.BlankNode)], key=_subject_key)
        self._counted = False

    def _runs(self) -> Iterator[list[ox.Triple]]:
        """Each subject's statements (as written, blank nodes canonically labelled), sorted as text."""
        count = 0
        for s in self._order:
            if isinstance(s, ox.BlankNode):
                yield self._blank[s]  # sorted already (canonical_triples)
                continue
            stored = {q.triple for q in self.kg.store.quads_for_pattern(s, None, None)}
            count += len(stored)
            found = {as_written(t) for t in stored if not isinstance(t.object, ox.BlankNode)}
            found.update(self._blank.get(s, ()))
            yield sorted(found, key=str)
        if not self._counted:
            self.statements += count
            self._counted = True

    def write_all(self, outs: Mapping[str, BinaryIO]) -> None:
        """Each syntax of ``outs`` (format -> file), serialize_each's bytes, from one pass over the
        store instead of one per syntax (each pass read every subject's statements again: most of
        the dumps' CPU time at a million statements).

        JSON-LD's writer pulls the statements; N-Triples lines are written as each subject's run
        goes by, and Turtle and RDF/XML are written by Oxigraph one piece of whole subjects at a
        time. Oxigraph's writers stream: what they write for a statement depends on the statement
        before it only (the same subject, the same predicate), so pieces cut between subjects,
        joined without the head (Turtle's prefixes, RDF/XML's root element) that each piece
        repeats and RDF/XML's closing tag, are the bytes of one call over all the statements."""
        if self.whole:
            for fmt, out in outs.items():
                self._write_whole(fmt, out)
            return
        nt, jsonld = outs.get("nt"), outs.get("jsonld")
        pieces = [_Pieces(fmt, out) for fmt, out in outs.items() if fmt in ("ttl", "rdfxml")]

        def runs() -> Iterator[list[ox.Triple]]:
            lines: list[str] = []
            held: list[ox.Triple] = []
            subjects = 0
            for run in self._runs():
                if nt is not None:
                    lines += sorted(nt_line(t) for t in run)
                    if len(lines) >= _NT_BATCH:
                        nt.write(("\n".join(lines) + "\n").encode("utf-8"))
                        lines = []
                if pieces:
                    held += run
                    subjects += 1
                    if subjects >= _PIECE_SUBJECTS:
                        for piece in pieces:
                            piece.write(held)
                        held, subjects = [], 0
                yield run
            if nt is not None and lines:
                nt.write(("\n".join(lines) + "\n").encode("utf-8"))
            for piece in pieces:
                if held:
                    piece.write(held)
                piece.close()

        if jsonld is not None:
            for chunk in jsonld_chunks((t for run in runs() for t in run), PREFIXES):
                jsonld.write(chunk)
        else:
            for _ in runs():
                pass

    def refuse(self) -> None:
        """Raise serialize_each's refusal, if it has one: call before the first dump is written."""
        if self.whole:
            refuse_unwritable(list(self.kg.triples()), self.fmts, self.where)

    def _write_whole(self, fmt: str, out: BinaryIO) -> None:
        """serialize_each's own path, for the graphs it must see whole."""
        stored = list(self.kg.triples())
        if not self._counted:
            self.statements, self._counted = len(stored), True
        for _, data in serialize_each(stored, [fmt], self.where):
            out.write(data)


def _subject_key(s: object) -> str:
    return f"{s} "


class _Pieces:
    """Turtle or RDF/XML written by Oxigraph one piece of whole subjects at a time (see
    ``StoreDump.write_all``), with kgtool's escapes."""

    def __init__(self, fmt: str, out: BinaryIO) -> None:
        self.out = out
        self.rdfxml = fmt == "rdfxml"
        self.syntax = ox.RdfFormat.RDF_XML if self.rdfxml else ox.RdfFormat.TURTLE
        self.escapes = RDFXML_ESCAPES if self.rdfxml else TURTLE_ESCAPES
        self.head = b""  # what every piece starts with; written once, with the first piece
        self.foot = b""  # what every RDF/XML piece ends with; written once, by close()
        self.started = False
        if self.rdfxml:
            empty = cast(bytes, ox.serialize([], None, self.syntax, prefixes=SORTED_PREFIXES))
            self.head = empty[: empty.index(b">\n", empty.index(b"<rdf:RDF")) + 2]
            self.foot = empty[len(self.head) :]

    def write(self, triples: list[ox.Triple]) -> None:
        data = cast(bytes, ox.serialize(triples, None, self.syntax, prefixes=SORTED_PREFIXES))
        if not self.rdfxml and not self.started:
            # Turtle's head: the prefix lines (written before the first statement only)
            self.head = data[: _prefix_lines(data)]
        if not data.startswith(self.head) or not data.endswith(self.foot):
            raise AssertionError(f"Oxigraph's {self.syntax} writer no longer repeats its head in each piece")
        body = data[len(self.head) : len(data) - len(self.foot)]
        if not self.started:
            body, self.started = self.head + body, True
        self.out.write(replace_bytes(body, self.escapes))

    def close(self) -> None:
        """The end of the document: RDF/XML's root element, closed (or the whole empty document)."""
        if self.rdfxml:
            self.out.write(replace_bytes(self.foot if self.started else self.head + self.foot, self.escapes))
        self.out.flush()


def _prefix_lines(data: bytes) -> int:
    """The length of the ``@prefix`` lines a Turtle document starts with."""
    size = 0
    for line in data.splitlines(keepends=True):
        if not line.startswith(b"@prefix "):
            break
        size += len(line)
    return size
