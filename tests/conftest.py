"""Shared fixtures: the project's graph (built once per session) and the source study."""

from __future__ import annotations

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
