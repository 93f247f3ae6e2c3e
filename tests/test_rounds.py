"""Several assessments in one graph (issue 14): the fictional Exampleland files validate; the
report gains "changes since the previous assessment" (kgtool diff's changes and deltas), a
country's indices over its assessments and countries compared on the same pair kinds — on the
Kyrgyz data plus a test-built second round (test_diff's, never shipped) and on Exampleland plus
the Kyrgyz data, in ky/ru/en, opened in real Chromium; and the Data Cube holds every
assessment's indices with country and year."""

from __future__ import annotations

import fcntl
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF
from test_diff import second_round  # noqa: F401  (the fixture)
from test_report import browse_all, console_messages

from bench.generate import write_corpus
from kgtool.assessment.indices import IndexCalculator, assessments, rows_by_assessment
from kgtool.cli import main
from kgtool.diff.compare import compare
from kgtool.diff.inputs import Sides
from kgtool.diff.snapshot import read
from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import serialize
from kgtool.reporting.build import build_report
from kgtool.site.datacube import cube_triples
from kgtool.site.rdf_documents import graph_of
from kgtool.sparql.backends import EmbeddedBackend, ResultTable
from kgtool.vocab import LANGUAGES as LANGS

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "example"
EXAMPLE_FILES = sorted(EXAMPLE.glob("*.ttl"))
DATA = sorted((REPO / "data").glob("*.ttl"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EX = "https://example.org/kgtool/id/exampleland/"
KG = "https://w3id.org/kgtool/id/kg/"


def test_exampleland_validates_without_a_violation(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "json", *map(str, EXAMPLE_FILES)])
    report = json.loads(capsys.readouterr().out)
    violations = [f for f in report["findings"] if f["severity"] == "Violation"]
    assert violations == [] and report["summary"]["violations"] == 0
    assert code == 0 and report["reasoner"] == {"consistent": True, "ran": True}
    # still clearly fictional: every assessment's and the country's name says so
    g = rdflib.Graph()
    for f in EXAMPLE_FILES:
        g.parse(f)
    for s in (EX.rstrip("/"), EX + "assessment/2016", EX + "assessment/2020"):
        names = [str(o) for o in g.objects(rdflib.URIRef(s), rdflib.RDFS.label) if o.language == "en"]  # type: ignore[attr-defined]
        assert names and all("fictional" in n for n in names)


class Rows(HTMLParser):
    """The report's section ids and the data attributes of its changes, index deltas and countries."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.changes: list[dict[str, str]] = []
        self.deltas: list[dict[str, str]] = []
        self.kinds: list[str] = []
        self.cells: list[dict[str, str]] = []
        self.data: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "section":
            self.sections.append(a["id"])
        if tag == "tr" and "change" in classes:
            self.changes.append(a)
        if tag == "tr" and "index-delta" in classes:
            self.deltas.append(a)
        if tag == "tr" and "kind" in classes:
            self.kinds.append(a["data-kind"])
        if tag == "td" and "data-computed" in a:
            self.cells.append(a)
        if tag == "g" and "datum" in classes:
            self.data.append(a)


def diff_of(files: list[Path], old: str, new: str) -> list[tuple[str, str, str, str, str]]:
    sides = Sides(files)
    found = compare(read(sides.open(old)), read(sides.open(new)))
    return [(c.kind, c.key, c.old, c.new, "" if c.delta is None else str(c.delta)) for c in found]


def reports_once(run_folder: Path, name: str, files: list[Path]) -> dict[str, str]:
    """``kgtool report`` of the files in each language, made once per test run: the first xdist worker
    to ask builds them (seconds of CPU each) under a lock in the run's shared folder, the others read
    them (as tests/conftest.py shares the published site); written to tests/artifacts/ for Chromium."""
    saved = run_folder / f"report-{name}.json"
    with (run_folder / f"report-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not saved.exists():
            backend = EmbeddedBackend(build_graph(files))
            made = {lang: build_report(backend, lang) for lang in LANGS}
            ARTIFACTS.mkdir(exist_ok=True)
            for lang, text in made.items():
                (ARTIFACTS / f"report-{name}-{lang}.html").write_text(text, encoding="utf-8")
            saved.write_text(json.dumps(made, ensure_ascii=False), encoding="utf-8")
    return json.loads(saved.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def two_rounds(second_round: Path, run_folder: Path) -> dict[str, str]:  # noqa: F811
    """The report of the Kyrgyz data plus the test-built 2099 round, in each language."""
    return reports_once(run_folder, "rounds", DATA + sorted(second_round.glob("*.ttl")))


@pytest.fixture(scope="module")
def two_countries(run_folder: Path) -> dict[str, str]:
    """The report of Exampleland's two rounds plus the Kyrgyz data, in each language."""
    return reports_once(run_folder, "countries", DATA + EXAMPLE_FILES)


@pytest.mark.parametrize("lang", LANGS)
def test_changes_since_the_previous_round_are_kgtool_diffs(
    lang: str,
    two_rounds: dict[str, str],
    second_round: Path,  # noqa: F811
) -> None:
    page = Rows(two_rounds[lang])
    assert page.sections[-2:] == ["changes", "over-time"]  # one country: no comparison of countries
    expected = diff_of(DATA + sorted(second_round.glob("*.ttl")), KG + "assessment/2016", KG + "assessment/2099")
    # the changes' values are labels in the page's language; compare kinds, keys and deltas with diff's
    assert [(r["data-kind"], r["data-key"]) for r in page.changes] == [
        (k, key) for k, key, *_ in expected if k != "index"
    ]
    assert [(r["data-key"], r["data-old"], r["data-new"], r["data-delta"]) for r in page.deltas] == [
        (key, old, new, delta) for k, key, old, new, delta in expected if k == "index"
    ]
    moved = {r["data-key"]: Decimal(r["data-delta"]) for r in page.deltas}
    assert moved["PairIndex/cells | pair/citizens-jk"] > 0 and moved["PairIndex/cells | pair/parties-jk"] == 0
    # the chart over the rounds: the overall index and every pair, in 2016 and in 2099
    subjects = {d["data-subject"] for d in page.data if d.get("data-measure") in ("overall", "pair")}
    assert {KG + "assessment/2016", KG + "assessment/2099"} <= subjects
    assert KG + "assessment/2099/pair/citizens-jk" in subjects and KG + "assessment/2016/pair/citizens-jk" in subjects


@pytest.mark.parametrize("lang", LANGS)
def test_two_countries_are_compared_on_the_same_pair_kinds(lang: str, two_countries: dict[str, str]) -> None:
    page = Rows(two_countries[lang])
    assert page.sections[-3:] == ["changes", "over-time", "countries"]
    ontology = "https://w3id.org/kgtool/ontology#"
    # citizens and a parliament is a pair kind of both; Exampleland's government is an
    # ExecutiveBody, the Kyrgyz agent a PublicAuthorityGroup: not the same kind, not compared
    assert page.kinds == ["overall", f"{ontology}Citizenry {ontology}Parliament"]
    computed = {c["data-subject"]: Decimal(c["data-computed"]) for c in page.cells}
    assert computed[EX + "assessment/2020/pair/citizens-parliament"] == Decimal("0.5")
    assert EX + "assessment/2016/pair/citizens-parliament" not in computed  # the latest round only
    assert KG + "assessment/2016/pair/citizens-jk" in computed
    # Exampleland's changes are those of kgtool diff on its two rounds
    expected = diff_of(DATA + EXAMPLE_FILES, EX + "assessment/2016", EX + "assessment/2020")
    assert [(r["data-kind"], r["data-key"]) for r in page.changes] == [
        (k, key) for k, key, *_ in expected if k != "index"
    ]
    deltas = {r["data-key"]: r["data-delta"] for r in page.deltas}
    assert deltas["PairIndex/cells | pair/citizens-parliament"] == "0.1667"
    assert deltas["OverallIndex/cells | ."] == "0.0833"


def test_the_new_sections_open_in_chromium(two_rounds: dict[str, str], two_countries: dict[str, str]) -> None:
    jobs: dict[str, tuple[Path, tuple[str, ...]]] = {}
    for name in ("rounds", "countries"):
        for lang in LANGS:
            html_file = ARTIFACTS / f"report-{name}-{lang}.html"
            jobs[f"{name}-{lang}"] = (
                html_file,
                (f"--screenshot={html_file.with_suffix('.png')}", "--window-size=1280,4000"),
            )
    for name, run in browse_all(jobs).items():
        assert run.returncode == 0, run.stderr
        assert run.requested == [], f"{name} made network requests: {run.requested}"
        assert console_messages(run.stderr) == [], name


def test_the_cube_holds_each_assessment_with_country_and_year() -> None:
    backend = EmbeddedBackend(build_graph(DATA + EXAMPLE_FILES))
    g = rdflib.Graph()
    triples = cube_triples(IndexCalculator(backend), "https://example.org/site/")
    g.parse(data=serialize(graph_of(triples), "ttl"), format="turtle")
    ns = rdflib.Namespace("https://example.org/site/cube.ttl#")
    qb = rdflib.Namespace("http://purl.org/linked-data/cube#")
    slices = sorted((str(g.value(s, ns.country)), str(g.value(s, ns.year))) for s in g.subjects(RDF.type, qb.Slice))
    assert slices == [(EX.rstrip("/"), "2016"), (EX.rstrip("/"), "2020"), (KG.rstrip("/"), "2016")]
    observations = list(g.subjects(RDF.type, qb.Observation))
    dims = (ns.country, ns.year, ns.indicator, ns.subject, ns.aggregation)
    keys = {tuple(g.value(o, d) for d in dims) for o in observations}
    assert all(None not in key for key in keys) and len(keys) == len(observations)  # IC-11, IC-12
    rounds = (KG + "assessment/2016", EX + "assessment/2016", EX + "assessment/2020")
    assert len(observations) == sum(len(IndexCalculator(backend, assessment=a).rows()) for a in rounds)
    for s in g.subjects(RDF.type, qb.Slice):  # each slice holds exactly its country's and year's observations
        held = set(g.objects(s, qb.observation))
        assert held == {
            o
            for o in observations
            if (g.value(o, ns.country), g.value(o, ns.year)) == (g.value(s, ns.country), g.value(s, ns.year))
        }
    overall = {
        (str(g.value(o, ns.country)), str(g.value(o, ns.year))): Decimal(str(g.value(o, ns.computedValue)))
        for o in observations
        if str(g.value(o, ns.subject)) in rounds and str(g.value(o, ns.aggregation)) == "cells"
    }
    assert overall[(EX.rstrip("/"), "2016")] == Decimal("0.5000")
    assert overall[(EX.rstrip("/"), "2020")] == Decimal("0.5833")
    assert (KG.rstrip("/"), "2016") in overall


class CountingBackend(EmbeddedBackend):
    """The embedded store, counting the queries it answers (a real store, not a mock)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        super().__init__(kg)
        self.sent: list[str] = []

    def select(self, sparql: str) -> ResultTable:
        self.sent.append(sparql)
        return super().select(sparql)


@pytest.mark.parametrize("corpus", ["two-countries", "generated"])
def test_indices_of_a_corpus_run_each_query_once_with_the_same_rows(
    corpus: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """rows_by_assessment gives every assessment the rows IndexCalculator(assessment=...) gives it,
    field for field and in order, in every language, while sending each index query once
    whatever the number of assessments (issue 18: the corpus path was n × the corpus)."""
    if corpus == "generated":
        out = tmp_path_factory.mktemp("corpus")
        write_corpus(out, "10k", seed=5)
        files = [out / "corpus.trig"]
    else:
        files = DATA + EXAMPLE_FILES
    graph = build_graph(files)
    for lang in LANGS:
        backend = CountingBackend(graph)
        iris = [a.iri for a in assessments(backend, lang)]
        assert len(iris) >= 3
        before = len(backend.sent)
        together = rows_by_assessment(backend, lang, iris)
        sent = backend.sent[before:]
        # each query (and parameter set) once, none of them bound to one assessment
        assert sent and len(sent) == len(set(sent))
        assert not [q for q in sent for iri in iris if f"<{iri}>" in q]
        for iri in iris:
            assert together[iri] == IndexCalculator(backend, lang, assessment=iri).rows(), (lang, iri)
            assert together[iri], iri


@pytest.mark.parametrize("lang", LANGS)
def test_indices_over_two_rounds_say_which_assessment_each_disagreement_is_about(
    lang: str,
    second_round: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The lines after the table ("Citizens - political parties: the study states 11% …") came
    twice over two rounds, the same words for either: each now begins with its assessment's
    country and year, as the table's rows do."""
    from kgtool.i18n.catalogue import t

    files = DATA + sorted(second_round.glob("*.ttl"))
    assert main(["indices", "--lang", lang, *[arg for f in files for arg in ("--data", str(f))]]) == 0
    lines = [line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("- ")]
    (country,) = {a.country_label for a in assessments(EmbeddedBackend(build_graph(files)), lang)}
    said = {year: t("x_in_assessment", lang, country=country, year=year, sentence="") for year in ("2016", "2099")}
    by_year = {
        year: [line.removeprefix(head) for line in lines if line.startswith(head)] for year, head in said.items()
    }
    assert len(lines) == len(set(lines)) == len(by_year["2016"]) + len(by_year["2099"])
    # the study's four disagreements, and the next round's; the pair "citizens - political parties",
    # which the next round's edits leave alone, in the same words in both but for the assessment
    assert len(by_year["2016"]) == 4 and by_year["2099"]
    assert by_year["2016"][0] in by_year["2099"]
    assert main(["indices", "--lang", lang]) == 0  # one assessment: the lines as they were
    once = [line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("- ")]
    assert once == by_year["2016"]
