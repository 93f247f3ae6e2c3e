"""SPARQL-based constraint components (SHACL 1.0, section 6) as the fast engine reads them.

A component declares parameters (``sh:parameter [ sh:path ex:maxLen ]``) and validators: an
ASK validator (``sh:validator``, run per value node) or SELECT validators for node shapes
(``sh:nodeValidator``) and property shapes (``sh:propertyValidator``). A shape that gives every
mandatory parameter a value uses the component. This module holds what does not need the
store: reading the declarations, choosing the validator for a shape as pySHACL chooses it,
writing the parameters' values into the query (SHACL's pre-binding is a substitution) and
binding the message templates as pySHACL binds them. Whatever pySHACL would pick at random or
reject (two values for a parameter, two validators of one kind) raises ``Unsupported``, so the
shape goes to pySHACL with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kgtool.rdf.exists_rewrite import Tok, Unparsable, render, tokenize
from kgtool.shacl.refusal import Unsupported

# the message pySHACL gives a component's result when neither the validator nor the shape has one
GENERIC = rdflib.Literal("Parameterised SHACL Query generated constraint validation reports.")
# names a parameter may not have: SHACL's pre-bound variables (pySHACL's invalid_parameter_names)
RESERVED = {"this", "shapesGraph", "currentShape", "path", "PATH", "value"}
# prefixes pySHACL declares for every validator's query
DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": "http://www.w3.org/2002/07/owl#"}
_MENTIONS = "([\\s{{}}()])[$?]{}"  # how pySHACL decides a query uses a pre-bound variable


@dataclass(frozen=True)
class Parameter:
    path: rdflib.URIRef
    name: str  # the variable: the local name of the path
    optional: bool


@dataclass(frozen=True)
class Component:
    node: rdflib.term.Node
    parameters: tuple[Parameter, ...]
    validators: tuple[rdflib.term.Node, ...]  # sh:validator (ASK)
    node_validators: tuple[rdflib.term.Node, ...]
    property_validators: tuple[rdflib.term.Node, ...]

    @property
    def name(self) -> str:
        """The component as kgtool's results name it (after '#', as for pySHACL's results)."""
        return str(self.node).rsplit("#", 1)[-1]

    def applies(self, sg: rdflib.Graph, shape: rdflib.term.Node) -> bool:
        """The shape gives every mandatory parameter a value (pySHACL's find_custom_constraints)."""
        return all(sg.value(shape, p.path) is not None for p in self.parameters if not p.optional)


@dataclass(frozen=True)
class Validator:
    node: rdflib.term.Node
    kind: str  # ask | select
    text: str
    messages: tuple[rdflib.Literal, ...]


def read_components(sg: rdflib.Graph) -> list[Component]:
    """The SPARQL-based constraint components declared in the shapes graph (not SHACL's own)."""
    found = set(sg.subjects(RDF.type, SH.ConstraintComponent))
    for sub in set(sg.subjects(RDFS.subClassOf, SH.ConstraintComponent)):
        found |= set(sg.subjects(RDF.type, sub))
    out = []
    for node in sorted(found, key=str):
        if str(node).startswith(str(SH)):
            continue
        parameters = []
        for p in sg.objects(node, SH.parameter):
            path = sg.value(p, SH.path)
            if not isinstance(path, rdflib.URIRef):
                continue  # pySHACL rejects the component; the shapes using it are refused below
            optional = sg.value(p, SH.optional)
            parameters.append(
                Parameter(path, _local(path), isinstance(optional, rdflib.Literal) and optional.value is True)
            )
        node_v = tuple(sorted(sg.objects(node, SH.nodeValidator), key=str))
        prop_v = tuple(sorted(sg.objects(node, SH.propertyValidator), key=str))
        plain = tuple(sorted(set(sg.objects(node, SH.validator)) - set(node_v) - set(prop_v), key=str))
        out.append(Component(node, tuple(sorted(parameters, key=lambda p: str(p.path))), plain, node_v, prop_v))
    return out


def _local(path: rdflib.URIRef) -> str:
    text = str(path)
    return text[text.find("#") + 1 :] if text.find("#") > 0 else text[text.rfind("/") + 1 :]


