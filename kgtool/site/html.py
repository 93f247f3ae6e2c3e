"""The three pieces every page of the site repeats thousands of times: a fragment of text or a
link, a cell of fragments, and a table of cells; the templates call them as ``frag(f)``,
``cell(frags)`` and ``table(t)``.

They were Jinja macros (templates/macros.html until issue 18). A 100k-statement site holds about
400,000 fragments, and the macros' calls and per-attribute escaping cost more CPU than building
the pages' data: written here, each is a few string joins with one escape per value, and the
bytes are the macros' own (tests/test_site_html.py renders both and compares them). Everything
around them (the page's layout, its headings, its words) stays in the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:  # kgtool.site.context imports this module for its environment
    from kgtool.site.context import Frag, Table


def escape(value: object) -> str:
    """``value`` as HTML text, as Jinja's autoescape writes it (markupsafe's five characters)."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return str(html())
        value = str(value)
    # most values (names, paths, codes) hold none of the five: five tests cost less than five replaces
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return value


def frag_html(f: Frag) -> str:
    """A link (``<a>``) when the fragment has an address, else a ``<span>``, with its language,
    title and class."""
    attrs = ""
    if f.lang:
        attrs += ' lang="' + escape(f.lang) + '"'
    if f.title:
        attrs += ' title="' + escape(f.title) + '"'
    if f.css:
        attrs += ' class="' + escape(f.css) + '"'
    if f.href:
        return '<a href="' + escape(f.href) + '"' + attrs + ">" + escape(f.text) + "</a>"
    return "<span" + attrs + ">" + escape(f.text) + "</span>"


def cell_html(frags: Iterable[Frag]) -> str:
    """The fragments one after the other: on one line after an inline one, else after a ``<br>``."""
    parts: list[str] = []
    previous: Frag | None = None
    for f in frags:
        if previous is not None:
            parts.append(" " if previous.inline else "<br>")
        parts.append(frag_html(f))
        previous = f
    return "".join(parts)


def table_html(t: Table, none: str) -> str:
    """A table's section: its title, note, headings and rows, or ``none`` (the page language's
    "none") when it has no rows."""
    parts = ['<section id="', escape(t.id), '">\n<h2>', escape(t.title), "</h2>\n"]
    if t.note:
        parts += ['<p class="note">', escape(t.note), "</p>"]
    if t.rows:
        parts.append('<div class="table-box"><table>\n<thead><tr>')
        parts += ['<th scope="col">' + escape(c) + "</th>" for c in t.columns]
        parts.append("</tr></thead>\n<tbody>\n")
        for row in t.rows:
            parts.append("<tr>")
            parts += ["<td>" + cell_html(c) + "</td>" for c in row]
            parts.append("</tr>\n")
        parts.append("</tbody>\n</table></div>\n")
    else:
        parts += ['<p class="empty">', escape(none), "</p>\n"]
    parts.append("</section>\n")
    return "".join(parts)


def template_globals(none: str) -> dict[str, Callable[..., Markup]]:
    """``frag``, ``cell`` and ``table`` for the templates (``none``: the words for an empty table)."""
    return {
        "frag": lambda f: Markup(frag_html(f)),
        "cell": lambda frags: Markup(cell_html(frags)),
        "table": lambda t: Markup(table_html(t, none)),
    }
