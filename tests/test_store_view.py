"""The store read through rdflib's Graph API (issue 18): the publish's pages ask StoreView what
they asked an rdflib copy of the whole graph, and must get the same answers in the same order."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, RDFS

from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.store_view import StoreView
from kgtool.site.publish import resource_iris, store_resource_iris

KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")


def test_the_view_answers_as_the_rdflib_copy_does(kg: KnowledgeGraph, graph: rdflib.Graph) -> None:
    view = StoreView(kg)
    nodes = sorted(set(graph.subjects(RDF.type, KGO.AccountabilityProcess)), key=str)[:20]
    nodes += sorted(set(graph.subjects(RDF.type, KGO.PrincipalAgentPair)), key=str)[:5]
    assert nodes
    for node in nodes:
        assert list(view.predicate_objects(node)) == list(graph.predicate_objects(node))
        assert list(view.subject_predicates(node)) == list(graph.subject_predicates(node))
        assert list(view.objects(node, RDF.type)) == list(graph.objects(node, RDF.type))
        assert list(view.subjects(KGO.inPair, node)) == list(graph.subjects(KGO.inPair, node))
        assert view.value(node, RDFS.label) == graph.value(node, RDFS.label)
        assert view.value(node, KGO.processOrder) == graph.value(node, KGO.processOrder)
    # across subjects rdflib's order follows its index of objects; the pages sort these (labels)
    assert sorted(view.subject_objects(RDFS.label)) == sorted(graph.subject_objects(RDFS.label))
    assert set(view.transitive_objects(KGO.LegalAct, RDFS.subClassOf)) == set(
        graph.transitive_objects(KGO.LegalAct, RDFS.subClassOf)
    )
    assert view.value(None, RDFS.label, None) is None


def test_published_iris_from_the_store_are_those_of_the_graph(kg: KnowledgeGraph, graph: rdflib.Graph) -> None:
    assert store_resource_iris(kg) == resource_iris(graph)
