"""OWL 2 DL reasoning with HermiT (bundled with owlready2), in two modes.

``tbox`` (what ``kgtool validate`` runs): HermiT checks the ontology itself — the files in
ontology/ plus any schema statement the data adds (subclass, domain, range, OWL axioms) —
for consistency and unsatisfiable classes. Its cost does not grow with the data. The
instances are then checked against the ontology's axioms that can make them
contradictory, by SPARQL on the store: an individual in two disjoint classes (asserted, or
implied by a property's domain or range, through rdfs:subClassOf), and a functional data
property with two different values. What this mode does not check: contradictions that
need longer chains of inference over instances (e.g. an owl:someValuesFrom or a
cardinality restriction combined with owl:sameAs), and it does not classify individuals
(Principal/Agent roles). SHACL checks the closed-world rules (a missing statement, a
count of cells) in both modes. HermiT's verdict on a schema is kept, and given again for
the same schema statements without starting Java (``kgtool.validation.verdicts``).

``full`` (``kgtool validate --reasoner full``, and ``reason()``'s default): HermiT over
the ontology and all the data: consistency, unsatisfiable classes, and the classes each
individual falls into — e.g. that political parties and the Jogorku Kenesh are both
principals and agents because of the pairs they stand in. It converts the whole graph
and grows with it (minutes at a few hundred thousand statements), so it is for one
assessment, not for a corpus.
"""

from __future__ import annotations

import contextvars
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

import pyoxigraph as ox

from kgtool.errors import EXIT_FINDINGS, KgtoolError, ReasonerError
from kgtool.i18n.problems import worded
from kgtool.iri import local_name as _local
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import canonical
from kgtool.vocab import OWL, RDF, RDFS, SKOS

if TYPE_CHECKING:
    import rdflib

    from kgtool.sparql.named import NamedQuery


MODES = ("tbox", "full")
# HermiT's JVM compiles with C1 only below this many statements: such a run lasts a few
# seconds, and the default tiered compiler spends about half of its CPU compiling code with
# C2 that the run ends before it pays back (measured on the project's ontology: the schema
# check 1.8 -> 1.0 CPU s, the whole graph of 6 500 statements 7.2 -> 3.5 CPU s, the same
# answers). A long run over a large graph keeps the default, where C2's code does pay.
QUICK_JVM_STATEMENTS = 50_000
QUICK_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"
# the name of the thread HermiT runs in beside the instance checks (as in ``kgtool validate --jobs``)
HERMIT_THREAD = "kgtool-hermit"
# statements of the data that belong to the schema (the TBox) whatever file they are in
SCHEMA_PREDICATES = {RDFS + p for p in ("subClassOf", "subPropertyOf", "domain", "range")} | {
    OWL + p
    for p in (
        "equivalentClass",
        "equivalentProperty",
        "disjointWith",
        "inverseOf",
        "propertyDisjointWith",
        "complementOf",
        "unionOf",
        "intersectionOf",
        "oneOf",
        "onProperty",
        "someValuesFrom",
        "allValuesFrom",
        "hasValue",
        "cardinality",
        "minCardinality",
        "maxCardinality",
        "qualifiedCardinality",
        "minQualifiedCardinality",
        "maxQualifiedCardinality",
        "onClass",
        "members",
        "propertyChainAxiom",
        "imports",
    )
}


@dataclass(frozen=True)
class Clash:
    """An individual that the ontology's axioms make contradictory (``focus``: a blank node too)."""

    focus: ox.NamedNode | ox.BlankNode
    message: str
    fix: str
    axiom: str
    path: str | None = None
    value: str | None = None
    count: int | None = None  # how many values a functional property has (its message's number)


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_types: dict[str, set[str]] = field(default_factory=dict)
    message: str = ""
    clashes: list[Clash] = field(default_factory=list)
    mode: str = "full"
    statements: int = 0  # how many statements HermiT reasoned over
    reused: str | None = None  # the day of the kept verdict given (kgtool.validation.verdicts); None: HermiT ran

    def types_of(self, iri: str) -> set[str]:
        return self.inferred_types.get(iri, set())


def java_available() -> bool:
    return shutil.which("java") is not None


