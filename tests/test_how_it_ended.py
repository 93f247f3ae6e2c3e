"""How a child process ended is said in the reader's language, inside the error that says so (its
English words stood in the Russian and Kyrgyz messages before)."""

from __future__ import annotations

import pytest
from test_cli_languages import foreign_words

from kgtool.errors import KgtoolError
from kgtool.i18n.problems import how_it_ended, in_language, worded

EXPECTED = {
    (-9, "en"): "signal 9",
    (-9, "ru"): "сигнал 9",
    (-9, "ky"): "9 сигналы",
    (3, "en"): "exit code 3",
    (3, "ru"): "код выхода 3",
    (3, "ky"): "чыгуу коду 3",
    (None, "en"): "still running",
    (None, "ru"): "ещё работает",
    (None, "ky"): "али иштеп жатат",
}


@pytest.mark.parametrize(("code", "lang"), sorted(EXPECTED, key=str))
@pytest.mark.parametrize(
    ("error_id", "key"),
    [
        ("validate#worker-lost", "validate.worker_lost"),
        ("publish#process-lost", "publish.process_lost"),
        ("publish#writer-lost", "publish.writer_lost"),
    ],
)
def test_how_a_process_ended_is_in_the_readers_language(code: int | None, lang: str, error_id: str, key: str) -> None:
    error = worded(KgtoolError, error_id, key, pid=4242, how=how_it_ended(code))
    line = in_language(error, lang)
    assert f"({EXPECTED[(code, lang)]})" in line
    # only the error line's fixed form, the process id's abbreviation and an option (-v) are not the reader's words
    assert set(foreign_words(line.replace(error_id, " "), lang)) <= {"ERROR", "hint", "pid", "v"}
    # the error as raised (str, a caller's message) stays the catalogue's English
    assert f"({EXPECTED[(code, 'en')]})" in error.message
