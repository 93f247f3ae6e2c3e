"""`kgtool serve` answers errors in the client's language: the one of ky, ru, en its
Accept-Language prefers, else the server's own (--lang, or KGTOOL_LANG).

The line keeps its fixed form in every language (``ERROR [serve#read-only] …`` and an indented
``hint: …``, what scripts match), with the same status; the message and the hint are the
catalogues' (docs/translating.md). The answer says its language (Content-Language) and that it
depends on the header (Vary: Accept-Language). A refusal kept for a repeated text is said anew
in each client's language; an answer of data, the same for all, carries neither header.
"""

from __future__ import annotations

import ast
import http.client
import re
import string
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import kgtool_serve_logged
from test_cli_languages import foreign_words

from kgtool.errors.catalogue import CATALOGUE, declared
from kgtool.i18n.catalogue import has, keys, t, translations
from kgtool.serve.languages import LONGEST_RANGE, language_asked
from kgtool.serve.query_service import Answer, id_hint
from kgtool.serve.server import STATUS_IDS
from kgtool.vocab import LANGUAGES

PACKAGE = Path(__file__).resolve().parents[1] / "kgtool"
UPDATE = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"


# --- choosing the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "default", "chosen"),
    [
        ("ru", "en", "ru"),
        ("ky", "en", "ky"),
        ("fr, ru;q=0.5", "en", "ru"),
        ("ru;q=0", "en", "en"),  # refused: the server's own
        (None, "en", "en"),
        (None, "ru", "ru"),
        ("", "ky", "ky"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "en", "ru"),  # what a browser in Russian sends
        ("ky-KG", "en", "ky"),
        ("ky-Cyrl-KG;q=0.8, en;q=0.5", "ru", "ky"),
        ("RU", "en", "ru"),  # ranges are case-insensitive
        ("fr, de", "ky", "ky"),  # none of kgtool's: the server's own
        ("*", "ru", "ru"),  # any language: the server's own
        ("fr, *;q=0.5", "ky", "ky"),
        ("*, ky", "en", "ky"),  # named beats "*" at the same weight
        ("ru;q=0, *", "en", "en"),
        ("ru;q=0, *", "ru", "ky"),  # "*" stands for the languages not refused
        ("*;q=0", "ru", "ru"),  # everything refused: the server's own still
        ("ky;q=0", "ky", "en"),  # the server's own refused: English (a review found ky kept)
        ("ky;q=0, en;q=0", "ky", "ru"),  # and then the one not refused
        ("ky;q=0, en;q=0, ru;q=0", "ky", "ky"),  # all refused by name: the server's own
        ("en;q=0.5, ru;q=0.5", "ky", "en"),  # equal weights: the one named first
        ("ru, ky", "en", "ru"),
        ("ru ; q=0.8 , ky;Q=0.9", "en", "ky"),  # white space around the parts
        ("ky;q=0.001", "en", "ky"),
        ("ru;q=1.000", "en", "ru"),
    ],
)
def test_the_language_a_header_prefers(header: str | None, default: str, chosen: str) -> None:
    assert language_asked(header, default) == chosen


@pytest.mark.parametrize(
    ("header", "default", "chosen"),
    [
        ("en", "ky", "ky"),  # not published: the default
        ("en, ru;q=0.2", "ky", "ru"),  # the one published it prefers
        ("*", "ru", "ru"),
        ("en, *;q=0.5", "ru", "ru"),  # "*" stands for the published ones only
        ("ru;q=0, *", "ru", "ky"),
        ("ru;q=0", "ru", "ky"),  # the default refused: another published one, never English
        ("ky;q=0, ru;q=0", "ru", "ru"),  # all refused: the default still
        ("ky-KG, ru;q=0.9", "ru", "ky"),
    ],
)
def test_the_language_a_header_prefers_among_those_published(header: str, default: str, chosen: str) -> None:
    """A publication in Kyrgyz and Russian only: a page in the language the client prefers among
    those, for kgtool serve's pages (an error answer chooses among all of kgtool's)."""
    assert language_asked(header, default, ("ky", "ru")) == chosen


