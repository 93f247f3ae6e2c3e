"""The SHACL shapes in shapes/: every shape and every constraint has a passing and a failing
example with the exact findings it must give (Brick/ROBOT style), and the project's own data
passes while any required statement removed from it, or a contradictory one added, fails.

Fixtures live in tests/fixtures/shapes/<ShapeLocalName>/{valid,invalid}-*.ttl. Each is loaded
with the ontology and tests/fixtures/shapes/_base.ttl (a minimal complete assessment), never
with the project's data. An invalid fixture starts with lines

    # expect: <Severity> <focus-node-IRI> <ShapeLocalName>

listing exactly the findings it must give, compared as a set; a valid fixture gives none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from kgtool import assets
from kgtool.cli import main
from kgtool.rdf.project import project_files
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.checks import KGSH, named_shapes, owning_shape, shapes_graph, validate_graph
from kgtool.validation.model import Finding, ValidationReport
from kgtool.validation.run import validate
from kgtool.vocab import LANGUAGES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
BASE = FIXTURES / "_base.ttl"
EXPECT = re.compile(r"^#\s*expect:\s*(Violation|Warning|Info)\s+<([^>\s]+)>\s+(\w+)\s*$")
KGO = "https://w3id.org/kgtool/ontology#"
A2016 = "https://w3id.org/kgtool/id/kg/assessment/2016/"

Key = tuple[str, str, str]


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def fixtures(kind: str) -> list[Path]:
    return sorted(FIXTURES.glob(f"*/{kind}-*.ttl"))


def fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def expectations(path: Path) -> set[Key]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = EXPECT.match(line)
        if m:
            found.add((m.group(1), m.group(2), m.group(3)))
    return found


def keys(findings: Iterable[Finding]) -> set[Key]:
    return {(f.severity, f.focus, local(f.shape)) for f in findings}


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return shapes_graph()


# shape_fixture_report(path) (conftest.py): the report for the ontology + _base.ttl + one fixture
# (None: the base alone), computed once per test run and shared with tests/test_fast_validation.py
RunFixture = Callable[[Path | None], ValidationReport]


# --- fixtures ----------------------------------------------------------------------------


def test_base_conforms_without_any_finding(shape_fixture_report: RunFixture) -> None:
    assert keys(shape_fixture_report(None).findings) == set()


@pytest.mark.parametrize("path", fixtures("valid"), ids=fixture_id)
def test_valid_fixture_gives_no_finding(path: Path, shape_fixture_report: RunFixture) -> None:
    assert not expectations(path), "a valid fixture must not declare expected findings"
    findings = shape_fixture_report(path).findings
    assert [(f.severity, f.focus, local(f.shape), f.message) for f in findings] == []


@pytest.mark.parametrize("path", fixtures("invalid"), ids=fixture_id)
def test_invalid_fixture_gives_exactly_the_expected_findings(path: Path, shape_fixture_report: RunFixture) -> None:
    expected = expectations(path)
    assert expected, "an invalid fixture must start with '# expect: <Severity> <focus> <Shape>' lines"
    assert path.parent.name in {shape for _, _, shape in expected}, "the fixture must exercise its own folder's shape"
    report = shape_fixture_report(path)
    assert keys(report.findings) == expected
    for f in report.findings:
        assert f.message and f.fix, f"{local(f.shape)} gives a finding without a message or a fix"


def test_every_named_shape_has_a_valid_and_an_invalid_fixture(shapes: rdflib.Graph) -> None:
    names = {local(s) for s in named_shapes(shapes)}
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= names, f"fixture folders naming no shape: {sorted(folders - names)}"
    for name in sorted(names):
        assert list((FIXTURES / name).glob("valid-*.ttl")), f"{name} has no valid fixture"
        assert list((FIXTURES / name).glob("invalid-*.ttl")), f"{name} has no invalid fixture"


# --- every constraint: a message, a fix, and a fixture that makes it fail ---------------------

PARAMETERS = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH.disjoint: "DisjointConstraintComponent",
    SH.equals: "EqualsConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH.xone: "XoneConstraintComponent",
    SH.qualifiedMinCount: "QualifiedMinCountConstraintComponent",
    SH.qualifiedMaxCount: "QualifiedMaxCountConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
}


def english(g: rdflib.Graph, node: rdflib.term.Node, p: rdflib.URIRef) -> str | None:
    return next((str(o) for o in g.objects(node, p) if isinstance(o, rdflib.Literal) and o.language == "en"), None)


def constraints(shapes: rdflib.Graph) -> list[tuple[str, str, str]]:
    """(shape, constraint component, English message template) for every constraint in shapes/."""
    out = []
    for shape in map(rdflib.URIRef, named_shapes(shapes)):
        holders = [(shape, shape)] + [(shape, p) for p in shapes.objects(shape, SH.property)]
        for owner, holder in holders:
            message = english(shapes, holder, SH.message)
            for parameter, component in PARAMETERS.items():
                if (holder, parameter, None) in shapes:
                    out.append((local(owner), component, message or ""))
            for sparql in shapes.objects(holder, SH.sparql):
                out.append((local(owner), "SPARQLConstraintComponent", english(shapes, sparql, SH.message) or ""))
    return out


def test_every_constraint_has_a_message_and_every_shape_a_fix(shapes: rdflib.Graph) -> None:
    for shape, component, message in constraints(shapes):
        assert message, f"{shape}: a {component} has no sh:message@en"
    for shape in map(rdflib.URIRef, named_shapes(shapes)):
        holders = list(shapes.objects(shape, SH.property))
        if any((shape, p, None) in shapes for p in (SH.sparql, SH.xone)):
            holders.append(shape)
        for holder in holders:
            assert english(shapes, holder, KGSH.fix), f"{local(shape)}: a (property) shape has no kgsh:fix@en"
        assert (shape, RDF.type, SH.NodeShape) in shapes and str(shape).startswith(str(KGSH))


# the words that stay the same in every language of a message or fix: its placeholders (a label
# placeholder may name its language: {?valueLabelRu}) and the Turtle terms it tells the reader to use
PLACEHOLDER = re.compile(r"\{[?$](\w+?)(?:Ru|Ky|En)?\}")
TERM = re.compile(r"\b(?:kgo|eli|xsd|owl|rdfs|skos|dcterms):[\w-]+")


def untranslated_shape_texts(shapes: rdflib.Graph) -> list[str]:
    """Each sh:message and kgsh:fix of the shapes without exactly one form in each of ky, ru and
    en, or whose forms differ in their placeholders or the Turtle terms they name.

    validate prints them in the reader's language (kgtool.validation.checks._pick): a missing
    form would show another language's sentence, a form that lost a placeholder or a term would
    tell the reader something else than the others."""
    problems = []
    for p in (SH.message, KGSH.fix):
        holders = sorted(set(shapes.subjects(p, None)), key=str)
        for holder in holders:
            forms = [o for o in shapes.objects(holder, p) if isinstance(o, rdflib.Literal)]
            by_lang = {lang: [str(o) for o in forms if o.language == lang] for lang in LANGUAGES}
            where = f"{local(str(owning_shape(shapes, holder)))} {p.n3(shapes.namespace_manager)}"
            first = next(iter(forms), "")
            missing = [lang for lang, texts in by_lang.items() if len(texts) != 1]
            if missing or len(forms) != len(LANGUAGES):
                problems.append(f"{where}: not one form in each of {', '.join(missing) or LANGUAGES}: {first!r}")
                continue
            (en,) = by_lang["en"]
            for lang in LANGUAGES:
                (text,) = by_lang[lang]
                for pattern in (PLACEHOLDER, TERM):
                    if sorted(set(pattern.findall(text))) != sorted(set(pattern.findall(en))):
                        problems.append(f"{where}: @{lang} names other {pattern.pattern!r} than @en: {text!r}")
    return problems


def test_every_message_and_fix_is_in_kyrgyz_russian_and_english(shapes: rdflib.Graph) -> None:
    assert len(list(shapes.objects(None, SH.message))) > 3 * 100
    problems = untranslated_shape_texts(shapes)
    assert not problems, f"{len(problems)} shape texts lack a language or differ:\n" + "\n".join(problems)


def test_the_shape_text_check_names_what_is_missing() -> None:
    shapes = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix kgsh: <https://w3id.org/kgtool/shapes#> .
        kgsh:A a sh:NodeShape ; sh:property [
            sh:message "Row {?value} is taken."@en , "Строка {?value} занята."@ru ;
            kgsh:fix "Write kgo:processOrder N."@en , "Запишите kgo:processOrder N."@ru , "kgo:order N жазыңыз."@ky
        ] .
        kgsh:B a sh:NodeShape ; sh:message "As {?labelEn}."@en , "Как {?labelRu}."@ru , "{?labelKy} катары."@ky .
        """,
        format="turtle",
    )
    problems = untranslated_shape_texts(shapes)
    assert len(problems) == 2, problems
    assert problems[0].startswith("A sh:message: not one form in each of ky") and "Row {?value}" in problems[0]
    assert problems[1].startswith("A kgsh:fix: @ky names other") and "kgo:order" in problems[1]


