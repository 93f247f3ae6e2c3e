"""The ontology's documentation page: every class, property, concept scheme and individual
of the kgtool namespace with its labels and definitions in ky/ru/en and its alignments.

pyLODE was the first choice and is not used: its releases for Python 3.11 either fail on
import from a wheel (3.4.1 reads its own pyproject.toml) or write different bytes on each
run (3.3.4 walks sets), and they show one label per term where this project keeps three.
The page below is generated from the ontology graph with the site's own templates.
"""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgtool.i18n.catalogue import t
from kgtool.i18n.labels import lang_matches
from kgtool.site.context import Cell, Frag, SiteContext
from kgtool.vocab import KGO as ONTOLOGY_NAMESPACE
from kgtool.vocab import LANGUAGES, ONTOLOGY_IRI

HERE = "ontology.html"
GROUPS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
    ("concept-schemes", "Concept schemes", SKOS.ConceptScheme),
)
SHOWN_APART = {RDFS.label, SKOS.prefLabel, SKOS.definition}
# alignments first, in this order; every other statement about the term follows
ALIGNMENTS = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    OWL.inverseOf,
    RDFS.domain,
    RDFS.range,
    OWL.disjointWith,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    RDFS.seeAlso,
)


class OntologyDoc:
    def __init__(self, ctx: SiteContext, ontology: rdflib.Graph) -> None:
        self.ctx = ctx
        self.g = ontology

    def model(self) -> dict[str, object]:
        ont = rdflib.URIRef(ONTOLOGY_IRI)
        header = self._by_language(ont, DCTERMS.title)
        # the heading in the page's language, else in English (every ontology has its title in it)
        titled = dict(header)
        heading = titled.get(self.ctx.lang) or titled.get("en") or []
        description = self._by_language(ont, DCTERMS.description)
        meta = [
            (self.ctx.label(p).text, [self.render(o) for o in sorted(self.g.objects(ont, p), key=str)])
            for p in (OWL.versionIRI, OWL.versionInfo, DCTERMS.license, DCTERMS.creator, DCTERMS.created, RDFS.seeAlso)
            if (ont, p, None) in self.g
        ]
        terms = sorted(
            {s for s in self.g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ONTOLOGY_NAMESPACE)},
            key=lambda s: str(s).casefold(),
        )
        placed: set[rdflib.URIRef] = set()
        groups = []
        for anchor, title, cls in GROUPS:
            members = [t for t in terms if (t, RDF.type, cls) in self.g and t not in placed]
            placed.update(members)
            groups.append({"id": anchor, "title": title, "terms": [self.term(t) for t in members]})
        individuals = [t for t in terms if t not in placed]
        groups.append(
            {"id": "individuals", "title": "Individuals and concepts", "terms": [self.term(t) for t in individuals]}
        )
        external = sorted(
            {
                s
                for s in self.g.subjects()
                if isinstance(s, rdflib.URIRef) and not str(s).startswith(ONTOLOGY_NAMESPACE) and str(s) != ONTOLOGY_IRI
            },
            key=str,
        )
        return {
            "iri": ONTOLOGY_IRI,
            "titles": header,
            "heading": heading,
            "descriptions": description,
            "meta": meta,
            "groups": groups,
            "external": [Frag(str(e), href=str(e)) for e in external],
            "counts": {g["title"]: len(g["terms"]) for g in groups},
        }

    def _by_language(self, node: rdflib.term.Node, prop: rdflib.URIRef) -> list[tuple[str, Cell]]:
        values = sorted((o for o in self.g.objects(node, prop) if isinstance(o, rdflib.Literal)), key=str)
        return [
            (lang, [Frag(str(v), lang=v.language) for v in values if lang_matches(v.language, lang)])
            for lang in LANGUAGES
        ]

    def term(self, node: rdflib.URIRef) -> dict[str, object]:
        local = str(node)[len(ONTOLOGY_NAMESPACE) :]
        statements: list[tuple[Frag, list[Cell]]] = []
        predicates = sorted(
            {p for p in self.g.predicates(node) if p not in SHOWN_APART},
            key=lambda p: (ALIGNMENTS.index(p) if p in ALIGNMENTS else len(ALIGNMENTS), p != RDF.type, str(p)),
        )
        for p in predicates:
            # blank nodes have new labels on every load: order them by what they say, not by label
            rendered = [
                (isinstance(o, rdflib.BNode), _text(cell), cell)
                for o in self.g.objects(node, p)
                for cell in [self.render(o)]
            ]
            statements.append((self.ctx.link(p, HERE), [cell for *_, cell in sorted(rendered, key=lambda r: r[:2])]))
        return {
            "id": local,
            "iri": str(node),
            "name": self.ctx.label(node),
            "labels": self._by_language(node, RDFS.label),
            "definitions": self._by_language(node, SKOS.definition),
            "statements": statements,
        }

    def render(self, node: rdflib.term.Node, depth: int = 0) -> Cell:
        """A class expression or value as readable text: OWL restrictions in Manchester-like words,
        in the page's language ("exactly 1", "ровно 1", "так 1"), the property and classes linked."""
        if not isinstance(node, rdflib.BNode) or depth > 4:
            return [self.ctx.link(node, HERE)]
        g = self.g
        lang = self.ctx.lang
        if (node, RDF.type, OWL.Restriction) in g:
            prop = g.value(node, OWL.onProperty)
            out: Cell = [_inline(self.ctx.link(prop, HERE))] if prop is not None else []
            for key, word in (
                (OWL.someValuesFrom, "site.ontology.some"),
                (OWL.allValuesFrom, "site.ontology.only"),
                (OWL.hasValue, "site.ontology.value"),
            ):
                value = g.value(node, key)
                if value is not None:
                    return out + [Frag(t(word, lang), inline=True)] + self.render(value, depth + 1)
            for key, word in (
                (OWL.qualifiedCardinality, "site.ontology.exactly"),
                (OWL.minQualifiedCardinality, "site.ontology.min"),
                (OWL.maxQualifiedCardinality, "site.ontology.max"),
                (OWL.cardinality, "site.ontology.exactly"),
                (OWL.minCardinality, "site.ontology.min"),
                (OWL.maxCardinality, "site.ontology.max"),
            ):
                value = g.value(node, key)
                if value is not None:
                    target = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                    tail = self.render(target, depth + 1) if target is not None else []
                    return out + [Frag(t(word, lang, n=value), inline=bool(tail))] + tail
            return out
        for key, word in ((OWL.intersectionOf, "site.ontology.and"), (OWL.unionOf, "site.ontology.or")):
            members = g.value(node, key)
            if members is not None:
                parts = [self.render(m, depth + 1) for m in Collection(g, members)]
                out = []
                for i, part in enumerate(parts):
                    if i:
                        out.append(Frag(t(word, lang), inline=True))
                    out.extend(_inline(f) for f in part)
                return out
        members = g.value(node, OWL.oneOf)
        if members is not None:
            items = [self.ctx.link(m, HERE) for m in Collection(g, members)]
            return [Frag(t("site.ontology.one_of", lang), inline=True)] + [_inline(f) for f in items]
        return [Frag(t("site.ontology.anonymous_class", lang))]


def _text(cell: Cell) -> str:
    return " ".join(f"{f.text} {f.href or ''}" for f in cell)


def _inline(f: Frag) -> Frag:
    return Frag(f.text, href=f.href, lang=f.lang, title=f.title, css=f.css, inline=True)
