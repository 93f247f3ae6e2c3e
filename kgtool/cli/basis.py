"""kgtool basis: what an article underpins, or the legal basis of a process."""

from __future__ import annotations

import argparse

from kgtool.cli.options import (
    add_query_options,
    add_verb,
    backend_for,
    emit,
    lit,
    uri,
)
from kgtool.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.basis import article_uses, process_basis
    from kgtool.assessment.legal_status import parse_at, point_in_time_notes
    from kgtool.assessment.resolve import resolve, resolve_act
    from kgtool.cli.tables import render
    from kgtool.sparql.backends import ResultTable
    from kgtool.vocab import KGO

    if args.at is not None:
        parse_at(args.at)  # a malformed date is refused before any work
    backend = backend_for(args)
    if args.process:
        process = resolve(backend, args.process, KGO + "AccountabilityProcess", "process")
        items = process_basis(backend, process, args.lang)
        table = ResultTable(["role", "norm", "label", "act", "section", "lines", "note"])
        for b in items:
            table.rows.append(
                {
                    "role": lit(b.role_label),
                    "norm": uri(b.norm),
                    "label": lit(b.norm_label),
                    "act": uri(b.act),
                    "section": lit(b.section),
                    "lines": lit(b.lines),
                    "note": lit(b.note),
                }
            )
        notes = [f"{len(items)} citation(s) for {process}"]
        acts = [b.act for b in items]
    else:
        act = resolve_act(backend, args.act)
        uses = article_uses(backend, act, args.article, args.lang)
        table = ResultTable(["target", "label", "kind", "role", "provision", "provisionLabel", "section", "lines"])
        for u in uses:
            table.rows.append(
                {
                    "target": uri(u.target),
                    "label": lit(u.target_label),
                    "kind": lit(u.kind),
                    "role": lit(u.role_label),
                    "provision": uri(u.provision),
                    "provisionLabel": lit(u.provision_label),
                    "section": lit(u.section),
                    "lines": lit(u.lines),
                }
            )
        notes = [f"{len(uses)} use(s) of article {args.article} of {args.act}"]
        acts = [act]
    if args.format == "table":
        notes += point_in_time_notes(backend, acts, args.at, args.lang)
    emit(render(table, args.format, notes if args.format == "table" else None), args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "basis",
        help="what an article underpins, or the legal basis of a process",
        description="With --article N: the processes, observers and recommendations that article N of an act "
        "establishes, regulates, restricts or blocks (found also inside cited parts and ranges of articles). "
        "With --process P: the provisions and acts the study cites for P, with their roles. "
        "Under the table: each cited act at --at DATE (default: the assessment's period) and today, in force or "
        "not, what replaced it, and the source of each fact.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", type=int, metavar="N", help="article number")
    what.add_argument("--process", metavar="P", help="a process: IRI, local name, or part of a label in any language")
    p.add_argument(
        "--act",
        default="constitution",
        metavar="ACT",
        help="short id of the act (default: constitution); 'kgtool query legal-acts' lists them",
    )
    p.add_argument(
        "--at",
        metavar="DATE",
        help="point in time, YYYY-MM-DD or YYYY (default: the assessment's period): the table is followed by "
        "each cited act's edition and force at DATE and today, what replaced it, and the source of each fact",
    )
    add_query_options(p)
    p.set_defaults(handler=run)
