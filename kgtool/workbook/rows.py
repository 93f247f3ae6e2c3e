"""A workbook as plain rows: what export writes and import reads, in either form (one .xlsx
file, or a folder of CSV files, one per sheet). Row 1 holds the column names, row 2 the
help text, and entities start on row 3, so a row's number is the same in both forms."""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_DATA_ROW = 3


@dataclass
class Table:
    """One sheet: its column names as found and its data rows (row number -> cell texts)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class Book:
    """A workbook read or to be written: its name as the user gave it, and its sheets in order."""

    source: str
    tables: dict[str, Table] = field(default_factory=dict)
