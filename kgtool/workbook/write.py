"""Write a workbook: the .xlsx form (header, help row, drop-down lists, frozen headers) or a
folder of CSV files (header, help row, rows), one per sheet, always in the schema's order.

openpyxl writes the .xlsx: it is pure Python (no spreadsheet program needed), maintained,
reads and writes data validations (the drop-down lists) and frozen panes, and its output
opens without repair prompts in LibreOffice and Excel.

An .xlsx file's bytes depend only on its data (the house rule: outputs are deterministic).
openpyxl would write the time of the save into docProps/core.xml (created, modified) and every
zip entry's date; here both carry one fixed instant instead, ``SOURCE_DATE_EPOCH`` when the
environment sets it (the reproducible-builds convention), else 1980-01-01 00:00:00 UTC, the
earliest date a zip entry can hold. The entries keep openpyxl's order, which follows the schema.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from kgtool.errors import UsageError
from kgtool.i18n.problems import worded
from kgtool.outputs import make_folder, open_output
from kgtool.workbook.help import help_row
from kgtool.workbook.rows import FIRST_DATA_ROW, Book
from kgtool.workbook.schema import SHEETS, Sheet
from kgtool.workbook.terms import Terms

LAST_ROW = 5000  # drop-down lists cover this many rows (a study has a few hundred per sheet)
ZIP_EARLIEST = 315532800  # 1980-01-01 00:00:00 UTC: a zip entry's date cannot be earlier
ZIP_LATEST = 4354819198  # 2107-12-31 23:59:58 UTC: nor later (two-second steps)
# extensions of spreadsheet and table files that are not what kgtool writes (.xlsx, or a folder)
OTHER_FORMS = frozenset({".xls", ".xlsm", ".xlsb", ".ods", ".csv", ".tsv"})


def fixed_instant() -> datetime.datetime:
    """The instant every .xlsx file records (naive, UTC, as openpyxl and zip dates take it):
    ``SOURCE_DATE_EPOCH`` (whole seconds since 1970 UTC) when set, else the zip format's earliest
    date; brought within what a zip entry can hold, and down to an even second (a zip date's
    step), so the properties and the entries say the same. A whole number too long for ``int()``
    (4,300 digits) is past 2107 and held at the latest date.

    A value set but not a whole number of ASCII digits, a minus sign allowed (``"yesterday"``,
    ``"1.5"``, ``" 17"``), is refused (``workbook#bad-source-date-epoch``): the reproducible-builds
    specification says the value MUST be an integer as ``date +%s`` prints it and that a build
    SHOULD fail on a malformed one, rather than write a date nobody asked for. An empty value is taken as unset (a shell's
    ``SOURCE_DATE_EPOCH= kgtool …``)."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not text:
        seconds = ZIP_EARLIEST
    elif not (text.isascii() and text.removeprefix("-").isdigit()):
        shown = repr(text[:40] + ("…" if len(text) > 40 else ""))
        raise worded(UsageError, "workbook#bad-source-date-epoch", "workbook.bad_source_date_epoch", value=shown)
    elif text.startswith("-"):  # before 1970, as `date +%s` prints such a date: before the zip's first
        seconds = ZIP_EARLIEST
    else:
        digits = text.lstrip("0") or "0"
        seconds = int(digits) if len(digits) <= len(str(ZIP_LATEST)) else ZIP_LATEST
    seconds = min(max(seconds, ZIP_EARLIEST), ZIP_LATEST) // 2 * 2
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).replace(tzinfo=None)


