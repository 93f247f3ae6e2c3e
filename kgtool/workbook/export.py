"""An assessment written out as workbook rows (``kgtool export``).

The statements come from the named query ``workbook/statements`` (so export works on the
embedded store and on any SPARQL endpoint alike); the schema then places each statement in
its entity's row and its predicate's column. A statement with no place is refused with
``workbook#unmapped`` rather than dropped, so an export always holds the whole assessment. So
is, in an .xlsx workbook, a text longer than a cell holds (``workbook#cell-too-long``): openpyxl
would cut it without a word; a folder of CSV files holds it whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kgtool.errors import InputError, UsageError
from kgtool.i18n.catalogue import Figure, Phrase
from kgtool.i18n.problems import worded
from kgtool.sparql.backends import Backend, Term
from kgtool.sparql.named import named
from kgtool.vocab import DATA_NAMESPACE, KGO, RDF, XSD
from kgtool.workbook.problems import Problem, raise_all
from kgtool.workbook.rows import FIRST_DATA_ROW, Book, Table
from kgtool.workbook.schema import MULTI_SEPARATOR, SHEETS, Column, Sheet, sheet_for_classes
from kgtool.workbook.statement_order import in_text_order
from kgtool.workbook.terms import Terms

LISTED = 5  # assessments named in an error: enough to show their namespace, not a corpus's 405
# the characters a cell of an .xlsx workbook holds, counted as Excel counts them (UTF-16 units: a
# character outside the Basic Multilingual Plane, an emoji, counts two); openpyxl cuts a longer
# text to this many characters without a word
XLSX_CELL_LIMIT = 32_767

DATATYPES = {
    XSD + "integer": "integer",
    XSD + "decimal": "decimal",
    XSD + "boolean": "boolean",
    XSD + "date": "date",
    XSD + "gYear": "gYear",
    XSD + "string": "string",
}


def prefixes(assessment: str, country: str) -> dict[str, str]:
    """The values of ``{assessment}`` and ``{cc}`` in the sheets' prefixes (data paths)."""
    return {"assessment": assessment, "cc": country}


def sheet_prefix(sheet: Sheet, context: dict[str, str]) -> str:
    return sheet.prefix.format(**context)


def id_in_sheet(path: str, sheet: Sheet, context: dict[str, str]) -> str:
    """The id a row gives an entity at ``path`` (relative to the data namespace)."""
    prefix = sheet_prefix(sheet, context)
    if prefix and path.startswith(prefix) and len(path) > len(prefix):
        return path[len(prefix) :]
    return "/" + path


def assessments(backend: Backend) -> dict[str, str | None]:
    """The data's assessments, each with the country it assesses (None when it names none)."""
    return {
        row["assessment"]["value"]: row["country"]["value"] if "country" in row else None
        for row in backend.select(named("indices/assessments").bind({})).rows
    }


def refuse_other_base(chosen: list[str], known: dict[str, str | None], base: str) -> None:
    """``workbook#wrong-base`` when none of the ``chosen`` assessments is under ``base``: the rows'
    ids are paths from it, and the statements outside it are not the assessment's, so the export
    would be an empty workbook (and ``export`` said "wrote 0 rows", exit 0). Names the
    assessments the data has (the first few of a corpus), whose IRIs show the namespace to give."""
    if any(a.startswith(base) for a in chosen):
        return
    listed = sorted(known)
    listing = ", ".join(listed[:LISTED]) + (", …" if len(listed) > LISTED else "")
    raise worded(UsageError, "workbook#wrong-base", "workbook.wrong_base", base=base, listing=listing)


def export_book(
    backend: Backend,
    terms: Terms,
    assessment: str | None,
    source: str,
    base: str = DATA_NAMESPACE,
    cell_limit: int | None = None,
) -> Book:
    """The rows of the assessment (all the data when ``assessment`` is None); a cell's text longer
    than ``cell_limit`` (``XLSX_CELL_LIMIT`` for an .xlsx workbook) is refused (``book_of``)."""
    known = assessments(backend)
    chosen = [assessment] if assessment else sorted(known)
    if len(chosen) != 1 or chosen[0] not in known:
        raise worded(
            InputError,
            "workbook#which-assessment",
            "workbook.which_assessment_not" if assessment else "workbook.which_assessment",
            hint_key="workbook.which_assessment_hint",
            n=len(known),
            listing=", ".join(sorted(known)) or Phrase("workbook.none"),
            assessment=assessment,
        )
    refuse_other_base(chosen, known, base)
    country = known[chosen[0]]
    query = named("workbook/statements").bind(
        {"assessment": assessment, "country": country if assessment else None, "base": base}
    )
    statements: dict[str, list[tuple[str, Term]]] = defaultdict(list)
    for row in in_text_order(backend.select(query).rows):
        statements[row["s"]["value"]].append((row["p"]["value"], row["o"]))
    return book_of(statements, chosen[0], country, source, terms, base, cell_limit)


