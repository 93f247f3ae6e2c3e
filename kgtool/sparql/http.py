"""One reading of how an HTTP request to a SPARQL endpoint failed, for every caller.

urllib reports the same failure in several shapes: a timeout is ``TimeoutError`` while
reading but ``URLError(reason=TimeoutError)`` while connecting; an HTTP status is an
``HTTPError`` (itself a ``URLError`` and an ``OSError``) that holds the connection open until
closed; a connection that breaks mid-answer is an ``OSError`` or an
``http.client.HTTPException``. ``classify`` turns each into one ``Failure`` with the ID it
means (``endpoint#timeout``, ``endpoint#unreachable``, ``endpoint#http-error``), and
``endpoint_error`` words it as an ``EndpointError``. Queries (``sparql.backends``), loads
(``loader.remote_load``) and ``kgtool serve --endpoint`` (``serve.query_service``) all use it.

Each caller keeps its own wording (``QUERY``, ``UPDATE``: catalogue messages, so the CLI says
them in the reader's language), so no message changed when the three mappings became one; what
they share is which exception means what, and the excerpt of an error body.
"""

from __future__ import annotations

import http.client
import urllib.error
from dataclasses import dataclass

from kgtool.errors import EndpointError
from kgtool.i18n.problems import worded

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


QUERY = "endpoint.query"
"""How a query's failure is worded: the catalogue messages ``endpoint.query.<kind>`` and
``endpoint.query.<kind>_hint`` (kinds: http, timeout, unreachable, broken). Their fields: {url},
{timeout}, {reason}, {status}, {body} (" " + the body's first bytes as sent, trailing space
dropped; empty for no text), {detail} (": " + ``excerpt``; empty for HTML)."""

UPDATE = "endpoint.update"
"""How an update's (a load's) failure is worded: ``endpoint.update.<kind>``, the same fields."""

LOGIN_HINT = "endpoint.login_hint"
"""The hint of an answer 401: how to log in."""


def endpoint_error(failure: Failure, url: str, timeout: float, wording: str = QUERY) -> EndpointError:
    """The EndpointError for a failed request to ``url``, located at the URL."""
    body = failure.body[:EXCERPT_BYTES].decode("utf-8", "replace").rstrip()
    detail = excerpt(failure.body)
    key = f"{wording}.{failure.kind}"
    hint_key = LOGIN_HINT if failure.status == 401 else key + "_hint"
    return worded(
        EndpointError,
        failure.error_id,
        key,
        hint_key=hint_key,
        file=url,
        url=url,
        timeout=timeout,
        reason=failure.reason,
        status=failure.status,
        body=" " + body if body else "",
        detail="" if detail is None else ": " + detail,
    )


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
    return worded(EndpointError, "endpoint#truncated", "endpoint.truncated", file=url, rows=f"{limit:,}")
