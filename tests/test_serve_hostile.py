"""`kgtool serve` against clients that do not play by the rules, probed with raw sockets on
127.0.0.1 (bounded in count and time): idle and slow clients are let go within the
time-outs, a negative or huge Content-Length and a header block over the limit are refused,
garbage request lines get an HTTP/1.1 status line and a 4xx, an answer larger than
--max-bytes is refused with an error that says so, every answer carries nosniff and the
content policy, a client that hangs up mid-answer leaves no traceback in the log, and after
all of it the server still answers normal requests. Served from a publication in several
languages, no path reads anything beside or above its language folders."""

from __future__ import annotations

import selectors
import socket
import struct
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from servers import SECRET, kgtool_serve_logged, publication_beside_secrets

from kgtool.serve.query_service import Answer
from kgtool.serve.server import LinkedDataServer, ServeOptions
from kgtool.site.conneg import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.slow

IDLE, READ = 1.0, 2.0  # the server's --idle-timeout and --read-timeout here
MAX_HEADER_BYTES = 8192
MAX_BYTES = 20_000
SLACK = 8.0  # seconds a loaded 2-core machine may add to a time-out before a test calls it a failure


@pytest.fixture(scope="module")
def site(published_site: Callable[[str], Path]) -> Path:
    return published_site("en")


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[int, Callable[[], str]]]:
    limits = ("--idle-timeout", str(IDLE), "--read-timeout", str(READ), "--timeout", "5")
    sizes = ("--max-header-bytes", str(MAX_HEADER_BYTES), "--max-bytes", str(MAX_BYTES), "--workers", "1")
    with kgtool_serve_logged("--site", str(site), *limits, *sizes) as (base, log_text):
        yield urllib.parse.urlsplit(base).port or 0, log_text


