"""Rows of a named query on the embedded store, as the query tests read them: each row a dict of
plain values (the IRI or the literal's text), so a test compares them with strings."""

from __future__ import annotations

from kgtool.sparql.backends import EmbeddedBackend
from kgtool.sparql.named import named


def rows(backend: EmbeddedBackend, name: str, **params: str) -> list[dict[str, str]]:
    table = backend.select(named(name).bind(dict(params)))
    return [{k: v["value"] for k, v in r.items()} for r in table.rows]
