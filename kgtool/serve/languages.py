"""The language of ``kgtool serve``'s error answers: the one of kgtool's languages a client's
``Accept-Language`` header prefers (RFC 9110 12.5.4), else the server's own (``--lang``, or
``KGTOOL_LANG``).

A range names a language by its first subtag, as RFC 4647's lookup reads it (``ru-RU`` and
``ru`` are Russian, ``ky-KG`` and ``ky-Cyrl`` Kyrgyz); each of kgtool's languages gets the
highest weight a range naming it gives, else the weight of ``*``; ``q=0`` refuses a language.
The language with the highest weight wins; at equal weights one the client named wins over
one ``*`` stands for, then the one named first, then the server's own. A header that names none
of them, or cannot be read, is answered in the server's language, and one that refuses the
server's language in another it does not refuse (English first); one that refuses them all, in
the server's language. A malformed range or weight is passed over, never an error.

The header is read once, part by part, so its cost is linear in its length (the server's
header budget bounds that length); a part longer than any language range is passed over
unread. An error answer reads it; so does the choice of a page's language when a publication in
several languages is served (``offered``: the languages published, ``default`` one of them);
what a query returns does not depend on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kgtool.vocab import LANGUAGES

# one element of the list: a language range (a tag of 1-8 letters and subtags of 1-8 letters or
# digits, or "*"), and a weight: q= 0 or 1 with up to three decimals
RANGE = re.compile(
    r"[ \t]*(\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)[ \t]*(?:;[ \t]*[qQ]=([01](?:\.[0-9]{0,3})?)[ \t]*)?"
)
# the longest element read: a range and its weight, with some white space (RFC 5646's longest
# tags are under 50 characters); a longer one is malformed or no language kgtool speaks
LONGEST_RANGE = 128


def language_asked(header: str | None, default: str, offered: Sequence[str] = LANGUAGES) -> str:
    """The language of ``offered`` (kgtool's ``LANGUAGES``, or the languages of a publication) an
    Accept-Language ``header`` prefers, or ``default`` (the server's language, one of ``offered``)
    when it prefers none of them."""
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
        if lang in offered:
            rank = (q, 1, -position)
            best[lang] = max(best.get(lang, rank), rank)
    if wildcard is not None:
        for lang in offered:
            best.setdefault(lang, (wildcard, 0, 0))
    chosen = max(best, key=lambda lang: (*best[lang], lang == default), default=None)
    if chosen is not None and best[chosen][0] > 0:
        return chosen
    # none asked for: the server's language, unless the client refused it ("ky;q=0" to a server
    # speaking Kyrgyz); then English (the code's own words), else another it did not refuse
    refused = {lang for lang, (q, _, _) in best.items() if q <= 0}
    return next((lang for lang in (default, "en", *offered) if lang in offered and lang not in refused), default)
