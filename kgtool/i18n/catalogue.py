"""The words kgtool itself writes, read from its gettext message catalogues.

The catalogues are ``kgtool/locale/<lang>/LC_MESSAGES/kgtool.po`` (the source people edit)
and the ``kgtool.mo`` compiled from each (what this module reads, through the standard
library's :mod:`gettext`). A message's ID is a stable key (``gaps.heading.process``), not
English source text: the English wording is a translation like the others, so correcting
it does not orphan the Kyrgyz and Russian ones, and a key names where the words are used.
``docs/translating.md`` explains how to edit, add a language and check.

Numbers and percentages are written the reader's way by Babel (CLDR data), imported only
when one is written, so neither ``import kgtool`` nor ``kgtool --help`` pays for it.
Plural forms come from each catalogue's ``Plural-Forms`` header (Russian has three).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from kgtool.vocab import DEFAULT_LANG as DEFAULT_LANG  # defined with the languages, named here too
from kgtool.vocab import LANGUAGES, language_named

DOMAIN = "kgtool"
ENV_LANG = "KGTOOL_LANG"


def locale_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/kgtool.{po,mo}``: inside the package, so a wheel
    carries it as package data and a checkout edits it in place."""
    # the package's folder from this file's path: importlib.resources would cost a tenth of
    # `kgtool --help`'s start-up (it imports tempfile, shutil, random...) to say the same
    return Path(__file__).resolve().parent.parent / "locale"


