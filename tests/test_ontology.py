"""The ontology is documented in three languages and covers every term the data uses."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgtool import assets

KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/kgtool/ontology")
TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    SKOS.ConceptScheme,
)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for f in assets.ontology_files():
        g.parse(f)
    return g


def kgo_terms(g: rdflib.Graph) -> list[rdflib.URIRef]:
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(KGO))}
    terms |= {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(KGO))}
    return sorted(terms)


def test_ontology_header(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionIRI, DCTERMS.license, DCTERMS.creator, DCTERMS.title, OWL.versionInfo):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, prop


def test_every_term_has_one_label_and_a_definition_per_language(ontology: rdflib.Graph) -> None:
    problems = []
    terms = kgo_terms(ontology)
    assert len(terms) > 100
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = sorted(o.language for o in ontology.objects(term, prop) if isinstance(o, rdflib.Literal))
            if langs != ["en", "ky", "ru"]:
                problems.append(f"{term} {prop}: {langs}")
    assert not problems, "\n".join(problems)


def test_data_uses_only_defined_terms(ontology: rdflib.Graph, graph: rdflib.Graph) -> None:
    defined = set(kgo_terms(ontology))
    used = {t for triple in graph for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(str(KGO))}
    assert used - defined == set()


def test_four_dimensions_and_only_demand_unscored(ontology: rdflib.Graph) -> None:
    dims = set(ontology.subjects(SKOS.inScheme, KGO.DimensionScheme))
    assert dims == {KGO.RulesAndStandards, KGO.CitizenDemand, KGO.Responsiveness, KGO.Enforceability}
    unscored = {d for d in dims if ontology.value(d, KGO.countsInIndex).toPython() is False}
    assert unscored == {KGO.CitizenDemand}
    assert sorted(ontology.value(d, KGO.dimensionOrder).toPython() for d in dims) == [1, 2, 3, 4]


def test_kinds_of_accountability_are_linked_as_section_5_1_says(ontology: rdflib.Graph) -> None:
    assert set(ontology.objects(KGO.DemocraticAccountability, SKOS.narrower)) == {
        KGO.PoliticalAccountability,
        KGO.SocialAccountability,
    }
    for kind in (KGO.PoliticalAccountability, KGO.SocialAccountability):
        assert ontology.value(kind, SKOS.broader) == KGO.DemocraticAccountability
        assert ontology.value(kind, KGO.accountabilityDirection) == KGO.VerticalAccountability
    assert ontology.value(KGO.AdministrativeAccountability, KGO.accountabilityDirection) == KGO.HorizontalAccountability
