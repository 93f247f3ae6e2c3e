"""`kgtool import` and `export` say a workbook's problems in the reader's language (KGTOOL_LANG:
the verbs have no --lang), every kind of them, each line with its own ID and its place.

One ``workbook#invalid`` error lists every problem of a workbook, one line each:
``[workbook#bad-choice] study.xlsx!Cells!D4: …``. The line's fixed form (the ``[id]``, the place)
is what scripts match: it is the same in every language, problem for problem. What the
workbook holds is quoted as it holds it: a value in double quotes, a sheet's or a column's name,
a class, a drop-down value, a cell. Every other word is the reader's; the English is the
catalogue's, pinned line by line in tests/test_workbook.py.
"""

from __future__ import annotations

import csv
import datetime
import re
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from test_cli_languages import foreign_words
from test_workbook import fill_csv
from workbook_example import completed, fill

from kgtool.cli.main import main
from kgtool.i18n.catalogue import figure, keys
from kgtool.vocab import LANGUAGES
from kgtool.workbook.schema import SHEETS
from kgtool.workbook.terms import load_terms
from kgtool.workbook.to_rdf import LEXICAL

READERS = ["ru", "ky"]
# a problem's line: its ID and its place (a cell, a row, a sheet, or an IRI), then what is wrong
LINE = re.compile(r"^  (\[workbook#[a-z-]+\] \S+): (.*)$", re.MULTILINE)
CELL = re.compile(r"\b[A-Z]{1,2}[0-9]*\b")  # a cell (D14), a column (K), a row's sheet letter
# programs, formats, a command, a file and a term, named as they are in every language
NAMES = ("LibreOffice Calc", "Excel", "CSV", "IRI", "kgtool validate", "kgtool/workbook/schema.py", "rdf:type")


@cache
def workbook_names() -> frozenset[str]:
    """What a workbook holds and a problem quotes as it is: sheets, columns, classes, drop-down values."""
    names = {s.name for s in SHEETS} | {h for s in SHEETS for h in s.headers} | {c for s in SHEETS for c in s.classes}
    return frozenset(names | {v for values in load_terms("en").choices.values() for v in values})


