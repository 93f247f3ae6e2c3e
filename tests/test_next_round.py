"""Issue 14's "done when" for a next round authored in a workbook: the Kyrgyz study exported,
then edited as an analyst would edit it in a spreadsheet — one cell changed, one citation row
deleted, one process added with its four cells — imports, validates (no violation, no warning;
each finding of the new process points back to its workbook row), and `kgtool diff` against
the study lists exactly those three changes, with index deltas that agree with the pair and
overall indices counted here from the workbook's own rows (not by kgtool's index queries).

Both forms of the workbook: .xlsx (edited with openpyxl, its help row and drop-down lists
kept) and a folder of CSV files (edited with the csv module). The edited round exists only
in the test's temporary folder.
"""

from __future__ import annotations

import csv
import glob
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from kgtool.cli import main

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/kgtool/id/kg/"
CHANGED_CELL = "jk-elections/cell/enforcement"
REMOVED_CITATION = "jk-elections/constitution-art-5"
NEW_PROCESS = {
    "id": "test-only-new-process",
    "label_ky": "Тест үчүн жаңы процесс",
    "label_en": "A process added by the test",
    "pair": "citizens-jk",
    "order": "4",
    "verdict": "works",
    "excluded_from_index": "false",
    "justification_ky": "Тест үчүн гана.",
    "source_lines": "675-680",
    "stated_in": "6.1.1",
}
NEW_CELLS = {
    "rules": ("rules-and-standards", "present"),
    "demand": ("citizen-demand", "present"),
    "motivation": ("responsiveness", "present"),
    "enforcement": ("enforceability", "absent"),
}
FIRST_ROW = 3  # row 1: column names, row 2: help text


