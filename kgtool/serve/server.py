"""``kgtool serve``: a local linked-data server over a published site.

It resolves resource IRIs the way the published Apache/nginx rules do (``kgtool.site.conneg``):
``GET /id/PATH`` answers 303 See Other to the page or RDF document the Accept header asks
for (with ``Vary: Accept``), ``GET /ontology`` answers the ontology document itself, and
every other path is a file of the site. ``/sparql`` is a read-only SPARQL 1.1 Protocol
endpoint (GET and POST; JSON, XML, CSV, TSV results) with a small query page.

One thread per request (the standard library's ThreadingHTTPServer); queries run in
worker processes with a time limit (``kgtool.serve.query_service``).
"""

from __future__ import annotations

import io
import posixpath
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from kgtool.serve.query_service import Answer, QueryService, read_only, refusal
from kgtool.site.conneg import CONTENT_TYPES, DOCUMENT_TYPES, SAFE_PATH, document_extension, document_file

QUERY_PAGE = "sparql.html"


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0  # seconds a query may run
    max_request_bytes: int = 1_000_000
    quiet: bool = False


class LinkedDataServer:
    """The HTTP server: bind on construction (so port 0 gets a real port), then serve."""

    def __init__(self, site: Path, service: QueryService, options: ServeOptions, query_page: bytes) -> None:
        self.site = Path(site).resolve()
        self.service = service
        self.options = options
        self.query_page = query_page
        handler = type("Handler", (RequestHandler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer((options.host, options.port), handler)
        self.httpd.daemon_threads = True

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

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.service.close()


class RequestHandler(BaseHTTPRequestHandler):
    server_state: LinkedDataServer
    server_version = "kgtool-serve"
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY on each connection: a keep-alive client's next request must not wait for
    # the acknowledgement of the previous answer (Nagle's algorithm with delayed ACKs: ~40 ms)
    disable_nagle_algorithm = True

    # --- plumbing ------------------------------------------------------------------

    def log_message(self, format: str, *args: object) -> None:
        if not self.server_state.options.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def send(self, answer: Answer, headers: dict[str, str] | None = None) -> None:
        # The header block is collected, then written with the body in one write (one send on
        # the socket where it fits): written apart, a small answer took two packets.
        collected = io.BytesIO()
        socket_writer, self.wfile = self.wfile, collected
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            head = collected.getvalue()
        finally:
            self.wfile = socket_writer
        self.wfile.write(head if self.command == "HEAD" else head + answer.body)

    def fail(
        self, status: int, error_id: str, message: str, hint: str = "", headers: dict[str, str] | None = None
    ) -> None:
        self.send(Answer.error(status, error_id, message, hint), headers)

    # --- methods -------------------------------------------------------------------

    def do_GET(self) -> None:
        self.route()

    def do_HEAD(self) -> None:
        self.route()

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path != "/sparql":
            self.fail(
                405,
                "serve#method-not-allowed",
                f"POST is not allowed on {path}",
                hint="only /sparql accepts POST",
                headers={"Allow": "GET, HEAD"},
            )
            return
        self.sparql_post()

    def _not_allowed(self) -> None:
        self.fail(
            405,
            "serve#method-not-allowed",
            f"{self.command} is not allowed: this server is read-only",
            headers={"Allow": "GET, HEAD, POST"},
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    def route(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path.startswith("/id/"):
            self.resolve(path[len("/id/") :])
        elif path in ("/ontology", "/ontology/"):
            self.ontology()
        elif path == "/sparql":
            self.sparql_get(parts.query)
        else:
            self.static(path)

    # --- linked data ---------------------------------------------------------------

    def resolve(self, local: str) -> None:
        """A resource IRI: 303 See Other to the document the client asks for."""
        vary = {"Vary": "Accept"}
        if not SAFE_PATH.fullmatch(local) or not (self.server_state.site / document_file(local, "html")).is_file():
            self.fail(
                404,
                "serve#unknown-resource",
                f"no resource https://w3id.org/kgtool/id/{local} in this graph",
                hint="the index page lists the pairs, processes and legal acts",
                headers=vary,
            )
            return
        ext = document_extension(self.headers.get("Accept"))
        if ext is None:
            self.fail(
                406,
                "serve#not-acceptable",
                "none of the media types in the Accept header is available",
                hint="accept one of: " + ", ".join(DOCUMENT_TYPES.values()),
                headers=vary,
            )
            return
        location = "/" + quote(document_file(local, ext))
        body = f"See Other: {location}\n".encode()
        self.send(Answer(303, "text/plain; charset=utf-8", body), {"Location": location, **vary})

    def ontology(self) -> None:
        """The ontology IRI (hash IRIs): its document itself, in the format asked for."""
        ext = document_extension(self.headers.get("Accept"))
        if ext is None:
            self.fail(
                406,
                "serve#not-acceptable",
                "none of the media types in the Accept header is available",
                hint="accept one of: " + ", ".join(DOCUMENT_TYPES.values()),
                headers={"Vary": "Accept"},
            )
            return
        name = f"ontology.{ext}"
        self.file(self.server_state.site / name, {"Vary": "Accept", "Content-Location": "/" + name})

    def static(self, path: str) -> None:
        relative = posixpath.normpath(path).lstrip("/")
        if relative in ("", "."):
            relative = "index.html"
        if relative.startswith("..") or any(part.startswith(".") for part in relative.split("/")):
            self.fail(404, "serve#not-found", f"no such file: {path}")
            return
        target = self.server_state.site / relative
        if target.is_dir():
            target = target / "index.html"
        self.file(target)

    def file(self, target: Path, headers: dict[str, str] | None = None) -> None:
        if not target.is_file():
            self.fail(
                404,
                "serve#not-found",
                f"no such page or file: {self.path}",
                hint="start from the index page: /",
                headers=headers,
            )
            return
        content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        self.send(Answer(200, content_type, target.read_bytes()), headers)

    # --- SPARQL protocol -----------------------------------------------------------

    def sparql_get(self, raw_query: str) -> None:
        if len(raw_query.encode("utf-8")) > self.server_state.options.max_request_bytes:
            self.fail(
                414,
                "serve#too-long",
                "the request is longer than this server accepts",
                hint="send long queries with POST",
            )
            return
        params = parse_qs(raw_query, keep_blank_values=True)
        if "update" in params:
            self.send(read_only())
            return
        if "query" not in params:
            if document_extension(self.headers.get("Accept")) == "html":
                self.send(Answer(200, "text/html; charset=utf-8", self.server_state.query_page))
            else:
                self.fail(
                    400,
                    "serve#no-query",
                    "a SPARQL protocol request needs a 'query' parameter",
                    hint="GET /sparql?query=… or POST the query; open /sparql in a browser for the query page",
                )
            return
        self.answer_query(params)

    def sparql_post(self) -> None:
        limit = self.server_state.options.max_request_bytes
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.fail(411, "serve#length-required", "a POST needs a Content-Length header")
            return
        try:
            length = int(length_header)
        except ValueError:
            self.fail(400, "serve#bad-length", f"Content-Length is not a number: {length_header!r}")
            return
        if length > limit:
            self.fail(
                413,
                "serve#too-large",
                f"the request body ({length} bytes) is larger than the limit ({limit} bytes)",
                hint="send a shorter query",
                headers={"Connection": "close"},
            )
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        query_string = urlsplit(self.path).query
        params = parse_qs(query_string, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
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
            self.fail(
                415,
                "serve#unsupported-media-type",
                f"cannot read a POST body of type {media or '(none)'}",
                hint="send application/x-www-form-urlencoded (query=…) or application/sparql-query",
            )
            return
        if "query" not in params:
            self.fail(400, "serve#no-query", "a SPARQL protocol request needs a 'query' parameter")
            return
        self.answer_query(params)

    def answer_query(self, params: dict[str, list[str]]) -> None:
        queries = params["query"]
        if len(queries) != 1:
            self.fail(400, "serve#bad-request", "give exactly one 'query' parameter")
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self.fail(
                400,
                "serve#no-dataset-parameters",
                "default-graph-uri and named-graph-uri are not supported: queries run over the one graph",
            )
            return
        query = queries[0]
        refused = refusal(query)
        if refused:
            self.send(refused)
            return
        fmt = next((params[k][0] for k in ("format", "output", "results") if params.get(k)), None)
        answer = self.server_state.service.run(query, self.headers.get("Accept"), fmt)
        self.send(answer, {"Vary": "Accept"})


def query_page(lang: str = "en") -> bytes:
    """The /sparql page: a query form, and kgtool's named queries as examples to run."""
    from kgtool.site.context import environment
    from kgtool.sparql.named import all_queries

    examples = []
    for q in all_queries():
        values: dict[str, str | None] = {"lang": lang} if "lang" in q.parameters else {}
        text = q.bind(values)
        examples.append(
            {
                "name": f"{q.role}/{q.name}",
                "question": q.question,
                "text": text,
                "json": "sparql?" + urlencode({"query": text, "format": "json"}),
                "csv": "sparql?" + urlencode({"query": text, "format": "csv"}),
            }
        )
    first = next(
        (e["text"] for e in examples if e["name"] == "indices/pair-index"), examples[0]["text"] if examples else ""
    )
    html = environment().get_template("sparql.html").render(examples=examples, default_query=first)
    return html.encode("utf-8")
