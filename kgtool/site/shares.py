"""The resources' documents and pages written by several processes, each a share of them.

At a million statements the per-resource part of a publish (four documents, a page, three
citation files each) is most of its time, and it is one process's Python: with ``--jobs N``,
``in_shares`` forks N-1 children once everything the pages read is set up, and the parent and
each child write their own share of the resources straight into the site. Nothing a
share writes is read by another (every file is one resource's), so the files are those of the
serial loop, byte for byte. While the shares are written every process makes its files itself
(``in_place``; the parent's writer process would tell of a failure late, out of the resources'
order the errors below rely on). What the parent's writer counts (files, bytes, the sizes it keeps)
each child sends back when it is done, and the parent adds it to its own.

Errors: every process stops at its first failure and reports it with the resource's place in
the list; the parent raises the one of the earliest resource, which is the one the serial loop
would have met first (a process's share before its failure went well), so the command prints
the same error, with the same exit code; the children whose shares come after a failure already
known are not waited for but killed. A child that ends without a report (killed) is
``publish#process-lost``, unless an earlier resource's error is known. A child that cannot be
forked (no memory, no process left) leaves its share to the parent. No child outlives the parent: each asks the kernel to kill it when
the parent ends (``PR_SET_PDEATHSIG``, so also on the parent's SIGTERM or SIGKILL), and the
parent kills and reaps the rest on any exception of its own (Ctrl-C included).

Forking needs ``os.fork`` and Linux's ``prctl``; elsewhere, and with one job, the loop is the
plain serial one.

Memory: the children share the parent's pages until either side writes one, and reading
Oxigraph's in-memory store writes to the pages it reads (a forked child that only iterated a
100k store's statements made 30 of its 44 MB heap its own), so each process soon holds its own
copy of most of the store, and the Python objects whose reference counts the pages change.
``gc.freeze`` keeps the collector's marks off the set-up's objects. Measured (bench/README.md):
at 100k statements the sum of PSS over the processes peaked at 3.0 KB per statement with two
processes against 2.2 KB with one; at 1M 1.57 KB against 0.93 KB. So one job is the default.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kgtool.errors import KgtoolError
from kgtool.site.file_writer import end_with_parent, linux_prctl
from kgtool.stopping import sigterm_deferred

LEAST = 64  # resources per process, at the least: fewer are not worth a fork


class Counted(Protocol):
    """What a share's writer counts (``kgtool.site.publish.SiteWriter``)."""

    files: int
    bytes: int
    sizes: dict[str, int]
    in_place: bool

    def forked(self) -> None:
        """Told in a forked child: its files are its own to make (not the parent's writer's)."""


@dataclass
class Report:
    """What a child sends back: its writer's counts, and its first failure (the resource's index)."""

    files: int = 0
    bytes: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    failed_at: int | None = None
    error: BaseException | None = None
    trace: str = ""


class RemoteTraceback(Exception):
    """The child's traceback, kept as the cause of the error raised in the parent (shown with -v)."""

    def __str__(self) -> str:
        return str(self.args[0])


def can_fork() -> bool:
    return hasattr(os, "fork") and linux_prctl() is not None


