"""The names of the standard vocabularies' terms (``rdf:type``, ``rdfs:label``, ``owl:Class``,
``skos:inScheme``, ``dcterms:source``, ``xsd:integer``…) in the reader's language.

The ontology names kgtool's own terms, and the few borrowed ones it says more about (ELI's
dates, ``dcterms:source``), in ky, ru and en; the W3C terms every page states (a resource's
type, its label, a property's domain) it leaves unnamed, as the vocabularies name them in
English only. Shown by their local names, they were English words on the Russian and Kyrgyz
pages (``type``, ``subClassOf``). Their names are messages of the catalogues, keyed by the term's
prefix and local name: ``term.rdfs.subClassOf``. A term with no message is shown as before;
``tests/test_site_terms.py`` fails on a term the published site shows without one.
"""

from __future__ import annotations

from kgtool.i18n.catalogue import has, t
from kgtool.vocab import BIBO, DCAT, DCTERMS, ELI, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, VOID, XSD

# the vocabularies whose terms have names in the catalogues, by the prefix their keys use
NAMESPACES = {
    RDF: "rdf",
    RDFS: "rdfs",
    OWL: "owl",
    XSD: "xsd",
    SKOS: "skos",
    DCTERMS: "dcterms",
    PROV: "prov",
    ORG: "org",
    ELI: "eli",
    FOAF: "foaf",
    DCAT: "dcat",
    QB: "qb",
    VOID: "void",
    BIBO: "bibo",
}


def split(iri: str) -> tuple[str, str] | None:
    """The term's namespace and local name, when it is in one of ``NAMESPACES``."""
    # every namespace ends with "#" or "/": the namespace is the IRI up to its last one
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    namespace = iri[:cut]
    return (namespace, iri[cut:]) if namespace in NAMESPACES and cut < len(iri) else None


def key(iri: str) -> str | None:
    """The message key of a standard term's name (``term.rdf.type``), None for any other IRI."""
    parts = split(iri)
    return None if parts is None else f"term.{NAMESPACES[parts[0]]}.{parts[1]}"


def term_name(iri: str, lang: str) -> str | None:
    """The term's name in ``lang``, None when it is not a standard term the catalogues name."""
    found = key(iri)
    return t(found, lang) if found is not None and has(found) else None


def boolean_word(lexical: str, lang: str) -> str | None:
    """An ``xsd:boolean`` value as a word of ``lang`` ("да", "жок"), None for a lexical form that is
    not one (kept as the data wrote it)."""
    value = lexical.strip()
    if value in ("true", "1"):
        return t("value.true", lang)
    if value in ("false", "0"):
        return t("value.false", lang)
    return None
