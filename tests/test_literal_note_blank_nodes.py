"""The note on literals the store rewrites, and the writers' and the load's refusal of a literal not
of its datatype, show a blank node's subject the same way on every run: a node the file names by
its name, one it leaves unnamed as ``[]`` (the parser's made-up name differs on each reading)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgtool.cli import main
from kgtool.rdf.literal_forms import UNNAMED, LoadCheck, shown_subject

PREFIXES = "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


def _stderr_twice(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[str, int]:
    runs = []
    for _ in range(2):
        code = main(args)
        runs.append((capsys.readouterr().err, code))
    assert runs[0] == runs[1], "the same input gave two different messages"
    return runs[0]


def test_validate_note_shows_an_unnamed_blank_node_as_brackets_and_keeps_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + 'ex:a ex:p [ ex:v "0.40"^^xsd:decimal ] .\n_:x ex:v "01"^^xsd:integer .\n')
    err, code = _stderr_twice(capsys, ["validate", "--no-reasoner", "-q", str(data)])
    assert code == 0
    lines = [line for line in err.splitlines() if "http://example.org/v" in line]
    assert [line.split()[1] for line in lines] == ["[]", "_:x"], err


def test_build_refusal_names_an_unnamed_blank_node_the_same_way_each_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(PREFIXES + 'ex:a ex:p [ ex:v "abc"^^xsd:integer ] .\n')
    err, code = _stderr_twice(capsys, ["build", str(data), "-o", str(tmp_path / "out.ttl")])
    assert code == 2
    assert 'bad.ttl:3: [] <http://example.org/v> "abc"' in err, err


def test_load_check_note_shows_an_unnamed_blank_node_as_brackets(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + 'ex:a ex:p [ ex:v "007"^^xsd:integer ] .\n')
    notes = set()
    for _ in range(2):
        check = LoadCheck()
        check.read(data, ox.parse(path=str(data), format=ox.RdfFormat.TURTLE))
        notes.add(check.result())
    assert len(notes) == 1
    (note,) = notes
    assert note is not None and ': [] <http://example.org/v> "007"' in note, note


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("n.ttl", PREFIXES + '_:n1 ex:v "1"^^xsd:integer .\n', ox.RdfFormat.TURTLE),
        (
            "n.rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:nodeID="n1"><ex:v>1</ex:v></rdf:Description></rdf:RDF>\n',
            ox.RdfFormat.RDF_XML,
        ),
        ("n.jsonld", '{"@id": "_:n1", "http://example.org/v": "1"}\n', ox.RdfFormat.JSON_LD),
        ("n.trig", PREFIXES + 'ex:g { _:b0 ex:v "1"^^xsd:integer . }\n', ox.RdfFormat.TRIG),
        ("n.nq", '_:c1 <http://example.org/v> "1" <http://example.org/g> .\n', ox.RdfFormat.N_QUADS),
        # a name written with escapes is not found as the parser reads it, but is not one it makes up
        ("e.jsonld", '{"@id": "_:\\u00e9t\\u00e9", "http://example.org/v": "1"}\n', ox.RdfFormat.JSON_LD),
        (
            "e.rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:nodeID="&#233;t&#233;"><ex:v>1</ex:v></rdf:Description></rdf:RDF>\n',
            ox.RdfFormat.RDF_XML,
        ),
    ],
)
def test_a_blank_node_the_file_names_keeps_its_name(name: str, text: str, fmt: ox.RdfFormat, tmp_path: Path) -> None:
    data = tmp_path / name
    data.write_text(text)
    (subject,) = {str(q.subject) for q in ox.parse(path=str(data), format=fmt)}
    assert shown_subject(subject, data) == subject


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("u.ttl", PREFIXES + 'ex:a ex:p [ ex:v "1"^^xsd:integer ] .\n', ox.RdfFormat.TURTLE),
        (
            "u.rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            "<rdf:Description><ex:v>1</ex:v></rdf:Description></rdf:RDF>\n",
            ox.RdfFormat.RDF_XML,
        ),
        ("u.jsonld", '{"http://example.org/v": "1"}\n', ox.RdfFormat.JSON_LD),
    ],
)
def test_a_blank_node_the_file_leaves_unnamed_is_shown_as_brackets(
    name: str, text: str, fmt: ox.RdfFormat, tmp_path: Path
) -> None:
    data = tmp_path / name
    data.write_text(text)
    blanks = {str(q.subject) for q in ox.parse(path=str(data), format=fmt) if isinstance(q.subject, ox.BlankNode)}
    assert blanks and {shown_subject(s, data) for s in blanks} == {UNNAMED}


def test_an_iri_and_a_file_gone_are_shown_as_read(tmp_path: Path) -> None:
    assert shown_subject("<http://example.org/a>", tmp_path / "none.ttl") == "<http://example.org/a>"
    assert shown_subject("_:abc", tmp_path / "none.ttl") == "_:abc"
    assert shown_subject("_:abc", None) == "_:abc"


@pytest.mark.parametrize(
    ("literal", "fmt", "error"),
    [('"x"@ar--rtl', "ttl", "write#base-direction"), ('"x\\u0001"', "rdfxml", "write#not-xml-text")],
)
def test_a_writers_refusal_shows_a_blank_node_the_same_way_each_run(
    literal: str, fmt: str, error: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store names each blank node anew on every load: a reviewer's case, two runs, two names."""
    data = tmp_path / "d.ttl"
    data.write_text(PREFIXES + f"ex:a ex:p [ ex:v {literal} ] .\n")
    err, code = _stderr_twice(capsys, ["build", str(data), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")])
    assert code == 2 and error in err
    assert "d.ttl: [] <http://example.org/v>" in err, err
