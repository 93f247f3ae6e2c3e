"""`kgtool serve --site DIR` on the project's publication in three languages (DIR/ky, DIR/ru,
DIR/en, each published with --sibling-languages, as docs/publish.md lays it out), as a real
process on 127.0.0.1: every page is served with the bytes its file holds and a static server
gives, every page's language switch leads to a page, an IRI leads a browser to the page in the
language it prefers (Vary, Content-Language) and an RDF client to the same documents whatever
its language, and the query page of each language asks an endpoint that answers.

The server refused DIR ('not a site'), and serving DIR/en alone made every switch a 404."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import kgtool_serve_logged, publication_beside_secrets, static_server

from kgtool.serve.layout import Layout, languages_beside, servable, site_languages
from kgtool.site import DEFAULT_BASE
from kgtool.vocab import LANGUAGES

pytestmark = pytest.mark.slow

ART52 = "kg/law/constitution/art/52"
# the language switch of a page (kgtool/site/templates/base.html)
SWITCH = re.compile(r'<a href="([^"]+)" hreflang="(ky|ru|en)"')
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BOTH = "Accept, Accept-Language"
# pages of every kind, each in every language's folder
PAGES = ["index.html", "acts.html", "ontology.html", "search.html", "sparql.html", f"page/{ART52}.html"]


class Client:
    """One keep-alive connection to a server, so that thousands of requests take seconds; it
    sends the path as given (no normalising of '..')."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)

    def get(
        self, path: str, method: str = "GET", body: bytes | None = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (by lower-case name) and body of one request; ``headers`` by their
        names with '_' for '-' (``accept_language``)."""
        sent = {name.replace("_", "-"): value for name, value in headers.items()}
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, data

    def close(self) -> None:
        self.connection.close()


@pytest.fixture(scope="module")
def publication(published_languages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publication_beside_secrets(published_languages, tmp_path_factory.mktemp("publication"))


@pytest.fixture(scope="module")
def server(publication: Path) -> Iterator[str]:
    with kgtool_serve_logged("--quiet", "--site", str(publication), "--lang", "en") as (base, _):
        yield base


@pytest.fixture()
def client(server: str) -> Iterator[Client]:
    made = Client(server)
    yield made
    made.close()


def path_of(url: str) -> str:
    """The path (and query) of ``url``: what is asked of the server."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_every_page_is_its_file_in_its_language_and_every_switch_leads_to_a_page(
    client: Client, server: str, publication: Path
) -> None:
    pages = {
        f"/{lang}/{path.relative_to(publication / lang).as_posix()}": path
        for lang in LANGUAGES
        for path in (publication / lang).rglob("*.html")
    }
    assert len(pages) > 1500
    switches = 0
    for name, path in sorted(pages.items()):
        status, headers, body = client.get(name)
        assert (status, body) == (200, path.read_bytes()), name
        assert headers["content-type"] == "text/html; charset=utf-8", name
        assert headers["content-language"] == name.split("/")[1], name
        links = SWITCH.findall(body.decode("utf-8"))
        assert [code for _, code in links] == [code for code in LANGUAGES if f"/{code}/" != name[:4]], name
        for href, code in links:
            # where a browser goes from the page's address, and the same page in the other language
            target = path_of(urllib.parse.urljoin(server + name.lstrip("/"), href))
            assert target == f"/{code}/" + name[4:] and target in pages, (name, href)
            switches += 1
    assert switches == 2 * len(pages)


@pytest.fixture(scope="module")
def static(publication: Path) -> Iterator[str]:
    with static_server(publication) as base:
        yield base


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_a_page_and_its_switch_lead_where_a_static_server_leads(
    server: str, static: str, client: Client, lang: str, page: str
) -> None:
    """The tester's steps: open a page, follow its language switch; kgtool serve and a static
    server serving the same folder give the same pages, byte for byte."""
    other = Client(static)
    try:
        seen = []
        for base, on in ((server, client), (static, other)):
            status, _, body = on.get(f"/{lang}/{page}")
            assert status == 200, (base, page)
            targets = [
                path_of(urllib.parse.urljoin(f"{base}{lang}/{page}", href)) for href, _ in SWITCH.findall(body.decode())
            ]
            assert len(targets) == 2
            seen.append((body, [(target, *on.get(target)[::2]) for target in targets]))
        assert seen[0] == seen[1]
        assert all(status == 200 for _, status, _ in seen[0][1])
    finally:
        other.close()


