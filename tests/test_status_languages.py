"""The lines kgtool writes on standard error when a command succeeds — what it wrote, what it
loaded, how fast — are in the reader's language too (--lang, or KGTOOL_LANG for the verbs
without it), with numbers written the reader's way; in English they stay as they were, since
scripts read them (tests/test_endpoint.py, test_publish.py, test_load_scale.py pin them)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from servers import oxigraph_server
from test_build import REWRITTEN_LITERALS
from test_cli_languages import foreign_words

from kgtool.cli.main import main
from kgtool.i18n.catalogue import figure, progress_words
from kgtool.progress import Progress

READERS = ["ru", "ky"]


def status(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 0, err
    return err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "wrote {n} statements to {out}"),
        ("ru", "в {out} записано утверждений: {n}"),
        ("ky", "{out} файлына {n} билдирүү жазылды"),
    ],
)
def test_build_says_what_it_wrote_in_the_readers_language(
    lang: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kgtool build` has no --lang: KGTOOL_LANG chooses."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    out = tmp_path / "graph.ttl"
    err = status(["build", "-o", str(out)], capsys)
    n = re.search(r"\d[\d\u00a0]*", err.replace(str(out), ""))  # 6473 in English, 6 474 in Russian and Kyrgyz
    assert n and int(n[0].replace("\u00a0", "")) > 1000
    assert err == expected.format(n=n[0], out=out) + "\n"


@pytest.mark.parametrize("lang", READERS)
def test_template_says_what_it_wrote_in_the_readers_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.xlsx"
    err = status(["template", "-o", str(out), "--lang", lang], capsys)
    assert str(out) in err
    assert foreign_words(err.replace(str(out), " "), lang) == []


@pytest.mark.parametrize(
    ("value", "digits", "grouped", "expected"),
    [
        (1.0, 1, False, {"en": "1.0", "ru": "1,0", "ky": "1,0"}),
        (0.6, 1, False, {"en": "0.6", "ru": "0,6", "ky": "0,6"}),
        (1234.56, 1, False, {"en": "1234.6", "ru": "1234,6", "ky": "1234,6"}),
        (6474, 0, True, {"en": "6,474", "ru": "6\u00a0474", "ky": "6\u00a0474"}),
    ],
)
def test_a_figure_keeps_its_decimals_and_grouping_in_every_language(
    value: float, digits: int, grouped: bool, expected: dict[str, str]
) -> None:
    """A load that took exactly one second said "1 с" in Russian where English says "1.0 s" (Babel's
    default pattern dropped the trailing zero; seen when the suite ran on a busy machine)."""
    assert {lang: figure(value, lang, digits, grouped) for lang in expected} == expected


@pytest.mark.slow
def test_load_says_what_it_loaded_in_the_readers_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Russian counts take the form their number asks for (7 пакетов, 8 запросов, 1 граф), and
    every number is written the Russian way (6 474, 0,6 с)."""
    with oxigraph_server("--union-default-graph") as base:
        argv = [
            "load",
            "--endpoint",
            base + "/query",
            "--update",
            base + "/update",
            "--graph",
            "https://example.org/kg",
        ]
        lines, notes = {}, {}
        for lang in ("en", "ru", "ky"):
            monkeypatch.setenv("KGTOOL_LANG", lang)
            # before the last line, the note on the project's two decimals written "1.0", which the
            # store holds as "1": its sentence (not its indented examples) in the reader's language too
            *note, lines[lang] = status([*argv, "--batch-size", "1000"], capsys).splitlines(keepends=True)
            notes[lang] = " ".join(line for line in note if not line.startswith("  "))
            assert " 2 " in note[0] and '"1.0"^^' in "".join(note), note
    assert re.fullmatch(
        r"loaded [\d,]+ statements into 1 graph through \S+ \(sparql-update, \d+ batches, \d+ requests, "
        r"\d+\.\d s, [\d,]+ statements/s\)\n",
        lines["en"],
    )
    ru = lines["ru"]
    assert re.fullmatch(
        r"загружено утверждений: \d{1,3}(?:\u00a0\d{3})* в 1 граф через \S+ \(sparql-update, \d+ пакет(?:а|ов)?, "
        r"\d+ запрос(?:а|ов)?, \d+,\d с, \d{1,3}(?:\u00a0\d{3})* утверждений/с\)\n",
        ru,
    ), ru
    for lang in READERS:
        words = re.sub(r"\S+/update|sparql-update", " ", lines[lang] + notes[lang])
        assert foreign_words(words, lang) == [], lines[lang] + notes[lang]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "checking against the ontology (OWL): 5/10 shapes"),
        ("ru", "проверка по онтологии (OWL): 5/10 фигур"),
        ("ky", "онтология боюнча текшерүү (OWL): 5/10 форма"),
    ],
)
def test_the_progress_line_is_in_the_readers_language(lang: str, expected: str) -> None:
    """The line drawn on a terminal: its label (a phase library code names in English) and unit."""
    with Progress("validating", total=10, unit="shapes", stream=io.StringIO(), words=progress_words(lang)) as bar:
        bar.phase("checking against the ontology (OWL)")
        bar.advance(5)
        assert bar.line(200).startswith(expected + "   50% [")


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("ru", "примечание: у 4 утверждений есть литерал"),
        ("ky", "эскертүү: 4 билдирүүдө сактагыч канондук формада сактаган"),
    ],
)
def test_the_note_on_rewritten_literals_is_in_the_readers_language(
    lang: str, start: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note build writes on literals the store rewrites (tests/test_build.py pins the English)."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    data = tmp_path / "numbers.ttl"
    data.write_text(REWRITTEN_LITERALS, encoding="utf-8")
    err = status(["build", str(data), "--format", "nt", "-o", str(tmp_path / "out.nt")], capsys)
    assert err.startswith(start)
    own = [line for line in err.splitlines() if not line.startswith(f"  {data}:")]  # the statements quoted
    words = re.sub(r"\S+\.(?:ttl|nt)\b", " ", "\n".join(own))
    assert foreign_words(words, lang) == [], err
