"""Each query the fast SHACL engine sends, with its CPU seconds, at one corpus size.

    python bench/shacl_queries.py --size 1M --top 25
    python bench/shacl_queries.py --size 1M --results before.json   # the results, to compare runs

The corpus is loaded as ``bench/run.py`` loads it (the ontology and corpus.trig), the engine
runs in one thread so each query's CPU time is its own, and the queries are listed costliest
first with their rows. The last line gives the engine's CPU seconds and the number of queries.
``--results`` writes every validation result as one sorted JSON line each (the shapes' blank
nodes named by their statements, which differ between runs), so two versions of the engine can
be compared result for result.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shorter(sparql: str) -> str:
    """A query on one line, without its prologue and with the project's namespaces abbreviated."""
    text = " ".join(re.sub(r"PREFIX \w*: <[^>]*>", "", sparql).split())
    for prefix, namespace in (
        ("kgo:", "https://w3id.org/kgtool/ontology#"),
        ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd:", "http://www.w3.org/2001/XMLSchema#"),
    ):
        text = re.sub(f"<{re.escape(namespace)}([^>]*)>", prefix + r"\1", text)
    return text


def main() -> None:
    import pyoxigraph as ox
    import rdflib
    from rdflib.namespace import SH

    from kgtool import assets
    from kgtool.rdf.as_written import written_forms
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.shacl.engine import Compiler, Result
    from kgtool.validation.checks import deactivate, loaded_files, shapes_graph, shapes_seeing

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="1M", help="a corpus under --corpus-root (default: 1M)")
    p.add_argument("--corpus-root", type=Path, default=ROOT / "bench" / "corpus")
    p.add_argument("--top", type=int, default=25, help="queries to list (default: 25)")
    p.add_argument("--results", type=Path, help="write the results here, one sorted JSON line each")
    args = p.parse_args()

    kg = KnowledgeGraph.from_files(assets.ontology_files() + [args.corpus_root / args.size / "corpus.trig"])
    shapes = shapes_graph()
    forms = written_forms(loaded_files(kg, None))
    seeing = shapes_seeing(shapes, forms) if forms else set()
    fast = deactivate(shapes, seeing) if seeing else shapes
    sent: list[tuple[float, int, str]] = []

    class Rows(list):  # type: ignore[type-arg]
        variables: object = None

    def timed(sparql: str) -> Rows:
        start = time.thread_time()
        solutions: ox.QuerySolutions = kg.query(sparql)  # type: ignore[assignment]
        rows = Rows(solutions)
        rows.variables = solutions.variables
        del solutions
        sent.append((time.thread_time() - start, len(rows), sparql))
        return rows

    start = time.process_time()
    results: list[Result] = Compiler(fast, timed, threads=1).run()
    cpu = time.process_time() - start
    for seconds, rows, sparql in sorted(sent, key=lambda x: -x[0])[: args.top]:
        print(f"{seconds:7.3f}s {rows:6d} rows  {shorter(sparql)[:160]}")
    print(f"engine: {cpu:.2f} CPU s, {len(sent)} queries ({sum(s for s, _, _ in sent):.2f} s), {len(results)} results")

    if args.results:

        def named(x: object) -> str | None:
            if isinstance(x, rdflib.BNode):
                told = sorted(
                    (str(p), str(o)) for p, o in shapes.predicate_objects(x) if not isinstance(o, rdflib.BNode)
                )
                return f"{told} of {shapes.value(None, SH.property, x)}"
            return None if x is None else str(x)

        lines = sorted(
            json.dumps(
                [named(r.focus), named(r.path), named(r.value), named(r.source_shape), r.component, r.severity]
                + [sorted(map(str, r.messages))]
            )
            for r in results
        )
        args.results.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    main()
