"""`kgtool report`: one self-contained HTML file that rebuilds the study's figures and
tables from the graph, for readers who would rather look at the accountability system
than read SPARQL results.

It holds Figure 1 (the system, laid out by Graphviz from the pairs, processes and
observers), Diagrams 1-3 and the overall level (bars of the computed figures, the
study's stated figure beside each), a heat map of pairs x processes x dimensions, and
the tables: indices with an explanation of every disagreement, gap lists, the legal
basis of every process, recommendations, initiatives and support needed.

The numbers come from :mod:`kgtool.assessment.indices` — the same computation as ``kgtool
indices`` — and every other fact from the named queries, so the report runs unchanged
on the embedded store or on a remote endpoint. Texts from the data are in the reader's
language where the graph has it, else the study's Kyrgyz; the report's own words are in
:mod:`kgtool.i18n.messages`. The output is deterministic: no timestamps, every list sorted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

from kgtool import __version__
from kgtool.sparql.backends import Backend
from kgtool.assessment.basis import BasisItem, process_basis
from kgtool.errors import UsageError
from kgtool.assessment.gaps import GAP_QUERIES
from kgtool.rdf.store import PREFIXES
from kgtool.assessment.indices import PRIMARY, IndexCalculator, IndexRow, explain
from kgtool.sparql.named import named
from kgtool.reporting.charts import Chart, ChartRow, Datum, Segment
from kgtool.reporting.charts import render as render_chart
from kgtool.reporting.diagram import VERDICT_FILL, Edge, Node, dot_source, render_svg, titles, wrap
from kgtool.i18n.messages import LANGS, has, percent, t

KGO = "https://w3id.org/kgtool/ontology#"
DATA_BASE = PREFIXES["id"]
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


def build_report(backend: Backend, lang: str = "en", base: str | None = None) -> str:
    """The whole report as one HTML document (a string), computed on ``backend``."""
    if lang not in LANGS:
        raise UsageError("report#unknown-language", f"no report language {lang!r}",
                         hint="use one of: " + ", ".join(LANGS))
    return render(collect(backend, lang, check_base(base)))


def check_base(base: str | None) -> str | None:
    """The base IRI of the published pages, ending in / or #, or None for no links."""
    if base is None:
        return None
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+", base):
        raise UsageError("report#bad-base", f"--base must be an absolute IRI, got {base!r}",
                         hint=f"for the published site give {DATA_BASE}")
    return base if base.endswith(("/", "#")) else base + "/"


def page_link(iri: str, base: str | None) -> str | None:
    """Where the published page of a resource is: its IRI under ``base`` (None without --base).

    The published site serves https://w3id.org/kgtool/id/X at the IRI itself, so with
    ``--base`` equal to the data's base the link is the IRI; any other base replaces that prefix.
    """
    if base is None or not iri.startswith(DATA_BASE):
        return None
    return base + iri[len(DATA_BASE):]


# --- collecting ---------------------------------------------------------------------------

def _select(backend: Backend, query: str, lang: str, **params: str | None) -> list[dict[str, Term]]:
    values: dict[str, str | None] = dict(params)
    nq = named(query)
    if "lang" in nq.parameters:
        values["lang"] = lang
    return backend.select(nq.bind(values)).rows


def _v(row: dict[str, Term], name: str, default: str = "") -> str:
    return row[name]["value"] if name in row else default


