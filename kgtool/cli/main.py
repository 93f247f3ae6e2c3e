"""The `kgtool` command line: parse arguments, call the library, print, exit.

Each verb lives in ``kgtool/commands/<verb>.py`` as a few lines that call a library
function and render its result. Errors from the library (``KgtoolError``) become one
readable line and a documented exit code here; a traceback appears only with -v.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from kgtool import __version__
from kgtool.cli.help_words import Parser, argparse_in, help_lang, translate_help
from kgtool.cli.options import EXIT_CODE_TEXT, default_lang
from kgtool.cli.verbs import Verbs
from kgtool.stopping import Terminated, sigterm_stops

Handler = Callable[[argparse.Namespace], int]


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The parser of every verb, its help in ``lang`` (see kgtool.cli.help_words); a verb's own
    parser is built when argparse (or a caller) first looks it up (kgtool.cli.verbs)."""
    parser = Parser(
        prog="kgtool",
        description="Turn an assessment of a country's system of government accountability "
        "into a validated, queryable, publishable knowledge graph.",
        epilog=EXIT_CODE_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kgtool {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, action=Verbs)
    parser.lang = lang
    if lang != Parser.lang and isinstance(verbs, Verbs):  # each verb's parser words its mistakes in ``lang`` too

        def speak(verb: str, sub: argparse.ArgumentParser) -> None:
            sub.lang = lang  # type: ignore[attr-defined]

        verbs.verbs.when_built(speak)
    translate_help(parser, lang)
    return parser


def _read_folders(args: argparse.Namespace) -> None:
    """A folder among a command's RDF files (its FILE arguments, its --data) stands for the RDF
    files in it (``kgtool.rdf.folders``); ``kgtool import``'s workbooks are no RDF files."""
    for name in ("files", "data"):
        given = getattr(args, name, None)
        if isinstance(given, list) and any(os.path.isdir(p) for p in given):
            from kgtool.rdf.folders import with_folders_read

            setattr(args, name, with_folders_read(given))


def _refuse_writing_over_inputs(args: argparse.Namespace) -> None:
    """``-o`` naming a file the command reads (``kgtool.outputs.refuse_input``), refused before
    anything is read or written: each verb that reads files and writes ``-o`` says what it reads
    (``reads``, ``kgtool.cli.options.files_read`` or ``data_read``)."""
    reads = getattr(args, "reads", None)
    output = getattr(args, "output", None)
    if reads is not None and isinstance(output, str):
        from kgtool.outputs import refuse_input

        refuse_input(output, reads(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one kgtool command and return its exit code (testable in-process)."""
    words = list(sys.argv[1:] if argv is None else argv)
    lang = help_lang(words, default_lang())
    parser = build_parser(lang)
    with argparse_in(lang):
        args = parser.parse_args(words)
    # what only a command that runs needs, imported once the words are parsed (kgtool --help
    # ends inside parse_args, and the error classes alone cost it a fifth of its start-up)
    from kgtool.errors import EXIT_INPUT, EXIT_OK, KgtoolError
    from kgtool.errors.catalogue import line
    from kgtool.i18n.catalogue import ENV_LANG, reader_lang, t
    from kgtool.i18n.problems import in_language
    from kgtool.vocab import DEFAULT_LANG, LANGUAGES, language_named

    handler: Handler = args.handler
    setting = os.environ.get(ENV_LANG, "").strip()
    chosen = any(w == "--lang" or w.startswith("--lang=") for w in words)  # then the setting does not count
    if setting and language_named(setting) is None and not chosen:  # said, not silently read as English
        print(t("lang.env_unknown", DEFAULT_LANG, setting=setting, languages=", ".join(LANGUAGES)), file=sys.stderr)
    if not getattr(args, "verbose", False):
        # rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:integer) it converts;
        # the shapes report those literals by entity and file, so the traceback is only noise.
        # (logging and traceback are imported where they are used: `kgtool --help` never needs them)
        import logging

        logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        _read_folders(args)
        _refuse_writing_over_inputs(args)
        return handler(args)
    except KgtoolError as exc:
        if getattr(args, "verbose", False):
            import traceback

            traceback.print_exc()
        print(in_language(exc, reader_lang(getattr(args, "lang", None))), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        said = "status.terminated" if isinstance(exc, Terminated) else "status.interrupted"
        print(t(said, reader_lang(getattr(args, "lang", None))), file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in kgtool: say so plainly, keep the traceback for -v
        if getattr(args, "verbose", False):
            import traceback

            traceback.print_exc()
        lang = reader_lang(getattr(args, "lang", None))
        failure = t("internal.unexpected", lang, failure=f"{type(exc).__name__}: {exc}")
        print(line("internal#unexpected", failure, hint=t("internal.unexpected_hint", lang)), file=sys.stderr)
        return EXIT_INPUT


def entrypoint() -> None:
    """The ``kgtool`` program: ``main``, stopped by SIGTERM as by Ctrl-C (``kgtool.stopping``), which
    ``main`` run in-process leaves alone: a caller's own SIGTERM still ends the caller."""
    code: int | None = None
    try:
        with sigterm_stops():
            code = main()
    except Terminated:  # outside the command: while its arguments were read (a command that ended keeps its code)
        if code is None:
            from kgtool.errors import EXIT_INPUT
            from kgtool.i18n.catalogue import reader_lang, t

            print(t("status.terminated", reader_lang(None)), file=sys.stderr)
            code = EXIT_INPUT
    sys.exit(code)
