"""Literals that the store holds differently from the input, so build, publish and validate can say so.

Oxigraph keeps numbers, booleans, dates and durations as values, not as the characters
that were written: ``"07"^^xsd:integer`` comes back as ``"7"``, ``"1.50"^^xsd:decimal``
as ``"1.5"``, ``"1"^^xsd:boolean`` as ``"true"`` (so it and a ``"true"`` next to it
become one statement), and integer subtypes such as ``xsd:positiveInteger`` as
``xsd:integer`` (an open Oxigraph issue, oxigraph#526, asks for a switch to keep them).
The value is the same, but a publisher who wrote ``xsd:positiveInteger`` should learn
that the published graph says ``xsd:integer`` instead of finding out from a diff (validation
judges the literals as written: ``kgtool.rdf.as_written``). This
module finds those literals by parsing the files again and passing each distinct typed
literal once through a scratch store: the cost grows with the number of distinct
numbers and dates, not with the size of the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, cast

import pyoxigraph as ox

from kgtool.rdf.parse import FileVersion, file_version, typed_statements
from kgtool.rdf.xsd_lexical import BOUNDS, INTEGER, not_of_its_datatype, suggestion, within
from kgtool.vocab import XSD

# written as they are whatever the lexical form: nothing to report
PROBE = ox.NamedNode("urn:kgtool:probe")


@dataclass(frozen=True)
class Rewritten:
    """One literal as written in a file and as the store gives it back."""

    file: str
    subject: str  # N-Triples form: <iri> or _:blank
    predicate: str  # IRI
    written: str  # N-Triples form
    stored: str
    ill_typed: bool = False  # not a value of its written datatype, made one of the wider type
    source: Path | None = field(default=None, compare=False, repr=False)  # the file, to read again

    @property
    def datatype_changed(self) -> bool:
        return self.written.rsplit("^^", 1)[-1] != self.stored.rsplit("^^", 1)[-1]


def rewritten_literals(files: Sequence[Path], input_format: str | None = None) -> list[Rewritten]:
    """Every statement of these (already loaded, so readable) files whose literal the store
    rewrites, in file order; OWL cardinalities are restored on output (kgtool.rdf.store) and are
    not reported."""
    from kgtool.assets import display_path
    from kgtool.rdf.store import OWL_CARDINALITIES

    found: list[Rewritten] = []
    for path in files:
        prepared = _PREPARED.pop(file_version(path, input_format), None)
        rows = prepared if prepared is not None else _rewritten_in(path, input_format, OWL_CARDINALITIES)
        name = display_path(path)  # once a file: it resolves paths
        found += [Rewritten(name, *row, source=path) for row in rows]
    return found


# (subject, predicate, written, stored, ill-typed) of one file's rewritten literals, in file order
_Row = tuple[str, str, str, str, bool]


def _rewritten_in(path: Path, input_format: str | None, skipped: frozenset[str]) -> list[_Row]:
    typed: dict[ox.Literal, list[tuple[str, str]]] = {}
    for subject, predicate, literal in _typed_literals(path, input_format):
        if predicate not in skipped:
            typed.setdefault(literal, []).append((subject, predicate))
    return [
        (subject, predicate, str(literal), str(stored), _ill_typed(literal))
        for literal, stored in _round_trip(list(typed))
        for subject, predicate in typed[literal]
    ]


# what ``prepare_rewritten`` worked out, per version of a file, until ``rewritten_literals`` takes it
_PREPARED: dict[FileVersion, list[_Row]] = {}


def prepare_rewritten(files: Sequence[Path], input_format: str | None = None) -> None:
    """Work out ``rewritten_literals`` of the files now, for the note that follows: a ``kgtool
    validate --jobs`` parent does it while its workers validate, instead of after them with one
    of the two cores idle. Only the next ``rewritten_literals`` of the same version of a file
    takes it (a changed file is read again)."""
    from kgtool.rdf.store import OWL_CARDINALITIES

    _PREPARED.clear()  # one run's files, all of them: what an earlier run left (it failed) goes
    for path in files:
        _PREPARED[file_version(path, input_format)] = _rewritten_in(path, input_format, OWL_CARDINALITIES)


_INTEGER = re.compile(INTEGER)
_TIMEZONE = re.compile(r"(?:Z|[+-][0-9]{2}:[0-9]{2})")


def _ill_typed(literal: ox.Literal) -> bool:
    """True for a literal outside its datatype that the store gives a wider datatype it fits:
    "-1"^^xsd:nonNegativeInteger comes back as the valid "-1"^^xsd:integer, a dateTimeStamp
    without a time zone as a valid xsd:dateTime."""
    local = literal.datatype.value.removeprefix(XSD)
    if local == "dateTimeStamp":
        return not _TIMEZONE.search(literal.value[-6:])
    if local not in BOUNDS or not _INTEGER.fullmatch(literal.value):
        return False
    return not within(literal.value, *BOUNDS[local])


def refuse_not_of_datatype(files: Sequence[Path], input_format: str | None = None) -> None:
    """For writers (build, publish): a literal that is not of its datatype by XSD's lexical rules
    (``xsd_lexical``) is refused, as ``kgtool load`` refuses it: a graph written with it would be
    changed by the store it goes to. The error names the first one's file, line and statement, and
    the spelling that would be right (``write#ill-typed-literal``); where kgtool's store itself
    would write it as a valid literal of a wider datatype (``"-1"^^xsd:nonNegativeInteger`` as the
    valid ``"-1"^^xsd:integer``, issue 17, item 3) it is ``write#ill-typed-retyped``, naming what
    the store would write. Each distinct literal is judged once; the files' typed statements are
    the ones the note reads (``typed_statements``, read once per file)."""
    first: tuple[Path, str, str, ox.Literal] | None = None
    count = 0
    for path in files:
        verdicts: dict[ox.Literal, bool] = {}
        for subject, predicate, literal in _typed_literals(path, input_format):
            refused = verdicts.get(literal)
            if refused is None:
                refused = verdicts[literal] = not_of_its_datatype(literal.value, literal.datatype.value)
            if refused:
                count += 1
                first = first or (path, subject, predicate, literal)
    if first is None:
        return
    literal = first[3]
    retyped = [stored for _, stored in _round_trip([literal]) if stored.datatype != literal.datatype]
    if retyped:
        _refuse(first, count, input_format, "write#ill-typed-retyped", "write.ill_typed_retyped", retyped[0])
    _refuse(first, count, input_format, "write#ill-typed-literal", "write.ill_typed")


# a batch of the load's check: the statements whose literals are judged and round-tripped at once
LOAD_BATCH = 10_000


@dataclass
class LoadCheck:
    """``kgtool load``'s literal check, before anything is sent: a literal that is not of its datatype
    is refused (``load#ill-typed-literal``, naming its file, line and statement); the literals the
    store will hold in canonical form are noted.

    Refused: what the writers refuse (``refuse_not_of_datatype``): a literal of a datatype a store
    reads as a value (numbers, booleans, dates and times, their parts, durations, binary) outside
    XSD's lexical rules (``xsd_lexical``, strict ASCII forms, white space as written): a load's
    result is up to the store, and stores change these differently (an Oxigraph server keeps
    ``"abc"^^xsd:integer`` and makes ``"-1"^^xsd:nonNegativeInteger`` the valid
    ``"-1"^^xsd:integer``; Virtuoso stores ``"abc"`` as ``0``, ``" 12 "`` as ``12``, or refuses the
    SPARQL Update request that holds it half-way through a load; ``xsd_lexical`` lists more).
    Other datatypes (``rdf:HTML``, ``xsd:anyURI``, a datatype kgtool does not know) are not judged.

    ``read`` is given each file's statements by the pass that checks the file is readable
    (``parse.check_readable``), so the check parses nothing itself; nothing is cached (a load's
    input may not fit in memory): the statements are judged and round-tripped through a scratch
    store in batches of ``LOAD_BATCH``, and only what is reported is kept (the first refused
    statement, the note's first ``limit`` examples, and counts). ``result`` then refuses or notes."""

    limit: int = 5
    refused: tuple[Path, str, str, ox.Literal] | None = None
    refused_count: int = 0
    examples: list[Rewritten] = field(default_factory=list)
    rewritten: int = 0
    narrowed: int = 0

    def read(self, path: Path, quads: Iterator[ox.Quad]) -> None:
        """Judge the literals of one file's statements (``path``: the file they come from)."""
        from itertools import islice

        from kgtool.assets import display_path
        from kgtool.rdf.parse import typed_only
        from kgtool.rdf.store import OWL_CARDINALITIES

        shown = display_path(path)
        statements = typed_only(quads)
        while batch := list(islice(statements, LOAD_BATCH)):
            refused = {
                lit for lit in {lit for _, _, lit in batch} if not_of_its_datatype(lit.value, lit.datatype.value)
            }
            for subject, predicate, literal in batch:
                if literal in refused:
                    self.refused_count += 1
                    self.refused = self.refused or (path, str(subject), predicate.value, literal)
            if self.refused is not None:
                continue  # nothing more to note: the load is refused
            kept = list(dict.fromkeys(lit for _, p, lit in batch if p.value not in OWL_CARDINALITIES))
            stored = dict(_round_trip(kept, as_written_by_kgtool=False))
            for subject, predicate, literal in batch:
                if literal in stored and predicate.value not in OWL_CARDINALITIES:
                    found = Rewritten(
                        shown, str(subject), predicate.value, str(literal), str(stored[literal]), source=path
                    )
                    self.rewritten += 1
                    self.narrowed += found.datatype_changed
                    if len(self.examples) < self.limit:
                        self.examples.append(found)

    def result(self, input_format: str | None = None, lang: str = "en") -> str | None:
        """Refuse the load if a file read had a literal not of its datatype; else the note on the
        literals the store will hold in canonical form (None when there are none)."""
        if self.refused is not None:
            _refuse_for_a_load(self.refused, self.refused_count, input_format)
        if not self.rewritten:
            return None
        return note_text(
            self.examples, self.rewritten, self.narrowed, 0, lang, "load.literals_note", "load.literals_why"
        )


def _refuse_for_a_load(first: tuple[Path, str, str, ox.Literal], count: int, input_format: str | None) -> NoReturn:
    _refuse(first, count, input_format, "load#ill-typed-literal", "load.ill_typed")


def _refuse(
    first: tuple[Path, str, str, ox.Literal],
    count: int,
    input_format: str | None,
    error_id: str,
    key: str,
    stored: ox.Literal | None = None,
) -> NoReturn:
    """Raise ``error_id`` for the first literal not of its datatype (and how many more there are),
    with its file, line and statement (and ``stored``, the valid literal the store would write in
    its place, for ``write#ill-typed-retyped``); the hint gives the spelling that would be right
    when one is plain to see (``xsd_lexical.suggestion``: ``" 12 "`` -> ``"12"``)."""
    from kgtool.assets import display_path
    from kgtool.errors import InputError
    from kgtool.i18n.problems import worded
    from kgtool.rdf.parse import format_for

    path, subject, predicate, literal = first
    right = suggestion(literal.value, literal.datatype.value)
    raise worded(
        InputError,
        error_id,
        key + "_more" if count > 1 else key,
        hint_key="literals.spelled_right_hint" if right is not None else "load.ill_typed_hint",
        file=display_path(path),
        line=_line_of(path, literal, predicate, format_for(path, input_format)),
        subject=shown_subject(subject, path),
        predicate=predicate,
        literal=str(literal),
        more=count - 1,
        right=str(ox.Literal(right, datatype=literal.datatype)) if right is not None else "",
        stored=str(stored),
    )


def _line_of(path: Path, literal: ox.Literal, predicate: str, fmt: ox.RdfFormat) -> int | None:
    """The first line of the file that writes ``literal``, or None where no line surely does (a
    lexical form written with escapes): in Turtle, TriG, N-Triples and N-Quads its lexical form
    quoted and followed by its datatype; in RDF/XML as an element's text on a line naming the
    datatype; in JSON-LD quoted, on a line that names the predicate if one does (a datatype set in
    the context is written nowhere near the value), else the first."""
    iri = literal.datatype.value.encode("utf-8")
    name = re.split(rb"[#/]", iri)[-1]
    value = re.escape(literal.value.encode("utf-8"))
    if fmt == ox.RdfFormat.RDF_XML:
        written = re.compile(rb">" + value + rb"<")
        return _first_line(path, lambda line: bool(written.search(line)) and name + b'"' in line)
    if fmt == ox.RdfFormat.JSON_LD:
        quoted = re.compile(rb"([\"'])" + value + rb"\1")
        key = b'"' + re.split(r"[#/]", predicate)[-1].encode("utf-8") + b'"'
        named = _first_line(path, lambda line: bool(quoted.search(line)) and key in line)
        return named or _first_line(path, lambda line: bool(quoted.search(line)))
    typed = re.compile(
        rb"([\"'])" + value + rb"\1\^\^(?:<" + re.escape(iri) + rb">|[\w.-]*:" + re.escape(name) + rb"(?![\w.-]))"
    )
    return _first_line(path, lambda line: bool(typed.search(line)))


def _first_line(path: Path, wanted: Callable[[bytes], bool]) -> int | None:
    with path.open("rb") as lines:
        return next((number for number, line in enumerate(lines, 1) if wanted(line)), None)


def _typed_literals(path: Path, input_format: str | None) -> Iterator[tuple[str, str, ox.Literal]]:
    for subject, predicate, literal in typed_statements(path, input_format)[0]:
        yield str(subject), predicate.value, literal


def _round_trip(
    literals: list[ox.Literal], as_written_by_kgtool: bool = True
) -> Iterator[tuple[ox.Literal, ox.Literal]]:
    """Each literal the store gives back differently, with what it gives back: as kgtool's writers
    print it, or (``as_written_by_kgtool`` False, for a load) as the store holds it ("1.0"^^xsd:decimal
    is held as "1", which kgtool writes "1.0")."""
    from kgtool.rdf.store import lexical_form

    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kgtool:probe:{i}"), PROBE, lit) for i, lit in enumerate(literals))
    stored = {
        int(cast(ox.NamedNode, q.subject).value.rsplit(":", 1)[1]): q.object
        for q in scratch.quads_for_pattern(None, PROBE, None)
    }
    for i, original in enumerate(literals):  # in the order of the file
        kept: ox.Literal = stored[i]  # type: ignore[assignment]
        # as kgtool's writers print it (e.g. decimals with a point)
        written = ox.Literal(lexical_form(kept), datatype=kept.datatype) if as_written_by_kgtool else kept
        if written != original:
            yield original, written


def note_rewritten(
    files: Sequence[str] | None, input_format: str | None = None, lang: str = "en", refuse: bool = False
) -> None:
    """For build, publish and validate: say on standard error, in ``lang``, which statements of
    these files (the project's data when none) have a literal the store rewrites. Says nothing
    otherwise. With ``refuse`` (the writers), a literal not of its datatype is an error
    (``refuse_not_of_datatype``)."""
    import sys

    from kgtool.assets import data_files

    paths = [Path(f) for f in files] if files else data_files()
    if refuse:
        refuse_not_of_datatype(paths, input_format)
    found = rewritten_literals(paths, input_format)
    if found:
        print(describe(found, lang=lang), file=sys.stderr)


def describe(found: Sequence[Rewritten], limit: int = 5, lang: str = "en") -> str:
    """A note for people: how many, and the first few with file and statement."""
    narrowed = sum(1 for r in found if r.datatype_changed)
    ill = sum(1 for r in found if r.ill_typed)
    return note_text(found[:limit], len(found), narrowed, ill, lang)


# how an unnamed blank node is shown: Turtle's own way of writing one
UNNAMED = "[]"


def shown_subject(subject: str, source: Path | None) -> str:
    """``subject`` (N-Triples form) as the note or error shows it: a blank node the file names
    (``_:x``, ``rdf:nodeID="x"``, ``"@id": "_:x"``) keeps its name, but one it leaves unnamed
    (``[ … ]``, an RDF/XML description or a JSON-LD object without one) is given a name by the
    parser that differs on every reading, which would make the same input give a different note
    each run; it is shown as ``[]``. The parser keeps a name as written, and makes up a name of
    at most 32 hexadecimal digits (128 random bits: no file holds one by chance), so a name of
    that form the file does not contain is one it made up; any other is the file's (written
    with escapes, it may not be found as it reads)."""
    if not subject.startswith("_:") or source is None or not _MADE_UP.fullmatch(subject[2:]):
        return subject
    label = subject[2:].encode("ascii")
    try:
        with source.open("rb") as f:
            tail = b""
            while block := f.read(_BLOCK):
                if label in tail + block[: len(label) - 1] or label in block:
                    return subject
                tail = block[-(len(label) - 1) :]
    except OSError:  # gone since it was read: say what the reading said
        return subject
    return UNNAMED


# the names pyoxigraph's parsers make up for unnamed blank nodes: a 128-bit number in hexadecimal
_MADE_UP = re.compile("[0-9a-f]{1,32}")
_BLOCK = 1 << 20


def note_text(
    examples: Sequence[Rewritten],
    total: int,
    narrowed: int,
    ill: int,
    lang: str,
    note_key: str = "literals.note",
    why_key: str = "literals.why",
) -> str:
    """``describe``'s note from its first examples and counts, so that a caller that streams (the
    load's check) need not keep every statement. ``note_key``, ``why_key``: the first and closing
    sentences' words (a load writes nothing: its note says what the store will hold)."""
    from kgtool.i18n.catalogue import figure, t, tn

    wider = tn("literals.narrowed", narrowed, lang, count=figure(narrowed, lang, grouped=False)) if narrowed else ""
    if ill:
        wider += tn("literals.ill_typed", ill, lang, count=figure(ill, lang, grouped=False))
    lines = [tn(note_key, total, lang, count=figure(total, lang, grouped=False), narrowed=wider)]
    for r in examples:
        lines.append(f"  {r.file}: {shown_subject(r.subject, r.source)} <{r.predicate}> {r.written}  ->  {r.stored}")
    if total > len(examples):
        lines.append(t("literals.more", lang, count=figure(total - len(examples), lang, grouped=False)))
    lines.append(t(why_key, lang))
    return "\n".join(lines)
