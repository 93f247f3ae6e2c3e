"""`kgtool load` at scale, against a real Oxigraph server on 127.0.0.1.

Streaming in batches keeps named graphs and blank nodes intact; batches go into staging
graphs that replace the targets in one final request; and a load that stops — a batch
refused, an answer lost, the server stopped, bad input half-way — is reported as
``endpoint#partial-load`` (or leaves nothing behind), then resumed, discarded, or cleaned
up by the next load. Failures are real: a small HTTP proxy on 127.0.0.1 sits in front of
the server and fails the Nth update request, or stops the server. The 100k-statement
corpus from bench/generate.py is loaded and its indices and gaps, computed by the
server, must equal the embedded store's.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import OxigraphServer as Oxigraph

from kgtool.assets import ontology_files
from kgtool.cli import main
from kgtool.rdf.project import project_files

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
STAGING = "urn:kgtool:staging:"
EX = "http://example.org/"


@pytest.fixture
def server() -> Iterator[Oxigraph]:
    store = Oxigraph().start()
    yield store
    store.close()


class Proxy:
    """A real HTTP proxy on 127.0.0.1 in front of a store: forwards every request, except that
    the Nth update request (counting those whose body contains ``match``) fails as asked:
    ``refuse`` answers 503 without forwarding; ``lose-answer`` forwards it, then closes the
    connection without answering; ``stop-server`` stops the store first, then answers 502 as a
    reverse proxy does when the store behind it is down. It passes the store's ``Server`` header
    on (kgtool recognises Oxigraph by it), unless ``anonymous``: then kgtool takes the store for
    an unknown one and guards its switch by the data instead of by DROP GRAPH."""

    def __init__(self, store: Oxigraph) -> None:
        self.store = store
        self.nth: int | None = None
        self.mode = "refuse"
        self.match = b""
        self.seen = 0
        self.anonymous = False
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            store_server = ""

            def log_message(self, format: str, *args: object) -> None:
                pass

            def version_string(self) -> str:
                return self.store_server if self.store_server and not proxy.anonymous else "test-proxy"

            def do_GET(self) -> None:
                self.relay(None)

            def do_PUT(self) -> None:  # the Graph Store Protocol's documents: always forwarded
                self.relay(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                action = proxy.action(self.path, body)
                if action == "refuse":
                    self.send_error(503, "injected failure")
                    return
                if action == "stop-server":
                    proxy.store.stop()
                self.relay(body, lose_answer=action == "lose-answer")

            def relay(self, body: bytes | None, lose_answer: bool = False) -> None:
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                request = urllib.request.Request(
                    proxy.store.base + self.path, data=body, headers=headers, method=self.command
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, content_type, data = (
                            response.status,
                            response.headers.get("Content-Type"),
                            response.read(),
                        )
                        self.store_server = response.headers.get("Server", "")
                except urllib.error.HTTPError as exc:
                    status, content_type, data = exc.code, exc.headers.get("Content-Type"), exc.read()
                    exc.close()
                except OSError:
                    status, content_type, data = 502, "text/plain", b"the store behind this proxy is down"
                if lose_answer:
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type or "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.query = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"

    def fail(self, nth: int | None, mode: str = "refuse", match: bytes = b"") -> None:
        with self.lock:
            self.nth, self.mode, self.match, self.seen = nth, mode, match, 0

    def action(self, path: str, body: bytes) -> str:
        with self.lock:
            if self.nth is None or not path.startswith("/update") or self.match not in body:
                return "forward"
            self.seen += 1
            return self.mode if self.seen == self.nth else "forward"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def proxy(server: Oxigraph) -> Iterator[Proxy]:
    p = Proxy(server)
    yield p
    p.close()


def write_data(path: Path, version: str, n: int = 3000, error_at: int | None = None) -> Path:
    """N-Triples with every tenth subject pointing at a small blank-node structure (3 statements);
    with ``error_at``, that line is a statement without an object."""
    lines = []
    for i in range(n):
        lines.append(f'<{EX}s{i}> <{EX}value> "{version} {i}" .')
        if i % 10 == 0:
            lines += [
                f"<{EX}s{i}> <{EX}detail> _:d{i} .",
                f'_:d{i} <{EX}note> "{version} note {i}" .',
                f"_:d{i} <{EX}part> _:e{i} .",
                f'_:e{i} <{EX}note> "{version} part {i}" .',
            ]
    if error_at is not None:
        lines.insert(error_at - 1, f"<{EX}broken> <{EX}value> .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def signature(quads: Iterator[ox.Quad] | list[ox.Quad]) -> tuple[frozenset[str], Counter[str]]:
    """A dataset as a comparable value: statements without blank nodes exactly, the others with
    their blank nodes masked and counted (so a lost or duplicated blank node shows)."""
    plain: set[str] = set()
    masked: Counter[str] = Counter()
    for quad in set(quads):
        if STAGING in str(quad.graph_name):
            continue
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            masked[
                " ".join(
                    "_" if isinstance(t, ox.BlankNode) else str(t)
                    for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)
                )
            ] += 1
        else:
            plain.add(str(quad))
    return frozenset(plain), masked


def store_signature(store: Oxigraph) -> tuple[frozenset[str], Counter[str]]:
    request = urllib.request.Request(store.base + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request) as response:
        return signature(list(ox.parse(response.read(), format=ox.RdfFormat.N_QUADS)))


def input_signature(*files: Path, graph: str | None = None) -> tuple[frozenset[str], Counter[str]]:
    """What a store holds after loading the ontology and these files (through an embedded Oxigraph
    store, which normalises literals as the server does, e.g. xsd:nonNegativeInteger to xsd:integer)."""
    store = ox.Store()
    for path in [*ontology_files(), *files]:
        store.extend(
            ox.Quad(
                q.subject,
                q.predicate,
                q.object,
                ox.NamedNode(graph) if graph and isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name,
            )
            for q in ox.parse(path=str(path), rename_blank_nodes=True)
        )
    return signature(list(store))


def staging_graphs(store: Oxigraph) -> list[str]:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = urllib.request.Request(
        store.query,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [r["g"]["value"] for r in rows if r["g"]["value"].startswith(STAGING)]


def resume_command(err: str) -> list[str]:
    """The arguments of the exact command the partial-load error says will continue."""
    line = next(x for x in err.splitlines() if "kgtool load" in x and "--resume" in x)
    words = shlex.split(line[line.index("kgtool load") :])
    return words[1:]


@pytest.mark.parametrize(
    "method", [["--sparql-update"], [], ["--gsp"]], ids=["sparql-update", "default-graph-store", "graph-store"]
)
def test_batches_keep_named_graphs_and_blank_nodes(
    method: list[str], server: Oxigraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trig = tmp_path / "two-graphs.trig"
    trig.write_text(
        f"""@prefix ex: <{EX}> .
