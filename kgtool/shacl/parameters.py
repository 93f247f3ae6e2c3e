"""The shapes' parameters checked as SHACL requires, once, before either engine runs.

SHACL says a shapes graph with a malformed shape is no input at all: a processor fails on it
(SHACL 1.0, section 3.4.2). pySHACL refuses some malformed parameters when it meets a shape
with focus nodes (``sh:minCount -1``, two values of ``sh:minCount``, ``sh:maxLength 4.5``) and
crashes on others (a pattern Python's ``re`` cannot read); the fast engine compiled them as if
they were fine, or failed on them. So kgtool checks every shape of the graph here, for both
engines, whatever the data: a refusal is ``validate#shapes-rejected`` naming the shape, the
parameter and its value, in the reader's language. What is checked is what pySHACL 0.40
refuses, plus the patterns and flags read by XPath's grammar (``kgtool.shacl.xpath_regex``):

* at most one value of ``sh:minCount``, ``sh:maxCount``, ``sh:minLength``, ``sh:maxLength``,
  ``sh:qualifiedMinCount``, ``sh:qualifiedMaxCount``, ``sh:flags``, ``sh:datatype``,
  ``sh:nodeKind``, ``sh:languageIn``, ``sh:in``, ``sh:closed``, ``sh:uniqueLang``,
  ``sh:deactivated``;
* counts and lengths integers that are not negative (``sh:qualified…Count`` integers), written
  as integers (``"one"``, ``4.5`` and ``"1"`` are refused);
* ``sh:minCount``, ``sh:maxCount``, ``sh:uniqueLang``, ``sh:lessThan[OrEquals]`` on property
  shapes only; ``sh:uniqueLang`` and ``sh:deactivated`` booleans (``sh:deactivated`` a literal);
  ``sh:nodeKind`` one of SHACL's six; ``sh:datatype`` an IRI; ``sh:qualifiedValueShape`` with
  ``sh:qualifiedMinCount`` or ``sh:qualifiedMaxCount``;
* each ``sh:pattern`` a literal and an XPath regular expression, ``sh:flags`` a literal of
  XPath's flags.

A deactivated shape is not checked beyond ``sh:deactivated`` itself (pySHACL never reads it).
"""

from __future__ import annotations

from typing import Any

import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

from kgtool.errors import KgtoolError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded
from kgtool.shacl.naming import shape_words
from kgtool.shacl.xpath_regex import BadPattern, Translation, translate

# the integer datatypes pySHACL takes for a length (XSD_WHOLE_INTEGERS)
WHOLE = frozenset(
    XSD[name]
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "nonPositiveInteger",
        "negativeInteger",
    )
)
ONE_VALUE = (
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.flags,
    SH.datatype,
    SH.nodeKind,
    SH.languageIn,
    SH["in"],
    SH.closed,
    SH.uniqueLang,
)
NODE_KINDS = (SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
PROPERTY_ONLY = (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals)
HINT = "validate.bad_parameter_hint"
NAMES = rdflib.Graph().namespace_manager  # a value's datatype written xsd:integer, as a shapes file writes it


def shapes_of(sg: rdflib.Graph) -> list[rdflib.term.Node]:
    """Every shape of the graph (SHACL 1.0, 2.1): typed a shape, with a target or a path, or a
    value of a parameter that takes shapes."""
    classes = {c for k in (SH.NodeShape, SH.PropertyShape) for c in sg.transitive_subjects(RDFS.subClassOf, k)}
    found = {s for c in classes for s in sg.subjects(RDF.type, c)}
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.path):
        found |= set(sg.subjects(p, None))
    for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found |= set(sg.objects(None, p))
    for p in (SH["and"], SH["or"], SH.xone):
        for lst in sg.objects(None, p):
            found |= set(sg.items(lst))
    return sorted(found, key=lambda n: (isinstance(n, rdflib.BNode), str(n)))


def _shown(node: rdflib.term.Node) -> str:
    """A value as Turtle writes it, so a reader finds it in the file (``"one"``, ``4.5``, ``-1``)."""
    if isinstance(node, (rdflib.Literal, rdflib.URIRef)):
        return node.n3(NAMES)
    return "[ … ]"


def _name(parameter: rdflib.term.Node) -> str:
    return "sh:" + str(parameter).removeprefix(str(SH))


def _bad(
    sg: rdflib.Graph, shape: rdflib.term.Node, parameter: rdflib.term.Node, value: rdflib.term.Node, reason: Phrase
) -> KgtoolError:
    return worded(
        KgtoolError,
        "validate#shapes-rejected",
        "validate.bad_parameter",
        hint_key=HINT,
        shape=shape_words(sg, shape),
        parameter=_name(parameter),
        value=_shown(value),
        reason=reason,
    )


def _integer(value: rdflib.term.Node, datatypes: frozenset[rdflib.URIRef]) -> bool:
    return (
        isinstance(value, rdflib.Literal)
        and value.datatype in datatypes
        and not value.ill_typed
        and isinstance(value.value, int)
    )


