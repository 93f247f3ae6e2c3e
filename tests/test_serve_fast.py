"""What keeps ``kgtool serve`` fast without loosening it: parses from many threads, the kept
refusal verdicts and answers (bounded, never for volatile queries), and the header reader's
fast path (the same message as the standard library's parser)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from kgtool.serve.answer_cache import AnswerCache
from kgtool.serve.connection import read_headers
from kgtool.serve.query_service import CACHED_TEXT, Answer, WorkerPool, refusal
from kgtool.sparql.guard import check_read_only

SELECT = "SELECT ?s WHERE {{ ?s ?p {n} }}"


def test_queries_checked_from_many_threads_at_once_all_pass() -> None:
    """rdflib's grammar is not thread-safe: parsed from several threads at once, good queries
    failed (a TypeError, or a false syntax error). The check now parses one at a time."""
    verdicts: list[object] = []

    def check(base: int) -> None:
        for n in range(base, base + 25):  # distinct texts: no kept verdict hides a parse
            verdicts.append(check_read_only(SELECT.format(n=n)))

    threads = [threading.Thread(target=check, args=(i * 100,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert verdicts == [None] * 100


@pytest.mark.parametrize(
    "query, status, error_id",
    [
        ("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403, "serve#no-federation"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", 403, "serve#read-only"),
        ("SELECT WHERE", 400, "serve#bad-query"),
    ],
)
def test_a_kept_verdict_refuses_as_the_first_did(query: str, status: int, error_id: str) -> None:
    for text in (query, query, query + "\n#" + "x" * CACHED_TEXT):  # twice kept, once too long to keep
        answer = refusal(text)
        assert answer is not None and answer.status == status and error_id.encode() in answer.body
    assert refusal("ASK {}") is None and refusal("ASK {}") is None


def ok(body: bytes) -> Answer:
    return Answer(200, "application/sparql-results+json", body)


def test_the_answer_cache_keeps_only_deterministic_successful_answers() -> None:
    cache = AnswerCache()
    for query in (
        "SELECT (NOW() AS ?t) {}",
        "SELECT (rand() AS ?r) {}",
        "SELECT (STRUUID() AS ?u) {}",
        "SELECT (BNODE() AS ?b) {}",
    ):
        cache.put((query, None, None), ok(b"1"))
        assert cache.get((query, None, None)) is None
    cache.put(("ASK {}", None, None), Answer(503, "text/plain", b"time limit"))
    assert cache.get(("ASK {}", None, None)) is None
    cache.put(("ASK {}", "application/sparql-results+json", None), ok(b"true"))
    assert cache.get(("ASK {}", "application/sparql-results+json", None)) == ok(b"true")
    assert cache.get(("ASK {}", "text/csv", None)) is None  # the format is part of the key
    cache.clear()
    assert cache.get(("ASK {}", "application/sparql-results+json", None)) is None


def test_the_answer_cache_is_bounded_in_bytes() -> None:
    cache = AnswerCache(max_bytes=1000, max_answer=400, max_text=50)
    cache.put(("q0", None, None), ok(b"x" * 500))  # over max_answer: not kept
    assert cache.get(("q0", None, None)) is None
    cache.put(("q" * 51, None, None), ok(b"x"))  # text over max_text: not kept
    assert cache.get(("q" * 51, None, None)) is None
    for n in range(1, 5):
        cache.put((f"q{n}", None, None), ok(b"x" * 300))
        cache.get(("q1", None, None))  # q1 used most recently: it stays
    assert cache.held <= 1000
    assert cache.get(("q1", None, None)) is not None and cache.get(("q2", None, None)) is None


def test_the_worker_pool_keeps_repeated_answers_but_not_volatile_ones(tmp_path: Path) -> None:
    data = tmp_path / "small.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    pool = WorkerPool([str(data)], size=1, timeout=30)
    try:
        accept = "application/sparql-results+json"
        first = pool.run("ASK { ?s ?p ?o }", accept, None)
        assert first.status == 200 and json.loads(first.body)["boolean"] is True
        assert pool.answers.get(("ASK { ?s ?p ?o }", accept, None)) == first
        assert pool.run("ASK { ?s ?p ?o }", accept, None) == first
        volatile = "SELECT (STRUUID() AS ?u) {}"
        one, two = pool.run(volatile, accept, None), pool.run(volatile, accept, None)
        assert one.status == two.status == 200 and one.body != two.body  # each evaluated anew
    finally:
        pool.close()


class Lines:
    """A stream with the one method the header reader calls."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readline(self, size: int = -1) -> bytes:
        return self.data.readline(size)


@pytest.mark.parametrize(
    "block",
    [
        b"Host: a\r\nAccept: text/html \r\n\r\n",
        b"A: 1\r\nA: 2\r\nContent-Length: 5\r\n\r\n",
        b"X:\t \tv\t \r\n\r\n",
        b"A: b\nC:d\n\n",
        b"A: b\r\n",  # the client closed before the blank line
        b"Host: a\r\n X-Fold: b\r\n\tc\r\n\r\n",  # continuation lines: the email parser
        b"Bad Name: x\r\nAfter: y\r\n\r\n",  # a line that is no header ends the block there
        b"X: a\rb\r\nY: c\r\n\r\n",  # a stray CR is a line end to the email parser
        b": v\r\n\r\n",
        b"From x\r\nA: b\r\n\r\n",
        b"X-\xff: 1\r\nY: \x85\x0b\r\n\r\n",
    ],
)
def test_the_header_reader_gives_the_standard_librarys_message(block: bytes) -> None:
    import http.client

    expected = http.client.parse_headers(io.BytesIO(block))
    got = read_headers(Lines(block))  # type: ignore[arg-type]
    assert type(got) is type(expected) and got.items() == expected.items()
