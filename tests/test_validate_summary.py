"""The summary line of ``kgtool validate``: the ontology's files, always read with the data, are
named apart, so that one file given is "1 data file and the ontology", not "3 files"."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.cli import main

PAIR = Path(__file__).resolve().parents[1] / "data" / "actors.ttl"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "in 1 data file and the ontology;"),
        ("ru", "; файлов данных: 1, и онтология;"),
        ("ky", "; маалымат файлдары: 1, жана онтология;"),
    ],
)
def test_one_file_given_is_one_data_file_and_the_ontology(
    lang: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(PAIR), "--no-reasoner", "--lang", lang])
    summary = [line for line in capsys.readouterr().out.splitlines() if words in line]
    assert len(summary) == 1, words
