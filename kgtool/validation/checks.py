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

import itertools
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kgtool import assets
from kgtool.errors import KgtoolError, UsageError
from kgtool.i18n.catalogue import t
from kgtool.i18n.labels import choose
from kgtool.i18n.problems import worded
from kgtool.iri import local_name
from kgtool.rdf.as_written import WrittenForms, rdflib_as_written, written_forms
from kgtool.rdf.parse import DATASET_FORMATS, format_for, load_file
from kgtool.rdf.store import KnowledgeGraph, OxTerm, from_rdflib, to_rdflib
from kgtool.shacl.engine import Compiler, Result, Unsupported, datatype_matches
from kgtool.shacl.parameters import check_shapes, load_pattern_component
from kgtool.validation.entities import EntityLabels, Locator, blank_node_names
from kgtool.validation.model import (
    CANNOT_RUN,
    ENGINES,
    REASON_AS_WRITTEN,
    REASON_ASKED,
    REASON_COMPILED,
    REASON_USED_BY_ANOTHER,
    REASONER_MODES,
    REFUSED_IT,
    REFUSED_THESE,
    STANDARD_SEVERITIES,
    Finding,
    ShapeEngine,
    ValidationReport,
    sort_key,
)
from kgtool.vocab import KGSH as KGSH_NAMESPACE
from kgtool.vocab import ONTOLOGY_IRI

if TYPE_CHECKING:
    from kgtool.progress import Progress
    from kgtool.validation.reasoner import Clash

KGSH = rdflib.Namespace(KGSH_NAMESPACE)


def shapes_graph(extra: Sequence[Path] = (), only_extra: bool = False) -> rdflib.Graph:
    """The project's shapes (shapes/*.ttl) and the user's shape files (``kgtool validate --shapes``),
    or the user's alone (``--only-shapes``)."""
    if only_extra and not extra:
        raise worded(UsageError, "validate#only-shapes-without-shapes", "validate.only_shapes_without_shapes")
    files = [] if only_extra else assets.shape_files()
    if not files and not extra:
        # validating against nothing would report "conforms" for anything: refuse instead
        raise worded(KgtoolError, "setup#no-shapes", "setup.no_shapes", folder=assets.asset_dir("shapes"))
    g = rdflib.Graph()
    for path in files:
        g.parse(path, format="turtle")
    g += users_shapes([Path(p) for p in extra], only_extra)
    return g


# what makes a node a shape that can validate something (SHACL 1.0, section 2.1)
SHAPE_CLASSES = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
NO_SHAPES_HINT = "validate.no_shapes_hint"
SHACL_NAMESPACE = "http://www.w3.org/ns/shacl#"


def users_shapes(paths: Sequence[Path], alone: bool = False) -> rdflib.Graph:
    """The user's --shapes files read into one graph, refused (``validate#no-shapes``, naming the
    file) when a file holds nothing of SHACL at all, as a data file given by mistake does; and when
    validated with them ``alone`` (--only-shapes), refused when they hold no shape between them,
    which would report "conforms" for any data. Without --only-shapes a file may hold no shape of
    its own: it may deactivate a project's shape or set its severity, or declare prefixes for
    another file's SPARQL."""
    g = rdflib.Graph()
    for path in paths:
        one = user_shapes(path)
        if not holds_shape(one) and not speaks_shacl(one):
            raise worded(
                UsageError, "validate#no-shapes", "validate.no_shapes_in_file", hint_key=NO_SHAPES_HINT, file=str(path)
            )
        g += one
    if alone and paths and not holds_shape(g):
        if len(paths) == 1:
            raise worded(
                UsageError,
                "validate#no-shapes",
                "validate.no_shapes_in_file",
                hint_key=NO_SHAPES_HINT,
                file=str(paths[0]),
            )
        files = ", ".join(str(p) for p in paths)
        raise worded(
            UsageError, "validate#no-shapes", "validate.no_shapes_in_files", hint_key=NO_SHAPES_HINT, files=files
        )
    return g


def holds_shape(g: rdflib.Graph) -> bool:
    """Whether the graph has a shape: a SHACL instance of sh:NodeShape or sh:PropertyShape (a
    subclass's instance too), the subject of a target or of sh:path."""
    classes = {c for shape_class in SHAPE_CLASSES for c in g.transitive_subjects(RDFS.subClassOf, shape_class)}
    if any(next(g.triples((None, RDF.type, c)), None) is not None for c in classes):
        return True
    return any(next(g.triples((None, p, None)), None) is not None for p in (*TARGETS, SH.path))


