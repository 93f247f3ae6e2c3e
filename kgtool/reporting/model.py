"""What the report shows, collected from the graph: every query the report needs, run
once, and the answers gathered in :class:`ReportData` — no HTML here (that is
:mod:`kgtool.reporting.render` and the templates).

The numbers come from :mod:`kgtool.assessment.indices` — the same computation as ``kgtool
indices`` — and every other fact from the named queries, so the report runs unchanged
on the embedded store or on a remote endpoint. Texts from the data are kept as SPARQL
terms (value and language tag), so the page can mark those not in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgtool import iri
from kgtool.assessment.basis import BasisItem, process_basis
from kgtool.assessment.gaps import GAP_QUERIES
from kgtool.assessment.indices import PRIMARY, IndexCalculator, IndexRow
from kgtool.citation.formats import render as render_citation
from kgtool.citation.records import Citer
from kgtool.errors import UsageError
from kgtool.i18n.problems import worded
from kgtool.reporting.charts import Datum
from kgtool.reporting.rounds import Rounds, collect_rounds
from kgtool.sparql.backends import Backend, boolean_value
from kgtool.sparql.named import named
from kgtool.vocab import DATA_NAMESPACE, KGO

DATA_BASE = DATA_NAMESPACE
# The report's name for what an index row computes (a key of indices.PRIMARY, and of its
# words "m_<key>"), from the row's own kgo:Measure and aggregation: the overall index over
# all cells and the mean of the pair indices measure the same kgo:OverallIndex, and only
# the aggregation (the variant) tells them apart.
MEASURE_KEYS = {
    (KGO + "PairIndex", PRIMARY["pair"].name): "pair",
    (KGO + "PrincipalShare", PRIMARY["principal"].name): "principal",
    (KGO + "DimensionPresentShare", PRIMARY["dimension"].name): "dimension",
    (KGO + "DimensionAbsentShare", PRIMARY["dimension-absent"].name): "dimension-absent",
    (KGO + "OverallIndex", PRIMARY["overall"].name): "overall",
    (KGO + "OverallIndex", PRIMARY["overall-mean"].name): "overall-mean",
}
Term = dict[str, str]


# --- what the report shows ---------------------------------------------------------------


@dataclass(frozen=True)
class Process:
    iri: str
    number: int
    label: Term
    pair: str
    verdict: str
    verdict_label: str
    excluded: bool


@dataclass(frozen=True)
class Pair:
    iri: str
    label: Term
    section: str
    principal: str
    principal_label: Term
    agent: str
    agent_label: Term


@dataclass
class Figure:
    """One row of `kgtool indices`, with the measure it computes and its label in the reader's language."""

    measure: str
    row: IndexRow
    label: str
    counts: dict[str, str] = field(default_factory=dict)

    def datum(self) -> Datum:
        r = self.row
        return Datum(self.measure, r.subject, self.label, r.computed, r.stated, r.agrees)


@dataclass
class ReportData:
    lang: str
    base: str | None
    source: str
    assessment: dict[str, Term]
    pairs: list[Pair]
    processes: list[Process]
    cells: dict[tuple[str, str], dict[str, Term]]
    dimensions: list[dict[str, Term]]
    figures: list[Figure]
    observers: list[dict[str, Term]]
    oversight: list[dict[str, Term]]
    labels: dict[str, str]  # roles, oversight modes, cell values: IRI -> label
    gaps: dict[str, list[dict[str, Term]]]
    recommendations: list[dict[str, Term]]
    support: list[dict[str, Term]]
    basis: dict[str, list[BasisItem]]
    rounds: Rounds | None = None  # several assessments in the graph (None for one)
    # how to cite the study and the dataset, in the report's language: (citation, stable IRI)
    citations: list[tuple[str, str]] = field(default_factory=list)


def check_base(base: str | None) -> str | None:
    """The base IRI of the published pages, ending in / or #, or None for no links. Links need
    only be IRIs (any scheme), unlike a site's --base, which a web server must serve."""
    if base is None:
        return None
    checked = iri.base_iri(base, web=False, hash_ok=True)
    if checked is None:
        raise worded(UsageError, "report#bad-base", "report.bad_base", base=repr(base), data_base=DATA_BASE)
    return checked


def page_link(iri: str, base: str | None) -> str | None:
    """Where the published page of a resource is: its IRI under ``base`` (None without --base).

    The published site serves https://w3id.org/kgtool/id/X at the IRI itself, so with
    ``--base`` equal to the data's base the link is the IRI; any other base replaces that prefix.
    """
    if base is None or not iri.startswith(DATA_BASE):
        return None
    return base + iri[len(DATA_BASE) :]


# --- collecting ---------------------------------------------------------------------------


