"""``kgtool serve``: a local linked-data server over a published site.

It resolves resource IRIs the way the published Apache/nginx rules do (``kgtool.site.conneg``):
``GET /id/PATH`` answers 303 See Other to the page or RDF document the Accept header asks
for (with ``Vary: Accept``), ``GET /ontology`` answers the ontology document itself, and
every other path is a file of the site. ``/sparql`` is a read-only SPARQL 1.1 Protocol
endpoint (GET and POST; JSON, XML, CSV, TSV results) with a small query page.

A publication in several languages (``kgtool.serve.layout``: ``DIR/ky``, ``DIR/ru``, ``DIR/en``)
is served from DIR, so each file is where a static server serving DIR puts it and the pages'
language switches (``../ru/…``) resolve. An IRI asked for as HTML leads to its page in the
language of the publication the client's Accept-Language prefers, else the server's; as RDF, to
the default language's documents (the same bytes in every folder); ``/`` and ``/sparql`` lead a
browser to the site or query page in its language, and each site's query page asks the endpoint
beside it, ``/LANG/sparql``. Every answer that depends on Accept-Language says so in Vary, and
each page of a language's site names its language in Content-Language.

One thread per connection (the standard library's ThreadingHTTPServer, at most
``max_connections``); queries run in worker processes with a time limit and an answer-size
limit (``kgtool.serve.query_service``). Clients are not trusted: requests are read under
idle and read time-outs and a header budget (``kgtool.serve.connection``), request lines and
Content-Length are parsed strictly, every answer has a status line and carries nosniff and
the site's Content-Security-Policy, and a client that hangs up is not logged as an error.
A request head that was answered from a kept answer is answered again from its bytes
(``Replay``), without parsing it a second time. An error answer is said in the language the
client's Accept-Language prefers, else the server's (``kgtool.serve.languages``), with
Content-Language and ``Vary: Accept-Language``; an answer of data is the same for every client.
"""

from __future__ import annotations

import posixpath
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from kgtool.serve.connection import (
    ClientStream,
    ClientWriter,
    Headers,
    HeadersTooLarge,
    RequestTimeout,
    parse_header_lines,
    query_params,
    read_headers,
    split_target,
)
from kgtool.serve.languages import language_asked
from kgtool.serve.layout import Layout
from kgtool.serve.query_service import (
    Answer,
    QueryService,
    format_key,
    not_acceptable,
    read_only,
    refusal,
    reword_syntax_error,
)
from kgtool.site.conneg import (
    CONTENT_TYPES,
    DOCUMENT_TYPES,
    SAFE_PATH,
    SECURITY_HEADERS,
    document_extension,
    document_file,
)
from kgtool.site.query_page import QUERY_PAGE
from kgtool.vocab import DATA_NAMESPACE, DEFAULT_LANG

# a request line: METHOD SP request-target SP HTTP-version (RFC 9112 3); a method is a token
REQUEST_LINE = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([!-~]+) HTTP/([0-9])\.([0-9])\r?\n")
CONTENT_LENGTH = re.compile(r"[0-9]{1,18}")
# a request line may hold a GET query of --max-request-bytes, plus the method, path and version
REQUEST_LINE_SLACK = 8192
WRITE_CHUNK = 65536  # an answer is written in parts, each within the time-out
# a client must take an answer at this rate at least (on top of the read time-out), so a large
# answer is not held for hours by a client that reads one part now and then
MIN_READ_RATE = 256 * 1024  # bytes per second
# the bytes of large answers held for clients at once, all connections together (one answer is
# always let through when none is held, whatever its size)
IN_FLIGHT_BYTES = 512 * 1024 * 1024
# request heads answered again without parsing them (``Replay``): how many, and how long each at most
REPLAYS = 256
REPLAY_HEAD = 8192
# the security headers every answer carries, as header lines
SECURITY_LINES = "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
# an error's HTTP status -> its ID, for the few errors the standard library's code may still send
STATUS_IDS = {
    400: "serve#bad-request-line",
    405: "serve#method-not-allowed",
    408: "serve#request-timeout",
    414: "serve#too-long",
    431: "serve#headers-too-large",
    505: "serve#http-version",
}
# the last Date header and its second (RequestHandler.date_time_string)
_date: tuple[int, str] = (0, "")
# the errors of a client that went away: no answer can reach it, and nothing is wrong with the server
# (BlockingIOError: a kernel time-out on a blocking socket, should one reach past ClientWriter)
DISCONNECTS = (ConnectionError, TimeoutError, BlockingIOError)


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0  # seconds a query may run
    max_request_bytes: int = 1_000_000
    quiet: bool = False
    idle_timeout: float = 5.0  # seconds a connection may wait, idle, for its next request
    read_timeout: float = 20.0  # seconds a client has to send a whole request (and to take each part of an answer)
    max_header_bytes: int = 32_768  # the header block's lines, together
    max_bytes: int = 64_000_000  # the largest query answer
    # connections the kernel queues for accept(); the standard library's 5 made a burst of 20
    # clients wait for 1 s SYN retries
    backlog: int = 128
    max_connections: int = 256  # connections served at once, each with its thread
    # the language of error answers when the client's Accept-Language names none of kgtool's
    # (kgtool serve's --lang, or KGTOOL_LANG), and before its headers are read
    lang: str = DEFAULT_LANG


