"""Validation of an assessment: SHACL shapes (pySHACL) plus the OWL consistency check.

Returns a ``ValidationReport`` of ``Finding``s enriched for people: the entity's
label in the reader's language, the property's label, the fix the shape suggests,
and the file and line the entity was stated in. Rendering is in
``kgtool.validation_report``; this module never prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kgtool import resources
from kgtool.build import build_graph
from kgtool.errors import KgtoolError
from kgtool.graph import KnowledgeGraph
from kgtool.labels import label_of

KGSH = rdflib.Namespace("https://w3id.org/kgtool/shapes#")
SEVERITY_ORDER = {"Violation": 3, "Warning": 2, "Info": 1}
FAIL_ON = {"violation": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    focus_label: str
    path: str | None
    path_label: str | None
    value: str | None
    message: str
    fix: str
    shape: str
    constraint: str
    file: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    reasoner_ran: bool = False
    consistent: bool | None = None

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, fail_on: str = "violation") -> bool:
        threshold = FAIL_ON[fail_on]
        return any(SEVERITY_ORDER[f.severity] >= threshold for f in self.findings)


def shapes_graph() -> rdflib.Graph:
    files = resources.shape_files()
    if not files:
        # validating against nothing would report "conforms" for anything: refuse instead
        raise KgtoolError("setup#no-shapes", f"no SHACL shapes found in {resources.asset_dir('shapes')}",
                          hint="reinstall kgtool with 'pip install .', or set KGTOOL_ASSETS to a folder with shapes/")
    g = rdflib.Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def validate(files: Sequence[Path] | None = None, input_format: str | None = None, reasoner: bool = True,
             lang: str = "en") -> ValidationReport:
    """Validate the project's data, or the given files together with the ontology."""
    kg = build_graph(files, input_format)
    return validate_graph(kg, reasoner=reasoner, lang=lang)


def validate_graph(kg: KnowledgeGraph, reasoner: bool = True, lang: str = "en",
                   shapes: rdflib.Graph | None = None) -> ValidationReport:
    data = kg.to_rdflib()
    shapes = shapes if shapes is not None else shapes_graph()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                     allow_warnings=True, allow_infos=True)
    report = ValidationReport(files=[str(p) for p in kg.sources.values()], shapes=named_shapes(shapes))
    locator = _Locator(kg)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        report.findings.append(_finding(result, results, shapes, data, lang, locator))
    if reasoner:
        from kgtool.reasoner import reason

        outcome = reason(kg)
        report.reasoner_ran, report.consistent = True, outcome.consistent
        if not outcome.consistent:
            report.findings.append(Finding(
                "Violation", "https://w3id.org/kgtool/ontology", "the ontology and data as a whole", None, None, None,
                outcome.message or "the ontology and data are inconsistent",
                "look for an entity typed with two classes that exclude each other, or a second value for a "
                "property that takes one; validating with --no-reasoner lists the SHACL findings that often point to it",
                "owl:consistency", "owl:consistency"))
        for cls in outcome.unsatisfiable:
            report.findings.append(Finding(
                "Violation", cls, label_of(data, rdflib.URIRef(cls), lang), None, None, None,
                "this class can have no members: its definition contradicts itself",
                "review the class's restrictions and disjointness axioms in ontology/", "owl:satisfiability",
                "owl:satisfiability"))
    report.findings.sort(key=lambda f: (f.file or "~", f.line or 0, f.focus, f.path or "", f.shape, f.message))
    return report


def named_shapes(shapes: rdflib.Graph) -> list[str]:
    return sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, rdflib.URIRef))


def owning_shape(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> rdflib.term.Node | None:
    """The named node shape a (possibly anonymous) property shape belongs to."""
    if shape is None or isinstance(shape, rdflib.URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _finding(result: rdflib.term.Node, results: rdflib.Graph, shapes: rdflib.Graph, data: rdflib.Graph, lang: str,
             locator: "_Locator") -> Finding:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    source = results.value(result, SH.sourceShape)
    severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    message = _pick_language(results, result, SH.resultMessage, lang) or (messages[0] if messages else "")
    fix = _pick_language(shapes, source, KGSH.fix, lang) or _pick_language(
        shapes, owning_shape(shapes, source), KGSH.fix, lang) or ""
    component = str(results.value(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
    shape = owning_shape(shapes, source)
    file, line = locator.locate(focus)
    return Finding(
        severity=severity,
        focus=str(focus),
        focus_label=label_of(data, focus, lang),
        path=str(path) if isinstance(path, rdflib.URIRef) else None,
        path_label=label_of(data, path, lang) if isinstance(path, rdflib.URIRef) else None,
        value=str(value) if value is not None else None,
        message=message,
        fix=fix,
        shape=str(shape),
        constraint=component,
        file=file,
        line=line,
    )


def _pick_language(g: rdflib.Graph, s: rdflib.term.Node | None, p: rdflib.URIRef, lang: str) -> str | None:
    if s is None:
        return None
    values = [o for o in g.objects(s, p) if isinstance(o, rdflib.Literal)]
    for wanted in (lang, "en", None):
        for v in sorted(values):
            if (v.language or "").split("-")[0] == wanted or (wanted is None):
                return str(v)
    return None


class _Locator:
    """Finds the file and line where an entity was stated, so a reader can go and fix it."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._texts: dict[Path, list[str]] = {}

    def locate(self, node: rdflib.term.Node | None) -> tuple[str | None, int | None]:
        if not isinstance(node, rdflib.URIRef):
            return None, None
        import pyoxigraph as ox

        files = self.kg.files_stating(ox.NamedNode(str(node)))
        if not files:
            return None, None
        path = files[0]
        return str(path), self._line(path, str(node))

    def _line(self, path: Path, iri: str) -> int | None:
        lines = self._texts.get(path)
        if lines is None:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            self._texts[path] = lines
        candidates = [f"<{iri}>"]
        base = next((m.group(1) for line in lines[:40] if (m := re.match(r"\s*@base\s+<([^>]*)>", line))), None)
        if base and iri.startswith(base):
            candidates.append(f"<{iri[len(base):]}>")
        for number, text in enumerate(lines, start=1):
            stripped = text.lstrip()
            if any(stripped.startswith(c) for c in candidates):
                return number
        for number, text in enumerate(lines, start=1):
            if any(c in text for c in candidates):
                return number
        return None


__all__ = ["Finding", "ValidationReport", "validate", "validate_graph", "shapes_graph", "RDFS"]
