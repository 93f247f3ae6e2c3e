"""kgtool indices: the indices computed from the cells, next to the figures the study states."""

from __future__ import annotations

import argparse
from decimal import Decimal

from kgtool.cli.options import (
    add_query_options,
    add_verb,
    backend_for,
    data_read,
    emit_table,
)
from kgtool.errors import EXIT_OK
from kgtool.vocab import XSD


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.indices import (
        AssessmentInfo,
        IndexCalculator,
        IndexRow,
        assessments,
        explain,
        four_places,
        in_assessment,
        rows_by_assessment,
    )
    from kgtool.i18n.catalogue import number, t, tn
    from kgtool.sparql.backends import ResultTable

    backend = backend_for(args)
    found = assessments(backend, args.lang)
    # A corpus of several assessments: each assessment's indices apart, with its country and year.
    # One assessment (the project's data): the columns and rows as they always were.
    by_round = len(found) > 1
    rounds: list[tuple[AssessmentInfo | None, list[IndexRow]]]
    if by_round:
        # each index query once for the whole corpus, its rows split by assessment (linear)
        by_iri = rows_by_assessment(backend, args.lang, [a.iri for a in found])
        rounds = [(a, by_iri[a.iri]) for a in found]
    else:
        rounds = [(None, IndexCalculator(backend, args.lang).rows())]
    table = ResultTable(
        (["assessment", "country", "year"] if by_round else [])
        + ["figure", "subject", "label", "computed", "stated", "agrees"]
    )
    decimal = XSD + "decimal"
    table_format = args.format == "table"

    def figure_value(value: Decimal) -> str:
        # programs read 0.1667; people read it the way their language writes numbers (0,1667)
        return number(value, args.lang) if table_format else str(value)

    for info, r in ((info, r) for info, round_rows in rounds for r in round_rows):
        row: dict[str, dict[str, str]] = {}
        if by_round and info is not None:
            row["assessment"] = {"type": "uri", "value": info.iri}
            if info.country:
                row["country"] = {"type": "uri", "value": info.country}
            row["year"] = {"type": "literal", "value": info.period}
        row |= {
            "figure": {"type": "literal", "value": t(f"figure.{r.figure}", args.lang) if table_format else r.figure},
            "subject": {"type": "uri", "value": r.subject},
            "label": {"type": "literal", "value": r.label},
            "computed": {"type": "literal", "value": figure_value(four_places(r.computed)), "datatype": decimal},
        }
        if r.stated is not None:
            row["stated"] = {"type": "literal", "value": figure_value(four_places(r.stated)), "datatype": decimal}
            agrees = ("yes" if r.agrees else "no") if table_format else ("true" if r.agrees else "false")
            row["agrees"] = {
                "type": "literal",
                "value": t(agrees, args.lang) if table_format else agrees,
                "datatype": XSD + "boolean",
            }
        table.rows.append(row)
    notes = []
    if table_format:
        # over several assessments each line names its own (two rounds state the same figures)
        disagreements = [
            explain(r, args.lang) if info is None else in_assessment(explain(r, args.lang), info, found, args.lang)
            for info, round_rows in rounds
            for r in round_rows
            if r.stated is not None and not r.agrees
        ]
        notes = [tn("count.disagreements", len(disagreements), args.lang)] + [f"- {d}" for d in disagreements]
    emit_table(args, table, notes)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "indices",
        description="Compute the accountability indices from the cells with SPARQL (per pair, per principal, "
        "per dimension, overall over all scored cells and as the mean of the pair indices) and show each "
        "figure the study states next to the computed one, with whether they agree at the precision the study "
        "uses. CSV/TSV columns: figure,subject,label,computed,stated,agrees. The table format ends with one "
        "plain-language line per disagreement, naming the aggregations tried.",
    )
    add_query_options(p)
    p.set_defaults(handler=run, reads=data_read)
