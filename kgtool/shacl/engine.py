"""SHACL validation on the store itself: the shapes compiled into SPARQL that Oxigraph runs.

pySHACL validates an rdflib copy of the graph, one focus node at a time. This engine
compiles every constraint of the shapes into one (or two) SPARQL SELECT queries over all
focus nodes at once, run by Oxigraph on the union of the loaded files: no rdflib copy,
no per-node queries. It gives the same validation results as pySHACL, result for result
(focus node, path, value, source shape, constraint component, severity, messages);
pySHACL stays the reference (``kgtool validate --engine pyshacl``), and the test suite
compares the two on every shape fixture and on a corpus with injected violations.

How each constraint is answered:

* targets: ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data, as pySHACL does),
  ``sh:targetSubjectsOf``/``ObjectsOf``/``Node`` and SPARQL targets, unioned in a subquery;
* counts (``sh:minCount``, ``sh:maxCount``) by ``GROUP BY … HAVING``, and ``sh:minCount 1``
  with ``sh:hasValue`` on a path by a ``NOT EXISTS`` look-up per focus node (``MINUS`` for a
  sequence path), ``sh:or``/``sh:xone`` of counted property shapes by an ``EXISTS`` look-up per
  member where no subject has two values on a capped path;
* ``sh:class`` by ``MINUS`` over the class and its subclasses; ``sh:in``, ``sh:hasValue``,
  ``sh:languageIn``, ``sh:disjoint``, ``sh:equals`` and ``sh:or``/``sh:xone`` of such
  constraints exactly in SPARQL;
* ``sh:datatype``, ``sh:pattern``, value ranges and ``sh:lessThan[OrEquals]`` by a SPARQL
  filter that lets through every value that might fail, then pySHACL's own rule (rdflib
  literal semantics, ``compare_literal``) on those few values, so ill-typed literals and
  mixed types are judged exactly as pySHACL judges them;
* SHACL-SPARQL constraints by the shape's own query run for all focus nodes at once
  (``$this`` joined with the targets), after ``kgtool.rdf.exists_rewrite`` has rewritten its
  ``FILTER [NOT] EXISTS`` into joins where that is provably equivalent.

* ``sh:nodeKind``, ``sh:minLength``/``sh:maxLength``, ``sh:uniqueLang``, ``sh:closed`` with
  ``sh:ignoredProperties``, and ``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``/``sh:xone`` over
  whole shapes (the member shapes' checks run on the value nodes); implicit class targets;
  a constraint without ``sh:message`` gets pySHACL's own default message;
* SPARQL-based constraint components (``sh:validator``, ``sh:nodeValidator``,
  ``sh:propertyValidator`` with their parameters) in ``kgtool.shacl.components``, with ``$this``
  (and ``$value``) bound wherever the query uses them (``kgtool.shacl.prebind``).

A SHACL-SPARQL query the specification forbids (MINUS, VALUES, SERVICE, a subquery without
``$this``) is refused with the specification's reason. A shape using anything else
(``$currentShape``, ``$shapesGraph``, ``sh:qualifiedValueShapesDisjoint``, a recursive shape, …)
raises ``Unsupported`` for that shape alone; ``kgtool.validation.checks`` then has pySHACL judge
that shape, and the report names the engine that judged each shape and why (docs/validate.md
lists both), so a refused shape is slower, never judged differently.

A user's SPARQL (constraints, targets, validators) shares its scope with names the engine
writes into it: a constraint's or validator's focus nodes (``?this a ?__class . VALUES ?__class
{ … }`` for a large class target, ``?this <p> ?__object``) and, in any of them, the EXISTS
rewrite's variables (``?__found<n>``, ``?__matched<n>``, ``?__local<n>_…``, ``?__key<n>_…``). A
query using one of those names (``_engine_names``) is handed to pySHACL: a user's ``?__class``
was joined with the engine's, and the fast engine found no failing node. The engine's other
names (``?__k``, ``?__f<k>``, ``?__g``, ``?__n<d>``, ``?__subject``) are only in its own queries or
inside a subquery that projects ``?this`` alone, where no user's variable can meet them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

from kgtool.errors import KgtoolError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded
from kgtool.rdf.exists_rewrite import Query as ParsedQuery
from kgtool.rdf.exists_rewrite import Unparsable, optimise, parse_query, rewrite_query, tokenize, variables
from kgtool.rdf.store import OxTerm, to_rdflib
from kgtool.rdf.xsd_lexical import JUDGED, of_datatype
from kgtool.shacl.components import (
    DEFAULT_PREFIXES,
    GENERIC,
    Component,
    bind_message,
    mentions,
    parameter_values,
    read_components,
    substitute,
    validator_for,
)
from kgtool.shacl.messages import DefaultMessages
from kgtool.shacl.naming import shape_words
from kgtool.shacl.parameters import pattern_of
from kgtool.shacl.prebind import forbidden, inject
from kgtool.shacl.refusal import Unsupported
from kgtool.shacl.unfocused import narrowed, pairs_query, without_focus
from kgtool.shacl.xpath_regex import Translation

if TYPE_CHECKING:
    from kgtool.progress import Progress

Query = Callable[[str], Iterable[ox.QuerySolution]]
T = TypeVar("T")
U = TypeVar("U")
Row = dict[str, OxTerm]

SUPPORTED = {
    SH[p]
    for p in (
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "targetNode",
        "target",
        "property",
        "path",
        "message",
        "severity",
        "deactivated",
        "name",
        "description",
        "order",
        "group",
        "minCount",
        "maxCount",
        "class",
        "datatype",
        "in",
        "hasValue",
        "pattern",
        "flags",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "disjoint",
        "equals",
        "lessThan",
        "lessThanOrEquals",
        "languageIn",
        "or",
        "xone",
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "sparql",
        "prefixes",
        "declare",
        "nodeKind",
        "minLength",
        "maxLength",
        "uniqueLang",
        "node",
        "not",
        "and",
        "closed",
        "ignoredProperties",
    )
}
NODE_KINDS = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBLANK(?v)",
    SH.Literal: "isLITERAL(?v)",
    SH.BlankNodeOrIRI: "(isBLANK(?v) || isIRI(?v))",
    SH.BlankNodeOrLiteral: "(isBLANK(?v) || isLITERAL(?v))",
    SH.IRIOrLiteral: "(isIRI(?v) || isLITERAL(?v))",
}
# a value whose STR() is the string pySHACL measures: IRIs, plain and language-tagged strings
PLAIN_STRING = f'(isIRI(?v) || (isLITERAL(?v) && (LANG(?v) != "" || DATATYPE(?v) = <{XSD.string}>)))'

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
UNBOUND_VAR = "?__unbound"
# why a SHACL-SPARQL variable the fast engine cannot bind is refused (pySHACL then judges the shape)
UNCOMPILED = {
    "currentShape": "it names a node of the shapes graph, which the store the queries run on does not hold",
    "shapesGraph": "it names the shapes graph as a graph to query, which the store does not hold (pySHACL refuses it too)",
}
FOCUS_HEAD = "{ SELECT DISTINCT ?this WHERE { "  # how a focus set given as a subquery begins (Compiler.focus)
VALUES_LIMIT = 2000  # focus sets up to this size are written into the queries as VALUES

# SPARQL conditions on ?v that imply pySHACL's datatype check passes (the rest is re-checked in Python)
CERTAIN_DATATYPE = {
    RDF.langString: 'isLITERAL(?v) && LANG(?v) != ""',
    XSD.string: f"isLITERAL(?v) && DATATYPE(?v) = <{XSD.string}>",
    XSD.integer: f'isLITERAL(?v) && DATATYPE(?v) = <{XSD.integer}> && REGEX(STR(?v), "^[+-]?[0-9]+$")',
    XSD.decimal: f'isLITERAL(?v) && DATATYPE(?v) = <{XSD.decimal}> && REGEX(STR(?v), "^[+-]?[0-9]+([.][0-9]+)?$")',
    XSD.boolean: f'isLITERAL(?v) && DATATYPE(?v) = <{XSD.boolean}> && STR(?v) IN ("true", "false")',
    XSD.gYear: f'isLITERAL(?v) && DATATYPE(?v) = <{XSD.gYear}> && REGEX(STR(?v), "^[0-9]{{4}}$")',
}
NUMERIC = f'isLITERAL(?v) && DATATYPE(?v) IN (<{XSD.integer}>, <{XSD.decimal}>) && REGEX(STR(?v), "^[+-]?[0-9]+([.][0-9]+)?$")'
RANGES = {
    SH.minInclusive: (">=", lambda c: c >= 0),
    SH.maxInclusive: ("<=", lambda c: c <= 0),
    SH.minExclusive: (">", lambda c: c > 0),
    SH.maxExclusive: ("<", lambda c: c < 0),
}
COMPONENT = {
    SH.minInclusive: "MinInclusive",
    SH.maxInclusive: "MaxInclusive",
    SH.minExclusive: "MinExclusive",
    SH.maxExclusive: "MaxExclusive",
    SH.lessThan: "LessThan",
    SH.lessThanOrEquals: "LessThanOrEquals",
}


BLANK_LABEL = re.compile(r"\b(?:_:)?([Nn][0-9a-f]{32}(?:b\d+)?)\b")


def readable(sg: rdflib.Graph, reason: str) -> str:
    """A refusal's reason with each blank node of the shapes graph named as ``shape_words`` names it."""

    def words(m: re.Match[str]) -> str:
        node = rdflib.BNode(m.group(1))
        return str(shape_words(sg, node)) if (node, None, None) in sg else m.group(0)

    return BLANK_LABEL.sub(words, reason)