def reason(kg: KnowledgeGraph, mode: str = "full", reuse: bool = False) -> ReasonerResult:
    """``full``: HermiT over the whole graph (consistency and inferred types); ``tbox``: HermiT
    over the schema only, then the instance checks of ``instance_clashes``; with ``reuse``, its
    verdict on the same schema when one is kept (``kgtool.validation.verdicts``)."""
    if mode not in MODES:
        raise worded(KgtoolError, "reason#unknown-mode", "reason.unknown_mode", mode=repr(mode))
    if mode == "tbox":
        schema = schema_graph(kg)
        # HermiT's Java process checks the schema while the store answers the instance checks: the
        # two share nothing, and one no longer waits for the other (the stage's CPU is the same)
        hermit = Beside(lambda: _hermit(schema, [], reuse=reuse))
        try:
            clashes = instance_clashes(kg)
        except BaseException:
            hermit.wait()  # no Java process is left running behind an error
            raise
        outcome = hermit.result()
        outcome.mode, outcome.statements = "tbox", len(schema)
        outcome.clashes = clashes
        if outcome.clashes and outcome.consistent:
            outcome.consistent = False
            outcome.message = (
                f"the data contradicts the ontology: {len(outcome.clashes)} individual(s) break its axioms (listed)"
            )
        return outcome
    graph = kg.to_rdflib()
    outcome = _hermit(graph, _typed_subjects(kg))
    outcome.statements = len(graph)
    return outcome


INTERRUPTED_GRACE = 5.0  # seconds an interrupted run waits for HermiT's thread to clean up
T = TypeVar("T")


class Beside(Generic[T]):
    """``run()`` in a thread of its own (named ``HERMIT_THREAD``), started at once: HermiT's Java
    process beside other work (the instance checks here, the workers of ``kgtool validate --jobs``
    in ``kgtool.validation.parallel``). ``result()`` waits for it and returns what it returned or
    raises what it raised; ``done`` is set when it has ended, whatever the way."""

    def __init__(self, run: Callable[[], T]) -> None:
        self.outcome: T | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        # in the caller's context: its validation's record of the verdicts HermiT gave (verdicts.one_run)
        context = contextvars.copy_context()
        self.thread = threading.Thread(target=context.run, args=(self._run, run), name=HERMIT_THREAD, daemon=True)
        self.thread.start()

    def _run(self, run: Callable[[], T]) -> None:
        try:
            self.outcome = run()
        except BaseException as exc:  # raised again by result(), in the caller's thread
            self.error = exc
        finally:
            self.done.set()

    def wait(self) -> None:
        # an Event, not Thread.join: on Python 3.11 a join interrupted by Ctrl-C marks the thread
        # stopped while it still runs, and a second join returns at once
        try:
            self.done.wait()
        except BaseException:
            # interrupted (Ctrl-C, which reaches HermiT's JVM too, in the terminal's process group):
            # a moment for the thread to see its JVM end and remove its temporary file, which a
            # daemon thread stopped at the interpreter's exit would leave behind; then go on
            self.done.wait(timeout=INTERRUPTED_GRACE)
            raise

    def result(self) -> T:
        self.wait()
        if self.error is not None:
            raise self.error
        assert self.outcome is not None
        return self.outcome


def schema_graph(kg: KnowledgeGraph) -> rdflib.Graph:
    """The ontology files' statements, plus the data's schema statements and the blank nodes
    (restrictions, lists) they lead to; its size depends on the schema, not on the data."""
    import rdflib

    from kgtool.rdf.store import to_rdflib

    g = rdflib.Graph()
    for q in _schema_quads(kg, _ontology_graphs(kg), data_only=False):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), _schema_object(q)))
    return g


def data_schema(kg: KnowledgeGraph) -> list[ox.Triple]:
    """The data's own schema statements (``schema_graph`` without the ontology files'), with the
    labels of every resource they name (as subject, object or list member): what a ``kgtool
    validate --jobs`` worker gives the parent, which has HermiT reason over the ontology with every
    worker's (``with_data_schema``) as reasoning over all the data in one place does, and names an
    unsatisfiable class as it does."""
    ontology = _ontology_graphs(kg)
    found = [ox.Triple(q.subject, q.predicate, q.object) for q in _schema_quads(kg, ontology, data_only=True)]
    named = sorted({n for t in found for n in (t.subject, t.object) if isinstance(n, ox.NamedNode)}, key=str)
    labels = [ox.NamedNode(str(p)) for p in (RDFS + "label", SKOS + "prefLabel")]
    seen = set(found)
    for node in named:
        for p in labels:
            for q in kg.store.quads_for_pattern(node, p, None):
                t = ox.Triple(q.subject, q.predicate, q.object)
                if q.graph_name not in ontology and t not in seen:
                    seen.add(t)
                    found.append(t)
    return found


