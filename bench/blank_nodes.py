"""How `kgtool build` grows with blank nodes: time per blank node at 1k and 10k, and the ratio.

Shapes hostile to canonicalisers: `[ … ]` objects, one long RDF list of equal members (the
case that makes RDFC-1.0 exponential), distinct-member lists, and groups that are not trees
and whose nodes all look alike: a ring, a ladder (two rails and their rungs) and a complete
bipartite tangle (every node of one half linked to every node of the other; RDFC-1.0 took
over ten minutes at 16 nodes). Linear growth gives a ratio near 1 for time per blank node;
the issue's target is 10,000 blank nodes in seconds. Wall time is shown with the CPU time of
the build (user + system), which a busy machine does not inflate.

    python bench/blank_nodes.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from math import isqrt
from pathlib import Path

SHAPES = {
    "objects": lambda n: "".join(f"ex:s ex:p [ ex:q {i % 7} ; ex:r [ ex:q 1 ] ] .\n" for i in range(n // 2)),
    "equal-list": lambda n: "ex:s ex:list (" + " ex:x" * n + " ) .\n",
    "distinct-list": lambda n: "ex:s ex:list (" + "".join(f" {i}" for i in range(n)) + " ) .\n",
    "ring": lambda n: "".join(f"_:b{i} ex:next _:b{(i + 1) % n} .\n" for i in range(n)),
    "ladder": lambda n: "".join(
        f"_:a{i} ex:next _:a{i + 1} .\n_:b{i} ex:next _:b{i + 1} .\n_:a{i} ex:rung _:b{i} .\n" for i in range(n // 2)
    ),
    # here n counts statements, among 2 * sqrt(n) blank nodes
    "bipartite": lambda n: "".join(f"_:l{i} ex:p _:m{j} .\n" for i in range(isqrt(n)) for j in range(isqrt(n))),
}


def build_seconds(text: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one `kgtool build` of ``text``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blank.ttl"
        path.write_text("@prefix ex: <http://example.org/> .\n" + text, encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kgtool", "build", str(path), "-o", str(Path(folder) / "out.ttl")],
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    small, large = parser.parse_args().sizes
    _, base = build_seconds("ex:s ex:p ex:o .\n")  # start-up and the ontology, paid by every build
    print(f"empty build: {base:.2f} s of CPU")
    for name, make in SHAPES.items():
        per = {}
        for n in (small, large):
            wall, cpu = build_seconds(make(n))
            per[n] = max(cpu - base, 1e-9) / n
            print(
                f"{name:14} {n:>7} blank nodes: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                f"{per[n] * 1e6:8.1f} µs of CPU per blank node"
            )
        print(f"{name:14} growth of time per blank node {small} -> {large}: {per[large] / per[small]:.2f}x")


if __name__ == "__main__":
    main()
