"""`kgtool indices` and `kgtool gaps` on a real SPARQL store against the embedded store, on
the same generated corpus (issue 16: each within 3x of the embedded store).

    python bench/run.py --size 1M --store oxigraph     # or --store virtuoso

The store is started here on 127.0.0.1, as the tests start it (tests/servers.py: the
Oxigraph server from the oxigraph package, Debian's virtuoso-t with a virtuoso.ini of its
own), and loaded with `kgtool load` (its default method: the Graph Store Protocol on both).
Then each command runs twice through kgtool's own command line, in this process: once on
the embedded store, already loaded with the same files (so both sides time the queries and
the work around them, not the loading), and once with ``--endpoint``. The two outputs must be
byte-identical; the ratio is the store's wall time over the embedded store's.

Jena ARQ is not measured: the tests run it as a command line over a file (Fuseki, its
server, is not packaged in Debian), which re-reads the corpus for every query.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
COMMANDS = ("indices", "gaps")
GRAPH = "https://example.org/kg"  # Virtuoso has no plain default graph: --graph is required there
STORES = ("oxigraph", "virtuoso")


@contextlib.contextmanager
def started(store: str, rows: int) -> Iterator[str]:
    """The store's query URL while it runs; ``rows``: an answer-size cap above every answer."""
    sys.path.insert(0, str(REPO / "tests"))
    from servers import VIRTUOSO_INI, OxigraphServer, VirtuosoServer

    if store == "oxigraph":
        server = OxigraphServer("--union-default-graph").start()
        try:
            yield server.query
        finally:
            server.close()
        return
    # the tests' settings, with the limits a 1M corpus needs: no time limit on a query (the
    # comparison is the point) and a buffer pool for the whole database (about 1 GB)
    ini = VIRTUOSO_INI.replace("MaxQueryExecutionTime = 120", "MaxQueryExecutionTime = 0")
    ini = ini.replace("NumberOfBuffers = 10000", "NumberOfBuffers = 120000")
    ini = ini.replace("MaxDirtyBuffers = 6000", "MaxDirtyBuffers = 90000")
    with _patched_ini(ini):
        virtuoso = VirtuosoServer(max_rows=rows).start()
    try:
        yield virtuoso.query
    finally:
        virtuoso.close()


@contextlib.contextmanager
def _patched_ini(text: str) -> Iterator[None]:
    import servers

    original = servers.VIRTUOSO_INI
    servers.VIRTUOSO_INI = text
    try:
        yield
    finally:
        servers.VIRTUOSO_INI = original


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus as bench/run.py loads it: its TriG file (the folder also holds the same
    statements as N-Quads and merged N-Triples, for other tools)."""
    return [corpus / "corpus.trig"]


def timed_command(argv: list[str], out: Path) -> float:
    from kgtool.cli import main

    started_at = time.perf_counter()
    code = main([*argv, "--format", "csv", "-o", str(out)])
    seconds = time.perf_counter() - started_at
    if code != 0:
        raise SystemExit(f"kgtool {' '.join(argv)} exited {code}")
    return seconds


def compare(corpus: Path, store: str, workdir: Path) -> dict[str, Any]:
    """Load ``corpus`` into ``store`` and time both commands there and on the embedded store."""
    import kgtool.cli.gaps
    import kgtool.cli.indices
    from kgtool.rdf.project import build_graph
    from kgtool.sparql.backends import EmbeddedBackend

    files = corpus_files(corpus)
    result: dict[str, Any] = {"store": store, "corpus": corpus.name, "files": [f.name for f in files]}
    workdir.mkdir(parents=True, exist_ok=True)
    with started(store, rows=1_000_000) as endpoint:
        load = ["load", *map(str, files), "--endpoint", endpoint, "-q", "--state", str(workdir / "journal.json")]
        load += ["--timeout", "3600"]  # Virtuoso's switch of 300k statements takes more than the default 120 s
        if store == "virtuoso":
            load += ["--graph", GRAPH]
        from kgtool.cli import main

        started_at = time.perf_counter()
        if main(load) != 0:
            raise SystemExit(f"kgtool {' '.join(load)} failed")
        result["store_load_s"] = time.perf_counter() - started_at

        started_at = time.perf_counter()
        kg = build_graph(files)
        result["embedded_load_s"] = time.perf_counter() - started_at
        result["triples"] = len(kg)
        embedded = EmbeddedBackend(kg)
        for command in COMMANDS:
            module = kgtool.cli.indices if command == "indices" else kgtool.cli.gaps
            original = module.backend_for
            module.backend_for = lambda args: embedded  # type: ignore[attr-defined,assignment]
            try:
                here = timed_command([command], workdir / f"{command}-embedded.csv")
            finally:
                module.backend_for = original  # type: ignore[attr-defined]
            there = timed_command(
                [command, "--endpoint", endpoint, "--timeout", "3600"], workdir / f"{command}-{store}.csv"
            )
            same = (workdir / f"{command}-embedded.csv").read_bytes() == (
                workdir / f"{command}-{store}.csv"
            ).read_bytes()
            result[command] = {"embedded_s": here, "store_s": there, "ratio": there / here, "identical": same}
    result["load_average"] = os.getloadavg()
    result["cpus"] = os.cpu_count()
    return result


def summary(result: dict[str, Any]) -> str:
    parts = [f"store={result['store']} triples={result['triples']}"]
    for command in COMMANDS:
        r = result[command]
        parts.append(
            f"{command}: {r['store_s']:.1f}s/{r['embedded_s']:.1f}s={r['ratio']:.2f}x"
            + ("" if r["identical"] else " (OUTPUT DIFFERS)")
        )
    parts.append(f"load: store {result['store_load_s']:.1f}s, embedded {result['embedded_load_s']:.1f}s")
    parts.append("loadavg " + " ".join(f"{x:.1f}" for x in result["load_average"]))
    return "  ".join(parts)


def write(result: dict[str, Any], results: Path, size: str) -> Path:
    folder = results / "stores"  # apart from the pipeline's SIZE.json files, which --table reads
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{size}-{result['store']}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return path
