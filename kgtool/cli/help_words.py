"""`kgtool --help`, and argparse's refusals of a command line, in the reader's language: the
parser's words swapped for the catalogue's (the refusals: at the end of this module).

The help texts stay where each option is defined (``help=`` in the verb's module), in English,
which is what ``kgtool --help`` prints without a language. For another language, once the parser
is built, every description, verb summary, option help and the exit codes are looked up in the
catalogues under a key that names where they are used:

- ``help.kgtool.description``, ``help.<verb>`` (the one-line summary), ``help.<verb>.description``;
- ``help.<verb>.<dest>`` for an option of one verb (``help.<verb>.<option>`` when two options
  share a destination), ``help.common.<dest>`` for one that many
  verbs share with the same words (``--endpoint``, ``--output``, ``-v``…), ``help.exit_codes``.

argparse's own frame ("usage:", "positional arguments:", "options:") is the messages
``help.usage``, ``help.positional_arguments`` and ``help.options``. A text is replaced only when the catalogue's English for the key is the text the code has, so an
option whose English was reworded shows its (new) English rather than an old translation; the
tests list what is left in English. The language comes from ``--lang`` on the command line
(looked for before parsing, since the help is printed while parsing) or KGTOOL_LANG, and English
costs nothing: no catalogue is read (nor ``kgtool.i18n`` imported) to print the help as it was.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence

from kgtool.cli.verbs import Verbs
from kgtool.vocab import DEFAULT_LANG, LANGUAGES

# typing.TYPE_CHECKING without importing typing, which `kgtool --help` would pay for; mypy reads
# any name TYPE_CHECKING as true
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn


def help_lang(argv: Sequence[str], default: str) -> str:
    """The language named by ``--lang X`` or ``--lang=X`` in ``argv``, else ``default``."""
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if word.startswith("--lang=") and word.removeprefix("--lang=") in LANGUAGES:
            return word.removeprefix("--lang=")
    return default


def translate_help(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put the help of ``parser`` and of its verbs into ``lang`` where the catalogues have it."""
    if lang != DEFAULT_LANG:
        _walk(parser, "kgtool", lang)


def _said(english: str | None, candidates: Sequence[str], lang: str) -> str | None:
    """The first candidate's words in ``lang`` whose English is ``english``; else ``english``."""
    from kgtool.i18n.catalogue import keys, t

    if not english:
        return english
    known = keys(lang)
    for key in candidates:
        if key in known and t(key, DEFAULT_LANG) == english:
            return t(key, lang)
    return english


def _formatter(base: Any, lang: str) -> Any:
    """``base`` with argparse's "usage: " in ``lang``."""
    from kgtool.i18n.catalogue import t

    prefix = t("help.usage", lang) + " "

    class Formatter(base):  # type: ignore[misc]
        def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix_: str | None = None) -> None:
            super().add_usage(usage, actions, groups, prefix)

    return Formatter


def _walk(parser: argparse.ArgumentParser, name: str, lang: str) -> None:
    from kgtool.i18n.catalogue import t

    parser.formatter_class = _formatter(parser.formatter_class, lang)
    parser._positionals.title = t("help.positional_arguments", lang)
    parser._optionals.title = t("help.options", lang)
    parser.description = _said(parser.description, [f"help.{name}.description"], lang)
    parser.epilog = _said(parser.epilog, ["help.exit_codes"], lang)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for summary in action._choices_actions:
                summary.help = _said(summary.help, [f"help.{summary.dest}"], lang)

            def walk_verb(verb: str, sub: argparse.ArgumentParser) -> None:
                _walk(sub, verb, lang)

            if isinstance(action, Verbs):  # each verb's parser is built when first looked up
                action.verbs.when_built(walk_verb)
            else:
                for verb, sub in action.choices.items():
                    walk_verb(verb, sub)
        else:
            # two options may share a destination (--gsp, --sparql-update): the option's own name tells them apart
            option = max(action.option_strings, key=len, default="").lstrip("-").replace("-", "_")
            candidates = [f"help.{name}.{action.dest}", f"help.{name}.{option}", f"help.common.{action.dest}"]
            action.help = _said(action.help, candidates, lang)