def _section_key(section: str) -> tuple[tuple[int, object], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", section))


def collect(backend: Backend, lang: str, base: str | None = None) -> ReportData:
    """Run every query the report needs and gather the answers (no HTML yet)."""
    rows = _select(backend, "processes", lang)
    pairs: dict[str, Pair] = {}
    for r in rows:
        pairs.setdefault(_v(r, "pair"), Pair(_v(r, "pair"), r["pairLabel"], _v(r, "pairSection"), _v(r, "principal"),
                                              r["principalLabel"], _v(r, "agent"), r["agentLabel"]))
    ordered_pairs = sorted(pairs.values(), key=lambda p: (_section_key(p.section), p.iri))
    pair_rank = {p.iri: i for i, p in enumerate(ordered_pairs)}
    rows.sort(key=lambda r: (pair_rank[_v(r, "pair")], int(_v(r, "order", "0")), _v(r, "process")))
    processes = [Process(_v(r, "process"), i + 1, r["label"], _v(r, "pair"), _v(r, "verdict"), _v(r, "verdictLabel"),
                         _v(r, "excluded") == "true") for i, r in enumerate(rows)]

    cells: dict[tuple[str, str], dict[str, Term]] = {}
    dimensions: dict[str, dict[str, Term]] = {}
    for r in _select(backend, "cells", lang):
        cells[(_v(r, "process"), _v(r, "dimension"))] = r
        dimensions.setdefault(_v(r, "dimension"), r)
    ordered_dims = sorted(dimensions.values(), key=lambda r: (int(_v(r, "dimensionOrder", "0")), _v(r, "dimension")))

    calc = IndexCalculator(backend, lang)
    figures = _figures(calc, calc.rows())

    labels: dict[str, str] = {}
    for cls in ("CitationRole", "OversightMode", "CellValue"):
        for r in _select(backend, "labels-of-class", lang, **{"class": KGO + cls}):
            labels[_v(r, "entity")] = _v(r, "label")

    gap_rows = {kind: _select(backend, query, lang) for kind, query in GAP_QUERIES.items()}
    basis = {p.iri: process_basis(backend, p.iri, lang) for p in processes}
    assessment = _select(backend, "assessment", lang)
    return ReportData(
        lang=lang, base=base, source=backend.describe(), assessment=assessment[0] if assessment else {},
        pairs=ordered_pairs, processes=processes, cells=cells, dimensions=ordered_dims, figures=figures,
        observers=_select(backend, "observers", lang), oversight=_select(backend, "process-observers", lang),
        labels=labels, gaps=gap_rows, recommendations=_select(backend, "recommendations", lang),
        support=_select(backend, "support-needs", lang), basis=basis,
    )


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


# --- rendering ------------------------------------------------------------------------------

def e(text: object) -> str:
    return html.escape(str(text), quote=True)


class Page:
    """Rendering helpers bound to one report's language and base IRI."""

    def __init__(self, data: ReportData) -> None:
        self.d = data
        self.lang = data.lang
        self.numbers = {p.iri: p.number for p in data.processes}
        self.process = {p.iri: p for p in data.processes}

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def text(self, term: Term | None) -> str:
        """A literal from the graph, marked with its language when it is not the page's."""
        if not term:
            return ""
        value = e(term["value"])
        tag = term.get("xml:lang", "")
        primary = tag.split("-", 1)[0]
        if tag and primary != self.lang:
            return f'<span lang="{e(primary)}">{value}</span>'
        return value

    def link(self, iri: str, inner: str) -> str:
        href = page_link(iri, self.d.base)
        return f'<a href="{e(href)}">{inner}</a>' if href else inner

    def pct(self, value: Decimal | None) -> str:
        return percent(value, self.lang) if value is not None else "—"

    def sections(self, value: str) -> str:
        """Section numbers as the reader says them ("section 6.1", "Conclusion")."""
        names = [s for s in value.split() if s]
        parts = [self.t(f"section_{s}") if s in ("conclusion", "appendix") else s for s in names]
        return ", ".join(parts)

    def where(self, value: str) -> str:
        names = [s for s in value.split() if s]
        numbered = [s for s in names if s not in ("conclusion", "appendix")]
        named_ = [self.t(f"section_{s}") for s in names if s in ("conclusion", "appendix")]
        parts = []
        if numbered:
            parts.append(self.t("sections_n" if len(numbered) > 1 else "section_n", n=", ".join(numbered)))
        return ", ".join(parts + named_)

    def process_cell(self, iri: str) -> str:
        p = self.process.get(iri)
        if p is None:
            return e(iri)
        return self.link(iri, self.text(p.label))


def render(data: ReportData) -> str:
    page = Page(data)
    title_text = data.assessment.get("label", {}).get("value", page.t("report"))
    blocks = [
        ("summary", page.t("sec_summary"), _summary(page)),
        ("figure-1", page.t("sec_figure1"), _figure1(page)),
        ("diagram-1", page.t("sec_diagram1"), _diagram1(page)),
        ("diagram-2", page.t("sec_diagram2"), _diagram2(page)),
        ("diagram-3", page.t("sec_diagram3"), _diagram3(page)),
        ("overall", page.t("sec_overall"), _overall(page)),
        ("heat-map", page.t("sec_heatmap"), _heatmap(page)),
        ("indices", page.t("sec_indices"), _indices(page)),
        ("disagreements", page.t("sec_disagreements"), _disagreements(page)),
        ("gaps", page.t("sec_gaps"), _gaps(page)),
        ("legal-basis", page.t("sec_basis"), _basis(page)),
        ("recommendations", page.t("sec_recommendations"), _recommendations(page)),
        ("support", page.t("sec_support"), _support(page)),
    ]
    nav = "".join(f'<li><a href="#{sid}">{e(heading)}</a></li>' for sid, heading, _ in blocks)
    body = "".join(f'<section id="{sid}" class="{sid.replace("-", "")}" aria-labelledby="{sid}-h">'
                   f'<h2 id="{sid}-h">{e(heading)}</h2>{content}</section>' for sid, heading, content in blocks)
    css = resources.files("kgtool.reporting").joinpath("templates/report.css").read_text(encoding="utf-8")
    about = page.t("about_text", version=__version__, source=data.source)
    note = f'<p class="note">{e(page.t("lang_note"))}</p>'
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(data.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="kgtool {e(__version__)}">\n'
        f"<title>{e(title_text)} — {e(page.t('report'))}</title>\n"
        f"<style>\n{css}</style>\n</head>\n<body>\n"
        f'<header><h1>{page.text(data.assessment.get("label"))}</h1>'
        f'<p class="subtitle">{e(page.t("subtitle"))}</p>{note}</header>\n'
        f'<nav aria-label="{e(page.t("contents"))}"><h2>{e(page.t("contents"))}</h2><ol>{nav}</ol></nav>\n'
        f"<main>\n{body}\n</main>\n"
        f'<footer><h2>{e(page.t("about"))}</h2><p>{e(about)}</p></footer>\n'
        "</body>\n</html>\n"
    )


# --- sections -------------------------------------------------------------------------------------

def _figure(page: Page, measure: str) -> list[Figure]:
    return [f for f in page.d.figures if f.measure == measure]


def _summary(page: Page) -> str:
    d = page.d
    excluded = sum(1 for p in d.processes if p.excluded)
    counts = page.t("summary_counts", pairs=len(d.pairs), processes=len(d.processes), excluded=excluded,
                    cells=len(d.cells))
    cards = []
    for f in _figure(page, "overall") + _figure(page, "overall-mean"):
        stated = page.t("stated_short", value=page.pct(f.row.stated)) if f.row.stated is not None \
            else page.t("not_stated")
        cards.append(f'<li><span class="big">{e(page.pct(f.row.computed))}</span>'
                     f'{e(page.t("m_" + f.measure))}<br><span class="note">{e(stated)}</span></li>')
    stated_rows = [f for f in d.figures if f.row.stated is not None]
    disagree = [f for f in stated_rows if not f.row.agrees]
    return (f"<p>{e(counts)}</p><ul class=\"cards\">{''.join(cards)}</ul>"
            f"<p>{e(page.t('x_count', n=len(disagree), total=len(stated_rows)))} "
            f'<a href="#disagreements">{e(page.t("sec_disagreements"))}</a></p>')


def _figure1(page: Page) -> str:
    d = page.d
    subjects: dict[str, Term] = {}
    for pair in d.pairs:
        subjects.setdefault(pair.principal, pair.principal_label)
        subjects.setdefault(pair.agent, pair.agent_label)
    subject_id = {iri: f"a{i}" for i, iri in enumerate(subjects)}
    nodes: list[Node] = [Node(subject_id[iri], "subject", wrap(label["value"], 16), label["value"],
                              href=page_link(iri, d.base)) for iri, label in subjects.items()]
    pair_of = {p.iri: p for p in d.pairs}
    edges: list[Edge] = []
    for p in d.processes:
        pid = f"p{p.number}"
        tip = f"{p.number}. {p.label['value']} — {p.verdict_label}"
        nodes.append(Node(pid, "process", str(p.number), tip, p.verdict.rsplit("#", 1)[-1], page_link(p.iri, d.base)))
        pair = pair_of[p.pair]
        edges.append(Edge(subject_id[pair.principal], pid, "accountability",
                          f"{pair.principal_label['value']} → {p.number}"))
        edges.append(Edge(pid, subject_id[pair.agent], "accountability", f"{p.number} → {pair.agent_label['value']}"))
    observer_id = {_v(o, "observer"): f"o{i}" for i, o in enumerate(d.observers)}
    for o in d.observers:
        iri = _v(o, "observer")
        nodes.append(Node(observer_id[iri], "observer", wrap(_v(o, "label"), 22), _v(o, "label"),
                          href=page_link(iri, d.base)))
    for rel in d.oversight:
        observer, process = _v(rel, "observer"), _v(rel, "process")
        if observer not in observer_id or process not in page.numbers:
            continue
        mode = _v(rel, "mode").rsplit("#", 1)[-1].lower()
        edges.append(Edge(observer_id[observer], f"p{page.numbers[process]}", mode,
                          f"{_v(rel, 'observerLabel')} — {d.labels.get(_v(rel, 'mode'), mode)} — "
                          f"{page.numbers[process]}"))
    title = page.t("sec_figure1")
    svg = render_svg(dot_source(nodes, edges, page.t("observers")), titles(nodes, edges, title))
    svg = svg.replace('<svg class="diagram"',
                      '<svg class="diagram" role="img" aria-labelledby="figure-1-h" data-chart="figure-1"', 1)
    return (f'<figure class="wide">{svg}<figcaption>{e(page.t("fig1_caption"))}</figcaption></figure>'
            + _figure1_legend(page) + _figure1_text(page))


def _figure1_legend(page: Page) -> str:
    items = [(f'<li><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="8" fill="#fff7bc" '
              f'stroke="#8c6d1f"/></svg>{e(page.t("legend_subject"))}</li>'),
             (f'<li><svg width="22" height="18" aria-hidden="true"><rect x="1" y="3" width="20" height="12" rx="3" '
              f'fill="#eeeeee" stroke="#555"/></svg>{e(page.t("legend_observer"))}</li>')]
    verdicts: dict[str, str] = {}
    for p in page.d.processes:
        verdicts.setdefault(p.verdict, p.verdict_label)
    order = list(VERDICT_FILL)
    for verdict, label in sorted(verdicts.items(), key=lambda kv: (order.index(kv[0].rsplit("#", 1)[-1])
                                                                  if kv[0].rsplit("#", 1)[-1] in order else 99, kv[0])):
        fill = VERDICT_FILL.get(verdict.rsplit("#", 1)[-1], "#dddddd")
        dash = ' stroke-dasharray="3 2"' if verdict.endswith("ImpossibleExcluded") else ""
        items.append(f'<li><svg width="20" height="20" aria-hidden="true"><polygon points="10,1 19,10 10,19 1,10" '
                     f'fill="{fill}" stroke="#333"{dash}/></svg>{e(page.t("legend_process"))}: {e(label)}</li>')
    for mode, style in ((KGO + "Watches", 'stroke-dasharray="4 3"'), (KGO + "Enforces", "")):
        items.append(f'<li><svg width="30" height="12" aria-hidden="true"><line x1="1" y1="6" x2="29" y2="6" '
                     f'stroke="#555" stroke-width="1.5" {style}/></svg>{e(page.d.labels.get(mode, mode))}</li>')
    return f'<ul class="legend-list" aria-label="{e(page.t("legend"))}">{"".join(items)}</ul>'


def _figure1_text(page: Page) -> str:
    d = page.d
    parts = [f'<h3>{e(page.t("fig1_alt"))}</h3>']
    for pair in d.pairs:
        head = page.t("principal_to_agent", principal=pair.principal_label["value"], agent=pair.agent_label["value"])
        items = "".join(f'<li value="{p.number}">{page.process_cell(p.iri)} — <em>{e(p.verdict_label)}</em></li>'
                        for p in d.processes if p.pair == pair.iri)
        parts.append(f'<p><strong>{e(head)}</strong> ({e(page.t("section_n", n=pair.section))})</p>'
                     f'<ol class="processes">{items}</ol>')
    ties: dict[str, list[str]] = {}
    for rel in d.oversight:
        if _v(rel, "process") in page.numbers:
            ties.setdefault(_v(rel, "observer"), []).append(
                f'{d.labels.get(_v(rel, "mode"), "")} {page.numbers[_v(rel, "process")]}')
    observers = "".join(
        f'<li>{page.link(_v(o, "observer"), page.text(o.get("label")))}: '
        f'{e("; ".join(ties.get(_v(o, "observer"), [])) or page.t("observer_no_ties"))}</li>'
        for o in d.observers)
    parts.append(f'<p><strong>{e(page.t("observers"))}</strong></p><ul>{observers}</ul>')
    return "".join(parts)


def _bar_legend(page: Page, *styles: str) -> tuple[tuple[str, str], ...]:
    words = {"present": "legend_present", "absent": "legend_absent", "level": "legend_computed",
             "stated": "legend_stated", "ideal": "legend_ideal"}
    return tuple((s, page.t(words[s])) for s in styles)


def _diagram1(page: Page) -> str:
    rows = []
    absent = {f.row.subject: f for f in _figure(page, "dimension-absent")}
    for f in _figure(page, "dimension"):
        counted = f.row.subject in absent
        segments = [Segment(f.datum(), "present" if counted else "demand")]
        if counted:
            segments.append(Segment(absent[f.row.subject].datum(), "absent"))
        rows.append(ChartRow(f.label, tuple(segments), "" if counted else page.t("not_scored")))
    chart = Chart("chart-diagram-1", page.t("sec_diagram1"), tuple(rows),
                  _bar_legend(page, "present", "absent", "stated"))
    return _chart_figure(page, chart, "diagram1_note")


def _diagram2(page: Page) -> str:
    rows = tuple(ChartRow(f.label, (Segment(f.datum(), "level"),)) for f in _figure(page, "principal"))
    chart = Chart("chart-diagram-2", page.t("sec_diagram2"), rows, _bar_legend(page, "level", "stated"))
    return _chart_figure(page, chart, "diagram2_note")


def _diagram3(page: Page) -> str:
    order = {p.iri: i for i, p in enumerate(page.d.pairs)}
    figures = sorted(_figure(page, "pair"), key=lambda f: (order.get(f.row.subject, 99), f.row.subject))
    rows = tuple(ChartRow(f.label, (Segment(f.datum(), "level"),)) for f in figures)
    chart = Chart("chart-diagram-3", page.t("sec_diagram3"), rows, _bar_legend(page, "level", "ideal", "stated"),
                  ideal=True)
    return _chart_figure(page, chart, "diagram3_note")


def _overall(page: Page) -> str:
    rows = tuple(ChartRow(page.t("m_" + f.measure), (Segment(f.datum(), "level"),))
                 for f in _figure(page, "overall") + _figure(page, "overall-mean"))
    chart = Chart("chart-overall", page.t("sec_overall"), rows, _bar_legend(page, "level", "stated"))
    return _chart_figure(page, chart, "overall_note")


def _chart_figure(page: Page, chart: Chart, note: str) -> str:
    return f'<figure>{render_chart(chart, page.lang)}<figcaption>{e(page.t(note))}</figcaption></figure>'


def _heatmap(page: Page) -> str:
    d = page.d
    disputed: dict[tuple[str, str], dict[str, Term]] = {
        (_v(r, "process"), _v(r, "dimension")): r for r in d.gaps.get("appendix-disagreement", [])}
    pair_index = {f.row.subject: f.row.computed for f in _figure(page, "pair")}
    head = [f'<th scope="col">{e(page.t("col_number"))}</th>', f'<th scope="col">{e(page.t("col_process"))}</th>']
    for dim in d.dimensions:
        counted = _v(dim, "counted") == "true"
        badge = "" if counted else f' <span class="badge">{e(page.t("not_scored"))}</span>'
        head.append(f'<th scope="col" class="dim{"" if counted else " not-scored"}" '
                    f'data-dimension="{e(_v(dim, "dimension"))}">{page.text(dim.get("dimensionLabel"))}{badge}</th>')
    head.append(f'<th scope="col">{e(page.t("col_verdict"))}</th>')
    groups = []
    for pair in d.pairs:
        index = pair_index.get(pair.iri)
        extra = f" — {page.t('index_short', value=page.pct(index))}" if index is not None else ""
        heading = page.link(pair.iri, page.text(pair.label))
        rows = [f'<tr><th scope="rowgroup" colspan="{len(d.dimensions) + 3}">{heading}{e(extra)}</th></tr>']
        for p in (p for p in d.processes if p.pair == pair.iri):
            cells = []
            for dim in d.dimensions:
                dim_iri, counted = _v(dim, "dimension"), _v(dim, "counted") == "true"
                cell = d.cells.get((p.iri, dim_iri))
                value = _v(cell, "value") if cell else ""
                word = _v(cell, "valueLabel") if cell else "—"
                state = "excluded" if p.excluded else ("present" if value == KGO + "Present" else "absent")
                classes = ["cell", state] + ([] if counted else ["not-scored"])
                symbol = {"present": "✓", "absent": "✗", "excluded": "–"}[state]
                shown = f"{symbol} {word}" if state != "excluded" else f"{symbol} {page.t('excluded')}"
                tip = f"{p.label['value']} — {_v(dim, 'dimensionLabel')}: {word}"
                mark = ""
                if (p.iri, dim_iri) in disputed:
                    r = disputed[(p.iri, dim_iri)]
                    mark = "†"
                    tip += " — " + page.t("g_appendix", dim=_v(dim, "dimensionLabel"),
                                          a=d.labels.get(_v(r, "sectionValue"), ""),
                                          b=d.labels.get(_v(r, "appendixValue"), ""), lines=_v(r, "appendixLines", "?"))
                cells.append(f'<td class="{" ".join(classes)}" data-process="{e(p.iri)}" data-dimension="{e(dim_iri)}" '
                             f'data-state="{state}" data-value="{e(value.rsplit("#", 1)[-1].lower())}" '
                             f'data-scored="{"true" if counted and not p.excluded else "false"}" '
                             f'title="{e(tip)}">{e(shown)}{mark}</td>')
            rows.append(f'<tr><td class="num">{p.number}</td><th scope="row">{page.process_cell(p.iri)}</th>'
                        + "".join(cells) + f"<td>{e(p.verdict_label)}</td></tr>")
        groups.append("<tbody>" + "".join(rows) + "</tbody>")
    return (f'<table class="heat" data-chart="heat-map"><caption>{e(page.t("heatmap_caption"))}</caption>'
            f'<thead><tr>{"".join(head)}</tr></thead>{"".join(groups)}</table>')


def _detail(page: Page, f: Figure) -> str:
    c = f.counts
    if "scored" in c:
        return page.t("d_cells", present=c.get("present", "?"), scored=c["scored"])
    if f.measure == "dimension-absent":
        return page.t("d_processes_absent", absent=c.get("absent", "?"), processes=c.get("processes", "?"))
    if "processes" in c:
        return page.t("d_processes_present", present=c.get("present", "?"), processes=c["processes"])
    if "pairs" in c:
        return page.t("d_pairs", pairs=c["pairs"])
    return ""


def _indices(page: Page) -> str:
    numeric = ("col_computed", "col_stated")
    head = "".join(f'<th scope="col" class="{"num" if k in numeric else "text"}">{e(page.t(k))}</th>'
                   for k in ("col_figure", "col_of_what", "col_computed", "col_stated", "col_agrees", "col_detail",
                             "col_section"))
    rows = []
    for f in page.d.figures:
        r = f.row
        agree = "" if r.agrees is None else page.t("yes" if r.agrees else "no")
        rows.append(f'<tr data-measure="{e(f.measure)}" data-subject="{e(r.subject)}">'
                    f'<td>{e(page.t("m_" + f.measure))}</td><td>{page.link(r.subject, e(f.label))}</td>'
                    f'<td class="num">{e(page.pct(r.computed))}</td><td class="num">{e(page.pct(r.stated))}</td>'
                    f'<td class="agrees-{"" if r.agrees is None else str(bool(r.agrees)).lower()}">{e(agree)}</td>'
                    f'<td>{e(_detail(page, f))}</td><td>{e(page.sections(r.stated_in))}</td></tr>')
    return f'<table class="indices"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def explanation(page: Page, f: Figure) -> str:
    """Why a stated figure and the computed one differ, in the reader's language."""
    r = f.row
    if page.lang == "en":
        return explain(r)
    label = f.label if f.measure in ("pair", "principal", "dimension") else f"{f.label} — {page.t('m_' + f.measure)}"
    text = page.t("x_head", label=label, stated=page.pct(r.stated), where=page.where(r.stated_in),
                  computed=page.pct(r.computed), detail=_detail(page, f))
    if r.agrees:
        return text
    reproducing = [(alt, v) for alt, v, ok in r.alternatives if ok and v is not None]
    if reproducing:
        return text + page.t("x_reproduced", list="; ".join(f"{_aggregation(page, alt.description)} ({page.pct(v)})"
                                                             for alt, v in reproducing))
    tried = "; ".join(f"{_aggregation(page, alt.description)}: {page.pct(v)}" for alt, v, _ in r.alternatives
                      if v is not None)
    return text + (page.t("x_none", tried=tried) if tried else page.t("x_none_untried"))


def _aggregation(page: Page, description: str) -> str:
    """An aggregation's description in the reader's language (English if a new one has no translation yet)."""
    return page.t(description) if has(description) else description


def _disagreements(page: Page) -> str:
    items = [f'<li data-measure="{e(f.measure)}" data-subject="{e(f.row.subject)}">{e(explanation(page, f))}</li>'
             for f in page.d.figures if f.row.stated is not None and not f.row.agrees]
    return f"<ul>{''.join(items)}</ul>" if items else f"<p>{e(page.t('none'))}</p>"


def _gaps(page: Page) -> str:
    d = page.d
    pairs = {p.iri: p for p in d.pairs}
    out = []
    for kind in GAP_QUERIES:
        rows = d.gaps.get(kind, [])
        lines: list[tuple[str, str, str]] = []  # (process, detail, section)
        if kind == "missing-dimension":
            grouped: dict[str, list[dict[str, Term]]] = {}
            for r in rows:
                grouped.setdefault(_v(r, "process"), []).append(r)
            for process, found in grouped.items():
                dims = "; ".join(_v(r, "dimensionLabel") for r in found)
                lines.append((process, page.t("g_missing", dims=dims), _v(found[0], "section")))
        else:
            for r in rows:
                lines.append((_v(r, "process"), _gap_detail(page, kind, r), _v(r, "section")))
        lines.sort(key=lambda line: (page.process[line[0]].number if line[0] in page.process else 10**6))
        out.append(f'<h3 id="gap-{kind}">{e(page.t("gap_" + kind))}</h3>')
        if not lines:
            out.append(f"<p>{e(page.t('none'))}</p>")
            continue
        body = []
        for process, detail, section in lines:
            p = page.process.get(process)
            number = p.number if p else ""
            pair = pairs[p.pair] if p and p.pair in pairs else None
            body.append(f'<tr data-gap="{e(kind)}" data-process="{e(process)}"><td class="num">{number}</td>'
                        f"<td>{page.process_cell(process)}</td><td>{page.text(pair.label) if pair else ''}</td>"
                        f"<td>{e(detail)}</td><td>{e(page.sections(section))}</td></tr>")
        head = "".join(f'<th scope="col">{e(page.t(k))}</th>'
                       for k in ("col_number", "col_process", "col_pair", "col_gap_detail", "col_section"))
        out.append(f'<table class="gaps"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    return "".join(out)


def _gap_detail(page: Page, kind: str, r: dict[str, Term]) -> str:
    labels = page.d.labels
    if kind == "no-legal-basis":
        return page.t("g_no_basis") + (page.t("g_no_basis_excluded") if _v(r, "excluded") == "true" else "")
    if kind == "rules-absent-despite-law":
        return page.t("g_rules_absent", n=_v(r, "norms"))
    if kind == "blocked-or-restricted":
        return page.t("g_blocked", role=labels.get(_v(r, "role"), _v(r, "role")), norm=_v(r, "normLabel", _v(r, "norm")))
    if kind == "appendix-disagreement":
        dims = {_v(dim, "dimension"): _v(dim, "dimensionLabel") for dim in page.d.dimensions}
        return page.t("g_appendix", dim=dims.get(_v(r, "dimension"), _v(r, "dimension")),
                      a=labels.get(_v(r, "sectionValue"), ""), b=labels.get(_v(r, "appendixValue"), ""),
                      lines=_v(r, "appendixLines", "?"))
    return ""


def _basis(page: Page) -> str:
    d = page.d
    head = "".join(f'<th scope="col">{e(page.t(k))}</th>'
                   for k in ("col_role", "col_provision", "col_act", "col_section"))
    groups = []
    for p in d.processes:
        items = d.basis.get(p.iri, [])
        rows = [f'<tr><th scope="rowgroup" colspan="4">{p.number}. {page.process_cell(p.iri)}</th></tr>']
        if not items:
            rows.append(f'<tr><td colspan="4">{e(page.t("no_basis_cited"))}</td></tr>')
        for i in items:
            provision = "—" if i.norm == i.act else page.link(i.norm, e(i.norm_label or i.norm))
            where = page.sections(i.section) + (f", {page.t('lines_n', n=i.lines)}" if i.lines else "")
            rows.append(f'<tr data-process="{e(p.iri)}" data-norm="{e(i.norm)}"><td>{e(i.role_label)}</td>'
                        f"<td>{provision}</td><td>{page.link(i.act, e(i.act_label or i.act))}</td>"
                        f"<td>{e(where)}</td></tr>")
        groups.append("<tbody>" + "".join(rows) + "</tbody>")
    return (f'<p class="note">{e(page.t("basis_note"))}</p>'
            f'<table class="basis"><thead><tr>{head}</tr></thead>{"".join(groups)}</table>')


def _recommendations(page: Page) -> str:
    d = page.d
    by_rec: dict[str, list[dict[str, Term]]] = {}
    for r in d.recommendations:
        by_rec.setdefault(_v(r, "recommendation"), []).append(r)
    pair_rank = {p.iri: i for i, p in enumerate(d.pairs)}
    groups: dict[str, list[tuple[tuple[int, str], str, list[dict[str, Term]]]]] = {}
    for rec, rows in by_rec.items():
        pair = next((_v(r, "recipient") for r in rows if _v(r, "recipientKind") == KGO + "PrincipalAgentPair"), "")
        first_line = _first_line(_v(rows[0], "lines"))
        groups.setdefault(pair, []).append(((first_line, rec), rec, rows))
    head = "".join(f'<th scope="col">{e(page.t(k))}</th>'
                   for k in ("col_recommendation", "col_addressee", "col_section"))
    bodies = []
    for group in sorted(groups, key=lambda g: (pair_rank.get(g, len(pair_rank)), g)):
        title = page.link(group, page.text(next(p.label for p in d.pairs if p.iri == group))) if group \
            else e(page.t("recs_observers"))
        rows_html = [f'<tr><th scope="rowgroup" colspan="3">{title}</th></tr>']
        for _, rec, rows in sorted(groups[group]):
            addressees = ", ".join(page.link(_v(r, "recipient"), page.text(r.get("recipientLabel")))
                                   for r in sorted(rows, key=lambda r: _v(r, "recipient")))
            where = page.sections(_v(rows[0], "section"))
            if "lines" in rows[0]:
                where += f", {page.t('lines_n', n=_v(rows[0], 'lines'))}"
            rows_html.append(f'<tr data-recommendation="{e(rec)}"><td>{page.link(rec, page.text(rows[0].get("text")))}</td>'
                             f"<td>{addressees}</td><td>{e(where)}</td></tr>")
        bodies.append("<tbody>" + "".join(rows_html) + "</tbody>")
    return f'<table class="recommendations"><thead><tr>{head}</tr></thead>{"".join(bodies)}</table>'


def _first_line(lines: str) -> int:
    m = re.match(r"\d+", lines)
    return int(m.group(0)) if m else 0


def _support(page: Page) -> str:
    d = page.d
    entries: dict[str, dict[str, list[dict[str, Term]]]] = {}
    for r in d.support:
        entries.setdefault(_v(r, "need"), {}).setdefault(_v(r, "itemKind"), []).append(r)
    head = "".join(f'<th scope="col">{e(page.t(k))}</th>'
                   for k in ("col_number", "col_process", "col_initiatives", "col_support", "col_section"))
    rows = []

    def order(need: str) -> tuple[int, str]:
        entry = entries[need]["entry"][0] if "entry" in entries[need] else {}
        p = page.process.get(_v(entry, "process"))
        return (p.number if p else 10**6, need)

    for need in sorted(entries, key=order):
        kinds = entries[need]
        entry = kinds.get("entry", [{}])[0]
        process = _v(entry, "process")
        p = page.process.get(process)
        exists = _v(entry, "initiativesExist") == "true"
        initiatives = "; ".join(page.link(_v(r, "item"), page.text(r.get("itemLabel")))
                                for r in kinds.get("initiative", []))
        initiative_cell = (f"{e(page.t('yes' if exists else 'no'))}" + (f": {initiatives}" if initiatives else "")
                           + _source(page, entry.get("initiativesText")))
        support = ", ".join(page.text(r.get("itemLabel")) for r in kinds.get("support", []))
        support_cell = support + _source(page, entry.get("supportText"))
        where = page.sections(_v(entry, "section"))
        rows.append(f'<tr data-need="{e(need)}" data-process="{e(process)}"><td class="num">{p.number if p else ""}</td>'
                    f"<td>{page.process_cell(process)}</td><td>{initiative_cell}</td><td>{support_cell}</td>"
                    f"<td>{e(where)}</td></tr>")
    return (f'<p class="note">{e(page.t("support_note"))}</p>'
            f'<table class="support"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _source(page: Page, term: Term | None) -> str:
    """The study's own wording of a table cell, marked as such (it exists only in Kyrgyz)."""
    if not term:
        return ""
    return f'<q class="source" title="{e(page.t("study_wording"))}">{page.text(term)}</q>'
