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
from typing import cast

import pytest

from kgtool.serve.connection import TIMED_OUT, set_timeout
from kgtool.serve.query_service import (
    CHOSEN_HEADER,
    GRAPH_ALIASES,
    GRAPH_TYPES,
    RESULT_ALIASES,
    RESULT_TYPES,
    Answer,
    WorkerPool,
    _chosen,
    choose,
    chosen,
)
from kgtool.serve.server import LinkedDataServer, RequestHandler, ServeOptions
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


def test_a_query_that_needs_too_much_memory_is_stopped_and_answered_503(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A cartesian product with ORDER BY grew a worker to 2.5 GB within the time limit. With a
    limit of 100 MB beyond the graph, the worker is stopped (and replaced), the answer says why,
    and nothing is written to the log (a limit inside the worker made the store's allocator
    abort with a message)."""
    from kgtool.serve.query_service import resident_bytes

    data = tmp_path / "numbers.ttl"
    data.write_text(
        "".join(f'<https://example.org/s{n}> <https://example.org/p> "{n}" .\n' for n in range(300)), encoding="utf-8"
    )
    pool = WorkerPool([str(data)], size=1, timeout=60, max_memory=100 * 2**20)
    accept = "application/sparql-results+json"
    product = "SELECT * { ?a ?p ?w . ?b ?p ?x . ?c ?p ?y . ?d ?p ?z } ORDER BY ?w ?x ?y ?z LIMIT 1"
    try:
        if resident_bytes(pool.all[0].process.pid) is None:
            pytest.skip("this system does not tell a process's memory (/proc)")
        started = time.monotonic()
        stopped = pool.run(product, accept, None)
        assert stopped.status == 503 and stopped.body.startswith(b"ERROR [serve#memory-limit]"), stopped
        assert b"100 MB" in stopped.body and time.monotonic() - started < 30
        again = pool.run("ASK { ?s ?p ?o }", accept, None)  # waits for the new worker
        assert again.status == 200 and b"true" in again.body
    finally:
        pool.close()
    err = capfd.readouterr().err
    assert "memory" not in err and "Traceback" not in err, err[-2000:]


def test_without_kernel_time_outs_the_deadlines_hold_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the kernel's time-outs are not used (not 64-bit Linux), Python's one time-out per
    socket serves reads and writes: answers still go out on a kept-alive connection, and a
    request that stops half-way is still answered 408 at the read time-out."""
    import kgtool.serve.connection as reading

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


class _NoQueries:
    """No query reaches the service in these tests: only files are asked for."""

    def run(self, query: str, accept: str | None, fmt: str | None) -> Answer:
        raise AssertionError("no query was expected")

    def close(self) -> None:
        pass


def _serve(site: Path, read_timeout: float) -> LinkedDataServer:
    server = LinkedDataServer(site, _NoQueries(), ServeOptions(port=0, quiet=True, read_timeout=read_timeout))
    server.start_in_thread()
    return server


@pytest.mark.parametrize("kernel", [True, False])
def test_a_client_taking_an_answer_slowly_is_cut_off_at_the_part_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: bool
) -> None:
    """Each 64 KiB part of an answer must be taken within the read time-out. A kernel send
    time-out bounds one send call, and sendall goes on while each call moves some bytes: a
    client taking 8 KiB every 0.3 s held every part for seconds and got the whole answer. Here
    it must be cut off about a second in, and its answer ends short."""
    import kgtool.serve.connection as writing

    monkeypatch.setattr(writing, "KERNEL_TIMEOUTS", kernel and writing.KERNEL_TIMEOUTS)
    # more than the socket buffers hold (loopback's send buffer grows to 4 MiB here); the whole
    # answer's deadline, 1 s + size / 256 KiB/s, is a minute
    size = 16_000_000
    (tmp_path / "big.nt").write_bytes(b"x" * size)
    server = _serve(tmp_path, read_timeout=1.0)
    try:
        host, port = server.httpd.server_address[:2]
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: a small window
        sock.settimeout(30)
        sock.connect((str(host), int(port)))
        with sock:
            sock.sendall(b"GET /big.nt HTTP/1.1\r\nHost: x\r\n\r\n")
            received = b""
            began = time.monotonic()
            while time.monotonic() - began < 4:  # slowly, past the read time-out of a part
                chunk = sock.recv(8192)
                if not chunk:
                    break
                received += chunk
                time.sleep(0.3)
            while chunk := sock.recv(65536):  # then fast: only what was already sent is left
                received += chunk
        assert received.startswith(b"HTTP/1.1 200 ")
        assert len(received) < size, "the slow client got the whole answer"
        assert time.monotonic() - began < 4 + 8
    finally:
        server.shutdown()


def test_a_100_continue_the_client_does_not_take_is_a_quiet_time_out(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The standard library's own write (the ``100 Continue``) goes through the same writer: one
    the client does not take in time is a time-out like any other, the connection is closed at
    the read time-out and no traceback is logged. Before, the kernel time-out's
    BlockingIOError went past the disconnect errors and printed one."""
    server = _serve(tmp_path, read_timeout=0.5)
    handler = cast(type[RequestHandler], server.httpd.RequestHandlerClass)

    def setup(self: RequestHandler) -> None:
        """Fill the connection's send buffer first, as answers the client has not read would."""
        handler.setup(self)
        self.connection.setblocking(False)
        refused = 0
        while refused < 3:  # the buffers are full when sends are refused several times running
            try:
                self.connection.send(b"z" * 65536)
                refused = 0
            except BlockingIOError:
                refused += 1
                time.sleep(0.05)
        self.connection.setblocking(True)

    server.httpd.RequestHandlerClass = type("Filled", (handler,), {"setup": setup})
    try:
        host, port = server.httpd.server_address[:2]
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect((str(host), int(port)))
        with sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                b"Content-Type: application/sparql-query\r\nContent-Length: 6\r\n\r\n"
            )
            time.sleep(2.0)  # the server's write waits 0.5 s, then the connection is closed
            began = time.monotonic()
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
        assert received and b"100 Continue" not in received
        assert time.monotonic() - began < 8
    finally:
        server.shutdown()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err[-3000:]