def speaks_shacl(g: rdflib.Graph) -> bool:
    """Whether any statement of the graph uses SHACL's vocabulary (a property, or a class it types with)."""
    return any(
        str(p).startswith(SHACL_NAMESPACE) or (p == RDF.type and str(o).startswith(SHACL_NAMESPACE))
        for _, p, o in g.triples((None, None, None))
    )


RDFLIB_FORMAT = {
    ox.RdfFormat.TURTLE: "turtle",
    ox.RdfFormat.N_TRIPLES: "nt",
    ox.RdfFormat.N3: "n3",
    ox.RdfFormat.RDF_XML: "xml",
    ox.RdfFormat.JSON_LD: "json-ld",
    ox.RdfFormat.TRIG: "trig",
    ox.RdfFormat.N_QUADS: "nquads",
}


def user_shapes(path: Path) -> rdflib.Graph:
    """A user's shapes file, read as written (rdflib keeps every literal's lexical form, which the
    store would not): first read the way data files are read, so a bad file gets the same one-line
    error with file and line (``load#...``); then by rdflib."""
    fmt = format_for(path)
    load_file(ox.Store(), path, ox.NamedNode("urn:kgtool:shapes"), None)
    g = rdflib.Graph()
    if fmt in DATASET_FORMATS:
        ds = rdflib.Dataset()
        ds.parse(path, format=RDFLIB_FORMAT[fmt])
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g.parse(path, format=RDFLIB_FORMAT.get(fmt, "turtle"))
    for prefix, namespace in g.namespaces():
        g.bind(prefix, namespace)
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
    input_format: str | None = None,
    forms: WrittenForms | None = None,
    locator: Locator | None = None,
    reuse_verdict: bool = True,
) -> ValidationReport:
    """``input_format`` is the syntax of the user's files (``--input-format``), needed to read them
    again for their literals as written (``kgtool.rdf.as_written``); ``forms``: those literals
    when the caller has them already (a ``--jobs`` worker gets them from the parent, which read
    the files once, instead of reading the whole input again for its part of it); ``locator``: how
    findings get their file and line (a worker's leaves the lines to the parent); ``reuse_verdict``:
    HermiT's verdict on the same schema given again when one is kept (``kgtool.validation.verdicts``)."""
    shapes = shapes if shapes is not None else shapes_graph()
    forms = forms if forms is not None else written_forms(loaded_files(kg, input_format))
    judged: list[ShapeEngine] = []
    results, used, note = shacl_results(kg, shapes, engine, threads, progress, forms, judged)
    # each file once (a TriG or N-Quads file holds many graphs)
    report = ValidationReport(
        files=list(dict.fromkeys(assets.display_path(p) for p in dict.fromkeys(kg.sources.values()))),
        shapes=named_shapes(shapes),
        engine=used,
        engine_note=note,
        shape_engines=judged,
    )
    report.findings = findings(results, kg, shapes, lang, locator)
    report.findings += not_of_datatype_findings(kg, forms, report.findings, shapes, lang, locator)
    if reasoner_mode not in REASONER_MODES:
        raise worded(UsageError, "validate#unknown-reasoner", "validate.unknown_reasoner", mode=repr(reasoner_mode))
    if reasoner and reasoner_mode != "none":
        if progress is not None:
            progress.phase("checking against the ontology (OWL)")
            progress.set_total(None)
        report.findings += owl_findings(kg, lang, reasoner_mode, report, reuse_verdict)
    report.findings.sort(key=sort_key)
    return report


def loaded_files(kg: KnowledgeGraph, input_format: str | None) -> list[tuple[Path, str | None]]:
    """Each file loaded into the graph once, with the syntax to read it in (the ontology's by its name)."""
    ontology = {p.resolve() for p in assets.ontology_files()}
    files = dict.fromkeys(kg.sources.values())
    return [(p, None if p.resolve() in ontology else input_format) for p in files if p.exists()]


