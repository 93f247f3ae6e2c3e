"""A command stopped from outside. SIGTERM (a process manager, a cancelled CI job) stops kgtool as
Ctrl-C does: its words, exit code 2, no traceback, and what it had begun undone. Before, it died
of it at once: ``validate --jobs`` left its temporary folder behind, and its two workers waiting
for ever, each holding its half of the corpus in memory. A worker now also ends when its parent
is killed outright (SIGKILL), which nothing can clean up after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import alive, children_of

from kgtool.stopping import Terminated, sigterm_deferred, sigterm_stops

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.generate import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus that keeps two workers busy for a few seconds."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, "200k", seed=5)
    return out / "corpus.trig"


@pytest.fixture
def validating(corpus: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[int], Path]]:
    """``kgtool validate --jobs 2`` caught with its two workers running and its temporary folder
    made (in a folder of the test's own), and ended whatever the test does."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgtool", "validate", "--jobs", "2", "--no-reasoner", "--format", "json", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            workers = children_of(proc.pid)
            if len(workers) == 2 and any(temporary.glob("kgtool-parallel-*")):
                break
            time.sleep(0.02)
        assert proc.poll() is None and len(workers) == 2, "the validation ended before its workers were seen"
        yield proc, workers, temporary
    finally:
        if proc.poll() is None:
            proc.kill()
        for worker in workers:  # one left running would hold the pipe of stderr open
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
        proc.communicate(timeout=60)


def ended(pids: list[int], within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(alive(p) for p in pids)


def test_sigterm_stops_validate_jobs_as_ctrl_c_does(
    validating: tuple[subprocess.Popen[str], list[int], Path],
) -> None:
    proc, workers, temporary = validating
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "stopped: asked to end (SIGTERM)" in err and "Traceback" not in err
    assert ended(workers)
    assert list(temporary.iterdir()) == []  # the run files, a copy of the corpus, went with their folder


def test_the_workers_end_when_their_parent_is_killed(
    validating: tuple[subprocess.Popen[str], list[int], Path],
) -> None:
    proc, workers, _ = validating
    proc.kill()
    proc.wait()
    assert ended(workers)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_killed_is_named_with_its_signal(
    validating: tuple[subprocess.Popen[str], list[int], Path], signum: int
) -> None:
    """As the out-of-memory killer would (SIGKILL), or another program (SIGTERM): it was reported as
    a bug of kgtool's ("internal#unexpected", asking for the traceback)."""
    proc, workers, temporary = validating
    time.sleep(0.3)  # past the fork: a worker forked a moment ago may still be running the parent's fork hooks
    os.kill(workers[-1], signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "Traceback" not in err and "internal#unexpected" not in err
    assert f"ERROR [validate#worker-lost] a validation worker process (pid {workers[-1]}) ended" in err, err
    assert f"(signal {signum})" in err and "--jobs 1" in err
    assert ended(workers)
    assert list(temporary.iterdir()) == []


@pytest.fixture
def default_sigterm() -> Iterator[None]:
    """SIGTERM's default action for the test (a test runner may have set its own)."""
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@pytest.mark.usefixtures("default_sigterm")
def test_sigterm_is_raised_where_the_command_is_and_the_default_comes_back() -> None:
    with pytest.raises(Terminated), sigterm_stops():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler runs in this thread, at once
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.usefixtures("default_sigterm")
def test_a_handler_of_the_caller_is_left_alone() -> None:
    """A program that handles SIGTERM itself keeps its handler, during and after."""
    got: list[int] = []

    def mine(signum: int, frame: object) -> None:
        got.append(signum)

    signal.signal(signal.SIGTERM, mine)
    with sigterm_stops():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)
    assert got == [signal.SIGTERM] and signal.getsignal(signal.SIGTERM) is mine


@pytest.mark.usefixtures("default_sigterm")
def test_a_stop_during_a_fork_is_raised_after_it() -> None:
    """Inside ``sigterm_deferred`` (a fork, whose hooks would only print it) the stop waits for the
    block's end; the block's work is done, and the child leaves the block with nothing raised."""
    done = []
    with pytest.raises(Terminated), sigterm_stops():
        with sigterm_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)
            pid = os.fork()
        if pid == 0:
            os._exit(0)
        done.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    assert done == []  # raised as the block ended, in the parent
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


@pytest.mark.usefixtures("default_sigterm")
def test_a_stop_held_back_comes_first_when_the_block_fails() -> None:
    """A fork refused (OSError) after a SIGTERM came: the stop is raised, not the refusal, which
    the caller would handle and go on."""
    with pytest.raises(Terminated), sigterm_stops(), sigterm_deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)
        raise OSError("no process left")


@pytest.mark.usefixtures("default_sigterm")
def test_a_further_sigterm_does_not_break_into_the_clean_up() -> None:
    cleaned = []
    with sigterm_stops():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        except Terminated:
            os.kill(os.getpid(), signal.SIGTERM)  # a process manager asking again
            time.sleep(0.1)
            cleaned.append(True)
    assert cleaned == [True]


class _SignalledWhileDropped:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)  # the handler runs here, in __del__, where an exception is only printed


@pytest.mark.usefixtures("default_sigterm")
def test_a_stop_swallowed_in_a_del_is_asked_again() -> None:
    with pytest.raises(Terminated), sigterm_stops():
        _SignalledWhileDropped()
        time.sleep(5)


@pytest.mark.usefixtures("default_sigterm")
def test_a_forked_child_has_sigterms_default_action() -> None:
    with sigterm_stops():
        pid = os.fork()
        if pid == 0:
            os._exit(0 if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
