"""The benchmark corpus generator (bench/generate.py) and runner (bench/run.py).

The generator must be deterministic, write the files and manifest it promises, reach the
size asked for, keep clear of the real data's IRIs, and inject each kind of violation it
lists; the runner must end with the line the issue specifies and write a result the README
table is made from."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench import run as bench_run
from bench.generate import KINDS, parse_size, write_corpus
from bench.generate import main as generate_main

ID = "https://w3id.org/kgtool/id/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, "10k", seed=3, violations=2 * len(KINDS))
    return out


def test_the_same_seed_gives_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path, "10k", seed=3, violations=2 * len(KINDS))
    for name in ("corpus.trig", "corpus.nq", "merged.nt", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (corpus / name).read_bytes(), name


def test_another_seed_gives_another_corpus(corpus: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path, "10k", seed=4)
    assert (tmp_path / "merged.nt").read_bytes() != (corpus / "merged.nt").read_bytes()


def test_the_files_hold_what_the_manifest_says(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert parse_size("10k") <= manifest["triples"] < 2 * parse_size("10k")
    quads = list(ox.parse(path=str(corpus / "corpus.nq"), format=ox.RdfFormat.N_QUADS))
    trig = list(ox.parse(path=str(corpus / "corpus.trig"), format=ox.RdfFormat.TRIG))
    merged = list(ox.parse(path=str(corpus / "merged.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == len(trig) == manifest["quads"]
    assert len(merged) == len(set(merged)) == manifest["triples"]
    # no statement in two graphs: the union of the graphs is the merged file
    # (pyoxigraph's parse yields quads even for N-Triples; compare their triples)
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in quads} == {
        ox.Triple(q.subject, q.predicate, q.object) for q in merged
    }
    graphs = {q.graph_name.value for q in quads}  # type: ignore[union-attr]
    assert graphs == {g["graph"] for g in manifest["graphs"]}
    assessments = [g for g in manifest["graphs"] if g["year"] is not None]
    assert len(assessments) == manifest["assessments"] >= 2
    for g in assessments:
        assert re.fullmatch(re.escape(ID) + r"x\d{3}/assessment/\d{4}", g["graph"]), g["graph"]


def test_nothing_collides_with_the_real_data(corpus: Path) -> None:
    for t in ox.parse(path=str(corpus / "merged.nt"), format=ox.RdfFormat.N_TRIPLES):
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ID):
            assert re.match(re.escape(ID) + r"x\d{3}(/|$)", t.subject.value), t.subject.value


def test_every_kind_of_violation_is_injected_with_its_expected_findings(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    injected = manifest["injected_violations"]
    assert sorted({i["kind"] for i in injected}) == sorted(KINDS)
    assert len(injected) == 2 * len(KINDS)
    focus = [f["focus"] for i in injected for f in i["expected"]]
    assert len(focus) == len(set(focus)), "two injected violations on one resource could interact"
    expected = {(f["severity"], f["focus"], f["shape"]) for f in manifest["expected_findings"]}
    assert {(f["severity"], f["focus"], f["shape"]) for i in injected for f in i["expected"]} <= expected


def test_too_many_violations_for_the_size_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate_main(["--size", "3k", "--inject-violations", "500", "--out", str(tmp_path)]) == 2
    assert "ERROR [bench#generate]" in capsys.readouterr().err


def test_sizes_are_read_as_the_issue_writes_them() -> None:
    assert [parse_size(s) for s in ("10k", "100k", "1M", "5M", "250k", "2000")] == [
        10_000,
        100_000,
        1_000_000,
        5_000_000,
        250_000,
        2000,
    ]
    with pytest.raises(ValueError):
        parse_size("big")


def test_the_runner_ends_with_the_line_the_issue_specifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = bench_run.main(
        [
            "--size",
            "3k",
            "--no-naive",
            "--publish-timeout",
            "0",
            "--corpus-root",
            str(tmp_path / "corpus"),
            "--results",
            str(tmp_path / "results"),
        ]
    )
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"pipeline/reference=\d+\.\d\d pipeline/reference_cpu=\d+\.\d\d naive/pipeline=n/a triples=\d+ "
        r"peak_bytes_per_triple=\d+",
        last,
    )
    result = json.loads((tmp_path / "results" / "3k.json").read_text(encoding="utf-8"))
    assert result["ours"]["stages"][1]["engine"] == "fast"
    # CPU seconds next to wall seconds, for every stage of both tracks, and the ratio in CPU seconds
    assert all(s["cpu_seconds"] > 0 for t in ("ours", "reference") for s in result[t]["stages"][:1])
    summary = result["summary"]
    assert summary["pipeline_cpu_seconds"] > 0 and summary["reference_best_cpu_seconds"] > 0
    assert summary["pipeline_over_reference_cpu"] > 0
    table = bench_run.table(tmp_path / "results")
    assert table.splitlines()[2].startswith("| 3k |")


@pytest.mark.parametrize("store", ["oxigraph", "virtuoso"])
def test_the_store_comparison_gives_identical_outputs(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--store: kgtool indices and gaps on a server started by the runner (the Oxigraph server,
    Debian's Virtuoso), against the embedded store on the same corpus; the outputs are
    byte-identical and the ratios recorded."""
    argv = ["--size", "3k", "--store", store, "--corpus-root", str(tmp_path / "corpus")]
    assert bench_run.main([*argv, "--results", str(tmp_path / "results")]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.match(rf"store={store} triples=\d+  indices: [\d.]+s/[\d.]+s=[\d.]+x  gaps: ", line), line
    assert "DIFFERS" not in line
    result = json.loads((tmp_path / "results" / "stores" / f"3k-{store}.json").read_text(encoding="utf-8"))
    assert result["indices"]["identical"] and result["gaps"]["identical"]
    assert result["indices"]["ratio"] > 0 and result["triples"] > 3000


def test_the_readme_table_is_made_from_the_results_files() -> None:
    readme = (REPO / "bench" / "README.md").read_text(encoding="utf-8")
    expected = bench_run.with_table(readme, bench_run.table(REPO / "bench" / "results"))
    assert readme == expected, "bench/README.md's table is stale: run python bench/run.py --update-readme"
    results = sorted((REPO / "bench" / "results").glob("*.json"))
    assert {p.stem for p in results} >= {"100k", "1M"}


def test_the_naive_baseline_can_be_taken_from_an_earlier_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--size", "3k", "--publish-timeout", "0", "--corpus-root", str(tmp_path / "corpus")]
    assert bench_run.main([*common, "--naive-timeout", "600", "--results", str(tmp_path / "first")]) == 0
    first = json.loads((tmp_path / "first" / "3k.json").read_text(encoding="utf-8"))
    assert first["naive"]["stages"][1]["stage"] == "shacl" and first["commit"]
    assert (
        bench_run.main(
            [*common, "--naive-from", str(tmp_path / "first" / "3k.json"), "--results", str(tmp_path / "second")]
        )
        == 0
    )
    second = json.loads((tmp_path / "second" / "3k.json").read_text(encoding="utf-8"))
    assert second["naive"]["stages"] == first["naive"]["stages"]
    assert second["naive"]["from"]["file"] == "3k.json"
    assert re.search(r"naive/pipeline=\d+\.\d\d ", capsys.readouterr().out.strip().splitlines()[-1])
    with pytest.raises(SystemExit, match="no naive baseline for this corpus"):
        bench_run.main(
            [
                "--size",
                "3k",
                "--seed",
                "5",
                "--publish-timeout",
                "0",
                "--corpus-root",
                str(tmp_path / "corpus"),
                "--naive-from",
                str(tmp_path / "first" / "3k.json"),
                "--results",
                str(tmp_path / "third"),
            ]
        )


def test_the_scaling_check_flags_growth_above_the_threshold() -> None:
    """bench/scaling.py's verdict from two sizes' timings (no query is run here)."""
    from bench.scaling import table

    names = ["a/linear", "a/quadratic", "a/stopped"]
    small = {
        "a/linear": {"seconds": 0.01, "rows": 1},
        "a/quadratic": {"seconds": 0.01, "rows": 1},
        "a/stopped": {"seconds": 0.01, "rows": 1},
    }
    large = {
        "a/linear": {"seconds": 0.1, "rows": 10},
        "a/quadratic": {"seconds": 1.0, "rows": 10},
        "a/stopped": {"timed_out": True, "seconds": 60},
    }
    markdown, flagged = table(["10k", "100k"], [10_000, 100_000], [small, large], names, 1.3)
    assert flagged == ["a/quadratic", "a/stopped"]
    assert "| a/linear | 10 | 0.0100 | 0.1000 | 1.00 |  |" in markdown
    assert "| a/quadratic | 10 | 0.0100 | 1.0000 | 2.00 | **yes** |" in markdown
    assert "| a/stopped | — | 0.0100 | > 60 | >3.78 | **yes** |" in markdown


def test_the_workbook_round_trip_bench_finds_every_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """bench/workbook_roundtrip.py's comparisons hold on the study (CSV form) and on a whole
    corpus without injected violations (--all), so the figures bench/README.md gives are of a
    round trip that loses nothing."""
    from bench import workbook_roundtrip

    assert workbook_roundtrip.main(["--form", "csv"]) == 0
    assert "isomorphic to data/*.ttl (but bibliography.ttl): True" in capsys.readouterr().out
    write_corpus(tmp_path, "10k", seed=3, violations=0)
    assert workbook_roundtrip.main(["--corpus", str(tmp_path), "--all", "--form", "csv"]) == 0
    assert "all equal: True" in capsys.readouterr().out


def test_a_reference_stopped_by_its_time_limit_gives_bounds(tmp_path: Path) -> None:
    """--reference-timeout: the stages the reference finished, its whole time when that is more, and the
    ratios marked as upper bounds (no query is run here)."""
    names = [f"{role}/{name}" for role, name, _ in bench_run.queries()]

    def stage(name: str, seconds: float) -> dict[str, object]:
        return {"stage": name, "seconds": seconds, "cpu_seconds": seconds, "peak_bytes": 1000}

    ours = {"stages": [stage("load", 2.0), stage("shacl", 4.0)] + [stage(n, 0.25) for n in names]}
    stopped = {"stages": [stage("load", 1.0), stage(names[0], 0.5)], "timed_out": True, "seconds": 10.0}
    result: dict[str, object] = {"triples": 1000, "ours": ours, "reference": stopped}
    summary = bench_run.summarise(result)
    pipeline = 6.0 + 0.25 * len(names)
    assert summary["reference_complete"] is False
    assert summary["reference_best_seconds"] == 10.0  # the time it ran, more than the stages it finished
    assert summary["pipeline_over_reference"] == round(pipeline / 10.0, 2)
    result["summary"] = summary
    assert bench_run.final_line(result).startswith(
        f"pipeline/reference=<{pipeline / 10.0:.2f} pipeline/reference_cpu=<"
    )
    result["size"] = "3k"
    (tmp_path / "3k.json").write_text(json.dumps(result), encoding="utf-8")
    row = bench_run.table(tmp_path).splitlines()[2]
    assert "| >10.0 |" in row and f"| **<{pipeline / 10.0:.2f}** |" in row, row
    finished = {"stages": [stage("load", 1.0)] + [stage(n, 0.1) for n in names]}
    result["reference"] = finished
    complete = bench_run.summarise(result)
    assert complete["reference_complete"] is True
    assert complete["reference_best_seconds"] == round(1.0 + 0.1 * len(names), 2)


def test_the_serve_load_counts_a_servers_workers_cpu_and_gives_both_ratios() -> None:
    """bench/serve_load.py reads the CPU a server used from /proc, its descendants included (kgtool
    serve's queries run in worker processes), and ends with both ratios per query."""
    import subprocess

    from bench.serve_load import ratios, tree_cpu

    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc here")
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass\nprint(1, flush=True)\ntime.sleep(30)"
    before = tree_cpu(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"1"  # it burnt its 0.5 s
        after = tree_cpu(os.getpid())
        assert before is not None and after is not None and after - before >= 0.4
        # the process's own seconds leave out its child's: how kgtool serve's HTTP side is told
        # apart from its query workers
        own = tree_cpu(os.getpid(), descendants=False)
        assert own is not None and own <= after - 0.4
        assert tree_cpu(child.pid, descendants=False) == tree_cpu(child.pid)  # no descendants
    finally:
        child.kill()
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
    assert tree_cpu(2**22 + 12345) is None  # no such process
    ours = {"ask": {"per_second": 700.0, "server_cpu_us": 200}, "select": {"per_second": 300.0, "server_cpu_us": None}}
    theirs = {"ask": {"per_second": 1000.0, "server_cpu_us": 50}, "select": {"per_second": 100.0, "server_cpu_us": 900}}
    assert ratios(ours, theirs) == [  # type: ignore[arg-type]
        "ratio ask     requests per second 0.70x  CPU per request 0.25x",
        "ratio select  requests per second 3.00x  CPU per request -",
    ]
