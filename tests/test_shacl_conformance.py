"""Conformance of the fast SHACL engine, component by component, against pySHACL (issue 15).

Each case is a small shapes graph and data written from the SHACL specification's definition of
one component (or one SHACL-SPARQL rule); the fast engine must judge the shape itself (not hand
it to pySHACL) and give pySHACL's results, result for result: focus node, path, value, source
shape, component, severity and messages. pySHACL runs live: the inputs are a few triples."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kgtool.errors import KgtoolError
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.checks import shacl_results, validate_graph
from kgtool.validation.render import RENDERERS

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/ns#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""
DATA = (
    PREFIXES
    + """
ex:a a ex:T ; ex:p "ab" , "abcdef"@en , "x"@en , ex:i ; ex:q ex:b ; ex:n 3 .
ex:b a ex:T ; ex:p "abc" ; ex:q "lit" ; ex:n 20 ; ex:extra 1 .
ex:c a ex:T ; ex:n 5 .
ex:d ex:p "hello"@en ; ex:n 7 ; ex:m 9 ; ex:k 7 ; ex:j 6 ; ex:q ex:a ; ex:r ex:a ; ex:s ex:a .
"""
)

# name -> shapes (Turtle after the prefixes); every shape has violations on DATA and no sh:message
CASES = {
    "nodeKind": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:q ; sh:nodeKind sh:IRI ] .",
    "minLength": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minLength 3 ] .",
    "maxLength": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:maxLength 3 ] .",
    "uniqueLang": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
    "node": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:q ; sh:node ex:HasP ] .
ex:HasP a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 2 ] .""",
    "not": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:not ex:Big .
ex:Big a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:minInclusive 10 ] .""",
    "and": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:and ( ex:HasP ex:Small ) .
ex:HasP a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:Small a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:maxInclusive 10 ] .""",
    "or-of-shapes": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( ex:HasP ex:Small ) .
