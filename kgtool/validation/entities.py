"""How a finding names its entity: the label in the reader's language, a blank node's name that
is the same run after run, and the file and line where the entity was stated, so a reader can go
and fix it."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDFS, SKOS

from kgtool import assets
from kgtool.i18n.labels import label_among
from kgtool.rdf.blank_nodes import canonical_labels
from kgtool.rdf.parse import DATASET_FORMATS, FORMATS
from kgtool.rdf.store import FILE_GRAPH_PREFIX, KnowledgeGraph, OxTerm, to_rdflib


class EntityLabels:
    """Labels of entities read from the store, chosen as kgtool.i18n.labels.label_of chooses them."""

    def __init__(self, kg: KnowledgeGraph, lang: str) -> None:
        self.kg, self.lang = kg, lang
        self._cache: dict[OxTerm, str] = {}

    def of(self, node: OxTerm, name: str | None = None) -> str:
        """``name``: what to call a blank node that has no label (``blank_node_names``)."""
        if node not in self._cache:
            values: list[rdflib.term.Node] = []
            if isinstance(node, (ox.NamedNode, ox.BlankNode)):
                for p in _LABELS:  # each property's distinct values, as an rdflib graph of them holds them
                    values += dict.fromkeys(to_rdflib(q.object) for q in self.kg.store.quads_for_pattern(node, p, None))
            fallback = rdflib.Literal(name) if name is not None and isinstance(node, ox.BlankNode) else to_rdflib(node)
            self._cache[node] = label_among(values, fallback, self.lang)
        return self._cache[node]


def blank_node_names(kg: KnowledgeGraph, nodes: Iterable[object]) -> dict[ox.BlankNode, str]:
    """A name for each blank node among ``nodes``, and for the others of its group (the blank nodes
    linked to it through blank nodes), that is the same run after run: ``_:b`` and a digest of the
    graphs the group is stated in and of the group's canonical label (``kgtool.rdf.blank_nodes``),
    worked out from every statement about the group. A load gives blank nodes random labels: a
    report naming those differed from one run of the same input to the next, and with ``--jobs``.

    Groups are labelled together only with the groups of the same graphs, which a ``--jobs``
    worker holds whole: two groups alike in every statement are told apart by their order among
    themselves (``canonical_labels``), so alike groups of two graphs, labelled apart by two workers,
    would otherwise get one name, and their findings be merged as one."""
    by_graphs: dict[str, set[ox.Triple]] = {}
    seen: set[ox.BlankNode] = set()
    for start in dict.fromkeys(n for n in nodes if isinstance(n, ox.BlankNode)):
        if start in seen:
            continue
        group = blank_group(kg.store, start)
        seen.update(group)
        quads = [q for touching in group.values() for q in touching]
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        graphs = {_graph_key(kg, q.graph_name) for q in quads}
        by_graphs.setdefault("\n".join(sorted(graphs)), set()).update(triples)
    names: dict[ox.BlankNode, str] = {}
    for where, stated in by_graphs.items():
        for node, label in canonical_labels(stated).items():
            names[node] = "_:b" + hashlib.sha256(f"{where}\n{label}".encode()).hexdigest()[:32]
    return names


def blank_group(store: ox.Store, start: ox.BlankNode) -> dict[ox.BlankNode, list[ox.Quad]]:
    """``start``'s group, the blank nodes linked to it through blank nodes, each with the statements
    it is the subject or the object of (in any graph)."""
    group: dict[ox.BlankNode, list[ox.Quad]] = {}
    todo = [start]
    while todo:
        node = todo.pop()
        if node in group:
            continue
        group[node] = list(
            itertools.chain(store.quads_for_pattern(node, None, None), store.quads_for_pattern(None, None, node))
        )
        todo += [
            x for q in group[node] for x in (q.subject, q.object) if isinstance(x, ox.BlankNode) and x not in group
        ]
    return group


def _graph_key(kg: KnowledgeGraph, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """A graph as ``blank_node_names`` tells graphs apart: a named graph of the data by its name, the
    graph kgtool gives a file of triples by the file (its name holds the order in which the files
    were loaded, which a ``--jobs`` worker does not share) as reports name it, spelled plainly
    (``./data.ttl`` as ``data.ttl``): not its absolute path, which would make another copy of the
    same files, or a CI runner's checkout, give other names; the default graph as empty."""
    if not isinstance(graph, ox.NamedNode):
        return ""
    if graph.value.startswith(FILE_GRAPH_PREFIX) and graph.value in kg.sources:
        return FILE_GRAPH_PREFIX + os.path.normpath(assets.display_path(kg.sources[graph.value]))
    return graph.value


