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

from kgtool.i18n.catalogue import t
from kgtool.serve.query_service import Answer
from kgtool.serve.server import LinkedDataServer, ServeOptions
from kgtool.site.conneg import MAX_SEGMENT, local_path

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


# --- issue 13, "Legible answers": the /sparql page's questions, and pages at 400 px -------------


def results_table(driver: WebDriver) -> list[list[str]]:
    """Wait for the query page's answer and return its table's rows, as text."""
    WebDriverWait(driver, 20).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#results tbody tr")
            or "failed" in (d.find_element(By.CSS_SELECTOR, "#results .status").get_attribute("class") or "")
        )
    )
    assert "failed" not in (driver.find_element(By.CSS_SELECTOR, "#results .status").get_attribute("class") or "")
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    return [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows]


def ask(driver: WebDriver, form: str) -> list[list[str]]:
    """Submit a ready-made question's form and return the answer's rows (the submit handler
    clears the previous answer before it returns, so the rows waited for are the new ones)."""
    driver.find_element(By.CSS_SELECTOR, f"#{form} button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "results").is_displayed())
    return results_table(driver)


def test_the_common_questions_answer_with_a_table_of_linked_iris(server: str, browser: WebDriver) -> None:
    """A reader with no SPARQL asks what article 86 of the Constitution underpins, the gaps of a
    pair, a process's legal basis, and where "бюджет" is written: each form runs its named query
    on the site's own endpoint, and the answer is a table whose IRIs lead to the site's pages."""
    browser.get(server + "sparql")
    assert not browser.find_element(By.ID, "no-script").is_displayed()  # the script runs under the policy

    article = browser.find_element(By.CSS_SELECTOR, "#q-article input[name=article]")
    article.clear()
    article.send_keys("86")
    rows = ask(browser, "q-article")
    # article 86 is inside the cited range "articles 85-88"
    assert rows and any("kg/law/constitution/art/85-88" in cell for row in rows for cell in row), rows
    query = browser.find_element(By.ID, "query").get_attribute("value") or ""
    assert (
        "VALUES ?article { 86 }" in query
        and "VALUES ?act { <https://w3id.org/kgtool/id/kg/law/constitution> }" in query
    )
    # a label carries its language, as a tag and as the element's lang
    tagged = browser.find_elements(By.CSS_SELECTOR, "#results td span[lang]")
    assert tagged and tagged[0].get_attribute("lang") in ("en", "en-t-ky", "ky")
    links = browser.find_elements(By.CSS_SELECTOR, "#results tbody a")
    targets = {a.get_attribute("href") for a in links}
    assert server + "page/kg/law/constitution/art/85-88.html" in targets
    assert server + "ontology.html#Establishes" in targets or server + "ontology.html#Regulates" in targets
    shot(browser, "6-sparql-article-86")

    Select(browser.find_element(By.CSS_SELECTOR, "#q-gaps select[name=named-query]")).select_by_value(
        "gaps/no-legal-basis"
    )
    pairs = Select(browser.find_element(By.CSS_SELECTOR, "#q-gaps select[name=pair]"))
    pairs.select_by_value("https://w3id.org/kgtool/id/kg/assessment/2016/pair/citizens-jk")
    rows = ask(browser, "q-gaps")
    assert ["kg/assessment/2016/process/jk-deputy-recall" in row[0] for row in rows].count(True) == 1, rows
    assert all("pair/citizens-jk" in row[2] for row in rows)

    Select(browser.find_element(By.CSS_SELECTOR, "#q-basis select[name=process]")).select_by_value(
        "https://w3id.org/kgtool/id/kg/assessment/2016/process/public-monitoring"
    )
    rows = ask(browser, "q-basis")
    assert any("kg/law/constitution/art/52" in row[2] for row in rows), rows

    words = browser.find_element(By.CSS_SELECTOR, "#q-search input[name=text]")
    words.clear()
    words.send_keys("бюджет")
    rows = ask(browser, "q-search")
    assert len(rows) >= 5 and all("бюджет" in row[3].lower() for row in rows)
    assert any(row[3].endswith("@ky") for row in rows) and any(row[3].endswith("@ru-t-ky") for row in rows)
    assert refusals(browser) == []

    # an IRI in the answer is a link to its page on this site
    link = browser.find_element(By.CSS_SELECTOR, "#results tbody td a[href*='page/']")
    expected = link.get_attribute("href")
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url == expected)
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_an_example_runs_as_a_table_on_the_page(server: str, browser: WebDriver) -> None:
    browser.get(server + "sparql")
    browser.find_element(By.CSS_SELECTOR, "#indices-pair-index button.run-table").click()
    rows = results_table(browser)
    assert len(rows) == 5 and all(row[0].startswith("kg/assessment/2016/pair/") for row in rows)
    text = browser.find_element(By.CSS_SELECTOR, "#indices-pair-index pre").get_attribute("textContent")
    assert browser.find_element(By.ID, "query").get_attribute("value") == text
    assert refusals(browser) == []


