"""The indices as a W3C RDF Data Cube dataset, so statistical tools can load them as a table.

One ``qb:DataSet`` with one ``qb:DataStructureDefinition``; one observation per row of
``IndexCalculator(assessment=...).rows()`` for every assessment the graph holds, each
assessment's indices computed apart (never pooled). Dimensions: the country assessed (a
``kgo:Country``) and the year the assessment describes (``xsd:gYear``) — sub-properties of
the SDMX ``refArea`` and ``refPeriod`` dimensions, so tools that know SDMX read them as area
and period — then the indicator (a ``kgo:Measure`` concept such as ``kgo:PairIndex``), the
subject (the pair, principal, dimension or assessment) and the aggregation used. Each
assessment's observations are also one ``qb:Slice`` (the slice key fixes country and year).
The measure is the computed value. What the study states — value,
precision, whether it agrees, the stated figure's IRI — are attributes, not measures,
because not every row has a stated figure and the Data Cube's integrity constraint IC-14
requires every measure on every observation.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kgtool.assessment.indices import CorpusResults, IndexCalculator, assessments, four_places
from kgtool.errors import InputError
from kgtool.i18n.problems import worded
from kgtool.vocab import CC_BY, DATA_NAMESPACE, KGO, QB, RDF, RDFS, XSD
from kgtool.vocab import DCTERMS as DCT

SDMX_DIMENSION = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_CONCEPT = "http://purl.org/linked-data/sdmx/2009/concept#"
# the SDMX dimension (and its concept) a cube dimension refines
SDMX_PARENT = {"country": "refArea", "year": "refPeriod"}
# (local name, kind, label, range, order or None)
COMPONENTS = (
    ("country", "dimension", "country assessed", KGO + "Country", 1),
    ("year", "dimension", "year the assessment describes", XSD + "gYear", 2),
    ("indicator", "dimension", "indicator", KGO + "Measure", 3),
    ("subject", "dimension", "subject", RDFS + "Resource", 4),
    ("aggregation", "dimension", "aggregation", XSD + "string", 5),
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
    """The cube of every assessment on ``calculator``'s store (its ``assessment`` is not used:
    each assessment gets a calculator of its own)."""
    ns = base + "cube.ttl#"
    out: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        out.append((ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str) else o))

    def en(text: str) -> ox.Literal:
        return ox.Literal(text, language="en")

    def said(text: str) -> ox.Literal:  # a label the calculator composed in the language it was asked for
        return ox.Literal(text, language=calculator.lang)

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
        if local in SDMX_PARENT:
            add(prop, RDFS + "subPropertyOf", SDMX_DIMENSION + SDMX_PARENT[local])
            add(prop, QB + "concept", SDMX_CONCEPT + SDMX_PARENT[local])
    slice_key = ns + "slice-key-assessment"
    add(structure, QB + "sliceKey", slice_key)
    add(slice_key, RDF + "type", QB + "SliceKey")
    add(slice_key, RDFS + "label", en("one assessment: a country and a year"))
    for local in SDMX_PARENT:
        add(slice_key, QB + "componentProperty", ns + local)

    corpus = CorpusResults(calculator.backend, calculator.lang)  # each index query once for every assessment
    for info in assessments(calculator.backend, calculator.lang):
        if not info.country or not info.period:
            raise worded(
                InputError,
                "publish#assessment-without-country",
                "publish.assessment_without_country",
                assessment=info.iri,
                property="kgo:assessedCountry" if not info.country else "kgo:period",
            )
        year = ox.Literal(info.period, datatype=ox.NamedNode(XSD + "gYear"))
        piece = ns + "slice-" + slug(info.iri)
        add(dataset, QB + "slice", piece)
        add(piece, RDF + "type", QB + "Slice")
        add(piece, QB + "sliceStructure", slice_key)
        add(piece, ns + "country", info.country)
        add(piece, ns + "year", year)
        add(piece, RDFS + "label", said(info.label))
        one = IndexCalculator(calculator.backend, calculator.lang, assessment=info.iri, corpus=corpus)
        for obs in _observations(one, ns, slug(info.iri), add, said, decimal):
            add(piece, QB + "observation", obs)
            add(obs, QB + "dataSet", dataset)
            add(obs, ns + "country", info.country)
            add(obs, ns + "year", year)
    return out


def _observations(
    calculator: IndexCalculator,
    ns: str,
    prefix: str,
    add: Callable[[str, str, ox.NamedNode | ox.Literal | str], None],
    said: Callable[[str], ox.Literal],
    decimal: Callable[[object], ox.Literal],
) -> list[str]:
    """One assessment's observations (without their data set, country and year); their IRIs;
    ``said``: a label in the calculator's language, tagged with it."""
    made = []
    stated = calculator.stated_figures()
    for r in calculator.rows():
        measure = r.measure  # the kgo:Measure the row computes, as IndexCalculator records it
        obs = ns + "obs-" + "-".join((prefix, measure.rsplit("#", 1)[-1], slug(r.subject), r.variant))
        made.append(obs)
        add(obs, RDF + "type", QB + "Observation")
        add(obs, ns + "indicator", measure)
        add(obs, ns + "subject", r.subject)
        add(obs, ns + "aggregation", ox.Literal(r.variant))
        add(obs, ns + "computedValue", decimal(four_places(r.computed)))
        add(obs, RDFS + "label", said(r.label))
        if r.stated is not None:
            add(obs, ns + "statedValue", decimal(four_places(r.stated)))
            if r.precision is not None:
                add(obs, ns + "statedPrecision", decimal(r.precision))
            add(obs, ns + "agrees", ox.Literal("true" if r.agrees else "false", datatype=ox.NamedNode(XSD + "boolean")))
            figure = stated.get((measure, r.subject), {}).get("figure")
            if figure:
                add(obs, ns + "statedFigure", figure)
    return made


def slug(iri: str) -> str:
    local = iri[len(DATA_NAMESPACE) :] if iri.startswith(DATA_NAMESPACE) else iri.rsplit("#", 1)[-1]
    return local.replace("/", "-").replace(".", "-")
