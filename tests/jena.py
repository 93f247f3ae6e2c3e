"""Jena ARQ (the SPARQL engine inside Fuseki) as a third engine for the tests: Debian's
``libapache-jena-java`` (4.5), run through its command line, ``arq.sparql``, over a file.

Two pitfalls of the Debian package, worked around here and described in docs/scale-out.md:

- jena-core 4.5.0-2 moves the shaded Xerces classes to the package ``xerces`` but leaves their
  message files under ``org/apache/jena/ext/xerces``; Jena then fails to initialise ("internal
  error" from XSSimpleTypeDecl) until the files are on the classpath under the new path. A
  small resource jar, made here from jena-core.jar itself, puts them there.
- /usr/share/java holds two SLF4J bindings that clash, so the classpath is explicit: the Jena
  jars, their dependencies, and one binding (slf4j-nop).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import threading
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


class JenaArq:
    """``arq.sparql --data FILE --query Q --results json``: one run of Jena's command line per
    query, over an N-Triples file (``kgtool build --format nt``); a kgtool Backend.

    A run costs a JVM start (about a second of CPU), and the tests send the same text more than
    once (a named query with no parameter bound is also what a command sends). Jena's answer
    depends on nothing but the data file and the text, so each answer is kept, keyed by both:
    in memory, and in ``cache`` (a folder the test run's workers share) when given. The JVM's
    class-data archive of Jena's classes, made once by a first run, makes each later start
    cheaper; a JVM that cannot make one runs without it."""

    def __init__(self, data: Path, directory: Path, cache: Path | None = None) -> None:
        self.data = data
        self.directory = directory
        self.classpath = classpath(directory)
        self.cache = cache
        self.data_digest = hashlib.sha256(data.read_bytes()).hexdigest()
        self.answers: dict[str, bytes] = {}
        self.archive = directory / "jena-classes.jsa"
        # a first run dumps the classes it loaded; later runs map them instead of loading them again
        # (a JVM without dynamic archives, before Java 13, refuses the option: then none is used)
        self._run("ASK {}", [f"-XX:ArchiveClassesAtExit={self.archive}"], check=False)

    def describe(self) -> str:
        return f"Jena ARQ over {self.data}"

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
            shared = [f"-XX:SharedArchiveFile={self.archive}"] if self.archive.is_file() else []
            answer = self._run(sparql, shared)
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                partial = kept.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
                partial.write_bytes(answer)
                partial.replace(kept)  # atomic: a worker reading it sees all of it or nothing
        self.answers[key] = answer
        return answer

    def _run(self, sparql: str, jvm_options: list[str], check: bool = True) -> bytes:
        with tempfile.NamedTemporaryFile("w", suffix=".rq", dir=self.directory, delete=False) as f:
            f.write(sparql)
        done = subprocess.run(
            [
                "java",
                "-XX:TieredStopAtLevel=1",
                *jvm_options,
                "-cp",
                self.classpath,
                "arq.sparql",
                "--data",
                str(self.data),
                "--query",
                f.name,
                "--results",
                "json",
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
        Path(f.name).unlink()
        assert done.returncode == 0 or not check, done.stderr.decode("utf-8", "replace")[-2000:]
        return done.stdout
