"""The indices as a W3C RDF Data Cube dataset, so statistical tools can load them as a table.

One ``qb:DataSet`` with one ``qb:DataStructureDefinition``; one observation per row of
``IndexCalculator.rows()``. Dimensions: the indicator (a ``kgo:Measure`` concept such as
``kgo:PairIndex``), the subject (the pair, principal, dimension or assessment) and the
aggregation used. The measure is the computed value. What the study states — value,
precision, whether it agrees, the stated figure's IRI — are attributes, not measures,
because not every row has a stated figure and the Data Cube's integrity constraint IC-14
requires every measure on every observation.
"""

from __future__ import annotations

import pyoxigraph as ox

from kgtool.assessment.indices import IndexCalculator, four_places
from kgtool.vocab import CC_BY, DATA_NAMESPACE, KGO, QB, RDF, RDFS, XSD
from kgtool.vocab import DCTERMS as DCT

# (local name, kind, label, range, order or None)
COMPONENTS = (
    ("indicator", "dimension", "indicator", KGO + "Measure", 1),
    ("subject", "dimension", "subject", RDFS + "Resource", 2),
    ("aggregation", "dimension", "aggregation", XSD + "string", 3),
    ("computedValue", "measure", "value computed from the cells", XSD + "decimal", None),
    ("statedValue", "attribute", "value the study states", XSD + "decimal", None),
    ("statedPrecision", "attribute", "precision of the stated value", XSD + "decimal", None),
    (
        "agrees",
        "attribute",
        "the computed value, rounded as the study rounds, equals the stated one",
        XSD + "boolean",
        None,
    ),
    ("statedFigure", "attribute", "the stated figure in the graph", KGO + "StatedFigure", None),
)


def cube_triples(
    calculator: IndexCalculator, base: str
) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    ns = base + "cube.ttl#"
    out: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        out.append((ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str) else o))

    def en(text: str) -> ox.Literal:
        return ox.Literal(text, language="en")

    def decimal(value: object) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))

    dataset, structure = ns + "indices", ns + "structure"
    add(dataset, RDF + "type", QB + "DataSet")
    add(dataset, RDFS + "label", en("Accountability indices, computed from the cells and as the study states them"))
    add(dataset, DCT + "license", CC_BY)
    add(dataset, QB + "structure", structure)
    add(structure, RDF + "type", QB + "DataStructureDefinition")
    for local, kind, label, range_, order in COMPONENTS:
        prop, spec = ns + local, ns + "component-" + local
        add(structure, QB + "component", spec)
        add(spec, RDF + "type", QB + "ComponentSpecification")
        add(spec, QB + kind, prop)
        if order is not None:
            add(spec, QB + "order", ox.Literal(str(order), datatype=ox.NamedNode(XSD + "integer")))
        if kind == "attribute":
            add(spec, QB + "componentRequired", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")))
            add(spec, QB + "componentAttachment", QB + "Observation")
        add(prop, RDF + "type", RDF + "Property")
        add(
            prop,
            RDF + "type",
            QB
            + {"dimension": "DimensionProperty", "measure": "MeasureProperty", "attribute": "AttributeProperty"}[kind],
        )
        add(prop, RDFS + "label", en(label))
        add(prop, RDFS + "range", range_)

    stated = calculator.stated_figures()
    for r in calculator.rows():
        measure = r.measure  # the kgo:Measure the row computes, as IndexCalculator records it
        obs = ns + "obs-" + "-".join((measure.rsplit("#", 1)[-1], slug(r.subject), r.variant))
        add(obs, RDF + "type", QB + "Observation")
        add(obs, QB + "dataSet", dataset)
        add(obs, ns + "indicator", measure)
        add(obs, ns + "subject", r.subject)
        add(obs, ns + "aggregation", ox.Literal(r.variant))
        add(obs, ns + "computedValue", decimal(four_places(r.computed)))
        add(obs, RDFS + "label", en(r.label))
        if r.stated is not None:
            add(obs, ns + "statedValue", decimal(four_places(r.stated)))
            if r.precision is not None:
                add(obs, ns + "statedPrecision", decimal(r.precision))
            add(obs, ns + "agrees", ox.Literal("true" if r.agrees else "false", datatype=ox.NamedNode(XSD + "boolean")))
            figure = stated.get((measure, r.subject), {}).get("figure")
            if figure:
                add(obs, ns + "statedFigure", figure)
    return out


def slug(iri: str) -> str:
    local = iri[len(DATA_NAMESPACE) :] if iri.startswith(DATA_NAMESPACE) else iri.rsplit("#", 1)[-1]
    return local.replace("/", "-").replace(".", "-")
