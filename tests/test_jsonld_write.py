"""kgtool's own JSON-LD writer (issue 18): the form the site has always published (the project's
context, compact IRIs, one node per subject), read back as the same graph by PyLD and Oxigraph."""

from __future__ import annotations

import json

import pyoxigraph as ox
from pyld import jsonld

from kgtool.rdf.jsonld_write import jsonld_document
from kgtool.vocab import DATA_NAMESPACE, PREFIXES, RDF, RDFS, XSD

ID = ox.NamedNode(DATA_NAMESPACE + "kg/act/constitution")
LABEL = ox.NamedNode(RDFS + "label")
TRIPLES = sorted(
    [
        ox.Triple(ID, ox.NamedNode(RDF + "type"), ox.NamedNode("https://w3id.org/kgtool/ontology#LegalAct")),
        ox.Triple(ID, LABEL, ox.Literal("Конституция", language="ru")),
        ox.Triple(ID, LABEL, ox.Literal("Constitution", language="en")),
        ox.Triple(ID, ox.NamedNode("http://example.org/n"), ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
        ox.Triple(
            ID, ox.NamedNode("http://example.org/b"), ox.Literal("maybe", datatype=ox.NamedNode(XSD + "boolean"))
        ),
        ox.Triple(ID, ox.NamedNode("http://example.org/s"), ox.Literal("")),
        ox.Triple(ID, ox.NamedNode("http://example.org/x"), ox.BlankNode("c14n0")),
        ox.Triple(ox.BlankNode("c14n0"), ox.NamedNode(DATA_NAMESPACE + "//odd"), ID),
    ],
    key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
)


def test_the_document_is_compact_and_reads_back_as_the_same_graph() -> None:
    data = jsonld_document(TRIPLES, PREFIXES)
    doc = json.loads(data)
    assert doc["@context"] == dict(sorted(PREFIXES.items()))
    (node,) = [n for n in doc["@graph"] if n["@id"] == "id:kg/act/constitution"]
    assert node["@type"] == "kgo:LegalAct"
    assert len(node["rdfs:label"]) == 2 and node["http://example.org/n"] == 42
    assert node["http://example.org/b"] == {"@type": "xsd:boolean", "@value": "maybe"}
    assert node["http://example.org/s"] == ""
    # a local part starting with '//' would read back as another IRI: written in full
    (blank,) = [n for n in doc["@graph"] if n["@id"].startswith("_:")]
    assert DATA_NAMESPACE + "//odd" in blank
    expected = {
        str(t) for t in TRIPLES if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }
    by_oxigraph = {str(t) for t in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    by_pyld = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert len(by_oxigraph) == len(TRIPLES) and expected <= by_oxigraph
    assert {line.rstrip(" .") for line in by_pyld.splitlines() if "_:" not in line} == expected
    assert jsonld_document(TRIPLES, PREFIXES) == data


def test_one_node_per_line_after_the_context() -> None:
    data = jsonld_document(TRIPLES, PREFIXES).decode("utf-8")
    lines = data.splitlines()
    assert json.loads(lines[0].rstrip(",") + "}") == {"@context": dict(sorted(PREFIXES.items()))}
    assert lines[1] == '"@graph":[' and lines[-1] == "]}"
    nodes = [json.loads(line.rstrip(",")) for line in lines[2:-1]]
    assert nodes == json.loads(data)["@graph"] and len(nodes) == 2
    empty = jsonld_document([], PREFIXES)
    assert json.loads(empty) == {"@context": dict(sorted(PREFIXES.items())), "@graph": []}
