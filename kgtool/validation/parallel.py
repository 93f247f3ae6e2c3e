"""Validation of a corpus per named graph, in worker processes, with the reports merged.

A corpus holds many assessments, one named graph each (``bench/generate.py`` writes such
files; a TriG or N-Quads file keeps its graphs in kgtool). The graphs are split into
*units* that can be validated apart: two graphs belong to one unit when one states
something about a resource the other mentions (an assessment's graph and the graph of
its country's laws and actors, say); a plain Turtle file is one unit of its own, joined
the same way to the files it depends on. The ``jobs`` worker processes start first; the
parent reads the input once, writes each run of a graph's statements to an N-Quads file and
hands it at once to a worker, which loads it while the parent reads on (the graphs known
so far to belong together go to one worker, the others to the least loaded). Once all is
read the units are final: each goes to the worker that holds most of it, and a worker
drops what it holds of another's unit. Each worker then validates its units with the fast
engine (or pySHACL) and checks them against the ontology's disjointness and
functional-property axioms. The parent runs HermiT on the ontology once (again with the
data's own schema statements, which the workers send, when the data states any), and merges the
findings: each finding once, in the order of a single-process report, with the file:line
of each found in one reading of the input: of a file read in byte ranges, each worker reads
its own ranges for every worker's findings and the parent joins what they found
(``kgtool.validation.entities.merge_range_lines``); any other file the parent reads itself.

The findings equal those of validating everything together when the units are really
independent. What only whole-graph validation sees: a rule that compares resources of
different units without one mentioning the other — e.g. two legal acts, in two
countries' graphs, with the same short id.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kgtool import assets
from kgtool.rdf.parse import (
    DATASET_FORMATS,
    KEPT_AS_WRITTEN,
    TypedStatement,
    check_file,
    check_readable,
    format_for,
    no_statements,
    precheck,
    read_quads,
    refuse_triple_terms,
)
from kgtool.rdf.project import project_files
from kgtool.rdf.store import OxTerm
from kgtool.stopping import sigterm_deferred
from kgtool.unionfind import UnionFind
from kgtool.validation.entities import RangeLines, lines_in_range, merge_range_lines
from kgtool.validation.ranges import Range, RangeRead, load_range, plan, unpack, walk_range
from kgtool.validation.reasoner import Beside

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from multiprocessing.queues import Queue

    import rdflib

    from kgtool.errors import KgtoolError
    from kgtool.rdf.as_written import WrittenForms
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.model import Finding, ValidationReport

    # HermiT's findings on the ontology, and a report holding its verdict
    OntologyFindings = tuple[list[Finding], ValidationReport]

Unit = list[tuple[str, str, str | None]]  # (file to load, original file, graph name or None)


Parsed = tuple[list[TypedStatement], dict[str, str]]  # a file's typed statements and prefixes


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: reading a corpus makes millions of small objects and no
    cycle, which the collector would walk again and again for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# the most worker processes ``kgtool validate --jobs`` starts: one per core of a large machine, not
# as many as a typo asks for
MAX_JOBS = 64


class SharedBlankNodes(Exception):
    """The input uses one blank node label in two graphs (the default graph among them), two byte
    ranges or two runs of a graph's statements: the same node (a label is the file's), which the
    workers would each load as a node of their own — a load does not keep labels — and not know to
    keep together; or it names a graph by a blank node, which the units, kept by graph name, do not
    follow. The caller validates the input in one process instead (``kgtool.validation.run``)."""


class BlankSchemaClash(SharedBlankNodes):
    """A blank node of the data's own schema statements breaks the ontology's axioms: HermiT's side,
    in the parent, sees it among those statements alone, and cannot name or place it as one process
    does. Such data (a contradiction in its own schema) is validated in one process instead."""


class BlankOwners:
    """Where each blank node label of a file was first seen (a part, or a run): a second place is
    ``SharedBlankNodes``. A ``[ ... ]`` node's label is drawn at random, by each worker from a
    generator of its own (``_serve``): two such labels are not alike."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], object] = {}

    def note(self, path: str, labels: Iterable[str], place: object) -> None:
        first = self.first
        for label in labels:
            if first.setdefault((path, label), place) != place:
                raise SharedBlankNodes


class Links:
    """Which parts (a file's named graph, or its default graph) must be validated together: those
    that state the same resource, and a part with the parts that state a resource it mentions."""

    def __init__(self) -> None:
        self.uf: UnionFind[int] = UnionFind()  # a set's root is its smallest part
        self.stating: dict[str, int] = {}  # an IRI -> the first part stating it
        self.waiting: dict[str, set[int]] = {}  # an IRI no part has stated yet -> the parts mentioning it

    def note(self, i: int, stated: Iterable[str], mentioned: Iterable[str]) -> None:
        """Part ``i`` states the IRIs ``stated`` (its subjects) and mentions ``mentioned`` (its objects)."""
        uf, stating, waiting = self.uf, self.stating, self.waiting
        uf.add(i)
        for iri in stated:
            j = stating.setdefault(iri, i)
            if j != i:
                uf.union(i, j, keep=min)
            for k in waiting.pop(iri, ()):  # parts that mentioned it before any stated it
                uf.union(i, k, keep=min)
        for iri in mentioned:
            owner = stating.get(iri)
            if owner is not None:
                uf.union(i, owner, keep=min)
            else:
                waiting.setdefault(iri, set()).add(i)


