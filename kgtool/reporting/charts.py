"""The report's bar charts (the study's Diagrams 1-3 and the overall level): their layout,
which the template parts/chart.html writes as inline SVG.

Hand-made SVG rather than a plotting library: the charts are plain horizontal bars,
the output must be byte-identical from run to run, and each bar must carry its numbers
as data attributes (``data-measure``, ``data-subject``, ``data-computed``,
``data-stated``) so that tests — and anyone reading the file — can check them against
``kgtool indices``. Computed values draw the bars; the study's stated value, where it
states one, is a marker and a number beside them, never the bar itself. Here are the
numbers and positions; the template holds the markup.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Geometry:
    """Where the parts of every chart go (SVG user units)."""

    width: int = WIDTH
    label_x: int = LABEL_W  # labels end here
    bar_x: int = X0
    bar_w: int = BAR_W
    value_x: int = VALUE_X
    line_h: int = LINE_H


@dataclass(frozen=True)
class Bar:
    """One segment of a row, drawn."""

    datum: Datum
    style: str
    fill: str
    x: float
    width: float
    tip: str
    computed: str  # the number as `kgtool indices --format csv` writes it
    stated: str | None


@dataclass(frozen=True)
class RowLayout:
    lines: list[str]  # the label, wrapped (and the note)
    text_y: int
    bar_y: int
    bar_h: int
    track: str  # track | ideal
    bars: list[Bar]
    marker: float | None  # x of the study's figure
    computed: str
    stated: str


@dataclass(frozen=True)
class LegendItem:
    style: str
    fill: str
    text: str
    x: int


@dataclass(frozen=True)
class ChartLayout:
    """A chart with every position computed: what the template needs to write its SVG."""

    chart: Chart
    height: int
    description: str
    legend: list[LegendItem]
    ticks: list[tuple[float, str]]  # (x, label) of the axis
    axis_top: int
    axis_bottom: int
    rows: list[RowLayout]
    geometry: Geometry = field(default_factory=Geometry)


def layout(chart: Chart, lang: str) -> ChartLayout:
    """The chart laid out: rows one under another, each as tall as its wrapped label."""
    rows: list[RowLayout] = []
    y = TOP
    for row in chart.rows:
        lines = textwrap.wrap(row.label, WRAP, break_long_words=False) or [row.label]
        if row.note:
            lines.append(f"({row.note})")
        height = max(len(lines), 2) * LINE_H + ROW_PAD
        rows.append(_row(row, lines, y, chart.ideal, lang))
        y += height
    ticks = [(_x(Decimal(step) / 4), percent(Decimal(step) / 4, lang)) for step in range(5)]
    return ChartLayout(chart, y + 28, describe(chart, lang), _legend(chart.legend), ticks, TOP - 6, y, rows)


def _x(value: Decimal) -> float:
    clipped = min(max(value, Decimal(0)), Decimal(1))
    return round(X0 + float(clipped) * BAR_W, 2)


def _row(row: ChartRow, lines: list[str], y: int, ideal: bool, lang: str) -> RowLayout:
    bar_y, bar_h = y + 4, LINE_H * 2 - 6
    bars = []
    start = Decimal(0)
    for seg in row.segments:
        d = seg.datum
        x1, x2 = _x(start), _x(start + d.computed)
        tip = f"{row.label}: {percent(d.computed, lang)}"
        if d.stated is not None:
            tip += " — " + t("stated_short", lang, value=percent(d.stated, lang))
        bars.append(
            Bar(
                d,
                seg.style,
                COLOURS[seg.style],
                x1,
                round(x2 - x1, 2),
                tip,
                number(d.computed),
                number(d.stated) if d.stated is not None else None,
            )
        )
        start += d.computed
    # the study's figure: a marker where the study puts the boundary of the first segment
    first = row.segments[0].datum if row.segments else None
    marker: Decimal | None = None
    if first is not None and first.stated is not None:
        marker = first.stated
    elif len(row.segments) > 1 and row.segments[1].datum.stated is not None:
        marker = Decimal(1) - row.segments[1].datum.stated
    computed = " / ".join(percent(s.datum.computed, lang) for s in row.segments)
    stated_values = [s.datum.stated for s in row.segments if s.datum.stated is not None]
    stated = (
        t("stated_short", lang, value=" / ".join(percent(v, lang) for v in stated_values))
        if stated_values
        else t("not_stated", lang)
    )
    return RowLayout(
        lines,
        y + LINE_H,
        bar_y,
        bar_h,
        "ideal" if ideal else "track",
        bars,
        _x(marker) if marker is not None else None,
        computed,
        stated,
    )


def _legend(items: tuple[tuple[str, str], ...]) -> list[LegendItem]:
    out = []
    x = 10
    for style, text in items:
        out.append(LegendItem(style, COLOURS.get(style, ""), text, x))
        x += 34 + int(len(text) * 7.4)
    return out
