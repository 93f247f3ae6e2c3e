"""kgtool basis: what an article, a provision or a whole act underpins, the acts and
articles the study cites most, or the legal basis of a process."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kgtool.cli.options import (
    add_query_options,
    add_verb,
    backend_for,
    emit,
    lit,
    uri,
)
from kgtool.errors import EXIT_OK

if TYPE_CHECKING:
    from kgtool.assessment.basis import ArticleUse
    from kgtool.sparql.backends import Backend, ResultTable

DEFAULT_ACT = "constitution"
RANKINGS = ("acts", "articles")


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.basis import process_basis
    from kgtool.assessment.resolve import resolve
    from kgtool.cli.tables import render
    from kgtool.errors import UsageError
    from kgtool.sparql.backends import ResultTable
    from kgtool.vocab import KGO

    if not (args.process or args.article is not None or args.provision or args.ranking or args.act):
        raise UsageError(
            "name#nothing-to-look-up",
            "kgtool basis needs something to look up",
            hint="give --article N, --act ACT [--provision N], --process P or --ranking",
        )
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
    elif args.ranking:
        table, notes = _ranking(backend, args)
    else:
        table, notes = _uses(backend, args)
    emit(render(table, args.format, notes if args.format == "table" else None), args.output)
    return EXIT_OK


def _uses(backend: Backend, args: argparse.Namespace) -> tuple[ResultTable, list[str]]:
    """--article N, --act ACT --provision N, or --act ACT alone."""
    from kgtool.assessment.basis import act_uses, article_uses, provision_uses, resolve_provision
    from kgtool.assessment.resolve import resolve_act
    from kgtool.i18n.messages import t
    from kgtool.iri import local_name

    lang = args.lang
    act = resolve_act(backend, args.act or DEFAULT_ACT)
    name = local_name(act, ignore_trailing_slash=True)  # the short id, whatever was typed
    if args.article is not None:
        uses = article_uses(backend, act, args.article, lang)
        notes = [t("basis.uses_article", lang, n=len(uses), article=args.article, act=name)]
        notes += _ranges(uses, args.article, lang)
    elif args.provision:
        provision = resolve_provision(backend, act, args.provision)
        uses = provision_uses(backend, provision, lang)
        notes = [t("basis.uses_provision", lang, n=len(uses), provision=args.provision, act=name)]
        if provision.article is not None:
            notes += _ranges(uses, provision.article, lang)
    else:
        uses = act_uses(backend, act, lang)
        notes = [t("basis.uses_act", lang, n=len(uses), act=name)]
    return _use_table(uses), notes


def _ranges(uses: list[ArticleUse], article: int, lang: str) -> list[str]:
    """ "Article 86 is cited as part of: Constitution of the KR, articles 85-88"."""
    from kgtool.i18n.messages import t

    found = sorted({(u.cited_range, u.provision_label) for u in uses if u.cited_range and u.provision == u.cited_range})
    return [t("basis.in_range", lang, article=article, range=label or iri) for iri, label in found]


def _use_table(uses: list[ArticleUse]) -> ResultTable:
    from kgtool.sparql.backends import ResultTable

    table = ResultTable(["target", "label", "kind", "role", "provision", "provisionLabel", "section", "lines", "note"])
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
                "note": lit(u.note),
            }
        )
    return table


def _ranking(backend: Backend, args: argparse.Namespace) -> tuple[ResultTable, list[str]]:
    """--ranking acts (the default) or --ranking articles [--act ACT]."""
    from kgtool.assessment.basis import most_cited_acts, most_cited_articles
    from kgtool.assessment.resolve import resolve_act
    from kgtool.i18n.messages import t

    if args.ranking == "articles":
        act = resolve_act(backend, args.act) if args.act else None
        return most_cited_articles(backend, act, args.lang), [t("basis.ranking_articles", args.lang)]
    return most_cited_acts(backend, args.lang), [t("basis.ranking_acts", args.lang)]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "basis",
        help="what an article, a provision or an act underpins, the most cited norms, or the legal basis of a process",
        description="With --article N: the processes, observers and recommendations that article N of an act "
        "establishes, regulates, restricts or blocks (found also inside cited parts and ranges of articles: "
        "article 86 is found inside 'articles 85-88'). "
        "With --act ACT --provision N: the same for any provision as the study numbers it (7.5, 15, 85-88). "
        "With --act ACT alone: everything the act and its provisions underpin, citations of the whole act included. "
        "With --ranking [acts|articles]: the acts, or the articles, the study cites most. "
        "With --process P: the provisions and acts the study cites for P, with their roles.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--article", type=int, metavar="N", help="article number (of --act, default: constitution)")
    what.add_argument(
        "--provision",
        metavar="N",
        help="a provision's number as the study prints it: an article (86), a paragraph (7.5, 15) or a range (85-88)",
    )
    what.add_argument("--process", metavar="P", help="a process: IRI, local name, or part of a label in any language")
    what.add_argument(
        "--ranking",
        nargs="?",
        const="acts",
        choices=RANKINGS,
        help="rank the acts (default) or the articles (of --act, if given) by the study's citations of them",
    )
    p.add_argument(
        "--act",
        metavar="ACT",
        help="the act: short id, IRI, or part of its name in any language (default for --article and --provision: constitution); "
        "'kgtool query legal-acts' lists them",
    )
    add_query_options(p)
    p.set_defaults(handler=run)
