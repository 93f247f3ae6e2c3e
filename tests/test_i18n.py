"""The message catalogues: complete in every language, compiled, and covering every key used.

kgtool's words live in ``kgtool/locale/<lang>/LC_MESSAGES/kgtool.po`` (docs/translating.md).
A test fails on an untranslated or fuzzy message in any language, on a key the code uses that
a catalogue lacks, on a ``.mo`` that is not the compilation of its ``.po`` (the ``.mo`` files
are committed so that a wheel needs no compiler), and on words left in the old Python table.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural

from kgtool.i18n import catalogue, migrate
from kgtool.i18n.messages import STRINGS, t, tn
from kgtool.vocab import LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1] / "kgtool"
# t("key", …), tn("key", …), Phrase("key", …), Plural("key", …) and the templates' t("key"): every
# whole literal key (a key built from a prefix, t("gap_" ~ kind), is checked by the tests of what builds it)
USED = re.compile(r"""\b(?:t|tn|Phrase|Plural)\(\s*["']([\w.\-#]+)["']\s*[,)]""")


def catalogs() -> dict[str, Catalog]:
    return {lang: migrate.read_catalog(lang) for lang in LANGUAGES}


def used_keys() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".html", ".j2") and "locale" not in path.parts:
            for m in USED.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(m.group(1), str(path.relative_to(PACKAGE.parent)))
    return found


def test_no_words_left_in_the_old_table() -> None:
    assert STRINGS == {}, "run `python -m kgtool.i18n.migrate` to move these into the catalogues: " + ", ".join(
        sorted(STRINGS)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    catalog = catalogs()[lang]
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{lang}: untranslated {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy {fuzzy}"
    assert not catalog.fuzzy, f"{lang}: the header is marked fuzzy"


def test_every_language_has_the_same_messages_with_the_same_placeholders() -> None:
    found = catalogs()
    ids = {lang: {m.id if isinstance(m.id, str) else m.id[0] for m in c if m.id} for lang, c in found.items()}
    assert ids["ky"] == ids["ru"] == ids["en"], {lang: ids[lang] ^ ids["en"] for lang in LANGUAGES}
    for message in found["en"]:
        if not message.id:
            continue
        fields = {}
        for lang in LANGUAGES:
            texts = found[lang][message.id].string
            texts = texts if isinstance(texts, tuple) else (texts,)
            fields[lang] = {f for text in texts for f in re.findall(r"\{(\w+)\}", text)}
        assert fields["ky"] == fields["ru"] == fields["en"], f"{message.id}: placeholders differ {fields}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_the_languages_own(lang: str) -> None:
    catalog = catalogs()[lang]
    expected = get_plural(lang)
    assert catalog.num_plurals == expected.num_plurals
    assert catalog.plural_expr == expected.plural_expr
    assert {"ru": 3, "ky": 2, "en": 2}[lang] == catalog.num_plurals
    for message in catalog:
        if message.pluralizable and message.id:
            assert len(message.string) == catalog.num_plurals, (lang, message.id)


def test_every_key_used_in_code_is_in_the_catalogues() -> None:
    used = used_keys()
    assert len(used) > 50, "the scan of t(…) calls found too few keys: is the pattern still right?"
    for lang in LANGUAGES:
        missing = {k: where for k, where in used.items() if k not in catalogue.keys(lang)}
        assert not missing, f"{lang}: keys used in code but not in kgtool.po: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_mo_is_the_compilation_of_its_po(lang: str) -> None:
    assert catalogue.mo_path(lang).read_bytes() == migrate.compiled(lang), (
        "run `python -m kgtool.i18n.migrate` to compile the catalogues"
    )


def test_a_missing_message_is_an_error_not_a_stray_key() -> None:
    with pytest.raises(KeyError):
        t("no.such.message", "ru")


def test_russian_has_three_plural_forms_and_english_two() -> None:
    assert [tn("count.gaps", n, "ru") for n in (1, 3, 5, 21, 1000)] == [
        "1 пробел",
        "3 пробела",
        "5 пробелов",
        "21 пробел",
        "1\u00a0000 пробелов",
    ]
    assert [tn("count.gaps", n, "en") for n in (1, 2, 1000)] == ["1 gap", "2 gaps", "1,000 gaps"]


def test_numbers_and_percentages_are_written_the_readers_way() -> None:
    assert catalogue.percent(Decimal("0.2222222"), "en") == "22.22%"
    assert catalogue.percent(Decimal("0.2222222"), "ru") == "22,22\u00a0%"
    assert catalogue.percent(Decimal("0.43"), "ky") == "43%"
    assert catalogue.number(Decimal("1234.5"), "ru") == "1\u00a0234,5"


def test_the_migration_moves_old_table_entries_into_every_catalogue(tmp_path: Path) -> None:
    """What the integrator runs after merging a branch that added words in the old form."""
    import gettext
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(catalogue.locale_dir(), copy)
    moved = migrate.migrate({"test.added": {"en": "Added {n}", "ru": "Добавлено {n}", "ky": "Кошулду {n}"}}, copy)
    assert moved == ["test.added"]
    for lang in LANGUAGES:
        assert catalogue.mo_path(lang, copy).read_bytes() == migrate.compiled(lang, copy)
    with catalogue.mo_path("ru", copy).open("rb") as fp:
        assert gettext.GNUTranslations(fp).gettext("test.added").format(n=2) == "Добавлено 2"
    assert 'msgid "test.added"' in catalogue.po_path("ky", copy).read_text(encoding="utf-8")


OLD_FORM = '''"""The report's own words."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "contents": {"en": "Contents", "ru": "Содержание", "ky": "Мазмуну"},
    "search.heading": {"en": "Search", "ru": "Поиск", "ky": "Издөө"},
}


def t(key: str, lang: str, **values: object) -> str:
    text = STRINGS[key][lang]
    return text.format(**values) if values else text
'''


def test_the_migration_command_converts_an_old_messages_module(tmp_path: Path) -> None:
    """After merging a branch that added words to the old table (and brought the old file back),
    the integrator runs `python -m kgtool.i18n.migrate`: every entry goes into the catalogues,
    the module becomes the thin one, and a second run changes nothing."""
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(catalogue.locale_dir(), copy)
    old = tmp_path / "messages.py"
    old.write_text(OLD_FORM, encoding="utf-8")
    assert migrate.main(["--messages", str(old), "--locale", str(copy)]) == 0
    assert old.read_text(encoding="utf-8") == migrate.THIN_MESSAGES
    assert migrate.read_table(old) == {}
    po = catalogue.po_path("ru", copy).read_text(encoding="utf-8")
    assert 'msgid "search.heading"\nmsgstr "Поиск"' in po
    before = {lang: catalogue.mo_path(lang, copy).read_bytes() for lang in LANGUAGES}
    assert migrate.main(["--messages", str(old), "--locale", str(copy)]) == 0
    assert {lang: catalogue.mo_path(lang, copy).read_bytes() for lang in LANGUAGES} == before


def test_the_shipped_messages_module_is_the_thin_one() -> None:
    assert (PACKAGE / "i18n" / "messages.py").read_text(encoding="utf-8") == migrate.THIN_MESSAGES