class Dispatch:
    """Hands each run of a named graph's statements to a worker as soon as ``split`` has written it,
    so that the workers load while the parent reads on, and places the finished units.

    A run goes to the worker of the graphs it is known to belong with so far (``split`` joins them
    as it reads), else to the worker that has the fewest statements. Once everything is read the
    units are final: each goes to the worker that holds most of it, which drops nothing and loads
    what it lacks; a worker that holds a graph of another worker's unit drops it."""

    def __init__(self, send: list[Callable[[tuple[object, ...]], None]]) -> None:
        self.send = send
        self.statements = [0] * len(send)  # sent to each worker
        self.worker_of: dict[int, int] = {}  # unit root (its smallest part, see split) -> worker
        self.held: list[dict[int, list[str]]] = [{} for _ in send]  # worker -> part -> runs it loaded

    def run(self, part: int, root: int, load: str, original: str, graph: str, statements: int) -> None:
        worker = self.worker_of.get(root)
        if worker is None:
            worker = min(range(len(self.send)), key=lambda w: (self.statements[w], w))
            self.worker_of[root] = worker
        self.statements[worker] += statements
        self.held[worker].setdefault(part, []).append(load)
        self.send[worker](("load", load, original, graph))

    def place(self, groups: list[list[int]], sizes: list[int]) -> list[int]:
        """The worker of each unit (``groups``: its parts): the one that holds most of its statements,
        or, for a unit none holds, the one with the fewest statements."""
        load = [0] * len(self.send)
        placed = []
        for members in groups:
            held = [sum(sizes[i] for i in members if i in self.held[w]) for w in range(len(self.send))]
            if max(held) > 0:
                worker = max(range(len(self.send)), key=lambda w: (held[w], -w))
            else:
                worker = min(range(len(self.send)), key=lambda w: (load[w], w))
            load[worker] += sum(sizes[i] for i in members)
            placed.append(worker)
        return placed


