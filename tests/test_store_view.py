"""The store read through rdflib's Graph API (issue 18): the publish's pages ask StoreView what
they asked an rdflib copy of the whole graph, and must get the same answers in the same order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from kgtool.rdf import store_view
from kgtool.rdf.store import KnowledgeGraph, from_rdflib
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


def test_each_shortcut_gives_its_positions_of_the_statements_in_their_order() -> None:
    """The shortcuts turn only the positions they give into rdflib terms (issue 18): each answers
    what ``triples`` answers with the other positions left off, in the same order, a cardinality
    of OWL included (given as xsd:nonNegativeInteger, as the rdflib copy has it)."""
    ex = rdflib.Namespace("https://example.org/")
    owl_cardinality = rdflib.URIRef("http://www.w3.org/2002/07/owl#cardinality")
    graph = rdflib.Graph()
    for i in range(3):
        graph.add((ex.a, ex.p, rdflib.Literal(f"word {i}", lang=("ky", "ru", "en")[i])))
        graph.add((ex[f"s{i}"], ex.q, ex.a))
    graph.add((ex.a, RDF.type, ex.C))
    graph.add((ex.a, owl_cardinality, rdflib.Literal(2)))
    graph.add((ex.b, ex.q, ex.a))
    kg = KnowledgeGraph()
    for triple in graph:
        kg.store.add(ox.Quad(*map(from_rdflib, triple)))  # type: ignore[arg-type]
    view = StoreView(kg)
    every = list(view.triples((None, None, None)))
    assert len(every) == len(graph)
    for s in (ex.a, ex.b, None):
        assert list(view.predicate_objects(s)) == [(p, o) for s_, p, o in every if s in (None, s_)]
        assert list(view.objects(s, ex.p)) == [o for s_, p, o in every if s in (None, s_) and p == ex.p]
        assert list(view.predicates(s, None)) == [p for s_, p, _ in every if s in (None, s_)]
    for o in (ex.a, None):
        assert list(view.subject_predicates(o)) == [(s, p) for s, p, o_ in every if o in (None, o_)]
        assert list(view.subjects(ex.q, o)) == [s for s, p, o_ in every if p == ex.q and o in (None, o_)]
    assert list(view.subject_objects(ex.p)) == [(s, o) for s, p, o in every if p == ex.p]
    assert view.value(ex.a, owl_cardinality) == next(o for _, p, o in every if p == owl_cardinality)
    assert view.value(ex.a, owl_cardinality).datatype == store_view._NON_NEGATIVE_INTEGER  # type: ignore[union-attr]
    assert view.value(None, ex.q, ex.a) == ex.b  # the first in order, as rdflib gives one of them
    assert view.value(ex.a, None, ex.C) == RDF.type
    node = rdflib.URIRef(str(ex.a))
    read = {q.triple for q in kg.store.quads_for_pattern(view._stored_term(node), None, None)}
    into = {q.triple for q in kg.store.quads_for_pattern(None, None, view._stored_term(node))}
    assert list(view.answer_predicate_objects(read)) == [(p, o) for _, p, o in view.answer(read)]
    assert list(view.answer_subject_predicates(into)) == [(s, p) for s, p, _ in view.answer(into)]


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