def is_file(path: Path) -> bool:
    """``path.is_file()``, and False where the system refuses to look: a name over 255 bytes
    (ENAMETOOLONG) raised out of ``is_file``, and the request got no answer but a traceback
    naming the site's folder."""
    try:
        return path.is_file()
    except OSError:
        return False


def is_dir(path: Path) -> bool:
    """``path.is_dir()``, and False where the system refuses to look (see ``is_file``)."""
    try:
        return path.is_dir()
    except OSError:
        return False


# how much of a client's text (a path, a request line) an answer or a log line quotes: a request
# line may be a megabyte long
QUOTED_TEXT = 200
LOGGED_LINE = 2000


def shortened(text: str, limit: int = QUOTED_TEXT) -> str:
    """``text``, or its first ``limit`` characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


class _HTTPServer(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` at once (past that a connection
    is answered 503 at once and closed, so clients cannot pile up threads); a backlog sized for
    bursts; no tracebacks for disconnects."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        backlog: int,
        max_connections: int,
        lang: str = DEFAULT_LANG,
    ) -> None:
        self.request_queue_size = backlog  # read by listen() in the constructor below
        self.slots = threading.BoundedSemaphore(max(1, max_connections))
        self.lang = lang  # a refused connection is not read: its answer is in the server's language
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()  # no thread started to release it
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def _refuse(self, request: socket.socket) -> None:
        answer = Answer.error(503, "serve#busy", "serve.busy_connections").in_language(self.lang)
        head = (
            f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: {answer.content_type}\r\n"
            f"Content-Length: {len(answer.body)}\r\nContent-Language: {answer.lang}\r\n"
            "Connection: close\r\nRetry-After: 1\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
            + "\r\n"
        )
        try:
            request.settimeout(1.0)  # the accepting thread never waits on a client for long
            request.sendall(head.encode("ascii") + answer.body)
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return  # a client that went away is not the server's failure
        super().handle_error(request, client_address)


@dataclass(frozen=True)
class Replay:
    """A request head (request line and header block, byte for byte) that was parsed, checked and
    answered from the kept answers (``WorkerPool.kept``): the same bytes parse the same way
    every time, so when they come again only the kept answer is looked up (still there: the
    cache may have dropped it since). Profiling ``ASK {}`` under load showed reading and
    parsing the head, the query string and the verdict lookup at half the server's time per
    request."""

    command: str
    path: str
    request_version: str
    requestline: str
    key: tuple[str, str | None, str | None]


class LinkedDataServer:
    """The HTTP server: bind on construction (so port 0 gets a real port), then serve."""

    def __init__(self, site: Path, service: QueryService, options: ServeOptions, query_page: bytes = b"") -> None:
        """``query_page``: what a browser opening /sparql gets; empty (the default) serves the
        site's own sparql.html, which kgtool publish wrote with the graph's choices in its forms."""
        self.site = Path(site).resolve()
        # one site, or sites in several languages side by side: read once, as the server starts
        self.layout = Layout.of(self.site, options.lang)
        self.service = service
        self.options = options
        self.query_page = query_page
        # the bytes of answers being written to clients now, over all connections (bounded)
        self.in_flight = 0
        self.in_flight_lock = threading.Lock()
        # request heads seen before and answered from kept answers, the oldest dropped first
        self.replays: dict[bytes, Replay] = {}
        self.replays_lock = threading.Lock()
        handler = type("Handler", (RequestHandler,), {"server_state": self})
        self.httpd = _HTTPServer(
            (options.host, options.port), handler, options.backlog, options.max_connections, options.lang
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True, name="kgtool-serve")
        thread.start()
        return thread

    def stop_accepting(self) -> None:
        """End ``serve_forever`` (from another thread: it waits for the loop to notice)."""
        self.httpd.shutdown()

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.service.close()


class RequestHandler(BaseHTTPRequestHandler):
    """One connection: requests read under ``ClientStream``'s limits, parsed strictly (an HTTP/1.x
    request line or a 4xx answer, never the standard library's HTTP/0.9 reply without a status
    line), and answered with the security headers on every answer."""

    server_state: LinkedDataServer
    server_version = "kgtool-serve"
    sys_version = ""  # the Server header names no Python version
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY on each connection: a keep-alive client's next request must not wait for
    # the acknowledgement of the previous answer (Nagle's algorithm with delayed ACKs: ~40 ms)
    disable_nagle_algorithm = True
    rfile: ClientStream
    wfile: ClientWriter
    headers: Headers

    # --- plumbing ------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        options = self.server_state.options
        self.rfile.close()  # the standard library's reader, replaced by one with deadlines and a budget
        self.rfile = ClientStream(self.connection, options.idle_timeout, options.read_timeout, options.max_header_bytes)
        self.body_read = False
        # every write ends within the read time-out, also one written by the standard library's
        # code (a 100 Continue)
        self.wfile.close()
        self.wfile = ClientWriter(self.connection, options.read_timeout)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server_state.options.quiet:
            text = format % args  # may quote a garbage request line: escape what a terminal would act on
            safe = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in shortened(text, LOGGED_LINE))
            sys.stderr.write(f"{self.address_string()} {safe}\n")

    def handle_one_request(self) -> None:
        """Read one request within the time-outs and limits, and answer it; a client that went
        away ends the connection without a word in the log."""
        self.command = ""
        self.request_version = "HTTP/1.1"  # so that an early error still has a status line
        self.requestline = ""
        self.close_connection = True
        self.body_read = False
        self.body_follows = False
        self.headers_read = False  # the headers of this request (and so its Accept-Language) are not read yet
        stream = self.rfile
        stream.next_request()
        limit = self.server_state.options.max_request_bytes + REQUEST_LINE_SLACK
        try:
            # a head that is in the buffer whole is answered again (``_replay``) or split at once
            head = stream.buffered_head(REPLAY_HEAD)
            if head is not None and self._replay(stream, head):
                return
            taken = stream.take_head(head) if head is not None else None
            if taken is not None:
                self.raw_requestline, block = taken
            else:
                block = None
                self.raw_requestline = stream.readline(limit + 1)
                if not self.raw_requestline:
                    return  # the client closed the connection
                if len(self.raw_requestline) > limit:
                    self.fail(414, "serve#too-long", "serve.too_long_line", close=True)
                    return
            if not self.parse_request(block):
                return
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.fail(
                    405,
                    "serve#method-not-allowed",
                    "serve.method_unknown",
                    headers={"Allow": "GET, HEAD, POST"},
                    close=True,
                    method=self.command,
                )
                return
            if self._has_body() and self.command != "POST":
                self.close_connection = True  # its body is not read, and must not be taken for the next request
            method()
            if not self.body_read and self._has_body():
                self.close_connection = True
        except RequestTimeout:
            if stream.started:
                self.fail(
                    408,
                    "serve#request-timeout",
                    "serve.request_timeout",
                    close=True,
                    seconds=self.server_state.options.read_timeout,
                )
            self.close_connection = True
        except HeadersTooLarge:
            self.fail(
                431,
                "serve#headers-too-large",
                "serve.headers_too_large",
                close=True,
                limit=self.server_state.options.max_header_bytes,
            )
        except DISCONNECTS:
            self.close_connection = True

    def _replay(self, stream: ClientStream, head: bytes) -> bool:
        """Answer a request whose head (``head``, in the buffer) is byte for byte one answered
        before from a kept answer (``Replay``), if the answer is still kept; True if answered.
        Nothing is read otherwise."""
        state = self.server_state
        replay = state.replays.get(head)
        if replay is None:
            return False
        kept = getattr(state.service, "kept", None)
        answer = kept(*replay.key) if kept is not None else None
        if answer is None:
            return False
        stream.read(len(head))
        self.command, self.path = replay.command, replay.path
        self.request_version, self.requestline = replay.request_version, replay.requestline
        self.close_connection = False
        self.send(answer, {"Vary": "Accept"})
        return True

    def _remember(self, key: tuple[str, str | None, str | None], answer: Answer) -> None:
        """Keep this request's head for ``_replay`` when it is a plain GET on a connection that
        stays open, answered from a kept answer."""
        kept = getattr(self.server_state.service, "kept", None)
        head = self.raw_requestline + b"".join(self.rfile.header_lines)
        if (
            self.command != "GET"
            or self.close_connection
            or self._has_body()
            or "expect" in self.headers.first
            or len(head) > REPLAY_HEAD
            or not head.endswith(b"\r\n\r\n")
            or kept is None
            or kept(*key) is not answer
        ):
            return
        state = self.server_state
        with state.replays_lock:
            if head not in state.replays and len(state.replays) >= REPLAYS:
                del state.replays[next(iter(state.replays))]
            state.replays[head] = Replay(self.command, self.path, self.request_version, self.requestline, key)

    def parse_request(self, block: list[bytes] | None = None) -> bool:
        """The request line and headers, strictly: anything else is answered 400, 414, 431 or 505.
        ``block``: the header block's lines, taken from the buffer already (``take_head``);
        None: they are read here."""
        line = self.raw_requestline
        self.requestline = line.rstrip(b"\r\n").decode("latin-1")
        found = REQUEST_LINE.fullmatch(line)
        if found is None:
            self.fail(400, "serve#bad-request-line", "serve.bad_request_line", close=True)
            return False
        method, target, major, minor = found.groups()
        if (major, minor) not in ((b"1", b"0"), (b"1", b"1")):
            version = f"HTTP/{major.decode()}.{minor.decode()}"
            self.fail(505, "serve#http-version", "serve.http_version", close=True, version=version)
            return False
        if not target.startswith(b"/"):
            self.fail(400, "serve#bad-request-line", "serve.bad_request_target", close=True)
            return False
        self.command = method.decode("ascii")
        self.path = "/" + target.decode("ascii").lstrip("/")
        self.request_version = "HTTP/1.1" if minor == b"1" else "HTTP/1.0"  # the two let through above
        if block is not None:
            self.headers = parse_header_lines(block)
        else:
            self.rfile.begin_headers()
            self.headers = read_headers(self.rfile)
            self.rfile.end_headers()
        self.headers_read = True
        fields = self.headers.first
        # whether a body follows, once per request (content-length other than 0, or any transfer coding)
        self.body_follows = (fields.get("content-length") or "0").strip() != "0" or "transfer-encoding" in fields
        connection = fields.get("connection", "").lower()
        self.close_connection = self.request_version == "HTTP/1.0"
        if "close" in connection:
            self.close_connection = True
        elif "keep-alive" in connection:
            self.close_connection = False
        expect = fields.get("expect", "").lower()
        if expect == "100-continue" and self.request_version == "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def _has_body(self) -> bool:
        return self.body_follows

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's error page, replaced by this server's: a status line, one
        readable line with an ID, and the connection closed."""
        error_id = STATUS_IDS.get(code, "serve#bad-request-line")
        status = code if code in STATUS_IDS else 400
        # the standard library's account of what is wrong, quoted as it gives it
        detail = message or self.responses.get(status, ("",))[0]
        self.fail(status, error_id, "serve.request_refused", close=True, detail=detail)

    def language(self) -> str:
        """The language of this request's error answer: the one its Accept-Language prefers
        (every such field, in order), else the server's (``ServeOptions.lang``), which is also the
        language of an answer given before the headers are read."""
        default = self.server_state.options.lang
        if not self.headers_read:
            return default
        fields = self.headers.get_all("Accept-Language")
        return language_asked(", ".join(fields), default) if fields else default

    def send(self, answer: Answer, headers: dict[str, str] | None = None) -> None:
        # The header block is collected, then written with a small body in one write (one send on
        # the socket): written apart, a small answer took two packets. A large body follows the
        # head in parts, from the answer itself (no copy), within one deadline for the whole answer.
        if self.close_connection:  # the client learns that this connection ends with this answer
            headers = {**(headers or {}), "Connection": "close"}
        if answer.words is not None:
            answer, headers = self._in_language(answer, headers)
        body = b"" if self.command == "HEAD" else answer.body
        state = self.server_state
        held = len(body) > WRITE_CHUNK  # a small answer goes out whatever is held (no lock taken)
        if held:
            with state.in_flight_lock:
                if state.in_flight and state.in_flight + len(body) > IN_FLIGHT_BYTES:
                    held = False
                    answer, headers = self._in_language(Answer.error(503, "serve#busy", "serve.busy_sending"), headers)
                    body = b"" if self.command == "HEAD" else answer.body
                else:
                    state.in_flight += len(body)
        try:
            self._write(answer, body, headers)
        finally:
            if held:
                with state.in_flight_lock:
                    state.in_flight -= len(body)

    def _in_language(self, answer: Answer, headers: dict[str, str] | None) -> tuple[Answer, dict[str, str]]:
        """An error answer in the language of the request (``language``), with the headers that say
        so: Content-Language, and Accept-Language added to Vary (its words depend on it)."""
        answer = answer.in_language(self.language())
        extra = dict(headers or {})
        vary = extra.get("Vary")
        if not vary:
            extra["Vary"] = "Accept-Language"
        elif "accept-language" not in vary.lower():
            extra["Vary"] = f"{vary}, Accept-Language"
        extra["Content-Language"] = answer.lang or DEFAULT_LANG
        return answer, extra

    def _write(self, answer: Answer, body: bytes, headers: dict[str, str] | None) -> None:
        head = self._head(answer, headers)
        read_timeout = self.server_state.options.read_timeout
        out = self.wfile
        # each part must be taken within the read time-out, and the whole answer within its
        # deadline; a write past either raises TimeoutError
        began = time.monotonic()
        deadline = began + read_timeout + len(body) / MIN_READ_RATE
        if len(body) <= WRITE_CHUNK:
            out.send(head + body, began + read_timeout)
            return
        out.send(head, began + read_timeout)
        data = memoryview(body)
        for start in range(0, len(data), WRITE_CHUNK):
            out.send(data[start : start + WRITE_CHUNK], min(time.monotonic() + read_timeout, deadline))

    def _head(self, answer: Answer, headers: dict[str, str] | None) -> bytes:
        """The status line and header block, as ``send_response`` and ``send_header`` write them,
        built in one string: through them it was a fifth of a small answer's time."""
        self.log_request(answer.status)
        phrase = self.responses[answer.status][0] if answer.status in self.responses else ""
        head = (
            f"{self.protocol_version} {answer.status} {phrase}\r\nServer: {self.version_string()}\r\n"
            f"Date: {self.date_time_string()}\r\nContent-Type: {answer.content_type}\r\n"
            f"Content-Length: {len(answer.body)}\r\n"
        )
        extra = headers or {}
        if any(name in SECURITY_HEADERS for name in extra):  # replaced in place, as a merged dict orders them
            extra = {**SECURITY_HEADERS, **extra}
        else:
            head += SECURITY_LINES
        for name, value in extra.items():
            head += f"{name}: {value}\r\n"
            if name.lower() == "connection":  # as send_header: the answer says how the connection goes on
                if value.lower() == "close":
                    self.close_connection = True
                elif value.lower() == "keep-alive":
                    self.close_connection = False
        return (head + "\r\n").encode("latin-1", "strict")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.server_state.options.quiet:  # quiet: not even the line's words are put together
            super().log_request(code, size)

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header, formatted once a second rather than for every answer."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        global _date  # one value for all connections' threads; rebinding a name is atomic
        second = int(time.time())
        if _date[0] != second:
            _date = (second, super().date_time_string(second))
        return _date[1]

    def fail(
        self,
        status: int,
        error_id: str,
        key: str,
        /,
        hint_key: str | None = None,
        headers: dict[str, str] | None = None,
        close: bool = False,
        **values: object,
    ) -> None:
        """Answer the error ``error_id`` with the catalogue's message ``key`` (and hint, as
        ``Answer.error`` chooses it) in the request's language (``send``)."""
        if close:  # the rest of what the client sent cannot be trusted to be a request
            self.close_connection = True
            headers = {**(headers or {}), "Connection": "close"}
        self.send(Answer.error(status, error_id, key, hint_key=hint_key, **values), headers)

    # --- methods -------------------------------------------------------------------

    def do_GET(self) -> None:
        self.route()

    def do_HEAD(self) -> None:
        self.route()

    def do_POST(self) -> None:
        path = split_target(self.path)[0]
        if self._endpoint_language(unquote(path)) is None:
            self.fail(
                405,
                "serve#method-not-allowed",
                "serve.post_not_allowed",
                headers={"Allow": "GET, HEAD"},
                close=True,  # its body is not read
                path=shortened(path),
            )
            return
        self.sparql_post()

    def _not_allowed(self) -> None:
        self.fail(
            405,
            "serve#method-not-allowed",
            "serve.method_read_only",
            headers={"Allow": "GET, HEAD, POST"},
            method=self.command,
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def route(self) -> None:
        target, query = split_target(self.path)
        path = unquote(target)
        if path.startswith("/id/"):
            self.resolve(path[len("/id/") :])
        elif path in ("/ontology", "/ontology/"):
            self.ontology()
        elif (lang := self._endpoint_language(path)) is not None:
            self.sparql_get(query, lang)
        else:
            self.static(path)

    def _endpoint_language(self, path: str) -> str | None:
        """Whether ``path`` is the SPARQL endpoint: ``""`` for ``/sparql``, a language's code for
        the endpoint beside that language's site (``/ky/sparql``, where its query page asks), else None."""
        if path == "/sparql":
            return ""
        layout = self.server_state.layout
        if layout.several and path.endswith("/sparql"):
            lang = path[1 : -len("/sparql")]
            if lang in layout.languages:
                return lang
        return None

    # --- languages of a publication in several ----------------------------------------

    def page_language(self) -> str:
        """The language of the publication whose page this request gets: the one its
        Accept-Language prefers among those published, else the default (``Layout``)."""
        layout = self.server_state.layout
        fields = self.headers.get_all("Accept-Language") if self.headers_read else None
        if not fields:
            return layout.default
        return language_asked(", ".join(fields), layout.default, layout.languages)

    def vary(self) -> dict[str, str]:
        """The Vary of an answer chosen by the Accept header: also Accept-Language in a publication
        in several languages, where the same request gets a page in another language for another
        client (the same header on every answer to the URL, whichever document it chose)."""
        return {"Vary": "Accept, Accept-Language" if self.server_state.layout.several else "Accept"}

    def see_other(self, location: str, headers: dict[str, str], status: int = 303) -> None:
        """Send the client to ``location`` (a path of this server, quoted)."""
        phrase = "See Other" if status == 303 else "Moved Permanently"
        body = f"{phrase}: {location}\n".encode()
        self.send(Answer(status, "text/plain; charset=utf-8", body), {"Location": location, **headers})

    # --- linked data ---------------------------------------------------------------

    def resolve(self, local: str) -> None:
        """A resource IRI: 303 See Other to the document the client asks for; a page in the
        language the client prefers when the publication has several (``page_language``)."""
        vary = self.vary()
        layout = self.server_state.layout
        if not SAFE_PATH.fullmatch(local) or not is_file(layout.site() / document_file(local, "html")):
            self.fail(
                404,
                "serve#unknown-resource",
                "serve.unknown_resource",
                headers=vary,
                iri=DATA_NAMESPACE + shortened(local),
            )
            return
        ext = document_extension(self.headers.get("Accept"))
        if ext is None:
            self.send(not_acceptable(list(DOCUMENT_TYPES.values())), vary)
            return
        # the RDF documents are the same bytes in every language's folder: the default's, for every client
        lang = self.page_language() if ext == "html" and layout.several else None
        self.see_other(layout.prefix(lang) + quote(document_file(local, ext)), vary)

    def ontology(self) -> None:
        """The ontology IRI (hash IRIs): its document itself, in the format asked for. In a
        publication in several languages a browser is sent to the ontology's page in its language
        instead: the page's links are relative to its own folder."""
        vary = self.vary()
        ext = document_extension(self.headers.get("Accept"))
        if ext is None:
            self.send(not_acceptable(list(DOCUMENT_TYPES.values())), vary)
            return
        layout = self.server_state.layout
        name = f"ontology.{ext}"
        if ext == "html" and layout.several:
            self.see_other(layout.prefix(self.page_language()) + name, vary)
            return
        self.file(layout.site() / name, {**vary, "Content-Location": layout.prefix() + name})

    def static(self, path: str) -> None:
        relative = posixpath.normpath(path).lstrip("/")
        at_root = relative in ("", ".")
        if at_root:
            relative = "index.html"
        if relative.startswith("..") or any(part.startswith(".") for part in relative.split("/")):
            self.fail(404, "serve#not-found", "serve.not_found_file", path=shortened(path))
            return
        layout = self.server_state.layout
        site = layout.site()
        headers: dict[str, str] = {}
        if layout.several:  # the first segment names a language's site; nothing else is served
            if at_root:  # the home page in the client's language
                self.see_other(layout.prefix(self.page_language()), {"Vary": "Accept-Language"})
                return
            lang, _, relative = relative.partition("/")
            if lang not in layout.languages:
                self.fail(404, "serve#not-found", "serve.not_found_file", path=shortened(path))
                return
            if not relative:  # the site's folder itself
                if not path.endswith("/"):  # its pages' relative links need the '/', as a static server says
                    self.see_other(layout.prefix(lang), {}, 301)
                    return
                relative = "index.html"
            if relative.endswith(".html"):
                headers["Content-Language"] = lang
            site = layout.site(lang)
        target = site / relative
        if is_dir(target):
            target = target / "index.html"
        self.file(target, headers or None)

    def file(self, target: Path, headers: dict[str, str] | None = None) -> None:
        try:
            body = target.read_bytes() if is_file(target) else None
        except OSError:  # gone or unreadable since it was looked at
            body = None
        if body is None:
            self.fail(404, "serve#not-found", "serve.not_found", headers=headers, path=shortened(self.path))
            return
        content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        self.send(Answer(200, content_type, body), headers)

    # --- SPARQL protocol -----------------------------------------------------------

    def sparql_get(self, raw_query: str, lang: str = "") -> None:
        """A GET of the endpoint: ``/sparql``, or ``/LANG/sparql`` (``lang``) beside a language's site."""
        if len(raw_query.encode("utf-8")) > self.server_state.options.max_request_bytes:
            self.fail(414, "serve#too-long", "serve.too_long")
            return
        params = query_params(raw_query)
        if "update" in params:
            self.send(read_only())
            return
        if "query" not in params:
            # a browser gets the query page, another client a 400: the answer depends on Accept
            # (and, for /sparql of a publication in several languages, on Accept-Language)
            layout = self.server_state.layout
            vary = {"Vary": "Accept, Accept-Language"} if layout.several and not lang else {"Vary": "Accept"}
            if document_extension(self.headers.get("Accept")) == "html":
                # the site's own query page, written by kgtool publish (sparql.html)
                page = layout.site(lang or None) / QUERY_PAGE
                if self.server_state.query_page:
                    self.send(Answer(200, "text/html; charset=utf-8", self.server_state.query_page), vary)
                elif layout.several and not lang:  # the query page of the site in the client's language
                    self.see_other(layout.prefix(self.page_language()) + "sparql", vary)
                elif is_file(page):
                    self.file(page, {**vary, "Content-Language": lang} if lang else vary)
                else:
                    self.fail(404, "serve#not-found", "serve.no_query_page", headers=vary, page=QUERY_PAGE)
            else:
                self.fail(400, "serve#no-query", "serve.no_query", headers=vary)
            return
        self.answer_query(params)

    def sparql_post(self) -> None:
        limit = self.server_state.options.max_request_bytes
        if "Transfer-Encoding" in self.headers:
            self.fail(411, "serve#length-required", "serve.length_required_chunked", close=True)
            return
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self.fail(411, "serve#length-required", "serve.length_required", close=True)
            return
        values = {value.strip() for value in lengths}
        if len(values) != 1 or not CONTENT_LENGTH.fullmatch(next(iter(values))):
            shown = ", ".join(sorted(repr(v) for v in values))
            self.fail(400, "serve#bad-length", "serve.bad_length", close=True, given=shown[:80])
            return
        length = int(next(iter(values)))
        if length > limit:
            self.fail(413, "serve#too-large", "serve.too_large", close=True, size=length, limit=limit)
            return
        raw = self.rfile.read(length)
        self.body_read = True
        if len(raw) < length:  # the client closed its side before sending the whole body
            self.close_connection = True
            return
        body = raw.decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        query_string = split_target(self.path)[1]
        params = query_params(query_string)
        if "update" in params:  # an update in the URL is refused whatever the body holds, as for GET
            self.send(read_only())
            return
        if media == "application/x-www-form-urlencoded":
            form = query_params(body)
            if "update" in form:
                self.send(read_only())
                return
            params.update(form)
        elif media == "application/sparql-query":
            params["query"] = [body]
        elif media == "application/sparql-update":
            self.send(read_only())
            return
        else:
            if media:
                self.fail(415, "serve#unsupported-media-type", "serve.unsupported_media_type", media=shortened(media))
            else:
                self.fail(415, "serve#unsupported-media-type", "serve.no_media_type")
            return
        if "query" not in params:
            self.fail(400, "serve#no-query", "serve.no_query")
            return
        self.answer_query(params)

    def answer_query(self, params: dict[str, list[str]]) -> None:
        queries = params["query"]
        if len(queries) != 1:
            self.fail(400, "serve#bad-request", "serve.bad_request")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self.fail(400, "serve#no-dataset-parameters", "serve.no_dataset_parameters")
            return
        query = queries[0]
        service = self.server_state.service
        store_parses = bool(getattr(service, "store_parses", False))
        wait = self.server_state.options.timeout  # for the parse's turn, when the text gets one
        refused = refusal(query, store_parses, wait)
        if refused:
            self.send(refused)
            return
        fmt = format_key(next((params[k][0] for k in ("format", "output", "results") if params.get(k)), None))
        accept = self.headers.first.get("accept")
        # a head is remembered for ``_replay`` when its answer was kept already: a text sent once
        # (most of them, when every request is new) costs no head kept and pushes none out
        kept = getattr(service, "kept", None)
        answer = kept(query, accept, fmt) if kept is not None else None
        seen = answer is not None
        if answer is None:  # not looked up again by the service (``WorkerPool.run_unkept``)
            answer = getattr(service, "run_unkept", service.run)(query, accept, fmt)
        if store_parses:  # a text the store found no query in is refused as the parse here refuses it
            worded = reword_syntax_error(query, answer, wait)
            if worded is not answer:
                self.send(worded)
                return
        if seen:  # before the answer goes: the client may send the head again at once
            self._remember((query, accept, fmt), answer)
        self.send(answer, {"Vary": "Accept"})
