"""The benchmark: kgtool's embedded pipeline against a bare-store reference and a naive baseline.

    python bench/run.py --size 1M [--no-naive] [--jobs 2] [--equality]
    python bench/run.py --table          # the Markdown table of every result in bench/results/
    python bench/run.py --size 1M --store oxigraph   # indices and gaps on a store vs embedded (bench/stores.py)

At one corpus size (bench/generate.py writes it into bench/corpus/SIZE/ if it is not
there) it measures, each in its own process so that one does not inherit the other's
memory, the wall time and peak memory (resident set high-water mark, reset per stage)
of:

* ours: load (kgtool's KnowledgeGraph: ontology plus the corpus's named graphs); SHACL
  validation (``validate_graph``: the fast engine, findings with labels and file:line);
  the OWL check (``reason(mode="tbox")``); every query in queries/indices and queries/gaps
  through kgtool's embedded back end; and, in a separate process with a time limit,
  ``publish``;
* reference: pyoxigraph's bulk load of the same file (and the ontology), then the same
  ``.rq`` files run directly on it (``reference``), and the same with kgtool's EXISTS
  rewrite applied (``best``: per query the faster of the two, a stricter yardstick);
* naive: rdflib parses the same statements, pySHACL validates them, rdflib runs the
  queries (skipped with ``--no-naive``; stopped after ``--naive-timeout`` seconds, and the
  ratio is then a lower bound, marked ``>``; ``--naive-from FILE`` takes it from an earlier
  result for the same corpus instead, since it does not run kgtool's code and takes an
  hour at 1M);
* with ``--jobs N``: validation per named graph in N worker processes (kgtool.validation.parallel),
  and whether its findings equal whole-graph validation's;
* with ``--equality``: on the corpus of the same size with ``--inject-violations``, the
  fast engine's findings against pySHACL's, finding for finding, and against the
  manifest.

"pipeline" is load + SHACL validation + all index and gap queries. The last line is

    pipeline/reference=X.XX pipeline/reference_cpu=C.CC naive/pipeline=Y.YY triples=N peak_bytes_per_triple=Z

where the reference is the stricter ``best`` one, ``_cpu`` the same ratio in CPU seconds, and
peak bytes per triple is the pipeline's peak resident memory divided by the corpus's triples.
The reference track stops after ``--reference-timeout`` seconds (default 1800), so that a
query slower than linear cannot stop a 5M run; its ratios are then upper bounds, marked ``<``. Results are written to
bench/results/SIZE.json; ``--table`` renders them for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

CORPUS_FILE = "corpus.trig"
ROLES = ("indices", "gaps")


# --- measuring -----------------------------------------------------------------------------------------


def _status(key: str) -> int:
    """A field of /proc/self/status in bytes (VmHWM: peak resident set since the last reset)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _cpu() -> float:
    """CPU seconds (user + system) of this process, its threads and its reaped children: on a
    shared machine they grow far less with the load than wall time does."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Meter:
    """Wall time, CPU time and peak resident memory of each stage of one process."""

    def __init__(self) -> None:
        self.stages: list[dict[str, object]] = []

    @contextmanager
    def stage(self, name: str, **extra: object) -> Iterator[dict[str, object]]:
        import resource

        _reset_peak()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        record: dict[str, object] = {"stage": name, **extra}
        start, cpu_start = time.perf_counter(), _cpu()
        try:
            yield record
        finally:
            record["seconds"] = round(time.perf_counter() - start, 4)
            record["cpu_seconds"] = round(_cpu() - cpu_start, 4)
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
            # worker processes: their largest peak, counted once per worker (an upper bound)
            workers = int(record.get("workers", 0) or 0)
            record["peak_bytes"] = _status("VmHWM") + (workers * children if children > children_before else 0)
            self.stages.append(record)


def queries() -> list[tuple[str, str, Path]]:
    out = []
    for role in ROLES:
        for path in sorted((REPO / "queries" / role).glob("*.rq")):
            out.append((role, path.stem, path))
    return out


# --- the tracks (each runs in its own process) ---------------------------------------------------------


def track_ours(corpus: Path, threads: int) -> dict[str, object]:
    from kgtool import assets
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.sparql.backends import EmbeddedBackend
    from kgtool.sparql.named import named
    from kgtool.validation.checks import validate_graph
    from kgtool.validation.reasoner import reason

    m = Meter()
    with m.stage("load"):
        kg = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / CORPUS_FILE])
    with m.stage("shacl") as r:
        report = validate_graph(kg, reasoner=False, threads=threads)
        r["findings"], r["engine"] = len(report.findings), report.engine
    with m.stage("owl") as r:
        outcome = reason(kg, mode="tbox")
        r["consistent"], r["statements"] = outcome.consistent, outcome.statements
    backend = EmbeddedBackend(kg)
    for role, name, _ in queries():
        with m.stage(f"{role}/{name}") as r:
            r["rows"] = len(backend.select(named(f"{role}/{name}").bind({})).rows)
    return {"stages": m.stages}


def track_publish(corpus: Path) -> dict[str, object]:
    import shutil
    import tempfile

    from kgtool import assets
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.site.publish import publish

    m = Meter()
    kg = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / CORPUS_FILE])
    out = Path(tempfile.mkdtemp(prefix="kgtool-bench-site-")) / "site"
    try:
        with m.stage("publish"):
            publish(kg, out)
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    return {"stages": m.stages}


def track_reference(corpus: Path) -> dict[str, object]:
    import pyoxigraph as ox

    from kgtool import assets
    from kgtool.rdf.exists_rewrite import optimise

    m = Meter()
    with m.stage("load"):
        store = ox.Store()
        store.bulk_load(path=str(corpus / CORPUS_FILE), format=ox.RdfFormat.TRIG)
        for f in assets.ontology_files():
            store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    _emit_partial(m)  # stopped by --reference-timeout, the track still reports what it finished
    for role, name, path in queries():
        text = path.read_text(encoding="utf-8")
        with m.stage(f"{role}/{name}") as r:
            r["rows"] = len(list(store.query(text, use_default_graph_as_union=True)))
        _emit_partial(m)
        rewritten = optimise(text)
        if rewritten != text:
            with m.stage(f"{role}/{name}*") as r:
                r["rows"] = len(list(store.query(rewritten, use_default_graph_as_union=True)))
            _emit_partial(m)
    return {"stages": m.stages}


def track_naive(corpus: Path) -> dict[str, object]:
    import pyshacl
    import rdflib

    from kgtool import assets
    from kgtool.validation.checks import shapes_graph

    m = Meter()
    with m.stage("load"):
        g = rdflib.Graph()
        for f in assets.ontology_files():
            g.parse(f, format="turtle")
        g.parse(corpus / "merged.nt", format="nt")  # the same statements as the TriG file's union
    shapes = shapes_graph()
    _emit_partial(m)
    with m.stage("shacl") as r:
        _, results, _ = pyshacl.validate(
            g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, allow_infos=True
        )
        r["findings"] = len(set(results.subjects(rdflib.RDF.type, rdflib.SH.ValidationResult)))
    _emit_partial(m)
    for role, name, path in queries():
        with m.stage(f"{role}/{name}") as r:
            r["rows"] = len(list(g.query(path.read_text(encoding="utf-8"))))
        _emit_partial(m)
    return {"stages": m.stages}


def track_parallel(corpus: Path, jobs: int) -> dict[str, object]:
    from kgtool.validation.run import validate

    m = Meter()
    files = [corpus / CORPUS_FILE]
    with m.stage("validate-parallel", workers=jobs) as r:
        parallel = validate(files, reasoner=False, jobs=jobs)
        r["findings"] = len(parallel.findings)
    with m.stage("validate-whole") as r:
        whole = validate(files, reasoner=False)
        r["findings"] = len(whole.findings)
    return {"stages": m.stages, "equal": parallel.findings == whole.findings}


def track_equality(corpus: Path) -> dict[str, object]:
    from kgtool import assets
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.checks import findings, shacl_results, shapes_graph
    from kgtool.validation.model import sort_key

    m = Meter()
    kg = KnowledgeGraph.from_files(assets.ontology_files() + [corpus / CORPUS_FILE])
    shapes = shapes_graph()
    out = {}
    for engine in ("fast", "pyshacl"):
        with m.stage(f"shacl-{engine}") as r:
            results, used, _ = shacl_results(kg, shapes, engine)
            out[engine] = sorted(findings(results, kg, shapes, "en"), key=lambda f: (sort_key(f), str(f)))
            r["findings"], r["engine"] = len(out[engine]), used
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    expected = {(f["severity"], f["focus"], f["shape"]) for f in manifest["expected_findings"]}
    got = {(f.severity, f.focus, f.shape.rsplit("#", 1)[-1]) for f in out["fast"]}
    return {
        "stages": m.stages,
        "equal": out["fast"] == out["pyshacl"],
        "manifest": got == expected,
        "findings": len(out["fast"]),
        "injected": len(manifest["injected_violations"]),
    }


TRACKS: dict[str, Callable[..., dict[str, object]]] = {
    "ours": track_ours,
    "reference": track_reference,
    "naive": track_naive,
    "publish": track_publish,
    "parallel": track_parallel,
    "equality": track_equality,
}


def _emit_partial(m: Meter) -> None:
    """Stages done so far, on standard error, so a track stopped by its time limit still reports them."""
    sys.stderr.write("PARTIAL " + json.dumps(m.stages) + "\n")
    sys.stderr.flush()


def run_track(name: str, corpus: Path, timeout: float | None = None, **options: object) -> dict[str, object]:
    """One track in a fresh Python process; its stages, or the ones it finished and ``timed_out``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--track", name, "--corpus", str(corpus)]
    for key, value in options.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, check=False)
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        partial = [line for line in stderr.splitlines() if line.startswith("PARTIAL ")]
        stages = json.loads(partial[-1][len("PARTIAL ") :]) if partial else []
        return {"stages": stages, "timed_out": True, "seconds": round(time.perf_counter() - start, 1)}
    if done.returncode != 0:
        raise SystemExit(f"the {name} track failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the run -------------------------------------------------------------------------------------------


def ensure_corpus(size: str, seed: int, violations: int, root: Path) -> Path:
    from bench.generate import write_corpus

    name = size + (f"-v{violations}" if violations else "") + (f"-s{seed}" if seed != 1 else "")
    corpus = root / name
    manifest = corpus / "manifest.json"
    if not manifest.exists() or json.loads(manifest.read_text(encoding="utf-8")).get("seed") != seed:
        print(f"generating the {size} corpus into {corpus} …", file=sys.stderr)
        write_corpus(corpus, size, seed, violations)
    return corpus


def seconds(
    track: dict[str, object], names: set[str] | None = None, prefix: str | None = None, key: str = "seconds"
) -> float:
    """The stages' wall seconds summed (``key="cpu_seconds"``: their CPU seconds; 0 for a result
    recorded before CPU time was)."""
    total = 0.0
    for s in track["stages"]:  # type: ignore[attr-defined]
        n = str(s["stage"])
        if (names is not None and n in names) or (prefix is not None and n.startswith(prefix)):
            total += float(s.get(key, 0.0))
    return total


def peak(track: dict[str, object], names: set[str] | None = None) -> int:
    return max(
        (
            int(s["peak_bytes"])
            for s in track["stages"]  # type: ignore[attr-defined]
            if names is None or str(s["stage"]) in names
        ),
        default=0,
    )


def summarise(result: dict[str, object]) -> dict[str, object]:
    ours, ref = result["ours"], result["reference"]
    qnames = {f"{role}/{name}" for role, name, _ in queries()}
    pipeline_stages = {"load", "shacl"} | qnames
    pipeline = seconds(ours, pipeline_stages)  # type: ignore[arg-type]
    ref_stages = {str(s["stage"]): float(s["seconds"]) for s in ref["stages"]}  # type: ignore[index]
    # a reference stopped by its time limit: what it finished, or its whole time if that is more;
    # a lower bound of the reference, so the ratios below are upper bounds
    complete = not ref.get("timed_out") and {"load"} | qnames <= ref_stages.keys()  # type: ignore[union-attr]
    reference = ref_stages.get("load", 0.0) + sum(ref_stages.get(q, 0.0) for q in qnames)
    best = ref_stages.get("load", 0.0) + sum(
        min(ref_stages.get(q, 0.0), ref_stages.get(q + "*", ref_stages.get(q, 0.0))) for q in qnames
    )
    if not complete:
        reference, best = (max(x, float(ref.get("seconds", 0.0))) for x in (reference, best))  # type: ignore[arg-type]
    triples = int(result["triples"])  # type: ignore[call-overload]
    out: dict[str, object] = {
        "reference_complete": complete,
        "pipeline_seconds": round(pipeline, 2),
        "reference_seconds": round(reference, 2),
        "reference_best_seconds": round(best, 2),
        "pipeline_over_reference": round(pipeline / best, 2),
        "pipeline_over_raw_reference": round(pipeline / reference, 2),
        "pipeline_peak_bytes": peak(ours, pipeline_stages),  # type: ignore[arg-type]
        **_cpu_summary(ours, ref, pipeline_stages, qnames),  # type: ignore[arg-type]
        "peak_bytes_per_triple": round(peak(ours, pipeline_stages) / triples),  # type: ignore[arg-type]
        "slowest_query_seconds": max(
            float(s["seconds"])
            for s in ours["stages"]  # type: ignore[index]
            if s["stage"] in qnames
        ),
    }
    naive = result.get("naive")
    if naive:
        done = {str(s["stage"]) for s in naive["stages"]}  # type: ignore[index]
        n = seconds(naive, pipeline_stages)  # type: ignore[arg-type]
        if naive.get("timed_out"):  # type: ignore[union-attr]
            n = max(n, float(naive["seconds"]))  # type: ignore[arg-type, index]
        out["naive_seconds"] = round(n, 1)
        out["naive_complete"] = not naive.get("timed_out") and pipeline_stages <= done  # type: ignore[union-attr]
        out["naive_over_pipeline"] = round(n / pipeline, 2)
    return out


def _cpu_summary(
    ours: dict[str, object], ref: dict[str, object], pipeline_stages: set[str], qnames: set[str]
) -> dict[str, object]:
    """The pipeline and the stricter reference in CPU seconds, and their ratio (empty for results
    recorded before CPU time was)."""
    cpu = {str(s["stage"]): float(s.get("cpu_seconds", 0.0)) for s in ref["stages"]}  # type: ignore[attr-defined]
    pipeline = seconds(ours, pipeline_stages, key="cpu_seconds")
    if not pipeline or "load" not in cpu:
        return {}
    best = cpu["load"] + sum(min(cpu.get(q, 0.0), cpu.get(q + "*", cpu.get(q, 0.0))) for q in qnames)
    return {
        "pipeline_cpu_seconds": round(pipeline, 2),
        "reference_best_cpu_seconds": round(best, 2),
        "pipeline_over_reference_cpu": round(pipeline / best, 2) if best else None,
    }


def final_line(result: dict[str, object]) -> str:
    s = result["summary"]
    naive = "n/a"
    if "naive_over_pipeline" in s:  # type: ignore[operator]
        naive = ("" if s["naive_complete"] else ">") + f"{s['naive_over_pipeline']:.2f}"  # type: ignore[index]
    bound = "" if s.get("reference_complete", True) else "<"  # type: ignore[attr-defined]
    cpu = s.get("pipeline_over_reference_cpu")  # type: ignore[attr-defined]
    return (
        f"pipeline/reference={bound}{s['pipeline_over_reference']:.2f} "  # type: ignore[index]
        f"pipeline/reference_cpu={bound + f'{cpu:.2f}' if cpu else 'n/a'} naive/pipeline={naive} "
        f"triples={result['triples']} peak_bytes_per_triple={s['peak_bytes_per_triple']}"
    )  # type: ignore[index]


def print_stages(result: dict[str, object]) -> None:
    tracks = [t for t in ("ours", "reference", "naive") if result.get(t)]
    rows: dict[str, dict[str, str]] = {}
    for t in tracks:
        for s in result[t]["stages"]:  # type: ignore[index]
            cpu = f"{float(s['cpu_seconds']):8.3f}c " if "cpu_seconds" in s else ""
            rows.setdefault(str(s["stage"]), {})[t] = (
                f"{float(s['seconds']):8.3f}s {cpu}{int(s['peak_bytes']) / 2**20:7.0f}MB"
            )
    print(f"{'stage':42} " + " ".join(f"{t + ' (wall, cpu, peak)':>30}" for t in tracks))
    for stage, cols in rows.items():
        print(f"{stage:42} " + " ".join(f"{cols.get(t, ''):>30}" for t in tracks))
    naive = result.get("naive") or {}
    if naive.get("from"):  # type: ignore[union-attr]
        print(f"naive: taken from {naive['from']['file']} of {naive['from']['date']}")  # type: ignore[index]
    for extra in ("publish", "parallel", "equality"):
        if result.get(extra):
            print(f"{extra}: {json.dumps(result[extra])}")
    s = result["summary"]
    print(
        f"pipeline {s['pipeline_seconds']}s; reference {s['reference_best_seconds']}s "  # type: ignore[index]
        f"(raw .rq files: {s['reference_seconds']}s); ratios: ours/reference {s['pipeline_over_reference']}, "  # type: ignore[index]
        f"ours/raw reference {s['pipeline_over_raw_reference']}"  # type: ignore[index]
        + (f", naive/ours {s['naive_over_pipeline']}" if "naive_over_pipeline" in s else "")
    )  # type: ignore[operator]
    if not s.get("reference_complete", True):  # type: ignore[attr-defined]
        print(
            "the reference was stopped at --reference-timeout: its seconds are a lower bound, the ratios upper bounds"
        )
    if s.get("pipeline_over_reference_cpu"):  # type: ignore[attr-defined]
        print(
            f"in CPU seconds: pipeline {s['pipeline_cpu_seconds']}s; reference "  # type: ignore[index]
            f"{s['reference_best_cpu_seconds']}s; ours/reference {s['pipeline_over_reference_cpu']}"  # type: ignore[index]
        )


def table(results_dir: Path) -> str:
    """The Markdown table of all results, one row per size."""
    rows = []
    for path in sorted(results_dir.glob("*.json"), key=lambda p: json.loads(p.read_text())["triples"]):
        r = json.loads(path.read_text(encoding="utf-8"))
        s = r["summary"]
        ours = {x["stage"]: x for x in r["ours"]["stages"]}
        ref = {x["stage"]: x for x in r["reference"]["stages"]}
        qs = [k for k in ours if "/" in k]
        naive = r.get("naive") or {}
        nst = {x["stage"]: x for x in naive.get("stages", [])}
        mark = "" if s.get("naive_complete", True) else ">"
        # a reference stopped by its time limit: its seconds are a lower bound, the ratio an upper one
        low, bound = ("", "") if s.get("reference_complete", True) else (">", "<")

        def sec(d: dict[str, dict[str, object]], k: str) -> str:
            return f"{float(d[k]['seconds']):.2f}" if k in d else "–"

        pub = r.get("publish") or {}
        pub_s = (f"{float(pub['stages'][0]['seconds']):.1f}" if pub.get("stages") else "–") + (
            " (stopped)" if pub.get("timed_out") else ""
        )
        rows.append(
            "| "
            + " | ".join(
                [
                    f"{r['size']}",
                    f"{r['triples']:,}",
                    sec(ours, "load"),
                    sec(ref, "load"),
                    sec(nst, "load"),
                    sec(ours, "shacl"),
                    sec(nst, "shacl"),
                    sec(ours, "owl"),
                    f"{sum(float(ours[q]['seconds']) for q in qs):.2f}",
                    low
                    + f"{sum(min(float(ref[q]['seconds']), float(ref.get(q + '*', ref[q])['seconds'])) for q in qs if q in ref):.2f}",
                    f"{max(float(ours[q]['seconds']) for q in qs):.2f}",
                    pub_s,
                    f"{s['pipeline_seconds']:.1f}",
                    low + f"{s['reference_best_seconds']:.1f}",
                    (mark + f"{s['naive_seconds']:.0f}") if "naive_seconds" in s else "–",
                    f"**{bound}{s['pipeline_over_reference']:.2f}**",
                    f"**{bound}{s['pipeline_over_reference_cpu']:.2f}**"
                    if s.get("pipeline_over_reference_cpu")
                    else "–",
                    (f"**{mark}{s['naive_over_pipeline']:.1f}**") if "naive_over_pipeline" in s else "–",
                    f"{s['peak_bytes_per_triple']}",
                ]
            )
            + " |"
        )
    head = (
        "| size | triples | load ours | load ref | load naive | SHACL ours | SHACL naive (pySHACL) | OWL (TBox) "
        "| 12 queries ours | 12 queries ref | slowest query | publish | pipeline | reference | naive "
        "| pipeline/ref | pipeline/ref CPU | naive/pipeline | peak B/triple |"
    )
    sep = "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"
    return "\n".join([head, sep] + rows) + "\n"


def _commit() -> str:
    """The measured code's commit (with "+changes" when the work tree differs from it)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def earlier_naive(path: Path, result: dict[str, object]) -> dict[str, object]:
    """The naive track of an earlier result, if it measured the same corpus."""
    earlier = json.loads(path.read_text(encoding="utf-8"))
    if (earlier.get("triples"), earlier.get("seed")) != (result["triples"], result["seed"]) or not earlier.get("naive"):
        raise SystemExit(
            f"{path} has no naive baseline for this corpus ({result['triples']} triples, seed {result['seed']})"
        )
    return {
        **earlier["naive"],
        "from": {"file": path.name, "date": earlier.get("date"), "commit": earlier.get("commit", "unknown")},
    }


TABLE_BEGIN = "<!-- results table: made by `python bench/run.py --update-readme` from bench/results/ -->"
TABLE_END = "<!-- end of results table -->"


def with_table(readme: str, markdown: str) -> str:
    """The README with the text between the table markers replaced, so that the table is
    always the results files' and never edited by hand (tests/test_bench.py checks it)."""
    start, end = readme.index(TABLE_BEGIN) + len(TABLE_BEGIN), readme.index(TABLE_END)
    return readme[:start] + "\n" + markdown + readme[end:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--size", default="10k", help="10k, 100k, 1M, 5M or a number of triples (default 10k)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--no-naive", action="store_true", help="skip the rdflib + pySHACL baseline (quick runs)")
    p.add_argument(
        "--naive-from",
        type=Path,
        metavar="FILE",
        help="reuse the naive baseline of an earlier result (bench/results/SIZE.json) for the same corpus",
    )
    p.add_argument(
        "--naive-timeout",
        type=float,
        default=3600,
        metavar="S",
        help="stop the naive baseline after S seconds; its ratio is then a lower bound (default 3600)",
    )
    p.add_argument(
        "--reference-timeout",
        type=float,
        default=1800,
        metavar="S",
        help="stop the reference track after S seconds; its time is then a lower bound and the ratios "
        "upper bounds, marked < (default 1800; 0: no limit)",
    )
    p.add_argument(
        "--publish-timeout",
        type=float,
        default=900,
        metavar="S",
        help="stop kgtool publish after S seconds (default 900; 0 skips publish)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="also validate per named graph in N worker processes and compare (default: off)",
    )
    p.add_argument(
        "--equality",
        action="store_true",
        help="also compare the fast engine with pySHACL on the corpus with injected violations",
    )
    p.add_argument("--violations", type=int, default=100, help="violations injected for --equality (default 100)")
    p.add_argument("--threads", type=int, default=0, help="threads of the fast engine (default: kgtool's choice)")
    p.add_argument("--corpus-root", type=Path, default=BENCH / "corpus", help="where corpora are generated")
    p.add_argument("--results", type=Path, default=BENCH / "results", help="where results are written")
    p.add_argument("--table", action="store_true", help="print the Markdown table of all results and stop")
    p.add_argument(
        "--update-readme",
        action="store_true",
        help="write that table into bench/README.md (between its results markers) and stop",
    )
    p.add_argument(
        "--store",
        choices=["oxigraph", "virtuoso"],
        help="instead: time kgtool indices and gaps with --endpoint on this store (started here on 127.0.0.1, "
        "loaded with kgtool load) against the embedded store on the same corpus (bench/stores.py)",
    )
    p.add_argument("--track", choices=sorted(TRACKS), help=argparse.SUPPRESS)
    p.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.table:
        sys.stdout.write(table(args.results))
        return 0
    if args.update_readme:
        readme = BENCH / "README.md"
        readme.write_text(with_table(readme.read_text(encoding="utf-8"), table(args.results)), encoding="utf-8")
        return 0
    if args.store:
        from bench import stores

        corpus = ensure_corpus(args.size, args.seed, 0, args.corpus_root)
        # the commands' outputs, compared byte for byte, beside the corpora (bench/work/ by default)
        compared = stores.compare(corpus, args.store, args.corpus_root.parent / "work" / f"{args.size}-{args.store}")
        compared |= {"size": args.size, "seed": args.seed, "commit": _commit(), "machine": platform.machine()}
        print(f"wrote {stores.write(compared, args.results, args.size)}", file=sys.stderr)
        print(stores.summary(compared))
        return 0
    if args.track:
        options = {"ours": {"threads": args.threads or None}, "parallel": {"jobs": args.jobs}}.get(args.track, {})
        print(json.dumps(TRACKS[args.track](args.corpus, **options)))  # type: ignore[arg-type]
        return 0

    from bench.generate import parse_size

    corpus = ensure_corpus(args.size, args.seed, 0, args.corpus_root)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    result: dict[str, object] = {
        "size": args.size,
        "seed": args.seed,
        "triples": manifest["triples"],
        "assessments": manifest["assessments"],
        "target_triples": parse_size(args.size),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "commit": _commit(),
    }
    print(f"corpus {corpus}: {manifest['triples']:,} triples in {manifest['assessments']} assessments", file=sys.stderr)
    # an earlier naive baseline of another corpus is refused before any track runs, not after minutes of them
    earlier = earlier_naive(args.naive_from, result) if args.naive_from else None
    result["reference"] = run_track("reference", corpus, timeout=args.reference_timeout or None)
    result["ours"] = run_track("ours", corpus, threads=args.threads or 0)
    if args.publish_timeout > 0:
        result["publish"] = run_track("publish", corpus, timeout=args.publish_timeout)
    if earlier is not None:
        result["naive"] = earlier
    elif not args.no_naive:
        result["naive"] = run_track("naive", corpus, timeout=args.naive_timeout)
    if args.jobs > 1:
        result["parallel"] = run_track("parallel", corpus, jobs=args.jobs)
    if args.equality:
        injected = ensure_corpus(args.size, args.seed, args.violations, args.corpus_root)
        result["equality"] = run_track("equality", injected)
    result["summary"] = summarise(result)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{args.size}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print_stages(result)
    print(final_line(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
