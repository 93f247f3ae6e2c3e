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

import subprocess
import tempfile
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
    query, over an N-Triples file (``kgtool build --format nt``); a kgtool Backend."""

    def __init__(self, data: Path, directory: Path) -> None:
        self.data = data
        self.directory = directory
        self.classpath = classpath(directory)

    def describe(self) -> str:
        return f"Jena ARQ over {self.data}"

    def select(self, sparql: str) -> ResultTable:
        with tempfile.NamedTemporaryFile("w", suffix=".rq", dir=self.directory, delete=False) as f:
            f.write(sparql)
        done = subprocess.run(
            [
                "java",
                "-XX:TieredStopAtLevel=1",
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
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
        return parse_results_json(done.stdout, "jena")
