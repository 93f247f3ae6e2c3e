"""A folder where a command reads RDF files (``validate DIR``, ``--data DIR``) stands for the RDF
files in it and its subfolders: an assessment team keeps each round in the folder ``kgtool
import`` wrote, and every command but ``diff`` refused it as "a folder" (a tester's)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kgtool.cli import main

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
BASE = "https://example.org/kgtool/id/"


@pytest.fixture
def round_folder(tmp_path: Path) -> Path:
    """The tutorial's 2020 round as kgtool import writes it, with its actors' file moved to a
    subfolder, and a hidden file and a note that are not RDF files of the round."""
    folder = tmp_path / "exampleland-2020"
    assert main(["import", str(EXAMPLE / "exampleland-2020-workbook"), "--base", BASE, "-o", str(folder)]) == 0
    (folder / "shared").mkdir()
    shutil.move(folder / "actors.ttl", folder / "shared" / "actors.ttl")
    (folder / ".#draft.ttl").write_text("this is no Turtle", encoding="utf-8")
    (folder / "notes.txt").write_text("not RDF", encoding="utf-8")
    return folder


def test_a_folder_is_the_rdf_files_in_it(round_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in round_folder.rglob("*.ttl") if not p.name.startswith("."))
    capsys.readouterr()
    runs = []
    for given in ([str(round_folder)], files):
        assert main(["validate", *given, "--no-reasoner", "--format", "json"]) == 0
        validated = json.loads(capsys.readouterr().out)
        data = [["--data", f] for f in given]
        assert main(["indices", *[a for pair in data for a in pair], "--format", "csv"]) == 0
        runs.append((validated, capsys.readouterr().out))
    assert runs[0] == runs[1]
    assert any(f.endswith("shared/actors.ttl") for f in files)
    assert runs[0][0]["summary"]["files"] == len(files) + 2  # and the ontology's two


@pytest.mark.parametrize("lang", ["en", "ky"])
def test_a_folder_without_rdf_files_is_refused(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", lang)
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    for argv in (["validate", str(tmp_path)], ["indices", "--data", str(tmp_path)], ["build", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ERROR [load#not-a-file] {tmp_path}: "), err
        assert ("holds no RDF file" in err) == (lang == "en")


def test_a_linked_folder_is_read_once_and_a_loop_stops(round_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Python 3.11's rglob does not enter a linked folder: the files there were passed over."""
    outer = round_folder.parent / "outer"
    outer.mkdir()
    (outer / "round").symlink_to(round_folder, target_is_directory=True)
    (round_folder / "loop").symlink_to(round_folder, target_is_directory=True)
    capsys.readouterr()
    assert main(["validate", str(outer), "--no-reasoner", "--format", "json"]) == 0
    files = sorted(p for p in round_folder.rglob("*.ttl") if not p.name.startswith("."))
    assert json.loads(capsys.readouterr().out)["summary"]["files"] == len(files) + 2


def test_a_published_site_is_no_folder_of_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".kgtool-site").write_text("", encoding="utf-8")
    (site / "page.ttl").write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    assert main(["validate", str(site)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [load#not-a-file] {site}: the folder is a site kgtool publish wrote"), err


def test_a_folder_of_workbooks_is_told_of_kgtool_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "round.xlsx").write_bytes(b"")
    assert main(["indices", "--data", str(tmp_path)]) == 2
    assert "hint: the folder holds workbooks: turn them into RDF files with kgtool import" in capsys.readouterr().err
