"""kgtool indices: the indices computed from the cells, next to the figures the study states."""

from __future__ import annotations

import argparse

from kgtool.cli.options import (
    add_query_options,
    add_verb,
    backend_for,
    emit,
)
from kgtool.errors import EXIT_OK
from kgtool.vocab import XSD


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.indices import IndexCalculator, explain, four_places
    from kgtool.cli.tables import render
    from kgtool.sparql.backends import ResultTable

    rows = IndexCalculator(backend_for(args), args.lang).rows()
    table = ResultTable(["figure", "subject", "label", "computed", "stated", "agrees"])
    decimal = XSD + "decimal"
    for r in rows:
        row = {
            "figure": {"type": "literal", "value": r.figure},
            "subject": {"type": "uri", "value": r.subject},
            "label": {"type": "literal", "value": r.label},
            "computed": {"type": "literal", "value": str(four_places(r.computed)), "datatype": decimal},
        }
        if r.stated is not None:
            row["stated"] = {"type": "literal", "value": str(four_places(r.stated)), "datatype": decimal}
            row["agrees"] = {"type": "literal", "value": "true" if r.agrees else "false", "datatype": XSD + "boolean"}
        table.rows.append(row)
    notes = []
    if args.format == "table":
        disagreements = [explain(r) for r in rows if r.stated is not None and not r.agrees]
        notes = [f"{len(disagreements)} stated figure(s) disagree with the computed ones:"] + [
            f"- {d}" for d in disagreements
        ]
    emit(render(table, args.format, notes), args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "indices",
        help="the indices computed from the cells, next to the figures the study states",
        description="Compute the accountability indices from the cells with SPARQL (per pair, per principal, "
        "per dimension, overall over all scored cells and as the mean of the pair indices) and show each "
        "figure the study states next to the computed one, with whether they agree at the precision the study "
        "uses. CSV/TSV columns: figure,subject,label,computed,stated,agrees. The table format ends with one "
        "plain-language line per disagreement, naming the aggregations tried.",
    )
    add_query_options(p)
    p.set_defaults(handler=run)
