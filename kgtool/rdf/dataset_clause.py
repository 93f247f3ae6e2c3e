"""Whether a SPARQL query names its own dataset (``FROM`` or ``FROM NAMED``), read as the
embedded store reads it.

The store answers a query over the union of the loaded files (``KnowledgeGraph.query``), as a
remote endpoint holding the merged graph does; but pyoxigraph's union option also drops a
query's ``FROM`` graphs, so ``SELECT … FROM <g>`` counted every file's statements where every
other store counts ``<g>``'s. A query with a dataset clause therefore runs on the dataset it
names, and only such a query: the decision must not be fooled by the letters F-R-O-M in a
string, an IRI, a comment, a prefixed name or a variable (``?from``).

A dataset clause can stand in one place only: after the query's prologue and its form
(``SELECT`` and its projection, ``CONSTRUCT`` and its template, ``DESCRIBE`` and its
resources, ``ASK``) and before its ``WHERE``. So the text is read up to there, by the rules
of pyoxigraph's own grammar (lib/spargebra's parser, 0.5), and the clause is there or not:

- keywords are matched by their letters in any case with no word boundary (``SELECT*FROM<g>``,
  ``FROM:g`` is ``FROM`` and the prefixed name ``:g``); ``\\u`` escapes are read only inside
  IRIs and strings, so they cannot spell a keyword;
- a comment runs to a line feed or a carriage return;
- in an expression, ``<`` after an operand is "less than" (``(?a<?b#> … )``: the rest of the
  line is a comment), and an IRI where an operand begins.

Text the reading does not cover (an ``EXISTS { … }`` inside a projected expression, SPARQL 1.2's
``<<``, ``VERSION``) is parsed by rdflib's SPARQL grammar instead, one parse at a time
(``SPARQL_PARSE_LOCK``); a text with no F-R-O-M letters at all has no clause and is not read.

May import: the foundation (rdflib is imported on first use).
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads parsing
# at once made good queries fail with a TypeError or a false syntax error (kgtool serve answers
# each connection in a thread). One parse at a time in the process, whoever parses
# (``kgtool.sparql.guard`` takes it too).
SPARQL_PARSE_LOCK = threading.Lock()
# rdflib's grammar recurses about 11 Python calls deep for each triple pattern of a group
# (TriplesBlock is a pattern, then optionally "." and a TriplesBlock): with Python's default limit
# of 1,000, a query of 100 triple patterns was refused as "nested too deeply" (kgtool query) or
# read as having no FROM. What kgtool.sparql.guard lets through (a chain of at most 400, nesting
# of at most 32) needs at most about 6,000; Python 3.11 makes a call of Python code from Python
# code without growing the C stack, so the raised limit costs no stack a thread does not have.
PARSE_RECURSION = 20_000


@contextmanager
def sparql_parsing() -> Iterator[None]:
    """One parse with rdflib's SPARQL grammar at a time in the process (``SPARQL_PARSE_LOCK``), with
    room for the grammar's recursion (``PARSE_RECURSION``) while it runs; the limit as it was after."""
    with SPARQL_PARSE_LOCK:
        before = sys.getrecursionlimit()
        sys.setrecursionlimit(max(before, PARSE_RECURSION))
        try:
            yield
        finally:
            sys.setrecursionlimit(before)


# --- the terminals of the grammar, as pyoxigraph's parser has them -------------------------------

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}:.]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

_SPACE = r"(?:[ \t\r\n]+|#[^\r\n]*)+"  # a comment runs to a line feed or a carriage return
_IRI = r"<[^>]*>"
_VAR = f"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PNAME = f"(?P<prefix>(?:{_PREFIX})?):(?:{_LOCAL})?"
_BLANK = f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"
_STRING = (
    r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
)
_LANG = r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"
_NUMBER = r"(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+"
_WORD = r"[A-Za-z_][A-Za-z0-9_]*"


