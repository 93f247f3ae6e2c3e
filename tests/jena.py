"""Jena ARQ (the SPARQL engine inside Fuseki) as a third engine for the tests: Debian's
``libapache-jena-java`` (4.5), run through its command line, ``arq.sparql``, over a file —
many runs in one long-lived JVM (tests/java/ArqBatch.java, compiled here with ``javac``).

Two pitfalls of the Debian package, worked around here and described in docs/scale-out.md:

- jena-core 4.5.0-2 moves the shaded Xerces classes to the package ``xerces`` but leaves their
  message files under ``org/apache/jena/ext/xerces``; Jena then fails to initialise ("internal
  error" from XSSimpleTypeDecl) until the files are on the classpath under the new path. A
  small resource jar, made here from jena-core.jar itself, puts them there.
- /usr/share/java holds two SLF4J bindings that clash, so the classpath is explicit: the Jena
  jars, their dependencies, and one binding (slf4j-nop).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import select
import struct
import subprocess
import tempfile
import threading
import time
import weakref
import zipfile
from pathlib import Path

from kgtool.sparql.backends import ResultTable, parse_results_json

JAVA_DIR = Path("/usr/share/java")
JENA = [
    "jena-arq",
    "jena-base",
    "jena-cmds",
    "jena-core",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-iri",
    "jena-rdfconnection",
    "jena-shacl",
    "jena-shex",
    "jena-tdb",
    "jena-tdb2",
]
DEPENDENCIES = [
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "httpclient",
    "httpcore",
    "jsonld-java",
    "titanium-json-ld",
    "jakarta.json-api",
    "thrift",
    "protobuf",
    "slf4j-api",
    "slf4j-nop",  # the one binding
]
MOVED_FROM = "org/apache/jena/ext/xerces/"
MOVED_TO = "xerces/"


def xerces_messages_jar(directory: Path) -> Path:
    """A jar holding jena-core's Xerces message files under the package its classes moved to."""
    target = directory / "jena-xerces-messages.jar"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as core, zipfile.ZipFile(target, "w") as out:
        for name in core.namelist():
            if name.startswith(MOVED_FROM) and not name.endswith("/"):
                out.writestr(MOVED_TO + name[len(MOVED_FROM) :], core.read(name))
    return target


def classpath(directory: Path) -> str:
    jars = [JAVA_DIR / f"{name}.jar" for name in JENA + DEPENDENCIES]
    missing = [str(j) for j in jars if not j.exists()]
    assert not missing, "Jena ARQ is installed with: apt-get install libapache-jena-java (.ci/run does it); " + str(
        missing
    )
    return ":".join(str(j) for j in [*jars, xerces_messages_jar(directory)])


BATCH_SOURCE = Path(__file__).parent / "java" / "ArqBatch.java"
# a request (its JVM start included, on a loaded machine) taking longer is a hung query
TIMEOUT = 300.0