@pytest.mark.parametrize(
    "header",
    [
        "ru;q=1.5",  # no weight above 1
        "ru;q=abc",
        "ru;q=",
        "ru;q=0.1234",  # at most three decimals
        "ru;level=1",  # no parameter but q
        "ru_RU",  # a locale, not a language tag
        "ru-",
        "-ru",
        "ruuuuuuuu",  # a subtag of nine letters
        ",,,;;;===",
        "\x00ru",
        "ру",  # not ASCII
        "ru;q=0.5;q=0.9",
        "ru-" + "a" * LONGEST_RANGE,
    ],
)
def test_a_malformed_range_is_passed_over_never_an_error(header: str) -> None:
    assert language_asked(header, "ky") == "ky"
    assert language_asked(header + ", ru;q=0.3", "en") == "ru"  # the rest of the header still counts


@pytest.mark.parametrize(
    "header",
    [
        "ru;q=0.5," * 100_000,  # many well-formed ranges
        "," * 1_000_000,
        "a" * 1_000_000,  # one enormous range
        "ru-" + "aaaaaaaa-" * 100_000,
        " " * 1_000_000,
        "ru;q=0." + "0" * 1_000_000,
    ],
    ids=["ranges", "commas", "letters", "subtags", "spaces", "digits"],
)
def test_a_huge_header_is_read_in_linear_time(header: str) -> None:
    """A megabyte (thirty times the default header budget) is read in well under a second; a
    reading that went back over the text would take minutes."""
    started = time.perf_counter()
    language_asked(header, "en")
    assert time.perf_counter() - started < 3


# --- every error the server can send, in every language --------------------------------------