def forbidden_query(sg: rdflib.Graph, where: rdflib.term.Node | None, reason: Phrase) -> KgtoolError:
    """A SHACL-SPARQL query the specification forbids: neither engine may run it."""
    return worded(
        KgtoolError,
        "validate#forbidden-sparql",
        "validate.forbidden_sparql",
        shape=shape_words(sg, where),
        reason=reason,
    )


@dataclass(frozen=True)
class Result:
    """One validation result, with the fields pySHACL puts in an sh:ValidationResult."""

    focus: OxTerm
    path: rdflib.term.Node | None
    value: rdflib.term.Node | None
    source_shape: rdflib.term.Node
    component: str
    severity: str
    messages: frozenset[rdflib.Literal]


Rows = Callable[[list[Row]], list[Result]]


@dataclass
class Check:
    """One query and what to make of each of its rows."""

    sparql: str
    rows: Rows
    label: str = ""
    # checks of the same kind on one focus set run as one query (see merge_checks):
    batch: str = ""  # present (minCount 1, hasValue) | max | class | filter
    branch: str = ""  # the pattern binding ?v from ?this
    cond: str = ""  # max: the HAVING test; class: the VALUES rows of classes; filter: the failing test
    focus: str = ""
    run: Callable[[Query], list[Result]] | None = None  # a check that is more than one query
    unfocused: str = ""  # max: the same rows for every subject, by pairs of values (kgtool.shacl.unfocused)
    per_value: bool = False  # a focus node's rows come from its values on a path alone (as class, filter)
    single: tuple[str, ...] = ()  # max: it finds nothing where no subject has two rows of one of these patterns
    flat: bool = False  # its rows depend on the set of focus nodes alone (SELECT DISTINCT ?this … MINUS)


@dataclass
class ShapeInfo:
    node: rdflib.term.Node
    path: rdflib.term.Node | None
    path_sparql: str | None
    severity: str
    messages: frozenset[rdflib.Literal]
    parents: list[rdflib.term.Node] = field(default_factory=list)


