"""A reference to an article, its part or its clause as a researcher writes it, in ky, ru or en:
``70(3)``, ``70(3)(1)``, ``article 70 part 3``, ``art. 70(3)``, ``статьи 70(3)``, ``ст. 70 ч. 3``,
``ч. 3 ст. 70``, ``статья 3, пункт 1``, ``70-берене 3-бөлүк`` (or ``70 берене 3 бөлүк``),
``3-берененин 1-пункту``. Each is read into the same three numbers — article, part, clause — that
``kgtool basis --article N --part P --clause C`` takes, so that both ways of asking reach the same
provision (kgtool.assessment.basis resolves them against the data).

In the compact form the first number in brackets is the part and the second the clause, as
the Kyrgyz Republic's acts number them (статья → часть → пункт); a clause that sits directly in
an article is written with the word (``article 3 clause 1``, ``ст. 3 п. 1``, ``3-берене 1-пункт``).

A word is read as a level only when it is one of that level's forms: a Kyrgyz word is the level's
stem followed by case and possessive endings only, so that «пунктча» (a subclause) is not read as
«пункт» nor «бөлүкчө» as «бөлүк». A level below the clause (подпункт, пп., пунктча, бөлүкчө,
абзац, subclause) is not read at all: ``level_not_read`` names it, so the caller refuses the
reference rather than answer for the clause above it. Nor is "para"/"paragraph", which English
translations of these acts use for a part and for a clause alike. "70.3" is not read either: it is
how the study prints a paragraph (7.5 of the Copenhagen Document), and a section number.
Pure Python: no RDF library, no query."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """Article ``article``, its part ``part`` (None: none named), its clause ``clause``."""

    article: int
    part: int | None = None
    clause: int | None = None


# the words for each level as written before the number (en, ru: each form whole, a trailing
# dot dropped) and the Kyrgyz stems written after it, with a hyphen or without
_BEFORE = {
    "article": ("article", "art", "статья", "статьи", "статье", "статью", "статьей", "статьёй", "ст"),
    "part": ("part", "pt", "часть", "части", "частью", "ч"),
    "clause": ("clause", "cl", "пункт", "пункта", "пункте", "пункту", "пунктом", "п"),
}
_AFTER = {"article": ("берене",), "part": ("бөлүк", "бөлүг"), "clause": ("пункт",)}
# what may follow a Kyrgyz stem: a plural, a possessive, a case ending (берене-си-нин, бөлүг-ү,
# бөлүк-түн, пункт-у-нда, берене-ге); nothing else (пункт-ча is another word: a subclause)
_KY_ENDING = re.compile(
    r"(?:[лтд][аеоө]р)?(?:с?[ыиуү])?(?:[нтд][ыиуү]н|[нгк][аеоө]|[нтд][ыиуү]|н|н?[дт][аеоө]|н?[дтн][аеоө]н)?"
)
# levels below the clause, which kgtool does not number (whole forms, and stems of any form)
_BELOW_WORDS = ("пп", "подп", "абз", "subcl", "subpara")
_BELOW_STEMS = ("подпункт", "пунктча", "бөлүкчө", "абзац", "subclause", "subparagraph")
# a word that names a part in some translations and a clause in others
_AMBIGUOUS_WORDS = ("para", "paras", "par", "paragraph", "paragraphs")

_ARTICLE_WORD = "|".join(_BEFORE["article"])
_COMPACT = re.compile(rf"^(?:(?:{_ARTICLE_WORD})\.?\s*)?(\d+)\s*\((\d+)\)(?:\s*\((\d+)\))?$")
_WORD_FIRST = re.compile(r"([^\W\d_]+)\.?\s*(\d+)")
_NUMBER_FIRST = re.compile(r"(\d+)\s*-?\s*([^\W\d_]+)")
_SEPARATOR = re.compile(r"[\s,;]+")
_WORD = re.compile(r"[^\W\d_]+")


def parse_reference(text: str) -> Reference | None:
    """The article, part and clause ``text`` names, or None when it is not such a reference
    (a paragraph "7.5", a range "85-88", a bare number: those are the study's own numbers; a
    level below the clause, which ``level_not_read`` names)."""
    wanted = " ".join(text.casefold().split())
    if level_not_read(wanted):
        return None
    compact = _COMPACT.match(wanted)
    if compact:
        article, part, clause = compact.groups()
        return Reference(int(article), int(part), int(clause) if clause else None)
    # either every level is written word first (en, ru) or every one number first (ky): a text
    # read by neither whole is not a reference
    found = _read(wanted, _WORD_FIRST, 1, 2, _word_before) or _read(wanted, _NUMBER_FIRST, 2, 1, _word_after)
    if not found or "article" not in found:
        return None
    return Reference(found["article"], found.get("part"), found.get("clause"))


def level_not_read(text: str) -> tuple[str, str] | None:
    """The word of ``text`` naming a level kgtool does not read, as ("below", word) for a level
    below the clause or ("ambiguous", word) for "para"; None when there is none."""
    for word in _WORD.findall(text.casefold().replace("sub-", "sub")):
        if word in _BELOW_WORDS or word.startswith(_BELOW_STEMS):
            return ("below", word)
        if word in _AMBIGUOUS_WORDS:
            return ("ambiguous", word)
    return None


def _read(
    text: str, pattern: re.Pattern[str], word_group: int, number_group: int, level_of: Callable[[str], str | None]
) -> dict[str, int]:
    """The levels of ``text`` read as a sequence of (word, number) pairs, each level once; {}
    when a piece of the text is not such a pair."""
    found: dict[str, int] = {}
    pos = _skip(text, 0)
    while pos < len(text):
        m = pattern.match(text, pos)
        if m is None:
            return {}
        level = level_of(m.group(word_group))
        if level is None or level in found:  # "part 2 part 3": not one provision
            return {}
        found[level] = int(m.group(number_group))
        pos = _skip(text, m.end())
    return found


def _skip(text: str, pos: int) -> int:
    m = _SEPARATOR.match(text, pos)
    return m.end() if m else pos


def _word_before(word: str) -> str | None:
    return next((level for level, forms in _BEFORE.items() if word in forms), None)


def _word_after(word: str) -> str | None:
    for level, stems in _AFTER.items():
        for stem in stems:
            if word.startswith(stem) and _KY_ENDING.fullmatch(word[len(stem) :]):
                return level
    return None
