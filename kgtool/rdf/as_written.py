"""Literals as the files wrote them, for validation that must judge what the user wrote.

The store keeps numbers, booleans and dates as values (``kgtool.rdf.literal_forms``):
``"7"^^xsd:int`` comes back as ``"7"^^xsd:integer`` and ``"07"^^xsd:integer`` as ``"7"``, so a
shape with ``sh:datatype xsd:int`` or ``sh:pattern "^[1-9]"`` would judge the store's spelling,
not the file's. ``WrittenForms`` maps each stored statement whose literal the store rewrote to
the literal(s) the files wrote for it; it is built by parsing the files again (of a line-based
file only the lines that can hold such a literal, ``kgtool.rdf.typed_lines``) and passing each
distinct typed literal once through a scratch store (the cost grows with the number of
distinct typed literals, not with the size of the graph). It also keeps the prefixes the
files declare, which pySHACL's SPARQL relies on when a query uses a prefix it does not declare.

Blank nodes get new labels when a file is parsed again, so a statement about a blank node is
matched by its predicate and stored literal only: where the files wrote that stored literal
in more than one way about blank nodes, the stored form is kept (``ambiguous`` counts them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyoxigraph as ox
import rdflib

from kgtool.rdf.parse import TypedStatement, typed_statements
from kgtool.rdf.store import KnowledgeGraph, to_rdflib
from kgtool.rdf.xsd_lexical import JUDGED, of_datatype

_PROBE = ox.NamedNode("urn:kgtool:probe")

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
# (subject, or None for a blank node; predicate; the literal as the store holds it)
Key = tuple[Subject | None, ox.NamedNode, ox.Literal]


@dataclass
class WrittenForms:
    """Statements whose literal the store holds differently from the files, and the files' prefixes."""

    literals: dict[Key, frozenset[ox.Literal]] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    ambiguous: int = 0
    # the statements whose literal is not of its datatype by XSD's lexical rules (``xsd_lexical``),
    # as the files write them (a blank node as parsed again: it names no node of the store) with
    # the literal the store holds, in file order, each once: validation reports them whatever the
    # shapes say (``kgtool.validation.checks.not_of_datatype_findings``)
    not_of_datatype: list[tuple[Subject, ox.NamedNode, ox.Literal, ox.Literal]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.literals)

    @property
    def predicates(self) -> frozenset[str]:
        """The predicates of the statements whose literal was rewritten (IRIs)."""
        return frozenset(p.value for _, p, _ in self.literals)

    def changes(self) -> dict[str, frozenset[str]]:
        """For each predicate of a rewritten statement, how the store changed its literals: always
        ``spelling``; ``datatype`` when it changed a datatype (``xsd:int`` -> ``xsd:integer``) or
        made a literal not of its datatype a valid one (``"inf"^^xsd:double`` -> ``"INF"``,
        ``"P1DT"^^xsd:duration`` -> ``"P1D"``), which ``sh:datatype`` tells apart;
        ``merged`` when two literals the files wrote became one statement (``"1"`` and ``"true"``
        as booleans), which changes what a count of values sees."""
        found: dict[str, set[str]] = {}
        for (_, predicate, stored), forms in self.literals.items():
            kinds = found.setdefault(predicate.value, {"spelling"})
            if any(w.datatype != stored.datatype or _not_of_datatype(w) for w in forms):
                kinds.add("datatype")
            if len(forms) > 1:
                kinds.add("merged")
        return {p: frozenset(k) for p, k in found.items()}

    def written(self, subject: Subject, predicate: ox.NamedNode, stored: ox.Literal) -> frozenset[ox.Literal]:
        """The literal(s) the files wrote for this stored statement (the stored one when unchanged)."""
        key = (None if isinstance(subject, ox.BlankNode) else subject, predicate, stored)
        return self.literals.get(key, frozenset((stored,)))


