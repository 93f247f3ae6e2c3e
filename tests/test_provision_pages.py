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
