"""End to end in a real browser (Debian's headless Chromium, driven by Selenium through Debian's
chromedriver): a legal researcher opens the index served by `kgtool serve`, follows links to
article 52 of the Constitution, reaches the process it underpins, and sees its cells.
A screenshot of each step is kept in tests/artifacts/."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_serve import kgtool_serve

from kgtool.serve.query_service import Answer
from kgtool.serve.server import LinkedDataServer, ServeOptions

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # no --site: the server publishes the graph itself on start, as a user would run it
    with kgtool_serve() as base:
        yield base


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "Debian's chromium and chromium-driver are installed with: apt-get install chromium chromium-driver"
    )
    profile = tempfile.mkdtemp(prefix="kgtool-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    # the console, where Chromium reports what the Content-Security-Policy refused
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path and browser binary: Selenium never downloads a browser or driver
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def click(driver: WebDriver, css: str, text: str) -> None:
    """Click the link with this text inside the element the CSS selector names, and wait for the page."""
    link = WebDriverWait(driver, 10).until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, css)))
    target = link.find_element(By.PARTIAL_LINK_TEXT, text) if link.tag_name != "a" else link
    old = driver.current_url
    target.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url != old)


def shot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"browser-{name}.png"))


def test_from_the_index_to_article_52_to_the_process_and_its_cells(server: str, browser: WebDriver) -> None:
    browser.get(server)
    assert "knowledge graph" in browser.title
    assert browser.find_element(By.CSS_SELECTOR, "#indices table").is_displayed()
    shot(browser, "1-index")

    click(browser, "header nav", "Legal acts")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Legal acts"
    click(browser, "#acts", "Constitution of the Kyrgyz Republic")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the Kyrgyz Republic"
    shot(browser, "2-constitution")

    click(browser, "#provisions", "Constitution of the KR, article 52")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the KR, article 52"
    labels = browser.find_element(By.ID, "labels").text
    assert "КР Конституциясы, 52-берене" in labels and "Конституция КР, статья 52" in labels
    shot(browser, "3-article-52")

    click(browser, "#underpins", "Public monitoring")
    assert browser.current_url.endswith("/page/kg/assessment/2016/process/public-monitoring.html")
    cells = browser.find_element(By.ID, "cells")
    rows = cells.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 4
    values = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert set(values) <= {"present", "absent"} and "absent" in values
    assert "existence of accountability rules and standards" in rows[0].text
    assert cells.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView()", cells)
    shot(browser, "4-process-cells")
    assert (ARTIFACTS / "browser-4-process-cells.png").stat().st_size > 10_000


def test_from_the_ranking_of_articles_to_article_86_cited_inside_a_range(server: str, browser: WebDriver) -> None:
    # article 86 is cited only inside "articles 85-88": its IRI answers, and its page says so
    browser.get(server + "id/kg/law/constitution/art/86")
    assert browser.current_url.endswith("/page/kg/law/constitution/art/86.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the KR, article 86"
    browser.get(server + "acts.html")
    click(browser, "#most-cited-articles", "Constitution of the KR, article 86")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the KR, article 86"
    part_of = browser.find_element(By.ID, "cited-as-part-of")
    assert "Constitution of the KR, articles 85-88" in part_of.text
    assert "Articles 85-88 of the Constitution set out the accountability" in part_of.text
    shot(browser, "5-article-86")
    click(browser, "#cited-as-part-of", "Constitution of the KR, articles 85-88")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the KR, articles 85-88"


def test_resource_iri_opens_its_page_in_the_browser(server: str, browser: WebDriver) -> None:
    # the browser sends Accept: text/html..., so the 303 leads it to the page
    browser.get(server + "id/kg/law/constitution/art/52")
    assert browser.current_url.endswith("/page/kg/law/constitution/art/52.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Constitution of the KR, article 52"


def refusals(driver: WebDriver) -> list[str]:
    """What the browser's console says the page's Content-Security-Policy refused (since the last call)."""
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def styled(driver: WebDriver) -> bool:
    """True when the site's style.css applies (the header's background comes from it alone)."""
    header = driver.find_element(By.TAG_NAME, "header")
    return bool(header.value_of_css_property("background-color") == "rgba(243, 245, 248, 1)")


def test_pages_and_the_query_page_work_under_the_content_security_policy(server: str, browser: WebDriver) -> None:
    """Every answer of kgtool serve carries a restrictive Content-Security-Policy; the site's
    pages keep their stylesheet under it, the /sparql page's form still runs a query, and
    the browser refuses nothing on any of them."""
    for path in ("", "acts.html", "ontology.html", "page/kg/law/constitution/art/52.html"):
        browser.get(server + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
        assert styled(browser), path
        assert refusals(browser) == [], path

    browser.get(server + "sparql")
    assert browser.find_element(By.TAG_NAME, "h1").text == "SPARQL endpoint"
    assert styled(browser)
    examples = browser.find_elements(By.CSS_SELECTOR, "#examples article.example")
    assert len(examples) > 5
    shot(browser, "5-sparql-page")
    query = browser.find_element(By.ID, "query")
    query.clear()
    query.send_keys("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    Select(browser.find_element(By.ID, "format")).select_by_value("json")
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
    # the form posts to /sparql itself (form-action 'self'); Chromium shows the JSON results as text
    WebDriverWait(browser, 15).until(lambda d: '"bindings"' in d.page_source)
    answer = json.loads(browser.find_element(By.TAG_NAME, "pre").text)
    assert int(answer["results"]["bindings"][0]["n"]["value"]) > 0
    assert refusals(browser) == []

    # an example's link runs its query by GET, on the same site
    browser.get(server + "sparql")
    link = browser.find_element(By.CSS_SELECTOR, "#examples article.example a")
    link.click()
    WebDriverWait(browser, 15).until(lambda d: "query=" in d.current_url)
    assert "head" in browser.page_source and "vars" in browser.page_source
    assert refusals(browser) == []


class _NoQueries:
    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        raise AssertionError("no query was expected")

    def close(self) -> None:
        pass


def test_the_console_shows_what_the_policy_refuses(browser: WebDriver, tmp_path: Path) -> None:
    """The check above can fail: a page with an inline style and an inline script, served with
    the same policy, is styled by neither, and Chromium's console says so."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><p id="p" style="color: rgb(255, 0, 0)">x</p>'
        "<script>document.title = 'ran'</script>",
        encoding="utf-8",
    )
    server = LinkedDataServer(tmp_path, _NoQueries(), ServeOptions(port=0, quiet=True), b"")
    server.start_in_thread()
    try:
        browser.get(server.url)
        assert browser.title == "t"  # the script did not run
        assert browser.find_element(By.ID, "p").value_of_css_property("color") != "rgba(255, 0, 0, 1)"
        assert len(refusals(browser)) >= 2
    finally:
        server.shutdown()
