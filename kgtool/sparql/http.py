"""One reading of how an HTTP request to a SPARQL endpoint failed, for every caller.

urllib reports the same failure in several shapes: a timeout is ``TimeoutError`` while
reading but ``URLError(reason=TimeoutError)`` while connecting; an HTTP status is an
``HTTPError`` (itself a ``URLError`` and an ``OSError``) that holds the connection open until
closed; a connection that breaks mid-answer is an ``OSError`` or an
``http.client.HTTPException``. ``classify`` turns each into one ``Failure`` with the ID it
means (``endpoint#timeout``, ``endpoint#unreachable``, ``endpoint#http-error``), and
``endpoint_error`` words it as an ``EndpointError``. Queries (``sparql.backends``), loads
(``loader.remote_load``) and ``kgtool serve --endpoint`` (``serve.query_service``) all use it.

Each caller keeps its own ``Wording``, so no message changed when the three mappings became
one; what they share is which exception means what, and the excerpt of an error body.
"""

from __future__ import annotations

import http.client
import urllib.error
from dataclasses import dataclass

from kgtool.errors import EndpointError

EXCERPT_BYTES = 300

IDS = {
    "http": "endpoint#http-error",
    "timeout": "endpoint#timeout",
    "unreachable": "endpoint#unreachable",
    "broken": "endpoint#unreachable",
}


@dataclass(frozen=True)
class Failure:
    """A failed request: ``kind`` is http, timeout, unreachable (no connection) or broken (cut mid-request)."""

    kind: str
    reason: str  # the HTTP reason phrase, or the socket's account of the failure
    status: int = 0
    body: bytes = b""  # an HTTP error's whole body (kgtool serve passes it on unchanged)
    content_type: str = ""
    refused: bool = False  # the connection was refused: the server never saw the request

    @property
    def error_id(self) -> str:
        return IDS[self.kind]

    @property
    def maybe_applied(self) -> bool:
        """Whether the server may have received and acted on the request (an update may have got in)."""
        return self.kind != "http" and not self.refused


REQUEST_ERRORS = (http.client.HTTPException, OSError)  # what urllib raises (URLError is an OSError)


def classify(exc: http.client.HTTPException | OSError) -> Failure:
    """What an exception from ``urllib.request.urlopen`` (or reading its answer) means."""
    if isinstance(exc, urllib.error.HTTPError):
        with exc:  # an HTTPError holds the connection open until closed
            body = exc.read() if exc.fp else b""
        content_type = exc.headers.get("Content-Type", "text/plain; charset=utf-8") if exc.headers else ""
        return Failure("http", str(exc.reason), exc.code, body, content_type)
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError
        return Failure("timeout", str(exc))
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return Failure("timeout", str(reason))
        return Failure("unreachable", str(reason), refused=isinstance(reason, ConnectionRefusedError))
    return Failure("broken", str(exc))


def excerpt(body: bytes) -> str | None:
    """The start of an error body on one line; None for an HTML page, which says no more than its status."""
    text = " ".join(body[:EXCERPT_BYTES].decode("utf-8", "replace").split())
    return None if text.startswith("<") else text


@dataclass(frozen=True)
class Wording:
    """How one caller words each kind of failure and what it advises. Fields: {url}, {timeout},
    {reason}, {status}, {body} (" " + the body's first bytes as sent, trailing space dropped; empty for no
    text), {detail} (": " + ``excerpt``; empty for HTML)."""

    http: str
    http_hint: str
    timeout: str
    timeout_hint: str
    unreachable: str
    unreachable_hint: str
    broken: str
    broken_hint: str


QUERY = Wording(
    http="HTTP {status} {reason}:{body}",
    http_hint="check the endpoint URL (it is usually the URL ending in /query or /sparql)",
    timeout="no answer within {timeout:g} s",
    timeout_hint="the endpoint may be overloaded; try again or raise --timeout",
    unreachable="cannot reach the endpoint: {reason}",
    unreachable_hint="is the server running, and is the URL right?",
    broken="cannot reach the endpoint: {reason}",
    broken_hint="is the server running, and is the URL right?",
)

UPDATE = Wording(
    http="HTTP {status} {reason} from {url}{detail}",
    http_hint="check the update URL and that the store accepts SPARQL Update",
    timeout="no answer from {url} within {timeout:g} s",
    timeout_hint="the store may be overloaded; raise --timeout or lower --batch-size",
    unreachable="cannot reach {url}: {reason}",
    unreachable_hint="is the server running, and is the URL right?",
    broken="the connection to {url} broke: {reason}",
    broken_hint="is the server running?",
)


LOGIN_HINT = (
    "the store asks for a login: give --user NAME, with the password in KGTOOL_PASSWORD or your "
    "netrc file (if you did, the user name or the password is wrong)"
)


def endpoint_error(failure: Failure, url: str, timeout: float, wording: Wording = QUERY) -> EndpointError:
    """The EndpointError for a failed request to ``url``, located at the URL."""
    body = failure.body[:EXCERPT_BYTES].decode("utf-8", "replace").rstrip()
    detail = excerpt(failure.body)
    values = {
        "url": url,
        "timeout": timeout,
        "reason": failure.reason,
        "status": failure.status,
        "body": " " + body if body else "",
        "detail": "" if detail is None else ": " + detail,
    }
    message = getattr(wording, failure.kind).format(**values)
    hint = LOGIN_HINT if failure.status == 401 else getattr(wording, failure.kind + "_hint")
    return EndpointError(failure.error_id, message, hint=hint, file=url)


MAX_ROWS_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's: sent when it cut the answer at ResultSetMaxRows


def truncation(url: str, header: str | None, rows: int, known_limit: int | None = None) -> EndpointError | None:
    """The error for an answer the server cut short, or None when it is whole.

    A server that caps its answers (Virtuoso's ResultSetMaxRows, 10,000 by default) returns the
    first rows with status 200; only its ``X-SPARQL-MaxRows`` header, or a row count equal to a
    cap the user told kgtool about, says so. A table that silently lacks rows would print wrong
    indices and exit 0, so a cut answer is an error naming the setting to raise.
    """
    limit: int | None = None
    if header is not None:
        try:
            limit = int(header.strip())
        except ValueError:
            limit = rows
    elif known_limit is not None and rows >= known_limit:
        limit = known_limit
    if limit is None or rows < limit:
        return None
    return EndpointError(
        "endpoint#truncated",
        f"the endpoint cut its answer at {limit:,} rows (its result-size limit), so the table would be incomplete",
        hint="raise the server's limit: for Virtuoso, ResultSetMaxRows in the [SPARQL] section of "
        "virtuoso.ini (then restart it); see docs/scale-out.md",
        file=url,
    )
