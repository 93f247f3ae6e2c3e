"""Findings about blank nodes name them the same way run after run (and with ``--jobs``): by their
graphs and canonical label, not by the random label a load gives them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from test_cli_languages import foreign_words

from kgtool.cli import main
from kgtool.i18n.catalogue import t
from kgtool.rdf.blank_nodes import _relabel, _sorted, canonical_labels, canonical_triples
from kgtool.validation.reasoner import java_available
from kgtool.validation.render import render_json, render_text
from kgtool.validation.run import validate

PROLOGUE = (
    "@prefix kg: <https://w3id.org/kgtool/ontology#> .\n"
    "@prefix ex: <https://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
# a figure without a label, wording or source (violations of the figure's shapes), held by a blank
# node two levels down, and a literal no shape checks that is not of its datatype
TURTLE = PROLOGUE + (
    "ex:a a kg:Assessment ; ex:part [ ex:inner [ a kg:StatedFigure ; kg:statedValue 0.5 ] ] .\n"
    'ex:b ex:note [ ex:count "many"^^xsd:integer ] .\n'
)


def _blank_focuses(report_json: str) -> set[str]:
    import json

    return {f["focus"] for f in json.loads(report_json)["findings"] if f["focus"].startswith("_:")}


def _one_and_two(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The JSON report of ``--jobs 1`` and of ``--jobs 2`` (without the reasoner), asserted equal."""
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", *args, "--jobs", jobs, "--no-reasoner", "--format", "json"])
        runs.append((code, capsys.readouterr().out))
    assert runs[0] == runs[1]
    return runs[0][1]


