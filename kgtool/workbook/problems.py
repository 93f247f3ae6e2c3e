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


def raise_all(problems: list[Problem], source: str | None, hint_key: str = "workbook.invalid_hint") -> None:
    """Raise one error listing every problem (in the order given), if there are any: of the
    workbook ``source``, or of the data (``None``: an export's statements)."""
    if not problems:
        return
    count = Plural("workbook.problem_count", len(problems))
    lines = Joined("\n  ", [p.line() for p in problems])
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
