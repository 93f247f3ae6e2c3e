"""A back end answering as a remote endpoint does, for tests of readers that stream the embedded
store's rows (issue 18): each must give what it gives from whole tables."""

from __future__ import annotations

from kgtool.sparql.backends import EmbeddedBackend, ResultTable


class TableOnly:
    """A back end that answers with whole tables only, as a remote endpoint does."""

    def __init__(self, inner: EmbeddedBackend) -> None:
        self.inner = inner

    def select(self, sparql: str) -> ResultTable:
        return self.inner.select(sparql)

    def describe(self, lang: str = "en") -> str:
        return "tables only"