def share(count: int, jobs: int, k: int) -> range:
    """The indices of process ``k``'s share of ``count`` items: the ``k``-th of ``jobs`` runs of
    consecutive items. Consecutive, not dealt in turn: neighbours in the sorted list (one country's
    assessment, its acts and their articles) name and link the same resources, so each process
    remembers the names and links of its part of the graph only (dealt in blocks of 64, both
    processes' memos grew as much as the serial loop's: 40 % more memory at 100k)."""
    return range(k * count // jobs, (k + 1) * count // jobs)


def in_shares(items: Sequence[str], each: Callable[[str], None], out: Counted, jobs: int) -> None:
    """``each(item)`` for every item, in ``jobs`` processes (this one and ``jobs - 1`` forked
    children), ``out`` counting every process's files; the serial loop when ``jobs`` is 1, the
    items are too few to share, or forking is not possible here."""
    jobs = min(jobs, len(items) // LEAST)
    if jobs <= 1 or not can_fork():
        for item in items:
            each(item)
        return
    parent = os.getpid()
    children: dict[int, tuple[int, int]] = {}  # pid -> (its share's number, the read end of its report's pipe)
    mine = [0]  # the shares this process writes: its own, and any a child could not be forked for
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # what the set-up made stays out of every later collection: no copy of its pages for a GC's marks
    # every process, this one too, makes its share's files itself: a failure is then known at its
    # resource, which is how the shares' failures are put in order (a writer process would tell late)
    out.in_place = True
    try:
        for k in range(1, jobs):
            read_end, write_end = os.pipe()
            try:
                # a SIGTERM is raised once the child is known (so ended with the others), not inside
                # the fork's hooks, where it would be lost
                with sigterm_deferred():
                    pid = os.fork()
                    if pid:
                        os.close(write_end)  # the later children must not hold it: the parent reads to its end
                        children[pid] = (k, read_end)
            except OSError:  # no memory or no process left for one more: this process writes the rest
                os.close(read_end)
                os.close(write_end)
                mine += range(k, jobs)
                break
            if pid == 0:  # the child: never returns (a return would run the parent's clean-up, the staging folder's)
                os.close(read_end)
                for _, other in children.values():
                    os.close(other)
                _child(parent, items, each, out, jobs, k, write_end)
        failures: list[tuple[int, BaseException, str]] = []
        for k in mine:
            failed_at, error = _run(items, each, jobs, k)
            if error is not None:
                assert failed_at is not None
                failures.append((failed_at, error, ""))
                break  # the later shares' errors come after this one
        for pid in sorted(children, key=lambda p: children[p][0]):  # in the shares' order
            k, read_end = children.pop(pid)
            if failures and min(f[0] for f in failures) < share(len(items), jobs, k).start:
                _stop(pid, read_end)  # its share comes after a failure already known: not waited for
                continue
            try:
                report = _report(pid, read_end)  # reaped there, whatever happens
            except KgtoolError as lost:  # ended without a report: as if it failed at its share's start
                failures.append((share(len(items), jobs, k).start, lost, ""))
                continue
            out.files += report.files
            out.bytes += report.bytes
            out.sizes.update(report.sizes)
            if report.error is not None and report.failed_at is not None:
                failures.append((report.failed_at, report.error, report.trace))
        if failures:
            _, first, trace = min(failures, key=lambda f: f[0])
            if trace:
                raise first from RemoteTraceback(trace)
            raise first
    finally:
        # left only when this process failed on its own (Ctrl-C): every child killed first, then reaped
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid, (_, read_end) in children.items():
            os.close(read_end)
            os.waitpid(pid, 0)
        gc.unfreeze()
        out.in_place = False


def _stop(pid: int, read_end: int) -> None:
    """A child whose report is not needed any more: killed, its pipe closed, reaped."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.close(read_end)
    os.waitpid(pid, 0)


def _run(items: Sequence[str], each: Callable[[str], None], jobs: int, k: int) -> tuple[int | None, Exception | None]:
    """Process ``k``'s share, up to its first failure: (its index, the error), or (None, None)."""
    for i in share(len(items), jobs, k):
        try:
            each(items[i])
        except Exception as exc:  # handed to the parent, which raises it
            return i, exc
    return None, None


def _child(
    parent: int, items: Sequence[str], each: Callable[[str], None], out: Counted, jobs: int, k: int, write_end: int
) -> None:
    """A child's life: its share, its report down the pipe, then ``os._exit`` (no clean-up of the
    parent's: the heap is the kernel's to drop)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly; the parent says so
        out.forked()
        if not end_with_parent(parent):
            os._exit(1)  # no promise to end with the parent
        files, size, sizes = out.files, out.bytes, dict(out.sizes)
        failed_at, error = _run(items, each, jobs, k)
        report = Report(out.files - files, out.bytes - size, {n: s for n, s in out.sizes.items() if sizes.get(n) != s})
        if error is not None:
            report.failed_at, report.error = failed_at, error
            report.trace = "".join(traceback.format_exception(error))
        try:
            data = pickle.dumps(report)
            pickle.loads(
                data
            )  # an error whose class cannot be made again from its arguments fails here, not in the parent
        except Exception:  # an error that does not pickle: its words, as the parent would print them
            report.error = RuntimeError(f"{type(error).__name__}: {error}")
            data = pickle.dumps(report)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        code = 0
    finally:
        os._exit(code)


def _report(pid: int, read_end: int) -> Report:
    """Child ``pid``'s report, read to the end of its pipe, and the child reaped (killed first when
    the reading is interrupted)."""
    chunks = []
    try:
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if chunks and os.waitstatus_to_exitcode(status) == 0:
        report = pickle.loads(b"".join(chunks))
        assert isinstance(report, Report)
        return report
    from kgtool.i18n.problems import how_it_ended, worded

    how = how_it_ended(os.waitstatus_to_exitcode(status))
    raise worded(KgtoolError, "publish#process-lost", "publish.process_lost", pid=pid, how=how)
