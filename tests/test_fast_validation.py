"""The fast SHACL engine gives pySHACL's findings, finding for finding; the EXISTS rewrite keeps every
query's answers; validation per named graph in worker processes gives whole-graph validation's
findings; the OWL check in TBox mode finds contradictions without reasoning over the instances.

pySHACL is the reference: every comparison here is against it (or against the manifest of a
generated corpus, which lists every finding the corpus must give)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from kgtool import assets
from kgtool.cli import main
from kgtool.rdf.as_written import written_forms
from kgtool.rdf.exists_rewrite import optimise, rewrite_query
from kgtool.rdf.parse import TypedStatement, typed_statements
from kgtool.rdf.project import build_graph, project_files
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.checks import findings, shacl_results, shapes_graph, validate_graph
from kgtool.validation.model import Finding, ValidationReport, sort_key
from kgtool.validation.parallel import _unit_forms, split
from kgtool.validation.reasoner import java_available, reason, schema_graph
from kgtool.validation.run import validate

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
import regenerate_pyshacl_expectations as recorded

from bench.generate import KINDS, write_corpus

FIXTURES = REPO / "tests" / "fixtures" / "shapes"
BASE = FIXTURES / "_base.ttl"
# fixtures that exercise every kind of compiled constraint (the list lives with the recorder)
SAMPLE = recorded.SAMPLE
# the one input on which pySHACL runs live, so that a change in pySHACL is still caught
LIVE = "CitationShape/invalid-names-both"


def ordered(fs: list[Finding]) -> list[Finding]:
    return sorted(fs, key=lambda f: (sort_key(f), str(f)))


def both_engines(kg: KnowledgeGraph, shapes: rdflib.Graph) -> tuple[list[Finding], list[Finding]]:
    fast, used, note = shacl_results(kg, shapes, "fast")
    assert used == "fast", note
    slow, _, _ = shacl_results(kg, shapes, "pyshacl")
    return ordered(findings(fast, kg, shapes, "en")), ordered(findings(slow, kg, shapes, "en"))


def fixture_graph(path: Path | None) -> KnowledgeGraph:
    return KnowledgeGraph.from_files(assets.ontology_files() + [BASE] + ([path] if path else []))


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return shapes_graph()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 10k-statement corpus with one injected violation of every kind."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, "10k", seed=7, violations=len(KINDS))
    return out


def expected(corpus: Path) -> set[tuple[str, str, str]]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return {(f["severity"], f["focus"], f["shape"]) for f in manifest["expected_findings"]}


def keys(fs: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.severity, f.focus, f.shape.rsplit("#", 1)[-1]) for f in fs}


# --- the fast engine against pySHACL -----------------------------------------------------------------------


def sample_fixtures() -> list[Path]:
    return recorded.sample_fixtures()


def pyshacl_recorded(name: str, data: list[Path]) -> list[recorded.Row]:
    """pySHACL's findings on this input as tests/regenerate_pyshacl_expectations.py recorded them."""
    entry = recorded.load().get(name)
    assert entry is not None, (
        f"no recorded pySHACL findings for {name}: run python tests/regenerate_pyshacl_expectations.py"
    )
    assert entry["digest"] == recorded.digest(data), (
        f"{name} (or the ontology, or shapes/) changed since pySHACL's findings were recorded: "
        "run python tests/regenerate_pyshacl_expectations.py"
    )
    return entry["findings"]  # type: ignore[return-value]


