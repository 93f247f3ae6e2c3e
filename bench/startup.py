"""Start-up cost of the `kgtool` command, as ratios against floors measured in the same run.

    python bench/startup.py [--runs 15] [--json FILE]

Each command runs --runs times in a fresh interpreter (the installed `kgtool` script, so
what a user types); the median wall time is reported next to two floors measured the same
way, interleaved with the commands so that a busy machine slows all of them alike:

- ``python -c pass``: the interpreter alone;
- ``python -c "import pyoxigraph"``: the least any command that touches RDF can cost.

Printed: one row per command with its median seconds and its ratio to each floor, and what
``python -X importtime`` says the command imports from the RDF stack (``kgtool --help`` should
import none of it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RDF_STACK = ("rdflib", "pyoxigraph", "pyshacl", "jinja2", "owlready2", "SPARQLWrapper")


def commands(kgtool: str) -> dict[str, list[str]]:
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import pyoxigraph": [sys.executable, "-c", "import pyoxigraph"],
        "import kgtool": [sys.executable, "-c", "import kgtool"],
        "kgtool --help": [kgtool, "--help"],
        "kgtool validate --help": [kgtool, "validate", "--help"],
        "kgtool basis --article 52": [kgtool, "basis", "--article", "52"],
    }


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def rdf_imports(argv: list[str]) -> list[str]:
    """The RDF-stack packages a command imports, from the interpreter's own import log."""
    if argv[0] != sys.executable:  # the installed script: run its module the same way
        argv = [sys.executable, "-m", "kgtool", *argv[1:]]
    log = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]], capture_output=True, text=True).stderr
    found = set()
    for line in log.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        if name.split(".")[0] in RDF_STACK:
            found.add(name.split(".")[0])
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    kgtool = shutil.which("kgtool", path=str(Path(sys.executable).parent)) or shutil.which("kgtool")
    if kgtool is None:
        print("kgtool is not installed next to this interpreter; run: pip install .", file=sys.stderr)
        return 2
    cmds = commands(kgtool)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for argv_ in cmds.values():  # warm the file cache once
        once(argv_)
    for _ in range(args.runs):
        for name, argv_ in cmds.items():  # interleaved: load on the machine hits every command alike
            times[name].append(once(argv_))
    median = {name: statistics.median(values) for name, values in times.items()}
    floor, ox_floor = median["python -c pass"], median["import pyoxigraph"]
    print(f"{'command':<28} {'median s':>9} {'/python':>8} {'/pyoxigraph':>12}  RDF stack imported")
    rows = {}
    for name, argv_ in cmds.items():
        imported = rdf_imports(argv_) if name.startswith(("kgtool", "import kgtool")) else []
        rows[name] = {
            "median_s": round(median[name], 4),
            "vs_python": round(median[name] / floor, 2),
            "vs_pyoxigraph": round(median[name] / ox_floor, 2),
            "rdf_stack": imported,
        }
        print(
            f"{name:<28} {median[name]:>9.3f} {median[name] / floor:>8.2f} {median[name] / ox_floor:>12.2f}  "
            f"{', '.join(imported) or '-'}"
        )
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "commands": rows}, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
