"""The lines of a line-based RDF file that can hold a literal the store may rewrite, found in its
bytes, so that only those lines are parsed again (``kgtool.rdf.parse.typed_statements``).

Validation reads every loaded file again for its literals as written (``kgtool.rdf.as_written``).
Parsing a whole corpus for that made a Python object of each of its statements: at a million
statements about 1.5 CPU s, for the 6 % of them whose object is a number, a boolean or a date
(issue 18). Here the file's bytes are searched instead, in blocks of whole lines, and the lines
found are parsed as one small document of the same syntax with the same base IRI: Oxigraph then
gives exactly the statements, in the same order, that parsing the whole file gives for them.

A literal the store may rewrite is written either with a datatype (``"7"^^<…#int>``, always
holding ``^^``) or, in Turtle and TriG, bare (``7``, ``1.5e3``, ``true``). The search keeps a line
when it holds ``^^``, a bare number or boolean after whitespace, ``>`` or ``,`` (where one can
stand outside a collection), or, in Turtle and TriG, the words ``prefix`` or ``base`` in any case.
A kept line must then be, whole, one statement of three terms and a dot (``STATEMENT``), a
``@base``/``BASE`` line, a graph's opening or closing line or a comment; anything else and the
file is parsed whole (``None``). The reasons this is exact, for a file that has loaded (so is
valid):

- in N-Triples and N-Quads a statement is one line and a typed literal always has ``^^``;
- in Turtle and TriG, only when the file has no long string (``\"\"\"``, ``'''``: no token then
  spans a line, so every line starts between tokens) and no ``(`` (no collection, whose items may
  follow any token, so a bare number could follow a string or a language tag directly);
- three terms and a dot can only stand at a statement's start (after ``;`` or ``,``, inside ``[``,
  ``<<`` or ``{|``, after a subject or a verb, the third term or the dot is out of place), so a
  line of that form is a statement of its own wherever it stands;
- a file with no ``prefix`` outside such lines declares no prefix, so (having loaded) it uses no
  prefixed name, and its ``@base`` lines are kept in order: every kept line resolves its IRIs
  against the same base as in the whole file, and the parser ends with the same (no) prefixes.

Blank nodes keep the labels the file gives them; an anonymous one (``[]``) is not in a kept line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

BLOCK = 8 * 1024 * 1024  # bytes read at a time (a file with a longer line is parsed whole)
TURTLES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
SCANNED = (*TURTLES, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)

# the terms of one statement line, as the syntaxes write them
_IRI_CHARS = rb"[^<>\"{}|^`\\\x00-\x20]*"  # (each pattern a loop without alternation per character)
_IRI = rb"<" + _IRI_CHARS + rb"(?:\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})" + _IRI_CHARS + rb")*>"
_BLANK = rb"_:[^\s<>\"'(),;\[\]{}#^\\|~]+[ \t]"  # followed by a space: a label may hold a dot
_STRING = rb"(?:\"[^\"\\\n\r]*(?:\\.[^\"\\\n\r]*)*\"|'[^'\\\n\r]*(?:\\.[^'\\\n\r]*)*')"
_LITERAL = _STRING + rb"(?:@[A-Za-z][A-Za-z0-9-]*[ \t]|\^\^" + _IRI + rb")?"
_BARE = rb"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|true|false)[ \t]"
_END = rb"[ \t]*\.[ \t]*(?:#[^\r]*)?\r?"  # a carriage return ends a line only at its end
# (the object term, as written, is the group ``o``)
STATEMENT = {
    "turtle": re.compile(
        rb"[ \t]*(?:%(i)s|%(b)s)[ \t]*(?:%(i)s|a[ \t])[ \t]*(?P<o>%(i)s|%(b)s|%(l)s|%(n)s)%(e)s"
        % {b"i": _IRI, b"b": _BLANK, b"l": _LITERAL, b"n": _BARE, b"e": _END}
    ),
    "lines": re.compile(
        rb"[ \t]*(?:%(i)s|%(b)s)[ \t]*%(i)s[ \t]*(?P<o>%(i)s|%(b)s|%(l)s)[ \t]*(?:(?:%(i)s|%(b)s)[ \t]*)?%(e)s"
        % {b"i": _IRI, b"b": _BLANK, b"l": _LITERAL, b"e": _END}
    ),
}
_BASE = re.compile(rb"[ \t]*(?:@base[ \t]*" + _IRI + rb"[ \t]*\.|(?i:base)[ \t]*" + _IRI + rb")[ \t]*(?:#[^\r]*)?\r?")
# a line that holds no term: a comment, a blank line, a graph's opening or closing line
_NO_TERM = re.compile(
    rb"[ \t]*(?:#[^\r]*|(?:(?i:graph)[ \t]+)?(?:" + _IRI + rb"|" + _BLANK + rb")?[ \t]*\{[ \t]*(?:#[^\r]*)?"
    rb"|\}[ \t]*(?:#[^\r]*)?)?\r?"
)
# In Turtle and TriG the search reads the block _FOLDed: what a bare literal can follow (whitespace,
# '>' and ',') becomes a space, a digit or sign \x01, a single quote a double one (one search finds
# both long strings), letters lower case (the keywords' case does not count). Each search starts
# with one literal byte, which Python's regular expressions look for fastest (a quarter of the CPU
# of one expression for all of them, and of bytes.find for a frequent first byte).
_FOLD = bytes.maketrans(
    b"\t\n\r>,'0123456789+-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    b'     "' + b"\x01" * 12 + b"abcdefghijklmnopqrstuvwxyz",
)
# a bare number or boolean, and what may follow it (outside a collection)
_BARE_HIT = re.compile(rb" (?:\.?\x01[\x01.]*(?:e\x01+)?|true|false)[ .;\]}#|~{]")
_WORDS = (re.compile(rb"prefix"), re.compile(rb"base"))
_LONG_STRING = re.compile(rb'"""')  # (a long string in single quotes too, once folded)