# --- argparse's own messages -----------------------------------------------------------------------
#
# argparse words a mistake on the command line itself ("the following arguments are required: FILE")
# through its module-level ``_`` (gettext). While kgtool parses, ``argparse_in(lang)`` puts a function
# there that answers each message below with the catalogue's words, and ``Parser.error`` prints the
# result the way kgtool prints every problem (its level, the ID cli#bad-arguments, then a hint), with the
# exit code of bad input. Each message's key is under ``cli.args.``; a message's ``%(name)s``
# placeholders are the key's ``{name}``, and its one unnamed ``%s`` (or ``%r``) is the key's
# placeholder named by the entry's second item. tests/test_cli_errors.py checks that every message of the running argparse is either here or
# in ``ARGPARSE_UNREACHABLE``.
ARGPARSE_MESSAGES: dict[str, tuple[str, str]] = {
    "ambiguous option: %(option)s could match %(matches)s": ("cli.args.ambiguous_option", ""),
    "argument %(argument_name)s: %(message)s": ("cli.args.argument", ""),
    "expected at least one argument": ("cli.args.expected_at_least_one", ""),
    "expected at most one argument": ("cli.args.expected_at_most_one", ""),
    "expected one argument": ("cli.args.expected_one", ""),
    "ignored explicit argument %r": ("cli.args.ignored_value", "value"),
    "invalid choice: %(value)r (choose from %(choices)s)": ("cli.args.invalid_choice", ""),
    "not allowed with argument %s": ("cli.args.not_allowed_with", "other"),
    "one of the arguments %s is required": ("cli.args.one_required", "options"),
    "the following arguments are required: %s": ("cli.args.required", "arguments"),
    "unexpected option string: %s": ("cli.args.unexpected_option", "option"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": ("cli.args.unknown_command", ""),
    "unrecognized arguments: %s": ("cli.args.unrecognized", "arguments"),
}
# the messages a user of kgtool cannot meet, and why: the rest of argparse's words are the help's
# frame (translated above by ``_walk``), its error line (``Parser.error`` prints kgtool's instead),
# or mistakes in a parser's definition, which are kgtool's bugs, caught by its tests
ARGPARSE_UNREACHABLE = {
    "can't open '%(filename)s': %(error)s": "no option of kgtool has an argparse.FileType",
    "expected %s argument": "no option of kgtool takes a fixed number of values (nargs=N)",
    "invalid %(type)s value: %(value)r": "Parser._get_value words a value its type refuses",
}
# the values the options' types refuse, named for a reader ("not a whole number", not "invalid int")
TYPE_WORDS = {"int": "cli.args.not_whole_number", "float": "cli.args.not_number"}
PLACEHOLDER = r"%\((\w+)\)[sr]|%[sr]"  # argparse's: %(name)s, %(name)r, %s, %r


def argparse_words(lang: str) -> Callable[[str], str]:
    """The function argparse calls as ``_``: each message of ``ARGPARSE_MESSAGES`` in ``lang``, with
    argparse's placeholders where the catalogue has its ``{names}``; any other text as it is."""

    def words(message: str) -> str:
        if message not in ARGPARSE_MESSAGES:
            return message
        from kgtool.i18n.catalogue import t

        key, unnamed = ARGPARSE_MESSAGES[message]
        holes = {m.group(1) or unnamed: m.group(0) for m in re.finditer(PLACEHOLDER, message)}
        return t(key, lang, **holes)

    return words


class argparse_in:  # a class named as the function it is used as: ``with argparse_in(lang): …``
    """Parse with argparse's messages in ``lang`` (its ``_`` is a module global, looked up per
    call). A class rather than ``contextlib.contextmanager``, which ``kgtool --help`` would import."""

    def __init__(self, lang: str) -> None:
        self.words = argparse_words(lang)

    def __enter__(self) -> None:
        self.before = argparse._  # type: ignore[attr-defined]
        argparse._ = self.words  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        argparse._ = self.before  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """kgtool's parsers: a mistake on the command line is printed as kgtool prints any problem, in
    the reader's language (``lang``, set by ``kgtool.cli.main.build_parser``), and exits 2."""

    lang = DEFAULT_LANG

    def error(self, message: str) -> NoReturn:
        import sys

        from kgtool.errors import EXIT_INPUT, UsageError
        from kgtool.i18n.problems import in_language, worded

        self.print_usage(sys.stderr)
        problem = worded(UsageError, "cli#bad-arguments", "cli.bad_arguments", command=self.prog, problem=message)
        print(in_language(problem, self.lang), file=sys.stderr)
        raise SystemExit(EXIT_INPUT)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        key = TYPE_WORDS.get(getattr(action.type, "__name__", ""))
        if key is None or not callable(action.type):
            return super()._get_value(action, arg_string)
        try:
            return action.type(arg_string)
        except (TypeError, ValueError):
            from kgtool.i18n.catalogue import t

            raise argparse.ArgumentError(action, t(key, self.lang, value=repr(arg_string))) from None
