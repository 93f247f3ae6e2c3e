"""Read-only queries only: a query's structure decides, never a pattern over its text.

A query someone else wrote (a client of ``kgtool serve``, a user's .rq file) is parsed
before it runs, and refused when it is not a query (an update, LOAD, anything that does
not parse) or holds a SERVICE at any depth: the embedded store would fetch whatever URL a
SERVICE names. The parse is made to see the text as the store does:

- a carriage return ends a comment for the store, so it is read as a line end here too;
- ``\\u`` escapes are not expanded over the whole text first (the store reads them only
  inside IRIs and strings), so an escape cannot hide or make a quote, ``#`` or ``>``.

Anything the parser cannot read is refused, so a difference between the two parsers
fails closed. Before any parse, a linear scan (``shape``) refuses a text nested deeper or
chained longer than ``MAX_DEPTH`` and ``MAX_LENGTH``: the stores' parsers and evaluators
recurse over a query's structure, and a few KB of ``1+1+…`` or of repeated BINDs overflowed
their stacks (a segfault of a query worker, an Oxigraph server that stayed down). ``kgtool serve`` leaves a text to the embedded store's parser alone when no
SERVICE can be in it (``store_may_decide``). The check is the clear answer; it is not the only guard (``kgtool serve``'s
workers also run without a network where the system allows it).

May import: ``kgtool.rdf`` and the foundation (rdflib is imported on first use).
"""

from __future__ import annotations

import heapq
import itertools
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from kgtool.i18n.catalogue import DEFAULT_LANG, t
from kgtool.rdf.dataset_clause import sparql_parsing

UPDATE = "update"
FEDERATION = "federation"
SYNTAX = "syntax"
COMPLEX = "complex"  # deeper or longer than the limits (``shape``), or more tokens than a caller allows
EMPTY = "empty"  # no query at all: nothing, white space, comments, or a prologue (PREFIX, BASE) alone
EXTENSION = (
    "extension"  # a store's own code: a function not of SPARQL 1.1, or an IRI of bif: or sql: (``standard_only``)
)