@dataclass(frozen=True)
class Kept:
    """The lines ``typed_lines`` keeps, in the file's order, and each one's object term as the line
    writes it (None for an ``@base`` line), so that a reader can tell which lines hold the same
    literal without parsing each of them (``kgtool.rdf.as_written``)."""

    lines: list[bytes]
    objects: list[bytes | None]

    def document(self) -> bytes:
        """The kept lines as one document of the file's syntax."""
        return b"\n".join(self.lines) + b"\n" if self.lines else b""


def typed_lines(path: Path, fmt: ox.RdfFormat) -> bytes | None:
    """The lines of the file that hold its literals the store may rewrite (and its ``@base``
    lines), as one document of the file's syntax; None when the search cannot vouch for the
    file (another syntax, a long string, a collection, a prefix, a line of another form): the
    caller then parses the file whole."""
    kept = kept_lines(path, fmt)
    return None if kept is None else kept.document()


def kept_lines(path: Path, fmt: ox.RdfFormat) -> Kept | None:
    """``typed_lines``' lines one by one, with their object terms; None as there."""
    if fmt not in SCANNED:
        return None
    turtle = fmt in TURTLES
    statement = STATEMENT["turtle" if turtle else "lines"]
    kept: list[bytes] = []
    objects: list[bytes | None] = []
    for block, end in _blocks(path):
        if end < 0 or (turtle and block.find(b"(", 0, end) >= 0):  # a collection (or RDF 1.2 triple term)
            return None
        starts = _hit_lines(block, end, turtle)
        if starts is None:
            return None
        for start in sorted(starts):
            line = block[start : block.index(b"\n", start)]
            if m := statement.fullmatch(line):
                kept.append(line)
                objects.append(m.group("o"))
            elif turtle and _BASE.fullmatch(line):
                kept.append(line)
                objects.append(None)
            elif not _NO_TERM.fullmatch(line):
                return None
    return Kept(kept, objects)


def _hit_lines(block: bytes, end: int, turtle: bool) -> set[int] | None:
    """Where each line starts, in ``block[:end]``, that the search keeps (``^^``; in Turtle and
    TriG also a bare literal, ``prefix`` or ``base``); None for a Turtle or TriG block with a long
    string."""
    hits = _carets(block, end)
    if turtle:
        # the whole block folded, the searches stopping at ``end``: folding ``block[:end]`` copied
        # 8 MB into fresh memory first, whose pages the kernel mapped anew for every block (at a
        # million statements 0.25 s of system time)
        folded = block.translate(_FOLD)
        if _LONG_STRING.search(folded, 0, end):
            return None
        hits += [m.start() + 1 for m in _BARE_HIT.finditer(folded, 0, end)]
        if folded[:1] in b"\x01.tf":  # a bare literal may start the block's first line
            hits.append(0)
        hits += [m.start() for word in _WORDS for m in word.finditer(folded, 0, end)]
    return {block.rfind(b"\n", 0, at) + 1 for at in hits}


def _carets(block: bytes, end: int) -> list[int]:
    """Where each ``^^`` starts in ``block[:end]``, as a regular expression's search for it finds them
    (left to right, not overlapping): ``bytes.find`` of one byte is a ``memchr``, a fraction of that
    search's CPU over the same bytes, and ``^`` is rare outside ``^^``."""
    hits: list[int] = []
    find = block.find
    at = find(b"^", 0, end)
    while at >= 0:
        if at + 1 < end and block[at + 1] == 0x5E:  # '^'
            hits.append(at)
            at = find(b"^", at + 2, end)
        else:
            at = find(b"^", at + 1, end)
    return hits


def _blocks(path: Path) -> Iterator[tuple[bytes, int]]:
    """The file's bytes in blocks of whole lines: each block, and where its last whole line ends
    (after its line feed). The bytes after that are read again at the start of the next block, so
    no block is copied to be joined with the end of the one before. A leading byte-order mark is
    left out, a last line without a line feed gets one; a line longer than a block gives the end
    -1 (the file is then parsed whole: a block stays small whatever the file holds)."""
    with open(path, "rb") as f:
        offset = len(codecs.BOM_UTF8) if f.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
        f.seek(offset)
        while block := f.read(BLOCK):
            end = block.rfind(b"\n") + 1
            if len(block) < BLOCK and end < len(block):  # the file's last line, without a line feed
                block, end = block + b"\n", len(block) + 1
            yield block, end if end > 0 else -1
            offset += end
            f.seek(offset)


__all__ = ["SCANNED", "Kept", "kept_lines", "typed_lines"]