ex:top ex:label "in the default graph" ; ex:has [ ex:a 1 ; ex:b [ ex:c 2 ] ] .
ex:g1 {{ ex:x ex:y "one" . ex:x ex:z [ ex:w "blank in g1" ] . }}
ex:g2 {{ ex:x ex:y "two" . _:shared ex:p _:other . _:other ex:q "linked blank nodes in g2" . }}
""",
        encoding="utf-8",
    )
    # batches of 7 statements cut the ontology's OWL restrictions and the TriG's blank nodes many times
    code = main(
        ["load", str(trig), "--endpoint", server.query, "--batch-size", "7", "--state", str(tmp_path / "j"), *method]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert ("sparql-update" if method == ["--sparql-update"] else "graph-store") in err
    assert "into 3 graphs" in err  # the default graph, ex:g1 and ex:g2, however many batches fed each
    assert store_signature(server) == input_signature(trig)
    assert staging_graphs(server) == []
    assert not (tmp_path / "j").exists(), "a finished load leaves no journal"


def test_a_load_replaces_its_target_graph_and_nothing_else(server: Oxigraph, tmp_path: Path) -> None:
    a, b = write_data(tmp_path / "a.nt", "A", 200), write_data(tmp_path / "b.nt", "B", 150)
    other = tmp_path / "other.nt"
    other.write_text(f'<{EX}x> <{EX}y> "kept" .\n', encoding="utf-8")
    state = ["--state", str(tmp_path / "j")]
    assert main(["load", str(other), "--endpoint", server.query, "--graph", EX + "other", *state]) == 0
    assert main(["load", str(a), "--endpoint", server.query, "--graph", EX + "kg", *state]) == 0
    assert main(["load", str(b), "--endpoint", server.query, "--graph", EX + "kg", *state]) == 0
    expected_kg = input_signature(b, graph=EX + "kg")
    expected_other = input_signature(other, graph=EX + "other")
    assert store_signature(server) == (expected_kg[0] | expected_other[0], expected_kg[1] + expected_other[1])


@pytest.mark.parametrize("mode", ["refuse", "lose-answer"])
def test_a_failed_batch_is_reported_then_resumed(
    mode: str, server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = write_data(tmp_path / "a.nt", "A"), write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(a), "--endpoint", server.query, *state, "-q"]) == 0
    proxy.fail(4, mode)
    code = main(["load", str(b), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "500", *state])
    err = capsys.readouterr().err
    assert code == 2
    assert "ERROR [endpoint#partial-load]" in err and "batch 4 failed" in err
    assert re.search(r"3 batches \([\d,]+ statements\) got in", err)
    assert "the target graphs are unchanged" in err
    if mode == "lose-answer":
        assert "may have got in too" in err
    assert store_signature(server) == input_signature(a), "the target graph must still hold the previous load"
    assert staging_graphs(server), "the staged batches are in the store (and the error says so)"
    journal = json.loads((tmp_path / "journal.json").read_text())
    assert journal["batches"] == 3 and journal["status"] == "failed"

    proxy.fail(None)
    command = resume_command(err)
    assert command[:2] == ["load", str(b)] and command[-1] == "--resume"
    assert main(command) == 0
    err = capsys.readouterr().err
    assert f"resumed after batch {4 if mode == 'lose-answer' else 3}" in err
    if mode == "lose-answer":
        assert "the store holds 4 batches" in err and "journal had confirmed 3" in err
    assert store_signature(server) == input_signature(b)
    assert staging_graphs(server) == []
    assert not (tmp_path / "journal.json").exists()


@pytest.mark.parametrize("persistent", [True, False], ids=["on-disk", "in-memory"])
def test_the_server_stopped_mid_load(persistent: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Oxigraph(location=tmp_path / "db" if persistent else None).start()
    proxy = Proxy(store)
    try:
        b = write_data(tmp_path / "b.nt", "B")
        state = ["--state", str(tmp_path / "journal.json")]
        proxy.fail(3, "stop-server")
        assert main(["load", str(b), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "500", *state]) == 2
        err = capsys.readouterr().err
        assert "ERROR [endpoint#partial-load]" in err
        assert re.search(r"2 batches \([\d,]+ statements\) got in", err)
        proxy.fail(None)
        store.start()
        assert main(resume_command(err)) == 0
        err = capsys.readouterr().err
        if persistent:
            assert "resumed after batch 2" in err
        else:  # an in-memory store forgets the staged batches when it stops: kgtool notices and starts over
            assert "no longer holds the staged batches" in err and "resumed" not in err
        assert store_signature(store) == input_signature(b)
        assert staging_graphs(store) == []
    finally:
        proxy.close()
        store.close()


def test_a_new_load_drops_what_an_interrupted_one_staged(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = write_data(tmp_path / "b.nt", "B")
    proxy.fail(3)
    # a different journal: the staging left in the store is found from the store itself
    assert (
        main(
            [
                "load",
                str(b),
                "--endpoint",
                proxy.query,
                "--sparql-update",
                "--batch-size",
                "500",
                "--state",
                str(tmp_path / "first.json"),
            ]
        )
        == 2
    )
    capsys.readouterr()
    assert main(["load", str(b), "--endpoint", server.query, "--state", str(tmp_path / "second.json")]) == 0
    err = capsys.readouterr().err
    assert "an earlier load" in err and "stopped after 2 batches" in err and "were dropped" in err
    assert store_signature(server) == input_signature(b)
    assert staging_graphs(server) == []


def test_discard_drops_the_staging_and_keeps_the_targets(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = write_data(tmp_path / "a.nt", "A", 500), write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(a), "--endpoint", server.query, *state]) == 0
    proxy.fail(2)
    assert main(["load", str(b), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "500", *state]) == 2
    err = capsys.readouterr().err
    proxy.fail(None)
    discard = shlex.split(
        next(x for x in err.splitlines() if "--discard" in x and "kgtool load" in x).split("kgtool load", 1)[1]
    )
    assert main(["load", *discard]) == 0
    assert "dropped the staged statements of 1 interrupted load" in capsys.readouterr().err
    assert staging_graphs(server) == []
    assert store_signature(server) == input_signature(a)
    assert not (tmp_path / "journal.json").exists()


# How the switch request is recognised: MOVE guarded by DROP GRAPH where the store is known to
# refuse DROP of a missing graph (Oxigraph), else DELETE/INSERT guarded by the marker's data.
SWITCHES = {"drop-guard": b"MOVE ", "data-guard": b"?kgtoolBatches"}


@pytest.mark.parametrize("guard", SWITCHES)
def test_a_failed_switch_is_resumed_without_resending(
    guard: str, server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = write_data(tmp_path / "a.nt", "A", 500), write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(a), "--endpoint", server.query, *state]) == 0
    proxy.anonymous = guard == "data-guard"
    proxy.fail(1, "refuse", match=SWITCHES[guard])
    assert main(["load", str(b), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "1000", *state]) == 2
    err = capsys.readouterr().err
    assert "ERROR [endpoint#partial-load]" in err and "switching the staged graphs" in err
    staged = re.search(r"All (\d+) batches", err)
    assert staged
    assert store_signature(server) == input_signature(a)
    proxy.fail(None)
    assert main(resume_command(err)) == 0
    assert f"{staged[1]} batches, 1 request," in capsys.readouterr().err  # only the switch was sent again
    assert store_signature(server) == input_signature(b)
    assert staging_graphs(server) == []


@pytest.mark.parametrize("guard", SWITCHES)
def test_a_switch_whose_answer_is_lost_is_found_applied(
    guard: str, server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = write_data(tmp_path / "b.nt", "B")
    proxy.anonymous = guard == "data-guard"
    proxy.fail(1, "lose-answer", match=SWITCHES[guard])
    code = main(
        [
            "load",
            str(b),
            "--endpoint",
            proxy.query,
            "--sparql-update",
            "--batch-size",
            "1000",
            "--state",
            str(tmp_path / "j"),
        ]
    )
    assert code == 0, capsys.readouterr().err  # the store shows the switch applied: its marker is gone
    assert store_signature(server) == input_signature(b)
    assert staging_graphs(server) == []


def test_the_switch_is_never_applied_twice(server: Oxigraph, tmp_path: Path) -> None:
    """The store behaviour the switch relies on: a MOVE from a staging graph that is gone would
    empty its target, so the switch opens with DROP GRAPH <marker>, which fails — and with it
    the whole request — once the marker is gone."""

    def update(body: str) -> int:
        request = urllib.request.Request(
            server.base + "/update", data=body.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        try:
            with urllib.request.urlopen(request) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            exc.close()
            return exc.code

    update(
        f"INSERT DATA {{ GRAPH <{STAGING}run> {{ <urn:kgtool:load:run> <urn:kgtool:load#batches> 1 }} "
        f"GRAPH <{STAGING}run:1> {{ <{EX}s> <{EX}p> <{EX}o> }} }}"
    )
    switch = f"DROP GRAPH <{STAGING}run>; MOVE SILENT GRAPH <{STAGING}run:1> TO DEFAULT"
    assert update(switch) == 204
    b = write_data(tmp_path / "b.nt", "B", 100)
    assert main(["load", str(b), "--endpoint", server.query, "--state", str(tmp_path / "j"), "-q"]) == 0
    assert update(switch) >= 400
    assert store_signature(server) == input_signature(b)


def test_bad_input_half_way_leaves_the_store_unchanged(
    server: Oxigraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write_data(tmp_path / "a.nt", "A", 500)
    bad = write_data(tmp_path / "bad.nt", "B", error_at=2500)
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(a), "--endpoint", server.query, *state]) == 0
    code = main(["load", str(bad), "--endpoint", server.query, "--batch-size", "500", *state])
    err = capsys.readouterr().err
    assert code == 2 and f"ERROR [load#bad-syntax] {bad}:2500:" in err and "nothing was changed in the store" in err
    assert staging_graphs(server) == []
    assert store_signature(server) == input_signature(a)
    assert not (tmp_path / "journal.json").exists()


def test_a_refused_first_batch_is_a_plain_error(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proxy.fail(1)
    code = main(["load", "--endpoint", proxy.query, "--sparql-update", "--state", str(tmp_path / "journal.json")])
    err = capsys.readouterr().err
    assert code == 2 and "ERROR [endpoint#http-error]" in err and "nothing was loaded" in err
    assert "partial-load" not in err and "Traceback" not in err
    assert not (tmp_path / "journal.json").exists()


def test_resume_refuses_a_different_input_and_a_missing_journal(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b, c = write_data(tmp_path / "b.nt", "B"), write_data(tmp_path / "c.nt", "C")
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", "--endpoint", server.query, *state, "--resume"]) == 2
    assert "ERROR [endpoint#nothing-to-resume]" in capsys.readouterr().err
    proxy.fail(2)
    assert main(["load", str(b), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "500", *state]) == 2
    capsys.readouterr()
    proxy.fail(None)
    assert (
        main(["load", str(c), "--endpoint", proxy.query, "--sparql-update", "--batch-size", "500", *state, "--resume"])
        == 2
    )
    assert "ERROR [endpoint#resume-mismatch]" in capsys.readouterr().err
    assert staging_graphs(server), "a refused resume drops nothing"


def test_the_100k_corpus_gives_the_same_indices_and_gaps_remotely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = REPO / "bench" / "generate.py"
    subprocess.run(
        [sys.executable, str(generator), "--size", "100k", "--out", str(tmp_path / "corpus")],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    corpus = tmp_path / "corpus" / "corpus.trig"
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text())
    # the corpus keeps one named graph per assessment, and the queries read the default graph:
    # the store must offer the union of its graphs as the default graph
    store = Oxigraph("--union-default-graph").start()
    try:
        assert main(["load", str(corpus), "--endpoint", store.query, "--state", str(tmp_path / "j")]) == 0
        assert "batches" in capsys.readouterr().err
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        request = urllib.request.Request(
            store.query,
            data=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request) as response:
            counts = {r["g"]["value"]: int(r["n"]["value"]) for r in json.loads(response.read())["results"]["bindings"]}
        assert counts == {g["graph"]: g["quads"] for g in manifest["graphs"]}
        remote = {}
        for command in (["indices"], ["gaps"]):
            assert main([*command, "--format", "csv", "--endpoint", store.query]) == 0
            remote[command[0]] = capsys.readouterr().out
    finally:
        store.close()
    for command in (["indices"], ["gaps"]):
        assert main([*command, "--format", "csv", "--data", str(corpus)]) == 0
        assert capsys.readouterr().out == remote[command[0]], command[0]


def test_project_files_are_what_a_load_without_files_sends(server: Oxigraph, tmp_path: Path) -> None:
    assert main(["load", "--endpoint", server.query, "--state", str(tmp_path / "j"), "-q"]) == 0
    ontology = set(ontology_files())
    data = [p for p in project_files() if p not in ontology]
    assert store_signature(server) == input_signature(*data)


def test_input_format_names_the_syntax_of_the_files(server: Oxigraph, tmp_path: Path) -> None:
    from kgtool.cli.load import DEFAULT_BATCH_SIZE as CLI_DEFAULT
    from kgtool.loader.remote_load import DEFAULT_BATCH_SIZE

    assert CLI_DEFAULT == DEFAULT_BATCH_SIZE
    data = write_data(tmp_path / "b.nt", "B", 50)
    renamed = data.rename(tmp_path / "b.txt")
    assert (
        main(
            [
                "load",
                str(renamed),
                "--input-format",
                "nt",
                "--endpoint",
                server.query,
                "--state",
                str(tmp_path / "j"),
                "-q",
            ]
        )
        == 0
    )
    assert store_signature(server) == input_signature(tmp_path / "b.txt")


RECORD = b"WHERE { OPTIONAL"  # the operation that records a batch in the run's marker


def test_graph_store_batches_resumed_after_their_record_failed(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the Graph Store Protocol a batch's documents are PUT, then its record is an update:
    when the record fails, the documents are in the store but the batch is not counted; the
    resumed load PUTs them again, replacing them, so no blank node is doubled."""
    b = write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    proxy.fail(3, "refuse", match=RECORD)
    args = ["load", str(b), "--endpoint", proxy.query, "--gsp", "--batch-size", "500", *state]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "ERROR [endpoint#partial-load]" in err and "2 batches" in err
    proxy.fail(None)
    assert main(resume_command(err)) == 0
    assert "resumed after batch 2" in capsys.readouterr().err
    assert store_signature(server) == input_signature(b)
    assert staging_graphs(server) == []


