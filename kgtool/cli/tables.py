"""Rendering result tables as text table, CSV, TSV or W3C SPARQL 1.1 results JSON.

Every command that answers with rows uses these, so `--format` means the same thing
everywhere and JSON output is always the standard SPARQL results form.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kgtool.sparql.backends import ResultTable

FORMATS = ("table", "csv", "tsv", "json")


def cell_text(term: dict[str, str] | None) -> str:
    return "" if term is None else term["value"]


def render(table: ResultTable, fmt: str, notes: list[str] | None = None) -> str:
    if fmt == "json":
        return json.dumps(table.to_sparql_json(), ensure_ascii=False, indent=2) + "\n"
    rows = [[cell_text(row.get(v)) for v in table.variables] for row in table.rows]
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.variables)
        writer.writerows([[c.replace("\t", " ").replace("\n", " ") if fmt == "tsv" else c for c in r] for r in rows])
        return buffer.getvalue()
    return text_table(table.variables, rows) + "".join(f"\n{n}" for n in (notes or [])) + "\n"


def text_table(header: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A plain aligned table; long cells are cut with an ellipsis (other formats keep them whole)."""

    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if width(text) <= max_width else text[: max_width - 1] + "…"

    shown = [[clip(c) for c in r] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in shown]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=False)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in shown]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
