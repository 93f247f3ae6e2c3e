"""The report's bar charts (the study's Diagrams 1-3 and the overall level) as inline SVG.

Hand-written SVG rather than a plotting library: the charts are plain horizontal bars,
the output must be byte-identical from run to run, and each bar must carry its numbers
as data attributes (``data-measure``, ``data-subject``, ``data-computed``,
``data-stated``) so that tests — and anyone reading the file — can check them against
``kgtool indices``. Computed values draw the bars; the study's stated value, where it
states one, is a marker and a number beside them, never the bar itself.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from kgtool.assessment.indices import four_places
from kgtool.i18n.messages import percent, t

WIDTH = 940
LABEL_W = 300
X0 = 310
BAR_W = 400
VALUE_X = X0 + BAR_W + 14
LINE_H = 16
ROW_PAD = 14
TOP = 40
WRAP = 38
COLOURS = {"present": "#2166ac", "absent": "#e08214", "level": "#2166ac", "demand": "#9ecae1"}


@dataclass(frozen=True)
class Datum:
    """One computed figure as `kgtool indices` gives it, with the study's figure if stated."""

    measure: str  # pair | principal | dimension | dimension-absent | overall | overall-mean
    subject: str
    label: str
    computed: Decimal
    stated: Decimal | None = None
    agrees: bool | None = None


@dataclass(frozen=True)
class Segment:
    datum: Datum
    style: str  # present | absent | level | demand


@dataclass(frozen=True)
class ChartRow:
    label: str
    segments: tuple[Segment, ...]
    note: str = ""  # e.g. "not scored"


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    rows: tuple[ChartRow, ...]
    legend: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (style, text)
    ideal: bool = False


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def number(value: Decimal) -> str:
    """The value as `kgtool indices --format csv` writes it (four decimal places)."""
    return str(four_places(value))


def describe(chart: Chart, lang: str) -> str:
    """The chart's numbers as one sentence per bar: the text alternative for screen readers."""
    parts = []
    for row in chart.rows:
        values = " / ".join(percent(s.datum.computed, lang) for s in row.segments)
        stated = [s.datum.stated for s in row.segments if s.datum.stated is not None]
        text = f"{row.label}: {t('computed_short', lang, value=values)}"
        if stated:
            text += "; " + t("stated_short", lang, value=" / ".join(percent(v, lang) for v in stated))
        if row.note:
            text += f" ({row.note})"
        parts.append(text + ".")
    return " ".join(parts)


def render(chart: Chart, lang: str) -> str:
    """The chart as an ``<svg>`` element with a title, a description and data attributes."""
    body: list[str] = []
    y = TOP
    for row in chart.rows:
        lines = textwrap.wrap(row.label, WRAP, break_long_words=False) or [row.label]
        if row.note:
            lines.append(f"({row.note})")
        height = max(len(lines), 2) * LINE_H + ROW_PAD
        body.append(_row(row, lines, y, height, chart.ideal, lang))
        y += height
    axis = _axis(TOP - 6, y, lang)
    legend = _legend(chart.legend, lang)
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    total_h = y + 28
    return (
        f'<svg class="chart" id="{e(chart.chart_id)}" data-chart="{e(chart.chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {total_h}" aria-labelledby="{title_id} {desc_id}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{e(chart.title)}</title>'
        f'<desc id="{desc_id}">{e(describe(chart, lang))}</desc>'
        + legend + axis + "".join(body) + "</svg>"
    )


def _x(value: Decimal) -> float:
    clipped = min(max(value, Decimal(0)), Decimal(1))
    return round(X0 + float(clipped) * BAR_W, 2)