def test_graph_store_staging_is_discarded_whole(
    server: Oxigraph, proxy: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch PUT but not yet recorded leaves graphs the marker does not name; --discard drops them too."""
    b = write_data(tmp_path / "b.nt", "B")
    state = ["--state", str(tmp_path / "journal.json")]
    proxy.fail(2, "refuse", match=RECORD)
    assert main(["load", str(b), "--endpoint", proxy.query, "--gsp", "--batch-size", "500", *state]) == 2
    assert staging_graphs(server)
    assert main(["load", "--endpoint", server.query, "--discard", *state]) == 0
    assert staging_graphs(server) == []


# a literal not of its datatype, as a file writes it, and what the Oxigraph server would hold
ILL_TYPED = {
    "abc-integer": ('"abc"^^xsd:integer', None),  # kept as written here, stored as 0 by Virtuoso
    "fraction-integer": ('"1.5"^^xsd:integer', None),  # stored as 1 by Virtuoso
    "maybe-boolean": ('"maybe"^^xsd:boolean', None),
    "byte-out-of-range": ('"300"^^xsd:byte', '"300"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    "negative-nonNegativeInteger": ('"-1"^^xsd:nonNegativeInteger', '"-1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    "dateTimeStamp-without-zone": (
        '"2016-01-01T00:00:00"^^xsd:dateTimeStamp',
        '"2016-01-01T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
    ),
}


def typed_file(path: Path, literal: str) -> Path:
    """Turtle whose fourth line writes ``literal`` as the object of <EX>odd <EX>n (its subject on line 3)."""
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<{EX}fine> <{EX}n> "5"^^xsd:integer ; <{EX}d> "2020-01-31"^^xsd:date .\n'
        f'<{EX}odd> <{EX}label> "odd" ;\n'
        f"  <{EX}n> {literal} .\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("case", sorted(ILL_TYPED))
def test_a_literal_not_of_its_datatype_is_refused_before_anything_is_sent(
    case: str, server: Oxigraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The writers refuse an ill-typed literal the store would retype; a load also refuses a number
    or boolean not of its datatype, whatever the method, naming file, line and statement, and sends nothing:
    the store keeps what an earlier load put there. Sent anyway, the server would hold "-1" as a
    valid xsd:integer (shown on a scratch store sent the same N-Triples)."""
    literal, retyped = ILL_TYPED[case]
    kept = write_data(tmp_path / "kept.nt", "K", 50)
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(kept), "--endpoint", server.query, *state, "-q"]) == 0
    before = store_signature(server)
    bad = typed_file(tmp_path / "bad.ttl", literal)
    for method in (["--sparql-update"], ["--gsp"]):
        code = main(["load", str(bad), "--endpoint", server.query, *state, *method])
        err = capsys.readouterr().err
        assert code == 2, err
        assert f"ERROR [load#ill-typed-literal] {bad}:4: <{EX}odd> <{EX}n> " in err, err
        assert "not of its datatype" in err and "nothing was sent to the store" in err and "Traceback" not in err
        assert store_signature(server) == before and staging_graphs(server) == []
        assert not (tmp_path / "journal.json").exists()
    if retyped is not None:
        scratch = ox.Store()
        scratch.load(path=str(bad))
        assert retyped in {str(q.object) for q in scratch}


