"""`kgtool build`: every output format round-trips, output is byte-stable, bad input exits 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kgtool.cli import main
from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import OUTPUT_FORMATS, serialize, serialize_many

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMAT))
def test_build_output_reparses_to_the_same_graph(fmt: str, tmp_path: Path, graph: rdflib.Graph) -> None:
    out = tmp_path / f"kg.{fmt}"
    assert main(["build", "-o", str(out), "--format", fmt]) == 0
    reparsed = rdflib.Graph().parse(out, format=RDFLIB_FORMAT[fmt])
    assert len(reparsed) == len(graph)
    assert isomorphic(reparsed, graph)


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMAT))
def test_build_is_byte_identical_across_runs(fmt: str) -> None:
    # separate processes with different hash seeds: set iteration order must not leak into output
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "kgtool", "build", "--format", fmt],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs == {serialize(build_graph(), fmt)}


def test_build_writes_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["build", "--format", "nt"]) == 0
    out = capsysbinary.readouterr().out
    assert out.count(b"\n") == len(build_graph())


def test_syntax_error_names_file_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "c" .\nex:d ex:e zz:f .\n', encoding="utf-8")
    assert main(["build", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"ERROR [load#bad-syntax] {bad}:3:" in err
    assert "zz:" in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nope.ttl")]) == 2
    assert "load#missing-file" in capsys.readouterr().err


def test_verbose_shows_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-v", str(tmp_path / "nope.ttl")]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_build_keeps_every_literal_datatype_of_the_sources(graph: rdflib.Graph) -> None:
    """The store may normalise literals (Oxigraph narrows xsd:nonNegativeInteger to xsd:integer);
    what kgtool writes must still say what the source files say."""
    from collections import Counter

    from kgtool.rdf.project import project_files

    source = rdflib.Graph()
    for path in project_files():
        source.parse(path, format="turtle")

    def datatypes(g: rdflib.Graph) -> Counter[tuple[str, str]]:
        return Counter((str(p), str(o.datatype)) for _, p, o in g if isinstance(o, rdflib.Literal) and o.datatype)

    assert datatypes(graph) == datatypes(source)


def test_input_format_applies_to_the_users_files_only(tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    assert main(["build", str(data), "--input-format", "nt", "-o", str(tmp_path / "out.nt"), "--format", "nt"]) == 0


def test_writing_several_syntaxes_at_once_gives_the_same_bytes_as_one_at_a_time() -> None:
    """publish writes the ontology in four syntaxes from one rdflib copy (serialize_many)."""
    kg = build_graph()
    at_once = serialize_many(kg, list(OUTPUT_FORMATS))
    assert at_once == {fmt: serialize(kg, fmt) for fmt in OUTPUT_FORMATS}


# four statements whose literals the store holds in canonical form (07, a positiveInteger, 0.50, "1")
REWRITTEN_LITERALS = (
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    '<http://example.org/a> <http://example.org/order> "07"^^xsd:integer ;\n'
    '    <http://example.org/count> "5"^^xsd:positiveInteger ;\n'
    "    <http://example.org/share> 0.50 , 0.25 ;\n"
    '    <http://example.org/flag> "1"^^xsd:boolean .\n'
)


def test_literals_the_store_rewrites_are_named_on_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Oxigraph keeps numbers and booleans as values: the output spells them canonically and
    narrows integer subtypes. build says which statements, where, and still writes the graph."""
    data = tmp_path / "numbers.ttl"
    data.write_text(REWRITTEN_LITERALS, encoding="utf-8")
    out = tmp_path / "out.nt"
    assert main(["build", str(data), "--format", "nt", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "note: 4 statements have a literal that the store holds" in err and "1 with a wider datatype" in err
    assert (
        f"{data}: <http://example.org/a> <http://example.org/count> "
        '"5"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>  ->  '
        '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ) in err
    assert '"0.50"' in err and '"0.25"' not in err  # 0.25 is canonical already
    written = out.read_text(encoding="utf-8")
    assert '<http://example.org/order> "7"^^<http://www.w3.org/2001/XMLSchema#integer>' in written
    assert main(["validate", str(data), "--no-reasoner"]) in (0, 1)
    assert "note: 4 statements have a literal" in capsys.readouterr().err


def test_the_project_data_is_written_as_it_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--format", "nt"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_an_ill_typed_literal_gives_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "ill-typed.ttl"
    data.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<http://example.org/a> <http://example.org/order> "first"^^xsd:integer .\n',
        encoding="utf-8",
    )
    assert main(["build", str(data), "-o", str(tmp_path / "out.ttl")]) == 2  # refused, as kgtool load refuses it
    err = capsys.readouterr().err
    assert f"ERROR [write#ill-typed-literal] {data}:2: " in err and "Traceback" not in err, err


# the syntax written without --format for each name (an extension naming no syntax: Turtle)
BY_EXTENSION = {
    "kg.ttl": "ttl",
    "kg.nt": "nt",
    "kg.jsonld": "jsonld",
    "kg.json": "jsonld",
    "kg.rdf": "rdfxml",
    "kg.owl": "rdfxml",
    "KG.NQ": "nt",
    "kg.txt": "ttl",
}


def test_without_format_the_output_extension_chooses_the_syntax(tmp_path: Path, kg: KnowledgeGraph) -> None:
    """`build -o graph.nt` wrote Turtle into graph.nt, and `kgtool validate graph.nt` then refused
    kgtool's own file (load#bad-syntax). The extension chooses now, and kgtool reads each file back
    by its extension; another name keeps Turtle."""
    for name, fmt in BY_EXTENSION.items():
        out = tmp_path / name
        assert main(["build", "-o", str(out)]) == 0
        assert out.read_bytes() == serialize(kg, fmt), name
        if name != "kg.txt":
            assert main(["build", str(out), "--format", "nt", "-o", str(tmp_path / "again.nt")]) == 0, name


def test_a_format_the_extension_contradicts_is_refused(
    tmp_path: Path, kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format jsonld -o kg.ttl` wrote JSON-LD that every reader of kg.ttl fails on: refused, exit 2,
    nothing written. N-Triples is Turtle (`--format nt -o kg.ttl` is followed), and an extension
    naming no syntax takes --format as given."""
    for name, fmt in [("kg.ttl", "jsonld"), ("kg.nt", "ttl"), ("kg.jsonld", "rdfxml")]:
        out = tmp_path / name
        assert main(["build", "-o", str(out), "--format", fmt]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ERROR [output#format-mismatch] {out}: --format {fmt} contradicts the name"), err
        assert not out.exists()
    assert main(["build", "-o", str(tmp_path / "kg.ttl"), "--format", "nt"]) == 0
    assert (tmp_path / "kg.ttl").read_bytes() == serialize(kg, "nt")
    assert main(["build", "-o", str(tmp_path / "kg.out"), "--format", "jsonld"]) == 0
    assert (tmp_path / "kg.out").read_bytes() == serialize(kg, "jsonld")
