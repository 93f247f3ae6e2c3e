"""kgtool export: write an existing assessment as a workbook (or a folder of CSV files)."""

from __future__ import annotations

import argparse
import sys

from kgtool.cli.options import add_base, add_common, add_endpoint, add_lang, add_timeout, add_user, add_verb, files_read
from kgtool.errors import EXIT_OK
from kgtool.i18n.catalogue import t


def run(args: argparse.Namespace) -> int:
    from kgtool.cli.options import backend_for
    from kgtool.outputs import output_path
    from kgtool.workbook.api import check_export, write_all_exports, write_export

    args.data = args.files or None  # backend_for reads the files as --data
    out = output_path(args.output)
    if args.all:
        exports = write_all_exports(backend_for(args), out, args.form, args.lang, args.base, force=args.force)
        for path, rows in exports:
            print(t("status.wrote_rows", args.lang, n=rows, path=path), file=sys.stderr)
        return EXIT_OK
    check_export(out, args.force)  # before the data is read: a workbook there already is refused at once
    rows = write_export(backend_for(args), out, args.assessment, args.lang, args.base, force=args.force)
    print(t("status.wrote_rows", args.lang, n=rows, path=out), file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "export",
        description="Write an assessment in the form 'kgtool template' gives, filled in: one row per entity, "
        "ready to edit and import again. A name ending in .xlsx gives a workbook; any other name gives a "
        "folder of CSV files. Every statement of the assessment has its cell; one that has none stops the "
        "export (workbook#unmapped) rather than being left out. An existing workbook (or CSV file of the "
        "folder) is never replaced unless --force is given.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to export instead of the project's data")
    p.add_argument(
        "-o", "--output", metavar="FILE.xlsx|DIR", required=True, help="where to write it (with --all: a folder)"
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--assessment",
        metavar="IRI",
        help="the assessment to export, when the data holds several (its resources, plus the shared ones)",
    )
    which.add_argument(
        "--all",
        action="store_true",
        help="export every assessment, one workbook each in the folder -o names (COUNTRY-assessment-YEAR.xlsx), "
        "reading the statements once",
    )
    p.add_argument(
        "--form",
        choices=["xlsx", "csv"],
        default="xlsx",
        help="with --all: .xlsx workbooks (default) or folders of CSV files",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the workbook (or the folder's CSV files; with --all, the folder's workbooks of the same "
        "names) if it exists, losing what was edited in it",
    )
    add_base(p)
    add_lang(p, "language of the help row (default en)")
    add_endpoint(p, "read the assessment from this SPARQL 1.1 endpoint instead of the embedded store")
    add_user(p)
    add_timeout(p, 60.0, "time limit for each request to --endpoint (default 60)")
    add_common(p)
    p.set_defaults(handler=run, reads=files_read)