def load_unanswered(path: Path, tmp_path: Path) -> int:
    """``kgtool load`` of ``path`` to an endpoint that does not answer (nothing listens on port 9):
    what it says before the store is asked anything."""
    return main(["load", str(path), "--endpoint", "http://127.0.0.1:9/query", "--state", str(tmp_path / "j")])


def test_the_first_of_several_is_named_with_how_many_more(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Checked before the store is asked anything: the endpoint here does not even answer."""
    bad = tmp_path / "several.nt"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    bad.write_text(
        f'<{EX}a> <{EX}n> "1"^^<{xsd}integer> .\n<{EX}b> <{EX}n> "1.5"^^<{xsd}integer> .\n'
        f'<{EX}c> <{EX}n> "300"^^<{xsd}byte> .\n<{EX}d> <{EX}n> "maybe"^^<{xsd}boolean> .\n',
        encoding="utf-8",
    )
    code = load_unanswered(bad, tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and f'ERROR [load#ill-typed-literal] {bad}:2: <{EX}b> <{EX}n> "1.5"' in err, err
    assert "(and 2 more)" in err and "unreachable" not in err


def test_a_literal_in_another_spelling_of_its_value_is_loaded_with_a_note(
    server: Oxigraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "0.40"^^xsd:decimal is 0.4: the store holds it as "0.4" (the value is the same), and the
    load says so, naming file and statement as kgtool validate does, in its own words (a load writes
    nothing: the store will hold the value in canonical form); a file in canonical form loads without
    a note, as written."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    spelled = tmp_path / "spelled.nt"
    spelled.write_text(
        f'<{EX}a> <{EX}share> "0.40"^^<{xsd}decimal> .\n<{EX}a> <{EX}rank> "01"^^<{xsd}integer> .\n', encoding="utf-8"
    )
    state = ["--state", str(tmp_path / "journal.json")]
    assert main(["load", str(spelled), "--endpoint", server.query, *state]) == 0
    err = capsys.readouterr().err
    assert main(["validate", str(spelled), "--no-reasoner", "--format", "json", "-o", str(tmp_path / "v.json")]) in (
        0,
        1,
    )
    noted = capsys.readouterr().err
    assert noted.startswith("note: 2 statements have a literal that the store holds, and kgtool writes,"), noted
    assert err.startswith("note: 2 statements have a literal that the store will hold in canonical form"), err
    assert "kgtool writes" not in err and "an Oxigraph server holds" in err
    example = f'{spelled}: <{EX}a> <{EX}share> "0.40"^^<{xsd}decimal>  ->  "0.4"^^<{xsd}decimal>'
    assert example in noted and example in err
    held = {str(q) for q in ox.parse(_dump(server), format=ox.RdfFormat.N_QUADS) if str(q.subject) == f"<{EX}a>"}
    assert held == {f'<{EX}a> <{EX}share> "0.4"^^<{xsd}decimal>', f'<{EX}a> <{EX}rank> "1"^^<{xsd}integer>'}

    canonical = tmp_path / "canonical.nt"
    canonical.write_text(spelled.read_text(encoding="utf-8").replace('"0.40"', '"0.4"').replace('"01"', '"1"'))
    assert main(["load", str(canonical), "--endpoint", server.query, *state]) == 0
    err = capsys.readouterr().err
    assert "note:" not in err and "loaded" in err
    assert store_signature(server) == input_signature(canonical)


def _dump(store: Oxigraph) -> bytes:
    request = urllib.request.Request(store.base + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request) as response:
        return bytes(response.read())


LINE_CASES = {
    "odd.rdf": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/">\n  <rdf:Description rdf:about="http://example.org/odd">\n'
        '    <ex:m rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">7</ex:m>\n'
        '    <ex:n rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">abc</ex:n>\n'
        "  </rdf:Description>\n</rdf:RDF>\n",
        5,
    ),
    "odd.jsonld": (
        '{"@id": "http://example.org/odd",\n "http://example.org/n": {\n  "@value": "abc",\n'
        '  "@type": "http://www.w3.org/2001/XMLSchema#integer"}}\n',
        3,
    ),
    "odd.ttl": (
        "@prefix x: <http://www.w3.org/2001/XMLSchema#> .\n<http://example.org/odd>\n"
        '  <http://example.org/m> "abc" ;\n  <http://example.org/n> "abc"^^x:integer .\n',
        4,
    ),
    # the value written with an escape: no line writes "ab" typed, and the plain "ab" above is not it
    "escaped.ttl": (
        "@prefix x: <http://www.w3.org/2001/XMLSchema#> .\n<http://example.org/odd>\n"
        '  <http://example.org/m> "ab" ;\n  <http://example.org/n> "a\\u0062"^^x:integer .\n',
        None,
    ),
    # the datatype set in the context: the line that names the key, not the first "abc"
    "coerced.jsonld": (
        '{"@context": {"n": {"@id": "http://example.org/n",\n'
        '  "@type": "http://www.w3.org/2001/XMLSchema#integer"},\n'
        '  "m": "http://example.org/m"},\n "@id": "http://example.org/odd",\n'
        ' "m": "abc",\n "n": "abc"}\n',
        6,
    ),
}


@pytest.mark.parametrize("name", sorted(LINE_CASES))
def test_the_line_named_is_the_one_that_writes_the_literal(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = LINE_CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load_unanswered(path, tmp_path) == 2
    err = capsys.readouterr().err
    where = f"{path}:{line}" if line else f"{path}"
    assert f"ERROR [load#ill-typed-literal] {where}: <{EX}odd> <{EX}n> " in err, err


# valid literals (some that rdflib's rule refuses, one it fails on) and invalid ones of datatypes a
# load does not judge (rdf:HTML, xsd:anyURI): each goes past the check, to the endpoint (here one
# that does not answer)
NOT_REFUSED = {
    "dateTime-24h": '"2020-01-01T24:00:00"^^xsd:dateTime',
    "time-24h": '"24:00:00"^^xsd:time',
    "year-before-1": '"-0001-01-01"^^xsd:date',
    "year-0": '"0000-01-01"^^xsd:date',
    "year-after-9999": '"12020-01-01"^^xsd:date',
    "html-fragment": '"a < b"^^rdf:HTML',
    "negative-duration": '"-P1Y2M3DT4H5M6.5S"^^xsd:duration',
    "negative-years-and-days": '"-P1Y1D"^^xsd:duration',
    "negative-months-and-days": '"-P1M1D"^^xsd:duration',
    "february-29-gMonthDay": '"--02-29"^^xsd:gMonthDay',  # valid in XSD 1.1 (Oxigraph reads no value)
    "base64-with-spaces": '"AQ I D"^^xsd:base64Binary',  # base64Binary's lexical space holds spaces
    "uri-with-a-space": '"a b"^^xsd:anyURI',  # xsd:anyURI is not judged
    # longer than int() converts (4,300 digits): an internal error before
    "long-nonNegativeInteger": '"' + "1" * 5000 + '"^^xsd:nonNegativeInteger',
    # 5,001 digits with its leading zeros, the value 1: int() refused it (a load named it bad syntax)
    "zero-padded-positiveInteger": '"' + "0" * 5000 + '1"^^xsd:positiveInteger',
}


@pytest.mark.parametrize("case", sorted(NOT_REFUSED))
def test_literals_a_load_does_not_judge_pass_the_check(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid dates, times and durations that rdflib refuses or fails on, and the datatypes a load
    does not judge, are sent, never refused or a crash."""
    path = tmp_path / "lit.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        f"<{EX}s> <{EX}p> {NOT_REFUSED[case]} .\n",
        encoding="utf-8",
    )
    code = load_unanswered(path, tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and "ERROR [endpoint#unreachable]" in err, err
    assert "ill-typed" not in err and "internal" not in err and "Traceback" not in err


def test_a_number_longer_than_int_converts_is_judged_by_its_sign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nonNegativeInteger of 5,000 digits is valid and a negative one is not: judged without
    int() (which refuses over 4,300 digits: validate stopped with an internal error)."""
    path = tmp_path / "long.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<{EX}s> <{EX}p> "{"1" * 5000}"^^xsd:nonNegativeInteger .\n'
        f'<{EX}s> <{EX}q> "-{"1" * 5000}"^^xsd:nonNegativeInteger .\n',
        encoding="utf-8",
    )
    code = load_unanswered(path, tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and f"ERROR [load#ill-typed-literal] {path}:3: <{EX}s> <{EX}q> " in err, err
    assert "(and" not in err and "internal" not in err
    code = main(["validate", str(path), "--no-reasoner", "--format", "json", "-o", str(tmp_path / "v.json")])
    assert code in (0, 1) and "internal" not in capsys.readouterr().err


def test_the_note_shows_the_form_the_store_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A decimal's whole number is held as "1" (kgtool's writers print it "1.0"): the load's note
    shows what the store will hold, and notes "1.0", which the store holds as "1"."""
    path = tmp_path / "decimals.nt"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    path.write_text(
        f'<{EX}a> <{EX}n> "1"^^<{xsd}decimal> .\n<{EX}b> <{EX}n> "1.0"^^<{xsd}decimal> .\n', encoding="utf-8"
    )
    load_unanswered(path, tmp_path)
    err = capsys.readouterr().err
    assert err.startswith("note: 1 statement"), err
    assert f'<{EX}b> <{EX}n> "1.0"^^<{xsd}decimal>  ->  "1"^^<{xsd}decimal>' in err and f"<{EX}a>" not in err


def test_the_check_streams_in_batches_and_keeps_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check reads each file's statements as the readability pass parses them, without filling
    the typed-statement cache (a load's input may not fit in memory), in batches: counts and the
    first examples are the same across batch ends."""
    from kgtool.rdf import literal_forms, parse

    xsd = "http://www.w3.org/2001/XMLSchema#"
    spelled = tmp_path / "spelled.nt"
    spelled.write_text(
        "".join(f'<{EX}s{i}> <{EX}share> "{i}.50"^^<{xsd}decimal> .\n' for i in range(7)), encoding="utf-8"
    )
    monkeypatch.setattr(literal_forms, "LOAD_BATCH", 3)
    cached = parse._typed_statements.cache_info().currsize
    check = literal_forms.LoadCheck()
    parse.check_readable(spelled, None, functools.partial(check.read, spelled))
    note = check.result()
    assert parse._typed_statements.cache_info().currsize == cached
    assert note is not None and note.startswith("note: 7 statements have a literal"), note
    shown = [line for line in note.splitlines() if "  ->  " in line]
    assert shown == [
        f'  {spelled}: <{EX}s{i}> <{EX}share> "{i}.50"^^<{xsd}decimal>  ->  "{i}.5"^^<{xsd}decimal>' for i in range(5)
    ]
    assert "2 more" in note

    bad = tmp_path / "bad.nt"
    bad.write_text(
        "".join(f'<{EX}s{i}> <{EX}n> "{"x" if i in (4, 6) else i}"^^<{xsd}integer> .\n' for i in range(7)),
        encoding="utf-8",
    )
    code = load_unanswered(bad, tmp_path)
    err = capsys.readouterr().err
    assert code == 2 and f'ERROR [load#ill-typed-literal] {bad}:5: <{EX}s4> <{EX}n> "x"' in err, err
    assert "(and 1 more)" in err


def test_forms_in_xsds_lexical_space_pass_and_others_are_refused() -> None:
    """XSD 1.1's lexical forms pass the load's check, white space as written (session 11: it was
    collapsed, and " 12 "^^xsd:integer passed, which Virtuoso stores as 12 and Oxigraph as no
    number); the forms around them that Python's int, Decimal and float (and so rdflib's rule, the
    check before) accept do not."""
    from kgtool.rdf.xsd_lexical import not_of_its_datatype

    xsd = "http://www.w3.org/2001/XMLSchema#"
    forms = {
        "integer": ["0", "-7", "+12", "007", "123456789012345678901234567890"],
        "nonNegativeInteger": ["0", "+5", "0012", "-0"],
        "byte": ["-128", "127", "+0"],
        "unsignedLong": ["18446744073709551615"],
        "decimal": ["1", "1.", ".5", "-0.40", "+3.14159", "00.0"],
        "float": ["1e400", "-1.5E-3", ".5e1", "3", "1.", "INF", "-INF", "+INF", "NaN"],
        "double": ["1.0E0", "-0", "+2.5e+10"],
        "boolean": ["true", "false", "1", "0"],
        "date": [
            "2020-02-29",
            "2000-02-29",
            "0000-02-29",
            "-0001-01-01",
            "12020-01-01",
            "2020-12-31Z",
            "2020-01-05+14:00",
            "1" + "0" * 4999 + "-02-29",  # a year of 5,000 digits: int() stops at 4,300 (it crashed)
            "-1" + "0" * 4999 + "-02-29",
        ],
        "dateTime": ["2020-01-01T24:00:00", "2020-01-05T10:00:59.125-05:30", "2020-04-30T00:00:00Z"],
        "dateTimeStamp": ["2016-01-01T00:00:00Z"],
        "gYear": ["2020", "0000", "-0044", "2020Z", "12020"],
        "time": ["00:00:00", "24:00:00", "23:59:59.999Z", "10:00:00-14:00"],
        "duration": ["P1Y", "PT0S", "-P1Y2M3DT4H5M6.5S", "PT.5S", "PT1.S", "P0D", "PT36H"],
        "dayTimeDuration": ["P1D", "PT1H", "-P1DT2H3M4.5S"],
        "yearMonthDuration": ["P1Y", "P14M", "-P1Y2M"],
        "gYearMonth": ["2020-01", "-0001-12Z"],
        "gMonth": ["--01", "--12+01:00"],
        "gDay": ["---01", "---31Z"],
        "gMonthDay": ["--01-31", "--02-29", "--12-31Z"],
        "hexBinary": ["", "00", "0fA1"],
        "base64Binary": ["", "AQID", "AQ==", "AQI=", "AQ I D", "AQ= ="],
    }
    for name, lexical in forms.items():
        for value in lexical:
            literal = ox.Literal(value, datatype=ox.NamedNode(xsd + name))
            assert not not_of_its_datatype(literal.value, literal.datatype.value), literal
    refused = {
        "integer": ["abc", "1.5", "1e5", "1 000", "١٢", "1_000", "\u00a01", "0x10", "+-1", "", " 5", "5\n", "\t-5 "],
        "nonNegativeInteger": ["-1", "٣", " -1"],
        "byte": ["128"],
        "decimal": ["1e5", "1_0.5", "١.٥", "NaN", ".", "1,5"],
        "float": ["inf", "nan", "Infinity", "1_0", "1e", "١"],
        "double": ["INFINITY", "-NaN", "+inf"],
        "boolean": ["TRUE", "True", "yes", " true "],
        "date": [
            "1" * 5000 + "-02-29",
            "2020-13-45",
            "2021-02-29",
            "1900-02-29",
            "2020-04-31",
            "2020-1-5",
            "02020-01-01",
            "2020-01-05+15:00",
        ],
        "dateTime": [
            "2020-01-05T10:00",
            "2020-01-05 10:00:00",
            "2020-01-05T25:00:00",
            "2020-01-05T24:00:01",
            "2020-02-30T00:00:00",
        ],
        "dateTimeStamp": ["2016-01-01T00:00:00"],
        "gYear": ["20", "+2020", "２０２０", "2020-01", " 2020"],
        "time": ["10:00", "25:00:00", "24:00:01", "10:60:00", " 10:00:00", "10:00:00+15:00"],
        "duration": ["P", "PT", "P1DT", "P1.5Y", "1Y", "P1H", "P-1Y", "PT1,5S", " P1Y"],
        "dayTimeDuration": ["P1Y", "P1M", "P1DT"],
        "yearMonthDuration": ["P1D", "PT1H", "P"],
        "gYearMonth": ["2020-1", "2020-13", "2020"],
        "gMonth": ["--13", "--1", "--01--", "01"],
        "gDay": ["---32", "---00", "--01"],
        "gMonthDay": ["--02-30", "--04-31", "--13-01", "02-01"],
        "hexBinary": ["abc", "0g", "0f a1", " 0f"],
        "base64Binary": ["A", "AQ", "AR==", "AQI", "AQID ", "A===", "AQ=D"],
    }
    for name, lexical in refused.items():
        for value in lexical:
            literal = ox.Literal(value, datatype=ox.NamedNode(xsd + name))
            assert not_of_its_datatype(literal.value, literal.datatype.value), literal


# forms that the check before (rdflib's rule, for numbers and booleans only) let through, each with
# a valid neighbour: the first is refused, naming file, line and statement; the second is sent
NEWLY_REFUSED = {
    "arabic-indic-integer": ('"١٢"^^xsd:integer', '"12"^^xsd:integer'),
    "underscore-integer": ('"1_000"^^xsd:integer', '"1000"^^xsd:integer'),
    "arabic-indic-nonNegativeInteger": ('"٣"^^xsd:nonNegativeInteger', '"3"^^xsd:nonNegativeInteger'),
    "no-break-space-integer": ('"\u00a012"^^xsd:integer', '"12"^^xsd:integer'),
    "spaced-integer": ('" 12 "^^xsd:integer', '"12"^^xsd:integer'),  # Virtuoso 12, Oxigraph no number
    "spaced-boolean": ('"true "^^xsd:boolean', '"true"^^xsd:boolean'),
    "hour-25-time": ('"25:00:00"^^xsd:time', '"24:00:00"^^xsd:time'),
    "no-seconds-time": ('"10:00"^^xsd:time', '"10:00:00"^^xsd:time'),
    "empty-time-part-duration": ('"P1DT"^^xsd:duration', '"P1D"^^xsd:duration'),  # Oxigraph: P1D
    "years-dayTimeDuration": ('"P1Y"^^xsd:dayTimeDuration', '"P365D"^^xsd:dayTimeDuration'),
    "days-yearMonthDuration": ('"P1D"^^xsd:yearMonthDuration', '"P1M"^^xsd:yearMonthDuration'),
    "month-13-gYearMonth": ('"2020-13"^^xsd:gYearMonth', '"2020-12"^^xsd:gYearMonth'),
    "month-13-gMonth": ('"--13"^^xsd:gMonth', '"--12"^^xsd:gMonth'),
    "day-32-gDay": ('"---32"^^xsd:gDay', '"---31"^^xsd:gDay'),
    "april-31-gMonthDay": ('"--04-31"^^xsd:gMonthDay', '"--04-30"^^xsd:gMonthDay'),
    "odd-hexBinary": ('"abc"^^xsd:hexBinary', '"0abc"^^xsd:hexBinary'),
    "short-base64Binary": ('"AQI"^^xsd:base64Binary', '"AQI="^^xsd:base64Binary'),
    "exponent-decimal": ('"1e5"^^xsd:decimal', '"100000"^^xsd:decimal'),
    "underscore-decimal": ('"1_0.5"^^xsd:decimal', '"10.5"^^xsd:decimal'),
    "inf-double": ('"inf"^^xsd:double', '"INF"^^xsd:double'),
    "infinity-double": ('"Infinity"^^xsd:double', '"+INF"^^xsd:double'),
    "nan-float": ('"nan"^^xsd:float', '"NaN"^^xsd:float'),
    "month-13-date": ('"2020-13-45"^^xsd:date', '"2020-12-31"^^xsd:date'),
    "february-29-date": ('"2021-02-29"^^xsd:date', '"2020-02-29"^^xsd:date'),
    "one-digit-month-date": ('"2020-1-5"^^xsd:date', '"2020-01-05"^^xsd:date'),
    "zone-past-14h-date": ('"2020-01-05+15:00"^^xsd:date', '"2020-01-05+14:00"^^xsd:date'),
    "no-seconds-dateTime": ('"2020-01-05T10:00"^^xsd:dateTime', '"2020-01-05T10:00:00"^^xsd:dateTime'),
    "space-dateTime": ('"2020-01-05 10:00:00"^^xsd:dateTime', '"2020-01-05T10:00:00"^^xsd:dateTime'),
    "hour-25-dateTime": ('"2020-01-05T25:00:00"^^xsd:dateTime', '"2020-01-05T24:00:00"^^xsd:dateTime'),
    "two-digit-gYear": ('"20"^^xsd:gYear', '"0020"^^xsd:gYear'),
    "plus-gYear": ('"+2020"^^xsd:gYear', '"2020"^^xsd:gYear'),
}


@pytest.mark.parametrize("case", sorted(NEWLY_REFUSED))
def test_a_form_outside_xsds_lexical_rules_is_refused_and_its_neighbour_sent(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """XSD's ASCII lexical forms, not Python's readers: each form is refused with the file, line
    and statement, before the store is asked anything; the valid neighbour goes on to the endpoint
    (one that does not answer)."""
    bad, good = NEWLY_REFUSED[case]
    path = typed_file(tmp_path / "bad.ttl", bad)
    assert load_unanswered(path, tmp_path) == 2
    err = capsys.readouterr().err
    assert f"ERROR [load#ill-typed-literal] {path}:4: <{EX}odd> <{EX}n> " in err and "Traceback" not in err, err
    path = typed_file(tmp_path / "good.ttl", good)
    assert load_unanswered(path, tmp_path) == 2
    err = capsys.readouterr().err
    assert "ERROR [endpoint#unreachable]" in err and "ill-typed" not in err, err


def test_an_oxigraph_server_makes_inf_a_valid_double(server: Oxigraph, tmp_path: Path) -> None:
    """Why "inf"^^xsd:double is refused: sent to a real Oxigraph server as a plain Graph Store
    Protocol PUT (not by kgtool), it comes back as the valid "INF", another literal than the file's;
    "2020-13-45"^^xsd:date comes back as written, an ill-typed literal in the store."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    graph = EX + "probe-inf"
    body = (f'<{EX}a> <{EX}n> "inf"^^<{xsd}double> .\n<{EX}a> <{EX}d> "2020-13-45"^^<{xsd}date> .\n').encode()
    put = urllib.request.Request(
        server.base + "/store?" + urllib.parse.urlencode({"graph": graph}),
        data=body,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with urllib.request.urlopen(put) as response:
        response.read()
    held = {str(q.object) for q in ox.parse(_dump(server), format=ox.RdfFormat.N_QUADS) if q.graph_name.value == graph}
    assert held == {f'"INF"^^<{xsd}double>', f'"2020-13-45"^^<{xsd}date>'}