ex:HasP a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:Small a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:maxInclusive 4 ] .""",
    "closed": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
  sh:property [ sh:path ex:p ] , [ sh:path ex:q ] .""",
    "implicit-class-target": "ex:T a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
    "minCount-no-message": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
    "class-no-message": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:q ; sh:class ex:T ] .",
    "datatype-no-message": "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:datatype xsd:string ] .",
    # SHACL-SPARQL: $this in a nested group and in a UNION branch (pre-bound everywhere: SHACL appendix A)
    "sparql-this-nested": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:message "nested" ;
  sh:select "SELECT $this WHERE { ?x a <http://example.org/ns#T> . { ?x <http://example.org/ns#q> ?y FILTER (?y = $this) } }" ] .""",
    "sparql-this-union": """ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:message "union" ;
  sh:select "SELECT $this ?value WHERE { { ?value <http://example.org/ns#n> ?k FILTER (?value = $this && ?k > 4) } UNION { BIND ($this AS ?value) FILTER (isIRI($this) && STRENDS(STR($this), \\"c\\")) } }" ] .""",
}

# more places $this must be bound (each equal to pySHACL when this file was written); ex: is not
# declared to the queries, so they name IRIs in full
NS = "http://example.org/ns#"
THIS_QUERIES = {
    "optional-filter": f"SELECT $this WHERE {{ $this a <{NS}T> OPTIONAL {{ ?x <{NS}q> ?y FILTER (?y = $this) }} "
    "FILTER (!BOUND(?x)) }",
    "union-not-exists": f"SELECT $this WHERE {{ {{ FILTER NOT EXISTS {{ ?x <{NS}q> $this }} }} UNION {{ $this <{NS}n> 20 }} }}",
    "subquery-projecting-this": f"SELECT $this ?v WHERE {{ {{ SELECT $this ?v WHERE {{ $this <{NS}n> ?v }} }} FILTER (?v > 4) }}",
    "bind-in-group": "SELECT $this ?value WHERE { { BIND (STR($this) AS ?value) } FILTER (STRENDS(?value, 'a')) }",
    "deeply-nested": "SELECT $this WHERE { { { FILTER (STRENDS(STR($this), 'b')) } } }",
}
CASES |= {
    f"sparql-this-{name}": f'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:message "{name}" ; sh:select "{query}" ] .'
    for name, query in THIS_QUERIES.items()
}

# Every SHACL Core constraint component and target (SHACL 1.0 section 4 and 2.1.3), each as a shape
# the data breaks and a shape the data keeps (ex:d is no ex:T: shapes aimed at it with
# sh:targetNode leave the other cases' results alone). name -> (breaks, keeps)
T, D = "ex:S a sh:NodeShape ; sh:targetClass ex:T ;", "ex:S a sh:NodeShape ; sh:targetNode ex:d ;"
HAS_P = "ex:HasP a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ."
SMALL = "ex:Small a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:maxInclusive 10 ] ."
CORE_CASES = {
    "class": (f"{T} sh:property [ sh:path ex:q ; sh:class ex:T ] .", f"{D} sh:property [ sh:path ex:q ; sh:class ex:T ] ."),
    "datatype": (f"{T} sh:property [ sh:path ex:p ; sh:datatype xsd:string ] .", f"{T} sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] ."),
    "nodeKind": (f"{T} sh:property [ sh:path ex:q ; sh:nodeKind sh:IRI ] .", f"{D} sh:property [ sh:path ex:q ; sh:nodeKind sh:BlankNodeOrIRI ] ."),
    "minCount": (f"{T} sh:property [ sh:path ex:p ; sh:minCount 1 ] .", f"{D} sh:property [ sh:path ex:p ; sh:minCount 1 ] ."),
    "maxCount": (f"{T} sh:property [ sh:path ex:p ; sh:maxCount 1 ] .", f"{T} sh:property [ sh:path ex:p ; sh:maxCount 4 ] ."),
    "minExclusive": (f"{T} sh:property [ sh:path ex:n ; sh:minExclusive 3 ] .", f"{T} sh:property [ sh:path ex:n ; sh:minExclusive 2 ] ."),
    "minInclusive": (f"{T} sh:property [ sh:path ex:n ; sh:minInclusive 4 ] .", f"{T} sh:property [ sh:path ex:n ; sh:minInclusive 3 ] ."),
    "maxExclusive": (f"{T} sh:property [ sh:path ex:n ; sh:maxExclusive 20 ] .", f"{T} sh:property [ sh:path ex:n ; sh:maxExclusive 21 ] ."),
    "maxInclusive": (f"{T} sh:property [ sh:path ex:n ; sh:maxInclusive 19 ] .", f"{T} sh:property [ sh:path ex:n ; sh:maxInclusive 20 ] ."),
    "minLength": (f"{T} sh:property [ sh:path ex:p ; sh:minLength 3 ] .", f"{D} sh:property [ sh:path ex:p ; sh:minLength 5 ] ."),
    "maxLength": (f"{T} sh:property [ sh:path ex:p ; sh:maxLength 3 ] .", f"{D} sh:property [ sh:path ex:p ; sh:maxLength 5 ] ."),
    "pattern": (f'{T} sh:property [ sh:path ex:p ; sh:pattern "^A" ; sh:flags "i" ] .', f'{D} sh:property [ sh:path ex:p ; sh:pattern "^HEL" ; sh:flags "i" ] .'),
    "languageIn": (f'{T} sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ] .', f'{D} sh:property [ sh:path ex:p ; sh:languageIn ( "en" "ky" ) ] .'),
    "uniqueLang": (f"{T} sh:property [ sh:path ex:p ; sh:uniqueLang true ] .", f"{D} sh:property [ sh:path ex:p ; sh:uniqueLang true ] ."),
    "equals": (f"{T} sh:property [ sh:path ex:q ; sh:equals ex:r ] .", f"{D} sh:property [ sh:path ex:q ; sh:equals ex:r ] ."),
    "disjoint": (f"{D} sh:property [ sh:path ex:r ; sh:disjoint ex:s ] .", f"{T} sh:property [ sh:path ex:p ; sh:disjoint ex:q ] ."),
    "lessThan": (f"{D} sh:property [ sh:path ex:n ; sh:lessThan ex:k ] .", f"{D} sh:property [ sh:path ex:n ; sh:lessThan ex:m ] ."),
    "lessThanOrEquals": (
        f"{D} sh:property [ sh:path ex:n ; sh:lessThanOrEquals ex:j ] .",
        f"{D} sh:property [ sh:path ex:n ; sh:lessThanOrEquals ex:k ] .",
    ),
    "hasValue": (f"{T} sh:property [ sh:path ex:q ; sh:hasValue ex:b ] .", f"{D} sh:property [ sh:path ex:q ; sh:hasValue ex:a ] ."),
    "in": (f"{T} sh:property [ sh:path ex:n ; sh:in ( 3 20 ) ] .", f"{T} sh:property [ sh:path ex:n ; sh:in ( 3 20 5 ) ] ."),
    "node": (
        f"{T} sh:property [ sh:path ex:q ; sh:node ex:HasP ] . {HAS_P}",
        f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:q ; sh:node ex:HasP ] . {HAS_P}",
    ),
    "not": (f"{T} sh:not ex:Small . {SMALL}", f"ex:S a sh:NodeShape ; sh:targetNode ex:b ; sh:not ex:Small . {SMALL}"),
    "and": (f"{T} sh:and ( ex:HasP ex:Small ) . {HAS_P} {SMALL}", f"{D} sh:and ( ex:HasP ex:Small ) . {HAS_P} {SMALL}"),
    "or": (f"{T} sh:or ( ex:HasP ex:Small ) . {HAS_P} {SMALL}".replace("10 ]", "4 ]"), f"{T} sh:or ( ex:HasP ex:Small ) . {HAS_P} {SMALL}"),
    "xone": (f"{T} sh:xone ( ex:HasP ex:Small ) . {HAS_P} {SMALL}", f"ex:S a sh:NodeShape ; sh:targetNode ex:b ; sh:xone ( ex:HasP ex:Small ) . {HAS_P} {SMALL}"),
    "qualifiedValueShape": (
        f"{T} sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:T ] ; sh:qualifiedMinCount 1 ] .",
        f"{D} sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:T ] ; sh:qualifiedMinCount 1 ] .",
    ),
    "qualifiedMaxCount": (
        f"{T} sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMaxCount 0 ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:b ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMaxCount 1 ] .",
    ),
    "closed": (
        f"{T} sh:closed true ; sh:ignoredProperties ( rdf:type ) ; sh:property [ sh:path ex:p ] , [ sh:path ex:q ] .",
        f"{T} sh:closed true ; sh:ignoredProperties ( rdf:type ex:n ex:extra ) ; sh:property [ sh:path ex:p ] , [ sh:path ex:q ] .",
    ),
    "targetNode": (
        "ex:S a sh:NodeShape ; sh:targetNode ex:c ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:b ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    ),
    "targetSubjectsOf": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:extra ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    ),
    "targetObjectsOf": (
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:q ; sh:nodeKind sh:IRI .",
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:r ; sh:nodeKind sh:IRI .",
    ),
    # minCount 1 and hasValue on one focus set in one query (a look-up per focus node and path; a
    # sequence path by MINUS): a predicate, its inverse, a literal value, a path of two steps
    "present-merged": (
        f"""{T} sh:property [ sh:path ex:q ; sh:minCount 1 ] , [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] ,
  [ sh:path ex:n ; sh:hasValue 5 ] , [ sh:path ex:p ; sh:hasValue "abc" ] , [ sh:path ( ex:q ex:p ) ; sh:minCount 1 ] ,
  [ sh:path ( ex:q ex:p ) ; sh:hasValue "abc" ] .""",
        f"""{D} sh:property [ sh:path ex:q ; sh:minCount 1 ] , [ sh:path ex:n ; sh:hasValue 7 ] ,
  [ sh:path ex:p ; sh:hasValue "hello"@en ] , [ sh:path ( ex:q ex:p ) ; sh:minCount 1 ] , [ sh:path ( ex:q ex:n ) ; sh:hasValue 3 ] .
