"""Which engine for kgtool search? The measurement behind the choice (docs/search.md).

For the project's data and for a generated corpus (bench/generate.py; 100k statements is
enough), measures: reading the texts from the store with queries/search/texts.rq; then, for
three engines, building the index and answering three queries (best of five):

* ``python``: kgtool's own inverted index of stems (kgtool.search.index), prefix matches by
  bisection of the sorted stems;
* ``fts5``: SQLite's FTS5 from the standard library over the same stems (one row per text,
  the stems as its words; a query word is ``"stem"*``; bm25 ranking);
* ``sparql``: no index, the store's own text matching (queries/search/texts-containing.rq:
  CONTAINS on lower-cased text), which cannot match word forms.

    python bench/search_engines.py [--corpus DIR/merged.nt]
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from pathlib import Path

from store_choice import best  # bench/ is the script's folder, so its siblings import by name

from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph
from kgtool.search.index import SearchIndex, entries_from_rows, primary
from kgtool.search.texts import text_rows
from kgtool.search.words import stem, words
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.sparql.named import named

QUERIES = (("бюджет", "ru"), ("budget", "en"), ("бюджеттин", "ky"))


def fts5_build(rows: list[dict[str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(resource UNINDEXED, lang UNINDEXED, stems)")
    db.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        (
            (r["resource"], primary(r["lang"]), " ".join(stem(w, primary(r["lang"])) for _, _, w in words(r["value"])))
            for r in rows
        ),
    )
    return db


def fts5_query(db: sqlite3.Connection, text: str, lang: str) -> list[str]:
    match = " AND ".join(f'"{stem(w, lang)}"*' for _, _, w in words(text))
    scores: dict[str, float] = {}
    for resource, text_lang, score in db.execute("SELECT resource, lang, bm25(t) FROM t WHERE t MATCH ?", (match,)):
        if text_lang == lang:
            scores[resource] = min(score, scores.get(resource, 0.0))
    return sorted(scores, key=lambda r: (scores[r], r))


def measure(title: str, kg: KnowledgeGraph) -> None:
    backend = EmbeddedBackend(kg)
    print(f"## {title}: {len(kg)} statements")
    rows: list[dict[str, str]] = []

    def fetch() -> None:
        rows[:] = text_rows(backend)

    print(f"read the texts (queries/search/texts.rq): {best(fetch, 3):.3f}s, {len(rows)} texts")
    index_holder: list[SearchIndex] = []
    db_holder: list[sqlite3.Connection] = []

    def cold(action: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            stem.cache_clear()
            return action()

        return run

    python_build = best(cold(lambda: index_holder.append(SearchIndex(entries_from_rows(rows)))), 3)
    fts_build = best(cold(lambda: db_holder.append(fts5_build(rows))), 3)
    index, db = index_holder[0], db_holder[0]
    print(f"build (stemming every word, cold): python {python_build:.3f}s  fts5 {fts_build:.3f}s  sparql -")
    for text, lang in QUERIES:
        py = best(lambda text=text, lang=lang: index.search(text, lang, lang, limit=20), 5)
        py_hits = len(index.search(text, lang, lang, limit=20))
        fts = best(lambda text=text, lang=lang: fts5_query(db, text, lang), 5)
        fts_hits = len(fts5_query(db, text, lang))
        needle = text.lower()
        query = named("texts-containing").bind({"needle": needle})
        sp = best(lambda query=query: backend.select(query), 5)
        sp_hits = len({r["resource"]["value"] for r in backend.select(query).rows})
        print(
            f"query {text!r} ({lang}): python {py * 1000:.1f} ms ({py_hits} hits, the best 20 with passages)  "
            f"fts5 {fts * 1000:.1f} ms ({fts_hits})  sparql {sp * 1000:.1f} ms ({sp_hits}, no word forms, all languages)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="the merged.nt of a generated corpus")
    args = parser.parse_args()
    measure("the project's data", build_graph(None))
    if args.corpus:
        from kgtool.assets import ontology_files

        kg = KnowledgeGraph.from_files([*ontology_files(), args.corpus])
        measure(f"generated corpus {args.corpus}", kg)


if __name__ == "__main__":
    main()