def test_every_constraint_fails_in_some_invalid_fixture(shapes: rdflib.Graph, shape_fixture_report: RunFixture) -> None:
    fired: set[tuple[str, str, str]] = set()
    for path in fixtures("invalid"):
        for f in shape_fixture_report(path).findings:
            fired.add((local(f.shape), f.constraint, f.message))
    missing = []
    for shape, component, template in constraints(shapes):
        pattern = re.compile(re.sub(r"\\\{\\\?\w+\\\}", ".*", re.escape(template)) + r"\Z")
        if not any(s == shape and c == component and pattern.match(m) for s, c, m in fired):
            missing.append(f"{shape} {component}: {template}")
    assert not missing, "constraints no invalid fixture makes fail:\n" + "\n".join(missing)


# --- the project's own data ----------------------------------------------------------------


@pytest.fixture(scope="module")
def project_report() -> ValidationReport:
    return validate(reasoner=False)


def test_project_data_has_no_violation(project_report: ValidationReport) -> None:
    violations = [
        f"{f.focus} [{local(f.shape)}] {f.message}" for f in project_report.findings if f.severity == "Violation"
    ]
    assert violations == []


def test_project_data_findings_are_findings_about_the_study(project_report: ValidationReport) -> None:
    """What the project's data may still report: the appendix's disagreements with the sections
    and processes for which the study cites no norm. Anything else is a new problem."""
    expected_shapes = {"RestatementAgreementShape", "ProcessLegalBasisShape"}
    others = [
        f"{f.severity} {f.focus} [{local(f.shape)}] {f.message}"
        for f in project_report.findings
        if local(f.shape) not in expected_shapes
    ]
    assert others == []