def told(argv: list[str], lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The error of a command that must fail with workbook#invalid, in ``lang``."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    capsys.readouterr()  # what the test's own commands wrote before
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [workbook#invalid] ") and "\n  hint: " in err, err
    assert "Traceback" not in err
    return err


def own_words(err: str, quoted: tuple[str, ...] = ()) -> str:
    """``err`` without its fixed form, the places, and what the workbook holds: the words left
    are the ones kgtool wrote."""
    text = LINE.sub(lambda m: m.group(2), err).replace("ERROR [workbook#invalid]", " ").replace("hint:", " ")
    for literal in (*quoted, *NAMES):
        text = text.replace(literal, " ")
    text = re.sub(r"\b\w+\.csv\b", " ", text)  # a sheet's file in a CSV folder
    text = re.sub(r"[\w-]+", lambda m: " " if m.group(0) in workbook_names() else m.group(0), text)
    return CELL.sub(" ", text)


def assert_said_in(
    lang: str,
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    quoted: tuple[str, ...] = (),
) -> str:
    """The command's problems in ``lang``: the same lines, ID and place, as in English, each
    worded otherwise, and no English word left."""
    english = told(argv, "en", capsys, monkeypatch)
    said = told(argv, lang, capsys, monkeypatch)
    assert [m[0] for m in LINE.findall(said)] == [m[0] for m in LINE.findall(english)], said
    assert LINE.findall(english), english
    for (_, ours), (_, theirs) in zip(LINE.findall(said), LINE.findall(english), strict=True):
        assert ours != theirs, f"a line left in English: {ours}"
    assert foreign_words(own_words(said, quoted), lang) == [], said
    return said


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    return path


def every_problem(template: Path, book: Path) -> Path:
    """A workbook with a problem of every kind an .xlsx workbook can have."""
    rows = completed()
    rows["Processes"][0].update(order="first", excluded_from_index="maybe", pair="")  # integer, boolean, required
    rows["Acts"][0].update(adoption_date="1996-02-30", official_record="not an iri")  # date, IRI
    rows["Assessment"][1]["period"] = "MMXXX"  # a year
    rows["Assessment"].append({**rows["Assessment"][1], "id": "exampleland/assessment/2031"})  # two assessments
    rows["Cells"][1]["value"] = "yes"  # a drop-down value
    rows["Actors"][1]["type"] = "Alien"  # a type
    rows["Actors"] += [dict(rows["Actors"][0]), {**rows["Actors"][0], "id": "bad id!"}, {"label_en": "nameless"}]
    rows["Observers"] = [{"id": "citizens", "type": "MassMedia", "label_en": "Citizens' paper"}]  # two rows named
    rows["Citations"][0]["provision"] = "charter/art/99"  # no row named
    rows["Figures"] = [{"id": "share", "measure": "principal-share", "value": "a third"}]  # a decimal
    fill(template, book, rows)
    wb = openpyxl.load_workbook(book)
    processes = wb["Processes"]
    processes.delete_cols([c.value for c in processes[1]].index("verdict") + 1)  # a required column
    processes["C3"] = "=B3"  # a formula without its value
    wb["Actors"]["A2"], wb["Actors"]["C2"] = "ombudsman", "Омбудсмен"  # the help row typed over
    wb["Actors"].cell(row=1, column=wb["Actors"].max_column + 1, value="colour")  # an unknown column
    cells = wb["Cells"]
    beyond = openpyxl.utils.get_column_letter(cells.max_column + 2)
    cells[f"{beyond}4"], cells[f"{beyond}6"] = "stray", "another"  # values under no column name
    notes = wb.create_sheet("Notes")  # an unknown sheet
    notes["A1"], notes["A2"] = "id", "x"
    wb.save(book)
    return book


@pytest.mark.parametrize("lang", READERS)
def test_every_problem_of_a_workbook_is_said_in_the_readers_language(
    lang: str, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    every_problem(template, tmp_path / "study.xlsx")
    monkeypatch.chdir(tmp_path)  # the workbook is named as given: study.xlsx
    argv = ["import", "study.xlsx", "-o", "out"]
    said = assert_said_in(lang, argv, capsys, monkeypatch)
    kinds = {m[0].split("]")[0] + "]" for m in LINE.findall(said)}
    assert kinds == {
        f"[workbook#{kind}]"
        for kind in (
            "bad-value",
            "bad-choice",
            "bad-id",
            "duplicate-id",
            "missing-value",
            "missing-column",
            "unknown-column",
            "unknown-sheet",
            "unknown-reference",
            "unnamed-column",
            "help-row",
            "uncomputed-formula",
            "which-assessment",
        )
    }, said
    assert not (tmp_path / "out").exists()
    first = said.splitlines()[0]
    expected = {"ru": "проблем", "ky": "көйгөй"}[lang]
    assert first.startswith("ERROR [workbook#invalid] study.xlsx: ") and expected in first, first


@pytest.mark.parametrize("lang", READERS)
def test_the_problems_of_a_csv_folder_are_said_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV file's problems name the line a row starts on, in the reader's words."""
    folder = fill_csv(tmp_path / "book", completed())
    path = folder / "Cells.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] += ",extra"  # a value beyond the names of line 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "Actors.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows = [[*row, row[rows[0].index("label_en")]] for row in rows]  # two columns of one name
    rows[1][0] = "ombudsman"  # the help row's id cell typed over
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    monkeypatch.chdir(tmp_path)  # the folder is named as given: book
    said = assert_said_in(lang, ["import", "book", "-o", "out"], capsys, monkeypatch, ("book",))
    assert "Cells.csv" in said and "Actors.csv" in said
    assert {m[0].split("]")[0] + "]" for m in LINE.findall(said)} == {
        "[workbook#unnamed-column]",
        "[workbook#duplicate-column]",
        "[workbook#help-row]",
    }


@pytest.mark.parametrize("lang", READERS)
def test_a_csv_file_that_cannot_be_read_is_said_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quote left open, in the reader's words. (A value past the CSV reader's 131,072 characters
    was the other row it could not read, its account quoted; such a value is read now, a CSV folder
    holding a text of any length: tests/test_workbook.py.)"""
    rows = completed()
    rows["Cells"][1]["justification_en"] = "OPEN"
    folder = fill_csv(tmp_path / "book", rows)
    path = folder / "Cells.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("OPEN", '"never closed'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the folder is named as given: book
    said = assert_said_in(lang, ["import", "book", "-o", "out"], capsys, monkeypatch, ("book",))
    assert "[workbook#bad-csv] book!Cells!4: " in said


@pytest.mark.parametrize("lang", READERS)
def test_cells_a_spreadsheet_changed_or_merged_are_said_in_the_readers_language(
    lang: str, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """workbook#converted-cell (a date, a number, a true/false where text goes) and
    workbook#merged-cells, in the reader's words."""
    book = fill(template, tmp_path / "study.xlsx", completed())
    wb = openpyxl.load_workbook(book)
    processes = wb["Processes"]
    headers = [c.value for c in processes[1]]

    def cell(header: str) -> str:
        return f"{openpyxl.utils.get_column_letter(headers.index(header) + 1)}3"

    processes[cell("label_en")] = datetime.datetime(2026, 5, 12)
    processes[cell("alt_label_en")] = 1.1
    processes[cell("verdict_text_en")] = True
    justification = [c.value for c in wb["Cells"][1]].index("justification_en") + 1
    letter = openpyxl.utils.get_column_letter(justification)
    wb["Cells"][f"{letter}3"] = "One justification for four rows"
    wb["Cells"].merge_cells(f"{letter}3:{letter}6")
    wb.save(book)
    monkeypatch.chdir(tmp_path)
    said = assert_said_in(lang, ["import", "study.xlsx", "-o", "out"], capsys, monkeypatch)
    assert said.count("[workbook#converted-cell]") == 3 and said.count("[workbook#merged-cells]") == 1, said


@pytest.mark.parametrize("lang", READERS)
def test_a_text_too_long_for_an_xlsx_cell_is_said_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """workbook#cell-too-long, its length and the cell's written the reader's way, and its hint."""
    files = exported(tmp_path, f"<exampleland/actor/citizens> kgo:justification '{'ө' * 40_000}'@ky .\n")
    monkeypatch.chdir(tmp_path)
    quoted = ("<https://w3id.org/kgtool/ontology#justification>", "Actors.justification_ky", "x.xlsx", ".xlsx")
    quoted += ("--form csv", "-o")
    said = assert_said_in(lang, ["export", *files, "-o", "x.xlsx"], capsys, monkeypatch, quoted)
    assert "[workbook#cell-too-long] https://w3id.org/kgtool/id/exampleland/actor/citizens: " in said
    assert figure(40_000, lang) in said and figure(32_767, lang) in said, said  # as the reader writes numbers


def exported(tmp_path: Path, extra: str) -> list[str]:
    """The example imported to Turtle, with ``extra`` statements beside it: the files to export."""
    folder = fill_csv(tmp_path / "book", completed())
    assert main(["import", str(folder), "-o", str(tmp_path / "ttl")]) == 0
    prefixes = "@base <https://w3id.org/kgtool/id/> .\n@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
    prefixes += "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    (tmp_path / "ttl" / "extra.ttl").write_text(prefixes + extra, encoding="utf-8")
    return [str(p) for p in sorted((tmp_path / "ttl").glob("*.ttl"))]


@pytest.mark.parametrize("lang", READERS)
def test_statements_an_export_cannot_place_are_said_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """workbook#unmapped: a class no sheet holds, an entity of no type, a predicate no column
    holds, two values where a column holds one, a value that spans lines. The statement is
    quoted as Turtle writes it (it was the answer's dictionary: {'type': 'literal', …})."""
    files = exported(
        tmp_path,
        "<exampleland/assessment/2030/oddity> a kgo:Oddity .\n"
        "<exampleland/assessment/2030/untyped> rdfs:label 'no type'@en .\n"
        "<exampleland/actor/citizens> <http://example.org/colour> 'green' ;\n"
        "    rdfs:label 'The citizens'@en-t-ky ;\n    kgo:sourceLines '3\\n4' .\n",
    )
    monkeypatch.chdir(tmp_path)  # the workbook is named as given: x.xlsx
    argv = ["export", *files, "-o", "x.xlsx"]
    said = assert_said_in(lang, argv, capsys, monkeypatch, ("Oddity",))
    assert said.count("[workbook#unmapped]") == 5
    assert '<http://example.org/colour> "green"' in said and "'type'" not in said
    english = told(argv, "en", capsys, monkeypatch)
    assert "no sheet holds entities of Oddity" in english and "it has no type (rdf:type)" in english
    assert 'Actors.label_en holds one value, not "Citizens", "The citizens"' in english


@pytest.mark.parametrize("lang", READERS)
def test_a_corpus_statement_under_no_assessment_is_said_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export --all`: a problem of the data, not of a workbook; the first line names no file."""
    files = exported(tmp_path, "<exampleland/assessment/1999/thing> a kgo:Citizenry .\n")
    said = assert_said_in(lang, ["export", "--all", *files, "-o", str(tmp_path / "all")], capsys, monkeypatch)
    assert re.match(r"ERROR \[workbook#invalid\] [^:]*\b1 ", said), said  # no place: the data is no file
    assert "[workbook#unmapped] https://w3id.org/kgtool/id/exampleland/assessment/1999/thing: " in said


@pytest.mark.parametrize("lang", READERS)
def test_an_export_of_an_assessment_the_data_lacks_says_none_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data holds no assessment: the list of them was "none" in every language."""
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    monkeypatch.setenv("KGTOOL_LANG", lang)
    argv = ["export", str(data), "--assessment", "http://example.org/x", "-o", str(tmp_path / "x.xlsx")]
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [workbook#which-assessment] ")
    words = err.replace("ERROR [workbook#which-assessment]", " ").replace("hint:", " ")
    assert foreign_words(words.replace("--assessment IRI", " ").replace("--all", " "), lang) == [], err


def test_every_kind_of_value_has_its_words_in_every_language() -> None:
    """The messages for a value not of its kind are named in a table (LEXICAL), which the
    catalogue test's scan of t("…") calls does not see."""
    for lang in LANGUAGES:
        assert {key for _, key in LEXICAL.values()} <= keys(lang), lang