class Compiler:
    """Turns a shapes graph into checks for one data store (class closures come from the data)."""

    def __init__(self, shapes: rdflib.Graph, query: Query, threads: int = 1) -> None:
        self.sg = shapes
        # Each query the compiled shapes send has its FILTER [NOT] EXISTS rewritten into an equivalent
        # join where that is provably the same query (kgtool.rdf.exists_rewrite): Oxigraph evaluates
        # EXISTS row by row without using the row's bindings, which at a million statements takes
        # minutes. The rewrite is the engine's alone: the store runs every other query as written.
        self.query: Query = lambda sparql: query(optimise(sparql))
        self.threads = threads
        self._closures: dict[rdflib.term.Node, list[str]] = {}
        self.prefixes = self._prefixes()
        self.default_messages = DefaultMessages(shapes)
        self.refused: dict[rdflib.term.Node, str] = {}  # root shape -> why pySHACL must judge it
        self.compiled: list[rdflib.term.Node] = []  # root shapes this engine judged
        self._stack: list[rdflib.term.Node] = []  # shapes being compiled (sh:node and friends nest)
        self.components = read_components(shapes)
        self._repeats: dict[str, bool] = {}  # a value pattern -> some subject has two rows of it (see _unless_repeated)

    # --- shapes -------------------------------------------------------------------------------------

    def shapes(self) -> list[rdflib.term.Node]:
        found: set[rdflib.term.Node] = set()
        for t in SHAPE_TYPES:
            found |= set(self.sg.subjects(RDF.type, t))
        for p in TARGETS:
            found |= set(self.sg.subjects(p, None))
        found |= set(self.sg.objects(None, SH.property))
        return sorted(found, key=str)

    def check_supported(self, shape: rdflib.term.Node) -> None:
        for p in sorted(set(self.sg.predicates(shape, None)), key=str):
            if str(p).startswith(str(SH)) and p not in SUPPORTED:
                raise Unsupported(f"{shape}: {p} is not compiled")

    def target_classes(self, shape: rdflib.term.Node) -> list[rdflib.term.Node]:
        """sh:targetClass, and the shape itself when it is also a class (an implicit class target:
        typed rdfs:Class or a subclass of it stated in the shapes graph, as pySHACL reads it)."""
        found = set(self.sg.objects(shape, SH.targetClass))
        metaclasses = set(self.sg.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
        if any(t in metaclasses for t in self.sg.objects(shape, RDF.type)):
            found.add(shape)
        return sorted(found, key=str)

    def has_targets(self, shape: rdflib.term.Node) -> bool:
        return bool(self.target_classes(shape)) or any(
            True for p in TARGETS if p != SH.targetClass for _ in self.sg.objects(shape, p)
        )

    def info(self, shape: rdflib.term.Node) -> ShapeInfo:
        path = self.sg.value(shape, SH.path)
        severity = self.sg.value(shape, SH.severity) or SH.Violation
        messages = frozenset(m for m in self.sg.objects(shape, SH.message) if isinstance(m, rdflib.Literal))
        return ShapeInfo(
            shape,
            path,
            self.path_sparql(path) if path is not None else None,
            str(severity),  # the IRI, as pySHACL's report gives it (a shapes graph may define its own)
            messages,
        )

    def path_sparql(self, path: rdflib.term.Node) -> str:
        if isinstance(path, rdflib.URIRef):
            return f"<{path}>"
        if (path, RDF.first, None) in self.sg:
            return "(" + "/".join(self.path_sparql(p) for p in self.sg.items(path)) + ")"
        for p, fmt in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = self.sg.value(path, p)
            if inner is not None:
                return fmt.format(self.path_sparql(inner))
        alternatives = self.sg.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path_sparql(p) for p in self.sg.items(alternatives)) + ")"
        raise Unsupported(f"path {path} is not compiled")

    def closure(self, cls: rdflib.term.Node) -> list[str]:
        """The class and its subclasses in the data graph, as SPARQL terms."""
        if cls not in self._closures:
            if not isinstance(cls, rdflib.URIRef):
                raise Unsupported(f"class {cls} is not an IRI")
            rows = select_rows(self.query, f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")
            self._closures[cls] = sorted({str(r["c"]) for r in rows} | {f"<{cls}>"})
        return self._closures[cls]

    def _prefixes(self) -> str:
        """Every prefix the shapes declare (sh:declare), for all queries: SHACL scopes them to the
        queries whose sh:prefixes name them, which gives the same queries unless two declarations
        bind one prefix to different namespaces."""
        found: dict[str, str] = {}
        for decl in self.sg.objects(None, SH.declare):
            prefix, ns = self.sg.value(decl, SH.prefix), self.sg.value(decl, SH.namespace)
            if prefix is None or ns is None:
                continue
            if found.setdefault(str(prefix), str(ns)) != str(ns):
                raise Unsupported(f"the prefix {prefix} is declared for two namespaces")
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(found.items()))

    # --- focus nodes --------------------------------------------------------------------------------

    def focus(self, shape: rdflib.term.Node) -> str | None:
        """A pattern binding ?this to every focus node of the shape: the nodes themselves when
        they are few (a VALUES block lets Oxigraph start from them), else a subquery; None when
        the shape has no focus node at all."""
        select = self.focus_select(shape)
        rows = select_rows(self.query, self.prefixes + select + f" LIMIT {VALUES_LIMIT + 1}")
        if not rows:
            return None
        nodes = [r["this"] for r in rows]
        if len(nodes) <= VALUES_LIMIT and not any(isinstance(n, (ox.BlankNode, ox.Triple)) for n in nodes):
            return "VALUES ?this { " + " ".join(str(n) for n in nodes) + " }"
        return self.inline_focus(shape) or "{ " + select + " }"  # FOCUS_HEAD begins it

    def inline_focus(self, shape: rdflib.term.Node) -> str | None:
        """Class targets (or one subjects-of target) as a plain pattern Oxigraph can join freely.
        It may bind a node twice (two of its types are targets); every check selects DISTINCT
        or counts DISTINCT values, so that changes nothing."""
        classes = self.target_classes(shape)
        others = [
            p
            for p in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
            for _ in self.sg.objects(shape, p)
        ]
        if classes and not others:
            closure = sorted({c for cls in classes for c in self.closure(cls)})
            return f"?this a ?__class . VALUES ?__class {{ {' '.join(closure)} }}"
        subjects_of = list(self.sg.objects(shape, SH.targetSubjectsOf))
        if not classes and len(others) == 1 and len(subjects_of) == 1:
            return f"?this <{subjects_of[0]}> ?__object ."
        return None

    def focus_select(self, shape: rdflib.term.Node) -> str:
        """A query selecting every focus node of the shape as ?this."""
        return "SELECT DISTINCT ?this WHERE { " + " UNION ".join(self.focus_parts(shape)) + " }"

    def focus_parts(self, shape: rdflib.term.Node) -> list[str]:
        """One group pattern binding ?this per target of the shape (they may overlap)."""
        parts = []
        for cls in self.target_classes(shape):
            parts.append(f"{{ ?this a ?__class . VALUES ?__class {{ {' '.join(self.closure(cls))} }} }}")
        for p in sorted(self.sg.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"{{ ?this <{p}> ?__object }}")
        for p in sorted(self.sg.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"{{ ?__subject <{p}> ?this }}")
        nodes = sorted(self.sg.objects(shape, SH.targetNode), key=str)
        if nodes:
            parts.append(f"{{ VALUES ?this {{ {' '.join(term(n) for n in nodes)} }} }}")
        for target in self.sg.objects(shape, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in self.sg:
                raise Unsupported(f"{shape}: only SPARQL targets are compiled")
            select = str(self.sg.value(target, SH.select))
            parts.append("{ " + self.bulk_select(select, None) + " }")
        return parts

    def bulk_select(
        self,
        select: str,
        focus: str | None,
        path: str | None = None,
        where: rdflib.term.Node | None = None,
        also: dict[str, str] | None = None,
        top: str = "",
    ) -> str:
        """A SHACL-SPARQL query run for all focus nodes at once, ``$this`` bound wherever it occurs
        (kgtool.shacl.prebind), its EXISTS filters rewritten; a query SHACL forbids is refused.
        ``also``: more pre-bound variables (``value``) -> a pattern binding them with ``?this``, injected
        where nested groups need them; ``top`` binds them at the top, after the focus nodes."""
        also = also or {}
        if focus is not None:
            reason = forbidden(select, {"this", *also})
            if reason is not None:
                raise forbidden_query(self.sg, where, reason)
        for name in ("currentShape", "shapesGraph"):
            if mentions(select, name):
                raise Unsupported(f"${name} is not compiled: {UNCOMPILED[name]}")
        own = _engine_names(select, focus is not None)
        if own:
            raise Unsupported(
                f"the query uses {own}, a name the fast engine gives a variable of its own in the same query"
            )
        text = select.replace("$this", "?this")
        if path is not None:
            text = re.sub(r"([\s{}()])[$?]PATH", lambda m: m.group(1) + path, text)
        try:
            q = parse_query(text)
            plain = q.projected()[0] if focus is not None else set()  # a target may SELECT *
        except Unparsable as exc:
            raise Unsupported(f"cannot analyse the query: {exc}") from None
        tail = " ".join(t.text.upper() for t in q.tail)
        if "GROUP" in tail or "LIMIT" in tail or "OFFSET" in tail:
            raise Unsupported("a constraint query with GROUP BY, LIMIT or OFFSET is not compiled")
        if _unordered(q):
            text = q.render()
        if focus is not None:
            if "this" not in plain:
                raise Unsupported("a constraint query must select $this")
            try:
                text = inject(q.render(), {"this": focus} | also)
            except Unparsable as exc:
                raise Unsupported(f"cannot analyse the query: {exc}") from None
            brace = text.index("{")
            text = text[: brace + 1] + " " + focus + " " + top + " " + text[brace + 1 :]
        try:
            return rewrite_query(text, as_set=focus is None)  # a target's rows: a set of focus nodes
        except Unparsable:
            return text

    # --- checks -------------------------------------------------------------------------------------

    def roots(self) -> list[rdflib.term.Node]:
        """The shapes with targets, once every shape is known to compile (raises Unsupported first,
        before any query on the data has run)."""
        candidates = [s for s in self.shapes() if self.has_targets(s) and not self._deactivated(s)]
        roots = []
        for shape in candidates:  # a dry run of the compiler: no data is read but class closures
            try:
                for cls in self.target_classes(shape):
                    self.closure(cls)  # computed once, before threads share the cache
                self.focus_select(shape)
                self._checks_of(shape, "VALUES ?this { }")
            except Unsupported as exc:
                self.refused[shape] = readable(self.sg, str(exc))
            else:
                roots.append(shape)
        return roots

    def _checks_of(self, shape: rdflib.term.Node, focus: str) -> list[Check]:
        if shape in self._stack:
            raise Unsupported(f"{shape}: a shape that refers to itself (recursive shapes are not compiled)")
        self._stack.append(shape)
        try:
            return self._checks_of_shape(shape, focus)
        finally:
            self._stack.pop()

    def _checks_of_shape(self, shape: rdflib.term.Node, focus: str) -> list[Check]:
        found = self.shape_checks(self.info(shape), focus)
        if self.sg.value(shape, SH.path) is None:
            for prop in sorted(self.sg.objects(shape, SH.property), key=str):
                if not self._deactivated(prop):
                    found += self.shape_checks(self.info(prop), focus)
        for check in found:
            check.focus = focus
        out = merge_checks(found)
        for check in out:
            check.sparql = self.prefixes + check.sparql
        return out

    def shape_checks_for(self, shape: rdflib.term.Node) -> list[Check]:
        """The checks of one shape with targets, for its focus nodes in the data (none if it has none)."""
        focus = self.focus(shape)
        if focus is None:
            return []
        checks = self._checks_of(shape, focus)
        if not focus.startswith("VALUES") and not any(True for _ in self.sg.objects(shape, SH.target)):
            # many focus nodes: the checks that judge each value alone run over every subject first
            targets = " UNION ".join(self.focus_parts(shape))
            kinds = ("class", "filter", "max") if focus.startswith("{ SELECT") else ("class", "filter")
            for check in checks:
                if (check.batch in kinds or check.per_value) and check.run is None:
                    self._unfocus(check, focus, targets)
            for check in checks:
                if check.single:
                    self._unless_repeated(check)
        union = self.core_union(shape) if focus.startswith(FOCUS_HEAD) else None
        for check in checks:
            if not (check.flat and check.run is None and union is not None and check.sparql.count(focus) == 1):
                continue
            if not _joined(union, check.sparql.replace(focus, "", 1)):
                # the targets' union as it is, without the subquery making it distinct first: the
                # check's own SELECT DISTINCT gives each focus node once (at 1M 0.34 -> 0.25 s)
                check.sparql = check.sparql.replace(focus, union, 1)
        return checks

    def core_union(self, shape: rdflib.term.Node) -> str | None:
        """The union of the shape's targets when the compiler wrote every part (class, subjects-of,
        objects-of, node targets: they bind ?this and its own ?__ names); None with a SPARQL target,
        whose part is the user's SELECT with the user's projection: a variable it also selects (?v,
        or SELECT *) would be joined with the check's own and compared by its MINUS."""
        if any(True for _ in self.sg.objects(shape, SH.target)):
            return None
        return " UNION ".join(self.focus_parts(shape))

    def _unless_repeated(self, check: Check) -> None:
        """A ``sh:maxCount 1`` check runs only if some subject has two rows on one of its paths.

        One count over the path's statements (``COUNT(*)`` against ``COUNT(DISTINCT ?this)``) is a
        fraction of finding the subjects with two values, and on valid data it shows there are
        none: every subject then has one row, so one value, and no focus node can fail. Each path
        is counted once for all shapes. Where the counts differ (two values, or a statement held
        in two graphs), the check runs as before."""
        before = check.run
        sparql, rows = check.sparql, check.rows

        def run(query: Query) -> list[Result]:
            if not any(self._repeated(branch, query) for branch in check.single):
                return []
            return before(query) if before is not None else rows(select_rows(query, sparql))

        check.run = run

    def _repeated(self, branch: str, query: Query) -> bool:
        if branch not in self._repeats:  # two threads may both count a path: the same answer, stored twice
            counts = f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?this) AS ?m) WHERE {{ {branch} }}"
            row = select_rows(query, self.prefixes + counts)[0]
            self._repeats[branch] = row["n"] != row["m"]
        return self._repeats[branch]

    def _unfocus(self, check: Check, focus: str, targets: str) -> None:
        """Run ``check`` over every subject, then keep its focus nodes' rows (kgtool.shacl.unfocused)."""
        unfocused = self.prefixes + check.unfocused if check.unfocused else without_focus(check.sparql, focus)
        if unfocused is None:
            return
        focused, rows = check.sparql, check.rows

        def run(query: Query) -> list[Result]:
            return rows(narrowed(lambda sparql: select_rows(query, sparql), unfocused, focused, targets))

        check.run = run

    def checks(self) -> list[Check]:
        return [c for shape in self.roots() for c in self.shape_checks_for(shape)]

    def run(self, progress: Progress | None = None) -> list[Result]:
        """Every result: one task per shape (its focus nodes, then its checks), in ``threads`` threads;
        ``progress`` (kgtool.progress) advances by one per shape."""

        def task(shape: rdflib.term.Node) -> list[Result]:
            try:
                return [r for c in self.shape_checks_for(shape) for r in run_check(c, self.query)]
            except Unsupported as exc:  # found only on the data (a blank node where a default message names it)
                self.refused[shape] = readable(self.sg, str(exc))
                return []

        roots = self.roots()
        if progress is not None:
            progress.phase("validating (SHACL)")
            progress.set_total(len(roots))
        done = progress.advance if progress is not None else None
        results = [r for rs in in_threads(task, roots, self.threads, done) for r in rs]
        self.compiled = [shape for shape in roots if shape not in self.refused]
        return results

    def _deactivated(self, shape: rdflib.term.Node) -> bool:
        value = self.sg.value(shape, SH.deactivated)
        return bool(value.value) if isinstance(value, rdflib.Literal) else False

    def shape_checks(self, s: ShapeInfo, focus: str) -> list[Check]:
        sg, node = self.sg, s.node
        self.check_supported(node)
        if s.path is None and list(sg.objects(node, SH.property)) and sg.value(node, SH.path) is not None:
            raise Unsupported("nested property shapes are not compiled")
        if s.path is not None and list(sg.objects(node, SH.property)):
            raise Unsupported("property shapes inside property shapes are not compiled")
        values = f"?this {s.path_sparql} ?v ." if s.path_sparql else "BIND (?this AS ?v)"
        checks: list[Check] = []

        # cardinality
        low, high = sg.value(node, SH.minCount), sg.value(node, SH.maxCount)
        if (low is not None or high is not None) and s.path_sparql is None:
            raise Unsupported("sh:minCount/maxCount on a node shape")
        if low is not None:
            n = _int(low)
            if n == 1:
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {{ ?this {s.path_sparql} ?v }} }}"
            else:
                q = (
                    f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {s.path_sparql} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
                )
            if n > 0:
                checks.append(
                    Check(
                        q,
                        self._plain(s, "MinCountConstraintComponent"),
                        f"{node} minCount",
                        "present" if n == 1 else "",
                        values,
                        flat=n == 1,
                    )
                )
        if high is not None:
            q = (
                f"SELECT ?this WHERE {{ {focus} ?this {s.path_sparql} ?v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {_int(high)})"
            )
            checks.append(
                Check(
                    q,
                    self._plain(s, "MaxCountConstraintComponent"),
                    f"{node} maxCount",
                    "max",
                    values,
                    f"COUNT(DISTINCT ?v) > {_int(high)}",
                )
            )

        # classes
        for cls in sorted(sg.objects(node, SH["class"]), key=str):
            q = (
                f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} "
                f"MINUS {{ ?v a ?__c . VALUES ?__c {{ {' '.join(self.closure(cls))} }} }} }}"
            )
            checks.append(
                Check(
                    q,
                    self._valued(s, "ClassConstraintComponent"),
                    f"{node} class",
                    "class" if s.path_sparql else "",
                    values,
                    " ".join(self.closure(cls)),
                )
            )

        # value filters: exact in SPARQL, or a superset re-checked with pySHACL's rule
        for dt in sg.objects(node, SH.datatype):
            certain = CERTAIN_DATATYPE.get(dt, "false")  # type: ignore[call-overload]
            fail = f"!COALESCE({certain}, false)"
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
            checks.append(
                Check(
                    q,
                    self._valued(s, "DatatypeConstraintComponent", _datatype_fails(dt)),
                    f"{node} datatype",
                    "filter" if s.path_sparql else "",
                    values,
                    fail,
                )
            )
        for lst in sg.objects(node, SH["in"]):
            members = list(sg.items(lst))
            cond = " || ".join(f"sameTerm(?v, {term(m)})" for m in members) or "false"
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER (!({cond})) }}"
            checks.append(
                Check(
                    q,
                    self._valued(s, "InConstraintComponent"),
                    f"{node} in",
                    "filter" if s.path_sparql else "",
                    values,
                    f"!({cond})",
                )
            )
        for lst in sg.objects(node, SH.languageIn):
            fail = f"!COALESCE({self.language_in(lst)}, false)"
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
            checks.append(
                Check(
                    q,
                    self._valued(s, "LanguageInConstraintComponent"),
                    f"{node} languageIn",
                    "filter" if s.path_sparql else "",
                    values,
                    fail,
                )
            )
        for pattern in sg.objects(node, SH.pattern):
            # read as XPath reads it, written for each engine (kgtool.shacl.xpath_regex); a pattern
            # Rust's regex cannot evaluate (a back-reference) lets every value through to Python's
            translation = pattern_of(sg, node, pattern)
            if translation.sparql is None:
                fail = "true"
            else:
                regex = f"{_quote(translation.sparql)}, {_quote(translation.sparql_flags)}"
                fail = f"isBLANK(?v) || !COALESCE(REGEX(STR(?v), {regex}), false)"
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
            checks.append(
                Check(
                    q,
                    self._valued(s, "PatternConstraintComponent", _pattern_fails(translation)),
                    f"{node} pattern",
                    "filter" if s.path_sparql else "",
                    values,
                    fail,
                )
            )
        for p, (op, ok) in RANGES.items():
            for bound in sg.objects(node, p):
                certain = f"{NUMERIC} && ?v {op} {term(bound)}" if _is_number(bound) else "false"
                fail = f"!COALESCE({certain}, false)"
                q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
                checks.append(
                    Check(
                        q,
                        self._valued(s, COMPONENT[p] + "ConstraintComponent", _range_fails(bound, ok)),
                        f"{node} range",
                        "filter" if s.path_sparql else "",
                        values,
                        fail,
                    )
                )
        for value in sg.objects(node, SH.hasValue):
            present = f"?this {s.path_sparql} {term(value)} ."
            if s.path_sparql:
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {{ {present} }} }}"
            else:
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {term(value)})) }}"
            batch = "present" if s.path_sparql else ""
            checks.append(
                Check(q, self._plain(s, "HasValueConstraintComponent"), f"{node} hasValue", batch, present, flat=True)
            )

        # property pairs
        if s.path_sparql is None and any(
            True for p in (SH.disjoint, SH.equals, SH.lessThan, SH.lessThanOrEquals) for _ in sg.objects(node, p)
        ):
            raise Unsupported("property pair constraints on a node shape are not compiled")
        for other in sg.objects(node, SH.disjoint):
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} ?this {term(other)} ?v }}"
            checks.append(Check(q, self._valued(s, "DisjointConstraintComponent"), f"{node} disjoint"))
        for other in sg.objects(node, SH.equals):
            for q in (
                f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} MINUS {{ ?this {term(other)} ?v }} }}",
                (f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {term(other)} ?v MINUS {{ {values} }} }}"),
            ):
                checks.append(Check(q, self._valued(s, "EqualsConstraintComponent"), f"{node} equals"))
        for p, inclusive in ((SH.lessThan, False), (SH.lessThanOrEquals, True)):
            for other in sg.objects(node, p):
                op = "<=" if inclusive else "<"
                certain = f"{NUMERIC} && {NUMERIC.replace('?v', '?c')} && ?v {op} ?c"
                q = (
                    f"SELECT DISTINCT ?this ?v ?c WHERE {{ {focus} {values} ?this {term(other)} ?c "
                    f"FILTER (!COALESCE({certain}, false)) }}"
                )
                checks.append(
                    Check(q, self._pairs(s, COMPONENT[p] + "ConstraintComponent", inclusive), f"{node} {COMPONENT[p]}")
                )

        # logical constraints and qualified counts
        for kind, p in (("or", SH["or"]), ("xone", SH.xone)):
            for lst in sg.objects(node, p):
                try:
                    checks.append(self.logical(s, focus, values, list(sg.items(lst)), kind))
                except Unsupported:  # members beyond one filter: each member shape judged on the values
                    checks.append(self.conformance(s, focus, list(sg.items(lst)), kind))
        for lst in sg.objects(node, SH["and"]):
            checks.append(self.conformance(s, focus, list(sg.items(lst)), "and"))
        for member in sorted(sg.objects(node, SH.node), key=str):
            checks.append(self.conformance(s, focus, [member], "node"))
        for member in sorted(sg.objects(node, SH["not"]), key=str):
            checks.append(self.conformance(s, focus, [member], "not"))

        # node kinds, lengths, languages, closed shapes
        for nk in sg.objects(node, SH.nodeKind):
            if nk not in NODE_KINDS:
                raise Unsupported(f"{node}: sh:nodeKind {nk} is not a node kind")
            fail = f"!{NODE_KINDS[nk]}"  # type: ignore[index]
            q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
            batch = "filter" if s.path_sparql else ""
            checks.append(
                Check(q, self._valued(s, "NodeKindConstraintComponent"), f"{node} nodeKind", batch, values, fail)
            )
        for p, name, op in ((SH.minLength, "MinLength", ">="), (SH.maxLength, "MaxLength", "<=")):
            for bound in sg.objects(node, p):
                n = _int(bound)
                fail = f"!COALESCE({PLAIN_STRING} && STRLEN(STR(?v)) {op} {n}, false)"
                q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({fail}) }}"
                rule = _length_fails(n, op == ">=")
                checks.append(
                    Check(
                        q,
                        self._valued(s, name + "ConstraintComponent", rule),
                        f"{node} {name}",
                        "filter" if s.path_sparql else "",
                        values,
                        fail,
                    )
                )
        for unique in sg.objects(node, SH.uniqueLang):
            if not (isinstance(unique, rdflib.Literal) and unique.value is True):
                continue
            if s.path_sparql is None:
                raise Unsupported(f"{node}: sh:uniqueLang on a node shape")
            q = (
                f'SELECT ?this ?l WHERE {{ {focus} {values} FILTER (isLITERAL(?v) && LANG(?v) != "") '
                f"BIND (LCASE(LANG(?v)) AS ?l) }} GROUP BY ?this ?l HAVING (COUNT(DISTINCT ?v) > 1)"
            )
            checks.append(Check(q, self._plain(s, "UniqueLangConstraintComponent"), f"{node} uniqueLang"))
        for closed in sg.objects(node, SH.closed):
            if not (isinstance(closed, rdflib.Literal) and closed.value is True):
                continue
            if s.path_sparql is not None:
                raise Unsupported(f"{node}: sh:closed on a property shape")
            allowed = {p for prop in sg.objects(node, SH.property) for p in sg.objects(prop, SH.path)}
            allowed |= {p for lst in sg.objects(node, SH.ignoredProperties) for p in sg.items(lst)}
            listed = ", ".join(term(p) for p in sorted(allowed, key=str) if isinstance(p, rdflib.URIRef))
            test = f"FILTER (?p NOT IN ({listed}))" if listed else ""
            q = f"SELECT DISTINCT ?this ?p ?v WHERE {{ {focus} ?this ?p ?v {test} }}"
            checks.append(Check(q, self._closed(s), f"{node} closed"))
        qshape = sg.value(node, SH.qualifiedValueShape)
        if qshape is not None:
            if sg.value(node, SH.qualifiedValueShapesDisjoint) is not None:
                raise Unsupported("sh:qualifiedValueShapesDisjoint is not compiled")
            if not s.path_sparql:
                raise Unsupported("sh:qualifiedValueShape on a node shape")
            cond = self.member_filter(qshape)
            qmin, qmax = sg.value(node, SH.qualifiedMinCount), sg.value(node, SH.qualifiedMaxCount)
            tests = ([f"COUNT(DISTINCT ?ok) < {_int(qmin)}"] if qmin is not None else []) + (
                [f"COUNT(DISTINCT ?ok) > {_int(qmax)}"] if qmax is not None else []
            )
            q = (
                f"SELECT ?this (COUNT(DISTINCT ?ok) AS ?n) WHERE {{ {focus} OPTIONAL {{ {values} "
                f"BIND (IF(COALESCE({cond}, false), ?v, {UNBOUND_VAR}) AS ?ok) }} }} "
                f"GROUP BY ?this HAVING ({' || '.join(tests) or 'false'})"
            )
            checks.append(Check(q, self._qualified(s, qmin, qmax), f"{node} qualified"))

        # SHACL-SPARQL
        for constraint in sg.objects(node, SH.sparql):
            if (constraint, SH.deactivated, rdflib.Literal(True)) in sg:
                continue
            select = sg.value(constraint, SH.select)
            if select is None:
                raise Unsupported("a SPARQL constraint without sh:select")
            q = self.bulk_select(str(select), focus, s.path_sparql, node)
            extra = frozenset(m for m in sg.objects(constraint, SH.message) if isinstance(m, rdflib.Literal))
            if not extra and not s.messages:
                raise Unsupported("a SPARQL constraint without sh:message")
            checks.append(Check(q, self._sparql(s, extra), f"{node} sparql"))
        # SPARQL-based constraint components (SHACL section 6)
        for component in self.components:
            if component.applies(sg, node):
                checks.append(self.component_check(s, focus, component))
        return checks

    def component_check(self, s: ShapeInfo, focus: str, component: Component) -> Check:
        """A shape's use of a SPARQL-based constraint component, for all its focus nodes at once.

        The parameters' values are written into the validator's query (SHACL pre-binds them);
        ``$this`` and ``$value`` are bound as for SHACL-SPARQL constraints (kgtool.shacl.prebind).
        Where pySHACL departs from the letter of SHACL, this follows pySHACL, so the engines agree:
        an ASK result on a property shape has no sh:value, and a SELECT property validator that
        does not use ``?value`` runs once per value node (no value node: not at all)."""
        sg, node = self.sg, s.node
        validator = validator_for(sg, component, s.path is not None)
        params = parameter_values(sg, component, node)
        text = validator.text
        reason = forbidden(text, {"this", "value", *params})
        if reason is not None:
            raise forbidden_query(sg, node, reason)
        if s.path is None and mentions(text, "PATH"):
            raise Unsupported(f"{component.node}: $PATH in the validator of a node shape (pySHACL rejects it)")
        text = substitute(text, {name: term(value) for name, value in params.items()})
        names = dict(params)
        if s.path is not None:
            names["path"] = s.path
        values = f"?this {s.path_sparql} ?value ." if s.path_sparql else "BIND (?this AS ?value)"
        pairs = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} }}"
        prefixes = "".join(
            f"PREFIX {p}: <{ns}>\n" for p, ns in DEFAULT_PREFIXES.items() if f"PREFIX {p}:" not in self.prefixes
        )
        if validator.kind == "ask":
            if s.path is None:  # $value is the focus node itself
                text = re.sub(r"[$?]value\b", "?this", text)
            body = re.sub(r"(?is)\bASK\b(\s+WHERE\b)?", "SELECT DISTINCT ?this ?value WHERE", text, count=1)
            if s.path is None:
                body = body.replace("SELECT DISTINCT ?this ?value WHERE", "SELECT DISTINCT ?this WHERE", 1)
                passing = prefixes + self.bulk_select(body, focus, s.path_sparql, node)
            else:
                also = {"value": f"{focus} {values}"}
                passing = prefixes + self.bulk_select(body, focus, s.path_sparql, node, also, values)
            # pySHACL leaves $value unbound for a value rdflib reads as false ("", 0, false): the query
            # with ?value free answers for those
            free = body.replace("SELECT DISTINCT ?this ?value WHERE", "SELECT DISTINCT ?this WHERE", 1)
            free = prefixes + self.bulk_select(free, focus, s.path_sparql, node)
            self._parses(passing)
            self._parses(free)

            def run(query: Query) -> list[Result]:
                ok = {(r["this"], r.get("value", r["this"])) for r in select_rows(query, self.prefixes + passing)}
                all_pairs = select_rows(query, self.prefixes + pairs)
                falsy = {(r["this"], r["value"]) for r in all_pairs if not to_rdflib(r["value"])}
                if falsy:
                    ok -= falsy
                    free_ok = {r["this"] for r in select_rows(query, self.prefixes + free)}
                    ok |= {(this, value) for this, value in falsy if this in free_ok}
                out = []
                for r in all_pairs:
                    this, value = r["this"], r["value"]
                    if (this, value) in ok:
                        continue
                    f, v = to_rdflib(this), to_rdflib(value)
                    messages = self._component_messages(s, validator.messages, names | {"this": f, "value": v})
                    shown = None if s.path is not None else v
                    out.append(self._result(s, this, component.name, shown, messages))
                return out

            return Check(pairs, lambda rows: [], f"{node} {component.name}", run=run)

        uses_value = mentions(text, "value")
        if uses_value and s.path is None:
            raise Unsupported(
                f"{component.node}: ?value in a SELECT node validator (pySHACL pre-binds it to the focus node)"
            )
        select = ""
        if uses_value:
            select = prefixes + self.bulk_select(
                text, focus, s.path_sparql, node, {"value": f"{focus} {values}"}, values
            )
            try:
                projected = parse_query(text).projected()[0]
            except Unparsable as exc:
                raise Unsupported(f"cannot analyse the query: {exc}") from None
            if "value" not in projected:
                raise Unsupported(f"{component.node}: a SELECT validator using ?value must select it")
        free = prefixes + self.bulk_select(text, focus, s.path_sparql, node)  # ?value not pre-bound
        select = select if uses_value else free
        self._parses(select)

        def run_select(query: Query) -> list[Result]:
            rows = select_rows(query, self.prefixes + select)
            loops: dict[OxTerm, list[OxTerm]] = defaultdict(list)  # focus -> the value nodes pySHACL loops over
            if s.path is None:
                for r in rows:
                    loops[r["this"]] = [r["this"]]
            else:
                for r in select_rows(query, self.prefixes + pairs):
                    loops[r["this"]].append(r["value"])
            extra: list[tuple[Row, OxTerm]] = []
            if uses_value:  # pySHACL leaves ?value unbound for a value rdflib reads as false ("", 0, false)
                falsy = {this: [v for v in vs if not to_rdflib(v)] for this, vs in loops.items()}
                if any(falsy.values()):
                    for r in select_rows(query, self.prefixes + free):
                        extra.extend((r, v) for v in falsy.get(r["this"], []))
            out, seen = [], set()
            runs = [(r, [r["value"]] if uses_value else loops.get(r["this"], [])) for r in rows]
            runs += [(r, [v]) for r, v in extra]
            for r, loop_values in runs:
                if "failure" in r:
                    raise Unsupported("a SELECT validator reporting ?failure is not compiled")
                this = r["this"]
                p = to_rdflib(r["path"]) if "path" in r else None
                v2 = to_rdflib(r["value"]) if "value" in r else None
                for loop in loop_values:
                    key = (loop, this, p, v2)
                    if key in seen:
                        continue
                    seen.add(key)
                    f = to_rdflib(this)
                    bound = names | {"this": f, "value": v2 if v2 is not None else to_rdflib(loop)}
                    if p is not None:
                        bound["path"] = p
                    shown = v2 if v2 is not None else (None if s.path is not None else f)
                    messages = self._component_messages(s, validator.messages, bound)
                    out.append(self._result(s, this, component.name, shown, messages, p))
            return out

        return Check(select, lambda rows: [], f"{node} {component.name}", run=run_select)

    def _parses(self, sparql: str) -> None:
        """Refuse now (pySHACL then judges) a compiled query the store cannot run, rather than fail later."""
        try:
            select_rows(self.query, f"{self.prefixes}{sparql} LIMIT 0")
        except (SyntaxError, ValueError, OSError) as exc:
            raise Unsupported(f"the store cannot run the compiled query: {exc}") from None

    def _component_messages(
        self, s: ShapeInfo, templates: tuple[rdflib.Literal, ...], names: dict[str, rdflib.term.Node]
    ) -> frozenset[rdflib.Literal]:
        """The shape's own messages as written, and the validator's bound (pySHACL's make_v_result);
        neither: pySHACL's generic message for parameterised queries."""
        bound = {bind_message(m, names) for m in templates}
        if not bound and not s.messages:
            return frozenset({GENERIC})
        return frozenset(s.messages) | frozenset(bound)

    def language_in(self, lst: rdflib.term.Node) -> str:
        langs = sorted({str(x).lower() for x in self.sg.items(lst)})
        if "*" in langs:
            return 'isLITERAL(?v) && LANG(?v) != ""'
        if langs and all(re.fullmatch("[a-z0-9]+", x) for x in langs):
            # one subtag each: the tag is it or begins with it and "-", case aside, which is what
            # LANGMATCHES tests (false for "", an error off a literal), with no string built per
            # value (at 1M the labels' "one Kyrgyz label" count reads 117,699 labels)
            return "(" + " || ".join(f"LANGMATCHES(LANG(?v), {_quote(x)})" for x in langs) + ")"
        quoted = ", ".join(_quote(x) for x in langs) or '""'
        return (
            f'isLITERAL(?v) && LANG(?v) != "" && (LCASE(LANG(?v)) IN ({quoted}) || '
            f'LCASE(STRBEFORE(CONCAT(LANG(?v), "-"), "-")) IN ({quoted}))'
        )

    def member_filter(self, member: rdflib.term.Node) -> str:
        """A SPARQL condition on ?v that holds exactly when ?v conforms to a member shape."""
        conds = []
        for p, _ in self.sg.predicate_objects(member):
            if str(p).startswith(str(SH)) and p not in (
                SH.languageIn,
                SH["in"],
                SH.hasValue,
                SH.datatype,
                SH["class"],
                SH.message,
                SH.severity,
                SH.name,
            ):
                raise Unsupported(f"{p} inside a logical or qualified shape is not compiled")
        for lst in self.sg.objects(member, SH.languageIn):
            conds.append(self.language_in(lst))
        for lst in self.sg.objects(member, SH["in"]):
            conds.append("(" + (" || ".join(f"sameTerm(?v, {term(m)})" for m in self.sg.items(lst)) or "false") + ")")
        for value in self.sg.objects(member, SH.hasValue):
            conds.append(f"sameTerm(?v, {term(value)})")
        for dt in self.sg.objects(member, SH.datatype):
            if dt not in (RDF.langString, XSD.string):
                raise Unsupported("sh:datatype inside a logical shape is only compiled for strings")
            conds.append(CERTAIN_DATATYPE[dt])  # type: ignore[index]
        for cls in self.sg.objects(member, SH["class"]):
            # one look-up per class: an EXISTS joining a VALUES block is planned as a join (at 1M the
            # citations' "cited for" classes 0.10 -> 0.04 s)
            conds.append("(" + " || ".join(f"EXISTS {{ ?v a {c} }}" for c in self.closure(cls)) + ")")
        return "(" + (" && ".join(f"COALESCE({c}, false)" for c in conds) or "true") + ")"

    def logical(self, s: ShapeInfo, focus: str, values: str, members: list[rdflib.term.Node], kind: str) -> Check:
        component = "OrConstraintComponent" if kind == "or" else "XoneConstraintComponent"
        counted = [m for m in members if self.sg.value(m, SH.path) is not None]
        if counted and s.path_sparql is not None:
            raise Unsupported("property shapes inside a logical constraint of a property shape")
        if counted and len(counted) != len(members):
            raise Unsupported("a logical constraint mixing property and value shapes")
        if counted:  # node level: each member is a property shape with counts only
            selects, tests, flags, present, capped = [], [], [], [], []
            looked_up = True  # every member on one predicate, sh:minCount 0 or 1, sh:maxCount 1 or more
            for i, m in enumerate(counted):
                for p, _ in self.sg.predicate_objects(m):
                    if str(p).startswith(str(SH)) and p not in (
                        SH.path,
                        SH.minCount,
                        SH.maxCount,
                        SH.message,
                        SH.severity,
                        SH.name,
                    ):
                        raise Unsupported(f"{p} inside a logical constraint is not compiled")
                path = self.path_sparql(self.sg.value(m, SH.path))  # type: ignore[arg-type]
                selects.append(f"OPTIONAL {{ ?this {path} ?m{i} }}")
                lo, hi = self.sg.value(m, SH.minCount), self.sg.value(m, SH.maxCount)
                conds = ([f"COUNT(DISTINCT ?m{i}) >= {_int(lo)}"] if lo is not None else []) + (
                    [f"COUNT(DISTINCT ?m{i}) <= {_int(hi)}"] if hi is not None else []
                )
                tests.append(f"IF({' && '.join(conds) or 'true'}, 1, 0)")
                flags.append(f"BIND (EXISTS {{ ?this {path} ?m{i} }} AS ?__h{i})")
                present.append(f"IF(?__h{i}, 1, 0)" if lo is not None and _int(lo) == 1 else "1")
                if not LOOKUP.match(f"?this {path} ?v .") or (lo is not None and _int(lo) > 1):
                    looked_up = False
                elif hi is not None:
                    looked_up = looked_up and _int(hi) >= 1
                    capped.append(f"?this {path} ?v .")
            total = " + ".join(tests)
            failing = f"({total}) != 1" if kind == "xone" else f"({total}) = 0"
            q = f"SELECT ?this WHERE {{ {focus} {' '.join(selects)} }} GROUP BY ?this HAVING ({failing})"
            check = Check(q, self._focus_valued(s, component), f"{s.node} {kind}")
            if looked_up:
                check.run = self._presence_run(check, focus, flags, present, capped, kind)
            return check
        conds = [self.member_filter(m) for m in members]
        if kind == "or":
            failing = "!(" + " || ".join(conds) + ")"
        else:
            failing = "(" + " + ".join(f"IF({c}, 1, 0)" for c in conds) + ") != 1"
        q = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} FILTER ({failing}) }}"
        return Check(q, self._valued(s, component), f"{s.node} {kind}", per_value=s.path_sparql is not None)

    def _presence_run(
        self, check: Check, focus: str, flags: list[str], present: list[str], capped: list[str], kind: str
    ) -> Callable[[Query], list[Result]]:
        """A logical constraint over counts (``sh:xone``/``sh:or`` of property shapes with ``sh:minCount``
        0 or 1 and ``sh:maxCount`` of 1 or more, on one predicate each) asked as one look-up per focus
        node and member where no subject has two rows on a capped path: each node then has at most one
        value there, so a member holds exactly when its value is present or not required, and counting
        every node's values in groups (at 1M the citations' "provision or act" 0.21 s) tells nothing
        more. Where some subject has two rows on a capped path, the counting query runs as written."""
        total = " + ".join(present)
        failing = f"({total}) != 1" if kind == "xone" else f"({total}) = 0"
        flagged = f"{self.prefixes}SELECT DISTINCT ?this WHERE {{ {focus} {' '.join(flags)} FILTER ({failing}) }}"

        def run(query: Query) -> list[Result]:
            if any(self._repeated(branch, query) for branch in capped):
                return check.rows(select_rows(query, check.sparql))
            return check.rows(select_rows(query, flagged))

        return run

    # --- rows to results ----------------------------------------------------------------------------

    def _result(
        self,
        s: ShapeInfo,
        focus: OxTerm,
        component: str,
        value: rdflib.term.Node | None = None,
        messages: frozenset[rdflib.Literal] | None = None,
        path: rdflib.term.Node | None = None,
    ) -> Result:
        if messages is None:
            messages = s.messages or self.default_messages(s.node, component, to_rdflib(focus), value)
        return Result(focus, path if path is not None else s.path, value, s.node, component, s.severity, messages)

    def _closed(self, s: ShapeInfo) -> Rows:
        def rows_to_results(rows: list[Row]) -> list[Result]:
            return [
                self._result(s, r["this"], "ClosedConstraintComponent", to_rdflib(r["v"]), path=to_rdflib(r["p"]))
                for r in rows
            ]

        return rows_to_results

    def conformance(self, s: ShapeInfo, focus: str, members: list[rdflib.term.Node], kind: str) -> Check:
        """sh:node, sh:not, sh:and (and sh:or, sh:xone beyond simple filters): each member shape's own
        checks run with the value nodes as focus nodes; a value conforms to a member when they give it
        no result of a severity pySHACL counts (a Violation: kgtool runs pySHACL allowing warnings
        and infos, so a member of severity Warning or Info always conforms)."""
        depth = len(self._stack)
        var = f"?__n{depth}"
        pattern = f"?this {s.path_sparql} {var} ." if s.path_sparql else f"BIND (?this AS {var})"
        nested_focus = (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT DISTINCT {var} WHERE {{ {focus} {pattern} }} }} "
            f"BIND ({var} AS ?this) }} }}"
        )
        counted = []
        for m in members:
            severity = self.sg.value(m, SH.severity) or SH.Violation
            counted.append(
                None if severity != SH.Violation or self._deactivated(m) else self._checks_of(m, nested_focus)
            )
        values = f"?this {s.path_sparql} ?v ." if s.path_sparql else "BIND (?this AS ?v)"
        pairs = self.prefixes + f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {values} }}"
        component = {"node": "Node", "not": "Not", "and": "And", "or": "Or", "xone": "Xone"}[kind]

        def run(query: Query) -> list[Result]:
            failing: list[set[OxTerm]] = []
            for checks in counted:
                found = [] if checks is None else run_checks(checks, query)
                failing.append({r.focus for r in found if r.severity == str(SH.Violation)})
            out = []
            for r in select_rows(query, pairs):
                v = r["v"]
                conforming = sum(1 for bad in failing if v not in bad)
                fails = {
                    "node": conforming < len(members),
                    "and": conforming < len(members),
                    "not": conforming > 0,
                    "or": conforming == 0,
                    "xone": conforming != 1,
                }[kind]
                if fails:
                    # the member's own results are pySHACL's sh:detail of this one, not results of the report
                    out.append(self._result(s, r["this"], component + "ConstraintComponent", to_rdflib(v)))
            return out

        return Check(pairs, lambda rows: [], f"{s.node} {kind}", run=run)

    def _plain(self, s: ShapeInfo, component: str) -> Rows:
        return lambda rows: [self._result(s, r["this"], component) for r in rows]

    def _focus_valued(self, s: ShapeInfo, component: str) -> Rows:
        return lambda rows: [self._result(s, r["this"], component, to_rdflib(r["this"])) for r in rows]

    def _valued(self, s: ShapeInfo, component: str, fails: Callable[[rdflib.term.Node], bool] | None = None) -> Rows:
        def rows_to_results(rows: list[Row]) -> list[Result]:
            out = []
            for r in rows:
                v = to_rdflib(r["v"])
                if fails is None or fails(v):
                    out.append(self._result(s, r["this"], component, v))
            return out

        return rows_to_results

    def _pairs(self, s: ShapeInfo, component: str, inclusive: bool) -> Rows:
        def rows_to_results(rows: list[Row]) -> list[Result]:
            out = []
            for r in rows:
                v, c = to_rdflib(r["v"]), to_rdflib(r["c"])
                if _pair_fails(v, c, inclusive):
                    out.append(self._result(s, r["this"], component, v))
            return out

        return rows_to_results

    def _qualified(self, s: ShapeInfo, qmin: rdflib.term.Node | None, qmax: rdflib.term.Node | None) -> Rows:
        def rows_to_results(rows: list[Row]) -> list[Result]:
            out = []
            for r in rows:
                n = int(r["n"].value)  # type: ignore[union-attr]
                if qmax is not None and n > _int(qmax):
                    out.append(self._result(s, r["this"], "QualifiedMaxCountConstraintComponent"))
                if qmin is not None and n < _int(qmin):
                    out.append(self._result(s, r["this"], "QualifiedMinCountConstraintComponent"))
            return out

        return rows_to_results

    def _sparql(self, s: ShapeInfo, extra: frozenset[rdflib.Literal]) -> Rows:
        """pySHACL's handling of a SPARQL constraint's rows (sparql_based_constraints.py), for all focus nodes."""

        def rows_to_results(rows: list[Row]) -> list[Result]:
            out = []
            seen: dict[OxTerm, list[tuple[object, ...]]] = defaultdict(list)
            for r in rows:
                bound = {k: to_rdflib(t) for k, t in r.items()}
                if "failure" in bound:
                    raise Unsupported("SPARQL constraints reporting ?failure are not compiled")
                this = r["this"]
                f = bound.pop("this")
                p = bound.pop("path", None)
                v = bound.pop("value", None)
                key = (f, p, v, bound)
                if key in seen[this]:
                    continue
                seen[this].append(key)
                if v is None:
                    v = None if s.path is not None else f
                messages = frozenset(_format(m, f, p, v, bound) for m in s.messages) | frozenset(
                    _format(m, f, p, v, bound) for m in extra if m not in s.messages
                )
                out.append(self._result(s, this, "SPARQLConstraintComponent", v, messages, p))
            return out

        return rows_to_results


