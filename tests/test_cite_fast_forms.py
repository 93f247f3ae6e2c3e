"""The citation files' fast paths (issue 18: a site writes three citation files per page) give
exactly what the plain forms they replaced give: the CSL-JSON layout is ``json.dumps(…, indent=2)``'s,
a BibTeX value is escaped character by character as before, a citation key keeps ASCII letters,
digits and ``-._/`` and makes everything else ``-``."""

from __future__ import annotations

import json
import random

from kgtool.citation.formats import _BIBTEX_SPECIAL, _tex, indented_json
from kgtool.citation.records import Citation


def _value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth < 3 and roll < 0.25:
        keys = ["a", "ключ", '"q', "x\ny", "é", ""]
        return {rng.choice(keys) + str(i): _value(rng, depth + 1) for i in range(rng.randint(0, 4))}
    if depth < 3 and roll < 0.45:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return rng.choice(["", "текст", 'a"b\\c\n\t\u2028', 0, -3, 2**60, 1.5, True, False, None, "\x00\x1f", "😀"])


def test_indented_json_is_json_dumps_with_indent_2() -> None:
    rng = random.Random(18)
    values = [_value(rng) for _ in range(5000)] + [{}, [], [{}], {"a": []}, ("t", 1)]
    for value in values:
        assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_tex_escapes_as_the_character_loop_did() -> None:
    text = "".join(_BIBTEX_SPECIAL) + "plain Кыргыз {x} 100% $5 a_b ~^\\"
    assert _tex(text) == "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)
    assert _tex("") == ""


def test_citation_key_keeps_ascii_letters_digits_and_four_marks() -> None:
    def key(iri: str) -> str:
        return Citation(iri, "en", "", "", "resource", (), None, None).key

    base = "https://w3id.org/kgtool/id/"
    assert key(base + "law/constitution/article/52") == "kgtool:law/constitution/article/52"
    assert key(base + "a b~c.d_e-f") == "kgtool:a-b-c.d_e-f"
    assert key(base + "жогорку²٣Ⅰ\n") == "kgtool:" + "-" * 11
