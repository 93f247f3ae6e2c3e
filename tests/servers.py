"""Real servers the tests start on 127.0.0.1: the Oxigraph SPARQL server, and a socket that
accepts connections and never answers (to test time-outs against something real)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the oxigraph server is installed with: pip install '.[test]'"
    return found


@contextmanager
def oxigraph_server(*extra: str) -> Iterator[str]:
    """An in-memory Oxigraph server; yields its base URL and stops it afterwards."""
    port = free_port()
    # stderr to a file, not a pipe: an unread pipe fills up and stalls a server that logs
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}", *extra],
                            stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("oxigraph server did not start: " + log.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections but never responds."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    finally:
        sock.close()