class _Terminals:
    """The terminals compiled: their Unicode classes take a tenth of a second or more to compile,
    which every command that opens a store paid at import (``kgtool basis`` among them) though
    only a query with ``FROM`` in its text outside comments is read with them
    (``names_dataset``): compiled on the first such query."""

    def __init__(self) -> None:
        self.space = re.compile(_SPACE)
        self.iri = re.compile(_IRI)
        self.var = re.compile(_VAR)
        self.pname = re.compile(_PNAME)
        # one token of an expression, the first alternative that reads one (a prefixed name before
        # a word: ``ex:a`` is one token); an operand begins after an operator or separator
        self.expression_token = re.compile(
            f"(?P<space>{_SPACE})|(?P<open>\\()|(?P<close>\\))"
            f"|(?P<operand>{_STRING}|{_VAR}|{_PNAME}|{_NUMBER}|{_LANG})"
            f"|(?P<word>{_WORD})"
            r"|(?P<operator>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/!,;])",
            re.DOTALL,
        )
        # one token of a construct template, where ``<`` always begins an IRI
        self.template_token = re.compile(
            f"(?P<space>{_SPACE})|(?P<close>}})|(?P<nested>{{|<<)"
            f"|{_IRI}|{_STRING}|{_VAR}|{_BLANK}|{_PNAME}|{_LANG}|{_NUMBER}|{_WORD}"
            r"|[.;,\[\]()+\-]|\^\^",
            re.DOTALL,
        )


@functools.cache
def _terminals() -> _Terminals:
    return _Terminals()


class Unread(ValueError):
    """The text, up to where a dataset clause would stand, is not one this reading covers."""


def names_dataset(query: str) -> bool:
    """True if ``query`` has a ``FROM`` or ``FROM NAMED`` clause, as the embedded store reads it.

    A text that is not a query the store reads may get either answer: the store refuses it
    whatever the answer."""
    if "from" not in query.lower():  # a tenth of the cost of a case-blind search
        return False
    if _only_in_comment_lines(query.lower()):
        return False
    try:
        return _Reading(query).dataset_follows()
    except Unread:
        pass  # parsed outside the handler: the parse's exceptions are not chained to this one
    return _rdflib_names_dataset(query)


def _only_in_comment_lines(text: str) -> bool:
    """Whether every "from" of ``text`` is in a line that starts (after spaces and tabs) with "#":
    a query's header comment ("where does each field come from") need not be read with the
    grammar. Without a long string, such a line is a comment to its end (the store ends one at a
    line feed or a carriage return): a short string and an IRI hold no line end."""
    if '"""' in text or "'''" in text:
        return False
    lines = text.replace("\r", "\n").split("\n")
    return not any("from" in line for line in lines if not line.lstrip(" \t").startswith("#"))


