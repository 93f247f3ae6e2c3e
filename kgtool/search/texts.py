"""Building the search index from a store: the texts come from the named query
queries/search/texts.rq, so the embedded store and a remote endpoint (``--endpoint``) give the
same index; the index itself is built here, in memory, on every run (see docs/search.md for
why: building it costs less than reading the texts)."""

from __future__ import annotations

from kgtool.search.index import SearchIndex, entries_from_rows
from kgtool.sparql.backends import Backend, select_rows

TEXTS_QUERY = "search/texts"


def text_rows(backend: Backend) -> list[dict[str, str]]:
    """The rows of queries/search/texts.rq as plain strings (an unbound owner left out)."""
    from kgtool.sparql.named import named

    table = backend.select(named(TEXTS_QUERY).bind({}))
    return table.plain_rows()


def build_index(backend: Backend) -> SearchIndex:
    """The search index of everything a reader sees in the store behind ``backend``; the rows are
    read one at a time (``text_rows``' whole table and its plain copy were most of the peak memory
    of a site's search index at a million statements, issue 18)."""
    from kgtool.sparql.named import named

    rows = select_rows(backend, named(TEXTS_QUERY).bind({}))
    return SearchIndex(entries_from_rows({k: term["value"] for k, term in row.items()} for row in rows))
