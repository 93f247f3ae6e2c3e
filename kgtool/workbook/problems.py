"""Problems of a workbook, each with the place it was found, reported all at once.

An import checks the whole workbook before it writes anything, so a person fixes every
mistake in one pass instead of one per run. ``raise_all`` turns the list into one
``InputError`` whose message has one line per problem, each led by its own ID and its
place: ``study.xlsx!Cells!D14: "yes" is not one of present, absent``.

A problem's words are a catalogue message (``workbook.problem.*``) with its values, not text:
the error is English for every caller, and the command line says each line in the reader's
language (``kgtool.i18n.problems.in_language``). What the workbook holds (a value, a sheet's or a
column's name, a cell's place) is quoted as the workbook has it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kgtool.errors import InputError
from kgtool.i18n.catalogue import Form, Joined, Phrase, Plural
from kgtool.i18n.problems import worded

SHOWN = 5  # cells a problem names; the rest it counts


@dataclass(frozen=True)
class Problem:
    where: str  # workbook!Sheet!D14, workbook!Sheet!14 (a row) or workbook!Sheet (a sheet)
    error_id: str
    message: Phrase  # what is wrong: a workbook.problem.* message with its values

    def line(self) -> Form:
        """The problem's line of the error, ``[id] where: message``, its words said in the
        language the error is said in."""
        return Form("[{id}] {where}: {message}", id=self.error_id, where=self.where, message=self.message)

    def __str__(self) -> str:
        return str(self.line())


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def named_cells(cells: Sequence[str | Phrase]) -> Phrase:
    """``B2, C2`` for a few cells, ``B2, C2, D2, E2, F2 and 7 more`` for many: a problem of many
    cells stays one line."""
    shown = Joined(", ", cells[:SHOWN])
    if len(cells) <= SHOWN:
        return shown
    return Phrase("workbook.problem.and_more", cells=shown, more=len(cells) - SHOWN)


CELL = re.compile(r"(?P<sheet>.*!.*!)(?P<column>[A-Z]+)(?P<row>[0-9]+)")  # workbook!Sheet!D14


def grouped(problems: list[Problem]) -> list[Problem]:
    """The problems with those of one kind and the same words in one column of one sheet made one,
    at the first cell, the others named after the words as ranges of rows (``(the same for
    D15:D60004, D60010)``): 60,000 formulas never computed were 60,000 lines. Every cell stays
    named, whatever their number; the others (of a row, of a sheet) are kept as they are."""
    groups: dict[tuple[str, str, str, Phrase], list[int]] = {}
    for problem in problems:
        cell = CELL.fullmatch(problem.where)
        if cell:
            key = (problem.error_id, cell["sheet"], cell["column"], problem.message)
            groups.setdefault(key, []).append(int(cell["row"]))
    out: list[Problem] = []
    for problem in problems:
        cell = CELL.fullmatch(problem.where)
        if not cell:
            out.append(problem)
            continue
        rows = groups.pop((problem.error_id, cell["sheet"], cell["column"], problem.message), None)
        if rows is None:
            continue  # one of a group made at its first cell
        first, *others = sorted(set(rows))
        where = f"{cell['sheet']}{cell['column']}{first}"
        message = problem.message
        if others:
            same = Phrase("workbook.same_for", cells=row_ranges(cell["column"], others))
            message = Form("{message} {same}", message=problem.message, same=same)
        out.append(Problem(where, problem.error_id, message))
    return out


def row_ranges(column: str, rows: list[int]) -> str:
    """The cells of ``column`` in ``rows`` (ascending), runs as ranges: ``D4:D9, D12``."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in runs)


def raise_all(problems: list[Problem], source: str | None, hint_key: str = "workbook.invalid_hint") -> None:
    """Raise one error listing every problem (in the order given), if there are any: of the
    workbook ``source``, or of the data (``None``: an export's statements); those of one kind in
    one column as one line (``grouped``). The count is of the problems, not of the lines."""
    if not problems:
        return
    count = Plural("workbook.problem_count", len(problems))
    lines = Joined("\n  ", [p.line() for p in grouped(problems)])
    if source is None:
        raise worded(
            InputError, "workbook#invalid", "workbook.invalid_data", hint_key=hint_key, count=count, lines=lines
        )
    raise worded(
        InputError,
        "workbook#invalid",
        "workbook.invalid",
        hint_key=hint_key,
        file=source,
        source=source,
        count=count,
        lines=lines,
    )