ex:S2 a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] .""",
    ),
    "implicit-class-target": (
        "ex:T a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
        "ex:T a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:n ; sh:minCount 1 ] .",
    ),
    # value tests of one focus set in one query, each path's branch testing its own values: two
    # tests on one path (a value failing both, one failing one, one failing none) and two other paths
    "filters-merged": (
        f"""{T} sh:property [ sh:path ex:p ; sh:datatype xsd:string ; sh:maxLength 3 ] ,
  [ sh:path ex:n ; sh:in ( 3 20 ) ; sh:minInclusive 4 ] , [ sh:path ex:q ; sh:nodeKind sh:IRI ] .""",
        f"""{D} sh:property [ sh:path ex:p ; sh:datatype rdf:langString ; sh:maxLength 5 ] ,
  [ sh:path ex:n ; sh:in ( 7 ) ; sh:minInclusive 4 ] , [ sh:path ex:q ; sh:nodeKind sh:IRI ] .""",
    ),
    # sh:xone/sh:or of counted property shapes: a look-up per node and member where no subject has two
    # values on a capped path (ex:q, ex:n), the counts where one has (ex:p: ex:a has four)
    "logical-counts": (
        f"""{T} sh:xone ( [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ] [ sh:path ex:n ; sh:minCount 1 ] ) .
