"""OWL 2 DL reasoning (HermiT): the graph is consistent and the dual-role actors are classified."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.errors import ReasonerError
from kgtool.rdf.project import build_graph, project_files
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation.reasoner import ReasonerResult, reason

KGO = "https://w3id.org/kgtool/ontology#"
ACTOR = "https://w3id.org/kgtool/id/kg/actor/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def result() -> ReasonerResult:
    return reason(build_graph())


def test_ontology_and_data_are_consistent(result: ReasonerResult) -> None:
    assert result.consistent, result.message
    assert result.unsatisfiable == []


@pytest.mark.parametrize(
    "actor, principal, agent",
    [
        ("political-parties", True, True),
        ("jogorku-kenesh", True, True),
        ("citizens", True, False),
        ("executive-and-lsg-bodies", False, True),
    ],
)
def test_roles_are_inferred_from_the_pairs(result: ReasonerResult, actor: str, principal: bool, agent: bool) -> None:
    types = result.types_of(ACTOR + actor)
    assert (KGO + "Principal" in types) is principal, types
    assert (KGO + "Agent" in types) is agent, types


def test_contradiction_is_found(tmp_path: Path) -> None:
    extra = tmp_path / "contradiction.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<https://w3id.org/kgtool/id/kg/actor/citizens> a kgo:MassMedia .\n",
        encoding="utf-8",
    )
    kg = KnowledgeGraph.from_files(project_files() + [extra])
    outcome = reason(kg)
    assert not outcome.consistent
    assert "contradict" in outcome.message


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReasonerError) as info:
        reason(build_graph())
    assert info.value.error_id == "reason#no-java"
    assert "Java" in info.value.message
