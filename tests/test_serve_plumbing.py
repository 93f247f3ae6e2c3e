"""The plumbing under ``kgtool serve``'s requests, made cheaper per request without loosening a
limit: the pipe to a worker spoken directly (kgtool.serve.worker_link), time-outs kept by the
kernel (kgtool.serve.connection.set_timeout), and the negotiated formats kept in a worker."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from kgtool.serve.connection import TIMED_OUT, set_timeout
from kgtool.serve.query_service import (
    CHOSEN_HEADER,
    GRAPH_ALIASES,
    GRAPH_TYPES,
    RESULT_ALIASES,
    RESULT_TYPES,
    WorkerPool,
    _chosen,
    choose,
    chosen,
)
from kgtool.serve.worker_link import FIRST_READ, WorkerLink


def test_messages_of_every_size_arrive_whole_in_both_directions() -> None:
    """Small messages come in one read; longer ones than the first read, and one far larger than
    a socket's buffer, are read to their end; the framing is the multiprocessing pipe's, so
    either end may be a plain ``Connection``."""
    one, two = multiprocessing.Pipe()
    a, b = WorkerLink(one), WorkerLink(two)
    small = [("ASK {}", None, None), b"x" * 100, b"z"]
    messages = [*small, b"x" * (FIRST_READ - 20), b"y" * (FIRST_READ + 1), os.urandom(3_000_000), *small]
    try:
        for message in small:  # sent before any is read: one read takes several, each comes apart
            a.send(message)
        assert [b.receive(30) for _ in small] == small
        sender = threading.Thread(target=lambda: [a.send(m) for m in messages])
        sender.start()
        assert [b.receive(30) for _ in messages] == messages
        sender.join()
        b.send((200, "text/csv", b"a\r\n"))
        assert one.recv() == (200, "text/csv", b"a\r\n")  # a Connection reads what a link sends
        one.send(("ready", True))
        assert b.receive(30) == ("ready", True)  # and a link what a Connection sends
    finally:
        for end in (a, b, one, two):
            end.close()


def test_a_silent_worker_is_a_time_out_and_a_gone_one_an_end() -> None:
    """What the pool tells apart: no reply within the time limit (the query is stopped, 503) and
    a worker that went away (500)."""
    one, two = multiprocessing.Pipe()
    link = WorkerLink(one)
    try:
        began = time.monotonic()
        with pytest.raises(TIMED_OUT):
            link.receive(0.3)
        assert 0.25 < time.monotonic() - began < 5
        two.close()
        with pytest.raises(EOFError):
            link.receive(5)
    finally:
        link.close()
        one.close()


def test_kernel_time_outs_bound_reads_and_writes() -> None:
    """A read that waits past its time-out, and a write the other side does not take, end with a
    time-out; None waits as long as it takes."""
    left, right = socket.socketpair()
    try:
        set_timeout(left, 0.3)
        began = time.monotonic()
        with pytest.raises(TIMED_OUT):
            left.recv(10)
        assert 0.25 < time.monotonic() - began < 5
        set_timeout(left, None)
        threading.Timer(0.5, right.sendall, (b"late",)).start()
        assert left.recv(10) == b"late"
        set_timeout(left, 0.3, sending=True)
        with pytest.raises(TIMED_OUT):
            left.sendall(b"z" * 50_000_000)  # more than the buffers hold: right never reads
    finally:
        left.close()
        right.close()


@pytest.mark.parametrize("graph", [False, True])
def test_kept_format_choices_are_the_negotiated_ones_and_bounded(graph: bool) -> None:
    offered, aliases = (GRAPH_TYPES, GRAPH_ALIASES) if graph else (RESULT_TYPES, RESULT_ALIASES)
    accepts = [
        None,
        "",
        "*/*",
        "text/csv",
        "application/json;q=0.5, text/csv;q=0.9",
        "text/turtle, application/ld+json;q=0.1",
        "application/xml",
        "image/png",
    ]
    for fmt in (None, "json", "csv", "turtle", "nt", "text/csv", "nonsense"):
        for accept in accepts:
            assert chosen(fmt, accept, graph) == choose(fmt, accept, offered, aliases)
    for n in range(200):
        chosen(None, f"text/x-{n}, text/csv", graph)
    assert _chosen.cache_info().currsize <= 64
    long_header = "text/csv;q=0.5, " * (CHOSEN_HEADER // 10)
    before = _chosen.cache_info()
    assert chosen(None, long_header, graph) == choose(None, long_header, offered, aliases)
    assert _chosen.cache_info().hits == before.hits and _chosen.cache_info().misses == before.misses


def test_a_worker_that_dies_is_answered_500_and_replaced(tmp_path: Path) -> None:
    data = tmp_path / "small.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    pool = WorkerPool([str(data)], size=1, timeout=60)
    accept = "application/sparql-results+json"
    try:
        os.kill(pool.all[0].process.pid, signal.SIGKILL)
        failed = pool.run("ASK { ?s ?p ?o } # 1", accept, None)
        assert failed.status == 500 and b"serve#worker-failed" in failed.body
        again = pool.run("ASK { ?s ?p ?o } # 2", accept, None)  # waits for the new worker
        assert again.status == 200 and b"true" in again.body
    finally:
        pool.close()


def test_without_kernel_time_outs_the_deadlines_hold_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the kernel's time-outs are not used (not 64-bit Linux), Python's one time-out per
    socket serves reads and writes: answers still go out on a kept-alive connection, and a
    request that stops half-way is still answered 408 at the read time-out."""
    import kgtool.serve.connection as reading
    from kgtool.serve.server import LinkedDataServer, ServeOptions

    monkeypatch.setattr(reading, "KERNEL_TIMEOUTS", False)
    (tmp_path / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    pool = WorkerPool(None, size=1, timeout=30)
    server = LinkedDataServer(tmp_path, pool, ServeOptions(port=0, quiet=True, read_timeout=1.0, idle_timeout=5.0))
    server.start_in_thread()
    try:
        host, port = server.httpd.server_address[:2]
        with socket.create_connection((str(host), int(port)), timeout=30) as sock:
            for _ in range(2):
                sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
                answer = b""
                while not answer.endswith(b"<p>hi</p>"):
                    chunk = sock.recv(65536)
                    assert chunk, "the server closed the connection"
                    answer += chunk
                assert answer.startswith(b"HTTP/1.1 200 ") and b"Connection: close" not in answer
            sock.sendall(b"GET /index.html HTTP/1.1\r\nHo")  # and nothing more
            began = time.monotonic()
            late = b""
            while chunk := sock.recv(65536):
                late += chunk
            assert late.startswith(b"HTTP/1.1 408 ") and b"serve#request-timeout" in late
            assert 0.8 < time.monotonic() - began < 10
    finally:
        server.shutdown()
