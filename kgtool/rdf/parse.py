"""Reading RDF files into the embedded store, with errors a person can act on.

Parsing is pyoxigraph's (Rust, streaming, exact line and column on a syntax error);
files go straight into the store, so a large file is never held as Python objects.
Everything that can go wrong before the first statement — a missing file, a folder,
an empty file, bytes that are not UTF-8, an extension we cannot map to a syntax — is
caught and reported with the file name, so no caller sees a parser's traceback.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from kgtool.errors import InputError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded
from kgtool.rdf import INPUT_FORMAT_NAMES
from kgtool.rdf.typed_lines import Kept, kept_lines
from kgtool.vocab import RDF, XSD

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n3": ox.RdfFormat.N3,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
}

DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
BOM = codecs.BOM_UTF8
# Files up to this size are read and checked in memory (exact encoding errors, BOM);
# larger ones stream from disk through Oxigraph's bulk loader. No read takes more than
# this into memory, whatever the file's size said when it was looked at.
IN_MEMORY_LIMIT = 64 * 1024 * 1024
XML_CHUNK = 1024 * 1024
# Resource limits, each refused with its own error before the parser could exhaust memory or
# stack. Oxigraph's parsers stop at a 16 MiB token with a bare MemoryError; kgtool names the
# file and the line instead. JSON-LD nested deeper than this overflows the parser's stack
# (a crash, not an error) at some thousands of levels; real documents nest a handful.
MAX_LITERAL = 16 * 1024 * 1024
MAX_JSON_DEPTH = 512
# An RDF/XML entity may stand for text (a namespace IRI, typically) of at most this many
# characters, and may not refer to another entity: nesting is how a few hundred bytes expand
# to gigabytes ("billion laughs"), and a long value is the quadratic variant of it.
MAX_XML_ENTITY = 4096
LINE_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)


def format_for(path: Path, input_format: str | None = None) -> ox.RdfFormat:
    """The RDF syntax of a file: the one asked for, else the one its extension says."""
    key = (input_format or path.suffix.lstrip(".")).lower()
    try:
        return FORMATS[key]
    except KeyError:
        raise worded(
            InputError,
            "load#unknown-format",
            "load.unknown_format" if path.suffix else "load.unknown_format_no_extension",
            hint_key="load.unknown_format_hint",
            file=str(path),
            extension=path.suffix,
            formats="|".join(INPUT_FORMAT_NAMES),
        ) from None


def check_file(path: Path) -> None:
    """Refuse, naming the file, anything that is not a readable regular file: missing, a folder,
    a pipe or device, or one that this user may not read (or whose folder it may not enter)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise worded(InputError, "load#missing-file", "load.missing_file", file=str(path)) from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if stat.S_ISDIR(mode):
        raise worded(InputError, "load#not-a-file", "load.not_a_file", file=str(path))
    _refuse_special(path, mode)
    try:  # opened (without blocking) and closed at once: a permission problem shows here, by name
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)))
    except OSError as exc:
        raise unreadable(path, exc) from None


def unreadable(path: Path, exc: OSError) -> InputError:
    """The error for a file the operating system will not let us read."""
    if isinstance(exc, PermissionError):
        return worded(InputError, "load#permission-denied", "load.permission_denied", file=str(path))
    return worded(
        InputError, "load#unreadable", "load.unreadable", file=str(path), reason=exc.strerror or type(exc).__name__
    )


