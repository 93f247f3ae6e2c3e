"""Requests per second of ``kgtool serve``'s SPARQL endpoint against ``oxigraph serve``, on loopback.

    python bench/serve_load.py [--connections 8] [--requests 2000] [--time-limit 60]
    python bench/serve_load.py --url http://127.0.0.1:PORT/sparql   # a server already running
    python bench/serve_load.py --distinct   # every request's text differs: nothing kept serves it

Without ``--url`` it starts both servers on free ports of 127.0.0.1 with the project's
graph: ``kgtool serve`` (which publishes it into a temporary folder), and ``oxigraph serve``
on a store loaded from ``kgtool build --format nt`` (the same statements), then stops them.
For each server and each query (``ASK {}`` and a small SELECT, sent as
``GET /sparql?query=…`` with ``Accept: application/sparql-results+json``) it sends a fixed
number of requests over N keep-alive connections, one thread per connection, and prints
requests per second, the median and 99th-percentile latency, and how many times a
connection had to be reopened (0 when keep-alive works). A run stops at ``--time-limit``
seconds, whatever is left. Only loopback addresses are accepted.

``kgtool serve`` keeps the parse verdict and the answer of a text it has seen (bounded;
kgtool.serve.answer_cache), so by default the repeated texts measure that path. With
``--distinct`` each request ends with a comment holding its number: every text is new, and
each request is parsed, checked and run by a worker (the full path), on both servers.

The load generator is Python (http.client, one thread per connection) on the same cores
as the server: its own cost caps what it can measure, so a fast server's figure is a lower
bound; both servers are measured with the same client.

On a machine other jobs share, requests per second swing with them (a run of 2,000 fast
requests lasts a quarter of a second). So for each server it started, on Linux, it also
prints the CPU time the server used per request (the server's process and all its
descendants, such as kgtool's query workers, from /proc; user and system, to the clock
tick), of which its own process's (kgtool serve's HTTP side; the rest is its query workers'),
and the client's own, and at the end both ratios per query: kgtool's requests per
second over oxigraph's, and oxigraph's CPU per request over kgtool's (above 1: kgtool
spends less).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
QUERIES = {
    "ask": "ASK {}",
    "select": "PREFIX kgo: <https://w3id.org/kgtool/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?process ?label WHERE { ?process a kgo:AccountabilityProcess ; rdfs:label ?label } "
    "ORDER BY ?process ?label LIMIT 10",
}


def tree_cpu(pid: int, descendants: bool = True) -> float | None:
    """CPU seconds (user and system) used so far by process ``pid`` and its descendants, read from
    /proc (None where there is none, or the process has gone). Children that ended and were
    waited for are counted by their parent's own figures no more: a worker replaced during a
    run loses its seconds, so the figure is a lower bound then. ``descendants`` False: the
    process's own seconds only (kgtool serve's HTTP side without its query workers)."""
    proc = Path("/proc")
    ticks: dict[int, int] = {}
    children: dict[int, list[int]] = {}
    try:
        entries = list(proc.iterdir())
    except OSError:
        return None
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime, stime
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    if pid not in ticks:
        return None
    if not descendants:
        return ticks[pid] / os.sysconf("SC_CLK_TCK")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += ticks.get(current, 0)
        stack.extend(children.get(current, []))
    return total / os.sysconf("SC_CLK_TCK")


def load(
    url: str,
    query: str,
    connections: int,
    requests: int,
    time_limit: float,
    distinct: bool = False,
    server_cpu: Callable[[], float | None] | None = None,
    process_cpu: Callable[[], float | None] | None = None,
) -> dict[str, object]:
    """Send ``requests`` GETs of ``query`` to the SPARQL endpoint ``url`` over ``connections``
    keep-alive connections; stop at ``time_limit`` seconds. ``distinct``: each text ends with
    a comment holding the request's number, so no two are the same. ``server_cpu``: the
    server's CPU seconds so far, read before and after for its CPU per request;
    ``process_cpu``: the same for the server's own process alone (the rest is its workers')."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"only loopback addresses are measured, not {parts.hostname}")
    target = parts.path + "?" + urllib.parse.urlencode({"query": query})
    headers = {"Accept": "application/sparql-results+json"}
    lock = threading.Lock()
    left = [requests]
    latencies: list[float] = []
    errors: list[str] = []
    reconnects = [0]
    deadline = time.perf_counter() + time_limit

    def take() -> str | None:
        """The next request's target, or None when the run is over."""
        with lock:
            if left[0] <= 0 or time.perf_counter() > deadline:
                return None
            left[0] -= 1
            if distinct:
                return parts.path + "?" + urllib.parse.urlencode({"query": f"{query}\n# {left[0]}"})
            return target

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        mine: list[float] = []
        try:
            while (path := take()) is not None:
                began = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(repr(exc))
                    conn.close()
                    reconnects[0] += 1
                    continue
                mine.append(time.perf_counter() - began)
                if response.status != 200 or not body:
                    errors.append(f"status {response.status}")
                if response.will_close:
                    conn.close()
                    reconnects[0] += 1
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    server_before = server_cpu() if server_cpu else None
    process_before = process_cpu() if process_cpu else None
    client_before = time.process_time()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    client_seconds = time.process_time() - client_before
    server_after = server_cpu() if server_cpu else None
    process_after = process_cpu() if process_cpu else None
    server_seconds = server_after - server_before if server_after is not None and server_before is not None else None
    process_seconds = (
        process_after - process_before if process_after is not None and process_before is not None else None
    )
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 3),
        "per_second": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "median_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 2) if latencies else None,
        "reconnects": reconnects[0],
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "stopped_at_limit": left[0] > 0,
        "server_cpu_us": round(server_seconds / len(latencies) * 1e6)
        if server_seconds is not None and latencies
        else None,
        "process_cpu_us": round(process_seconds / len(latencies) * 1e6)
        if process_seconds is not None and latencies
        else None,
        "client_cpu_us": round(client_seconds / len(latencies) * 1e6) if latencies else None,
    }


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


