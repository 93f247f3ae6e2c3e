"""Reading RDF files into the embedded store, with errors a person can act on.

Parsing is pyoxigraph's (Rust, streaming, exact line and column on a syntax error);
files go straight into the store, so a large file is never held as Python objects.
Everything that can go wrong before the first statement — a missing file, a folder,
an empty file, bytes that are not UTF-8, an extension we cannot map to a syntax — is
caught and reported with the file name, so no caller sees a parser's traceback.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kgtool.errors import InputError
from kgtool.rdf import INPUT_FORMAT_NAMES

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


def format_for(path: Path, input_format: str | None = None) -> ox.RdfFormat:
    """The RDF syntax of a file: the one asked for, else the one its extension says."""
    key = (input_format or path.suffix.lstrip(".")).lower()
    try:
        return FORMATS[key]
    except KeyError:
        raise InputError(
            "load#unknown-format",
            f"cannot tell which RDF syntax this file uses (extension '{path.suffix or '(none)'}')",
            hint="name the file .ttl, .nt, .jsonld, .rdf, .trig or .nq, or pass --input-format "
            + "|".join(INPUT_FORMAT_NAMES),
            file=str(path),
        ) from None


def check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("load#missing-file", "no such file", hint="check the path", file=str(path))
    if path.is_dir():
        raise InputError(
            "load#not-a-file", "this is a folder, not a file", hint="name the RDF files inside it", file=str(path)
        )
    _refuse_special(path, path.stat().st_mode)


def _refuse_special(path: Path, mode: int) -> None:
    """A pipe, device or socket would hang the read or never end: only regular files are read."""
    if stat.S_ISREG(mode):
        return
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a character device"
        if stat.S_ISCHR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a file"
    )
    raise InputError(
        "load#not-a-regular-file",
        f"this is {kind}, not a regular file",
        hint="save the RDF to a file and name that file",
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
            raise InputError(
                "load#too-large",
                f"the file grew past {IN_MEMORY_LIMIT // (1024 * 1024)} MiB while it was being read",
                hint="load it again once it is complete",
                file=str(path),
            )
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data.strip():
        raise InputError(
            "load#empty-file",
            "the file is empty",
            hint="an assessment file must contain at least one statement",
            file=str(path),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            "load#bad-encoding",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            hint="save the file as UTF-8; Kyrgyz and Russian text in another encoding "
            "(e.g. Windows-1251) must be converted first",
            file=str(path),
            line=line,
            column=column,
        ) from None
    return data


def load_file(store: ox.Store, path: Path, graph: ox.NamedNode, input_format: str | None = None) -> None:
    """Load one file into the store: triples into ``graph``, a dataset's quads into their own graphs.

    Raises InputError naming the file, line and column on any problem; a file that holds
    no statement at all is an error too (it is almost always the wrong file).
    """
    check_file(path)
    fmt = format_for(path, input_format)
    to_graph = None if fmt in DATASET_FORMATS else graph
    base = path.resolve().as_uri()
    small = _read_small(path) if path.stat().st_size <= IN_MEMORY_LIMIT else None
    try:
        if small is not None:
            data = read_checked(path, small)
            if fmt == ox.RdfFormat.RDF_XML:
                check_xml_complete(path, data)
            base_iri = None if _has_base(data, fmt) else base
            store.load(data, format=fmt, base_iri=base_iri, to_graph=to_graph)
            statements = ox.parse(data, format=fmt, base_iri=base_iri)
        else:
            if fmt == ox.RdfFormat.RDF_XML:
                check_xml_complete(path)
            store.bulk_load(path=str(path), format=fmt, base_iri=base, to_graph=to_graph)
            statements = ox.parse(path=str(path), format=fmt, base_iri=base)
        # The file has parsed, so this reads it only as far as its first statement: the check
        # costs nothing whatever the store holds (counting the store's statements before and
        # after did, a scan of the whole store per file).
        empty = next(statements, None) is None
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc) from None
    except ValueError as exc:
        raise InputError("load#bad-syntax", f"this is not valid {fmt.name}: {exc}", file=str(path)) from None
    if empty:
        raise InputError(
            "load#no-statements",
            "the file holds no RDF statements (only comments or prefixes)",
            hint="an assessment file must contain at least one statement",
            file=str(path),
        )


def read_quads(path: Path, input_format: str | None = None) -> Iterator[ox.Quad]:
    """The statements of a file that ``load_file`` has already read, parsed again the same way
    (a UTF-8 byte-order mark dropped, the same base IRI), for checks that need them as written."""
    fmt = format_for(path, input_format)
    base = path.resolve().as_uri()
    if path.stat().st_size <= IN_MEMORY_LIMIT:
        data = read_checked(path)
        return ox.parse(data, format=fmt, base_iri=None if _has_base(data, fmt) else base)
    return ox.parse(path=str(path), format=fmt, base_iri=base)


def check_xml_complete(path: Path, data: bytes | None = None) -> None:
    """Raise InputError unless an RDF/XML file is well-formed XML to its end: pyoxigraph's
    RDF/XML parser takes a file cut in the middle (elements left open at the end of the
    input) without a word and gives the statements before the cut. Expat reads it first,
    streaming, with no external entities; its error has the line and column."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
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
        if exc.code in ended:  # errors expat gives only when the input ends
            raise InputError(
                "load#truncated",
                f"the file ends in the middle of its RDF/XML ({expat.errors.messages[exc.code]}): it looks cut short",
                hint="the file is incomplete; copy or download it again",
                file=str(path),
                line=exc.lineno,
                column=exc.offset + 1,
            ) from None
        raise InputError(
            "load#bad-syntax",
            f"this is not well-formed RDF/XML: {expat.errors.messages[exc.code]}",
            hint="fix the XML at this line (an unclosed or mismatched tag is a common cause)",
            file=str(path),
            line=exc.lineno,
            column=exc.offset + 1,
        ) from None


def syntax_error(path: Path, fmt: ox.RdfFormat, exc: SyntaxError) -> InputError:
    message = str(exc)
    # pyoxigraph words it "Parser error at line L between columns A and B: what (file, line L)".
    what = message.split(": ", 1)[1] if ": " in message else message
    what = what.rsplit(" (", 1)[0] if what.endswith(")") else what
    if "UTF-8" in what:
        return InputError(
            "load#bad-encoding",
            "the file is not UTF-8 text",
            hint="save the file as UTF-8",
            file=str(path),
            line=exc.lineno,
            column=exc.offset,
        )
    return InputError(
        "load#bad-syntax",
        f"this is not valid {fmt.name}: {what}",
        hint="fix the statement at this line; a missing '.' or ';' at the end of the previous statement is a common cause",
        file=str(path),
        line=exc.lineno,
        column=exc.offset,
    )


def _has_base(data: bytes, fmt: ox.RdfFormat) -> bool:
    return fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3) and b"@base" in data