def _constant(node: ast.expr | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def guard_keys() -> set[str]:
    """The catalogue keys the guard words its refusals with (``Refusal(KIND, "query.…")``), which
    serve's answers say by the key the guard names."""
    found = set(re.findall(r"\"(query\.[a-z_]+)\"", (PACKAGE / "sparql" / "guard.py").read_text(encoding="utf-8")))
    assert found >= {"query.not_sparql", "query.not_sparql_escapes", "query.empty", "query.too_many_tokens"}
    return found


def served_errors() -> set[tuple[int, str, str, str | None]]:
    """(status, ID, message key, hint key or None for ``Answer.error``'s choice) of every error
    answer the serve code makes: each ``Answer.error``, ``fail`` and ``guard_words`` call. A call
    whose status and ID are not written in it answers the IDs of ``STATUS_IDS``; one whose key is
    the guard's answers with every key of the guard."""
    found: set[tuple[int, str, str, str | None]] = set()
    for path in sorted((PACKAGE / "serve").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("error", "fail", "guard_words") or len(node.args) < 2:
                continue
            status, error_id = _constant(node.args[0]), _constant(node.args[1])
            key = _constant(node.args[2]) if name != "guard_words" and len(node.args) > 2 else None
            if key is None and name != "guard_words" and status is None:
                continue  # the definitions that pass their own arguments on (``fail``, ``guard_words``)
            hint = next((kw.value for kw in node.keywords if kw.arg == "hint_key"), None)
            hint_key = _constant(hint) if hint is not None else None
            if name == "guard_words":  # the hint the ID is declared with
                hint_key = f"serve.{str(error_id).removeprefix('serve#').replace('-', '_')}_hint"
            assert hint_key is None or isinstance(hint_key, str), ast.unparse(node)
            pairs = [(status, error_id)] if status is not None else list(STATUS_IDS.items())
            for code, answered in pairs:
                assert isinstance(code, int) and isinstance(answered, str), ast.unparse(node)
                for message in [key] if isinstance(key, str) else sorted(guard_keys()):
                    found.add((code, answered, message, hint_key))
    return found


def test_every_served_id_is_answered_by_the_code() -> None:
    """Every ID the catalogue declares with an HTTP status is one the serve code answers with, and
    the code answers with no other: the scan below sees every error the server can send."""
    served = {e.id for e in CATALOGUE.values() if e.status}
    assert len(served) > 25
    assert {error_id for _, error_id, _, _ in served_errors()} == served


def placeholders(key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(translations("en").gettext(key)) if name}


# words the answers quote as code in every language: protocol names, query forms, headers, paths
QUOTED = (
    "application/x-www-form-urlencoded",
    "application/sparql-query",
    "/sparql?query=…",
    "Transfer-Encoding",
    "Content-Length",
    "Content-Type",
    "'МЕТОД /путь HTTP/1.1'",
    "kgtool publish",
    "sparql.html",
    "query=…",
    "'query'",
    "SPARQL",
    "Update",
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "SERVICE",
    "VALUES",
    "LIMIT",
    "ORDER BY",
    "GROUP BY",
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "UNION",
    "BIND",
    "FILTER",
    "PREFIX",
    "BASE",
    "Accept",
    "POST",
    "GET",
    "HTTP",
    "Virtuoso",  # a store's name, the same in every language
    "\\u",  # a query's escapes, and the term for them in Russian and Kyrgyz (escape-последовательность)
    "escape",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_error_the_server_can_send_has_its_words_in_the_language(lang: str) -> None:
    """Each (status, ID, message) the code answers, with every placeholder filled: the fixed form
    and the ID, the hint an ID declared with one always has, nothing left unfilled, and in Russian
    and Kyrgyz words of that language only (what is quoted as code aside) and not the English."""
    errors = served_errors()
    assert len(errors) > 50
    for status, error_id, key, hint_key in sorted(errors):
        assert all(has(k) and k in keys(lang) for k in (key, hint_key) if k), (error_id, key, hint_key)
        # the placeholders of the message and of every hint ``Answer.error`` may choose for it
        hints = (hint_key, key + "_hint", id_hint(error_id))
        names = placeholders(key).union(*(placeholders(k) for k in hints if k and has(k)))
        values = dict.fromkeys(names, 1)  # a number suits every placeholder, {seconds:g} too
        made = Answer.error(status, error_id, key, hint_key=hint_key, **values)
        answer = made.in_language(lang)
        text = answer.body.decode("utf-8")
        assert answer.lang == lang and answer.status == status
        assert text.startswith(f"ERROR [{error_id}] ") and text.endswith("\n"), text
        assert "{" not in text and "}" not in text, text
        if declared(error_id).hint:
            assert "\n  hint: " in text, f"{error_id} is declared with a hint, and {key} is answered without one"
        if lang != "en":
            assert text != made.body.decode("utf-8")
            words = text.removeprefix(f"ERROR [{error_id}]").replace("\n  hint:", "\n")
            for literal in QUOTED:
                words = words.replace(literal, " ")
            assert foreign_words(words, lang) == [], (key, text)


def test_every_serve_key_the_code_names_is_in_every_catalogue() -> None:
    """The keys in serve's code, however they are passed (test_i18n's scan sees only ``t("…")``)."""
    named: set[str] = set()
    for path in sorted((PACKAGE / "serve").glob("*.py")):
        named.update(re.findall(r"""["'](serve\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert len(named) > 40
    for lang in LANGUAGES:
        assert not named - keys(lang), f"{lang}: {sorted(named - keys(lang))}"


# --- a real server ----------------------------------------------------------------------------


@contextmanager
def serving(site: Path, *args: str, env_lang: str | None = None) -> Iterator[str]:
    """`kgtool serve --site SITE ARGS` with KGTOOL_LANG set to ``env_lang`` (or unset)."""
    with pytest.MonkeyPatch.context() as patch:
        if env_lang is None:
            patch.delenv("KGTOOL_LANG", raising=False)
        else:
            patch.setenv("KGTOOL_LANG", env_lang)
        with kgtool_serve_logged("--quiet", "--site", str(site), *args) as (base, _):
            yield base


@pytest.fixture(scope="module")
def site(published_site: Callable[[str], Path]) -> Path:
    return published_site("en")


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serving(site) as base:
        yield base


Reply = tuple[int, dict[str, str], str]


def ask(
    base: str,
    path: str,
    language: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    conn: http.client.HTTPConnection | None = None,
) -> Reply:
    """One request (on ``conn`` when given, kept open), with Accept-Language ``language`` if any."""
    fields = dict(headers or {})
    if language is not None:
        fields["Accept-Language"] = language
    own = conn is None
    if conn is None:
        conn = http.client.HTTPConnection("127.0.0.1", urllib.parse.urlsplit(base).port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=fields)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        if own:
            conn.close()


def expected_line(error_id: str, key: str, hint_key: str, lang: str) -> str:
    return f"ERROR [{error_id}] {t(key, lang)}\n  hint: {t(hint_key, lang)}\n"


def read_only_line(lang: str) -> str:
    return expected_line("serve#read-only", "serve.read_only", "serve.read_only_hint", lang)


def assert_said_in(reply: Reply, lang: str, status: int = 403, body: str | None = None) -> None:
    got, headers, text = reply
    assert got == status, text
    assert text == (body if body is not None else read_only_line(lang))
    assert headers["content-language"] == lang
    assert "Accept-Language" in [v.strip() for v in headers["vary"].split(",")]


def update_get(query: str = UPDATE) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


@pytest.mark.slow
@pytest.mark.parametrize(
    ("header", "lang"),
    [("ru", "ru"), ("ky", "ky"), ("fr, ru;q=0.5", "ru"), ("ru;q=0", "en"), (None, "en"), ("ky-KG, ru;q=0.9", "ky")],
)
def test_an_update_is_refused_in_the_clients_language(server: str, header: str | None, lang: str) -> None:
    """The same ID and status in every language; an update sent as a query (left to the embedded
    store's parser, which reads queries only), as update=, and as a POST of SPARQL Update."""
    assert_said_in(ask(server, update_get(), header), lang)
    assert_said_in(ask(server, "/sparql?update=" + urllib.parse.quote(UPDATE), header), lang)
    sent = {"Content-Type": "application/sparql-update"}
    assert_said_in(ask(server, "/sparql", header, "POST", UPDATE.encode(), sent), lang)


@pytest.mark.slow
def test_a_russian_line_is_russian(server: str) -> None:
    _, _, text = ask(server, update_get(), "ru")
    assert text.startswith("ERROR [serve#read-only] ") and "\n  hint: " in text
    assert "только для чтения" in text and "read-only: SPARQL Update is refused" not in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_errors_of_the_http_layer_follow_the_language(server: str, lang: str) -> None:
    """Not only the SPARQL refusals: a page not found, a resource not in the graph, a method not
    allowed, a body of an unknown type, a syntax error (the parser's own words quoted inside)."""
    got, headers, text = ask(server, "/no-such-page.html", lang)
    assert got == 404 and headers["content-language"] == lang
    said = t("serve.not_found", lang, path="/no-such-page.html")
    assert text == f"ERROR [serve#not-found] {said}\n  hint: {t('serve.not_found_hint', lang)}\n"
    got, headers, text = ask(server, "/id/kg/no-such-thing", lang, headers={"Accept": "text/html"})
    assert got == 404 and headers["content-language"] == lang and headers["vary"] == "Accept, Accept-Language"
    assert t("serve.unknown_resource_hint", lang) in text
    got, headers, text = ask(server, "/index.html", lang, "DELETE")
    assert got == 405 and text.startswith("ERROR [serve#method-not-allowed] ")
    assert t("serve.method_read_only", lang, method="DELETE") in text
    got, _, text = ask(server, "/sparql", lang, "POST", b"x", {"Content-Type": "text/plain"})
    assert got == 415 and t("serve.unsupported_media_type", lang, media="text/plain") in text
    got, headers, text = ask(server, update_get("SELECT * WHERE { ?s ?p"), lang)
    assert got == 400 and text.startswith("ERROR [serve#bad-query] ") and headers["content-language"] == lang
    assert t("serve.bad_query_hint", lang) in text


@pytest.mark.slow
def test_a_kept_refusal_is_said_in_each_clients_language(server: str) -> None:
    """The verdict on a text is kept for the next time it comes (``refusal``'s cache), and an error
    answer for a repeated query is not answered from the words of the first client: the same text
    refused in turn in Russian, Kyrgyz, English and Russian again; on one kept-alive connection
    the language is each request's own."""
    text = "ASK { FILTER(1 +) }"  # a syntax error: kept as a verdict
    replies = [ask(server, update_get(text), lang) for lang in ("ru", "ky", "en", "ru")]
    assert [status for status, _, _ in replies] == [400] * 4
    assert [headers["content-language"] for _, headers, _ in replies] == ["ru", "ky", "en", "ru"]
    assert replies[0][2] == replies[3][2] and len({body for _, _, body in replies}) == 3
    conn = http.client.HTTPConnection("127.0.0.1", urllib.parse.urlsplit(server).port, timeout=30)
    try:
        for lang in ("ky", None, "ru", "ky"):
            assert_said_in(ask(server, update_get(), lang, conn=conn), lang or "en")
    finally:
        conn.close()


@pytest.mark.slow
def test_an_answer_of_data_is_the_same_in_every_language(server: str) -> None:
    """A query's result does not depend on Accept-Language (and is kept once for all clients): no
    Content-Language, no Vary on it."""
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "format": "json"})
    replies = [ask(server, path, lang) for lang in ("ru", "ky", None, "ru")]
    assert {(status, body) for status, _, body in replies} == {(200, replies[0][2])}
    for _, headers, _ in replies:
        assert "content-language" not in headers and "Accept-Language" not in headers.get("vary", "")


@pytest.mark.slow
def test_the_server_language_is_the_fallback(site: Path) -> None:
    """KGTOOL_LANG (here Kyrgyz) is the language of a client that names none of kgtool's or names
    none at all, and of an answer given before the headers are read; --lang wins over it."""
    with serving(site, env_lang="ky") as base:
        for header in (None, "fr, de", "ru;q=0", "*"):
            assert_said_in(ask(base, update_get(), header), "ky")
        assert_said_in(ask(base, update_get(), "en"), "en")
        conn = http.client.HTTPConnection("127.0.0.1", urllib.parse.urlsplit(base).port, timeout=30)
        try:  # a request line that is not HTTP: answered before any header is read
            conn.connect()
            assert conn.sock is not None
            conn.sock.sendall(b"GARBAGE\r\nAccept-Language: ru\r\n\r\n")
            received = b""
            while chunk := conn.sock.recv(65536):  # the server closes the connection after it
                received += chunk
            head = received.decode("utf-8")
        finally:
            conn.close()
        assert head.startswith("HTTP/1.1 400 ") and "\r\nContent-Language: ky\r\n" in head
        assert head.endswith(f"ERROR [serve#bad-request-line] {t('serve.bad_request_line', 'ky')}\n")
    with serving(site, "--lang", "ru", env_lang="ky") as base:
        assert_said_in(ask(base, update_get()), "ru")
        assert_said_in(ask(base, update_get(), "ky"), "ky")


def test_the_words_of_a_worker_come_back_with_its_answer(tmp_path: Path) -> None:
    """A worker process makes its answer without knowing the client: the words go with it, so the
    server says them in the client's language (a syntax error the store found, quoted as it
    wrote it, inside the translated sentence)."""
    from kgtool.serve.query_service import WorkerPool, one_line

    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n", encoding="utf-8")
    pool = WorkerPool([str(data)], size=1, timeout=20)
    try:
        failed = pool.run("SELECT * WHERE { ?s ?p ?o } ORDER BY", None, "json")
        tabled = pool.run("SELECT * WHERE { ?s ?p ?o }", None, "csv")
    finally:
        pool.close()
    assert failed.status == 400 and failed.words is not None and failed.lang == "en"
    russian = failed.in_language("ru").body.decode("utf-8")
    detail = dict(failed.words.values)["detail"]
    # the store's message, on the error's line (its line ends escaped: ``one_line``)
    assert "\n" in detail and "\n" not in str(one_line(detail))
    assert russian == (
        f"ERROR [serve#bad-query] {t('query.bad_sparql', 'ru', detail=one_line(detail))}\n"
        f"  hint: {t('serve.bad_query_hint', 'ru')}\n"
    )
    assert tabled.status == 200 and tabled.words is None and tabled.in_language("ru") is tabled
