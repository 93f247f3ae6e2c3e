"""The published site's search (issue 13, item 4), in real headless Chromium: the box on every
page leads to search.html, which finds in the page's language what kgtool search finds, in the
order of kgtool.search's ranking, from disk (file://, no server at all) and served by kgtool serve
under the site's Content-Security-Policy; a click on a hit opens its page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from test_browser import (
    browser,  # noqa: F401 - the fixture the tests below take
    refusals,
    shot,
)
from test_serve import kgtool_serve

from kgtool.rdf.store import KnowledgeGraph
from kgtool.search.index import SearchIndex
from kgtool.search.site_index import language_index
from kgtool.search.texts import build_index
from kgtool.site.conneg import local_path
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.vocab import DATA_NAMESPACE

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ID = DATA_NAMESPACE


@pytest.fixture(scope="module")
def sites(published_site: Callable[[str], Path]) -> dict[str, Path]:
    return {lang: published_site(lang) for lang in ("en", "ru", "ky")}


@pytest.fixture(scope="module")
def full_index(kg: KnowledgeGraph) -> SearchIndex:
    return build_index(EmbeddedBackend(kg))


@pytest.fixture(scope="module")
def served_ky(sites: dict[str, Path]) -> Iterator[str]:
    with kgtool_serve("--site", str(sites["ky"])) as base:
        yield base


def reference(index: SearchIndex, query: str, lang: str) -> list[str]:
    """The IRIs kgtool.search ranks for the site's index of one language, best first."""
    site = language_index(index, lang, lambda iri: local_path(iri) is not None)
    return [h.iri for h in site.search(query, lang, lang)]


def search_from_box(driver: WebDriver, start: str, query: str) -> list[str]:
    """Type the query into the box of a page, press Enter, and read the hits' IRIs off search.html."""
    driver.get(start)
    box = driver.find_element(By.ID, "site-search")
    box.send_keys(query, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "search.html" in d.current_url)
    WebDriverWait(driver, 10).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#search-results li")
            or d.find_element(By.ID, "search-status").text.strip()
        )
    )
    return [
        iri_of(a.get_attribute("href") or "") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li > a")
    ]


def iri_of(href: str) -> str:
    path = unquote(urlsplit(href).path)
    assert "/page/" in path and path.endswith(".html"), href
    return ID + path.split("/page/", 1)[1][: -len(".html")]


@pytest.mark.parametrize(("lang", "query"), [("en", "budget"), ("ru", "бюджет")])
def test_search_box_works_from_disk(
    sites: dict[str, Path],
    full_index: SearchIndex,
    browser: WebDriver,  # noqa: F811 - the fixture imported above
    lang: str,
    query: str,
) -> None:
    start = (sites[lang] / "page/kg/law/constitution/art/52.html").as_uri()
    found = search_from_box(browser, start, query)
    shot(browser, f"search-{lang}")
    assert found == reference(full_index, query, lang)
    assert {ID + "kg/law/budget-code", ID + "kg/assessment/2016/process/public-monitoring"} <= set(found)
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert marks and all(m.startswith(query[:6]) for m in marks)
    # a click on a process leads to its page
    link = browser.find_element(By.CSS_SELECTOR, '#search-results li > a[href$="process/public-monitoring.html"]')
    title = link.text
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("process/public-monitoring.html"))
    assert browser.find_element(By.TAG_NAME, "h1").text == title


def test_a_form_the_texts_lack_is_stemmed_in_the_browser(
    sites: dict[str, Path],
    full_index: SearchIndex,
    browser: WebDriver,  # noqa: F811 - the fixture imported above
) -> None:
    # «бюджетам» occurs nowhere in the data: the script finds it by the longest stem it begins
    start = (sites["ru"] / "index.html").as_uri()
    found = search_from_box(browser, start, "бюджетам")
    assert found and found == reference(full_index, "бюджетам", "ru")
    assert search_from_box(browser, start, "несуществующееслово") == []
    assert browser.find_element(By.ID, "search-status").text == "Ничего не найдено."
    # every word must match, as in kgtool search
    both = search_from_box(browser, (sites["en"] / "index.html").as_uri(), "Budget Code")
    assert both and both == reference(full_index, "Budget Code", "en")
    assert len(both) < len(reference(full_index, "budget", "en"))


def test_kyrgyz_search_served_under_the_content_security_policy(
    served_ky: str,
    full_index: SearchIndex,
    browser: WebDriver,  # noqa: F811 - the fixture imported above
) -> None:
    refusals(browser)
    found = search_from_box(browser, served_ky, "бюджеттин")
    shot(browser, "search-ky")
    assert found == reference(full_index, "бюджеттин", "ky")
    assert set(found) == set(reference(full_index, "бюджет", "ky"))
    assert ID + "kg/law/budget-principles-law/art/12" in found
    # typed on a Russian keyboard (н for ң): what the word with its own letters finds, ranked as
    # kgtool search ranks it; and the study's «Эн жакшы» is found by «эң», after «Эң маанилүүсү»
    typed = search_from_box(browser, served_ky, "кенештин")
    assert typed and typed == reference(full_index, "кенештин", "ky")
    assert set(typed) == set(reference(full_index, "кеңештин", "ky"))
    letters = search_from_box(browser, served_ky, "эң")
    assert (
        letters
        == reference(full_index, "эң", "ky")
        == [
            ID + "kg/assessment/2016/recommendation/6.1.3-4",
            ID + "kg/assessment/2016/figure/dimension-rules-present",
        ]
    )
    assert refusals(browser) == []
