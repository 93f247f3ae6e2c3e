"""kgtool basis: what an article underpins, the legal basis of a process, or the observers'
mandates (who watches which process, under which norms)."""

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
    from kgtool.assessment.basis import article_uses, observer_mandates, process_basis, process_cross_references
    from kgtool.assessment.resolve import resolve, resolve_act
    from kgtool.cli.tables import render
    from kgtool.i18n.messages import t
    from kgtool.sparql.backends import ResultTable
    from kgtool.vocab import KGO

    backend = backend_for(args)
    if args.agent and not args.observers:
        from kgtool.errors import UsageError

        raise UsageError("query#agent-needs-observers", "--agent works only with --observers", hint=AGENT_HINT)
    if args.observers:
        agent = resolve(backend, args.agent, KGO + "Actor", "actor") if args.agent else None
        mandates = observer_mandates(backend, agent, args.lang)
        table = ResultTable(
            [
                "observer",
                "label",
                "mode",
                "process",
                "processLabel",
                "agent",
                "role",
                "norm",
                "normLabel",
                "section",
                "lines",
                "editorialNote",
            ]
        )
        for m in mandates:
            table.rows.append(
                {
                    "observer": uri(m.observer),
                    "label": lit(m.observer_label),
                    "mode": lit(m.mode_label),
                    "process": uri(m.process),
                    "processLabel": lit(m.process_label),
                    "agent": uri(m.agent),
                    **({"role": lit(m.role_label), "norm": uri(m.norm)} if m.norm else {}),
                    "normLabel": lit(m.norm_label),
                    "section": lit(m.section),
                    "lines": lit(m.lines),
                    "editorialNote": lit(m.editorial_note),
                }
            )
        notes = [t("basis.observers_note", args.lang, n=len(mandates))]
    elif args.process:
        process = resolve(backend, args.process, KGO + "AccountabilityProcess", "process")
        items = process_basis(backend, process, args.lang)
        table = ResultTable(["role", "norm", "label", "act", "section", "lines", "note", "kind", "editorialNote"])
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
                    "kind": lit(t("basis.kind_citation", args.lang)),
                    "editorialNote": lit(b.editorial_note),
                }
            )
        # Cross-references come after the citations and say so in "kind": a norm the text
        # refers back to is not part of the process's legal basis.
        crossed = process_cross_references(backend, process, args.lang)
        for c in crossed:
            table.rows.append(
                {
                    "role": lit(c.role_label),
                    "norm": uri(c.norm),
                    "label": lit(c.norm_label),
                    "act": uri(c.act),
                    "section": lit(c.section),
                    "lines": lit(c.lines),
                    "note": lit(c.note),
                    "kind": lit(t("basis.kind_cross_reference", args.lang, process=c.cited_for_label or c.cited_for)),
                    "editorialNote": lit(c.editorial_note),
                }
            )
        notes = [f"{len(items)} citation(s) for {process}"]
        if crossed:
            notes.append(t("basis.cross_references_note", args.lang, n=len(crossed)))
    else:
        act = resolve_act(backend, args.act)
        uses = article_uses(backend, act, args.article, args.lang)
        table = ResultTable(
            ["target", "label", "kind", "role", "provision", "provisionLabel", "section", "lines", "editorialNote"]
        )
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
                    "editorialNote": lit(u.editorial_note),
                }
            )
        notes = [f"{len(uses)} use(s) of article {args.article} of {args.act}"]
    emit(render(table, args.format, notes if args.format == "table" else None), args.output)
    return EXIT_OK


AGENT_HINT = "use it as: kgtool basis --observers --agent executive-and-lsg-bodies"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "basis",
        help="what an article underpins, the legal basis of a process, or the observers' mandates",
        description="With --article N: the processes, observers and recommendations that article N of an act "
        "establishes, regulates, restricts or blocks (found also inside cited parts and ranges of articles). "
        "With --process P: the provisions and acts the study cites for P, with their roles, then the "
        "cross-references its text makes to norms cited under other processes (kind says which; they are not "
        "part of P's legal basis). "
        "With --observers: who watches or enforces which process, the body held to account (the agent of the "
        "process's pair; --agent narrows to one), and the norms the study names as the source of each "
        "observer's powers. The editorialNote column carries the project's note on a provision the study "
        "prints oddly (a number that looks like a misprint).",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", type=int, metavar="N", help="article number")
    what.add_argument("--process", metavar="P", help="a process: IRI, local name, or part of a label in any language")
    what.add_argument(
        "--observers",
        action="store_true",
        help="the observers' mandates: who watches which process and body, under which norms",
    )
    p.add_argument(
        "--act",
        default="constitution",
        metavar="ACT",
        help="short id of the act (default: constitution); 'kgtool query legal-acts' lists them",
    )
    p.add_argument(
        "--agent",
        metavar="A",
        help="with --observers: only the processes whose pair holds A to account (an actor's IRI, local name "
        "or part of its label, e.g. executive-and-lsg-bodies)",
    )
    add_query_options(p)
    p.set_defaults(handler=run)