def po_path(lang: str, root: Path | None = None) -> Path:
    return (root or locale_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, root: Path | None = None) -> Path:
    return (root or locale_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang``; no fallback, so a missing message is an error, not a
    stray key or a word of another language on the reader's screen."""
    if lang not in LANGUAGES:
        raise KeyError(f"kgtool has no catalogue for language {lang!r}")
    with mo_path(lang).open("rb") as fp:
        return gettext.GNUTranslations(fp)


def has(key: str) -> bool:
    """Whether ``key`` is a message (in the English catalogue, which every language mirrors)."""
    return key in keys(DEFAULT_LANG)


@cache
def keys(lang: str) -> frozenset[str]:
    """Every message ID of ``lang``'s catalogue (plural messages by their singular ID)."""
    catalog: dict[str | tuple[str, int], str] = translations(lang)._catalog  # type: ignore[attr-defined]
    return frozenset(k if isinstance(k, str) else k[0] for k in catalog if k != "")


class Phrase:
    """A value of a message that is itself a message (``key`` with ``values``), filled in in the
    same language as the message it is given to: the words of an error raised in English (say how
    a child process ended, ``kgtool.i18n.problems.how_it_ended``; each problem of a workbook) come
    out in the reader's language when the CLI words the error again
    (``kgtool.i18n.problems.in_language``). Its English is ``str()``. Two phrases of the same
    words and values are equal (a workbook's problems are collected in a set)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values

    def said(self, lang: str) -> str:
        """The words in ``lang``, with the values (phrases too) filled in."""
        return t(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.said(DEFAULT_LANG)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        # of the values too: hashed by their names alone, every problem of one kind had one hash,
        # and grouping a workbook's 30,000 problems of one column took 40 s instead of 2 (a review)
        parts = []
        for name, value in sorted(vars(self).items()):
            if isinstance(value, dict):
                value = tuple(sorted((k, _hashable(v)) for k, v in value.items()))
            parts.append((name, _hashable(value)))
        return hash((type(self).__name__, tuple(parts)))


def _hashable(value: object) -> object:
    """``value`` as part of a phrase's hash: itself, or its ``repr`` when it cannot be hashed."""
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class Plural(Phrase):
    """A phrase that is a plural message (``tn``): its form chosen by ``n`` in the language it is
    said in (``3 проблемы``, ``5 проблем``)."""

    def __init__(self, key: str, n: int, **values: object) -> None:
        super().__init__(key, **values)
        self.n = n

    def said(self, lang: str) -> str:
        return tn(self.key, self.n, lang, **self.values)


class Figure(Phrase):
    """A count as a value of a message, written the reader's way when said (``figure``: ``6,474``
    in English, ``6 474`` in Russian)."""

    def __init__(self, value: int) -> None:
        super().__init__("")
        self.value = value

    def said(self, lang: str) -> str:
        return figure(self.value, lang)


class Joined(Phrase):
    """Texts and phrases joined by a ``separator`` that is the same in every language (a list's
    ``", "``, the ``"\\n  "`` between an error's lines), each phrase said in the language asked."""

    def __init__(self, separator: str, parts: Iterable[object]) -> None:
        super().__init__("")
        self.separator, self.parts = separator, tuple(parts)

    def said(self, lang: str) -> str:
        return self.separator.join(p.said(lang) if isinstance(p, Phrase) else str(p) for p in self.parts)


class Form(Phrase):
    """Values (phrases among them) in a ``form`` that is not words, the same in every language:
    ``"[{id}] {where}: {message}"``, a workbook's problem line."""

    def __init__(self, form: str, **values: object) -> None:
        super().__init__("", **values)
        self.form = form

    def said(self, lang: str) -> str:
        return self.form.format(**_in(lang, self.values))


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in (``str.format`` placeholders; a
    ``Phrase`` in ``lang`` too).

    A missing key is a bug in the catalogues (the tests check every key used in code in all
    three languages), so it raises rather than falling back silently.
    """
    if key not in keys(lang):
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    text = translations(lang).gettext(key)
    return text.format(**_in(lang, values)) if values else text


def _in(lang: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with each ``Phrase`` among them worded in ``lang``."""
    if not any(isinstance(v, Phrase) for v in values.values()):
        return values
    return {k: v.said(lang) if isinstance(v, Phrase) else v for k, v in values.items()}


def tn(key: str, n: int, lang: str, **values: object) -> str:
    """The plural message ``key`` in the form ``lang`` uses for ``n`` (``{n}`` is filled in,
    written the reader's way): Russian "1 пробел / 2 пробела / 5 пробелов"."""
    if key not in keys(lang):
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    text = translations(lang).ngettext(key, key, n)
    if text == key:
        raise KeyError(f"{key!r} is not a plural message in the {lang} catalogue")
    return text.format(n=number(n, lang), **_in(lang, values))


def progress_words(lang: str) -> Callable[[str], str]:
    """The reader's words for a progress line's labels and units, which kgtool names in English
    ("validating", "shapes", a phase such as "checking against the ontology (OWL)"): the message
    ``progress.<English>``, or the English where there is none."""

    def say(text: str) -> str:
        key = "progress." + text
        return t(key, lang) if key in keys(lang) else text

    return say


def reader_lang(given: str | None = None) -> str:
    """The reader's language: ``given`` (--lang), else KGTOOL_LANG when it names one of
    kgtool's languages, else English."""
    if given:
        return given
    return language_named(os.environ.get(ENV_LANG, "")) or DEFAULT_LANG


def number(value: int | Decimal, lang: str) -> str:
    """A number written the reader's way (grouping, decimal sign) by Babel's CLDR data."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=lang, decimal_quantization=False))


def figure(value: float, lang: str, digits: int = 0, grouped: bool = True) -> str:
    """A count or a measure in a status line: in English as that line has always written it
    (``6,474`` when ``grouped``, else ``6474``; ``0.6``: scripts and tests read them), the reader's
    way in the other languages (``6 474``, ``0,6``), rounded to ``digits`` decimals."""
    if lang == DEFAULT_LANG:
        return f"{value:{',' if grouped else ''}.{digits}f}"
    from babel.numbers import format_decimal

    # a fixed pattern, so that 1.0 s stays "1,0 с" as 0.6 s is "0,6 с" (Babel's default pattern drops
    # a trailing zero), and an ungrouped figure stays ungrouped as in English
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * digits if digits else "")
    return str(format_decimal(Decimal(f"{value:.{digits}f}"), format=pattern, locale=lang))


def percent(value: Decimal, lang: str) -> str:
    """A fraction as a percentage, rounded to hundredths of a percent, written the reader's way
    (Babel: ``22.22%``, ``22,22 %`` with a no-break space in Russian, ``22,22%`` in Kyrgyz)."""
    from babel.numbers import format_percent

    hundredths = (value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize() / 100
    return str(format_percent(hundredths, locale=lang, decimal_quantization=False))


def as_of_phrase(date: str | None, lang: str) -> str:
    """ "as of 2025" / "по состоянию на 2025 год" / "2025-жылга карата" for a date the data states
    (a year YYYY, or a day as written), else "today": the words that every place stating an act's
    force today (`kgtool basis`, `kgtool cite`, the pages) puts in place of "today", so that a
    citation copied into a paper and read years later still says when it was true."""
    if date is None:
        return t("ls.when_today", lang)
    if len(date) == 4 and date.isdigit():
        return t("ls.when_as_of_year", lang, year=date)
    return t("ls.when_as_of", lang, date=date)


def sentence(text: str) -> str:
    """``text`` with its first letter capitalised: a message that opens with a phrase ("бүгүн
    күчүндө", in Kyrgyz's word order) can start a banner or a citation's sentence."""
    return text[:1].upper() + text[1:]
