"""kgtool diff: what changed between two assessments (two rounds of a country's study)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.cli.options import add_base, add_common, add_format, add_lang, add_output, data_read, emit_table, lit, uri
from kgtool.errors import EXIT_FINDINGS, EXIT_OK
from kgtool.vocab import XSD

if TYPE_CHECKING:
    from kgtool.diff.inputs import Converter

COLUMNS = ["change", "key", "label", "old", "new", "delta", "subject"]


def converters() -> dict[str, Converter]:
    """The converters `kgtool diff` uses to read a file that is not RDF, by suffix: a workbook
    is imported into a temporary folder as `kgtool import --base` would (kgtool/workbook), and
    the Turtle files it gives are compared."""
    from kgtool.workbook.api import import_book

    return {".xlsx": import_book}


def folder_converters() -> dict[str, Converter]:
    """The same for a directory: one holding Assessment.csv is a workbook kept as CSV files (the
    form `kgtool template -o DIR` and `kgtool export -o DIR` write), imported the same way."""
    from kgtool.workbook.api import import_book

    return {"Assessment.csv": import_book}


def run(args: argparse.Namespace) -> int:
    from kgtool.diff.compare import compare
    from kgtool.diff.inputs import Sides, check_namespaces
    from kgtool.diff.snapshot import read
    from kgtool.i18n.catalogue import has, t
    from kgtool.sparql.backends import ResultTable

    sides = Sides(
        [Path(p) for p in args.data or []],
        args.lang,
        converters(),
        folder_converters=folder_converters(),
        base=args.base,
    )
    old, new = sides.open(args.old), sides.open(args.new)
    check_namespaces(old, new)
    changes = compare(read(old, args.lang), read(new, args.lang))
    table = ResultTable(list(COLUMNS))
    for c in changes:
        # the change's code for programs, its name in the reader's language in the table
        kind = t(f"ch_{c.kind}", args.lang) if args.format == "table" and has(f"ch_{c.kind}") else c.kind
        row = {"change": lit(kind), "key": lit(c.key), "label": lit(c.label), "subject": uri(c.subject)}
        if c.old:
            row["old"] = lit(c.old)
        if c.new:
            row["new"] = lit(c.new)
        if c.delta is not None:
            row["delta"] = {"type": "literal", "value": f"{c.delta:+f}", "datatype": XSD + "decimal"}
        table.rows.append(row)
    differences = [c for c in changes if c.is_difference]
    indices = [c for c in changes if c.kind == "index"]
    notes = []
    if args.format == "table":
        notes = [
            t("diff_old", args.lang, label=old.assessment.label, iri=old.assessment.iri),
            t("diff_new", args.lang, label=new.assessment.label, iri=new.assessment.iri),
            t(
                "diff_summary",
                args.lang,
                changes=len([c for c in differences if c.kind != "index"]),
                moved=len([c for c in indices if c.is_difference]),
                indices=len(indices),
            ),
        ]
    emit_table(args, table, notes)
    return EXIT_FINDINGS if args.fail_on_change and differences else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from kgtool.cli.options import add_verb

    p = add_verb(
        sub,
        "diff",
        description="Compare two assessments (two rounds of a country's study) and list what changed: cells whose "
        "value changed, pairs added or removed and pairs with another principal or agent, processes added, removed "
        "or moved to another pair, verdicts and exclusions changed, citations added, removed or re-roled, "
        "recommendations added or dropped, and the change of every index. OLD and NEW are each either "
        "an existing file or directory of RDF files holding one assessment (read with the --data files), a "
        "workbook (an .xlsx file or a folder of CSV files, read as kgtool import reads it, its ids paths from "
        "--base, which must be the other round's namespace), or an assessment of the corpus (its IRI or the end "
        "of it, e.g. kg/assessment/2016) built from the --data files or the project's data. Entities are matched "
        "by their IRI relative to their assessment (process/<slug>), never by IRI equality; see docs/diff.md. "
        "CSV/TSV columns: " + ",".join(COLUMNS) + ". Exits 0 whatever the differences unless --fail-on-change.",
    )
    p.add_argument(
        "old", metavar="OLD", help="the earlier assessment: a file, a directory, a workbook, or an assessment IRI"
    )
    p.add_argument(
        "new", metavar="NEW", help="the later assessment: a file, a directory, a workbook, or an assessment IRI"
    )
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help="the corpus (when OLD/NEW name assessments) or the files both rounds share (when they are files); "
        "repeatable",
    )
    p.add_argument(
        "--fail-on-change",
        action="store_true",
        help="exit 1 when anything changed (a cell, pair, process, verdict, citation, recommendation or index), for CI",
    )
    add_base(p)
    add_format(p)
    add_lang(p, "language of labels (default en; falls back to the study's Kyrgyz)")
    add_output(p)
    add_common(p)
    p.set_defaults(handler=run, reads=data_read)
