"""The standard vocabularies' terms a page shows (a resource's ``rdf:type``, ``rdfs:label``, a
property's ``rdfs:domain``, ``owl:Class``…) and its yes-or-no values are words of the page's
language, with the term's IRI kept as the link and its title.

A legal researcher reading the Russian or Kyrgyz site met them as English local names
(``type``, ``subClassOf``, ``ObjectProperty``) and ``true``/``false``. The published sites are
the shared ones (``published_site``); every page of each is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kgtool.i18n.catalogue import t
from kgtool.i18n.terms import NAMESPACES, split
from kgtool.vocab import XSD

pytestmark = pytest.mark.slow

PIECE = re.compile(r"<(a|span)\b([^>]*)>([^<]*)</\1>")
TITLE = re.compile(r'title="([^"]*)"')
HREF = re.compile(r'href="([^"]*)"')
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_standard_terms_and_booleans_are_words_of_the_pages_language(
    lang: str, published_site: Callable[[str], Path]
) -> None:
    site = published_site(lang)
    booleans = {t("value.true", lang), t("value.false", lang)}
    terms = untranslated = 0
    seen_booleans: set[str] = set()
    english: set[tuple[str, str]] = set()
    for path in sorted(site.rglob("*.html")):
        for _, attrs, text in PIECE.findall(path.read_text(encoding="utf-8")):
            title = TITLE.search(attrs)
            if title is None:
                continue
            iri = title.group(1)
            href = HREF.search(attrs)
            if iri == XSD + "boolean" and href is None:  # a value of that datatype: a word of the page's language
                seen_booleans.add(text)
                continue
            if split(iri) is None or href is None or href.group(1) != iri:
                continue
            terms += 1  # a link to a standard term, its IRI the address and the title
            if not CYRILLIC.search(text):
                untranslated += 1
                english.add((iri, text))
    assert terms > 1000  # rdf:type and rdfs:label on every resource page, owl:Class… on the ontology's
    assert not english, f"{untranslated} terms shown in English on the {lang} site: {sorted(english)}"
    assert seen_booleans == booleans  # the data holds both values (kgo:countsInIndex true and false)


def test_a_term_is_named_in_every_language_from_the_catalogues() -> None:
    from kgtool.i18n.terms import key, term_name

    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    assert key(subclass) == "term.rdfs.subClassOf"
    assert [term_name(subclass, lang) for lang in ("ky", "ru", "en")] == [
        "жогорку классы",
        "подкласс класса",
        "subclass of",
    ]
    assert term_name("http://example.org/vocab#thing", "ru") is None  # not a standard term: no name
    assert term_name("http://www.w3.org/2002/07/owl#", "ru") is None  # a namespace is no term
    assert set(NAMESPACES.values()) >= {"rdf", "rdfs", "owl", "skos", "dcterms", "xsd"}


@pytest.mark.parametrize("lang, title, exactly", [("ru", "Онтология оценки", "ровно 1"), ("ky", "Бийликтин", "так 1")])
def test_the_ontology_page_says_its_title_and_restrictions_in_the_pages_language(
    lang: str, title: str, exactly: str, published_site: Callable[[str], Path]
) -> None:
    """The heading was the ontology's English title, and the restrictions' words ("exactly 1",
    "some", "or", "one of") were English, on the Russian and Kyrgyz ontology pages."""
    html = (published_site(lang) / "ontology.html").read_text(encoding="utf-8")
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert f'lang="{lang}">{title}' in heading
    process = html.split('<article id="AccountabilityProcess"')[1].split("</article>")[0]
    assert f"<span>{exactly}</span>" in process  # each process belongs to exactly one pair
    words = re.findall(r"<span>([^<]*)</span>", html.split('<section id="classes">')[1])
    english = {w for w in words if re.fullmatch(r"(some|only|value|and|or|one of|(exactly|min|max) \d+)", w)}
    assert not english
    assert {t("site.ontology.or", lang), t("site.ontology.one_of", lang)} <= set(words)
