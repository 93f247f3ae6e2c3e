"""`kgtool gaps`, `basis`, `indices` and `validate` speak the reader's language, and only it.

For each of ky, ru and en the project's data is run through the four commands in the table
format people read, and the output is checked for words of another language:

- Russian and Kyrgyz: no run of Latin letters except an IRI, a file path, an identifier a user
  types back (an entity's short name, a --kind code, an option), a proper name or acronym on the
  allow-list below, a text from the data that has no form in the language at all (it is shown
  as the source has it, not in a wrong translation), and in validate's fixes and messages the
  Turtle they tell the reader to write (`a kgo:Country`, kgo:period "YYYY"^^xsd:gYear, @ru-t-ky);
- English: no Cyrillic except such data texts (names the data has only in Kyrgyz).

A shape's message or fix is not data: it has a form in every language (tests/test_shapes.py),
so validate's output is checked strictly, on the project's data and on the failing example of
every shape (tests/fixtures/shapes/*/invalid-*.ttl).

Also: the text table's names come first, IRIs only with --iris, nothing is cut, and long
cells wrap to a given width; `kgtool query` takes the short names `basis` and `gaps` take.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib

from kgtool import assets
from kgtool.cli.main import main
from kgtool.cli.tables import text_table
from kgtool.i18n.catalogue import t
from kgtool.rdf.project import build_graph
from kgtool.vocab import LANGUAGES

# proper names and acronyms that stay in Latin letters in every language
ALLOWED_LATIN = {"SHACL", "SPARQL", "OWL", "pySHACL", "kgtool", "kgo", "IRI", "HermiT", "Java", "ELI"}
IRI = re.compile(r"<?https?://[^\s>)»”\"]+>?|urn:[^\s>)]+")
PATH = re.compile(r"\b[\w./-]+\.(?:ttl|rq|jsonld|nt|xlsx|md)(?::\d+)?|~/[\w./-]+")  # a file, or a folder in the home
OPTION = re.compile(r"--[a-z][a-z-]*")
# the study's own words quoted in a project note (“110-беренесине”): quoted source text, which
# the issue allows in any language
QUOTED = re.compile(r"“[^”]*”")
CODE = re.compile(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b")  # short names, --kind codes (kebab- or snake-case)
# the Turtle a fix or a message shows: `a kgo:Country`, "YYYY-MM-DD"^^xsd:date, kgo:firstLine N,
# <kg/law/{act}/art/{N}>, "…"@ru-t-ky; kept as code in every language
TURTLE = re.compile(
    r"`[^`]*`"
    r'|"[^"\n]*"(?:\^\^\w+:\w+|@[a-z]{2}(?:-t-[a-z]{2})?)?'
    r"|<[^>\s]*>"
    r"|\b[a-z]+:[\w…-]+(?:\s+(?:[A-Z]|[A-Z]-[A-Z])\b)?"
    r"|@[a-z]{2}(?:-t-[a-z]{2})?\b"
    r"|\b(?:true|false)\b|\b(?:ky|ru|en)(?:-t-(?:ky|ru|en))?\b|\bhttp\(s\)"  # xsd:boolean values, language tags, the scheme
)
LATIN = re.compile(r"[A-Za-z][A-Za-z'’]*")
CYRILLIC = re.compile(r"[\u0400-\u04FF]+")

COMMANDS = {
    "gaps": ["gaps"],
    "basis-article": ["basis", "--article", "52"],
    "basis-process": ["basis", "--process", "public-monitoring"],
    "indices": ["indices"],
    "validate": ["validate", "--no-reasoner"],
}


@cache
def graph() -> rdflib.Graph:
    g = build_graph().to_rdflib()
    for path in assets.asset_files("shapes"):
        g.parse(path, format="turtle")
    return g


@cache
def short_names(files: tuple[Path, ...] = ()) -> frozenset[str]:
    from kgtool.iri import local_name

    return frozenset(
        local_name(str(t), ignore_trailing_slash=True)
        for g in (graph(), data_graph(files))
        for triple in g
        for t in triple
        if isinstance(t, rdflib.URIRef)
    )


@cache
def data_graph(files: tuple[Path, ...] = ()) -> rdflib.Graph:
    """The graph a command reads: the project's ontology and data, or the ontology and ``files``."""
    return build_graph(list(files) or None).to_rdflib()


