"""Read-only queries only: a query's structure decides, never a pattern over its text.

A query someone else wrote (a client of ``kgtool serve``, a user's .rq file) is parsed
before it runs, and refused when it is not a query (an update, LOAD, anything that does
not parse) or holds a SERVICE at any depth: the embedded store would fetch whatever URL a
SERVICE names. The parse is made to see the text as the store does:

- a carriage return ends a comment for the store, so it is read as a line end here too;
- ``\\u`` escapes are not expanded over the whole text first (the store reads them only
  inside IRIs and strings), so an escape cannot hide or make a quote, ``#`` or ``>``.

Anything the parser cannot read is refused, so a difference between the two parsers
fails closed. ``kgtool serve`` leaves a text to the embedded store's parser alone when no
SERVICE can be in it (``store_may_decide``). The check is the clear answer; it is not the only guard (``kgtool serve``'s
workers also run without a network where the system allows it).

May import: ``kgtool.rdf`` and the foundation (rdflib is imported on first use).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kgtool.i18n.catalogue import DEFAULT_LANG, t
from kgtool.rdf.dataset_clause import SPARQL_PARSE_LOCK

UPDATE = "update"
FEDERATION = "federation"
SYNTAX = "syntax"
EMPTY = "empty"
# rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads parsing
# at once (kgtool serve answers each connection in a thread) made good queries fail with a
# TypeError or a false syntax error. One parse at a time in the process (the lock is shared
# with kgtool.rdf.dataset_clause, which parses too); parsing holds the GIL anyway.
_PARSE_LOCK = SPARQL_PARSE_LOCK


@dataclass(frozen=True)
class Refusal:
    """Why a query may not run: ``kind`` is UPDATE, FEDERATION, SYNTAX or EMPTY (no query at all);
    ``key`` is the catalogue message that words it (with ``detail``, ``line`` and ``column``),
    ``message`` its English."""

    kind: str
    key: str
    line: int | None = None
    column: int | None = None
    detail: str = ""

    @property
    def message(self) -> str:
        return t(self.key, DEFAULT_LANG, detail=self.detail, at_line=self.line, at_column=self.column)


def _has_service(node: Any) -> bool:
    """True if the parse tree holds a SERVICE graph pattern at any depth."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return False


# what the embedded store may be left to decide alone (``store_may_decide``): texts of at most
# STORE_TEXT characters with at most STORE_NESTING brackets and negations
STORE_TEXT = 4096
STORE_NESTING = 64


def store_may_decide(query: str) -> bool:
    """True when the embedded store (pyoxigraph) can be left to refuse ``query`` by its own parse,
    without the rdflib parse of ``check_read_only`` (1-5 ms, one at a time): the store parses
    queries only, so an update, LOAD, or any text that is not one query is a syntax error to it;
    what it would run that must not run is a SERVICE, and no SERVICE can be in a text without
    the keyword's seven letters, in any case (the store reads ``\\u`` escapes only inside IRIs
    and strings, and matches keywords by ASCII letters). So a text holding those letters
    anywhere (a string, a comment, an IRI, a name or a variable too) is left to rdflib.

    Not a token scan: where a token begins depends on the grammar (``?a<?b#>`` is an IRI to a
    tokenizer and "less than, then a comment" to the store, and the store reads ``trueSERVICE``
    as two tokens), so only the letters' absence is trusted, which no reading can change.

    The store's parser recurses: past about 200 nested blank nodes, 10,000 braces or 100,000
    terms of a sum it overflowed its stack and the worker died. So a text of more than
    ``STORE_TEXT`` characters, or with more than ``STORE_NESTING`` of ``{ ( [ !`` anywhere
    (a bound on any nesting, however it is read), gets the rdflib parse as before."""
    if len(query) > STORE_TEXT or "service" in query.lower():
        return False
    # four counts written out: a generator over the four characters cost more than the counting
    return query.count("{") + query.count("(") + query.count("[") + query.count("!") <= STORE_NESTING


def check_read_only(query: str) -> Refusal | None:
    """None if ``query`` parses as one SELECT, ASK, CONSTRUCT or DESCRIBE query with no
    SERVICE anywhere in it; otherwise why it is refused. The text checked is the text run: no
    store rewrites a user's query (``KnowledgeGraph.query``; only the SHACL engine rewrites its
    own compiled queries)."""
    return _check(query)


def _check(query: str) -> Refusal | None:
    text = query.replace("\r", "\n")  # the store ends a comment at either
    with _PARSE_LOCK:
        return _check_text(query, text)


def _check_text(query: str, text: str) -> Refusal | None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, UpdateUnit

    try:
        tree = Query.parse_string(text, parse_all=True)
    except ParseBaseException as exc:
        try:
            update = UpdateUnit.parse_string(text, parse_all=True)
        except ParseBaseException:
            pass
        else:
            # an update with no operation is what a text of only comments, PREFIX and BASE
            # declarations parses as: it holds no query, and changes nothing either
            if not any("request" in part for part in update):
                return Refusal(EMPTY, "query.no_query")
            return Refusal(UPDATE, "query.refused_update")
        escapes = "\\u" in query or "\\U" in query
        key = "query.not_sparql_escapes" if escapes else "query.not_sparql"
        return Refusal(SYNTAX, key, exc.lineno, exc.col, exc.msg)
    except RecursionError:
        return Refusal(SYNTAX, "query.too_deep")
    try:
        federated = _has_service(tree)
    except RecursionError:
        return Refusal(SYNTAX, "query.too_deep")
    if federated:
        return Refusal(FEDERATION, "query.refused_federation")
    return None
