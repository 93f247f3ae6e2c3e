"""Validation of a corpus per named graph, in worker processes, with the reports merged.

A corpus holds many assessments, one named graph each (``bench/generate.py`` writes such
files; a TriG or N-Quads file keeps its graphs in kgtool). The graphs are split into
*units* that can be validated apart: two graphs belong to one unit when one states
something about a resource the other mentions (an assessment's graph and the graph of
its country's laws and actors, say); a plain Turtle file is one unit of its own, joined
the same way to the files it depends on. Units are spread over ``jobs`` worker
processes, balanced by size; each worker loads the ontology and only its units (from
per-graph N-Quads files the parent writes while reading the input once), validates them
with the fast engine (or pySHACL), and checks them against the ontology's disjointness
and functional-property axioms. The parent runs HermiT on the ontology once, and merges
the findings: each finding once, in the order of a single-process report.

The findings equal those of validating everything together when the units are really
independent. What only whole-graph validation sees: a rule that compares resources of
different units without one mentioning the other — e.g. two legal acts, in two
countries' graphs, with the same short id.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kgtool import assets
from kgtool.rdf.parse import (
    DATASET_FORMATS,
    KEPT_AS_WRITTEN,
    TypedStatement,
    check_file,
    format_for,
    precheck,
    read_quads,
)
from kgtool.rdf.project import project_files
from kgtool.unionfind import UnionFind

if TYPE_CHECKING:
    from kgtool.rdf.as_written import WrittenForms
    from kgtool.validation.model import Finding, ValidationReport

Unit = list[tuple[str, str, str | None]]  # (file to load, original file, graph name or None)


Parsed = tuple[list[TypedStatement], dict[str, str]]  # a file's typed statements and prefixes


def split(
    files: Sequence[Path],
    input_format: str | None,
    workdir: Path,
    jobs: int,
    parsed: dict[str, Parsed] | None = None,
) -> list[Unit]:
    """Read the data files once; write each named graph to its own N-Quads file in ``workdir``;
    return the units, ``jobs`` groups (or fewer) balanced by their number of statements.

    ``parsed`` receives, for each file, what ``kgtool.rdf.parse.typed_statements`` gives (its
    literals the store may rewrite, as written, and its prefixes), from the same reading: the
    workers then need not read the whole input again for its literals as written."""
    parts: list[tuple[str, str, str | None]] = []  # (load path, original path, graph)
    sizes: list[int] = []
    index: dict[tuple[str, str | None], int] = {}
    subject_unit: dict[str, int] = {}
    object_units: dict[str, set[int]] = {}
    uf: UnionFind[int] = UnionFind()  # parts that must be validated together

    def part(original: Path, graph: str | None, load: str) -> int:
        key = (str(original), graph)
        if key not in index:
            index[key] = len(parts)
            parts.append((load, str(original), graph))
            sizes.append(0)
        return index[key]

    typed: list[TypedStatement] = []

    def note(i: int, q: ox.Quad | ox.Triple) -> None:
        # called once per statement of the input, in the parent before any worker starts: each
        # term is read from the quad once (pyoxigraph makes a new object per access) and no set
        # is made for an object IRI already seen
        sizes[i] += 1
        subject, o = q.subject, q.object
        if isinstance(subject, ox.NamedNode):
            j = subject_unit.setdefault(subject.value, i)
            if j != i:
                uf.union(i, j, keep=min)
        if isinstance(o, ox.NamedNode):
            units = object_units.get(o.value)
            if units is None:
                object_units[o.value] = {i}
            else:
                units.add(i)
        elif isinstance(o, ox.Literal) and o.datatype.value not in KEPT_AS_WRITTEN:
            typed.append((subject, q.predicate, o))

    def flush(path: Path, graph: str | None, buffer: list[ox.Quad]) -> None:
        if buffer:
            with open(parts[index[(str(path), graph)]][0], "ab") as f:
                f.write(ox.serialize(buffer, format=ox.RdfFormat.N_QUADS) or b"")
            buffer.clear()

    for path in files:
        check_file(path)
        fmt = format_for(path, input_format)
        precheck(path, fmt)
        typed = []
        # read as loading reads it (its base IRI, a byte-order mark dropped), so that relative IRIs
        # resolve as in whole-graph validation and the typed statements are typed_statements' own
        reader = read_quads(path, input_format)
        if fmt in DATASET_FORMATS:
            current: str | None = None
            buffer: list[ox.Quad] = []
            i = -1
            for q in reader:
                name = q.graph_name
                graph = name.value if isinstance(name, ox.NamedNode) else None
                if graph != current or not buffer:
                    flush(path, current, buffer)
                    current = graph
                    i = part(path, graph, str(workdir / f"graph-{len(parts)}.nq"))
                note(i, q)
                buffer.append(q)
            flush(path, current, buffer)
        else:
            i = part(path, None, str(path))
            for t in reader:
                note(i, t)
        if parsed is not None:
            parsed[str(path)] = (typed, dict(getattr(reader, "prefixes", {})))
    for iri, units in object_units.items():  # a graph that mentions a resource another graph states
        owner = subject_unit.get(iri)
        if owner is not None:
            for u in units:
                uf.union(owner, u, keep=min)
    groups: dict[int, list[int]] = {}
    for i in range(len(parts)):
        groups.setdefault(uf.find(i), []).append(i)
    bins: list[tuple[int, Unit]] = [(0, []) for _ in range(max(1, jobs))]
    for members in sorted(groups.values(), key=lambda m: (-sum(sizes[i] for i in m), m[0])):
        size, unit = min(bins, key=lambda b: b[0])
        bins[bins.index((size, unit))] = (size + sum(sizes[i] for i in members), unit + [parts[i] for i in members])
    return [unit for size, unit in bins if unit]


def _worker(
    unit: Unit,
    input_format: str | None,
    lang: str,
    engine: str,
    reasoner: bool,
    shapes: Sequence[Path] = (),
    only_shapes: bool = False,
    forms: WrittenForms | None = None,
) -> dict[str, object]:
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.checks import shapes_graph, validate_graph
    from kgtool.validation.entities import Locator

    kg = KnowledgeGraph.from_files(assets.ontology_files())
    for load, original, graph in unit:
        before = set(kg.sources)
        if graph is None and load == original:
            kg.add_file(Path(original), input_format)
        else:
            kg.add_file(Path(load), "nq")
        for name in set(kg.sources) - before:  # findings name the input file, not the temporary one
            kg.sources[name] = Path(original)
    # each worker's input file is the whole corpus: the parent finds the lines, reading it once
    locator = Locator(kg, read=False)
    report = validate_graph(
        kg,
        reasoner=False,
        lang=lang,
        shapes=shapes_graph(shapes, only_shapes),
        engine=engine,
        threads=1,
        input_format=input_format,
        forms=forms,
        locator=locator,
    )
    clashes = []
    if reasoner:
        from kgtool.validation.checks import clash_findings
        from kgtool.validation.reasoner import instance_clashes

        clashes = [f.as_dict() for f in clash_findings(instance_clashes(kg), kg, lang)]
    return {
        "findings": [f.as_dict() for f in report.findings],
        "engine": report.engine,
        "note": report.engine_note,
        "engines": [s.as_dict() for s in report.shape_engines],
        "clashes": clashes,
        "locate": {str(path): sorted(iris) for path, iris in locator.pending.items()},
    }


def validate_parallel(
    files: Sequence[Path] | None,
    input_format: str | None = None,
    reasoner: bool = True,
    lang: str = "en",
    engine: str = "fast",
    jobs: int = 2,
    reasoner_mode: str = "tbox",
    shapes: Sequence[Path] = (),
    only_shapes: bool = False,
) -> ValidationReport:
    """Validate the files (the project's data when None) unit by unit in ``jobs`` processes, with the
    project's shapes and the user's ``shapes`` files (those alone when ``only_shapes``)."""
    from kgtool.validation.checks import named_shapes, shapes_graph
    from kgtool.validation.model import Finding, ShapeEngine, ValidationReport, sort_key

    data = [Path(p) for p in files] if files else project_files(include_ontology=False)
    workdir = Path(tempfile.mkdtemp(prefix="kgtool-parallel-"))
    try:
        parsed: dict[str, Parsed] = {}
        units = split(data, input_format, workdir, jobs, parsed)
        # fork where there is one: the parent holds no store yet, and a spawned worker would re-run
        # the caller's main module (a script without an `if __name__ == "__main__"` guard breaks)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(min(jobs, len(units)) or 1) as pool:
            outcomes = pool.starmap(
                _worker,
                [
                    (
                        u,
                        input_format,
                        lang,
                        engine,
                        reasoner and reasoner_mode == "tbox",
                        shapes,
                        only_shapes,
                        _unit_forms(u, parsed),
                    )
                    for u in units
                ],
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # a finding about what every unit holds (the ontology's own resources) comes from each worker:
    # keep it as often as one worker gives it
    merged: Counter[Finding] = Counter()
    for outcome in outcomes:
        counts = Counter(Finding(**f) for f in outcome["findings"])  # type: ignore[attr-defined]
        for finding, n in counts.items():
            merged[finding] = max(merged[finding], n)
    report = ValidationReport(
        files=[assets.display_path(p) for p in assets.ontology_files() + data],
        shapes=named_shapes(shapes_graph(shapes, only_shapes)),
        engine="/".join(sorted({str(o["engine"]) for o in outcomes})) or engine,
        engine_note="; ".join(sorted({str(o["note"]) for o in outcomes if o["note"]})),
        # every unit judges the same shapes: each shape's record once
        shape_engines=sorted(
            {ShapeEngine(**s) for o in outcomes for s in o["engines"]},  # type: ignore[attr-defined]
            key=lambda s: (s.shape, s.engine, s.reason),
        ),
    )
    report.findings = _with_lines(list(merged.elements()), outcomes)
    if reasoner and reasoner_mode != "none":
        report.findings += _owl(outcomes, lang, reasoner_mode, report)
    report.findings.sort(key=sort_key)
    return report


def _with_lines(found: list[Finding], outcomes: list[dict[str, object]]) -> list[Finding]:
    """The workers' findings with the line (and workbook row) of each entity, each file read once."""
    import dataclasses

    from kgtool.validation.entities import lines_of

    pending: dict[Path, set[str]] = {}
    for outcome in outcomes:
        for path, iris in outcome["locate"].items():  # type: ignore[attr-defined]
            pending.setdefault(Path(path), set()).update(iris)
    lines = lines_of(pending)
    out = []
    for f in found:
        where = lines.get((f.file, f.focus)) if f.file is not None and f.line is None else None
        out.append(f if where is None else dataclasses.replace(f, line=where[0], origin=where[1]))
    return out


def _unit_forms(unit: Unit, parsed: dict[str, Parsed]) -> WrittenForms:
    """The literals as written that a worker's validation needs, from the parent's one reading: the
    ontology's, then those of each input file of the unit, in the order the worker loads them
    (the order ``kgtool.validation.checks.loaded_files`` gives in the worker)."""
    from kgtool.rdf.as_written import forms_of
    from kgtool.rdf.parse import typed_statements

    ontology = [typed_statements(p) for p in assets.ontology_files() if p.exists()]
    originals = dict.fromkeys(original for _, original, _ in unit)
    return forms_of(ontology + [parsed[o] for o in originals if Path(o).exists()])


def _owl(outcomes: list[dict[str, object]], lang: str, mode: str, report: ValidationReport) -> list[Finding]:
    """HermiT on the ontology once (``full`` would need all the data in one place: refused), and the
    workers' instance clashes."""
    from kgtool.errors import UsageError
    from kgtool.i18n.problems import worded
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.checks import owl_findings

    if mode == "full":
        raise worded(UsageError, "validate#full-reasoner-parallel", "validate.full_reasoner_parallel")
    from kgtool.validation.model import Finding

    kg = KnowledgeGraph.from_files(assets.ontology_files())
    found = owl_findings(kg, lang, mode, report)
    clashes: Counter[Finding] = Counter()
    for outcome in outcomes:
        for finding, n in Counter(Finding(**c) for c in outcome["clashes"]).items():  # type: ignore[attr-defined]
            clashes[finding] = max(clashes[finding], n)
    if clashes:
        report.consistent = False
    return found + list(clashes.elements())


__all__ = ["split", "validate_parallel"]
