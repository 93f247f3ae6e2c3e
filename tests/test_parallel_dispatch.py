"""``kgtool validate --jobs``: each run of a graph's statements goes to a worker while the parent
reads on, and a unit that turns out, only at the end, to span two workers is brought together
on one of them (the other drops what it loaded of it) — with the findings of one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgtool.cli.main import main
from kgtool.validation.parallel import Dispatch, split
from kgtool.validation.run import validate

# g1 and g2 look apart while they are read, so they go to two workers; g1 comes back after g2 (a
# second run of it); g4 stands alone; g3, read last, mentions a resource of g1 and one of g2: one
# unit, g1 + g2 + g3, which the worker holding g2 (and g4) must give up. ex:d is in the default graph.
CORPUS = """@prefix kgo: <https://w3id.org/kgtool/ontology#> .
@prefix ex: <https://example.org/> .
ex:d a kgo:Actor .
ex:g1 {
ex:a a kgo:Actor .
ex:a1 a kgo:Actor .
ex:a2 a kgo:Actor .
}
ex:g2 {
ex:b a kgo:Actor .
}
ex:g1 {
ex:a3 a kgo:Actor .
ex:a4 a kgo:Actor .
ex:a5 a kgo:Actor .
}
ex:g4 {
ex:e a kgo:Actor .
ex:e1 a kgo:Actor .
}
ex:g3 {
ex:c kgo:involves ex:a , ex:b .
}
"""
EX = "https://example.org/"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.trig"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def test_runs_go_to_workers_as_read_and_a_unit_joined_late_ends_on_one(corpus: Path, tmp_path: Path) -> None:
    sent: list[list[tuple[object, ...]]] = [[], []]
    dispatch = Dispatch([sent[0].append, sent[1].append])
    work = tmp_path / "work"
    work.mkdir()
    units = split([corpus], None, work, 2, {}, dispatch)
    graphs = [[str(m[3]) for m in messages] for messages in sent]
    assert graphs == [[EX + "g1", EX + "g1", EX + "g3"], [EX + "g2", EX + "g4"]]
    placed = [{graph for _, _, graph in unit} for unit in units]
    # one worker gets g1 + g2 + g3, the other g4 (and dropped g2); the default graph goes where there is room
    assert {EX + "g1", EX + "g2", EX + "g3"} <= placed[0] and EX + "g4" in placed[1]
    assert None in placed[0] | placed[1] and not placed[0] & placed[1] - {None}


def test_the_findings_equal_those_of_one_process(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = validate([corpus], reasoner=False)
    parallel = validate([corpus], reasoner=False, jobs=2)
    assert parallel.findings == whole.findings
    assert {f.focus for f in whole.findings} >= {EX + n for n in ("a", "a5", "b", "d", "e1")}
    assert all(f.line is not None for f in whole.findings if f.file is not None)
    outputs = []
    for jobs in ("1", "2", "3"):
        assert main(["validate", str(corpus), "--no-reasoner", "--format", "json", "--jobs", jobs]) == 1
        outputs.append(json.loads(capsys.readouterr().out))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_file_that_cannot_be_read_stops_the_workers(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text(CORPUS + "ex:g5 { ex:f a \n", encoding="utf-8")
    assert main(["validate", str(corpus), str(bad), "--no-reasoner", "--jobs", "2"]) == 2


def test_a_bad_iri_is_reported_as_loading_reports_it(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the parent reads without checking IRIs; the worker that loads the graph does, and the error
    # names the input file and the line, as with --jobs 1
    bad = tmp_path / "bad.trig"
    bad.write_text(CORPUS + "ex:g5 {\n<http://ex.org/a%zz> a ex:Thing .\n}\n", encoding="utf-8")
    errors = []
    for jobs in ("1", "2"):
        assert main(["validate", str(corpus), str(bad), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "bad.trig" in errors[0] and "bad.trig:25:" in errors[0], errors
