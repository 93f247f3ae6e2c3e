"""The entry pages of the published site: the index (headline indices, pairs, processes)
and the list of legal acts — where a reader without SPARQL starts."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF

from kgtool.assessment.indices import IndexCalculator, IndexRow
from kgtool.i18n.catalogue import percent, t
from kgtool.site.context import KGO, Cell, Frag, SiteContext, Table
from kgtool.site.legal_banner import LegalBanners
from kgtool.site.resource_pages import Facts

INDEX = "index.html"
ACTS = "acts.html"
FIGURE_ORDER = {"overall": 0, "pair": 1, "principal": 2, "dimension": 3}


def index_tables(ctx: SiteContext, calculator: IndexCalculator) -> list[Table]:
    g = ctx.graph
    here = INDEX
    rows = sorted(calculator.rows(), key=lambda r: FIGURE_ORDER.get(r.figure, 9))
    headline = Table(
        "indices", "Headline indices", ["figure", "of", "computed from the cells", "stated by the study", "agree"]
    )
    headline.note = (
        "Computed: the share of scored cells (or processes) that are present. Stated: the figure as the "
        "study prints it. Where they disagree, the stated figure's page lists the aggregations tried."
    )
    for r in rows:
        headline.rows.append(_index_row(ctx, r, here))
    pairs = Table("pairs", "Principal-agent pairs", ["pair", "principal", "agent", "processes"])
    pair_nodes = sorted(g.subjects(RDF.type, KGO.PrincipalAgentPair), key=lambda p: ctx.label(p).text.casefold())
    for p in pair_nodes:
        count = len(list(g.subjects(KGO.inPair, p)))
        pairs.rows.append(
            [
                [ctx.link(p, here)],
                [ctx.link(o, here) for o in g.objects(p, KGO.hasPrincipal)],
                [ctx.link(o, here) for o in g.objects(p, KGO.hasAgent)],
                [Frag(str(count))],
            ]
        )
    process_table = Table("processes", "Accountability processes", ["pair", "#", "process", "verdict"])
    for p in pair_nodes:
        ordered = sorted(g.subjects(KGO.inPair, p), key=lambda x: (int(str(g.value(x, KGO.processOrder) or 0)), str(x)))
        for x in ordered:
            process_table.rows.append(
                [
                    [ctx.link(p, here)],
                    [Frag(str(g.value(x, KGO.processOrder) or ""))],
                    [ctx.link(x, here)],
                    [ctx.link(v, here) for v in g.objects(x, KGO.hasVerdict)],
                ]
            )
    return [headline, pairs, process_table]


def _index_row(ctx: SiteContext, r: IndexRow, here: str) -> list[Cell]:
    subject = ctx.link(rdflib.URIRef(r.subject), here)
    return [
        [ctx.link(rdflib.URIRef(r.measure), here), Frag(t(f"site.variant.{r.variant}", ctx.lang), css="detail")],
        [subject],
        [Frag(percent(r.computed, ctx.lang)), Frag(r.detail, css="detail")],
        [Frag(percent(r.stated, ctx.lang) if r.stated is not None else "—")],
        [
            Frag(
                "—" if r.agrees is None else t("yes" if r.agrees else "no", ctx.lang),
                css=None if r.agrees is None else ("present" if r.agrees else "absent"),
            )
        ],
    ]


def assessments(ctx: SiteContext) -> list[dict[str, object]]:
    """Each assessment with what the index page says about it."""
    g = ctx.graph
    out = []
    for a in sorted(g.subjects(RDF.type, KGO.Assessment), key=str):
        out.append(
            {
                "title": ctx.label(a),
                "link": ctx.link(a, INDEX),
                "country": [ctx.link(c, INDEX) for c in g.objects(a, KGO.assessedCountry)],
                "period": ", ".join(sorted(str(p) for p in g.objects(a, KGO.period))),
                "document": [ctx.link(d, INDEX) for d in g.objects(a, KGO.statedInDocument)],
                "authors": [ctx.link(o, INDEX) for o in sorted(g.objects(a, KGO.authoredBy), key=str)],
            }
        )
    return out


def acts_table(ctx: SiteContext, facts: Facts, legal: LegalBanners | None = None) -> Table:
    """The list of acts the study cites, each with its state as of the data's date (``legal``'s
    flag: in force, no longer in force, or unknown, and what replaced it)."""
    g = ctx.graph
    table = Table("acts", "Legal acts the study cites", ["id", "act", "kind", "provisions", "citations"])
    acts = sorted({s for s, _ in g.subject_objects(KGO.shortId)}, key=lambda a: str(g.value(a, KGO.shortId)))
    for act in acts:
        provisions = facts.provisions_by_act.get(str(act), [])
        cited = sum(len(facts.citations_by_norm.get(p["provision"], [])) for p in provisions)
        cited += len(facts.citations_by_norm.get(str(act), []))
        table.rows.append(
            [
                [Frag(str(g.value(act, KGO.shortId)))],
                [ctx.link(act, ACTS)] + (legal.flag(str(act), ACTS) if legal else []),
                ctx.types(act, ACTS),
                [Frag(str(len(provisions)))],
                [Frag(str(cited))],
            ]
        )
    return table


def ranking_tables(ctx: SiteContext, facts: Facts, legal: LegalBanners | None = None) -> list[Table]:
    """The acts and the articles the study cites most (queries/legal/most-cited-*.rq), the
    ranking `kgtool basis --ranking` prints; ``legal``'s flag (the act's state) beside each act."""

    def act_cell(act: str) -> Cell:
        return [ctx.link(rdflib.URIRef(act), ACTS)] + (legal.flag(act, ACTS) if legal else [])

    acts = Table(
        "most-cited-acts",
        "Most cited acts",
        ["#", "act", "citations", "of the act as a whole", "provisions cited", "processes, observers, recommendations"],
    )
    acts.note = "Citations of the act as a whole and of any of its provisions; the same as 'kgtool basis --ranking'."
    for i, row in enumerate(facts.most_cited_acts, 1):
        acts.rows.append(
            [
                [Frag(str(i))],
                act_cell(row["act"]),
                [Frag(row["citations"])],
                [Frag(row["wholeAct"])],
                [Frag(row["provisions"])],
                [Frag(row["targets"])],
            ]
        )
    articles = Table(
        "most-cited-articles",
        "Most cited articles",
        ["#", "article", "act", "citations", "of the article or its parts", "processes, observers, recommendations"],
    )
    articles.note = (
        "An article counts the citations of itself, of its parts and clauses, and of the cited ranges of "
        "articles that contain it; the same as 'kgtool basis --ranking articles'."
    )
    for i, row in enumerate(facts.most_cited_articles, 1):
        articles.rows.append(
            [
                [Frag(str(i))],
                [ctx.link(rdflib.URIRef(row["article"]), ACTS)],
                act_cell(row["act"]),
                [Frag(row["citations"])],
                [Frag(row["direct"])],
                [Frag(row["targets"])],
            ]
        )
    return [acts, articles]