def _format(
    message: rdflib.Literal,
    this: rdflib.term.Node,
    path: rdflib.term.Node | None,
    value: rdflib.term.Node | None,
    bound: dict[str, rdflib.term.Node],
) -> rdflib.Literal:
    """pySHACL's _format_sparql_based_result_message: {?var} replaced, language tag dropped."""
    fdict: dict[str, rdflib.term.Node] = dict(bound)
    fdict["this"] = this
    if path is not None:
        fdict["path"] = path
    if value is not None:
        fdict["value"] = value
    msg = str(message.value)
    for var, val in fdict.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return rdflib.Literal(msg)


# --- pySHACL's rules for the values a SPARQL filter lets through -------------------------------------------


def datatype_matches(v: rdflib.term.Node, rule: rdflib.term.Node) -> bool:
    """Whether ``v`` matches ``sh:datatype rule``: pySHACL's rule, except that a literal of an XSD
    datatype a store reads as a value (``kgtool.rdf.xsd_lexical.JUDGED``) is judged by XSD 1.1's
    lexical rules, as ``kgtool load`` and ``kgtool build`` judge it, not by rdflib's (which reads
    ``" 12 "`` and ``"١٢"`` as the integer 12 and refuses the valid ``"0000-01-01"^^xsd:date``), and
    one of any other datatype with that IRI matches unless rdflib finds it ill-typed (an
    ill-formed ``rdf:XMLLiteral``), as pySHACL has it. ``checks.pyshacl_results`` has pySHACL use
    it too, so that both engines agree with load and build on every spelling."""
    if isinstance(v, rdflib.Literal):
        datatype, lang = v.datatype, v.language
        if datatype == rule:
            if str(rule) in JUDGED:
                return of_datatype(str(v), str(rule))
            return getattr(v, "ill_typed", None) is not True
        if rule == RDFS.Literal or (rule == RDFS.Datatype and datatype):
            return True
        if (datatype is None and lang is None and rule == XSD.string) or (rule == RDF.langString and lang):
            return True  # pySHACL's _assert_actual_datatype: the value is a str
    return False


