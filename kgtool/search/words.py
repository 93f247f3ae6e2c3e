"""Words and word forms: how a text and a query are cut into words, and the stem each word is
matched by, per language.

* Russian and English: the Snowball stemmers (``snowballstemmer``; it uses PyStemmer's C code
  when that is installed, with the same results).
* Kyrgyz has no stemmer in the common libraries. It is agglutinative: a noun takes plural,
  possessive and case suffixes in that order, each in the variants vowel harmony and the
  preceding consonant choose (бюджет-тер-ге, мыйзам-дын). ``kyrgyz_stem`` strips, longest
  first and at most three times, the suffixes of ``KYRGYZ_SUFFIXES`` as long as at least
  ``KYRGYZ_MIN_STEM`` letters remain and the suffix's first sound can follow the stem's last
  (т-/к- forms after a voiceless consonant, д-/г- forms otherwise): «бюджеттик», «бюджетке»,
  «бюджеттин» → «бюджет». Stripping too little costs nothing, since a query stem also finds
  longer stems; stripping too much would lose matches, so the rules err on the short side.

A query word matches a text word when their stems are equal (an exact match) or when the
query's stem begins the text word's stem (a prefix match, for stems of at least
``MIN_PREFIX`` letters): «бюджет» finds Russian «бюджетного» (stem «бюджетн»), English
"budget" finds "budgetary" ("budgetari"). Numbers match only exactly.

Kyrgyz letters typed on a Russian keyboard. Many readers have no Kyrgyz layout and type о, у,
н for ө, ү, ң («олко» for «өлкө», «кенеш» for «кеңеш»), and some texts were typed so too (the
study's «Эн жакшы» for «Эң жакшы»). Stems are therefore compared with those letters read as
о, у, н (``fold``), in every language and both ways. The folding comes before stemming: the
suffix rules are folded too (``KYRGYZ_SUFFIXES``), so a word is cut in the same place however
it was typed («өлкөлөрдүн» and «олколордун» both lose «лордун»); vowel harmony costs nothing
there, since every harmonic variant of a suffix is listed and the rules never check harmony.
The stem keeps the word's own letters (the folded stem's length of the word), so an index
still knows how a text spelt it, and a match whose letters differ only by folding counts
``FOLDED_MATCH`` of one whose letters are the same: a reader who types ө finds «көл» (lake)
before «кол» (hand), and a reader without ө finds both. Russian ``ё`` is read as ``е`` from the
start (``normal``), as readers and texts use the two interchangeably.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

WORD = re.compile(r"\w+")
MIN_PREFIX = 3
KYRGYZ_MIN_STEM = 4
KYRGYZ_PASSES = 3
KYRGYZ_VOICELESS = frozenset("кпстфхцчшщ")
# the Kyrgyz letters a Russian keyboard lacks, and the letters typed in their place
FOLD_FROM = "өүң"
FOLD_TO = "оун"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
# how much a match counts when the letters are the same only once folded
FOLDED_MATCH = 0.9


def fold(word: str) -> str:
    """A word with ө, ү, ң read as о, у, н, the letters a Russian keyboard types in their place;
    one letter for one, so positions and lengths are kept."""
    return word.translate(_FOLD)


def _harmony(*patterns: str) -> tuple[str, ...]:
    """Every variant of suffix patterns: ``%`` stands for one of а е о ө, ``#`` for one of ы и у ү,
    and a leading ``{л,д,т}`` for the initial consonant's variants: ``{л,д,т}%р`` is лар, лер, … төр."""
    out: list[str] = []
    for pattern in patterns:
        heads, rest = [""], pattern
        m = re.match(r"\{([^}]*)\}", pattern)
        if m:
            heads, rest = m.group(1).split(","), pattern[m.end() :]
        forms = [h + rest for h in heads]
        for mark, vowels in (("%", "аеоө"), ("#", "ыиуү")):
            while any(mark in f for f in forms):
                forms = [f.replace(mark, v, 1) if mark in f else f for f in forms for v in vowels]
        out.extend(forms)
    return tuple(dict.fromkeys(out))