@functools.lru_cache(maxsize=16)  # the same text is asked about again (each run of a query): parsed once
def _rdflib_names_dataset(query: str) -> bool:
    """rdflib's parse of the query, for text the reading does not cover; a text rdflib cannot
    parse has no clause for it."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query

    text = query.replace("\r", "\n")  # the store ends a comment at either
    with sparql_parsing():
        try:
            tree = Query.parse_string(text, parse_all=True)
        except (ParseBaseException, RecursionError):
            return False
    return any("datasetClause" in part for part in tree if hasattr(part, "keys"))


class _Reading:
    """A cursor over the query text, reading the grammar up to where its dataset clauses stand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.prefixes: set[str] = set()
        self.t = _terminals()

    def dataset_follows(self) -> bool:
        self._prologue()
        if self._keyword("SELECT"):
            self._projection()
        elif self._keyword("CONSTRUCT"):
            self._space()
            if self.text.startswith("{", self.pos):
                self._template()
        elif self._keyword("DESCRIBE"):
            self._described()
        elif not self._keyword("ASK"):
            raise Unread("no query form")
        self._space()
        return self.text[self.pos : self.pos + 4].upper() == "FROM"

    # --- the pieces before a dataset clause -------------------------------------------------------

    def _prologue(self) -> None:
        """BASE and PREFIX declarations, in any order, remembering the prefixes declared."""
        while True:
            if self._keyword("BASE"):
                self._space()
                self._expect(self.t.iri)
            elif self._keyword("PREFIX"):
                self._space()
                name = self._expect(self.t.pname)
                if not name.endswith(":"):
                    raise Unread("a prefix declaration without its IRI")
                self.prefixes.add(name[:-1])
                self._space()
                self._expect(self.t.iri)
            else:
                return

    def _star(self) -> bool:
        """Past the white space, a ``*`` (all variables) read if it is there."""
        self._space()
        if self.text.startswith("*", self.pos):
            self.pos += 1
            return True
        return False

    def _projection(self) -> None:
        """``[DISTINCT|REDUCED] (* | (?var | (expression AS ?var))+)``."""
        if not self._keyword("DISTINCT"):
            self._keyword("REDUCED")
        if self._star():
            return
        while True:
            self._space()
            if self._match(self.t.var):
                continue
            if not self.text.startswith("(", self.pos):
                return
            self.pos += 1
            self._expression()

    def _expression(self) -> None:
        """Up to the ``)`` that closes the ``(`` just read: ``<`` is "less than" after an operand
        and begins an IRI where an operand begins."""
        depth, operand_ended = 1, False
        text = self.text
        while depth:
            if text.startswith("<", self.pos) and not operand_ended:
                if text.startswith("<<", self.pos):
                    raise Unread("a triple term")
                self._expect(self.t.iri)
                operand_ended = True
                continue
            token = self.t.expression_token.match(text, self.pos)
            if token is None:  # a graph pattern (EXISTS { … }), a blank node, or no query
                raise Unread(f"{text[self.pos : self.pos + 1]!r} in an expression")
            self.pos = token.end()
            kind = token.lastgroup
            if kind == "open":
                depth, operand_ended = depth + 1, False
            elif kind == "close":
                depth, operand_ended = depth - 1, True
            elif kind == "word":
                operand_ended = token.group().lower() in ("true", "false")
            elif kind != "space":
                operand_ended = kind == "operand"

    def _template(self) -> None:
        """A construct template ``{ … }``: triples, where ``<`` always begins an IRI."""
        self.pos += 1
        while True:
            token = self.t.template_token.match(self.text, self.pos)
            if token is None or token.lastgroup == "nested":
                raise Unread("not a template of triples")
            self.pos = token.end()
            if token.lastgroup == "close":
                return

    def _described(self) -> None:
        """``DESCRIBE (* | (?var | iri)+)``: a prefixed name whose prefix is not declared ends the
        list, as the store's grammar then goes on to the dataset clauses."""
        if self._star():
            return
        while True:
            self._space()
            if self.text.startswith("<<", self.pos):
                raise Unread("a triple term")
            if self._match(self.t.var) or self._match(self.t.iri):
                continue
            name = self.t.pname.match(self.text, self.pos)
            if name is None or name.group("prefix") not in self.prefixes:
                return
            self.pos = name.end()

    # --- the cursor ---------------------------------------------------------------------------

    def _space(self) -> None:
        self._match(self.t.space)

    def _keyword(self, word: str) -> bool:
        """Reads ``word`` in any case after any space, as the store does (no word boundary)."""
        self._space()
        if self.text[self.pos : self.pos + len(word)].upper() != word:
            return False
        self.pos += len(word)
        return True

    def _match(self, pattern: re.Pattern[str]) -> str:
        """The token ``pattern`` reads here (and the cursor after it), or "" when it reads none."""
        found = pattern.match(self.text, self.pos)
        if found is None:
            return ""
        self.pos = found.end()
        return found.group()

    def _expect(self, pattern: re.Pattern[str]) -> str:
        token = self._match(pattern)
        if not token:
            raise Unread(f"expected {pattern.pattern[:20]!r}")
        return token
