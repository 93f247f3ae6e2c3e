"""A dataset file (TriG, N-Quads) cut into byte ranges that ``--jobs`` workers parse and load
themselves, so that the parent, instead of parsing the whole file alone, only looks for where to
cut (``plan``) and joins what the workers found (``join``). A worker reads its range for what it
holds (``walk_range``) before it loads it (``load_range``), so the parent joins while it loads.

Where to cut: a TriG file after a line that holds only ``}`` (the end of a graph block at the top
level), an N-Quads file after any line. A range after the first is parsed after the file's
prologue (its leading blank, comment and directive lines), so it knows the prefixes and the base
the file declared. A cut is sound when every range but the last ends with the prefixes and base
its successor starts with (the prologue's): a prefix or base declared again mid-file breaks that,
and the caller then reads the file whole. A cut inside a long string leaves the range before it
unterminated, which its parse refuses; a range that does not parse sends the caller back to the
whole file too, which then reports the error (file, line) exactly as loading does.

Blank node labels are not kept by a load: ``_:b1`` loaded from two ranges, or from two runs of
statements, is two nodes. So each range's reading gives the labels each of its graphs uses, and a
file whose label occurs in two graphs or two ranges, or that names a graph by a blank node, is
validated in one process (``kgtool.validation.parallel.SharedBlankNodes``).
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kgtool.rdf.parse import DATASET_FORMATS, KEPT_AS_WRITTEN, MAX_LITERAL, TypedStatement, format_for

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

WINDOW = 1 << 20  # bytes read at a time
HEAD = 1 << 16  # a prologue longer than this is not looked for: the file is read whole
# bytes looked through after a target for a place to cut: a longer line is refused anyway
# (precheck), a longer TriG graph block is not cut there
SCAN = MAX_LITERAL
_DIRECTIVE = re.compile(rb"\s*(?:@prefix|@base|prefix\s|base\s)", re.IGNORECASE)
_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class Range:
    """Bytes ``start``..``end`` of a file, parsed after its prologue (bytes ``skip``..``prologue``:
    ``skip`` is a byte-order mark's length) when they start after it."""

    path: str
    input_format: str | None
    start: int
    end: int
    skip: int
    prologue: int


State = tuple[tuple[tuple[str, str], ...], str | None]  # the prefixes and base a parse ends with


@dataclass
class RangeRead:
    """What a worker found in its range: each graph's statements (None: the default graph) with the
    IRIs its subjects name and the IRIs its objects name that it does not state; the statements
    with a literal the store may rewrite, as written (typed_statements' own, packed to cross the
    pipe cheaply: see ``pack``); the prefixes and base after the prologue and at the end."""

    graphs: dict[str | None, tuple[int, set[str], set[str]]] = field(default_factory=dict)
    typed: tuple[list[tuple[bool, str, str, int]], list[ox.Literal]] = field(default_factory=lambda: ([], []))
    begins: State = ((), None)
    ends: State = ((), None)
    triple_term: bool = False
    blank_graph: bool = False  # a graph named by a blank node
    refused: bool = False  # did not parse (or broke a limit): the caller reads the file whole
    blanks: dict[str | None, set[str]] = field(default_factory=dict)  # each graph's blank node labels


def plan(paths: list[Path], input_format: str | None, jobs: int) -> list[list[Range]] | None:
    """Each worker's ranges, the bytes of every file spread evenly (a file without a place to cut
    is one range); None when a file is not a dataset or has no prologue we can find, or when there
    is only one range (the caller reads the files whole)."""
    out: list[list[Range]] = [[] for _ in range(jobs)]
    load = [0] * jobs
    for path in paths:
        fmt = format_for(path, input_format)
        if fmt not in DATASET_FORMATS:
            return None
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(HEAD)
            skip = len(_BOM) if head.startswith(_BOM) else 0
            prologue = _prologue(head, skip)
            if prologue is None:
                return None
            cuts = [prologue]
            for k in range(1, jobs):
                cut = _cut_after(f, max(cuts[-1] + 1, size * k // jobs), fmt)
                if cut is not None and cut >= size:
                    break
                if cut is not None:
                    cuts.append(cut)
        bounds = [0, *cuts[1:], size]
        for start, end in itertools.pairwise(bounds):
            w = min(range(jobs), key=lambda w: (load[w], w))
            load[w] += end - start
            out[w].append(Range(str(path), input_format, start, end, skip, prologue))
    return out if sum(1 for ranges in out if ranges) > 1 else None


def _prologue(head: bytes, skip: int) -> int | None:
    """Where the file's leading blank, comment and directive lines end (None: not in ``head``)."""
    position = skip
    while position < len(head):
        end = head.find(b"\n", position)
        if end < 0:
            return None
        line = head[position:end]
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#") and not _DIRECTIVE.match(line):
            return position
        position = end + 1
    return None


def _cut_after(f: BinaryIO, target: int, fmt: ox.RdfFormat) -> int | None:
    """The first place after ``target`` to cut: the start of a line that follows a line holding
    only ``}`` (TriG) or any line (N-Quads); None if there is none within SCAN bytes (the file is
    then cut in fewer ranges, or read whole). Only the line going on at a chunk's end is kept, and
    only when it can still be a ``}`` line: a file without line ends (a TriG file with CR line
    ends, one long N-Quads line) costs SCAN bytes read once, not a buffer growing with the file."""
    f.seek(target - 1)
    position = target - 1  # of buffer[0]
    buffer = b""
    left = SCAN
    while left > 0 and (chunk := f.read(min(WINDOW, left))):
        left -= len(chunk)
        if fmt == ox.RdfFormat.N_QUADS:
            i = chunk.find(b"\n")
            if i >= 0:
                return position + i + 1
            position += len(chunk)
            continue
        buffer += chunk
        i = buffer.find(b"\n}")
        while i >= 0:
            end = buffer.find(b"\n", i + 1)
            if end < 0:  # the line goes on in the next chunk
                break
            if buffer[i + 1 : end].rstrip(b" \t\r") == b"}":
                return position + end + 1
            i = buffer.find(b"\n}", i + 1)
        last = buffer.rfind(b"\n")
        keep = last >= 0 and buffer[last + 1 :].rstrip(b" \t\r") in (b"", b"}")
        tail = buffer[last:] if keep else b""
        position, buffer = position + len(buffer) - len(tail), tail
    return None


def walk_range(r: Range) -> RangeRead:
    """What range ``r`` holds, from one parse of it that does not check IRIs (``load_range``, which
    a worker runs after it has sent this, does), streaming it from the file; ``refused`` when it
    does not parse. The caller has run ``precheck`` on the file (the limits a parser must not meet)."""
    found = RangeRead()
    try:
        fmt, base, head = _source(r)
        prologue = ox.parse(head, format=fmt, base_iri=base)
        if next(prologue, None) is not None:  # a directive's line that also states something
            found.refused = True
            return found
        found.begins = (tuple(sorted(prologue.prefixes.items())), prologue.base_iri)
        with _slice(r, head) as raw:
            parser = ox.parse(io.BufferedReader(raw, WINDOW), format=fmt, base_iri=base, lenient=True)
            _walk(parser, found)
        found.ends = (tuple(sorted(parser.prefixes.items())), parser.base_iri)
    except (SyntaxError, ValueError, MemoryError, OSError):
        found.refused = True
    return found


def load_range(store: ox.Store, r: Range) -> bool:
    """Load range ``r`` into ``store`` by Oxigraph's own parser, checking IRIs as loading does (a store
    filled from Python's quads, Store.extend, answers the SHACL queries a third slower: measured at
    1M); False when it does not load."""
    try:
        fmt, base, head = _source(r)
        with _slice(r, head) as raw:
            store.load(io.BufferedReader(raw, WINDOW), format=fmt, base_iri=base)
    except (SyntaxError, ValueError, MemoryError, OSError):
        return False
    return True


def _source(r: Range) -> tuple[ox.RdfFormat, str, bytes]:
    """The syntax of the range's file, its base IRI (as loading the file gives it) and its prologue."""
    path = Path(r.path)
    with open(path, "rb") as f:
        f.seek(r.skip)
        head = f.read(r.prologue - r.skip)
    return format_for(path, r.input_format), path.resolve().as_uri(), head


def _slice(r: Range, head: bytes) -> _Slice:
    """The range's bytes, after the file's prologue (``head``) when it starts after it."""
    begin = max(r.start, r.skip)
    return _Slice(head if begin >= r.prologue else b"", Path(r.path), begin, r.end)


class _Slice(io.RawIOBase):
    """``head``, then bytes ``start``..``end`` of a file: a range read after the file's prologue."""

    def __init__(self, head: bytes, path: Path, start: int, end: int) -> None:
        super().__init__()
        self.head, self.left = head, end - start
        self.file = open(path, "rb")  # noqa: SIM115 (closed with the slice)
        self.file.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            n = min(len(view), len(self.head))
            view[:n], self.head = self.head[:n], self.head[n:]
            return n
        n = self.file.readinto(view[: min(len(view), self.left)]) if self.left > 0 else 0
        self.left -= n
        return n

    def close(self) -> None:
        self.file.close()
        super().close()


def _walk(parser: ox.QuadParser, found: RangeRead) -> None:
    """In ``found``, what ``RangeRead`` says of the statements."""
    first = True
    typed: list[TypedStatement] = []
    name: object = None
    stated: set[str] = set()
    mentioned: set[str] = set()
    counts: dict[str | None, int] = {}
    sets: dict[str | None, tuple[set[str], set[str]]] = {}
    blanks: set[str] = set()
    run = 0
    key: str | None = None
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    for q in parser:
        graph = q.graph_name
        if graph != name or first:
            first = False
            counts[key] = counts.get(key, 0) + run
            name, run = graph, 0
            key = graph.value if isinstance(graph, ox.NamedNode) else None
            if type(graph) is blank:
                found.blank_graph = True
            stated, mentioned = sets.setdefault(key, (set(), set()))
            blanks = found.blanks.setdefault(key, set())
        run += 1
        s, o = q.subject, q.object
        if type(s) is named:
            stated.add(s.value)
        elif type(s) is blank:
            blanks.add(s.value)
        elif isinstance(s, ox.Triple):
            found.triple_term = True
        if type(o) is named:
            mentioned.add(o.value)
        elif type(o) is literal:
            if o.datatype.value not in KEPT_AS_WRITTEN:
                typed.append((s, q.predicate, o))
        elif type(o) is blank:
            blanks.add(o.value)
        elif isinstance(o, ox.Triple):
            found.triple_term = True
    counts[key] = counts.get(key, 0) + run
    found.graphs = {g: (counts[g], s, m - s) for g, (s, m) in sets.items()}
    found.blanks = {g: labels for g, labels in found.blanks.items() if labels}
    found.typed = pack(typed)


def pack(typed: list[TypedStatement]) -> tuple[list[tuple[bool, str, str, int]], list[ox.Literal]]:
    """Typed statements as plain strings and an index into their distinct literals: pickling
    Oxigraph's terms one by one costs ten times as much."""
    literals: dict[ox.Literal, int] = {}
    rows = []
    for s, p, o in typed:
        rows.append((isinstance(s, ox.BlankNode), s.value, p.value, literals.setdefault(o, len(literals))))  # type: ignore[union-attr]
    return rows, list(literals)


def unpack(packed: tuple[list[tuple[bool, str, str, int]], list[ox.Literal]]) -> list[TypedStatement]:
    rows, literals = packed
    predicates: dict[str, ox.NamedNode] = {}
    out: list[TypedStatement] = []
    for blank, s, p, o in rows:
        predicate = predicates.get(p)
        if predicate is None:
            predicate = predicates[p] = ox.NamedNode(p)
        out.append((ox.BlankNode(s) if blank else ox.NamedNode(s), predicate, literals[o]))
    return out


__all__ = ["Range", "RangeRead", "load_range", "pack", "plan", "unpack", "walk_range"]
