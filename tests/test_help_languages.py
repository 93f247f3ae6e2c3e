"""`kgtool --help` follows the reader's language (--lang on the command line, or KGTOOL_LANG):
every description, verb summary, option help and the exit codes (all of `gaps` and `validate`
checked word by word); English is what the code says, unchanged.

argparse's frame ("usage:", "options:", "positional arguments:") is translated too; the option
names, metavars and choices a user types as they are are left out of the check.
"""

from __future__ import annotations

import argparse
import re

import pytest
from test_cli_languages import foreign_words

from kgtool.cli.help_words import help_lang
from kgtool.cli.main import build_parser, main
from kgtool.cli.verbs import COMMANDS
from kgtool.i18n.catalogue import DEFAULT_LANG, keys, t

READERS = ["ru", "ky"]
USAGE = re.compile(r"^(\S+) kgtool.*?\n\n", re.S)  # the usage block: its first word, then what is typed
TYPED = re.compile(r"\{[\w,-]+\}|\b[A-Z][A-Z_]*\b|(?<![\w-])--?[\w-]+|\b(?:ky|ru|en)\b")  # choices, METAVARS, options


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, so that argparse does not break a code like appendix-disagreement at its hyphen."""
    monkeypatch.setenv("COLUMNS", "400")


def help_text(verb: list[str], capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """What ``kgtool [VERB] --help [EXTRA]`` prints (``kgtool --help --lang ru`` works: the help is
    printed before the rest is parsed, and kgtool has no top-level --lang)."""
    with pytest.raises(SystemExit) as done:
        main([*verb, "--help", *extra])
    assert done.value.code == 0
    return capsys.readouterr().out


def said(text: str) -> str:
    """The help's own words: argparse's frame and what is typed as it is taken out."""
    return TYPED.sub(" ", USAGE.sub(r"\1 ", text))


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize("verb", [[], ["gaps"], ["validate"]])
def test_the_help_is_in_the_readers_language(lang: str, verb: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(verb, capsys, "--lang", lang)
    assert text.startswith(t("help.usage", lang) + " kgtool")
    # words the help names as they are: data formats, programs, the choices of --format and --reasoner
    names = ("table", "csv", "tsv", "json", "junit", "github", "text", "tbox", "full", "fast", "pyshacl", "violation")
    words = said(text).replace("docs/validate.md", " ")
    for name in (
        *names,
        *COMMANDS,
        "rules",
        "demand",
        "motivation",
        "enforcement",
        "ttl",
        "HermiT",
        "Java",
        "BibTeX",
        "Ctrl",
    ):
        words = re.sub(rf"\b{name}\b", " ", words)
    for name in (
        "W3C",
        "Basic",
        "Digest",
        "netrc",
        "CSL",
        "JSON",
        "RIS",
        "HTML",
        "Turtle",
        "CI",
        "workflow",
        "queries/",
        ".rq",
    ):
        words = words.replace(name, " ")
    words = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", " ", words)  # the --kind codes, typed as they are
    assert foreign_words(words, lang) == [], text


def test_kgtool_lang_sets_the_language_of_the_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", "ky")
    assert t("help.gaps", "ky") in help_text([], capsys)


def test_english_help_is_the_codes_words(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KGTOOL_LANG", raising=False)
    text = help_text(["gaps"], capsys)
    assert "only these gap lists (repeatable; default: all)" in text
    assert "exit codes:\n  0  success; for validate: the data conforms" in text


def test_the_language_is_found_before_parsing() -> None:
    assert help_lang(["gaps", "--lang", "ru", "--help"], "en") == "ru"
    assert help_lang(["gaps", "--lang=ky"], "en") == "ky"
    assert help_lang(["gaps", "--lang", "xx"], "en") == "en"
    assert help_lang(["gaps"], "ru") == "ru"


def english_texts() -> dict[str, set[str]]:
    """Every help text of the parser by the keys that may name it."""
    found: dict[str, set[str]] = {}

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        found.setdefault(f"help.{name}.description", set()).add(parser.description or "")
        found.setdefault("help.exit_codes", set()).add(parser.epilog or "")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for summary in action._choices_actions:
                    found.setdefault(f"help.{summary.dest}", set()).add(summary.help or "")
                for verb, sub in action.choices.items():
                    walk(sub, verb)
            else:
                option = max(action.option_strings, key=len, default="").lstrip("-").replace("-", "_")
                for key in (f"help.{name}.{action.dest}", f"help.{name}.{option}", f"help.common.{action.dest}"):
                    found.setdefault(key, set()).add(action.help or "")

    walk(build_parser(), "kgtool")
    return found


def test_every_help_message_is_the_english_of_a_help_text() -> None:
    """A help message whose English no longer matches the code would never be shown: a stale
    translation, caught here (reword the catalogue's English and the translations with it)."""
    texts = english_texts()
    frame = {"help.usage", "help.positional_arguments", "help.options"}  # argparse's words, not a help text
    help_keys = sorted(k for k in keys(DEFAULT_LANG) if k.startswith("help.") and k not in frame)
    assert len(help_keys) > 50
    stale = [k for k in help_keys if t(k, DEFAULT_LANG) not in texts.get(k, set())]
    assert not stale


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text of the parser in order: descriptions, summaries, options, exit codes."""
    out = [parser.description or "", parser.epilog or ""]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out += [summary.help or "" for summary in action._choices_actions]
            for sub in action.choices.values():
                out += help_texts(sub)
        else:
            out.append(action.help or "")
    return out


@pytest.mark.parametrize("lang", READERS)
def test_every_help_text_of_every_verb_has_its_translation(lang: str) -> None:
    english, translated = help_texts(build_parser()), help_texts(build_parser(lang))
    assert len(english) == len(translated) > 200
    left = [e for e, r in zip(english, translated, strict=True) if e and e == r]
    assert not left, left