def book_of(
    statements: dict[str, list[tuple[str, Term]]],
    assessment: str,
    country: str | None,
    source: str,
    terms: Terms,
    base: str,
    cell_limit: int | None = None,
) -> Book:
    """The rows holding ``statements`` (subject -> (predicate, object)), ids relative to the
    assessment and its country; a statement with no cell is a ``workbook#unmapped`` problem, and
    a cell's text longer than ``cell_limit`` (when given) a ``workbook#cell-too-long`` one."""
    problems: list[Problem] = []
    sheet_of: dict[str, Sheet] = {}
    for subject, pairs in statements.items():
        classes = {o["value"].removeprefix(KGO) for p, o in pairs if p == RDF + "type"}
        sheet = sheet_for_classes(classes)
        if sheet is None:
            problems.append(
                Problem(
                    subject,
                    "workbook#unmapped",
                    Phrase("workbook.problem.no_sheet", classes=", ".join(sorted(classes)))
                    if classes
                    else Phrase("workbook.problem.no_type"),
                )
            )
        else:
            sheet_of[subject] = sheet
    context = prefixes(_path(assessment, base), _path(country, base) if country else "")
    declared: dict[str, set[str]] = defaultdict(set)  # sheet name -> ids its rows give
    for subject, sheet in sheet_of.items():
        declared[sheet.name].add(id_in_sheet(_path(subject, base), sheet, context))
    place = Place(sheet_of, declared, context, terms, base, cell_limit)

    book = Book(source)
    for sheet in SHEETS:
        table = Table(sheet.name, sheet.headers)
        subjects = sorted(s for s, sh in sheet_of.items() if sh is sheet)
        cells_by_subject = []
        for subject in subjects:
            cells = _row(subject, statements[subject], sheet, place, problems)
            cells_by_subject.append((id_in_sheet(_path(subject, base), sheet, context), cells))
        for number, (_, cells) in enumerate(sorted(cells_by_subject), start=FIRST_DATA_ROW):
            table.rows.append((number, cells))
        book.tables[sheet.name] = table
    # texts too long for an .xlsx cell alone: the data is right, only the form cannot hold it
    too_long = all(p.error_id in ("workbook#cell-too-long", "workbook#control-character") for p in problems)
    raise_all(problems, source, "workbook.cell_too_long_hint" if too_long else "workbook.unmapped_hint")
    return book


@dataclass
class Place:
    """What placing one statement in a cell needs to know about the whole export."""

    sheet_of: dict[str, Sheet]
    declared: dict[str, set[str]]
    context: dict[str, str]
    terms: Terms
    base: str
    cell_limit: int | None = None  # the characters a cell holds (an .xlsx workbook's), if limited


def _row(subject: str, pairs: list[tuple[str, Term]], sheet: Sheet, place: Place, problems: list[Problem]) -> list[str]:
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, obj in pairs:
        if predicate == RDF + "type":
            if sheet.typed:
                values["type"].append(obj["value"].removeprefix(KGO))
            continue
        column = _column_for(sheet, predicate, obj)
        text = None if column is None else _cell(column, obj, place)
        if column is None or text is None:
            problems.append(
                Problem(
                    subject,
                    "workbook#unmapped",
                    Phrase(
                        "workbook.problem.no_column", sheet=sheet.name, predicate=f"<{predicate}>", value=_shown(obj)
                    ),
                )
            )
            continue
        values[column.header].append(text)
    cells = []
    for header in sheet.headers:
        found = sorted(values.get(header, []))
        column = next((c for c in sheet.columns if c.header == header), None)
        if len(found) > 1 and (column is None or not column.multi):
            problems.append(
                Problem(
                    subject,
                    "workbook#unmapped",
                    Phrase(
                        "workbook.problem.one_value",
                        column=f"{sheet.name}.{header}",
                        found=", ".join(f'"{v}"' for v in found),
                    ),
                )
            )
        if column is not None and column.multi and any(MULTI_SEPARATOR in v for v in found):
            problems.append(
                Problem(
                    subject,
                    "workbook#unmapped",
                    Phrase("workbook.problem.spans_lines", column=f"{sheet.name}.{header}"),
                )
            )
        cells.append(MULTI_SEPARATOR.join(found))
        if place.cell_limit is not None and column is not None:
            _refuse_too_long(subject, sheet, column, cells[-1], place.cell_limit, problems)
            _refuse_control_characters(subject, sheet, column, cells[-1], problems)
    cells[0] = id_in_sheet(_path(subject, place.base), sheet, place.context)
    return cells