def exchange(port: int, data: bytes, timeout: float = READ + SLACK) -> bytes:
    """Send ``data`` on a new connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def still_answers(port: int, home: str = "/index.html") -> None:
    """A normal request on a new connection gets a normal answer."""
    answer = exchange(port, f"GET {home} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]


def status_and_body(answer: bytes) -> tuple[bytes, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0], body


# --- lengths and sizes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "length, status, error_id",
    [
        ("-1", b"400", b"serve#bad-length"),  # passed the size check and read to the end of the connection
        ("+5", b"400", b"serve#bad-length"),
        ("5, 6", b"400", b"serve#bad-length"),
        ("99999999999", b"413", b"serve#too-large"),
    ],
)
def test_content_length_cannot_bypass_the_body_limit(
    served: tuple[int, Callable[[], str]], length: str, status: bytes, error_id: bytes
) -> None:
    port, _ = served
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        + f"Content-Length: {length}\r\n\r\nASK {{}}".encode()
    )
    started = time.monotonic()
    line, body = status_and_body(exchange(port, request))
    assert line.startswith(b"HTTP/1.1 " + status) and error_id in body, (line, body)
    assert time.monotonic() - started < READ  # answered at once, not after waiting for a body
    still_answers(port)


def test_a_header_block_over_the_limit_is_refused(served: tuple[int, Callable[[], str]]) -> None:
    port, _ = served
    # 20 headers of 1000 bytes: each far below the standard library's 64 KiB a line, together over 8 KiB
    headers = b"".join(b"X-Padding-%d: %s\r\n" % (i, b"a" * 1000) for i in range(20))
    line, body = status_and_body(exchange(port, b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n"))
    assert line.startswith(b"HTTP/1.1 431 ") and b"serve#headers-too-large" in body, (line, body)
    still_answers(port)


GARBAGE = [
    b"hello\r\n\r\n",
    b"GET /\r\n\r\n",  # HTTP/0.9: answered with no status line by the standard library
    b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
    b"GET index.html HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTPS/1.1\r\nHost: x\r\n\r\n",
    b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # a TLS ClientHello to the plain-HTTP port
    b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_request_lines_get_a_status_line_and_a_4xx(
    served: tuple[int, Callable[[], str]], garbage: bytes
) -> None:
    port, _ = served
    line, body = status_and_body(exchange(port, garbage))
    assert line.startswith(b"HTTP/1.1 400 ") and b"ERROR [serve#bad-request-line]" in body, (garbage, line, body)
    still_answers(port)


def test_unknown_methods_and_versions(served: tuple[int, Callable[[], str]]) -> None:
    port, _ = served
    line, body = status_and_body(exchange(port, b"BREW /index.html HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert line.startswith(b"HTTP/1.1 405 ") and b"serve#method-not-allowed" in body
    line, body = status_and_body(exchange(port, b"GET /index.html HTTP/2.0\r\nHost: x\r\n\r\n"))
    assert line.startswith(b"HTTP/1.1 505 ") and b"serve#http-version" in body
    still_answers(port)


def test_an_unread_body_is_never_taken_for_the_next_request(served: tuple[int, Callable[[], str]]) -> None:
    """A GET that carries a body: the body is not read, so it must not be answered as a second
    request (request smuggling); the connection ends with the one answer."""
    port, _ = served
    hidden = b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n"
    request = b"GET /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(hidden), hidden)
    answer = exchange(port, request)
    assert answer.count(b"HTTP/1.1 ") == 1 and answer.startswith(b"HTTP/1.1 200 "), answer[:300]
    assert b"\r\nConnection: close\r\n" in answer.split(b"\r\n\r\n")[0] + b"\r\n"


# --- slow and idle clients -----------------------------------------------------------------


def test_a_hundred_slow_and_idle_clients_are_let_go(served: tuple[int, Callable[[], str]]) -> None:
    """40 connect and send nothing, 30 send half a header block, 30 a POST with a short body:
    every connection is closed by the server within the time-outs, the ones that began a
    request with a 408, and the server answers normal requests meanwhile and afterwards."""
    port, _ = served
    partial = {
        "idle": b"",
        "headers": b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "body": b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK",
    }
    kinds = ["idle"] * 40 + ["headers"] * 30 + ["body"] * 30
    selector = selectors.DefaultSelector()
    received: dict[socket.socket, bytes] = {}
    started = time.monotonic()
    try:
        for kind in kinds:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(partial[kind])
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ, kind)
            received[sock] = b""
        still_answers(port)  # a hundred threads waiting on slow clients do not stop the server
        closed: dict[str, list[bytes]] = {"idle": [], "headers": [], "body": []}
        deadline = started + READ + SLACK
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.5):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    chunk = sock.recv(65536)
                except ConnectionError:
                    chunk = b""
                received[sock] += chunk
                if not chunk:
                    closed[key.data].append(received[sock])
                    selector.unregister(sock)
        still_open = len(selector.get_map())
        elapsed = time.monotonic() - started
    finally:
        for sock in received:
            sock.close()
        selector.close()
    assert still_open == 0, f"{still_open} of {len(kinds)} unfinished requests still open after {elapsed:.1f} s"
    assert closed["idle"] == [b""] * 40  # nothing was asked, nothing is answered
    for answer in closed["headers"] + closed["body"]:
        line, body = status_and_body(answer)
        assert line.startswith(b"HTTP/1.1 408 ") and b"serve#request-timeout" in body, answer[:200]
    still_answers(port)


def test_a_client_dripping_bytes_is_cut_off_at_the_read_timeout(served: tuple[int, Callable[[], str]]) -> None:
    """A byte every 0.2 s keeps a per-read time-out from ever firing; the request as a whole
    must still arrive within --read-timeout."""
    port, _ = served
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=READ + SLACK) as sock:
        sock.sendall(b"GET /index.html HTTP/1.1\r\nX-Slow: ")
        answer = b""
        try:
            while time.monotonic() - started < READ + SLACK:
                sock.sendall(b"a")
                time.sleep(0.2)
        except ConnectionError:
            pass  # the server closed its side: the next byte found no one
        sock.settimeout(SLACK)
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionError:
            pass
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert elapsed < READ + SLACK
    still_answers(port)


# --- answers -------------------------------------------------------------------------------


def test_an_answer_over_max_bytes_is_refused_with_an_error_that_says_so(
    served: tuple[int, Callable[[], str]],
) -> None:
    port, _ = served

    def ask(query: str) -> bytes:
        target = "/sparql?" + urllib.parse.urlencode({"query": query, "format": "csv"})
        return exchange(port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())

    # every statement of the graph (tens of thousands of rows): far over 20 000 bytes
    line, body = status_and_body(ask("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 2000000"))
    assert line.startswith(b"HTTP/1.1 400 "), (line, body)
    assert b"ERROR [serve#answer-too-large]" in body and str(MAX_BYTES).encode() in body
    line, body = status_and_body(ask("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert line.startswith(b"HTTP/1.1 400 ") and b"serve#answer-too-large" in body
    # a small answer is still given
    line, body = status_and_body(ask("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5"))
    assert line.startswith(b"HTTP/1.1 200 ") and body.count(b"\n") == 6, body


@pytest.mark.parametrize(
    "target",
    [
        "/index.html",
        "/style.css",
        "/id/kg/law/constitution",
        "/no-such-page.html",
        "/sparql",
        "/sparql?query=ASK%7B%7D",
    ],
)
def test_every_answer_carries_nosniff_and_the_content_policy(
    served: tuple[int, Callable[[], str]], target: str
) -> None:
    headers = headers_of(served[0], target)
    assert headers["x-content-type-options"] == "nosniff", headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def headers_of(port: int, target: str) -> dict[str, str]:
    """The headers of the answer to GET ``target`` (Accept: text/html), by lower-case name."""
    head = exchange(
        port, f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n".encode()
    )
    return {
        name.strip().lower(): value.strip()
        for name, _, value in (line.decode().partition(":") for line in head.split(b"\r\n\r\n")[0].split(b"\r\n")[1:])
    }


def test_a_client_hanging_up_mid_answer_leaves_no_traceback(served: tuple[int, Callable[[], str]], site: Path) -> None:
    port, log_text = served
    dump = site / "dumps" / "kgtool.nt"
    # larger than a small receive window: the server is still writing when the client hangs up
    # (and if its last write went through, its wait for the next request meets the reset)
    assert dump.stat().st_size > 500_000
    for _ in range(5):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: the window offered
        sock.settimeout(10)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET /dumps/kgtool.nt HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200 ")
        # close with a reset, as a browser tab that is closed does
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    still_answers(port)
    time.sleep(0.5)  # the server's threads notice the resets
    log = log_text()
    assert "GET /dumps/kgtool.nt" in log  # the log is there, and logs requests
    assert "Traceback" not in log and "Error" not in log, log[-3000:]


@pytest.mark.parametrize(
    "target",
    ["/" + "a" * 300, "/id/" + "a" * 300, "/page/" + "a" * 256 + ".html", "/" + "a" * 900_000, "/" + "%61" * 300],
    ids=["segment-300", "id-300", "page-256", "path-900k", "escaped-300"],
)
def test_a_name_too_long_for_the_file_system_is_not_found_without_a_traceback(
    served: tuple[int, Callable[[], str]], target: str
) -> None:
    """A path segment over 255 bytes made the file system refuse to look (ENAMETOOLONG): no
    answer at all, and a traceback naming the site's folder; with a 1 MB request line, 1 MB
    of traceback a request. It is a 404 now, and what it quotes of the path is short."""
    not_found_quietly(*served, target)


def not_found_quietly(port: int, log_text: Callable[[], str], target: str, home: str = "/index.html") -> bytes:
    """GET ``target`` is a short 404, the server logs no traceback and a short line, and it still
    answers (``home``); the answer, for what it must not hold."""
    before = len(log_text())
    answer = exchange(port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    line, body = status_and_body(answer)
    assert line.startswith(b"HTTP/1.1 404 "), (line, body[:300])
    assert len(body) < 1000, body[:300]
    still_answers(port, home)
    time.sleep(0.2)
    logged = log_text()[before:]
    assert "Traceback" not in logged and "Errno" not in logged, logged[-3000:]
    assert len(logged) < 5000, logged[:300]
    return answer


# --- a publication in several languages: its language folders, and nothing beside them --------------


@pytest.fixture(scope="module")
def served_publication(
    published_languages: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, Callable[[], str]]]:
    """``kgtool serve`` of the project's publication in three languages, with a file beside the
    language folders and one above the folder served (``publication_beside_secrets``)."""
    root = publication_beside_secrets(published_languages, tmp_path_factory.mktemp("publication"))
    limits = ("--idle-timeout", str(IDLE), "--read-timeout", str(READ), "--workers", "1")
    with kgtool_serve_logged("--site", str(root), *limits) as (base, log_text):
        yield urllib.parse.urlsplit(base).port or 0, log_text


@pytest.mark.parametrize(
    "target",
    [
        "/secret.txt",  # beside the sites: in the folder served, part of no site
        "/../secret.txt",
        "/ky/../secret.txt",
        "/ky/../../secret.txt",
        "/ky/%2e%2e/secret.txt",
        "/ky/%2E%2E/%2e%2e/secret.txt",
        "/ky/..%2f..%2fsecret.txt",
        "/ky/page/../../../secret.txt",
        "/%2e%2e/secret.txt",
        "//secret.txt",
        "/ky/.kgtool-site",
        "/ru/.htaccess",
        "/ky/%2ekgtool-site",
        "/en/conf/../../secret.txt",
        "/index.html",  # no page of the folder served: each language's is in its folder
        "/xx/index.html",
        "/ky%2f..%2fsecret.txt",
        "/ky/" + "a" * 300,
        "/ru/page/" + "a" * 256 + ".html",
        "/en/" + "a" * 900_000,
        "/" + "%61" * 300 + "/index.html",
    ],
)
def test_nothing_beside_or_above_the_language_sites_is_read(
    served_publication: tuple[int, Callable[[], str]], target: str
) -> None:
    answer = not_found_quietly(*served_publication, target, home="/ky/index.html")
    # neither the secrets nor a hidden file of a site (the marker, .htaccess: both say who wrote them)
    assert SECRET not in answer and b"generated by kgtool publish" not in answer


@pytest.mark.parametrize("target", ["/ky/index.html", "/ru/", "/en/sparql.html", "/id/kg/law/constitution", "/", "/ky"])
def test_every_answer_of_a_publication_carries_nosniff_and_the_content_policy(
    served_publication: tuple[int, Callable[[], str]], target: str
) -> None:
    headers = headers_of(served_publication[0], target)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_a_large_file_of_a_language_folder_goes_out_within_the_limits(
    served_publication: tuple[int, Callable[[], str]], published_languages: Path
) -> None:
    """A dump in a language folder is written in parts, as the site's are: taken whole, the same bytes."""
    port, _ = served_publication
    answer = exchange(port, b"GET /ru/dumps/kgtool.nt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    line, body = status_and_body(answer)
    assert (
        line.startswith(b"HTTP/1.1 200 ") and body == (published_languages / "ru" / "dumps" / "kgtool.nt").read_bytes()
    )


# --- the listen backlog ----------------------------------------------------------------------


class _NoQueries:
    """No query is sent in this test: only connections are made."""

    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        raise AssertionError("no query was expected")

    def close(self) -> None:
        pass


def test_the_listen_backlog_holds_a_burst_of_clients(tmp_path: Path) -> None:
    """64 clients connect while the server has not yet accepted any: the kernel must complete
    every handshake at once (the standard library's backlog of 5 dropped the 7th SYN, and its
    client waited 1 s to retry)."""
    server = LinkedDataServer(tmp_path, _NoQueries(), ServeOptions(port=0, quiet=True), b"")
    port = server.httpd.server_address[1]
    clients: list[socket.socket] = []
    try:
        for i in range(64):
            try:
                clients.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))
            except TimeoutError:
                pytest.fail(f"connection {i + 1} was not accepted into the backlog")
    finally:
        for client in clients:
            client.close()
        server.httpd.server_close()


