"""Messages between the server and a query worker: a query out, the answer back.

Both ends wrap the socket of a ``multiprocessing`` pipe (a socket pair on Linux and macOS;
on Windows a pipe is no socket, and this module would need ``Connection`` back), with its
framing: a 4-byte big-endian length (or -1 and an 8-byte length), then a pickle. The pipe's
``Connection`` cost a new text more than running ``ASK {}`` did: ``poll`` built a selector
for every call, and a message took a poll and two reads. Here a message goes out in one send
and comes in with one read when it fits the buffer, and the time limit is kept by the kernel
(``kgtool.serve.connection.set_timeout``) rather than by a poll.
"""

from __future__ import annotations

import os
import pickle
import socket
import struct
from multiprocessing.connection import Connection
from typing import Any

from kgtool.serve.connection import set_timeout

# the first read takes a reply of up to this many bytes whole (most answers of a small query)
FIRST_READ = 65536
# a length of -1 says an 8-byte length follows (multiprocessing's framing for 2 GiB and more)
_LONG = -1


class WorkerLink:
    """Messages over ``conn``'s socket (a duplicate of its descriptor, so the ``Connection`` stays
    usable and is closed apart). One thread uses a link at once."""

    def __init__(self, conn: Connection) -> None:
        self.sock = socket.socket(fileno=os.dup(conn.fileno()))
        self.timeout: float | None = None
        self.pending = b""  # bytes read past the last message
        # where each read lands: a read into a new 64 KiB bytes object, shrunk to the few bytes
        # that came, sent libc's allocator to merge free blocks on every message
        self.buffer = bytearray(FIRST_READ)
        self.view = memoryview(self.buffer)

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        head = struct.pack("!iQ", _LONG, len(data)) if len(data) > 0x7FFFFFFF else struct.pack("!i", len(data))
        if len(data) > FIRST_READ:  # not copied to be sent in one piece
            self.sock.sendall(head)
            self.sock.sendall(data)
        else:
            self.sock.sendall(head + data)

    def receive(self, timeout: float | None) -> Any:
        """The other end's next message. Raises ``TimeoutError`` or ``BlockingIOError`` when
        nothing (or not the whole message) came within ``timeout`` seconds of any read (None:
        waits as long as it takes), ``EOFError`` when the other end has gone. Bytes read past
        the message (the start of the next one, when two were sent) are kept for the next call."""
        if timeout != self.timeout:
            set_timeout(self.sock, timeout)
            self.timeout = timeout
        data = self._at_least(self.pending, 4)
        (size,) = struct.unpack("!i", data[:4])
        start = 4
        if size == _LONG:
            data = self._at_least(data, 12)
            (size,) = struct.unpack("!Q", data[4:12])
            start = 12
        end = start + size
        if len(data) >= end:
            self.pending = data[end:]
            return pickle.loads(memoryview(data)[start:end])
        self.pending = b""
        buffer = bytearray(size)
        view = memoryview(buffer)
        have = len(data) - start
        view[:have] = memoryview(data)[start:]
        while have < size:  # what is left of this message, and no more
            got = self.sock.recv_into(view[have:])
            if not got:
                raise EOFError("the message ended early")
            have += got
        return pickle.loads(buffer)

    def _at_least(self, data: bytes, count: int) -> bytes:
        """``data`` and as much more as the socket gives until there are ``count`` bytes."""
        while len(data) < count:
            got = self.sock.recv_into(self.buffer)
            if not got:
                raise EOFError("the other end has gone")
            data += self.view[:got]
        return data

    def close(self) -> None:
        self.view.release()
        self.sock.close()
