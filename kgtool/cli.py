"""The `kgtool` command line: parse arguments, call the library, print, exit.

Nothing here computes anything: each command is a few lines that call a library
function and render its result. Errors from the library (``KgtoolError``) become
one readable line and a documented exit code; a traceback appears only with -v.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from kgtool import __version__
from kgtool.errors import EXIT_CODES, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, KgtoolError

Handler = Callable[[argparse.Namespace], int]

EXIT_CODE_TEXT = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="show a traceback on errors")


def _build(args: argparse.Namespace) -> int:
    from kgtool.build import build_graph, serialize

    kg = build_graph(args.files or None, args.input_format)
    data = serialize(kg, args.format)
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"wrote {len(kg)} statements to {out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kgtool.validate import validate
    from kgtool.validation_report import RENDERERS

    report = validate(args.files or None, args.input_format, reasoner=not args.no_reasoner, lang=args.lang)
    text = RENDERERS[args.format](report)
    _emit(text, args.output)
    return EXIT_FINDINGS if report.fails(args.fail_on) else EXIT_OK


def _emit(text: str, output: str | None) -> None:
    if output:
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgtool",
        description="Turn an assessment of a country's system of government accountability "
        "into a validated, queryable, publishable knowledge graph.",
        epilog=EXIT_CODE_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kgtool {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "build", help="write the merged graph (ontology + data)",
        description="Merge the ontology and the assessment data into one graph and write it "
        "(to standard output unless -o is given). With FILEs, merge those with the ontology instead "
        "of the project's own data.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to merge instead of the project's data")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--format", choices=["ttl", "nt", "jsonld", "rdfxml"], default="ttl",
                   help="output syntax (default: ttl)")
    p.add_argument("--input-format", choices=["ttl", "nt", "jsonld", "rdfxml", "trig", "nq", "n3"],
                   help="syntax of FILEs when their extension does not say")
    _common(p)
    p.set_defaults(handler=_build)

    p = sub.add_parser(
        "validate", help="check the data against the SHACL shapes and the OWL ontology",
        description="Validate the project's data (or the given FILEs, together with the ontology) against "
        "the SHACL shapes in shapes/, and check with the OWL reasoner (HermiT) that ontology and data are "
        "consistent. Findings name the entity by its label and IRI, the problem in plain words, the fix, "
        "and the file and line where the entity is stated.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate instead of the project's data")
    p.add_argument("--format", choices=["text", "json", "junit", "github"], default="text",
                   help="text for people (default), json (documented, stable), junit (CI test reporters), "
                   "github (workflow annotations)")
    p.add_argument("--fail-on", choices=["violation", "warning"], default="violation",
                   help="lowest severity that makes the exit code 1 (default: violation)")
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL consistency check (HermiT, needs Java)")
    p.add_argument("--lang", choices=["ky", "ru", "en"], default="en",
                   help="language of entity labels in messages (default: en, falling back to ky)")
    p.add_argument("--input-format", choices=["ttl", "nt", "jsonld", "rdfxml", "trig", "nq", "n3"],
                   help="syntax of FILEs when their extension does not say")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of standard output")
    _common(p)
    p.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one kgtool command and return its exit code (testable in-process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KgtoolError as exc:
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in kgtool: say so plainly, keep the traceback for -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"ERROR [internal#unexpected] kgtool failed unexpectedly: {type(exc).__name__}: {exc}\n"
              "  hint: run again with -v and report the traceback", file=sys.stderr)
        return EXIT_INPUT


def entrypoint() -> None:
    sys.exit(main())
