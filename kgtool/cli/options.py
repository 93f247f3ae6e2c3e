"""What every command shares: common options, the back end choice, and output.

Each option more than one verb takes is defined here once; a verb passes only what it says
differently (its help text, a default). Nothing here loads an RDF library: the choices come
from light modules (``kgtool.vocab``, ``kgtool.rdf``, ``kgtool.cli.tables``), and what ``kgtool --help``
needs from here (the exit codes, the default language) imports nothing more than ``kgtool.vocab``,
``kgtool.rdf`` and the exit codes of ``kgtool.errors``.
"""

from __future__ import annotations

import argparse
import os
import sys

from kgtool.errors import EXIT_CODES
from kgtool.rdf import INPUT_FORMAT_NAMES
from kgtool.vocab import DATA_NAMESPACE, DEFAULT_LANG, LANGUAGES, language_named

# typing.TYPE_CHECKING without importing typing, which `kgtool --help` would pay for; mypy reads
# any name TYPE_CHECKING as true
TYPE_CHECKING = False
if TYPE_CHECKING:
    from kgtool.sparql.backends import Backend, ResultTable

EXIT_CODE_TEXT = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())
PAGES_LANG_HELP = (
    "language of the pages: their words, headings and navigation, and the names from the data "
    "(default en; a name the data lacks in it falls back to the study's Kyrgyz)"
)


def add_verb(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    description: str,
) -> argparse.ArgumentParser:
    """The parser of one verb: its description, and the exit codes after its options (its one-line
    summary is in ``kgtool.cli.verbs.COMMANDS``, so that ``kgtool --help`` needs no verb's module)."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        description=description,
        epilog=EXIT_CODE_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="show a traceback on errors")


def add_lang(p: argparse.ArgumentParser, help: str) -> None:
    """--lang: the reader's language, one of kgtool's languages; KGTOOL_LANG when it names one,
    else English. It chooses the names from the data and every word kgtool writes around them."""
    p.add_argument("--lang", choices=list(LANGUAGES), default=default_lang(), help=help + "; KGTOOL_LANG sets it too")


def default_lang() -> str:
    """KGTOOL_LANG when it names one of kgtool's languages, else English (read here, not through
    kgtool.i18n, so that building the parser stays light)."""
    return language_named(os.environ.get("KGTOOL_LANG", "")) or DEFAULT_LANG


def add_input_format(p: argparse.ArgumentParser) -> None:
    """--input-format: the syntax of the verb's FILE arguments."""
    p.add_argument(
        "--input-format", choices=list(INPUT_FORMAT_NAMES), help="syntax of FILEs when their extension does not say"
    )


def input_format_of(args: argparse.Namespace) -> str | None:
    """--input-format, the syntax of the FILEs given: refused when none is given. The project's own
    files are read by their extensions, so the option would name the syntax of nothing (it was
    taken for theirs by some readings and not others: a traceback-like failure)."""
    if args.input_format and not args.files:
        from kgtool.errors import UsageError
        from kgtool.i18n.problems import worded

        raise worded(
            UsageError, "cli#input-format-without-files", "cli.input_format_without_files", given=args.input_format
        )
    return args.input_format  # type: ignore[no-any-return]


def add_output(
    p: argparse.ArgumentParser, help: str = "write here instead of standard output", metavar: str = "FILE"
) -> None:
    """-o/--output: a file to write instead of standard output. ``-o -`` is standard output, the Unix
    convention (it wrote a file named ``-``): read as no -o at all, so every verb that writes text
    takes it alike; a file of that name is ``-o ./-``."""
    p.add_argument("-o", "--output", metavar=metavar, help=help, type=file_or_standard_output)


def file_or_standard_output(text: str) -> str | None:
    """-o's value: None (standard output) for ``-``, else the name as given (checked when written)."""
    return None if text == "-" else text


def files_read(args: argparse.Namespace) -> list[str]:
    """What a verb with FILE arguments reads (``build``, ``validate``, ``export``): its FILEs (folders
    given stand for their RDF files by now) or the project's data, the ontology, and validate's
    --shapes files with the project's shapes; what ``-o`` must not name (``kgtool.outputs.refuse_input``)."""
    from kgtool import assets

    read = [*(args.files or assets.data_files()), *assets.ontology_files(), *getattr(args, "shapes", [])]
    if hasattr(args, "shapes") and not args.only_shapes:
        read += assets.shape_files()
    return [str(p) for p in read]


