"""Which embedded store, rdflib or pyoxigraph? The measurement behind kgtool's choice.

Loads the project's graph (ontology + data) and runs every named query with both
engines: best of three for loading and for pyoxigraph's queries, one run of rdflib's
(they take seconds). Run from the repository: python bench/store_choice.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pyoxigraph as ox
import rdflib

from kgtool.rdf.project import project_files
from kgtool.sparql.named import all_queries


def best(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    files = project_files()
    queries = [q.bind({}) for q in all_queries()]

    def rdflib_load() -> rdflib.Graph:
        g = rdflib.Graph()
        for path in files:
            g.parse(path, format="turtle")
        return g

    def oxigraph_load() -> ox.Store:
        s = ox.Store()
        for path in files:
            s.load(path=str(path), format=ox.RdfFormat.TURTLE)
        return s

    g, s = rdflib_load(), oxigraph_load()
    print(f"triples {len(g)}")
    print(f"load    rdflib {best(rdflib_load):.3f}s  pyoxigraph {best(oxigraph_load):.3f}s")
    rq = best(lambda: [list(g.query(q)) for q in queries], 1)
    oq = best(lambda: [list(s.query(q)) for q in queries])
    print(f"{len(queries)} queries  rdflib {rq:.3f}s  pyoxigraph {oq:.3f}s  (pyoxigraph {rq / oq:.0f}x faster)")


if __name__ == "__main__":
    main()