@pytest.mark.parametrize("path", sample_fixtures(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_engine_equals_recorded_pyshacl_on_fixtures(path: Path) -> None:
    data = recorded.fixture_inputs(path)
    assert recorded.run(data, "fast") == pyshacl_recorded(recorded.fixture_name(path), data)


def test_fast_engine_equals_live_pyshacl_on_a_small_input(shapes: rdflib.Graph) -> None:
    """The one live comparison: pySHACL as installed gives what was recorded, and the fast engine
    gives the same findings, field for field (labels, fixes, files and lines too)."""
    path = FIXTURES / f"{LIVE}.ttl"
    fast, slow = both_engines(fixture_graph(path), shapes)
    assert fast == slow and fast
    data = recorded.fixture_inputs(path)
    assert recorded.engine_view(slow) == pyshacl_recorded(recorded.fixture_name(path), data)


# the whole suite is a long run (about a fifth of a worker's share of the test run): in parts,
# so that pytest-xdist spreads it over the workers instead of one worker finishing it alone
PARTS = 8


@pytest.mark.parametrize("part", range(PARTS), ids=lambda i: f"part{i + 1}of{PARTS}")
def test_fast_engine_equals_recorded_pyshacl_on_every_shape_fixture(
    part: int, shape_fixture_report: Callable[[Path | None], ValidationReport]
) -> None:
    """The whole fixture suite (270 graphs, every PARTS-th one in each part): the proof that makes
    the fast engine the default, against pySHACL's findings as recorded
    (tests/regenerate_pyshacl_expectations.py). The fast engine's findings are those of kgtool's
    validation of the input that tests/test_shapes.py checks against the fixture's expectations
    (computed once per test run for both, conftest.py) where the fast engine judged every shape
    there; where validation gave some shapes to pySHACL (a literal the store rewrote, judged as
    written), the fast engine runs alone here."""
    differing = []
    for path in recorded.fixture_paths()[part::PARTS]:
        data = recorded.fixture_inputs(path)
        report = shape_fixture_report(path)
        fast = recorded.engine_view(report.findings) if report.engine == "fast" else recorded.run(data, "fast")
        if fast != pyshacl_recorded(recorded.fixture_name(path), data):
            differing.append(recorded.fixture_name(path))
    assert differing == []


def test_fast_engine_equals_recorded_pyshacl_on_the_project_data() -> None:
    fast = recorded.run(assets.data_files(), "fast")
    assert fast == pyshacl_recorded("project", assets.data_files())
    assert fast  # the project's data gives Info findings about the study


def test_generated_corpus_gives_exactly_the_manifest_findings(corpus: Path, shapes: rdflib.Graph) -> None:
    kg = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / "corpus.trig"])
    fast, used, note = shacl_results(kg, shapes, "fast")
    assert used == "fast", note
    found = findings(fast, kg, shapes, "en")
    assert keys(found) == expected(corpus)
    assert recorded.engine_view(found) == pyshacl_recorded("corpus", [corpus / "corpus.trig"])


@pytest.mark.slow
def test_100k_corpus_with_injected_violations_equals_recorded_pyshacl(tmp_path: Path) -> None:
    size, seed, violations = recorded.CORPORA["corpus-100k"]
    write_corpus(tmp_path, size, seed=seed, violations=violations or 0)
    data = [tmp_path / "corpus.trig"]
    fast = recorded.run(data, "fast")
    assert {(r[0], r[1], str(r[4]).rsplit("#", 1)[-1]) for r in fast} == expected(tmp_path)
    assert fast == pyshacl_recorded("corpus-100k", data)


def test_shapes_the_engine_does_not_compile_are_validated_by_pyshacl(shapes: rdflib.Graph) -> None:
    """Only the shape the fast engine refuses goes to pySHACL, and the report says so and why."""
    extra = rdflib.Graph()
    extra += shapes
    refused = rdflib.URIRef("https://w3id.org/kgtool/shapes#CountryLabelsShape")
    extra.add((refused, rdflib.RDF.type, SH.NodeShape))
    extra.add((refused, SH.targetClass, rdflib.URIRef("https://w3id.org/kgtool/ontology#Country")))
    labels = rdflib.BNode()
    extra.add((refused, SH.property, labels))
    extra.add((labels, SH.path, rdflib.RDFS.label))
    literal = rdflib.BNode()
    extra.add((literal, SH.nodeKind, SH.Literal))
    extra.add((labels, SH.qualifiedValueShape, literal))
    extra.add((labels, SH.qualifiedMinCount, rdflib.Literal(0)))
    extra.add((labels, SH.qualifiedValueShapesDisjoint, rdflib.Literal(True)))
    report = validate_graph(fixture_graph(None), reasoner=False, shapes=extra)
    judged = {s.shape: (s.engine, s.reason) for s in report.shape_engines}
    assert judged[str(refused)][0] == "pyshacl" and "qualifiedValueShapesDisjoint" in judged[str(refused)][1]
    assert {engine for shape, (engine, _) in judged.items() if shape != str(refused)} == {"fast"}
    assert report.findings == []