def shacl_results(
    kg: KnowledgeGraph,
    shapes: rdflib.Graph,
    engine: str = "fast",
    threads: int | None = None,
    progress: Progress | None = None,
    forms: WrittenForms | None = None,
    judged: list[ShapeEngine] | None = None,
) -> tuple[list[Result], str, str]:
    """The validation results of the shapes on the graph, the engine that computed them, and a note;
    ``judged`` receives which engine judged each shape with targets, and why.

    The fast engine judges every shape it compiles. pySHACL judges the shapes it refuses, and the
    shapes that may see a literal the store rewrote (``forms``, ``kgtool.rdf.as_written``), on
    the literals as the files write them."""
    judged = judged if judged is not None else []
    if engine not in ENGINES:
        raise worded(UsageError, "validate#unknown-engine", "validate.unknown_engine", engine=repr(engine))
    check_shapes(shapes)  # a malformed parameter: the same refusal from both engines, whatever the data
    forms = forms if forms is not None else WrittenForms()
    if engine == "fast":
        as_written = shapes_seeing(shapes, forms) if forms else set()
        if as_written & referenced_shapes(shapes):
            reason = REASON_USED_BY_ANOTHER
            return _all_by_pyshacl(kg, shapes, forms, judged, reason), "pyshacl", reason
        fast_shapes = deactivate(shapes, as_written) if as_written else shapes
        try:
            compiler = Compiler(fast_shapes, kg.query_data_graph, threads or default_threads())  # type: ignore[arg-type]
        except Unsupported as exc:  # the shapes as a whole cannot be compiled (e.g. a prefix declared twice)
            reason = f"{REFUSED_THESE}{exc}"
            return _all_by_pyshacl(kg, shapes, forms, judged, reason), "pyshacl", reason
        try:
            results = compiler.run(progress)
        except SyntaxError as exc:
            # a shape's SPARQL the store cannot parse (e.g. a prefix only the data files declare,
            # which pySHACL takes from the data graph): pySHACL judges it, or says what is wrong
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            reason = f"{CANNOT_RUN}{first})"
            return _all_by_pyshacl(kg, shapes, forms, judged, reason), "pyshacl", reason
        for shape in compiler.compiled:
            judged.append(ShapeEngine(str(shape), "fast", REASON_COMPILED))
        for shape, reason in compiler.refused.items():
            judged.append(ShapeEngine(str(shape), "pyshacl", f"{REFUSED_IT}{reason}"))
        for shape in sorted(as_written, key=str):
            judged.append(ShapeEngine(str(shape), "pyshacl", REASON_AS_WRITTEN))
        judged.sort(key=lambda j: j.shape)
        slow_shapes = set(compiler.refused) | as_written
        if not slow_shapes:
            return results, "fast", ""
        if progress is not None:
            progress.phase("validating (SHACL, pySHACL, refused shapes)")
        rest = rdflib.Graph()
        rest += shapes
        for prefix, namespace in shapes.namespaces():
            rest.bind(prefix, namespace)
        for shape in compiler.compiled:  # judged already: no targets for pySHACL (they may still be used)
            for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
                rest.remove((shape, target, None))
            rest.remove((shape, RDF.type, rdflib.RDFS.Class))
        slow = [r for r in pyshacl_results(kg, rest, forms) if _belongs_to(shapes, r.source_shape, slow_shapes)]
        used = "fast+pyshacl" if compiler.compiled else "pyshacl"
        names = ", ".join(local_name(str(s)) for s in sorted(slow_shapes, key=str))
        refused = len(compiler.refused)
        note = f"pySHACL judged {len(slow_shapes)} shape{'s' * (len(slow_shapes) != 1)} ({names})"
        if refused:
            note += f"; the fast engine refused {refused}"
        if as_written:
            note += (
                f"; the store holds {len(forms.literals)} statement{'s' * (len(forms.literals) != 1)}' literal"
                f"{'s' * (len(forms.literals) != 1)} in canonical form, judged as the files write them"
            )
        return results + slow, used, note
    if progress is not None:
        progress.phase("validating (SHACL, pySHACL)")
    return _all_by_pyshacl(kg, shapes, forms, judged, REASON_ASKED), "pyshacl", ""


def _all_by_pyshacl(
    kg: KnowledgeGraph, shapes: rdflib.Graph, forms: WrittenForms, judged: list[ShapeEngine], reason: str
) -> list[Result]:
    """pySHACL's results for every shape, each active targeted shape recorded as judged by it for ``reason``."""
    judged.clear()
    judged.extend(
        ShapeEngine(str(s), "pyshacl", reason) for s in targeted_shapes(shapes) if not _deactivated(shapes, s)
    )
    judged.sort(key=lambda j: j.shape)
    return pyshacl_results(kg, shapes, forms)


def _belongs_to(shapes: rdflib.Graph, source: rdflib.term.Node | None, owners: set[rdflib.term.Node]) -> bool:
    """Whether a result's source shape is one of ``owners`` or a property shape of one (named by an
    IRI or not, and possibly shared by several node shapes)."""
    return source in owners or any(parent in owners for parent in shapes.subjects(SH.property, source))


def _deactivated(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return (shape, SH.deactivated, rdflib.Literal(True)) in shapes


def targeted_shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """The shapes with a target: the ones validation starts from. A shape that is also a class
    (``rdfs:Class``, or a subclass of it the shapes graph declares) targets its own instances."""
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    explicit = {s for p in targets for s in shapes.subjects(p, None)}
    classes = set(shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class))
    implicit = {
        s
        for c in classes
        for s in shapes.subjects(RDF.type, c)
        if (s, RDF.type, SH.NodeShape) in shapes or (s, RDF.type, SH.PropertyShape) in shapes
    }
    return explicit | implicit