_LABELS = (ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)))


class Locator:
    """Finds the file and line where an entity was stated, so a reader can go and fix it.

    Files are read once, line by line, for all the entities a report names (a corpus file
    of a million statements is never held in memory). With ``read=False`` no file is read:
    ``locate`` gives the file alone, and ``pending`` collects what to look up, so that a
    ``--jobs`` worker leaves the reading of the whole input file to the parent, once for all
    workers (``fill_lines``)."""

    def __init__(self, kg: KnowledgeGraph, read: bool = True) -> None:
        self.kg = kg
        self.read = read
        self.pending: dict[Path, set[str]] = {}  # read=False: the IRIs to look up, per file
        self._lines: dict[tuple[Path, str], int | None] = {}
        # the workbook row an entity was imported from ('# from study.xlsx!Cells!14' just above it)
        self._origins: dict[tuple[Path, str], str] = {}
        self._names: dict[Path, str] = {}  # each file's name for people, looked up once
        # (graph's file, IRI) -> the other file whose line was found instead (``look_elsewhere``)
        self._moved: dict[tuple[Path, str], Path] = {}
        self._wanted: dict[Path, set[str]] = {}
        self._files: dict[str, Path | None] = {}  # each entity's file, looked up in the store once
        # each blank node's place (``_place``): the IRI it hangs from and the file of that statement
        self._held: dict[ox.BlankNode, tuple[str, Path | None] | None] = {}
        # a blank node's name in the findings -> the IRI whose line it is given (``note_holders``),
        # for the parent of a ``--jobs`` worker, which finds lines by IRI
        self.holders: dict[str, str] = {}

    def _file(self, node: ox.NamedNode) -> Path | None:
        if node.value not in self._files:
            files = self.kg.files_stating(node)
            self._files[node.value] = files[0] if files else None
        return self._files[node.value]

    def _place(self, node: OxTerm | rdflib.term.Node | None) -> tuple[Path | None, str | None]:
        """The file and the IRI whose line a finding about ``node`` gets: an IRI's own (the first
        file stating it); for a blank node, the named resource it hangs from and the file of the
        statement that holds it (``_hold``)."""
        if isinstance(node, rdflib.URIRef):
            node = ox.NamedNode(str(node))
        if isinstance(node, ox.NamedNode):
            return self._file(node), node.value
        if isinstance(node, ox.BlankNode):
            if node not in self._held:
                self._hold(node)
            held = self._held[node]
            if held is not None:  # (no file for a holding statement in the default graph, which the
                return held[1], held[0]  # files share: the holder's own file may not hold the [ ])
        return None, None

    def _hold(self, start: ox.BlankNode) -> None:
        """The place of every blank node of ``start``'s group (the blank nodes linked to it through
        blank nodes), worked out once for the group: the subject of a statement whose object it is,
        through other blank nodes if need be, the nearest first, then the first IRI in order, then
        a graph with a file before one without (the default graph), then the first graph in order;
        with the file of that statement's graph (none for the default graph). The ``[ … ]``
        of a blank node is most often written inside the statements of that resource, in that file,
        so its line is where a reader finds it. None for a group that hangs from nothing."""
        group = blank_group(self.kg.store, start)
        children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
        # (the holder's IRI, the holding graph's order: those with a file first, then by name; its file)
        best: dict[ox.BlankNode, tuple[str, tuple[bool, str], Path | None]] = {}
        for node, touching in group.items():
            for subject, graph in ((q.subject, q.graph_name) for q in touching if q.object == node):
                if isinstance(subject, ox.BlankNode):
                    children.setdefault(subject, []).append(node)
                elif isinstance(subject, ox.NamedNode):
                    name = graph.value if isinstance(graph, ox.NamedNode) else ""
                    path = self.kg.sources.get(name) if name else None
                    place = (subject.value, (path is None, name), path)
                    if node not in best or place[:2] < best[node][:2]:
                        best[node] = place
        frontier = list(best)
        while frontier:  # one remove further each round: the nearest holders first
            found: dict[ox.BlankNode, tuple[str, tuple[bool, str], Path | None]] = {}
            for node in frontier:
                for child in children.get(node, ()):
                    if child not in best and (child not in found or best[node][:2] < found[child][:2]):
                        found[child] = best[node]
            best.update(found)
            frontier = list(found)
        for node in group:
            self._held[node] = (best[node][0], best[node][2]) if node in best else None

    def note_holders(self, names: dict[ox.BlankNode, str], nodes: Iterable[OxTerm]) -> None:
        """Keep, for each blank node among ``nodes`` that hangs from a named resource, its name
        (``blank_node_names``) and that resource's IRI (``holders``)."""
        for node in nodes:
            if isinstance(node, ox.BlankNode) and node in names:
                _, iri = self._place(node)
                if iri is not None:
                    self.holders[names[node]] = iri

    def prepare(self, nodes: Iterable[OxTerm]) -> None:
        for node in set(nodes):
            path, iri = self._place(node)
            if path is not None and iri is not None and (path, iri) not in self._lines:
                self._wanted.setdefault(path, set()).add(iri)
        if not self.read:
            for path, iris in self._wanted.items():
                self.pending.setdefault(path, set()).update(iris)
                self._lines.update({(path, iri): None for iri in iris})
            self._wanted = {}
            return
        missing: dict[str, Path] = {}
        for path, iris in self._wanted.items():
            origins: dict[str, str] = {}
            for iri, line in _find_lines(path, iris, origins).items():
                self._lines[(path, iri)] = line
                if line is None:
                    missing[iri] = path
            self._origins.update({(path, iri): origin for iri, origin in origins.items()})
        self._wanted = {}
        for iri, (other, line, origin) in look_elsewhere(missing, self.kg.sources.values()).items():
            path = missing[iri]
            self._moved[(path, iri)] = other
            self._lines[(path, iri)] = line
            if origin is not None:
                self._origins[(path, iri)] = origin

    def locate(self, node: OxTerm | rdflib.term.Node | None) -> tuple[str | None, int | None]:
        path, iri = self._place(node)
        if path is None or iri is None:
            return None, None
        if (path, iri) not in self._lines:
            self._wanted.setdefault(path, set()).add(iri)
            self.prepare([])
        line = self._lines.get((path, iri))
        path = self._moved.get((path, iri), path)
        if path not in self._names:
            self._names[path] = assets.display_path(path)
        return self._names[path], line

    def origin(self, node: OxTerm | rdflib.term.Node | None) -> str | None:
        """The workbook row the entity came from (``study.xlsx!Cells!14``), when ``kgtool import``
        wrote its file; None otherwise."""
        self.locate(node)
        path, iri = self._place(node)
        return self._origins.get((path, iri)) if path is not None and iri is not None else None


