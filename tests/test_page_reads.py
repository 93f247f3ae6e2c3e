"""A page's own resource is named and typed from the statements its page has read
(``SiteContext.label``/``type_nodes`` given ``read``), not asked of the store again: the name and
the types must be those the store gives, for every resource of the project's data (several labels
in several languages, composed names, resources with no label, several types)."""

from __future__ import annotations

from collections import defaultdict

import rdflib

from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.store_view import StoreView
from kgtool.site.context import SiteContext, environment
from kgtool.site.publish import store_resource_iris
from kgtool.site.rdf_documents import edges
from kgtool.vocab import LANGUAGES


def test_a_name_and_types_from_the_read_statements_are_the_stores(kg: KnowledgeGraph) -> None:
    published, _ = store_resource_iris(kg)
    view = StoreView(kg)
    for lang in LANGUAGES:
        from_read, from_store = SiteContext(view, lang, set(published)), SiteContext(view, lang, set(published))
        for iri in published:
            node = rdflib.URIRef(iri)
            by_predicate: dict[rdflib.term.Node, list[rdflib.term.Node]] = defaultdict(list)
            for p, o in view.answer_predicate_objects(edges(kg, iri)[0]):
                by_predicate[p].append(o)
            assert from_read.type_nodes(node, by_predicate) == from_store.type_nodes(node), iri
            assert from_read.label(node, read=by_predicate) == from_store.label(node), (lang, iri)


def test_each_language_renders_its_own_words_from_its_own_globals() -> None:
    """The templates' globals are one plain dict per environment (``_Environment``): two languages
    in one process (``kgtool serve``, the tests) do not see each other's words."""
    en, ru = environment("en"), environment("ru")
    source = "{{ _('site.nav.acts') }}"
    assert en.from_string(source).render() != ru.from_string(source).render()
    assert type(en.get_template("resource.html").globals) is dict
