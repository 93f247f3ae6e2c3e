"""kgtool import: turn a filled-in workbook (or folder of CSV files) into Turtle files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgtool.cli.options import add_base, add_common, add_verb
from kgtool.errors import EXIT_OK
from kgtool.i18n.catalogue import reader_lang, t


def run(args: argparse.Namespace) -> int:
    from kgtool.outputs import output_path
    from kgtool.workbook.api import import_books

    written = import_books([Path(s) for s in args.source], output_path(args.output), args.base)
    lang = reader_lang(getattr(args, "lang", None))
    for path in written:
        print(t("status.wrote", lang, path=path), file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "import",
        description="Read a workbook (.xlsx) or a folder of CSV files in the template's form and write Turtle "
        "files in the project's layout (docs/data-authoring.md), IRIs minted from the ids. Every problem "
        "is listed at once with its workbook, sheet, row and column, and nothing is written while there is "
        "any. Each entity in the output is preceded by '# from FILE!Sheet!ROW'; 'kgtool validate' then "
        "names that row beside each finding.",
    )
    p.add_argument(
        "source",
        nargs="+",
        metavar="FILE.xlsx|DIR",
        help="the workbook, or the folder of CSV files; or several, or a folder of them (what "
        "'kgtool export --all' writes): then each gets its own subfolder of OUTDIR, named after it",
    )
    p.add_argument("-o", "--output", metavar="OUTDIR", required=True, help="folder to write the Turtle files to")
    add_base(p)
    add_common(p)
    p.set_defaults(handler=run)
