"""`kgtool --help` in the reader's language: the parser's words swapped for the catalogue's.

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
from collections.abc import Sequence

from kgtool.cli.verbs import Verbs
from kgtool.vocab import DEFAULT_LANG, LANGUAGES

# typing.TYPE_CHECKING without importing typing, which `kgtool --help` would pay for; mypy reads
# any name TYPE_CHECKING as true
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


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
