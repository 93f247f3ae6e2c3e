"""Workbook rows to Turtle files in the project's layout (``kgtool import``).

Two passes over the whole workbook: first every row's id is minted into an IRI (so a
reference may point to a row further down, or on a later sheet), then every cell becomes a
statement. Every problem is collected with its sheet, row and column; the files are
produced only when there are none. Each entity's first line is preceded by a comment
``# from study.xlsx!Cells!14`` naming the row it came from, which ``kgtool validate``'s
file:line locator lands next to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kgtool.i18n.catalogue import Phrase, Plural
from kgtool.rdf.xsd_lexical import not_of_its_datatype
from kgtool.vocab import DATA_NAMESPACE, DCTERMS, KGO, RDFS, SKOS, XSD
from kgtool.workbook.problems import Problem, column_letter, named_cells
from kgtool.workbook.rows import Book, Table
from kgtool.workbook.schema import BY_NAME, MULTI_SEPARATOR, SHEETS, Column, Sheet

ID = re.compile(r"/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")
# each kind of value: its shape, and the catalogue's message for a value not of that kind
LEXICAL = {
    "integer": (re.compile(r"[+-]?\d+"), "workbook.problem.not_integer"),
    "decimal": (re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"), "workbook.problem.not_decimal"),
    "boolean": (re.compile(r"true|false"), "workbook.problem.not_boolean"),
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}"), "workbook.problem.not_date"),
    "gYear": (re.compile(r"\d{4}"), "workbook.problem.not_year"),
}
# A true/false cell as spreadsheet programs write it in a CSV file, in any case: a boolean cell
# is TRUE/FALSE there (LibreOffice, Excel), ИСТИНА/ЛОЖЬ in Russian and ЧЫНДЫК/ЖАЛГАН in Kyrgyz
# (LibreOffice 7.4 set to ru-RU and ky-KG, checked); XSD's own 1 and 0 too. Each is the boolean it
# names, written as true or false: the value read is the value the cell holds.
BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "1", "истина", "чындык"), "true"),
    **dict.fromkeys(("false", "0", "ложь", "жалган"), "false"),
}
IMPORT_HEADER = "# Imported from "  # the first line of every file kgtool import writes
PREFIXES = {"kgo": KGO, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "dcterms": DCTERMS}


@dataclass
class Entity:
    """One row as RDF: its IRI path, class, where it came from, and (predicate, object) pairs
    with objects already written in Turtle."""

    path: str
    cls: str
    origin: str
    sheet: Sheet
    cells: dict[str, str]
    statements: list[tuple[str, str]] = field(default_factory=list)
    # statements of columns whose data file is not the sheet's (Column.group): group -> pairs
    elsewhere: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def convert(
    book: Book, choices: dict[str, dict[str, str]], base: str = DATA_NAMESPACE
) -> tuple[dict[str, str], list[Problem]]:
    """The Turtle files (name -> text) for ``book``, and every problem found in it; the ids
    are paths from ``base`` (the project's data namespace unless told otherwise)."""
    if any(p.error_id == "workbook#bad-csv" for p in book.problems):
        # a CSV file read only up to its broken quote: what its other rows would say is unknown
        return {}, sorted(set(book.problems), key=_order)
    problems: list[Problem] = list(book.problems)
    tables = _check_sheets(book, problems)
    context = _context(book, tables, problems)
    entities: dict[str, Entity] = {}
    ids: dict[str, dict[str, str]] = defaultdict(dict)  # sheet -> id -> path
    for sheet in SHEETS:
        if "id" not in _present_headers(book, sheet):
            continue  # reported as workbook#missing-column
        for number, cells in tables.get(sheet.name, []):
            where = f"{book.source}!{sheet.name}!"
            ident = cells.get("id", "").strip()
            loc = where + _cell_name(book, sheet, "id", number)
            if not ident:
                problems.append(Problem(loc, "workbook#missing-value", Phrase("workbook.problem.no_id")))
                continue
            if not ID.fullmatch(ident):
                problems.append(Problem(loc, "workbook#bad-id", Phrase("workbook.problem.bad_id", value=ident)))
                continue
            path = _mint(ident, sheet, context)
            cls = cells.get("type", "").strip() or sheet.classes[0]
            if sheet.typed and cls not in sheet.classes:
                problems.append(
                    Problem(
                        where + _cell_name(book, sheet, "type", number),
                        "workbook#bad-choice",
                        Phrase("workbook.problem.not_one_of", value=cls, choices=", ".join(sheet.classes)),
                    )
                )
            if path in entities:
                problems.append(
                    Problem(
                        loc,
                        "workbook#duplicate-id",
                        Phrase("workbook.problem.duplicate_id", value=ident, origin=entities[path].origin),
                    )
                )
                continue
            entities[path] = Entity(path, cls, f"{book.source}!{sheet.name}!{number}", sheet, cells)
            ids[sheet.name][ident] = path
    for entity in entities.values():
        number = int(entity.origin.rsplit("!", 1)[1])
        for column in entity.sheet.columns:
            raw = entity.cells.get(column.header, "")
            loc = f"{book.source}!{entity.sheet.name}!{_cell_name(book, entity.sheet, column.header, number)}"
            values = [v for v in (raw.split(MULTI_SEPARATOR) if column.multi else [raw]) if v.strip()]
            if not values and column.required and column.header in _present_headers(book, entity.sheet):
                problems.append(
                    Problem(loc, "workbook#missing-value", Phrase("workbook.problem.required", column=column.header))
                )
            for value in values:
                term = _term(column, value, ids, entities, choices, loc, problems)
                if term is not None and column.group and column.group != entity.sheet.group:
                    entity.elsewhere.setdefault(column.group, []).append((column.predicate, term))
                elif term is not None:
                    entity.statements.append((column.predicate, term))
    if problems:
        return {}, sorted(_without_echoes(set(problems), book.covered), key=_order)
    return _files(entities, book, base), []


# the problems of a cell that holds no value to read: a formula never computed, an error value,
# a value the spreadsheet program made of what was typed
UNREAD = frozenset({"workbook#uncomputed-formula", "workbook#error-value", "workbook#converted-cell"})


def _without_echoes(problems: set[Problem], covered: set[str]) -> set[Problem]:
    """The problems without those of a cell whose formula has no value, or that holds an error
    value (read as empty, it would also be reported as a missing value): that is the one problem
    there. Nor a missing value under a merged range (``covered``), which is reported at its first
    cell."""
    unread = {p.where for p in problems if p.error_id in UNREAD}
    return {
        p
        for p in problems
        if (p.where not in unread or p.error_id in UNREAD)
        and not (p.error_id == "workbook#missing-value" and p.where in covered)
    }


def _order(problem: Problem) -> tuple[str, int, str, str]:
    """Sheet order, then row, then cell; then the line itself, so that two problems of one cell
    come in the same order on every run."""
    parts = problem.where.split("!")
    sheet_index = next((i for i, s in enumerate(SHEETS) if len(parts) > 1 and s.name == parts[1]), len(SHEETS))
    digits = re.sub(r"\D", "", parts[2]) if len(parts) > 2 else ""
    return (f"{sheet_index:03d}", int(digits or 0), problem.where, str(problem))


def _check_sheets(book: Book, problems: list[Problem]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Each known sheet's rows as header -> text; unknown sheets and columns, and missing
    required columns, are problems."""
    out: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for name, table in book.tables.items():
        sheet = BY_NAME.get(name)
        if sheet is None:
            known = ", ".join(s.name for s in SHEETS)
            problems.append(
                Problem(
                    f"{book.source}!{name}",
                    "workbook#unknown-sheet",
                    Phrase("workbook.problem.unknown_sheet", known=known),
                )
            )
            continue
        expected = sheet.headers
        for index, header in enumerate(table.headers):
            if header and header not in expected:
                problems.append(
                    Problem(
                        f"{book.source}!{name}!{column_letter(index)}1",
                        "workbook#unknown-column",
                        Phrase(
                            "workbook.problem.unknown_column", column=header, sheet=name, columns=", ".join(expected)
                        ),
                    )
                )
        required = ["id"] + [c.header for c in sheet.columns if c.required]
        missing = [h for h in required if h not in table.headers]
        if missing and table.rows:
            # reported once for the sheet; its rows are still read, so that references to them
            # and their other cells are checked too
            problems.append(
                Problem(
                    f"{book.source}!{name}!1",
                    "workbook#missing-column",
                    Phrase("workbook.problem.missing_columns", columns=", ".join(missing)),
                )
            )
        _unnamed_values(book, table, problems)
        named = [(number, {h: cells[i] for i, h in enumerate(table.headers) if h}) for number, cells in table.rows]
        # a row whose only values are under no column name is no entity (its values are reported)
        out[name] = [(number, cells) for number, cells in named if any(v.strip() for v in cells.values())]
    return out


def _unnamed_values(book: Book, table: Table, problems: list[Problem]) -> None:
    """A value in a column with no name in row 1 is a problem (one per such column, naming its
    first cell and counting the others): no column is known to take it, and it would be lost.
    In a CSV file it is a line with more values than the first line has names (a comma in a
    value not put in double quotes), or a value under an empty name."""
    unnamed: dict[int, list[int]] = defaultdict(list)  # column -> the rows with a value there
    for number, cells in table.rows:
        for index, text in enumerate(cells):
            if text.strip() and (index >= len(table.headers) or not table.headers[index]):
                unnamed[index].append(number)
    by_number = dict(table.rows)
    for index, numbers in sorted(unnamed.items()):
        letter, first = column_letter(index), numbers[0]
        value = by_number[first][index].strip()
        shown = table.on_line(f'"{value if len(value) <= 40 else value[:40] + "…"}"', first)
        others = [table.on_line(f"{letter}{n}", n) for n in numbers[1:]]
        same = Phrase("workbook.problem.same_for", cells=named_cells(others)) if others else ""
        what: Phrase
        if table.file and index >= len(table.headers):
            what = Plural(
                "workbook.problem.extra_value",
                len(table.headers),
                shown=shown,
                position=index + 1,
                same=same,
            )
        else:
            what = Phrase("workbook.problem.unnamed_column", shown=shown, letter=letter, same=same)
        problems.append(Problem(f"{book.source}!{table.name}!{letter}{first}", "workbook#unnamed-column", what))


def _context(
    book: Book, tables: dict[str, list[tuple[int, dict[str, str]]]], problems: list[Problem]
) -> dict[str, str]:
    """``{assessment}`` and ``{cc}``: the Assessment sheet's one assessment and its country."""
    rows = [(n, c) for n, c in tables.get("Assessment", []) if c.get("type", "").strip() in ("", "Assessment")]
    if len(rows) != 1:
        problems.append(
            Problem(
                f"{book.source}!Assessment",
                "workbook#which-assessment",
                Phrase("workbook.problem.one_assessment", n=len(rows)),
            )
        )
        return {"assessment": "assessment", "cc": "country"}
    sheet = BY_NAME["Assessment"]
    cells = rows[0][1]
    country = cells.get("assessed_country", "").strip()
    ident = cells.get("id", "").strip()
    return {"assessment": _mint(ident, sheet, {}), "cc": _mint(country, sheet, {}) if country else ""}


def _mint(ident: str, sheet: Sheet, context: dict[str, str]) -> str:
    """An entity's path (relative to the data namespace) from its id in ``sheet``."""
    if ident.startswith("/"):
        return ident[1:]
    return sheet.prefix.format(**context) + ident


def _present_headers(book: Book, sheet: Sheet) -> list[str]:
    table = book.tables.get(sheet.name)
    return table.headers if table else []


def _cell_name(book: Book, sheet: Sheet, header: str, number: int) -> str:
    table = book.tables.get(sheet.name)
    headers = table.headers if table else sheet.headers
    index = headers.index(header) if header in headers else sheet.headers.index(header)
    return f"{column_letter(index)}{number}"


def _term(
    column: Column,
    value: str,
    ids: dict[str, dict[str, str]],
    entities: dict[str, Entity],
    choices: dict[str, dict[str, str]],
    loc: str,
    problems: list[Problem],
) -> str | None:
    if column.kind in ("ref", "choice"):
        value = value.strip()
        options = choices.get(column.vocabulary or "", {})
        if value in options:
            return _iri(options[value])
        if column.kind == "choice":
            problems.append(
                Problem(
                    loc,
                    "workbook#bad-choice",
                    Phrase("workbook.problem.not_one_of", value=value, choices=", ".join(sorted(options))),
                )
            )
            return None
        found = sorted(
            {ids[t][value] for t in column.targets if value in ids[t]}
            | ({value[1:]} if value.startswith("/") and value[1:] in entities else set())
        )
        found = [p for p in found if entities[p].sheet.name in column.targets]
        if len(found) != 1:
            sheets = ", ".join(column.targets)
            what = (
                Phrase("workbook.problem.names_no_row", value=value, sheets=sheets)
                if not found
                else Phrase("workbook.problem.names_several_rows", value=value, sheets=sheets)
            )
            problems.append(Problem(loc, "workbook#unknown-reference", what))
            return None
        return f"<{found[0]}>"
    if column.kind == "iri":
        value = value.strip()
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value):
            problems.append(Problem(loc, "workbook#bad-value", Phrase("workbook.problem.not_an_iri", value=value)))
            return None
        return _iri(value)
    if column.kind == "text":
        return _literal(value) + "@" + (column.lang or "")
    if column.kind == "string":
        return _literal(value)
    value = value.strip()
    if column.kind == "boolean":
        value = BOOLEAN_WORDS.get(value.casefold(), value)
    pattern, wanted = LEXICAL[column.kind]
    # the shape of the value, then XSD's own rules for it: 1996-02-30 has a date's shape and is no date
    if not pattern.fullmatch(value) or not_of_its_datatype(value, XSD + column.kind):
        problems.append(Problem(loc, "workbook#bad-value", Phrase(wanted, value=value)))
        return None
    return _literal(value) + "^^xsd:" + column.kind


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + '"'


def _iri(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(DATA_NAMESPACE):
        return f"<{iri[len(DATA_NAMESPACE) :]}>"
    return f"<{iri}>"


def _file_of(entity: Entity, entities: dict[str, Entity]) -> str:
    """The data file an entity belongs in (docs/data-authoring.md): one per pair for the pair's
    processes, cells, citations (also those made for its recommendations), cross-references,
    oversight and recommendations."""
    if entity.sheet.group != "pair":
        return entity.sheet.group + ".ttl"
    pair = _pair_of(entity, entities, 0)
    return f"pair-{pair.rsplit('/', 1)[-1]}.ttl" if pair else "conclusion.ttl"


def _pair_of(entity: Entity, entities: dict[str, Entity], depth: int) -> str | None:
    if entity.sheet.name == "Pairs":
        return entity.path
    if depth > 3:
        return None
    for predicate, obj in entity.statements:
        if obj.startswith("<") and predicate in (
            KGO + "inPair",
            KGO + "ofProcess",
            KGO + "citedFor",
            KGO + "observedProcess",
            KGO + "recommendationFor",
            KGO + "concernsProcess",
            KGO + "referringProcess",
        ):
            target = entities.get(obj[1:-1])
            if target is not None and target.sheet.name in ("Pairs", "Processes", "Recommendations"):
                found = _pair_of(target, entities, depth + 1)
                if found:
                    return found
    return None


def _files(entities: dict[str, Entity], book: Book, base: str) -> dict[str, str]:
    """Each file's blocks: an entity with its type and statements in its sheet's file, and the
    statements of its columns that belong elsewhere (an act's status) in those files."""
    grouped: dict[str, list[tuple[Entity, list[str]]]] = defaultdict(list)
    for entity in entities.values():
        body = [f"a {_iri(KGO + entity.cls)}"] + [f"{_iri(p)} {o}" for p, o in sorted(entity.statements)]
        grouped[_file_of(entity, entities)].append((entity, body))
        for group, statements in entity.elsewhere.items():
            grouped[group + ".ttl"].append((entity, [f"{_iri(p)} {o}" for p, o in sorted(statements)]))
    header = [f"{IMPORT_HEADER}{book.name} by kgtool import; each entity names its sheet and row.", ""]
    header += [f"@base <{base}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()] + [""]
    files = {}
    for name, members in sorted(grouped.items()):
        lines = list(header)
        for entity, body in sorted(members, key=lambda m: (SHEETS.index(m[0].sheet), m[0].path)):
            lines.append(f"# from {book.name}!{entity.sheet.name}!{entity.origin.rsplit('!', 1)[1]}")
            lines.append(f"<{entity.path}> " + " ;\n    ".join(body) + " .")
            lines.append("")
        files[name] = "\n".join(lines)
    return files