def validator_for(sg: rdflib.Graph, component: Component, property_shape: bool) -> Validator:
    """The validator pySHACL applies to a shape (make_validator_for_shape), or Unsupported."""
    where = f"the constraint component {component.node}"
    mandatory = [p for p in component.parameters if not p.optional]
    if not mandatory:
        raise Unsupported(f"{where} has no mandatory parameter (pySHACL rejects it)")
    if property_shape and component.property_validators:
        nodes, kind = component.property_validators, "select"
    elif not property_shape and component.node_validators:
        nodes, kind = component.node_validators, "select"
    elif component.validators:
        nodes, kind = component.validators, "ask"
    else:
        raise Unsupported(f"{where} has no validator for this kind of shape (pySHACL rejects it)")
    if len(nodes) > 1:
        raise Unsupported(f"{where} has two validators of one kind (pySHACL would use either)")
    node = nodes[0]
    types = set(sg.objects(node, RDF.type))
    found = (
        "select"
        if SH.SPARQLSelectValidator in types
        else "ask"
        if SH.SPARQLAskValidator in types
        else "select"
        if sg.value(node, SH.select) is not None
        else "ask"
    )
    if found != kind:
        raise Unsupported(f"{where}: its {kind.upper()} validator is of the other kind (pySHACL rejects it)")
    texts = list(sg.objects(node, SH.select if kind == "select" else SH.ask))
    if len(texts) != 1 or not isinstance(texts[0], rdflib.Literal):
        raise Unsupported(f"{where}: the validator needs exactly one query")
    messages = tuple(sorted((m for m in sg.objects(node, SH.message) if isinstance(m, rdflib.Literal)), key=str))
    if any(not isinstance(m.value, str) for m in messages):
        raise Unsupported(f"{where}: a validator message that is not a string (pySHACL rejects it)")
    return Validator(node, kind, str(texts[0]), messages)


def parameter_values(sg: rdflib.Graph, component: Component, shape: rdflib.term.Node) -> dict[str, rdflib.term.Node]:
    """Each parameter the shape gives a value -> that value (SHACL pre-binds it)."""
    out: dict[str, rdflib.term.Node] = {}
    for p in component.parameters:
        if p.name in RESERVED:
            raise Unsupported(f"the parameter {p.path} is named like a pre-bound variable (pySHACL rejects it)")
        values = sorted(sg.objects(shape, p.path), key=str)
        if len(values) > 1:
            raise Unsupported(f"{shape} gives the parameter {p.path} two values (pySHACL would use either one)")
        if values:
            out[p.name] = values[0]
    return out


def mentions(text: str, name: str) -> bool:
    """pySHACL's test whether a query uses $name or ?name (then it pre-binds it)."""
    return re.search(_MENTIONS.format(re.escape(name)), text) is not None


def substitute(text: str, values: dict[str, str]) -> str:
    """The query with the variables named in ``values`` ($x or ?x) replaced by SPARQL terms."""
    if not values:
        return text
    try:
        tokens = tokenize(text)
    except Unparsable as exc:
        raise Unsupported(f"cannot analyse the query: {exc}") from None
    out: list[Tok] = []
    for t in tokens:  # BOUND($p) of a given parameter is true: a term is no argument for BOUND
        if (
            t.kind == "var"
            and t.text[1:] in values
            and len(out) >= 2
            and out[-1].text == "("
            and out[-2].upper == "BOUND"
        ):
            out[-2:] = [Tok("word", "true", out[-2].pre)]
            out.append(Tok("other", "", ""))  # the closing parenthesis is dropped next
            continue
        if t.kind == "punct" and t.text == ")" and out and out[-1].kind == "other" and out[-1].text == "":
            out.pop()
            continue
        out.append(Tok(t.kind, values[t.text[1:]], t.pre) if t.kind == "var" and t.text[1:] in values else t)
    return render(out).strip()


def bind_message(message: rdflib.Literal, names: dict[str, rdflib.term.Node]) -> rdflib.Literal:
    """pySHACL's bind_messages: each {$name} or {?name} it knows replaced by the value's text,
    the language tag and datatype kept; a message without any {…} is left as it is."""
    text = str(message.value)
    if not re.search(r"{[$?][^{}]+}", text):
        return message
    for name, value in names.items():
        text = re.sub(r"{[$?]" + re.escape(name) + "}", lambda _m, v=value: str(v), text)  # type: ignore[misc]
    return rdflib.Literal(text, lang=message.language, datatype=message.datatype)
