"""OWL 2 DL reasoning with HermiT (bundled with owlready2): consistency and classification.

What it checks: that the ontology plus the data has a model (no individual is forced
into disjoint classes, no functional property has two different values for an
individual named differently, no closed value list is broken…), that no class is
unsatisfiable, and which defined classes each individual falls into — e.g. that
political parties and the Jogorku Kenesh are both principals and agents because of
the pairs they stand in. What it does not check: anything that needs the closed-world
view (a missing statement, a missing label, a count of cells); SHACL does that.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgtool.build import canonical
from kgtool.errors import EXIT_FINDINGS, KgtoolError, ReasonerError
from kgtool.graph import KnowledgeGraph

KGO = "https://w3id.org/kgtool/ontology#"


@dataclass
class ReasonerResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_types: dict[str, set[str]] = field(default_factory=dict)
    message: str = ""

    def types_of(self, iri: str) -> set[str]:
        return self.inferred_types.get(iri, set())


def java_available() -> bool:
    return shutil.which("java") is not None


def reason(kg: KnowledgeGraph) -> ReasonerResult:
    """Run HermiT over the whole graph and report consistency and inferred types."""
    if not java_available():
        raise ReasonerError(
            "reason#no-java",
            "the OWL reasoner (HermiT) needs Java, and no 'java' command was found",
            hint="install a Java runtime (e.g. 'apt-get install default-jre-headless'), "
            "or skip the OWL check with --no-reasoner",
        )
    import owlready2

    fd, path = tempfile.mkstemp(suffix=".nt", prefix="kgtool-owl-")
    os.close(fd)
    try:
        canonical(kg.to_rdflib()).serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology("file://" + path).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerResult(
                consistent=False,
                message="the ontology and data contradict each other: no interpretation satisfies all statements "
                "(typically an individual in two disjoint classes, or two values for a property that allows one)",
            )
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError("reason#hermit-failed", f"HermiT could not run: {_first_line(exc)}",
                                hint="run with -v for the full Java message") from exc
        unsat = sorted(c.iri for c in world.inconsistent_classes() if c.iri != "http://www.w3.org/2002/07/owl#Nothing")
        inferred: dict[str, set[str]] = {}
        # world.individuals() lists only owl:NamedIndividual declarations; data
        # individuals are known by their rdf:type statements, so ask for each of them.
        for iri in _typed_subjects(kg):
            entity = world[iri]
            if entity is not None and hasattr(entity, "is_a") and not isinstance(entity, owlready2.ThingClass):
                inferred[iri] = {c.iri for c in entity.is_a if hasattr(c, "iri")}
        return ReasonerResult(consistent=not unsat, unsatisfiable=unsat, inferred_types=inferred,
                              message="" if not unsat else "some classes can have no members")
    finally:
        os.unlink(path)


def _typed_subjects(kg: KnowledgeGraph) -> list[str]:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return sorted({q.subject.value for q in kg.store.quads_for_pattern(None, rdf_type, None)
                   if isinstance(q.subject, ox.NamedNode)})


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    for line in text:
        if "Exception" in line or "Error" in line:
            return line.strip()[:300]
    return text[0][:300] if text else type(exc).__name__


__all__ = ["ReasonerResult", "reason", "java_available", "EXIT_FINDINGS", "KgtoolError"]