def _row(row: ChartRow, lines: list[str], y: int, height: int, ideal: bool, lang: str) -> str:
    out = ['<g class="row">']
    text_y = y + LINE_H
    out.append(f'<text class="label" x="{LABEL_W}" y="{text_y}" text-anchor="end">'
               + "".join(f'<tspan x="{LABEL_W}" dy="{0 if i == 0 else LINE_H}">{e(line)}</tspan>'
                         for i, line in enumerate(lines)) + "</text>")
    bar_y, bar_h = y + 4, LINE_H * 2 - 6
    track = "ideal" if ideal else "track"
    out.append(f'<rect class="{track}" x="{X0}" y="{bar_y}" width="{BAR_W}" height="{bar_h}"/>')
    start = Decimal(0)
    for seg in row.segments:
        d = seg.datum
        x1, x2 = _x(start), _x(start + d.computed)
        tip = f"{row.label}: {percent(d.computed, lang)}"
        if d.stated is not None:
            tip += " — " + t("stated_short", lang, value=percent(d.stated, lang))
        attrs = (f'class="datum {seg.style}" data-measure="{e(d.measure)}" data-subject="{e(d.subject)}" '
                 f'data-computed="{number(d.computed)}"')
        if d.stated is not None:
            attrs += f' data-stated="{number(d.stated)}" data-agrees="{"true" if d.agrees else "false"}"'
        out.append(f"<g {attrs}><title>{e(tip)}</title>"
                   f'<rect x="{x1}" y="{bar_y}" width="{round(x2 - x1, 2)}" height="{bar_h}" '
                   f'fill="{COLOURS[seg.style]}"/></g>')
        start += d.computed
    # the study's figure: a marker where the study puts the boundary of the first segment
    first = row.segments[0].datum if row.segments else None
    marker: Decimal | None = None
    if first is not None and first.stated is not None:
        marker = first.stated
    elif len(row.segments) > 1 and row.segments[1].datum.stated is not None:
        marker = Decimal(1) - row.segments[1].datum.stated
    if marker is not None:
        mx = _x(marker)
        out.append(f'<g class="stated-marker"><line x1="{mx}" x2="{mx}" y1="{bar_y - 4}" y2="{bar_y + bar_h + 4}"/>'
                   f'<path d="M{mx - 5},{bar_y - 9} L{mx + 5},{bar_y - 9} L{mx},{bar_y - 2} Z"/></g>')
    computed = " / ".join(percent(s.datum.computed, lang) for s in row.segments)
    stated_values = [s.datum.stated for s in row.segments if s.datum.stated is not None]
    stated = (t("stated_short", lang, value=" / ".join(percent(v, lang) for v in stated_values))
              if stated_values else t("not_stated", lang))
    out.append(f'<text class="value" x="{VALUE_X}" y="{text_y}">{e(computed)}</text>')
    out.append(f'<text class="stated" x="{VALUE_X}" y="{text_y + LINE_H}">{e(stated)}</text>')
    out.append("</g>")
    return "".join(out)


def _axis(top: int, bottom: int, lang: str) -> str:
    out = ['<g class="axis" aria-hidden="true">']
    for step in range(5):
        value = Decimal(step) / 4
        x = _x(value)
        out.append(f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>')
        out.append(f'<text x="{x}" y="{bottom + 16}" text-anchor="middle">{e(percent(value, lang))}</text>')
    out.append("</g>")
    return "".join(out)


def _legend(items: tuple[tuple[str, str], ...], lang: str) -> str:
    out = ['<g class="legend" aria-hidden="true">']
    x = 10
    for style, text in items:
        if style == "stated":
            out.append(f'<g class="stated-marker"><line x1="{x + 6}" x2="{x + 6}" y1="6" y2="22"/>'
                       f'<path d="M{x + 1},4 L{x + 11},4 L{x + 6},11 Z"/></g>')
        elif style == "ideal":
            out.append(f'<rect class="ideal" x="{x}" y="8" width="12" height="12"/>')
        else:
            out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[style]}"/>')
        out.append(f'<text x="{x + 17}" y="18">{e(text)}</text>')
        x += 34 + int(len(text) * 7.4)
    out.append("</g>")
    return "".join(out)