def test_threads_do_not_change_the_findings(corpus: Path) -> None:
    kg = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / "corpus.trig"])
    one = validate_graph(kg, reasoner=False, threads=1).findings
    assert validate_graph(kg, reasoner=False, threads=2).findings == one


# --- the EXISTS rewrite ------------------------------------------------------------------------------------


def test_rewritten_queries_give_the_same_answers_on_the_project_data(shapes: rdflib.Graph) -> None:
    kg = build_graph()
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "queries").rglob("*.rq"))]
    prologue = "".join(
        f"PREFIX {p}: <{n}>\n"
        for p, n in (
            ("kgo", "https://w3id.org/kgtool/ontology#"),
            ("rdf", str(rdflib.RDF)),
            ("rdfs", str(rdflib.RDFS)),
            ("xsd", str(rdflib.XSD)),
            ("skos", str(rdflib.SKOS)),
        )
    )
    texts += [prologue + str(q).replace("$this", "?this") for q in shapes.objects(None, SH.select)]
    rewritten = 0
    for text in texts:
        new = optimise(text)
        rewritten += new != text
        before = sorted(map(str, kg.store.query(text, use_default_graph_as_union=True)))
        after = sorted(map(str, kg.store.query(new, use_default_graph_as_union=True)))
        assert before == after, text
    assert rewritten >= 5


def test_rewrite_turns_not_exists_into_an_optional_or_minus_and_keeps_unsafe_filters() -> None:
    # a filter inside reading the group's bindings: an OPTIONAL, its own variables renamed
    q = "SELECT ?s WHERE { ?s <x:p> ?o . FILTER NOT EXISTS { ?s <x:q> ?x . ?x <x:r> ?y FILTER (?y < ?o) } }"
    assert "NOT EXISTS" not in rewrite_query(q) and "OPTIONAL" in rewrite_query(q)
    assert "?__local1_x" in rewrite_query(q) and "FILTER (!BOUND(?__matched1))" in rewrite_query(q)
    # ?o may be unbound where the filter is evaluated: the OPTIONAL is the same query all the same
    maybe = (
        "SELECT ?s WHERE { ?s <x:p> ?a OPTIONAL { ?s <x:o> ?o } FILTER NOT EXISTS { ?s <x:q> ?o FILTER (?o != 1) } }"
    )
    assert "NOT EXISTS" not in rewrite_query(maybe)
    # no filter inside: the join form, with only the part of the group that binds what is shared
    join = "SELECT ?s WHERE { VALUES ?f { 1 2 } ?s <x:p> ?o . FILTER NOT EXISTS { ?s <x:q> ?x . ?x <x:r> ?o } }"
    assert "NOT EXISTS" not in rewrite_query(join) and "MINUS" in rewrite_query(join)
    assert rewrite_query(join).split("MINUS", 1)[1].count("VALUES") == 0
    # P alone binding what it shares, each bound in every solution: P is the MINUS, its own renamed
    alone = "SELECT ?s WHERE { ?s <x:p> ?o . FILTER NOT EXISTS { ?x <x:r> ?o } }"
    assert " ".join(rewrite_query(alone).split()) == "SELECT ?s { ?s <x:p> ?o . MINUS { ?__local1_x <x:r> ?o } }"
    # ?o may be unbound and is shared: not provably the same as a join, left alone
    unsafe = "SELECT ?s WHERE { ?s <x:p> ?a OPTIONAL { ?s <x:o> ?o } FILTER NOT EXISTS { ?s <x:q> ?o } }"
    assert "NOT EXISTS" in rewrite_query(unsafe)
    # in an OPTIONAL's own group the filter is that OPTIONAL's condition: never the OPTIONAL form
    inside = (
        "SELECT ?s WHERE { ?s <x:p> ?a OPTIONAL { ?s <x:o> ?o FILTER NOT EXISTS { ?s <x:q> ?o FILTER (?o != 1) } } }"
    )
    assert "OPTIONAL" not in rewrite_query(inside).split("OPTIONAL", 1)[1]
    assert optimise("ASK { ?s ?p ?o FILTER EXISTS { ?s ?p ?o } }").startswith("ASK")
    # one statement between two ends the group binds: Oxigraph looks it up per solution, left as written
    lookup = "SELECT ?v WHERE { ?t <x:f> ?v . BIND (<x:K> AS ?k) FILTER NOT EXISTS { ?v a/<x:sub>* ?k } }"
    assert "NOT EXISTS" in rewrite_query(lookup)
    assert "NOT EXISTS" not in rewrite_query(lookup.replace("?v a/<x:sub>* ?k", "?v a ?c . ?c <x:sub> ?k"))
    values = "SELECT ?this ?v WHERE { VALUES ?this { <x:a> <x:b> } ?v a <x:D> FILTER NOT EXISTS { ?c <x:of> ?this ; <x:on> ?v } }"
    assert "NOT EXISTS" not in rewrite_query(values)
    # a positive EXISTS where the rows are read as a set: looked up after the rest of the group
    found = "SELECT ?s WHERE { ?s <x:p> ?o FILTER EXISTS { ?s <x:q> ?x . ?x <x:r> ?y } }"
    assert "__found" not in rewrite_query(found)
    assert "FILTER (BOUND(?__found1))" in rewrite_query(found, as_set=True)
    assert "FILTER (BOUND(?__found1))" in rewrite_query(found.replace("SELECT", "SELECT DISTINCT"))


