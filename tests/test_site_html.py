"""kgtool.site.html writes a fragment, a cell and a table with the bytes the Jinja macros wrote.

The macros (kgtool/site/templates/macros.html until issue 18 moved them to Python for speed) are
kept below as they were, rendered with the site's Jinja settings, and compared with the Python
pieces on fragments and tables that exercise every branch: links and plain text, each optional
attribute present, empty or missing, inline and broken cells, notes, empty tables, and every
character HTML escapes.
"""

from __future__ import annotations

import itertools

import jinja2
import pytest

from kgtool.i18n.catalogue import t
from kgtool.site.context import Frag, Table, environment
from kgtool.site.html import cell_html, escape, frag_html, table_html

MACROS = """{% macro frag(f) -%}
{% if f.href %}<a href="{{ f.href }}"{% if f.lang %} lang="{{ f.lang }}"{% endif %}{% if f.title %} title="{{ f.title }}"{% endif %}{% if f.css %} class="{{ f.css }}"{% endif %}>{{ f.text }}</a>
{%- else %}<span{% if f.lang %} lang="{{ f.lang }}"{% endif %}{% if f.title %} title="{{ f.title }}"{% endif %}{% if f.css %} class="{{ f.css }}"{% endif %}>{{ f.text }}</span>
{%- endif %}
{%- endmacro %}

{% macro cell(frags) -%}
{% for f in frags %}{{ frag(f) }}{% if not loop.last %}{% if f.inline %} {% else %}<br>{% endif %}{% endif %}{% endfor %}
{%- endmacro %}

{% macro table(t) %}
<section id="{{ t.id }}">
<h2>{{ t.title }}</h2>
{% if t.note %}<p class="note">{{ t.note }}</p>{% endif %}
{% if t.rows %}
<div class="table-box"><table>
<thead><tr>{% for c in t.columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in t.rows %}
<tr>{% for c in row %}<td>{{ cell(c) }}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
</table></div>
{% else %}
<p class="empty">{{ _("site.none") }}</p>
{% endif %}
</section>
{% endmacro %}
"""

NONE = "none <at> all"
TEXTS = ["plain", "", "a & b < c > d \"e\" 'f'", "Кыргыз тили", "&amp; already"]


def macros() -> jinja2.Template:
    """The old macros under the site's settings (environment() without its Python pieces)."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"macros.html": MACROS}),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["_"] = lambda key: NONE
    return env.get_template("macros.html")


def frags() -> list[Frag]:
    out = []
    for text, href, lang, title, css, inline in itertools.product(
        TEXTS[:3],
        [None, "", "../a b.html#x&y"],
        [None, "", "ky"],
        [None, "", 'say "hi"'],
        [None, "", "lang-tag"],
        [False, True],
    ):
        out.append(Frag(text, href=href, lang=lang, title=title, css=css, inline=inline))
    return out


def test_a_fragment_is_written_as_the_macro_wrote_it() -> None:
    m = macros().module
    for f in frags():
        assert frag_html(f) == str(m.frag(f)), f  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 5])
def test_a_cell_is_written_as_the_macro_wrote_it(size: int) -> None:
    m = macros().module
    pool = frags()
    for start in range(0, len(pool), 7):
        cell = pool[start : start + size]
        assert cell_html(cell) == str(m.cell(cell)), cell  # type: ignore[attr-defined]


@pytest.mark.parametrize("note", ["", "a note & <more>"])
@pytest.mark.parametrize("rows", [0, 1, 3])
def test_a_table_is_written_as_the_macro_wrote_it(note: str, rows: int) -> None:
    m = macros().module
    pool = frags()
    table = Table(
        "id&<x>",
        'Title "quoted"',
        ["one", "two & three", "<four>"],
        [[pool[i : i + 2], [], pool[i + 3 : i + 4]] for i in range(0, rows * 5, 5)],
        note=note,
    )
    assert table_html(table, NONE) == str(m.table(table)), table  # type: ignore[attr-defined]


def test_escape_is_markupsafes() -> None:
    from markupsafe import Markup
    from markupsafe import escape as markupsafe_escape

    for value in [*TEXTS, 12, 1.5, Markup("<b>kept</b>")]:
        assert escape(value) == str(markupsafe_escape(value))


def test_the_templates_call_the_python_pieces() -> None:
    """What a template writes through ``cell``/``table`` is markup, not escaped a second time."""
    env = environment("en")
    page = env.from_string("{{ cell(c) }}|{{ table(t) }}").render(
        c=[Frag("a<b", href="x.html", inline=True), Frag("c")], t=Table("t", "T", ["h"])
    )
    assert page.startswith('<a href="x.html">a&lt;b</a> <span>c</span>|<section id="t">')
    assert page.endswith('<p class="empty">' + escape(t("site.none", "en")) + "</p>\n</section>\n")