def with_data_schema(kg: KnowledgeGraph, statements: bytes) -> None:
    """Add to ``kg`` (the ontology files) the data's schema statements ``data_schema`` gave, as
    N-Triples, in a graph of their own that ``schema_graph`` reads as the data's."""
    if statements:
        kg.store.load(statements, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATA_SCHEMA_GRAPH))
        kg.changed()


DATA_SCHEMA_GRAPH = "urn:kgtool:data-schema"


def _ontology_graphs(kg: KnowledgeGraph) -> set[ox.NamedNode]:
    from kgtool import assets

    ontology = {p.resolve() for p in assets.ontology_files()}
    return {ox.NamedNode(g) for g, path in kg.sources.items() if path.resolve() in ontology}


def _schema_quads(kg: KnowledgeGraph, ontology: set[ox.NamedNode], data_only: bool) -> list[ox.Quad]:
    """The quads of ``schema_graph``, each statement once (``ontology``: the graphs of the ontology
    files); ``data_only``: those of the data alone."""
    out: list[ox.Quad] = []
    seen: set[ox.Triple] = set()
    todo: list[ox.BlankNode] = []

    def add(q: ox.Quad) -> None:
        if data_only and q.graph_name in ontology:
            return
        t = ox.Triple(q.subject, q.predicate, q.object)
        if t in seen:
            return
        seen.add(t)
        out.append(q)
        if isinstance(q.object, ox.BlankNode):
            todo.append(q.object)

    if not data_only:
        for graph in sorted(ontology, key=str):
            for q in kg.store.quads_for_pattern(None, None, None, graph):
                add(q)
    for p in sorted(SCHEMA_PREDICATES):
        for q in kg.store.quads_for_pattern(None, ox.NamedNode(p), None):
            add(q)
    rdf_type = ox.NamedNode(RDF + "type")
    for meta in (
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
        "Restriction",
        "AllDisjointClasses",
        "Ontology",
    ):
        for q in kg.store.quads_for_pattern(None, rdf_type, ox.NamedNode(OWL + meta)):
            add(q)
    while todo:  # the restrictions and lists the schema statements point to
        node = todo.pop()
        for q in kg.store.quads_for_pattern(node, None, None):
            add(q)
    return out


def _schema_object(q: ox.Quad) -> rdflib.term.Node:
    import rdflib

    from kgtool.rdf.store import OWL_CARDINALITIES, to_rdflib

    obj = to_rdflib(q.object)
    if q.predicate.value in OWL_CARDINALITIES and isinstance(obj, rdflib.Literal):
        obj = rdflib.Literal(str(obj), datatype=rdflib.XSD.nonNegativeInteger)
    return obj


