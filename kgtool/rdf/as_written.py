"""Literals as the files wrote them, for validation that must judge what the user wrote.

The store keeps numbers, booleans and dates as values (``kgtool.rdf.literal_forms``):
``"7"^^xsd:int`` comes back as ``"7"^^xsd:integer`` and ``"07"^^xsd:integer`` as ``"7"``, so a
shape with ``sh:datatype xsd:int`` or ``sh:pattern "^[1-9]"`` would judge the store's spelling,
not the file's. ``WrittenForms`` maps each stored statement whose literal the store rewrote to
the literal(s) the files wrote for it; it is built by parsing the files again (of a line-based
file only the lines that can hold such a literal, ``kgtool.rdf.typed_lines``: each distinct
object term of those lines once, then only the lines whose literal the store rewrites) and
passing each distinct typed literal once through a scratch store (the cost grows with the
number of distinct typed literals, not with the size of the graph). It also keeps the prefixes the
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

from kgtool.rdf.parse import (
    KEPT_AS_WRITTEN,
    TypedStatement,
    format_for,
    given_typed_statements,
    kept_lines_of,
    typed_only,
    typed_statements,
)
from kgtool.rdf.store import KnowledgeGraph, to_rdflib
from kgtool.rdf.typed_lines import Kept
from kgtool.rdf.xsd_lexical import not_of_its_datatype

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
            if any(w.datatype != stored.datatype or not_of_its_datatype(w.value, w.datatype.value) for w in forms):
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
    return _forms([typed_literals(path, input_format) for path, input_format in files])


def forms_of(parsed: Iterable[tuple[list[TypedStatement], dict[str, str]]]) -> WrittenForms:
    """The forms from each file's typed statements and declared prefixes, in the files' order (a
    caller that has parsed the files already, such as ``--jobs`` splitting a corpus, passes them)."""
    return _forms([TypedLiterals.listed(typed, declared) for typed, declared in parsed])


def _forms(files: list[TypedLiterals]) -> WrittenForms:
    """Only the statements whose stored literal some file wrote otherwise are gathered: a statement
    whose every written form is the stored one is left out below anyway, and at a million
    statements gathering each of them cost more than the rest together."""
    prefixes: dict[str, str] = {}
    stored_of: dict[ox.Literal, ox.Literal] = {}
    for file in files:
        for prefix, namespace in sorted(file.prefixes.items()):
            prefixes.setdefault(prefix, namespace)  # the first file's binding wins
        new = [lit for lit in file.literals if lit not in stored_of]
        stored_of.update(zip(new, _stored(new), strict=True))
    rewritten = {stored for written, stored in stored_of.items() if written != stored}
    ill = {written for written in stored_of if not_of_its_datatype(written.value, written.datatype.value)}
    seen: dict[Key, set[ox.Literal]] = {}
    bad: dict[tuple[Subject, ox.NamedNode, ox.Literal, ox.Literal], None] = {}
    for file in files:
        wanted = {lit for lit in file.literals if stored_of[lit] in rewritten or lit in ill}
        for subject, predicate, literal in file.statements_with(wanted) if wanted else ():
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


@dataclass
class TypedLiterals:
    """A file's typed statements (``kgtool.rdf.parse.typed_statements``) as ``_forms`` reads them:
    first the distinct literals, then the statements of only those literals whose stored form
    some file writes otherwise. From the lines the file's bytes show (``kept``), the literals
    come from each distinct object term parsed once and the statements from only the lines
    wanted: at a million statements, a Python object for each of the 60,000 typed ones cost
    0.4 CPU s, for the few hundred whose literal the store rewrites (issue 18)."""

    literals: list[ox.Literal]
    prefixes: dict[str, str]
    typed: list[TypedStatement] | None = None  # every typed statement, when the file was parsed whole
    kept: Kept | None = None
    literal_of: dict[bytes, ox.Literal] = field(default_factory=dict)  # a kept line's object term -> literal
    parse_as: tuple[ox.RdfFormat, str] | None = None  # the file's syntax and base IRI

    @classmethod
    def listed(cls, typed: list[TypedStatement], prefixes: dict[str, str]) -> TypedLiterals:
        return cls(list(dict.fromkeys(o for _, _, o in typed)), prefixes, typed=typed)

    @classmethod
    def from_kept(cls, kept: Kept, fmt: ox.RdfFormat, base: str) -> TypedLiterals | None:
        """None when the lines cannot be read one by one (an ``@base`` line among them changes how
        the lines after it resolve) or their terms do not parse alone as they do in their lines."""
        if None in kept.objects:
            return None
        terms = cast(list[bytes], list(dict.fromkeys(kept.objects)))
        # each distinct object term once, in a statement of its own, as its line writes it (with
        # the whitespace after it): the same term, since no line uses a prefix or follows an @base
        document = b"".join(b"<urn:kgtool:t:%d> <urn:kgtool:t> %s .\n" % (i, term) for i, term in enumerate(terms))
        objects = [q.object for q in ox.parse(document, format=fmt, base_iri=base, lenient=True)]
        if len(objects) != len(terms):
            return None
        literal_of = {
            term: o
            for term, o in zip(terms, objects, strict=True)
            if type(o) is ox.Literal and o.datatype.value not in KEPT_AS_WRITTEN
        }
        return cls(list(dict.fromkeys(literal_of.values())), {}, kept=kept, literal_of=literal_of, parse_as=(fmt, base))

    def statements_with(self, wanted: set[ox.Literal]) -> list[TypedStatement]:
        """The typed statements whose literal is one of ``wanted``, in the file's order."""
        if self.typed is not None or self.kept is None or self.parse_as is None:
            return [t for t in self.typed or () if t[2] in wanted]
        terms = {term for term, literal in self.literal_of.items() if literal in wanted}
        lines = [line for line, term in zip(self.kept.lines, self.kept.objects, strict=True) if term in terms]
        fmt, base = self.parse_as
        return list(typed_only(ox.parse(b"\n".join(lines) + b"\n", format=fmt, base_iri=base, lenient=True)))


def typed_literals(path: Path, input_format: str | None = None) -> TypedLiterals:
    """The typed literals of a (loaded) file, from the lines that can hold them when its bytes show
    which they are, else from ``typed_statements`` (which a ``--jobs`` parent may have given)."""
    given = given_typed_statements(path, input_format)
    kept = kept_lines_of(path, input_format) if given is None else None
    if kept is not None:
        found = TypedLiterals.from_kept(kept, format_for(path, input_format), path.resolve().as_uri())
        if found is not None:
            return found
    return TypedLiterals.listed(*typed_statements(path, input_format))


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


def _stored(literals: Sequence[ox.Literal]) -> list[ox.Literal]:
    """Each literal as the store gives it back."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kgtool:probe:{i}"), _PROBE, lit) for i, lit in enumerate(literals))
    stored = {
        int(cast(ox.NamedNode, q.subject).value.rsplit(":", 1)[1]): cast(ox.Literal, q.object)
        for q in scratch.quads_for_pattern(None, _PROBE, None)
    }
    return [stored[i] for i in range(len(literals))]


__all__ = ["TypedLiterals", "WrittenForms", "forms_of", "rdflib_as_written", "typed_literals", "written_forms"]