class _FixedDateZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one date and the same permissions, whatever the
    clock or the temporary files' times and modes say (openpyxl's write-only sheets reach the
    archive as temporary files, its other parts as strings)."""

    def __init__(self, file: BinaryIO, instant: datetime.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.instant = instant.timetuple()[:6]

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.instant)
        info.compress_type = self.compression
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever system writes it (ZipInfo says 0 on Windows)
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        info = self._entry(str(arcname if arcname is not None else filename))
        info.file_size = os.path.getsize(filename)  # so a part past 2 GiB is written as zip64
        with open(filename, "rb") as src, self.open(info, "w") as dest:
            shutil.copyfileobj(src, dest, 1 << 16)


def choices_of(sheet: Sheet, header: str, terms: Terms) -> tuple[list[str], bool]:
    """The values a drop-down list offers for a column (empty: free text), and whether the list
    refuses any other value. A column that takes several values, one per line of the cell (a
    process's kinds of accountability), offers its list without refusing: a list's check would
    refuse two lines, and the import checks every value anyway."""
    if header == "type" and sheet.typed:
        return list(sheet.classes), True
    for column in sheet.columns:
        if column.header == header:
            if column.kind == "choice" and column.vocabulary:
                return sorted(terms.choices.get(column.vocabulary, {})), not column.multi
            if column.kind == "boolean":
                return ["true", "false"], True
    return [], True


def write_xlsx(book: Book, path: Path, help_rows: dict[str, list[str]], terms: Terms) -> None:
    """The workbook written to ``path``, opened before the workbook is made: a path the system
    refuses is ``output#cannot-write`` before any sheet exists (a write-only sheet left unsaved
    prints lxml's "Exception ignored" tracebacks when it is collected)."""
    import openpyxl

    with open_output(path) as file:
        wb = openpyxl.Workbook(write_only=True)
        try:
            _fill(wb, book, help_rows, terms)
            save_fixed(wb, file)
        finally:
            _close_sheets(wb)


def _fill(wb: Any, book: Book, help_rows: dict[str, list[str]], terms: Terms) -> None:
    """openpyxl's write-only mode: each row goes to the file as it is appended, so a large
    assessment never holds all its cells as objects at once (the styles of the two header rows
    ride on their cells; the drop-down lists and frozen panes are set before the first row)."""
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    error_codes = frozenset(ERROR_CODES)
    bold, italic = Font(bold=True), Font(italic=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        headers = sheet.headers
        ws.freeze_panes = f"B{FIRST_DATA_ROW}"
        for index, header in enumerate(headers):
            letter = get_column_letter(index + 1)
            ws.column_dimensions[letter].width = 24
            values, refuses = choices_of(sheet, header, terms)
            if values:
                dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
                dv.error = ", ".join(values)
                dv.showErrorMessage = refuses
                dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}")
                ws.data_validations.append(dv)
        ws.append([_styled(ws, text, font=bold) for text in headers])
        ws.append([_styled(ws, text, font=italic, alignment=wrap) for text in help_rows[sheet.name]])
        table = book.tables.get(sheet.name)
        for _, cells in table.rows if table else []:
            ws.append([_as_text(ws, value, error_codes) for value in cells])


def _close_sheets(wb: Any) -> None:
    """Every sheet's stream ended, after a save or a failure: a write-only sheet still open when it
    is collected makes lxml print "Exception ignored ... LxmlSyntaxError" tracebacks, many lines of
    noise under the one error that matters. A sheet the save closed is left as it is."""
    for ws in wb.worksheets:
        if not ws.closed:
            with contextlib.suppress(Exception):  # the stream of a sheet the failure broke: nothing to save
                ws.close()


def save_fixed(wb: Any, file: BinaryIO) -> None:
    """``wb.save(file)`` with the fixed instant instead of the clock (module docstring): openpyxl's
    own save would stamp ``modified`` with the time of the save, so its writer runs here on an
    archive that dates every entry alike."""
    from openpyxl.writer.excel import ExcelWriter

    instant = fixed_instant()
    wb.properties.created = wb.properties.modified = instant
    archive = _FixedDateZip(file, instant)
    try:
        ExcelWriter(wb, archive).save()  # writes every part, then closes the archive
    finally:
        archive.close()


def _as_text(ws: object, value: str, error_codes: frozenset[str]) -> object:
    """A value as the text it is: openpyxl makes a string that reads as an error code
    (``error_codes``: ``#N/A``…) an error cell and one that starts with '=' a formula, so a label
    "#N/A" came back from the workbook refused as an error value, and a note "=…" as a formula;
    such a string is written as a text cell. Any other value is given as it is (the common case,
    every cell of an export: no cell object to make, nothing imported)."""
    if not isinstance(value, str) or not (value.startswith("=") or value in error_codes):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
    cell.data_type = "s"
    return cell


def _styled(ws: object, text: str, **style: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)  # type: ignore[arg-type]
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def csv_files(path: Path) -> list[Path]:
    """The files the CSV form writes in the folder ``path``, one per sheet."""
    return [path / f"{sheet.name}.csv" for sheet in SHEETS]


def write_csv_dir(book: Book, path: Path, help_rows: dict[str, list[str]]) -> None:
    make_folder(path)
    for sheet, target in zip(SHEETS, csv_files(path), strict=True):
        table = book.tables.get(sheet.name)
        with open_output(target) as raw:  # the system's refusal, at any row, is output#cannot-write
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out = csv.writer(text, lineterminator="\n")
            out.writerow(sheet.headers)
            out.writerow(help_rows[sheet.name])
            for _, cells in table.rows if table else []:
                out.writerow(cells)
            text.flush()
            text.detach()  # the file is closed by open_output, whose closing may fail too


def is_xlsx(path: Path) -> bool:
    """Whether a workbook goes to ``path`` as an .xlsx file (else as a folder of CSV files)."""
    return path.suffix.lower() == ".xlsx"


def check_form(path: Path) -> None:
    """Refuse a name whose extension promises a form kgtool does not write (``x.ods``, ``x.xls``,
    ``x.csv``): it would be a folder of CSV files under that name, which a spreadsheet program
    cannot open (``output#format-mismatch``)."""
    if path.suffix.lower() in OTHER_FORMS:
        raise worded(UsageError, "output#format-mismatch", "output.not_a_workbook_form", file=str(path))


def write_book(book: Book, path: Path, terms: Terms, words: dict[str, str]) -> None:
    """Write ``book`` to ``path``: .xlsx when the name ends so, else a folder of CSV files."""
    help_rows = {sheet.name: help_row(sheet, terms, words) for sheet in SHEETS}
    if is_xlsx(path):
        fixed_instant()  # a malformed SOURCE_DATE_EPOCH is refused before the workbook is made
        write_xlsx(book, path, help_rows, terms)
    else:
        write_csv_dir(book, path, help_rows)