# The functions a query may call where ``standard_only`` holds, besides SPARQL 1.1's own (which
# are keywords of the grammar, as are its aggregates): the casts to XSD datatypes, harmless in
# every store. Any other function IRI may name a store's code: Virtuoso runs bif:http_get (it
# fetched a URL and answered its body) and bif:exec (it ran an update), and predeclares the
# prefixes bif: and sql:, so a query need not declare them.
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_CASTS = frozenset(
    XSD + name
    for name in (
        "string",
        "boolean",
        "decimal",
        "integer",
        "double",
        "float",
        "date",
        "time",
        "dateTime",
        "dateTimeStamp",
        "duration",
        "dayTimeDuration",
        "yearMonthDuration",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gMonthDay",
        "gDay",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
# IRIs that name a store's code wherever they stand: Virtuoso reads bif: and sql: names as its
# built-in functions and procedures, and some as predicates that run code over values
# (bif:xpath_contains and bif:xquery_contains evaluate XPath and XQuery)
CODE_SCHEMES = ("bif:", "sql:", "java:")  # Virtuoso's built-ins and procedures; Jena's classes by name


class ParseTurns:
    """One parse at a time, and the shortest text waiting goes next.

    rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads
    parsing at once (kgtool serve answers each connection in a thread) made good queries fail
    with a TypeError or a false syntax error; parsing holds the GIL anyway. Taken in the order
    of arrival, eight 1 MB texts (seconds of parsing each) made another client's ``ASK {}``
    wait 47 s: a short text now waits for the parse under way at most, and then for shorter
    ones."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.busy = False
        self.waiting: list[tuple[int, int]] = []  # a heap of (the text's length, arrival)
        self.arrivals = itertools.count()

    def take(self, size: int, wait: float | None = None) -> bool:
        """Wait for the turn of a text of ``size`` characters; False if ``wait`` seconds passed
        first (None: as long as it takes). A True must be followed by ``give_back``."""
        deadline = None if wait is None else time.monotonic() + wait
        with self.changed:
            ticket = (size, next(self.arrivals))
            heapq.heappush(self.waiting, ticket)
            try:
                while self.busy or self.waiting[0] != ticket:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        break
                    self.changed.wait(left)
            except BaseException:  # a KeyboardInterrupt while waiting: the ticket must not stay
                self._leave(ticket)
                raise
            if self.busy or self.waiting[0] != ticket:  # the time ran out
                self._leave(ticket)
                return False
            heapq.heappop(self.waiting)
            self.busy = True
            return True

    def _leave(self, ticket: tuple[int, int]) -> None:
        """Take ``ticket`` out of the line (its wait ended without a turn)."""
        self.waiting.remove(ticket)
        heapq.heapify(self.waiting)
        self.changed.notify_all()  # the next in line may be the one behind this one

    def give_back(self) -> None:
        with self.changed:
            self.busy = False
            self.changed.notify_all()


_PARSE_TURNS = ParseTurns()


class GuardBusy(Exception):
    """The parse's turn did not come within the time a caller allowed (``check_read_only``)."""


@dataclass(frozen=True)
class Refusal:
    """Why a query may not run: ``kind`` is UPDATE, FEDERATION, SYNTAX, COMPLEX or EMPTY (no query
    at all: nothing, white space, comments, or a prologue alone); ``key`` is the catalogue message
    that words it (with ``detail``, ``line`` and ``column``, and for COMPLEX the ``count`` found and
    the ``limit``), ``message`` its English."""

    kind: str
    key: str
    line: int | None = None
    column: int | None = None
    detail: str = ""
    count: int | None = None
    limit: int | None = None

    @property
    def message(self) -> str:
        return t(self.key, DEFAULT_LANG, **self.values)

    @property
    def values(self) -> dict[str, object]:
        """What the message's placeholders are filled with."""
        return {
            "detail": self.detail,
            "at_line": self.line,
            "at_column": self.column,
            "count": self.count,
            "limit": self.limit,
        }


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


# The most a query may nest and chain (``shape``). The stores recurse over a query's structure:
# an Oxigraph server (0.5, 2 MiB thread stacks) died of a stack overflow at about 220 nested
# function calls or EXISTS, 650 BINDs or MINUSes in one group (a length of 1,300 here), 500 to
# 1,000 DESCRIBEd IRIs, 1,750 terms of a sum and 2,000 triple patterns; a query worker (the
# embedded store, 8 MiB) at about four times that. kgtool's own queries (queries/**/*.rq) reach
# a depth of 9 and a length of 90 (tests/test_guard_shape.py measures them).
MAX_DEPTH = 32
MAX_LENGTH = 400
# keywords that add a pattern to the group they are in, each one more level of the algebra
JOINING = frozenset({"UNION", "MINUS", "OPTIONAL", "BIND", "FILTER", "VALUES", "GRAPH", "SERVICE", "EXISTS", "SELECT"})
_START = "A-Za-z\u00c0-\ufffd\U00010000-\U000effff"  # where a prefixed name or a variable may begin
_CHAR = _START + "0-9_\\-\u00b7"  # what a prefixed name may go on with
_ESCAPE = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_IRI = r"(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"
_LOCAL = rf"(?:[{_START}0-9_:]|{_ESCAPE})(?:[{_CHAR}:]|{_ESCAPE})*(?:\.+(?:[{_CHAR}:]|{_ESCAPE})+)*"
_PARTS = {
    "space": r"\s+",
    "comment": r"\#[^\n\r]*",
    # a string left open runs to the end of its line (of the text, for a long one): read once, not
    # again from each quote after it (a reviewer's 48 KB of 'a\ repeated took 20 s, growing as its square)
    "string": r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*(?:"""|"{0,2}\\?\Z)'
    + r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*(?:'''|'{0,2}\\?\Z)"
    + r'|"(?:[^"\\\n\r]|\\[^\n\r])*"?'
    + r"|'(?:[^'\\\n\r]|\\[^\n\r])*'?",
    # an absolute IRI: no store can read it as "less than" and an expression (the "://" ends that)
    "iri": rf"<[A-Za-z][A-Za-z0-9+.\-]{{0,31}}://{_IRI}>",
    # any other IRI-like text is read as code, "<" an operator (``?a<?b/1/1…&&?c>0`` is a
    # division to the store); the scan starts again when it holds what would change the reading
    "relative": rf"<{_IRI}>",
    # a prefix of at most 64 characters, so that a name without a colon is not scanned again
    # from each of its dots
    "name": rf"(?:[{_START}_](?:[{_CHAR}.]{{0,62}}[{_CHAR}])?)?:(?:{_LOCAL})?",
    "var": rf"[?$][{_START}0-9_\u00b7]+",
    "number": r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?",
    "lang": r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*",
    "word": r"[A-Za-z_][A-Za-z0-9_]*",
    "open": r"[({\[]",
    "close": r"[)}\]]",
    # "^^" binds a literal to its datatype, one term: no operator of a chain, passed over (``_UNSEEN``)
    "datatype": r"\^\^",
    "operator": r"\|\||&&|!=|<=|>=|[.;,|&=!<>+\-*/^?]",
    "other": r".",
}
_TOKEN = re.compile("|".join(f"(?P<{kind}>{part})" for kind, part in _PARTS.items()), re.DOTALL)
# the same without strings, comments and IRIs: every character is code (``_raw_shape``)
_RAW_TOKEN = re.compile(
    "|".join(
        f"(?P<{kind}>{part})" for kind, part in _PARTS.items() if kind not in ("comment", "string", "iri", "relative")
    ),
    re.DOTALL,
)
# what makes an IRI-like text read otherwise as code: a comment, a string, a bracket
_REREAD = re.compile(r"[#'()\[\]]")
_UNSEEN = frozenset({"space", "comment", "other", "lang", "datatype"})
_TERMS = frozenset({"var", "name", "iri", "number", "string", "word"})


@dataclass(frozen=True)
class Shape:
    """How deep and how long a query is (``shape``): ``depth`` is the deepest nesting of the
    brackets ``( { [``; ``length`` the most operators, separators (``. ; ,``), brackets and
    joining keywords (``JOINING``) on one path into the nesting (a bracket's own and those of
    the brackets around it), every term counting too outside all brackets (DESCRIBE's IRIs);
    ``tokens`` all of them, terms too (or the first ``max_tokens + 1``)."""

    depth: int
    length: int
    tokens: int


def shape(query: str, max_tokens: int | None = None) -> Shape:
    """The ``Shape`` of ``query``, by one scan of its tokens (no parse, linear in its length;
    with ``max_tokens``, the scan stops past that many). Strings, absolute IRIs and comments are
    passed over: a '-' in them, or in a prefixed name, is no operator.

    A store recursing over a query goes as deep as the nesting, and one level further for each
    operator, separator or joining pattern along the way (``1+1+1`` is ``(1+1)+1``; each BIND
    wraps the patterns before it), so ``length`` bounds the depth of its algebra whichever
    part a store recurses into. An IRI-like ``<…>`` without "://" is one term where no store
    reads "<" as "less than" (after PREFIX or BASE, outside round brackets, or where no operand
    comes before it); in an expression after an operand, what it holds is read as code too, and
    where that reading is not sure either (it holds ``#``, a quote or a bracket: to the store
    maybe "less than" and a comment), every character is read as code and the counts are totals
    (``_raw_shape``), never fewer than any reading's."""
    counts, deepest = [0], [0]  # per open bracket: its own count, and the longest path below it
    round_ = [False]  # per open bracket: whether it is "(", in which each term counts (a collection)
    depth = tokens = 0
    declaring = False  # after BASE, or PREFIX and a name: an IRI and nothing else comes next
    operand = False  # whether the token before may end an operand, so that "<" may be "less than"
    last_word = ""
    for token in _TOKEN.finditer(query):
        kind = token.lastgroup
        if kind in _UNSEEN:
            if kind == "lang":  # "x"@en < ?y
                operand = True
            elif kind == "datatype":  # what follows "^^" is the datatype's IRI
                operand = False
            continue
        tokens += 1
        if max_tokens is not None and tokens > max_tokens:
            break
        word = token.group().upper() if kind == "word" else ""
        if kind == "relative" and (declaring or not (round_[-1] and operand)):
            # no store reads this "<" as "less than": a comparison is written in round brackets
            # (FILTER, BIND, HAVING, ORDER BY, GROUP BY, SELECT's expressions), and has an operand
            # before it; elsewhere (a triple pattern, VALUES, after "(", "," or an operator) an
            # IRI is the only reading of "<…>", whatever it holds (<urn:x:y>, <#part>)
            kind = "iri"
        declaring = word == "BASE" or (kind == "name" and last_word == "PREFIX")
        last_word = word
        # a text read as code below may be an IRI to the store (after DISTINCT, say): an operand then
        operand = kind in _TERMS or kind in ("close", "relative")
        if kind == "relative":
            if _REREAD.search(token.group()):
                return _raw_shape(query, max_tokens)
            # "<", what is inside it read as code, and ">"
            inner = shape(token.group()[1:-1])
            counts[-1] += 2 + (inner.length if len(counts) > 1 else inner.tokens)
            tokens += 1 + inner.tokens
        elif kind == "open":
            counts[-1] += 1
            counts.append(0)
            deepest.append(0)
            round_.append(token.group() == "(")
            depth = max(depth, len(counts) - 1)
        elif kind == "close":
            if len(counts) > 1:
                _close(counts, deepest)
                round_.pop()
        elif kind == "operator" or len(counts) == 1 or word in JOINING or (round_[-1] and kind in _TERMS):
            # in round brackets each term counts too: a collection (0 1 2 ...) is a chain of that
            # many rdf:rest statements to the store, which crashed at about 4,000 items (a reviewer's)
            counts[-1] += 1
    while len(counts) > 1:
        _close(counts, deepest)
    return Shape(depth, counts[0] + deepest[0], tokens)


def _close(counts: list[int], deepest: list[int]) -> None:
    """End the innermost bracket: its longest path is its own count and the longest below it."""
    own, below = counts.pop(), deepest.pop()
    deepest[-1] = max(deepest[-1], own + below)


def _raw_shape(query: str, max_tokens: int | None) -> Shape:
    """Counts that no reading of ``query`` exceeds: every character code (strings, comments and
    IRIs too), the depth the number of brackets opened, the length the number of tokens."""
    tokens = opened = 0
    for token in _RAW_TOKEN.finditer(query):
        kind = token.lastgroup
        if kind in _UNSEEN:
            continue
        tokens += 1
        opened += kind == "open"
        if max_tokens is not None and tokens > max_tokens:
            break
    return Shape(opened, tokens, tokens)


def check_shape(query: str, max_tokens: int | None = None) -> Refusal | None:
    """None if ``query`` is within ``MAX_DEPTH`` and ``MAX_LENGTH`` (and ``max_tokens``, when
    given); otherwise the COMPLEX refusal that says which limit it is past."""
    found = shape(query, max_tokens)
    if max_tokens is not None and found.tokens > max_tokens:
        return Refusal(COMPLEX, "query.too_many_tokens", limit=max_tokens)
    if found.depth > MAX_DEPTH:
        return Refusal(COMPLEX, "query.too_deeply_nested", count=found.depth, limit=MAX_DEPTH)
    if found.length > MAX_LENGTH:
        return Refusal(COMPLEX, "query.too_long_chain", count=found.length, limit=MAX_LENGTH)
    return None


FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of ``query``, a text ``check_read_only`` let
    through, read as its first keyword after the prologue (BASE and PREFIX declarations; names,
    IRIs and comments are passed over); None for a text with no such keyword there. A scan, not
    a parse: the parse has read the text already, and what form it is decides which formats an
    answer may have (``kgtool serve`` answers 406 for a graph asked for as CSV before forwarding)."""
    for token in _TOKEN.finditer(query.replace("\r", "\n")):  # the store ends a comment at either
        if token.lastgroup == "word":
            word = token.group().upper()
            if word in FORMS:
                return word
            if word not in ("BASE", "PREFIX"):
                return None
    return None


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


def check_read_only(
    query: str, wait: float | None = None, max_tokens: int | None = None, standard_only: bool = False
) -> Refusal | None:
    """None if ``query`` is within the limits of ``check_shape`` and parses as one SELECT, ASK,
    CONSTRUCT or DESCRIBE query with no SERVICE anywhere in it; otherwise why it is refused.
    ``standard_only`` (a query forwarded to another store, whose parser reads more than SPARQL
    1.1): also refused when it calls a function other than SPARQL 1.1's and the XSD casts, or
    names an IRI of bif: or sql: anywhere (``extension``); the EXTENSION refusal names it.
    The text checked is the text run: no store rewrites a user's query (``KnowledgeGraph.query``;
    only the SHACL engine rewrites its own compiled queries). Parses take turns (``ParseTurns``):
    with ``wait``, ``GuardBusy`` is raised when the turn has not come within that many seconds.
    ``max_tokens`` bounds the text's tokens too (``check_shape``), and so the parse's time."""
    return check_shape(query, max_tokens) or _check(query, wait, standard_only)


def _check(query: str, wait: float | None = None, standard_only: bool = False) -> Refusal | None:
    text = query.replace("\r", "\n")  # the store ends a comment at either
    if not _PARSE_TURNS.take(len(query), wait):
        raise GuardBusy(f"no turn to parse within {wait} s")
    try:
        with sparql_parsing():  # kgtool.rdf.dataset_clause parses with rdflib's grammar too
            return _check_text(query, text, standard_only)
    finally:
        _PARSE_TURNS.give_back()


def _check_text(query: str, text: str, standard_only: bool = False) -> Refusal | None:
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
                return Refusal(EMPTY, "query.empty")
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
    if standard_only:
        try:
            found = extension(tree)
        except RecursionError:
            return Refusal(SYNTAX, "query.too_deep")
        if found is not None:
            return Refusal(EXTENSION, "query.refused_extension", detail=found)
    return None


def _nodes(node: Any) -> Any:
    """Every node of a parse tree, at any depth (no recursion: a tree may be deep)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, CompValue):
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


# how much of a refused name the refusal quotes
QUOTED_NAME = 100


def extension(tree: Any) -> str | None:
    """A function call or IRI of a parsed query (``Query.parse_string``'s tree) that may
    run a store's own code, as written (``bif:http_get``, ``<bif:exec>``), or None.

    A function is let through only when its IRI is an XSD cast (``XSD_CASTS``) however its
    prefix may be read: declared (every declaration of it the XSD namespace), or undeclared
    ``xsd:``, which Virtuoso predeclares so (the other stores refuse an undeclared prefix). An
    undeclared prefix is read as Virtuoso reads its own (``bif:f`` is the IRI ``bif:f``); an IRI
    written ``<…>`` as it is written (the grammar lets no escape into one). Any IRI that begins
    with ``CODE_SCHEMES`` (its case aside), or a prefix or base declared so, is refused too,
    wherever it stands: a predicate such as ``bif:xquery_contains`` runs code as a function does."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    declared: dict[str, set[str]] = {}
    for decl in tree[0]:
        if isinstance(decl, CompValue) and decl.name == "PrefixDecl":
            declared.setdefault(decl.get("prefix") or "", set()).add(str(decl["iri"]))

    def readings(term: Any) -> tuple[str, set[str]]:
        """How ``term`` (an IRI or a prefixed name) is written, and every IRI a store may read it as."""
        if isinstance(term, CompValue):  # a prefixed name
            prefix, local = term.get("prefix") or "", term.get("localname") or ""
            namespaces = declared.get(prefix) or ({XSD} if prefix == "xsd" else {prefix + ":"})
            return f"{prefix}:{local}", {namespace + local for namespace in namespaces}
        return f"<{term}>", {str(term)}

    for node in _nodes(tree):
        written = None
        if isinstance(node, CompValue) and node.name == "Function":
            written, iris = readings(node["iri"])
            if iris <= XSD_CASTS:
                written = None
        elif isinstance(node, URIRef) or (isinstance(node, CompValue) and node.name == "pname"):
            written, iris = readings(node)
            if not any(iri.lower().startswith(CODE_SCHEMES) for iri in iris):
                written = None
        if written is not None:
            return written if len(written) <= QUOTED_NAME else written[:QUOTED_NAME] + "…"
    return None
