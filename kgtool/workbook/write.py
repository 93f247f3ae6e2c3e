"""Write a workbook: the .xlsx form (header, help row, drop-down lists, frozen headers) or a
folder of CSV files (header, help row, rows), one per sheet, always in the schema's order.

openpyxl writes the .xlsx: it is pure Python (no spreadsheet program needed), maintained,
reads and writes data validations (the drop-down lists) and frozen panes, and its output
opens without repair prompts in LibreOffice and Excel.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kgtool.workbook.rows import FIRST_DATA_ROW, Book
from kgtool.workbook.schema import SHEETS, Sheet
from kgtool.workbook.terms import Terms

LAST_ROW = 5000  # drop-down lists cover this many rows (a study has a few hundred per sheet)


def help_row(sheet: Sheet, terms: Terms, words: dict[str, str]) -> list[str]:
    """The help under each column name: the ontology's definition of its predicate (in the
    workbook's language), or the project's own words for columns the ontology does not define."""
    out = [words["id"], words["type"]] if sheet.typed else [words["id"]]
    for column in sheet.columns:
        text = (
            terms.definitions.get(column.predicate)
            or words.get(column.header)
            or words.get(column.header.rsplit("_", 1)[0], "")
        )
        if column.kind == "choice" and column.vocabulary:
            # the allowed values, also where a multi-valued column can have no drop-down list
            text += f" {words['values']} " + ", ".join(sorted(terms.choices.get(column.vocabulary, {})))
        if column.multi:
            text = (text + " " + words["multi"]).strip()
        out.append(text)
    return out


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
    """openpyxl's write-only mode: each row goes to the file as it is appended, so a large
    assessment never holds all its cells as objects at once (the styles of the two header rows
    ride on their cells; the drop-down lists and frozen panes are set before the first row)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook(write_only=True)
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
            ws.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _styled(ws: object, text: str, **style: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)  # type: ignore[arg-type]
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def write_csv_dir(book: Book, path: Path, help_rows: dict[str, list[str]]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        table = book.tables.get(sheet.name)
        with (path / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(sheet.headers)
            out.writerow(help_rows[sheet.name])
            for _, cells in table.rows if table else []:
                out.writerow(cells)


def write_book(book: Book, path: Path, terms: Terms, words: dict[str, str]) -> None:
    """Write ``book`` to ``path``: .xlsx when the name ends so, else a folder of CSV files."""
    help_rows = {sheet.name: help_row(sheet, terms, words) for sheet in SHEETS}
    if path.suffix.lower() == ".xlsx":
        write_xlsx(book, path, help_rows, terms)
    else:
        write_csv_dir(book, path, help_rows)