def look_elsewhere(missing: dict[str, Path], files: Iterable[Path]) -> dict[str, tuple[Path, int, str | None]]:
    """For IRIs that no line of the file they were looked for in states or mentions (IRI -> that
    file, a dataset file's): the first other dataset file among ``files`` (in their order) with a
    line that does, the line, and the workbook row named above it. The store files a named graph
    under the first file that names it, so a graph written in two TriG or N-Quads files (a dataset
    cut in parts) sent a reader to the first for what the second states, without a line. Only
    dataset files are looked in: a file of triples has a graph of its own, in which the store
    found the IRI stated, so its line is nowhere else. Each file is read once for all the IRIs,
    and only when one is missing."""
    left = {iri: home for iri, home in missing.items() if _is_dataset(home)}
    found: dict[str, tuple[Path, int, str | None]] = {}
    for path in dict.fromkeys(files):
        wanted = {iri for iri, home in left.items() if home != path}
        if not wanted or not _is_dataset(path):
            continue
        origins: dict[str, str] = {}
        for iri, line in _find_lines(path, wanted, origins).items():
            if line is not None:
                found[iri] = (path, line, origins.get(iri))
                del left[iri]
        if not left:
            break
    return found


def _is_dataset(path: Path) -> bool:
    """Whether the file's extension names a syntax with named graphs (TriG, N-Quads)."""
    return FORMATS.get(path.suffix.lstrip(".").lower()) in DATASET_FORMATS