@cache
def texts_without(lang: str, files: tuple[Path, ...] = ()) -> tuple[str, ...]:
    """The data's texts that have no form in ``lang`` (for their subject and property): shown as
    the source has them, so a check of words must not count them. The shapes' messages and fixes
    are not among them: each has a form in every language."""
    by_statement: dict[tuple[rdflib.term.Node, rdflib.term.Node], list[rdflib.Literal]] = {}
    for s, p, o in data_graph(files):
        if isinstance(o, rdflib.Literal) and (o.datatype is None or isinstance(o.value, str)):
            by_statement.setdefault((s, p), []).append(o)
    found: set[str] = set()
    for literals in by_statement.values():
        if not any(lit.language and (lit.language == lang or lit.language.startswith(lang + "-")) for lit in literals):
            found.update(str(lit) for lit in literals if len(str(lit)) > 2)
    return tuple(sorted(found, key=len, reverse=True))


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def strip_allowed(text: str, lang: str, files: tuple[Path, ...] = ()) -> str:
    for pattern in (IRI, PATH, OPTION, QUOTED):
        text = pattern.sub(" ", text)
    for source in texts_without(lang, files):
        text = text.replace(source, " ")
    return TURTLE.sub(" ", text)


def foreign_words(text: str, lang: str, files: tuple[Path, ...] = ()) -> list[str]:
    text = strip_allowed(text, lang, files)
    if lang == "en":
        return sorted(set(CYRILLIC.findall(text)))
    names = short_names(files)
    text = CODE.sub(lambda m: " " if m.group(0) in names or "-" in m.group(0) else m.group(0), text)
    return sorted({w for w in LATIN.findall(text) if w not in ALLOWED_LATIN and w not in names})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_command_speaks_only_the_readers_language(
    command: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, [*COMMANDS[command], "--lang", lang])
    assert out.strip()
    assert foreign_words(out, lang) == []


