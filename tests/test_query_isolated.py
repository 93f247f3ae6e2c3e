"""A user's own query runs on the embedded store in a forked child (``kgtool.sparql.isolated``):
pyoxigraph 0.5.13 aborts the process when ORDER BY meets numbers and texts in one column, and
`kgtool query my.rq` with `SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o` on the project's data ended
with exit 134 and a Rust backtrace (an exploratory tester's). Now it is `query#store-fault`,
exit 2, naming the query; every other query answers as before, wherever its output goes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.sparql.isolated import run_isolated

MIXED_ORDER = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o\n"
PROCESSES = (
    "PREFIX kgo: <https://w3id.org/kgtool/ontology#>\nSELECT ?p WHERE { ?p a kgo:AccountabilityProcess } ORDER BY ?p\n"
)


def query_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("lang", "words"), [("en", "stopped while sorting"), ("ru", "при сортировке")])
def test_a_fault_of_the_store_is_an_error_not_an_abort(
    lang: str, words: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = query_file(tmp_path, MIXED_ORDER)
    assert main(["query", str(path), "--lang", lang]) == 2
    out, err = capfd.readouterr()
    assert out == ""
    assert err.startswith(f"ERROR [query#store-fault] {path}: "), err
    assert words in err
    assert "panicked" not in err and "backtrace" not in err  # the store's own words stay out of sight


def test_a_users_query_answers_as_before_wherever_its_output_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = query_file(tmp_path, PROCESSES)
    assert main(["query", str(path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["p"] and len(rows) == 20  # the study's 19 processes, in IRI order
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    out = tmp_path / "answer.csv"
    assert main(["query", str(path), "--format", "csv", "-o", str(out)]) == 0
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))) == rows


def test_an_error_of_the_command_comes_back_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = query_file(tmp_path, PROCESSES)
    (tmp_path / "taken").mkdir()
    assert main(["query", str(path), "--format", "csv", "-o", str(tmp_path / "taken")]) == 2
    assert capsys.readouterr().err.startswith("ERROR [output#cannot-write] ")


def test_run_isolated_raises_what_the_child_raised() -> None:
    def fails() -> None:
        raise ValueError("from the child")

    with pytest.raises(ValueError, match="from the child"):
        run_isolated(fails, "mine.rq")


def test_the_answer_is_written_as_the_commands_output_would_be(tmp_path: Path) -> None:
    """The child wrote with errors='strict' whatever the output's own handling: with
    PYTHONIOENCODING=ascii:backslashreplace a query of Russian labels ended in internal#unexpected
    (UnicodeEncodeError) where a named query printed \\u0410… (a reviewer's)."""
    import os
    import subprocess
    import sys

    path = query_file(
        tmp_path,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = "ru") } ORDER BY ?l LIMIT 2\n',
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii:backslashreplace"}
    done = subprocess.run(
        [sys.executable, "-m", "kgtool", "query", str(path), "--format", "csv"],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"l\r\n\\u04") or done.stdout.startswith(b"l\n\\u04"), done.stdout[:80]


def test_the_answer_is_laid_out_for_a_terminal_where_the_command_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table is wrapped to the terminal's width when standard output is one; the child's output,
    a pipe, said it was not, and `kgtool query my.rq` stopped wrapping its table on a terminal."""
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    monkeypatch.setattr(sys, "stdout", out)
    run_isolated(lambda: print(sys.stdout.isatty()), "mine.rq")
    assert out.getvalue() == "True\n"
