"""Reading a client's request, and writing its answer, under limits the client cannot talk its
way around.

A connection's bytes come through ``ClientStream``: every read from the socket is bounded by
a deadline, so a client that sends nothing (an idle keep-alive connection) is let go after
the idle time-out, and one that has begun a request must finish it (request line, headers
and body) within the read time-out however slowly it drips bytes; a per-``recv`` time-out
alone would let a byte every few seconds hold a thread for ever. The header block has a
byte budget counted over the lines actually read, which the standard library's per-line
and per-count limits (64 KiB x 100 headers) do not give. Answers go out through
``ClientWriter``, whose every write ends by a deadline however slowly the client takes it.
"""

from __future__ import annotations

import email.parser
import http.client
import io
import re
import socket
import struct
import sys
import time
from urllib.parse import unquote


class RequestTimeout(TimeoutError):
    """The client did not send its whole request in time (or sent nothing while idle)."""


class HeadersTooLarge(Exception):
    """The request's header block is larger than the budget."""


# Time-outs kept by the kernel (SO_RCVTIMEO, SO_SNDTIMEO) on a blocking socket, where the
# platform's struct timeval is two C longs of 64 bits (Linux on 64-bit machines). Python's own
# socket time-outs cost three calls that each let go of the GIL (settimeout's ioctl, a poll
# before each recv or send, the call itself); with many connections' threads, each let-go
# handed the GIL to another thread and cost this one a wait and a context switch.
# setsockopt keeps the GIL, and a blocking recv or send is one call.
KERNEL_TIMEOUTS = sys.platform.startswith("linux") and struct.calcsize("l") == 8