def split(
    files: Sequence[Path],
    input_format: str | None,
    workdir: Path,
    jobs: int,
    parsed: dict[str, Parsed] | None = None,
    dispatch: Dispatch | None = None,
) -> list[Unit]:
    """Read the data files once; write each run of a named graph's statements to its own N-Quads
    file in ``workdir``; return the units, ``jobs`` groups (or fewer) balanced by their number of
    statements, or with ``dispatch`` one group per worker, as it placed them (some may be empty).

    ``parsed`` receives, for each file, what ``kgtool.rdf.parse.typed_statements`` gives (its
    literals the store may rewrite, as written, and its prefixes), from the same reading: the
    workers then need not read the whole input again for its literals as written."""
    parts: list[tuple[str, str | None]] = []  # (original path, graph)
    runs: list[list[str]] = []  # each part's files to load (a plain file: itself)
    sizes: list[int] = []
    index: dict[tuple[str, str | None], int] = {}
    links = Links()
    uf = links.uf
    owners = BlankOwners()

    def part(original: Path, graph: str | None) -> int:
        key = (str(original), graph)
        if key not in index:
            index[key] = len(parts)
            parts.append(key)
            runs.append([])
            sizes.append(0)
        return index[key]

    def note(i: int, subjects: set[OxTerm], objects: set[ox.NamedNode]) -> bool:
        """Join part ``i`` with the parts its run of statements shares a resource with: once per run
        (a resource is stated or mentioned many times in its graph), as the run ends, so that
        ``dispatch`` knows where the run belongs. True if a subject is an RDF 1.2 triple term."""
        links.note(i, (s.value for s in subjects if isinstance(s, ox.NamedNode)), (o.value for o in objects))
        return any(isinstance(s, ox.Triple) for s in subjects)

    def end_run(
        path: Path, i: int, buffer: list[ox.Quad], subjects: set[OxTerm], objects: set[ox.NamedNode], blanks: set[str]
    ) -> bool:
        """A run of statements of one graph (those read since the graph last changed): written,
        noted, handed to a worker. True if a subject is an RDF 1.2 triple term. ``blanks``: the
        labels of its blank node objects."""
        load = str(workdir / f"run-{sum(len(r) for r in runs)}.nq")
        owners.note(str(path), blanks | {s.value for s in subjects if isinstance(s, ox.BlankNode)}, load)
        with open(load, "wb") as f:
            f.write(ox.serialize(buffer, format=ox.RdfFormat.N_QUADS) or b"")
        runs[i].append(load)
        sizes[i] += len(buffer)
        triple_term = note(i, subjects, objects)
        graph = parts[i][1]
        if dispatch is not None and graph is not None:  # a default graph's statements cannot be dropped again
            dispatch.run(i, uf.find(i), load, str(path), graph, len(buffer))
        return triple_term

    with no_cycle_collection():
        for path in files:
            check_file(path)
            fmt = format_for(path, input_format)
            precheck(path, fmt)
            typed: list[TypedStatement] = []
            # read as loading reads it (its base IRI, a byte-order mark dropped), so that relative IRIs
            # resolve as in whole-graph validation and the typed statements are typed_statements' own
            # without checking IRIs, a third of the parse: the workers' loading checks them (and a
            # bad one is then reported as loading reports it, see _outcome)
            reader = read_quads(path, input_format, lenient=True)
            dataset = fmt in DATASET_FORMATS
            subjects: set[OxTerm] = set()
            objects: set[ox.NamedNode] = set()
            blanks: set[str] = set()  # the labels of the run's blank node objects
            buffer: list[ox.Quad] = []
            triple_term = False
            read = 0  # statements
            i = -1 if dataset else part(path, None)
            name: object = None  # the graph of the current run of statements

            for q in reader:
                read += 1
                if dataset and (i < 0 or q.graph_name != name):
                    if buffer:
                        triple_term |= end_run(path, i, buffer, subjects, objects, blanks)
                    subjects, objects, blanks, buffer = set(), set(), set(), []
                    name = q.graph_name
                    if isinstance(name, ox.BlankNode):  # units are kept by graph name
                        raise SharedBlankNodes
                    i = part(path, name.value if isinstance(name, ox.NamedNode) else None)
                subject, o = q.subject, q.object
                subjects.add(subject)
                if isinstance(o, ox.NamedNode):
                    objects.add(o)
                elif isinstance(o, ox.Literal):
                    if o.datatype.value not in KEPT_AS_WRITTEN:
                        typed.append((subject, q.predicate, o))
                elif isinstance(o, ox.BlankNode):
                    blanks.add(o.value)
                elif isinstance(o, ox.Triple):
                    triple_term = True
                if dataset:
                    buffer.append(q)
            if buffer:
                triple_term |= end_run(path, i, buffer, subjects, objects, blanks)
            elif not dataset:
                runs[i].append(str(path))
                sizes[i] += read
                triple_term |= note(i, subjects, objects)
            # what loading the file refuses, refused here, naming the file: the workers load what
            # this wrote without checking it again
            if not read:
                raise no_statements(path)
            if triple_term:
                refuse_triple_terms(path, fmt, None, path.resolve().as_uri())
            if parsed is not None:
                parsed[str(path)] = (typed, dict(getattr(reader, "prefixes", {})))
    groups: dict[int, list[int]] = {}
    for i in range(len(parts)):
        groups.setdefault(uf.find(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda m: (-sum(sizes[i] for i in m), m[0]))

    def unit(members: list[int]) -> Unit:
        return [(load, parts[i][0], parts[i][1]) for i in members for load in runs[i]]

    if dispatch is not None:
        placed: list[Unit] = [[] for _ in dispatch.send]
        for members, worker in zip(ordered, dispatch.place(ordered, sizes), strict=True):
            placed[worker] += unit(members)
        return placed
    bins: list[tuple[int, Unit]] = [(0, []) for _ in range(max(1, jobs))]
    for members in ordered:
        size, got = min(bins, key=lambda b: b[0])
        bins[bins.index((size, got))] = (size + sum(sizes[i] for i in members), got + unit(members))
    return [got for size, got in bins if got]


def _serve(*args: object) -> None:
    """A worker process: ``_work(*args)``, in a thread of its own. Oxigraph draws blank node labels
    from a generator of each thread, which a forked child inherits as the parent left it: two
    workers would give their blank nodes the same labels, and their findings on two nodes be merged
    as one. A thread of the worker's own starts afresh."""
    _end_with_parent()
    work = threading.Thread(target=_work, args=args, name="kgtool-worker", daemon=True)
    work.start()
    try:
        work.join()
    finally:
        os._exit(1)  # only if the work ended otherwise than by its own os._exit


def _work(
    inbox: Queue[tuple[object, ...]],
    outbox: Connection,
    input_format: str | None,
    lang: str,
    engine: str,
    reasoner: bool,
    shapes: rdflib.Graph,
) -> None:
    """A worker's work (``_serve`` runs it). Reading a corpus in byte ranges (``kgtool.validation.ranges``): read its
    ranges and say what they hold, then load them (while the parent joins what the workers said
    into units); then write out the graphs that belong to another worker's unit and drop them;
    then load those others wrote for it, validate and send back the outcome. Reading it whole
    (``split``): load the runs of statements the parent sends while it reads; once the units are known, drop the graphs that belong to another worker's unit, load
    the rest of its own, validate it and send back the outcome. Then end at once (freeing a store
    of half a million statements first would only delay the report)."""
    try:
        from kgtool.rdf.store import KnowledgeGraph

        kg = KnowledgeGraph.from_files(assets.ontology_files())
        loaded: dict[tuple[str, str], set[str]] = {}  # (original file, graph) -> the runs of it loaded
        ranges: list[Range] = []  # the byte ranges it read
        unloaded: list[str] = []  # the files of the ranges it read that did not load
        refused: BaseException | None = None  # the first run that did not load: sent back at the end
        while True:
            message = inbox.get()
            kind = message[0]
            if kind == "load":
                load, original, graph = (str(m) for m in message[1:])
                if refused is None:
                    try:
                        _add_written(kg, load, graph, original)
                    except _Refused as exc:
                        refused = exc
                    loaded.setdefault((original, graph), set()).add(load)
                continue
            if kind == "ranges":
                ranges = message[1]  # type: ignore[assignment]
                unloaded = _read(kg, ranges, outbox)
                continue
            if kind == "plan":
                if not unloaded:
                    _give_away(kg, message[1], message[2])  # type: ignore[arg-type]
                outbox.send(("planned", unloaded))
                continue
            if refused is not None:
                raise refused
            clashes: list[dict[str, object]] | None = None  # found with the outcome
            if kind == "run":
                unit, forms = message[1], message[2]
                _load_unit(kg, unit, loaded, input_format)  # type: ignore[arg-type]
            elif kind == "validate":
                for load, graph, original in message[1]:  # type: ignore[attr-defined]
                    kg.store.load(path=load, format=ox.RdfFormat.N_TRIPLES, to_graph=_graph(graph))
                    if graph is not None:
                        kg.sources.setdefault(graph, Path(original))
                kg.changed()
                # the instance clashes need no literal as written: found while the parent works
                # out the literals, which come next
                clashes = _clashes(kg, lang, reasoner)
                forms = inbox.get()[1]
            if kind in ("run", "validate"):
                outcome = _validate(kg, forms, input_format, lang, engine, reasoner, shapes, clashes)  # type: ignore[arg-type]
                outbox.send(("done", outcome))
                if kind == "validate":  # then the lines of every worker's findings in its ranges, or "stop"
                    continue
            if kind == "locate":
                outbox.send(("located", _locate(ranges, message[1])))  # type: ignore[arg-type]
            break  # "run", "locate" or "stop"
    except BaseException as exc:  # raised again in the parent, as a pool would
        try:
            outbox.send(("error", exc))
        except Exception:  # an exception that does not pickle: its words
            outbox.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        outbox.close()
        os._exit(0)


def _end_with_parent() -> None:
    """End this worker as soon as the parent ends, however it ends (killed, too). A worker waits
    for the parent's next message on a queue whose pipe it holds both ends of, so nothing else
    tells it: it would wait for ever, holding its part of the corpus in memory. The parent's
    end closes the pipe ``multiprocessing`` gives each child to watch for it (``sentinel``)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="kgtool-parent-watch", daemon=True).start()


def _locate(ranges: list[Range], iris: dict[str, set[str]]) -> list[RangeLines | None]:
    """For each of the worker's ranges, where the lines there start with the IRIs ``iris`` names
    for its file (None: none asked for)."""
    return [
        lines_in_range(Path(r.path), iris[r.path], r.start, r.end, r.prologue) if iris.get(r.path) else None
        for r in ranges
    ]


def _graph(name: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.NamedNode(name) if name is not None else ox.DefaultGraph()


def _read(kg: KnowledgeGraph, ranges: list[Range], outbox: Connection) -> list[str]:
    """The worker's ranges read for what they hold (``walk_range``), sent to the parent at once, then
    loaded into the store, each named graph known as the file's: the parent joins the workers'
    readings into units (and works out the literals as written) while they load, instead of the
    workers waiting for it. The files of the ranges that did not load (an IRI the reading does not
    check): the parent reads them whole, to report them as loading does."""
    reads = [walk_range(r) for r in ranges]
    outbox.send(("read", reads))
    # only the graphs' names are kept: the reading's sets and literals (tens of MB at 1M) are let go
    # before the store fills, rather than held beside it while it does
    names = [None if found.refused else list(found.graphs) for found in reads]
    del reads
    unloaded = []
    for r, graphs in zip(ranges, names, strict=True):
        if graphs is None:  # it did not parse: the parent reads its file whole
            continue
        if not load_range(kg.store, r):
            unloaded.append(r.path)
            continue
        for name in graphs:
            if name is not None:
                kg.sources.setdefault(name, Path(r.path))
    return unloaded


def _give_away(kg: KnowledgeGraph, exports: list[tuple[str | None, str]], drops: list[str | None]) -> None:
    """Write out the graphs of another worker's units (N-Triples: Oxigraph's own), then drop them. No
    blank node is in two graphs (``SharedBlankNodes``): one written here is loaded there as a node of
    its own, as it should be."""
    for name, load in exports:
        kg.store.dump(load, format=ox.RdfFormat.N_TRIPLES, from_graph=_graph(name))
    for name in drops:
        if name is None:
            kg.store.clear_graph(ox.DefaultGraph())
        else:
            kg.store.remove_graph(ox.NamedNode(name))
            kg.sources.pop(name, None)
    kg.changed()


class _Refused(Exception):
    """A run of statements that did not load in a worker (an IRI the parent's reading does not check):
    the parent reports it as loading ``original`` does."""

    def __init__(self, original: str, error: SyntaxError | str) -> None:
        super().__init__(original, str(error))
        self.original = original


def _add_written(kg: KnowledgeGraph, load: str, graph: str | None, original: str) -> None:
    try:
        kg.add_written(Path(load), graph, Path(original))
    except SyntaxError as exc:
        raise _Refused(original, exc) from None


def _load_unit(
    kg: KnowledgeGraph, unit: Unit, loaded: dict[tuple[str, str], set[str]], input_format: str | None
) -> None:
    """Make the worker's store hold its unit and nothing else of the input: drop the graphs it
    loaded that are not the unit's, and load what it lacks. A run file sent to this worker that
    is its unit's is deleted here (no other worker reads it); any other may still be read by the
    worker it was sent to, which may lag behind, and goes with the parent's folder."""
    sent = {load for runs in loaded.values() for load in runs}
    ours = {(original, graph) for _, original, graph in unit if graph is not None}
    dropped = {name for key, name in ((key, key[1]) for key in loaded) if key not in ours}
    for name in dropped:
        kg.store.remove_graph(ox.NamedNode(name))
        kg.sources.pop(name, None)
    kg.changed()
    for key in [key for key in loaded if key[1] in dropped]:  # a graph of that name in our unit goes too
        del loaded[key]
    for load, original, graph in unit:
        if graph is None and load == original:  # a plain file, loaded as it is
            before = set(kg.sources)
            kg.add_file(Path(original), input_format)
            for added in set(kg.sources) - before:
                kg.sources[added] = Path(original)
            continue
        if graph is None or load not in loaded.get((original, graph), ()):
            _add_written(kg, load, graph, original)
        if load in sent:  # no other worker reads it: gone now rather than with the parent's folder
            Path(load).unlink()


def _validate(
    kg: KnowledgeGraph,
    forms: WrittenForms,
    input_format: str | None,
    lang: str,
    engine: str,
    reasoner: bool,
    shapes: rdflib.Graph,
    clashes: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    """The worker's findings, with the lines left to find (``locate``: the IRIs, per file): the
    workers find them in their byte ranges (``_locate_in_ranges``), or the parent in the files;
    ``clashes``: the instance clashes, when the worker found them already."""
    from kgtool.validation.checks import validate_graph
    from kgtool.validation.entities import Locator

    # each worker's input file is the whole corpus: its lines are found once for all workers
    locator = Locator(kg, read=False)
    report = validate_graph(
        kg,
        reasoner=False,
        lang=lang,
        shapes=shapes,
        engine=engine,
        threads=1,
        input_format=input_format,
        forms=forms,
        locator=locator,
    )
    if clashes is None:
        clashes = _clashes(kg, lang, reasoner)
    return {
        "findings": [f.as_dict() for f in report.findings],
        "engine": report.engine,
        "note": report.engine_note,
        "engines": [s.as_dict() for s in report.shape_engines],
        "clashes": clashes,
        "schema": _data_schema(kg, reasoner),
        "locate": {str(path): sorted(iris) for path, iris in locator.pending.items()},
        "holders": locator.holders,
    }


def _data_schema(kg: KnowledgeGraph, reasoner: bool) -> bytes:
    """The worker's data's own schema statements, as N-Triples (``kgtool.validation.reasoner.data_schema``;
    none without the reasoner): HermiT reasons over them with the ontology in the parent."""
    if not reasoner:
        return b""
    from kgtool.validation.reasoner import data_schema

    return ox.serialize(data_schema(kg), format=ox.RdfFormat.N_TRIPLES) or b""


def _clashes(kg: KnowledgeGraph, lang: str, reasoner: bool) -> list[dict[str, object]]:
    """The worker's instance clashes with the ontology's disjointness and functional-property
    axioms (none without the reasoner)."""
    if not reasoner:
        return []
    from kgtool.validation.checks import clash_findings
    from kgtool.validation.reasoner import instance_clashes

    return [f.as_dict() for f in clash_findings(instance_clashes(kg), kg, lang)]


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
    shapes_read: rdflib.Graph | None = None,
    reuse_verdict: bool = True,
) -> ValidationReport:
    """Validate the files (the project's data when None) unit by unit in ``jobs`` processes, with the
    project's shapes and the user's ``shapes`` files (those alone when ``only_shapes``);
    ``shapes_read``: those shapes when the caller has read them already (the workers, forked,
    share them instead of each reading them again).

    TriG and N-Quads files are cut into byte ranges that the workers parse themselves
    (``kgtool.validation.ranges``); other files, and a dataset that cannot be cut soundly, are
    read whole by the parent (``split``). HermiT reasons over the ontology in a thread of the
    parent meanwhile (it runs in a Java process of its own)."""
    from kgtool.validation.checks import named_shapes, shapes_graph

    graph = shapes_read if shapes_read is not None else shapes_graph(shapes, only_shapes)
    from kgtool.validation.model import Finding, ShapeEngine, ValidationReport, sort_key

    data = [Path(p) for p in files] if files else project_files(include_ontology=False)
    jobs = max(1, jobs)
    workdir = Path(tempfile.mkdtemp(prefix="kgtool-parallel-"))
    args = (input_format, lang, engine, reasoner and reasoner_mode == "tbox", graph)
    early: Beside[OntologyFindings] | None = None
    try:
        plans = plan_ranges(data, input_format, jobs)
        outcomes = None
        located: Located = {}
        if plans is not None:
            with _Workers(jobs, args) as workers:
                if reasoner and reasoner_mode == "tbox":  # started once the workers are: no fork with a thread
                    # HermiT on the ontology while the workers read: its Java process runs beside
                    # them instead of after them; what it found, or raised, is taken in _owl
                    early = Beside(lambda: _ontology_findings(lang, reasoner_mode, reuse_verdict))
                done = _by_ranges(workers, plans, data, input_format, workdir)
                if done is None:  # they end on their own: no thread of their queues left at the next fork
                    workers.stop()
                else:
                    outcomes, located = done
        if outcomes is None:
            if early is not None:  # the workers below fork: not while the thread runs
                early.thread.join()
            with _Workers(jobs, args) as workers:
                outcomes = _by_graphs(workers, data, input_format, workdir, jobs)
    except BaseException:
        # HermiT's Java process is owlready2's subprocess, with no handle to stop it by: the error
        # waits for it (the ontology alone, seconds) rather than leave it running behind the caller
        if early is not None:
            early.done.wait()
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # a finding about what every unit holds (the ontology's own resources) comes from each worker:
    # keep it as often as one worker gives it
    merged: Counter[Finding] = Counter()
    for o in outcomes:
        counts = Counter(Finding(**f) for f in o["findings"])  # type: ignore[attr-defined]
        for finding, n in counts.items():
            merged[finding] = max(merged[finding], n)
    report = ValidationReport(
        files=[assets.display_path(p) for p in assets.ontology_files() + data],
        shapes=named_shapes(graph),
        engine="/".join(sorted({str(o["engine"]) for o in outcomes})) or engine,
        engine_note="; ".join(sorted({str(o["note"]) for o in outcomes if o["note"]})),
        # every unit judges the same shapes: each shape's record once
        shape_engines=sorted(
            {ShapeEngine(**s) for o in outcomes for s in o["engines"]},  # type: ignore[attr-defined]
            key=lambda s: (s.shape, s.engine, s.reason),
        ),
    )
    report.findings = _with_lines(list(merged.elements()), outcomes, located, data)
    if reasoner and reasoner_mode != "none":
        report.findings += _owl(outcomes, lang, reasoner_mode, report, early, reuse_verdict)
    report.findings.sort(key=sort_key)
    return report


def plan_ranges(data: list[Path], input_format: str | None, jobs: int) -> list[list[Range]] | None:
    """``kgtool.validation.ranges.plan``, or None for anything it finds amiss (a missing file, an
    unknown syntax): reading the files whole then reports it as loading does, in the files' order."""
    from kgtool.errors import KgtoolError

    try:
        for path in data:
            check_file(path)
        return plan(data, input_format, jobs)
    except (KgtoolError, OSError):
        return None


class _Workers:
    """The ``jobs`` worker processes (``_serve``), started first: fork where there is one (a spawned
    worker would re-run the caller's main module: a script without an ``if __name__ ==
    "__main__"`` guard breaks)."""

    def __init__(self, jobs: int, args: tuple[object, ...]) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.jobs, self.args = jobs, args
        self.workers: list[tuple[BaseProcess, Queue[tuple[object, ...]], Connection]] = []
        self.reported: set[int] = set()  # the workers that sent their outcome or were stopped (and are ending)
        # the workers that sent their last message, so took every message sent to them: they end on
        # their own, and are not waited for (freeing a store of half a million statements takes the
        # system a tenth of a second, which the parent spends on the report instead); a thread of
        # their own reaps them as they end (``_reap``)
        self.finished: set[int] = set()

    def __enter__(self) -> _Workers:
        try:
            for _ in range(self.jobs):
                inbox: Queue[tuple[object, ...]] = self.context.Queue()
                outcome, outbox = self.context.Pipe(duplex=False)
                process = self.context.Process(  # type: ignore[attr-defined]
                    target=_serve, args=(inbox, outbox, *self.args), daemon=True
                )
                # a SIGTERM is raised once the worker is known (so ended with the others), not inside
                # the fork's hooks, where it would be lost
                with sigterm_deferred():
                    process.start()
                    outbox.close()
                    self.workers.append((process, inbox, outcome))
        except BaseException:
            self.__exit__()
            raise
        return self

    def send(self, w: int, message: tuple[object, ...]) -> None:
        self.workers[w][1].put(message)

    def receive(self, w: int, input_format: str | None) -> object:
        try:
            message = self.workers[w][2].recv()
        except EOFError:
            raise self.lost(w) from None
        return _outcome(message, input_format)

    def lost(self, w: int) -> KgtoolError:
        """Worker ``w`` ended without a word (killed, most often for want of memory): how it ended."""
        from kgtool.errors import KgtoolError
        from kgtool.i18n.problems import how_it_ended, worded

        process = self.workers[w][0]
        process.join(timeout=5)
        how = how_it_ended(process.exitcode)
        self.reported.add(w)  # nothing more is sent to it
        return worded(KgtoolError, "validate#worker-lost", "validate.worker_lost", pid=process.pid, how=how)

    def receive_all(self, ws: Iterable[int], input_format: str | None) -> list[object]:
        """The outcomes of workers ``ws``, each taken off its pipe as soon as it is sent, and only
        then unpickled, all together: a worker's send never waits for the parent to unpickle
        another's (at 1M each worker's reading is a few megabytes, more than a pipe holds, and
        the worker loads its ranges once it is sent). An error is raised once all have answered,
        the first worker's first, as taking them in turn would raise it."""
        from multiprocessing.connection import wait
        from multiprocessing.reduction import ForkingPickler

        order = list(ws)
        left = {self.workers[w][2]: w for w in order}
        sent: dict[int, bytes | None] = {}
        while left:
            for ready in wait(list(left)):
                w = left.pop(ready)  # type: ignore[call-overload]
                try:
                    sent[w] = ready.recv_bytes()  # type: ignore[union-attr]
                except EOFError:
                    sent[w] = None  # it ended without a word
        outcomes: list[object] = []
        for w in order:  # in turn: the first worker's error (or end without a word) is the one raised
            data = sent.pop(w)
            if data is None:
                raise self.lost(w)
            outcomes.append(_outcome(ForkingPickler.loads(data), input_format))
        return outcomes

    def stop(self) -> None:
        """Tell the workers that have not reported to end."""
        for w in range(len(self.workers)):
            if w not in self.reported:
                self.send(w, ("stop",))
                self.reported.add(w)

    def __exit__(self, *_: object) -> None:
        ending = [process for w, (process, _, _) in enumerate(self.workers) if w in self.finished]
        if ending:  # reaped as they end, by a thread of their own: no zombie is left in a long-lived caller
            threading.Thread(target=_reap, args=(ending,), name="kgtool-reap-workers", daemon=True).start()
        for w, (process, inbox, outcome) in enumerate(self.workers):
            if w in self.finished:
                inbox.close()
                inbox.join_thread()
                outcome.close()
                continue
            if w in self.reported:
                process.join(timeout=10)
            ended = w in self.reported and not process.is_alive()
            if process.is_alive():  # one with nothing to validate, or stopped by an error
                process.kill()
                process.join()
            inbox.close()
            if ended:  # it took every message sent: the queue's feeder thread ends
                inbox.join_thread()
            else:  # a message may be left in the pipe, which the thread would wait to write for ever
                inbox.cancel_join_thread()
            outcome.close()


def _reap(processes: list[BaseProcess]) -> None:
    """Wait for workers that sent their last message to end (a worker not waited for stays in the
    process table, a zombie, until multiprocessing's next start or the caller's exit)."""
    for process in processes:
        process.join()


def _by_graphs(
    workers: _Workers, data: list[Path], input_format: str | None, workdir: Path, jobs: int
) -> list[dict[str, object]]:
    """The parent reads the files whole (``split``), handing each run of a graph's statements to a
    worker as it goes; the workers' outcomes."""
    dispatch = Dispatch([inbox.put for _, inbox, _ in workers.workers])
    parsed: dict[str, Parsed] = {}
    units = split(data, input_format, workdir, jobs, parsed, dispatch)
    with no_cycle_collection():
        forms = _units_forms([u for u in units if u], parsed)
    for w, unit in enumerate(units):
        if unit:
            workers.send(w, ("run", unit, forms.pop(0)))
    outcomes = []
    for w, unit in enumerate(units):
        if unit:
            outcomes.append(workers.receive(w, input_format))
            workers.reported.add(w)
    _remember(data, input_format, parsed)  # read without checking IRIs: kept once the workers' loading checked them
    return outcomes  # type: ignore[return-value]


def _remember(data: list[Path], input_format: str | None, parsed: dict[str, Parsed]) -> None:
    """The typed statements just read, kept for the note on rewritten literals that follows."""
    from kgtool.rdf.parse import remember_typed_statements

    for path in data:
        if str(path) in parsed:
            remember_typed_statements(path, input_format, parsed[str(path)])


def _by_ranges(
    workers: _Workers, plans: list[list[Range]], data: list[Path], input_format: str | None, workdir: Path
) -> tuple[list[dict[str, object]], Located] | None:
    """The workers parse their byte ranges; the parent joins what they found into units, each
    placed on the worker that holds most of it, which gets the rest from the others (they write it
    out and drop it); the workers' outcomes, and the lines of their findings' entities as the
    workers found them in their ranges. None when the files must be read whole after all.

    A worker says what its ranges hold before it loads them: the parent's joining, placing and
    working out the literals as written (a few tenths of a CPU second at 1M) run while the workers
    load, instead of the workers waiting for them between loading and validating."""
    from kgtool.errors import KgtoolError

    for w, ranges in enumerate(plans):
        workers.send(w, ("ranges", ranges))
    for n, path in enumerate(data):  # while they read: what no parser may meet (a line over the limit)
        try:
            precheck(path, format_for(path, input_format))
        except KgtoolError:
            for before in data[:n]:  # an error in a file before it comes first, as loading them in turn
                check_readable(before, input_format)
            raise
    reads: list[list[RangeRead]] = workers.receive_all(range(len(plans)), input_format)  # type: ignore[assignment]
    joined = _join(data, plans, reads, input_format)
    del reads  # what the units and parts need is in ``joined``: the readings are not kept while validating
    if joined is None:
        return None
    parts, units, held, parsed = joined
    placed = [max(range(len(held)), key=lambda w: (sum(held[w].get(i, 0) for i in unit), -w)) for unit in units]
    exports: list[list[tuple[str | None, str]]] = [[] for _ in held]
    drops: list[list[str | None]] = [[] for _ in held]
    given: list[list[tuple[str, str | None, str]]] = [[] for _ in held]
    mine: list[Unit] = [[] for _ in held]
    for unit, w in zip(units, placed, strict=True):
        for i in unit:
            original, name = parts[i]
            mine[w].append(("", original, name))
            for h in range(len(held)):
                if h != w and i in held[h]:
                    load = str(workdir / f"part-{i}-{h}.nt")
                    exports[h].append((name, load))
                    drops[h].append(name)
                    given[w].append((load, name, original))
    for w in range(len(held)):
        workers.send(w, ("plan", exports[w], drops[w]))
    # the literals as written, worked out while the workers load their ranges
    with no_cycle_collection():
        forms = _units_forms([unit for unit in mine if unit], parsed)
    unloaded = {path for w in range(len(held)) for path in workers.receive(w, input_format)}  # type: ignore[attr-defined]
    if unloaded:
        for path in data:  # the first file that does not load, as loading them in turn reports it
            if str(path) in unloaded:
                check_readable(path, input_format)
        return None  # it loads whole: the cut was wrong
    for w in range(len(held)):
        if mine[w]:  # a worker with nothing to validate waits to find lines in its ranges
            workers.send(w, ("validate", given[w]))
    for w in range(len(held)):
        if mine[w]:
            workers.send(w, ("forms", forms.pop(0)))
    # every range has loaded, so its IRIs are checked: the typed statements read without checking
    # them are kept, and the note on rewritten literals that follows validation is worked out from
    # them now, while the workers validate, rather than after them with a core idle
    _remember(data, input_format, parsed)
    _prepare_note(data, input_format)
    outcomes = [workers.receive(w, input_format) for w in range(len(held)) if mine[w]]
    located = _locate_in_ranges(workers, plans, outcomes, input_format)  # type: ignore[arg-type]
    return outcomes, located  # type: ignore[return-value]


def _prepare_note(data: list[Path], input_format: str | None) -> None:
    """``kgtool.rdf.literal_forms.prepare_rewritten`` of the files. Whatever goes wrong here is left
    to the note itself, after the report, which reads the files again and says what is wrong: a
    failure in this head start must not stop the validation before its report."""
    from kgtool.rdf.literal_forms import prepare_rewritten

    with suppress(Exception):
        prepare_rewritten(data, input_format)


Located = dict[str, dict[str, tuple[int | None, str | None]]]  # file -> IRI -> (line, workbook row)


def _locate_in_ranges(
    workers: _Workers, plans: list[list[Range]], outcomes: list[dict[str, object]], input_format: str | None
) -> Located:
    """The lines of the findings' entities in the files the workers read in ranges, each worker
    reading its own ranges for all the workers' entities (they run side by side, instead of the
    parent reading each file whole after them); a file whose ranges do not join up as one reading
    is left out (the parent reads it whole, ``_with_lines``)."""
    pending: dict[str, set[str]] = {}
    for outcome in outcomes:
        for path, iris in outcome["locate"].items():  # type: ignore[attr-defined]
            pending.setdefault(path, set()).update(iris)
    asked = {path: iris for path, iris in pending.items() if any(r.path == path for ranges in plans for r in ranges)}
    for w in range(len(plans)):
        workers.send(w, ("locate", asked) if asked else ("stop",))
    found: list[list[RangeLines | None]] = []
    for w in range(len(plans)):
        if asked:
            found.append(workers.receive(w, input_format))  # type: ignore[arg-type]
            workers.finished.add(w)
        workers.reported.add(w)
    located: Located = {}
    for path, iris in asked.items():
        ranges = sorted(
            (
                (r.start, got)
                for w in range(len(found))
                for r, got in zip(plans[w], found[w], strict=True)
                if r.path == path and got is not None
            ),
            key=lambda e: e[0],
        )
        lines = merge_range_lines(Path(path), iris, [got for _, got in ranges])
        if lines is not None:
            located[path] = lines
    return located


Joined = tuple[list[tuple[str, str | None]], list[list[int]], list[dict[int, int]], dict[str, Parsed]]


def _join(
    data: list[Path], plans: list[list[Range]], reads: list[list[RangeRead]], input_format: str | None
) -> Joined | None:
    """The parts (file, graph; None: its default graph), the units (lists of parts, the largest
    first), the statements of each part each worker holds, and each file's typed statements and
    prefixes, from what the workers read. A file that did not parse, or holds no statement, is
    read whole to report it as loading does; None when the cut was not sound after all (a prefix
    or base declared mid-file, a graph in two files, the same file twice...); ``SharedBlankNodes``
    when a blank node label of a file is in two of its graphs or two ranges."""
    position = {str(p): n for n, p in enumerate(data)}
    if len(position) != len(data):
        return None
    entries = sorted(
        (
            (position[r.path], r.start, w, read)
            for w in range(len(plans))
            for r, read in zip(plans[w], reads[w], strict=True)
        ),
        key=lambda e: (e[0], e[1]),
    )
    for n, path in enumerate(data):
        got = [read for m, _, _, read in entries if m == n]
        if any(read.refused for read in got) or not any(count for read in got for count, _, _ in read.graphs.values()):
            for before in data[: n + 1]:  # the error loading the files in turn gives (the workers are
                check_readable(before, input_format)  # loading those before: one may not load)
            return None  # it loads: the cut was wrong
        if any(read.triple_term for read in got):
            # refused as loading the files in turn refuses: a bad IRI before the triple term, in
            # this file or an earlier one, is the error (the workers' readings do not check IRIs)
            for before in data[: n + 1]:
                check_readable(before, input_format)
            refuse_triple_terms(path, format_for(path, input_format), None, path.resolve().as_uri())
        if any(a.ends != b.begins for a, b in itertools.pairwise(got)):
            return None
    parts: list[tuple[str, str | None]] = []
    index: dict[tuple[str, str | None], int] = {}
    file_of: dict[str | None, int] = {}
    held: list[dict[int, int]] = [{} for _ in plans]
    sizes: list[int] = []
    typed: dict[int, list[TypedStatement]] = {}
    links = Links()
    owners = BlankOwners()
    for k, (n, _, w, read) in enumerate(entries):
        original = str(data[n])
        if read.blank_graph:  # units are kept by graph name
            raise SharedBlankNodes
        for name, labels in read.blanks.items():
            owners.note(original, labels, (k, name))
        typed.setdefault(n, []).extend(unpack(read.typed))
        for name, (count, stated, mentioned) in read.graphs.items():
            if file_of.setdefault(name, n) != n:  # one graph of the store, two parts: cannot be split
                return None
            i = index.setdefault((original, name), len(parts))
            if i == len(parts):
                parts.append((original, name))
                sizes.append(0)
            sizes[i] += count
            held[w][i] = held[w].get(i, 0) + count
            links.note(i, stated, mentioned)
    groups: dict[int, list[int]] = {}
    for i in range(len(parts)):
        groups.setdefault(links.uf.find(i), []).append(i)
    units = sorted(groups.values(), key=lambda m: (-sum(sizes[i] for i in m), m[0]))
    last = {n: read for n, _, _, read in entries}  # each file's last range: its prefixes at the end
    parsed = {str(data[n]): (typed[n], dict(last[n].ends[0])) for n in last}
    return parts, units, held, parsed


def _outcome(message: tuple[str, object], input_format: str | None) -> dict[str, object]:
    """A worker's outcome, or the exception it raised, raised again here; a run that did not load,
    as loading its file reports it (the file, the line, the bad IRI)."""
    kind, value = message
    if kind == "error":
        if isinstance(value, _Refused):
            check_readable(Path(value.original), input_format)
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


def _with_lines(
    found: list[Finding], outcomes: list[dict[str, object]], located: Located, data: list[Path]
) -> list[Finding]:
    """The workers' findings with the line (and workbook row) of each entity: as the workers found
    them (``located``), else from the parent reading each file once (and the other dataset files
    of ``data`` for an entity its own file does not hold: ``kgtool.validation.entities.look_elsewhere``)."""
    import dataclasses

    from kgtool.validation.entities import lines_of

    pending: dict[Path, set[str]] = {}
    for outcome in outcomes:
        for path, iris in outcome["locate"].items():  # type: ignore[attr-defined]
            if path not in located:
                pending.setdefault(Path(path), set()).update(iris)
    moved: dict[tuple[str, str], str] = {}
    lines = lines_of(pending, data, moved)
    for path, found_there in located.items():
        name = assets.display_path(Path(path))
        lines.update({(name, iri): at for iri, at in found_there.items()})
    # a blank node's finding gets the line of the resource it hangs from (Locator.note_holders)
    holders = {name: iri for outcome in outcomes for name, iri in outcome["holders"].items()}  # type: ignore[attr-defined]
    out = []
    for f in found:
        entity = holders.get(f.focus, f.focus)
        key = (f.file, entity) if f.file is not None and f.line is None else None
        where = lines.get(key) if key is not None else None
        if key is None or where is None:
            out.append(f)
        else:
            out.append(dataclasses.replace(f, file=moved.get(key, f.file), line=where[0], origin=where[1]))
    return out


def _units_forms(units: list[Unit], parsed: dict[str, Parsed]) -> list[WrittenForms]:
    """``_unit_forms`` of each unit, computed once for units that load the same files (the units
    of one corpus file all do)."""
    done: dict[tuple[str, ...], WrittenForms] = {}
    out = []
    for unit in units:
        key = tuple(dict.fromkeys(original for _, original, _ in unit))
        if key not in done:
            done[key] = _unit_forms(unit, parsed)
        out.append(done[key])
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


def _ontology_findings(lang: str, mode: str, reuse_verdict: bool, data_schema: bytes = b"") -> OntologyFindings:
    """HermiT's findings on the ontology, with the data's own schema statements (``data_schema``:
    N-Triples, as the workers found them), and a report holding its verdict (reasoner_ran,
    consistent, mode, reasoner_reused)."""
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.validation.checks import owl_findings
    from kgtool.validation.model import ValidationReport
    from kgtool.validation.reasoner import with_data_schema

    verdict = ValidationReport()
    kg = KnowledgeGraph.from_files(assets.ontology_files())
    with_data_schema(kg, data_schema)
    return owl_findings(kg, lang, mode, verdict, reuse_verdict), verdict


def _owl(
    outcomes: list[dict[str, object]],
    lang: str,
    mode: str,
    report: ValidationReport,
    early: Beside[OntologyFindings] | None = None,
    reuse_verdict: bool = True,
) -> list[Finding]:
    """HermiT on the ontology once (``full`` would need all the data in one place: refused), and the
    workers' instance clashes. When the data states schema statements of its own (a subclass, a
    disjointness…), HermiT reasons again over the ontology with them, as over all the data in one
    place: the verdict found beside the workers was on the ontology alone."""
    from kgtool.errors import UsageError
    from kgtool.i18n.problems import worded

    if mode == "full":
        raise worded(UsageError, "validate#full-reasoner-parallel", "validate.full_reasoner_parallel")
    from kgtool.validation.model import Finding

    data_schema = b"".join(sorted({bytes(o["schema"]) for o in outcomes}))  # type: ignore[call-overload]
    if data_schema:
        if early is not None:
            # its verdict was on the ontology alone: neither it nor its error counts (HermiT runs
            # again below, and an error there is raised)
            early.wait()
        found, verdict = _ontology_findings(lang, mode, reuse_verdict, data_schema)
    else:
        found, verdict = early.result() if early is not None else _ontology_findings(lang, mode, reuse_verdict)
    report.reasoner_ran, report.consistent, report.reasoner_mode, report.reasoner_reused = (
        verdict.reasoner_ran,
        verdict.consistent,
        verdict.reasoner_mode,
        verdict.reasoner_reused,
    )
    clashes: Counter[Finding] = Counter()
    for outcome in outcomes:
        for finding, n in Counter(Finding(**c) for c in outcome["clashes"]).items():  # type: ignore[attr-defined]
            clashes[finding] = max(clashes[finding], n)
    if any(f.focus.startswith("_:") and f.constraint != "owl:consistency" for f in found):
        # a blank node's name digests its graph and all that is said about it, which the parent's
        # copy of the schema statements does not hold: its clash cannot be told from a worker's,
        # nor named as one process names it (nor is it always a worker's: the schema statements of
        # two units together may make it)
        raise BlankSchemaClash
    # a clash the parent found among the data's schema statements is found by the worker that holds
    # them too, with its file and line: the worker's, once
    unplaced = {replace(f, file=None, line=None, origin=None) for f in clashes}
    found = [f for f in found if replace(f, file=None, line=None, origin=None) not in unplaced]
    if clashes:  # the verdict on the whole names the clashes, as reasoning over all the data in one place does
        from kgtool.i18n.catalogue import t
        from kgtool.validation.checks import is_verdict, verdict_finding

        report.consistent = False
        whole = verdict_finding(t("owl.clashes", lang, n=clashes.total()), lang)
        found = [f for f in found if not is_verdict(f)] + [whole]
    return found + list(clashes.elements())


__all__ = ["BlankSchemaClash", "SharedBlankNodes", "split", "validate_parallel"]
