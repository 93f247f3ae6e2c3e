"""Validation of one loaded graph: SHACL shapes plus the OWL check.

Two SHACL engines give the same results, result for result: ``fast`` (the default)
compiles the shapes into SPARQL that the embedded Oxigraph store runs over the loaded
files (``kgtool.shacl.engine``); ``pyshacl`` converts the graph to rdflib and runs pySHACL,
the reference. If the shapes use a feature the fast engine does not compile, pySHACL
runs instead and the report says so. The OWL check is the reasoner's TBox check plus
instance checks that stay cheap as the data grows (``kgtool.validation.reasoner``); ``--reasoner
full`` runs HermiT over everything, for small data.

Returns a ``ValidationReport`` of ``Finding``s enriched for people: the entity's
label in the reader's language, the property's label, the fix the shape suggests,
and the file and line the entity was stated in. Rendering is in
``kgtool.validation.render``; this module never prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from kgtool import assets
from kgtool.errors import KgtoolError, UsageError
from kgtool.i18n.labels import choose
from kgtool.rdf.store import KnowledgeGraph, OxTerm, from_rdflib, to_rdflib
from kgtool.shacl.engine import Compiler, Result
from kgtool.validation.entities import EntityLabels, Locator
from kgtool.validation.model import ENGINES, REASONER_MODES, Finding, ShapeEngine, ValidationReport, sort_key
from kgtool.vocab import KGSH as KGSH_NAMESPACE
from kgtool.vocab import ONTOLOGY_IRI

if TYPE_CHECKING:
    from kgtool.progress import Progress
    from kgtool.validation.reasoner import Clash

KGSH = rdflib.Namespace(KGSH_NAMESPACE)


def shapes_graph() -> rdflib.Graph:
    files = assets.shape_files()
    if not files:
        # validating against nothing would report "conforms" for anything: refuse instead
        raise KgtoolError(
            "setup#no-shapes",
            f"no SHACL shapes found in {assets.asset_dir('shapes')}",
            hint="reinstall kgtool with 'pip install .', or set KGTOOL_ASSETS to a folder with shapes/",
        )
    g = rdflib.Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def default_threads() -> int:
    """Threads for the fast engine's queries: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def validate_graph(
    kg: KnowledgeGraph,
    reasoner: bool = True,
    lang: str = "en",
    shapes: rdflib.Graph | None = None,
    engine: str = "fast",
    reasoner_mode: str = "tbox",
    threads: int | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    shapes = shapes if shapes is not None else shapes_graph()
    judged: list[ShapeEngine] = []
    results, used, note = shacl_results(kg, shapes, engine, threads, progress, judged)
    # each file once (a TriG or N-Quads file holds many graphs)
    report = ValidationReport(
        files=list(dict.fromkeys(assets.display_path(p) for p in kg.sources.values())),
        shapes=named_shapes(shapes),
        engine=used,
        engine_note=note,
        shape_engines=judged,
    )
    report.findings = findings(results, kg, shapes, lang)
    if reasoner_mode not in REASONER_MODES:
        raise UsageError(
            "validate#unknown-reasoner",
            f"unknown reasoner mode {reasoner_mode!r}",
            hint="use --reasoner tbox (the default), full, or none",
        )
    if reasoner and reasoner_mode != "none":
        if progress is not None:
            progress.phase("checking against the ontology (OWL)")
            progress.set_total(None)
        report.findings += owl_findings(kg, lang, reasoner_mode, report)
    report.findings.sort(key=sort_key)
    return report


def shacl_results(
    kg: KnowledgeGraph,
    shapes: rdflib.Graph,
    engine: str = "fast",
    threads: int | None = None,
    progress: Progress | None = None,
    judged: list[ShapeEngine] | None = None,
) -> tuple[list[Result], str, str]:
    """The validation results of the shapes on the graph, the engine that computed them, and a note;
    ``judged`` receives which engine judged each shape with targets, and why.

    The fast engine judges every shape it compiles; a shape it refuses is judged by pySHACL, on
    a copy of the shapes in which the shapes the fast engine judged have no targets."""
    judged = judged if judged is not None else []
    if engine not in ENGINES:
        raise UsageError(
            "validate#unknown-engine", f"unknown SHACL engine {engine!r}", hint="use --engine fast or --engine pyshacl"
        )
    if engine == "fast":
        compiler = Compiler(shapes, kg.query, threads or default_threads())  # type: ignore[arg-type]
        results = compiler.run(progress)
        for shape in compiler.compiled:
            judged.append(ShapeEngine(str(shape), "fast", "compiled to SPARQL"))
        if not compiler.refused:
            judged.sort(key=lambda j: j.shape)
            return results, "fast", ""
        for shape, reason in compiler.refused.items():
            judged.append(ShapeEngine(str(shape), "pyshacl", f"the fast engine refused it: {reason}"))
        judged.sort(key=lambda j: j.shape)
        if progress is not None:
            progress.phase("validating (SHACL, pySHACL, refused shapes)")
        rest = rdflib.Graph()
        for t in shapes:
            rest.add(t)
        for shape in compiler.compiled:  # judged already: no targets for pySHACL
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
                rest.remove((shape, p, None))
            rest.remove((shape, RDF.type, rdflib.RDFS.Class))
        refused = set(compiler.refused)
        slow = [r for r in pyshacl_results(kg, rest) if owning_shape(shapes, r.source_shape) in refused]
        used = "fast+pyshacl" if compiler.compiled else "pyshacl"
        note = f"pySHACL judged {len(refused)} shape{'s' * (len(refused) != 1)} the fast engine refused"
        return results + slow, used, note
    if progress is not None:
        progress.phase("validating (SHACL, pySHACL)")
    listing = Compiler(shapes, kg.query)  # type: ignore[arg-type]
    for shape in listing.shapes():
        if listing.has_targets(shape):
            judged.append(ShapeEngine(str(shape), "pyshacl", "asked for (--engine pyshacl)"))
    return pyshacl_results(kg, shapes), "pyshacl", ""