ex:S2 a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( [ sh:path ex:extra ; sh:minCount 1 ] [ sh:path ex:q ; sh:maxCount 1 ] ) .
ex:S3 a sh:NodeShape ; sh:targetClass ex:T ; sh:xone ( [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .""",
        f"""{D} sh:xone ( [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ] [ sh:path ex:extra ; sh:minCount 1 ] ) .
ex:S2 a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( [ sh:path ex:n ; sh:minCount 0 ; sh:maxCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .""",
    ),
    "inverse-and-sequence-paths": (
        f"{T} sh:property [ sh:path ( ex:q ex:p ) ; sh:minCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:r ] ; sh:maxCount 1 ] .",
    ),
}  # fmt: skip


def graph(tmp_path: Path) -> KnowledgeGraph:
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return KnowledgeGraph.from_files([path])


def shapes_of(text: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=PREFIXES + text, format="turtle")
    return g


def key(results: list) -> list[tuple[str, ...]]:
    return sorted(
        (
            str(r.focus),
            str(r.path),
            str(r.value),
            str(r.source_shape) if not isinstance(r.source_shape, rdflib.BNode) else "_",
            r.component,
            r.severity,
            "|".join(sorted(str(m) for m in r.messages)),
        )
        for r in results
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_engine_compiles_and_equals_pyshacl(name: str, tmp_path: Path) -> None:
    kg, shapes = graph(tmp_path), shapes_of(CASES[name])
    from kgtool.validation.model import ShapeEngine

    judged: list[ShapeEngine] = []
    fast, used, note = shacl_results(kg, shapes, "fast", judged=judged)
    assert used == "fast", note  # judged by the fast engine, not handed over
    assert judged and all(j.engine == "fast" for j in judged)
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert fast, "the case must have violations"
    assert key(fast) == key(slow)


def test_valid_data_conforms_on_both(tmp_path: Path) -> None:
    kg = graph(tmp_path)
    shapes = shapes_of(
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:n ; sh:nodeKind sh:Literal ; sh:minLength 1 ] ."
    )
    fast, used, _ = shacl_results(kg, shapes, "fast")
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert used == "fast" and fast == [] and slow == []


CUSTOM = """ex:MaxLen a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxLen ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "too long" ;
    sh:ask "ASK { FILTER (STRLEN(STR($value)) <= $maxLen && isBLANK($currentShape)) }" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:maxLen 3 ] ."""


def test_custom_component_is_judged_not_ignored(tmp_path: Path) -> None:
    """A SPARQL-based constraint component used to give "conforms". The fast engine compiles
    components now, but not $currentShape (the store does not hold the shapes): pySHACL judges
    that shape, and every output format names the engine and the reason."""
    kg, shapes = graph(tmp_path), shapes_of(CUSTOM)
    fast, used, note = shacl_results(kg, shapes, "fast")
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert fast and key(fast) == key(slow)
    assert used == "pyshacl" and "refused" in note
    report = validate_graph(kg, reasoner=False, shapes=shapes)
    (judged,) = report.shape_engines
    assert judged.engine == "pyshacl" and "$currentShape" in judged.reason
    for name, render in RENDERERS.items():
        text = render(report)
        assert "pyshacl" in text.lower() and "currentShape" in text, name


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this a <http://example.org/ns#T> } }", "MINUS"),
        ("SELECT $this WHERE { $this ?p ?o VALUES ?o { 1 } }", "VALUES"),
        ("SELECT $this WHERE { SERVICE <http://127.0.0.1:1/> { $this ?p ?o } }", "SERVICE"),
        ("SELECT $this WHERE { $this ?p ?o { SELECT ?o WHERE { ?s ?q ?o } } }", "$this"),
        ("SELECT $this WHERE { ?x ?p ?o BIND (?x AS ?this) }", "rebind"),
    ],
)
def test_forbidden_sparql_is_refused(tmp_path: Path, query: str, word: str) -> None:
    kg = graph(tmp_path)
    shapes = shapes_of(
        f'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:message "m" ; sh:select "{query}" ] .'
    )
    with pytest.raises(KgtoolError) as info:
        shacl_results(kg, shapes, "fast")
    assert info.value.error_id == "validate#forbidden-sparql"
    assert word in info.value.message and "appendix A" in info.value.message and "#pre-binding" in info.value.message
    with pytest.raises(Exception):  # noqa: B017 - pySHACL refuses the same query (its own error type)
        shacl_results(kg, shapes, "pyshacl")


def ask_component(ask: str) -> str:
    """Shapes using a one-parameter component whose ASK validator is ``ask`` (on ex:p, limit 3)."""
    return f"""ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:lim ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "m" ; sh:ask "{ask}" ] .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:lim 3 ] ."""


# in an ASK validator $value and the parameters are pre-bound too (SHACL appendix A); pySHACL's word
FORBIDDEN_ASK = {
    "rebinds-value": ("ASK { BIND (STRLEN(STR($this)) AS ?value) FILTER ($value > $lim) }", "$value", "re-bind"),
    "rebinds-parameter": ("ASK { BIND (3 AS ?lim) FILTER (STRLEN(STR($value)) > $lim) }", "$lim", "re-bind"),
    "minus": ("ASK { $this ?p ?o MINUS { $this ?q $value } FILTER (STRLEN(STR($value)) <= $lim) }", "MINUS", "MINUS"),
    "subquery-leaves-out-value": (
        "ASK { { SELECT $this $lim WHERE { $this ?p ?o } } FILTER (STRLEN(STR($value)) <= $lim) }",
        "$value",
        None,  # pySHACL 0.40 does not look for subqueries in an ASK validator, and runs it
    ),
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN_ASK))
def test_forbidden_sparql_in_an_ask_validator_is_refused(tmp_path: Path, name: str) -> None:
    """Rebinding ?value (or a parameter) in an ASK validator, and the rest of appendix A, are refused
    by the fast engine with the specification's reason, never run."""
    ask, word, pyshacl_word = FORBIDDEN_ASK[name]
    kg, shapes = graph(tmp_path), shapes_of(ask_component(ask))
    with pytest.raises(KgtoolError) as info:
        shacl_results(kg, shapes, "fast")
    assert info.value.error_id == "validate#forbidden-sparql"
    assert word in info.value.message and "appendix A" in info.value.message, info.value.message
    if pyshacl_word is not None:
        with pytest.raises(KgtoolError) as refused:
            shacl_results(kg, shapes, "pyshacl")
        assert refused.value.error_id == "validate#shapes-rejected" and pyshacl_word in refused.value.message


def test_a_forbidden_query_stops_the_cli_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kgtool.cli import main

    data, shapes = tmp_path / "data.ttl", tmp_path / "mine.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes.write_text(PREFIXES + ask_component(FORBIDDEN_ASK["rebinds-value"][0]), encoding="utf-8")
    for fmt in ("text", "json", "junit", "github"):
        code = main(["validate", str(data), "--only-shapes", "--shapes", str(shapes), "--no-reasoner", "--format", fmt])
        out, err = capsys.readouterr()
        assert code == 2 and out == "" and "Traceback" not in err, fmt
        assert "validate#forbidden-sparql" in err and "$value" in err and "of <http://example.org/ns#S>" in err, err


# --- SPARQL-based constraint components (SHACL 1.0 section 6) -------------------------------------------

MAX_LEN = """ex:MaxLen a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxLen ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "longer than {$maxLen}"@en ;
    sh:ask "ASK { FILTER (STRLEN(STR($value)) <= $maxLen) }" ] ."""
MAX_N = """ex:MaxN a sh:ConstraintComponent ; sh:parameter [ sh:path ex:max ] ;
  sh:nodeValidator [ a sh:SPARQLSelectValidator ; sh:message "n above {$max}" ;
    sh:select "SELECT $this WHERE { $this <http://example.org/ns#n> ?n FILTER (?n > $max) }" ] ."""
LONG_VALUES = """ex:Long a sh:ConstraintComponent ; sh:parameter [ sh:path ex:longer ] ;
  sh:propertyValidator [ a sh:SPARQLSelectValidator ; sh:message "a value is longer than {$longer}" ;
    sh:select "SELECT $this ?value WHERE { $this $PATH ?value FILTER (STRLEN(STR(?value)) > $longer) }" ] ."""
BETWEEN = """ex:Between a sh:ConstraintComponent ;
  sh:parameter [ sh:path ex:low ] , [ sh:path ex:high ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "not within {$low} and {$high}" ;
    sh:ask "ASK { FILTER ($value >= $low && $value <= $high) }" ] ."""
ENDS = """ex:Ends a sh:ConstraintComponent ;
  sh:parameter [ sh:path ex:kind ] , [ sh:path ex:suffix ; sh:optional true ] ;
  sh:validator [ a sh:SPARQLAskValidator ; sh:message "wrong kind or suffix" ;
    sh:ask "ASK { FILTER (isIRI($value) = ($kind = 'iri') && (!BOUND($suffix) || STRENDS(STR($value), $suffix))) }" ] ."""
TEMPLATE = """ex:Linked a sh:ConstraintComponent ; sh:parameter [ sh:path ex:via ] ;
  sh:nodeValidator [ a sh:SPARQLSelectValidator ;
    sh:message "{$this} links {?target} by {$via}" , "plain words"@ru ;
    sh:select "SELECT $this ?target WHERE { $this $via ?target FILTER (isIRI(?target)) }" ] ."""

# name -> (shapes the data breaks, shapes the data keeps)
COMPONENT_CASES = {
    "ask-property-shape": (
        MAX_LEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:maxLen 3 ] .",
        MAX_LEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:maxLen 40 ] .",
    ),
    "ask-node-shape": (
        MAX_LEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:maxLen 22 .",
        MAX_LEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:maxLen 40 .",
    ),
    "select-node-validator": (
        MAX_N + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:max 4 .",
        MAX_N + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:max 20 .",
    ),
    "select-property-validator-PATH": (
        LONG_VALUES + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:longer 2 ] .",
        LONG_VALUES + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:longer 30 ] .",
    ),
    "two-parameters": (
        BETWEEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:n ; ex:low 4 ; ex:high 10 ] .",
        BETWEEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:n ; ex:low 1 ; ex:high 20 ] .",
    ),
    "optional-parameter-absent": (
        ENDS + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:q ; ex:kind 'iri' ] .",
        ENDS + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:q ; ex:kind 'iri' ] .",
    ),
    "optional-parameter-given": (
        ENDS
        + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:q ; ex:kind 'iri' ; ex:suffix 'c' ] .",
        ENDS
        + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:q ; ex:kind 'iri' ; ex:suffix 'b' ] .",
    ),
    "message-template": (  # one result per shape: pySHACL's messages do not depend on its set order
        TEMPLATE + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:via ex:q .",
        TEMPLATE + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; ex:via ex:extra .",
    ),
}


