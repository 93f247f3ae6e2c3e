"""kgtool gaps: the gap lists (missing dimensions, no legal basis, blocked processes, disputed cells)."""

from __future__ import annotations

import argparse

from kgtool.cli.options import (
    add_query_options,
    add_verb,
    backend_for,
    data_read,
    emit_table,
    lit,
    uri,
)
from kgtool.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.gaps import gaps
    from kgtool.assessment.resolve import resolve, resolve_dimension
    from kgtool.i18n.catalogue import t, tn
    from kgtool.sparql.backends import ResultTable
    from kgtool.vocab import KGO

    backend = backend_for(args)
    dimension = resolve_dimension(backend, args.dimension, args.lang) if args.dimension else None
    pair = resolve(backend, args.pair, KGO + "PrincipalAgentPair", "pair", args.lang) if args.pair else None
    principal = resolve(backend, args.principal, KGO + "Actor", "actor", args.lang) if args.principal else None
    found = gaps(backend, args.kind or None, dimension, pair, principal, args.lang)
    table = ResultTable(["gap", "process", "label", "pair", "principal", "detail", "section"])
    for g in found:
        table.rows.append(
            {
                # the kind's code in the formats programs read; its name in the reader's language in the table
                "gap": lit(g.gap if args.format != "table" else t(f"gapkind.{g.gap}", args.lang)),
                "process": uri(g.process),
                "label": lit(g.label),
                "pair": uri(g.pair),
                "principal": uri(g.principal),
                "detail": lit(g.detail),
                "section": lit(g.section),
            }
        )
    emit_table(args, table, [tn("count.gaps", len(found), args.lang)])
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "gaps",
        description="List the accountability gaps: processes lacking a dimension (missing-dimension), with no "
        "norm that establishes or regulates them (no-legal-basis), with legal conditions on paper but rules "
        "judged absent (rules-absent-despite-law), blocked or restricted by a norm (blocked-or-restricted), "
        "and cells on which the section tables and the appendix disagree (appendix-disagreement).",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=[
            "missing-dimension",
            "no-legal-basis",
            "rules-absent-despite-law",
            "blocked-or-restricted",
            "appendix-disagreement",
        ],
        help="only these gap lists (repeatable; default: all)",
    )
    p.add_argument(
        "--dimension",
        metavar="D",
        help="only processes lacking this dimension: rules, demand, motivation, enforcement, or an IRI or label",
    )
    p.add_argument("--pair", metavar="P", help="only this pair (IRI, local name, or part of a label)")
    p.add_argument(
        "--principal", metavar="A", help="only pairs with this principal (IRI, local name, or part of a label)"
    )
    add_query_options(p)
    p.set_defaults(handler=run, reads=data_read)
