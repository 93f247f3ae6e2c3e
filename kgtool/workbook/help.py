"""The help row, row 2 of every sheet: what kgtool writes there, and how an import knows it again.

Under each column name the writer puts the ontology's definition of its predicate (or the
project's own words for the columns the ontology does not define), in the workbook's language.
The reader skips that row, but only that row: a person who deletes the help row from a sheet
moves the sheet's first entity up to row 2, and a reader that skipped row 2 whatever it held
dropped that entity without a word (or, when other rows named it, blamed their sheet).

So row 2 is the help row when any of its filled cells holds the help kgtool writes under that
column, in any of its three languages; it holds an entity when none does. The list of allowed
values that ends the help of a drop-down column is not compared: it grows with the ontology.
Other cells of a help row may differ from today's help: a workbook written by an earlier kgtool
has the definitions of its day (a reviewer's export of an earlier version did not import). Only
an id cell that holds something else than the help (an entity typed over the help row) is
reported, not guessed at: skipped, the row could lose what was typed; read, it could import the
help as a label.
"""

from __future__ import annotations

import functools

from kgtool.i18n.messages import t
from kgtool.vocab import LANGUAGES
from kgtool.workbook.schema import BY_NAME, SHEETS, Sheet
from kgtool.workbook.terms import Terms, load_terms

HELP_ROW = 2
# the columns whose help is the project's own words (a translation key each: wb_<word>)
WORDS = ("id", "type", "multi", "values", "label", "alt_label", "comment", "language", "bibliographic_citation")


def words(lang: str) -> dict[str, str]:
    """The help text of the columns the ontology does not define, in ``lang``."""
    return {w: t("wb_" + w, lang) for w in WORDS}


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


def _plain(text: str) -> str:
    """``text`` with its runs of white space as one space (a spreadsheet program or an editor
    may wrap a long help text or end its lines with CR LF), and without the list of allowed
    values a drop-down column's help ends with (``Values: absent, present``, in any language)."""
    plain = " ".join(text.split())
    for marker in _values_markers():
        plain = plain.split(marker, 1)[0]
    return plain


@functools.cache
def _values_markers() -> tuple[str, ...]:
    return tuple(f" {words(lang)['values']} " for lang in LANGUAGES)


@functools.cache
def known_help() -> dict[str, dict[str, frozenset[str]]]:
    """Sheet -> column name -> the help kgtool writes under that column, in each language (as
    ``_plain`` gives it)."""
    found: dict[str, dict[str, set[str]]] = {sheet.name: {} for sheet in SHEETS}
    for lang in LANGUAGES:
        terms, wording = load_terms(lang), words(lang)
        for sheet in SHEETS:
            for header, text in zip(sheet.headers, help_row(sheet, terms, wording), strict=True):
                found[sheet.name].setdefault(header, set()).add(_plain(text))
    return {name: {h: frozenset(texts) for h, texts in columns.items()} for name, columns in found.items()}


def help_cells(sheet_name: str, headers: list[str], cells: list[str]) -> tuple[list[int], list[int]]:
    """Of a row's filled cells, the columns (indexes) holding the help kgtool writes under them,
    and those holding anything else. A cell under a column the sheet does not have is neither
    (its column name is reported as unknown); one under no column name is help when it holds
    the help of any of the sheet's columns (the name above it was cleared, which is reported
    for the values below it)."""
    if sheet_name not in BY_NAME:
        return [], []
    known = known_help()[sheet_name]
    helps: list[int] = []
    others: list[int] = []
    for index, text in enumerate(cells):
        header = headers[index] if index < len(headers) else ""
        if not text.strip() or (header and header not in known):
            continue
        texts = known[header] if header else frozenset().union(*known.values())
        (helps if _plain(text) in texts else others).append(index)
    return helps, others