@pytest.mark.parametrize("name", sorted(COMPONENT_CASES) + [f"core:{n}" for n in sorted(CORE_CASES)])
def test_constraint_component_compiles_and_equals_pyshacl(name: str, tmp_path: Path) -> None:
    """Each case's broken and kept shapes: the fast engine judges them itself and gives pySHACL's
    results exactly; the broken one has results, the kept one none."""
    from kgtool.validation.model import ShapeEngine

    kg = graph(tmp_path)
    cases = CORE_CASES[name[5:]] if name.startswith("core:") else COMPONENT_CASES[name]
    for text, breaks in zip(cases, (True, False), strict=True):
        shapes = shapes_of(text)
        judged: list[ShapeEngine] = []
        fast, used, note = shacl_results(kg, shapes, "fast", judged=judged)
        assert used == "fast", note
        assert judged and all(j.engine == "fast" for j in judged)
        slow, _, _ = shacl_results(kg, shapes, "pyshacl")
        assert bool(fast) == breaks, fast
        assert key(fast) == key(slow)


def test_message_template_is_bound_per_result(tmp_path: Path) -> None:
    """{$value} names each result's own value. pySHACL adds every earlier result's bound message
    of the shape to each later one (one list shared in BoundShapeValidatorComponent.evaluate, in
    set order): its messages hold ours, plus those of other results."""
    kg = graph(tmp_path)
    shapes = shapes_of(
        MAX_LEN.replace('"longer than {$maxLen}"@en', '"{$value} is longer than {$maxLen}"')
        + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:maxLen 3 ] ."
    )
    fast, used, _ = shacl_results(kg, shapes, "fast")
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert used == "fast" and len(fast) == len(slow) == 2
    assert sorted(str(m) for r in fast for m in r.messages) == [
        "abcdef is longer than 3",
        "http://example.org/ns#i is longer than 3",
    ]
    pyshacl_messages = {str(m) for r in slow for m in r.messages}
    assert all(str(m) in pyshacl_messages for r in fast for m in r.messages)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_engine_lines_follow_the_language(tmp_path: Path, lang: str) -> None:
    """The per-shape engine lines of the text and github renderings are in the reader's language."""
    from kgtool.i18n.messages import t
    from kgtool.validation.render import engine_reason

    kg, shapes = graph(tmp_path), shapes_of(CUSTOM)
    report = validate_graph(kg, reasoner=False, shapes=shapes)
    report.lang = lang
    (judged,) = report.shape_engines
    reason = engine_reason(judged.reason, lang)
    assert (reason == judged.reason) == (lang == "en"), "the reason is in the reader's language"
    line = t("validate.engine_pyshacl", lang, name="S", shape=judged.shape, reason=reason)
    assert line.splitlines()[0] in RENDERERS["text"](report)
    notice = t("validate.judged_pyshacl", lang, reason=reason, shape=judged.shape)
    assert notice.split(":")[0] in RENDERERS["github"](report)
    others = {t("validate.judged_pyshacl", o, reason="", shape="") for o in ("ky", "ru", "en") if o != lang}
    assert not any(o.split(":")[0] in RENDERERS["github"](report) for o in others)


