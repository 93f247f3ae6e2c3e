"""A mistake on the command line itself (an unknown option, a missing argument, a value the
option does not take) is printed the way kgtool prints every problem, in the reader's language,
and exits 2: argparse's own English ("error: the following arguments are required") is what a
Russian or Kyrgyz reader used to get.

The list of argparse's messages comes from the running argparse's source, so a Python whose
argparse words a new message fails here until the message is translated or shown unreachable.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re

import pytest
from test_cli_languages import foreign_words

from kgtool.cli.help_words import (
    ARGPARSE_MESSAGES,
    ARGPARSE_UNREACHABLE,
    PLACEHOLDER,
    TYPE_WORDS,
    argparse_in,
    argparse_words,
)
from kgtool.cli.main import build_parser, main
from kgtool.cli.verbs import COMMANDS
from kgtool.errors import EXIT_INPUT
from kgtool.i18n.catalogue import t
from kgtool.vocab import LANGUAGES

# argparse's words that are not a user's mistake: the help's frame (kgtool.cli.help_words._walk
# translates it), the error line Parser.error replaces, and mistakes in defining a parser
FRAME = {
    "usage: ",
    "options",
    "positional arguments",
    "show this help message and exit",
    "%(prog)s: error: %(message)s\n",
}
DEFINITION = {
    "%r is not callable",
    "'required' is an invalid argument for positionals",
    ".__call__() not defined",
    'argument "-" with mode %r',
    "cannot have multiple subparser arguments",
    "cannot merge actions - two groups are named %r",
    "conflicting subparser alias: %s",
    "conflicting subparser: %s",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
    "conflicting option string: %s",
}


def argparse_messages() -> set[str]:
    """Every message the running argparse passes to ``_`` or (its singular) to ``ngettext``."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
        if called and node.args and isinstance(node.args[0], ast.Constant):
            found.add(node.args[0].value)
    return found


def test_every_message_of_argparse_is_translated_or_cannot_be_met() -> None:
    messages = argparse_messages()
    assert len(messages) > 20  # the scan read argparse, not nothing
    placed = set(ARGPARSE_MESSAGES) | set(ARGPARSE_UNREACHABLE) | FRAME | DEFINITION
    assert sorted(messages - placed) == []
    assert sorted((set(ARGPARSE_MESSAGES) | set(ARGPARSE_UNREACHABLE)) - messages) == []  # none stale


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("message", sorted(ARGPARSE_MESSAGES))
def test_a_translation_keeps_argparses_placeholders(message: str, lang: str) -> None:
    """argparse fills the translated text with ``%`` as it fills its own: the same placeholders."""
    translated = argparse_words(lang)(message)
    assert sorted(m.group(0) for m in re.finditer(PLACEHOLDER, translated)) == sorted(
        m.group(0) for m in re.finditer(PLACEHOLDER, message)
    )
    names = {m.group(1) for m in re.finditer(PLACEHOLDER, message) if m.group(1)}
    values = dict.fromkeys(names, "X") if names else ("X",) if "%" in message else ()
    filled = translated % values
    assert "%" not in filled
    if lang != "en":
        assert filled != message % values


def all_parsers() -> list[argparse.ArgumentParser]:
    root = build_parser()
    verbs = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return [root, *(verbs.choices[name] for name in COMMANDS)]


def test_what_is_called_unreachable_is() -> None:
    """No option takes a fixed number of values or opens a file itself, and every typed option's
    refusal is worded by Parser._get_value (the types it does not word cannot fail: the lambda splits a
    list, file_or_standard_output reads -o's "-" as standard output)."""
    kinds = set()
    for parser in all_parsers():
        for action in parser._actions:
            assert not isinstance(action.nargs, int) or action.nargs in (0,), action.dest
            assert not isinstance(action.type, argparse.FileType), action.dest
            if action.type is not None:
                kinds.add(getattr(action.type, "__name__", ""))
    assert kinds - set(TYPE_WORDS) == {"<lambda>", "file_or_standard_output"}


MISTAKES = [
    (["frobnicate"], "kgtool"),  # no such verb
    (["cite"], "kgtool cite"),  # the required RESOURCE left out
    (["validate", "--jobs", "two"], "kgtool validate"),  # not a whole number
    (["validate", "--format", "pdf"], "kgtool validate"),  # not one of the choices
    (["validate", "--quiet=yes"], "kgtool validate"),  # a flag given a value
    (["indices", "--nonsense"], "kgtool"),  # an option no verb has
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("words", "command"), MISTAKES)
def test_a_mistake_on_the_command_line_is_worded_like_any_problem(
    words: list[str], command: str, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", lang)
    with pytest.raises(SystemExit) as done:
        main(words)
    assert done.value.code == EXIT_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    usage, problem = err.split("ERROR [cli#bad-arguments] ")
    assert usage.startswith(t("help.usage", lang) + " " + command)
    said, hint = problem.rstrip("\n").split("\n  hint: ")
    assert said.startswith(command + ": ")
    assert hint == t("cli.bad_arguments_hint", lang, command=command)
    assert "Traceback" not in err and "error:" not in err
    # the reader's words only (what was typed, the choices and the usage line are as typed)
    typed = re.sub(r"'[^']*'|\S*--?[\w=-]+|\b[A-Z]+\b|kgtool( \w+)?", " ", said)
    assert foreign_words(typed, lang) == []


def test_the_language_can_be_named_after_the_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang is looked for before parsing, as for the help: a mistake anywhere is in that language."""
    with pytest.raises(SystemExit):
        main(["validate", "--jobs", "two", "--lang", "ru"])
    err = capsys.readouterr().err
    assert t("cli.args.not_whole_number", "ru", value="'two'") in err


def test_argparse_speaks_english_again_after_kgtool_parsed() -> None:
    """The translation is argparse's module-level ``_`` only while kgtool parses: another program's
    parser in the same process (a test runner, a notebook) is left as it was."""
    before = argparse._  # type: ignore[attr-defined]
    with argparse_in("ru"):
        assert argparse._ is not before  # type: ignore[attr-defined]
    assert argparse._ is before  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        main(["frobnicate", "--lang", "ru"])
    assert argparse._ is before  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "command", [["validate", "--no-reasoner"], ["build"], ["load", "--endpoint", "http://127.0.0.1:9/sparql"]]
)
def test_an_input_format_without_files_is_refused_in_words(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--input-format names the syntax of the FILEs given. Without any, validate and build took it
    for the project's own Turtle files in one of their readings and failed with
    ``internal#unexpected`` (a SyntaxError); load took it for them and refused the Turtle as
    N-Triples. Nothing is read or sent: the endpoint here listens nowhere."""
    assert main([*command, "--input-format", "nt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [cli#input-format-without-files] --input-format nt names the syntax of the FILEs")
    assert "Traceback" not in err and "internal#unexpected" not in err


def test_validate_called_without_files_reads_the_projects_own_by_their_extensions() -> None:
    from kgtool.validation.run import validate

    given, plain = validate(None, "nt", reasoner=False), validate(None, reasoner=False)  # it raised a SyntaxError
    assert given.files == plain.files
    assert [f.as_dict() for f in given.findings] == [f.as_dict() for f in plain.findings]
