"""kgtool basis: what an article, a provision or a whole act underpins, the acts and
articles the study cites most, the legal basis of a process, or the observers' mandates
(who watches which process, under which norms)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from kgtool.assessment.basis import ArticleUse, Provision
    from kgtool.assessment.resolve import LegalAct
    from kgtool.sparql.backends import Backend, ResultTable

DEFAULT_ACT = "constitution"  # kgtool.assessment.basis.DEFAULT_ACT, kept here for --help without the library
RANKINGS = ("acts", "articles")


def run(args: argparse.Namespace) -> int:
    from kgtool.assessment.basis import observer_mandates, process_basis, process_cross_references, process_name
    from kgtool.assessment.legal_status import parse_at, point_in_time_notes
    from kgtool.assessment.resolve import resolve
    from kgtool.errors import UsageError
    from kgtool.i18n.catalogue import t, tn
    from kgtool.sparql.backends import ResultTable
    from kgtool.vocab import KGO

    if not (
        args.process
        or args.article is not None
        or args.part is not None
        or args.clause is not None
        or args.provision
        or args.ranking
        or args.act
        or args.observers
    ):
        raise UsageError(
            "name#nothing-to-look-up",
            t("name.nothing_to_look_up", args.lang),
            hint=t("name.nothing_to_look_up_hint", args.lang),
        )
    if (args.part is not None or args.clause is not None) and args.article is None:
        # a part or clause of nothing: --process P --part 3 answered for P as if --part were not there
        raise UsageError(
            "name#subdivision-needs-article",
            t("name.subdivision_needs_article", args.lang),
            hint=t("name.subdivision_needs_article_hint", args.lang),
        )
    if args.agent and not args.observers:
        raise UsageError(
            "query#agent-needs-observers",
            t("query.agent_needs_observers", args.lang),
            hint=t("query.agent_needs_observers_hint", args.lang),
        )
    if args.at is not None:
        parse_at(args.at, args.lang)  # a malformed date is refused before any work
    backend = backend_for(args)
    acts: list[str] = []
    # a table is for people: a role or a mode by its name in --lang; csv, tsv and json hold the
    # term itself, the same in any --lang (a program read "регулирует" with --lang ru)
    people = args.format == "table"
    if args.observers:
        agent = resolve(backend, args.agent, KGO + "Actor", "actor", args.lang) if args.agent else None
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
                    "mode": lit(m.mode_label) if people else uri(m.mode),
                    "process": uri(m.process),
                    "processLabel": lit(m.process_label),
                    "agent": uri(m.agent),
                    **({"role": lit(m.role_label) if people else uri(m.role), "norm": uri(m.norm)} if m.norm else {}),
                    "normLabel": lit(m.norm_label),
                    "section": lit(m.section),
                    "lines": lit(m.lines),
                    "editorialNote": lit(m.editorial_note),
                }
            )
        notes = [t("basis.observers_note", args.lang, n=len(mandates))]
    elif args.process:
        process = resolve(backend, args.process, KGO + "AccountabilityProcess", "process", args.lang)
        items = process_basis(backend, process, args.lang)
        columns = ["role", "norm", "label", "act", "section", "lines", "note", "kind", "editorialNote"]
        table = ResultTable(columns if people else [*columns[:-1], "citedFor", columns[-1]])
        for b in items:
            table.rows.append(
                {
                    "role": lit(b.role_label) if people else uri(b.role),
                    "norm": uri(b.norm),
                    "label": lit(b.norm_label),
                    "act": uri(b.act),
                    "section": lit(b.section),
                    "lines": lit(b.lines),
                    "note": lit(b.note),
                    "kind": lit(t("basis.kind_citation", args.lang) if people else "citation"),
                    "editorialNote": lit(b.editorial_note),
                }
            )
        # Cross-references come after the citations and say so in "kind": a norm the text
        # refers back to is not part of the process's legal basis.
        crossed = process_cross_references(backend, process, args.lang)
        for c in crossed:
            table.rows.append(
                {
                    "role": lit(c.role_label) if people else uri(c.role),
                    "norm": uri(c.norm),
                    "label": lit(c.norm_label),
                    "act": uri(c.act),
                    "section": lit(c.section),
                    "lines": lit(c.lines),
                    "note": lit(c.note),
                    "kind": lit(
                        t("basis.kind_cross_reference", args.lang, process=c.cited_for_label or c.cited_for)
                        if people
                        else "cross-reference"
                    ),
                    **({} if people else {"citedFor": uri(c.cited_for)}),
                    "editorialNote": lit(c.editorial_note),
                }
            )
        name = process_name(backend, process, args.lang)
        notes = [tn("count.citations", len(items), args.lang, process=name if args.lang == "en" else f"«{name}»")]
        if crossed:
            notes.append(t("basis.cross_references_note", args.lang, n=len(crossed)))
        acts = [b.act for b in items]
    elif args.ranking:
        table, notes = _ranking(backend, args)
    else:
        table, notes, act = _uses(backend, args)
        acts = [act]
    if args.format == "table" and acts:
        notes += point_in_time_notes(backend, acts, args.at, args.lang)
    emit_table(args, table, notes)
    return EXIT_OK


def _uses(backend: Backend, args: argparse.Namespace) -> tuple[ResultTable, list[str], str]:
    """--article N [--part P] [--clause C], --act ACT --provision N, or --act ACT alone."""
    from kgtool.assessment.basis import (
        act_uses,
        article_uses,
        provision_uses,
        resolve_provision,
        resolve_subdivision,
    )
    from kgtool.assessment.references import Reference
    from kgtool.assessment.resolve import legal_acts, resolve_act
    from kgtool.errors import UsageError
    from kgtool.i18n.messages import t
    from kgtool.i18n.problems import worded

    lang = args.lang
    acts = legal_acts(backend, lang)  # once: the act typed is resolved and named from the same rows
    act = resolve_act(backend, args.act or DEFAULT_ACT, lang, acts)
    if args.article is not None and args.article < 1:  # "0 uses of article -1" read as if the act had such an article
        raise worded(UsageError, "name#bad-article", "name.bad_article", number=args.article)
    if args.article is not None and args.part is None and args.clause is None:
        uses = article_uses(backend, act, args.article, lang)
        notes = [t("basis.uses_article", lang, n=len(uses), article=args.article, act=_act_name(acts, act, lang))]
        notes += _ranges(uses, args.article, lang)
        return _use_table(uses, args.format, lang), notes, act
    if args.article is not None:
        reference = Reference(args.article, args.part, args.clause)
        provision = resolve_subdivision(backend, act, reference, lang, _act_name(acts, act, lang))
    elif args.provision:
        # a provision's IRI names its own act unless --act was given
        provision = resolve_provision(
            backend, act, args.provision, lang, any_act=not args.act, act_name=_act_name(acts, act, lang)
        )
    else:
        uses = act_uses(backend, act, lang)
        notes = [t("basis.uses_act", lang, n=len(uses), act=_act_name(acts, act, lang))]
        return _use_table(uses, args.format, lang), notes, act
    act, name = provision.act, _act_name(acts, provision.act, lang)
    uses = provision_uses(backend, provision, lang)
    if provision.subdivision:
        notes = _subdivision_notes(uses, provision, name, lang)
    else:
        notes = [t("basis.uses_provision", lang, n=len(uses), provision=args.provision, act=name)]
        if provision.article is not None:
            notes += _ranges(uses, provision.article, lang)
    return _use_table(uses, args.format, lang), notes, act


def _subdivision_notes(uses: list[ArticleUse], provision: Provision, act_name: str, lang: str) -> list[str]:
    """A part's or clause's own uses, then, said apart, the citations of what contains it as a
    whole (its article, a range of articles): a citation of article 70 is not one of its part 3."""
    from kgtool.assessment.basis import reference_text
    from kgtool.i18n.messages import t

    asked = reference_text(provision.article, provision.part, provision.clause, lang)
    own = [u for u in uses if u.scope != "enclosing"]
    notes = [t("basis.uses_subdivision", lang, n=len(own), provision=asked, act=act_name)]
    whole = sorted({u.provision_label or u.provision for u in uses if u.scope == "enclosing"})
    if whole:
        n = sum(u.scope == "enclosing" for u in uses)
        notes.append(t("basis.uses_enclosing", lang, n=n, enclosing="; ".join(whole), provision=asked))
    return notes


def _ranges(uses: list[ArticleUse], article: int, lang: str) -> list[str]:
    """ "Article 86 is cited as part of: Constitution of the KR, articles 85-88"."""
    from kgtool.i18n.messages import t

    found = sorted({(u.cited_range, u.provision_label) for u in uses if u.cited_range and u.provision == u.cited_range})
    return [t("basis.in_range", lang, article=article, range=label or iri) for iri, label in found]


def _use_table(uses: list[ArticleUse], fmt: str, lang: str) -> ResultTable:
    """The uses as rows; a table for people names each target's kind in ``lang``."""
    from kgtool.i18n.catalogue import t
    from kgtool.sparql.backends import ResultTable

    # a provision other than an article says of each row whether it cites that provision, one
    # inside it, or what contains it as a whole (queries/legal/provision-underpins.rq's scope)
    scoped = any(u.scope for u in uses)
    table = ResultTable(
        ["target", "label", "kind", "role", "provision", "provisionLabel"]
        + (["scope"] if scoped else [])
        + ["section", "lines", "note", "editorialNote"]
    )
    for u in uses:
        table.rows.append(
            {
                "target": uri(u.target),
                "label": lit(u.target_label),
                "kind": lit(u.kind if fmt != "table" else t(f"targetkind.{u.kind}", lang)),
                "role": lit(u.role_label) if fmt == "table" else uri(u.role),
                "provision": uri(u.provision),
                "provisionLabel": lit(u.provision_label),
                **({"scope": lit(u.scope if fmt != "table" else t(f"basis.scope_{u.scope}", lang))} if scoped else {}),
                "section": lit(u.section),
                "lines": lit(u.lines),
                "note": lit(u.note),
                "editorialNote": lit(u.editorial_note),
            }
        )
    return table


