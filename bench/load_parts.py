"""Loading a corpus the way a ``--jobs N`` validation worker does: one file per named graph.

    python bench/load_parts.py [--size 100k] [--runs 3]

``kgtool validate --jobs N`` writes each named graph of the input to its own N-Quads file
(``kgtool.validation.parallel.split``) and each worker loads its graphs file by file with
``KnowledgeGraph.add_file``, so the cost of loading one file must not grow with what the
store already holds. This splits the corpus (bench/generate.py writes it into
bench/corpus/SIZE/ if it is not there) into one unit, then times loading the ontology and
all its files into one KnowledgeGraph (best of ``--runs``), next to loading the corpus as
one TriG file: the two should take about the same time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", default="100k", help="corpus size (default 100k)")
    p.add_argument("--runs", type=int, default=3, help="runs of each, the fastest kept (default 3)")
    p.add_argument("--corpus-root", type=Path, default=BENCH / "corpus", help="where corpora are generated")
    args = p.parse_args(argv)

    from bench.run import CORPUS_FILE, ensure_corpus
    from kgtool import assets
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.parallel import split

    corpus = ensure_corpus(args.size, 1, 0, args.corpus_root) / CORPUS_FILE
    workdir = Path(tempfile.mkdtemp(prefix="kgtool-load-parts-"))
    try:
        (unit,) = split([corpus], None, workdir, jobs=1)
        files = [Path(load) for load, _, _ in unit]

        def by_parts() -> int:
            kg = KnowledgeGraph.from_files(assets.ontology_files())
            for f in files:
                kg.add_file(f, "nq")
            return len(files)

        def whole() -> int:
            KnowledgeGraph.from_files(assets.ontology_files() + [corpus])
            return 1

        for name, action in (("one file per graph", by_parts), ("one TriG file", whole)):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                count = action()
                times.append(time.perf_counter() - start)
            print(f"{args.size} {name:<20} {count:>4} files  {min(times):.3f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