@pytest.mark.parametrize(
    "name",
    [
        "",  # the folder's index
        "style.css",
        "search.css",
        "search.js",
        "search-index.js",
        "sparql.js",
        "void.ttl",
        "cube.ttl",
        "context.jsonld",
        "ontology.ttl",
        "index.bib",
        f"page/{ART52}.ris",
        f"data/{ART52}.ttl",
        f"data/{ART52}.jsonld",
        "dumps/kgtool.nt",
    ],
)
def test_every_kind_of_file_is_what_a_static_server_gives(server: str, static: str, client: Client, name: str) -> None:
    other = Client(static)
    try:
        for lang in LANGUAGES:
            mine, theirs = client.get(f"/{lang}/{name}"), other.get(f"/{lang}/{name}")
            assert mine[0] == theirs[0] == 200 and mine[2] == theirs[2], (lang, name)
            if name.endswith((".css", ".js")) or not name:
                assert mine[1]["content-type"].split(";")[0] == theirs[1]["content-type"].split(";")[0]
    finally:
        other.close()


@pytest.mark.parametrize(
    "accept, language, location",
    [
        ("text/html", "ru-RU,ru;q=0.9,en;q=0.8", f"/ru/page/{ART52}.html"),
        (BROWSER, "ky-KG", f"/ky/page/{ART52}.html"),
        ("text/html", "en;q=0, ky;q=0.3, ru;q=0.2", f"/ky/page/{ART52}.html"),
        ("text/html", None, f"/en/page/{ART52}.html"),  # the server's --lang
        ("text/html", "de, fr;q=0.5", f"/en/page/{ART52}.html"),
        (None, "ru", f"/ru/page/{ART52}.html"),
        # data: the same document for every client, whatever its language
        ("text/turtle", "ky", f"/en/data/{ART52}.ttl"),
        ("application/ld+json", "ru", f"/en/data/{ART52}.jsonld"),
        ("application/n-triples", None, f"/en/data/{ART52}.nt"),
        ("application/rdf+xml", "ky", f"/en/data/{ART52}.rdf"),
    ],
)
def test_an_iri_leads_to_the_page_in_the_clients_language_and_to_one_data_document(
    client: Client, publication: Path, accept: str | None, language: str | None, location: str
) -> None:
    headers = {"accept": accept, "accept_language": language}
    status, answer, _ = client.get(f"/id/{ART52}", **{k: v for k, v in headers.items() if v})
    assert status == 303 and answer["location"] == location and answer["vary"] == BOTH
    assert "content-language" not in answer  # the 303's own words are in no language
    status, answer, body = client.get(location)
    lang, _, name = location[1:].partition("/")
    assert status == 200 and body == (publication / lang / name).read_bytes()
    if name.endswith(".html"):
        assert answer["content-language"] == lang
    else:  # the documents the default language's folder holds are those of every folder
        assert "content-language" not in answer
        assert all((publication / code / name).read_bytes() == body for code in LANGUAGES)


# an absolute address a site writes (not its rules, whose comments speak of {base}id/PATH)
ADDRESS = re.compile(r"https?://[A-Za-z0-9_~:/?#%=+@!*.-]*[A-Za-z0-9_~/#%=+-]")
# the files that speak of the publication's addresses: pages, citations, the dataset's description
# and the cube (the RDF documents and dumps hold the data, whose IRIs the IRIs below stand for)
ADDRESSED = ("*.html", "*.bib", "*.ris", "*.csl.json", "void.ttl", "cube.ttl")
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')


def addresses_in_the_publication(publication: Path) -> dict[str, set[str]]:
    """Every absolute address under the publication's base (the fixture's, the default) that a file of
    its sites writes, without its fragment: address -> the files that write it."""
    found: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        for pattern in ADDRESSED:
            for path in (publication / lang).rglob(pattern):
                for url in ADDRESS.findall(path.read_text(encoding="utf-8")):
                    url = url.split("#", 1)[0]
                    # {base}id/ itself is the IRIs' space (VoID's uriSpace, a word of the query page), no address;
                    # the ontology's versionIRI ({base}ontology/0.1.0) resolves in no site, alone or not
                    if url.startswith(DEFAULT_BASE) and url != DEFAULT_BASE + "id/" and "/ontology/" not in url:
                        found.setdefault(url, set()).add(path.relative_to(publication).as_posix())
    return found


