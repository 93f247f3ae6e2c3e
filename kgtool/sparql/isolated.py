"""A user's own query run on the embedded store in a forked child, so that a fault of the store
ends in a clear error instead of taking kgtool down with it.

pyoxigraph 0.5.13 aborts the whole process (SIGABRT, exit 134, a Rust backtrace on the terminal)
when ORDER BY meets values it cannot order consistently, e.g. numbers and plain strings in one
column: `SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o` on the project's data is enough. Nothing in
Python can catch that abort. A fork costs a few milliseconds (the loaded store is shared
copy-on-write): the child runs the query and writes the answer, its standard output coming to the
parent through a pipe (so that it goes wherever the parent's goes, a file, a terminal, or a
caller's buffer), and the parent turns the child's death by a signal into ``query#store-fault``,
naming the query. The project's named queries are not run this way: they sort by strings and IRIs.

May import: the foundation.
"""

from __future__ import annotations

import codecs
import faulthandler
import io
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress

from kgtool.errors import EndpointError
from kgtool.i18n.problems import worded
from kgtool.stopping import sigterm_deferred

# what Rust's sort says when the comparison it was given is not a total order
_SORT_FAULT = "does not correctly implement a total order"
_CHUNK = 1 << 16


def run_isolated(work: Callable[[], None], query: str) -> None:
    """``work()`` (run the query ``query`` names, write its answer) in a forked child where the
    system can fork: what it writes to standard output is written here; an exception it raises
    is raised here; a child killed by a signal is ``query#store-fault``. Elsewhere ``work()``
    runs here."""
    if not hasattr(os, "fork"):
        work()
        return
    # the child writes as this process's standard output would: its encoding and its error handling
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    errors = getattr(sys.stdout, "errors", None) or "strict"
    terminal = sys.stdout.isatty()  # a table is wrapped to a terminal's width, not to a pipe's
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as said, tempfile.TemporaryFile() as raised:
        with sigterm_deferred():  # a stop asked for during the fork comes after it
            pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child(work, write_end, (encoding, errors, terminal), said.fileno(), raised.fileno())
        os.close(write_end)
        try:
            _copy_out(read_end, encoding, errors)
            _, status = os.waitpid(pid, 0)
        except BaseException:  # Ctrl-C, SIGTERM, a closed standard output: the child goes too
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            raise
        if os.WIFSIGNALED(status):
            said.seek(0)
            words = said.read(_CHUNK).decode("utf-8", "replace")
            number = os.WTERMSIG(status)
            name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
            if _SORT_FAULT in words:
                raise worded(
                    EndpointError,
                    "query#store-fault",
                    "query.store_fault_sort",
                    hint_key="query.store_fault_hint",
                    file=query,
                )
            raise worded(EndpointError, "query#store-fault", "query.store_fault", file=query, signal=name)
        said.seek(0)
        sys.stderr.write(said.read().decode("utf-8", "replace"))  # what it said on standard error
        raised.seek(0)
        exception = raised.read()
    if exception:
        raise pickle.loads(exception)
    if os.WEXITSTATUS(status) != 0:  # it could not even say what went wrong
        raise worded(
            EndpointError, "query#store-fault", "query.store_fault_exit", file=query, code=os.WEXITSTATUS(status)
        )


def _copy_out(read_end: int, encoding: str, errors: str) -> None:
    """The child's standard output, written to this process's as it comes."""
    # what the child wrote came out of the encoder: only the surrogate handlers make bytes to read back
    decoder = codecs.getincrementaldecoder(encoding)(errors if errors.startswith("surrogate") else "strict")
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read1(_CHUNK):
            sys.stdout.write(decoder.decode(chunk))
        sys.stdout.write(decoder.decode(b"", final=True))
    sys.stdout.flush()


class _Output(io.TextIOWrapper):
    """The child's standard output: the pipe to the parent, which says it is a terminal when the
    parent's standard output is one, so that the answer is laid out as the parent would lay it out."""

    terminal = False

    def isatty(self) -> bool:
        return self.terminal


def _child(work: Callable[[], None], out: int, form: tuple[str, str, bool], said: int, raised: int) -> None:
    code = 0
    try:
        os.dup2(said, 2)  # the store's own words on a fault go to the parent, not to the terminal
        faulthandler.disable()  # nor Python's dump of the abort (PYTHONFAULTHANDLER, -X faulthandler, pytest)
        sys.stderr = io.TextIOWrapper(os.fdopen(os.dup(said), "wb"), encoding="utf-8", errors="backslashreplace")
        output = _Output(os.fdopen(out, "wb"), encoding=form[0], errors=form[1], newline="\n")
        output.terminal = form[2]
        sys.stdout = output
        try:
            work()
        except BaseException as exc:  # carried as it is, and raised in the parent
            try:
                os.write(raised, pickle.dumps(exc))
            except Exception:  # one that does not pickle: its words
                os.write(raised, pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}")))
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        code = 1
    finally:
        os._exit(code)
