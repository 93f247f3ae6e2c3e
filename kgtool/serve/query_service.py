"""The read-only SPARQL 1.1 query service behind ``kgtool serve``'s /sparql.

Queries run in worker processes that each hold the graph, so the time limit is real: a
query that runs past it is stopped by ending its worker (a thread could only be
abandoned, and would go on using a core). A federated query (SERVICE, which would make the
server fetch other URLs) is refused before any worker sees it; an update is refused before
it, or by the store's own parser, which reads queries only (``refusal``). With
``--endpoint`` the service forwards queries to another SPARQL endpoint instead, each parsed
here first.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import pickle
import queue
import sys
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kgtool.errors.catalogue import declared
from kgtool.errors.codes import format_error
from kgtool.i18n.catalogue import DEFAULT_LANG, has, t
from kgtool.serve.answer_cache import AnswerCache
from kgtool.serve.connection import TIMED_OUT
from kgtool.serve.worker_link import WorkerLink
from kgtool.site.conneg import negotiate
from kgtool.sparql.auth import Credentials, opener_for
from kgtool.sparql.http import MAX_ROWS_HEADER, REQUEST_ERRORS, classify

if TYPE_CHECKING:  # the guard is imported where a text is checked (it loads the parse's lock)
    from kgtool.sparql.guard import Refusal

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
RESULT_ALIASES = {
    "application/json": RESULT_TYPES["json"],
    "application/xml": RESULT_TYPES["xml"],
    "text/xml": RESULT_TYPES["xml"],
}
GRAPH_ALIASES = {
    "application/x-turtle": GRAPH_TYPES["ttl"],
    "text/plain": GRAPH_TYPES["nt"],
    "application/xml": GRAPH_TYPES["rdf"],
    "application/json": GRAPH_TYPES["jsonld"],
}
# the names of pyoxigraph's formats for each key (QueryResultsFormat, RdfFormat)
RESULT_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
GRAPH_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "rdf": "RDF_XML", "jsonld": "JSON_LD"}
# values of the format/output parameter that clients such as SPARQLWrapper send
FORMAT_NAMES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "ttl",
    "ttl": "ttl",
    "n3": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdf": "rdf",
    "rdfxml": "rdf",
    "rdf+xml": "rdf",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}


@dataclass(frozen=True)
class Words:
    """An error answer's words by their catalogue keys, in no language yet: the message ``key`` and
    the hint ``hint_key`` (none when empty) with ``values``. The server says them in the language
    the client asks for (``Answer.in_language``), so an answer kept or made where no language is
    known (a kept refusal, a worker's answer) is said in each client's own."""

    error_id: str
    key: str
    hint_key: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def line(self, lang: str) -> str:
        """The error line in ``lang``: the ID and the form scripts match stay, the words change.
        What a value quotes of a request stays on the line (``one_line``)."""
        values = {name: one_line(value) for name, value in self.values}
        hint = t(self.hint_key, lang, **values) if self.hint_key else ""
        return format_error(self.error_id, t(self.key, lang, **values), "", hint, declared(self.error_id).level) + "\n"


def one_line(value: object) -> object:
    """``value`` as an error line quotes it: a text with its control characters (CR, LF, ESC, a
    Unicode line separator: whatever ``str.isprintable`` refuses) escaped as ``\\xNN`` or
    ``\\uNNNN``. A path such as ``/id/a%0d%0aSet-Cookie: …`` put a raw CR LF into an error body:
    a second line, which a client reading the first line as the error did not expect."""
    if not isinstance(value, str) or value.isprintable():
        return value
    return "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in value
    )


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type and body. An error's body is a readable line, its
    ``words`` said in ``lang`` (the server's Content-Language); an answer of data has neither."""

    status: int
    content_type: str
    body: bytes
    words: Words | None = None
    lang: str | None = None

    @classmethod
    def error(cls, status: int, error_id: str, key: str, /, *, hint_key: str | None = None, **values: object) -> Answer:
        """The error line a CLI user would see, as the body, in English until the server says it in
        the client's language; the ID and status must be declared. ``key`` is the catalogue's
        message, ``hint_key`` its hint: by default ``key + "_hint"`` when there is one, else the
        ID's own hint (``serve#busy`` -> ``serve.busy_hint``) when the ID is declared with one,
        else none. A value must not be named ``lang`` (``t()``'s own argument)."""
        entry = declared(error_id)
        if status not in entry.status:
            raise ValueError(f"{error_id} is not declared with HTTP status {status}")
        if hint_key is None:
            hint_key = key + "_hint" if has(key + "_hint") else id_hint(error_id) if entry.hint else ""
        return cls.worded(status, Words(error_id, key, hint_key, tuple(values.items())), DEFAULT_LANG)

    @classmethod
    def worded(cls, status: int, words: Words, lang: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", words.line(lang).encode("utf-8"), words, lang)

    def in_language(self, lang: str) -> Answer:
        """This answer with its words in ``lang``; itself when it has no words or has them in ``lang``."""
        if self.words is None or self.lang == lang:
            return self
        return Answer.worded(self.status, self.words, lang)


def id_hint(error_id: str) -> str:
    """The catalogue key of the hint a served ID is declared with: ``serve#busy`` -> ``serve.busy_hint``
    (its English is the hint docs/errors.md gives)."""
    family, _, name = error_id.partition("#")
    return f"{family}.{name.replace('-', '_')}_hint"


class QueryService(Protocol):
    """Where /sparql's queries go. A service with ``store_parses = True`` runs them on a store whose
    own parser refuses whatever is not one query (``refusal``); without it every text is parsed
    here first."""

    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer: ...

    def close(self) -> None: ...


def read_only() -> Answer:
    return Answer.error(403, "serve#read-only", "serve.read_only")


def refusal(query: str, store_parses: bool = False, wait: float | None = None) -> Answer | None:
    """An answer refusing the request when it is not one read-only query: an update or LOAD,
    a SERVICE at any depth, or text that does not parse. The query's parse decides. Before it,
    and for every text, a scan refuses a query nested or chained past the limits that keep the
    stores' recursion safe (``kgtool.sparql.guard.check_shape``).

    ``store_parses``: the query goes to the embedded store, whose own parser reads queries only
    and refuses the rest; then a text that cannot hold a SERVICE (``store_may_decide``) is left
    to it, and a syntax error it reports is worded by ``refusal`` afterwards
    (``reword_syntax_error``). Another endpoint's parser is not ours to trust: its queries are
    parsed here, and refused too when they call a function that is not SPARQL 1.1's or an XSD
    cast, or name Virtuoso's bif: or sql: (``kgtool.sparql.guard.extension``): such a store runs
    them as code (Virtuoso's bif:http_get fetched a URL, its bif:exec wrote to the store). The
    embedded store has no such functions (an unknown function is an error of its evaluation),
    and its texts are not refused for them.

    The parse (1-5 ms of rdflib's grammar for a short text, one at a time) was most of the
    server's time per request, and clients send the same texts again and again; the verdict
    depends on the text alone, so it is kept for the last ``VERDICTS`` texts of up to
    ``CACHED_TEXT`` characters (a few MB at most). A longer text is parsed every time.

    The parse is bounded by ``MAX_TOKENS`` (and the limits on a query's structure): past them a
    text is refused before it, by a scan. Parses take turns, the shortest text first
    (``kgtool.sparql.guard.ParseTurns``); a text whose turn has not come within ``wait``
    seconds (the server's --timeout) is answered 503 serve#busy."""
    if store_parses:
        from kgtool.sparql.guard import store_may_decide

        if store_may_decide(query):  # a short text (STORE_TEXT): its verdict is kept
            return _cached_shape_refusal(query)
    return _parsed_refusal(query, wait, standard_only=not store_parses)


def _parsed_refusal(query: str, wait: float | None, standard_only: bool) -> Answer | None:
    """``refusal`` by the parse: the kept verdict of a short text, or a new one."""
    from kgtool.sparql.guard import GuardBusy

    try:
        if len(query) > CACHED_TEXT:
            return _refusal(query, wait, standard_only)
        return _cached_refusal(query, wait, standard_only)
    except GuardBusy:  # outside the kept verdicts: the next try may have its turn at once
        return Answer.error(503, "serve#busy", "serve.busy_checking", seconds=wait)


# the verdicts kept: texts up to CACHED_TEXT characters, the last VERDICTS of them
CACHED_TEXT = 4096
VERDICTS = 512
# The most tokens (names, values, operators, brackets) of a query kgtool serve takes: with the
# limits on its structure (kgtool.sparql.guard), what bounds the time of its parse. rdflib's
# grammar takes 0.1 to 0.4 ms a token, up to 1 ms for the operators of a long expression (on a
# busy machine of two cores); a 500 KB query, 3 s. kgtool's own queries have at most 320.
MAX_TOKENS = 2000


@functools.lru_cache(maxsize=VERDICTS)
def _cached_refusal(query: str, wait: float | None, standard_only: bool = False) -> Answer | None:
    return _refusal(query, wait, standard_only)


@functools.lru_cache(maxsize=VERDICTS)
def _cached_shape_refusal(query: str) -> Answer | None:
    """The refusal of a text left to the store's parser: only the limits on nesting and length,
    which hold for every text (the store's parser recurses too)."""
    from kgtool.sparql.guard import check_shape

    refused = check_shape(query, MAX_TOKENS)
    return None if refused is None else too_complex(refused)


def guard_words(status: int, error_id: str, refused: Refusal) -> Answer:
    """The answer to a refusal of the guard (``kgtool.sparql.guard``): its message, worded by the
    catalogue key the guard names, and the hint ``error_id`` is declared with."""
    return Answer.error(status, error_id, refused.key, hint_key=id_hint(error_id), **refused.values)


def too_complex(refused: Refusal) -> Answer:
    return guard_words(400, "serve#query-too-complex", refused)


def _refusal(query: str, wait: float | None = None, standard_only: bool = False) -> Answer | None:
    from kgtool.sparql.guard import COMPLEX, EMPTY, EXTENSION, FEDERATION, UPDATE, check_read_only

    refused = check_read_only(query, wait, MAX_TOKENS, standard_only)
    if refused is None:
        return None
    if refused.kind == COMPLEX:
        return too_complex(refused)
    if refused.kind == EMPTY:
        return Answer.error(400, "serve#no-query", refused.key, hint_key="serve.empty_query_hint", **refused.values)
    if refused.kind == UPDATE:
        return read_only()
    if refused.kind == FEDERATION:
        return Answer.error(403, "serve#no-federation", "serve.no_federation")
    if refused.kind == EXTENSION:
        return guard_words(403, "serve#no-extension", refused)
    return guard_words(400, "serve#bad-query", refused)


def reword_syntax_error(query: str, answer: Answer, wait: float | None = None) -> Answer:
    """The embedded store's answer to a text ``store_may_decide`` left to it: when the store
    found no query in it, the refusal the rdflib parse gives (an update is refused as one, a
    syntax error names its line and column), as if the text had been parsed first; the
    store's own answer when that parse finds nothing to refuse."""
    if answer.status != 400 or answer.words is None or answer.words.error_id != "serve#bad-query":
        return answer
    return _parsed_refusal(query, wait, standard_only=False) or answer


# how an answer of ``execute`` to a text the store could not parse begins (the one formatter's
# head of the line, up to the message), in every language
BAD_QUERY = format_error("serve#bad-query", "").encode()


# headers up to this length have their negotiated format kept (``chosen``); a longer one is
# negotiated every time
CHOSEN_HEADER = 1024


@functools.lru_cache(maxsize=64)
def _chosen(fmt: str | None, accept: str | None, graph: bool) -> str | None:
    if graph:
        return choose(fmt, accept, GRAPH_TYPES, GRAPH_ALIASES)
    return choose(fmt, accept, RESULT_TYPES, RESULT_ALIASES)


def chosen(fmt: str | None, accept: str | None, graph: bool) -> str | None:
    """``choose`` for a solutions or boolean result (``graph`` False) or a graph result: the choice
    depends on the two texts alone, and clients send the same few again and again, so it is kept
    for the last 64 pairs of short texts. Negotiating (``kgtool.site.conneg.negotiate``) cost a
    worker more than running ``ASK {}`` did."""
    if len(accept or "") + len(fmt or "") > CHOSEN_HEADER:
        return _chosen.__wrapped__(fmt, accept, graph)
    return _chosen(fmt, accept, graph)


def format_key(fmt: str | None) -> str | None:
    """The key of the format a ``format=`` value names (a name such as ``json`` or ``turtle``, or
    a result or RDF media type), or None for an empty or unknown one, which ``choose`` passes
    over for the Accept header. Requests carry this key, never the client's text: the answer
    cache and the kept request heads are keyed by it, and random ``format=`` values of 900 KB
    each made as many entries."""
    if not fmt or len(fmt) > FORMAT_TEXT:
        return None
    text = fmt.lower()
    return FORMAT_NAMES.get(text) or next((k for k, m in (RESULT_TYPES | GRAPH_TYPES).items() if m == text), None)


# the longest format value that can name one (the longest media type is 31 characters)
FORMAT_TEXT = 64


def choose(fmt: str | None, accept: str | None, offered: dict[str, str], aliases: dict[str, str]) -> str | None:
    """The format key for a result: an explicit format parameter first, else the Accept header."""
    if fmt:
        key = FORMAT_NAMES.get(fmt.lower()) or next((k for k, m in offered.items() if m == fmt.lower()), None)
        if key in offered:
            return key
    media = negotiate(accept, list(offered.values()), aliases)
    return next((k for k, m in offered.items() if m == media), None)


class AnswerTooLarge(Exception):
    """The serialized answer grew past the byte limit."""


class _BoundedBuffer(io.BytesIO):
    """Where a result is serialized: it refuses to grow past ``limit`` bytes. pyoxigraph writes
    solutions as it evaluates them, so a query that asks for millions of rows is stopped at
    the limit instead of holding them all in the worker's memory."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any, /) -> int:
        if self.tell() + len(memoryview(data)) > self.limit:
            raise AnswerTooLarge
        return super().write(data)


def too_large(limit: int) -> Answer:
    return Answer.error(400, "serve#answer-too-large", "serve.answer_too_large", limit=limit)


def execute(kg: Any, query: str, accept: str | None, fmt: str | None, max_bytes: int = 64_000_000) -> Answer:
    """Run one query on a KnowledgeGraph and serialize its result in the negotiated format,
    up to ``max_bytes``."""
    import pyoxigraph as ox

    try:
        result = kg.query(query)
    except SyntaxError as exc:  # the store's own account of the error, quoted as it gives it
        return Answer.error(
            400, "serve#bad-query", "query.bad_sparql", hint_key="serve.bad_query_hint", detail=str(exc)
        )
    except (OSError, ValueError, RuntimeError):
        return _failed()
    try:
        if isinstance(result, ox.QueryBoolean):
            # a few bytes whatever the query: written at once, without the bounded buffer's
            # Python write (twice the cost of serializing), and held to the limit after
            key = chosen(fmt, accept, graph=False)
            if key is None:
                return _not_acceptable(RESULT_TYPES)
            body = result.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[key])) or b""
            if len(body) > max_bytes:
                return too_large(max_bytes)
            return Answer(200, RESULT_TYPES[key] + ("; charset=utf-8" if key in ("csv", "tsv") else ""), body)
        if isinstance(result, ox.QuerySolutions):
            key = chosen(fmt, accept, graph=False)
            if key is None:
                return _not_acceptable(RESULT_TYPES)
            out = _BoundedBuffer(max_bytes)
            result.serialize(out, format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[key]))
            content_type = RESULT_TYPES[key] + ("; charset=utf-8" if key in ("csv", "tsv") else "")
        else:
            key = chosen(fmt, accept, graph=True)
            if key is None:
                return _not_acceptable(GRAPH_TYPES)
            out = _BoundedBuffer(max_bytes)
            result.serialize(out, format=getattr(ox.RdfFormat, GRAPH_FORMATS[key]))
            content_type = GRAPH_TYPES[key] + ("; charset=utf-8" if key == "ttl" else "")
    except AnswerTooLarge:
        return too_large(max_bytes)
    except (OSError, ValueError, RuntimeError):
        return _failed()
    return Answer(200, content_type, out.getvalue())


def _failed() -> Answer:
    # the store's own text is not passed on: it may quote what another server answered
    return Answer.error(400, "serve#query-failed", "serve.query_failed")


def _not_acceptable(offered: dict[str, str]) -> Answer:
    return not_acceptable(list(offered.values()))


def not_acceptable(offered: list[str]) -> Answer:
    """406: none of the ``offered`` media types is one the Accept header allows."""
    return Answer.error(406, "serve#not-acceptable", "serve.not_acceptable", types=", ".join(offered))


def _leave_the_network() -> bool:
    """Move this process into a network namespace of its own with no interfaces up (Linux), so
    the store can reach no address whatever a query asks; True if that was done. Defence in
    depth behind ``refusal``: pyoxigraph has no switch that turns off SERVICE."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    # a new network namespace needs CAP_SYS_ADMIN, which a new user namespace gives
    return any(libc.unshare(flags) == 0 for flags in (clone_newnet, clone_newuser | clone_newnet))


def _worker_main(conn: Connection, files: list[str] | None, max_bytes: int) -> None:
    """A worker process: leave the network, load the graph once, then answer queries until told to stop."""
    from kgtool.rdf.project import build_graph

    isolated = _leave_the_network()
    kg = build_graph([Path(f) for f in files] if files else None)
    # the merge of files that repeat statements, made now: counted in what the worker holds when
    # ready (the memory watch's baseline) rather than in the first query's time and memory, which
    # it pushed past the limits (a killed worker's successor then paid it again, query after query)
    kg.merged()
    link = WorkerLink(conn)
    link.send(("ready", isolated))
    while True:
        try:
            message = link.receive(None)
        except (EOFError, OSError):
            return
        if message is None:
            return
        query, accept, fmt = message
        answer = execute(kg, query, accept, fmt, max_bytes)
        # an error's words go too, so that the server says them in each client's language
        link.send((answer.status, answer.content_type, answer.body, answer.words))


class _Worker:
    def __init__(self, files: list[str] | None, start_timeout: float, max_bytes: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, files, max_bytes), daemon=True, name="kgtool-sparql-worker"
        )
        self.process.start()
        child.close()
        self.link = WorkerLink(self.conn)
        try:
            ready = self.link.receive(start_timeout)
        except (EOFError, OSError, pickle.UnpicklingError):
            ready = None
        if not (isinstance(ready, tuple) and ready[0] == "ready"):
            self.stop()
            raise RuntimeError("a SPARQL worker did not start")
        self.isolated: bool = ready[1]
        # for the memory watch (``WorkerPool._watch_memory``): what it holds with the graph loaded,
        # whether it is answering a query now, and whether the watch stopped it
        self.baseline = resident_bytes(self.process.pid) or 0
        self.answering = False
        self.over_memory = False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.link.close()
        self.conn.close()


def resident_bytes(pid: int | None) -> int | None:
    """The memory process ``pid`` holds (its resident set, from /proc on Linux); None where that
    cannot be read."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# how often the memory watch looks at the workers answering a query (a query grew a worker by
# 250 MB a second: the watch stops it within about 50 MB of its limit)
MEMORY_WATCH_INTERVAL = 0.2


class WorkerPool:
    """Worker processes over the embedded store; a query past the time limit ends its worker,
    and one that makes its worker hold more than ``max_memory`` bytes beyond the graph too."""

    # the store parses each query itself and runs queries only (see ``refusal``)
    store_parses = True

    def __init__(
        self,
        files: list[str] | None,
        size: int = 2,
        timeout: float = 10.0,
        start_timeout: float = 120.0,
        max_bytes: int = 64_000_000,
        max_memory: int = 0,
    ) -> None:
        self.files = files
        self.max_bytes = max_bytes
        self.max_memory = max_memory  # bytes a query may add to its worker; 0: no limit
        # answers to repeated texts, not sent to a worker again (see kgtool.serve.answer_cache)
        self.answers = AnswerCache()
        self.timeout = timeout
        self.start_timeout = start_timeout
        # idle workers; the C queue (its get and put were a tenth of a new text's time in Python)
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.closed = False
        self.lock = threading.Lock()
        self.all: list[_Worker] = []
        starters = [threading.Thread(target=self._add) for _ in range(max(1, size))]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if not self.all:
            raise RuntimeError("no SPARQL worker could start")
        self.watching = threading.Event()  # set: the watch ends
        if max_memory > 0 and resident_bytes(self.all[0].process.pid) is not None:
            threading.Thread(target=self._watch_memory, daemon=True, name="kgtool-sparql-memory").start()

    def _watch_memory(self) -> None:
        """Stop a worker whose query made it hold more than ``max_memory`` bytes beyond what it
        held with the graph loaded. A cartesian product with ORDER BY grew a worker to 2.5 GB
        within the time limit. Watched from outside (a kill, from which nothing is printed)
        rather than by a limit inside the worker: the store's allocator aborts the process
        when a limit refuses it memory, and writes to the server's log as it does."""
        while not self.watching.wait(MEMORY_WATCH_INTERVAL):
            with self.lock:
                workers = list(self.all)
            for worker in workers:
                held = resident_bytes(worker.process.pid) if worker.answering else None
                if held is not None and held > worker.baseline + self.max_memory:
                    worker.over_memory = True
                    worker.process.kill()  # its query's wait ends at once (``_run``)

    def _add(self) -> None:
        try:
            worker = _Worker(self.files, self.start_timeout, self.max_bytes)
        except RuntimeError:
            return
        with self.lock:
            if self.closed:
                worker.stop()
                return
            self.all.append(worker)
        self.idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        self.answers.clear()  # its replacement loads the files again: they may have changed
        with self.lock:
            if worker in self.all:
                self.all.remove(worker)
        threading.Thread(target=self._add, daemon=True).start()

    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        key = (query, accept, fmt)
        kept = self.answers.get(key)
        if kept is not None:
            return kept
        return self.run_unkept(query, accept, fmt)

    def run_unkept(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        """``run`` for a query whose answer the caller has just found not kept (``kept``): the
        server looks before it runs, and a new text was looked up twice."""
        answer = self._run(query, accept, fmt)
        self.answers.put((query, accept, fmt), answer)
        return answer

    def kept(self, query: str, accept: str | None, fmt: str | None) -> Answer | None:
        """The kept answer to this query and format, if there is one (never runs anything)."""
        return self.answers.get((query, accept, fmt))

    def _run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.error(503, "serve#busy", "serve.busy_workers", seconds=self.timeout)
        try:
            worker.answering = True
            worker.link.send((query, accept, fmt))
            status, content_type, body, words = worker.link.receive(self.timeout)
            worker.answering = False
            if worker.over_memory:  # stopped by the watch just as its answer came: not used again
                self._retire(worker)
                return Answer(status, content_type, body, words, DEFAULT_LANG if words else None)
        except TIMED_OUT:
            self._retire(worker)
            return Answer.error(503, "serve#time-limit", "serve.time_limit", seconds=self.timeout)
        except (EOFError, OSError, pickle.UnpicklingError):
            self._retire(worker)
            if worker.over_memory:
                return Answer.error(503, "serve#memory-limit", "serve.memory_limit", megabytes=self.max_memory // 2**20)
            return Answer.error(500, "serve#worker-failed", "serve.worker_failed")
        self.idle.put(worker)
        return Answer(status, content_type, body, words, DEFAULT_LANG if words else None)

    @property
    def isolated(self) -> bool:
        """True if every worker runs without a network (see ``_leave_the_network``)."""
        with self.lock:
            return all(worker.isolated for worker in self.all)

    def close(self) -> None:
        self.watching.set()
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for worker in workers:
            worker.stop()


def _result_type(content_type: str | None) -> str:
    """The endpoint's Content-Type when it is a SPARQL result or RDF type, else a type no browser
    renders: the answer is served from this site's origin, and an endpoint that says text/html
    must not get a page of its own there."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    known = set(RESULT_TYPES.values()) | set(GRAPH_TYPES.values())
    return content_type if content_type and media in known else "application/octet-stream"


def truncated(header: str) -> Answer:
    """502 for an answer the endpoint cut at its result-size limit and still sent with status 200,
    saying so only in Virtuoso's ``X-SPARQL-MaxRows`` header (``header``, the limit): passed on, it
    looked complete to every client. Virtuoso sends the header when an answer reaches the limit,
    so an answer of exactly that many rows is refused too (whether it was cut cannot be told)."""
    rows = header.strip()
    return Answer.error(
        502,
        "serve#endpoint-truncated",
        "serve.endpoint_truncated",
        rows=f"{int(rows):,}" if rows.isascii() and rows.isdigit() and len(rows) < 19 else "?",
    )


class ProxyService:
    """Forwards queries to another SPARQL 1.1 endpoint (e.g. one loaded with ``kgtool load``)."""

    # another store's parser may read more than SPARQL 1.1 (pragmas that fetch URLs): every
    # text is parsed here before it is forwarded
    store_parses = False

    def __init__(
        self, endpoint: str, timeout: float = 10.0, max_bytes: int = 64_000_000, credentials: Credentials | None = None
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.max_bytes = max_bytes
        # a store that requires a login: kgtool logs in, the site's visitors never see the password
        self.opener = opener_for(endpoint, credentials)

    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        """Forward ``query`` (checked already) asking for the one media type negotiated here, as the
        embedded store's would be: the query's form (``query_form``) says whether results or a
        graph, and a client that accepts none of those is answered 406 without forwarding (an
        Oxigraph server answered CONSTRUCT with ``Accept: text/csv`` 406, which was passed on as
        502; Virtuoso answered 200 with CSV)."""
        from kgtool.sparql.guard import query_form

        offered = GRAPH_TYPES if query_form(query) in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
        key = chosen(fmt, accept, graph=offered is GRAPH_TYPES)
        if key is None:
            return _not_acceptable(offered)
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": offered[key]},
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                cut = response.headers.get(MAX_ROWS_HEADER)
                if cut is not None:  # nothing of it is read: a cut answer is not passed on
                    return truncated(cut)
                body = response.read(self.max_bytes + 1)  # never more than the limit held in memory
                if len(body) > self.max_bytes:
                    return too_large(self.max_bytes)
                return Answer(response.status, _result_type(response.headers.get("Content-Type")), body)
        except REQUEST_ERRORS as exc:
            failure = classify(exc)
        if failure.kind == "http":  # its body is not passed on: it is whatever the other server chose to say
            return Answer.error(502, "serve#endpoint-failed", "serve.endpoint_failed", status=failure.status)
        if failure.kind == "timeout":
            return Answer.error(504, "serve#time-limit", "serve.time_limit_endpoint", seconds=self.timeout)
        # the system's own account of why (``[Errno 111] Connection refused``), quoted as it gives it
        return Answer.error(
            502, "serve#endpoint-unreachable", "serve.endpoint_unreachable", url=self.endpoint, reason=failure.reason
        )

    def close(self) -> None:
        return None
