"""Problems of a workbook, each with the place it was found, reported all at once.

An import checks the whole workbook before it writes anything, so a person fixes every
mistake in one pass instead of one per run. ``raise_all`` turns the list into one
``InputError`` whose message has one line per problem, each led by its own ID and its
place: ``study.xlsx!Cells!D14: "yes" is not one of present, absent``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgtool.errors import InputError
from kgtool.i18n.catalogue import DEFAULT_LANG, t

SHOWN = 5  # cells a problem names; the rest it counts


@dataclass(frozen=True, order=True)
class Problem:
    where: str  # workbook!Sheet!D14, workbook!Sheet!14 (a row) or workbook!Sheet (a sheet)
    error_id: str
    message: str

    def line(self) -> str:
        return f"[{self.error_id}] {self.where}: {self.message}"


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def named_cells(cells: list[str]) -> str:
    """``B2, C2`` for a few cells, ``B2, C2, D2, E2, F2 and 7 more`` for many: a problem of many
    cells stays one line."""
    shown = ", ".join(cells[:SHOWN])
    return shown + (f" and {len(cells) - SHOWN} more" if len(cells) > SHOWN else "")


CELL = re.compile(r"(?P<sheet>.*!.*!)(?P<column>[A-Z]+)(?P<row>[0-9]+)")  # workbook!Sheet!D14


def grouped(problems: list[Problem]) -> list[Problem]:
    """The problems with those of one kind and the same words in one column of one sheet made one,
    at the first cell, the others named after the words as ranges of rows (``(the same for
    D15:D60004, D60010)``): 60,000 formulas never computed were 60,000 lines. Every cell stays
    named, whatever their number; the others (of a row, of a sheet) are kept as they are."""
    groups: dict[tuple[str, str, str, str], list[int]] = {}
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
        same = t("workbook.same_for", DEFAULT_LANG, cells=row_ranges(cell["column"], others)) if others else ""
        out.append(Problem(where, problem.error_id, f"{problem.message} {same}".rstrip()))
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


def raise_all(problems: list[Problem], source: str, action: str) -> None:
    """Raise one error listing every problem (in sheet order, then row), if there are any; those
    of one kind in one column as one line (``grouped``). The count is of the problems, not lines."""
    if not problems:
        return
    lines = [p.line() for p in grouped(problems)]
    raise InputError(
        "workbook#invalid",
        f"{len(problems)} problem(s) in {source}; {action}:\n  " + "\n  ".join(lines),
        file=source,
    )