SHAPE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_validate_explains_every_kind_of_finding_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The failing examples of all the shapes at once: every kind of finding, its message and its
    fix (tests/test_shapes.py checks that each constraint fails in one of them), in ``lang`` only."""
    files = (SHAPE_FIXTURES / "_base.ttl", *sorted(SHAPE_FIXTURES.glob("*/invalid-*.ttl")))
    assert main(["validate", "--no-reasoner", "--lang", lang, *map(str, files)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") > 500, "one finding or more per failing example"
    assert "{?" not in out and "{$" not in out, "a message template with a placeholder left unfilled"
    # what the examples write, quoted back: the value found, and the data text a message names
    before, after = (re.escape(part) for part in t("validate.found", lang, value="\0").split("\0"))
    out = re.sub(f"{before}.*{after}$", " ", out, flags=re.MULTILINE)
    written = {
        str(o) for path in files[1:] for o in rdflib.Graph().parse(path).objects() if isinstance(o, rdflib.Literal)
    }
    for text in sorted(written, key=len, reverse=True):
        out = out.replace(f"({text})", " ")
    assert foreign_words(out, lang, files) == []


def test_validate_is_checked_strictly() -> None:
    """A shape's message left in English is a foreign word in a Russian answer: only the data's
    texts with no Russian form are shown as they are."""
    english = "A section must belong to exactly one assessment."
    assert english not in texts_without("ru") and foreign_words(f"НАРУШЕНИЕ {english}", "ru")
    assert foreign_words('как исправить: запишите kgo:period "YYYY"^^xsd:gYear, `a kgo:Country`', "ru") == []


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_a_name_that_matches_nothing_is_explained_in_the_readers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The error line's fixed form (ERROR, the [id], "hint:") is what scripts match; its words
    are the reader's."""
    assert main(["basis", "--process", "budget", "--lang", lang]) != 0
    err = capsys.readouterr().err
    assert err.startswith("ERROR [name#unknown-process] ") and "\n  hint: " in err
    words = err.replace("ERROR [name#unknown-process]", "").replace("hint:", "").replace("budget", "")
    assert foreign_words(words, lang) == []


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize(
    ("argv", "error_id", "literals"),
    [
        (["basis", "--article", "52", "--at", "20x"], "name#bad-date", ("20x",)),
        (["basis", "--act", "constitution", "--provision", "9.9"], "name#unknown-provision", ("9.9",)),
        (
            ["basis", "--process", "public-monitoring", "--agent", "citizens"],
            "query#agent-needs-observers",
            ("kgtool basis",),
        ),
        # what was typed, and the hint's examples of what to type (an IRI's path, a command)
        (
            ["cite", "no-such-resource"],
            "cite#unknown-resource",
            ("no-such-resource", "law/constitution/art/86", "id:", "kgtool query resource-names"),
        ),
        (["search", "..."], "search#no-words", ("...", "kgtool search")),
        (["search", "budget", "--limit", "-1"], "search#bad-limit", ("budget",)),
    ],
)
def test_the_new_commands_errors_are_in_the_readers_language(
    argv: list[str], error_id: str, literals: tuple[str, ...], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR [{error_id}] ") and "\n  hint: " in err
    words = err.replace(f"ERROR [{error_id}]", "").replace("hint:", "")
    for literal in literals:
        words = words.replace(literal, " ")
    assert foreign_words(words, lang) == []


def test_kgtool_lang_sets_the_language(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGTOOL_LANG", "ru")
    out = run(capsys, ["gaps", "--kind", "no-legal-basis"])
    assert out.splitlines()[0].startswith("пробел")
    assert "нет правовой основы" in out


def test_the_checker_sees_a_word_of_another_language() -> None:
    """The check itself: an English sentence in a Russian answer, and Russian in an English one."""
    assert foreign_words("ограничивает by Закон", "ru") == ["by"]
    assert foreign_words("restricts: Закон", "en") == ["Закон"]
    assert foreign_words("процесс public-monitoring <https://w3id.org/kgtool/id/x>", "ru") == []


# --- the text table ----------------------------------------------------------------------------


def test_names_come_first_and_iris_only_with_iris(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, ["gaps", "--kind", "blocked-or-restricted"])
    header = out.splitlines()[0].split()
    assert header[:2] == ["gap", "name"] and header[-3:] == ["process", "pair", "principal"]
    assert "https://" not in out and "lsg-heads-election" in out
    with_iris = run(capsys, ["gaps", "--kind", "blocked-or-restricted", "--iris"])
    assert "https://w3id.org/kgtool/id/kg/assessment/2016/process/lsg-heads-election" in with_iris
    csv = run(capsys, ["gaps", "--kind", "blocked-or-restricted", "--format", "csv", "--lang", "ru"])
    assert csv.splitlines()[0] == "gap,process,label,pair,principal,detail,section"
    assert "https://w3id.org/kgtool/id/kg/assessment/2016/process/lsg-heads-election" in csv
    assert "blocked-or-restricted," in csv


def test_nothing_is_cut_when_not_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Under pytest standard output is not a terminal: every cell is written whole."""
    out = run(capsys, ["gaps", "--kind", "blocked-or-restricted", "--lang", "ru"])
    assert "…" not in out
    assert (
        "Регламентированное прямое взаимодействие с гражданами. Это помогает избежать дискриминации уязвимых групп"
        in out
    )
    long = [line for line in out.splitlines() if len(line) > 200]
    assert long, "the whole text stays on one line"


def test_a_table_wraps_to_the_terminal_width() -> None:
    cell = "word " * 40
    table = text_table(["name", "short"], [[cell.strip(), "x"]], width=60)
    lines = table.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert " ".join(" ".join(line.split()) for line in lines[2:]).replace(" x", "").split() == cell.split()
    assert "…" not in table
    whole = text_table(["name", "short"], [[cell.strip(), "x"]], width=None)
    assert len(whole.splitlines()) == 3


def test_query_takes_the_short_names_basis_and_gaps_take(capsys: pytest.CaptureFixture[str]) -> None:
    by_short = run(capsys, ["query", "process-basis", "--param", "process=public-monitoring", "--format", "csv"])
    iri = "https://w3id.org/kgtool/id/kg/assessment/2016/process/public-monitoring"
    by_iri = run(capsys, ["query", "process-basis", "--param", f"process={iri}", "--format", "csv"])
    assert by_short == by_iri and iri in by_short and len(by_short.splitlines()) > 1
    by_act = run(
        capsys,
        ["query", "article-underpins", "--param", "act=constitution", "--param", "article=52", "--format", "csv"],
    )
    assert "public-monitoring" in by_act
    assert main(["query", "process-basis", "--param", "process=no-such-process"]) != 0
    assert "name#unknown-process" in capsys.readouterr().err


def test_on_a_terminal_the_table_wraps_to_its_width() -> None:
    """Standard output on a pseudo-terminal of 100 columns: no line is wider, nothing is cut,
    and a long name (a process of 6.1) is all there, over several lines."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "40"}
    with subprocess.Popen(
        [sys.executable, "-m", "kgtool", "gaps", "--kind", "blocked-or-restricted", "--lang", "ru"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    os.close(leader)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    lines = out.splitlines()
    assert len(lines) > 6
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert "…" not in out
    words = " ".join(out.split())
    for word in ("прямое", "гражданами", "помогает", "избежать", "уязвимых", "групп"):
        assert word in words
