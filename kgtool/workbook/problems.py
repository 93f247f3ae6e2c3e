"""Problems of a workbook, each with the place it was found, reported all at once.

An import checks the whole workbook before it writes anything, so a person fixes every
mistake in one pass instead of one per run. ``raise_all`` turns the list into one
``InputError`` whose message has one line per problem, each led by its own ID and its
place: ``study.xlsx!Cells!D14: "yes" is not one of present, absent``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.errors import InputError

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


def raise_all(problems: list[Problem], source: str, action: str) -> None:
    """Raise one error listing every problem (in sheet order, then row), if there are any."""
    if not problems:
        return
    lines = [p.line() for p in problems]
    raise InputError(
        "workbook#invalid",
        f"{len(problems)} problem(s) in {source}; {action}:\n  " + "\n  ".join(lines),
        file=source,
    )
