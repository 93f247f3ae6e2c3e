"""``kgtool validate --jobs`` on a TriG or N-Quads file: the workers parse byte ranges of it
themselves (``kgtool.validation.ranges``). Every case here gives the report and the errors of
``--jobs 1``: where the cut is sound, and where it is not (a prefix declared again mid-file, a
``}`` line inside a long string), which sends the parent back to reading the file whole."""

from __future__ import annotations

import io
import itertools
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli_languages import foreign_words

import kgtool.validation.parallel as parallel
import kgtool.validation.ranges as ranges
import kgtool.validation.reasoner as reasoner
from kgtool.cli.main import main
from kgtool.i18n.catalogue import t
from kgtool.validation.ranges import load_range, plan, walk_range
from kgtool.validation.reasoner import java_available
from kgtool.validation.run import validate

PROLOGUE = """# a corpus
@prefix kgo: <https://w3id.org/kgtool/ontology#> .
PREFIX ex: <https://example.org/>

"""


def block(graph: str, *names: str, extra: str = "") -> str:
    """A graph block stating actors without labels (each is a finding), one statement a line."""
    lines = "".join(f"ex:{n} a kgo:Actor .\n" for n in names)
    return f"ex:{graph} {{\n{lines}{extra}}}\n"


def corpus(*blocks: str, prologue: str = PROLOGUE) -> str:
    return prologue + "".join(blocks)


# g1 .. g6 stand apart, but g6 mentions a resource of g1: one unit, cut in two by the ranges
SPREAD = corpus(
    block("g1", "a", "a1", "a2"),
    block("g2", "b", "b1"),
    block("g3", "c", "c1", "c2"),
    block("g4", "d", "d1"),
    block("g5", "e", "e1", "e2"),
    block("g6", "f", extra="ex:f kgo:involves ex:a .\n"),
)