def lines_of(
    pending: dict[Path, set[str]], files: Iterable[Path] = (), moved: dict[tuple[str, str], str] | None = None
) -> dict[tuple[str, str], tuple[int | None, str | None]]:
    """For a ``Locator(read=False)``'s ``pending`` IRIs (merged over workers): (file as people see
    it, IRI) -> (line, workbook row), each file read once; an IRI found in none of its own file's
    lines is looked for in the other dataset files among ``files`` (``look_elsewhere``), and
    ``moved`` gets the name of the file where it was found."""
    out: dict[tuple[str, str], tuple[int | None, str | None]] = {}
    missing: dict[str, Path] = {}
    for path in sorted(pending):
        origins: dict[str, str] = {}
        name = assets.display_path(path)
        for iri, line in _find_lines(path, pending[path], origins).items():
            out[(name, iri)] = (line, origins.get(iri))
            if line is None:
                missing[iri] = path
    if moved is not None:
        for iri, (other, line, origin) in look_elsewhere(missing, files).items():
            key = (assets.display_path(missing[iri]), iri)
            out[key] = (line, origin)
            moved[key] = assets.display_path(other)
    return out


ScanState = tuple[tuple[tuple[str, str], ...], str | None]  # the prefixes declared so far, the @base


@dataclass(frozen=True)
class RangeLines:
    """What ``lines_in_range`` found in bytes ``start``..``end`` of a file: the line (counted from
    1 at ``start``) and workbook row of each IRI a line there starts with, the number of lines,
    and the scan's state (prefixes, @base) at the start and at the end (None: it stopped, every
    IRI found); ``failed``: a line there is not UTF-8, or the file could not be read."""

    found: dict[str, int] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    begins: ScanState = ((), None)
    ends: ScanState | None = None
    failed: bool = False


