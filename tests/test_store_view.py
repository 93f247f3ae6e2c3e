"""The store read through rdflib's Graph API (issue 18): the publish's pages ask StoreView what
they asked an rdflib copy of the whole graph, and must get the same answers in the same order."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from kgtool.rdf import store_view
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.store_view import StoreView
from kgtool.site.context import Frag
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


def test_the_memos_answer_the_same_and_stay_within_their_bounds(
    kg: KnowledgeGraph, graph: rdflib.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Literals and pattern terms are remembered (a page asks for its neighbours' numbers again and
    again) in memos that start again at their bounds: a view that forgets every few terms answers
    as one that keeps them, and as the rdflib copy."""
    nodes = sorted(set(graph.subjects(RDF.type, KGO.AccountabilityProcess)), key=str)[:15]
    assert nodes
    roomy = StoreView(kg)
    for _ in range(2):  # the second round is answered from the memos
        for node in nodes:
            assert list(roomy.predicate_objects(node)) == list(graph.predicate_objects(node))
    assert len(roomy._literals) > 3
    literal = next(o for _, o in roomy.predicate_objects(nodes[0]) if isinstance(o, rdflib.Literal))
    again = next(o for _, o in roomy.predicate_objects(nodes[0]) if isinstance(o, rdflib.Literal))
    assert again is literal  # made once
    monkeypatch.setattr(store_view, "LITERALS_KEPT", 3)
    monkeypatch.setattr(store_view, "STORED_KEPT", 2)
    tight = StoreView(kg)
    for _ in range(2):
        for node in nodes:
            assert list(tight.predicate_objects(node)) == list(graph.predicate_objects(node))
            assert tight.value(node, KGO.processOrder) == graph.value(node, KGO.processOrder)
            assert len(tight._literals) <= 3 and len(tight._stored) <= 2


def test_a_fragment_has_no_instance_dictionary() -> None:
    """Frags are held by the tens of thousands in the site's name and link memos (issue 18's memory)."""
    fragment = Frag("name", href="a/b.html", lang="en")
    assert not hasattr(fragment, "__dict__")
    assert fragment == Frag("name", href="a/b.html", lang="en")