def pyshacl_results(kg: KnowledgeGraph, shapes: rdflib.Graph) -> list[Result]:
    """pySHACL's results on an rdflib copy of the graph, in the fast engine's form."""
    import pyshacl

    data = kg.to_rdflib()
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, allow_infos=True
    )
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        out.append(
            Result(
                focus=from_rdflib(focus),
                path=results.value(r, SH.resultPath),
                value=results.value(r, SH.value),
                source_shape=results.value(r, SH.sourceShape),
                component=str(results.value(r, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
                severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                messages=frozenset(m for m in results.objects(r, SH.resultMessage) if isinstance(m, rdflib.Literal)),
            )
        )
    return out


def findings(results: Iterable[Result], kg: KnowledgeGraph, shapes: rdflib.Graph, lang: str) -> list[Finding]:
    """Validation results as findings for people: labels, the fix, and where each entity is stated."""
    results = list(results)
    locator = Locator(kg)
    locator.prepare(r.focus for r in results)
    labels = EntityLabels(kg, lang)
    out = []
    for r in results:
        source = r.source_shape
        fix = (
            _pick(shapes.objects(source, KGSH.fix), lang)
            or _pick(shapes.objects(owning_shape(shapes, source), KGSH.fix), lang)
            if source is not None
            else ""
        )
        file, line = locator.locate(r.focus)
        path = r.path if isinstance(r.path, rdflib.URIRef) else None
        out.append(
            Finding(
                severity=r.severity,
                focus=_text(r.focus),
                focus_label=labels.of(r.focus),
                path=str(path) if path is not None else None,
                path_label=labels.of(from_rdflib(path)) if path is not None else None,
                value=str(r.value) if r.value is not None else None,
                message=_pick(r.messages, lang) or "",
                fix=fix or "",
                shape=str(owning_shape(shapes, source)),
                constraint=r.component,
                file=file,
                line=line,
                origin=locator.origin(r.focus),
            )
        )
    return out


def owl_findings(kg: KnowledgeGraph, lang: str, mode: str, report: ValidationReport) -> list[Finding]:
    from kgtool.validation.reasoner import reason

    outcome = reason(kg, mode=mode)
    report.reasoner_ran, report.consistent, report.reasoner_mode = True, outcome.consistent, mode
    out = []
    if not outcome.consistent:
        out.append(
            Finding(
                "Violation",
                ONTOLOGY_IRI,
                "the ontology and data as a whole",
                None,
                None,
                None,
                outcome.message or "the ontology and data are inconsistent",
                "look for an entity typed with two classes that exclude each other, or a second value for a "
                "property that takes one; validating with --no-reasoner lists the SHACL findings that often point to it",
                "owl:consistency",
                "owl:consistency",
            )
        )
    labels = EntityLabels(kg, lang)
    for cls in outcome.unsatisfiable:
        out.append(
            Finding(
                "Violation",
                cls,
                labels.of(ox.NamedNode(cls)),
                None,
                None,
                None,
                "this class can have no members: its definition contradicts itself",
                "review the class's restrictions and disjointness axioms in ontology/",
                "owl:satisfiability",
                "owl:satisfiability",
            )
        )
    return out + clash_findings(outcome.clashes, kg, lang)


def clash_findings(clashes: Iterable[Clash], kg: KnowledgeGraph, lang: str) -> list[Finding]:
    """Individuals that break the ontology's axioms (kgtool.validation.reasoner.instance_clashes), as findings."""
    labels = EntityLabels(kg, lang)
    locator = Locator(kg)
    out = []
    for clash in clashes:
        file, line = locator.locate(ox.NamedNode(clash.focus))
        out.append(
            Finding(
                "Violation",
                clash.focus,
                labels.of(ox.NamedNode(clash.focus)),
                clash.path,
                labels.of(ox.NamedNode(clash.path)) if clash.path else None,
                clash.value,
                clash.message,
                clash.fix,
                "owl:consistency",
                clash.axiom,
                file,
                line,
                locator.origin(ox.NamedNode(clash.focus)),
            )
        )
    return out


def named_shapes(shapes: rdflib.Graph) -> list[str]:
    return sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, rdflib.URIRef))


def owning_shape(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> rdflib.term.Node | None:
    """The named node shape a (possibly anonymous) property shape belongs to."""
    if shape is None or isinstance(shape, rdflib.URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _pick(values: Iterable[rdflib.term.Node], lang: str) -> str | None:
    """The message (or fix) in the reader's language, else English, else the first in order."""
    chosen = choose(sorted(v for v in values if isinstance(v, rdflib.Literal)), lang, fallbacks=("en",))
    return None if chosen is None else str(chosen)


def _text(term: OxTerm) -> str:
    return str(to_rdflib(term))