def test_every_address_a_site_writes_into_the_publication_is_there(client: Client, publication: Path) -> None:
    """Published at one base as docs/publish.md says, each site is its language's folder there: an
    address of one of its files is {base}LANG/…, an IRI stays {base}id/… and resolves. VoID's downloads,
    landing pages and the cube's document said {base}dumps/… (and {base}void.ttl, {base}cube.ttl,
    {base}index.html), files the publication does not have: 404."""
    found = addresses_in_the_publication(publication)
    missing = []
    for url in sorted(found):
        path = "/" + url[len(DEFAULT_BASE) :]
        status, headers, _ = client.get(path, accept=BROWSER)
        if status == 303:  # an IRI (or the publication's folder): to a page in the client's language
            status, headers, _ = client.get(headers["location"], accept=BROWSER)
        if status != 200:
            missing.append((url, status, sorted(found[url])[:3]))
    assert missing == [], "\n".join(map(str, missing))
    assert len(found) > 2000  # every page in three languages, the IRIs, the files VoID names
    void = {lang: (publication / lang / "void.ttl").read_text(encoding="utf-8") for lang in LANGUAGES}
    for lang, text in void.items():  # each site's description names its own files
        assert f"<{DEFAULT_BASE}{lang}/dumps/kgtool.nt>" in text and f"<{DEFAULT_BASE}{lang}/cube.ttl>" in text
        assert f"<{DEFAULT_BASE}dumps/" not in text and f"<{DEFAULT_BASE}{lang}/id/" not in text
        assert f'"{DEFAULT_BASE}id/"' in text  # the IRIs' space: unchanged
    assert f"<{DEFAULT_BASE}en/cube.ttl#>" in (publication / "en" / "cube.ttl").read_text(encoding="utf-8")
    assert f"{DEFAULT_BASE}id/dataset" in found  # the dataset cited by its IRI


def test_every_page_names_its_siblings_for_search_engines(publication: Path) -> None:
    """Each page's <link rel="alternate" hreflang> set: the same page in every language of the
    publication, its own among them, and x-default, the default language's (English): absolute
    addresses, each of a page that is there."""
    pages = 0
    for lang in LANGUAGES:
        for path in (publication / lang).rglob("*.html"):
            name = path.relative_to(publication / lang).as_posix()
            links = ALTERNATE.findall(path.read_text(encoding="utf-8"))
            expected = [(code, f"{DEFAULT_BASE}{code}/{name}") for code in LANGUAGES]
            assert links == [*expected, ("x-default", f"{DEFAULT_BASE}en/{name}")], path
            assert all((publication / code / name).is_file() for code in LANGUAGES), name
            pages += 1
    assert pages > 1500


def test_an_unknown_iri_and_an_unacceptable_type(client: Client) -> None:
    status, headers, body = client.get("/id/kg/law/no-such-act", accept="text/html", accept_language="ru")
    assert status == 404 and body.startswith(b"ERROR [serve#unknown-resource]") and headers["vary"] == BOTH
    assert headers["content-language"] == "ru"
    status, headers, _ = client.get(f"/id/{ART52}", accept="image/png")
    assert status == 406 and headers["vary"] == BOTH


def test_the_ontology_iri_leads_a_browser_to_its_page_and_gives_rdf_itself(client: Client, publication: Path) -> None:
    status, headers, _ = client.get("/ontology", accept=BROWSER, accept_language="ky")
    # a page in a language's folder, whose relative links work from there only
    assert status == 303 and headers["location"] == "/ky/ontology.html" and headers["vary"] == BOTH
    status, headers, body = client.get("/ontology", accept="text/turtle", accept_language="ky")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and headers["vary"] == BOTH
    assert headers["content-location"] == "/en/ontology.ttl" and "content-language" not in headers
    assert all((publication / code / "ontology.ttl").read_bytes() == body for code in LANGUAGES)


