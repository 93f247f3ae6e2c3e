"""The headings of kgtool's text tables are words of the reader's language, never a query's
variable names.

A table's column is headed by the catalogue's ``column.<variable>``. Only 29 of them existed,
so ``kgtool search … --lang ru`` was headed ``type field lang snippet score iri`` and ``kgtool basis
--observers`` showed ``processLabel normLabel editorialNote`` in every language. Here: every
variable a named query projects, and every column a command builds itself, has a heading in
en, ru and ky; no two columns of one table get the same heading; the commands' tables are
headed in the reader's language; CSV, TSV and JSON keep the variable names programs read.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_cli_languages import ALLOWED_LATIN, LATIN

from kgtool.cli.main import main
from kgtool.cli.tables import headers
from kgtool.i18n.catalogue import keys, t
from kgtool.sparql.named import NamedQuery, all_queries
from kgtool.vocab import LANGUAGES

CLI = Path(__file__).resolve().parents[1] / "kgtool" / "cli"
SEARCH_COLUMNS = ["type", "label", "field", "lang", "snippet", "iri", "score"]  # kgtool search's own


def projection(query: NamedQuery) -> list[str]:
    """The variables ``query`` answers with, in order, as a SPARQL engine reads its SELECT
    (``?x`` and ``(… AS ?x)`` alike): asked of an empty store, which answers no rows but
    the columns."""
    solutions = ox.Store().query(query.text)
    assert isinstance(solutions, ox.QuerySolutions), f"{query.name} is not a SELECT"
    return [v.value for v in solutions.variables]


@cache
def cli_tables() -> dict[str, list[str]]:
    """The columns of each table a command builds itself (``ResultTable([...])`` in kgtool/cli),
    by file and line: the strings in the call's first argument, a module-level list it names
    followed (diff's COLUMNS)."""
    found = {}
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "ResultTable" and call.args:
                found[f"{path.name}:{call.lineno}"] = strings_in(call.args[0], constants)
    return found


def strings_in(node: ast.AST, constants: dict[str, ast.expr]) -> list[str]:
    out: list[str] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            out.append(inner.value)
        elif isinstance(inner, ast.Name) and inner.id in constants:
            out += strings_in(constants[inner.id], constants)
    return out


def missing_and_repeated(columns: list[str]) -> list[str]:
    """The columns with no heading in some language, and the headings two columns share."""
    problems = [f"column.{c} ({lang})" for c in columns for lang in LANGUAGES if f"column.{c}" not in keys(lang)]
    for lang in LANGUAGES:
        shown = headers(columns, lang)
        problems += [f"{h!r} twice ({lang})" for h in sorted(set(shown)) if shown.count(h) > 1]
    return problems


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_every_column_of_a_named_query_has_a_heading_in_every_language(query: NamedQuery) -> None:
    assert missing_and_repeated(projection(query)) == []


def test_every_column_a_command_builds_has_a_heading_in_every_language() -> None:
    tables = cli_tables()
    # search, basis (three tables), gaps, indices and diff build their own
    assert len(tables) >= 7 and SEARCH_COLUMNS in tables.values()
    problems = {where: found for where, columns in tables.items() if (found := missing_and_repeated(columns))}
    assert problems == {}


def test_a_label_column_and_the_iri_column_beside_it_are_told_apart() -> None:
    """``processLabel`` and ``process`` are both "process" to a reader: the IRI column is the id."""
    assert headers(["processLabel", "process", "pair"], "en") == ["process", "process (id)", "pair"]
    assert headers(["process"], "ru") == [t("column.process", "ru")]
    assert headers(["myOwnVariable"], "ru") == ["myOwnVariable"]  # a user's own query: as written


# --- the commands' tables ------------------------------------------------------------------------

COMMANDS = {
    "search": ["search", "парламент"],
    "basis-observers": ["basis", "--observers"],
    "basis-article": ["basis", "--article", "86"],
    "basis-ranking": ["basis", "--ranking", "articles"],
    "query-pair-index": ["query", "pair-index"],
    "query-observer-mandates": ["query", "observer-mandates"],
    "query-support-needs": ["query", "support-needs"],
}


def headings(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[str]:
    """The headings of the table a command prints: its first line, split where columns part."""
    assert main(argv) == 0
    first = capsys.readouterr().out.splitlines()[0]
    return re.split(r"\s{2,}", first.strip())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_commands_table_is_headed_in_the_readers_language(
    command: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = headings(capsys, [*COMMANDS[command], "--lang", lang])
    assert len(shown) == len(set(shown)), shown
    camel = [h for h in shown if re.search(r"[a-z][A-Z]", h)]  # processLabel, editorialNote: a variable's name
    assert camel == []
    if lang != "en":
        latin = [h for h in shown for word in LATIN.findall(h) if word not in ALLOWED_LATIN]
        assert latin == [], f"untranslated headings: {latin}"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_machine_readable_output_keeps_the_variable_names(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    def columns(argv: list[str]) -> list[str]:
        assert main([*argv, "--format", fmt]) == 0
        out = capsys.readouterr().out
        if fmt == "json":
            return list(json.loads(out)["head"]["vars"])
        return next(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))

    assert columns(["search", "парламент", "--lang", "ru"]) == SEARCH_COLUMNS
    observers = columns(["basis", "--observers", "--lang", "ky"])
    assert "processLabel" in observers and "editorialNote" in observers


def test_the_query_list_names_parameters_in_the_readers_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The words around each query (its question is the .rq header's in the reader's language,
    tests/test_query_questions.py)."""
    assert main(["query", "--list", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "parameters:" not in out and out.count("параметры: ") == len(all_queries())
