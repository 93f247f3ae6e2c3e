"""Real servers the tests start on 127.0.0.1: the Oxigraph SPARQL server, and a socket that
accepts connections and never answers (to test time-outs against something real)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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


def wait_until_answering(
    proc: subprocess.Popen[bytes], url: str, timeout: float, log: Callable[[], str], name: str
) -> None:
    """Return once ``url`` answers HTTP (with any status: the server is up, and the tests say
    what is wrong with the answer); raise RuntimeError with the server's ``log()`` if the
    process ends or ``timeout`` seconds pass first. The caller stops the process."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError as answer:
            answer.close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start: {log()}") from None
            time.sleep(0.05)


class OxigraphServer:
    """An Oxigraph server on 127.0.0.1 that a test can stop and start again: the same port,
    and the same data when it has a ``location`` (otherwise it starts empty)."""

    def __init__(self, *extra: str, location: Path | None = None) -> None:
        self.port = free_port()
        self.extra = [*extra, *(["--location", str(location)] if location else [])]
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.query = self.base + "/query"
        # stderr to a file, not a pipe: an unread pipe fills up and stalls a server that logs
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop(), the server's lifetime

    def start(self) -> OxigraphServer:
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}", *self.extra],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        try:
            wait_until_answering(
                self.proc, self.base + "/query?query=ASK%7B%7D", 30, self._log_text, "the oxigraph server"
            )
        except RuntimeError:
            self.stop()
            raise
        return self

    def _log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def close(self) -> None:
        """Stop for good, and release the log."""
        self.stop()
        self.log.close()


@contextmanager
def logged_process(
    argv: list[str], ready: str, timeout: float, name: str, clean_exit: bool
) -> Iterator[Callable[[], str]]:
    """``argv`` in its own process, its standard error in a file (an unread pipe fills up and
    stalls a server); waits until ``ready`` answers, yields a function that reads that log so far,
    and stops it (SIGTERM) afterwards, killing it if it does not stop; ``clean_exit``: its exit
    code must then be 0."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed when the process stops, below
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)

    def log_text() -> str:
        log.seek(0)
        return log.read().decode("utf-8", "replace")

    try:
        wait_until_answering(proc, ready, timeout, log_text, name)
        yield log_text
    finally:
        proc.terminate()
        try:
            # a busy CI machine (two workers, browsers, Virtuoso) can take a while to schedule the exit
            code = proc.wait(timeout=60)
            assert code == 0 or not clean_exit, log_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()


@contextmanager
def kgtool_serve_logged(*args: str) -> Iterator[tuple[str, Callable[[], str]]]:
    """`kgtool serve` in its own process; yields its base URL and a function that reads its log
    (standard error) so far; stops it (SIGTERM) afterwards and requires a clean exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    argv = [sys.executable, "-m", "kgtool", "serve", "--port", str(port), *args]
    with logged_process(argv, base + "index.html", 90, "kgtool serve", clean_exit=True) as log_text:
        yield base, log_text


@contextmanager
def oxigraph_server(*extra: str) -> Iterator[str]:
    """An in-memory Oxigraph server; yields its base URL and stops it afterwards."""
    server = OxigraphServer(*extra).start()
    try:
        yield server.base
    finally:
        server.close()


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


SECRET = b"SECRET-BODY-OF-A-REMOTE-ERROR-PAGE"


@contextmanager
def recording_listener() -> Iterator[tuple[str, list[bytes]]]:
    """An HTTP listener on 127.0.0.1 that records every request it receives and answers each
    with a 500 error page whose body is ``SECRET``; yields its URL and the list of requests."""
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    requests: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    requests.append(conn.recv(65536) or b"(connected)")
                    conn.sendall(
                        b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                        + f"Content-Length: {len(SECRET)}\r\n\r\n".encode()
                        + SECRET
                    )
                except OSError:
                    requests.append(b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", requests
    finally:
        stop.set()
        thread.join(5)
        sock.close()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""

# What a fresh Virtuoso needs before a load: the anonymous SPARQL user may update.
VIRTUOSO_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'


def virtuoso_binaries() -> tuple[str, str]:
    """virtuoso-t and isql-vt from Debian's virtuoso-opensource-7 (.ci/run installs it)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    assert server and isql, "Virtuoso is installed with: apt-get install virtuoso-opensource-7"
    return server, isql


class VirtuosoServer:
    """A Virtuoso server of its own on 127.0.0.1 (HTTP and SQL ports), its database and
    virtuoso.ini in a temporary folder; never the service the Debian package installs.
    ``max_rows`` is its ResultSetMaxRows, the cap on a query's answer."""

    def __init__(self, max_rows: int = 10_000) -> None:
        self.server, self.isql = virtuoso_binaries()
        self.dir = Path(tempfile.mkdtemp(prefix="kgtool-virtuoso-"))
        self.http_port, self.sql_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.query = self.base + "/sparql"
        self.ini = self.dir / "virtuoso.ini"
        self.ini.write_text(
            VIRTUOSO_INI.format(dir=self.dir, sql_port=self.sql_port, http_port=self.http_port, max_rows=max_rows),
            encoding="utf-8",
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> VirtuosoServer:
        self.proc = subprocess.Popen(
            [self.server, "+foreground", "+configfile", str(self.ini)],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_answering(self.proc, self.query + "?query=ASK%7B%7D", 120, self._log_text, "virtuoso-t")
            self.sql(VIRTUOSO_GRANTS)
        except (RuntimeError, subprocess.CalledProcessError):
            self.close()
            raise
        return self

    def sql(self, statement: str) -> str:
        """Run one SQL statement as dba through isql-vt (the password of a new database is dba)."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        if "*** Error" in done.stdout or "*** Error" in done.stderr:
            raise RuntimeError(f"isql-vt {statement!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def _log_text(self) -> str:
        log = self.dir / "virtuoso.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"

    def close(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


def publication_beside_secrets(published: Path, folder: Path) -> Path:
    """A publication in several languages to serve, ``folder/site``: the language folders of
    ``published`` (linked, not copied: a shared site is read-only), with two files no answer may
    read, each holding ``SECRET``: ``folder/site/secret.txt`` beside the sites (part of none of
    them) and ``folder/secret.txt`` above the folder served."""
    root = folder / "site"
    root.mkdir(parents=True)
    for site in sorted(published.iterdir()):
        (root / site.name).symlink_to(site.resolve(), target_is_directory=True)
    (root / "secret.txt").write_bytes(SECRET)
    (folder / "secret.txt").write_bytes(SECRET)
    return root


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Python's own static file server (``python -m http.server``) serving ``folder`` on
    127.0.0.1: what any static web server makes of a folder of files; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
    with logged_process(argv, base, 30, "the static server", clean_exit=False):
        yield base