def instance_clashes(kg: KnowledgeGraph) -> list[Clash]:
    """Individuals the ontology's axioms make contradictory, found by SPARQL (each query's cost
    grows with the data only as a join does): members of two disjoint classes, by assertion or
    by a property's domain or range; two different values of a functional data property.

    The schema lookups are the named queries in queries/owl/. The query over the data is
    compiled from their answers, one per pair of disjoint classes, naming every class and
    property, because Oxigraph answers a pattern with a variable predicate (one query for
    all pairs) ten times slower at 100k statements."""
    from kgtool.sparql.named import named

    out: list[Clash] = []
    extents: dict[str, str] = {}
    extent = named("owl/class-extent")  # looked up once: each look-up checks every .rq file's stamp
    for row in kg.query(named("owl/disjoint-classes").bind({})):  # type: ignore[attr-defined]
        a, b = row["classA"].value, row["classB"].value
        for c in (a, b):
            if c not in extents:
                extents[c] = _membership_pattern(kg, c, extent)
        # each side with its own helper variables, so that only ?x joins them
        side_a, side_b = (
            extents[c].replace("?c", f"?c{s}").replace("?p", f"?p{s}").replace("?any", f"?any{s}")
            for c, s in ((a, "a"), (b, "b"))
        )
        q = f"SELECT DISTINCT ?x WHERE {{ {{ {side_a} }} {{ {side_b} }} FILTER (!isLITERAL(?x)) }} ORDER BY ?x"
        for found in kg.query(q):  # type: ignore[attr-defined]
            out.append(
                Clash(
                    found["x"],
                    f"this resource is both a kgo:{_local(a)} and a kgo:{_local(b)} (by its types, "
                    "or by the domain or range of a property it is used with), classes the ontology declares disjoint",
                    "remove the wrong type, or use the property meant for this kind of resource",
                    f"owl:disjointWith {_local(a)} {_local(b)}",
                )
            )
    for row in kg.query(named("owl/functional-values").bind({})):  # type: ignore[attr-defined]
        p = row["property"].value
        out.append(
            Clash(
                row["resource"],
                f"this resource has {row['values'].value} different values for {_local(p)}, "
                "which the ontology declares functional (one value at most)",
                "keep one value",
                "owl:FunctionalProperty",
                path=p,
                count=int(row["values"].value),
            )
        )
    return out


def _membership_pattern(kg: KnowledgeGraph, cls: str, extent: NamedQuery) -> str:
    """A pattern binding ?x to the members of a class: typed with it or a subclass, or subject
    (object) of a property whose domain (range) is one of them (``extent``: queries/owl/class-extent.rq)."""
    terms: dict[str, list[str]] = {"type": [], "domain": [], "range": []}
    for row in kg.query(extent.bind({"class": cls})):  # type: ignore[attr-defined]
        terms[row["how"].value].append(f"<{row['term'].value}>")
    parts = [f"{{ ?x a ?c . VALUES ?c {{ {' '.join(sorted(terms['type']))} }} }}"]
    for how, pattern in (("domain", "?x ?p ?any"), ("range", "?any ?p ?x")):
        if terms[how]:
            parts.append(f"{{ {pattern} . VALUES ?p {{ {' '.join(sorted(terms[how]))} }} }}")
    return " UNION ".join(parts)


def _hermit(graph: rdflib.Graph, typed: list[str], reuse: bool = False) -> ReasonerResult:
    """HermiT's verdict on an rdflib graph, and the inferred types of the given individuals.
    With ``reuse`` (and no individual asked about), the verdict kept for the same document when
    there is one, and the new verdict kept otherwise."""
    from kgtool.validation import verdicts

    graph = _self_disjoint_as_empty(graph)
    keeping = reuse and not typed
    # sorted only to be a key: the whole data, in full mode, is not held twice to be sorted
    document = _document(graph) if keeping else canonical(graph).serialize(format="nt", encoding="utf-8")
    key = verdicts.digest(document) if keeping else None
    if key is not None:
        found = verdicts.kept(key)
        if found is not None:
            return ReasonerResult(
                consistent=found.consistent,
                unsatisfiable=list(found.unsatisfiable),
                message=found.message,
                # HermiT's own verdict of moments ago (a --jobs run gone back to one process): it ran
                reused=None if verdicts.given_this_run(key) else found.checked,
            )
    if not java_available():
        raise worded(ReasonerError, "reason#no-java", "reason.no_java")
    outcome = _run_hermit(document, typed, len(graph))
    if key is not None:
        verdicts.keep(key, outcome.consistent, outcome.unsatisfiable, outcome.message)
    return outcome


def _document(graph: rdflib.Graph) -> bytes:
    """The graph as HermiT reads it: N-Triples, blank nodes labelled canonically, the lines
    sorted, so that the same statements are always the same bytes."""
    text = canonical(graph).serialize(format="nt", encoding="utf-8")
    return b"".join(sorted(line for line in text.splitlines(keepends=True) if line.strip()))


