"""Read a workbook (.xlsx) or a folder of CSV files into rows that know their place.

Every cell becomes text exactly as the author typed it: numbers and dates a spreadsheet
program turned into its own types are written back in their RDF lexical form (``12``,
``2016-05-01``, ``true``), so an import never changes a value.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from kgtool.errors import InputError
from kgtool.i18n.problems import worded
from kgtool.workbook.rows import FIRST_DATA_ROW, Book, Table


def read_book(path: Path) -> Book:
    """The sheets of ``path``: an .xlsx workbook, or a folder of ``<Sheet>.csv`` files."""
    if not path.exists():
        raise worded(
            InputError,
            "load#missing-file",
            "workbook.missing",
            hint_key="load.missing_file_hint",
            file=str(path),
            path=path,
        )
    if path.is_dir():
        return _read_csv_dir(path)
    if path.suffix.lower() != ".xlsx":
        raise worded(InputError, "workbook#unknown-form", "workbook.unknown_form", path=path)
    return _read_xlsx(path)


def cell_text(value: object) -> str:
    """A cell's value as the text it stands for (empty for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(name: str, grid: list[list[str]]) -> Table:
    headers = [h.strip() for h in grid[0]] if grid else []
    while headers and not headers[-1]:
        headers.pop()
    table = Table(name, headers)
    for number, cells in enumerate(grid[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        if any(c.strip() for c in cells):
            table.rows.append((number, cells + [""] * (len(headers) - len(cells))))
    return table


def _read_xlsx(path: Path) -> Book:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise worded(InputError, "workbook#unreadable", "workbook.unreadable", name=path.name, detail=exc) from None
    book = Book(path.name)
    for ws in wb.worksheets:
        grid = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        book.tables[ws.title] = _table(ws.title, grid)
    wb.close()
    return book


def _read_csv_dir(path: Path) -> Book:
    book = Book(path.name)
    for file in sorted(path.glob("*.csv")):
        try:
            with file.open(encoding="utf-8-sig", newline="") as fh:
                grid = [list(r) for r in csv.reader(fh)]
        except UnicodeDecodeError:
            raise worded(
                InputError,
                "load#bad-encoding",
                "workbook.not_utf8",
                hint_key="load.bad_encoding_byte_hint",
                file=str(file),
                path=file,
            ) from None
        book.tables[file.stem] = _table(file.stem, grid)
    return book
