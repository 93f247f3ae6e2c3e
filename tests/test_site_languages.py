"""The published site speaks its language: `<html lang>`, navigation, headings, table headers,
and a language switch on every page that leads to the same page in the sibling sites.

The project's site is published three times, into ``site/ky``, ``site/ru`` and ``site/en``,
each with ``--sibling-languages`` naming the other two (conftest's ``published_languages``, shared
with tests/test_serve_publication.py), and every generated page is scanned.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kgtool.cli.main import main
from kgtool.i18n.catalogue import t
from kgtool.vocab import LANGUAGES

pytestmark = pytest.mark.slow

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# words that stay as they are in every language: formats, standards, proper names
ALLOWED_LATIN = {
    "SPARQL",
    "JSON",
    "LD",
    "JSON-LD",
    "XML",
    "CSV",
    "TSV",
    "RDF",
    "Turtle",
    "Triples",
    "VoID",
    "DCAT",
    "W3C",
    "Data",
    "Cube",
    "IRI",
    "kgtool",
    "CC",
    "BY",
    "ru",
    "ky",
    "en",
    "t",
}


class Page(HTMLParser):
    """What a page says in its own voice: <html lang>, the navigation, h1-h4 and column headers
    (an element with its own lang attribute holds text from the data, and is left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.stack: list[tuple[str, bool]] = []
        self.texts: dict[str, list[str]] = {"nav": [], "heading": [], "th": []}
        self.switch: list[tuple[str, str]] = []
        self._nav_class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        if tag == "nav":
            self._nav_class = a.get("class") or a.get("aria-label") or ""
        if tag == "a" and self._nav_class == "languages":
            self.switch.append((a.get("hreflang") or "", a.get("href") or ""))
        if tag not in ("br", "meta", "link", "img", "input"):
            self.stack.append((tag, tag != "html" and ("lang" in a or tag == "code")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "nav":
            self._nav_class = ""

    def handle_data(self, data: str) -> None:
        if not data.strip() or any(foreign for _, foreign in self.stack):
            return
        tags = [tag for tag, _ in self.stack]
        if "nav" in tags and self._nav_class == "site":
            self.texts["nav"].append(data.strip())
        elif any(h in tags for h in ("h1", "h2", "h3", "h4")) and "a" not in tags and "small" not in tags:
            self.texts["heading"].append(data.strip())
        elif "th" in tags and "a" not in tags:
            self.texts["th"].append(data.strip())


@pytest.fixture(scope="module")
def sites(published_languages: Path) -> Path:
    return published_languages


@cache
def identifiers() -> frozenset[str]:
    """The ontology's terms by their local names (``hasValue``, ``versionIRI``): identifiers, which
    the ontology page shows as they are in every language."""
    import rdflib

    from kgtool.assets import ontology_files
    from kgtool.iri import local_name

    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path)
    return frozenset(local_name(str(x)) for triple in g for x in triple if isinstance(x, rdflib.URIRef))


def foreign(text: str, lang: str) -> bool:
    if lang == "en":
        return bool(CYRILLIC.search(text))
    return any(w not in ALLOWED_LATIN and w not in identifiers() for w in LATIN_WORD.findall(text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_in_its_language_with_a_switch_to_the_same_page(sites: Path, lang: str) -> None:
    site = sites / lang
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    nav = [t(k, lang) for k in ("site.nav.home", "site.nav.acts", "site.nav.ontology", "site.nav.dataset")]
    nav.append("SPARQL")  # the query page, a part of every site; its name is the standard's
    for path in pages:
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(site).as_posix()
        assert page.html_lang == lang, name
        assert page.texts["nav"] == nav, name
        words = [x for x in page.texts["heading"] + page.texts["th"] if foreign(x, lang)]
        assert not words, f"{name}: {words}"
        assert [code for code, _ in page.switch] == [c for c in LANGUAGES if c != lang], name
        for code, href in page.switch:
            target = (path.parent / href).resolve()
            assert target == (sites / code / name).resolve(), (name, href)
            assert target.is_file(), (name, href)


def test_a_switch_needs_the_side_by_side_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", str(tmp_path / "site"), "--lang", "ru", "--sibling-languages", "ky"]) != 0
    assert "publish#sibling-layout" in capsys.readouterr().err


# rdfs:label's row, whatever the page's word for it (tests/test_site_terms.py checks the words)
STATEMENT_ROW = re.compile(r'<tr><td><a href="[^"]*rdf-schema#label"[^>]*>[^<]+</a></td><td>(.*?)</td></tr>', re.S)
VALUE = re.compile(r'(?:<span title="[^"]+" class="lang-tag">(\w+)</span> )?<span lang="([\w-]+)">[^<]*</span>')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_statements_show_the_readers_language_first_and_mark_the_others(sites: Path, lang: str) -> None:
    """A process's names in its statements table: the page's language first, unmarked; then the
    other languages, each marked by its code (issue 13: the reader's language first)."""
    html = (sites / lang / "page/kg/assessment/2016/process/public-monitoring.html").read_text(encoding="utf-8")
    row = STATEMENT_ROW.search(html)
    assert row
    values = VALUE.findall(row[1])
    assert [tag.split("-")[0] for _, tag in values] == [lang, *(c for c in sorted(LANGUAGES) if c != lang)]
    marks = [mark for mark, _ in values]
    assert marks[0] == "" and marks[1:] == [tag.split("-")[0] for _, tag in values[1:]]


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_the_navigations_names_are_in_the_pages_language(sites: Path, lang: str) -> None:
    """What a screen reader says of the site's navigation and the ontology's contents: "site" and
    "contents" were English on every Russian and Kyrgyz page (a tester's)."""
    site = sites / lang
    for name in ("index.html", "acts.html", "ontology.html"):
        html = (site / name).read_text(encoding="utf-8")
        assert f'aria-label="{t("site.nav.label", lang)}"' in html
        assert 'aria-label="site"' not in html and 'aria-label="contents"' not in html
    assert f'aria-label="{t("site.ontology.contents_label", lang)}"' in (site / "ontology.html").read_text(
        encoding="utf-8"
    )