def _run_hermit(document: bytes, typed: list[str], statements: int) -> ReasonerResult:
    import owlready2

    fd, path = tempfile.mkstemp(suffix=".nt", prefix="kgtool-owl-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(document)
        world = owlready2.World()
        # N-Triples, said: owlready2 guesses RDF/XML when the first line is over 1,000 bytes (a long
        # literal first), which a full-mode document, in rdflib's order, had on some runs
        onto = world.get_ontology("file://" + path).load(format="ntriples")
        try:
            with onto, _java_options(QUICK_JVM_OPTIONS if statements < QUICK_JVM_STATEMENTS else ""):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerResult(
                consistent=False,
                message="the ontology and data contradict each other: no interpretation satisfies all statements "
                "(typically an individual in two disjoint classes, or two values for a property that allows one)",
            )
        except owlready2.OwlReadyJavaError as exc:
            raise worded(
                ReasonerError, "reason#hermit-failed", "reason.hermit_failed", detail=_first_line(exc)
            ) from exc
        unsat = sorted(c.iri for c in world.inconsistent_classes() if c.iri != "http://www.w3.org/2002/07/owl#Nothing")
        inferred: dict[str, set[str]] = {}
        # world.individuals() lists only owl:NamedIndividual declarations; data
        # individuals are known by their rdf:type statements, so ask for each of them.
        for iri in typed:
            entity = world[iri]
            if entity is not None and hasattr(entity, "is_a") and not isinstance(entity, owlready2.ThingClass):
                inferred[iri] = {c.iri for c in entity.is_a if hasattr(c, "iri")}
        return ReasonerResult(
            consistent=not unsat,
            unsatisfiable=unsat,
            inferred_types=inferred,
            message="" if not unsat else "some classes can have no members",
        )
    finally:
        os.unlink(path)


@contextmanager
def _java_options(options: str) -> Iterator[None]:
    """Runs the block with ``options`` given to the JVMs owlready2 starts, by the launcher's
    JDK_JAVA_OPTIONS in the environment of its subprocess (owlready2 builds the java command
    itself and has no setting for JVM options; it passes its ``_subprocess_kargs`` to the call).
    Options the user set in JDK_JAVA_OPTIONS come after ours, so theirs win. Without that hook
    (another owlready2) HermiT runs with the JVM's defaults: slower, the same answers."""
    from owlready2 import reasoning

    kargs = getattr(reasoning, "_subprocess_kargs", None)
    if not options or not isinstance(kargs, dict) or "env" in kargs:
        yield
        return
    mine = " ".join(o for o in (options, os.environ.get("JDK_JAVA_OPTIONS", "")) if o)
    kargs["env"] = {**os.environ, "JDK_JAVA_OPTIONS": mine}
    try:
        yield
    finally:
        del kargs["env"]


def _self_disjoint_as_empty(graph: rdflib.Graph) -> rdflib.Graph:
    """``C owl:disjointWith C`` written as the axiom it means, ``C rdfs:subClassOf owl:Nothing``.

    Both say that C can have no members, but the OWL API refuses the first (a DisjointClasses
    axiom in OWL 2 DL needs two classes) and HermiT would not run at all; written the second
    way, HermiT reports C as an unsatisfiable class, a finding naming it, and the data as
    inconsistent if anything is a C."""
    import rdflib

    disjoint = rdflib.URIRef(OWL + "disjointWith")
    selves = [(c, p, o) for c, p, o in graph.triples((None, disjoint, None)) if c == o]
    if not selves:
        return graph
    out = rdflib.Graph()
    for t in graph:
        out.add(t)
    for c, p, o in selves:
        out.remove((c, p, o))
        out.add((c, rdflib.URIRef(RDFS + "subClassOf"), rdflib.URIRef(OWL + "Nothing")))
    return out


def _typed_subjects(kg: KnowledgeGraph) -> list[str]:
    rdf_type = ox.NamedNode(RDF + "type")
    return sorted(
        {
            q.subject.value
            for q in kg.store.quads_for_pattern(None, rdf_type, None)
            if isinstance(q.subject, ox.NamedNode)
        }
    )


def _first_line(exc: Exception) -> str:
    # the launcher's note on JDK_JAVA_OPTIONS comes first in owlready2's merged output
    text = [line for line in str(exc).strip().splitlines() if not line.startswith("NOTE: Picked up")]
    for line in text:
        if "Exception" in line or "Error" in line:
            return line.strip()[:300]
    return text[0][:300] if text else type(exc).__name__


__all__ = [
    "EXIT_FINDINGS",
    "MODES",
    "Clash",
    "KgtoolError",
    "ReasonerResult",
    "instance_clashes",
    "java_available",
    "reason",
    "schema_graph",
]
