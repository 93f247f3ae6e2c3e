"""The report's HTML: Jinja2 templates in kgtool/reporting/templates, autoescaped, like the
published site's.

``report.html`` is the page and is written as it comes out, line for line. The sections
are the templates in ``parts/``, written one element per line for reading; the report has
never had white space between its elements, so the parts are joined as they are loaded:
every line break in a part, with the indentation after it, is dropped.

Escaping is Jinja2's autoescape with one difference of spelling: text is escaped by
``html.escape`` (``&quot;``, ``&#x27;``) rather than MarkupSafe (``&#34;``, ``&#39;``), so
that a report is byte for byte what kgtool has always written. Both are correct HTML.
"""

from __future__ import annotations

import html
import re
from functools import cache

import jinja2
import jinja2.ext
from markupsafe import Markup

from kgtool import __version__
from kgtool.reporting.model import ReportData, page_link
from kgtool.reporting.views import Views
from kgtool.reporting.words import Words

PARTS = "parts/"


class JoinedParts(jinja2.ext.Extension):
    """Drops each line break of a part, and the indentation after it, before Jinja2 parses it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is not None and name.startswith(PARTS):
            return re.sub(r"\n[ \t]*", "", source)
        return source


def escape(value: object) -> Markup:
    """Every ``{{ value }}`` as HTML: markup (a macro's output, an SVG) as it is, text escaped."""
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(str(value), quote=True))


@cache
def environment() -> jinja2.Environment:
    """The templates shipped in kgtool/reporting/templates (package data, found in any install)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kgtool.reporting", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=escape,
        extensions=[JoinedParts],
    )


def render(data: ReportData) -> str:
    """The whole report as one HTML document."""
    words = Words(data.lang, data.labels, data.dimensions)
    views = Views(data, words)
    return (
        environment()
        .get_template("report.html")
        .render(
            lang=data.lang,
            version=__version__,
            source=data.source,
            title=data.assessment.get("label", {}).get("value", words.t("report")),
            assessment=data.assessment,
            sections=views.sections(),
            process=views.process,
            t=words.t,
            pct=words.pct,
            pct_text=words.pct_text,
            points=words.points,
            sections_of=words.sections,
            detail=words.detail,
            explanation=words.explanation,
            foreign=words.foreign,
            href=lambda iri: page_link(iri, data.base),
            citations=data.citations,
        )
    )
