"""`kgtool report`: the HTML report builds in Kyrgyz, Russian and English; every number its
charts carry equals `kgtool indices`; the heat map and Figure 1 match the graph; the file is
self-contained and deterministic; and real headless Chromium opens it, screenshots it and
prints it to PDF without a console error or a network request.

Screenshots and PDFs are written to tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from servers import oxigraph_server

from kgtool.assessment.indices import ALTERNATIVES, LABEL_SUFFIXES, PRIMARY, IndexCalculator, explain
from kgtool.cli import main
from kgtool.i18n.messages import has, percent, t
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
from kgtool.sparql.named import named
from kgtool.vocab import LANGUAGES as LANGS

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
KGO = "https://w3id.org/kgtool/ontology#"
ID = "https://w3id.org/kgtool/id/"
CHART_MEASURES = {
    "chart-diagram-1": {"dimension", "dimension-absent"},
    "chart-diagram-2": {"principal"},
    "chart-diagram-3": {"pair"},
    "chart-overall": {"overall", "overall-mean"},
}


# `kgtool indices` tells a dimension's absent share and the mean of the pair indices from
# the rows they follow by these (English) label suffixes.
def suffix_measure(lang: str) -> dict[str, str]:
    """The label suffixes `kgtool indices` adds, in ``lang``, to rows that share a subject."""
    words = LABEL_SUFFIXES[lang]
    return {" — " + words["absent"]: "dimension-absent", " — " + words["mean"]: "overall-mean"}


class Page(HTMLParser):
    """What the tests read from a report: chart data, heat-map cells, links, sections, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.chart: str | None = None
        self.data: list[dict[str, str]] = []
        self.cells: list[dict[str, str]] = []
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.sections: list[str] = []
        self.tags: Counter[str] = Counter()
        self.html_lang = ""
        self.figure1 = ""
        self.feed(text)
        m = re.search(r'<svg class="diagram".*?</svg>', text, flags=re.DOTALL)
        self.figure1 = m.group(0) if m else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.chart = a.get("data-chart")
        if tag == "g" and "datum" in a.get("class", "").split():
            self.data.append({"chart": self.chart or "", **{k[5:]: v for k, v in a.items() if k.startswith("data-")}})
        if tag == "td" and "cell" in a.get("class", "").split():
            self.cells.append({"class": a["class"], **{k[5:]: v for k, v in a.items() if k.startswith("data-")}})
        if tag == "section":
            self.sections.append(a.get("id", ""))
        for attr in ("href", "src", "xlink:href", "action", "srcset", "poster", "data"):
            if attr in a and not (tag == "g" or tag == "td"):
                self.urls.append((tag, attr, a[attr]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.chart = None


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    """The report in each language, written by the command as a user runs it."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = {}
    for lang in LANGS:
        path = ARTIFACTS / f"report-{lang}.html"
        assert main(["report", "--lang", lang, "-o", str(path)]) == 0
        out[lang] = path.read_text(encoding="utf-8")
    return out


def indices_csv(capsys: pytest.CaptureFixture[str], lang: str) -> list[dict[str, str]]:
    assert main(["indices", "--format", "csv", "--lang", lang]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for row in rows:
        row["measure"] = next((m for s, m in suffix_measure(lang).items() if row["label"].endswith(s)), row["figure"])
    return rows


def part(text: str, pattern: str) -> str:
    """The first piece of the report matching ``pattern`` (which must be there)."""
    m = re.search(pattern, text, flags=re.DOTALL)
    assert m, pattern
    return m.group(0)


def select(backend: EmbeddedBackend, name: str, **params: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in r.items()} for r in backend.select(named(name).bind(dict(params))).rows]


# --- the report's own words -----------------------------------------------------------------


def test_every_aggregation_kgtool_tries_has_a_translation() -> None:
    descriptions = {v.description for v in PRIMARY.values()} | {
        v.description for vs in ALTERNATIVES.values() for v in vs
    }
    assert all(has(d) for d in descriptions), [d for d in descriptions if not has(d)]


def test_percentages_are_written_the_readers_way() -> None:
    from decimal import Decimal

    assert percent(Decimal("0.2222222"), "en") == "22.22%"
    assert percent(Decimal("0.2222222"), "ru") == "22,22\u00a0%"  # CLDR: a no-break space
    assert percent(Decimal("0.43"), "ky") == "43%"
    assert percent(Decimal(1), "en") == "100%"


def test_report_queries_read_as_select_to_the_remote_client() -> None:
    """SPARQLWrapper guesses a query's form from its text and strips only every other comment
    line, so a word such as "address" in a header would make it send a SELECT as an update."""
    import warnings

    from SPARQLWrapper import SPARQLWrapper

    from kgtool.sparql.named import all_queries

    for query in (q for q in all_queries() if q.role == "report"):
        client = SPARQLWrapper("http://127.0.0.1:9/query")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.setQuery(query.bind({}))
        assert client.queryType == "SELECT", query.name


# --- the report ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_report_builds_with_every_part(lang: str, reports: dict[str, str], backend: EmbeddedBackend) -> None:
    text = reports[lang]
    page = Page(text)
    assert page.html_lang == lang
    assert page.sections == [
        "summary",
        "figure-1",
        "diagram-1",
        "diagram-2",
        "diagram-3",
        "overall",
        "heat-map",
        "indices",
        "disagreements",
        "gaps",
        "legal-basis",
        "recommendations",
        "support",
    ]
    for key in (
        "sec_figure1",
        "sec_diagram1",
        "sec_diagram2",
        "sec_diagram3",
        "sec_heatmap",
        "sec_indices",
        "sec_gaps",
        "sec_basis",
        "sec_recommendations",
        "sec_support",
    ):
        assert t(key, lang) in text, key
    (assessment,) = select(backend, "assessment", lang=lang)
    assert f"<h1>{assessment['label']}</h1>" in text
    # accessible: every chart and the diagram have a title and a text alternative; tables have headers
    assert text.count('<svg class="chart"') == 4
    assert text.count("<title id=") == 4 and text.count("<desc id=") == 4
    assert 'role="img" aria-labelledby="figure-1-h"' in text
    assert page.tags["th"] > 50 and page.tags["thead"] >= 6
    assert "@media print" in text and "@page" in text
    # the colophon names where the figures were computed in the reader's words, not "embedded store (18 files)"
    assert lang == "en" or "embedded store" not in text
    assert backend.describe(lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_texts_from_the_data_are_in_the_readers_language(
    lang: str, reports: dict[str, str], backend: EmbeddedBackend
) -> None:
    text = reports[lang]
    processes = select(backend, "processes", lang=lang)
    assert len(processes) == 19
    for row in processes:
        assert row["label"] in text
    others = [other for other in LANGS if other != lang]
    for other in others:
        for row in select(backend, "processes", lang=other):
            mine = next(r for r in processes if r["process"] == row["process"])
            if row["label"] != mine["label"]:
                assert row["label"] not in text, f"{other} label in the {lang} report: {row['label']}"
    # the study's wording (here the Conclusion's table) is shown in the reader's language: the
    # Kyrgyz in the Kyrgyz report, the project's translation (ru-t-ky, en-t-ky) in the others
    wording = backend.select(named("support-needs").bind({"lang": lang})).rows[0]["supportText"]
    assert wording["xml:lang"].split("-")[0] == lang
    assert wording["value"] in text
    if lang != "ky":
        kyrgyz = backend.select(named("support-needs").bind({"lang": "ky"})).rows[0]["supportText"]
        assert kyrgyz["xml:lang"] == "ky" and kyrgyz["value"] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_chart_numbers_equal_kgtool_indices(
    lang: str, reports: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    page = Page(reports[lang])
    expected = Counter(
        (r["measure"], r["subject"], r["computed"], r["stated"], r["agrees"]) for r in indices_csv(capsys, lang)
    )
    charted = Counter(
        (d["measure"], d["subject"], d["computed"], d.get("stated", ""), d.get("agrees", "")) for d in page.data
    )
    assert charted == expected
    assert len(page.data) == 17
    for d in page.data:
        assert d["measure"] in CHART_MEASURES[d["chart"]], d


def test_charts_show_the_stated_value_beside_the_computed_one(reports: dict[str, str]) -> None:
    text = reports["en"]
    diagram3 = part(text, r'<svg class="chart" id="chart-diagram-3".*?</svg>')
    # Citizens - political parties: computed 22.22%, the study states 11%
    assert "22.22%" in diagram3 and "study: 11%" in diagram3
    assert diagram3.count('class="stated-marker"') == 5 + 1  # one per pair, one in the legend
    diagram1 = part(text, r'<svg class="chart" id="chart-diagram-1".*?</svg>')
    assert "55.56% / 44.44%" in diagram1 and "study: 56% / 44%" in diagram1
    assert "(not scored)" in diagram1 and "not stated" in diagram1


def test_disagreements_are_explained_as_kgtool_indices_explains_them(
    reports: dict[str, str], backend: EmbeddedBackend
) -> None:
    rows = [r for r in IndexCalculator(backend, "en").rows() if r.stated is not None and not r.agrees]
    assert len(rows) == 4
    import html

    text = html.unescape(reports["en"])
    for row in rows:
        assert explain(row) in text
    for lang in ("ru", "ky"):
        section = part(reports[lang], r'<section id="disagreements".*?</section>')
        assert section.count("<li ") == 4
        assert "22,22" in section and "11" in section


def test_heat_map_has_every_cell_and_marks_demand_not_scored(reports: dict[str, str], backend: EmbeddedBackend) -> None:
    page = Page(reports["en"])
    assert len(page.cells) == 19 * 4
    assert Counter(c["state"] for c in page.cells)["excluded"] == 4
    shares = {r["subject"]: r for r in select(backend, "dimension-share")}
    for dimension, share in shares.items():
        column = [c for c in page.cells if c["dimension"] == dimension and c["state"] != "excluded"]
        assert len(column) == int(share["processes"])
        assert sum(c["state"] == "present" for c in column) == int(share["present"])
        scored = share["counted"] == "true"
        assert all(c["scored"] == ("true" if scored else "false") for c in column)
        assert all(("not-scored" in c["class"]) == (not scored) for c in column)
    head = re.search(
        r'<th scope="col" class="dim not-scored" data-dimension="([^"]+)">[^<]*'
        r'<span class="badge">not scored</span>',
        reports["en"],
    )
    assert head and head.group(1) == KGO + "CitizenDemand"
    disputed = {(r["process"], r["dimension"]) for r in select(backend, "appendix-disagreements")}
    marked = {
        (m.group(1), m.group(2))
        for m in re.finditer(r'data-process="([^"]+)" data-dimension="([^"]+)"[^>]*>[^<]*†</td>', reports["en"])
    }
    assert marked == disputed and len(marked) == 16


def test_figure1_is_drawn_from_the_graph(reports: dict[str, str], backend: EmbeddedBackend) -> None:
    svg = Page(reports["en"]).figure1
    assert svg.startswith('<svg class="diagram" role="img"')
    processes = select(backend, "processes")
    observers = select(backend, "observers")
    subjects = {r["principal"] for r in processes} | {r["agent"] for r in processes}
    assert svg.count('class="node"') == len(processes) + len(observers) + len(subjects) == 19 + 8 + 4
    assert svg.count('<ellipse fill="#fff7bc"') == len(subjects)  # circles; ring arrowheads are ellipses too
    # an arrow from the principal to each process and from each process to the agent, plus the oversight ties
    ties = select(backend, "process-observers")
    assert svg.count('class="edge"') == 2 * len(processes) + len(ties)
    for row in processes:
        assert row["label"] in svg  # each diamond's title names its process
    assert "<!--" not in svg and "<?xml" not in svg and "xlink" not in svg
    assert 'id="fig1-' in svg and ' id="node' not in svg


def test_report_is_self_contained_and_deterministic(reports: dict[str, str], tmp_path: Path) -> None:
    for text in reports.values():
        page = Page(text)
        assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0
        assert all(value.startswith("#") for _, attr, value in page.urls if attr == "href"), page.urls
        assert not [u for u in page.urls if u[1] != "href"]
        assert "@import" not in text and not re.search(r"url\(\s*['\"]?(?!#)", text)
    again = tmp_path / "again.html"
    assert main(["report", "--lang", "ky", "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == reports["ky"]


def test_base_links_resources_to_their_published_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "own.html"
    assert main(["report", "--base", ID, "-o", str(own)]) == 0
    hrefs = {v for _, a, v in Page(own.read_text(encoding="utf-8")).urls if a == "href" and not v.startswith("#")}
    assert ID + "kg/assessment/2016/process/jk-elections" in hrefs
    assert ID + "kg/law/constitution/art/2" in hrefs  # provisions in the legal-basis table
    assert ID + "kg/observer/mass-media" in hrefs  # Figure 1's nodes link too
    elsewhere = tmp_path / "elsewhere.html"
    assert main(["report", "--base", "https://example.org/kg", "-o", str(elsewhere)]) == 0
    text = elsewhere.read_text(encoding="utf-8")
    assert 'href="https://example.org/kg/kg/assessment/2016/process/jk-elections"' in text
    assert 'href="' + ID not in text
    assert main(["report", "--base", "not an iri", "-o", str(tmp_path / "bad.html")]) == 2
    err = capsys.readouterr().err
    assert "report#bad-base" in err and "hint:" in err
    assert not (tmp_path / "bad.html").exists()


def test_missing_graphviz_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which no 'dot' exists
    assert main(["report", "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR [report#no-graphviz]")
    assert "apt-get install graphviz" in err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_report_is_identical_on_a_remote_endpoint(reports: dict[str, str], tmp_path: Path, kg: KnowledgeGraph) -> None:
    with oxigraph_server() as base:
        endpoint = base + "/query"
        assert main(["load", "--endpoint", endpoint]) == 0
        out = tmp_path / "remote.html"
        assert main(["report", "--lang", "ru", "--endpoint", endpoint, "-o", str(out)]) == 0
    remote = out.read_text(encoding="utf-8")
    embedded = reports["ru"]
    assert endpoint in remote  # the colophon names where the figures were computed; nothing else differs
    assert remote.replace(RemoteBackend(endpoint).describe("ru"), "SOURCE") == embedded.replace(
        EmbeddedBackend(kg).describe("ru"), "SOURCE"
    )


# --- in a real browser ----------------------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "the browser test needs Debian's chromium: apt-get install chromium"
    return found


@dataclass
class BrowserRun:
    """One headless Chromium run: its exit status, its log, and the URLs the page requested."""

    returncode: int
    stderr: str
    requested: list[str]


def browse_all(jobs: dict[str, tuple[Path, tuple[str, ...]]]) -> dict[str, BrowserRun]:
    """Open files in headless Chromium, each with a fresh profile, as many at once as there are CPUs."""
    with tempfile.TemporaryDirectory() as root:

        def run(name: str) -> BrowserRun:
            html_file, action = jobs[name]
            profile = Path(root) / name
            profile.mkdir()
            proc = subprocess.run(
                [
                    chromium(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    f"--user-data-dir={profile / 'data'}",
                    "--hide-scrollbars",
                    "--enable-logging=stderr",
                    "--v=0",
                    f"--log-net-log={profile / 'net.json'}",
                    *action,
                    html_file.resolve().as_uri(),
                ],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                timeout=180,
                env={**os.environ, "LANG": "C.UTF-8"},
            )
            return BrowserRun(proc.returncode, proc.stderr, page_requests(profile / "net.json"))

        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            return dict(zip(jobs, pool.map(run, jobs), strict=False))


def page_requests(netlog: Path) -> list[str]:
    """The URLs requested on behalf of a file:// page (Chromium's own housekeeping is left out)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return sorted(
        {
            ev["params"]["url"]
            for ev in log["events"]
            if ev["type"] == start and "file://" in ev.get("params", {}).get("network_isolation_key", "")
        }
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


LEAKY_PAGE = (
    '<!DOCTYPE html><html><body><img src="https://example.invalid/x.png">'
    '<script>console.error("boom")</script></body></html>'
)


@pytest.fixture(scope="module")
def browser(reports: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, BrowserRun]:
    """Every report screenshotted and printed to PDF, and a page that does what a report must
    not (fetch from the network, log an error) to show that the checks can fail."""
    leaky = tmp_path_factory.mktemp("leaky") / "leaky.html"
    leaky.write_text(LEAKY_PAGE, encoding="utf-8")
    jobs: dict[str, tuple[Path, tuple[str, ...]]] = {
        "leaky": (leaky, (f"--screenshot={leaky.with_suffix('.png')}", "--window-size=400,300"))
    }
    for lang in LANGS:
        html_file = ARTIFACTS / f"report-{lang}.html"
        assert html_file.read_text(encoding="utf-8") == reports[lang]
        png, pdf = ARTIFACTS / f"report-{lang}.png", ARTIFACTS / f"report-{lang}.pdf"
        for out in (png, pdf):
            out.unlink(missing_ok=True)
        jobs[f"{lang}-png"] = (html_file, (f"--screenshot={png}", "--window-size=1280,6400"))
        jobs[f"{lang}-pdf"] = (html_file, (f"--print-to-pdf={pdf}", "--no-pdf-header-footer"))
    return browse_all(jobs)


@pytest.mark.slow
def test_the_browser_checks_catch_a_leaky_page(browser: dict[str, BrowserRun]) -> None:
    run = browser["leaky"]
    assert run.returncode == 0, run.stderr
    assert "https://example.invalid/x.png" in run.requested
    assert any("boom" in line for line in console_messages(run.stderr))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_chromium_screenshots_and_prints_the_report(lang: str, browser: dict[str, BrowserRun]) -> None:
    for action in ("png", "pdf"):
        run = browser[f"{lang}-{action}"]
        assert run.returncode == 0, run.stderr
        assert run.requested == [], f"the report made network requests: {run.requested}"
        assert console_messages(run.stderr) == []

    data = (ARTIFACTS / f"report-{lang}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 6400)
    assert len(data) > 200_000  # a page full of charts, not a blank one

    document = (ARTIFACTS / f"report-{lang}.pdf").read_bytes()
    assert document.startswith(b"%PDF-") and b"%%EOF" in document[-1024:]
    pages = len(re.findall(rb"/Type\s*/Page\b", document))
    assert pages >= 10, pages
    assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12]", document)  # A4 portrait pages
    assert re.search(rb"/MediaBox \[0 0 84[12][.\d]* 59[45]", document)  # Figure 1 on an A4 landscape page
