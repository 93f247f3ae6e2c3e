"""docs/tutorial.md runs: every `$ kgtool ...` line, in order, from a folder holding the
repository's tests/ and data/, with the output the tutorial shows. The workbook is filled with
openpyxl from the shipped CSV rows of the fictional Exampleland 2020 round, which import back to
the statements of its Turtle fixture (in the workbook's language tags)."""

from __future__ import annotations

import csv
import glob
import re
import shlex
from pathlib import Path

import openpyxl
import pytest
import rdflib

from kgtool.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "example"
ROWS = EXAMPLE / "exampleland-2020-workbook"
KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
BASE = "https://example.org/kgtool/id/exampleland/"


def steps() -> list[tuple[str, str | None]]:
    """(command, the output shown after it or None), in the tutorial's order."""
    text = (REPO / "docs" / "tutorial.md").read_text(encoding="utf-8")
    out: list[tuple[str, str | None]] = []
    for kind, body in re.findall(r"```(sh|text)\n(.*?)```", text, re.S):
        if kind == "sh":
            out.extend((line[2:], None) for line in body.splitlines() if line.startswith("$ kgtool "))
        else:
            out[-1] = (out[-1][0], body)
    return out


def fill_from_csv(workbook: Path, folder: Path) -> None:
    """Type the rows of each CSV file (from its third line) into the sheet of the same name."""
    wb = openpyxl.load_workbook(workbook)
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            grid = list(csv.reader(fh))
        ws = wb[path.stem]
        headers = [c.value for c in ws[1]]
        for number, row in enumerate(grid[2:], start=3):
            for header, value in zip(grid[0], row, strict=True):
                if value:
                    ws.cell(row=number, column=headers.index(header) + 1, value=value)
    wb.save(workbook)


def argv_of(command: str) -> list[str]:
    """The command's arguments, a shell's `*` expanded."""
    return [a for arg in shlex.split(command)[1:] for a in (sorted(glob.glob(arg)) if "*" in arg else [arg])]


def test_the_tutorial_runs_and_shows_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "tests").symlink_to(REPO / "tests")
    (tmp_path / "data").symlink_to(REPO / "data")
    monkeypatch.chdir(tmp_path)
    shown = steps()
    verbs = [shlex.split(c)[1] for c, _ in shown]
    assert verbs == ["template", "import", "validate", "build", "indices", "publish", "diff", "export", "diff"]
    for command, output in shown:
        capsys.readouterr()
        assert main(argv_of(command)) == 0, (command, capsys.readouterr())
        if command.startswith("kgtool template"):
            fill_from_csv(Path("exampleland-2020.xlsx"), ROWS)
        if output is not None:
            got = capsys.readouterr().out
            assert got.endswith(output), (command, got)
    # the published site is the fictional round's, titled as such
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Example assessment of Exampleland, 2020 round (fictional, not real data)" in front
    # the diff of the imported round is the diff of the two Turtle fixtures
    fixtures = [str(EXAMPLE / "exampleland-2016.ttl"), str(EXAMPLE / "exampleland-2020.ttl")]
    capsys.readouterr()
    country = str(EXAMPLE / "exampleland-country.ttl")
    assert main(["diff", *fixtures, "--data", country, "--format", "csv"]) == 0
    assert capsys.readouterr().out == shown[6][1]
    # a changed cell in the exported study is seen, so the last step's exit 0 means "no change"
    book = openpyxl.load_workbook("kyrgyz-2016.xlsx")
    ws = book["Cells"]
    column = [c.value for c in ws[1]].index("value") + 1
    ws.cell(row=3, column=column, value="present" if ws.cell(row=3, column=column).value == "absent" else "absent")
    book.save("edited.xlsx")
    assert main(["diff", "data", "edited.xlsx", "--fail-on-change", "--output", "/dev/null"]) == 1


def test_the_shipped_workbook_holds_the_fixtures_round(tmp_path: Path) -> None:
    """Importing the CSV rows gives the statements of exampleland-country.ttl and
    exampleland-2020.ttl, as the workbook writes them: @en/@ru text tagged @en-t-ky/@ru-t-ky,
    a recommendation's text also in Kyrgyz (its Kyrgyz label), the country's resources stated in
    this round's section (not in 2016's, which this round does not hold)."""
    assert main(["import", str(ROWS), "--base", "https://example.org/kgtool/id/", "-o", str(tmp_path / "ttl")]) == 0
    got = rdflib.Graph()
    for path in sorted((tmp_path / "ttl").glob("*.ttl")):
        got.parse(path)
    fixture = rdflib.Graph()
    for name in ("exampleland-country.ttl", "exampleland-2020.ttl"):
        fixture.parse(EXAMPLE / name)
    expected = set()
    section_2016, section_2020 = (
        rdflib.URIRef(BASE + "assessment/2016/section/1"),
        rdflib.URIRef(BASE + "assessment/2020/section/1"),
    )
    for s, p, o in fixture:
        if isinstance(o, rdflib.Literal) and o.language in ("en", "ru"):
            o = rdflib.Literal(str(o), lang=o.language + "-t-ky")
        if o == section_2016:
            o = section_2020
        if isinstance(o, rdflib.URIRef) and str(o).startswith(BASE + "assessment/2016"):
            continue
        expected.add((s, p, o))
    for r in fixture.subjects(rdflib.RDF.type, KGO.Recommendation):
        expected |= {(r, KGO.text, label) for label in fixture.objects(r, rdflib.RDFS.label) if label.language == "ky"}
    assert set(got) == expected
    assert "fictional" in str(got.value(rdflib.URIRef(BASE + "assessment/2020"), rdflib.RDFS.label))
