"""Shared fixtures: the project's graph (built once per session), the site published from it and
the validation of every shape fixture (once per test run, whatever the number of xdist workers),
and the source study."""

from __future__ import annotations

import fcntl
import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.model import Finding, ValidationReport

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed"
STUDY_FILE = SEED_DIR / "000_07f3c5e80d1b5b0d.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHAPE_FIXTURES = FIXTURES / "shapes"

KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
ID = rdflib.Namespace("https://w3id.org/kgtool/id/")
A2016 = "https://w3id.org/kgtool/id/kg/assessment/2016/"


# Tests that take long (waiting for Jena, Chromium, LibreOffice or a server, or validating every shape
# fixture), longest first, as a full run on two cores measured them. pytest-xdist's worksteal first
# gives each worker one contiguous share of the tests and later moves tests from the end of a busy
# worker's queue to an idle one: a long test late in a share starts late and the run ends with one
# worker finishing it alone. The modules holding them are dealt out over the workers' shares and put
# at their heads, each module whole (its module-scoped fixtures, a server or a published site, are
# then set up once) with its long tests first.
LONG_TESTS = (
    "tests/test_portable.py::test_every_named_query_same_rows_on_three_engines",
    "tests/test_portable.py::test_the_cli_commands_queries_same_rows_on_three_engines",
    "tests/test_site_languages.py::test_every_page_is_in_its_language_with_a_switch_to_the_same_page",
    "tests/test_rounds.py::test_the_new_sections_open_in_chromium",
    "tests/test_workbook.py::test_the_tutorial_runs",
    "tests/test_fast_validation.py::test_fast_engine_equals_recorded_pyshacl_on_every_shape_fixture",
    "tests/test_workbook.py::test_export_all_gives_each_assessment_as_its_own_export_would",
    "tests/test_rounds.py::test_changes_since_the_previous_round_are_kgtool_diffs",
    "tests/test_workbook.py::test_the_study_saved_by_libreoffice_imports_to_the_same_graph",
    "tests/test_tutorial.py::test_the_tutorial_runs_and_shows_what_it_says",
    "tests/test_lint.py::test_mypy_strict",
)