def test_the_query_box_answers_as_a_table_and_says_what_went_wrong(server: str, browser: WebDriver) -> None:
    browser.get(server + "sparql")
    assert Select(browser.find_element(By.ID, "format")).first_selected_option.get_attribute("value") == "table"
    query = browser.find_element(By.ID, "query")
    query.clear()
    query.send_keys("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
    rows = results_table(browser)
    assert len(rows) == 1 and int(rows[0][0].split("xsd:")[0]) > 1000 and rows[0][0].endswith("xsd:integer")
    query.clear()
    query.send_keys("SELECT nonsense")
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
    status = browser.find_element(By.CSS_SELECTOR, "#results .status")
    WebDriverWait(browser, 10).until(lambda d: "failed" in (status.get_attribute("class") or ""))
    assert "400" in status.text and "serve#bad-query" in status.text
    assert refusals(browser) == []


def test_only_iris_with_a_page_are_links(server: str, browser: WebDriver) -> None:
    """An answer's data IRI is a link only where ``local_path`` gives it a page: not one with a
    character no file name takes, nor one with a segment longer than a file name may be (it was
    linked to a page publish never makes). The script cannot know which IRIs the data holds, so
    an IRI of the right form that the data lacks (``fits`` here) is linked all the same."""
    data = "https://w3id.org/kgtool/id/"
    long = "kg/" + "a" * (MAX_SEGMENT + 1)
    fits = "kg/" + "a" * MAX_SEGMENT
    browser.get(server + "sparql")
    query = browser.find_element(By.ID, "query")
    query.clear()
    query.send_keys(
        "SELECT ?x WHERE { VALUES ?x { "
        + " ".join(f"<{data}{path}>" for path in ("kg/law/constitution", long, fits, "kg/a%20b"))
        + " } }"
    )
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
    rows = results_table(browser)
    assert [row[0] for row in rows] == ["kg/law/constitution", data + long, fits, data + "kg/a%20b"]
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results tbody a")}
    assert links == {
        "kg/law/constitution": server + "page/kg/law/constitution.html",
        fits: server + f"page/{fits}.html",
    }
    assert {local_path(data + path) for path in ("kg/law/constitution", long, fits, "kg/a%20b")} == {
        "kg/law/constitution",
        fits,
        None,
    }
    assert refusals(browser) == []


PAGES = {
    "index": "",
    "acts": "acts.html",
    "process": "page/kg/assessment/2016/process/public-monitoring.html",
    "pair": "page/kg/assessment/2016/pair/citizens-executive-lsg.html",
    "act": "page/kg/law/constitution.html",
    "provision": "page/kg/law/constitution/art/52.html",
    "ontology": "ontology.html",
    "sparql": "sparql",
}


def fits(driver: WebDriver, width: int) -> None:
    """The page is laid out in the window's width: nothing runs off to the right."""
    inner, scroll = driver.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    assert inner == width and scroll <= inner, (driver.current_url, width, scroll)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kgtool.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "-o", str(out)]) == 0
    return out


