"""The site's files made by a process of their own, while the publishing process makes the next.

Why: a publish at a million statements makes 1.1 million files, and each file is three system
calls (open, write, close) in which the kernel allocates an inode and a directory entry: about a
fifth of the publishing process's time (issue 18). Handed down a pipe in batches, the same files
are made on the other core by a small process, and the publishing process goes on to the next
resource. The files, their bytes and their modes are those of the files made in place.

The pipe carries frames: a header (the name's length, the payload's length: ``_HEADER``), the
name (UTF-8, relative to the site's root) and the payload. The writer answers once, on its
standard output, when its input ends: ``ok``, or the first file it could not make (its name, the
system's error number and words), after which it reads no more: the publisher's next send finds
the pipe broken and asks why. Each file is made in the order sent, so the first failure is the
one writing in place would have met first.

May import: the standard library only. It runs as a script (``python -I -S file_writer.py ROOT
PID``): a process of a few megabytes that loads none of kgtool, and none of the publisher's memory.
"""

from __future__ import annotations

import errno
import os
import signal
import struct
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import BinaryIO

_HEADER = struct.Struct("<IQ")  # the name's length, the payload's length
BATCH = 1 << 18  # bytes gathered before a send: few system calls, and the pipe's capacity not exceeded
PIPE_SIZE = 1 << 20  # asked of Linux for the pipe (its default is 64 KiB): fewer switches between the two
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
FOLDERS_KEPT = 10_000  # folders remembered as made before the set starts again (bounds its memory)

# a file is made, written and closed by three system calls: open() adds an fstat, an ioctl (is it a
# terminal?) and an lseek, and two Python objects, per file; a 100k site has 112,552 files (issue 18)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(path: str, payload: bytes) -> None:
    """``payload`` as the whole of the file at ``path`` (made or emptied first), as ``open(path,
    "wb").write(payload)`` leaves it, with the file's three system calls only."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(payload)
        while view:  # a regular file takes all at once; a short write is finished, not lost
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def make_folder(path: str) -> None:
    """``os.makedirs(path, exist_ok=True)`` with the usual case first: the parent exists (a site's
    folders are made parent first), so one ``mkdir`` and no ``stat`` of each parent."""
    try:
        os.mkdir(path)
    except FileExistsError:
        if not os.path.isdir(path):
            raise
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)


class FileMaker:
    """Files made under a folder, each folder once (``mkdir`` per folder, not per file)."""

    def __init__(self, root: str) -> None:
        self._prefix = root + os.sep
        self.folders: set[str] = set()  # made already (str, not Path: a million files make many folders)

    def make(self, name: str, payload: bytes) -> None:
        """File ``name`` (relative to the root) with ``payload``; the system's OSError as it comes."""
        folder = name.rpartition("/")[0]
        if folder not in self.folders:
            if len(self.folders) >= FOLDERS_KEPT:
                self.folders.clear()  # making it again later is harmless (exist_ok)
            make_folder(self._prefix + folder)
            self.folders.add(folder)
        write_file(self._prefix + name, payload)  # plain strings: Path's work per file added up


class WriterFailed(Exception):
    """The writer could not make file ``name``: ``cause`` is the system's error, as in place."""

    def __init__(self, name: str, cause: OSError) -> None:
        super().__init__(name, cause)
        self.name, self.cause = name, cause


