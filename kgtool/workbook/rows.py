"""A workbook as plain rows: what export writes and import reads, in either form (one .xlsx
file, or a folder of CSV files, one per sheet). Row 1 holds the column names, row 2 the
help text, and entities start on row 3, so a row's number is the same in both forms. A sheet
whose help row was deleted has its first entity on row 2 (help.py tells the two apart)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kgtool.i18n.catalogue import Form, Phrase
from kgtool.workbook.problems import Problem

FIRST_DATA_ROW = 3


@dataclass
class Table:
    """One sheet: its column names as found and its data rows (row number -> cell texts, as
    many as the row has, which may be more than there are column names). Read from a CSV file,
    also the file's name and the line each row starts on (a value may hold line breaks, so a
    row's number and its line differ)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    file: str = ""
    lines: dict[int, int] = field(default_factory=dict)

    def line_note(self, number: int) -> str | Phrase:
        """Where row ``number`` starts in its CSV file (`` (line 17 of Cells.csv)``); empty for
        a sheet of a workbook, whose row number is its place."""
        if not self.file or number not in self.lines:
            return ""
        return Phrase("workbook.problem.line_note", line=self.lines[number], file=self.file)

    def on_line(self, what: str, number: int) -> str | Phrase:
        """``what`` (a cell, a value) of row ``number``, then where that row starts in its CSV file
        (``D17 (line 19 of Cells.csv)``)."""
        note = self.line_note(number)
        return Form("{what}{note}", what=what, note=note) if note else what


@dataclass
class Book:
    """A workbook read or to be written: its name as the user gave it, its sheets in order, and
    the problems found while reading it (a formula without its value, a CSV file whose quotes
    break, a help row partly overwritten), reported with those of its cells."""

    source: str
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # the cells under a merged range reported (workbook!Sheet!G4): empty because merged, not left empty
    covered: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The workbook's file (or folder) name without its folders, which the Turtle files an
        import writes name it by: the same files, from whichever folder it was imported."""
        return Path(self.source).name
