"""Run ``kgtool ARGS`` in a process of its own, many times over, without paying Python's start
and kgtool's imports for each run.

A ``ForkedKgtool`` starts one helper process (this file run as a script) that imports kgtool's
command line and the libraries its verbs use, then forks a child per run: the child is a process
of its own with its own limits (address space, time), its standard output and error going to
files, and it runs ``kgtool.cli.main(ARGS)`` as ``python -m kgtool ARGS`` does, exit code
included. Nothing runs in the helper before it forks, so every child starts from the same state
as a fresh ``python -m kgtool``, minus the seconds of imports.

The tests of hostile input run hundreds of commands this way; the real ``python -m kgtool``
path of each of those verbs stays tested by the runs that need another program's prefix
(tests/test_hostile_input.py's unreadable files) and by tests/test_packaging.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# what the verbs import inside their run(), and what the parsers import lazily: imported once,
# here, before any fork, with the module of every verb (kgtool.cli.verbs.COMMANDS), which
# the command line imports when a verb is looked up. Without these, each child compiled them
# anew (no .pyc files under PYTHONDONTWRITEBYTECODE).
PRELOAD = [
    "kgtool.cli",
    "kgtool.cli.verbs",
    "kgtool.rdf.parse",
    "kgtool.rdf.project",
    "kgtool.rdf.write",
    "kgtool.rdf.literal_forms",
    "kgtool.validation.run",
    "kgtool.validation.render",
    "kgtool.assessment.indices",
    "kgtool.site.publish",
    "kgtool.loader.remote_load",
    "rdflib.plugins.parsers.notation3",
    "rdflib.plugins.stores.memory",
    "xml.parsers.expat",
    "importlib.readers",
]


class Done:
    """What a run left: its exit code and its output, as ``subprocess.CompletedProcess`` has them."""

    def __init__(self, args: list[str], returncode: int, stdout: str, stderr: str) -> None:
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


class ForkedKgtool:
    """The helper process; ``run(args, timeout)`` runs one command in a child of it."""

    def __init__(self, memory: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kgtool-forked-"))
        self.proc = subprocess.Popen(
            [sys.executable, __file__, str(memory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict[str, object]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the forking helper ended"
        return json.loads(line)  # type: ignore[no-any-return]

    def run(self, args: list[str], timeout: float) -> Done | None:
        """The run's exit code and output; None if it did not end within ``timeout`` seconds
        (it is killed then)."""
        assert self.proc.stdin is not None
        out, err = self.folder / "stdout", self.folder / "stderr"
        self.proc.stdin.write(json.dumps({"args": args, "stdout": str(out), "stderr": str(err)}) + "\n")
        self.proc.stdin.flush()
        pid = int(self._read()["pid"])  # type: ignore[call-overload]
        # the helper answers when the child ends; a timer kills a child that runs too long
        timer = _Killer(pid, timeout)
        try:
            status = self._read()
        finally:
            timer.cancel()
        if timer.fired:
            return None
        code = int(status["code"])  # type: ignore[call-overload]
        return Done(args, code, _text(out), _text(err))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()  # the helper's loop ends at the end of its input
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        for p in self.folder.iterdir():
            p.unlink()
        self.folder.rmdir()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


class _Killer:
    def __init__(self, pid: int, timeout: float) -> None:
        import threading

        self.pid = pid
        self.fired = False
        self.timer = threading.Timer(timeout, self._kill)
        self.timer.start()

    def _kill(self) -> None:
        self.fired = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def cancel(self) -> None:
        self.timer.cancel()


def _child(args: list[str], stdout: str, stderr: str, memory: int) -> None:
    """In the forked child: limits, output files, then what ``python -m kgtool`` runs (main, then
    the interpreter's exit with its code, which flushes output and runs exit handlers)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    for fd, path in ((1, stdout), (2, stderr)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(target, fd)
        os.close(target)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    from kgtool.cli import entrypoint

    sys.argv = ["kgtool", *args]
    entrypoint()  # sys.exit(main()), as kgtool/__main__.py


def _serve(memory: int) -> None:
    import importlib

    from kgtool.cli.verbs import COMMANDS, MODULES

    for name in [*PRELOAD, *(f"kgtool.cli.{MODULES.get(verb, verb)}" for verb in COMMANDS)]:
        importlib.import_module(name)
    answer = sys.stdout
    print(json.dumps({"ready": True}), file=answer, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request["args"], request["stdout"], request["stderr"], memory)
        print(json.dumps({"pid": pid}), file=answer, flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), file=answer, flush=True)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
