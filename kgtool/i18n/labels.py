"""Choosing the label to show a reader: their language first, then Kyrgyz (the source's)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import rdflib
from rdflib.namespace import RDFS, SKOS

from kgtool.iri import local_name
from kgtool.vocab import FALLBACK_LANGUAGE as FALLBACK


def lang_matches(tag: str | None, lang: str) -> bool:
    """True when a literal's tag is the language or a subtag of it (``ru-t-ky`` matches ``ru``)."""
    return bool(tag) and (tag == lang or tag.startswith(lang + "-"))  # type: ignore[union-attr]


def choose(
    literals: Sequence[rdflib.Literal], lang: str, fallbacks: Sequence[str] = (FALLBACK,)
) -> rdflib.Literal | None:
    """The text to show a reader of ``lang``: the first of ``literals`` (in the order given) in
    ``lang``, else in each of ``fallbacks`` in turn, else the first; None when there is none.

    The one rule for every label, message and fix kgtool shows. Names fall back to Kyrgyz, the
    study's own wording (the default); validation messages and fixes to English
    (``fallbacks=("en",)``), the language every shape has them in.
    """
    for wanted in (lang, *fallbacks):
        for literal in literals:
            if lang_matches(literal.language, wanted):
                return literal
    return literals[0] if literals else None


def label_of(g: rdflib.Graph, node: rdflib.term.Node | None, lang: str = "en") -> str:
    if node is None:
        return ""
    return label_among([o for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(node, p)], node, lang)


def label_among(values: Iterable[rdflib.term.Node], node: rdflib.term.Node, lang: str = "en") -> str:
    """``label_of`` from the node's rdfs:label and skos:prefLabel values (each property's distinct
    values), for a caller that has them without an rdflib graph."""
    labels = sorted(o for o in values if isinstance(o, rdflib.Literal))
    chosen = choose(labels, lang)
    if chosen is not None:
        return str(chosen)
    text = str(node)
    return local_name(text) if isinstance(node, rdflib.URIRef) else text