def _ranking(backend: Backend, args: argparse.Namespace) -> tuple[ResultTable, list[str]]:
    """--ranking acts (the default) or --ranking articles [--act ACT]."""
    from kgtool.assessment.basis import most_cited_acts, most_cited_articles
    from kgtool.assessment.resolve import resolve_act
    from kgtool.i18n.messages import t

    if args.ranking == "articles":
        act = resolve_act(backend, args.act, args.lang) if args.act else None
        return most_cited_articles(backend, act, args.lang), [t("basis.ranking_articles", args.lang)]
    return most_cited_acts(backend, args.lang), [t("basis.ranking_acts", args.lang)]


def _act_name(acts: dict[str, LegalAct], act: str, lang: str) -> str:
    """The act as the summary line names it: its name in ``lang`` (else the study's Kyrgyz), not
    the short id typed ("1 use(s) of article 52 of constitution" in every language)."""
    from kgtool.iri import local_name

    label = acts[act].label if act in acts else ""
    if not label:
        return local_name(act, ignore_trailing_slash=True)
    # in Russian and Kyrgyz a name after "акта"/before "актысынын" is quoted, unless it is already
    return label if lang == "en" or "«" in label else f"«{label}»"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "basis",
        description="With --article N: the processes, observers and recommendations that article N of an act "
        "establishes, regulates, restricts or blocks (found also inside cited parts and ranges of articles: "
        "article 86 is found inside 'articles 85-88'). "
        "With --article N --part P [--clause C] (or --provision written as the law writes it: 70(3), "
        "'ст. 70 ч. 3', '70-берене 3-бөлүк', or a provision's IRI): what that part or clause underpins, "
        "then, marked apart (scope 'enclosing'), the citations of the whole article or range that holds it, "
        "which are not citations of the part. "
        "With --act ACT --provision N: the same for any provision as the study numbers it (7.5, 15, 85-88). "
        "With --act ACT alone: everything the act and its provisions underpin, citations of the whole act included. "
        "With --ranking [acts|articles]: the acts, or the articles, the study cites most. "
        "With --process P: the provisions and acts the study cites for P, with their roles, then the "
        "cross-references its text makes to norms cited under other processes (kind says which; they are not "
        "part of P's legal basis). "
        "With --observers: who watches or enforces which process, the body held to account (the agent of the "
        "process's pair; --agent narrows to one), and the norms the study names as the source of each "
        "observer's powers. The editorialNote column carries the project's note on a provision the study "
        "prints oddly (a number that looks like a misprint). "
        "Under the table: each cited act at --at DATE (default: the assessment's period) and today, in force or "
        "not, what replaced it, and the source of each fact.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--article", type=int, metavar="N", help="article number (of --act, default: constitution)")
    what.add_argument(
        "--provision",
        metavar="N",
        help="a provision's number as the study prints it: an article (86), a paragraph (7.5, 15) or a range "
        "(85-88); a part or clause written as the law writes it (70(3), 70(3)(1), 'article 70 part 3', "
        "'ст. 70 ч. 3', '70-берене 3-бөлүк', 'article 3 clause 1'); or the provision's IRI",
    )
    what.add_argument("--process", metavar="P", help="a process: IRI, local name, or part of a label in any language")
    what.add_argument(
        "--ranking",
        nargs="?",
        const="acts",
        choices=RANKINGS,
        help="rank the acts (default) or the articles (of --act, if given) by the study's citations of them",
    )
    what.add_argument(
        "--observers",
        action="store_true",
        help="the observers' mandates: who watches which process and body, under which norms",
    )
    p.add_argument(
        "--part",
        type=int,
        metavar="P",
        help="with --article N: part P of the article alone (its clauses included; citations of the whole "
        "article are listed apart, with scope 'enclosing')",
    )
    p.add_argument(
        "--clause",
        type=int,
        metavar="C",
        help="with --article N: clause C of the article, or of its part P with --part P",
    )
    p.add_argument(
        "--act",
        metavar="ACT",
        help="the act: short id, IRI, or part of its name in any language (default for --article and --provision: constitution); "
        "'kgtool query legal-acts' lists them",
    )
    p.add_argument(
        "--at",
        metavar="DATE",
        help="point in time, YYYY-MM-DD or YYYY (default: the assessment's period): the table is followed by "
        "each cited act's edition and force at DATE and today, what replaced it, and the source of each fact",
    )
    p.add_argument(
        "--agent",
        metavar="A",
        help="with --observers: only the processes whose pair holds A to account (an actor's IRI, local name "
        "or part of its label, e.g. executive-and-lsg-bodies)",
    )
    add_query_options(p)
    p.set_defaults(handler=run, reads=data_read)