def data_read(args: argparse.Namespace) -> list[str]:
    """What a verb with --data reads on the embedded store (nothing of this machine with --endpoint):
    the --data files or the project's data, and the ontology; ``kgtool query``'s own .rq file; ``kgtool
    diff``'s OLD and NEW where they are files or folders. What ``-o`` must not name."""
    from kgtool import assets

    read = [str(p) for p in args.data or assets.data_files()] if not getattr(args, "endpoint", None) else []
    read += [str(p) for p in assets.ontology_files()] if read else []
    name = getattr(args, "name", None)
    if isinstance(name, str) and name.endswith(".rq"):
        read.append(name)
    return read + [getattr(args, side) for side in ("old", "new") if isinstance(getattr(args, side, None), str)]


def add_endpoint(p: argparse.ArgumentParser, help: str, required: bool = False) -> None:
    """--endpoint: the URL of a SPARQL endpoint."""
    p.add_argument("--endpoint", required=required, metavar="URL", help=help)


def add_user(p: argparse.ArgumentParser) -> None:
    """--user: the login for a store that requires one; the password is never an option (it
    would show in ``ps`` and in shell history), see kgtool.sparql.auth."""
    p.add_argument(
        "--user",
        metavar="NAME",
        help="log in to a store that requires it (Basic or Digest); the password comes from the environment "
        "variable KGTOOL_PASSWORD or from your netrc file, never from the command line",
    )


def add_timeout(p: argparse.ArgumentParser, default: float, help: str) -> None:
    """--timeout: a time limit in seconds (for what, the verb's help says)."""
    p.add_argument("--timeout", type=float, default=default, metavar="SECONDS", help=help)


def add_base(p: argparse.ArgumentParser) -> None:
    """--base: the namespace a workbook's ids are paths from (the project's data namespace unless
    given; the tutorial's fictional example has its own, https://example.org/kgtool/id/)."""
    p.add_argument(
        "--base",
        default=DATA_NAMESPACE,
        metavar="IRI",
        help=f"the namespace the workbook's ids are paths from (default {DATA_NAMESPACE})",
    )


def add_data(p: argparse.ArgumentParser, verb: str = "use") -> None:
    """--data: the RDF files to work on instead of the project's data."""
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help=f"{verb} these RDF files (with the ontology) instead of the project's data; repeatable",
    )


def add_backend_options(p: argparse.ArgumentParser) -> None:
    """Where the computation runs: --endpoint, its --timeout, or --data files on the embedded store."""
    add_endpoint(p, "compute on this SPARQL 1.1 endpoint instead of the embedded store")
    add_user(p)
    add_timeout(p, 60.0, "time limit for each request to --endpoint (default 60)")
    add_data(p)


def add_format(p: argparse.ArgumentParser) -> None:
    """--format for the verbs that answer with rows."""
    from kgtool.cli.tables import FORMATS  # with its csv, json and textwrap: not for `kgtool --help`

    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="table",
        help="table for people (default), csv, tsv, or json (W3C SPARQL 1.1 results JSON)",
    )
    p.add_argument(
        "--iris",
        action="store_true",
        help="in the table, full IRIs instead of short names (csv, tsv and json always have IRIs)",
    )


def add_query_options(p: argparse.ArgumentParser) -> None:
    add_format(p)
    add_lang(p, "language of labels (default en; falls back to the study's Kyrgyz)")
    add_backend_options(p)
    add_output(p)
    add_common(p)


def backend_for(args: argparse.Namespace) -> Backend:
    """The remote endpoint when --endpoint is given (logged in with --user or the netrc file's
    entry for its host, as `kgtool load` does), else the embedded store."""
    from kgtool.rdf.project import build_graph
    from kgtool.sparql.auth import credentials_for
    from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend

    if getattr(args, "endpoint", None):
        credentials = credentials_for(args.endpoint, getattr(args, "user", None))
        return RemoteBackend(args.endpoint, timeout=args.timeout, credentials=credentials)
    return EmbeddedBackend(build_graph(getattr(args, "data", None) or None))


def emit(text: str, output: str | None) -> None:
    """``text`` to the file -o names (UTF-8; kgtool.outputs says why one cannot be written, and
    refuses a compressed file's name), else to standard output."""
    if output is None:
        sys.stdout.write(text)
    else:
        from kgtool.outputs import plain_file_path, write_output

        write_output(plain_file_path(output), text)


def emit_table(args: argparse.Namespace, table: ResultTable, notes: list[str] | None = None) -> None:
    """A verb's rows in its --format, --lang and --iris, wrapped to the terminal when there is one."""
    from kgtool.cli.tables import render, terminal_width

    output = getattr(args, "output", None)
    text = render(
        table,
        args.format,
        notes if args.format == "table" else None,
        lang=args.lang,
        iris=getattr(args, "iris", False),
        width=terminal_width(output),
    )
    emit(text, output)


def lit(value: str) -> dict[str, str]:
    return {"type": "literal", "value": value}


def uri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}