def set_timeout(sock: socket.socket, seconds: float | None, sending: bool = False) -> None:
    """Let the next reads (or, ``sending``, writes) on ``sock`` wait ``seconds`` at most (None: as
    long as it takes); a read or write that waits longer raises ``TimeoutError`` (or
    ``BlockingIOError``, with kernel time-outs: callers treat both as a time-out). The socket
    is kept blocking with kernel time-outs."""
    if not KERNEL_TIMEOUTS:
        sock.settimeout(seconds)
        return
    # 0 means no time-out to the kernel, so a time-out is one microsecond at least
    micro = 0 if seconds is None else max(1, round(seconds * 1_000_000))
    option = socket.SO_SNDTIMEO if sending else socket.SO_RCVTIMEO
    sock.setsockopt(socket.SOL_SOCKET, option, struct.pack("ll", micro // 1_000_000, micro % 1_000_000))


# what a read or write that ran out of time raises: TimeoutError with Python's time-outs, an
# EAGAIN BlockingIOError with the kernel's
TIMED_OUT = (TimeoutError, BlockingIOError)
# how far past its deadline a write may run: a kernel send time-out already set is kept when it
# ends at most this long after the deadline (a small answer then costs no setsockopt)
SEND_SLACK = 0.01
# how far past its deadline a read may wait: a kernel receive time-out is set this much above
# the time left, and kept while it ends no earlier than the deadline and at most READ_SLACK
# after it, so the next request's read on a kept-alive connection costs no setsockopt
READ_SLACK = 0.01


class ClientWriter(io.BufferedIOBase):
    """The handler's ``wfile``: each write goes out whole by its deadline or raises
    ``TimeoutError``, also a write of the standard library's code (a ``100 Continue``), which
    has ``timeout`` seconds. A kernel send time-out bounds one ``send`` call, and ``sendall``
    goes on as long as each call moves some bytes, so a client taking a few KiB now and then
    held a ``sendall`` for minutes: the bytes go out here in ``send`` calls, each under the
    time left. (Python's time-out bounds a whole ``sendall`` and is used as it is.)"""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        super().__init__()
        self.sock = sock
        self.timeout = timeout
        self.kernel_timeout: float | None = None  # the send time-out last given to the kernel

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.sock.fileno()

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        self.send(view, time.monotonic() + self.timeout)
        return view.nbytes

    def send(self, data: bytes | memoryview, deadline: float) -> None:
        """All of ``data`` before ``deadline`` (``time.monotonic``), or ``TimeoutError``."""
        view = memoryview(data).cast("B")
        if not KERNEL_TIMEOUTS:
            set_timeout(self.sock, self._left(deadline))
            self.sock.sendall(view)
            return
        sent = 0
        while sent < view.nbytes:
            left = self._left(deadline)
            if self.kernel_timeout is None or self.kernel_timeout > left + SEND_SLACK:
                set_timeout(self.sock, left, sending=True)
                self.kernel_timeout = left
            try:
                sent += self.sock.send(view[sent:])
            except BlockingIOError:  # the kernel's time-out ran out: the next call waits what is left, if any
                self.kernel_timeout = None

    @staticmethod
    def _left(deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the client did not take the answer in time")
        return left


class _DeadlineSocket(io.RawIOBase):
    """Raw reads from a socket, each one limited to the time left before the deadline."""

    def __init__(self, sock: socket.socket, idle_timeout: float, read_timeout: float) -> None:
        super().__init__()
        self.sock = sock
        self.idle_timeout = idle_timeout
        self.read_timeout = read_timeout
        self.deadline = time.monotonic() + idle_timeout
        self.started = False  # a byte of the current request has arrived
        self.kernel_timeout: float | None = None  # the receive time-out last given to the kernel

    def readable(self) -> bool:
        return True

    def next_request(self) -> None:
        """Wait for a new request: the idle time-out runs until its first byte comes."""
        self.deadline = time.monotonic() + self.idle_timeout
        self.started = False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise RequestTimeout("the client's time to send its request ran out")
        kept = self.kernel_timeout
        if not KERNEL_TIMEOUTS or kept is None or not remaining <= kept <= remaining + READ_SLACK:
            kept = remaining + READ_SLACK / 2 if KERNEL_TIMEOUTS else remaining
            set_timeout(self.sock, kept)
            self.kernel_timeout = kept
        try:
            received = self.sock.recv_into(buffer)
        except TIMED_OUT:
            raise RequestTimeout("the client's time to send its request ran out") from None
        if received and not self.started:
            self.started = True
            self.deadline = time.monotonic() + self.read_timeout
        return received


class ClientStream(io.BufferedReader):
    """The handler's ``rfile``: buffered reads under the deadlines, and a byte budget for the
    lines of the header block (``readline`` is all ``http.client.parse_headers`` calls)."""

    def __init__(self, sock: socket.socket, idle_timeout: float, read_timeout: float, max_header_bytes: int) -> None:
        self.clock = _DeadlineSocket(sock, idle_timeout, read_timeout)
        super().__init__(self.clock)
        self.max_header_bytes = max_header_bytes
        self.header_budget: int | None = None
        self.header_lines: list[bytes] = []  # the lines of the header block being read, as they came

    @property
    def started(self) -> bool:
        """True once a byte of the current request has come (a time-out is then worth a 408)."""
        return self.clock.started

    def next_request(self) -> None:
        self.clock.next_request()
        self.header_budget = None

    def begin_headers(self) -> None:
        self.header_budget = self.max_header_bytes
        self.header_lines = []

    def end_headers(self) -> None:
        self.header_budget = None

    def buffered_head(self, limit: int) -> bytes | None:
        """The next request's line and header block, when they are in the buffer already and end
        in an empty CRLF line within ``limit`` bytes; nothing is consumed. At most one read from
        the socket (under the deadline) when the buffer is empty."""
        data = self.peek(limit)
        end = data.find(b"\r\n\r\n", 0, limit)
        return data[: end + 4] if end >= 0 else None

    def take_head(self, head: bytes) -> tuple[bytes, list[bytes]] | None:
        """The request line and the lines of the header block, split as ``readline`` and
        ``read_headers`` would read them, out of ``head`` (what ``buffered_head`` gave), and
        taken from the buffer; None, with nothing taken, when the block is over the header
        budget or the standard library's count of lines (the line-by-line reading then refuses
        it as before). Reading a request line by line was five calls through ``readline``:
        a tenth of a new query's time in the server."""
        lines = [line + b"\n" for line in head.split(b"\n")[:-1]]
        end = next(i for i in range(1, len(lines)) if lines[i] in (b"\r\n", b"\n"))
        block = lines[1 : end + 1]
        size = sum(map(len, block))
        if len(block) > MAX_HEADERS or size > self.max_header_bytes:
            return None
        self.read(len(lines[0]) + size)
        self.header_lines = block
        return lines[0], block

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(-1 if size is None else size)
        if self.header_budget is not None:
            self.header_lines.append(line)
            self.header_budget -= len(line)
            if self.header_budget < 0:
                raise HeadersTooLarge(f"the header block is larger than {self.max_header_bytes} bytes")
        return line


# the standard library's limits on a header block (http.client): a line, and the lines
MAX_LINE = 65536
MAX_HEADERS = 100
# a header line the fast path takes: a token, a colon, a value without CR or LF, the line end
SIMPLE_FIELD = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n]*)\r?\n")


class Headers(http.client.HTTPMessage):
    """A request's header block as the standard library reads it, and ``first``: each field's
    first value by its lower-cased name, which is what ``get`` answers. ``get`` and ``in``
    scan every line and lower-case each name per call; the server asks five or six times a
    request, which was a tenth of a new query's time."""

    first: dict[str, str]

    def index(self) -> Headers:
        """Fill ``first`` from the fields read (once they are all read)."""
        self.first = {}
        for name, value in self.items():
            self.first.setdefault(name.lower(), value)
        return self


def read_headers(stream: ClientStream) -> Headers:
    """The request's header block, read as ``http.client.parse_headers`` reads it (the same
    limits, the same message), without the email parser when every line is a plain
    ``Name: value`` line: that parser was a fifth of a small answer's time. Any other line
    (a continuation, a name that is not a token, a stray CR) sends the whole block through
    the email parser, so what a header means never differs between the two."""
    lines: list[bytes] = []
    while True:
        line = stream.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE or len(lines) >= MAX_HEADERS:
            raise HeadersTooLarge("a header line over 64 KiB, or over 100 header lines")
        lines.append(line)
        if line in (b"\r\n", b"\n", b""):
            break
    return parse_header_lines(lines)


def parse_header_lines(lines: list[bytes]) -> Headers:
    """The message of a header block's lines as ``read_headers`` read them (the last one the
    empty line, or nothing when the client closed before it)."""
    fields = []
    for raw in lines[:-1]:
        found = SIMPLE_FIELD.fullmatch(raw.decode("iso-8859-1"))
        if found is None:
            text = b"".join(lines).decode("iso-8859-1")
            return email.parser.Parser(_class=Headers).parsestr(text).index()
        fields.append(found.groups())
    message = Headers()
    first: dict[str, str] = {}
    for name, value in fields:
        message[name] = value
        first.setdefault(name.lower(), value)
    message.first = first
    return message


def split_target(target: str) -> tuple[str, str]:
    """The path and the query of a request target as ``urllib.parse.urlsplit`` splits them, for
    the targets the server lets through (one "/" first, visible ASCII only: ``parse_request``
    makes them so), where no scheme, host or white space can be: the fragment is dropped and
    the path ends at the first "?". ``urlsplit`` looked for all of those on every request."""
    path, _, query = target.partition("#")[0].partition("?")
    return path, query


def query_params(text: str) -> dict[str, list[str]]:
    """``urllib.parse.parse_qs(text, keep_blank_values=True)``: the same fields, decoded the same
    way (UTF-8, undecodable bytes replaced), without its argument checks and the list of
    pairs in between, which were half its time."""
    params: dict[str, list[str]] = {}
    for field in text.split("&") if text else ():
        if not field:
            continue
        name, _, value = field.partition("=")
        name = unquote(name.replace("+", " "))
        value = unquote(value.replace("+", " "))
        if name in params:
            params[name].append(value)
        else:
            params[name] = [value]
    return params
