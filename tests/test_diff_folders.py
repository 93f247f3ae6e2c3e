"""A round's folder named to ``kgtool diff`` is read as every other command reads a folder
(``kgtool.rdf.folders.rdf_files_in``): diff listed it with its own ``rglob``, which read an
editor's hidden draft as a file of the round, did not enter a linked folder (Python 3.11), and
read a published site's documents as data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgtool.cli import main

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"


def _diff(old: Path, new: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["diff", str(old), str(new), "--data", str(EXAMPLE / "exampleland-country.ttl"), "--format", "csv"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path]:
    """Each Exampleland round in a folder of its own."""
    folders = []
    for year in ("2016", "2020"):
        folder = tmp_path / year
        folder.mkdir()
        shutil.copy(EXAMPLE / f"exampleland-{year}.ttl", folder / "round.ttl")
        folders.append(folder)
    return folders[0], folders[1]


def test_a_hidden_draft_in_a_round_folder_is_no_file_of_it(
    rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = rounds
    want = _diff(old, new, capsys)
    assert want[0] == 0 and want[1].count("\n") > 1, want
    (new / ".#round.ttl").write_text("an editor's lock file, no Turtle", encoding="utf-8")
    (new / ".git").mkdir()
    (new / ".git" / "old.ttl").write_text("<a> <b> .", encoding="utf-8")
    assert _diff(old, new, capsys) == want


def test_a_linked_folder_in_a_round_folder_is_read(
    rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = rounds
    want = _diff(old, new, capsys)
    outer = new.parent / "linked-2020"
    outer.mkdir()
    (outer / "round").symlink_to(new, target_is_directory=True)
    assert _diff(old, outer, capsys) == want


def test_a_published_site_is_no_round(rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = rounds
    (new / ".kgtool-site").write_text("", encoding="utf-8")
    code, _, err = _diff(old, new, capsys)
    assert code == 2
    assert err.startswith(f"ERROR [load#not-a-file] {new}: the folder is a site kgtool publish wrote"), err


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_folder_of_workbooks_is_told_diff_reads_the_workbook(
    lang: str, rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not told of kgtool import, as the commands that read only RDF are: diff reads a workbook."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    old, _ = rounds
    workbooks = old.parent / "workbooks"
    workbooks.mkdir()
    (workbooks / "round.xlsx").write_bytes(b"")
    code, _, err = _diff(old, workbooks, capsys)
    assert code == 2
    assert err.startswith(f"ERROR [load#not-a-file] {workbooks}: "), err
    assert "kgtool import" not in err
    assert ("kgtool diff reads a workbook as it is" in err) == (lang == "en"), err
    assert ("kgtool diff читает рабочую книгу как есть" in err) == (lang == "ru"), err


def test_a_folder_without_rdf_files_is_refused_as_elsewhere(
    rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = rounds
    (new / "round.ttl").rename(new / "round.txt")
    code, _, err = _diff(old, new, capsys)
    assert code == 2
    assert err.startswith(f"ERROR [load#not-a-file] {new}: the folder holds no RDF file"), err