@pytest.mark.parametrize("language, lang", [("ru", "ru"), ("ky;q=0.9, en;q=0.2", "ky"), (None, "en")])
def test_the_root_leads_to_the_home_page_in_the_clients_language(
    client: Client, publication: Path, language: str | None, lang: str
) -> None:
    status, headers, _ = client.get("/", **({"accept_language": language} if language else {}))
    assert status == 303 and headers["location"] == f"/{lang}/" and headers["vary"] == "Accept-Language"
    status, headers, body = client.get(f"/{lang}/")
    assert status == 200 and body == (publication / lang / "index.html").read_bytes()
    assert headers["content-language"] == lang


def test_a_language_folder_without_its_slash_is_sent_to_it(client: Client) -> None:
    """As a static server does: the home page's relative links need the '/'."""
    status, headers, _ = client.get("/ky")
    assert status == 301 and headers["location"] == "/ky/"


def test_each_query_page_asks_an_endpoint_beside_it(client: Client, publication: Path) -> None:
    status, headers, _ = client.get("/sparql", accept=BROWSER, accept_language="ru")
    assert status == 303 and headers["location"] == "/ru/sparql" and headers["vary"] == BOTH
    status, headers, body = client.get("/ru/sparql", accept=BROWSER)
    assert status == 200 and body == (publication / "ru" / "sparql.html").read_bytes()
    assert headers["content-language"] == "ru" and headers["vary"] == "Accept"
    ask = urllib.parse.quote("ASK { ?s ?p ?o }")
    for path in ("/sparql", *(f"/{lang}/sparql" for lang in LANGUAGES)):
        status, _, body = client.get(f"{path}?query={ask}", accept="application/sparql-results+json")
        assert status == 200 and b'"boolean":true' in body.replace(b" ", b""), path
        form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
        status, _, body = client.get(
            path,
            "POST",
            form,
            content_type="application/x-www-form-urlencoded",
            accept="application/sparql-results+json",
        )
        assert status == 200 and b'"boolean":true' in body.replace(b" ", b""), path
    status, _, body = client.get("/ky/sparql", "POST", b"CLEAR ALL", content_type="application/sparql-update")
    assert status == 403 and body.startswith(b"ERROR [serve#read-only]")
    status, _, _ = client.get("/xx/sparql", "POST", b"ASK {}", content_type="application/sparql-query")
    assert status == 405
    status, _, body = client.get("/sparql", accept="application/sparql-results+json")
    assert status == 400 and body.startswith(b"ERROR [serve#no-query]")


def test_one_language_served_alone_is_served_with_a_warning(publication: Path) -> None:
    """Its pages' switches lead to the sites beside it, which are not served: the warning names
    the folder to serve instead."""
    with kgtool_serve_logged("--quiet", "--site", str(publication / "en"), "--lang", "en") as (base, log_text):
        client = Client(base)
        try:
            assert client.get("/index.html")[0] == 200
            assert client.get("/ky/index.html")[0] == 404
        finally:
            client.close()
        log = log_text()
    assert "WARNING [serve#one-language]" in log and "ky, ru" in log
    assert f"kgtool serve --site {publication}" in log


# --- what a folder is (no server) --------------------------------------------------------------


def test_the_layout_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "ky").mkdir()
    (tmp_path / "ky" / ".kgtool-site").write_text("x", encoding="utf-8")
    (tmp_path / "ru").mkdir()  # not a site: no marker
    (tmp_path / "ru" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / ".kgtool-site").write_text("x", encoding="utf-8")
    assert site_languages(tmp_path) == ("ky", "en") and servable(tmp_path)
    assert languages_beside(tmp_path / "en") == ("ky",) and languages_beside(tmp_path / "ru") == ()
    layout = Layout.of(tmp_path, "ru")  # the server's language is not published: the first that is
    assert layout.several and layout.default == "ky" and layout.site() == tmp_path / "ky"
    assert Layout.of(tmp_path, "en").prefix() == "/en/"
    single = Layout.of(tmp_path / "en", "ru")
    assert not single.several and single.site() == tmp_path / "en" and single.prefix() == "/"
    assert not servable(tmp_path / "ru") and site_languages(tmp_path / "ru") == ()