@pytest.mark.parametrize(
    "shape",
    [
        MAX_LEN + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:maxLen 3 ] .",
        LONG_VALUES.replace("STRLEN(STR(?value)) > $longer", "STRLEN(STR(?value)) < $longer")
        + "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; ex:longer 2 ] .",
    ],
)
def test_values_rdflib_reads_as_false(tmp_path: Path, shape: str) -> None:
    """pySHACL does not pre-bind $value to "", 0 or false (``if valuenode:``): the fast engine
    answers for those values as pySHACL does, with ?value free."""
    path = tmp_path / "data.ttl"
    path.write_text(PREFIXES + 'ex:a a ex:T ; ex:p "" , 0 , "abcd" .\nex:b a ex:T ; ex:p "ab" , false .\n')
    kg, shapes = KnowledgeGraph.from_files([path]), shapes_of(shape)
    fast, used, note = shacl_results(kg, shapes, "fast")
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert used == "fast", note
    assert fast and key(fast) == key(slow)


def test_a_refused_anonymous_shape_is_named_by_its_path_and_owner(tmp_path: Path) -> None:
    """The reason a shape went to pySHACL names an anonymous property shape as the shapes file
    shows it (path, holding shape), never by the parser's blank node label, in every format."""
    import re

    kg = graph(tmp_path)
    shapes = shapes_of(
        "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; "
        "sh:qualifiedValueShape [ sh:minLength 1 ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ."
    )
    report = validate_graph(kg, reasoner=False, shapes=shapes)
    (judged,) = report.shape_engines
    assert judged.engine == "pyshacl" and "qualifiedValueShapesDisjoint" in judged.reason
    assert "a property shape on <http://example.org/ns#p> of <http://example.org/ns#S>" in judged.reason
    for name, render in RENDERERS.items():
        assert not re.search(r"[Nn][0-9a-f]{32}", render(report)), name


