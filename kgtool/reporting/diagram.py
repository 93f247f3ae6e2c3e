"""Figure 1 of the study — the accountability system — laid out by Graphviz from the graph.

The study describes the figure (section 6: circles are subjects, diamonds are processes,
arrows run from principal to agent, observers stand beside them) but does not include
it; here it is drawn from the pairs, processes and oversight relations in the graph, so
it changes when the data does and nobody places a node by hand.

Graphviz's ``dot`` does the layout: it is the reference implementation of layered
(Sugiyama) layout for directed graphs, which is exactly the principal → process → agent
flow; it has circle and diamond shapes, clusters and edge routing built in; it is one
Debian package (``graphviz``) with no Python dependency; and its SVG output is the same
byte for byte for the same input and version. The SVG is cleaned of comments, the XML
prologue and fixed sizes, and its ids are prefixed, so it can be inlined in the report.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from itertools import pairwise

from kgtool.errors import KgtoolError
from kgtool.i18n.problems import worded

DOT_TIMEOUT = 60.0
# Cell-value and verdict colours: a blue/orange scale that stays distinguishable with
# the common colour-vision deficiencies; the legend and the tables carry the same facts as text.
VERDICT_FILL = {
    "Works": "#2166ac",
    "NotFullyWorking": "#92c5de",
    "DoesNotWork": "#f4a582",
    "NotInPlace": "#d6604d",
    "ImpossibleExcluded": "#ffffff",
}
VERDICT_FONT = {"Works": "#ffffff", "NotInPlace": "#ffffff"}
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Node:
    """One subject, process or observer of the figure."""

    node_id: str
    kind: str  # subject | process | observer
    label: str
    tooltip: str
    verdict: str = ""  # local name of the verdict, for processes
    href: str | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # accountability | watches | enforces
    tooltip: str = ""


def dot_source(nodes: list[Node], edges: list[Edge], observers_title: str) -> str:
    """The DOT text of the figure; the same nodes and edges always give the same text."""
    lines = [
        "digraph system {",
        (
            '  graph [rankdir=LR, newrank=true, nodesep=0.18, ranksep=0.55, splines=true, bgcolor="transparent", '
            f'fontname="{FONT}"];'
        ),
        f'  node [fontname="{FONT}", fontsize=11, penwidth=1.2];',
        f'  edge [fontname="{FONT}", fontsize=9, arrowsize=0.7, color="#333333"];',
    ]
    observers = [n for n in nodes if n.kind == "observer"]
    for n in nodes:
        if n.kind == "observer":
            continue
        lines.append("  " + _node(n))
    if observers:
        lines.append("  subgraph cluster_observers {")
        lines.append(
            f'    label={_q(observers_title)}; style="rounded,dashed"; color="#777777"; '
            f'fontsize=12; fontname="{FONT}"; labeljust=l;'
        )
        for n in observers:
            lines.append("    " + _node(n))
        # An observer tied to processes stands in the column of the first of them, so its
        # lines stay short; the others line up in the study's order (invisible edges).
        position = {n.node_id: i for i, n in enumerate(nodes)}
        aligned: list[tuple[str, str]] = []
        free: list[str] = []
        for n in observers:
            targets = sorted(
                (e.target for e in edges if e.source == n.node_id and e.kind != "accountability"),
                key=lambda target: position.get(target, len(position)),
            )
            if targets:
                aligned.append((n.node_id, targets[0]))
            else:
                free.append(n.node_id)
        for a, b in pairwise(free):
            lines.append(f"    {a} -> {b} [style=invis];")
        lines.append("  }")
        for observer, target in aligned:
            lines.append(f"  {{rank=same; {observer}; {target}}}")
    for e in edges:
        lines.append("  " + _edge(e))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(n: Node) -> str:
    attrs: dict[str, str] = {"label": _q(n.label)}
    if n.kind == "subject":
        attrs.update(
            shape="circle", style='"filled"', fillcolor='"#fff7bc"', color='"#8c6d1f"', fontsize="11", margin="0.02"
        )
    elif n.kind == "process":
        attrs.update(
            shape="diamond",
            style='"filled,dashed"' if n.verdict == "ImpossibleExcluded" else '"filled"',
            fillcolor=_q(VERDICT_FILL.get(n.verdict, "#dddddd")),
            fontcolor=_q(VERDICT_FONT.get(n.verdict, "#000000")),
            color='"#333333"',
            width="0.45",
            height="0.45",
            fixedsize="true",
            fontsize="10",
        )
    else:
        attrs.update(shape="box", style='"rounded,filled"', fillcolor='"#eeeeee"', color='"#555555"', fontsize="10")
    if n.href:
        attrs.update(URL=_q(n.href), target='"_top"')
    return f"{n.node_id} [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "];"


def _edge(e: Edge) -> str:
    attrs: dict[str, str] = {}
    if e.kind == "watches":
        attrs.update(style="dashed", color='"#777777"', arrowhead="odot", constraint="false")
    elif e.kind == "enforces":
        attrs.update(style="solid", color='"#555555"', arrowhead="tee", constraint="false")
    body = ", ".join(f"{k}={v}" for k, v in attrs.items())
    return f"{e.source} -> {e.target}" + (f" [{body}]" if body else "") + ";"


def _q(text: str) -> str:
    """A DOT double-quoted string (newlines become centred line breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters for a node."""
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def titles(nodes: list[Node], edges: list[Edge], title: str) -> dict[str, str]:
    """What each SVG ``<title>`` should say (Graphviz writes node and edge names there)."""
    found = {"system": title}
    found.update({n.node_id: n.tooltip for n in nodes})
    found.update({f"{e.source}&#45;&gt;{e.target}": e.tooltip for e in edges if e.tooltip})
    return found


def render_svg(source: str, names: dict[str, str], id_prefix: str = "fig1-") -> str:
    """Lay the figure out with Graphviz and return SVG ready to inline in HTML.

    ``names`` maps the names Graphviz writes into ``<title>`` elements to readable text
    (browsers show it as the tooltip and screen readers read it).
    """
    return clean_svg(layout(source), names, id_prefix)


def layout(source: str) -> str:
    """Graphviz's SVG for the DOT ``source``, as ``dot -Tsvg`` writes it.

    A function of its own so that a test can pin the report's bytes without pinning the
    Graphviz version (whose layout may move a node by a point).
    """
    dot = shutil.which("dot")
    if dot is None:
        raise worded(KgtoolError, "report#no-graphviz", "report.no_graphviz")
    try:
        done = subprocess.run(
            [dot, "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise worded(KgtoolError, "report#graphviz-failed", "report.graphviz_timeout", seconds=DOT_TIMEOUT) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise worded(
            KgtoolError,
            "report#graphviz-failed",
            "report.graphviz_failed",
            detail=message[0] if message else f"exit {done.returncode}",
        )
    return done.stdout.decode("utf-8")


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_TITLE = re.compile(r"<title>([^<]*)</title>")
_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"')


def clean_svg(svg: str, names: dict[str, str], id_prefix: str) -> str:
    """Graphviz's SVG without prologue, comments or fixed size, with readable titles and ids
    made unique in the page."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _TITLE.sub(
        lambda m: "<title>" + html.escape(names.get(m.group(1), m.group(1)), quote=False) + "</title>", svg
    )
    svg = _COMMENT.sub("", svg)
    svg = _SIZE.sub('<svg class="diagram"', svg, count=1)
    svg = re.sub(r'\bid="', f'id="{id_prefix}', svg)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = svg.replace("xlink:href=", "href=").replace("xlink:title=", "title=")
    return svg.strip()
