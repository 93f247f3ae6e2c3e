"""Validation users can extend and trust (issue 15): ``kgtool validate --shapes`` adds a user's
shapes to the project's (``--only-shapes``: the user's alone) with the same outputs, severities,
exit codes and file:line locations; the pySHACL path reports what pySHACL reports (top-level
results only, severities as IRIs, the data files' prefixes, pySHACL's refusals as one error
line); and literals are judged as the files write them, whatever the store makes of them.

Every check runs real pySHACL and the real fast engine on the small files in
tests/fixtures/user-shapes/ and on the example in docs/examples/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

from kgtool.cli import main
from kgtool.errors import KgtoolError
from kgtool.rdf.as_written import written_forms
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.checks import validate_graph
from kgtool.validation.model import Finding

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "user-shapes"
BASE = REPO / "tests" / "fixtures" / "shapes" / "_base.ttl"
EXAMPLE = REPO / "docs" / "examples" / "kyrgyz-rules.ttl"
KG = "https://example.org/kyrgyz-rules#"
TEST = "http://example.org/test#"
DATA = "http://example.org/data#"
ENGINES = ["fast", "pyshacl"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", "--no-reasoner", "-q", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code, out, err = run(capsys, "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out)


def findings(doc: dict[str, object]) -> list[dict[str, object]]:
    return doc["findings"]  # type: ignore[return-value]


@pytest.fixture
def early(tmp_path: Path) -> Path:
    """The shape fixtures' minimal assessment, dated before independence."""
    text = BASE.read_text(encoding="utf-8")
    assert '"2016"^^xsd:gYear' in text
    path = tmp_path / "early.ttl"
    path.write_text(text.replace('"2016"^^xsd:gYear', '"1989"^^xsd:gYear'), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


# --- --shapes: the country-specific example of docs/validate.md ----------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_user_shapes_add_findings_with_severity_and_file_line(
    engine: str, early: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc = as_json(capsys, str(early), "--shapes", str(EXAMPLE), "--engine", engine)
    assert code == 1
    mine = {(f["severity"], f["shape"], f["focus"], f["file"], f["line"]) for f in findings(doc)}
    assert mine == {
        ("Violation", KG + "KyrgyzAssessmentPeriodShape", "https://example.org/kg/assessment", str(early),
         line_of(early, "<assessment>")),
        ("Warning", KG + "KyrgyzOfficialLanguagesShape", "https://example.org/kg/actor/deputies", str(early),
         line_of(early, "<actor/deputies>")),
    }  # fmt: skip
    period = next(f for f in findings(doc) if f["shape"].endswith("PeriodShape"))  # type: ignore[union-attr]
    assert period["message"].startswith("An assessment of the Kyrgyz Republic covers 1991")  # type: ignore[union-attr]
    assert period["value"] == "1989"


def test_user_shapes_pass_on_conforming_data_and_warnings_fail_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc = as_json(capsys, str(BASE), "--shapes", str(EXAMPLE))
    assert code == 0 and doc["conforms"] is True
    assert [f["severity"] for f in findings(doc)] == ["Warning"]
    code, _, _ = run(capsys, str(BASE), "--shapes", str(EXAMPLE), "--fail-on", "warning")
    assert code == 1


def test_user_shapes_are_added_to_the_projects_and_only_shapes_uses_them_alone(
    tmp_path: Path, early: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a defect only the project's shapes see: a second period for the assessment
    extra = tmp_path / "second-period.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        '<https://example.org/kg/assessment> kgo:period "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
        encoding="utf-8",
    )
    _, both = as_json(capsys, str(early), str(extra), "--shapes", str(EXAMPLE))
    shapes = {str(f["shape"]).rsplit("#", 1)[-1] for f in findings(both)}
    assert {"KyrgyzAssessmentPeriodShape", "AssessmentShape"} <= shapes, shapes
    _, only = as_json(capsys, str(early), str(extra), "--shapes", str(EXAMPLE), "--only-shapes")
    assert {str(f["shape"]).rsplit("#", 1)[-1] for f in findings(only)} == {
        "KyrgyzAssessmentPeriodShape",
        "KyrgyzOfficialLanguagesShape",
    }


def test_shapes_option_is_repeatable(capsys: pytest.CaptureFixture[str]) -> None:
    holders = str(FIXTURES / "holders.ttl")
    one = ["--shapes", str(FIXTURES / "custom-severity.ttl")]
    two = ["--shapes", str(FIXTURES / "data-prefix.ttl")]
    _, doc = as_json(capsys, holders, "--only-shapes", *one, *two)
    assert sorted((f["focus"], f["shape"]) for f in findings(doc)) == [
        (DATA + "nameless", TEST + "NameShape"),
        (DATA + "nameless", TEST + "NamedShape"),
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_every_output_format_works_with_user_shapes(fmt: str, early: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(early), "--shapes", str(EXAMPLE), "--format", fmt)
    assert code == 1, err
    line = line_of(early, "<assessment>")
    if fmt == "text":
        assert "An assessment of the Kyrgyz Republic covers 1991" in out and f"{early}:{line}" in out
    elif fmt == "json":
        assert any(f["line"] == line for f in findings(json.loads(out)))
    elif fmt == "junit":
        case = ET.fromstring(out).find(f".//testcase[@name='{KG}KyrgyzAssessmentPeriodShape']")
        assert case is not None and case.find("failure") is not None
    else:
        assert f"::error file={early},line={line},title=kgtool validate%3A KyrgyzAssessmentPeriodShape::" in out
        assert "::warning " in out


def test_user_shapes_reach_the_worker_processes(early: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, one = as_json(capsys, str(early), "--shapes", str(EXAMPLE))
    _, two = as_json(capsys, str(early), "--shapes", str(EXAMPLE), "--jobs", "2")
    assert findings(two) == findings(one) and any(str(f["shape"]).startswith(KG) for f in findings(two))


def test_only_shapes_without_shapes_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(BASE), "--only-shapes")
    assert code == 2 and "validate#only-shapes-without-shapes" in err


def test_a_shapes_file_with_bad_syntax_is_refused_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "broken-syntax.ttl"
    code, out, err = run(capsys, str(BASE), "--shapes", str(path))
    assert code == 2 and out == ""
    assert re.search(rf"ERROR \[load#[\w-]+\] {re.escape(str(path))}:[34]", err), err


# --- the pySHACL path reports what pySHACL reports -------------------------------------------------------------
# (through the library, so that each defect's test also runs on a kgtool without --shapes)


def library_findings(data: list[Path], shapes: Path, engine: str) -> list[Finding]:
    kg = KnowledgeGraph.from_files(data)
    graph = rdflib.Graph().parse(shapes, format="turtle")
    return validate_graph(kg, reasoner=False, shapes=graph, engine=engine).findings


@pytest.mark.parametrize("engine", ENGINES)
def test_nested_detail_results_are_not_findings_of_their_own(engine: str) -> None:
    found = library_findings([FIXTURES / "nested-data.ttl"], FIXTURES / "nested.ttl", engine)
    assert [(f.focus, f.constraint) for f in found] == [(DATA + "holder", "NodeConstraintComponent")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_severity_of_the_shapes_own_is_kept_as_its_iri(engine: str) -> None:
    found = library_findings([FIXTURES / "holders.ttl"], FIXTURES / "custom-severity.ttl", engine)
    assert [(f.severity, f.focus) for f in found] == [(TEST + "Critical", DATA + "nameless")]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_a_severity_of_the_shapes_own_fails_the_run_in_every_format(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(FIXTURES / "custom-severity.ttl")]
    code, out, err = run(capsys, *args, "--engine", "pyshacl", "--format", fmt)
    assert code == 1, err
    if fmt == "json":
        doc = json.loads(out)
        assert [f["severity"] for f in findings(doc)] == [TEST + "Critical"]
        assert doc["conforms"] is False and doc["summary"]["other"] == 1
    elif fmt == "text":
        assert "CRITICAL" in out and "does not conform" in out
    elif fmt == "junit":
        assert ET.fromstring(out).find(f".//testcase[@name='{TEST}NamedShape']/failure") is not None
    else:
        assert out.startswith("::error ")


def test_the_data_files_prefixes_reach_pyshacls_sparql() -> None:
    found = library_findings([FIXTURES / "holders.ttl"], FIXTURES / "data-prefix.ttl", "pyshacl")
    assert [f.focus for f in found] == [DATA + "nameless"]


def test_a_shapes_graph_pyshacl_refuses_is_an_error_with_its_reason() -> None:
    with pytest.raises(KgtoolError) as caught:
        library_findings([FIXTURES / "holders.ttl"], FIXTURES / "rejected.ttl", "pyshacl")
    assert caught.value.error_id == "validate#shapes-rejected" and "VALUES" in caught.value.message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_feature_pyshacl_lacks_is_its_refusal_not_a_crash(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """$shapesGraph: the fast engine hands the shape to pySHACL, which does not support it either
    (NotImplementedError): exit 2 with pySHACL's words, not "kgtool failed unexpectedly"."""
    shapes = tmp_path / "shapes-graph.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<http://example.org/test#S> a sh:NodeShape ; sh:targetNode <http://example.org/data#nameless> ;\n"
        '  sh:sparql [ sh:message "m" ; sh:select "SELECT $this WHERE { $this ?p ?o FILTER (BOUND($shapesGraph)) }" ] .\n',
        encoding="utf-8",
    )
    args = [str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(shapes)]
    code, out, err = run(capsys, *args, "--engine", engine)
    assert code == 2 and out == ""
    assert "ERROR [validate#shapes-rejected]" in err and "Shapes Graph is not currently supported" in err, err


@pytest.mark.parametrize("engine", ENGINES)
def test_a_prefix_declared_nowhere_is_an_error_naming_it(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(FIXTURES / "unknown-prefix.ttl")]
    code, out, err = run(capsys, *args, "--engine", engine)
    assert code == 2 and out == ""
    assert "ERROR [validate#shapes-rejected]" in err and "nowhere" in err, err


# --- literals judged as written ----------------------------------------------------------------------------------

INTEGER_TYPES = [
    "int",
    "long",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
]


def literal_findings(tmp_path: Path, statements: str, engine: str) -> list[tuple[str, str, str | None]]:
    path = tmp_path / "literals.ttl"
    path.write_text(
        f"@prefix ex: <{DATA}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n{statements}\n",
        encoding="utf-8",
    )
    found = library_findings([path], FIXTURES / "literal-types.ttl", engine)
    return sorted((f.focus, f.shape.rsplit("#", 1)[-1], f.value) for f in found)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("datatype", INTEGER_TYPES)
def test_an_integer_derived_literal_is_judged_by_its_written_datatype(
    datatype: str, engine: str, tmp_path: Path
) -> None:
    value = "-5" if datatype.startswith(("nonPositive", "negative")) else "5"
    assert literal_findings(tmp_path, f'ex:ok ex:{datatype} "{value}"^^xsd:{datatype} .', engine) == []
    # the same value typed xsd:integer is not an xsd:<datatype> literal: the shape does fire
    wrong = literal_findings(tmp_path, f'ex:wrong ex:{datatype} "{value}"^^xsd:integer .', engine)
    assert wrong == [(DATA + "wrong", f"{datatype}Shape", value)]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_leading_zero_is_judged_as_written(engine: str, tmp_path: Path) -> None:
    statements = (
        'ex:padded ex:code "07"^^xsd:integer .\nex:plain ex:code "7"^^xsd:integer .\n'
        'ex:both ex:code "7"^^xsd:integer , "08"^^xsd:integer .'
    )
    assert literal_findings(tmp_path, statements, engine) == [
        (DATA + "both", "CodeShape", "08"),
        (DATA + "padded", "CodeShape", "07"),
    ]


def test_literals_as_written_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "literals.ttl"
    path.write_text(
        f"@prefix ex: <{DATA}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:int "7"^^xsd:int ; ex:byte "1"^^xsd:byte ; ex:code "07"^^xsd:integer .\n',
        encoding="utf-8",
    )
    code, doc = as_json(capsys, str(path), "--only-shapes", "--shapes", str(FIXTURES / "literal-types.ttl"))
    assert code == 1
    assert [(f["shape"], f["value"], f["line"]) for f in findings(doc)] == [(TEST + "CodeShape", "07", 3)]


def test_written_forms_match_blank_nodes_by_predicate_and_value_unless_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "blank.ttl"
    path.write_text(
        f"@prefix ex: <{DATA}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '_:x ex:int "7"^^xsd:int .\n_:y ex:code "07"^^xsd:integer .\n_:z ex:code "7"^^xsd:integer .\n',
        encoding="utf-8",
    )
    forms = written_forms([(path, None)])
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    seven = ox.Literal("7", datatype=integer)
    blank = ox.BlankNode()
    assert forms.written(blank, ox.NamedNode(DATA + "int"), seven) == {
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int"))
    }
    assert forms.written(blank, ox.NamedNode(DATA + "code"), seven) == {seven}  # "07" or "7"? kept as stored
    assert forms.ambiguous == 1 and forms.prefixes["ex"] == DATA


SPELLING_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/data#> .
@prefix t: <http://example.org/test#> .
t:RangeShape a sh:NodeShape ; sh:targetSubjectsOf ex:share ;
    sh:property [ sh:path ex:share ; sh:datatype xsd:decimal ; sh:maxInclusive 1 ; sh:maxCount 1 ] .
t:SpellingShape a sh:NodeShape ; sh:targetSubjectsOf ex:share ;
    sh:property [ sh:path ex:share ; sh:pattern "^0[.][0-9][0-9]$" ] .
"""


def test_only_shapes_that_can_see_a_spelling_go_to_pyshacl(tmp_path: Path) -> None:
    """ "0.40"^^xsd:decimal is stored as 0.4: a pattern sees the difference (pySHACL judges that shape
    on the literal as written), a datatype, a range and a count do not (the fast engine keeps it)."""
    data = tmp_path / "shares.ttl"
    data.write_text(
        f'@prefix ex: <{DATA}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:a ex:share "0.40"^^xsd:decimal .\n',
        encoding="utf-8",
    )
    shapes = rdflib.Graph().parse(data=SPELLING_SHAPES, format="turtle")
    report = validate_graph(KnowledgeGraph.from_files([data]), reasoner=False, shapes=shapes)
    judged = {s.shape: s.engine for s in report.shape_engines}
    assert judged == {TEST + "RangeShape": "fast", TEST + "SpellingShape": "pyshacl"}
    assert report.findings == []  # "0.40" matches the pattern as written; "0.4" would not


SPLIT = FIXTURES / "engine-split"
SPLIT_CASES = {
    # shapes file: data file — each found by a review of how the two engines share the shapes
    "iri-property-of-refused": "data-c",  # a refused shape's property shape named by an IRI
    "iri-property-as-written": "data-person",  # the same for a shape judged on the written literals
    "implicit-class-target": "data-person",  # a shape that is a class targets its instances
    "equals-rewritten-other": "data-person",  # sh:equals compares with a rewritten second predicate
    "literal-focus": "data-person",  # focus nodes that are rewritten literals
    "deactivated": "data-person",  # a deactivated shape is judged by neither engine
    "prefix-twice": "data-person",  # shapes the compiler refuses as a whole
}


@pytest.mark.parametrize("name", sorted(SPLIT_CASES))
def test_engines_sharing_the_shapes_give_pyshacls_results(name: str) -> None:
    kg = KnowledgeGraph.from_files([SPLIT / f"{SPLIT_CASES[name]}.ttl"])
    graph = rdflib.Graph().parse(SPLIT / f"{name}.ttl", format="turtle")
    fast = validate_graph(kg, reasoner=False, shapes=graph, engine="fast", input_format=None)
    slow = validate_graph(kg, reasoner=False, shapes=graph, engine="pyshacl", input_format=None)

    def key(report: object) -> list[tuple[str, str, str | None, str]]:
        return sorted((f.focus, f.constraint, f.value, f.severity) for f in report.findings)  # type: ignore[attr-defined]

    assert key(fast) == key(slow)
    judged = {s.shape for s in fast.shape_engines}
    assert judged == {s.shape for s in slow.shape_engines}
    if name == "deactivated":
        assert judged == {"http://example.org/K"}
    if name != "deactivated":
        assert fast.findings or name in ("literal-focus",), name


# --- a --shapes file with no shape in it ---------------------------------------------------------------

ACTORS = REPO / "data" / "actors.ttl"
SH_PREFIX = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"


@pytest.mark.parametrize("alone", [True, False], ids=["only-shapes", "with-the-projects"])
def test_a_data_file_given_as_shapes_is_an_error_naming_it(alone: bool, capsys: pytest.CaptureFixture[str]) -> None:
    """``--shapes data/actors.ttl --only-shapes`` validated with nothing and reported "conforms":
    a wrong file name passed CI."""
    args = [str(FIXTURES / "holders.ttl"), "--shapes", str(ACTORS), *(["--only-shapes"] if alone else [])]
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(f"ERROR [validate#no-shapes] {ACTORS}: no SHACL shape in this file"), err
    # beside a file of shapes too: the data file is still named
    code, out, err = run(capsys, *args, "--shapes", str(EXAMPLE))
    assert code == 2 and out == "" and err.startswith(f"ERROR [validate#no-shapes] {ACTORS}: "), err


def test_only_shapes_from_files_with_no_shape_between_them_is_an_error_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files that speak SHACL but declare no shape (prefixes for SPARQL, a deactivation) validate
    nothing alone."""
    prefixes = tmp_path / "prefixes.ttl"
    prefixes.write_text(
        SH_PREFIX
        + '<http://example.org/test#> sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/data#" ] .\n',
        encoding="utf-8",
    )
    off = tmp_path / "off.ttl"
    off.write_text(SH_PREFIX + "<http://example.org/test#S> sh:deactivated true .\n", encoding="utf-8")
    code, out, err = run(capsys, str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(prefixes))
    assert code == 2 and out == "" and err.startswith(f"ERROR [validate#no-shapes] {prefixes}: "), err
    code, out, err = run(
        capsys, str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(prefixes), "--shapes", str(off)
    )
    assert code == 2 and out == "" and "ERROR [validate#no-shapes]" in err
    assert f"{prefixes}, {off}" in err, err


def test_a_shapes_file_that_switches_off_a_shape_is_not_refused(
    early: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --only-shapes a file may hold no shape of its own and still change the validation:
    here it switches off another file's shape, whose finding goes."""
    period = KG + "KyrgyzAssessmentPeriodShape"
    off = tmp_path / "off.ttl"
    off.write_text(SH_PREFIX + f"<{period}> sh:deactivated true .\n", encoding="utf-8")
    _, before = as_json(capsys, str(early), "--shapes", str(EXAMPLE))
    assert period in {f["shape"] for f in findings(before)}
    _, after = as_json(capsys, str(early), "--shapes", str(EXAMPLE), "--shapes", str(off))
    assert period not in {f["shape"] for f in findings(after)}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_shape_known_by_its_target_alone_is_a_shape(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = tmp_path / "untyped.ttl"
    shapes.write_text(
        SH_PREFIX + "<http://example.org/test#S> sh:targetClass <http://example.org/data#Holder> ;\n"
        "  sh:property [ sh:path <http://example.org/data#name> ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    code, doc = as_json(
        capsys, str(FIXTURES / "holders.ttl"), "--only-shapes", "--shapes", str(shapes), "--engine", engine
    )
    assert code == 1 and [f["focus"] for f in findings(doc)] == [DATA + "nameless"]
