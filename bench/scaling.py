"""Does any named query grow faster than the data? Each query as written, at two corpus sizes.

    python bench/scaling.py [--sizes 10k 100k] [--limit 60] [--threshold 1.3] [--json FILE]

Every file under queries/ (``kgtool.sparql.named.all_queries()``) runs with its defaults,
exactly as written, on a bare pyoxigraph store (``Store.query`` with
``use_default_graph_as_union=True``; none of kgtool's rewrites) holding the ontology and
the corpus (bench/generate.py writes it into bench/corpus/SIZE/ if it is not there). This
is what a remote Oxigraph, or a user running the file, gets.

Each query is run until 0.3 s of CPU have been spent on it (at least 5 and at most 50 runs)
and its fastest run is kept, in CPU seconds of the worker process (``time.process_time``; the
fastest wall time is recorded too, as ``wall_seconds``): on a shared machine the wall time of
a run depends on the other jobs, at a load average of 20 on two cores enough to push 18 linear
queries over the threshold, while the CPU time of the query hardly does. Before every run the worker writes over a buffer larger than the
processor's caches (``--evict-mb``, default 96), so that both sizes are timed with cold
caches: otherwise the small corpus stays in the cache between runs and the large one does
not, which alone makes simple linear queries look like n^1.4-1.7 from 10k to 100k. The growth exponent is ``log(t2/t1) / log(n2/n1)``, where n is the
corpus's statements: about 1 for a query linear in the data, about 2 for a quadratic one,
below 1 for a query that reads only part of the data or whose time is mostly fixed cost.
A query above ``--threshold`` (default 1.3) is measured once more at both sizes (the faster
of the two passes is kept, so a burst of load on a shared machine does not flag it); if it is
still above, it is flagged and the run exits 1.

Each size runs in a worker process; a query that takes longer than ``--limit`` seconds
(default 60) is stopped by ending the worker, recorded as "> limit", flagged (its exponent is
then a lower bound), and a new worker carries on with the next query.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

CORPUS_FILE = "corpus.trig"
MIN_SECONDS, MIN_RUNS, MAX_RUNS, LONG_RUN = 0.3, 5, 50, 1.0


# --- the worker: one store, the queries asked for (by index), one JSON line each -------------------


def worker(corpus: Path, indices: list[int], evict_mb: int) -> None:
    import pyoxigraph as ox

    from kgtool import assets
    from kgtool.sparql.named import all_queries

    store = ox.Store()
    store.bulk_load(path=str(corpus / CORPUS_FILE), format=ox.RdfFormat.TRIG)
    for f in assets.ontology_files():
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    buffer = bytearray(evict_mb * 1024 * 1024)
    line = b"\x01" * (len(buffer) // 64)
    print(json.dumps({"loaded": True}), flush=True)
    queries = all_queries()
    for i in indices:
        q = queries[i]
        times: list[float] = []  # CPU seconds of this process: what the query costs, whatever else runs
        walls: list[float] = []
        rows, spent = 0, 0.0
        while len(times) < MIN_RUNS or (spent < MIN_SECONDS and len(times) < MAX_RUNS):
            buffer[::64] = line  # one write per cache line: the store's data leaves the caches
            began, cpu = time.perf_counter(), time.process_time()
            result = store.query(q.text, use_default_graph_as_union=True)
            rows = 1 if isinstance(result, ox.QueryBoolean) else len(list(result))  # type: ignore[arg-type]
            times.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - began)
            spent += times[-1]
            if times[-1] > LONG_RUN:  # slow enough that noise does not matter: no more runs
                break
        record = {"index": i, "query": f"{q.role}/{q.name}", "seconds": min(times), "wall_seconds": min(walls)}
        print(json.dumps(record | {"runs": len(times), "rows": rows}), flush=True)


# --- the parent: workers with a time limit per query ------------------------------------------------


def measure(
    corpus: Path, limit: float, names: list[str], indices: list[int], evict_mb: int
) -> dict[str, dict[str, object]]:
    """The fastest time (or ``timed_out``) of each query asked for, on one corpus."""
    found: dict[str, dict[str, object]] = {}
    pending = list(indices)
    while pending:
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            str(corpus),
            "--queries",
            ",".join(map(str, pending)),
            "--evict-mb",
            str(evict_mb),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert proc.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        loaded = False
        while pending:
            # loading gets a generous limit of its own; each query gets ``limit``
            if not sel.select(timeout=limit if loaded else max(limit, 600)):
                proc.kill()
                proc.wait()
                if not loaded:
                    raise SystemExit(f"loading {corpus} took longer than the limit")
                name = names[pending.pop(0)]
                found[name] = {"timed_out": True, "seconds": limit}
                print(f"  {name:<40} > {limit:.0f} s (stopped)", file=sys.stderr)
                break
            line = proc.stdout.readline()
            if not line:
                raise SystemExit(f"the worker failed on {names[pending[0]]} (exit {proc.wait()})")
            record = json.loads(line)
            if record.get("loaded"):
                loaded = True
                continue
            found[str(record["query"])] = record
            print(
                f"  {record['query']:<40} {record['seconds']:.4f} s  ({record['runs']} runs, {record['rows']} rows)",
                file=sys.stderr,
            )
            pending.remove(int(record["index"]))
        if not pending:
            proc.wait()
        sel.close()
    return found


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def table(
    sizes: list[str], ns: list[int], results: list[dict[str, dict[str, object]]], names: list[str], threshold: float
) -> tuple[str, list[str]]:
    def cell(r: dict[str, object]) -> str:
        return f"> {float(r['seconds']):.0f}" if r.get("timed_out") else f"{float(r['seconds']):.4f}"

    lines = [
        f"| query | rows {sizes[1]} | CPU s at {sizes[0]} | CPU s at {sizes[1]} | exponent | flagged |",
        "|---|---|---|---|---|---|",
    ]
    flagged = []
    for name in names:
        a, b = results[0][name], results[1][name]
        if a.get("timed_out"):
            exp, text = math.inf, "—"
        else:
            exp = exponent(float(a["seconds"]), float(b["seconds"]), ns[0], ns[1])
            text = (">" if b.get("timed_out") else "") + f"{exp:.2f}"
        flag = exp > threshold
        if flag:
            flagged.append(name)
        rows = "—" if b.get("timed_out") else str(b["rows"])
        lines.append(f"| {name} | {rows} | {cell(a)} | {cell(b)} | {text} | {'**yes**' if flag else ''} |")
    return "\n".join(lines), flagged


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes", nargs=2, default=["10k", "100k"], metavar="SIZE", help="two corpus sizes (default 10k 100k)"
    )
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--limit", type=float, default=60.0, help="seconds one query may take (default 60)")
    p.add_argument("--threshold", type=float, default=1.3, help="flag exponents above this (default 1.3)")
    p.add_argument("--corpus-root", type=Path, default=BENCH / "corpus", help="where corpora are generated")
    p.add_argument(
        "--evict-mb", type=int, default=96, help="MB written between runs to empty the caches (default 96; 0: none)"
    )
    p.add_argument("--json", type=Path, help="also write the measurements to this file")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--queries", default="", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args.worker, [int(i) for i in args.queries.split(",") if i], args.evict_mb)
        return 0

    from bench.run import ensure_corpus
    from kgtool.sparql.named import all_queries

    names = [f"{q.role}/{q.name}" for q in all_queries()]
    corpora, ns = [], []
    for size in args.sizes:
        corpus = ensure_corpus(size, args.seed, 0, args.corpus_root)
        corpora.append(corpus)
        ns.append(int(json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["triples"]))
    results: list[dict[str, dict[str, object]]] = []
    for size, corpus, n in zip(args.sizes, corpora, ns, strict=True):
        print(f"{size}: {n:,} statements ({corpus})", file=sys.stderr)
        results.append(measure(corpus, args.limit, names, list(range(len(names))), args.evict_mb))
    _, flagged = table(args.sizes, ns, results, names, args.threshold)
    # a shared machine can slow a whole series of runs: measure a flagged query again at both
    # sizes and keep the faster time of the two passes (a query that timed out is not re-run)
    again = [names.index(q) for q in flagged if not any(r[q].get("timed_out") for r in results)]
    if again:
        print("measuring again: " + ", ".join(names[i] for i in again), file=sys.stderr)
        for result, corpus in zip(results, corpora, strict=True):
            for name, record in measure(corpus, args.limit, names, again, args.evict_mb).items():
                if not record.get("timed_out") and float(record["seconds"]) < float(result[name]["seconds"]):
                    result[name] = record
    markdown, flagged = table(args.sizes, ns, results, names, args.threshold)
    print(f"statements: {ns[0]:,} and {ns[1]:,} (ratio {ns[1] / ns[0]:.2f}); threshold {args.threshold}")
    print(markdown)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "sizes": args.sizes,
                    "statements": ns,
                    "threshold": args.threshold,
                    "cpus": os.cpu_count(),
                    "results": dict(zip(args.sizes, results, strict=True)),
                    "flagged": flagged,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    if flagged:
        print(f"FLAGGED (exponent > {args.threshold}): " + ", ".join(flagged))
        return 1
    print(f"no query grows faster than n^{args.threshold}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