class WriterLost(Exception):
    """The writer ended without its answer (killed: ``code`` is its exit code as
    ``subprocess.Popen.returncode`` gives it, by a signal negative), or stopped at an error of its
    own (``detail``: its traceback)."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


class WriterProcess:
    """The publisher's end: files sent to a writer process, and its answer at the end."""

    def __init__(self, process: subprocess.Popen[bytes], pipe: int) -> None:  # made by ``start``
        self._process = process
        self._pipe: int | None = pipe
        self._pending = bytearray()
        self._owner = os.getpid()  # a process forked from the publisher has its own files to make
        self.broken = False  # the writer stopped reading: its answer says why

    @classmethod
    def start(cls, root: str) -> WriterProcess | None:
        """A writer making files under ``root``; None when no process can be started (no Python
        to start, no file descriptor or process left): the publisher then makes its files itself."""
        if not sys.executable:
            return None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        try:
            _grow(write_end)
            process = subprocess.Popen(
                # -I: neither the user's environment nor this script's folder on the path (kgtool/site
                # has an html.py that would hide the standard library's); -S: no site-packages to load
                [sys.executable, "-I", "-S", os.path.abspath(__file__), os.path.abspath(root), str(os.getpid())],
                stdin=read_end,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # it answers on its standard output, never with a traceback
            )
        except (OSError, ValueError, subprocess.SubprocessError):
            os.close(write_end)
            return None
        finally:
            os.close(read_end)
        return cls(process, write_end)

    def mine(self) -> bool:
        """Whether this process is the one that started the writer (not a child forked since)."""
        return os.getpid() == self._owner

    def let_go(self) -> None:
        """In a process forked from the publisher: its copies of the pipes closed, sending nothing
        (the frames pending are the publisher's, which sends them). The object is kept by its
        owner, never waited for: the writer is the publisher's child, not this process's."""
        if self._pipe is not None:
            os.close(self._pipe)
        self._pipe = None
        self._pending = bytearray()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def send(self, name: str, payload: bytes) -> None:
        """File ``name`` queued; raises ``BrokenPipeError`` once the writer has stopped reading."""
        encoded = name.encode("utf-8")
        pending = self._pending
        pending += _HEADER.pack(len(encoded), len(payload))
        pending += encoded
        if len(payload) < BATCH:
            pending += payload
            if len(pending) >= BATCH:
                self._flush(pending)
        else:  # a large file (the search index, the cube) is sent as it is, not copied into the batch
            self._flush(pending)
            self._flush(payload)

    def _flush(self, data: bytes | bytearray) -> None:
        if self._pipe is None or self.broken:
            raise BrokenPipeError
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._pipe, view) :]
        except OSError as exc:
            # the writer stopped reading; Windows says EINVAL where POSIX says EPIPE (as subprocess knows)
            if isinstance(exc, BrokenPipeError) or exc.errno in (errno.EPIPE, errno.EINVAL):
                self.broken = True
                raise BrokenPipeError from exc
            raise
        finally:
            view.release()
            if data is self._pending:
                self._pending.clear()

    def finish(self) -> None:
        """Every file sent made, the writer ended; raises ``WriterFailed`` for the first file it
        could not make, ``WriterLost`` when it ended without saying. Interrupted (Ctrl-C), the
        writer is killed before the interruption goes on: nothing is made after it."""
        try:
            if self._pipe is not None:
                try:
                    if self._pending:
                        self._flush(self._pending)
                except BrokenPipeError:
                    pass  # its answer says why
                finally:
                    os.close(self._pipe)
                    self._pipe = None
            assert self._process.stdout is not None
            answer = self._process.stdout.read()
            self._process.stdout.close()
            code = self._process.wait()
        except BaseException:
            self.kill()
            raise
        _check_answer(answer, code)

    def kill(self) -> None:
        """The writer stopped at once (the publisher was interrupted): nothing more is made."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        self._process.kill()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process.wait()


def _grow(pipe: int) -> None:
    """The pipe's capacity raised where Linux allows it (fewer waits on either side); as it is elsewhere."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)  # type: ignore[attr-defined,unused-ignore]
    except (ImportError, AttributeError, OSError):
        pass


def _check_answer(answer: bytes, code: int) -> None:
    if answer == b"ok\n" and code == 0:
        return
    if answer.startswith(b"fail\0") and answer.endswith(b"\n"):
        name, number, words = answer[5:-1].decode("utf-8", "replace").split("\0", 2)
        raise WriterFailed(name, OSError(int(number), words))
    if answer.startswith(b"bug\0"):
        raise WriterLost(code, answer[4:].decode("utf-8", "replace"))
    raise WriterLost(code, f"it answered {answer[:200]!r}")


def serve(root: str, source: BinaryIO, answer: BinaryIO) -> int:
    """The writer's life: the frames read from ``source`` made as files under ``root`` until the
    input ends or a file cannot be made; the answer written to ``answer``. Its exit code."""
    maker = FileMaker(root)
    name = ""
    try:
        while header := source.read(_HEADER.size):
            if len(header) < _HEADER.size:
                raise EOFError("the input ended inside a header")
            name_size, size = _HEADER.unpack(header)
            encoded = source.read(name_size)
            if len(encoded) < name_size:
                raise EOFError("the input ended inside a file's name")
            name = encoded.decode("utf-8")
            payload = source.read(size)
            if len(payload) < size:
                raise EOFError(f"the input ended inside {name}")
            maker.make(name, payload)
    except OSError as exc:  # the system refused a file: the publisher says which and why
        words = exc.strerror or str(exc)
        answer.write(f"fail\0{name}\0{exc.errno or 0}\0{words}\n".encode())
        return 1
    except Exception:
        answer.write(b"bug\0" + traceback.format_exc().encode("utf-8", "replace"))
        return 2
    answer.write(b"ok\n")
    return 0


def main(argv: list[str]) -> int:
    """``ROOT PUBLISHER_PID``: the frames on standard input made as files under ROOT."""
    # Ctrl-C reaches the whole process group: the publisher decides (it kills the writer); a
    # publisher that ends some other way closes the pipe, which ends the writer after its last file
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the kernel kills the writer when the publisher ends (Linux): a staging folder given up is not
    # written on; elsewhere the writer ends when its input does
    end_with_parent(int(argv[1]))
    with open(0, "rb", buffering=PIPE_SIZE, closefd=False) as source:
        code = serve(argv[0], source, sys.stdout.buffer)
    sys.stdout.flush()
    return code


def linux_prctl() -> Callable[..., int] | None:
    """Linux's ``prctl``, or None elsewhere (or where the C library does not have it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def end_with_parent(parent: int) -> bool:
    """Ask the kernel to kill this process when its parent ends (on the parent's SIGTERM or SIGKILL
    too); False where that cannot be asked. A process whose parent (pid ``parent``) ended before
    the request was made ends at once. The writer and ``publish --jobs``' children both ask it."""
    prctl = linux_prctl()
    if prctl is None or prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return False
    if os.getppid() != parent:
        os._exit(1)
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