@pytest.fixture(autouse=True)
def no_verdict_kept(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no HermiT verdict kept (``kgtool.validation.verdicts``), in a folder of
    its own that only a verdict creates: a test of the reasoner runs HermiT whatever ran before it,
    and no test writes to the user's cache."""
    monkeypatch.setenv("KGTOOL_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "verdicts" / str(next(_TEST_NUMBER))))


_TEST_NUMBER = itertools.count()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The modules of the long tests (LONG_TESTS) first in the xdist workers' first shares, each whole
    with its long tests first; every other test keeps its place in the order."""
    rank = {name: i for i, name in enumerate(LONG_TESTS)}
    late = len(LONG_TESTS)

    def test_rank(item: pytest.Item) -> int:
        return rank.get(item.nodeid.split("[", 1)[0], late)

    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    long = {m: sorted(tests, key=test_rank) for m, tests in modules.items() if min(map(test_rank, tests)) < late}
    if not long:
        return
    by_rank = sorted(long, key=lambda m: test_rank(long[m][0]))
    rest = [i for i in items if i.nodeid.split("::", 1)[0] not in long]
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    order: list[pytest.Item] = []
    left, start = len(items), 0
    for k in range(workers):  # the shares as worksteal first sends them: len(pending) // workers left
        share = left // (workers - k)
        left -= share
        heads = [i for m in by_rank[k::workers] for i in long[m]]
        take = max(0, share - len(heads))
        order += heads + rest[start : start + take]
        start += take
    items[:] = order + rest[start:]


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    return build_graph()


@pytest.fixture(scope="session")
def graph(kg: KnowledgeGraph) -> rdflib.Graph:
    return kg.to_rdflib()


@pytest.fixture(scope="session")
def study_lines() -> list[str]:
    assert STUDY_FILE.is_file(), (
        f"the source study is expected at {STUDY_FILE} (shared/seed beside the checkout); "
        "the traceability tests compare the data against it"
    )
    return STUDY_FILE.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder of this test run that every xdist worker shares (their own temporary
    folders share it as parent; without xdist, the session's own), for results computed once
    per run. It is new for every run, so nothing computed in an earlier run is reused."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def published_site(kg: KnowledgeGraph, run_folder: Path) -> Callable[[str], Path]:
    """``published_site(lang)``: the project's site as ``publish(kg, out, lang=lang)`` writes it,
    published once per test run and shared, read-only, by every test module that reads it.

    A publish costs seconds of CPU, and a dozen modules read the same site: the first xdist worker
    to ask publishes it into the run's shared temporary folder under a lock, the others wait for it
    and reuse it. A test that writes into a site or needs it elsewhere copies it first."""
    made: dict[str, Path] = {}

    def site(lang: str) -> Path:
        if lang not in made:
            made[lang] = once_per_run(run_folder, f"published-{lang}", lambda out: publish_checked(kg, out, lang))
        return made[lang]

    return site


@pytest.fixture(scope="session")
def published_languages(run_folder: Path) -> Path:
    """The project's publication in all three languages, as docs/publish.md lays it out: the folder
    that holds ``ky/``, ``ru/`` and ``en/``, each a site published with ``--sibling-languages`` naming the other
    two (every page with a language switch to the same page beside it), by the command line as a
    user types it. Published once per test run and shared, read-only, as ``published_site``'s sites are."""
    from kgtool.cli.main import main
    from kgtool.vocab import LANGUAGES

    def make(out: Path) -> None:
        for lang in LANGUAGES:
            others = ",".join(code for code in LANGUAGES if code != lang)
            assert main(["publish", str(out / lang), "--lang", lang, "--sibling-languages", others]) == 0

    return once_per_run(run_folder, "published-languages", make)


def publish_checked(kg: KnowledgeGraph, out: Path, lang: str) -> None:
    """``publish(kg, out, lang=lang)``, and every resource of the project's data published."""
    from kgtool.site.publish import publish

    result = publish(kg, out, lang=lang)
    assert result.resources > 400 and not result.skipped


def once_per_run(root: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``root/name/site``, made by ``make`` once per test run: the first xdist worker to ask makes it
    under a lock, the others wait for it and reuse it."""
    out = root / name / "site"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = out.parent / "done"
        if not done.exists():
            make(out)
            done.write_text("published\n", encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def shape_fixture_report(run_folder: Path) -> Callable[[Path | None], ValidationReport]:
    """``shape_fixture_report(path)``: kgtool's validation (the fast engine, no reasoner, the project's
    shapes) of the ontology, tests/fixtures/shapes/_base.ttl and one shape fixture (None: the base
    alone), as ``validate_graph`` gives it: its findings and the engine that judged.

    tests/test_shapes.py checks each fixture's expected findings on it and tests/test_fast_validation.py
    compares the same findings with pySHACL's recorded ones. The two used to validate all 271 inputs
    each, a quarter of the suite's CPU time: the first xdist worker to ask for an input validates it
    and writes the findings into the run's shared temporary folder under a lock (one per input), the
    others read them (each worker keeps what it read)."""
    from kgtool import assets
    from kgtool.validation.checks import shapes_graph, validate_graph

    folder = run_folder / "shape-fixtures"
    folder.mkdir(exist_ok=True)
    shapes: list[rdflib.Graph] = []
    made: dict[Path | None, ValidationReport] = {}

    def report(path: Path | None) -> ValidationReport:
        if path not in made:
            name = "_base" if path is None else f"{path.parent.name}--{path.stem}"
            out = folder / f"{name}.json"
            with (folder / f"{name}.lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not out.exists():
                    if not shapes:
                        shapes.append(shapes_graph())
                    files = assets.ontology_files() + [SHAPE_FIXTURES / "_base.ttl"] + ([path] if path else [])
                    done = validate_graph(KnowledgeGraph.from_files(files), reasoner=False, shapes=shapes[0])
                    saved = {"engine": done.engine, "findings": [f.as_dict() for f in done.findings]}
                    partial = out.with_suffix(".partial")
                    partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
                    partial.replace(out)  # a worker that dies mid-write leaves no half-written input
            saved = json.loads(out.read_text(encoding="utf-8"))
            made[path] = ValidationReport(findings=[Finding(**f) for f in saved["findings"]], engine=saved["engine"])
        return made[path]

    return report