@pytest.mark.parametrize("width", [400, 1280])
def test_every_kind_of_page_and_the_report_fit_the_window(
    server: str, browser: WebDriver, report_file: Path, width: int
) -> None:
    """At a phone's 400 px and a desktop's 1280 px, no page runs off the window: a wide table
    scrolls inside its own box, long IRIs wrap. Screenshots: tests/artifacts/layout-*.png."""
    browser.set_window_size(width, 900)
    for name, path in PAGES.items():
        browser.get(server + path)
        if name == "sparql":  # with an answer on show, a wide table of long texts
            rows = ask(browser, "q-search")
            assert rows
        fits(browser, width)
        shot(browser, f"layout-{name}-{width}")
        if name == "sparql":
            browser.execute_script("document.getElementById('results').scrollIntoView()")
            shot(browser, f"layout-sparql-results-{width}")
        if name == "pair" and width == 400:
            # the pair's processes table is wider than a phone: it scrolls in its box
            assert browser.execute_script(
                "return [...document.querySelectorAll('.table-box')].some(b => b.scrollWidth > b.clientWidth)"
            )
        assert refusals(browser) == [], name

    browser.get(report_file.as_uri())
    fits(browser, width)
    shot(browser, f"layout-report-{width}")
    heat = browser.find_element(By.CSS_SELECTOR, "table.heat")
    browser.execute_script("arguments[0].scrollIntoView()", heat)
    shot(browser, f"layout-report-heatmap-{width}")
    # Figure 1 zooms without a script: at x4 the drawing is four times the box, which scrolls
    box = browser.find_element(By.CSS_SELECTOR, ".zoom-box")
    fitted = box.find_element(By.TAG_NAME, "svg").rect["width"]
    browser.find_element(By.CSS_SELECTOR, "label[for=fig1-zoom-4]").click()
    zoomed = box.find_element(By.TAG_NAME, "svg").rect["width"]
    assert zoomed > 3.5 * fitted
    assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
    fits(browser, width)
    browser.execute_script("arguments[0].scrollIntoView(); arguments[0].scrollLeft = arguments[0].scrollWidth / 3", box)
    shot(browser, f"layout-report-figure1-zoomed-{width}")


def test_the_query_page_asks_and_answers_in_the_sites_language(browser: WebDriver) -> None:
    """Served with --lang ru, the page's words are Russian, its forms bind ?lang to "ru", and the
    answer's labels are the Russian ones, tagged as the project's translations; the server's
    refusal of a query is Russian too, though the browser asks for English (Chromium's
    Accept-Language here): the page asks for its own language."""
    with kgtool_serve("--lang", "ru") as base:
        browser.get(base + "sparql")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Точка доступа SPARQL"
        assert browser.find_element(By.CSS_SELECTOR, "#q-basis h3").text == "Правовая основа процесса"
        number = browser.find_element(By.CSS_SELECTOR, "#q-article input[name=article]")
        number.clear()
        number.send_keys("5.2e1")  # 52, as a number field may hold it
        rows = ask(browser, "q-article")
        query = browser.find_element(By.ID, "query").get_attribute("value") or ""
        assert 'VALUES ?lang { "ru" }' in query and "VALUES ?article { 52 }" in query
        labels = [row[1] for row in rows]
        assert labels and all(label.endswith("@ru-t-ky") for label in labels), labels
        assert browser.find_element(By.CSS_SELECTOR, "#results .status").text == f"Строк: {len(rows)}"
        assert refusals(browser) == []
        box = browser.find_element(By.ID, "query")
        box.clear()
        box.send_keys("SELECT nonsense")
        browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
        status = browser.find_element(By.CSS_SELECTOR, "#results .status")
        WebDriverWait(browser, 10).until(lambda d: "failed" in (status.get_attribute("class") or ""))
        assert "400" in status.text and "ERROR [serve#bad-query] " in status.text
        assert t("serve.bad_query_hint", "ru") in status.text and "check the query" not in status.text
