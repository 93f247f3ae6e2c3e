"""Shared fixtures: the project's graph (built once per session), the site published from it
(once per test run, whatever the number of xdist workers), and the source study."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed"
STUDY_FILE = SEED_DIR / "000_07f3c5e80d1b5b0d.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
ID = rdflib.Namespace("https://w3id.org/kgtool/id/")
A2016 = "https://w3id.org/kgtool/id/kg/assessment/2016/"


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
    from kgtool.site.publish import publish

    root = run_folder
    made: dict[str, Path] = {}

    def site(lang: str) -> Path:
        if lang not in made:
            out = root / f"published-{lang}" / "site"
            with (root / f"published-{lang}.lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                done = out.parent / "done"
                if not done.exists():
                    result = publish(kg, out, lang=lang)
                    assert result.resources > 400 and not result.skipped
                    done.write_text("published\n", encoding="utf-8")
            made[lang] = out
        return made[lang]

    return site