@contextmanager
def running(cmd: list[str], probe: str) -> Iterator[int]:
    """Start a server, wait until ``probe`` answers, yield its process ID; stop it afterwards."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        wait_for(probe, proc)
        yield proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise SystemExit("the oxigraph command is not installed (pip install oxigraph)")
    return found


def report(name: str, results: dict[str, dict[str, object]]) -> None:
    for query, r in results.items():
        cpu = f"  cpu {r['server_cpu_us']} us/request" if r.get("server_cpu_us") is not None else ""
        if cpu and r.get("process_cpu_us") is not None:
            cpu += f" (its own process {r['process_cpu_us']})"
        print(
            f"{name:<15} {query:<7} {r['requests']:>6} requests {r['seconds']:>7.2f} s "
            f"{r['per_second']:>8.1f} req/s  median {r['median_ms']} ms  p99 {r['p99_ms']} ms  "
            f"reconnects {r['reconnects']}  errors {r['errors']}{cpu}  client cpu {r['client_cpu_us']} us/request"
            + ("  (stopped at the time limit)" if r["stopped_at_limit"] else ""),
            flush=True,
        )


def ratios(ours: dict[str, dict[str, object]], theirs: dict[str, dict[str, object]]) -> list[str]:
    """Per query: kgtool's requests per second over oxigraph's, and oxigraph's CPU per request over
    kgtool's (both above 1 when kgtool does better; the second is "-" without CPU figures)."""
    lines = []
    for query in ours:
        a, b = ours[query], theirs.get(query)
        if not b or not a["per_second"] or not b["per_second"]:
            continue
        rate = float(a["per_second"]) / float(b["per_second"])  # type: ignore[arg-type]
        cpu_a, cpu_b = a.get("server_cpu_us"), b.get("server_cpu_us")
        cpu = f"{float(cpu_b) / float(cpu_a):.2f}x" if cpu_a and cpu_b else "-"  # type: ignore[arg-type]
        lines.append(f"ratio {query:<7} requests per second {rate:.2f}x  CPU per request {cpu}")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--connections", type=int, default=8, help="keep-alive connections (default 8)")
    p.add_argument("--requests", type=int, default=2000, help="requests per query and server (default 2000)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds per query and server at most (default 60)")
    p.add_argument("--url", help="measure this SPARQL endpoint only (a loopback address), started by you")
    p.add_argument("--distinct", action="store_true", help="a new text for every request (no kept answers)")
    p.add_argument("--only", choices=["kgtool", "oxigraph"], help="start and measure one of the two servers only")
    args = p.parse_args(argv)

    def measure(url: str, pid: int | None = None) -> dict[str, dict[str, object]]:
        load(url, "ASK {}", 1, 20, 10)  # warm up: the first queries start worker processes, caches
        cpu = (lambda: tree_cpu(pid)) if pid is not None else None
        own = (lambda: tree_cpu(pid, descendants=False)) if pid is not None else None
        return {
            q: load(url, text, args.connections, args.requests, args.time_limit, args.distinct, cpu, own)
            for q, text in QUERIES.items()
        }

    texts = "a new text for every request" if args.distinct else "the same text repeated"
    print(f"{args.connections} keep-alive connections, {args.requests} requests per query, {texts}", flush=True)
    if args.url:
        report(args.url, measure(args.url))
        return 0
    failed = False
    measured: dict[str, dict[str, dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="kgtool-serve-load-") as scratch:
        if args.only in (None, "kgtool"):
            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            cmd = [sys.executable, "-m", "kgtool", "serve", "--port", str(port), "--quiet"]
            with running(cmd, base + "index.html") as pid:
                results = measure(base + "sparql", pid)
            report("kgtool serve", results)
            measured["kgtool"] = results
            failed |= any(r["errors"] for r in results.values())
        if args.only in (None, "oxigraph"):
            nt, store = Path(scratch) / "kg.nt", Path(scratch) / "store"
            subprocess.run(
                [sys.executable, "-m", "kgtool", "build", "-o", str(nt), "--format", "nt"],
                check=True,
                cwd=REPO,
                capture_output=True,
            )
            subprocess.run(
                [oxigraph(), "load", "--location", str(store), "--file", str(nt)], check=True, capture_output=True
            )
            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            cmd = [oxigraph(), "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}"]
            with running(cmd, base + "query?query=ASK%7B%7D") as pid:
                results = measure(base + "query", pid)
            report("oxigraph serve", results)
            measured["oxigraph"] = results
            failed |= any(r["errors"] for r in results.values())
    if len(measured) == 2:
        for line in ratios(measured["kgtool"], measured["oxigraph"]):
            print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
