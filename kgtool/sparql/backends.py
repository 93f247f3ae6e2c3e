"""Where SPARQL runs: the embedded Oxigraph store, or any remote SPARQL 1.1 endpoint.

Both answer ``select()`` with the same ``ResultTable`` — rows of terms in the W3C
SPARQL 1.1 JSON results form — so every command gives identical output whichever
back end computed it, and ``--format json`` is that standard form.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, cast

import pyoxigraph as ox

from kgtool.errors import EndpointError
from kgtool.i18n.catalogue import t, tn
from kgtool.i18n.problems import worded
from kgtool.rdf.store import KnowledgeGraph, OxTerm
from kgtool.sparql.auth import Credentials, opener_for
from kgtool.sparql.http import LOGIN_HINT, MAX_ROWS_HEADER, QUERY, REQUEST_ERRORS, classify, endpoint_error, truncation
from kgtool.vocab import XSD

Term = dict[str, str]


@dataclass
class ResultTable:
    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def values(self, row: dict[str, Term], name: str) -> str | None:
        term = row.get(name)
        return term["value"] if term else None

    def plain_rows(self) -> list[dict[str, str]]:
        """Each row as its variables' values (an IRI, or a literal's text), for code that reads
        the answer rather than passing it on; an unbound variable is absent, as in the row."""
        return [{k: term["value"] for k, term in row.items()} for row in self.rows]

    def to_sparql_json(self) -> dict[str, object]:
        return {"head": {"vars": self.variables}, "results": {"bindings": self.rows}}


class Backend(Protocol):
    def select(self, sparql: str) -> ResultTable: ...

    def describe(self, lang: str = "en") -> str:
        """Where the answers come from, in ``lang``: the report's colophon names it."""
        ...