def written_forms(files: Iterable[tuple[Path, str | None]]) -> WrittenForms:
    """Parse the (already loaded, so readable) files again: (path, input format or None) each."""
    return forms_of(typed_statements(path, input_format) for path, input_format in files)


def forms_of(parsed: Iterable[tuple[list[TypedStatement], dict[str, str]]]) -> WrittenForms:
    """The forms from each file's typed statements and declared prefixes, in the files' order (a
    caller that has parsed the files already, such as ``--jobs`` splitting a corpus, passes them).

    Only the statements whose stored literal some file wrote otherwise are gathered: a statement
    whose every written form is the stored one is left out below anyway, and at a million
    statements gathering each of them cost more than the rest together."""
    files = list(parsed)
    prefixes: dict[str, str] = {}
    stored_of: dict[ox.Literal, ox.Literal] = {}
    for typed, declared in files:
        for prefix, namespace in sorted(declared.items()):
            prefixes.setdefault(prefix, namespace)  # the first file's binding wins
        new = [lit for lit in dict.fromkeys(o for _, _, o in typed) if lit not in stored_of]
        stored_of.update(zip(new, _stored(new), strict=True))
    rewritten = {stored for written, stored in stored_of.items() if written != stored}
    ill = {written for written in stored_of if _not_of_datatype(written)}
    seen: dict[Key, set[ox.Literal]] = {}
    bad: dict[tuple[Subject, ox.NamedNode, ox.Literal, ox.Literal], None] = {}
    for typed, _ in files:
        for subject, predicate, literal in typed:
            stored = stored_of[literal]
            if stored in rewritten:
                key: Key = (None if isinstance(subject, ox.BlankNode) else subject, predicate, stored)
                seen.setdefault(key, set()).add(literal)
            if literal in ill:
                bad[(subject, predicate, literal, stored)] = None
    out = WrittenForms(prefixes=prefixes, not_of_datatype=list(bad))
    for key, written in seen.items():
        if written == {key[2]}:
            continue
        if key[0] is None and len(written) > 1:
            out.ambiguous += 1
            continue
        out.literals[key] = frozenset(written)
    return out


def rdflib_as_written(kg: KnowledgeGraph, forms: WrittenForms) -> rdflib.Graph:
    """The merged graph for pySHACL with each literal as the files wrote it, and the files'
    prefixes bound (rdflib resolves a query's undeclared prefixes from the graph it runs on)."""
    g = kg.to_rdflib()
    for prefix, namespace in forms.prefixes.items():
        if prefix not in dict(g.namespaces()):
            g.bind(prefix, namespace, override=False)
    if not forms:
        return g
    for predicate in sorted(forms.predicates):
        p = ox.NamedNode(predicate)
        statements = {(q.subject, q.object) for q in kg.store.quads_for_pattern(None, p, None)}
        for subject, o in sorted(statements, key=str):
            if not isinstance(o, ox.Literal):
                continue
            written = forms.written(subject, p, o)
            if written != {o}:
                g.remove((to_rdflib(subject), to_rdflib(p), to_rdflib(o)))
                for literal in written:
                    g.add((to_rdflib(subject), to_rdflib(p), to_rdflib(literal)))
    return g


def _not_of_datatype(literal: ox.Literal) -> bool:
    """Whether a literal as written is not of its datatype by XSD's lexical rules (``xsd_lexical``)."""
    datatype = literal.datatype.value
    return datatype in JUDGED and not of_datatype(literal.value, datatype)


def _stored(literals: Sequence[ox.Literal]) -> list[ox.Literal]:
    """Each literal as the store gives it back."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kgtool:probe:{i}"), _PROBE, lit) for i, lit in enumerate(literals))
    stored = {
        int(cast(ox.NamedNode, q.subject).value.rsplit(":", 1)[1]): cast(ox.Literal, q.object)
        for q in scratch.quads_for_pattern(None, _PROBE, None)
    }
    return [stored[i] for i in range(len(literals))]


__all__ = ["WrittenForms", "forms_of", "rdflib_as_written", "written_forms"]
