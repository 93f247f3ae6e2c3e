"""kgtool template: write an empty workbook for a new assessment."""

from __future__ import annotations

import argparse
import sys

from kgtool.cli.options import add_common, add_lang, add_verb
from kgtool.errors import EXIT_OK
from kgtool.i18n.catalogue import t


def run(args: argparse.Namespace) -> int:
    from kgtool.outputs import output_path
    from kgtool.workbook.api import write_template

    out = output_path(args.output)
    write_template(out, args.lang, force=args.force)
    print(t("status.wrote_template", args.lang, out=out), file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "template",
        description="Write an empty workbook for a new assessment: one sheet per kind of entity, a row of "
        "column names that stay the same in every language, a row of help text from the ontology's "
        "definitions in --lang, drop-down lists for every controlled value, frozen headers. A name "
        "ending in .xlsx gives a workbook; any other name gives a folder of CSV files, one per sheet. "
        "An existing workbook (or CSV file of the folder) is never replaced unless --force is given.",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.xlsx|DIR",
        default="assessment.xlsx",
        help="where to write it (default assessment.xlsx)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the workbook (or the folder's CSV files) if it exists, losing what was filled in",
    )
    add_lang(p, "language of the help row (default en)")
    add_common(p)
    p.set_defaults(handler=run)