class EmbeddedBackend:
    """The in-process Oxigraph store holding the project's (or the user's) files."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    def describe(self, lang: str = "en") -> str:
        return t("backend.embedded", lang, files=tn("count.files", len(self.kg.sources), lang))

    def select(self, sparql: str) -> ResultTable:
        solutions = self._solutions(sparql)
        return ResultTable([v.value for v in solutions.variables], list(self._rows(solutions)))

    def rows(self, sparql: str) -> Iterator[dict[str, Term]]:
        """``select(sparql).rows`` one at a time, for a reader that keeps less than the whole table
        (the site's preloads at a million statements: a dict per row and per cell, held at once,
        were half of a publish's peak memory, issue 18)."""
        return self._rows(self._solutions(sparql))

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        try:
            solutions = self.kg.query(sparql)
        except SyntaxError as exc:
            raise worded(EndpointError, "query#bad-sparql", "query.bad_sparql", detail=exc) from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise worded(EndpointError, "query#not-select", "query.not_select")
        return solutions

    @staticmethod
    def _rows(solutions: ox.QuerySolutions) -> Iterator[dict[str, Term]]:
        variables = [v.value for v in solutions.variables]
        # each solution's terms in the order of its variables (no look-up by name), the two
        # common kinds of term converted here rather than through term_json's checks
        # (a value repeated down the rows, a label or an IRI, is kept once: ``same``)
        named, literal = ox.NamedNode, ox.Literal
        same: dict[str, str] = {}
        for solution in solutions:
            if len(same) > SAME_KEPT:  # bounded: a streamed reader (``rows``) must not keep every value
                same.clear()
            row = {}
            for name, term in zip(variables, solution, strict=True):
                kind = type(term)
                if kind is named:
                    value = term.value
                    row[name] = {"type": "uri", "value": same.setdefault(value, value)}
                elif kind is literal:
                    value = term.value
                    out = {"type": "literal", "value": same.setdefault(value, value)}
                    if language := term.language:
                        out["xml:lang"] = language
                    elif (datatype := term.datatype.value) != _XSD_STRING:
                        out["datatype"] = datatype
                    row[name] = out
                elif term is not None:
                    row[name] = term_json(term)
            yield row


def select_rows(backend: Backend, sparql: str) -> Iterator[dict[str, Term]]:
    """The rows of ``backend.select(sparql)``, streamed where the back end can (the embedded store):
    for readers that fold the rows into something smaller as they come."""
    rows = getattr(backend, "rows", None)
    if callable(rows):
        return cast(Iterator[dict[str, Term]], rows(sparql))
    return iter(backend.select(sparql).rows)


def boolean_value(lexical: str | None) -> bool:
    """An xsd:boolean compared by value, not by spelling: "1" is true as "true" is (Virtuoso
    answers booleans as 1 and 0; Oxigraph and Jena as true and false)."""
    return (lexical or "").strip() in ("true", "1")


_XSD_STRING = XSD + "string"
# the repeated values ``_rows`` keeps once: most repeats are in nearby rows (the same resource down
# its rows), and a bound keeps a streamed read of many distinct texts (the search index) small
SAME_KEPT = 65_536


def term_json(term: OxTerm) -> Term:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    raise TypeError(f"unsupported term {term!r}")


class RemoteBackend:
    """A SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper; with ``credentials`` (a store
    that requires a login), with urllib's opener, which answers Basic and Digest challenges."""

    def __init__(
        self, url: str, timeout: float = 60.0, max_rows: int | None = None, credentials: Credentials | None = None
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.max_rows = max_rows  # a result-size cap the server is known to apply without saying so
        self.credentials = credentials  # a store that requires a login (kgtool.sparql.auth)

    def describe(self, lang: str = "en") -> str:
        return t("backend.endpoint", lang, url=self.url)

    def select(self, sparql: str) -> ResultTable:
        if self.credentials is not None:
            # urllib's handlers answer a Digest challenge (Virtuoso's /sparql-auth), SPARQLWrapper's do not
            return select_over(opener_for(self.url, self.credentials), self.url, sparql, self.timeout, self.max_rows)
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException, Unauthorized

        client = SPARQLWrapper(self.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # its guess, overridden below, may warn
            client.setQuery(sparql)
        # SPARQLWrapper guesses the query form from the text, and its comment stripping misses
        # every other line of a comment block: "# … addressee …" reads as an ADD update. Every
        # query kgtool sends through here is a SELECT, so say so.
        client.queryType = SELECT
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        try:
            response = client.query()
            with response.response:
                raw = response.response.read()
                cut_at = response.response.headers.get(MAX_ROWS_HEADER)
        except Unauthorized:
            raise worded(
                EndpointError, "endpoint#http-error", "endpoint.unauthorized", hint_key=LOGIN_HINT, file=self.url
            ) from None
        except SPARQLWrapperException as exc:
            raise worded(
                EndpointError, "endpoint#http-error", "endpoint.refused_query", file=self.url, detail=_short(exc)
            ) from None
        except REQUEST_ERRORS as exc:
            raise endpoint_error(classify(exc), self.url, self.timeout, QUERY) from None
        table = parse_results_json(raw, self.url)
        cut = truncation(self.url, cut_at, len(table.rows), self.max_rows)
        if cut is not None:
            raise cut
        return table


def select_over(
    opener: urllib.request.OpenerDirector, url: str, sparql: str, timeout: float, max_rows: int | None = None
) -> ResultTable:
    """A SELECT sent through ``opener`` (which may answer the store's password challenge), as a POSTed form."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({"query": sparql}).encode(),
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            raw = response.read()
            cut_at = response.headers.get(MAX_ROWS_HEADER)
    except REQUEST_ERRORS as exc:
        raise endpoint_error(classify(exc), url, timeout, QUERY) from None
    table = parse_results_json(raw, url)
    cut = truncation(url, cut_at, len(table.rows), max_rows)
    if cut is not None:
        raise cut
    return table


def parse_results_json(raw: bytes, source: str) -> ResultTable:
    try:
        doc = json.loads(raw)
        variables = list(doc["head"]["vars"])
        bindings = doc["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise worded(
            EndpointError,
            "endpoint#bad-results",
            "endpoint.bad_results",
            file=source,
            answer=raw[:120].decode("utf-8", "replace"),
        ) from None
    rows = []
    for binding in bindings:
        # Each row's keys in the order of the head's variables, each term's keys in one fixed
        # order: engines write JSON objects in their own key order, which means nothing, and
        # `--format json` must not pass it on.
        row = {name: _canonical_term(binding[name]) for name in variables if name in binding}
        row |= {name: _canonical_term(term) for name, term in sorted(binding.items()) if name not in row}
        rows.append(row)
    return ResultTable(variables, rows)


TERM_KEYS = ("type", "value", "xml:lang", "datatype")
BOOLEAN_FORMS = {"true": "true", "1": "true", "false": "false", "0": "false"}
DECIMAL_FORM = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def canonical_decimal(lexical: str) -> str:
    """An xsd:decimal in its canonical form (XSD 1.1, as Oxigraph and Virtuoso write it): no
    sign for zero or positive values, no leading or trailing zeros, no point for a whole
    number. Jena writes XSD 1.0's form, 1 as "1.0", and keeps a literal's own spelling ("0.4500"):
    the same value, another spelling, which an answer must not pass on."""
    sign = "-" if lexical.startswith("-") else ""
    whole, _, places = lexical.lstrip("+-").partition(".")
    whole, places = whole.lstrip("0") or "0", places.rstrip("0")
    if whole == "0" and not places:
        return "0"
    return sign + whole + ("." + places if places else "")


def _canonical_term(raw: dict[str, str]) -> Term:
    term = dict(raw)
    if term.get("type") == "typed-literal":  # SPARQL 1.0-era servers
        term["type"] = "literal"
    if term.get("datatype") == XSD + "string":
        del term["datatype"]
    elif term.get("datatype") == XSD + "boolean" and term.get("value", "").strip() in BOOLEAN_FORMS:
        # "1" and "true" are two spellings of one value (Virtuoso writes every boolean as 1 or
        # 0): the canonical one is kept, so an answer reads the same whichever engine gave it
        term["value"] = BOOLEAN_FORMS[term["value"].strip()]
    elif term.get("datatype") == XSD + "decimal" and DECIMAL_FORM.fullmatch(term.get("value", "")):
        term["value"] = canonical_decimal(term["value"])
    ordered = {key: term[key] for key in TERM_KEYS if key in term}
    return ordered | {key: term[key] for key in sorted(term) if key not in ordered}


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
