"""A named graph written in two TriG or N-Quads files (a dataset cut in parts): the store files the
graph under the first file that names it, so a finding about a resource the second file states
named the first file and no line, with ``--jobs 1`` and ``--jobs 2`` alike. It names the file and
line where the resource is stated (``kgtool.validation.entities.look_elsewhere``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgtool.cli.main import main

PROLOGUE = "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\nPREFIX ex: <https://example.org/>\n"
KGO = "https://w3id.org/kgtool/ontology#"
EX = "https://example.org/"


def places(paths: list[Path], jobs: str, capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[str, int]]:
    """focus -> (file, line) of each finding of a validation (actors without labels are findings)."""
    code = main(["validate", *map(str, paths), "--no-reasoner", "--format", "json", "--jobs", jobs])
    out, err = capsys.readouterr()
    assert code == 1, err
    return {f["focus"]: (Path(f["file"]).name, f["line"]) for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_resource_of_the_second_trig_file_is_found_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    first.write_text(PROLOGUE + "ex:g1 {\n    ex:a a kgo:Actor .\n}\n", encoding="utf-8")
    second.write_text(
        PROLOGUE + "\n# the same graph, continued\nex:g1 {\n    ex:b a kgo:Actor .\n}\n", encoding="utf-8"
    )
    found = places([first, second], jobs, capsys)
    assert found[EX + "a"] == ("a.trig", 4)
    assert found[EX + "b"] == ("b.trig", 6)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_resource_of_the_second_n_quads_file_is_found_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    typed = "<{0}{1}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{2}Actor> <{0}g1> .\n"
    first.write_text(typed.format(EX, "a", KGO), encoding="utf-8")
    second.write_text(typed.format(EX, "x", KGO).replace("Actor", "Act") + typed.format(EX, "b", KGO), encoding="utf-8")
    found = places([first, second], jobs, capsys)
    assert found[EX + "a"] == ("a.nq", 1)
    assert found[EX + "b"] == ("b.nq", 2)


def test_a_file_of_triples_is_not_looked_through_for_another_files_resource(tmp_path: Path) -> None:
    """A Turtle file's statements are in a graph of its own: what the store found there is written
    there, so a resource without a line in a dataset file is not looked for in it."""
    from kgtool.validation.entities import look_elsewhere

    dataset, triples = tmp_path / "a.trig", tmp_path / "t.ttl"
    dataset.write_text(PROLOGUE + "ex:g1 { [] kgo:involves ex:a . }\n", encoding="utf-8")
    triples.write_text(f"<{EX}a> a <{KGO}Actor> .\n", encoding="utf-8")
    other = tmp_path / "b.trig"
    other.write_text(PROLOGUE + "ex:g1 {\n    ex:a a kgo:Actor .\n}\n", encoding="utf-8")
    assert look_elsewhere({EX + "a": dataset}, [dataset, triples]) == {}
    assert look_elsewhere({EX + "a": dataset}, [dataset, triples, other]) == {EX + "a": (other, 4, None)}
    assert look_elsewhere({EX + "a": triples}, [dataset, triples, other]) == {}