NOT_EXISTS_CASES = [
    # a filter inside the EXISTS reading the group's bindings, and the group's BIND
    "SELECT ?s ?n WHERE { ?s <x:n> ?n BIND (?n + 1 AS ?m) FILTER NOT EXISTS { ?s <x:lim> ?l FILTER (?l < ?m) } }",
    # a variable of the group that OPTIONAL or VALUES UNDEF may leave unbound
    "SELECT ?s ?o WHERE { ?s <x:n> ?n OPTIONAL { ?s <x:o> ?o } FILTER NOT EXISTS { ?s <x:q> ?o FILTER (?n > 0) } }",
    "SELECT ?s ?o WHERE { VALUES (?s ?o) { (<x:a> <x:b>) (<x:b> UNDEF) (<x:c> UNDEF) } "
    "FILTER NOT EXISTS { ?s <x:q> ?o FILTER (true) } }",
    # the same solution twice stays twice; a variable only the EXISTS names stays unbound outside it
    "SELECT ?s ?x WHERE { VALUES ?s { <x:a> <x:a> <x:c> } FILTER NOT EXISTS { ?s <x:q> ?x FILTER (?x != ?s) } }",
    # the join form: a BIND and a VALUES block nothing shared needs are left out of its subquery
    "SELECT ?s ?k WHERE { VALUES ?k { 1 2 } ?s <x:n> ?n BIND (?n * 2 AS ?d) BIND (?n + 1 AS ?m) "
    "FILTER NOT EXISTS { ?s <x:lim> ?m . ?s <x:n> ?any } }",
    # P alone binds every shared variable, each bound in every solution: asked without the group
    "SELECT ?s ?n WHERE { ?s <x:n> ?n FILTER EXISTS { ?s <x:o> ?t . ?t <x:n> ?m } }",
    "SELECT ?s ?o WHERE { ?s <x:o> ?o . FILTER NOT EXISTS { ?o <x:q> ?z . ?z <x:n> ?k } }",
    # the same, P's own variable named as one outside the group (the MINUS renames it)
    "SELECT ?s ?z WHERE { { ?s <x:q> ?o . FILTER NOT EXISTS { ?z <x:o> ?o } } OPTIONAL { ?s <x:o> ?z } }",
    # read as a set (SELECT DISTINCT): a positive EXISTS looked up on what the rest of the group
    # leaves (kgtool.rdf.exists_rewrite._found), duplicates from several matches dropped by DISTINCT
    "SELECT DISTINCT ?s WHERE { ?s <x:n> ?n FILTER EXISTS { ?s <x:o> ?t . ?t <x:n> ?m FILTER (?m > ?n) } "
    "FILTER NOT EXISTS { ?s <x:q> ?y . ?y <x:lim> ?l FILTER (?l > 2) } }",
    "SELECT DISTINCT ?s ?n WHERE { VALUES ?s { <x:a> <x:a> <x:b> <x:c> } ?s <x:n> ?n "
    "FILTER EXISTS { ?s ?p ?t . ?t <x:n> ?m } }",
    # a shared variable the OPTIONAL may leave unbound: not looked up that way
    "SELECT DISTINCT ?s ?o WHERE { ?s <x:n> ?n OPTIONAL { ?s <x:o> ?o } FILTER EXISTS { ?s <x:q> ?z . ?z <x:n> ?o } }",
    # two filters, one positive, in a subquery, and one outside it
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s <x:n> ?n FILTER EXISTS { ?s <x:o> ?y } "
    "FILTER NOT EXISTS { ?s <x:q> ?y FILTER (?n < 3) } } } FILTER NOT EXISTS { ?s <x:lim> 1 } }",
]


