"""Choosing the label to show a reader: their language first, then Kyrgyz (the source's)."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDFS, SKOS

from kgtool.iri import local_name
from kgtool.vocab import FALLBACK_LANGUAGE as FALLBACK


def lang_matches(tag: str | None, lang: str) -> bool:
    """True when a literal's tag is the language or a subtag of it (``ru-t-ky`` matches ``ru``)."""
    return bool(tag) and (tag == lang or tag.startswith(lang + "-"))  # type: ignore[union-attr]


def label_of(g: rdflib.Graph, node: rdflib.term.Node | None, lang: str = "en") -> str:
    if node is None:
        return ""
    labels = [o for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(node, p) if isinstance(o, rdflib.Literal)]
    for wanted in (lang, FALLBACK):
        for label in sorted(labels):
            if lang_matches(label.language, wanted):
                return str(label)
    if labels:
        return str(sorted(labels)[0])
    text = str(node)
    return local_name(text) if isinstance(node, rdflib.URIRef) else text
