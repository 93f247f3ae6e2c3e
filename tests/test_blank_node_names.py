"""Findings about blank nodes name them the same way run after run (and with ``--jobs``): by the
canonical label ``kgtool publish`` writes, not by the random label a load gives them."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_flat_write import _random_graph

from kgtool.cli import main
from kgtool.rdf.blank_nodes import _relabel, _sorted, canonical_labels, canonical_triples
from kgtool.validation.render import render_json, render_text
from kgtool.validation.run import validate

PROLOGUE = (
    "@prefix kg: <https://w3id.org/kgtool/ontology#> .\n"
    "@prefix ex: <https://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
# a figure without a label, wording or source (violations of the figure's shapes), held by a blank
# node two levels down, and a literal no shape checks that is not of its datatype
TURTLE = PROLOGUE + (
    "ex:a a kg:Assessment ; ex:part [ ex:inner [ a kg:StatedFigure ; kg:statedValue 0.5 ] ] .\n"
    'ex:b ex:note [ ex:count "many"^^xsd:integer ] .\n'
)


def _blank_focuses(report_json: str) -> set[str]:
    import json

    return {f["focus"] for f in json.loads(report_json)["findings"] if f["focus"].startswith("_:")}


def test_a_report_naming_blank_nodes_is_the_same_bytes_run_after_run(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    first, second = (render_json(validate([data], reasoner=False)) for _ in range(2))
    assert first == second
    # the figure and the holder of the bad literal: two blank nodes named, each its own way
    assert len(_blank_focuses(first)) == 2


def test_a_blank_node_is_named_as_publish_labels_it(tmp_path: Path) -> None:
    """The name is ``_:`` and the label ``canonical_triples`` (the writers') gives the node."""
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    named = _blank_focuses(render_json(validate([data], reasoner=False)))
    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.TURTLE, base_iri=data.as_uri())
    written = {
        "_:" + term.value
        for t in canonical_triples(ox.Triple(q.subject, q.predicate, q.object) for q in store)
        for term in (t.subject, t.object)
        if isinstance(term, ox.BlankNode)
    }
    assert named and named <= written


def test_the_check_of_literals_names_its_blank_node_with_its_fix(tmp_path: Path) -> None:
    """kgtool's own check of literals not of their datatype (no shape checks ``ex:count``) names the
    blank node that holds one, and gives the fix (looked up by that name)."""
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    report = validate([data], reasoner=False)
    found = [f for f in report.findings if f.path == "https://example.org/count"]
    assert len(found) == 1
    assert found[0].focus.startswith("_:b") and found[0].focus == found[0].focus_label
    assert found[0].fix


def test_the_text_report_shows_a_blank_node_by_its_name_not_as_an_iri(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(TURTLE, encoding="utf-8")
    text = render_text(validate([data], reasoner=False))
    headings = [line for line in text.splitlines() if line.startswith("_:b")]
    assert headings and all("<" not in line for line in headings)


def test_jobs_name_blank_nodes_as_one_process_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each worker names the blank nodes of its unit; the names are those of one process."""
    data = tmp_path / "corpus.trig"
    graphs = [
        f"ex:g{n} {{ ex:a{n} a kg:Assessment ; ex:part [ a kg:StatedFigure ; kg:statedValue 0.{n} ] . }}\n"
        for n in range(1, 5)
    ]
    data.write_text(PROLOGUE + "".join(graphs), encoding="utf-8")
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", str(data), "--jobs", jobs, "--no-reasoner", "--format", "json"])
        runs.append((code, capsys.readouterr().out))
    assert runs[0] == runs[1]
    assert len(_blank_focuses(runs[0][1])) == 4


@pytest.mark.parametrize("seed", range(40))
def test_canonical_labels_are_those_canonical_triples_writes(seed: int) -> None:
    triples = set(_random_graph(random.Random(seed)))
    labels = canonical_labels(triples)
    assert _sorted(_relabel(triples, labels)) == canonical_triples(triples)
