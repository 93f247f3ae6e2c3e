"""Progress is drawn on a terminal and nowhere else: a pseudo-terminal (pty) gets the line,
a pipe or a file (a CI log) gets nothing, and --quiet silences it on a terminal too."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgtool.progress import Progress

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def terminal() -> Iterator[tuple[int, io.TextIOWrapper]]:
    """A pseudo-terminal: its reading end, and its writing end as a text stream."""
    master, slave = pty.openpty()
    stream = io.TextIOWrapper(os.fdopen(slave, "wb", buffering=0), encoding="utf-8", write_through=True)
    yield master, stream
    stream.close()
    os.close(master)


def drain(master: int) -> str:
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the writing end is closed
            break
        if not chunk:
            break
        out += chunk
    return out.decode("utf-8", "replace")


def test_drawn_on_a_terminal(terminal: tuple[int, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    master, stream = terminal
    with Progress("checking", total=10, unit="shapes", stream=stream) as bar:
        assert bar.enabled
        bar.advance(5)
        bar.write("note: half-way")
    stream.close()
    out = drain(master)
    assert "\rchecking: 5/10 shapes   50% [########--------]" in out
    assert "note: half-way" in out
    assert out.endswith("\r\x1b[K"), "closing erases the line, so the command's summary is what stays"


@pytest.mark.parametrize("case", ["pipe", "quiet", "dumb-terminal"])
def test_silent_elsewhere(case: str, terminal: tuple[int, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb" if case == "dumb-terminal" else "xterm")
    master, tty = terminal
    stream: io.TextIOBase = io.StringIO() if case == "pipe" else tty
    with Progress("checking", total=10, stream=stream, quiet=case == "quiet") as bar:  # type: ignore[arg-type]
        assert not bar.enabled
        bar.advance(5)
        bar.write("note: still printed")
    if isinstance(stream, io.StringIO):
        written = stream.getvalue()
    else:
        tty.close()
        written = drain(master)
    assert written.replace("\r\n", "\n") == "note: still printed\n"


def test_the_line_without_and_with_a_total() -> None:
    bar = Progress("loading", unit="statements", stream=io.StringIO())
    bar.started -= 10  # ten seconds in
    bar.update(250_000)
    assert bar.line() == "loading: 250,000 statements  25,000/s  0:10"
    bar.update(250_000, fraction=0.25)  # a share done measured in bytes read
    assert bar.line() == "loading: 250,000 statements   25% [####------------]  25,000/s  ETA 0:30"
    assert len(bar.line(width=40)) <= 40


def run_load(stderr_to_terminal: bool, *extra: str, endpoint: str, tmp_path: Path) -> str:
    env = {**os.environ, "TERM": "xterm", "XDG_STATE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "kgtool", "load", "--endpoint", endpoint, "--batch-size", "300", *extra]
    if not stderr_to_terminal:
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stderr
    master, slave = pty.openpty()
    with subprocess.Popen(
        command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave
    ) as proc:
        os.close(slave)
        out = drain(master)
        assert proc.wait(timeout=120) == 0, out
    os.close(master)
    return out


@pytest.mark.slow
def test_kgtool_load_shows_progress_only_on_a_terminal(tmp_path: Path) -> None:
    from servers import OxigraphServer

    store = OxigraphServer().start()
    try:
        on_terminal = run_load(True, endpoint=store.query, tmp_path=tmp_path)
        in_a_log = run_load(False, endpoint=store.query, tmp_path=tmp_path)
        quiet = run_load(True, "--quiet", endpoint=store.query, tmp_path=tmp_path)
    finally:
        store.close()
    assert "\rloading: " in on_terminal and "statements" in on_terminal and "loaded " in on_terminal
    # a log gets the note on the project's decimals written "1.0" (the store holds "1"), then the result
    assert "\r" not in in_a_log and "loading:" not in in_a_log and in_a_log.startswith("note: ")
    assert in_a_log.splitlines()[-1].startswith("loaded ")
    # --quiet: "no progress line and no summary, only notes and errors"
    assert quiet.startswith("note: ") and "loading" not in quiet and "loaded " not in quiet
