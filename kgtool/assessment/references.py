"""A reference to an article, its part or its clause as a researcher writes it, in ky, ru or en:
``70(3)``, ``70(3)(1)``, ``article 70 part 3``, ``art. 70(3)``, ``ст. 70 ч. 3``, ``статья 3,
пункт 1``, ``70-берене 3-бөлүк``, ``3-берененин 1-пункту``. Each is read into the same three
numbers — article, part, clause — that ``kgtool basis --article N --part P --clause C`` takes,
so that both ways of asking reach the same provision (kgtool.assessment.basis resolves them
against the data).

In the compact form the first number in brackets is the part and the second the clause, as
the Kyrgyz Republic's acts number them (статья → часть → пункт); a clause that sits directly in
an article is written with the word (``article 3 clause 1``, ``ст. 3 п. 1``, ``3-берене 1-пункт``).
Pure Python: no RDF library, no query."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """Article ``article``, its part ``part`` (None: none named), its clause ``clause``."""

    article: int
    part: int | None = None
    clause: int | None = None


# the words for each level, as written before the number (en, ru) or after it with a hyphen (ky,
# in any case ending: берене, беренеси, беренесинин; бөлүк, бөлүгү; пункт, пункту)
_BEFORE = {
    "article": ("article", "art", "статья", "статьи", "статье", "статью", "ст"),
    "part": ("part", "pt", "часть", "части", "частью", "ч"),
    "clause": ("clause", "cl", "пункт", "пункта", "пункте", "п"),
}
_AFTER = {"article": ("берене",), "part": ("бөлүк", "бөлүг"), "clause": ("пункт",)}

_COMPACT = re.compile(r"^(?:(?:article|art|статья|ст)\.?\s*)?(\d+)\s*\((\d+)\)(?:\s*\((\d+)\))?$")
_WORD_FIRST = re.compile(r"([^\W\d_]+)\.?\s*(\d+)")
_NUMBER_FIRST = re.compile(r"(\d+)\s*-\s*([^\W\d_]+)")
_BETWEEN = re.compile(r"^[\s,;]*$")


def parse_reference(text: str) -> Reference | None:
    """The article, part and clause ``text`` names, or None when it is not such a reference
    (a paragraph "7.5", a range "85-88", a bare number: those are the study's own numbers)."""
    wanted = " ".join(text.casefold().split())
    compact = _COMPACT.match(wanted)
    if compact:
        article, part, clause = compact.groups()
        return Reference(int(article), int(part), int(clause) if clause else None)
    found: dict[str, int] = {}
    rest = wanted
    for pattern, word_group, number_group, words in (
        (_WORD_FIRST, 1, 2, _BEFORE),
        (_NUMBER_FIRST, 2, 1, _AFTER),
    ):
        for m in pattern.finditer(wanted):
            level = _level(m.group(word_group), words, exact=words is _BEFORE)
            if level is None:
                continue
            if level in found:
                return None  # "part 2 part 3": not one provision
            found[level] = int(m.group(number_group))
            rest = rest.replace(m.group(0), " ", 1)
    if "article" not in found or not _BETWEEN.match(rest):
        return None
    return Reference(found["article"], found.get("part"), found.get("clause"))


def _level(word: str, words: dict[str, tuple[str, ...]], exact: bool) -> str | None:
    for level, forms in words.items():
        if (word in forms) if exact else any(word.startswith(form) for form in forms):
            return level
    return None