@pytest.mark.parametrize("query", NOT_EXISTS_CASES)
def test_the_optional_form_gives_the_solutions_of_not_exists(query: str) -> None:
    """Oxigraph's own NOT EXISTS (slow at scale, never wrong here) against the rewritten text."""
    rewritten = rewrite_query(query)
    looked_up = query.count("{ ?s <x:lim> ?m }") + query.count("{ ?s <x:lim> 1 }")  # one statement: as written
    assert rewritten.count("NOT EXISTS") == looked_up
    assert solutions(rewritten) == solutions(query)


def solutions(text: str) -> list[tuple[str, ...]]:
    """The query's rows, sorted, with their multiplicities, on three small resources."""
    store = ox.Store()
    data = """
        <x:a> <x:n> 1 ; <x:o> <x:b> ; <x:q> <x:b> ; <x:lim> 3 .
        <x:b> <x:n> 2 ; <x:o> <x:c> ; <x:q> <x:d> ; <x:lim> 1 .
        <x:c> <x:n> 3 .
    """
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    found = store.query(text)
    names = found.variables  # type: ignore[union-attr]
    return sorted(tuple(str(row[v]) for v in names) for row in found)  # type: ignore[union-attr]


# query -> whether minus_first moves its MINUS next to the group's opening triple patterns
MINUS_CASES = {
    # OPTIONAL and BIND extend the solutions; the MINUS names only what the opening patterns bind
    "SELECT ?s ?l WHERE { ?s <x:n> ?n . OPTIONAL { ?s <x:o> ?o } BIND (COALESCE(?o, ?s) AS ?l) "
    "MINUS { ?s <x:q> <x:d> } }": True,
    # a subquery's projection, duplicates kept as duplicates, a FILTER after the MINUS
    "SELECT ?s ?o WHERE { VALUES ?s { <x:a> <x:a> <x:b> <x:c> } OPTIONAL { ?s <x:o> ?o } "
    "MINUS { SELECT ?s WHERE { ?s <x:q> <x:b> } } FILTER (?s != <x:c>) }": True,
    # the MINUS shares ?o, which only the OPTIONAL binds: it stays where it is
    "SELECT ?s ?o WHERE { ?s <x:n> ?n OPTIONAL { ?s <x:o> ?o } MINUS { ?o <x:n> 2 } }": False,
    # nothing but another MINUS between the opening patterns and the MINUS: as written
    "SELECT ?s WHERE { ?s <x:n> ?n MINUS { ?s <x:lim> 1 } }": False,
    "SELECT ?s WHERE { ?s <x:n> ?n MINUS { ?s <x:lim> 1 } MINUS { ?s <x:o> <x:c> } }": False,
}