def test_a_report_naming_blank_nodes_is_the_same_bytes_run_after_run(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    first, second = (render_json(validate([data], reasoner=False)) for _ in range(2))
    assert first == second
    # the figure and the holder of the bad literal: two blank nodes named, each its own way
    assert len(_blank_focuses(first)) == 2


def test_the_check_of_literals_names_its_blank_node_with_its_fix(tmp_path: Path) -> None:
    """kgtool's own check of literals not of their datatype (no shape checks ``ex:count``) names the
    blank node that holds one, and gives the fix (looked up by that name)."""
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    report = validate([data], reasoner=False)
    found = [f for f in report.findings if f.path == "https://example.org/count"]
    assert len(found) == 1
    assert found[0].focus.startswith("_:b") and found[0].focus == found[0].focus_label
    assert found[0].fix


def test_the_text_report_shows_a_blank_node_by_its_name_not_as_an_iri(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    text = render_text(validate([data], reasoner=False))
    headings = [line for line in text.splitlines() if line.startswith("_:b")]
    assert headings and all("<" not in line for line in headings)


def test_jobs_name_blank_nodes_as_one_process_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each worker names the blank nodes of its unit; the names are those of one process."""
    data = tmp_path / "corpus.trig"
    graphs = [
        f"ex:g{n} {{ ex:a{n} a kg:Assessment ; ex:part [ a kg:StatedFigure ; kg:statedValue 0.{n} ] . }}\n"
        for n in range(1, 5)
    ]
    data.write_text(PROLOGUE + "".join(graphs), encoding="utf-8")
    assert len(_blank_focuses(_one_and_two([str(data)], capsys))) == 4


def test_alike_blank_nodes_of_two_graphs_are_two_findings_with_jobs_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two graphs each holding the same unnamed figure (a reviewer's case): one process named them
    apart by their order, two workers each gave theirs the first name, and the merge kept one."""
    data = tmp_path / "corpus.trig"
    data.write_text(
        PROLOGUE
        + "".join(
            f"ex:g{n} {{ ex:a{n} a kg:Assessment . [ a kg:StatedFigure ; kg:statedValue 0.5 ] . }}\n" for n in (1, 2)
        ),
        encoding="utf-8",
    )
    assert len(_blank_focuses(_one_and_two([str(data)], capsys))) == 2


def test_blank_nodes_of_turtle_files_are_named_alike_with_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of triples is its own graph, named by kgtool with the order files were loaded in, which
    a worker does not share: the name goes by the file instead."""
    files = []
    for n in (1, 2, 3):
        path = tmp_path / f"part{n}.ttl"
        path.write_text(PROLOGUE + f"ex:a{n} a kg:Assessment .\n[ a kg:StatedFigure ; kg:statedValue 0.5 ] .\n")
        files.append(str(path))
    assert len(_blank_focuses(_one_and_two(files, capsys))) == 3


def test_canonical_labels_are_those_canonical_triples_writes() -> None:
    """Trees (two alike among them), a ring of blank nodes and a node reached from two: every blank
    node labelled, as the writers relabel them."""
    ex = "https://example.org/"
    b = [ox.BlankNode() for _ in range(9)]
    p, q, r = (ox.NamedNode(ex + x) for x in "pqr")
    a, c = ox.NamedNode(ex + "a"), ox.NamedNode(ex + "c")
    triples = {
        ox.Triple(a, p, b[0]),
        ox.Triple(b[0], q, b[1]),
        ox.Triple(b[1], r, ox.Literal("x")),
        ox.Triple(a, p, b[2]),
        ox.Triple(b[2], q, b[3]),
        ox.Triple(b[3], r, ox.Literal("x")),  # alike
        ox.Triple(b[4], p, b[5]),
        ox.Triple(b[5], p, b[6]),
        ox.Triple(b[6], p, b[4]),  # a ring
        ox.Triple(b[7], q, b[8]),
        ox.Triple(c, q, b[8]),
        ox.Triple(b[4], q, b[8]),  # reached from two
    }
    labels = canonical_labels(triples)
    assert set(labels) == set(b) and len(set(labels.values())) == len(b)
    assert _sorted(_relabel(triples, labels)) == canonical_triples(triples)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_a_blank_node_breaking_the_ontologys_axioms_is_a_finding_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The instance checks' clashes named their resource as an IRI: a blank node among them stopped
    validate with internal#unexpected ("No scheme found in an absolute IRI")."""
    data = tmp_path / "data.ttl"
    data.write_text(
        PROLOGUE
        + "ex:x ex:observedBy [ a kg:Observer, kg:Actor ] .\n"  # two classes the ontology declares disjoint
        + "ex:y ex:section [ kg:firstLine 1, 2 ] .\n",  # two values of a functional property
        encoding="utf-8",
    )
    axioms = ("owl:FunctionalProperty", "owl:disjointWith")
    clashes = [f for f in validate([data]).findings if f.constraint.startswith(axioms)]
    assert sorted(f.constraint.split()[0] for f in clashes) == ["owl:FunctionalProperty", "owl:disjointWith"]
    assert all(f.focus.startswith("_:b") and f.focus_label == f.focus for f in clashes)
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", str(data), "--jobs", jobs, "--no-cache"])
        runs.append((code, *capsys.readouterr()))
    assert runs[0] == runs[1] and runs[0][0] == 1 and "internal#" not in runs[0][2]


def test_a_blank_nodes_finding_gets_the_line_of_the_resource_it_hangs_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A finding about a blank node gave neither file nor line; now those of the named resource it
    hangs from (through another blank node here), with --jobs too. One that hangs from nothing
    still has none."""
    import json

    data = tmp_path / "corpus.trig"
    data.write_text(
        PROLOGUE
        + "ex:g1 {\nex:a1 a kg:Assessment ;\n  ex:part [ ex:inner [ a kg:StatedFigure ; kg:statedValue 0.5 ] ] .\n}\n"
        + "ex:g2 {\nex:a2 a kg:Assessment .\n[ a kg:StatedFigure ; kg:statedValue 0.25 ] .\n}\n",
        encoding="utf-8",
    )
    found = json.loads(_one_and_two([str(data)], capsys))["findings"]
    where = {(f["file"], f["line"]) for f in found if f["focus"].startswith("_:")}
    assert where == {(str(data), 5), (None, None)}
    assert {(f["file"], f["line"]) for f in found if f["focus"].endswith("/a1")} == {(str(data), 5)}


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_a_blank_node_clashing_in_the_datas_schema_is_one_finding_with_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parent reasons over the data's schema statements too, and named the blank node otherwise
    than the worker (it holds those statements alone): the clash came twice (a reviewer's case)."""
    data = tmp_path / "schema.ttl"
    data.write_text(
        PROLOGUE
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\nex:C owl:equivalentClass [ a kg:Observer, kg:Actor ] .\n",
        encoding="utf-8",
    )
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", str(data), "--jobs", jobs, "--no-cache", "--format", "json"])
        runs.append((code, capsys.readouterr().out))
    assert runs[0] == runs[1]
    assert runs[0][1].count('"owl:disjointWith Actor Observer"') == 1


def test_a_blank_nodes_name_does_not_hang_on_where_its_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same files validated the same way in two folders (two checkouts, a CI runner and a
    laptop) name their blank nodes alike, ``./data.ttl`` as ``data.ttl`` (reviewers' cases: the
    name took the path as typed, then the absolute path)."""
    names = []
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "data.ttl").write_text(TURTLE, encoding="utf-8")
        monkeypatch.chdir(tmp_path / folder)
        for path in (Path("data.ttl"), Path("./data.ttl")):
            names.append(_blank_focuses(render_json(validate([path], reasoner=False))))
    assert all(found == names[0] for found in names) and len(names[0]) == 2


def test_a_blank_nodes_finding_names_the_file_that_holds_its_brackets(tmp_path: Path) -> None:
    """The file of the statement that holds the ``[ … ]``, not the first file stating its holder (a
    reviewer's case: another file, or kgtool's own ontology for ``kg:Actor``)."""
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(PROLOGUE + "ex:x a kg:Assessment .\n", encoding="utf-8")
    second.write_text(
        PROLOGUE
        + "ex:x ex:part [ a kg:StatedFigure ; kg:statedValue 0.5 ] .\n"
        + "kg:Actor ex:note [ a kg:StatedFigure ; kg:statedValue 0.25 ] .\n",
        encoding="utf-8",
    )
    report = validate([first, second], reasoner=False)
    assert {(f.file, f.line) for f in report.findings if f.focus.startswith("_:")} == {
        (str(second), 4),
        (str(second), 5),
    }


SCHEMA = (
    PROLOGUE
    + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
# a property's domain in one file makes a blank node of another an Actor and an Observer: only the
# parent, reasoning over all the workers' schema statements, sees it; a third file's blank node
# breaks the same axiom on its own (reviewers' cases: the first was dropped, or named otherwise
# than in one process, without its line)
SCHEMA_CLASHES = {
    "a.trig": "ex:g1 { ex:p rdfs:domain kg:Actor . }\n",
    "b.trig": "ex:g2 {\nex:C owl:equivalentClass [ a kg:Observer ; ex:p ex:o ] .\n}\n",
    "c.trig": "ex:g3 {\nex:D owl:equivalentClass [ a kg:Observer , kg:Actor ] .\n}\n",
}


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_a_blank_node_clashing_in_the_datas_schema_is_validated_in_one_process(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name, text in SCHEMA_CLASHES.items():
        (tmp_path / name).write_text(SCHEMA + text, encoding="utf-8")
        files.append(str(tmp_path / name))
    runs = []
    for jobs in ("1", "3"):
        main(["validate", *files, "--jobs", jobs, "--no-cache", "--format", "json", "--lang", lang])
        runs.append(capsys.readouterr())
    assert runs[0].out == runs[1].out
    assert runs[0].out.count('"owl:disjointWith Actor Observer"') == 2
    note = [line for line in runs[1].err.splitlines() if line.startswith("--jobs:")]
    assert note == [t("validate.one_process_schema", lang)]
    assert not foreign_words(note[0].removeprefix("--jobs:").replace("--jobs", " "), lang)


def test_a_blank_node_held_in_a_graph_with_a_file_is_placed_there_before_the_default_graph(tmp_path: Path) -> None:
    """Held from the same resource in the default graph (which the files share: no file) and in a
    named graph of a file, a blank node is placed in the file (a reviewer's case: no file, no line);
    held in the default graph alone, nowhere rather than where its holder is stated."""
    data = tmp_path / "corpus.trig"
    data.write_text(
        PROLOGUE
        + "ex:g1 {\nex:x a kg:Assessment .\nex:x ex:part _:f .\n}\n"
        + "ex:x ex:part _:f .\n_:f a kg:StatedFigure ; kg:statedValue 0.5 .\n"
        + "ex:x ex:other [ a kg:StatedFigure ; kg:statedValue 0.25 ] .\n",
        encoding="utf-8",
    )
    report = validate([data], reasoner=False)
    assert {(f.file, f.line) for f in report.findings if f.focus.startswith("_:")} == {(str(data), 5), (None, None)}
