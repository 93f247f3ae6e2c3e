"""The machine-readable description of the published dataset, in VoID and DCAT.

Harvesters (data portals, search engines for datasets) read this file to learn what the
dataset is, under which licence and version, where its dumps and SPARQL endpoint are,
and which IRIs to try first. Everything in it is derived from the graph and the publish
options, so it changes only when they do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kgtool import __version__
from kgtool.site.conneg import DOCUMENT_TYPES, RDF_EXTENSIONS
from kgtool.vocab import CC_BY, DATA_NAMESPACE, DCAT, FOAF, ONTOLOGY_IRI, OWL, QB, RDF, VOID, XSD
from kgtool.vocab import DCTERMS as DCT

FORMAT_IRIS = {
    "ttl": "http://www.w3.org/ns/formats/Turtle",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "nt": "http://www.w3.org/ns/formats/N-Triples",
    "rdf": "http://www.w3.org/ns/formats/RDF_XML",
}
FORMAT_TITLES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}
EXAMPLE_CLASSES = (
    "Assessment",
    "PrincipalAgentPair",
    "AccountabilityProcess",
    "Constitution",
    "Article",
    "OversightBody",
    "Recommendation",
    "StatedFigure",
)


@dataclass
class DatasetFacts:
    """What the description states, gathered by the publisher."""

    base: str
    triples: int
    ontology_triples: int
    entities: int
    classes: int
    properties: int
    subjects: int
    titles: list[ox.Literal]
    roots: list[str]
    examples: list[str]
    sources: list[str]
    dump_sizes: dict[str, int]  # "dumps/kgtool.ttl" -> bytes, also ontology.* and cube.ttl
    sparql_url: str | None = None


def void_triples(f: DatasetFacts) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    out: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        out.append((ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str) else o))

    def integer(n: int, datatype: str = "integer") -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + datatype))

    doc = f.base + "void.ttl"
    catalog, dataset, ontology, service = doc + "#catalog", doc + "#dataset", doc + "#ontology", doc + "#sparql"
    cube = f.base + "cube.ttl#indices"

    add(catalog, RDF + "type", DCAT + "Catalog")
    add(catalog, DCT + "title", ox.Literal("kgtool: government accountability assessments", language="en"))
    add(catalog, DCT + "license", CC_BY)
    add(catalog, DCAT + "dataset", dataset)
    add(catalog, DCAT + "dataset", cube)
    add(catalog, DCAT + "dataset", ontology)
    add(catalog, FOAF + "homepage", f.base + "index.html")

    for node, kind in ((dataset, "whole"), (ontology, "ontology")):
        add(node, RDF + "type", VOID + "Dataset")
        add(node, RDF + "type", DCAT + "Dataset")
        add(node, DCT + "license", CC_BY)
        add(node, OWL + "versionInfo", ox.Literal(__version__))
        add(node, DCAT + "version", ox.Literal(__version__))
        add(node, VOID + "vocabulary", ONTOLOGY_IRI)
        for ext in RDF_EXTENSIONS:
            name = f"dumps/kgtool.{ext}" if kind == "whole" else f"ontology.{ext}"
            url = f.base + name
            dist = f"{doc}#{'dump' if kind == 'whole' else 'ontology'}-{ext}"
            add(node, VOID + "dataDump", url)
            add(node, VOID + "feature", FORMAT_IRIS[ext])
            add(node, DCAT + "distribution", dist)
            add(dist, RDF + "type", DCAT + "Distribution")
            add(
                dist,
                DCT + "title",
                ox.Literal(
                    f"{'The whole graph' if kind == 'whole' else 'The ontology alone'} as {FORMAT_TITLES[ext]}",
                    language="en",
                ),
            )
            add(dist, DCAT + "downloadURL", url)
            add(dist, DCAT + "accessURL", url)
            add(dist, DCAT + "mediaType", "https://www.iana.org/assignments/media-types/" + DOCUMENT_TYPES[ext])
            add(dist, DCT + "format", FORMAT_IRIS[ext])
            add(dist, DCAT + "byteSize", integer(f.dump_sizes[name], "nonNegativeInteger"))
            add(dist, DCT + "license", CC_BY)

    for title in f.titles:
        add(dataset, DCT + "title", title)
    add(
        dataset,
        DCT + "description",
        ox.Literal(
            "An assessment of a country's system of government accountability as linked data: principal-agent pairs, "
            "accountability processes and the cells on which each is judged, the legal norms that establish, regulate, "
            "restrict or block them, observers, recommendations, and every figure the study states, each fact traced "
            "to the section of the study that states it; with the ontology it is written in.",
            language="en",
        ),
    )
    add(dataset, DCAT + "landingPage", f.base + "index.html")
    add(dataset, VOID + "uriSpace", ox.Literal(DATA_NAMESPACE))
    add(dataset, VOID + "triples", integer(f.triples))
    add(dataset, VOID + "entities", integer(f.entities))
    add(dataset, VOID + "classes", integer(f.classes))
    add(dataset, VOID + "properties", integer(f.properties))
    add(dataset, VOID + "distinctSubjects", integer(f.subjects))
    add(dataset, VOID + "subset", ontology)
    for root in f.roots:
        add(dataset, VOID + "rootResource", root)
    for example in f.examples:
        add(dataset, VOID + "exampleResource", example)
    for source in f.sources:
        add(dataset, DCT + "source", source)

    add(
        ontology,
        DCT + "title",
        ox.Literal("The kgtool ontology of government accountability assessments", language="en"),
    )
    add(ontology, VOID + "triples", integer(f.ontology_triples))
    add(ontology, DCAT + "landingPage", f.base + "ontology.html")
    add(ontology, DCT + "subject", ONTOLOGY_IRI)

    add(cube, RDF + "type", QB + "DataSet")
    add(cube, RDF + "type", DCAT + "Dataset")
    add(cube, DCT + "title", ox.Literal("Accountability indices, computed and stated", language="en"))
    add(cube, DCT + "license", CC_BY)
    add(cube, DCT + "source", dataset)
    add(cube, DCAT + "distribution", doc + "#cube-ttl")
    add(doc + "#cube-ttl", RDF + "type", DCAT + "Distribution")
    add(doc + "#cube-ttl", DCAT + "downloadURL", f.base + "cube.ttl")
    add(doc + "#cube-ttl", DCAT + "mediaType", "https://www.iana.org/assignments/media-types/text/turtle")
    add(doc + "#cube-ttl", DCAT + "byteSize", integer(f.dump_sizes["cube.ttl"], "nonNegativeInteger"))

    if f.sparql_url:
        add(dataset, VOID + "sparqlEndpoint", f.sparql_url)
        add(dataset, DCAT + "accessService", service)
        add(service, RDF + "type", DCAT + "DataService")
        add(service, DCT + "title", ox.Literal("SPARQL 1.1 endpoint (read-only)", language="en"))
        add(service, DCAT + "endpointURL", f.sparql_url)
        add(service, DCT + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
        add(service, DCAT + "servesDataset", dataset)
    return out