# The suffixes stripped from Kyrgyz words, by grammatical role (the variants come from vowel
# harmony and the preceding sound). Single-vowel suffixes (the 3rd person possessive -ы/-и,
# the dative -а after a possessive) are left out: stripping them would cut too many stems.
KYRGYZ_SUFFIX_PATTERNS: dict[str, tuple[str, ...]] = {
    "plural": ("{л,д,т}%р",),
    "genitive": ("{н,д,т}#н",),
    "dative": ("{г,к}%", "н%"),
    "accusative": ("{н,д,т}#",),
    "locative": ("{д,т}%", "нд%"),
    "ablative": ("{д,т,н}%н", "нд%н"),
    "possessive": ("#м", "#ң", "#н", "с#", "#б#з", "б#з", "#ң#з", "ң#з"),
    "derivation": ("{л,д,т}#к", "{л,д,т}уу", "{л,д,т}үү", "с#з", "ч#", "{д,т}%г#", "{г,к}#"),
}
# folded, as the words they are cut from (``fold``): ө, ү, ң variants coincide with о, у, н ones
KYRGYZ_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {fold(s) for patterns in KYRGYZ_SUFFIX_PATTERNS.values() for s in _harmony(*patterns)},
        key=lambda s: (-len(s), s),
    )
)


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of a text with their positions: (start, end, lower-cased word; ё read as е)."""
    return [(m.start(), m.end(), normal(m.group())) for m in WORD.finditer(text)]


def normal(word: str) -> str:
    """A word as it is indexed and looked up: lower-cased, ё read as е."""
    return word.lower().replace("ё", "е")


def kyrgyz_stem(word: str) -> str:
    """The word with its plural, possessive, case and derivational suffixes stripped, longest
    first, keeping at least ``KYRGYZ_MIN_STEM`` letters; cut as its folded form is, so that
    «өлкөдө» and «олкодо» lose the same suffix, and in the word's own letters."""
    folded = fold(word)
    for _ in range(KYRGYZ_PASSES):
        for suffix in KYRGYZ_SUFFIXES:
            rest = folded[: -len(suffix)]
            if folded.endswith(suffix) and len(rest) >= KYRGYZ_MIN_STEM and _fits(rest, suffix):
                folded = rest
                break
        else:
            break
    return word[: len(folded)]


def _fits(stem: str, suffix: str) -> bool:
    """Whether a suffix's first sound can follow the stem's last: т- and к- forms follow a
    voiceless consonant, д- and г- forms anything else (бюджет-тин, but бюджети-н, not бюдже-тин)."""
    voiceless = stem[-1] in KYRGYZ_VOICELESS
    if suffix[0] in "тк":
        return voiceless
    if suffix[0] in "дг":
        return not voiceless
    return True


@cache
def _snowball(language: str) -> Callable[[str], str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(language)
    return stemmer.stemWord  # type: ignore[no-any-return]


def stemmer(lang: str) -> Callable[[str], str]:
    """The stemming function for a language tag's primary language (ky, ru, en; others: English)."""
    primary = lang.split("-", 1)[0].lower()
    if primary == "ky":
        return kyrgyz_stem
    return _snowball("russian" if primary == "ru" else "english")


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """A lower-cased word's stem in a language; a number is its own stem. Remembered: a corpus
    repeats its words, and the stemmers are the cost of building an index."""
    if word.isdigit():
        return word
    folded = fold(word)
    found = stemmer(lang)(folded)
    # the stem in the word's own letters where it is a part of the word (Snowball's English
    # "budgetari" is not: English has none of the folded letters)
    return word[: len(found)] if folded.startswith(found) else found


def matches(query_stem: str, text_stem: str) -> float:
    """How a query stem matches a text word's stem, read folded (``fold``): 1.0 equal, 0.5 a
    prefix of it, 0.0 not at all; times ``FOLDED_MATCH`` when the letters agree only folded."""
    how = _match(query_stem, text_stem)
    if how or query_stem[:1].translate(_FOLD) != text_stem[:1].translate(_FOLD):
        return how  # the letters agree (folding keeps a match), or differ from the first folded one
    return _match(fold(query_stem), fold(text_stem)) * FOLDED_MATCH


def _match(query_stem: str, text_stem: str) -> float:
    if query_stem == text_stem:
        return 1.0
    if len(query_stem) >= MIN_PREFIX and not query_stem.isdigit() and text_stem.startswith(query_stem):
        return 0.5
    return 0.0
