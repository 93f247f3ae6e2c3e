"""Pushing the built graph to a remote SPARQL store.

The SPARQL 1.1 Graph Store Protocol is tried first (one PUT replaces the target graph,
so a failed load can simply be run again); where the store has no GSP endpoint, the
graph is cleared and sent as SPARQL Update INSERT DATA requests in batches.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kgtool.build import serialize
from kgtool.errors import EndpointError
from kgtool.graph import KnowledgeGraph


@dataclass
class LoadResult:
    method: str
    target: str
    statements: int
    requests: int


def derived_url(endpoint: str, replacement: str) -> str | None:
    """The store's other service URL by the common naming convention (/query → /store, /update)."""
    for suffix in ("/query", "/sparql"):
        if endpoint.rstrip("/").endswith(suffix):
            return endpoint.rstrip("/")[: -len(suffix)] + replacement
    return None


def load(kg: KnowledgeGraph, endpoint: str, graph: str | None = None, store: str | None = None,
         update: str | None = None, batch_size: int = 5000, timeout: float = 120.0) -> LoadResult:
    ntriples = serialize(kg, "nt")
    statements = ntriples.count(b"\n")
    store_url = store or derived_url(endpoint, "/store")
    if store_url:
        target = store_url + ("?graph=" + urllib.parse.quote(graph, safe="") if graph else "?default")
        try:
            _send("PUT", target, ntriples, "application/n-triples", timeout)
            return LoadResult("graph-store-protocol", target, statements, 1)
        except EndpointError as exc:
            if store and exc.error_id != "endpoint#no-gsp":
                raise
    update_url = update or derived_url(endpoint, "/update") or endpoint
    lines = ntriples.decode("utf-8").splitlines()
    into = f"GRAPH <{graph}> {{ %s }}" if graph else "%s"
    clear = f"DROP SILENT GRAPH <{graph}>" if graph else "DROP SILENT DEFAULT"
    _send("POST", update_url, clear.encode("utf-8"), "application/sparql-update", timeout)
    requests = 1
    for start in range(0, len(lines), batch_size):
        body = "INSERT DATA { " + (into % "\n".join(lines[start:start + batch_size])) + " }"
        _send("POST", update_url, body.encode("utf-8"), "application/sparql-update", timeout)
        requests += 1
    return LoadResult("sparql-update", update_url, statements, requests)


def _send(method: str, url: str, body: bytes, content_type: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 405, 501) and content_type == "application/n-triples":
            raise EndpointError("endpoint#no-gsp", f"no Graph Store Protocol service at {url} (HTTP {exc.code})",
                                file=url) from None
        detail = exc.read()[:300].decode("utf-8", "replace").strip()
        raise EndpointError("endpoint#http-error", f"HTTP {exc.code} {exc.reason} from {method} {url}: {detail}",
                            hint="check the store's URL and that it accepts writes", file=url) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError("endpoint#unreachable", f"cannot reach {url}: {reason}",
                            hint="is the server running, and is the URL right?", file=url) from None
