"""`kgtool load` says in the reader's language (KGTOOL_LANG: the verb has no --lang) why a load
stopped and what it left in the store, and the notes it writes while it stages and switches
graphs: against a real Oxigraph server, failures made by the proxy of tests/test_load_scale.py.

What is quoted stays as it is: URLs, paths, the commands to run, a run's ID, and the account the
HTTP library or the server gives in its own words (``Remote end closed connection without
response``, ``injected failure``). The English lines are pinned by tests/test_load_scale.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import OxigraphServer as Oxigraph
from test_cli_languages import foreign_words
from test_load_scale import Proxy, write_data

from kgtool.cli import main

pytestmark = pytest.mark.slow

READERS = ["ru", "ky"]
QUOTED = (
    "Remote end closed connection without response",
    "injected failure",
    "HTTP",
    "URL",
    "SPARQL Update",
    "The object of a triple must be an IRI, a blank node or a literal",
    "N-Triples",
)


@pytest.fixture
def store() -> Iterator[Oxigraph]:
    server = Oxigraph().start()
    yield server
    server.close()


@pytest.fixture
def failing(store: Oxigraph) -> Iterator[Proxy]:
    proxy = Proxy(store)
    yield proxy
    proxy.close()


def kgtool_words(err: str) -> str:
    """``err`` without what is quoted: the commands to run, a run's ID, files, and the accounts
    of the HTTP library and the server."""
    text = re.sub(r"kgtool load [^\n]*", " ", err)
    text = re.sub(r"\b[0-9a-f]{12}\b", " ", text)  # a run's ID
    text = re.sub(r"\S+\.(?:json|trig|nt)\b(?::\d+)*", " ", text)
    text = re.sub(r"\[[a-z]+#[a-z-]+\]", " ", text).replace("ERROR", " ").replace("hint:", " ")
    for literal in QUOTED:
        text = text.replace(literal, " ")
    return text


def loaded(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(argv) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("lang", READERS)
def test_a_load_that_stopped_and_its_resumption_are_explained_in_the_readers_language(
    lang: str,
    store: Oxigraph,
    failing: Proxy,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch whose answer was lost: endpoint#partial-load says why (the batch, the HTTP
    library's account), how many batches are staged, that the last may be too, and how to go
    on; resumed, the note says how many batches the store holds."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    a, b = write_data(tmp_path / "a.nt", "A", 500), write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    loaded(["load", str(a), "--endpoint", store.query, *state, "-q"], 0, capsys)
    failing.fail(4, "lose-answer")
    argv = ["load", str(b), "--endpoint", failing.query, "--sparql-update", "--batch-size", "500", *state]
    err = loaded(argv, 2, capsys)
    assert err.startswith(f"ERROR [endpoint#partial-load] {failing.query.removesuffix('/query')}/update: ")
    assert "--resume" in err and "--discard" in err
    assert foreign_words(kgtool_words(err), lang) == [], err
    failing.fail(None)
    err = loaded([*argv, "--resume"], 0, capsys)
    note = err.splitlines()[0]
    assert note.startswith({"ru": "примечание: ", "ky": "эскертүү: "}[lang]) and " 4 " in note, err
    assert foreign_words(kgtool_words(err), lang) == [], err


@pytest.mark.parametrize("lang", READERS)
def test_a_failed_switch_and_the_staging_a_new_load_drops_are_explained_in_the_readers_language(
    lang: str,
    store: Oxigraph,
    failing: Proxy,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The switch refused: every batch is staged, the targets unchanged. A new load, with another
    journal, finds that staging in the store, drops it and says so."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    b = write_data(tmp_path / "b.nt", "B")
    failing.fail(1, "refuse", match=b"MOVE ")
    argv = ["load", str(b), "--endpoint", failing.query, "--sparql-update", "--batch-size", "1000"]
    err = loaded([*argv, "--state", str(tmp_path / "first.json")], 2, capsys)
    assert err.startswith("ERROR [endpoint#partial-load] ")
    assert foreign_words(kgtool_words(err), lang) == [], err
    failing.fail(None)
    err = loaded(["load", str(b), "--endpoint", store.query, "--state", str(tmp_path / "second.json")], 0, capsys)
    assert err.startswith({"ru": "примечание: ", "ky": "эскертүү: "}[lang]) and "3" in err.splitlines()[0], err
    assert foreign_words(kgtool_words(err), lang) == [], err


@pytest.mark.parametrize("lang", READERS)
def test_a_load_refused_at_once_says_nothing_was_loaded_in_the_readers_language(
    lang: str,
    failing: Proxy,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The store's refusal of the first batch, and that nothing was loaded (added to the store's
    error, which left the whole line English)."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    a = write_data(tmp_path / "a.nt", "A", 500)
    failing.fail(1)
    argv = ["load", str(a), "--endpoint", failing.query, "--sparql-update", "--state", str(tmp_path / "j.json")]
    err = loaded(argv, 2, capsys)
    assert err.startswith("ERROR [endpoint#http-error] ")
    assert foreign_words(kgtool_words(err), lang) == [], err
    monkeypatch.setenv("KGTOOL_LANG", "en")
    failing.fail(1)
    english = loaded(argv, 2, capsys)
    assert "; nothing was loaded, the store is unchanged" in english


@pytest.mark.parametrize("lang", READERS)
@pytest.mark.parametrize("case", ["blank-graph-name", "bad-syntax"])
def test_bad_input_met_while_loading_is_explained_in_the_readers_language(
    case: str,
    lang: str,
    store: Oxigraph,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refused on the way, the store unchanged: the error, its hint, and that the store is
    unchanged (added to the hint, which left the whole hint English)."""
    monkeypatch.setenv("KGTOOL_LANG", lang)
    if case == "blank-graph-name":
        data = tmp_path / "g.trig"
        data.write_text("_:g { <http://example.org/a> <http://example.org/b> <http://example.org/c> }\n")
    else:
        data = write_data(tmp_path / "bad.nt", "B", error_at=2500)
    argv = ["load", str(data), "--endpoint", store.query, "--batch-size", "500", "--state", str(tmp_path / "j.json")]
    err = loaded(argv, 2, capsys)
    assert err.startswith(f"ERROR [load#{case}] {data}")
    assert foreign_words(kgtool_words(err), lang) == [], err
