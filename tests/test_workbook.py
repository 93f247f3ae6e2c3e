"""kgtool template / export / import: the workbook form of an assessment.

Real components only: openpyxl writes and reads the workbooks, LibreOffice (Debian's
libreoffice-calc-nogui, installed by .ci/run) opens the template, and the round trip is
compared with rdflib.compare.isomorphic against the statements of data/*.ttl.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import glob
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic
from workbook_example import EXAMPLE, completed, fill

from kgtool.cli import main
from kgtool.errors import InputError
from kgtool.rdf.store import to_rdflib
from kgtool.workbook.schema import BY_NAME, SHEETS

REPO = Path(__file__).resolve().parents[1]
KGO = "https://w3id.org/kgtool/ontology#"
ID = "https://w3id.org/kgtool/id/"


def data_graph() -> rdflib.Graph:
    """Every statement of data/*.ttl, parsed by rdflib (not by kgtool); but data/bibliography.ttl,
    kgtool's catalogue records of the study and the dataset, which are no assessment's data and
    are not exported (queries/workbook/statements.rq)."""
    g = rdflib.Graph()
    for path in sorted((REPO / "data").glob("*.ttl")):
        if path.name != "bibliography.ttl":
            g.parse(path, format="turtle")
    return g


def turtle_graph(folder: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    return path


# --- the round trip -----------------------------------------------------------------------


@pytest.mark.parametrize("form", ["study.xlsx", "study-csv"])
def test_export_then_import_gives_the_data_files_graph(form: str, tmp_path: Path) -> None:
    """Every statement of data/*.ttl survives export -> import, in both forms; the ontology is not
    part of either side (kgtool build adds the same ontology files to both)."""
    assert main(["export", "-o", str(tmp_path / form)]) == 0
    assert main(["import", str(tmp_path / form), "-o", str(tmp_path / "out")]) == 0
    expected, got = data_graph(), turtle_graph(tmp_path / "out")
    assert len(got) == len(expected) and len(expected) > 3000  # the whole study, translations included
    assert isomorphic(expected, got), sorted(set(expected) ^ set(got))[:5]
    # in the project's layout: one file per pair, plus the shared files
    names = {p.name for p in (tmp_path / "out").glob("*.ttl")}
    assert {"assessment.ttl", "actors.ttl", "provisions.ttl", "pair-citizens-jk.ttl"} <= names


def test_export_then_import_builds_what_kgtool_build_builds(tmp_path: Path) -> None:
    """The issue's words: the study exported and imported again gives a graph isomorphic to
    `kgtool build`'s. `kgtool build` of the imported files, with the catalogue records of
    data/bibliography.ttl that no assessment's workbook holds, is `kgtool build` of the project."""
    assert main(["build", "--format", "nt", "-o", str(tmp_path / "project.nt")]) == 0
    assert main(["export", "-o", str(tmp_path / "study.xlsx")]) == 0
    assert main(["import", str(tmp_path / "study.xlsx"), "-o", str(tmp_path / "out")]) == 0
    files = [*map(str, sorted((tmp_path / "out").glob("*.ttl"))), str(REPO / "data" / "bibliography.ttl")]
    assert main(["build", *files, "--format", "nt", "-o", str(tmp_path / "again.nt")]) == 0
    project = rdflib.Graph().parse(tmp_path / "project.nt", format="nt")
    again = rdflib.Graph().parse(tmp_path / "again.nt", format="nt")
    assert len(project) > len(data_graph())  # the ontology too
    assert isomorphic(project, again)


def test_two_exports_at_different_times_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The .xlsx bytes depend only on the data: two exports more than a zip date's two-second
    step apart are byte-identical, and read back to the same Turtle files. openpyxl alone would
    write the time of each save into docProps/core.xml and every zip entry."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "first" / "study.xlsx", tmp_path / "second" / "study.xlsx"
    assert main(["export", "-o", str(first)]) == 0
    time.sleep(2.1)
    assert main(["export", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count(">1980-01-01T00:00:00Z<") == 2, core  # created and modified
    for book in (first, second):  # the same name: the Turtle files' first line names the workbook
        assert main(["import", str(book), "-o", str(book.parent / "ttl")]) == 0
    written = sorted((tmp_path / "first" / "ttl").glob("*.ttl"))
    assert len(written) > 10
    for path in written:
        assert path.read_bytes() == (tmp_path / "second" / "ttl" / path.name).read_bytes(), path.name


def test_an_export_records_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, is the instant recorded (in
    core.xml and the zip entries, UTC); an empty value counts as unset."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert main(["export", "-o", str(tmp_path / "dated.xlsx")]) == 0
    with zipfile.ZipFile(tmp_path / "dated.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert archive.read("docProps/core.xml").decode().count(">2023-11-14T22:13:20Z<") == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")  # an odd second: zip dates step by two
    assert main(["export", "-o", str(tmp_path / "odd.xlsx")]) == 0
    assert (tmp_path / "odd.xlsx").read_bytes() == (tmp_path / "dated.xlsx").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 5000)  # past int()'s 4,300 digits: held at 2107
    assert main(["export", "-o", str(tmp_path / "far.xlsx")]) == 0
    with zipfile.ZipFile(tmp_path / "far.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}
        assert {info.create_system for info in archive.infolist()} == {3}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # empty: taken as unset
    assert main(["export", "-o", str(tmp_path / "empty.xlsx")]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "-86400")  # 1969-12-31, as `date +%s` prints it: 1980 at the earliest
    assert main(["export", "-o", str(tmp_path / "before.xlsx")]) == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert main(["export", "-o", str(tmp_path / "unset.xlsx")]) == 0
    assert (tmp_path / "empty.xlsx").read_bytes() == (tmp_path / "unset.xlsx").read_bytes()
    assert (tmp_path / "before.xlsx").read_bytes() == (tmp_path / "unset.xlsx").read_bytes()
    assert (tmp_path / "dated.xlsx").read_bytes() != (tmp_path / "unset.xlsx").read_bytes()


@pytest.mark.parametrize(
    "value", ["yesterday", "1.5", " 1700000000", "1700000000\n", "--1", "-", "0x10", "١٧٠٠", "x" * 100]
)
@pytest.mark.parametrize("verb", ["template", "export"])
def test_a_malformed_source_date_epoch_is_refused_naming_it(
    value: str, verb: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reproducible-builds specification: SOURCE_DATE_EPOCH MUST be an integer as date +%s prints
    it, and a tool SHOULD fail on a malformed one (session 11: it was ignored, and the workbook
    recorded 1980, a date nobody gave). Exit 2, the variable and its value named (cut at 40
    characters), in the reader's language; no workbook written. A CSV folder records no date: the
    variable is not read."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "book.xlsx"
    assert main([verb, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    shown = repr(value[:40] + ("…" if len(value) > 40 else ""))
    assert f"ERROR [workbook#bad-source-date-epoch] the environment variable SOURCE_DATE_EPOCH is {shown}," in err
    assert "hint: set it to ASCII digits only" in err and "Traceback" not in err and not out.exists()
    assert main([verb, "-o", str(tmp_path / "csv")]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KGTOOL_LANG", "ru")
    assert main([verb, "-o", str(out)]) == 2
    assert "переменная окружения SOURCE_DATE_EPOCH равна" in capsys.readouterr().err


# Where the import's placement differs from data/'s, and why: the study describes its observers
# and their mandates (the citations made for an observer) in the section of pair 6.4, which the
# import cannot know (an observer belongs to no pair: its citations go to conclusion.ttl), and one
# recommendation of the conclusion is addressed to a pair (the import puts it in the pair's file).
PLACED_ELSEWHERE = {"conclusion.ttl", "pair-citizens-executive-lsg.ttl", "pair-jk-executive-lsg.ttl"}


def test_import_writes_the_projects_layout(tmp_path: Path) -> None:
    """Each file of data/ (but the catalogue records) has its imported namesake, the pair files
    named without the study's section number, holding the same statements: an act's status in
    legal-status.ttl, editorial notes in editorial-notes.ttl, cross-references in their pair's file."""
    assert main(["export", "-o", str(tmp_path / "study")]) == 0
    assert main(["import", str(tmp_path / "study"), "-o", str(tmp_path / "out")]) == 0
    data = {re.sub(r"^pair-[\d.]+-", "pair-", p.name): p for p in (REPO / "data").glob("*.ttl")}
    del data["bibliography.ttl"]
    assert sorted(data) == sorted(p.name for p in (tmp_path / "out").glob("*.ttl"))
    for name, path in sorted(data.items()):
        if name not in PLACED_ELSEWHERE:
            expected = rdflib.Graph().parse(path)
            assert isomorphic(expected, rdflib.Graph().parse(tmp_path / "out" / name)), name


def test_ids_are_slugs_under_the_sheets_prefix(tmp_path: Path) -> None:
    assert main(["export", "-o", str(tmp_path / "s.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    processes = [r[0] for r in wb["Processes"].iter_rows(min_row=3, values_only=True)]
    assert "jk-elections" in processes
    cells = {r[0]: r for r in wb["Cells"].iter_rows(min_row=3, values_only=True)}
    assert cells["jk-elections/cell/rules"][1:4] == ("jk-elections", "rules-and-standards", "present")
    paragraphs = [r[0] for r in wb["Provisions"].iter_rows(min_row=3, values_only=True) if r[1] == "Paragraph"]
    assert "/intl/law/osce-copenhagen-document/para/7.5" in paragraphs  # outside {cc}/law/: a /path


# --- the template -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_template_has_every_sheet_headers_help_dropdowns_and_frozen_headers(lang: str, tmp_path: Path) -> None:
    path = tmp_path / f"t-{lang}.xlsx"
    assert main(["template", "-o", str(path), "--lang", lang]) == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [s.name for s in SHEETS]
    ontology = rdflib.Graph().parse(REPO / "ontology" / "kgtool.ttl")
    verdict_def = str(
        next(
            d
            for d in ontology.objects(
                rdflib.URIRef("https://w3id.org/kgtool/ontology#hasVerdict"), rdflib.SKOS.definition
            )
            if d.language == lang
        )
    )
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == sheet.headers  # the same names in every language
        assert all(c.value for c in ws[2]), f"{sheet.name}: a column has no help text in {lang}"
        assert ws.freeze_panes == "B3"
    processes = wb["Processes"]
    help_row = dict(zip([c.value for c in processes[1]], [c.value for c in processes[2]], strict=True))
    assert help_row["verdict"].startswith(verdict_def)
    assert help_row["verdict"].endswith("does-not-work, impossible-excluded, not-fully-working, not-in-place, works")
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["Cells"].data_validations.dataValidation}
    headers = [c.value for c in wb["Cells"][1]]
    value_col = openpyxl.utils.get_column_letter(headers.index("value") + 1)
    assert lists[f"{value_col}3"] == '"absent,present"'
    dimension_col = openpyxl.utils.get_column_letter(headers.index("dimension") + 1)
    assert lists[f"{dimension_col}3"] == '"citizen-demand,enforceability,responsiveness,rules-and-standards"'


def test_every_controlled_value_has_its_drop_down_list(template: Path) -> None:
    """Every column of controlled values (a vocabulary, true/false, a sheet's classes) offers its
    list; a single-valued one refuses anything else, a multi-valued one (one value per line)
    offers without refusing. Each list stays within the 255 characters Excel allows a list
    written into the validation (longer ones make Excel repair the file; Apache POI checks the
    same limit, apache/poi#187)."""
    wb = openpyxl.load_workbook(template)
    seen = set()
    for sheet in SHEETS:
        ws = wb[sheet.name]
        lists = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
        controlled = [("type", True)] if sheet.typed else []
        controlled += [(c.header, not c.multi) for c in sheet.columns if c.kind in ("choice", "boolean")]
        for header, refuses in controlled:
            dv = lists.pop(f"{openpyxl.utils.get_column_letter(sheet.headers.index(header) + 1)}3")
            assert dv.type == "list" and len(dv.formula1) <= 255, (sheet.name, header)
            assert bool(dv.showErrorMessage) is refuses, (sheet.name, header)
            seen.add(header if header != "type" else sheet.name + ".type")
        assert not lists, f"{sheet.name}: lists on columns of free text: {sorted(lists)}"
    assert {"kind", "support_kind", "role", "verdict", "Acts.type"} <= seen


# LibreOffice Calc's filters: a workbook saved as .xlsx by Calc's own writer, and every sheet as
# CSV (comma, double quote, UTF-8 (76), from line 1, ..., every sheet (the last field, -1): one
# file each, named <book>-<Sheet>.csv)
XLSX = "xlsx:Calc MS Excel 2007 XML"
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def libreoffice(
    source: Path, convert_to: str, outdir: Path, profile: Path, infilter: str | None = None, timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    """``source`` converted by real LibreOffice, headless, with a profile of its own (``profile``),
    to ``convert_to`` in ``outdir`` (read with ``infilter`` when given); the run, which succeeded."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: .ci/run installs libreoffice-calc-nogui"
    read_as = [f"--infilter={infilter}"] if infilter else []
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", *read_as, "--convert-to", convert_to]
    done = subprocess.run(
        [*command, "--outdir", str(outdir), str(source)], capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def test_template_opens_in_libreoffice_without_warnings(template: Path, tmp_path: Path) -> None:
    done = libreoffice(template, CSV_EVERY_SHEET, tmp_path / "csv", tmp_path / "profile")
    # LibreOffice's launcher may say it found no Java (it needs none to read a workbook); any other
    # line on standard error is a warning about the file
    other = [line for line in done.stderr.splitlines() if line.strip() and "javaldx" not in line]
    assert not other, other
    for sheet in SHEETS:
        lines = (tmp_path / "csv" / f"template-{sheet.name}.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0] == ",".join(sheet.headers)


def test_the_study_saved_by_libreoffice_imports_to_the_same_graph(tmp_path: Path) -> None:
    """The analyst's way: the exported study opened and saved again as .xlsx by LibreOffice (its
    own writer, not openpyxl's) imports to every statement of data/*.ttl, and the saved workbook
    keeps its drop-down lists."""
    assert main(["export", "-o", str(tmp_path / "study.xlsx")]) == 0
    libreoffice(tmp_path / "study.xlsx", XLSX, tmp_path / "saved", tmp_path / "profile", timeout=300)
    assert (tmp_path / "saved" / "study.xlsx").is_file()
    saved = openpyxl.load_workbook(tmp_path / "saved" / "study.xlsx")
    assert saved["Cells"].data_validations.dataValidation, "LibreOffice dropped the drop-down lists"
    assert main(["import", str(tmp_path / "saved" / "study.xlsx"), "-o", str(tmp_path / "out")]) == 0
    assert isomorphic(data_graph(), turtle_graph(tmp_path / "out"))


# --- broken workbooks: every problem with sheet, row, column; nothing written ------------------


def broken(tmp_path: Path, template: Path, rows: dict[str, list[dict[str, str]]]) -> tuple[str, Path]:
    workbook = fill(template, tmp_path / "study.xlsx", rows)
    out = tmp_path / "out"
    with pytest.raises(InputError) as err, contextlib.chdir(workbook.parent):
        from kgtool.workbook.api import import_book

        import_book(Path(workbook.name), out)  # named from its folder: the problems name it so
    assert err.value.error_id == "workbook#invalid"
    assert not out.exists(), "an import with problems wrote files"
    return str(err.value), out


def column_of(template: Path, sheet: str, header: str) -> str:
    headers = [c.value for c in openpyxl.load_workbook(template)[sheet][1]]
    return openpyxl.utils.get_column_letter(headers.index(header) + 1)


def test_a_wrong_dropdown_value(tmp_path: Path, template: Path) -> None:
    rows = completed()
    rows["Cells"][1]["value"] = "yes"  # the second cell: row 4
    message, _ = broken(tmp_path, template, rows)
    col = column_of(template, "Cells", "value")
    assert f'[workbook#bad-choice] study.xlsx!Cells!{col}4: "yes" is not one of absent, present' in message


def test_a_missing_required_column(tmp_path: Path, template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["Processes"]
    col = [c.value for c in ws[1]].index("verdict") + 1
    ws.delete_cols(col)
    wb.save(tmp_path / "cut.xlsx")
    message, _ = broken(tmp_path, tmp_path / "cut.xlsx", completed())
    assert "[workbook#missing-column] study.xlsx!Processes!1: the required column(s) verdict are missing" in message
    assert message.count("\n  [workbook#") == 1, message  # the sheet's rows are still known: no cascade


def test_a_duplicate_slug(tmp_path: Path, template: Path) -> None:
    rows = completed()
    rows["Actors"].append(dict(rows["Actors"][0]))  # "citizens" again, on row 5
    message, _ = broken(tmp_path, template, rows)
    assert (
        '[workbook#duplicate-id] study.xlsx!Actors!A5: "citizens" is already the id of study.xlsx!Actors!3' in message
    )


def test_a_citation_of_an_unknown_provision(tmp_path: Path, template: Path) -> None:
    rows = completed()
    rows["Citations"][0]["provision"] = "charter/art/99"
    message, _ = broken(tmp_path, template, rows)
    col = column_of(template, "Citations", "provision")
    assert f'[workbook#unknown-reference] study.xlsx!Citations!{col}3: "charter/art/99" names no row of Provisions' in (
        message
    )


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path, template: Path) -> None:
    rows = completed()
    rows["Cells"][0]["value"] = "yes"
    rows["Cells"][2]["value"] = "maybe"
    rows["Processes"][0]["order"] = "first"
    rows["Citations"][0]["provision"] = "charter/art/99"
    message, _ = broken(tmp_path, template, rows)
    assert message.count("\n  [workbook#") == 4, message
    assert "4 problem(s) in study.xlsx" in message


def test_the_four_broken_things_of_the_issue_in_one_workbook(tmp_path: Path, template: Path) -> None:
    """A wrong drop-down value, a missing required column, a duplicate slug and a citation of an
    unknown provision, all in one workbook: the four errors, each with its sheet, row and column
    (the missing column: its sheet's header row), in one message, and no file written."""
    wb = openpyxl.load_workbook(template)
    ws = wb["Processes"]
    ws.delete_cols([c.value for c in ws[1]].index("verdict") + 1)
    wb.save(tmp_path / "cut.xlsx")
    rows = completed()
    rows["Cells"][1]["value"] = "yes"
    rows["Actors"].append(dict(rows["Actors"][0]))
    rows["Citations"][0]["provision"] = "charter/art/99"
    message, _ = broken(tmp_path, tmp_path / "cut.xlsx", rows)
    value, provision = column_of(template, "Cells", "value"), column_of(template, "Citations", "provision")
    assert message.splitlines()[1:5] == [
        '  [workbook#duplicate-id] study.xlsx!Actors!A5: "citizens" is already the id of study.xlsx!Actors!3',
        "  [workbook#missing-column] study.xlsx!Processes!1: the required column(s) verdict are missing",
        f'  [workbook#bad-choice] study.xlsx!Cells!{value}4: "yes" is not one of absent, present',
        f'  [workbook#unknown-reference] study.xlsx!Citations!{provision}3: "charter/art/99" names no row of Provisions',
    ], message
    assert "4 problem(s) in study.xlsx; nothing was written" in message


def test_problems_of_a_csv_folder_name_the_folder_sheet_row_and_column(tmp_path: Path, template: Path) -> None:
    fill(template, tmp_path / "ok.xlsx", completed())
    assert main(["import", str(tmp_path / "ok.xlsx"), "-o", str(tmp_path / "ttl")]) == 0
    assert main(["export", *map(str, sorted((tmp_path / "ttl").glob("*.ttl"))), "-o", str(tmp_path / "ex")]) == 0
    cells = (tmp_path / "ex" / "Cells.csv").read_text(encoding="utf-8").replace(",present,", ",yes,", 1)
    (tmp_path / "ex" / "Cells.csv").write_text(cells, encoding="utf-8")
    with pytest.raises(InputError) as err:
        from kgtool.workbook.api import import_book

        import_book(tmp_path / "ex", tmp_path / "never")
    assert re.search(r'ex!Cells!D3: "yes" is not one of absent, present', str(err.value))
    assert not (tmp_path / "never").exists()


def test_problems_name_the_workbook_as_it_was_given(
    tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool import e/study.xlsx` said `study.xlsx:` and `study.xlsx!Cells!D4`: which of two
    study.xlsx was meant, the words did not say. Now a workbook, a CSV folder and a damaged file
    are named as given, as every other command names its files; the Turtle files still name the
    workbook by its file name alone, so an import from elsewhere writes the same bytes."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e").mkdir()
    rows = completed()
    rows["Cells"][1]["value"] = "yes"
    fill(template, tmp_path / "e" / "study.xlsx", rows)
    col = column_of(template, "Cells", "value")
    assert main(["import", "e/study.xlsx", "-o", "out"]) == 2
    err = capsys.readouterr().err
    assert "ERROR [workbook#invalid] e/study.xlsx: 1 problem(s) in e/study.xlsx; nothing was written:\n" in err, err
    assert f'  [workbook#bad-choice] e/study.xlsx!Cells!{col}4: "yes" is not one of absent, present\n' in err, err

    fill_csv(tmp_path / "e" / "book", rows)
    assert main(["import", "./e/book", "-o", "out"]) == 2
    assert f'  [workbook#bad-choice] e/book!Cells!{col}4: "yes"' in capsys.readouterr().err

    (tmp_path / "e" / "broken.xlsx").write_bytes(b"not a zip")
    assert main(["import", "e/broken.xlsx", "-o", "out"]) == 2
    assert "e/broken.xlsx is not a readable .xlsx workbook" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()

    fill(template, tmp_path / "e" / "good.xlsx", completed())
    assert main(["import", "e/good.xlsx", "-o", "near"]) == 0
    assert main(["import", str(tmp_path / "e" / "good.xlsx"), "-o", "far"]) == 0
    for near in sorted((tmp_path / "near").glob("*.ttl")):
        text = near.read_text(encoding="utf-8")
        assert text == (tmp_path / "far" / near.name).read_text(encoding="utf-8")
        assert text.startswith("# Imported from good.xlsx by kgtool import")
    assert "# from good.xlsx!Assessment!" in (tmp_path / "near" / "assessment.ttl").read_text(encoding="utf-8")


# --- after import, validate points back to the sheet and row ---------------------------------


def test_validate_findings_name_the_workbook_row(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(template, tmp_path / "example.xlsx", EXAMPLE)  # no organisation nor method: two violations
    assert main(["import", str(tmp_path / "example.xlsx"), "-o", str(tmp_path / "data")]) == 0
    capsys.readouterr()
    files = sorted(str(p) for p in (tmp_path / "data").glob("*.ttl"))
    assert main(["validate", "--no-reasoner", *files]) == 1
    out = capsys.readouterr().out
    assert re.search(r"stated at \S*assessment\.ttl:\d+ \(from example\.xlsx!Assessment!4\)", out), out


# --- the tutorial, docs/workbook.md ---------------------------------------------------------


def test_the_tutorial_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs every command of docs/workbook.md in order, filling the workbook where the text says
    to (step 2 with the example, step 5 with its fix)."""
    text = (REPO / "docs" / "workbook.md").read_text(encoding="utf-8")
    commands = [
        line[2:]
        for block in re.findall(r"```sh\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.startswith("$ kgtool ")
    ]
    assert [c.split()[1] for c in commands] == ["template", "import", "validate", "import", "validate", "export"]
    monkeypatch.chdir(tmp_path)
    expected_exit = {2: 1, 4: 0}
    for index, command in enumerate(commands):
        if index == 1:
            fill(Path("example.xlsx"), Path("example.xlsx"), EXAMPLE)
        if index == 3:
            assert main(["template", "-o", "example.xlsx", "--force"]) == 0  # the filled one, replaced
            fill(Path("example.xlsx"), Path("example.xlsx"), completed())
        argv = [a for arg in shlex.split(command)[1:] for a in (sorted(glob.glob(arg)) if "*" in arg else [arg])]
        assert main(argv) == expected_exit.get(index, 0), (command, capsys.readouterr())
    # the exported example imports back to the same statements
    assert main(["import", "example-again.xlsx", "-o", "again"]) == 0
    assert isomorphic(turtle_graph(tmp_path / "example-data"), turtle_graph(tmp_path / "again"))


# --- the named queries export and the template read ---------------------------------------


def test_vocabulary_query_lists_the_controlled_values() -> None:
    from kgtool.workbook.terms import load_terms

    terms = load_terms("ru")
    assert terms.choices["CellValue"] == {"absent": KGO + "Absent", "present": KGO + "Present"}
    assert set(terms.choices["Verdict"]) == {
        "works",
        "not-fully-working",
        "does-not-work",
        "not-in-place",
        "impossible-excluded",
    }
    ontology = rdflib.Graph().parse(REPO / "ontology" / "kgtool.ttl")
    (ru,) = [
        str(d)
        for d in ontology.objects(rdflib.URIRef(KGO + "hasVerdict"), rdflib.SKOS.definition)
        if d.language == "ru"
    ]
    assert terms.definitions[KGO + "hasVerdict"] == ru


def test_statements_query_keeps_one_assessment_and_the_shared_resources(tmp_path: Path) -> None:
    """With --assessment, another assessment's resources stay out; actors and laws stay in."""
    from kgtool.rdf.project import build_graph
    from kgtool.sparql.backends import EmbeddedBackend
    from kgtool.sparql.named import named

    other = tmp_path / "other.ttl"
    other.write_text(
        "@base <https://w3id.org/kgtool/id/> .\n@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<kg/assessment/2030> a kgo:Assessment .\n<kg/assessment/2030/pair/p> a kgo:PrincipalAgentPair .\n",
        encoding="utf-8",
    )
    files = [*sorted((REPO / "data").glob("*.ttl")), other]
    backend = EmbeddedBackend(build_graph(files, include_ontology=False))
    query = named("workbook/statements")
    chosen = {"assessment": ID + "kg/assessment/2016", "country": ID + "kg"}
    subjects = {r["s"]["value"] for r in backend.select(query.bind(chosen)).rows}
    assert ID + "kg/assessment/2016/process/jk-elections" in subjects
    assert ID + "kg/actor/citizens" in subjects and ID + "kg/law/constitution" in subjects
    assert not {ID + "kg/assessment/2030", ID + "kg/assessment/2030/pair/p"} & subjects
    everything = {r["s"]["value"] for r in backend.select(query.bind({})).rows}
    assert everything - subjects == {ID + "kg/assessment/2030", ID + "kg/assessment/2030/pair/p"}


def test_one_assessment_of_a_corpus_exports_alone(tmp_path: Path) -> None:
    """From data holding four assessments of two countries, --assessment exports one: its own
    resources and its country's shared ones, without what points into the other rounds; the
    import is the union of its named graph and its country's graph, statement for statement
    (decimals as the store keeps them: the generator writes 0.30, the store 0.3)."""
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--size", "10k", "--out", str(corpus)], check=True
    )
    assessment = ID + "x001/assessment/2012"
    argv = ["export", str(corpus / "merged.nt"), "--assessment", assessment, "-o", str(tmp_path / "x.xlsx")]
    assert main(argv) == 0
    assert main(["import", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "ttl")]) == 0
    expected = rdflib.Graph()
    with open(corpus / "corpus.nq", "rb") as fh:
        for quad in pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.N_QUADS):
            if quad.graph_name.value not in (assessment, ID + "x001"):
                continue
            o = to_rdflib(quad.object)
            if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.decimal:
                text = format(Decimal(str(o)).normalize(), "f")
                o = rdflib.Literal(text if "." in text else text + ".0", datatype=o.datatype, normalize=False)
            expected.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), o))
    assert len(expected) > 3000
    assert isomorphic(expected, turtle_graph(tmp_path / "ttl"))


def test_import_replaces_its_own_files_and_never_hand_written_ones(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(template, tmp_path / "example.xlsx", completed())
    out = tmp_path / "data"
    assert main(["import", str(tmp_path / "example.xlsx"), "-o", str(out)]) == 0
    (out / "pair-old-name.ttl").write_text("# Imported from example.xlsx by kgtool import\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "example.xlsx"), "-o", str(out)]) == 0
    assert not (out / "pair-old-name.ttl").exists()  # a file the workbook no longer gives is gone
    hand_written = (REPO / "data" / "actors.ttl").read_text(encoding="utf-8")
    (out / "actors.ttl").write_text(hand_written, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.glob("*.ttl")}
    capsys.readouterr()
    assert main(["import", str(tmp_path / "example.xlsx"), "-o", str(out)]) == 2
    assert "[workbook#foreign-output]" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.glob("*.ttl")} == before  # nothing touched


# --- a whole corpus: export --all, import of a folder of workbooks --------------------------------


def test_export_all_gives_each_assessment_as_its_own_export_would(tmp_path: Path) -> None:
    """One query for the whole corpus, grouped in Python, gives every assessment's workbook
    byte for byte as `--assessment IRI` (whose query does the grouping) gives it; importing the
    folder gives one subfolder per workbook, each as importing that workbook alone."""
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--size", "10k", "--out", str(corpus)], check=True
    )
    data = str(corpus / "merged.nt")
    assert main(["export", data, "--all", "--form", "csv", "-o", str(tmp_path / "all")]) == 0
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == ["x001-assessment-2011", "x001-assessment-2012", "x001-assessment-2013", "x002-assessment-2016"]
    for name in names:
        one = tmp_path / "one" / name
        assert main(["export", data, "--assessment", ID + name.replace("-", "/"), "-o", str(one)]) == 0
        for sheet in SHEETS:
            assert (tmp_path / "all" / name / f"{sheet.name}.csv").read_bytes() == (
                one / f"{sheet.name}.csv"
            ).read_bytes(), (name, sheet.name)
    assert main(["import", str(tmp_path / "all"), "-o", str(tmp_path / "ttl")]) == 0
    assert sorted(p.name for p in (tmp_path / "ttl").iterdir()) == names
    assert main(["import", str(tmp_path / "one" / names[0]), "-o", str(tmp_path / "alone")]) == 0
    assert isomorphic(turtle_graph(tmp_path / "alone"), turtle_graph(tmp_path / "ttl" / names[0]))
    # .xlsx books, several given on the command line
    assert main(["export", data, "--all", "-o", str(tmp_path / "books")]) == 0
    books = sorted(str(p) for p in (tmp_path / "books").glob("*.xlsx"))
    assert len(books) == 4
    assert main(["import", *books[:2], "-o", str(tmp_path / "two")]) == 0
    assert isomorphic(turtle_graph(tmp_path / "ttl" / names[0]), turtle_graph(tmp_path / "two" / names[0]))


def test_import_of_a_folder_without_workbooks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["import", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert "[workbook#unknown-form]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_one_bad_workbook_of_several_writes_nothing(tmp_path: Path, template: Path) -> None:
    fill(template, tmp_path / "good.xlsx", completed())
    rows = completed()
    rows["Cells"][0]["value"] = "yes"
    fill(template, tmp_path / "bad.xlsx", rows)
    with pytest.raises(InputError) as err:
        from kgtool.workbook.api import import_books

        import_books([tmp_path / "good.xlsx", tmp_path / "bad.xlsx"], tmp_path / "out")
    assert err.value.error_id == "workbook#invalid" and "bad.xlsx!Cells" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_folder_of_one_workbook_gets_its_subfolder(tmp_path: Path, template: Path) -> None:
    """A folder of workbooks gives one subfolder each, even when it holds only one (the output's
    layout does not depend on how many there are); a spreadsheet program's lock file is no workbook."""
    (tmp_path / "books").mkdir()
    fill(template, tmp_path / "books" / "example.xlsx", completed())
    (tmp_path / "books" / "~$example.xlsx").write_bytes(b"lock")  # Excel's lock file while it is open
    assert main(["import", str(tmp_path / "books"), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "example" / "assessment.ttl").is_file()
    assert not list((tmp_path / "out").glob("*.ttl"))


def test_the_docs_describe_every_sheet() -> None:
    """docs/workbook.md's table of sheets names each sheet of the schema once, in its order, so a
    sheet added to kgtool/workbook/schema.py cannot go undocumented."""
    text = (REPO / "docs" / "workbook.md").read_text(encoding="utf-8")
    table = text.split("| sheet | holds |", 1)[1].split("\n\n", 1)[0]
    named = [name for line in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", line.split("|")[1])]
    assert named == [s.name for s in SHEETS]
    for sheet in ("LaterActs", "Editions", "FactSources", "CrossReferences"):
        assert f"- **`{sheet}`**" in text, f"docs/workbook.md does not explain the {sheet} sheet"


# --- what template and export refuse to write ------------------------------------------------------


def test_template_never_replaces_a_filled_in_workbook_without_force(
    tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool template` with a filled-in assessment.xlsx in the folder (the default name) replaced
    it with an empty workbook, exit 0: 160 KB of work became 30 KB. Now refused, exit 2, naming the
    file, unless --force; the workbook is left byte for byte."""
    monkeypatch.chdir(tmp_path)
    fill(template, tmp_path / "assessment.xlsx", completed())
    filled = (tmp_path / "assessment.xlsx").read_bytes()
    assert main(["template"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [output#exists] assessment.xlsx: the file exists already: kgtool template would")
    assert "hint: name a new file with -o, or pass --force to replace it" in err
    assert (tmp_path / "assessment.xlsx").read_bytes() == filled
    assert main(["template", "--force"]) == 0
    assert (tmp_path / "assessment.xlsx").read_bytes() == template.read_bytes()


def test_template_never_replaces_filled_in_csv_files_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o at a folder holding the CSV files of a workbook replaced them silently. A folder that
    holds none of them (other files only) is written into as before."""
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["template", "-o", str(folder)]) == 0
    (folder / "Actors.csv").write_text("id,type\njogorku-kenesh,Actor\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["template", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [output#exists] {folder}: the folder holds CSV files of a workbook already (")
    assert "Actors.csv" in err and "--force" in err
    assert (folder / "Actors.csv").read_text(encoding="utf-8") == "id,type\njogorku-kenesh,Actor\n"
    assert main(["template", "-o", str(folder), "--force"]) == 0
    assert "jogorku-kenesh" not in (folder / "Actors.csv").read_text(encoding="utf-8")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("verb", ["template", "export"])
@pytest.mark.parametrize("name", ["book.ods", "book.xls", "book.csv"])
def test_a_spreadsheet_name_kgtool_does_not_write_is_refused(
    verb: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o book.ods` wrote a folder of CSV files named book.ods, which no spreadsheet program opens."""
    assert main([verb, "-o", str(tmp_path / name)]) == 2
    assert capsys.readouterr().err.startswith(f"ERROR [output#format-mismatch] {tmp_path / name}: ")
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("all_of_them", [False, True])
def test_export_under_a_base_no_assessment_is_under_is_refused(
    all_of_them: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export --base http://ex.org/` wrote an empty workbook, "wrote 0 rows", exit 0: no
    assessment of the data is under that base. Now an error listing the data's assessments."""
    out = tmp_path / ("all" if all_of_them else "x.xlsx")
    argv = ["export", "--base", "http://ex.org/", "-o", str(out), *(["--all"] if all_of_them else [])]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [workbook#wrong-base] no assessment of the data is under --base http://ex.org/")
    assert f"(the data's assessments: {ID}kg/assessment/2016)" in err
    assert not out.exists()


@pytest.mark.parametrize("form", ["study.xlsx", "study-csv"])
def test_export_never_replaces_a_workbook_without_force(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool export -o study.xlsx` replaced a workbook there (perhaps edited by hand since the last
    export) without a word, while `kgtool template` refused. Now refused alike, exit 2, naming the
    file (or the folder's CSV files), before the data is read (a missing FILE is not reached);
    --force replaces it."""
    out = tmp_path / form
    assert main(["export", "-o", str(out)]) == 0
    edited = out if form.endswith(".xlsx") else out / "Actors.csv"
    exported = edited.read_bytes()
    edited.write_bytes(b"edited by hand")
    capsys.readouterr()
    assert main(["export", str(tmp_path / "missing.ttl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    if form.endswith(".xlsx"):
        assert err.startswith(
            f"ERROR [output#exists] {out}: the file exists already: kgtool export would replace it with what the"
            " data states, and what was edited in it would be lost\n  hint: name a new file with -o, or pass"
            " --force to replace it"
        ), err
    else:
        assert err.startswith(
            f"ERROR [output#exists] {out}: the folder holds workbook files already (Assessment.csv, Sections.csv,"
            " Actors.csv, …): kgtool export would replace them"
        ), err
        assert "hint: name a new folder with -o, or pass --force to replace them" in err
    assert edited.read_bytes() == b"edited by hand"
    assert main(["export", "-o", str(out), "--force"]) == 0
    assert edited.read_bytes() == exported


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_export_all_never_replaces_a_workbook_of_the_folder_without_force(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export --all -o DIR` replaced the workbooks of an earlier export in DIR silently. Now any
    workbook (or CSV file) it would write that is there already is refused, by its path in DIR,
    before anything is written; the folder's other files count for nothing, and --force replaces."""
    folder = tmp_path / "books"
    argv = ["export", "--all", "--form", form, "-o", str(folder)]
    assert main(argv) == 0
    edited = folder / ("kg-assessment-2016.xlsx" if form == "xlsx" else "kg-assessment-2016/Cells.csv")
    exported = edited.read_bytes()
    edited.write_bytes(b"edited by hand")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    named = "kg-assessment-2016.xlsx" if form == "xlsx" else "kg-assessment-2016/Assessment.csv"
    assert err.startswith(f"ERROR [output#exists] {folder}: the folder holds workbook files already ({named}"), err
    assert "kgtool export would replace them with what the data states" in err and "--force" in err
    assert edited.read_bytes() == b"edited by hand"
    assert main([*argv, "--force"]) == 0
    assert edited.read_bytes() == exported
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"


# --- nothing lost unseen: the help row, columns without a name, broken quotes, formulas ------------


def fill_csv(folder: Path, rows: dict[str, list[dict[str, str]]], lang: str = "en") -> Path:
    """A folder of CSV files as `kgtool template` writes it (column names, help row), with ``rows``."""
    assert main(["template", "-o", str(folder), "--lang", lang]) == 0
    for sheet, entries in rows.items():
        path = folder / f"{sheet}.csv"
        headers = next(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        with path.open("a", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([[e.get(h, "") for h in headers] for e in entries])
    return folder


def imported(source: Path, out: Path) -> rdflib.Graph:
    from kgtool.workbook.api import import_book

    import_book(source, out)
    return turtle_graph(out)


def problems_of(source: Path, tmp_path: Path) -> str:
    """The message of an import that must fail, having written nothing; the workbook is named from
    its folder (``study.xlsx``), as the problems then name it."""
    from kgtool.workbook.api import import_book

    with pytest.raises(InputError) as err, contextlib.chdir(source.parent):
        import_book(Path(source.name), tmp_path / "never")
    assert err.value.error_id == "workbook#invalid"
    assert not (tmp_path / "never").exists(), "an import with problems wrote files"
    return str(err.value)


def without_help_row(folder_or_book: Path, sheets: tuple[str, ...]) -> None:
    """Delete row 2, the help row, from ``sheets`` of an .xlsx workbook or a CSV folder."""
    if folder_or_book.suffix == ".xlsx":
        wb = openpyxl.load_workbook(folder_or_book)
        for sheet in sheets:
            wb[sheet].delete_rows(2)
        wb.save(folder_or_book)
        return
    for sheet in sheets:
        path = folder_or_book / f"{sheet}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([rows[0], *rows[2:]])


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_sheet_whose_help_row_was_deleted_keeps_its_first_row(form: str, tmp_path: Path, template: Path) -> None:
    """Row 2 was skipped whatever it held: with the help row deleted, a sheet's first entity sits on
    row 2 and vanished without a word (its cells' reference to it then blamed the Cells sheet). Now
    row 2 is left out only when it is the help row; the import is the same with or without it."""
    if form == "xlsx":
        whole, cut = fill(template, tmp_path / "whole.xlsx", completed()), tmp_path / "cut.xlsx"
        shutil.copy(whole, cut)
    else:
        whole, cut = fill_csv(tmp_path / "whole", completed()), tmp_path / "cut"
        shutil.copytree(whole, cut)
    without_help_row(cut, ("Actors", "Processes", "Cells"))
    expected, got = imported(whole, tmp_path / "a"), imported(cut, tmp_path / "b")
    assert isomorphic(expected, got) and len(got) == len(expected)
    process = rdflib.URIRef(ID + "exampleland/assessment/2030/process/council-elections")
    assert (process, rdflib.RDF.type, rdflib.URIRef(KGO + "AccountabilityProcess")) in got
    assert f"# from {cut.name}!Processes!2\n" in (tmp_path / "b" / "pair-citizens-council.ttl").read_text()


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_help_row_is_known_in_every_language(lang: str, tmp_path: Path) -> None:
    """The help row of a template in Kyrgyz or Russian is the help row too (CSV: its help texts
    hold commas and quotes), and a sheet without it still keeps its first row."""
    folder = fill_csv(tmp_path / "book", completed(), lang)
    without_help_row(folder, ("Cells",))
    cells = imported(folder, tmp_path / "out").subjects(rdflib.RDF.type, rdflib.URIRef(KGO + "DimensionAssessment"))
    assert len(set(cells)) == 4


def test_the_help_row_of_a_workbook_written_before_a_value_was_added_is_still_known(tmp_path: Path) -> None:
    """The help of a drop-down column ends with its allowed values, which grow with the ontology: a
    workbook written before a value was added keeps a help row that is still the help row."""
    folder = fill_csv(tmp_path / "book", completed())
    path = folder / "Citations.csv"
    header, help_cells, *rest = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    role = header.index("role")
    assert ", regulates, restricts, sets-standard" in help_cells[role]
    help_cells[role] = help_cells[role].replace(", sets-standard", "")
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, help_cells, *rest])
    graph = imported(folder, tmp_path / "out")
    assert len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(KGO + "Citation")))) == 1


def test_the_help_row_of_an_earlier_kgtools_definitions_is_still_known(tmp_path: Path, template: Path) -> None:
    """A definition changed since the workbook was written: its help row was reported as holding
    "something else, which would be lost" and no workbook of an earlier kgtool imported (a
    reviewer's export of an earlier version). Cells other than the id cell that differ from today's
    help are an earlier kgtool's help."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    expected = imported(book, tmp_path / "now")
    wb = openpyxl.load_workbook(book)
    wb["Actors"]["C2"] = "an earlier wording of this column's definition"
    wb.save(book)
    assert isomorphic(imported(book, tmp_path / "then"), expected)


def test_a_help_row_partly_typed_over_is_reported(tmp_path: Path, template: Path) -> None:
    """An entity typed over part of the help row (the other cells still hold the help) was skipped
    with the help; now the row is reported, naming the cells that are not help."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    ws = wb["Actors"]
    ws["A2"], ws["C2"] = "ombudsman", "Омбудсмен"
    wb.save(book)
    message = problems_of(book, tmp_path)  # the id cell is typed over: an entity, not an earlier help
    assert "[workbook#help-row] study.xlsx!Actors!2: row 2 is the help row (B2, D2, E2," in message
    assert "but A2, C2 hold something else, which would be lost" in message
    assert message.count("\n  [workbook#") == 1, message


def test_a_value_in_a_column_without_a_name_is_reported(tmp_path: Path, template: Path) -> None:
    """A value beyond the last column name, and the values under a column name cleared (a process's
    kinds) were dropped without a word; now each such column is reported at its first value. A
    cleared required column (verdict) is reported as missing, and its values as having no name."""
    rows = completed()
    rows["Processes"][0]["kind"] = "political-accountability"
    book = fill(template, tmp_path / "study.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    cells, processes = wb["Cells"], wb["Processes"]
    beyond = openpyxl.utils.get_column_letter(len(BY_NAME["Cells"].headers) + 2)
    cells[f"{beyond}4"], cells[f"{beyond}6"] = "stray", "another"
    kind, verdict = column_of(template, "Processes", "kind"), column_of(template, "Processes", "verdict")
    processes[f"{kind}1"].value = processes[f"{verdict}1"].value = None
    wb.save(book)
    message = problems_of(book, tmp_path)
    assert (
        f'[workbook#unnamed-column] study.xlsx!Cells!{beyond}4: "stray" is in column {beyond}, which has no name'
        f" in row 1, so it would be lost; write the column's name in {beyond}1, or clear the cell"
        f" (the same for {beyond}6)"
    ) in message
    assert f'[workbook#unnamed-column] study.xlsx!Processes!{kind}3: "political-accountability" is in column' in message
    assert f'[workbook#unnamed-column] study.xlsx!Processes!{verdict}3: "works" is in column {verdict}' in message
    assert "[workbook#missing-column] study.xlsx!Processes!1: the required column(s) verdict are missing" in message
    assert message.count("\n  [workbook#") == 4, message


def test_a_csv_line_with_more_values_than_names_is_reported(tmp_path: Path) -> None:
    """A comma in a value not put in double quotes made an extra value, dropped without a word."""
    folder = fill_csv(tmp_path / "book", completed())
    path = folder / "Cells.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",extra"  # line 4: the second cell
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = problems_of(folder, tmp_path)
    count = len(BY_NAME["Cells"].headers)
    letter = openpyxl.utils.get_column_letter(count + 1)
    assert (
        f'[workbook#unnamed-column] book!Cells!{letter}4: "extra" (line 4 of Cells.csv) is value {count + 1} of its'
        f" row, but line 1 names only {count} columns, so it would be lost" in message
    ), message


def test_a_csv_quote_left_open_is_reported_with_its_line(tmp_path: Path) -> None:
    """A quote left open made one value of the lines after it: the last cell of the process vanished
    without a word. The file is read strictly now, and the row with the quote named by its line
    (the value before it holds a line break: its row 4 starts on line 5)."""
    rows = completed()
    rows["Cells"][1]["justification_en"] = "two\nlines"
    rows["Cells"][2]["justification_en"] = "OPEN"
    folder = fill_csv(tmp_path / "book", rows)
    path = folder / "Cells.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("OPEN", '"never closed'), encoding="utf-8")
    message = problems_of(folder, tmp_path)
    assert (
        "[workbook#bad-csv] book!Cells!5: the row that starts on line 6 of Cells.csv has a value in double quotes"
        " that is not closed properly" in message
    ), message
    assert message.count("\n  [workbook#") == 1, message  # what the unread rows would say is not guessed


def test_a_formula_without_its_value_is_reported(tmp_path: Path, template: Path) -> None:
    """A workbook written by a script holds formulas without their values: a label was dropped, and
    a cell's value reported as missing. Now the cell is named as a formula never computed."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    label, value = column_of(template, "Processes", "label_en"), column_of(template, "Cells", "value")
    wb["Processes"][f"{label}3"] = f"={column_of(template, 'Processes', 'label_ru')}3"
    wb["Cells"][f"{value}3"] = '="present"'
    wb.save(book)
    message = problems_of(book, tmp_path)
    for cell in (f"Processes!{label}3", f"Cells!{value}3"):
        assert (
            f"[workbook#uncomputed-formula] study.xlsx!{cell}: the cell holds a formula whose value was never computed"
        ) in message
    assert "open the workbook in a spreadsheet program (LibreOffice Calc, Excel) and save it" in message
    assert "is required" not in message and message.count("\n  [workbook#") == 2, message


def saved_by_libreoffice(book: Path, tmp_path: Path) -> Path:
    """``book`` opened and saved by LibreOffice Calc, which computes its formulas and stores each
    one's value (or error) with it, as a person's spreadsheet program does."""
    libreoffice(book, XLSX, tmp_path / "saved", tmp_path / "profile")
    return tmp_path / "saved" / book.name


def test_a_formula_saved_by_libreoffice_gives_its_value(tmp_path: Path, template: Path) -> None:
    """Saved by a spreadsheet program, a formula carries its value, which the import reads."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    label = column_of(template, "Processes", "label_en")
    wb["Processes"][f"{label}3"] = '=LOWER("ELECTION")'
    wb.save(book)
    graph = imported(saved_by_libreoffice(book, tmp_path), tmp_path / "out")
    process = rdflib.URIRef(ID + "exampleland/assessment/2030/process/council-elections")
    assert rdflib.Literal("election", lang="en-t-ky") in set(graph.objects(process, rdflib.RDFS.label))


def test_problems_of_one_kind_in_one_column_are_one_line_naming_every_cell(tmp_path: Path, template: Path) -> None:
    """2,000 formulas never computed in one column were 2,000 lines (60,000 were 60,031). Now the
    problems of one kind, with the same words, in one column of a sheet are one line at the first
    cell, the others named after it as ranges of rows: every cell still findable. The count is of
    the cells; another column, or another sheet, is a line of its own."""
    rows = completed()
    book = fill(template, tmp_path / "study.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    justification = column_of(template, "Cells", "justification_en")
    last = 2 + len(rows["Cells"])  # the cells' rows: 3 to last
    for number in [*range(3, last + 1), *range(last + 4, last + 2004), last + 2010]:
        wb["Cells"][f"{justification}{number}"] = f"=A{number}"
    label = column_of(template, "Processes", "label_en")
    wb["Processes"][f"{label}3"] = f"={column_of(template, 'Processes', 'label_ru')}3"
    wb.save(book)
    message = problems_of(book, tmp_path)
    cells = len(rows["Cells"]) + 2000 + 1
    assert f": {cells + 1:,} problem(s) in study.xlsx; nothing was written:\n" in message, message[:200]
    assert message.count("\n  [workbook#") == 2, message[:2000]
    processes, in_cells = message.split("\n")[1:3]  # in the sheets' order
    assert processes.startswith(f"  [workbook#uncomputed-formula] study.xlsx!Processes!{label}3: the cell holds")
    assert processes.endswith("so that the value is stored with the formula"), processes
    j = justification
    assert in_cells.startswith(
        f"  [workbook#uncomputed-formula] study.xlsx!Cells!{j}3: the cell holds a formula whose value was never computed"
    ), in_cells[:200]
    assert in_cells.endswith(
        f"so that the value is stored with the formula (the same for {j}4:{j}{last}, {j}{last + 4}:{j}{last + 2003},"
        f" {j}{last + 2010})"
    ), in_cells[-300:]


def test_an_error_value_is_refused_not_imported_as_text(tmp_path: Path, template: Path) -> None:
    """A formula that failed is stored with its error (#DIV/0!, #NAME?, #N/A): the import took the
    error's text for the value, and a justification read "#DIV/0!" (exit 0). Now each is a problem
    naming the cell and the error; errors alike in one column are one line, others apart. Here the
    workbook is computed and saved by LibreOffice, as a person's would be."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    justification, label = (
        column_of(template, "Cells", "justification_en"),
        column_of(template, "Processes", "label_en"),
    )
    wb["Cells"][f"{justification}3"] = "=1/0"
    wb["Cells"][f"{justification}4"] = "=1/0"
    wb["Cells"][f"{justification}5"] = "=NOSUCHFUNCTION()"
    wb["Processes"][f"{label}3"] = "=NA()"
    wb.save(book)
    message = problems_of(saved_by_libreoffice(book, tmp_path), tmp_path)
    said = "the cell's formula gives the error {} rather than a value; correct the formula, or type the value"
    assert f"[workbook#error-value] study.xlsx!Processes!{label}3: {said.format('#N/A')} in its place\n" in message, (
        message
    )
    assert (
        f"[workbook#error-value] study.xlsx!Cells!{justification}3: {said.format('#DIV/0!')} in its place"
        f" (the same for {justification}4)\n" in message
    ), message
    assert f"[workbook#error-value] study.xlsx!Cells!{justification}5: {said.format('#NAME?')}" in message
    assert "is required" not in message and message.count("\n  [workbook#") == 3, message


def test_a_cell_of_error_type_is_refused_and_a_csv_text_that_looks_like_one_is_text(
    tmp_path: Path, template: Path
) -> None:
    """An error pasted as a value (an .xlsx cell of error type, no formula) was imported as its text,
    or reported as a value not in the list; now it is an error value. A CSV file has no error type:
    a justification that says #DIV/0! there is text, and imported as it is."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    value, justification = column_of(template, "Cells", "value"), column_of(template, "Cells", "justification_en")
    wb["Cells"][f"{value}3"] = "#N/A"  # openpyxl writes these as cells of error type
    wb["Cells"][f"{justification}4"] = "#DIV/0!"
    wb.save(book)
    assert openpyxl.load_workbook(book)["Cells"][f"{value}3"].data_type == "e"
    message = problems_of(book, tmp_path)
    assert (
        f"[workbook#error-value] study.xlsx!Cells!{value}3: the cell holds the error #N/A rather than a value;"
        " type the value in its place\n" in message
    ), message
    assert f"[workbook#error-value] study.xlsx!Cells!{justification}4: the cell holds the error #DIV/0!" in message
    assert "not one of" not in message and message.count("\n  [workbook#") == 2, message

    rows = completed()
    rows["Cells"][1]["justification_en"] = "#DIV/0!"
    graph = imported(fill_csv(tmp_path / "book", rows), tmp_path / "out")
    assert rdflib.Literal("#DIV/0!", lang="en-t-ky") in set(graph.objects())


@pytest.mark.parametrize("separator", [";", "\t"])
def test_csv_saved_with_semicolons_or_tabs_is_read(separator: str, tmp_path: Path) -> None:
    """A spreadsheet program set to Russian or Kyrgyz saves CSV with semicolons: every file was
    reported as holding a broken quote. The separator is taken from the first line."""
    folder = fill_csv(tmp_path / "book", completed())
    expected = imported(folder, tmp_path / "commas")
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # and a byte-order mark, as Excel writes
            csv.writer(fh, delimiter=separator, lineterminator="\r\n").writerows(rows)
    assert isomorphic(imported(folder, tmp_path / "other"), expected)


def test_two_columns_of_one_name_are_reported(tmp_path: Path) -> None:
    """The later column's values were kept and the earlier's dropped without a word."""
    folder = fill_csv(tmp_path / "book", completed())
    path = folder / "Actors.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = [[*row, row[rows[0].index("label_en")]] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    message = problems_of(folder, tmp_path)
    column = openpyxl.utils.get_column_letter(len(rows[0]))
    assert f"[workbook#duplicate-column] book!Actors!{column}1: columns" in message, message
    assert f"and {column} are both named label_en" in message


@pytest.mark.parametrize(("value", "taken"), [("1996-02-30", False), ("2015-02-29", False), ("2016-02-29", True)])
def test_a_date_that_is_no_date_is_a_problem_of_the_workbook(value: str, taken: bool, tmp_path: Path) -> None:
    """1996-02-30 has a date's shape and was written as an xsd:date, for validation to find later;
    XSD's rules for a date are now the import's."""
    rows = completed()
    rows["Acts"][0]["adoption_date"] = value
    folder = fill_csv(tmp_path / "book", rows)
    if taken:
        imported(folder, tmp_path / "out")
        assert f'"{value}"^^' in "".join(p.read_text() for p in (tmp_path / "out").glob("*.ttl"))
        return
    message = problems_of(folder, tmp_path)
    assert "[workbook#bad-value] book!Acts!" in message and f'"{value}" is not a date such as 2016-05-31' in message


def csv_by_libreoffice(book: Path, tmp_path: Path, locale: str) -> Path:
    """Every sheet of ``book`` saved as CSV by LibreOffice Calc set to ``locale`` (``ru-RU``), as
    a person of that language saves one: a folder of ``<Sheet>.csv`` files, as kgtool reads it."""
    profile = tmp_path / f"profile-{locale}"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        f"<value>{locale}</value></prop></item></oor:items>\n",
        encoding="utf-8",
    )
    written = tmp_path / f"csv-{locale}"
    libreoffice(book, CSV_EVERY_SHEET, written, profile)  # one file each, book-Sheet.csv
    folder = tmp_path / f"book-{locale}"
    folder.mkdir()
    for path in written.glob("*.csv"):
        path.rename(folder / (path.name.removeprefix(f"{book.stem}-")))
    assert (folder / "Processes.csv").is_file(), sorted(p.name for p in folder.iterdir())
    return folder


@pytest.mark.parametrize(
    ("locale", "true", "false"),
    [("en-US", "TRUE", "FALSE"), ("ru-RU", "ИСТИНА", "ЛОЖЬ"), ("ky-KG", "ЧЫНДЫК", "ЖАЛГАН")],
)
def test_true_and_false_as_spreadsheets_write_them_are_read(
    locale: str, true: str, false: str, tmp_path: Path, template: Path
) -> None:
    """excluded_from_index holding a real true/false cell was read, but the same workbook saved as
    CSV by a spreadsheet program (TRUE/FALSE; set to Russian ИСТИНА/ЛОЖЬ, to Kyrgyz ЧЫНДЫК/ЖАЛГАН)
    was refused: '"FALSE" is not true or false'. Each is the boolean it names; so are 1 and 0."""
    rows = completed()
    second = dict(rows["Processes"][0], id="council-elections-again", order="2")
    rows["Processes"].append(second)
    book = fill(template, tmp_path / "study.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    excluded = column_of(template, "Processes", "excluded_from_index")
    wb["Processes"][f"{excluded}3"], wb["Processes"][f"{excluded}4"] = False, True  # boolean cells
    wb.save(book)
    graph = imported(book, tmp_path / "from-xlsx")
    process = ID + "exampleland/assessment/2030/process/"
    flag = rdflib.URIRef(KGO + "excludedFromIndex")
    assert graph.value(rdflib.URIRef(process + "council-elections"), flag) == rdflib.Literal(False)
    assert graph.value(rdflib.URIRef(process + "council-elections-again"), flag) == rdflib.Literal(True)

    # saved by LibreOffice, a true/false cell is the formula TRUE() or FALSE() of value 1 or 0
    assert isomorphic(imported(saved_by_libreoffice(book, tmp_path), tmp_path / "saved-out"), graph)
    folder = csv_by_libreoffice(book, tmp_path, locale)
    lines = (folder / "Processes.csv").read_text(encoding="utf-8").splitlines()
    assert f",{false}," in lines[2] and f",{true}," in lines[3], lines[2:]  # what the spreadsheet wrote
    assert isomorphic(imported(folder, tmp_path / "from-csv"), graph)

    rows["Processes"][0]["excluded_from_index"], second["excluded_from_index"] = (false.lower(), "1")
    assert isomorphic(imported(fill_csv(tmp_path / "typed", rows), tmp_path / "typed-out"), graph)
    rows["Processes"][0]["excluded_from_index"], second["excluded_from_index"] = ("0", true.capitalize())
    assert isomorphic(imported(fill_csv(tmp_path / "typed2", rows), tmp_path / "typed2-out"), graph)
    rows["Processes"][0]["excluded_from_index"] = "no"
    message = problems_of(fill_csv(tmp_path / "wrong", rows), tmp_path)
    assert f'[workbook#bad-value] wrong!Processes!{excluded}3: "no" is not true or false' in message, message


def typed_in_libreoffice(folder: Path, sheet: str, tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    """The CSV file of ``sheet`` in ``folder`` read by LibreOffice Calc (set to en-US) as it reads
    what a person types: ``1/2`` becomes a date, ``12:30`` a time, ``1.10`` the number 1.1, ``TRUE``
    true (the CSV filter's "detect special numbers"). The sheet it made, as openpyxl reads it."""
    out = tmp_path / f"typed-{sheet}"
    # comma, double quote, UTF-8, from line 1, standard columns, en-US, not quoted as text,
    # detect special numbers (dates, times, true/false, numbers as the locale types them)
    infilter = "CSV:44,34,76,1,,1033,false,true"
    libreoffice(folder / f"{sheet}.csv", "xlsx", out, tmp_path / "profile", infilter=infilter)
    return openpyxl.load_workbook(out / f"{sheet}.xlsx").active


def test_a_value_the_spreadsheet_made_of_what_was_typed_is_refused(tmp_path: Path, template: Path) -> None:
    """Excel turns a typed 1-2 (the template's own form of a recommendation's id) into a date, and
    the import minted recommendation/2026-01-02; a date in label_en became the label "2026-05-12",
    without a word. Now a cell of a column that takes text holding a date or time, a number with a
    fraction (1.10 typed is 1.1), of more than 15 digits or shown in a number format (7 shown
    007), or true/false is refused, naming the cell; a whole number (a label 2020) is its digits.
    What was typed is typed in real LibreOffice, which makes the values a person's typing makes;
    a formula's stored date counts as a typed one. The same rows as CSV text import as typed."""
    rows = completed()
    process = rows["Processes"][0]
    process.update(label_en="5/12", alt_label_en="1.10", source_lines="12:30", verdict_text_en="TRUE", label_ru="2020")
    rows["Recommendations"] = [{"id": "1/2", "label_ky": "Сунуш", "text_ky": "Сунуштун тексти"}]
    folder = fill_csv(tmp_path / "typed", rows)
    graph = imported(folder, tmp_path / "as-text")  # CSV holds text as it was written: nothing converted
    for label in ("5/12", "1.10", "12:30", "TRUE"):
        assert any(str(o) == label for o in graph.objects()), label
    assert (rdflib.URIRef(ID + "exampleland/assessment/2030/recommendation/1/2"), None, None) in graph

    book = fill(template, tmp_path / "study.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    for sheet in ("Processes", "Recommendations"):
        for row in typed_in_libreoffice(folder, sheet, tmp_path).iter_rows(min_row=3):
            for cell in row:
                target = wb[sheet].cell(cell.row, cell.column)
                target.value, target.number_format = cell.value, cell.number_format
    assert isinstance(wb["Recommendations"]["A3"].value, datetime.datetime)  # what the test is about
    label_en = column_of(template, "Actors", "label_en")
    wb["Actors"][f"{label_en}3"] = 7
    wb["Actors"][f"{label_en}3"].number_format = "000"  # shown 007
    wb["Actors"][f"{label_en}4"] = 12345678901234567890  # more digits than a spreadsheet keeps
    verdict_ru = column_of(template, "Processes", "verdict_text_ru")
    wb["Processes"][f"{verdict_ru}3"] = "=DATE(2026,1,2)"
    wb["Processes"][f"{verdict_ru}3"].number_format = "yyyy-mm-dd"
    wb.save(book)
    message = problems_of(saved_by_libreoffice(book, tmp_path), tmp_path)

    def cell(header: str, sheet: str = "Processes") -> str:
        return f"[workbook#converted-cell] study.xlsx!{sheet}!{column_of(template, sheet, header)}"

    made = "the spreadsheet program turned what was typed here into"
    again = "; format the column as text and type the value again\n"
    date = "), which would be imported instead of what was typed (1-2 or 1/2 becomes a date)" + again
    number = (
        ", whose text need not be what was typed (1.10 becomes 1.1; a number of more than 15 digits is cut;"
        " a number format shows other digits than the cell holds)" + again
    )
    year = datetime.date.today().year  # LibreOffice gives 1/2 and 5/12 the current year, as Excel does
    expected = [
        f"{cell('label_en', 'Actors')}3: {made} the number 7{number}",
        f"{cell('label_en', 'Actors')}4: {made} the number 12345678901234599936{number}",  # 15 digits kept
        f"{cell('label_en')}3: {made} a date or time ({year}-05-12{date}",
        f"{cell('alt_label_en')}3: {made} the number 1.1{number}",
        f"{cell('verdict_text_en')}3: {made} the value true, whose text need not be what was typed (TRUE becomes"
        f" true){again}",
        f"{cell('verdict_text_ru')}3: {made} a date or time (2026-01-02{date}",
        f"{cell('source_lines')}3: {made} a date or time (12:30:00{date}",
        f"{cell('id', 'Recommendations')}3: {made} a date or time ({year}-01-02{date}",
    ]
    for line in expected:
        assert f"  {line}" in message, line + "\n" + message
    assert message.count("\n  [workbook#") == len(expected), message  # no echo: "the row has no id"

    wb = openpyxl.load_workbook(book)
    wb["Actors"][f"{label_en}3"], wb["Actors"][f"{label_en}4"] = "Citizens", "Council"
    wb["Processes"][f"{verdict_ru}3"] = None
    for sheet, header, text in [
        ("Processes", "label_en", "5/12"),
        ("Processes", "alt_label_en", "1.10"),
        ("Processes", "source_lines", "12:30"),
        ("Processes", "verdict_text_en", "TRUE"),
        ("Recommendations", "id", "1/2"),
    ]:
        wb[sheet][f"{column_of(template, sheet, header)}3"] = text  # typed into a text cell: kept as typed
    wb.save(book)
    typed = imported(saved_by_libreoffice(book, tmp_path / "again"), tmp_path / "out")
    assert typed.value(
        rdflib.URIRef(ID + "exampleland/assessment/2030/process/council-elections"), rdflib.SKOS.altLabel
    ) == rdflib.Literal("1.10", lang="en-t-ky")
    assert rdflib.Literal("2020", lang="ru-t-ky") in set(typed.objects())  # a whole number: its digits
    assert (rdflib.URIRef(ID + "exampleland/assessment/2030/recommendation/1/2"), None, None) in typed


def test_cells_merged_over_several_rows_are_reported(tmp_path: Path, template: Path) -> None:
    """A justification typed in G3 and merged over G3:G6 shows on four rows, and was imported for
    row 3 alone (openpyxl, like the file, holds it in G3); a required column merged over B3:B6 gave
    only "process is required" on B4-B6. Now each range merged over rows of entities is one problem
    naming it, without those echoes, in a workbook written by openpyxl and in the same workbook
    saved by LibreOffice. Merged cells across one row's columns, or over rows of no entity below
    the last, lose nothing and are read as they are."""
    rows = completed()
    rows["Cells"][0]["justification_en"] = "One justification for the four cells"
    rows["Cells"][1]["justification_ky"] = "Бир сап"
    book = fill(template, tmp_path / "study.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    ws = wb["Cells"]
    process, justification = column_of(template, "Cells", "process"), column_of(template, "Cells", "justification_en")
    ws.merge_cells(f"{justification}3:{justification}6")
    ws.merge_cells(f"{process}3:{process}6")
    ws.merge_cells(f"{column_of(template, 'Cells', 'justification_ky')}4:{justification}4")  # one row: lossless
    lines = column_of(template, "Cells", "source_lines")
    ws.merge_cells(f"{lines}6:{lines}9")  # room below the last row: one entity
    wb.save(book)
    for workbook in (book, saved_by_libreoffice(book, tmp_path)):
        message = problems_of(workbook, tmp_path)
        merged = (
            "are merged: the sheet shows the value of {} on every row they span, but kgtool reads each row's own cell"
        )
        assert message.splitlines()[1:] == [
            f"  [workbook#merged-cells] study.xlsx!Cells!{process}3: cells {process}3:{process}6"
            f" {merged.format(f'{process}3')}; unmerge them and fill each row",
            f"  [workbook#merged-cells] study.xlsx!Cells!{justification}3: cells {justification}3:{justification}6"
            f" {merged.format(f'{justification}3')}; unmerge them and fill each row",
            "  hint: fix every line listed and import again",
        ], message

    wb = openpyxl.load_workbook(book)
    for ref in (f"{justification}3:{justification}6", f"{process}3:{process}6"):
        wb["Cells"].unmerge_cells(ref)
    for number in range(3, 7):
        wb["Cells"][f"{process}{number}"] = "council-elections"
    wb.save(book)
    graph = imported(book, tmp_path / "out")
    cell = rdflib.URIRef(ID + "exampleland/assessment/2030/process/council-elections/cell/demand")
    assert graph.value(cell, rdflib.URIRef(KGO + "justification")) == rdflib.Literal("Бир сап", lang="ky")
    last = rdflib.URIRef(ID + "exampleland/assessment/2030/process/council-elections/cell/enforcement")
    assert graph.value(last, rdflib.URIRef(KGO + "sourceLines")) is not None


def test_a_text_longer_than_an_xlsx_cell_is_refused_and_csv_keeps_it_whole(
    tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A justification of 44,000 characters came back from export and import as 32,767 (openpyxl
    cuts a longer text without a word) and kgtool diff said nothing. Now an .xlsx export of a text
    longer than a cell holds, counted as Excel counts (an emoji is two), is refused naming the
    resource, the property and the length, and points to the CSV form, which holds it whole (also
    past the 131,072 characters Python's CSV reader took at most)."""
    fill(template, tmp_path / "study.xlsx", completed())
    assert main(["import", str(tmp_path / "study.xlsx"), "-o", str(tmp_path / "ttl")]) == 0
    pair = next((tmp_path / "ttl").glob("pair-*.ttl"))
    long, emoji = (
        "ө" * 200_000,
        "\N{BALLOT BOX WITH CHECK}\N{GRINNING FACE}" * 11_000,
    )  # 22,000 characters, 33,000 units
    text = pair.read_text(encoding="utf-8").replace("Шайлоо ар бир төрт жылда өтөт.", long)
    cell = "<exampleland/assessment/2030/process/council-elections/cell/rules>"
    text += f'\n{cell} <https://w3id.org/kgtool/ontology#justification> "{emoji}"@en-t-ky .\n'
    pair.write_text(text, encoding="utf-8")
    files = sorted(str(p) for p in (tmp_path / "ttl").glob("*.ttl"))
    capsys.readouterr()

    assert main(["export", *files, "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    said = (
        " characters long, more than the 32,767 a cell of an .xlsx workbook holds, and would be cut; export the"
        " assessment as a folder of CSV files, which keeps text whole: give -o a name that does not end in .xlsx"
        " (with --all, --form csv)"
    )
    assert f"ERROR [workbook#invalid] {tmp_path / 'out.xlsx'}: 2 problem(s) in " in err, err[:300]
    assert (
        f"  [workbook#cell-too-long] {ID}exampleland/assessment/2030/process/council-elections: its <{KGO}justification>"
        f" (Processes.justification_ky) is 200,000{said}\n" in err
    ), err[:600]
    assert (
        f"  [workbook#cell-too-long] {ID}exampleland/assessment/2030/process/council-elections/cell/rules: its"
        f" <{KGO}justification> (Cells.justification_en) is 33,000{said}\n" in err
    ), err[:900]
    hint = "export a folder of CSV files, which holds text of any length: give -o a name that does not end in .xlsx"
    assert err.endswith(f"  hint: {hint} (with --all, --form csv)\n"), err[-300:]
    assert not (tmp_path / "out.xlsx").exists()
    assert main(["export", "--all", *files, "-o", str(tmp_path / "all")]) == 2
    assert "[workbook#cell-too-long]" in capsys.readouterr().err
    assert not (tmp_path / "all").exists()  # refused before the folder was made

    assert main(["export", *files, "-o", str(tmp_path / "csv")]) == 0
    assert main(["export", "--all", "--form", "csv", *files, "-o", str(tmp_path / "all-csv")]) == 0
    data = rdflib.Graph()
    for file in files:
        data.parse(file, format="turtle")
    assert isomorphic(imported(tmp_path / "csv", tmp_path / "back"), data)
    assert rdflib.Literal(long, lang="ky") in set(data.objects())
    (folder,) = (tmp_path / "all-csv").iterdir()
    assert isomorphic(imported(folder, tmp_path / "back-all"), data)
