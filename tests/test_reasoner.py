"""OWL 2 DL reasoning (HermiT): the graph is consistent and the dual-role actors are classified."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kgtool.errors import ReasonerError
from kgtool.rdf.project import build_graph, project_files
from kgtool.rdf.store import KnowledgeGraph
from kgtool.validation import reasoner
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


def _citizens_as_mass_media(tmp_path: Path) -> KnowledgeGraph:
    """The project's graph with one individual in two disjoint classes."""
    extra = tmp_path / "contradiction.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<https://w3id.org/kgtool/id/kg/actor/citizens> a kgo:MassMedia .\n",
        encoding="utf-8",
    )
    kg = KnowledgeGraph.from_files(project_files() + [extra])
    return kg


def test_contradiction_is_found(tmp_path: Path) -> None:
    kg = _citizens_as_mass_media(tmp_path)
    outcome = reason(kg)
    assert not outcome.consistent
    assert "contradict" in outcome.message


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReasonerError) as info:
        reason(build_graph())
    assert info.value.error_id == "reason#no-java"
    assert "Java" in info.value.message


def test_tbox_mode_missing_java_is_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """In ``tbox`` mode HermiT runs in a thread beside the instance checks: its error still
    reaches the caller, as it did when it ran first."""
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReasonerError) as info:
        reason(build_graph(), mode="tbox")
    assert info.value.error_id == "reason#no-java"
    assert not [t for t in threading.enumerate() if t.name == reasoner.HERMIT_THREAD]


def test_tbox_mode_leaves_no_hermit_running_after_an_error_in_the_instance_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An error in the instance checks waits for HermiT's thread (and so its Java process) before
    it goes up: nothing is left running, and the error is the checks' own."""

    def broken(kg: KnowledgeGraph) -> list[reasoner.Clash]:
        raise RuntimeError("the instance checks failed")

    monkeypatch.setattr(reasoner, "instance_clashes", broken)
    with pytest.raises(RuntimeError, match="instance checks failed"):
        reason(build_graph(), mode="tbox")
    assert not [t for t in threading.enumerate() if t.name == reasoner.HERMIT_THREAD]
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    assert not children.exists() or not children.read_text().split()


def test_tbox_mode_gives_the_verdict_of_hermit_and_of_the_instance_checks(tmp_path: Path) -> None:
    """Both halves of the ``tbox`` verdict arrive together: HermiT's (consistent, no unsatisfiable
    class, the schema's size) and the instance checks' clash, which makes the data inconsistent."""
    kg = _citizens_as_mass_media(tmp_path)
    outcome = reason(kg, mode="tbox")
    assert outcome.mode == "tbox" and outcome.statements == len(reasoner.schema_graph(kg))
    assert outcome.unsatisfiable == []
    assert [c.focus.value for c in outcome.clashes] == [ACTOR + "citizens"]
    assert not outcome.consistent and "1 individual(s)" in outcome.message


def test_an_interrupted_wait_gives_hermits_thread_time_to_clean_up() -> None:
    """Ctrl-C while HermiT runs beside the instance checks: the JVM (in the terminal's process
    group) ends too, and its thread must get to remove its temporary file before the interruption
    goes on; a daemon thread stopped at the interpreter's exit would leave the file behind (found
    in the review of the eighth session). The same ``Beside`` runs ``kgtool validate --jobs``'
    HermiT, whose error path then waits on ``done``: set, where a second ``Thread.join`` after an
    interrupted one returns at once on Python 3.11 while the thread still runs."""
    import signal
    import time

    cleaned = threading.Event()

    def run() -> ReasonerResult:
        try:
            time.sleep(0.5)  # HermiT still running when the interruption comes
            return ReasonerResult(consistent=True)
        finally:
            cleaned.set()  # what _hermit's finally does: unlink its file

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, interrupt)
    try:
        beside = reasoner.Beside(run)
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(KeyboardInterrupt):
            beside.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert cleaned.is_set() and beside.done.wait(timeout=5)


@pytest.mark.skipif(not reasoner.java_available(), reason="HermiT needs Java")
def test_a_document_whose_first_line_is_long_is_read_as_n_triples() -> None:
    """owlready2 guessed the syntax from the first 1,000 bytes and took a first line longer than
    that (a long literal) for RDF/XML: the full-mode document, in rdflib's order, failed on some
    runs (a CI run: "RDF/XML parsing error in file kgtool-owl-….nt, line 1, column 7")."""
    from kgtool.validation.reasoner import _run_hermit

    long = "x" * 2000
    document = (
        f'<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "{long}" .\n'
        "<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.w3.org/2002/07/owl#Thing> .\n"
    ).encode()
    assert _run_hermit(document, [], 2).consistent
