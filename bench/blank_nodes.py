"""How `kgtool build` grows with blank nodes: time per blank node at 1k and 10k, and the ratio.

Three shapes hostile to canonicalisers: `[ … ]` objects, one long RDF list of equal members (the
case that makes RDFC-1.0 exponential), and distinct-member lists. Linear growth gives a ratio
near 1 for time per blank node; the issue's target is 10,000 blank nodes in seconds.

    python bench/blank_nodes.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = {
    "objects": lambda n: "".join(f"ex:s ex:p [ ex:q {i % 7} ; ex:r [ ex:q 1 ] ] .\n" for i in range(n // 2)),
    "equal-list": lambda n: "ex:s ex:list (" + " ex:x" * n + " ) .\n",
    "distinct-list": lambda n: "ex:s ex:list (" + "".join(f" {i}" for i in range(n)) + " ) .\n",
}


def build_seconds(text: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blank.ttl"
        path.write_text("@prefix ex: <http://example.org/> .\n" + text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kgtool", "build", str(path), "-o", str(Path(folder) / "out.ttl")],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    small, large = parser.parse_args().sizes
    base = build_seconds("ex:s ex:p ex:o .\n")  # start-up and the ontology, paid by every build
    print(f"empty build: {base:.2f} s")
    for name, make in SHAPES.items():
        per = {}
        for n in (small, large):
            seconds = build_seconds(make(n))
            per[n] = max(seconds - base, 1e-9) / n
            print(f"{name:14} {n:>7} blank nodes: {seconds:6.2f} s, {per[n] * 1e6:8.1f} µs per blank node")
        print(f"{name:14} growth of time per blank node {small} -> {large}: {per[large] / per[small]:.2f}x")


if __name__ == "__main__":
    main()