def test_connections_past_the_limit_are_answered_503_at_once(tmp_path: Path) -> None:
    """With --max-connections 3, a fourth open connection gets 503 serve#busy at once instead
    of a thread of its own; once the three go, the server answers again."""
    (tmp_path / "index.html").write_bytes(b"<!doctype html><title>index</title>")
    options = ServeOptions(port=0, quiet=True, max_connections=3, idle_timeout=30)
    server = LinkedDataServer(tmp_path, _NoQueries(), options, b"")
    server.start_in_thread()
    port = server.httpd.server_address[1]
    holders = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(3)]
    try:
        time.sleep(0.5)  # the three are accepted, each by its own thread
        line, body = status_and_body(exchange(port, b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5))
        assert line.startswith(b"HTTP/1.1 503 ") and b"serve#busy" in body, (line, body)
    finally:
        for sock in holders:
            sock.close()
    try:
        deadline = time.monotonic() + SLACK
        while True:  # the three threads see their clients gone and free their places
            answer = exchange(port, b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
            if answer.startswith(b"HTTP/1.1 200 ") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    finally:
        server.shutdown()


def test_a_forwarded_answer_is_held_to_max_bytes_too() -> None:
    """With --endpoint, a real Oxigraph server's answer larger than the limit is refused, not held."""
    from servers import oxigraph_server

    from kgtool.serve.query_service import ProxyService

    many = "SELECT ?x WHERE { VALUES ?x { " + " ".join(str(i) for i in range(1000)) + " } }"
    with oxigraph_server() as base:
        refused = ProxyService(base + "/query", max_bytes=2000).run(many, "text/csv", None)
        given = ProxyService(base + "/query", max_bytes=2000).run("ASK {}", "application/sparql-results+json", None)
    assert refused.status == 400 and b"ERROR [serve#answer-too-large]" in refused.body
    assert given.status == 200 and b"true" in given.body


# --- what an error answer quotes, and updates in the URL ------------------------------------


@pytest.mark.parametrize(
    "path, quoted",
    [
        ("/id/a%0d%0aSet-Cookie:%20evil=1", "a\\x0d\\x0aSet-Cookie: evil=1"),  # a quoted IRI, decoded
        ("/no-such-file%0d%0aSet-Cookie:%20evil=1", "/no-such-file%0d%0aSet-Cookie:%20evil=1"),  # a path as sent
        ("/id/a%1b%5b31mred%e2%80%a8next", "a\\x1b[31mred\\u2028next"),  # a terminal's escape, a line separator
    ],
)
def test_an_error_answer_quotes_a_request_on_its_own_line(
    served: tuple[int, Callable[[], str]], path: str, quoted: str
) -> None:
    """A CR LF in the path came into the error body raw: a second line, here a header's look-alike.
    What an answer quotes is escaped, so the error stays on its line (the hint follows on its own)."""
    port, _ = served
    answer = exchange(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    status, body = status_and_body(answer)
    assert status.startswith(b"HTTP/1.1 404 "), answer[:300]
    first, *rest = body.decode("utf-8").split("\n")
    assert first.startswith("ERROR [serve#") and first.isprintable(), body
    assert "\r" not in body.decode("utf-8") and all(line.startswith("  hint: ") or not line for line in rest), body
    assert quoted in first, first


def test_an_update_in_the_url_of_a_post_is_refused(served: tuple[int, Callable[[], str]]) -> None:
    """docs/publish.md: any ``update=`` is 403. With a query in the POST's body, an update in its
    URL got 200 (the update was not run, but the request was not refused as documented)."""
    port, _ = served
    update = urllib.parse.quote("LOAD <http://127.0.0.1:9/x> INTO GRAPH <urn:g>")
    query = b"ASK {}"
    for content_type, body in (
        ("application/sparql-query", query),
        ("application/x-www-form-urlencoded", b"query=" + urllib.parse.quote(query).encode()),
    ):
        head = (
            f"POST /sparql?update={update} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        status, answer = status_and_body(exchange(port, head.encode() + body))
        assert status.startswith(b"HTTP/1.1 403 ") and answer.startswith(b"ERROR [serve#read-only]"), (status, answer)
    still_answers(port)