def referenced_shapes(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """Shapes another shape uses (sh:node, sh:not, sh:and/or/xone members, qualified value shapes):
    deactivating one of them would change what the other one says."""
    found: set[rdflib.term.Node] = set()
    for p in (SH.node, SH["not"], SH.qualifiedValueShape, SH.property):
        found |= set(shapes.objects(None, p))
    for p in (SH["and"], SH["or"], SH.xone):
        for lst in shapes.objects(None, p):
            found |= set(shapes.items(lst))
    return found


# constraints whose answer depends on a literal's spelling (or is a SPARQL query that may look at it)
LEXICAL_CONSTRAINTS = frozenset(
    SH[name] for name in ("pattern", "minLength", "maxLength", "in", "hasValue", "equals", "disjoint", "sparql")
)
# ... on its datatype, and on how many values there are (two written literals may be one stored)
DATATYPE_CONSTRAINTS = frozenset({SH.datatype})
COUNT_CONSTRAINTS = frozenset(
    SH[name] for name in ("minCount", "maxCount", "qualifiedMinCount", "qualifiedMaxCount", "uniqueLang")
)


def shapes_seeing(shapes: rdflib.Graph, forms: WrittenForms) -> set[rdflib.term.Node]:
    """The targeted shapes whose answer may differ between the stored and the written literals.

    A shape is one of them when, anywhere in it (its property shapes, nested shapes), a node whose
    path names a predicate of a rewritten statement uses a constraint that can see how the store
    changed that predicate's literals, or a SPARQL query of it names such a predicate (by IRI or
    local name). Value ranges compare values, which the store keeps, so a property of ranges and
    counts stays with the fast engine."""
    changes = forms.changes()
    # the parameters of SPARQL-based constraint components: a shape that uses one runs its query
    components = {path for param in shapes.objects(None, SH.parameter) for path in shapes.objects(param, SH.path)}
    names = {p: re.compile(r"(?<![\w-])" + re.escape(local_name(p)) + r"(?![\w-])") for p in changes}

    def sensitive(predicate: str) -> set[rdflib.term.Node]:
        kinds = changes[predicate]
        found: set[rdflib.term.Node] = set(LEXICAL_CONSTRAINTS) | components
        if "datatype" in kinds:
            found |= DATATYPE_CONSTRAINTS
        if "merged" in kinds:
            found |= COUNT_CONSTRAINTS
        return found

    def named(node: rdflib.term.Node) -> set[str]:
        """The predicates of rewritten statements a path (or a SPARQL text) names."""
        if isinstance(node, rdflib.Literal):
            text = str(node)
            return {p for p, rx in names.items() if f"<{p}>" in text or rx.search(text)}
        if isinstance(node, rdflib.URIRef):
            return {str(node)} & set(changes)
        # a complex path (a sequence, an alternative, an inverse…): the IRIs inside it
        inner = [o for _, o in shapes.predicate_objects(node)]
        if (node, RDF.first, None) in shapes:
            inner += list(shapes.items(node))
        return set().union(*(named(o) for o in inner if o != node)) if inner else set()

    out = set()
    for shape in targeted_shapes(shapes):
        if _deactivated(shapes, shape):
            continue
        # a node shape without a path whose focus nodes are the objects of a predicate: those
        # objects (rewritten literals among them) are what its constraints judge
        if shapes.value(shape, SH.path) is None:
            used = set(shapes.predicates(shape, None))
            for predicate in shapes.objects(shape, SH.targetObjectsOf):
                if any(used & sensitive(p) for p in named(predicate)):
                    out.add(shape)
        visited: set[rdflib.term.Node] = set()
        todo = [shape]
        while todo and shape not in out:
            node = todo.pop()
            if node in visited:
                continue
            visited.add(node)
            used = set(shapes.predicates(node, None))
            path = shapes.value(node, SH.path)
            if path is not None and any(used & sensitive(p) for p in named(path)):
                out.add(shape)
            # sh:equals and sh:disjoint compare with the values of a second predicate
            for other in (*shapes.objects(node, SH.equals), *shapes.objects(node, SH.disjoint)):
                if named(other):
                    out.add(shape)
            if any(named(text) for q in (SH.select, SH.ask) for text in shapes.objects(node, q)):
                out.add(shape)
            for _, o in shapes.predicate_objects(node):
                if isinstance(o, rdflib.BNode) or (isinstance(o, rdflib.URIRef) and (o, None, None) in shapes):
                    todo.append(o)
    return out


def deactivate(shapes: rdflib.Graph, which: Iterable[rdflib.term.Node]) -> rdflib.Graph:
    """A copy of the shapes with these shapes deactivated (so each engine judges its own share)."""
    g = rdflib.Graph()
    g += shapes
    for prefix, namespace in shapes.namespaces():
        g.bind(prefix, namespace)
    for shape in which:
        g.remove((shape, SH.deactivated, None))
        g.add((shape, SH.deactivated, rdflib.Literal(True)))
    return g


_PYSHACL_SWAP = threading.Lock()
PYSHACL_LOGGER = "pyshacl-validate"  # the logger pySHACL's validate() sets up, writing to standard error


def _quiet(record: logging.LogRecord) -> bool:
    """pySHACL logs the error it then raises (``ConstraintLoadError: …``) on standard error; kgtool
    says it once, as its own error (``validate#shapes-rejected``): the log's copy is dropped."""
    return record.levelno < logging.ERROR


@contextmanager
def _kgtools_rules() -> Iterator[None]:
    """pySHACL run with kgtool's readings where pySHACL's own differ, swapped in for the call and
    put back after it (a ``--jobs`` worker is a process of its own), and its logged errors dropped:

    * ``sh:datatype`` judged by ``kgtool.shacl.engine.datatype_matches`` (XSD 1.1's lexical rules,
      as ``kgtool load`` and ``build`` judge): pySHACL asks rdflib whether a literal is ill-typed,
      and rdflib reads ``" 12 "^^xsd:integer`` as 12 and refuses ``"0000-01-01"^^xsd:date``;
    * ``sh:pattern`` and ``sh:flags`` read as XPath reads them (``kgtool.shacl.xpath_regex``), as
      the fast engine reads them: pySHACL hands them to Python's ``re``, which knows no
      ``\\p{L}`` and reads ``\\s``, ``\\w``, ``.``, ``$`` and ``[a-z-[aeiou]]`` otherwise.

    Neither component has another hook, so a method of each is replaced."""
    from pyshacl.constraints.core.string_based_constraints import PatternConstraintComponent
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

    def evaluate(
        self: DatatypeConstraintComponent,
        executor: object,
        target_graph: rdflib.Graph,
        focus_value_nodes: dict[rdflib.term.Node, Iterable[rdflib.term.Node]],
        _evaluation_path: list[object],
    ) -> tuple[bool, list[object]]:
        reports = [
            self.make_v_result(target_graph, f, value_node=v)
            for f, values in focus_value_nodes.items()
            for v in values
            if not datatype_matches(v, self.datatype_rule)
        ]
        return not reports, reports

    with _PYSHACL_SWAP:  # one swap at a time: a second would keep the first's method as pySHACL's own
        own_evaluate, own_init = DatatypeConstraintComponent.evaluate, PatternConstraintComponent.__init__
        DatatypeConstraintComponent.evaluate = evaluate
        PatternConstraintComponent.__init__ = load_pattern_component
        logger = logging.getLogger(PYSHACL_LOGGER)
        logger.addFilter(_quiet)
        try:
            yield
        finally:
            DatatypeConstraintComponent.evaluate = own_evaluate
            PatternConstraintComponent.__init__ = own_init
            logger.removeFilter(_quiet)


def pyshacl_results(kg: KnowledgeGraph, shapes: rdflib.Graph, forms: WrittenForms | None = None) -> list[Result]:
    """pySHACL's results on an rdflib copy of the graph, in the fast engine's form: the report's own
    ``sh:result``s (not the ``sh:detail`` results nested in them), each severity as its IRI, every
    literal as the files wrote it and the files' prefixes bound (``kgtool.rdf.as_written``)."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    data = rdflib_as_written(kg, forms if forms is not None else WrittenForms())
    try:
        with _kgtools_rules():
            _, report, _ = pyshacl.validate(
                data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, allow_infos=True
            )
    except ReportableRuntimeError as exc:
        raise _rejected(exc) from None
    except Exception as exc:
        # rdflib refuses a shape's SPARQL with a bare Exception (an unknown prefix) or a pyparsing
        # error, and pySHACL a feature it lacks ($shapesGraph) with NotImplementedError; anything
        # else is a fault of kgtool or pySHACL and keeps its traceback
        if (
            type(exc) is Exception
            or isinstance(exc, NotImplementedError)
            or type(exc).__module__.startswith("pyparsing")
        ):
            raise _rejected(exc) from None
        raise
    if not isinstance(report, rdflib.Graph):  # pySHACL returns a ValidationFailure when it cannot go on
        raise _rejected(report)
    out = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(top, SH.result):
            focus, source = report.value(r, SH.focusNode), report.value(r, SH.sourceShape)
            if focus is None or source is None:  # every result names both (SHACL 3.6.2)
                continue
            out.append(
                Result(
                    focus=from_rdflib(focus),
                    path=report.value(r, SH.resultPath),
                    value=report.value(r, SH.value),
                    source_shape=source,
                    component=str(report.value(r, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
                    severity=str(report.value(r, SH.resultSeverity) or SH.Violation),
                    messages=frozenset(m for m in report.objects(r, SH.resultMessage) if isinstance(m, rdflib.Literal)),
                )
            )
    return out


def _rejected(exc: object) -> KgtoolError:
    message = str(getattr(exc, "message", None) or exc).strip().splitlines()
    reason = " ".join(line.strip() for line in message)
    return worded(
        KgtoolError,
        "validate#shapes-rejected",
        "validate.shapes_rejected" if reason else "validate.shapes_rejected_no_reason",
        hint_key="validate.shapes_rejected_hint",
        reason=reason,
    )


def severity_of(result: Result, shapes: rdflib.Graph) -> str:
    """A result's severity: Violation, Warning or Info, else the IRI of the shape's own severity
    (SHACL allows any IRI; an engine that gives only its local name is looked up in the shapes)."""
    name = result.severity.rsplit("#", 1)[-1] if result.severity.startswith(str(SH)) else result.severity
    if name in STANDARD_SEVERITIES:
        return name
    if ":" not in name and result.source_shape is not None:
        declared = shapes.value(result.source_shape, SH.severity)
        if declared is not None:
            return str(declared)
    return name


def findings(
    results: Iterable[Result],
    kg: KnowledgeGraph,
    shapes: rdflib.Graph,
    lang: str,
    locator: Locator | None = None,
    names: dict[ox.BlankNode, str] | None = None,
) -> list[Finding]:
    """Validation results as findings for people: labels, the fix, and where each entity is stated.
    A blank node is named by ``blank_node_names`` (``names``: those the caller has already)."""
    results = list(results)
    locator = locator if locator is not None else Locator(kg)
    locator.prepare(r.focus for r in results)
    labels = EntityLabels(kg, lang)
    blank_values = [from_rdflib(r.value) for r in results if isinstance(r.value, rdflib.BNode)]
    names = dict(names or {})
    wanted = itertools.chain((r.focus for r in results), blank_values)
    names |= blank_node_names(kg, (n for n in wanted if n not in names))
    locator.note_holders(names, (r.focus for r in results))
    # what depends on the shape alone (or on the shape and the messages) is looked up once: a
    # large graph has thousands of results of a few dozen shapes
    by_shape: dict[rdflib.term.Node | None, tuple[str, str]] = {}
    messages: dict[tuple[frozenset[rdflib.term.Node], rdflib.term.Node | None], str] = {}
    severities: dict[tuple[str, rdflib.term.Node | None], str] = {}
    out = []
    for r in results:
        source = r.source_shape
        if source not in by_shape:
            fix = (
                _pick(shapes.objects(source, KGSH.fix), lang)
                or _pick(shapes.objects(owning_shape(shapes, source), KGSH.fix), lang)
                if source is not None
                else ""
            )
            by_shape[source] = (fix or "", str(owning_shape(shapes, source)))
        fix, shape = by_shape[source]
        if (r.messages, source) not in messages:
            messages[(r.messages, source)] = _pick(_retag(r.messages, shapes, source), lang) or ""
        if (r.severity, source) not in severities:
            severities[(r.severity, source)] = severity_of(r, shapes)
        file, line = locator.locate(r.focus)
        path = r.path if isinstance(r.path, rdflib.URIRef) else None
        out.append(
            Finding(
                severity=severities[(r.severity, source)],
                focus=_named(r.focus, names),
                focus_label=labels.of(r.focus, _named(r.focus, names)),
                path=str(path) if path is not None else None,
                path_label=labels.of(from_rdflib(path)) if path is not None else None,
                value=_named(from_rdflib(r.value), names) if isinstance(r.value, rdflib.BNode) else _str(r.value),
                message=messages[(r.messages, source)],
                fix=fix,
                shape=shape,
                constraint=r.component,
                file=file,
                line=line,
                origin=locator.origin(r.focus),
            )
        )
    return out


# the source of the findings on literals not of their datatype: no shape of the shapes graph, kgtool's own check
NOT_OF_DATATYPE = KGSH.LiteralOfItsDatatype


def not_of_datatype_findings(
    kg: KnowledgeGraph,
    forms: WrittenForms,
    found: Sequence[Finding],
    shapes: rdflib.Graph,
    lang: str,
    locator: Locator | None = None,
) -> list[Finding]:
    """A violation for each statement of the graph whose literal, as the files write it, is not of
    its datatype by XSD 1.1's lexical rules (``forms.not_of_datatype``), whatever the shapes say:
    ``kgtool load``, ``build`` and ``publish`` refuse such a literal, so validation must not say
    the data conforms (session 11). One that an ``sh:datatype`` of the shapes found already
    (``found``: same entity, property and value) is not reported twice.

    Only statements this graph holds count (a ``--jobs`` worker is given the forms of whole files,
    and holds some of their graphs): a statement about an IRI is looked up as written, one about a
    blank node (named anew when the files are read again) by the blank nodes holding that
    property and stored value, each once. Where the store holds a valid spelling of the same
    value for other blank nodes too (``"inf"`` and ``"INF"`` both held as ``"INF"``), which of them
    wrote the wrong one cannot be told: as many as wrote it are named, the first in the store's
    order. Only a Violation of a shape's ``sh:datatype`` stands in for this check's finding (a
    shape of lower severity must not let the data conform)."""
    from collections import Counter
    from dataclasses import replace

    from kgtool.rdf.xsd_lexical import suggestion
    from kgtool.vocab import LANGUAGES

    component = "DatatypeConstraintComponent"  # as both engines name it (a local name)
    reported = {
        (f.focus, f.path, f.value)
        for f in found
        if f.constraint.rsplit("#", 1)[-1] == component and f.severity == "Violation"
    }
    # blank-node statements: how many wrote each (property, written, stored), to be looked up once
    written_by_blank_nodes = Counter(
        (predicate, written, stored)
        for subject, predicate, written, stored in forms.not_of_datatype
        if isinstance(subject, ox.BlankNode)
    )
    holding: list[tuple[list[OxTerm], ox.NamedNode, ox.Literal]] = []
    for subject, predicate, written, stored in forms.not_of_datatype:
        holders: list[OxTerm]
        if isinstance(subject, ox.BlankNode):
            times = written_by_blank_nodes.pop((predicate, written, stored), 0)
            held = kg.store.quads_for_pattern(None, predicate, stored)
            holders = list(dict.fromkeys(q.subject for q in held if isinstance(q.subject, ox.BlankNode)))
            holders = holders if written == stored else holders[:times]
        else:
            holders = [subject] if any(True for _ in kg.store.quads_for_pattern(subject, predicate, stored)) else []
        holding.append((holders, predicate, written))
    names = blank_node_names(kg, (holder for holders, _, _ in holding for holder in holders))
    results: list[Result] = []
    fixes: dict[str, str] = {}
    named: set[tuple[str, str, str]] = set()
    for holders, predicate, written in holding:
        datatype = written.datatype.value
        right = suggestion(written.value, datatype)
        for holder in holders:
            name = _named(holder, names)
            key_of_finding = (name, predicate.value, written.value)
            if key_of_finding in reported or key_of_finding in named:
                continue
            named.add(key_of_finding)
            words = {"datatype": local_name(datatype), "right": str(ox.Literal(right or "", datatype=written.datatype))}
            results.append(
                Result(
                    focus=holder,
                    path=to_rdflib(predicate),
                    value=to_rdflib(written),
                    source_shape=NOT_OF_DATATYPE,
                    component=component,
                    severity=str(SH.Violation),
                    messages=frozenset(
                        rdflib.Literal(t("validate.not_of_datatype", language, **words), lang=language)
                        for language in LANGUAGES
                    ),
                )
            )
            key = "validate.not_of_datatype_right" if right is not None else "validate.not_of_datatype_fix"
            fixes[name + " " + predicate.value + " " + written.value] = t(key, lang, **words)
    return [
        replace(f, fix=fixes[f"{f.focus} {f.path} {f.value}"])
        for f in findings(results, kg, shapes, lang, locator, names)
    ]


def owl_findings(
    kg: KnowledgeGraph, lang: str, mode: str, report: ValidationReport, reuse_verdict: bool = True
) -> list[Finding]:
    from kgtool.validation.reasoner import reason

    outcome = reason(kg, mode=mode, reuse=reuse_verdict)
    report.reasoner_ran, report.consistent, report.reasoner_mode = True, outcome.consistent, mode
    report.reasoner_reused = outcome.reused
    out = []
    if not outcome.consistent:
        # the reasoner's verdict in the reader's words: individuals that break the axioms (tbox),
        # classes that can have no members, or HermiT's plain "inconsistent"
        if outcome.clashes:
            message = t("owl.clashes", lang, n=len(outcome.clashes))
        elif outcome.unsatisfiable:
            message = t("owl.unsatisfiable", lang)
        else:
            message = t("owl.inconsistent", lang)
        out.append(verdict_finding(message, lang))
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
                t("owl.empty_class", lang),
                t("owl.empty_class_fix", lang),
                "owl:satisfiability",
                "owl:satisfiability",
            )
        )
    return out + clash_findings(outcome.clashes, kg, lang)


def verdict_finding(message: str, lang: str) -> Finding:
    """The reasoner's verdict on the ontology and data as a whole, when it is "inconsistent"."""
    return Finding(
        "Violation",
        ONTOLOGY_IRI,
        t("owl.whole", lang),
        None,
        None,
        None,
        message,
        t("owl.inconsistent_fix", lang),
        "owl:consistency",
        "owl:consistency",
    )


def is_verdict(finding: Finding) -> bool:
    """Whether the finding is that verdict (a --jobs run replaces the ontology's alone with one over the data)."""
    return finding.focus == ONTOLOGY_IRI and finding.constraint == "owl:consistency"


def clash_findings(clashes: Iterable[Clash], kg: KnowledgeGraph, lang: str) -> list[Finding]:
    """Individuals that break the ontology's axioms (kgtool.validation.reasoner.instance_clashes), as
    findings in the reader's language (the clash's own English words when kgtool has none for it)."""
    clashes = list(clashes)
    labels = EntityLabels(kg, lang)
    locator = Locator(kg)
    names = blank_node_names(kg, (clash.focus for clash in clashes))
    out = []
    for clash in clashes:
        file, line = locator.locate(clash.focus)
        message, fix = _clash_words(clash, lang)
        out.append(
            Finding(
                "Violation",
                _named(clash.focus, names),
                labels.of(clash.focus, _named(clash.focus, names)),
                clash.path,
                labels.of(ox.NamedNode(clash.path)) if clash.path else None,
                clash.value,
                message,
                fix,
                "owl:consistency",
                clash.axiom,
                file,
                line,
                locator.origin(clash.focus),
            )
        )
    return out


def _clash_words(clash: Clash, lang: str) -> tuple[str, str]:
    """A clash's message and fix from the catalogues, by its axiom (``owl:disjointWith A B`` or
    ``owl:FunctionalProperty`` with the count of values)."""
    axiom = clash.axiom.split()
    if axiom[0] == "owl:disjointWith" and len(axiom) == 3:
        return t("owl.disjoint", lang, a=axiom[1], b=axiom[2]), t("owl.disjoint_fix", lang)
    if axiom == ["owl:FunctionalProperty"] and clash.path and clash.count is not None:
        prop = local_name(clash.path)
        return t("owl.functional", lang, n=clash.count, property=prop), t("owl.functional_fix", lang)
    return clash.message, clash.fix


def named_shapes(shapes: rdflib.Graph) -> list[str]:
    return sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, rdflib.URIRef))