# a user's query using the names the engine gives its own variables: ?__class binds the classes of a
# large class target (written into the user's query as a plain pattern), ?__matched<n> the EXISTS
# rewrite's flag; ?__f<k> flags the merged checks, queries of the engine's own: the name of the
# user's query the engine would judge it by (pySHACL when one of its names would meet the user's)
ENGINE_NAMES = {
    "constraint-class": (
        'sh:sparql [ sh:message "kind {?__class}" ; '
        'sh:select "SELECT $this ?__class WHERE { $this <http://example.org/ns#kind> ?__class }" ]',
        "pyshacl",
    ),
    "constraint-flag": (
        'sh:sparql [ sh:message "kind {?__f0}" ; '
        'sh:select "SELECT $this ?__f0 WHERE { $this <http://example.org/ns#kind> ?__f0 }" ]',
        "fast",
    ),
    # the rewritten NOT EXISTS tests its flag ?__matched1 unbound, which the user's OPTIONAL had bound
    "constraint-rewrite": (
        'sh:sparql [ sh:message "not ok" ; sh:select "SELECT $this WHERE { '
        "$this <http://example.org/ns#kind> ?k . OPTIONAL { $this <http://example.org/ns#kind> ?__matched1 } "
        'FILTER NOT EXISTS { ?k <http://example.org/ns#ok> ?y FILTER (?y = ?k) } }" ]',
        "pyshacl",
    ),
}


@pytest.mark.parametrize("name", sorted(ENGINE_NAMES))
def test_a_users_variable_named_like_the_engines_gives_the_right_results(name: str, tmp_path: Path) -> None:
    """With more focus nodes than fit a VALUES block the class target is joined into the user's
    query as ``?this a ?__class``: a user's own ?__class was joined with it, and the fast engine
    found no node (pySHACL: every one); so did a user's ?__matched1, the EXISTS rewrite's flag, on
    five nodes. Such a query goes to pySHACL; ?__f0, a name the engine uses only in queries of its
    own, stays fast. Either way the results are those of the same query with plain names, judged
    fast (and pySHACL's, run again where that is quick)."""
    from kgtool.shacl.engine import VALUES_LIMIT
    from kgtool.validation.model import ShapeEngine

    shape, engine = ENGINE_NAMES[name]
    n = VALUES_LIMIT + 1 if name == "constraint-class" else 5
    path = tmp_path / "many.ttl"
    path.write_text(PREFIXES + "".join(f"ex:x{i} a ex:T ; ex:kind ex:K .\n" for i in range(n)), encoding="utf-8")
    kg = KnowledgeGraph.from_files([path])
    found = []
    for text in (shape, shape.replace("?__", "?u")):
        judged: list[ShapeEngine] = []
        shapes = shapes_of(f"ex:S a sh:NodeShape ; sh:targetClass ex:T ; {text} .")
        results, _, _ = shacl_results(kg, shapes, "fast", judged=judged)
        found.append(key(results))
        assert len(results) == n, "every node fails"
        if "?__" in text:
            assert [j.engine for j in judged] == [engine], judged
            assert engine == "fast" or "a name the fast engine gives" in judged[0].reason
            if n < VALUES_LIMIT:  # pySHACL again, as the reference (2,001 nodes: the fallback is pySHACL)
                assert key(results) == key(shacl_results(kg, shapes, "pyshacl")[0])
        else:
            assert [j.engine for j in judged] == ["fast"], judged
    assert found[0] == found[1]


