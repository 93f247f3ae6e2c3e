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
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
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


def load(
    url: str, query: str, connections: int, requests: int, time_limit: float, distinct: bool = False
) -> dict[str, object]:
    """Send ``requests`` GETs of ``query`` to the SPARQL endpoint ``url`` over ``connections``
    keep-alive connections; stop at ``time_limit`` seconds. ``distinct``: each text ends with
    a comment holding the request's number, so no two are the same."""
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
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
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
def running(cmd: list[str], probe: str) -> Iterator[None]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        wait_for(probe, proc)
        yield
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
        print(
            f"{name:<15} {query:<7} {r['requests']:>6} requests {r['seconds']:>7.2f} s "
            f"{r['per_second']:>8.1f} req/s  median {r['median_ms']} ms  p99 {r['p99_ms']} ms  "
            f"reconnects {r['reconnects']}  errors {r['errors']}"
            + ("  (stopped at the time limit)" if r["stopped_at_limit"] else ""),
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--connections", type=int, default=8, help="keep-alive connections (default 8)")
    p.add_argument("--requests", type=int, default=2000, help="requests per query and server (default 2000)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds per query and server at most (default 60)")
    p.add_argument("--url", help="measure this SPARQL endpoint only (a loopback address), started by you")
    p.add_argument("--distinct", action="store_true", help="a new text for every request (no kept answers)")
    p.add_argument("--only", choices=["kgtool", "oxigraph"], help="start and measure one of the two servers only")
    args = p.parse_args(argv)

    def measure(url: str) -> dict[str, dict[str, object]]:
        load(url, "ASK {}", 1, 20, 10)  # warm up: the first queries start worker processes, caches
        return {
            q: load(url, text, args.connections, args.requests, args.time_limit, args.distinct)
            for q, text in QUERIES.items()
        }

    texts = "a new text for every request" if args.distinct else "the same text repeated"
    print(f"{args.connections} keep-alive connections, {args.requests} requests per query, {texts}", flush=True)
    if args.url:
        report(args.url, measure(args.url))
        return 0
    failed = False
    with tempfile.TemporaryDirectory(prefix="kgtool-serve-load-") as scratch:
        if args.only in (None, "kgtool"):
            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            cmd = [sys.executable, "-m", "kgtool", "serve", "--port", str(port), "--quiet"]
            with running(cmd, base + "index.html"):
                results = measure(base + "sparql")
            report("kgtool serve", results)
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
            with running(cmd, base + "query?query=ASK%7B%7D"):
                results = measure(base + "query")
            report("oxigraph serve", results)
            failed |= any(r["errors"] for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