def report(path: Path, jobs: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", str(path), "--no-reasoner", "--format", "json", "--jobs", jobs])
    out, err = capsys.readouterr()
    return code, out, err


def same_as_one_process(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """The JSON report and standard error of --jobs 2 and 3 equal those of --jobs 1; the report."""
    runs = [report(path, jobs, capsys) for jobs in ("1", "2", "3")]
    assert runs[0][0] == 1, runs[0][2]
    assert runs[0] == runs[1] == runs[2]
    return json.loads(runs[0][1])  # type: ignore[no-any-return]


@pytest.fixture
def used(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which way each parallel validation read its input: "ranges", or "whole" after all."""
    ways: list[str] = []
    by_ranges = parallel._by_ranges

    def spy(*args: object) -> object:
        outcome = by_ranges(*args)  # type: ignore[arg-type]
        ways.append("whole" if outcome is None else "ranges")
        return outcome

    monkeypatch.setattr(parallel, "_by_ranges", spy)
    return ways


def test_the_cuts_fall_after_a_closing_line_and_the_ranges_cover_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    data = path.read_bytes()
    ranges = sorted((r for worker in plan([path], None, 3) or [] for r in worker), key=lambda r: r.start)
    assert len(ranges) == 3 and ranges[0].start == 0 and ranges[-1].end == len(data)
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    assert all(data[: r.start].endswith(b"\n}\n") for r in ranges[1:])
    assert data[: ranges[0].prologue].decode() == PROLOGUE


def test_a_range_knows_the_prologue_and_says_what_each_graph_states(tmp_path: Path) -> None:
    import pyoxigraph as ox

    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    last = max((r for worker in plan([path], None, 2) or [] for r in worker), key=lambda r: r.start)
    store = ox.Store()
    found = walk_range(last)
    assert load_range(store, last)
    ex = "https://example.org/"
    assert not found.refused and found.begins == found.ends
    assert found.graphs[ex + "g6"] == (2, {ex + "f"}, {ex + "a", "https://w3id.org/kgtool/ontology#Actor"})
    assert len(store) == sum(count for count, _, _ in found.graphs.values())


def test_a_cut_corpus_gives_the_report_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    found = same_as_one_process(path, capsys)
    assert used == ["ranges", "ranges"]
    focus = {f["focus"] for f in found["findings"]}  # type: ignore[index]
    assert {"https://example.org/" + n for n in ("a", "c2", "f")} <= focus


def test_n_quads_and_default_graph_statements_in_several_ranges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    # the default graph's statements are in every range: one part, brought together on one worker
    ex, actor = "https://example.org/", "<https://w3id.org/kgtool/ontology#Actor>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = []
    for n in range(12):
        lines.append(f"<{ex}s{n}> {rdf_type} {actor} <{ex}g{n % 3}> .\n")
        lines.append(f"<{ex}d{n}> {rdf_type} {actor} .\n")
    path = tmp_path / "c.nq"
    path.write_text("".join(lines), encoding="utf-8")
    found = same_as_one_process(path, capsys)
    assert used == ["ranges", "ranges"]
    assert {ex + "d0", ex + "d11", ex + "s5"} <= {f["focus"] for f in found["findings"]}  # type: ignore[index]


def test_a_prefix_declared_again_mid_file_sends_the_parent_back_to_the_whole_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    text = corpus(
        block("g1", "a", "a1", "a2"),
        "@prefix ex: <https://example.org/other/> .\n",
        block("g2", "b", "b1", "b2"),
        block("g3", "c", "c1", "c2"),
        block("g4", "d", "d1", "d2"),
    )
    path = tmp_path / "c.trig"
    path.write_text(text, encoding="utf-8")
    feeders: list[int] = []  # the queue threads alive when a set of workers is forked
    enter = parallel._Workers.__enter__

    def forked(self: parallel._Workers) -> parallel._Workers:
        feeders.append(sum(t.name == "QueueFeederThread" for t in threading.enumerate()))
        return enter(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel._Workers, "__enter__", forked)
        found = same_as_one_process(path, capsys)
    assert used == ["whole", "whole"]
    assert "https://example.org/other/d2" in {f["focus"] for f in found["findings"]}  # type: ignore[index]
    assert feeders == [0, 0, 0, 0]  # --jobs 2 and 3: the ranges' workers, then the whole file's


def test_a_closing_line_inside_a_long_string_is_no_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    inside = 'ex:a kgo:note """\n' + "}\n" * 40 + '""" .\n'
    path = tmp_path / "c.trig"
    path.write_text(corpus(block("g1", "a", extra=inside), block("g2", "b")), encoding="utf-8")
    same_as_one_process(path, capsys)
    assert used == ["whole", "whole"]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("<http://ex.org/a%zz> a kgo:Actor .\n", "IRI"),  # only a parse that checks IRIs refuses it
        ("ex:z a .\n", ""),  # a syntax error
        ("<< ex:z kgo:involves ex:a >> kgo:involves ex:b .\n", ""),  # an RDF 1.2 triple term
    ],
)
def test_an_error_late_in_the_file_reads_as_with_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, words: str
) -> None:
    path = tmp_path / "c.trig"
    path.write_text(SPREAD + "ex:g7 {\n" + bad + "}\n", encoding="utf-8")
    line = SPREAD.count("\n") + 2
    errors = []
    for jobs in ("1", "2"):
        assert main(["validate", str(path), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and f"c.trig:{line}" in errors[0] and words in errors[0], errors


BAD_IRI = "<http://ex.org/a%zz> a kgo:Actor .\n"  # only a parse that checks IRIs refuses it
TRIPLE_TERM = "<< ex:z kgo:involves ex:a >> kgo:involves ex:b .\n"


@pytest.mark.parametrize(
    "files",
    [
        [SPREAD + "ex:g7 {\n" + BAD_IRI + "}\n", SPREAD + "ex:g8 {\n" + TRIPLE_TERM + "}\n"],
        [corpus(block("g0", extra=BAD_IRI)) + SPREAD[len(PROLOGUE) :] + "ex:g7 {\n" + TRIPLE_TERM + "}\n"],
        [SPREAD + "ex:g7 {\n" + BAD_IRI + TRIPLE_TERM + "}\n"],
        [corpus(block("g0", extra=TRIPLE_TERM)) + SPREAD[len(PROLOGUE) :] + "ex:g7 {\n" + BAD_IRI + "}\n"],
    ],
    ids=["bad-iri-file-then-triple-term-file", "bad-iri-then-triple-term", "both-in-one-graph", "triple-term-first"],
)
def test_a_triple_term_and_a_bad_iri_read_as_with_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: list[str]
) -> None:
    """Whichever comes first in the files' order is the error, as loading them in turn gives:
    --jobs 2 refused the triple term before the workers' loads had found an earlier bad IRI, or
    failed unexpectedly (a SyntaxError from the parent's strict parse of the triple term's file)."""
    paths = []
    for number, text in enumerate(files):
        paths.append(tmp_path / f"c{number}.trig")
        paths[-1].write_text(text, encoding="utf-8")
    errors = []
    for jobs in ("1", "2"):
        assert main(["validate", *map(str, paths), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "Invalid IRI" in errors[0] and "internal#" not in errors[1], errors


def test_a_file_that_only_loading_refuses_is_reported_before_a_later_files_syntax_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    # the workers say what their ranges hold before loading them: the second file's syntax error
    # is seen first, while the first file's bad IRI (which only a parse that checks IRIs refuses)
    # is still being loaded; the error is the first file's, as loading them in turn gives it
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    first.write_text(SPREAD + "ex:g7 {\n<http://ex.org/a%zz> a kgo:Actor .\n}\n", encoding="utf-8")
    second.write_text(SPREAD.replace("ex:g", "ex:h") + "ex:h7 {\nex:z a .\n}\n", encoding="utf-8")
    errors = []
    for jobs in ("1", "2"):
        assert main(["validate", str(first), str(second), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "a.trig" in errors[0] and "b.trig" not in errors[0], errors
    assert used == []  # raised in it


def test_the_parent_joins_the_workers_readings_while_they_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, used: list[str]
) -> None:
    # a worker's loading waits here until the parent has joined the readings into units: it only
    # can if each worker sent what its ranges hold before loading them (else this stops the run)
    joined = tmp_path / "joined"
    join, load = parallel._join, parallel.load_range

    def joining(*args: object) -> object:
        out = join(*args)  # type: ignore[arg-type]
        joined.touch()
        return out

    def waiting(store: object, r: ranges.Range) -> bool:
        deadline = time.monotonic() + 60
        while not joined.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("a worker loaded its range before the parent joined the readings")
            time.sleep(0.01)
        return load(store, r)  # type: ignore[arg-type]

    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    one = report(path, "1", capsys)
    monkeypatch.setattr(parallel, "_join", joining)
    monkeypatch.setattr(parallel, "load_range", waiting)
    assert report(path, "2", capsys) == one and used == ["ranges"]


def test_the_note_on_rewritten_literals_comes_from_the_workers_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the note lists the same statements, and the file is not parsed again for it
    decimal = 'ex:a kgo:statedValue "0.40"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    path = tmp_path / "c.trig"
    path.write_text(SPREAD + block("g7", "h", extra=decimal.replace("ex:a", "ex:h")), encoding="utf-8")
    one = report(path, "1", capsys)
    import kgtool.rdf.parse as parse

    reading = parse._typed_statements

    def no_second_reading(file: Path, *rest: object) -> object:
        assert file != path.resolve(), "the file was parsed again for the note"
        return reading(file, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "_typed_statements", no_second_reading)
    two = report(path, "2", capsys)
    assert one == two and '"0.40"' in two[2]


def test_the_note_is_worked_out_while_the_workers_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the parent works out the note's statements before the workers' outcomes come back, not after
    # them with a core idle: the note itself then reads nothing, and says what --jobs 1 says
    import kgtool.rdf.literal_forms as literal_forms

    decimal = 'ex:h kgo:statedValue "0.40"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    path = tmp_path / "c.trig"
    path.write_text(SPREAD + block("g7", "h", extra=decimal), encoding="utf-8")
    one = report(path, "1", capsys)
    order: list[str] = []
    prepare, receive = literal_forms.prepare_rewritten, parallel._Workers.receive

    def preparing(*args: object) -> None:
        order.append("prepared")
        prepare(*args)  # type: ignore[arg-type]

    def receiving(self: parallel._Workers, w: int, input_format: str | None) -> object:
        got = receive(self, w, input_format)
        if isinstance(got, dict) and "findings" in got:
            order.append("outcome")
        return got

    def no_reading(*args: object) -> object:
        raise AssertionError("the note read the file again")

    monkeypatch.setattr(literal_forms, "prepare_rewritten", preparing)
    monkeypatch.setattr(parallel._Workers, "receive", receiving)
    code = main(["validate", str(path), "--no-reasoner", "--format", "json", "--jobs", "2"])
    assert order == ["prepared", "outcome", "outcome"], order
    # the report's run read the note's statements once: another note of the same file reads again
    assert capsys.readouterr() == (one[1], one[2]) and code == one[0]
    monkeypatch.setattr(literal_forms, "_rewritten_in", no_reading)
    with pytest.raises(AssertionError, match="read the file again"):
        literal_forms.rewritten_literals([path])


def test_a_prepared_note_of_a_file_changed_since_is_not_used(tmp_path: Path) -> None:
    import kgtool.rdf.literal_forms as literal_forms

    path = tmp_path / "c.nt"
    path.write_text(
        '<https://example.org/a> <https://example.org/p> "07"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    literal_forms.prepare_rewritten([path])
    path.write_text(
        '<https://example.org/a> <https://example.org/p> "08.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    )
    found = literal_forms.rewritten_literals([path])
    assert [(r.written, r.stored) for r in found] == [
        ('"08.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"8.0"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    ]


def test_a_prepared_note_of_a_file_replaced_with_the_same_size_and_time_is_not_used(tmp_path: Path) -> None:
    """``touch -r`` or ``rsync -t`` leave a new file with the old one's size and time (review): its
    inode or change time tells it apart."""
    import os

    import kgtool.rdf.literal_forms as literal_forms

    path, other = tmp_path / "c.nt", tmp_path / "d.nt"
    line = '<https://example.org/a> <https://example.org/p> "0{}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    path.write_text(line.format(7))
    literal_forms.prepare_rewritten([path])
    other.write_text(line.format(8))  # the same size
    st = path.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time
    other.replace(path)
    found = literal_forms.rewritten_literals([path])
    assert [(r.written, r.stored) for r in found] == [
        ('"08"^^<http://www.w3.org/2001/XMLSchema#integer>', '"8"^^<http://www.w3.org/2001/XMLSchema#integer>')
    ]


def test_a_failing_head_start_on_the_note_does_not_stop_the_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note prepared while the workers validate is a head start only: whatever fails in it is
    left to the note after the report (it stopped validation before the report, review)."""
    import kgtool.rdf.literal_forms as literal_forms
    from kgtool.validation import parallel

    def failing(files: object, input_format: object = None) -> None:
        raise ValueError("a fault in the head start")

    monkeypatch.setattr(literal_forms, "prepare_rewritten", failing)
    parallel._prepare_note([tmp_path / "x.nt"], None)  # no error comes out


def test_the_note_names_a_file_once_not_once_a_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # display_path resolves paths: once per statement it cost 0.3 s for the 492 statements at 1M
    import kgtool.assets as assets
    from kgtool.rdf.literal_forms import rewritten_literals

    path = tmp_path / "c.nt"
    path.write_text(
        "".join(
            f'<https://example.org/a{i}> <https://example.org/p> "0{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            for i in range(1, 6)
        )
    )
    named: list[Path] = []
    display = assets.display_path

    def counting(p: Path) -> str:
        named.append(p)
        return display(p)

    monkeypatch.setattr(assets, "display_path", counting)
    found = rewritten_literals([path])
    assert len(found) == 5 and len({r.file for r in found}) == 1 and named == [path]


def test_the_report_does_not_wait_for_the_workers_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a worker that has sent its last message ends on its own (the system frees its store): the
    # parent goes on with the report meanwhile instead of waiting for it
    import multiprocessing

    real_os = os

    class SlowEnd:
        def __getattr__(self, name: str) -> object:
            return getattr(real_os, name)

        @staticmethod
        def _exit(code: int) -> None:
            time.sleep(30)
            real_os._exit(code)

    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    one = report(path, "1", capsys)
    before = set(multiprocessing.active_children())
    monkeypatch.setattr(parallel, "os", SlowEnd())
    started = time.monotonic()
    two = report(path, "2", capsys)
    took = time.monotonic() - started
    workers = set(multiprocessing.active_children()) - before
    for process in workers:
        process.kill()
        process.join()
    assert two == one
    assert took < 25 and len(workers) == 2, (took, workers)


def test_a_line_over_the_limit_is_refused_before_a_worker_parses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the parent's precheck runs while the workers read: the error of --jobs 1, whichever comes first
    huge = 'ex:z kgo:note "' + "x" * (17 * 1024 * 1024) + '" .\n'
    path = tmp_path / "c.trig"
    path.write_text(SPREAD + "ex:g7 {\n" + huge + "}\n", encoding="utf-8")
    errors = []
    for jobs in ("1", "2"):
        assert main(["validate", str(path), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "literal-too-large" in errors[0], errors


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_hermit_beside_the_workers_gives_the_report_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    runs = []
    for jobs in ("1", "2"):  # HermiT runs each time (no verdict given again, and no note on it)
        code = main(["validate", str(path), "--format", "json", "--jobs", jobs, "--no-cache"])
        runs.append((code, *capsys.readouterr()))
    assert runs[0] == runs[1] and used == ["ranges"]
    assert json.loads(runs[0][1])["reasoner"]["ran"] is True  # type: ignore[index]


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_instance_clashes_found_while_the_parent_works_out_the_literals_as_in_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    """A worker looks for instance clashes before it gets the literals as written (the parent
    works them out meanwhile): a functional property with two values, in a graph of each half."""
    path = tmp_path / "c.trig"
    two_values = 'ex:{} kgo:sectionNumber "1" , "2" .\n'
    text = corpus(
        block("g1", "a", "a1", extra=two_values.format("a1")),
        *(block(f"h{i}", f"h{i}") for i in range(6)),
        block("g2", "b", "b1", extra=two_values.format("b1")),
    )
    path.write_text(text, encoding="utf-8")
    runs = []
    for jobs in ("1", "2", "3"):
        code = main(["validate", str(path), "--format", "json", "--jobs", jobs, "--no-cache"])
        runs.append((code, *capsys.readouterr()))
    assert runs[0] == runs[1] == runs[2] and used == ["ranges", "ranges"]
    report = json.loads(runs[0][1])
    assert report["reasoner"]["consistent"] is False
    clashed = {f["focus"] for f in report["findings"] if f["focus"].endswith(("/a1", "/b1")) and f["line"]}
    assert clashed == {"https://example.org/a1", "https://example.org/b1"}


class _Counted(io.BufferedReader):
    """A file that counts the bytes read from it (in ``reads``)."""

    reads: list[int]

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.reads.append(len(data))
        return data


def counted_open(reads: list[int]) -> Callable[[Path, str], _Counted]:
    def opened(path: Path, mode: str) -> _Counted:
        f = _Counted(io.FileIO(path, mode.replace("b", "")))
        f.reads = reads
        return f

    return opened


def test_a_body_without_line_feeds_is_looked_through_for_a_cut_once_and_no_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a TriG body with CR line ends after a first block with LF: no place to cut, 40 MB of it; the
    # planner reads SCAN bytes after the middle and gives up (it used to read, and keep, the rest of
    # the file, copying the bytes kept again for each MiB read)
    body = block("g1", *(f"a{i}" for i in range(400))).replace("\n", "\r")
    path = tmp_path / "cr.trig"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(PROLOGUE + block("g0", "z"))  # a line feed after the prologue, then none
        for _ in range(40 * 1024 * 1024 // len(body) + 1):
            f.write(body)
    assert path.stat().st_size > 2 * ranges.SCAN
    reads: list[int] = []
    monkeypatch.setattr(ranges, "open", counted_open(reads), raising=False)
    assert plan([path], None, 2) is None
    assert ranges.SCAN <= sum(reads) <= ranges.HEAD + ranges.SCAN and max(reads) <= ranges.WINDOW
    monkeypatch.undo()
    errors = []
    for jobs in ("1", "2"):  # a "line" over the limit: the error of --jobs 1
        assert main(["validate", str(path), "--no-reasoner", "--jobs", jobs]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "literal-too-large" in errors[0], errors


def test_a_long_n_quads_line_within_the_limit_is_cut_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    ex, actor = "https://example.org/", "https://w3id.org/kgtool/ontology#Actor"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    lines = [f"<{ex}{n}> <{rdf_type}> <{actor}> <{ex}g{n}> .\n" for n in ("a", "b", "c", "d")]
    long = f'<{ex}a> <http://www.w3.org/2000/01/rdf-schema#comment> "{"x" * (12 * 1024 * 1024)}" <{ex}ga> .\n'
    path = tmp_path / "c.nq"
    path.write_text(lines[0] + long + "".join(lines[1:]), encoding="utf-8")
    reads: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ranges, "open", counted_open(reads), raising=False)
        cut = plan([path], None, 2)
    assert cut is not None and sum(reads) <= ranges.HEAD + path.stat().st_size // 2 + ranges.WINDOW
    same_as_one_process(path, capsys)
    assert used == ["ranges", "ranges"]


def java_children() -> list[str]:
    """The command lines of this process's children that run Java (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and "java" in command:
            found.append(command)
    return found


@pytest.mark.skipif(not java_available() or not Path("/proc/self/stat").exists(), reason="HermiT needs Java; /proc")
def test_an_error_while_the_workers_read_leaves_no_java_process_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    # the precheck's error is raised while HermiT runs beside the workers: it is waited for
    huge = 'ex:z kgo:note "' + "x" * (17 * 1024 * 1024) + '" .\n'
    path = tmp_path / "c.trig"
    path.write_text(SPREAD + "ex:g7 {\n" + huge + "}\n" + block("g8", "h"), encoding="utf-8")
    assert plan([path], None, 2) is not None
    assert main(["validate", str(path), "--jobs", "2"]) == 2
    assert "literal-too-large" in capsys.readouterr().err
    assert used == []  # raised in it
    assert not [t for t in threading.enumerate() if t.name == reasoner.HERMIT_THREAD]
    assert java_children() == []


def test_the_workers_not_waited_for_are_reaped_and_leave_no_zombie(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parent writes its report without waiting for the workers that sent their last message to
    end; in a caller that lives on (a test worker, a service embedding kgtool) they stayed in the
    process table as zombies until the next start of a worker, and a later check of this process's
    children saw them (the CI's test_reasoner run once failed so). A thread reaps them as they end."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not children.exists():
        pytest.skip("the process's children are read from Linux's /proc")
    before = set(children.read_text().split())  # a server another test of this process started, say
    path = tmp_path / "c.trig"
    path.write_text(SPREAD, encoding="utf-8")
    assert report(path, "3", capsys)[0] == 1
    deadline = time.monotonic() + 30
    while set(children.read_text().split()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(children.read_text().split()) - before == set()
    assert not [t for t in threading.enumerate() if t.name == "kgtool-reap-workers"]


def one_and_two(files: list[Path], capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    """The text report, standard error and exit code of --jobs 1 and --jobs 2, HermiT run each
    time; asserted equal."""
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", *map(str, files), "--jobs", jobs, "--no-cache"])
        runs.append((code, *capsys.readouterr()))
    assert runs[0] == runs[1]
    return runs


ODD_CLASS = (
    'ex:Odd a owl:Class ; rdfs:label "Odd class"@en ; owl:disjointWith ex:Odd .\n'  # a class that can have no member
)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@pytest.mark.parametrize("layout", ["one TriG file", "Turtle files"])
def test_the_datas_own_schema_reaches_hermit_as_in_one_process(
    layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    """A schema statement of the data (here a class disjoint with itself) is reasoned over with the
    ontology under --jobs as in one process: HermiT beside the workers has the ontology alone, and
    gave "consistent" (the report's last line, and the class unnamed)."""
    prologue = (
        PROLOGUE
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    )
    if layout == "one TriG file":
        files = [tmp_path / "c.trig"]
        files[0].write_text(
            corpus(block("g1", "a", extra=ODD_CLASS), *(block(f"h{i}", f"h{i}") for i in range(4)), prologue=prologue),
            encoding="utf-8",
        )
    else:
        files = [tmp_path / "schema.ttl", tmp_path / "actors.ttl"]
        files[0].write_text(prologue + ODD_CLASS, encoding="utf-8")
        files[1].write_text(PROLOGUE + "ex:a a kgo:Actor .\n", encoding="utf-8")
    runs = one_and_two(files, capsys)
    code, out, _ = runs[0]
    assert code == 1 and out.rstrip().endswith("OWL check: INCONSISTENT")
    assert "Odd class <https://example.org/Odd>" in out
    assert used == (["ranges"] if layout == "one TriG file" else [])


SCHEMA_PROLOGUE = (
    "@prefix ex: <https://example.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@pytest.mark.parametrize(
    "schema, expected",
    [
        # an unsatisfiable class named only as an object: named by its label
        ('ex:A owl:equivalentClass ex:B ; owl:disjointWith ex:A .\nex:B rdfs:label "Bee class"@en .\n', "Bee class <"),
        # a clash among the data's schema statements, which the parent's HermiT run sees too: once
        (
            'skos:prefLabel a owl:DatatypeProperty , owl:FunctionalProperty .\nex:K a owl:Class ; skos:prefLabel "K one"@en , "K two"@en .\n',
            "2 different values for prefLabel",
        ),
    ],
)
def test_the_datas_schema_gives_the_report_of_one_process(
    schema: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [tmp_path / "schema.ttl", tmp_path / "actors.ttl"]
    files[0].write_text(SCHEMA_PROLOGUE + schema, encoding="utf-8")
    files[1].write_text(PROLOGUE + "ex:a a kgo:Actor .\n", encoding="utf-8")
    runs = one_and_two(files, capsys)
    assert runs[0][1].count(expected) == 1, runs[0][1]


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_a_kept_verdict_on_the_datas_schema_needs_no_java_under_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """HermiT beside the workers has the ontology alone: with no verdict kept for it and no Java, its
    error is not the run's when the verdict wanted, on the data's schema too, is kept."""
    path = tmp_path / "c.trig"
    path.write_text(
        corpus(
            block("g1", "a", extra=ODD_CLASS),
            *(block(f"h{i}", f"h{i}") for i in range(4)),
            prologue=PROLOGUE + SCHEMA_PROLOGUE,
        ),
        encoding="utf-8",
    )
    assert main(["validate", str(path), "--jobs", "1"]) == 1
    one = capsys.readouterr().out
    (tmp_path / "no-java").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-java"))
    assert main(["validate", str(path), "--jobs", "2"]) == 1
    out, err = capsys.readouterr()
    assert out == one and "given again" in err


# a class that must and must not have a principal: no member can be one (unsatisfiable), seen only
# when its restrictions, blank nodes, are the nodes its rdfs:subClassOf statements name
RESTRICTED = 'ex:C a owl:Class ; rdfs:label "C class"@en ; rdfs:subClassOf _:r1 , _:r2 .\n'
RESTRICTIONS = (
    "_:r1 a owl:Restriction ; owl:onProperty kgo:hasPrincipal ; owl:maxCardinality 0 .\n"
    "_:r2 a owl:Restriction ; owl:onProperty kgo:hasPrincipal ; owl:minCardinality 1 .\n"
)


def nquads(turtle: str, graph: str) -> str:
    """``turtle``'s statements as N-Quads lines in ``graph``, blank node labels as written."""
    import pyoxigraph as ox

    quads = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE, rename_blank_nodes=False)
    return "".join(f"{q.subject} {q.predicate} {q.object} <https://example.org/{graph}> .\n" for q in quads)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@pytest.mark.parametrize("layout", ["two graphs of a TriG file", "one graph cut in two", "two runs of one graph"])
def test_a_blank_node_in_two_places_is_one_node_under_jobs(
    layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank node label is the file's: one node wherever it is used. A load does not keep labels,
    so the workers would have split it in two (the class then satisfiable, the OWL check
    "consistent"); such an input is validated in one process."""
    prologue = PROLOGUE + SCHEMA_PROLOGUE
    actors = "".join(f"ex:a{i} a kgo:Actor .\n" for i in range(40))
    if layout == "two graphs of a TriG file":  # at either end: in two ranges
        path = tmp_path / "c.trig"
        text = corpus(
            block("g1", "a", extra=RESTRICTED),
            *(block(f"h{i}", f"h{i}") for i in range(6)),
            block("g2", "b", extra=RESTRICTIONS),
            prologue=prologue,
        )
    elif layout == "one graph cut in two":  # an N-Quads file is cut after any line
        path = tmp_path / "c.nq"
        text = nquads(prologue + RESTRICTED + actors + RESTRICTIONS, "g1")
    else:  # a prefix declared again mid-file: read whole, each run of a graph's statements apart
        path = tmp_path / "c.trig"
        text = corpus(block("g1", "a", extra=RESTRICTED), block("g2", "b"), prologue=prologue)
        text += "@prefix ex2: <https://example.org/2/> .\n" + block("g1", "a9", extra=RESTRICTIONS)
    path.write_text(text, encoding="utf-8")
    runs = []
    for jobs in ("1", "2"):
        code = main(["validate", str(path), "--jobs", jobs, "--no-cache"])
        runs.append((code, *capsys.readouterr()))
    assert runs[0][:2] == runs[1][:2]
    assert runs[0][0] == 1 and runs[0][1].rstrip().endswith("OWL check: INCONSISTENT")
    assert "C class <https://example.org/C>" in runs[0][1]
    # and says so, in the reader's language
    assert t("validate.one_process", "en") not in runs[0][2] and t("validate.one_process", "en") in runs[1][2]
    for lang in ("ky", "ru"):
        assert main(["validate", str(path), "--jobs", "2", "--no-cache", "--lang", lang]) == 1
        note = t("validate.one_process", lang)
        assert note in capsys.readouterr().err and foreign_words(note, lang) == []


def test_anonymous_blank_nodes_in_many_graphs_keep_the_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], used: list[str]
) -> None:
    """Only a label used in two places sends the input to one process: ``[ ... ]`` is a node of its
    own wherever it is written."""
    path = tmp_path / "c.trig"
    note = 'ex:{} rdfs:comment [ rdfs:label "a note" ] .\n'
    path.write_text(
        corpus(
            *(block(f"g{i}", f"a{i}", extra=note.format(f"a{i}")) for i in range(8)),
            prologue=PROLOGUE + SCHEMA_PROLOGUE,
        ),
        encoding="utf-8",
    )
    one = report(path, "1", capsys)
    assert one[0] == 1, one
    assert report(path, "2", capsys) == one
    assert used == ["ranges"]


def test_the_workers_blank_nodes_are_not_labelled_alike(tmp_path: Path) -> None:
    """Oxigraph labels a blank node at random, from a generator a forked worker inherits as the
    parent left it: two workers gave their nodes the same labels, and the merge kept one finding of
    two (24 findings of 32 here) once the parent had drawn from it, as any earlier parse does."""
    import pyoxigraph as ox

    path = tmp_path / "c.trig"
    anonymous = "ex:{} kgo:involves [ a kgo:Actor ] .\n"  # an actor with no label: a finding each
    path.write_text(
        corpus(*(block(f"g{i}", f"a{i}", extra=anonymous.format(f"a{i}")) for i in range(8))), encoding="utf-8"
    )
    next(ox.parse(b"<https://example.org/s> <https://example.org/p> [] .", format=ox.RdfFormat.TURTLE))
    one = validate([path], reasoner=False, jobs=1).findings
    two = validate([path], reasoner=False, jobs=2).findings
    blank = [f for f in one if not f.focus.startswith("https:")]
    assert len(blank) == 16 and len(two) == len(one)


@pytest.mark.parametrize("case", ["a label that is not ASCII", "a graph named by a blank node"])
def test_blank_nodes_the_units_cannot_follow_give_one_processs_report(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An actor, a blank node, in a graph at one end of the file and its label at the other: two
    places of one node; a graph named by a blank node, which the units, kept by name, do not follow."""
    path = tmp_path / "c.trig"
    middle = [block(f"h{i}", f"h{i}") for i in range(6)]
    if case == "a label that is not ASCII":
        text = corpus(
            block("g1", extra="_:ré·1 a kgo:Actor .\n"),
            *middle,
            block("g2", extra='_:ré·1 rdfs:label "A"@ky .\n'),
            prologue=PROLOGUE + SCHEMA_PROLOGUE,
        )
    else:
        text = (
            corpus(block("g2", "a"), *middle, prologue=PROLOGUE + SCHEMA_PROLOGUE)
            + '_:g { ex:a rdfs:label "A"@ky . }\n'
        )
    path.write_text(text, encoding="utf-8")

    def findings(jobs: str) -> list[dict[str, object]]:
        """The report's findings, a blank node's random label as "_:" (two loads label it apart)."""
        code, out, _ = report(path, jobs, capsys)
        assert code == 1
        found = json.loads(out)["findings"]
        return [{**f, "focus": f["focus"] if f["focus"].startswith("https:") else "_:"} for f in found]

    one = findings("1")
    assert findings("2") == one
    blank = [f for f in one if f["focus"] == "_:"]  # the actor's finding, or the label's (ex:a's)
    assert len(blank) == (1 if case == "a label that is not ASCII" else 0), blank


@pytest.mark.parametrize("jobs", ["0", "-3", str(parallel.MAX_JOBS + 1), "100000"])
@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_jobs_out_of_range_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str, lang: str
) -> None:
    """0 and -3 were taken as 1 without a word, and 100000 started that many processes."""
    assert main(["validate", str(tmp_path / "missing.ttl"), "--jobs", jobs, "--lang", lang]) == 2
    err = capsys.readouterr().err
    message = t("validate.bad_jobs", lang, value=jobs, most=parallel.MAX_JOBS)
    assert f"ERROR [validate#bad-jobs] {message}" in err and "Traceback" not in err
    assert not foreign_words(message.removeprefix(f"--jobs {jobs}:"), lang)