def owning_shape(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> rdflib.term.Node | None:
    """The named node shape a (possibly anonymous) property shape belongs to."""
    if shape is None or isinstance(shape, rdflib.URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _retag(
    messages: Iterable[rdflib.term.Node], shapes: rdflib.Graph, source: rdflib.term.Node | None
) -> list[rdflib.term.Node]:
    """The messages with the language tags pySHACL drops: filling in a SPARQL constraint's
    ``{?var}`` placeholders it returns untagged text (and the fast engine, which must agree with
    it, does the same), so a Russian template would lose to the English one. The constraint's own
    tagged templates say which language each filled-in message is in."""
    templates = [
        m
        for constraint in (shapes.objects(source, SH.sparql) if source is not None else ())
        for m in shapes.objects(constraint, SH.message)
        if isinstance(m, rdflib.Literal) and m.language
    ]
    out: list[rdflib.term.Node] = []
    for message in messages:
        if isinstance(message, rdflib.Literal) and not message.language:
            for template in templates:
                parts = re.split(r"\{[?$]\w+\}", str(template))
                if re.fullmatch(".*?".join(re.escape(p) for p in parts), str(message), flags=re.DOTALL):
                    message = rdflib.Literal(str(message), lang=template.language)
                    break
        out.append(message)
    return out


def _pick(values: Iterable[rdflib.term.Node], lang: str) -> str | None:
    """The message (or fix) in the reader's language, else English, else the first in order."""
    chosen = choose(sorted(v for v in values if isinstance(v, rdflib.Literal)), lang, fallbacks=("en",))
    return None if chosen is None else str(chosen)


def _text(term: OxTerm) -> str:
    return str(to_rdflib(term))


def _named(term: OxTerm, names: dict[ox.BlankNode, str]) -> str:
    """A blank node's name (``blank_node_names``), any other term's text."""
    return names.get(term, _text(term)) if isinstance(term, ox.BlankNode) else _text(term)


def _str(value: rdflib.term.Node | None) -> str | None:
    return str(value) if value is not None else None
