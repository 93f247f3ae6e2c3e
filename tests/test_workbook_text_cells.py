"""Text that a spreadsheet would read as something else: openpyxl writes a string equal to an error
code (``#N/A``) as an error cell and one that starts with '=' as a formula, so a label "#N/A"
exported to a workbook came back refused as an error value (``workbook#error-value``), and a
justification "=…" as a formula. The export writes them as text cells: the round trip is exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import ERROR_CODES

from kgtool.cli import main

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
BASE = "https://example.org/kgtool/id/"


@pytest.mark.parametrize("text", [*sorted(ERROR_CODES), "=1+1", "=SUM(A1:A3)"])
def test_text_that_reads_as_an_error_or_a_formula_comes_back_as_it_was(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(EXAMPLE / "exampleland-2020-workbook"), "--base", BASE, "-o", str(tmp_path / "a")]) == 0
    actors = tmp_path / "a" / "actors.ttl"
    original = actors.read_text(encoding="utf-8")
    assert 'rdfs:label "Citizens of Exampleland"@en-t-ky ;' in original
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    actors.write_text(original.replace('"Citizens of Exampleland"@en-t-ky', f'"{quoted}"@en-t-ky'), encoding="utf-8")
    book = tmp_path / "round.xlsx"
    assert main(["export", *map(str, sorted((tmp_path / "a").glob("*.ttl"))), "--base", BASE, "-o", str(book)]) == 0
    cells = [c for ws in openpyxl.load_workbook(book) for row in ws.iter_rows() for c in row if c.value == text]
    assert [c.data_type for c in cells] == ["s"]
    assert main(["import", str(book), "--base", BASE, "-o", str(tmp_path / "b")]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--fail-on-change"]) == 0
    assert f'"{quoted}"@en-t-ky' in (tmp_path / "b" / "actors.ttl").read_text(encoding="utf-8")


def test_a_control_character_is_refused_in_xlsx_and_kept_in_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A vertical tab (pasted from a word processor) in a label: openpyxl raised on it, and the
    export ended as internal#unexpected. An .xlsx cell (XML 1.0) cannot hold it: refused, naming
    the resource, the column and the character; the CSV form keeps it, round trip exact."""
    assert main(["import", str(EXAMPLE / "exampleland-2020-workbook"), "--base", BASE, "-o", str(tmp_path / "a")]) == 0
    actors = tmp_path / "a" / "actors.ttl"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(
        text.replace('"Citizens of Exampleland"@en-t-ky', '"Citizens\\u000Bof Exampleland"@en-t-ky'), encoding="utf-8"
    )
    files = [str(p) for p in sorted((tmp_path / "a").glob("*.ttl"))]
    capsys.readouterr()
    assert main(["export", *files, "--base", BASE, "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "[workbook#control-character] https://example.org/kgtool/id/exampleland/actor/citizens:" in err
    assert "(Actors.label_en) holds the control character U+000B" in err
    assert not (tmp_path / "x.xlsx").exists()
    assert main(["export", *files, "--base", BASE, "-o", str(tmp_path / "csv")]) == 0
    assert main(["import", str(tmp_path / "csv"), "--base", BASE, "-o", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--fail-on-change"]) == 0


def two_rounds(tmp_path: Path, label: str = "Election of members of parliament") -> list[str]:
    """The tutorial's 2020 round and a copy of it as a 2030 round (``label``: the 2030 round's
    label of a process, as Turtle writes it)."""
    assert main(["import", str(EXAMPLE / "exampleland-2020-workbook"), "--base", BASE, "-o", str(tmp_path / "a")]) == 0
    (tmp_path / "b").mkdir()
    for path in sorted((tmp_path / "a").glob("*.ttl")):
        text = path.read_text(encoding="utf-8").replace("assessment/2020", "assessment/2030")
        text = text.replace('"Election of members of parliament"@en', f'"{label}"@en')
        (tmp_path / "b" / path.name).write_text(text, encoding="utf-8")
    files = [str(p) for p in sorted((tmp_path / "a").glob("*.ttl")) if p.name != "actors.ttl"]
    return files + [str(p) for p in sorted((tmp_path / "b").glob("*.ttl"))]


@pytest.mark.parametrize("force", [False, True])
def test_export_all_writes_every_workbook_or_none(
    force: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export --all` wrote the workbooks of the assessments before the one it refused (here a
    2030 round's, a process's label with a vertical tab): a folder half new, half (with --force)
    replaced. Every workbook is now written aside first, and put in place only when all are."""
    files = two_rounds(tmp_path, "Election of\\u000Bmembers of parliament")
    folder = tmp_path / "books"
    folder.mkdir()
    kept = folder / "exampleland-assessment-2020.xlsx"
    if force:
        kept.write_bytes(b"edited by hand")
    capsys.readouterr()
    argv = ["export", "--all", *files, "--base", BASE, "-o", str(folder), *(["--force"] if force else [])]
    assert main(argv) == 2
    err = capsys.readouterr().err
    said = "[workbook#control-character] https://example.org/kgtool/id/exampleland/assessment/2030/process/"
    assert said in err, err
    assert sorted(p.name for p in folder.iterdir()) == (["exampleland-assessment-2020.xlsx"] if force else [])
    if force:
        assert kept.read_bytes() == b"edited by hand"


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_export_all_that_cannot_put_a_workbook_in_place_puts_none(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The later workbook's place is taken (a folder where the 2030 .xlsx goes; a file where its CSV
    folder goes): the 2020 workbook was already moved in, and with --force its earlier files
    replaced. Now nothing moves: what was there is as it was, the folder in the way untouched."""
    files = two_rounds(tmp_path)
    folder = tmp_path / "books"
    folder.mkdir()
    first, second = (folder / f"exampleland-assessment-{year}" for year in ("2020", "2030"))
    if form == "xlsx":
        first, second = first.with_suffix(".xlsx"), second.with_suffix(".xlsx")
        first.write_bytes(b"edited by hand")
        second.mkdir()
        (second / "mine.txt").write_text("mine", encoding="utf-8")
    else:
        first.mkdir()
        (first / "Cells.csv").write_text("edited by hand", encoding="utf-8")
        second.write_text("mine", encoding="utf-8")
    before = sorted((p.relative_to(folder), p.is_dir() or p.read_bytes()) for p in folder.rglob("*"))
    capsys.readouterr()
    argv = ["export", "--all", "--form", form, *files, "--base", BASE, "-o", str(folder), "--force"]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("ERROR [output#cannot-write] ")
    assert sorted((p.relative_to(folder), p.is_dir() or p.read_bytes()) for p in folder.rglob("*")) == before
    second.unlink() if second.is_file() else shutil.rmtree(second)
    assert main(argv) == 0  # once out of the way, both are written
    assert (first.is_file() if form == "xlsx" else (first / "Assessment.csv").is_file()) and second.exists()