def _refuse_too_long(
    subject: str, sheet: Sheet, column: Column, text: str, limit: int, problems: list[Problem]
) -> None:
    """``workbook#cell-too-long`` when ``text`` is longer than a cell holds: the .xlsx writer would
    cut it (openpyxl keeps the first 32,767 characters, Excel holds no more), so that the workbook,
    imported again, would say less than the data, and nothing would tell. Counted in UTF-16 units,
    as Excel counts (``len`` first: most texts are short enough for that to settle it)."""
    if len(text) * 2 <= limit:
        return
    length = len(text.encode("utf-16-le")) // 2
    if length <= limit:
        return
    words = Phrase(
        "workbook.problem.cell_too_long",
        predicate=f"<{column.predicate}>",
        column=f"{sheet.name}.{column.header}",
        length=Figure(length),
        limit=Figure(limit),
    )
    problems.append(Problem(subject, "workbook#cell-too-long", words))


# what an .xlsx cell (XML 1.0) cannot hold: the control characters but tab, line feed and carriage
# return (openpyxl refused them with an exception, which ended the export as internal#unexpected)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _refuse_control_characters(subject: str, sheet: Sheet, column: Column, text: str, problems: list[Problem]) -> None:
    """``workbook#control-character`` when ``text`` holds a character an .xlsx cell cannot hold
    (a vertical tab pasted from a word processor, say); a folder of CSV files holds it."""
    found = CONTROL.search(text)
    if found is None:
        return
    words = Phrase(
        "workbook.problem.control_character",
        predicate=f"<{column.predicate}>",
        column=f"{sheet.name}.{column.header}",
        code=f"U+{ord(found.group()):04X}",
    )
    problems.append(Problem(subject, "workbook#control-character", words))


def _shown(obj: Term) -> str:
    """A statement's object as Turtle writes it (``<iri>``, ``"text"@ru``, ``"3"^^<…#integer>``),
    for a problem that quotes it; it was the answer's dictionary, its keys English words."""
    value = obj.get("value", "")
    if obj.get("type") == "uri":
        return f"<{value}>"
    if obj.get("type") == "bnode":
        return f"_:{value}"
    if obj.get("type") in ("literal", "typed-literal"):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if "xml:lang" in obj:
            return f'"{escaped}"@{obj["xml:lang"]}'
        datatype = obj.get("datatype")
        return f'"{escaped}"' + (f"^^<{datatype}>" if datatype and datatype != XSD + "string" else "")
    return str(obj)  # a quoted triple (SPARQL-star): as the answer gives it


def _column_for(sheet: Sheet, predicate: str, obj: Term) -> Column | None:
    for column in sheet.columns:
        if column.predicate != predicate:
            continue
        if obj["type"] == "uri" and column.kind in ("ref", "choice", "iri"):
            return column
        if obj["type"] == "literal":
            lang = obj.get("xml:lang")
            if column.kind == "text" and lang is not None and lang == column.lang:
                return column
            if lang is None and DATATYPES.get(obj.get("datatype", XSD + "string")) == column.kind:
                return column
    return None


def _cell(column: Column, obj: Term, place: Place) -> str | None:
    value = obj["value"]
    if obj["type"] != "uri":
        if obj.get("datatype") == XSD + "decimal" and "." not in value and "e" not in value.lower():
            value += ".0"  # the XSD 1.0 form the data files use, as kgtool.rdf.store.lexical_form writes it
        return value
    if column.kind == "iri":
        return value
    if column.vocabulary:
        slug = place.terms.slug(column.vocabulary, value)
        if slug is not None:
            return slug
    if column.kind != "ref" or not value.startswith(place.base):
        return None
    target = place.sheet_of.get(value)
    if target is None or target.name not in column.targets:
        return "/" + _path(value, place.base)
    ident = id_in_sheet(_path(value, place.base), target, place.context)
    # the id must name this entity in exactly one of the column's sheets, else write its path
    if sum(ident in place.declared[name] for name in column.targets) > 1:
        return "/" + _path(value, place.base)
    return ident


def _path(iri: str, base: str) -> str:
    return iri.removeprefix(base)
