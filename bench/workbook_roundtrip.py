"""How long export -> import takes, and whether every statement survives it.

    python bench/workbook_roundtrip.py                     # the Kyrgyz study (data/*.ttl)
    python bench/workbook_roundtrip.py --corpus DIR [--form xlsx|csv] [--assessments N]
    python bench/workbook_roundtrip.py --corpus DIR --all [--form xlsx|csv]

For the study: exports the project's data, imports it, and compares the Turtle with
data/*.ttl but the catalogue records of data/bibliography.ttl, which no workbook holds
(rdflib.compare.isomorphic). For a corpus of bench/generate.py: loads
DIR/merged.nt once, then exports the first N assessments one workbook each (a workbook
holds one assessment) and compares each import with the union of that assessment's named
graph and its country's graph in DIR/corpus.nq (what belongs to it), with decimals in the
canonical form the store keeps (the generator writes 0.30; the store and kgtool build, 0.3). With
--all: the whole corpus the way `kgtool export --all -o DIR` and `kgtool import DIR -o OUT` do it
(one query for every assessment, one workbook each; one subfolder of Turtle each), then every
assessment's import compared, as sets of N-Triples lines (the generator writes no blank nodes),
with its named graph plus its country's graph. Prints the seconds of each step (wall clock, and the
process's CPU time, which a busy shared machine inflates less), statements per second and the
peak resident memory, so runs on different machines compare as ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from kgtool.rdf.project import build_graph
from kgtool.rdf.store import to_rdflib
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.workbook.api import import_book, import_books, write_all_exports, write_export

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/kgtool/id/"
# kgtool's catalogue records of the study and the dataset: no assessment's data, so an
# assessment's workbook leaves them out (queries/workbook/statements.rq); tests/test_workbook.py
# compares the round trip with the same files
NOT_EXPORTED = ("bibliography.ttl",)


def as_stored(node: rdflib.term.Node) -> rdflib.term.Node:
    """A literal in the form the store gives it back (and kgtool build writes it): decimals in
    canonical form with a point (0.30 -> 0.3, 1 -> 1.0); every other term as it is."""
    if isinstance(node, rdflib.Literal) and node.datatype == rdflib.XSD.decimal:
        text = format(Decimal(str(node)).normalize(), "f")
        return rdflib.Literal(text if "." in text else text + ".0", datatype=rdflib.XSD.decimal, normalize=False)
    return node


def turtle(folder: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def round_trip(backend: EmbeddedBackend, out: Path, form: str, assessment: str | None) -> tuple[float, float, Path]:
    target = out / ("book.xlsx" if form == "xlsx" else "book")
    t0, c0 = time.perf_counter(), time.process_time()
    write_export(backend, target, assessment)
    t1, c1 = time.perf_counter(), time.process_time()
    import_book(target, out / "ttl")
    t2, c2 = time.perf_counter(), time.process_time()
    print(f"  CPU: export {c1 - c0:.2f}s, import {c2 - c1:.2f}s", flush=True)
    return t1 - t0, t2 - t1, out / "ttl"


def stored_nt(quad: ox.Quad | ox.Triple) -> str:
    """One statement as an N-Triples line, its decimal literal in the store's canonical form."""
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == str(rdflib.XSD.decimal):
        text = format(Decimal(o.value).normalize(), "f")
        o = ox.Literal(text if "." in text else text + ".0", datatype=o.datatype)
    return f"{quad.subject} {quad.predicate} {o} ."


