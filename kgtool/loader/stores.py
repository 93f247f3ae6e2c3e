"""What ``kgtool load`` must know about the store it writes to, found by asking it once.

SPARQL 1.1 leaves open the things a load depends on: where updates are sent, whether the
store keeps a plain default graph, whether it knows which graphs exist (so that
``DROP GRAPH`` of a missing graph fails), and how much one request may hold. Each store
answers differently (docs/scale-out.md has the set-up of each):

- **Oxigraph** — updates at ``…/update``; a default graph of its own; ``DROP GRAPH`` of a
  missing graph fails, so the switch can use ``MOVE`` guarded by ``DROP GRAPH <marker>``.
- **Virtuoso** — updates at the query URL itself (``…/sparql``; there is no ``/update``);
  the default graph is the union of all graphs, with no plain graph a load could replace, so
  ``--graph`` is required; graphs made by ``INSERT`` are not registered, so ``DROP GRAPH``
  fails for them (and ``MOVE`` from a missing graph empties the target without an error);
  blank nodes are refused in ``INSERT DATA``; a request's size is capped by its SPARQL
  compiler ("memory exhausted"); answers are cut at ``ResultSetMaxRows``.
- **Any other store** is treated like Virtuoso where it matters for safety (a switch guarded
  by the data itself, not by ``DROP``), and like Oxigraph for the update URL.

Oxigraph (``…/store``) and Virtuoso (``…/sparql-graph-crud``) also offer the Graph Store
Protocol, which ``kgtool load --gsp`` uses for the data: plain RDF documents, so blank nodes
need no special form and no SPARQL compiler limits the size of a batch.

The store is recognised by the ``Server`` header of one query answer.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from dataclasses import dataclass

from kgtool.i18n.problems import reworded
from kgtool.sparql.http import QUERY, REQUEST_ERRORS, classify, endpoint_error


@dataclass(frozen=True)
class Store:
    """A store's behaviour as far as a load depends on it."""

    kind: str  # oxigraph | virtuoso | other
    update_url: str
    plain_default_graph: bool  # a default graph of its own, which a load can replace
    drop_guard: bool  # DROP GRAPH fails for a missing graph, and works for one made by INSERT
    gsp_url: str | None = None  # its Graph Store Protocol service, where it has a known one

    @property
    def name(self) -> str:
        return {"oxigraph": "Oxigraph", "virtuoso": "Virtuoso"}.get(self.kind, "this store")


def derived_url(endpoint: str, replacement: str) -> str | None:
    """The store's other service URL by the common naming convention (/query → /store, /update)."""
    for suffix in ("/query", "/sparql"):
        if endpoint.rstrip("/").endswith(suffix):
            return endpoint.rstrip("/")[: -len(suffix)] + replacement
    return None


def server_kind(server_header: str) -> str:
    """oxigraph, virtuoso or other, from an HTTP ``Server`` header."""
    product = server_header.strip().lower()
    for kind in ("oxigraph", "virtuoso"):
        if product.startswith(kind):
            return kind
    return "other"


def detect(endpoint: str, update: str | None, timeout: float, opener: urllib.request.OpenerDirector) -> Store:
    """Ask the endpoint one trivial query and recognise the store from its answer's headers."""
    url = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            header = response.headers.get("Server", "")
    except REQUEST_ERRORS as exc:
        failure = classify(exc)
        error = reworded(endpoint_error(failure, endpoint, timeout, QUERY), "endpoint.nothing_loaded")
        raise error from None  # a 401's hint (LOGIN_HINT) says how to log in
    kind = server_kind(header)
    if kind == "virtuoso":
        # /sparql → /sparql-graph-crud, and /sparql-auth → /sparql-graph-crud-auth (the one that logs in)
        base = endpoint.rstrip("/")
        gsp = None
        for suffix, service in (("/sparql-auth", "/sparql-graph-crud-auth"), ("/sparql", "/sparql-graph-crud")):
            if base.endswith(suffix):
                gsp = base[: -len(suffix)] + service
                break
        return Store(kind, update or endpoint, plain_default_graph=False, drop_guard=False, gsp_url=gsp)
    fallback = update or derived_url(endpoint, "/update") or endpoint
    if kind == "oxigraph":
        return Store(kind, fallback, plain_default_graph=True, drop_guard=True, gsp_url=derived_url(endpoint, "/store"))
    return Store(kind, fallback, plain_default_graph=True, drop_guard=False)
