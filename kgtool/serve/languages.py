"""The language of ``kgtool serve``'s error answers: the one of kgtool's languages a client's
``Accept-Language`` header prefers (RFC 9110 12.5.4), else the server's own (``--lang``, or
``KGTOOL_LANG``).

A range names a language by its first subtag, as RFC 4647's lookup reads it (``ru-RU`` and
``ru`` are Russian, ``ky-KG`` and ``ky-Cyrl`` Kyrgyz); each of kgtool's languages gets the
highest weight a range naming it gives, else the weight of ``*``; ``q=0`` refuses a language.
The language with the highest weight wins; at equal weights one the client named wins over
one ``*`` stands for, then the one named first, then the server's own. A header that names none
of them, refuses them all, or cannot be read is answered in the server's language: a
malformed range or weight is passed over, never an error.

The header is read once, part by part, so its cost is linear in its length (the server's
header budget bounds that length); a part longer than any language range is passed over
unread. Only an error answer reads it: what a query returns does not depend on it.
"""

from __future__ import annotations

import re

from kgtool.vocab import LANGUAGES

# one element of the list: a language range (a tag of 1-8 letters and subtags of 1-8 letters or
# digits, or "*"), and a weight: q= 0 or 1 with up to three decimals
RANGE = re.compile(
    r"[ \t]*(\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)[ \t]*(?:;[ \t]*[qQ]=([01](?:\.[0-9]{0,3})?)[ \t]*)?"
)
# the longest element read: a range and its weight, with some white space (RFC 5646's longest
# tags are under 50 characters); a longer one is malformed or no language kgtool speaks
LONGEST_RANGE = 128


def language_asked(header: str | None, default: str) -> str:
    """The language of kgtool's ``LANGUAGES`` an Accept-Language ``header`` prefers, or ``default``
    (the server's language) when it prefers none of them."""
    if not header:
        return default
    # per language: (weight, named rather than by "*", -position of the range that gave it)
    best: dict[str, tuple[float, int, int]] = {}
    wildcard: float | None = None
    for position, part in enumerate(header.split(",")):
        if len(part) > LONGEST_RANGE:
            continue
        found = RANGE.fullmatch(part)
        if found is None:
            continue
        tag, weight = found.groups()
        q = float(weight) if weight else 1.0
        if q > 1.0:  # "1.5": no weight
            continue
        if tag == "*":
            wildcard = q if wildcard is None else max(wildcard, q)
            continue
        lang = tag.partition("-")[0].lower()
        if lang in LANGUAGES:
            rank = (q, 1, -position)
            best[lang] = max(best.get(lang, rank), rank)
    if wildcard is not None:
        for lang in LANGUAGES:
            best.setdefault(lang, (wildcard, 0, 0))
    chosen = max(best, key=lambda lang: (*best[lang], lang == default), default=None)
    if chosen is None or best[chosen][0] <= 0:
        return default
    return chosen