def whole_corpus(corpus: Path, form: str) -> bool:
    """Export every assessment in one pass, import the folder, compare each with its graphs."""
    t0 = time.perf_counter()
    backend = EmbeddedBackend(build_graph([corpus / "merged.nt"], include_ontology=False))
    n = len(backend.kg)
    load_s = time.perf_counter() - t0
    print(f"corpus {corpus}: {n:,} statements loaded in {load_s:.1f}s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        books, ttl = Path(tmp) / "books", Path(tmp) / "ttl"
        t1, c1 = time.perf_counter(), time.process_time()
        written = write_all_exports(backend, books, form)
        t2, c2 = time.perf_counter(), time.process_time()
        print(
            f"  export --all: {len(written)} {form} books, {sum(r for _, r in written):,} rows in {t2 - t1:.1f}s"
            f" (CPU {c2 - c1:.1f}s)",
            flush=True,
        )
        del backend
        import_books([books], ttl)
        t3, c3 = time.perf_counter(), time.process_time()
        print(f"  import of the folder: {t3 - t2:.1f}s (CPU {c3 - c2:.1f}s)", flush=True)
        manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
        country_of = {g["graph"]: ID + g["country"] for g in manifest["graphs"] if g["year"] is not None}
        expected: dict[str, set[str]] = {}
        with open(corpus / "corpus.nq", "rb") as fh:
            for quad in ox.parse(fh, format=ox.RdfFormat.N_QUADS):
                expected.setdefault(quad.graph_name.value, set()).add(stored_nt(quad))  # type: ignore[union-attr]
        same, checked = True, 0
        for assessment, country in sorted(country_of.items()):
            folder = ttl / assessment.removeprefix(ID).replace("/", "-")
            got: set[str] = set()
            for path in sorted(folder.glob("*.ttl")):
                with open(path, "rb") as fh:
                    got.update(stored_nt(t) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE))
            want = expected[assessment] | expected[country]
            checked += len(want)
            if got != want:
                same = False
                print(f"  {assessment}: {len(want - got)} missing, {len(got - want)} extra", flush=True)
        t4 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    trip = t3 - t1
    print(f"  round trip (export --all + import) {trip:.1f}s, {n / trip:,.0f} statements/s; peak memory {peak:,.0f} MB")
    print(f"  compared {checked:,} statements of {len(country_of)} assessments in {t4 - t3:.1f}s; all equal: {same}")
    return same


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, help="a folder written by bench/generate.py")
    p.add_argument("--form", choices=["xlsx", "csv"], default="xlsx")
    p.add_argument("--assessments", type=int, default=1, help="how many of the corpus's assessments")
    p.add_argument("--all", action="store_true", help="the whole corpus: export --all, import the folder")
    args = p.parse_args(argv)
    ok = True
    if args.corpus is not None and args.all:
        return 0 if whole_corpus(args.corpus, args.form) else 1
    if args.corpus is None:
        t0 = time.perf_counter()
        backend = EmbeddedBackend(build_graph(include_ontology=False))
        load = time.perf_counter() - t0
        expected = rdflib.Graph()
        for path in sorted((REPO / "data").glob("*.ttl")):
            if path.name not in NOT_EXPORTED:
                expected.parse(path, format="turtle")
        with tempfile.TemporaryDirectory() as tmp:
            export_s, import_s, ttl = round_trip(backend, Path(tmp), args.form, None)
            same = isomorphic(expected, turtle(ttl))
        n = len(expected)
        print(f"study ({args.form}): {n} statements; load {load:.2f}s, export {export_s:.2f}s, import {import_s:.2f}s")
        print(
            f"  round trip {n / (export_s + import_s):,.0f} statements/s; isomorphic to data/*.ttl (but bibliography.ttl): {same}"
        )
        return 0 if same else 1
    t0 = time.perf_counter()
    backend = EmbeddedBackend(build_graph([args.corpus / "merged.nt"], include_ontology=False))
    print(f"corpus {args.corpus}: {len(backend.kg)} statements loaded in {time.perf_counter() - t0:.1f}s")
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    chosen = [g for g in manifest["graphs"] if g["year"] is not None][: args.assessments]
    wanted = {g["graph"] for g in chosen} | {ID + g["country"] for g in chosen}
    graphs: dict[str, rdflib.Graph] = {name: rdflib.Graph() for name in wanted}
    with open(args.corpus / "corpus.nq", "rb") as fh:  # streamed: only the chosen graphs are kept
        for quad in ox.parse(fh, format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in wanted:
                triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), as_stored(to_rdflib(quad.object)))
                graphs[quad.graph_name.value].add(triple)  # type: ignore[arg-type]
    for entry in chosen:
        assessment = entry["graph"]
        expected = graphs[assessment] + graphs[ID + entry["country"]]
        with tempfile.TemporaryDirectory() as tmp:
            export_s, import_s, ttl = round_trip(backend, Path(tmp), args.form, assessment)
            same = isomorphic(expected, turtle(ttl))
        ok = ok and same
        print(
            f"  {assessment}: {len(expected)} statements; export {export_s:.2f}s, import {import_s:.2f}s; "
            f"isomorphic to its graphs: {same}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