def _select(backend: Backend, query: str, lang: str, **params: str | None) -> list[dict[str, Term]]:
    values: dict[str, str | None] = dict(params)
    nq = named(query)
    if "lang" in nq.parameters:
        values["lang"] = lang
    return backend.select(nq.bind(values)).rows


def value_of(row: dict[str, Term], name: str, default: str = "") -> str:
    """The value of one variable of a query's answer row (``default`` where it is unbound)."""
    return row[name]["value"] if name in row else default


def _section_key(section: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", section))


def collect(backend: Backend, lang: str, base: str | None = None) -> ReportData:
    """Run every query the report needs and gather the answers (no HTML yet)."""
    rows = _select(backend, "processes", lang)
    pairs: dict[str, Pair] = {}
    for r in rows:
        pairs.setdefault(
            value_of(r, "pair"),
            Pair(
                value_of(r, "pair"),
                r["pairLabel"],
                value_of(r, "pairSection"),
                value_of(r, "principal"),
                r["principalLabel"],
                value_of(r, "agent"),
                r["agentLabel"],
            ),
        )
    ordered_pairs = sorted(pairs.values(), key=lambda p: (_section_key(p.section), p.iri))
    pair_rank = {p.iri: i for i, p in enumerate(ordered_pairs)}
    rows.sort(key=lambda r: (pair_rank[value_of(r, "pair")], int(value_of(r, "order", "0")), value_of(r, "process")))
    processes = [
        Process(
            value_of(r, "process"),
            i + 1,
            r.get("label") or {"value": value_of(r, "process")},  # no label in any language the query reads
            value_of(r, "pair"),
            value_of(r, "verdict"),
            value_of(r, "verdictLabel"),
            boolean_value(value_of(r, "excluded")),
        )
        for i, r in enumerate(rows)
    ]

    cells: dict[tuple[str, str], dict[str, Term]] = {}
    dimensions: dict[str, dict[str, Term]] = {}
    for r in _select(backend, "cells", lang):
        cells[(value_of(r, "process"), value_of(r, "dimension"))] = r
        dimensions.setdefault(value_of(r, "dimension"), r)
    ordered_dims = sorted(
        dimensions.values(), key=lambda r: (int(value_of(r, "dimensionOrder", "0")), value_of(r, "dimension"))
    )

    calc = IndexCalculator(backend, lang)
    figures = _figures(calc, calc.rows())

    labels: dict[str, str] = {}
    for cls in ("CitationRole", "OversightMode", "CellValue"):
        for r in _select(backend, "labels-of-class", lang, **{"class": KGO + cls}):
            labels[value_of(r, "entity")] = value_of(r, "label")

    gap_rows = {kind: _select(backend, query, lang) for kind, query in GAP_QUERIES.items()}
    # once per process: a process the query answers in several rows is listed more than once
    basis = {iri: process_basis(backend, iri, lang) for iri in dict.fromkeys(p.iri for p in processes)}
    assessment = _select(backend, "assessment", lang)
    return ReportData(
        lang=lang,
        base=base,
        source=backend.describe(lang),
        assessment=assessment[0] if assessment else {},
        pairs=ordered_pairs,
        processes=processes,
        cells=cells,
        dimensions=ordered_dims,
        figures=figures,
        observers=_select(backend, "observers", lang),
        oversight=_select(backend, "process-observers", lang),
        labels=labels,
        gaps=gap_rows,
        recommendations=_select(backend, "recommendations", lang),
        support=_select(backend, "support-needs", lang),
        basis=basis,
        rounds=collect_rounds(backend, lang),
        citations=_citations(backend, lang),
    )


def _citations(backend: Backend, lang: str) -> list[tuple[str, str]]:
    """The study's citation and the dataset's (those the graph has records of), as `kgtool cite`
    writes them: the report's footer says how to cite what it shows."""
    citer = Citer(backend)
    records = sorted(citer.records.values(), key=lambda r: (r.is_dataset, r.iri))
    out = []
    for record in records:
        iri = record.describes if record.describes and not record.is_dataset else record.iri  # the study's document
        citation = citer.cite(iri, lang)
        out.append((render_citation(citation, "text").split("\n", 1)[0], iri))
    return out


def _figures(calc: IndexCalculator, rows: list[IndexRow]) -> list[Figure]:
    """Each index row with its measure, its label without the English suffix, and its counts."""
    out = []
    for row in rows:
        measure = MEASURE_KEYS[(row.measure, row.variant)]
        variant = PRIMARY[measure]  # the query and column `kgtool indices` computed this row with
        source = {r["subject"]["value"]: r for r in calc.run(variant.query, variant.params).rows}
        found = source.get(row.subject, {})
        counts = {k: v["value"] for k, v in found.items() if k in ("present", "absent", "scored", "processes", "pairs")}
        out.append(Figure(measure, row, found.get("label", {}).get("value", row.label), counts))
    return out
