"""The store read through the part of rdflib's ``Graph`` API the site's page model uses.

``kgtool publish`` used to copy the whole graph into rdflib to build its pages: about a kilobyte
and a half per statement and a tenth of the time at 100k statements (issue 18). This view answers
the same calls (``objects``, ``subjects``, ``value``, …) from Oxigraph's indexes instead, turning
only the terms a page asks for into rdflib terms. Answers come sorted as
``KnowledgeGraph.triples()`` sorts statements, which is the order rdflib's in-memory store gave
for a graph filled from them whenever the subject is given (what a page asks about its resource),
so pages keep their bytes; a statement held in several files is answered once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import rdflib

from kgtool.rdf.store import OWL_CARDINALITIES, KnowledgeGraph, from_rdflib, to_rdflib

Node = rdflib.term.Node
TERMS_KEPT = 100_000  # terms remembered before the memo starts again (a million statements name many)
# literals remembered likewise: a page asks again for the figures and numbers of the neighbours it
# shows (a section's number on every page stated in it), and an rdflib Literal is dear to make (it
# parses its lexical form): at 100k statements 55k conversions were of 8k distinct literals
LITERALS_KEPT = 20_000
# the pattern terms a page asks with, in the store's form (the properties and the nodes of the last pages)
STORED_KEPT = 20_000
_NON_NEGATIVE_INTEGER = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


class StoreView:
    """A read-only, rdflib-shaped view of a KnowledgeGraph's merged statements."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.store = kg.store
        self._terms: dict[Any, Node] = {}
        self._literals: dict[ox.Literal, Node] = {}
        self._stored: dict[Node, Any] = {}  # the other way: the pattern's rdflib terms as the store's

    # --- the statements ------------------------------------------------------------------------

    def triples(self, pattern: tuple[Node | None, Node | None, Node | None]) -> Iterator[tuple[Node, Node, Node]]:
        return self.answer(self._found(pattern))

    def _found(self, pattern: tuple[Node | None, Node | None, Node | None]) -> set[ox.Triple]:
        s, p, o = (None if t is None else self._stored_term(t) for t in pattern)
        return {q.triple for q in self.store.quads_for_pattern(s, p, o)}

    def answer(self, found: set[ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
        """The statements of a pattern, read from the store by the caller, as ``triples`` gives
        them (a resource's page and its documents show the same statements: read once)."""
        term, obj = self._term, self._object
        for t in _ordered(found):
            yield term(t.subject), term(t.predicate), obj(t)

    # the shortcuts turn only the positions they give into rdflib terms (the others were made and
    # dropped: a third to two thirds of the conversions of a page, each a memo lookup by a term's hash)

    def answer_predicate_objects(self, found: set[ox.Triple]) -> Iterator[tuple[Node, Node]]:
        """``answer``'s predicates and objects (a resource's statements: the subject is the resource)."""
        term, obj = self._term, self._object
        return ((term(t.predicate), obj(t)) for t in _ordered(found))

    def answer_subject_predicates(self, found: set[ox.Triple]) -> Iterator[tuple[Node, Node]]:
        """``answer``'s subjects and predicates (the statements pointing to a resource)."""
        term = self._term
        return ((term(t.subject), term(t.predicate)) for t in _ordered(found))

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return self.triples((None, None, None))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        return any(True for _ in self.triples(triple))

    def _term(self, term: Any) -> Node:
        """IRIs are asked for again and again (types, properties): made once each; literals too,
        in a memo of their own (they are many more, and each is asked for fewer times)."""
        if type(term) is ox.Literal:
            lit = self._literals.get(term)
            if lit is None:
                if len(self._literals) >= LITERALS_KEPT:
                    self._literals.clear()
                lit = self._literals[term] = to_rdflib(term)
            return lit
        found = self._terms.get(term)
        if found is None:
            if len(self._terms) >= TERMS_KEPT:
                self._terms.clear()
            found = self._terms[term] = to_rdflib(term)
        return found

    def _stored_term(self, term: Node) -> Any:
        """The store's term for an rdflib term of a pattern (the same few are asked for on every page)."""
        if type(term) is not rdflib.URIRef and isinstance(term, rdflib.Literal):  # type(): rdflib's ABCs are slow
            return from_rdflib(term)
        found = self._stored.get(term)
        if found is None:
            if len(self._stored) >= STORED_KEPT:
                self._stored.clear()
            found = self._stored[term] = from_rdflib(term)
        return found

    def _object(self, t: ox.Triple) -> Node:
        o = self._term(t.object)
        if t.predicate.value in OWL_CARDINALITIES and isinstance(o, rdflib.Literal):
            # as KnowledgeGraph.to_rdflib gives it (the store narrows xsd:nonNegativeInteger)
            return rdflib.Literal(str(o), datatype=_NON_NEGATIVE_INTEGER)
        return o

    # --- rdflib's shortcuts ----------------------------------------------------------------------

    # (like rdflib's, these repeat a term once per statement it is in)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        term = self._term
        return (term(t.subject) for t in _ordered(self._found((None, predicate, object))))

    def predicates(self, subject: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        term = self._term
        return (term(t.predicate) for t in _ordered(self._found((subject, None, object))))

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return map(self._object, _ordered(self._found((subject, predicate, None))))

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Node, Node]]:
        term, obj = self._term, self._object
        return ((term(t.subject), obj(t)) for t in _ordered(self._found((None, predicate, None))))

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return self.answer_subject_predicates(self._found((None, None, object)))

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return self.answer_predicate_objects(self._found((subject, None, None)))

    def value(
        self, subject: Node | None = None, predicate: Node | None = None, object: Node | None = None
    ) -> Node | None:
        """The first term rdflib would give for the one position left open (None when not exactly one is)."""
        if [subject, predicate, object].count(None) != 1:
            return None
        for t in _ordered(self._found((subject, predicate, object))):
            if object is None:
                return self._object(t)
            if subject is None:
                return self._term(t.subject)
            return self._term(t.predicate)
        return None

    def transitive_objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """The subject and everything reachable from it by ``predicate``, each once, depth first."""
        seen: set[Node] = set()

        def walk(node: Node) -> Iterator[Node]:
            if node in seen:
                return
            seen.add(node)
            yield node
            for o in self.objects(node, predicate):
                yield from walk(o)

        return walk(subject)


def _ordered(found: set[ox.Triple]) -> list[ox.Triple] | set[ox.Triple]:
    """The statements in ``KnowledgeGraph.triples()``'s order (by their N-Triples text)."""
    return sorted(found, key=str) if len(found) > 1 else found
