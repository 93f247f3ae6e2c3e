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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from kgtool.rdf.parse import typed_statements

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
        typed: dict[ox.Literal, list[tuple[str, str]]] = {}
        for subject, predicate, literal in _typed_literals(path, input_format):
            if predicate not in OWL_CARDINALITIES:
                typed.setdefault(literal, []).append((subject, predicate))
        for literal, stored in _round_trip(list(typed)):
            found += [
                Rewritten(display_path(path), subject, predicate, str(literal), str(stored))
                for subject, predicate in typed[literal]
            ]
    return found


def _typed_literals(path: Path, input_format: str | None) -> Iterator[tuple[str, str, ox.Literal]]:
    for subject, predicate, literal in typed_statements(path, input_format)[0]:
        yield str(subject), predicate.value, literal


def _round_trip(literals: list[ox.Literal]) -> Iterator[tuple[ox.Literal, ox.Literal]]:
    """Each literal the store gives back differently, with what it gives back."""
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
        written = ox.Literal(lexical_form(kept), datatype=kept.datatype)
        if written != original:
            yield original, written


def note_rewritten(files: Sequence[str] | None, input_format: str | None = None, lang: str = "en") -> None:
    """For build, publish and validate: say on standard error, in ``lang``, which statements of
    these files (the project's data when none) have a literal the store rewrites. Says nothing
    otherwise."""
    import sys

    from kgtool.assets import data_files

    found = rewritten_literals([Path(f) for f in files] if files else data_files(), input_format)
    if found:
        print(describe(found, lang=lang), file=sys.stderr)


def describe(found: Sequence[Rewritten], limit: int = 5, lang: str = "en") -> str:
    """A note for people: how many, and the first few with file and statement."""
    from kgtool.i18n.catalogue import figure, t, tn

    narrowed = sum(1 for r in found if r.datatype_changed)
    wider = tn("literals.narrowed", narrowed, lang, count=figure(narrowed, lang, grouped=False)) if narrowed else ""
    lines = [tn("literals.note", len(found), lang, count=figure(len(found), lang, grouped=False), narrowed=wider)]
    for r in found[:limit]:
        lines.append(f"  {r.file}: {r.subject} <{r.predicate}> {r.written}  ->  {r.stored}")
    if len(found) > limit:
        lines.append(t("literals.more", lang, count=figure(len(found) - limit, lang, grouped=False)))
    lines.append(t("literals.why", lang))
    return "\n".join(lines)