def test_project_findings_name_the_file_as_the_project_names_it(
    project_report: ValidationReport, tmp_path: Path
) -> None:
    """kgtool's own files are named from the assets root (data/appendix.ttl), the same in a
    checkout and an installed package, not by an absolute path into site-packages; a user's
    own file keeps the name it was given."""
    appendix = [f for f in project_report.findings if local(f.shape) == "RestatementAgreementShape"]
    assert appendix and {f.file for f in appendix} == {"data/appendix.ttl"} and all(f.line for f in appendix)
    assert "data/appendix.ttl" in project_report.files and "ontology/kgtool.ttl" in project_report.files
    own = tmp_path / "mine.ttl"
    assert assets.display_path(own) == str(own)


def data_graph(
    remove: Iterable[tuple[str, str, str | None]] = (),
    add: Iterable[tuple[str, str, ox.NamedNode | ox.Literal]] = (),
    drop: Iterable[str] = (),
) -> KnowledgeGraph:
    """The project's ontology and data with statements removed (object None: every object), every
    statement about a subject dropped, or statements added."""
    kg = KnowledgeGraph.from_files(project_files())
    for s in drop:
        quads = list(kg.store.quads_for_pattern(ox.NamedNode(s), None, None))
        assert quads, f"the data no longer has {s}; update this test"
        for q in quads:
            kg.store.remove(q)
    for s, p, o in remove:
        obj = None if o is None else ox.NamedNode(o)
        quads = list(kg.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), obj))
        assert quads, f"the data no longer has {s} {p} {o}; update this test"
        for q in quads:
            kg.store.remove(q)
    graph = list(kg.sources)[-1]  # a data file's graph, not the ontology's
    for s, p, o in add:
        kg.store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(graph)))
    return kg