def lines_in_range(path: Path, iris: set[str], start: int, end: int, prologue: int) -> RangeLines:
    """``_find_lines``'s first rule (the first line that starts with the IRI) for the lines of bytes
    ``start``..``end`` of a file (``start`` just after a line break), so that ``--jobs`` workers
    each read their own byte ranges (``kgtool.validation.ranges``) instead of the parent reading
    the whole file after them. A range after the first starts from the state the scan has after
    the file's prologue (bytes 0..``prologue``, its directive lines) and looks for no @base; that
    is the whole file's reading only if the range before it ends in that state and its first line
    comes after the lines where an @base is looked for, which ``merge_range_lines`` checks."""
    origins: dict[str, str] = {}
    scan = _LineScan(iris, origins)
    previous = b""
    try:
        if start > 0:
            head = _LineScan(set(), None)
            _scan_blocks(_blocks(path, 0, prologue), head, 0, b"", prologue)
            scan.base_lines, scan.prefixes, scan.base = 0, dict(head.prefixes), head.base
            previous = _line_before(path, start)
        begins = _state(scan)
        # smaller blocks than the parent's: the worker still holds its store
        done, number = _scan_blocks(_blocks(path, start, end, _BLOCK // 8), scan, 0, previous, end - start)
    except (UnicodeDecodeError, OSError):
        return RangeLines(failed=True)
    found = {iri: line for iri, line in scan.found.items() if line is not None}
    return RangeLines(found, origins, number, begins, None if done else _state(scan))


def _state(scan: _LineScan) -> ScanState:
    return tuple(sorted(scan.prefixes.items())), scan.base


def _line_before(path: Path, start: int) -> bytes:
    """The line that ends just before byte ``start`` of the file, as ``_blocks`` gives it."""
    size = min(start, 1 << 16)
    with open(path, "rb") as f:
        while True:
            f.seek(start - size)
            data = _newlines(f.read(size))
            at = data.rfind(b"\n", 0, len(data) - 1)
            if at >= 0 or size == start:
                return data[at + 1 : -1]
            size = min(start, size * 4)


def merge_range_lines(
    path: Path, iris: set[str], ranges: list[RangeLines]
) -> dict[str, tuple[int | None, str | None]] | None:
    """The line and workbook row of each IRI as ``_find_lines`` finds them in the whole file, from
    what ``lines_in_range`` found in each of its ranges (in the file's order, together the whole
    file): the first range's hit, else the first line that mentions it. None when the ranges'
    scans do not join up as one reading of the file (a range failed, a range did not start in
    the state the one before ended in, a cut within the first lines): the caller reads it whole."""
    found: dict[str, int | None] = {}
    origins: dict[str, str] = {}
    offset, ends = 0, ranges[0].begins if ranges else ((), None)
    for k, r in enumerate(ranges):
        if r.failed or (k and (r.begins != ends or offset < _BASE_LINES)):
            return None
        for iri, line in r.found.items():
            if iri not in found:
                found[iri] = offset + line
                if iri in r.origins:
                    origins[iri] = r.origins[iri]
        if len(found) == len(iris):
            break
        if r.ends is None:
            return None
        offset, ends = offset + r.lines, r.ends
    else:
        missing = iris - set(found)
        if missing:
            _mentions(path, missing, ends[1], found)
    return {iri: (found.get(iri), origins.get(iri)) for iri in iris}


IMPORTED_FROM = re.compile(r"#\s*from\s+(\S+!\S+!\d+)\s*$")
PREFIX_LINE = re.compile(r"\s*(?:@prefix|PREFIX)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*|):([\w.-]*?)(?=[\s;,]|$)")


def _find_lines(path: Path, iris: set[str], origins: dict[str, str] | None = None) -> dict[str, int | None]:
    """For each IRI, the first line that starts with it (as <IRI>, relative to @base, or as a
    prefixed name such as ex:a after its @prefix), else the first line that mentions it; and in
    ``origins``, the workbook row named by a ``# from`` comment on the line just above that line.

    The file is read as bytes, in blocks of whole lines (``_scan_blocks``); a file that is not
    UTF-8 where a line must be decoded is read as text, up to that byte."""
    scan = _LineScan(iris, origins)
    try:
        if _scan_blocks(_blocks(path), scan, 0, b"", path.stat().st_size)[0]:
            return {iri: scan.found.get(iri) for iri in iris}
    except UnicodeDecodeError:
        return _find_lines_slowly(path, iris, origins)
    except OSError:
        pass
    missing = iris - set(scan.found)
    if missing:
        _mentions(path, missing, scan.base, scan.found)
    return {iri: scan.found.get(iri) for iri in iris}


def _scan_blocks(blocks: Iterable[bytes], scan: _LineScan, number: int, previous: bytes, size: int) -> tuple[bool, int]:
    """Run ``scan`` over the lines of ``blocks`` (numbered after ``number``; ``previous``: the line
    before the first; ``size``: about how many bytes they hold); whether it found every IRI (and
    stopped there), and the last line's number.

    The first ``scan.base_lines`` lines (where an @base is looked for) are read one by one
    (``_scan_lines``). After them the @base is known, and a regular expression finds the lines
    that reading would act on (``_Events``), so that Python looks at a few thousand lines of a
    large dump instead of each of its million; with more IRIs than the file's size pays for
    compiling into it (or a set of them it cannot hold), the lines are read one by one."""
    events: _Events | None = None
    for block in blocks:
        if number < scan.base_lines:
            head, block = _split_after(block, scan.base_lines - number)
            done, number = _scan_lines((head,), scan, number, previous)
            if done:
                return True, number
            previous = _last_line(head)
            if not block:
                continue
        if events is None:
            events = _Events.of(scan, size)
        done, number = (
            events.read(block, number, previous) if events.usable else _scan_lines((block,), scan, number, previous)
        )
        if done:
            return True, number
        previous = _last_line(block)
    return False, number


def _split_after(block: bytes, lines: int) -> tuple[bytes, bytes]:
    """The block's first ``lines`` lines (all of it if it has fewer), and the rest."""
    at = 0
    for _ in range(lines):
        at = block.find(b"\n", at) + 1
        if at == 0:
            return block, b""
    return block[:at], block[at:]


def _last_line(block: bytes) -> bytes:
    """The last line of a block of whole lines (without its line break)."""
    return block[block.rfind(b"\n", 0, len(block) - 1) + 1 : -1]


def _scan_lines(
    blocks: Iterable[bytes], scan: _LineScan, number: int, previous: bytes, wanted: dict[bytes, str] | None = None
) -> tuple[bool, int]:
    """``_scan_blocks``, one line at a time: a line that starts with ``<`` (every statement of a
    large dump), ``}`` or ``#``, or is empty, cannot declare a prefix or start with a prefixed name:
    its leading IRI is compared as bytes, and it is decoded only when it is the line above a line
    found (for a ``# from`` comment). Every other line, and each of the first ``scan.base_lines``
    (where an @base is looked for), is decoded and read by ``_LineScan.line``. ``wanted``: the
    IRIs as bytes, when the caller has them."""
    if wanted is None:
        wanted = {iri.encode("utf-8"): iri for iri in scan.iris}
    get = wanted.get
    base = scan.base.encode("utf-8") if scan.base is not None else None
    base_lines = scan.base_lines
    for block in blocks:
        lines = block.split(b"\n")
        lines.pop()  # after the block's last line break
        for line in lines:
            number += 1
            first = line[:1]
            if first == b"<" and number > base_lines:
                end = line.find(b">")
                token = line[1:end] if end > 0 else b"\n"  # no '>': no token (and no IRI is a line break)
                # with no @base only a line that starts with an IRI looked for is a hit; with one,
                # both readings of the token are asked (no list built per line: this is the hot loop)
                if base is None:
                    if (hit := get(token)) is not None and _first(scan, (hit,), number, previous):
                        return True, number
                elif _first(scan, (get(token), get(base + token)), number, previous):
                    return True, number
            elif first not in (b"}", b"#", b"") or number <= base_lines:
                scan.previous = previous.decode("utf-8")
                scan.line(number, line.decode("utf-8"))
                base = scan.base.encode("utf-8") if scan.base is not None else None
            previous = line
    return False, number


def _first(scan: _LineScan, hits: tuple[str | None, ...], number: int, previous: bytes) -> bool:
    """Record the IRIs a statement line starts with; whether every IRI is found now."""
    for hit in hits:
        if hit is not None and hit not in scan.found:
            scan.first(hit, number, previous.decode("utf-8"))
    return len(scan.found) == len(scan.iris)


class _Events:
    """The lines past the first ones that ``_scan_lines`` acts on, found by one regular expression
    per block: those that start with ``<`` and an IRI looked for (as written, or relative to the
    @base, which is known by then) and ``>``; those that start otherwise than with ``<``, ``}``
    or ``#`` and are not empty (read as text); and once every IRI is found with an @base, any
    line that starts with ``<`` (where ``_scan_lines`` stops). Each such line is read by
    ``_scan_lines`` itself, with its number and the line above it, so both readings agree."""

    def __init__(self, scan: _LineScan, lines: bytes | None) -> None:
        """``lines``: the expression for the lines to read (None: every line is read)."""
        self.reading, self.usable = scan, lines is not None
        self.wanted = {iri.encode("utf-8"): iri for iri in scan.iris}
        if lines is not None:
            self.lines = re.compile(lines)
            self.stop = re.compile(rb"\n[^}#\n]")  # every IRI found, with an @base: any line but those

    @classmethod
    def of(cls, scan: _LineScan, size: int) -> _Events:
        """The search for this scan's IRIs, if the bytes to read (``size``) pay for compiling it."""
        iris = [iri.encode("utf-8") for iri in scan.iris]
        base = scan.base.encode("utf-8") if scan.base is not None else None
        keys = set(iris) | ({iri[len(base) :] for iri in iris if iri.startswith(base)} if base is not None else set())
        keys = {k for k in keys if b">" not in k and b"\n" not in k}  # no line's leading token holds either
        if len(keys) * _BYTES_PER_KEY > size:
            return cls(scan, None)
        if not keys:
            return cls(scan, rb"\n[^<}#\n]")
        alternation = _alternation(sorted(keys))
        return cls(scan, None if alternation is None else rb"\n(?:<" + alternation + rb">|[^<}#\n])")

    def read(self, block: bytes, number: int, previous: bytes) -> tuple[bool, int]:
        """``_scan_lines`` over one block (past the first lines), reading only the lines it acts on."""
        scan, wanted, first_end = self.reading, self.wanted, block.index(b"\n")
        at, at_number = 0, number + 1  # a line's start and its number, to count the lines from
        # the first line (no line break before it for the search to start from)
        if _scan_lines((block[: first_end + 1],), scan, number, previous, wanted)[0]:
            return True, number + 1
        end = first_end
        while True:
            search = self.stop if scan.base is not None and len(scan.found) == len(scan.iris) else self.lines
            m = search.search(block, end)
            if m is None:
                return False, at_number + block.count(b"\n", at) - 1
            start = m.start() + 1
            at_number += block.count(b"\n", at, start)
            at, end = start, block.index(b"\n", start)
            above = block[block.rfind(b"\n", 0, start - 1) + 1 : start - 1]
            if _scan_lines((block[start : end + 1],), scan, at_number - 1, above, wanted)[0]:
                return True, at_number


def _alternation(keys: list[bytes], depth: int = 0) -> bytes | None:
    """A regular expression matching exactly the (sorted, distinct) ``keys``, as a tree of their
    common beginnings, so that a line is compared byte by byte once, not once per key; None when
    the tree would nest deeper than the expression compiler takes."""
    if depth > _MAX_DEPTH:
        return None
    lo, hi = keys[0], keys[-1]
    n = 0
    while n < len(lo) and lo[n] == hi[n]:
        n += 1
    common, rest = re.escape(lo[:n]), [k[n:] for k in keys]
    if len(rest) == 1:
        return common
    groups: dict[bytes, list[bytes]] = {}
    for k in rest:
        if k:
            groups.setdefault(k[:1], []).append(k)
    branches = []
    for _, group in sorted(groups.items()):
        branch = _alternation(group, depth + 1)
        if branch is None:
            return None
        branches.append(branch)
    body = b"(?:" + b"|".join(branches) + b")"
    return common + (body + b"?" if rest[0] == b"" else body)


_BASE_LINES = 40  # an @base is looked for in the first lines only
# bytes to read per IRI for ``_Events`` to pay: compiling costs about 40 us per IRI, and saves about
# 1.7 ns per byte read (0.72 -> 0.39 CPU s for the 1,554 IRIs of a 200 MB, 1M-statement dump)
_BYTES_PER_KEY = 16 * 1024
_MAX_DEPTH = 50  # branchings nested in ``_alternation``'s expression
_BLOCK = 1024 * 1024  # (a larger block costs more: each new one is fresh memory the kernel must map)


def _blocks(path: Path, start: int = 0, end: int | None = None, size: int | None = None) -> Iterator[bytes]:
    """The file's bytes (``start``..``end``) in blocks of whole lines, each ending in a line break.
    Lines end where Python's text files end them (\\r\\n and a lone \\r end a line too): both are
    made \\n."""
    rest = b""
    left = end - start if end is not None else -1
    size = size or _BLOCK
    with open(path, "rb") as f:
        f.seek(start)
        while left != 0 and (chunk := f.read(size if left < 0 else min(size, left))):
            left -= len(chunk) if left > 0 else 0
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            block, rest = data[:cut], data[cut:]
            if block:
                yield _newlines(block)
    if rest:
        yield _newlines(rest + b"\n")


def _newlines(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in data else data


def _subject_line(text: str, above: str) -> str:
    """An indented line's text from its first token when the line above ends a statement (``.``)
    or opens or closes a graph's braces, or is a comment or blank: then the line starts a statement,
    and its first token is a subject. After a line ending in ``;`` or ``,`` (or anything else) it
    goes on a statement, and its first token is a predicate or an object: "" then, which no name
    matches."""
    end = _TRAILING_COMMENT.sub("", above).rstrip()
    return text.lstrip() if not end or end[-1] in ".{}" or end.lstrip().startswith("#") else ""


# a comment at the end of a line, when nothing that could hold a "#" (a string, an IRI) comes after it
_TRAILING_COMMENT = re.compile(r"\s#[^\"'<>]*$")


class _LineScan:
    """The line-by-line search of ``_find_lines``: the @base of the first lines, the prefixes
    declared so far, what has been found."""

    def __init__(self, iris: set[str], origins: dict[str, str] | None, base_lines: int = _BASE_LINES) -> None:
        self.iris, self.origins = iris, origins
        self.base_lines = base_lines  # the lines where an @base is looked for
        self.found: dict[str, int | None] = {}
        self.base: str | None = None
        self.prefixes: dict[str, str] = {}
        self.previous = ""

    def line(self, number: int, text: str) -> None:
        above, self.previous = self.previous, text
        if number == 1:
            text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the first line's text
        if number <= self.base_lines and self.base is None and (m := re.match(r"\s*@base\s+<([^>]*)>", text)):
            self.base = m.group(1)
        stripped = text.lstrip()
        # the regular expression only where a prefix line can start: most lines start with < or a space
        if stripped[:1] in "@Pp" and (m := PREFIX_LINE.match(text)):
            self.prefixes[m.group(1)] = m.group(2)
            return
        if stripped.startswith("<") and ">" in stripped:
            token = stripped[1 : stripped.index(">")]
            for iri in (token, self.base + token if self.base is not None else None):
                if iri in self.iris and iri not in self.found:
                    self.first(iri, number, above)
        elif self.prefixes and (m := PREFIXED_NAME.match(text if stripped == text else _subject_line(text, above))):
            # a subject written as a prefixed name starts its line (predicates are indented), or
            # starts an indented line after a statement's end (a TriG graph's statements, in braces)
            if m.group(1) not in self.prefixes:
                return
            iri = self.prefixes[m.group(1)] + m.group(2)
            if iri in self.iris and iri not in self.found:
                self.first(iri, number, above)

    def first(self, iri: str, number: int, above: str) -> None:
        self.found[iri] = number
        if self.origins is not None and (m := IMPORTED_FROM.match(above.strip())):
            self.origins[iri] = m.group(1)


def _mentions(path: Path, missing: set[str], base: str | None, found: dict[str, int | None]) -> None:
    """For IRIs no line starts with: the first line that mentions each, as <IRI> or relative to the
    @base; in a JSON-LD or RDF/XML file, which write no <IRI>, the first line that quotes it
    ("@id", rdf:about). A search of each block per IRI, not of each line. (A prefixed name is not
    looked for here: it is found as text, in a comment or a string, as readily as in a statement.)"""
    written = {
        iri: [iri] + ([iri[len(base) :]] if base and iri.startswith(base) and iri != base else []) for iri in missing
    }
    quoted = FORMATS.get(path.suffix.lstrip(".").lower()) in (ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML)
    wanted = {
        iri: [f"{q}{w}{r}".encode() for w in ways for q, r in (_QUOTES if quoted else (("<", ">"),))]
        for iri, ways in written.items()
    }
    number = 1
    for block in _blocks(path):
        for iri in list(wanted):
            at = [i for i in (block.find(c) for c in wanted[iri]) if i >= 0]
            if at:
                found[iri] = number + block.count(b"\n", 0, min(at))
                del wanted[iri]
        if not wanted:
            return
        number += block.count(b"\n")


_QUOTES = (('"', '"'), ("'", "'"))


def _find_lines_slowly(path: Path, iris: set[str], origins: dict[str, str] | None = None) -> dict[str, int | None]:
    """``_find_lines`` as text, line by line, for a file with bytes that are not UTF-8: the lines
    that start with an IRI before the first such byte, then the mentions (read as bytes)."""
    scan = _LineScan(iris, origins)
    try:
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, start=1):
                scan.line(number, text)
    except (OSError, UnicodeDecodeError):
        pass
    missing = iris - set(scan.found)
    if missing:
        with contextlib.suppress(OSError):
            _mentions(path, missing, scan.base, scan.found)
    return {iri: scan.found.get(iri) for iri in iris}
