"""KGTOOL_LANG as people set locales: ``RU`` or ``ru_RU.UTF-8`` chose English without a word, as did
a language kgtool does not speak; now the first two are Russian, and the last is said on standard
error (unless --lang chooses the language anyway)."""

from __future__ import annotations

import pytest
from test_cli_languages import foreign_words

from kgtool.cli import main
from kgtool.i18n.catalogue import reader_lang, t
from kgtool.vocab import language_named


@pytest.mark.parametrize(
    ("setting", "language"),
    [("ru", "ru"), ("RU", "ru"), (" ky ", "ky"), ("ru_RU.UTF-8", "ru"), ("ky-KG", "ky"), ("en_GB@euro", "en")],
)
def test_a_setting_spelled_as_a_locale_names_its_language(setting: str, language: str) -> None:
    assert language_named(setting) == language


@pytest.mark.parametrize("setting", ["", "xx", "rus", "de_DE.UTF-8", "C", "POSIX"])
def test_a_setting_naming_no_language_of_kgtools_names_none(setting: str) -> None:
    assert language_named(setting) is None


def test_the_reader_and_the_tables_follow_a_locale_spelled_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", "ru_RU.UTF-8")
    assert reader_lang() == "ru"
    assert main(["basis", "--article", "86"]) == 0
    out, err = capsys.readouterr()
    assert t("column.role", "ru") in out.splitlines()[0] and not err


def test_a_setting_naming_no_language_is_said_once_unless_lang_is_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", "xx")
    assert main(["basis", "--article", "86"]) == 0
    out, err = capsys.readouterr()
    note = t("lang.env_unknown", "en", setting="xx", languages="ky, ru, en")
    assert err.splitlines() == [note] and t("column.role", "en") in out.splitlines()[0]
    assert main(["basis", "--article", "86", "--lang", "ky"]) == 0
    assert capsys.readouterr().err == ""
    for lang in ("ru", "ky"):
        worded = t("lang.env_unknown", lang, setting="xx", languages="ky, ru, en")
        assert not foreign_words(worded.replace("KGTOOL_LANG=xx", " ").replace("kgtool", " "), lang)