class Sheets:
    """A workbook's sheets as rows of column name -> text, and the three edits, in either form."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.xlsx = path.suffix == ".xlsx"
        self.book = openpyxl.load_workbook(path) if self.xlsx else None

    def rows(self, sheet: str) -> list[dict[str, str]]:
        if self.book is not None:
            ws = self.book[sheet]
            headers = [c.value for c in ws[1]]
            return [
                {h: "" if v is None else str(v) for h, v in zip(headers, r, strict=True)}
                for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)
            ]
        grid = self._grid(sheet)
        return [dict(zip(grid[0], r, strict=True)) for r in grid[FIRST_ROW - 1 :]]

    def _grid(self, sheet: str) -> list[list[str]]:
        with (self.path / f"{sheet}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    def _save_grid(self, sheet: str, grid: list[list[str]]) -> None:
        with (self.path / f"{sheet}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(grid)

    def set(self, sheet: str, row_id: str, header: str, value: str) -> None:
        if self.book is not None:
            ws = self.book[sheet]
            column = [c.value for c in ws[1]].index(header)
            (row,) = [r for r in ws.iter_rows(min_row=FIRST_ROW) if r[0].value == row_id]
            row[column].value = value
            return
        grid = self._grid(sheet)
        (row,) = [r for r in grid[FIRST_ROW - 1 :] if r[0] == row_id]
        row[grid[0].index(header)] = value
        self._save_grid(sheet, grid)

    def delete(self, sheet: str, row_id: str) -> None:
        if self.book is not None:
            ws = self.book[sheet]
            (number,) = [r[0].row for r in ws.iter_rows(min_row=FIRST_ROW) if r[0].value == row_id]
            ws.delete_rows(number)
            return
        grid = self._grid(sheet)
        self._save_grid(sheet, [r for r in grid if r[0] != row_id])

    def append(self, sheet: str, values: dict[str, str]) -> int:
        """Adds a row after the last; returns its row number (what validate's findings name)."""
        if self.book is not None:
            ws = self.book[sheet]
            ws.append([values.get(str(h)) for h in (c.value for c in ws[1])])
            return int(ws.max_row)
        grid = self._grid(sheet)
        grid.append([values.get(h, "") for h in grid[0]])
        self._save_grid(sheet, grid)
        return len(grid)

    def save(self) -> None:
        if self.book is not None:
            self.book.save(self.path)


def counted_indices(sheets: Sheets) -> dict[str, Fraction]:
    """The pair index of citizens-jk and the overall index over all cells, counted from the rows:
    the share of present cells among the scored ones (processes not excluded from the index,
    every dimension but citizens' demand, which is a precondition, not a score)."""
    processes = {p["id"]: p for p in sheets.rows("Processes")}
    scored = [
        c
        for c in sheets.rows("Cells")
        if processes[c["process"]]["excluded_from_index"] == "false" and c["dimension"] != "citizen-demand"
    ]
    in_pair = [c for c in scored if processes[c["process"]]["pair"] == "citizens-jk"]
    return {
        "PairIndex/cells | pair/citizens-jk": Fraction(sum(c["value"] == "present" for c in in_pair), len(in_pair)),
        "OverallIndex/cells | .": Fraction(sum(c["value"] == "present" for c in scored), len(scored)),
    }


def four_places(value: Fraction) -> str:
    """An index as kgtool prints it: four decimal places."""
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001")))


@pytest.mark.parametrize("form", ["next.xlsx", "next"])
def test_an_edited_workbook_imports_validates_and_diff_lists_exactly_its_changes(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / form
    assert main(["export", "-o", str(book)]) == 0
    sheets = Sheets(book)
    before = counted_indices(sheets)
    (old_cell,) = [c["value"] for c in sheets.rows("Cells") if c["id"] == CHANGED_CELL]
    assert old_cell == "absent"
    assert [c for c in sheets.rows("Citations") if c["id"] == REMOVED_CITATION]

    sheets.set("Cells", CHANGED_CELL, "value", "present")
    sheets.delete("Citations", REMOVED_CITATION)
    process_row = sheets.append("Processes", NEW_PROCESS)
    for slug, (dimension, value) in NEW_CELLS.items():
        cell = {"id": f"{NEW_PROCESS['id']}/cell/{slug}", "process": NEW_PROCESS["id"]}
        sheets.append("Cells", {**cell, "dimension": dimension, "value": value, "stated_in": "6.1.1"})
    sheets.save()
    after = counted_indices(Sheets(book))

    # imports
    out = tmp_path / "ttl"
    assert main(["import", str(book), "-o", str(out)]) == 0
    # validates: no violation, no warning; the new process's findings name its workbook row
    capsys.readouterr()
    assert main(["validate", "--format", "json", *sorted(glob.glob(str(out / "*.ttl")))]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["violations"] == report["summary"]["warnings"] == 0, report["summary"]
    new_iri = ID + "assessment/2016/process/" + NEW_PROCESS["id"]
    origins = {f["origin"] for f in report["findings"] if f["focus"] == new_iri}
    assert origins == {f"{form}!Processes!{process_row}"}, origins

    # kgtool diff lists exactly the three changes, and every index with its delta
    assert main(["diff", str(REPO / "data"), str(book), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    changes = [
        (r["change"]["value"], r["key"]["value"], r.get("old", {}).get("value", ""), r.get("new", {}).get("value", ""))
        for r in rows
        if r["change"]["value"] != "index"
    ]
    assert changes == [
        ("process-added", "process/" + NEW_PROCESS["id"], "", "works"),
        ("cell-changed", "process/jk-elections | kgo:Enforceability", "absent", "present"),
        ("citation-removed", "process/jk-elections | " + ID + "law/constitution/art/5", "establishes", ""),
    ]
    indices = {r["key"]["value"]: r for r in rows if r["change"]["value"] == "index"}
    assert indices and all("delta" in r for r in indices.values())
    for key in before:
        got = indices[key]
        assert (got["old"]["value"], got["new"]["value"]) == (four_places(before[key]), four_places(after[key])), key
        # the delta of the exact values, rounded once (5/9 - 1/3 is +0.2222, not 0.5556 - 0.3333)
        assert got["delta"]["value"] == "+" + four_places(after[key] - before[key]), key
    # the other pairs' indices did not move
    others = [
        k for k in indices if k.startswith("PairIndex/cells | pair/") and k != "PairIndex/cells | pair/citizens-jk"
    ]
    assert others and all(Decimal(indices[k]["delta"]["value"]) == 0 for k in others)
    # --fail-on-change: the edited round is a change for CI (exit 1), the study against itself is not
    assert main(["diff", str(REPO / "data"), str(book), "--fail-on-change", "--output", "/dev/null"]) == 1