def _refuse_special(path: Path, mode: int) -> None:
    """A pipe, device or socket would hang the read or never end: only regular files are read."""
    if stat.S_ISREG(mode):
        return
    kind = (
        "fifo"
        if stat.S_ISFIFO(mode)
        else "character_device"
        if stat.S_ISCHR(mode)
        else "block_device"
        if stat.S_ISBLK(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "other"
    )
    raise worded(
        InputError,
        "load#not-a-regular-file",
        f"load.not_regular_{kind}",
        hint_key="load.not_regular_hint",
        file=str(path),
    )


def _read_small(path: Path) -> bytes | None:
    """The whole file if it holds at most IN_MEMORY_LIMIT bytes, else None (stream it instead).
    Opened without blocking and checked again once open, so a file swapped for a pipe or a
    device after ``check_file`` cannot hang the read or fill the memory."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as f:
        _refuse_special(path, os.fstat(f.fileno()).st_mode)
        data = f.read(IN_MEMORY_LIMIT + 1)
    return data if len(data) <= IN_MEMORY_LIMIT else None


def read_checked(path: Path, data: bytes | None = None) -> bytes:
    """A small file's bytes, once we know they are non-empty UTF-8 text (BOM removed)."""
    if data is None:
        data = _read_small(path)
        if data is None:
            raise worded(InputError, "load#too-large", "load.too_large", file=str(path), mib=IN_MEMORY_LIMIT // 2**20)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data.strip():
        raise empty_file(path)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise worded(
            InputError,
            "load#bad-encoding",
            "load.bad_encoding_byte",
            file=str(path),
            line=line,
            column=column,
            byte=f"{data[exc.start]:02x}",
        ) from None
    return data


def load_file(store: ox.Store, path: Path, graph: ox.NamedNode, input_format: str | None = None) -> None:
    """Load one file into the store: triples into ``graph``, a dataset's quads into their own graphs.

    Raises InputError naming the file, line and column on any problem; a file that holds
    no statement at all is an error too (it is almost always the wrong file).

    Relative IRIs resolve against the file's own address until the file declares ``@base``
    (or ``BASE``); from there on against the base it declares, as the Turtle specification
    says. The declaration never switches the file's address off for what comes before it.
    """
    _read_into(path, input_format, store, graph)


def check_readable(
    path: Path, input_format: str | None = None, read: Callable[[Iterator[ox.Quad]], None] | None = None
) -> ox.RdfFormat:
    """Every check ``load_file`` makes, with no store: the file is parsed to its end, so a
    streaming loader (``kgtool load``) refuses a bad file with the same error before it sends
    anything. Returns the file's syntax. ``read``: given the statements as this pass parses them
    (``kgtool load``'s literal check, which so needs no parse of its own); an error the parser
    raises meanwhile is the file's, as without it."""
    return _read_into(path, input_format, None, None, read)


def _read_into(
    path: Path,
    input_format: str | None,
    store: ox.Store | None,
    graph: ox.NamedNode | None,
    read: Callable[[Iterator[ox.Quad]], None] | None = None,
) -> ox.RdfFormat:
    """Read the file into ``store`` (or only parse it through, without one, giving the statements
    to ``read``) with every check."""
    check_file(path)
    fmt = format_for(path, input_format)
    to_graph = None if fmt in DATASET_FORMATS else graph
    base = path.resolve().as_uri()
    try:
        small = _read_small(path) if path.stat().st_size <= IN_MEMORY_LIMIT else None
        if small is not None:
            data = read_checked(path, small)
            marked = _precheck(path, fmt, data)
            if store is not None:
                store.load(data, format=fmt, base_iri=base, to_graph=to_graph)
            statements = ox.parse(data, format=fmt, base_iri=base)
        else:
            marked = _precheck(path, fmt)
            if store is not None:
                store.bulk_load(path=str(path), format=fmt, base_iri=base, to_graph=to_graph)
            statements = ox.parse(path=str(path), format=fmt, base_iri=base)
        # Loaded, the file has parsed, so this reads it only as far as its first statement: the
        # check costs nothing whatever the store holds (counting the store's statements before
        # and after did, a scan of the whole store per file). Without a store, the file is
        # parsed to its end here, which is what finds its syntax errors.
        first = next(statements, None)
        empty = first is None
        if store is None and read is not None:
            read(itertools.chain((first,) if first is not None else (), statements))
        elif store is None:
            for _ in statements:
                pass
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc, small) from None
    except MemoryError as exc:
        raise too_large_token(path, fmt, exc, small) from None
    except ValueError as exc:
        raise bad_syntax(path, fmt, exc) from None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if empty:
        raise no_statements(path)
    if marked:
        refuse_triple_terms(path, fmt, small, base)
    return fmt


def read_quads(path: Path, input_format: str | None = None, lenient: bool = False) -> Iterator[ox.Quad]:
    """The statements of a file that ``load_file`` has already read, parsed again the same way
    (a UTF-8 byte-order mark dropped, the same base IRI), for checks that need them as written.
    ``lenient``: IRIs not checked (a third less CPU), for a reader whose statements are loaded,
    and so checked, elsewhere (``kgtool validate --jobs``)."""
    fmt = format_for(path, input_format)
    base = path.resolve().as_uri()
    if path.stat().st_size <= IN_MEMORY_LIMIT:
        return ox.parse(read_checked(path), format=fmt, base_iri=base, lenient=lenient)
    return ox.parse(path=str(path), format=fmt, base_iri=base, lenient=lenient)


# the datatypes the store keeps as written (strings); every other typed literal may be rewritten
KEPT_AS_WRITTEN = frozenset({XSD + "string", RDF + "langString"})
TypedStatement = tuple[ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode, ox.Literal]


def typed_statements(path: Path, input_format: str | None = None) -> tuple[list[TypedStatement], dict[str, str]]:
    """The statements of a file whose object is a literal the store may rewrite (a number, a
    boolean, a date…), as the file writes them, and the prefixes the file declares. Read once per
    version of the file: the literal note and validation's literals-as-written both need them."""
    key = file_version(path, input_format)
    given = _GIVEN.get(key)
    return given if given is not None else _typed_statements(*key)


# A version of a file, for what is kept of it between two readers: its path and format, and what
# tells its contents apart without reading them. Size and time alone do not: a file replaced by
# one of the same size and time (``touch -r``, ``rsync -t``) has another inode or change time.
FileVersion = tuple[Path, str | None, int, int, int, int]


def file_version(path: Path, input_format: str | None) -> FileVersion:
    st = path.stat()
    return path.resolve(), input_format, st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns


# what a caller that read a file itself found (``kgtool validate --jobs``), for the next reader
_GIVEN: dict[FileVersion, tuple[list[TypedStatement], dict[str, str]]] = {}


def remember_typed_statements(
    path: Path, input_format: str | None, found: tuple[list[TypedStatement], dict[str, str]]
) -> None:
    """``typed_statements`` of a file, from a caller that has just read all of it (``kgtool validate
    --jobs``), so that the note on rewritten literals does not read it once more."""
    if len(_GIVEN) >= 16:
        del _GIVEN[next(iter(_GIVEN))]
    _GIVEN[file_version(path, input_format)] = found


@functools.lru_cache(maxsize=16)
def _typed_statements(
    path: Path, input_format: str | None, mtime_ns: int, size: int, inode: int, ctime_ns: int
) -> tuple[list[TypedStatement], dict[str, str]]:
    parser = _typed_parser(path, input_format)
    found = list(typed_only(parser))
    return found, dict(getattr(parser, "prefixes", {}))


def _typed_parser(path: Path, input_format: str | None) -> Iterator[ox.Quad]:
    # lenient: the file has been loaded, so its IRIs are checked already (a sixth less CPU). Only
    # the lines that can hold such a literal are parsed when the file's bytes show which they are.
    kept = kept_lines_of(path, input_format)
    if kept is None:
        return read_quads(path, input_format, lenient=True)
    return ox.parse(
        kept.document(), format=format_for(path, input_format), base_iri=path.resolve().as_uri(), lenient=True
    )


def kept_lines_of(path: Path, input_format: str | None = None) -> Kept | None:
    """``kgtool.rdf.typed_lines.kept_lines`` of a (loaded) file, searched once per version of the
    file: validation's literals as written and the literal note read them both."""
    return _kept_lines(*file_version(path, input_format))


@functools.lru_cache(maxsize=4)
def _kept_lines(
    path: Path, input_format: str | None, mtime_ns: int, size: int, inode: int, ctime_ns: int
) -> Kept | None:
    return kept_lines(path, format_for(path, input_format))


def given_typed_statements(
    path: Path, input_format: str | None = None
) -> tuple[list[TypedStatement], dict[str, str]] | None:
    """What a caller that read the file itself left for ``typed_statements`` (``kgtool validate
    --jobs``), or None."""
    return _GIVEN.get(file_version(path, input_format))


def typed_only(parser: Iterator[ox.Quad]) -> Iterator[TypedStatement]:
    """The statements whose object is a literal the store may hold otherwise than written."""
    for q in parser:
        if type(o := q.object) is ox.Literal and o.datatype.value not in KEPT_AS_WRITTEN:
            yield q.subject, q.predicate, o


def precheck(path: Path, fmt: ox.RdfFormat, data: bytes | None = None) -> None:
    """The checks that must run before a parser sees the file, because the parser would crash,
    expand entities without end, or stop with a bare MemoryError: a cut or entity-laden RDF/XML
    file, JSON-LD nested too deep or holding a string over MAX_LITERAL, a line-based file with a
    line over MAX_LITERAL. ``data`` is the file's bytes when they are in memory; otherwise the
    file is scanned from disk in chunks, so the check's memory does not grow with the file.

    A line-based file on disk is first looked through for a long line alone (``_lines_fit``,
    two short searches per chunk); only a file that has one is scanned again, line by line,
    to name it as ``_precheck`` does (the load's own reading also counts lines and looks for
    RDF 1.2 triple terms, which cost ten times as much at 1M)."""
    if data is None and fmt in LINE_FORMATS and _lines_fit(path):
        return
    _precheck(path, fmt, data)


def _lines_fit(path: Path) -> bool:
    """Whether no line of the file is longer than MAX_LITERAL bytes (unreadable: False, and
    ``_precheck`` says why)."""
    current = 0  # bytes of the line going on at the chunk's start
    try:
        with open(path, "rb") as f:
            while chunk := f.read(XML_CHUNK):
                first = chunk.find(b"\n")
                if first < 0:
                    current += len(chunk)
                    if current > MAX_LITERAL:
                        return False
                    continue
                last = chunk.rfind(b"\n")
                if current + first > MAX_LITERAL:
                    return False
                if _first_long_line(chunk, first + 1, last) is not None:
                    return False
                current = len(chunk) - last - 1
    except OSError:
        return False
    return current <= MAX_LITERAL


# the syntaxes in which a reifier's '~' states a triple term (``:s :p :o ~ :r .``)
REIFIER_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


def _precheck(path: Path, fmt: ox.RdfFormat, data: bytes | None = None) -> bool:
    """``precheck``, and whether the file could hold an RDF 1.2 triple term: only a line-based
    syntax can write one, always with '<<' or '{|', or in Turtle and TriG with a reifier's '~'
    (``:s :p :o ~ :r .`` states ``:r rdf:reifies <<( :s :p :o )>>``), looked for in the same
    reading of the bytes (a large file is read once for both, not twice)."""
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml_complete(path, data)
    elif fmt == ox.RdfFormat.JSON_LD:
        _scan(path, data, _JsonScan(path))
    elif fmt in LINE_FORMATS:
        lines = _LineScan(path, data, reifiers=fmt in REIFIER_FORMATS)
        _scan(path, data, lines)
        return lines.marked
    return False


class _LineScan:
    """No line longer than MAX_LITERAL bytes (in a line-based syntax a literal that long is on
    such a line, unless written across lines in triple quotes: Oxigraph's own limit, mapped by
    ``too_large_token``, catches that one).

    Each chunk costs two look-ups of a line feed and one search for each mark, all in C: lines
    are not counted as they pass (a tenth of a second for 200 MB), only the offset where the
    current line starts is kept, and the line an error names is counted from the bytes when the
    error is raised. ``data``: the file's bytes when they are in memory (else it is read again)."""

    def __init__(self, path: Path, data: bytes | None = None, reifiers: bool = False) -> None:
        self.path, self.data = path, data
        self.offset, self.line_start = 0, 0  # bytes fed before this chunk; where the open line starts
        self.marked, self.last = False, b""  # '<<', '{|' (or '~') seen; the byte before this chunk
        self.reifiers = reifiers  # a '~' marks the file too (Turtle and TriG: a reifier)

    def feed(self, chunk: bytes) -> None:
        if not self.marked:
            # '|' is rare in RDF, so a search for it (memchr) spares most files the slower pair search
            self.marked = (
                _ANGLES.search(chunk) is not None
                or (b"|" in chunk and b"{|" in chunk)
                or self.last + chunk[:1] in (b"<<", b"{|")
                or (self.reifiers and b"~" in chunk)
            )
            self.last = chunk[-1:]
        first = chunk.find(b"\n")
        if first < 0:  # checked where the line ends: its whole length, as from the bytes in memory
            self.offset += len(chunk)
            return
        self._check(self.line_start, self.offset + first)
        last = chunk.rfind(b"\n")
        long = _first_long_line(chunk, first + 1, last)  # a line between the first and the last
        if long is not None:
            self._check(self.offset + long[0], self.offset + long[1])
        self.line_start = self.offset + last + 1
        self.offset += len(chunk)
        self._check(self.line_start, self.offset)

    def _check(self, start: int, end: int) -> None:
        if end - start > MAX_LITERAL:
            raise literal_too_large(self.path, self._line_at(start), end - start)

    def _line_at(self, offset: int) -> int:
        """The number of the line that starts at ``offset`` (on the error path only)."""
        if self.data is not None:
            return self.data.count(b"\n", 0, offset) + 1
        line, read = 1, 0
        with open(self.path, "rb") as f:
            while read < offset and (chunk := f.read(min(XML_CHUNK, offset - read))):
                line += chunk.count(b"\n")
                read += len(chunk)
        return line

    def end(self) -> None:
        self._check(self.line_start, self.offset)


def _first_long_line(chunk: bytes, start: int, end: int) -> tuple[int, int] | None:
    """The first line of ``chunk[start:end]`` longer than MAX_LITERAL bytes, as (its start, the
    offset of the line feed or of ``end`` that ends it), else None; ``start`` is where a line
    begins, ``end`` where one ends. A line that long has no line feed in the MAX_LITERAL + 1
    bytes from its start, and every line that begins before the last line feed of those bytes
    ends within them: so the search jumps MAX_LITERAL bytes at a time, a few searches for the
    64 MiB a file read into memory can hold, where cutting it into lines (one Python object
    and one check per line) cost a tenth of a second at 100k statements."""
    while end - start > MAX_LITERAL:
        feed = chunk.rfind(b"\n", start, start + MAX_LITERAL + 1)
        if feed < 0:
            stop = chunk.find(b"\n", start, end)
            return start, end if stop < 0 else stop
        start = feed + 1
    return None


# the opening of an RDF 1.2 triple term or reifier; a compiled search runs about twice as fast
# as ``b"<<" in chunk`` on text where '<' is common (every IRI written in full)
_ANGLES = re.compile(rb"<<")


class _JsonScan:
    """Nesting depth and string length of JSON, streaming over the bytes: brackets inside
    strings do not count, an escaped quote does not end a string."""

    TOKENS = re.compile(rb'[\[\]{}"\\\n]')

    def __init__(self, path: Path) -> None:
        self.path = path
        self.depth, self.line = 0, 1
        self.in_string = False
        self.escape_at = -1  # offset of the byte a backslash escapes
        self.string_start = 0  # offset of the open string's quote, counted from the file's start
        self.offset = 0

    def feed(self, chunk: bytes) -> None:
        for m in self.TOKENS.finditer(chunk):
            c, at = m.group(), self.offset + m.start()
            if at == self.escape_at:
                continue
            if c == b"\n":
                self.line += 1
            elif self.in_string:
                if c == b"\\":
                    self.escape_at = at + 1
                elif c == b'"':
                    self.in_string = False
                    if at - self.string_start > MAX_LITERAL:
                        raise literal_too_large(self.path, self.line, at - self.string_start)
            elif c == b'"':
                self.in_string, self.string_start = True, at
            elif c in (b"[", b"{"):
                self.depth += 1
                if self.depth > MAX_JSON_DEPTH:
                    raise worded(
                        InputError,
                        "load#too-deep",
                        "load.too_deep",
                        file=str(self.path),
                        line=self.line,
                        levels=MAX_JSON_DEPTH,
                    )
            else:
                self.depth -= 1
        self.offset += len(chunk)
        if self.in_string and self.offset - self.string_start > MAX_LITERAL:
            raise literal_too_large(self.path, self.line, self.offset - self.string_start)

    def end(self) -> None:
        pass


def _scan(path: Path, data: bytes | None, scanner: _LineScan | _JsonScan) -> None:
    if data is not None:
        scanner.feed(data)
    else:
        with open(path, "rb") as f:
            while chunk := f.read(XML_CHUNK):
                scanner.feed(chunk)
    scanner.end()


def literal_too_large(path: Path, line: int | None, length: int | None = None) -> InputError:
    return worded(
        InputError,
        "load#literal-too-large",
        "load.literal_too_large_size" if length else "load.literal_too_large",
        hint_key="load.literal_too_large_hint",
        file=str(path),
        line=line,
        mib=MAX_LITERAL // 2**20,
        size=f"{(length or 0) / 2**20:.1f}",
    )


def too_large_token(path: Path, fmt: ox.RdfFormat, exc: MemoryError, data: bytes | None) -> InputError:
    """Oxigraph's bare MemoryError ("Reached the buffer maximal size"), with the file and the
    line where the parser stopped; any other MemoryError is the machine's, said so."""
    if "maximal size" in str(exc):
        return literal_too_large(path, _long_string_line(data))
    return worded(InputError, "load#out-of-memory", "load.out_of_memory", file=str(path))


def _long_string_line(data: bytes | None) -> int | None:
    """The line where a triple-quoted string longer than MAX_LITERAL opens (the one kind of long
    literal the line scan cannot see: its lines are short). Parsing again to find it would take
    time quadratic in the string's length."""
    if data is None:
        return None
    opened: tuple[bytes, int] | None = None
    for m in re.finditer(rb'"""|\'\'\'', data):
        if opened is None:
            opened = (m.group(), m.start())
        elif m.group() == opened[0]:
            if m.start() - opened[1] > MAX_LITERAL:
                break
            opened = None
    else:
        if opened is None or len(data) - opened[1] <= MAX_LITERAL:
            return None
    return data[: opened[1]].count(b"\n") + 1 if opened else None


class _LineReader:
    """The bytes, one line per read: when a parser fails, the lines it had read say where."""

    def __init__(self, data: bytes) -> None:
        self.lines = data.splitlines(keepends=True)
        self.read_lines = 0
        self.pending = b""

    def read(self, size: int = -1) -> bytes:
        if not self.pending:
            if self.read_lines >= len(self.lines):
                return b""
            self.pending = self.lines[self.read_lines]
            self.read_lines += 1
        cut = len(self.pending) if size < 0 else size
        out, self.pending = self.pending[:cut], self.pending[cut:]
        return out


def _failure_line(data: bytes | None, fmt: ox.RdfFormat, path: Path) -> int | None:
    """The line at which the parser gives up on the file, for errors that come without one
    (Oxigraph's RDF/XML and JSON-LD errors, its MemoryError): the file is parsed again one line
    at a time. Files held in memory only: this is the error path, not worth a second disk read."""
    if data is None:
        return None
    reader = _LineReader(data)
    try:
        for _ in ox.parse(cast(IO[bytes], reader), format=fmt, base_iri=path.resolve().as_uri()):
            pass
    except (SyntaxError, MemoryError, ValueError):
        return reader.read_lines or None
    return None


def _json_keyword_line(data: bytes | None, message: str) -> int | None:
    """JSON-LD's '@id value must be a string' and the like: the line of the first such keyword
    with a value of the wrong kind (the JSON-LD parser reads a whole object before it judges it)."""
    found = re.match(r"(@\w+) value", message) or re.search(
        r"(@context)", message.replace("remote context", "@context")
    )
    if data is None or not found:
        return None
    key = re.escape(found.group(1).encode())
    m = re.search(rb'"' + key + rb'"\s*:\s*(?!")', data) or re.search(rb'"' + key + rb'"', data)
    return data[: m.start()].count(b"\n") + 1 if m else None


def refuse_triple_terms(path: Path, fmt: ox.RdfFormat, data: bytes | None, base: str) -> None:
    """RDF 1.2 triple terms (``<<( s p o )>>``, and the ones the reifiers ``<< s p o >>``,
    ``{| … |}`` and ``~ r`` stand for) have no place in the assessment's model, and OWL, SHACL and
    the writers do not take them: refused, with the line of the first one."""
    data = data if data is not None else _small_again(path)
    statements = (
        ox.parse(data, format=fmt, base_iri=base)
        if data is not None
        else ox.parse(path=str(path), format=fmt, base_iri=base)
    )
    for q in statements:
        if any(isinstance(t, ox.Triple) for t in (q.subject, q.object)):
            line = None
            if data is not None:
                reifiers = fmt in REIFIER_FORMATS
                for n, text in enumerate(data.split(b"\n"), 1):
                    if _writes_triple_term(text, reifiers):
                        line = n
                        break
            raise worded(InputError, "load#triple-term", "load.triple_term", file=str(path), line=line)


def _writes_triple_term(line: bytes, reifiers: bool) -> bool:
    """Whether a line writes a triple term: '<<' or '{|' (with ``reifiers``, Turtle and TriG, also
    a reifier's '~' that no backslash escapes) outside its IRIs, strings and comment. A guess made
    one line at a time, on the error path only: a string written across lines is not seen whole."""
    code = _IRIS_STRINGS_COMMENT.sub(b" ", line)
    return b"<<" in code or b"{|" in code or (reifiers and _REIFIER.search(code) is not None)


# an IRI (its \u and \U escapes too), a string, a comment ('#' not escaped, as in a name's '\#')
_IRIS_STRINGS_COMMENT = re.compile(
    rb'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    rb'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|(?<!\\)#.*'
)
_REIFIER = re.compile(rb"(?<!\\)~")


def check_xml_complete(path: Path, data: bytes | None = None) -> None:
    """Raise InputError unless an RDF/XML file is well-formed XML to its end: pyoxigraph's
    RDF/XML parser takes a file cut in the middle (elements left open at the end of the
    input) without a word and gives the statements before the cut. Expat reads it first,
    streaming, with no external entities; its error has the line and column.

    Entities are checked on the way (``load#xml-entities``): one may stand for plain text of at
    most MAX_XML_ENTITY characters (``<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">``, as
    ontology editors write), never for another entity, markup, a parameter entity or an
    external file, so no file expands to much more than its own size in the parser after this."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(name: str, parameter: bool, value: str | None, base: str | None, system: str | None, *_: object) -> None:
        why = (
            Phrase("load.xml_entity.parameter")
            if parameter
            else Phrase("load.xml_entity.external")
            if value is None
            else Phrase("load.xml_entity.nested")
            if "&" in value or "<" in value or "%" in value
            else Phrase("load.xml_entity.long", size=MAX_XML_ENTITY)
            if len(value) > MAX_XML_ENTITY
            else None
        )
        if why:
            what = Phrase("load.xml_entity.declared", what=why, name=name)
            raise _entity_error(path, what, parser.CurrentLineNumber)

    parser.EntityDeclHandler = entity
    try:
        if data is not None:
            parser.Parse(data, True)
        else:
            with open(path, "rb") as f:
                while chunk := f.read(XML_CHUNK):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        ended = {
            expat.errors.codes[m]
            for m in (
                expat.errors.XML_ERROR_NO_ELEMENTS,
                expat.errors.XML_ERROR_UNCLOSED_TOKEN,
                expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
                expat.errors.XML_ERROR_PARTIAL_CHAR,
            )
        }
        if "amplification" in expat.errors.messages[exc.code]:  # expat's own guard, for what gets past ours
            raise _entity_error(path, Phrase("load.xml_entity.amplified"), exc.lineno) from None
        if exc.code in ended:  # errors expat gives only when the input ends
            raise worded(
                InputError,
                "load#truncated",
                "load.truncated_xml",
                file=str(path),
                line=exc.lineno,
                column=exc.offset + 1,
                detail=expat.errors.messages[exc.code],
            ) from None
        raise worded(
            InputError,
            "load#bad-syntax",
            "load.bad_xml",
            file=str(path),
            line=exc.lineno,
            column=exc.offset + 1,
            detail=expat.errors.messages[exc.code],
        ) from None


def _small_again(path: Path) -> bytes | None:
    """A small file's bytes read again on an error path that streamed it (``kgtool load``), to
    find the line; None for a large or no longer readable file."""
    try:
        return read_checked(path) if path.stat().st_size <= IN_MEMORY_LIMIT else None
    except (OSError, InputError):
        return None


def _entity_error(path: Path, what: Phrase, line: int | None) -> InputError:
    return worded(InputError, "load#xml-entities", "load.xml_entities", file=str(path), line=line, what=what)


def syntax_error(path: Path, fmt: ox.RdfFormat, exc: SyntaxError, data: bytes | None = None) -> InputError:
    """The parser's error as one line naming the file and the line. Oxigraph's RDF/XML and
    JSON-LD parsers give no position for errors past the XML or JSON grammar (a bad IRI, a bad
    language tag, an ``@id`` that is not a string): the line is then found from ``data``."""
    message = str(exc)
    line, column = exc.lineno, exc.offset
    if line is None and data is None:
        data = _small_again(path)
    if line is None and data is not None:
        line = _json_keyword_line(data, message) if fmt == ox.RdfFormat.JSON_LD else None
        line = line or _failure_line(data, fmt, path)
        column = None
    # pyoxigraph words it "Parser error at line L between columns A and B: what (file, line L)".
    what = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    what = what.rsplit(" (", 1)[0] if what.endswith(")") and message.startswith("Parser error") else what
    if "UTF-8" in what:
        return worded(InputError, "load#bad-encoding", "load.bad_encoding", file=str(path), line=line, column=column)
    return worded(
        InputError,
        "load#bad-syntax",
        "load.bad_syntax",
        hint_key="load.bad_syntax_hint",
        file=str(path),
        line=line,
        column=column,
        format=fmt.name,
        detail=what,
    )


def bad_syntax(path: Path, fmt: ox.RdfFormat, exc: ValueError) -> InputError:
    """A value the parser refused with no position (no line to name, so no hint of one)."""
    return worded(
        InputError, "load#bad-syntax", "load.bad_syntax", hint_key="", file=str(path), format=fmt.name, detail=exc
    )


def empty_file(path: Path) -> InputError:
    """A file with nothing in it (or only white space)."""
    return worded(InputError, "load#empty-file", "load.empty_file", hint_key="load.needs_a_statement", file=str(path))


def no_statements(path: Path) -> InputError:
    """A file that parsed but holds no statement: almost always the wrong file."""
    return worded(
        InputError, "load#no-statements", "load.no_statements", hint_key="load.needs_a_statement", file=str(path)
    )
