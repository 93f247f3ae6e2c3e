"""The site's search: the box on every page (in templates/site-nav.html), the page that shows the
hits (templates/search.html, search.js, search.css), and the index they read, written at publish
time in the page language with the rules of ``kgtool search`` (``kgtool.search.site_index``).

Nothing is fetched: the index is a script file beside the page, so the search works on any
static host and from disk, under the site's Content-Security-Policy (scripts from the site only).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources as importlib_resources

from kgtool.i18n.messages import t
from kgtool.search.index import FIELDS, KINDS
from kgtool.search.site_index import language_index, site_index_data, site_index_script
from kgtool.search.texts import build_index
from kgtool.site.context import SiteContext
from kgtool.sparql.backends import Backend

PAGE = "search.html"
STATIC = ("search.js", "search.css")


def search_words(lang: str) -> dict[str, str]:
    """The words of the search box and page in the page language."""
    return {
        "label": t("search.box_label", lang),
        "placeholder": t("search.box_placeholder", lang),
        "button": t("search.button", lang),
        "title": t("search.page_title", lang),
        "needs_script": t("search.needs_script", lang),
        "found": t("search.found", lang, n="{n}"),
        "none": t("search.none", lang),
    }


def write_search(
    backend: Backend,
    ctx: SiteContext,
    write: Callable[[str, bytes | str], None],
    render: Callable[..., None],
) -> None:
    """Write the search page, its script and style, and the index of the page language."""
    lang = ctx.lang
    index = language_index(build_index(backend), lang, lambda iri: iri in ctx.published)

    def href(iri: str) -> str:
        link = ctx.href(iri, PAGE)
        assert link is not None, iri
        return link

    data = site_index_data(
        index,
        lang,
        href,
        {kind: t(f"search.kind.{kind}", lang) for kind in KINDS},
        {name: t(f"search.field.{name}", lang) for name, _ in FIELDS.values()},
    )
    write("search-index.js", site_index_script(data))
    for name in STATIC:
        write(name, (importlib_resources.files("kgtool.site") / "templates" / name).read_bytes())
    render(PAGE, PAGE, page_title=t("search.page_title", lang))
