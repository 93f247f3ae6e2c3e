"""Each section of the report as the template needs it: the collected data sorted, grouped
and counted, and the figures drawn — so that the templates only write what they are given.

Figure 1 arrives as finished SVG (Graphviz's, cleaned by :mod:`kgtool.reporting.diagram`),
marked safe because that module escapes what it writes; the bar charts arrive laid out
(:mod:`kgtool.reporting.charts`) for the template to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from kgtool.assessment.basis import BasisItem
from kgtool.assessment.gaps import GAP_QUERIES
from kgtool.iri import local_name
from kgtool.reporting.charts import Chart, ChartLayout, ChartRow, Datum, Segment, layout
from kgtool.reporting.diagram import VERDICT_FILL, Edge, Node, dot_source, render_svg, titles, wrap
from kgtool.reporting.model import Figure, Pair, Process, ReportData, Term, page_link, value_of
from kgtool.reporting.words import Words
from kgtool.sparql.backends import boolean_value
from kgtool.vocab import KGO


@dataclass(frozen=True)
class Section:
    """One section of the report: its anchor, its heading (a message key), the part that writes it."""

    id: str
    heading: str
    part: str  # parts/<part>.html
    view: object


@dataclass(frozen=True)
class Summary:
    pairs: int
    processes: int
    excluded: int
    cells: int
    cards: list[Figure]
    stated: int
    disagree: int


@dataclass(frozen=True)
class Figure1:
    svg: Markup
    verdicts: list[tuple[str, bool, str]]  # (fill, dashed, label) for the legend
    modes: list[tuple[bool, str]]  # (dashed, label) for the legend
    pairs: list[tuple[Pair, list[Process]]]
    observers: list[tuple[str, Term | None, str]]  # (IRI, label, what it watches or enforces as text)


@dataclass(frozen=True)
class ChartFigure:
    layout: ChartLayout
    note: str  # message key of the caption


@dataclass(frozen=True)
class HeatCell:
    classes: str
    process: str
    dimension: str
    state: str  # present | absent | excluded
    value: str  # the cell value's local name, lower case
    scored: bool
    tip: str
    shown: str
    disputed: bool  # the appendix restates it differently (marked †)


@dataclass(frozen=True)
class HeatGroup:
    pair: Pair
    index: Decimal | None
    rows: list[tuple[Process, list[HeatCell]]]


@dataclass(frozen=True)
class HeatMap:
    dimensions: list[tuple[str, Term, bool]]  # (IRI, label, counted)
    groups: list[HeatGroup]


@dataclass(frozen=True)
class GapLine:
    process: str
    number: int | str
    pair_label: Term | None
    detail: str
    section: str


@dataclass(frozen=True)
class Recommendation:
    iri: str
    text: Term | None
    addressees: list[tuple[str, Term | None]]
    section: str
    lines: str | None


@dataclass(frozen=True)
class RecommendationGroup:
    pair: Pair | None  # None: the recommendations to observers
    recommendations: list[Recommendation]


@dataclass(frozen=True)
class SupportRow:
    need: str
    process: str
    number: int | str
    exists: bool
    initiatives: list[tuple[str, Term | None]]
    initiatives_text: Term | None
    support: list[Term | None]
    support_text: Term | None
    section: str


@dataclass
class Views:
    """The sections of one report, built from its data."""

    data: ReportData
    words: Words
    process: dict[str, Process] = field(init=False)

    def __post_init__(self) -> None:
        self.process = {p.iri: p for p in self.data.processes}

    def sections(self) -> list[Section]:
        return self.one_assessment() + self.several_assessments()

    def several_assessments(self) -> list[Section]:
        """The sections on several assessments: only when the graph holds more than one."""
        r = self.data.rounds
        if r is None:
            return []
        out = []
        if r.changes:
            out.append(Section("changes", "sec_changes", "changes", r.changes))
            out.append(Section("over-time", "sec_over_time", "rounds", self.over_time()))
        if r.columns:
            out.append(Section("countries", "sec_countries", "countries", r))
        return out

    def over_time(self) -> list[ChartFigure]:
        """One chart per country with several assessments: its overall and pair indices in each."""
        assert self.data.rounds is not None
        out = []
        for i, country in enumerate(self.data.rounds.over_time):
            rows = []
            for _key, series in country.series:
                for a, r in series:
                    measure = "overall" if r.measure == KGO + "OverallIndex" else "pair"
                    label = self.words.t("m_overall") if measure == "overall" else series[-1][1].label
                    datum = Datum(measure, r.subject, label, r.computed, r.stated, r.agrees)
                    rows.append(ChartRow(f"{label} — {a.period}", (Segment(datum, "level"),)))
            chart = Chart(
                f"chart-rounds-{i + 1}",
                self.words.t("over_time_title", country=country.country_label),
                tuple(rows),
                self._bar_legend("level", "stated"),
            )
            out.append(self._chart(chart, "over_time_note"))
        return out

    def one_assessment(self) -> list[Section]:
        return [
            Section("summary", "sec_summary", "summary", self.summary()),
            Section("figure-1", "sec_figure1", "figure1", self.figure1()),
            Section("diagram-1", "sec_diagram1", "chart", self.diagram1()),
            Section("diagram-2", "sec_diagram2", "chart", self.diagram2()),
            Section("diagram-3", "sec_diagram3", "chart", self.diagram3()),
            Section("overall", "sec_overall", "chart", self.overall()),
            Section("heat-map", "sec_heatmap", "heatmap", self.heatmap()),
            Section("indices", "sec_indices", "indices", self.data.figures),
            Section(
                "disagreements",
                "sec_disagreements",
                "disagreements",
                [f for f in self.data.figures if f.row.stated is not None and not f.row.agrees],
            ),
            Section("gaps", "sec_gaps", "gaps", self.gaps()),
            Section("legal-basis", "sec_basis", "basis", self.basis()),
            Section("recommendations", "sec_recommendations", "recommendations", self.recommendations()),
            Section("support", "sec_support", "support", self.support()),
        ]

    def figures(self, measure: str) -> list[Figure]:
        return [f for f in self.data.figures if f.measure == measure]

    # --- summary and figures ----------------------------------------------------------------

    def summary(self) -> Summary:
        d = self.data
        stated = [f for f in d.figures if f.row.stated is not None]
        return Summary(
            len(d.pairs),
            len(d.processes),
            sum(1 for p in d.processes if p.excluded),
            len(d.cells),
            self.figures("overall") + self.figures("overall-mean"),
            len(stated),
            sum(1 for f in stated if not f.row.agrees),
        )

    def figure1(self) -> Figure1:
        d, w = self.data, self.words
        numbers = {p.iri: p.number for p in d.processes}
        subjects: dict[str, Term] = {}
        for pair in d.pairs:
            subjects.setdefault(pair.principal, pair.principal_label)
            subjects.setdefault(pair.agent, pair.agent_label)
        subject_id = {iri: f"a{i}" for i, iri in enumerate(subjects)}
        nodes: list[Node] = [
            Node(subject_id[iri], "subject", wrap(label["value"], 16), label["value"], href=page_link(iri, d.base))
            for iri, label in subjects.items()
        ]
        pair_of = {p.iri: p for p in d.pairs}
        edges: list[Edge] = []
        for p in d.processes:
            pid = f"p{p.number}"
            tip = f"{p.number}. {p.label['value']} — {p.verdict_label}"
            nodes.append(Node(pid, "process", str(p.number), tip, local_name(p.verdict), page_link(p.iri, d.base)))
            pair = pair_of[p.pair]
            edges.append(
                Edge(subject_id[pair.principal], pid, "accountability", f"{pair.principal_label['value']} → {p.number}")
            )
            edges.append(
                Edge(pid, subject_id[pair.agent], "accountability", f"{p.number} → {pair.agent_label['value']}")
            )
        observer_id = {value_of(o, "observer"): f"o{i}" for i, o in enumerate(d.observers)}
        for o in d.observers:
            iri = value_of(o, "observer")
            nodes.append(
                Node(
                    observer_id[iri],
                    "observer",
                    wrap(value_of(o, "label"), 22),
                    value_of(o, "label"),
                    href=page_link(iri, d.base),
                )
            )
        for rel in d.oversight:
            observer, process = value_of(rel, "observer"), value_of(rel, "process")
            if observer not in observer_id or process not in numbers:
                continue
            mode = local_name(value_of(rel, "mode")).lower()
            edges.append(
                Edge(
                    observer_id[observer],
                    f"p{numbers[process]}",
                    mode,
                    f"{value_of(rel, 'observerLabel')} — {d.labels.get(value_of(rel, 'mode'), mode)} — "
                    f"{numbers[process]}",
                )
            )
        svg = render_svg(dot_source(nodes, edges, w.t("observers")), titles(nodes, edges, w.t("sec_figure1")))
        svg = svg.replace(
            '<svg class="diagram"',
            '<svg class="diagram" role="img" aria-labelledby="figure-1-h" data-chart="figure-1"',
            1,
        )

        verdicts: dict[str, str] = {}
        for p in d.processes:
            verdicts.setdefault(p.verdict, p.verdict_label)
        order = list(VERDICT_FILL)

        def verdict_rank(item: tuple[str, str]) -> tuple[int, str]:
            local = local_name(item[0])
            return (order.index(local) if local in order else 99, item[0])

        legend = [
            (VERDICT_FILL.get(local_name(verdict), "#dddddd"), verdict.endswith("ImpossibleExcluded"), label)
            for verdict, label in sorted(verdicts.items(), key=verdict_rank)
        ]
        modes = [
            (dashed, d.labels.get(mode, mode)) for mode, dashed in ((KGO + "Watches", True), (KGO + "Enforces", False))
        ]
        ties: dict[str, list[str]] = {}
        for rel in d.oversight:
            if value_of(rel, "process") in numbers:
                ties.setdefault(value_of(rel, "observer"), []).append(
                    f"{d.labels.get(value_of(rel, 'mode'), '')} {numbers[value_of(rel, 'process')]}"
                )
        pairs = [(pair, [p for p in d.processes if p.pair == pair.iri]) for pair in d.pairs]
        observers = [
            (value_of(o, "observer"), o.get("label"), "; ".join(ties.get(value_of(o, "observer"), [])))
            for o in d.observers
        ]
        # Markup: render_svg escapes what it writes into Graphviz's SVG
        return Figure1(Markup(svg), legend, modes, pairs, observers)

    def _bar_legend(self, *styles: str) -> tuple[tuple[str, str], ...]:
        words = {
            "present": "legend_present",
            "absent": "legend_absent",
            "level": "legend_computed",
            "stated": "legend_stated",
            "ideal": "legend_ideal",
        }
        return tuple((s, self.words.t(words[s])) for s in styles)

    def _chart(self, chart: Chart, note: str) -> ChartFigure:
        return ChartFigure(layout(chart, self.data.lang), note)

    def diagram1(self) -> ChartFigure:
        rows = []
        absent = {f.row.subject: f for f in self.figures("dimension-absent")}
        for f in self.figures("dimension"):
            counted = f.row.subject in absent
            segments = [Segment(f.datum(), "present" if counted else "demand")]
            if counted:
                segments.append(Segment(absent[f.row.subject].datum(), "absent"))
            rows.append(ChartRow(f.label, tuple(segments), "" if counted else self.words.t("not_scored")))
        chart = Chart(
            "chart-diagram-1",
            self.words.t("sec_diagram1"),
            tuple(rows),
            self._bar_legend("present", "absent", "stated"),
        )
        return self._chart(chart, "diagram1_note")

    def diagram2(self) -> ChartFigure:
        rows = tuple(ChartRow(f.label, (Segment(f.datum(), "level"),)) for f in self.figures("principal"))
        chart = Chart("chart-diagram-2", self.words.t("sec_diagram2"), rows, self._bar_legend("level", "stated"))
        return self._chart(chart, "diagram2_note")

    def diagram3(self) -> ChartFigure:
        order = {p.iri: i for i, p in enumerate(self.data.pairs)}
        figures = sorted(self.figures("pair"), key=lambda f: (order.get(f.row.subject, 99), f.row.subject))
        rows = tuple(ChartRow(f.label, (Segment(f.datum(), "level"),)) for f in figures)
        chart = Chart(
            "chart-diagram-3",
            self.words.t("sec_diagram3"),
            rows,
            self._bar_legend("level", "ideal", "stated"),
            ideal=True,
        )
        return self._chart(chart, "diagram3_note")

    def overall(self) -> ChartFigure:
        rows = tuple(
            ChartRow(self.words.t("m_" + f.measure), (Segment(f.datum(), "level"),))
            for f in self.figures("overall") + self.figures("overall-mean")
        )
        chart = Chart("chart-overall", self.words.t("sec_overall"), rows, self._bar_legend("level", "stated"))
        return self._chart(chart, "overall_note")

    # --- tables ------------------------------------------------------------------------------

    def heatmap(self) -> HeatMap:
        d, w = self.data, self.words
        disputed = {
            (value_of(r, "process"), value_of(r, "dimension")): r for r in d.gaps.get("appendix-disagreement", [])
        }
        pair_index = {f.row.subject: f.row.computed for f in self.figures("pair")}
        groups = []
        for pair in d.pairs:
            rows = []
            for p in (p for p in d.processes if p.pair == pair.iri):
                cells = []
                for dim in d.dimensions:
                    dim_iri = value_of(dim, "dimension")
                    counted = boolean_value(value_of(dim, "counted"))
                    cell = d.cells.get((p.iri, dim_iri))
                    value = value_of(cell, "value") if cell else ""
                    word = value_of(cell, "valueLabel") if cell else "—"
                    state = "excluded" if p.excluded else ("present" if value == KGO + "Present" else "absent")
                    symbol = {"present": "✓", "absent": "✗", "excluded": "–"}[state]
                    shown = f"{symbol} {word}" if state != "excluded" else f"{symbol} {w.t('excluded')}"
                    tip = f"{p.label['value']} — {value_of(dim, 'dimensionLabel')}: {word}"
                    if (p.iri, dim_iri) in disputed:
                        r = disputed[(p.iri, dim_iri)]
                        tip += " — " + w.t(
                            "g_appendix",
                            dim=value_of(dim, "dimensionLabel"),
                            a=d.labels.get(value_of(r, "sectionValue"), ""),
                            b=d.labels.get(value_of(r, "appendixValue"), ""),
                            lines=value_of(r, "appendixLines", "?"),
                        )
                    cells.append(
                        HeatCell(
                            " ".join(["cell", state] + ([] if counted else ["not-scored"])),
                            p.iri,
                            dim_iri,
                            state,
                            local_name(value).lower(),
                            counted and not p.excluded,
                            tip,
                            shown,
                            (p.iri, dim_iri) in disputed,
                        )
                    )
                rows.append((p, cells))
            groups.append(HeatGroup(pair, pair_index.get(pair.iri), rows))
        dimensions = [
            (value_of(dim, "dimension"), dim.get("dimensionLabel", {}), boolean_value(value_of(dim, "counted")))
            for dim in d.dimensions
        ]
        return HeatMap(dimensions, groups)

    def gaps(self) -> list[tuple[str, list[GapLine]]]:
        """Every kind of gap, in the order of GAP_QUERIES, with its processes in the report's order."""
        d, w = self.data, self.words
        pairs = {p.iri: p for p in d.pairs}
        out = []
        for kind in GAP_QUERIES:
            rows = d.gaps.get(kind, [])
            lines: list[tuple[str, str, str]] = []  # (process, detail, section)
            if kind == "missing-dimension":
                grouped: dict[str, list[dict[str, Term]]] = {}
                for r in rows:
                    grouped.setdefault(value_of(r, "process"), []).append(r)
                for process, found in grouped.items():
                    dims = "; ".join(value_of(r, "dimensionLabel") for r in found)
                    lines.append((process, w.t("g_missing", dims=dims), value_of(found[0], "section")))
            else:
                for r in rows:
                    lines.append((value_of(r, "process"), w.gap(kind, r), value_of(r, "section")))
            lines.sort(key=lambda line: self.process[line[0]].number if line[0] in self.process else 10**6)
            shown = []
            for process, detail, section in lines:
                p = self.process.get(process)
                pair = pairs[p.pair] if p and p.pair in pairs else None
                shown.append(GapLine(process, p.number if p else "", pair.label if pair else None, detail, section))
            out.append((kind, shown))
        return out

    def basis(self) -> list[tuple[Process, list[BasisItem]]]:
        return [(p, self.data.basis.get(p.iri, [])) for p in self.data.processes]

    def recommendations(self) -> list[RecommendationGroup]:
        """Recommendations grouped by the pair they address (those to observers last), in the study's order."""
        d = self.data
        by_rec: dict[str, list[dict[str, Term]]] = {}
        for r in d.recommendations:
            by_rec.setdefault(value_of(r, "recommendation"), []).append(r)
        pair_rank = {p.iri: i for i, p in enumerate(d.pairs)}
        groups: dict[str, list[tuple[tuple[int, str], str, list[dict[str, Term]]]]] = {}
        for rec, rows in by_rec.items():
            pair = next(
                (value_of(r, "recipient") for r in rows if value_of(r, "recipientKind") == KGO + "PrincipalAgentPair"),
                "",
            )
            groups.setdefault(pair, []).append(((_first_line(value_of(rows[0], "lines")), rec), rec, rows))
        out = []
        for group in sorted(groups, key=lambda g: (pair_rank.get(g, len(pair_rank)), g)):
            recs = []
            for _, rec, rows in sorted(groups[group]):
                addressees = [
                    (value_of(r, "recipient"), r.get("recipientLabel"))
                    for r in sorted(rows, key=lambda r: value_of(r, "recipient"))
                ]
                lines = value_of(rows[0], "lines") if "lines" in rows[0] else None
                recs.append(Recommendation(rec, rows[0].get("text"), addressees, value_of(rows[0], "section"), lines))
            addressed = next(p for p in d.pairs if p.iri == group) if group else None
            out.append(RecommendationGroup(addressed, recs))
        return out

    def support(self) -> list[SupportRow]:
        """One row per support need, in the order of its process."""
        entries: dict[str, dict[str, list[dict[str, Term]]]] = {}
        for r in self.data.support:
            entries.setdefault(value_of(r, "need"), {}).setdefault(value_of(r, "itemKind"), []).append(r)

        def order(need: str) -> tuple[int, str]:
            entry = entries[need]["entry"][0] if "entry" in entries[need] else {}
            p = self.process.get(value_of(entry, "process"))
            return (p.number if p else 10**6, need)

        out = []
        for need in sorted(entries, key=order):
            kinds = entries[need]
            entry = kinds.get("entry", [{}])[0]
            process = value_of(entry, "process")
            p = self.process.get(process)
            out.append(
                SupportRow(
                    need,
                    process,
                    p.number if p else "",
                    boolean_value(value_of(entry, "initiativesExist")),
                    [(value_of(r, "item"), r.get("itemLabel")) for r in kinds.get("initiative", [])],
                    entry.get("initiativesText"),
                    [r.get("itemLabel") for r in kinds.get("support", [])],
                    entry.get("supportText"),
                    value_of(entry, "section"),
                )
            )
        return out


def _first_line(lines: str) -> int:
    m = re.match(r"\d+", lines)
    return int(m.group(0)) if m else 0