def compiled_batch(folder: Path, classpath: str) -> Path:
    """The folder of ArqBatch's classes, compiled once into ``folder`` for every worker sharing it
    (one compiles under a lock, the others wait and reuse it), named by the source's digest."""
    source = BATCH_SOURCE.read_bytes()
    classes = folder / f"arq-batch-{hashlib.sha256(source).hexdigest()[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "arq-batch.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (classes / "ArqBatch.class").is_file():
            done = subprocess.run(
                ["javac", "-J-XX:TieredStopAtLevel=1", "-cp", classpath, "-d", str(classes), str(BATCH_SOURCE)],
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
            assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return classes


class ArqBatch:
    """One JVM running ``arq.sparql`` once per request (tests/java/ArqBatch.java says how) and
    answering what the command line would have: its exit code, standard output and error.

    Requests are sent one at a time (a lock), each waited for at most ``timeout`` seconds: a
    request that takes longer, or a JVM that dies, kills the JVM and fails the request with
    what it wrote to its own standard error; the next request starts a new JVM. The JVM ends with its input, when ``close`` is
    called, when the object is dropped, or when the test process exits by any path."""

    def __init__(self, classpath: str, log: Path, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self.command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, "ArqBatch"]
        self.log = log
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None

    def run(self, args: list[str]) -> tuple[int, bytes, bytes]:
        """(exit code, stdout, stderr) of ``arq.sparql ARGS``, run inside the JVM."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._start()
            assert self.process is not None and self.process.stdin is not None
            frame = [struct.pack(">i", len(args))]
            for arg in args:
                data = arg.encode("utf-8")
                frame += [struct.pack(">i", len(data)), data]
            deadline = time.monotonic() + self.timeout
            try:
                self.process.stdin.write(b"".join(frame))
                self.process.stdin.flush()
                code = self._int(deadline)
                out = self._read(self._int(deadline), deadline)
                err = self._read(self._int(deadline), deadline)
            except (OSError, TimeoutError, EOFError) as failure:
                self.process.kill()  # a hung query would keep it busy
                self.close()
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise AssertionError(f"Jena ARQ's JVM, arq.sparql {args}: {failure!r}\n{tail}") from None
            return code, out, err

    def _start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, close_fds=True
            )
        self._finalizer = weakref.finalize(self, _stop, self.process)

    def _int(self, deadline: float) -> int:
        value: int = struct.unpack(">i", self._read(4, deadline))[0]
        return value

    def _read(self, count: int, deadline: float) -> bytes:
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        chunks: list[bytes] = []
        while count > 0:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError(f"no answer within {self.timeout:g} s")
            chunk = os.read(fd, min(count, 1 << 20))
            if not chunk:
                raise EOFError(f"the JVM ended (exit code {self.process.poll()})")
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        """End the JVM (its input closed, killed if it does not end at once) and reap it."""
        if self.process is not None:
            self._finalizer()
            self.process = None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a JVM and wait for it, so no java process outlives the test run."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):  # a JVM that died leaves a broken pipe
            process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


class JenaArq:
    """``arq.sparql --data FILE --query Q --results json``: Jena's command line run once per
    query, over an N-Triples file (``kgtool build --format nt``); a kgtool Backend.

    The runs share one JVM (``ArqBatch``), started at the first query: a JVM start costs about
    a second of CPU, a warm run a few milliseconds. The tests also send the same text more than
    once (a named query with no parameter bound is also what a command sends). Jena's answer
    depends on nothing but the data file and the text, so each answer is kept, keyed by both:
    in memory, and in ``cache`` (a folder the test run's workers share) when given; ArqBatch's
    classes are compiled there too (else in ``directory``), once per run."""

    def __init__(self, data: Path, directory: Path, cache: Path | None = None) -> None:
        self.data = data
        self.directory = directory
        self.classpath = classpath(directory)
        self.cache = cache
        self.data_digest = hashlib.sha256(data.read_bytes()).hexdigest()
        self.answers: dict[str, bytes] = {}
        classes = compiled_batch(cache or directory, self.classpath)
        self.batch = ArqBatch(f"{self.classpath}:{classes}", directory / "jena-jvm.log")

    def describe(self, lang: str = "en") -> str:
        return f"Jena ARQ over {self.data}"

    def close(self) -> None:
        """End the JVM (the answers kept stay usable)."""
        self.batch.close()

    def select(self, sparql: str) -> ResultTable:
        return parse_results_json(self.answer(sparql), "jena")

    def answer(self, sparql: str) -> bytes:
        """Jena's JSON answer to this text over the data file, run once per text and data."""
        key = hashlib.sha256(f"{self.data_digest}\n{sparql}".encode()).hexdigest()
        if key in self.answers:
            return self.answers[key]
        kept = self.cache / f"{key}.json" if self.cache else None
        if kept is not None and kept.is_file():
            answer = kept.read_bytes()
        else:
            answer = self._run(sparql)
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                partial = kept.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
                partial.write_bytes(answer)
                partial.replace(kept)  # atomic: a worker reading it sees all of it or nothing
        self.answers[key] = answer
        return answer

    def _run(self, sparql: str) -> bytes:
        with tempfile.NamedTemporaryFile("w", suffix=".rq", dir=self.directory, delete=False) as f:
            f.write(sparql)
        try:
            code, out, err = self.batch.run(["--data", str(self.data), "--query", f.name, "--results", "json"])
        finally:
            Path(f.name).unlink()
        assert code == 0, err.decode("utf-8", "replace")[-2000:]
        return out