PROCESS = A2016 + "process/jk-elections"
LAW = "https://w3id.org/kgtool/id/kg/law/"
CELL = PROCESS + "/cell/motivation"
CITATION = A2016 + "citation/jk-elections/constitution-art-2"
PAIR = A2016 + "pair/citizens-jk"
FIGURE = A2016 + "figure/pair-citizens-jk"
LABELLED = {PROCESS, PAIR, FIGURE}

MUTATIONS = {
    "cell without value": (dict(remove=[(CELL, KGO + "hasValue", None)]), CELL, "CellShape"),
    "cell deleted": (dict(drop=[CELL]), PROCESS, "ProcessCellsShape"),
    "cell duplicated": (
        dict(
            add=[
                (CELL + "-2", str(RDF.type), ox.NamedNode(KGO + "DimensionAssessment")),
                (CELL + "-2", KGO + "ofProcess", ox.NamedNode(PROCESS)),
                (CELL + "-2", KGO + "onDimension", ox.NamedNode(KGO + "Responsiveness")),
                (CELL + "-2", KGO + "hasValue", ox.NamedNode(KGO + "Absent")),
                (CELL + "-2", KGO + "statedIn", ox.NamedNode(A2016 + "section/6.1.1")),
            ]
        ),
        PROCESS,
        "ProcessCellsShape",
    ),
    "process without pair": (dict(remove=[(PROCESS, KGO + "inPair", None)]), PROCESS, "ProcessShape"),
    "process with a second verdict": (
        dict(add=[(PROCESS, KGO + "hasVerdict", ox.NamedNode(KGO + "DoesNotWork"))]),
        PROCESS,
        "ProcessShape",
    ),
    "process not declared": (
        dict(remove=[(PROCESS, str(RDF.type), KGO + "AccountabilityProcess")]),
        PROCESS,
        "ProcessShape",
    ),
    "assessed process marked excluded": (
        dict(
            remove=[(PROCESS, KGO + "excludedFromIndex", None)],
            add=[
                (
                    PROCESS,
                    KGO + "excludedFromIndex",
                    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
                )
            ],
        ),
        PROCESS,
        "VerdictExclusionShape",
    ),
    "citation of a provision that does not exist": (
        dict(
            remove=[(CITATION, KGO + "citesProvision", None)],
            add=[
                (
                    CITATION,
                    KGO + "citesProvision",
                    ox.NamedNode("https://w3id.org/kgtool/id/kg/law/constitution/art/999"),
                )
            ],
        ),
        CITATION,
        "CitationShape",
    ),
    "citation of a provision and a whole act": (
        dict(add=[(CITATION, KGO + "citesAct", ox.NamedNode("https://w3id.org/kgtool/id/kg/law/constitution"))]),
        CITATION,
        "CitationShape",
    ),
    "citation without source": (dict(remove=[(CITATION, KGO + "statedIn", None)]), CITATION, "ProvenanceShape"),
    "principal is the agent": (
        dict(
            remove=[(PAIR, KGO + "hasAgent", None)],
            add=[(PAIR, KGO + "hasAgent", ox.NamedNode("https://w3id.org/kgtool/id/kg/actor/citizens"))],
        ),
        PAIR,
        "PairShape",
    ),
    "pair without Kyrgyz label": (
        dict(
            remove=[(PAIR, str(rdflib.RDFS.label), None)],
            add=[(PAIR, str(rdflib.RDFS.label), ox.Literal("Citizens - JK", language="en-t-ky"))],
        ),
        PAIR,
        "LabelShape",
    ),
    "figure given as a percentage": (
        dict(
            remove=[(FIGURE, KGO + "statedValue", None)],
            add=[
                (
                    FIGURE,
                    KGO + "statedValue",
                    ox.Literal("33.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
                )
            ],
        ),
        FIGURE,
        "StatedFigureShape",
    ),
    "article 86 inside articles 85-88 not declared": (
        dict(drop=[LAW + "constitution/art/86"]),
        LAW + "constitution/art/85-88",
        "RangeArticlesShape",
    ),
    "article 87 linked to the range of another act": (
        dict(
            remove=[(LAW + "constitution/art/87", KGO + "withinRange", None)],
            add=[(LAW + "constitution/art/87", KGO + "withinRange", ox.NamedNode(LAW + "jk-rules-law/art/151-152"))],
        ),
        LAW + "constitution/art/87",
        "WithinRangeShape",
    ),
}


@pytest.mark.parametrize("change", list(MUTATIONS), ids=lambda c: c.replace(" ", "-"))
def test_breaking_the_project_data_gives_a_violation_naming_the_entity(change: str, shapes: rdflib.Graph) -> None:
    mutation, focus, shape = MUTATIONS[change]
    report = validate_graph(data_graph(**mutation), reasoner=False, shapes=shapes)
    hits = [f for f in report.findings if f.severity == "Violation" and f.focus == focus and local(f.shape) == shape]
    assert hits, f"expected a Violation of {shape} on {focus}; got " + "; ".join(
        f"{f.severity} {f.focus} {local(f.shape)}" for f in report.findings if f.severity == "Violation"
    )
    for f in hits:
        if focus in LABELLED:
            assert f.focus_label and f.focus_label != focus.rsplit("/", 1)[-1], "the entity is named by its label"
        assert f.message and f.fix
    assert report.fails("violation")


def write_data(kg: KnowledgeGraph, path: Path) -> Path:
    """The data (not the ontology) of a knowledge graph, as one N-Triples file."""
    ontology = {p.resolve() for p in assets.ontology_files()}
    graphs = [ox.NamedNode(g) for g, p in kg.sources.items() if p.resolve() not in ontology]
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for g in graphs
        for q in kg.store.quads_for_pattern(None, None, None, g)
    }
    path.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES))
    return path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("cell without value", "A cell must have exactly one value, present"),
        ("citation of a provision that does not exist", "The provision this citation points to does not exist"),
        ("assessed process marked excluded", "marked as excluded from the index, but its verdict is not"),
    ],
    ids=lambda x: x.replace(" ", "-") if " " in x else None,
)
def test_kgtool_validate_names_the_entity_and_the_problem(
    change: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutation, focus, _ = MUTATIONS[change]
    path = write_data(data_graph(**mutation), tmp_path / "data.nt")
    code = main(["validate", str(path), "--no-reasoner"])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "Traceback" not in out + err
    heading = next(line for line in out.splitlines() if line.endswith(f"<{focus}>"))
    assert heading[: -len(f"<{focus}>")].strip(), "the entity is named before its IRI"
    block = out.split(f"<{focus}>", 1)[1].split("\n\n", 1)[0]
    assert "VIOLATION" in block and words in block, block


def test_kgtool_validate_accepts_the_project_data_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_data(data_graph(), tmp_path / "data.nt")
    code = main(["validate", str(path), "--no-reasoner"])
    out, err = capsys.readouterr()
    assert code == 0, out[-3000:] + err
