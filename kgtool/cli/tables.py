"""Rendering result tables as text table, CSV, TSV or W3C SPARQL 1.1 results JSON.

Every command that answers with rows uses these, so `--format` means the same thing
everywhere and JSON output is always the standard SPARQL results form.

The text table is for people: its headings are in the reader's language, names come first
and an IRI column shows each entity's short name (what ``--pair``, ``--process`` and
``kgtool query --param`` accept back) after them, the full IRIs only with ``--iris``. Nothing
is cut: on a terminal long cells wrap to its width, elsewhere (a pipe, a file) every cell is
written whole on one line. CSV, TSV and JSON are for programs: the query's own variable
names, full IRIs, whole texts, in the query's column order.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import textwrap
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgtool.sparql.backends import ResultTable

FORMATS = ("table", "csv", "tsv", "json")
MIN_COLUMN = 12  # a column narrower than this is not narrowed further to fit a terminal
GAP = "  "


def cell_text(term: dict[str, str] | None) -> str:
    return "" if term is None else term["value"]


def short_name(iri: str) -> str:
    """The part of an IRI a person types: after the last '#', else after the last '/'."""
    from kgtool.iri import local_name

    return local_name(iri, ignore_trailing_slash=True) or iri


def render(
    table: ResultTable,
    fmt: str,
    notes: list[str] | None = None,
    lang: str = "en",
    iris: bool = False,
    width: int | None = None,
) -> str:
    """``table`` in ``fmt``; for ``table``, ``notes`` follow it and ``width`` is the terminal's
    (None: not a terminal, so nothing wraps)."""
    if fmt == "json":
        return json.dumps(table.to_sparql_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        rows = [[cell_text(row.get(v)) for v in table.variables] for row in table.rows]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.variables)
        writer.writerows([[c.replace("\t", " ").replace("\n", " ") if fmt == "tsv" else c for c in r] for r in rows])
        return buffer.getvalue()
    from kgtool.i18n.catalogue import t

    # names first: the columns holding IRIs move after the others (their short names, or the IRIs)
    is_iri = {
        v: bool(table.rows) and all(row.get(v, {}).get("type", "uri") == "uri" for row in table.rows)
        for v in table.variables
    }
    order = [v for v in table.variables if not is_iri[v]] + [v for v in table.variables if is_iri[v]]

    def shown(term: dict[str, str] | None) -> str:
        if term is None:
            return ""
        return term["value"] if iris or term["type"] != "uri" else short_name(term["value"])

    header = headers(order, lang)
    rows = [[shown(row.get(v)) for v in order] for row in table.rows]
    body = text_table(header, rows, width, empty=t("table.no_rows", lang))
    return body + "".join(f"\n{n}" for n in (notes or [])) + "\n"


def headers(variables: list[str], lang: str) -> list[str]:
    """Each column's heading in ``lang``: the catalogue's ``column.<variable>``, or the variable
    itself for a column kgtool has no word for (a user's own query's). A label column and the IRI
    column of the same thing (``processLabel``, ``process``) are both "process" to a reader: the
    IRI column is then headed "process (id)", so that no two headings of a table are the same."""
    from kgtool.i18n.catalogue import has, t

    shown = set(variables)

    def heading(variable: str) -> str:
        if not has(f"column.{variable}"):
            return variable
        word = t(f"column.{variable}", lang)
        return t("table.id_column", lang, column=word) if f"{variable}Label" in shown else word

    return [heading(v) for v in variables]


def terminal_width(output: str | None) -> int | None:
    """The width to wrap a table to: the terminal's when standard output is one and no file is
    named, else None (a pipe or a file gets every cell whole)."""
    if output or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def text_table(header: list[str], rows: list[list[str]], width: int | None = None, empty: str = "(no rows)") -> str:
    """A plain aligned table. With ``width`` the widest columns are narrowed until the table
    fits and their cells wrap onto more lines; without it every cell stays whole."""
    cells = [[" ".join(c.split()) for c in r] for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    if width is not None:
        widths = fit(widths, width - len(GAP) * (len(widths) - 1))

    def lines(row: list[str]) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(row, widths, strict=False)]
        height = max((len(w) for w in wrapped), default=1)
        out = []
        for k in range(height):
            parts = [(w[k] if k < len(w) else "") for w in wrapped]
            out.append(GAP.join(p + " " * (w - display_width(p)) for p, w in zip(parts, widths, strict=False)).rstrip())
        return out

    out = lines(header) + [GAP.join("-" * w for w in widths)]
    for r in cells:
        out += lines(r)
    if not rows:
        out.append(empty)
    return "\n".join(out)


def fit(widths: list[int], room: int) -> list[int]:
    """Narrow the widest columns, one character at a time, until they add up to ``room`` (or
    every column is down to MIN_COLUMN, when the terminal is simply too narrow)."""
    widths = list(widths)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: at spaces, breaking a longer word."""
    if display_width(text) <= width:
        return [text]
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


width = display_width  # the old name, for callers written before the tables wrapped
