"""Checks run over every subject and then narrowed to the focus nodes (kgtool.shacl.unfocused) give
pySHACL's findings, as recorded: with every focus set past the size written as VALUES (as at a
million statements), with the unfocused queries' rows narrowed, and with the focused queries as
the fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
import regenerate_pyshacl_expectations as recorded  # tests/, on the path pytest runs the tests with

from bench.generate import KINDS, write_corpus
from kgtool.shacl import engine, unfocused
from kgtool.shacl.unfocused import narrowed, pairs_query, without_focus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus pySHACL's findings were recorded for (tests/test_fast_validation.py uses it too)."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, "10k", seed=7, violations=len(KINDS))
    return out


def pyshacl_recorded(name: str, data: list[Path]) -> list[recorded.Row]:
    entry = recorded.load()[name]
    assert entry["digest"] == recorded.digest(data), "run python tests/regenerate_pyshacl_expectations.py"
    return entry["findings"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("limit", [unfocused.LIMIT, 0], ids=["narrowed", "fallback"])
def test_large_focus_sets_give_the_recorded_findings(corpus: Path, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """No focus set written as VALUES: every class, filter and maxCount check of a shape with
    targets runs unfocused (narrowed, or falling back to the focused query)."""
    monkeypatch.setattr(engine, "VALUES_LIMIT", 0)
    monkeypatch.setattr(unfocused, "LIMIT", limit)
    data = [corpus / "corpus.trig"]
    found = recorded.run(data, "fast")
    assert found == pyshacl_recorded("corpus", data)
    # the injected violations the unfocused checks judge are among them
    assert {"ClassConstraintComponent", "MaxCountConstraintComponent", "MaxInclusiveConstraintComponent"} <= {
        str(row[5]) for row in found
    }
    for path in recorded.sample_fixtures():
        inputs = recorded.fixture_inputs(path)
        assert recorded.run(inputs, "fast") == pyshacl_recorded(recorded.fixture_name(path), inputs), path.stem


def test_the_unfocused_query_drops_the_focus_pattern_once() -> None:
    focus = "{ SELECT DISTINCT ?this WHERE { ?this a <urn:C> } }"
    query = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this <urn:p> ?v . FILTER (!isIRI(?v)) }}"
    assert without_focus(query, focus) == "SELECT DISTINCT ?this ?v WHERE {  ?this <urn:p> ?v . FILTER (!isIRI(?v)) }"
    assert without_focus(query + query, focus) is None


def test_max_count_one_is_asked_as_two_different_values() -> None:
    assert pairs_query(["?this <urn:p> ?v ."]) == (
        "SELECT DISTINCT ?this WHERE { ?this <urn:p> ?v . ?this <urn:p> ?__w . FILTER (!sameTerm(?v, ?__w)) }"
    )
    assert "BIND (1 AS ?__k)" in (pairs_query(["?this <urn:p> ?v .", "?this (<urn:q>/<urn:r>) ?v ."]) or "")
    assert pairs_query(["BIND (?this AS ?v)"]) is None


def test_rows_of_subjects_that_are_not_focus_nodes_are_dropped() -> None:
    """The store says which subjects are focus nodes; a blank node (which VALUES cannot hold) or too
    many rows send the focused query instead."""
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:type"), ox.NamedNode("urn:C")))

    def select(sparql: str) -> list[dict[str, object]]:
        if sparql == "focused":
            return [{"this": ox.NamedNode("urn:focused")}]
        if sparql.startswith("unfocused"):
            return rows
        solutions = store.query(sparql)
        return [{"this": s["this"]} for s in solutions]  # type: ignore[index,union-attr]

    rows: list[dict[str, object]] = [{"this": ox.NamedNode("urn:a")}, {"this": ox.NamedNode("urn:b")}]
    targets = "?this <urn:type> <urn:C> ."
    assert narrowed(select, "unfocused", "focused", targets) == [{"this": ox.NamedNode("urn:a")}]  # type: ignore[arg-type]
    rows = [{"this": ox.BlankNode()}]
    assert narrowed(select, "unfocused", "focused", targets) == [{"this": ox.NamedNode("urn:focused")}]  # type: ignore[arg-type]
    rows = []
    assert narrowed(select, "unfocused", "focused", targets) == []  # type: ignore[arg-type]


def test_max_count_one_is_skipped_only_when_no_subject_repeats_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``sh:maxCount 1`` first counts the path's rows against its subjects: a statement held in two
    graphs makes the counts differ without any failure, so the check runs and still finds only the
    node with two values; with every subject at one row the check's own query is never sent."""
    import pyoxigraph as ox
    import rdflib

    monkeypatch.setattr(engine, "VALUES_LIMIT", 0)
    shapes = rdflib.Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <x:S> a sh:NodeShape ; sh:targetClass <x:C> ; sh:property [ sh:path <x:p> ; sh:maxCount 1 ] .""",
        format="turtle",
    )
    store = ox.Store()
    store.load(
        b"""<x:g1> { <x:a> a <x:C> ; <x:p> 1 . <x:b> a <x:C> ; <x:p> 1, 2 . }
        <x:g2> { <x:a> <x:p> 1 . }""",
        format=ox.RdfFormat.TRIG,
    )
    sent: list[str] = []

    def query(sparql: str) -> object:
        sent.append(sparql)
        return store.query(sparql, use_default_graph_as_union=True)

    found = engine.validate_store(shapes, query)
    assert [(str(r.focus), r.component) for r in found] == [("<x:b>", "MaxCountConstraintComponent")]
    store.remove(ox.Quad(ox.NamedNode("x:b"), ox.NamedNode("x:p"), ox.Literal(2), ox.NamedNode("x:g1")))
    store.remove(ox.Quad(ox.NamedNode("x:a"), ox.NamedNode("x:p"), ox.Literal(1), ox.NamedNode("x:g2")))
    sent.clear()
    assert engine.validate_store(shapes, query) == []
    assert any("COUNT(DISTINCT ?this)" in q for q in sent)
    assert not any("?__w" in q or "HAVING" in q for q in sent)


TARGET_QUERIES = {
    # a SPARQL target's own projection, named as the variables the compiled checks use
    "value": "SELECT ?this ?v WHERE { ?this ex:score ?v }",
    "star": "SELECT * WHERE { ?this ex:score ?v }",
    "branch": "SELECT ?this ?__k WHERE { ?this ex:score ?__k }",
}


@pytest.mark.parametrize("name", sorted(TARGET_QUERIES))
def test_a_sparql_targets_projection_stays_out_of_the_checks(name: str, tmp_path: Path) -> None:
    """minCount 1 (two, merged) and hasValue with more focus nodes than VALUES holds and a blank
    node among them: a SPARQL target selecting ?v or ?__k besides ?this must not make the MINUS
    compare them (every node with a name was then reported); a class-and-subjects target union,
    joined without its DISTINCT subquery, gives the same. pySHACL runs live on the graph."""
    import rdflib

    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.checks import validate_graph

    ex = "http://example.org/t#"
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <{ex}> .
ex:Scored a sh:NodeShape ;
  sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:ns ; sh:select "{TARGET_QUERIES[name]}" ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "no name" ] ,
    [ sh:path ex:kind ; sh:minCount 1 ; sh:message "no kind" ] ,
    [ sh:path ex:kind ; sh:hasValue ex:K ; sh:message "not K" ] .
ex:Typed a sh:NodeShape ; sh:targetClass ex:C ; sh:targetSubjectsOf ex:score ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "no name" ] ,
    [ sh:path ex:kind ; sh:hasValue ex:K ; sh:message "not K" ] .
ex:ns sh:declare [ sh:prefix "ex" ; sh:namespace "{ex}"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
""",
        encoding="utf-8",
    )
    lines = [f"@prefix ex: <{ex}> ."]
    for i in range(engine.VALUES_LIMIT + 1):
        name_ = "" if i % 500 == 1 else f'ex:name "n{i}" ; '
        kind = "ex:kind ex:Other ; " if i % 700 == 2 else "ex:kind ex:K ; "
        lines.append(f"ex:n{i} a ex:C ; {name_}{kind}ex:score {i} .")
    lines.append('[] ex:score -1 ; ex:name "blank" .')  # no kind: a blank focus node with findings (messages
    # of the shapes' own: a default message naming a blank node would send the shape to pySHACL)
    data = tmp_path / "data.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")

    kg = KnowledgeGraph.from_files([data])
    graph = rdflib.Graph().parse(shapes, format="turtle")
    fast = validate_graph(kg, reasoner=False, shapes=graph, engine="fast", input_format=None)
    slow = validate_graph(kg, reasoner=False, shapes=graph, engine="pyshacl", input_format=None)
    assert {s.engine for s in fast.shape_engines} == {"fast"}  # the fast engine judged both shapes itself

    def key(report: object) -> list[tuple[str, str, str, str | None]]:
        return sorted((f.shape, f.focus, f.constraint, f.value) for f in report.findings)  # type: ignore[attr-defined]

    assert key(fast) == key(slow)
    named = [(f.shape, f.focus) for f in fast.findings if not f.focus.startswith(ex)]
    assert len(named) == 3  # the blank node: no ex:kind (minCount, hasValue) in ex:Scored, hasValue in ex:Typed
    per_shape = {(f.shape.rsplit("#")[-1], f.constraint) for f in fast.findings if f.focus.startswith(ex)}
    assert per_shape == {
        ("Scored", "MinCountConstraintComponent"),
        ("Scored", "HasValueConstraintComponent"),
        ("Typed", "MinCountConstraintComponent"),
        ("Typed", "HasValueConstraintComponent"),
    }
    assert len(fast.findings) - len(named) == 2 * (4 + 3)  # no name: n1, n501, n1001, n1501; ex:Other: n2, n702, n1402