@pytest.mark.parametrize(("variable", "engine"), [("?__matched1", "pyshacl"), ("?__class", "fast")])
def test_a_sparql_target_naming_an_engine_variable(variable: str, engine: str, tmp_path: Path) -> None:
    """A SPARQL target's query is rewritten (its NOT EXISTS) but not joined with the focus pattern:
    a user's ?__matched1 there was compared with the rewrite's flag (ex:b, whose ex:q bound it, was
    no focus node), and goes to pySHACL; a ?__class stays in the target's own branch, fast."""
    from kgtool.validation.model import ShapeEngine

    kg = graph(tmp_path)
    target = (
        f"SELECT ?this WHERE {{ ?this a ex:T . OPTIONAL {{ ?this ex:q {variable} }} "
        "  FILTER NOT EXISTS { ?this ex:p ?y FILTER (?y = ex:nope) } }"
    )
    shapes = shapes_of(
        f'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:ns ; sh:select "{target}" ] ; '
        "sh:property [ sh:path ex:n ; sh:maxInclusive 4 ] .\n"
        'ex:ns sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/ns#"^^xsd:anyURI ] .'
    )
    judged: list[ShapeEngine] = []
    fast, _, _ = shacl_results(kg, shapes, "fast", judged=judged)
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    assert key(fast) == key(slow) and {str(r.focus) for r in fast} == {
        "<http://example.org/ns#b>",
        "<http://example.org/ns#c>",
    }
    assert [j.engine for j in judged] == [engine], judged


@pytest.mark.parametrize("langs", [("ky",), ("ky", "EN"), ("en-us",), ("*",)])
def test_language_in_selects_what_the_tag_and_first_subtag_test_selects(langs: tuple[str, ...]) -> None:
    """sh:languageIn as the engine writes it (LANGMATCHES for single subtags) selects the same values
    as the lower-cased tag or first subtag compared with the list, pySHACL's rule."""
    import pyoxigraph as ox

    from kgtool.shacl.engine import Compiler

    store = ox.Store()
    tags = ["KY", "ky-KG", "kyx", "en", "ky", "Ky-Cyrl-KG", "en-ky", "en-US", "en-us-x-kg", "ru"]
    for i, tag in enumerate(tags):
        store.add(ox.Quad(ox.NamedNode(f"urn:t{i}"), ox.NamedNode("urn:p"), ox.Literal("x", language=tag)))
    store.add(ox.Quad(ox.NamedNode("urn:iri"), ox.NamedNode("urn:p"), ox.NamedNode("urn:x")))
    store.add(ox.Quad(ox.NamedNode("urn:plain"), ox.NamedNode("urn:p"), ox.Literal("x")))
    shapes = shapes_of("ex:S sh:languageIn ( " + " ".join(f'"{x}"' for x in langs) + " ) .")
    written = Compiler(shapes, store.query).language_in(shapes.value(rdflib.URIRef(f"{NS}S"), rdflib.SH.languageIn))
    lower = ", ".join(f'"{x.lower()}"' for x in langs)
    rule = (
        f'isLITERAL(?v) && LANG(?v) != "" && ("*" IN ({lower}) || LCASE(LANG(?v)) IN ({lower}) || '
        f'LCASE(STRBEFORE(CONCAT(LANG(?v), "-"), "-")) IN ({lower}))'
    )

    def chosen(cond: str) -> set[str]:
        return {str(r[0]) for r in store.query(f"SELECT ?s WHERE {{ ?s <urn:p> ?v FILTER (COALESCE({cond}, false)) }}")}

    assert chosen(written) == chosen(rule) and chosen(rule)
    assert ("LANGMATCHES" in written) == all(x.isalnum() and x != "*" for x in langs)
