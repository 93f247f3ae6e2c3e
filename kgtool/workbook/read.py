"""Read a workbook (.xlsx) or a folder of CSV files into rows that know their place.

Every cell becomes text exactly as the author typed it: numbers and dates a spreadsheet
program turned into its own types are written back in their RDF lexical form (``12``,
``2016-05-01``, ``true``), so an import never changes a value.

A value the spreadsheet program made of what was typed is not read as text, since its text
need not be what was typed: in a column that takes text (an id, a name, a justification, a
reference), a date or time cell (``1-2`` typed becomes a date), a number with a fraction, of more
than 15 digits or shown in a number format (``1.10`` typed becomes 1.1), or a true/false cell is a
problem (``workbook#converted-cell``); a whole number in the General format (a label ``2020``) is
its digits, which the spreadsheet shows.

Cells merged over several rows of entities are a problem (``workbook#merged-cells``): the sheet
shows the first cell's value on each of those rows, but each row is read from its own cell.

Nothing is dropped unseen: row 2 is skipped only when it is the help row (help.py); a formula is
read as the value a spreadsheet program stored for it, and one whose value was never stored (a
workbook written by a script) is a problem, not an empty cell; so is an error value (``#DIV/0!``,
``#NAME?``: a formula that failed, or an error typed as such), not its text; a CSV file is read
strictly, so a quote left open is a problem naming its line instead of a value that swallows the
rows after it.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path
from typing import Any

from kgtool.assets import display_path
from kgtool.errors import InputError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded
from kgtool.workbook.help import HELP_ROW, help_cells
from kgtool.workbook.problems import Problem, column_letter, named_cells
from kgtool.workbook.rows import Book, Table
from kgtool.workbook.schema import BY_NAME

# the kinds of column whose cells are text to the import (schema.Column.kind; an id is a string)
TEXT_KINDS = frozenset({"text", "string", "ref", "choice", "iri"})
EXACT_DIGITS = 15  # the significant digits a spreadsheet program keeps of a number typed
# the number formats that show a whole number as its digits and nothing else
DIGITS_SHOWN = frozenset({"General", "0", "@"})
# a number shown as one word when not zero and another when zero: how LibreOffice saves a true/false
# cell, as the formula TRUE() or FALSE() of value 1 or 0 in the format "TRUE";"TRUE";"FALSE" (its
# words in the language it is set to)
BOOLEAN_FORMAT = re.compile(r'"([^"]*)";"\1";"[^"]*"')
# a merged range in a sheet's XML: <mergeCell ref="G3:G6"/>, with or without a namespace prefix
MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
CHUNK = 1 << 20  # bytes of a sheet's XML searched at a time
CSV_VALUE_LIMIT = 2**31 - 1  # the longest value read from a CSV file: the most a C long holds everywhere


def read_book(path: Path) -> Book:
    """The sheets of ``path``: an .xlsx workbook, or a folder of ``<Sheet>.csv`` files. The book
    is named as the user gave it (``e/study.xlsx``, as every command names a file: kgtool's own
    files from their folder), so that its problems say which of two study.xlsx they are in."""
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


def _table(book: Book, table: Table, grid: list[list[str]]) -> Table:
    """``table`` with the column names of ``grid``'s first row and its other rows that hold
    anything, numbered as the sheet numbers them; row 2 left out when it is the help row."""
    headers = [h.strip() for h in grid[0]] if grid else []
    while headers and not headers[-1]:
        headers.pop()
    table.headers = headers
    _report_twice_named(book, table)
    for number, cells in enumerate(grid[1:], start=2):
        if any(c.strip() for c in cells):
            table.rows.append((number, cells + [""] * (len(headers) - len(cells))))
    if table.rows and table.rows[0][0] == HELP_ROW:
        _drop_help_row(book, table)
    return table


def _report_twice_named(book: Book, table: Table) -> None:
    """Two columns of one name: the rows are read by column name, so one column's values would be
    dropped without a word (the later one was kept)."""
    seen: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if header and header in seen:
            first, again = column_letter(seen[header]), column_letter(index)
            book.problems.append(
                Problem(
                    f"{book.source}!{table.name}!{again}1",
                    "workbook#duplicate-column",
                    Phrase("workbook.problem.duplicate_column", first=first, again=again, column=header),
                )
            )
        seen.setdefault(header, index)


def _drop_help_row(book: Book, table: Table) -> None:
    """Leave out row 2 when it is the help row; when its id cell holds something else than the
    help (an entity typed over the help row), leave it out too but report it (help.py says why)."""
    helps, others = help_cells(table.name, table.headers, table.rows[0][1])
    if not helps:
        return  # row 2 holds an entity: the help row was deleted
    del table.rows[0]
    if 0 in others:  # other cells unlike today's help are the help of an earlier kgtool's definitions
        helping = named_cells([f"{column_letter(i)}{HELP_ROW}" for i in helps])
        other = named_cells([f"{column_letter(i)}{HELP_ROW}" for i in others])
        book.problems.append(
            Problem(
                f"{book.source}!{table.name}!{HELP_ROW}",
                "workbook#help-row",
                Phrase(
                    "workbook.problem.help_row",
                    row=HELP_ROW,
                    line=table.line_note(HELP_ROW),
                    helping=Phrase("workbook.problem.help_cells_one", cells=helping)
                    if len(helps) == 1
                    else Phrase("workbook.problem.help_cells_many", cells=helping),
                    others=Phrase("workbook.problem.other_cells_one", cells=other)
                    if len(others) == 1
                    else Phrase("workbook.problem.other_cells_many", cells=other),
                ),
            )
        )


def _open_xlsx(path: Path, data_only: bool) -> Any:
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise worded(
            InputError, "workbook#unreadable", "workbook.unreadable", name=display_path(path), detail=exc
        ) from None


def _read_xlsx(path: Path) -> Book:
    """Each sheet's cells; formulas are read in a second pass, only for the sheets that have
    any, from the values a spreadsheet program stored with them (openpyxl computes nothing)."""
    written = _open_xlsx(path, data_only=False)  # formulas as written, to know which cells hold one
    stored = None  # the same workbook with each formula's stored value, opened when first needed
    book = Book(display_path(path))
    for ws in written.worksheets:
        ws.reset_dimensions()  # every cell the sheet holds, whatever size its header claims
        grid: list[list[str]] = []
        formulas: list[tuple[int, int]] = []
        kinds: list[str | None] = []  # each column's kind, once row 1 has named the columns
        for row_index, row in enumerate(ws.iter_rows()):
            cells = [
                _formula_or_text(
                    book, ws.title, cell, (row_index, col), formulas, kinds[col] if col < len(kinds) else None
                )
                for col, cell in enumerate(row)
            ]
            grid.append(cells)
            if row_index == 0:
                kinds = column_kinds(ws.title, cells)
        if formulas:
            stored = stored or _open_xlsx(path, data_only=True)
            _stored_values(book, ws.title, grid, formulas, stored[ws.title], kinds)
        book.tables[ws.title] = table = _table(book, Table(ws.title, []), grid)
        _report_merged(book, table, grid, merged_ranges(ws))
    written.close()
    if stored is not None:
        stored.close()
    return book


def merged_ranges(ws: Any) -> list[str]:
    """The merged ranges of a sheet opened read-only (``G3:G6``), which openpyxl reads only when it
    loads every cell as an object (several times slower for a large sheet): found in the sheet's
    XML, whose ``<mergeCells>`` follow its rows, by a search of its bytes a megabyte at a time
    (``ws._get_source()`` is how openpyxl's read-only sheet opens that XML). Each chunk is searched
    up to its last ``<``, the tag begun there is searched with the next; most chunks hold no
    ``mergeCell`` at all and are passed over by one byte search."""
    found: list[bytes] = []
    tail = b""
    with ws._get_source() as source:
        while chunk := source.read(CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            if b"mergeCell" in data:
                found.extend(MERGE_CELL.findall(data, 0, cut))
            tail = data[cut:]
    found.extend(MERGE_CELL.findall(tail))
    return [ref.decode("ascii") for ref in found]


def _report_merged(book: Book, table: Table, grid: list[list[str]], ranges: list[str]) -> None:
    """``workbook#merged-cells`` for each range merged over two or more rows of entities that holds
    a value: the sheet shows its first cell's value on every row, and the import reads each row's
    own cell (openpyxl gives the value to the first cell alone), so the other rows would lose it
    (a justification) or be refused without a word of why (a required column, "is required"). The
    rows' empty cells under the range are noted in ``book.covered``, whose echoes (a required value
    missing) say nothing more. A range across columns of one row, or over rows of no entity (a
    value given room below the last row), loses nothing and is left alone."""
    from openpyxl.utils.cell import range_boundaries

    numbers = {number for number, _ in table.rows}  # the rows of entities, not the help row
    for ref in ranges:
        bounds = range_boundaries(ref)  # cells on both ends (MERGE_CELL): no bound is None
        first_col, first_row, last_col, last_row = (int(bound or 0) for bound in bounds)
        rows = [n for n in range(first_row, last_row + 1) if n in numbers]
        columns = range(first_col - 1, last_col)
        held = any(c < len(grid[n - 1]) and grid[n - 1][c].strip() for n in rows for c in columns)
        if len(rows) < 2 or not held:
            continue
        first = f"{column_letter(first_col - 1)}{first_row}"
        where = f"{book.source}!{table.name}!"
        message = Phrase("workbook.problem.merged_cells", cells=ref, first=first)
        book.problems.append(Problem(where + first, "workbook#merged-cells", message))
        book.covered.update(f"{where}{column_letter(c)}{n}" for n in rows for c in columns)
        book.covered.discard(where + first)


def column_kinds(sheet: str, headers: list[str]) -> list[str | None]:
    """The kind (``schema.Column.kind``) of each column named in ``headers`` of ``sheet``: an id
    is a ``string``, a type a ``choice``; None for a name the sheet does not have (reported
    elsewhere), or a sheet kgtool does not know."""
    known = BY_NAME.get(sheet)
    if known is None:
        return []
    kinds = {"id": "string", "type": "choice"} | {column.header: column.kind for column in known.columns}
    return [kinds.get(header.strip()) for header in headers]


def _formula_or_text(
    book: Book, sheet: str, cell: Any, place: tuple[int, int], formulas: list[tuple[int, int]], kind: str | None
) -> str:
    """A cell's text; a formula's is left empty and its place noted (its stored value is read
    later); an error value (``#N/A`` typed, or pasted as a value) is a problem, and empty; so is
    a value the spreadsheet program made of what was typed in a column of ``kind`` (``_typed``)."""
    if cell.data_type == "f":
        formulas.append(place)
        return ""
    if cell.data_type == "e":
        book.problems.append(_error_value(book, sheet, place, cell.value, "workbook.error_value"))
        return ""
    value = cell.value
    if value is None or isinstance(value, str):  # most cells: nothing was turned into anything
        return value or ""
    return _typed(book, sheet, place, cell, kind)


def _typed(book: Book, sheet: str, place: tuple[int, int], cell: Any, kind: str | None) -> str:
    """The text of a cell holding a date, a number or true/false; empty, and a problem
    (``workbook#converted-cell``), when its column takes text and that text need not be what was
    typed (``converted``)."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and BOOLEAN_FORMAT.fullmatch(cell.number_format):
        value = value != 0  # a true/false cell as LibreOffice saves one
    key = converted(value, cell.number_format, kind)
    if key is None:
        return cell_text(value)
    where = f"{book.source}!{sheet}!{column_letter(place[1])}{place[0] + 1}"
    book.problems.append(Problem(where, "workbook#converted-cell", Phrase(key, value=cell_text(value))))
    return ""


def converted(value: object, number_format: str, kind: str | None) -> str | None:
    """The catalogue key of the problem of a cell holding ``value`` (shown in ``number_format``)
    in a column of ``kind``, or None when its text is what the column takes.

    A spreadsheet program reads what is typed: ``1-2`` or ``5/12`` becomes a date, ``12:30`` a
    time, ``1.10`` the number 1.1, ``TRUE`` true; the cell keeps the value, not the typing. A date
    or time is taken only by a date column (anywhere else its ISO text would be a value nobody
    typed: the id ``recommendation/2026-01-02``). In a column that takes text, a number is taken
    only when whole, of at most 15 digits (a spreadsheet keeps no more) and shown as its digits
    (the General format), which is then what was typed but for leading zeros the sheet does not
    show either (``2020``, a section ``6``); a fraction may have lost a trailing zero typed
    (``1.10``; a section number ``6.10`` would be read as 6.1), and a true/false its case."""
    if kind is None:
        return None  # a column, or a sheet, kgtool does not know: reported as such
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return None if kind == "date" else "workbook.problem.date_cell"
    if kind not in TEXT_KINDS:
        return None
    if isinstance(value, bool):
        return "workbook.problem.boolean_cell"
    if isinstance(value, int | float):
        whole = isinstance(value, int) or value.is_integer()
        if whole and abs(value) < 10**EXACT_DIGITS and number_format in DIGITS_SHOWN:
            return None
        return "workbook.problem.number_cell"
    return None


def _error_value(book: Book, sheet: str, place: tuple[int, int], value: object, key: str) -> Problem:
    """``workbook#error-value``: the cell at ``place`` holds the error ``value``, which its text
    would have been imported as (a justification reading "#DIV/0!"); ``key`` says whether a
    formula gave it (said in the reader's language with the error)."""
    where = f"{book.source}!{sheet}!{column_letter(place[1])}{place[0] + 1}"
    return Problem(where, "workbook#error-value", Phrase(key, value=cell_text(value)))


def _stored_values(
    book: Book, sheet: str, grid: list[list[str]], formulas: list[tuple[int, int]], ws: Any, kinds: list[str | None]
) -> None:
    """The values stored with the formulas of ``grid``, put in their cells. A formula that has
    none was never computed (openpyxl and other scripts write formulas without their values; a
    spreadsheet program stores them on saving): a problem, since its text would be guessed. So is
    a stored error (``#DIV/0!``), which is no value. A stored empty text (a formula giving "") is an
    empty cell. A date, number or true/false is read as a typed one is (``converted``, by the
    column's kind in ``kinds``)."""
    ws.reset_dimensions()
    wanted = set(formulas)
    for row_index, row in enumerate(ws.iter_rows()):
        for col, cell in enumerate(row):
            if (row_index, col) not in wanted:
                continue
            if cell.data_type == "e":
                book.problems.append(_error_value(book, sheet, (row_index, col), cell.value, "workbook.formula_error"))
            elif cell.value is None and cell.data_type != "str":
                book.problems.append(
                    Problem(
                        f"{book.source}!{sheet}!{column_letter(col)}{row_index + 1}",
                        "workbook#uncomputed-formula",
                        Phrase("workbook.problem.uncomputed_formula"),
                    )
                )
            elif cell.value is None or isinstance(cell.value, str):
                grid[row_index][col] = cell.value or ""
            else:
                kind = kinds[col] if col < len(kinds) else None
                grid[row_index][col] = _typed(book, sheet, (row_index, col), cell, kind)


def _read_csv_dir(path: Path) -> Book:
    """The sheets of a folder of CSV files. A cell that says ``#DIV/0!`` or ``#N/A`` is read as the
    text it is: CSV has no formulas and no error type, so nothing tells an error a spreadsheet
    program wrote out from text typed so (unlike an .xlsx cell, whose type says it is an error)."""
    book = Book(display_path(path))
    for file in sorted(path.glob("*.csv")):
        table = Table(file.stem, [], file=file.name)
        try:
            grid = _csv_rows(file, book, table)
        except UnicodeDecodeError:
            raise worded(
                InputError,
                "load#bad-encoding",
                "workbook.not_utf8",
                hint_key="load.bad_encoding_byte_hint",
                file=str(file),
                path=file,
            ) from None
        book.tables[file.stem] = _table(book, table, grid)
    return book


def _csv_rows(file: Path, book: Book, table: Table) -> list[list[str]]:
    """The rows of a CSV file, and the line each starts on (in ``table.lines``). Read strictly:
    a quote left open would otherwise make one value of every line up to the next quote (or the
    file's end), and the rows on those lines would vanish. Such a file is read up to the row
    with the quote, and the problem reported."""
    grid: list[list[str]] = []
    # a value of any length (a justification of 200,000 characters, which no .xlsx cell holds):
    # the reader's own limit, 131,072 characters, would make it an unreadable row
    limit = csv.field_size_limit(CSV_VALUE_LIMIT)
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, strict=True, delimiter=_separator(fh))
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return grid
                except csv.Error as exc:
                    book.problems.append(_unreadable_row(book, table, len(grid) + 1, start, str(exc)))
                    return grid
                grid.append(row)
                table.lines[len(grid)] = start
    finally:
        csv.field_size_limit(limit)


def _separator(fh: Any) -> str:
    """The character that separates the file's values, from its first line: a comma, or where that
    line has none, a semicolon or a tab (a spreadsheet program set to Russian or Kyrgyz saves CSV
    with semicolons: read as commas, every line was one value in broken quotes)."""
    first = fh.readline()
    fh.seek(0)
    if "," in first:
        return ","
    return next((c for c in ";\t" if c in first), ",")


def _unreadable_row(book: Book, table: Table, number: int, line: int, detail: str) -> Problem:
    """The problem of a CSV row that cannot be read: almost always a quote (the reader's own words
    then say ``unexpected end of data`` or ``',' expected after '"'``), else a value past the
    reader's size limit (``CSV_VALUE_LIMIT``)."""
    if "end of data" in detail or "expected after" in detail:
        what = Phrase("workbook.problem.csv_quote", line=line, file=table.file)
    else:
        what = Phrase("workbook.problem.csv_unreadable", line=line, file=table.file, detail=detail)
    return Problem(f"{book.source}!{table.name}!{number}", "workbook#bad-csv", what)