def pattern_of(sg: rdflib.Graph, shape: rdflib.term.Node, pattern: rdflib.term.Node) -> Translation:
    """A shape's ``sh:pattern`` with its ``sh:flags`` as the engines evaluate it, or the shape refused."""
    flags = sg.value(shape, SH.flags)
    try:
        return translate(str(pattern), str(flags) if flags is not None else "")
    except BadPattern as exc:
        reason = Phrase(exc.key, **exc.values)
        if exc.key == "validate.regex.bad_flags":
            raise _bad(sg, shape, SH.flags, flags or rdflib.Literal(""), reason) from None
        raise worded(
            KgtoolError,
            "validate#shapes-rejected",
            "validate.bad_pattern",
            hint_key=HINT,
            shape=shape_words(sg, shape),
            pattern=_shown(pattern),
            reason=reason,
        ) from None


def load_pattern_component(component: Any, shape: Any) -> None:
    """pySHACL's ``PatternConstraintComponent.__init__`` but for the compiling: each pattern read as
    XPath reads it (``pattern_of``) rather than handed to Python's ``re`` as written, for pySHACL's
    evaluation (``kgtool.validation.checks`` swaps it in for the call) and its default message
    (``kgtool.shacl.messages``). The patterns were checked before either engine ran (``check_shapes``)."""
    from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase

    StringBasedConstraintBase.__init__(component, shape)
    sg, node = shape.sg.graph, shape.node
    patterns = sorted(sg.objects(node, SH.pattern), key=str)
    component.string_rules = patterns
    component.flags = sg.value(node, SH.flags)
    component.compiled_cache = {p: pattern_of(sg, node, p).compiled() for p in patterns}


def check_shapes(sg: rdflib.Graph) -> None:
    """Refuse the shapes graph (``validate#shapes-rejected``) at its first malformed parameter, in
    the order of the shapes' IRIs (anonymous shapes after)."""
    for shape in shapes_of(sg):
        check_shape(sg, shape)


def check_shape(sg: rdflib.Graph, shape: rdflib.term.Node) -> None:
    def values(p: rdflib.term.Node) -> list[rdflib.term.Node]:
        return sorted(sg.objects(shape, p), key=str)

    deactivated = values(SH.deactivated)
    if len(deactivated) > 1:
        raise _repeated(sg, shape, SH.deactivated, deactivated)
    for value in deactivated:
        if not isinstance(value, rdflib.Literal):
            raise _bad(sg, shape, SH.deactivated, value, Phrase("validate.parameter.not_literal"))
        if value.value is True:
            return
    for p in ONE_VALUE:
        found = values(p)
        if len(found) > 1:
            raise _repeated(sg, shape, p, found)
    is_property = (shape, SH.path, None) in sg
    for p in PROPERTY_ONLY:
        for value in values(p):
            if not is_property:
                raise _bad(sg, shape, p, value, Phrase("validate.parameter.property_only"))
    for p, datatypes, signed in (
        (SH.minCount, frozenset({XSD.integer}), False),
        (SH.maxCount, frozenset({XSD.integer}), False),
        (SH.minLength, WHOLE, False),
        (SH.maxLength, WHOLE, False),
        (SH.qualifiedMinCount, WHOLE, True),
        (SH.qualifiedMaxCount, WHOLE, True),
    ):
        for value in values(p):
            if not _integer(value, datatypes):
                reason = (
                    "validate.parameter.not_integer" if datatypes == WHOLE else "validate.parameter.not_xsd_integer"
                )
                raise _bad(sg, shape, p, value, Phrase(reason))
            if not signed and isinstance(value, rdflib.Literal) and int(value.toPython()) < 0:
                raise _bad(sg, shape, p, value, Phrase("validate.parameter.negative"))
    for value in values(SH.qualifiedValueShape):
        if not values(SH.qualifiedMinCount) and not values(SH.qualifiedMaxCount):
            raise _bad(sg, shape, SH.qualifiedValueShape, value, Phrase("validate.parameter.qualified_without_count"))
    for value in values(SH.uniqueLang):
        if not (isinstance(value, rdflib.Literal) and isinstance(value.value, bool)):
            raise _bad(sg, shape, SH.uniqueLang, value, Phrase("validate.parameter.not_boolean"))
    for value in values(SH.nodeKind):
        if value not in NODE_KINDS:
            kinds = ", ".join(_name(k) for k in NODE_KINDS)
            raise _bad(sg, shape, SH.nodeKind, value, Phrase("validate.parameter.not_node_kind", kinds=kinds))
    for value in values(SH.datatype):
        if not isinstance(value, rdflib.URIRef):
            raise _bad(sg, shape, SH.datatype, value, Phrase("validate.parameter.not_iri"))
    for value in values(SH.flags):
        if not isinstance(value, rdflib.Literal):
            raise _bad(sg, shape, SH.flags, value, Phrase("validate.parameter.not_literal"))
    for value in values(SH.pattern):
        if not isinstance(value, rdflib.Literal):
            raise _bad(sg, shape, SH.pattern, value, Phrase("validate.parameter.not_literal"))
        pattern_of(sg, shape, value)


def _repeated(
    sg: rdflib.Graph, shape: rdflib.term.Node, parameter: rdflib.term.Node, found: list[rdflib.term.Node]
) -> KgtoolError:
    return worded(
        KgtoolError,
        "validate#shapes-rejected",
        "validate.parameter_repeated",
        hint_key=HINT,
        shape=shape_words(sg, shape),
        parameter=_name(parameter),
        values=", ".join(_shown(v) for v in found),
    )