def _datatype_fails(rule: rdflib.term.Node) -> Callable[[rdflib.term.Node], bool]:
    """``datatype_matches``'s opposite for one rule, for the values the SPARQL filter lets through."""

    def fails(v: rdflib.term.Node) -> bool:
        return not datatype_matches(v, rule)

    return fails


def _pattern_fails(translation: Translation) -> Callable[[rdflib.term.Node], bool]:
    """pySHACL's sh:pattern rule for one value (a blank node fails), the pattern read as XPath reads it."""
    matcher = translation.compiled()

    def fails(v: rdflib.term.Node) -> bool:
        from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase

        if isinstance(v, rdflib.BNode):
            return True
        return matcher.search(StringBasedConstraintBase.value_node_to_string(v)) is None

    return fails


def _range_fails(bound: rdflib.term.Node, ok: Callable[[int], bool]) -> Callable[[rdflib.term.Node], bool]:
    assert isinstance(bound, rdflib.Literal)
    bound_is_string = isinstance(bound.value, str)

    def fails(v: rdflib.term.Node) -> bool:
        if not isinstance(v, rdflib.Literal):
            return True
        v_is_string = isinstance(v.value, str)
        if bound_is_string != v_is_string:
            return True
        from pyshacl.rdfutil.compare import compare_literal  # imported on first use, as above

        try:
            return not ok(compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return True

    return fails


def _pair_fails(v: rdflib.term.Node, c: rdflib.term.Node, inclusive: bool) -> bool:
    """pySHACL's _compare_ltoe / _compare_lt for one pair of values."""
    if isinstance(v, rdflib.BNode) or isinstance(c, rdflib.BNode):
        raise Unsupported("sh:lessThan on blank nodes (pySHACL reports an error)")

    def plain(x: rdflib.term.Node) -> tuple[object, bool]:
        if isinstance(x, rdflib.URIRef):
            return str(x), True
        if isinstance(x, rdflib.Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    a, a_str = plain(v)
    b, b_str = plain(c)
    if a_str != b_str:
        return True
    try:
        return not (a <= b if inclusive else a < b)  # type: ignore[operator]
    except TypeError:
        return True


def _length_fails(n: int, at_least: bool) -> Callable[[rdflib.term.Node], bool]:
    """pySHACL's sh:minLength / sh:maxLength rule for one value (a blank node fails both, but length 0)."""

    def fails(v: rdflib.term.Node) -> bool:
        from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase

        if at_least and n == 0:
            return False
        if isinstance(v, rdflib.BNode):
            return True
        length = len(StringBasedConstraintBase.value_node_to_string(v))
        return not (length >= n if at_least else length <= n)

    return fails


def _int(x: rdflib.term.Node) -> int:
    """A count given in the shapes (sh:minCount 1) as an int."""
    return int(x.toPython()) if isinstance(x, rdflib.Literal) else int(str(x))


def _is_number(x: rdflib.term.Node) -> bool:
    return isinstance(x, rdflib.Literal) and x.datatype in (XSD.integer, XSD.decimal) and not x.ill_typed


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def term(node: rdflib.term.Node) -> str:
    """A term of the shapes graph in SPARQL syntax."""
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        text = _quote(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype:
            return f"{text}^^<{node.datatype}>"
        return text
    raise Unsupported(f"a blank node {node} where a term is needed")


# --- ORDER BY in a user's query ------------------------------------------------------------------------

# what ends an ORDER BY clause in a query's solution modifiers (GROUP BY and HAVING come before it)
AFTER_ORDER = frozenset({"LIMIT", "OFFSET", "VALUES"})
ORDER_ABORTS = (
    "ORDER BY with LIMIT or OFFSET in a subquery is not compiled: Oxigraph 0.5's sort can abort the "
    "process on values of mixed types (integers and strings), so pySHACL judges the shape"
)


def _unordered(q: ParsedQuery) -> bool:
    """``q`` (and every subquery in it) without ``ORDER BY`` where order cannot change its rows: at the
    top (the engine reads a set of rows) and in a subquery without LIMIT or OFFSET (a subquery's rows
    are joined as a multiset). Oxigraph 0.5.13's sort panics on a mix of integers and plain strings
    (``user-provided comparison function does not correctly implement a total order``) and aborts
    the whole process, so a user's ORDER BY that changes nothing is not run; one that does (with
    LIMIT or OFFSET), or one this parser does not reach (inside a FILTER's expression), is refused
    (``Unsupported``): pySHACL judges that shape. Whether anything was removed."""
    removed = _drop_order(q, top=True)
    if any(t.upper == "ORDER" for t in tokenize(q.render())):
        raise Unsupported(ORDER_ABORTS)
    return removed


def _drop_order(q: ParsedQuery, top: bool) -> bool:
    removed = False
    words = [t.upper for t in q.tail]
    if "ORDER" in words:
        if not top and {"LIMIT", "OFFSET"} & set(words):
            raise Unsupported(ORDER_ABORTS)
        start = words.index("ORDER")
        end = next((k for k in range(start + 1, len(words)) if words[k] in AFTER_ORDER), len(words))
        del q.tail[start:end]
        removed = True
    todo = [q.where]
    while todo:
        group = todo.pop()
        for e in group.elements:
            if e.subquery is not None:
                removed = _drop_order(e.subquery, top=False) or removed
            elif e.body is not None:
                todo.append(e.body)
    return removed


# --- merging checks on one focus set -------------------------------------------------------------------


# the names the engine writes into a user's query: the EXISTS rewrite's (kgtool.rdf.exists_rewrite) in
# any, and in a constraint's or validator's, the focus nodes' (Compiler.inline_focus)
REWRITE_NAMES = re.compile(r"__(?:found|matched)\d+|__(?:local|key)\d+_.*")
FOCUS_NAMES = frozenset({"__class", "__object"})


def _engine_names(text: str, focused: bool) -> str:
    """The variables of a user's query named as those the engine writes into it (``focused``: a
    constraint's or validator's, which the focus pattern joins), or "" (also for a text this module
    cannot read: its parse then refuses it)."""
    try:
        names = variables(tokenize(text))
    except Unparsable:
        return ""
    own = {v for v in names if REWRITE_NAMES.fullmatch(v) or (focused and v in FOCUS_NAMES)}
    return ", ".join(f"?{v}" for v in sorted(own))


def _joined(part: str, query: str) -> bool:
    """Whether ``part``, put into ``query`` as it is, could bind a variable the query also uses
    (other than ?this): then a join or MINUS would compare it too. True when either cannot be read."""
    try:
        return bool((variables(tokenize(part)) - {"this"}) & variables(tokenize(query)))
    except Unparsable:
        return True


def merge_checks(checks: list[Check]) -> list[Check]:
    """Checks of one kind on one focus set (the cardinalities, classes and value tests of a node
    shape's property shapes) merged into one query; rows are routed back by a branch number ?__k."""
    groups: dict[tuple[str, str], list[Check]] = defaultdict(list)
    out: list[Check] = []
    for c in checks:
        if c.batch:
            groups[(c.focus, c.batch)].append(c)
        else:
            out.append(c)
    for (focus, kind), members in groups.items():
        pairs = pairs_query([c.branch for c in members]) if kind == "max" else None
        single: tuple[str, ...] = ()
        if pairs is not None and all(c.cond == "COUNT(DISTINCT ?v) > 1" for c in members):
            members[0].unfocused = pairs  # one member: its own query; several: the merged one
            single = members[0].single = tuple(dict.fromkeys(c.branch for c in members))
        if kind == "present":
            looked_up = [c for c in members if LOOKUP.match(c.branch)]
            if looked_up:
                out.append(_absent_check(focus, looked_up))
            members = [c for c in members if not LOOKUP.match(c.branch)]  # a sequence path: MINUS
            if not members:
                continue
        if len(members) == 1:
            out.append(members[0])
            continue
        branches = " UNION ".join(f"{{ {c.branch} BIND ({k} AS ?__k) }}" for k, c in enumerate(members))
        ks = " ".join(str(k) for k in range(len(members)))
        if kind == "present":
            q = f"SELECT DISTINCT ?this ?__k WHERE {{ {focus} VALUES ?__k {{ {ks} }} MINUS {{ {branches} }} }}"
        elif kind == "max":
            having = " || ".join(f"(?__k = {k} && {c.cond})" for k, c in enumerate(members))
            q = f"SELECT ?this ?__k WHERE {{ {focus} {branches} }} GROUP BY ?this ?__k HAVING ({having})"
        elif kind == "class":
            rows = " ".join(f"({k} {cls})" for k, c in enumerate(members) for cls in c.cond.split())
            q = (
                f"SELECT DISTINCT ?this ?__k ?v WHERE {{ {focus} {branches} "
                f"MINUS {{ ?v a ?__c . VALUES (?__k ?__c) {{ {rows} }} }} }}"
            )
        else:
            q = _filters_query(focus, members)
        router = _flag_router(members) if kind == "filter" else _router(members)
        merged = Check(q, router, f"{len(members)} {kind} checks", kind, unfocused=members[0].unfocused)
        merged.single = single
        merged.flat = kind == "present"
        out.append(merged)
    return out


# a value pattern Oxigraph answers for a bound ?this by one index look-up: a predicate or its
# inverse, to a variable or a term (a sequence path becomes a join, planned as if ?this were unbound)
LOOKUP = re.compile(r"\?this (<[^<>\s]*>|\^\(<[^<>\s]*>\)) \S+ \.\Z")


def _absent_check(focus: str, members: list[Check]) -> Check:
    """Checks failing for a focus node that lacks a statement (``sh:minCount 1``, ``sh:hasValue``
    on a path) in one query, a flag ``?__f<k>`` per check: ``NOT EXISTS`` over one statement pattern
    whose subject is bound is an index look-up per focus node, where the ``MINUS`` form reads every
    statement of each path and hashes them (at 1M the cells' three counts and type 0.49 -> 0.19 s,
    the processes' four and type 0.21 -> 0.07 s). The flags sit in ``BIND`` expressions, which
    ``kgtool.rdf.exists_rewrite`` leaves as written. The focus set stays a ``SELECT DISTINCT``
    subquery: each focus node is looked up once, not once per target it meets."""
    flags = " ".join(f"BIND (NOT EXISTS {{ {c.branch} }} AS ?__f{k})" for k, c in enumerate(members))
    named = " ".join(f"?__f{k}" for k in range(len(members)))
    test = " || ".join(f"?__f{k}" for k in range(len(members)))
    q = f"SELECT DISTINCT ?this {named} WHERE {{ {focus} {flags} FILTER ({test}) }}"
    label = members[0].label if len(members) == 1 else f"{len(members)} present checks"
    return Check(q, _flag_router(members), label, "present")


def _filters_query(focus: str, members: list[Check]) -> str:
    """Value tests of several checks in one query: each path once (a path two checks test, as
    sh:datatype and sh:pattern on one property, is read once, not twice), and a flag ``?__f<k>``
    per check telling whether its test fails for the row (an error counts as passing, as in a
    FILTER). Each path's branch filters its own values by its own checks' tests first, and only
    the few values failing one get their flags: a flag is bound in its path's branch alone (the
    router reads an unbound flag as false), so no value is tested for another path's checks and
    none passing every test reaches a BIND (at 1M the processes' five paths 0.20 -> 0.07 s)."""
    branches = []
    for path in dict.fromkeys(c.branch for c in members):
        mine = [(k, f"COALESCE({c.cond}, false)") for k, c in enumerate(members) if c.branch == path]
        flags = " ".join(f"BIND ({test if len(mine) > 1 else 'true'} AS ?__f{k})" for k, test in mine)
        branches.append(f"{{ {path} FILTER ({' || '.join(test for _, test in mine)}) {flags} }}")
    named = " ".join(f"?__f{k}" for k in range(len(members)))
    return f"SELECT DISTINCT ?this ?v {named} WHERE {{ {focus} {' UNION '.join(branches)} }}"


def _flag_router(members: list[Check]) -> Rows:
    """Each row of ``_filters_query`` to every check whose flag is true in it."""

    def rows_to_results(rows: list[Row]) -> list[Result]:
        by_check: dict[int, list[Row]] = defaultdict(list)
        for r in rows:
            for k in range(len(members)):
                flag = r.get(f"__f{k}")
                if isinstance(flag, ox.Literal) and flag.value == "true":
                    by_check[k].append(r)
        return [res for k, c in enumerate(members) for res in c.rows(by_check.get(k, []))]

    return rows_to_results


def _router(members: list[Check]) -> Rows:
    def rows_to_results(rows: list[Row]) -> list[Result]:
        by_branch: dict[int, list[Row]] = defaultdict(list)
        for r in rows:
            by_branch[int(r["__k"].value)].append(r)  # type: ignore[union-attr]
        return [res for k, c in enumerate(members) for res in c.rows(by_branch.get(k, []))]

    return rows_to_results


# --- running -------------------------------------------------------------------------------------------


def select_rows(query: Query, sparql: str) -> list[Row]:
    """The rows of a SELECT, with the query's result iterator released before returning or raising:
    pyoxigraph's iterators must be dropped by the thread that made them."""
    solutions = query(sparql)
    try:
        names = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        return [{n: t for n, t in zip(names, row, strict=False) if t is not None} for row in solutions]
    finally:
        del solutions


def run_check(check: Check, query: Query) -> list[Result]:
    if check.run is not None:
        return check.run(query)
    return check.rows(select_rows(query, check.sparql))


def in_threads(
    function: Callable[[T], U], items: list[T], threads: int, done: Callable[[], None] | None = None
) -> list[U]:
    """``function`` over the items in ``threads`` threads, results in the items' order.

    Oxigraph evaluates a query partly outside the GIL, so two threads give about 1.5 times the
    speed on two cores. The cyclic garbage collector is paused meanwhile: run in a worker thread,
    it could drop a pyoxigraph iterator that another thread made, which pyoxigraph forbids. Pausing
    it is all that takes; no collection is forced first (a full collection walks every object
    the process holds: 30 ms in a small process and more in a large one, on each validation, for
    garbage that the collector, once resumed, frees in the calling thread anyway)."""
    if threads <= 1 or len(items) < 2:
        out = []
        for x in items:
            out.append(function(x))
            if done:
                done()
        return out
    import gc
    from concurrent.futures import ThreadPoolExecutor

    enabled = gc.isenabled()
    gc.disable()
    try:
        with ThreadPoolExecutor(threads) as pool:
            results = []
            for result in pool.map(function, items):  # in order; ``done`` runs in this thread
                results.append(result)
                if done:
                    done()
            return results
    finally:
        if enabled:
            gc.enable()


def run_checks(checks: list[Check], query: Query, threads: int = 1) -> list[Result]:
    """Run the checks (in ``threads`` threads); the results come in the checks' order."""
    return [r for rs in in_threads(lambda c: run_check(c, query), checks, threads) for r in rs]


def validate_store(
    shapes: rdflib.Graph, query: Query, threads: int = 1, progress: Progress | None = None
) -> list[Result]:
    """Every validation result of the shapes on the data that ``query`` answers over (the
    compiler rewrites its own queries' EXISTS; see ``Compiler``)."""
    return Compiler(shapes, query, threads).run(progress)


__all__ = ["Compiler", "Result", "Unsupported", "run_checks", "validate_store"]
