"""kgtool build: write the merged graph (ontology + data) in one RDF syntax."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kgtool.cli.options import add_common, add_input_format, add_output, add_verb, files_read, input_format_of
from kgtool.errors import EXIT_OK
from kgtool.i18n.catalogue import figure, reader_lang, t


def run(args: argparse.Namespace) -> int:
    from kgtool.outputs import plain_file_path, write_output
    from kgtool.rdf.literal_forms import note_rewritten
    from kgtool.rdf.project import build_graph
    from kgtool.rdf.write import output_format, serialize

    input_format = input_format_of(args)
    # -o - is None (add_output); a compressed name's hint says the --format its syntax needs
    out = (
        None if args.output is None else plain_file_path(args.output, lambda plain: _stream_format(plain, args.format))
    )
    syntax = output_format(out, args.format)  # before the graph is built: a contradiction is known at once
    kg = build_graph(args.files or None, input_format)
    data = serialize(kg, syntax)
    note_rewritten(args.files, input_format, reader_lang(getattr(args, "lang", None)), refuse=True)
    if out is not None:
        write_output(out, data)
        lang = reader_lang(getattr(args, "lang", None))
        print(t("status.wrote_statements", lang, n=figure(len(kg), lang, grouped=False), out=out), file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def _stream_format(plain: Path, given: str | None) -> str:
    """What ``build`` must be told for its standard output to be in the syntax ``plain``'s
    extension names (standard output is Turtle unless --format says otherwise)."""
    from kgtool.rdf.write import output_format

    syntax = given or output_format(plain, None)
    return "" if syntax == "ttl" else f" --format {syntax}"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "build",
        description="Merge the ontology and the assessment data into one graph and write it "
        "(to standard output unless -o is given). With FILEs, merge those with the ontology instead "
        "of the project's own data.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to merge instead of the project's data")
    add_output(p)
    p.add_argument(
        "--format",
        choices=["ttl", "nt", "jsonld", "rdfxml"],
        help="output syntax (default: the one -o's extension names: .ttl, .nt, .jsonld, .rdf; else ttl); "
        "one the extension contradicts is refused",
    )
    add_input_format(p)
    add_common(p)
    p.set_defaults(handler=run, reads=files_read)
