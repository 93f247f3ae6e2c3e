"""The bad-input table: every file of the test corpora through every command that reads RDF input.

Each run is its own `kgtool` process with 2 GiB of address space and 90 s, as in
tests/test_hostile_input.py, whose corpus this reads (tests/fixtures/hostile/, the files made
at run time: literals over 16 MiB, unreadable files) together with the unreadable files of
tests/fixtures/bad-input/ and four special paths (a FIFO, /dev/zero, a missing file, a folder).
A cell is the exit code, the error ID and the place named (file:line, or the file alone);
`!` marks a run that differs from what the tests expect (another exit code or ID, or the
expected line not named), `TB` a traceback. The last lines give the slowest run and the
largest memory peak. `load` runs against a real Oxigraph server started here.

    python bench/bad_input_table.py [-o table.md] [--commands build validate …] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import oxigraph_server  # noqa: E402
from test_bad_input import CORPUS as BAD_INPUT  # noqa: E402
from test_bad_input import UNREADABLE as BAD_INPUT_UNREADABLE  # noqa: E402
from test_hostile_input import (  # noqa: E402
    EXPECTED,
    GENERATED,
    HOSTILE,
    MEMORY,
    SECONDS,
    UNREADABLE,
    as_unprivileged,
    make_generated,
)

COMMANDS = [
    "build",
    "validate",
    "indices",
    "gaps",
    "basis",
    "query",
    "search",
    "cite",
    "diff",
    "report",
    "publish",
    "export",
    "serve",
    "load",
]
ERROR = re.compile(r"^ERROR \[([^\]]+)\] (.+?)(?::(\d+))?(?::\d+)?: ", re.MULTILINE)


def arguments(verb: str, path: Path, out: Path, endpoint: str) -> list[str]:
    """The command line that makes ``verb`` read ``path`` as its data."""
    f = str(path)
    return {
        "build": ["build", f, "--format", "nt", "-o", str(out / "out.nt")],
        "validate": ["validate", f, "--no-reasoner"],
        "indices": ["indices", "--data", f],
        "gaps": ["gaps", "--data", f],
        "basis": ["basis", "--ranking", "--data", f],
        "query": ["query", "pair-index", "--data", f],
        "search": ["search", "election", "--data", f],
        "cite": ["cite", "constitution", "--data", f],
        "diff": ["diff", f, f],
        "report": ["report", "--data", f, "-o", str(out / "report.html")],
        "publish": ["publish", "--data", f, str(out / "site")],
        "export": ["export", "-o", str(out / "out.xlsx"), f],
        "serve": ["serve", "--data", f, "--port", "0", "--quiet"],
        "load": ["load", "--endpoint", endpoint, "--state", str(out / "load.state"), "-q", f],
    }[verb]


@dataclass
class Run:
    code: int | None
    error_id: str | None
    place: str | None  # file name, with :line when one was named
    line: int | None
    traceback: bool
    seconds: float
    peak_kib: int


def limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(args: list[str], prefix: list[str]) -> Run:
    """One kgtool process; its memory peak from /usr/bin/time (per process, whatever runs beside it)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        started = time.monotonic()
        try:
            done = subprocess.run(
                ["/usr/bin/time", "-q", "-f", "%M", "-o", timing.name, *prefix, sys.executable, "-m", "kgtool", *args],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=SECONDS,
                preexec_fn=limits,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Run(None, None, None, None, False, time.monotonic() - started, 0)
        seconds = time.monotonic() - started
        peak = int((timing.read().strip().splitlines() or ["0"])[-1] or 0)
    found = ERROR.search(done.stderr)
    return Run(
        done.returncode,
        found.group(1) if found else None,
        (Path(found.group(2)).name + (f":{found.group(3)}" if found.group(3) else "")) if found else None,
        int(found.group(3)) if found and found.group(3) else None,
        "Traceback" in done.stdout + done.stderr,
        seconds,
        peak,
    )


def cases(folder: Path) -> dict[str, tuple[Path, str, int | None, list[str]]]:
    """name -> (path, expected error ID, expected line or None, command prefix)."""
    out: dict[str, tuple[Path, str, int | None, list[str]]] = {}
    for name, (error_id, line) in EXPECTED.items():
        out[name] = (HOSTILE / name, error_id, line, [])
    for name, error_id, line in BAD_INPUT_UNREADABLE:
        out[f"bad-input/{name}"] = (BAD_INPUT / name, error_id, line, [])
    generated = make_generated(folder)
    for name, (error_id, line) in GENERATED.items():
        out[name] = (generated[name], error_id, line, [])
    for name in UNREADABLE:
        out[name] = (generated[name], "load#permission-denied", None, as_unprivileged())
    fifo = folder / "fifo.ttl"
    os.mkfifo(fifo)
    out["fifo.ttl"] = (fifo, "load#not-a-regular-file", None, [])
    zero = folder / "dev-zero.ttl"
    zero.symlink_to("/dev/zero")
    out["dev-zero.ttl (→ /dev/zero)"] = (zero, "load#not-a-regular-file", None, [])
    out["missing.ttl"] = (folder / "missing.ttl", "load#missing-file", None, [])
    (folder / "folder.ttl").mkdir()
    out["folder.ttl (a folder)"] = (folder / "folder.ttl", "load#not-a-file", None, [])
    return out


# where a command reads a path its own way, and says so with its own ID: (command, expected ID) -> its ID
OWN_IDS = {
    ("diff", "load#missing-file"): "diff#missing-input",  # OLD/NEW may name a folder or an assessment
    ("diff", "load#not-a-file"): "diff#missing-input",  # a folder holding no RDF file
}


def cell(result: Run, verb: str, error_id: str, line: int | None) -> str:
    error_id = OWN_IDS.get((verb, error_id), error_id)
    if result.code is None:
        return f"! timeout ({SECONDS} s)"
    wrong = result.code != 2 or result.error_id != error_id or (line is not None and result.line != line)
    text = f"{result.code} `{result.error_id}` {result.place}" if result.error_id else f"{result.code} (no error line)"
    return ("! " if wrong else "") + text + (" TB" if result.traceback else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="write the Markdown table here (default: standard output)")
    parser.add_argument("--commands", nargs="+", default=COMMANDS, choices=COMMANDS)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, oxigraph_server() as base:
        folder = Path(tmp)
        folder.chmod(0o755)
        corpus = cases(folder)
        results: dict[tuple[str, str], Run] = {}
        lock = threading.Lock()
        counter = iter(range(10**9))

        def one(name: str, verb: str) -> None:
            path, _, _, prefix = corpus[name]
            out = folder / f"out-{next(counter)}"
            out.mkdir()
            out.chmod(0o777)  # a run without root's capabilities must still write there
            result = run(arguments(verb, path, out, base + "/query"), prefix)
            with lock:
                results[(name, verb)] = result

        with ThreadPoolExecutor(options.jobs) as pool:
            list(pool.map(lambda nv: one(*nv), [(n, v) for n in corpus for v in options.commands]))
    lines = [
        "| input | expected | " + " | ".join(options.commands) + " |",
        "|---|---|" + "---|" * len(options.commands),
    ]
    for name, (_, error_id, line, _) in corpus.items():
        expected = f"`{error_id}`" + (f" :{line}" if line is not None else "")
        cells = [cell(results[(name, v)], v, error_id, line) for v in options.commands]
        lines.append(f"| {name} | {expected} | " + " | ".join(cells) + " |")
    every = list(results.values())
    differ = sum(1 for (n, v), r in results.items() if cell(r, v, *corpus[n][1:3]).startswith("!"))
    slowest = max(every, key=lambda r: r.seconds)
    largest = max(every, key=lambda r: r.peak_kib)
    lines += [
        "",
        f"{len(corpus)} inputs x {len(options.commands)} commands = {len(every)} runs; "
        f"{sum(r.code == 2 for r in every)} exit 2, {differ} differ from the tests' expectations (!), "
        f"{sum(r.traceback for r in every)} tracebacks, {sum(r.code is None for r in every)} time-outs. "
        f"Slowest run {slowest.seconds:.1f} s; largest memory peak {largest.peak_kib / 1024:.0f} MiB "
        f"(each run limited to {MEMORY >> 30} GiB of address space and {SECONDS} s).",
    ]
    text = "\n".join(lines) + "\n"
    if options.output:
        options.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
