"""``-o`` naming a file the command reads is refused before anything is written (``output#is-input``,
exit 2; kgtool/outputs.py ``refuse_input``, called for every verb from kgtool/cli/main.py).

Before, ``kgtool validate same.ttl --no-reasoner -o same.ttl`` replaced the data with the report
and then ended in ``internal#unexpected``, and ``kgtool validate --shapes shp/mine.ttl -o
shp/mine.ttl`` silently replaced the user's shapes with the report; ``build``, ``query``, ``diff``,
``report`` and the others wrote over their inputs the same way. The same file is found however it
is named: another spelling of its path, a symbolic link, a hard link, a file of a folder given.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kgtool import assets
from kgtool.cli import main
from kgtool.cli.options import data_read, files_read

BASE = Path(__file__).resolve().parent / "fixtures" / "shapes" / "_base.ttl"
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgo: <https://w3id.org/kgtool/ontology#> .
<https://ci.example/shapes#S> a sh:NodeShape ; sh:targetClass kgo:Assessment .
"""
QUERY = "SELECT ?s WHERE { ?s a <https://w3id.org/kgtool/ontology#Assessment> }\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data.ttl, a folder d/ holding a.ttl, shp/mine.ttl, my.rq; links to data.ttl; run from here."""
    (tmp_path / "data.ttl").write_bytes(BASE.read_bytes())
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.ttl").write_bytes(BASE.read_bytes())
    (tmp_path / "shp").mkdir()
    (tmp_path / "shp" / "mine.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "my.rq").write_text(QUERY, encoding="utf-8")
    (tmp_path / "link.ttl").symlink_to("data.ttl")
    os.link(tmp_path / "data.ttl", tmp_path / "hard.ttl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# (the command, the input -o would have replaced)
CASES: dict[str, tuple[list[str], str]] = {
    "validate: the data": (["validate", "data.ttl", "--no-reasoner", "-o", "data.ttl"], "data.ttl"),
    "validate: another spelling": (["validate", "data.ttl", "--no-reasoner", "-o", "./d/../data.ttl"], "data.ttl"),
    "validate: a symbolic link": (["validate", "data.ttl", "--no-reasoner", "-o", "link.ttl"], "data.ttl"),
    "validate: a hard link": (["validate", "data.ttl", "--no-reasoner", "-o", "hard.ttl"], "data.ttl"),
    "validate: the link given": (["validate", "link.ttl", "--no-reasoner", "-o", "data.ttl"], "link.ttl"),
    "validate: the shapes": (
        ["validate", "data.ttl", "--no-reasoner", "--shapes", "shp/mine.ttl", "-o", "shp/mine.ttl"],
        "shp/mine.ttl",
    ),
    "validate: a folder's file": (["validate", "d", "--no-reasoner", "-o", "d/a.ttl"], "d/a.ttl"),
    "build": (["build", "data.ttl", "-o", "data.ttl"], "data.ttl"),
    "build: a folder's file": (["build", "d", "-o", "d/a.ttl"], "d/a.ttl"),
    "query: the data": (["query", "--data", "data.ttl", "my.rq", "-o", "data.ttl"], "data.ttl"),
    "query: its .rq file": (["query", "--data", "data.ttl", "my.rq", "-o", "my.rq"], "my.rq"),
    "indices": (["indices", "--data", "data.ttl", "-o", "link.ttl"], "data.ttl"),
    "gaps": (["gaps", "--data", "d", "-o", "d/a.ttl"], "d/a.ttl"),
    "report": (["report", "--data", "data.ttl", "-o", "data.ttl"], "data.ttl"),
    "cite": (["cite", "kg/assessment/2016", "--data", "data.ttl", "-o", "data.ttl"], "data.ttl"),
    "search": (["search", "budget", "--data", "data.ttl", "-o", "data.ttl"], "data.ttl"),
    "diff: NEW": (["diff", "data.ttl", "d/a.ttl", "-o", "d/a.ttl"], "d/a.ttl"),
    "diff: a file of OLD, a folder": (["diff", "d", "data.ttl", "-o", "d/a.ttl"], "d"),
    "export": (["export", "data.ttl", "-o", "data.ttl"], "data.ttl"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    case: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, replaced = CASES[case]
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code = main(argv)
    _, err = capsys.readouterr()
    assert code == 2, err
    assert err.startswith("ERROR [output#is-input] "), err
    assert f"({replaced})" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "a file the command reads"), ("ru", "файл, который команда читает"), ("ky", "буйрук окуй турган файл")],
)
def test_the_refusal_is_in_the_readers_language(
    lang: str, words: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["validate", "data.ttl", "--no-reasoner", "--shapes", "shp/mine.ttl", "-o", "shp/mine.ttl"] + ["--lang", lang]
    )
    _, err = capsys.readouterr()
    assert code == 2 and "ERROR [output#is-input] shp/mine.ttl: " in err and words in err, err
    assert (folder / "shp" / "mine.ttl").read_text(encoding="utf-8") == SHAPES


WRITES: dict[str, Callable[[Path], list[str]]] = {
    "a new file beside the data": lambda d: ["validate", "data.ttl", "--no-reasoner", "-o", "report.txt"],
    "a new file in the folder given": lambda d: ["validate", "d", "--no-reasoner", "-o", "d/report.txt"],
    "standard output by its device": lambda d: ["validate", "data.ttl", "--no-reasoner", "-o", "/dev/stdout"],
    "an existing file that is no input": lambda d: ["build", "d", "-o", "data.ttl"],
}


@pytest.mark.parametrize("case", list(WRITES))
def test_an_output_that_is_no_input_is_written(case: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(WRITES[case](folder))
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "output#is-input" not in err


def test_the_projects_own_files_count_as_read_when_no_file_is_given() -> None:
    """Without FILEs (or --data) a command reads the project's data and the ontology, and validate
    the project's shapes: -o names none of them (checked on the lists, not by writing over them)."""
    mine = argparse.Namespace(files=[], shapes=["shp/mine.ttl"], only_shapes=False)
    own = {str(p) for p in assets.data_files() + assets.ontology_files() + assets.shape_files()}
    assert set(files_read(mine)) == own | {"shp/mine.ttl"}
    only = argparse.Namespace(files=["x.ttl"], shapes=["s.ttl"], only_shapes=True)
    assert set(files_read(only)) == {"x.ttl", "s.ttl"} | {str(p) for p in assets.ontology_files()}
    embedded = argparse.Namespace(data=None, endpoint=None, name="pair-index")
    assert set(data_read(embedded)) == {str(p) for p in assets.data_files() + assets.ontology_files()}
    remote = argparse.Namespace(data=None, endpoint="http://localhost:7878/query", name="mine.rq")
    assert data_read(remote) == ["mine.rq"]
