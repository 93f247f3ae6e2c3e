"""A part's or a clause's page says which provisions that contain it the study cites as a whole,
as ``kgtool basis --article N --part P`` does: the page of article 70, part 3 listed only the
part's own citation, and a reader could not tell that the study cites article 70 as a whole for
the election of deputies — nor that such a citation is not one of part 3."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

PART = "page/kg/law/constitution/art/70/part/3.html"
NOTE = {
    "en": "A citation of the whole is not a citation of this provision.",
    "ru": "Ссылка на целое не является ссылкой на это положение.",
    "ky": "Бүтүнүнө шилтеме бул жобого шилтеме эмес.",
}


def _table(page: str, table_id: str) -> str:
    found = re.search(rf'<section[^>]*id="{table_id}".*?</section>', page, re.S)
    assert found, f"no {table_id} on the page"
    return found.group(0)


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_a_parts_page_lists_its_article_cited_as_a_whole(lang: str, published_site: Callable[[str], Path]) -> None:
    page = (published_site(lang) / PART).read_text(encoding="utf-8")
    around = _table(page, "cited-as-a-whole-around")
    assert 'href="../../70.html"' in around, around
    assert "jk-elections" in around  # the election of deputies, which cites article 70 as a whole
    assert "party-discipline" not in around  # cited for part 3 itself: in the page's own table
    assert NOTE[lang] in around
    assert "party-discipline" in _table(page, "underpins")


def test_an_articles_page_has_no_such_table(published_site: Callable[[str], Path]) -> None:
    page = (published_site("en") / "page/kg/law/constitution/art/70.html").read_text(encoding="utf-8")
    assert 'id="cited-as-a-whole-around"' not in page


ACT = "page/kg/law/constitution.html"
# what the study cited, as an act's page marks a use listed under an article (article 70: only
# its part 3, for party discipline; article 73: only part 1; article 3: only clause 1; article
# 85: only as part of the range "articles 85-88")
CITED_AS = {
    "en": {70: "(through part 3)", 73: "(through part 1)", 3: "(through clause 1)", 85: "(as part of articles 85-88)"},
    "ru": {70: "(через часть 3)", 73: "(через часть 1)", 3: "(через пункт 1)", 85: "(в составе статей 85-88)"},
    "ky": {
        70: "(3-бөлүк аркылуу)",
        73: "(1-бөлүк аркылуу)",
        3: "(1-пункт аркылуу)",
        85: "(85-88-беренелердин курамында)",
    },
}


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_an_acts_page_marks_a_use_the_study_cited_through_a_part_or_a_range(
    lang: str, published_site: Callable[[str], Path]
) -> None:
    """The act's table "Provisions and what each underpins" listed, under article 70, the party
    discipline that the study cites only part 3 of it for, with nothing to say so (and article 85
    for what only the range 85-88 is cited for): read as citations of the whole article. Each
    such use now says what was cited; a citation of the article itself is left bare."""
    provisions = _table((published_site(lang) / ACT).read_text(encoding="utf-8"), "provisions")
    rows = {
        int(m.group(1)): row
        for row in provisions.split("<tr>")
        if (m := re.search(r'href="constitution/art/(\d+)\.html"', row.split("</td>")[0]))
    }
    for article, words in CITED_AS[lang].items():
        assert f'<span class="cited-as">{words}</span>' in rows[article], (article, rows[article])
    marked = rows[70].split("<br>")
    assert "party-discipline" in next(m for m in marked if "cited-as" in m)
    assert "cited-as" not in next(m for m in marked if "party-list-jk-elections" in m)  # article 70 itself