@pytest.mark.parametrize("query", sorted(MINUS_CASES))
def test_a_minus_moved_first_gives_the_same_solutions(query: str) -> None:
    """kgtool.rdf.exists_rewrite.minus_first: the solutions, with their multiplicities, as written."""
    moved = optimise(query)
    assert (moved != query) == MINUS_CASES[query]
    assert solutions(moved) == solutions(query)
    assert solutions(query)  # the MINUS keeps some solutions and drops others
    assert len(solutions(query)) < len(solutions(query.split("MINUS")[0] + "}"))


# --- validation per named graph ------------------------------------------------------------------------------


def test_validation_in_worker_processes_equals_whole_graph_validation(corpus: Path) -> None:
    files = [corpus / "corpus.trig"]
    whole = validate(files, reasoner=False)
    parallel = validate(files, reasoner=False, jobs=2)
    assert parallel.findings == whole.findings
    assert keys(parallel.findings) == expected(corpus)


def test_splitting_reads_the_literals_as_written_that_whole_graph_validation_reads(
    corpus: Path, tmp_path: Path
) -> None:
    # the workers take their literals as written from the parent's one reading of the input
    parsed: dict[str, tuple[list[TypedStatement], dict[str, str]]] = {}
    units = split([corpus / "corpus.trig"], None, tmp_path, 2, parsed)
    typed, prefixes = typed_statements(corpus / "corpus.trig")
    assert parsed == {str(corpus / "corpus.trig"): (typed, prefixes)} and typed
    whole = written_forms([(p, None) for p in assets.ontology_files()] + [(corpus / "corpus.trig", None)])
    assert whole and all(_unit_forms(u, parsed) == whole for u in units)


def test_cli_engine_and_jobs_give_the_same_report_as_recorded_pyshacl(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for extra in (["--engine", "fast"], ["--jobs", "2"]):
        code = main(["validate", str(corpus / "corpus.trig"), "--no-reasoner", "--format", "json", *extra])
        out, err = capsys.readouterr()
        assert code == 1, err
        outputs.append(json.loads(out))
    # the findings and everything else agree; only the record of which engine judged each shape differs
    engines = [{e["engine"] for e in o.pop("engines")} for o in outputs]
    assert engines == [{"fast"}, {"fast"}]
    assert outputs[0] == outputs[1]
    found = [Finding(**f) for f in outputs[0]["findings"]]
    assert recorded.engine_view(found) == pyshacl_recorded("corpus", [corpus / "corpus.trig"])


# --- the OWL check ----------------------------------------------------------------------------------------------


def test_tbox_reasoning_does_not_grow_with_the_data(corpus: Path) -> None:
    ontology_only = KnowledgeGraph.from_files(assets.ontology_files())
    with_corpus = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / "corpus.trig"])
    assert len(schema_graph(with_corpus)) == len(schema_graph(ontology_only))


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_tbox_mode_finds_an_individual_in_disjoint_classes(tmp_path: Path) -> None:
    extra = tmp_path / "contradiction.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<https://w3id.org/kgtool/id/kg/actor/citizens> a kgo:MassMedia , kgo:Citizenry .\n",
        encoding="utf-8",
    )
    outcome = reason(KnowledgeGraph.from_files(project_files() + [extra]), mode="tbox")
    assert not outcome.consistent
    assert [c.focus.value for c in outcome.clashes] == ["https://w3id.org/kgtool/id/kg/actor/citizens"]
    report = validate([extra], reasoner=True)
    assert any(f.shape == "owl:consistency" and f.focus.endswith("/citizens") for f in report.findings)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_tbox_mode_finds_two_values_of_a_functional_data_property(tmp_path: Path) -> None:
    extra = tmp_path / "two-first-lines.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<https://w3id.org/kgtool/id/kg/assessment/2016/section/6.1> kgo:firstLine 1 .\n",
        encoding="utf-8",
    )
    outcome = reason(KnowledgeGraph.from_files(project_files() + [extra]), mode="tbox")
    assert not outcome.consistent
    assert [(c.focus.value, c.path, c.axiom) for c in outcome.clashes] == [
        (
            "https://w3id.org/kgtool/id/kg/assessment/2016/section/6.1",
            "https://w3id.org/kgtool/ontology#firstLine",
            "owl:FunctionalProperty",
        )
    ]
    assert "2 different values for firstLine" in outcome.clashes[0].message
