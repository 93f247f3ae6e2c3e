"""`kgtool load` and the query commands against a real Virtuoso 7.2 (Debian's
virtuoso-opensource-7), started by these tests on 127.0.0.1 with its own virtuoso.ini and a
small ResultSetMaxRows, and given only the grant docs/scale-out.md documents.

Virtuoso differs from Oxigraph in every way a load depends on (kgtool/loader/stores.py): updates
go to /sparql, blank nodes are refused in INSERT DATA, large requests are refused, the default
graph is the union of all graphs, DROP GRAPH fails for graphs made by INSERT, and answers are
cut at ResultSetMaxRows with status 200. One server serves the whole module.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import VirtuosoServer

from kgtool.assets import ontology_files
from kgtool.cli import main
from kgtool.errors import EndpointError
from kgtool.rdf.project import project_files
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
from kgtool.sparql.named import all_queries

pytestmark = pytest.mark.slow

EX = "http://example.org/"
KG = "https://example.org/kg"
MAX_ROWS = 6000  # the server's ResultSetMaxRows: above every answer of the project's data (4,415
# statements for export, with the long texts below 5,640), below the 8,969 statements it holds


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(max_rows=MAX_ROWS).start()
    try:
        state = tmp_path_factory.mktemp("virtuoso") / "journal.json"
        assert main(["load", "--endpoint", server.query, "--graph", KG, "--state", str(state), "-q"]) == 0
        yield server
    finally:
        server.close()


def select(server: VirtuosoServer, query: str) -> list[dict[str, dict[str, str]]]:
    request = urllib.request.Request(
        server.query,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        return list(json.loads(response.read())["results"]["bindings"])


def update(server: VirtuosoServer, text: str) -> None:
    request = urllib.request.Request(
        server.query, data=text.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    with urllib.request.urlopen(request) as response:
        response.read()


@pytest.fixture
def scratch(virtuoso: VirtuosoServer) -> Iterator[list[str]]:
    """Graphs a test loads besides the project's; dropped afterwards, because Virtuoso's default
    graph, the union of all graphs, repeats a statement once per graph that holds it (the
    ontology, loaded again, would double rows of the queries the last test compares)."""
    graphs: list[str] = []
    yield graphs
    for graph in graphs:
        update(virtuoso, f"DROP SILENT GRAPH <{graph}>")
    assert graph_counts(virtuoso, EX) == {}, "the scratch graphs are gone"


def graph_counts(server: VirtuosoServer, prefix: str) -> dict[str, int]:
    rows = select(
        server,
        f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }} '
        "GROUP BY ?g",
    )
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def expected_count(*files: Path) -> int:
    """How many statements the ontology and ``files`` make in one graph (a set: duplicates once)."""
    store = ox.Store()
    for path in [*ontology_files(), *files]:
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(KG))
            for q in ox.parse(path=str(path), rename_blank_nodes=True)
        )
    return len(store)


def write_data(path: Path, n: int) -> Path:
    """N-Triples with a small blank-node structure at every tenth subject."""
    lines = []
    for i in range(n):
        lines.append(f'<{EX}s{i}> <{EX}value> "value {i}" .')
        if i % 10 == 0:
            lines += [f"<{EX}s{i}> <{EX}detail> _:d{i} .", f'_:d{i} <{EX}note> "note {i}" .']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_project_loads_from_a_fresh_install(virtuoso: VirtuosoServer) -> None:
    ontology = set(ontology_files())
    data = [p for p in project_files() if p not in ontology]
    assert graph_counts(virtuoso, KG) == {KG: expected_count(*data)}
    assert graph_counts(virtuoso, "urn:kgtool:") == {}, "no staging graph or marker is left"


def test_without_graph_nothing_is_sent(
    virtuoso: VirtuosoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(tmp_path / "d.nt", 20)
    assert main(["load", str(data), "--endpoint", virtuoso.query, "--state", str(tmp_path / "j")]) == 2
    err = capsys.readouterr().err
    assert "ERROR [endpoint#graph-required]" in err and "--graph" in err and "Traceback" not in err
    assert graph_counts(virtuoso, "urn:kgtool:") == {}
    assert not select(virtuoso, f'ASK {{ <{EX}s1> ?p "value 1" }}'.replace("ASK", "SELECT * WHERE", 1))


def test_blank_nodes_and_a_batch_too_large_for_virtuoso(
    virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(tmp_path / "big.nt", 6000)
    graph = EX + "big"
    scratch.append(graph)
    args = [str(data), "--endpoint", virtuoso.query, "--graph", graph, "--state", str(tmp_path / "j")]
    code = main(["load", *args, "--sparql-update"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "refused a batch of" in err and "as too large" in err
    store = ox.Store()
    store.extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph))
        for path in [*ontology_files(), data]
        for q in ox.parse(path=str(path), rename_blank_nodes=True)
    )
    assert graph_counts(virtuoso, graph) == {graph: len(store)}
    blank = select(virtuoso, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s <{EX}detail> ?d . ?d ?p ?o }} }}")
    assert int(blank[0]["n"]["value"]) == 600, "each blank node keeps its one statement"
    # by default the data goes through Virtuoso's Graph Store Protocol service: no SPARQL
    # compiler limits a batch there, and the same statements arrive
    assert main(["load", *args]) == 0
    err = capsys.readouterr().err
    assert "sparql-graph-crud (graph-store" in err and "too large" not in err
    assert graph_counts(virtuoso, graph) == {graph: len(store)}


@pytest.mark.parametrize("method", [["--sparql-update"], []], ids=["sparql-update", "graph-store"])
def test_a_killed_load_resumes_without_loss(
    method: list[str], virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(tmp_path / "d.nt", 3000)
    graph = EX + "resumed"
    scratch.append(graph)
    journal = tmp_path / "journal.json"
    args = [str(data), "--endpoint", virtuoso.query, "--graph", graph, "--batch-size", "100", "--state", str(journal)]
    args += method
    proc = subprocess.Popen([sys.executable, "-m", "kgtool", "load", *args, "-q"], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if json.loads(journal.read_text())["batches"] >= 5:
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.01)
        assert proc.poll() is None, "the load ended before it could be killed: " + proc.communicate()[1].decode()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
    assert graph_counts(virtuoso, graph) == {}, "the target is untouched until the switch"
    staged = sum(graph_counts(virtuoso, "urn:kgtool:staging:").values())
    assert staged > 0
    assert main(["load", *args, "--resume"]) == 0
    err = capsys.readouterr().err
    assert "resumed after batch" in err and ("sparql-update" if method else "graph-store") in err
    assert graph_counts(virtuoso, graph) == {graph: expected_count(data)}
    assert graph_counts(virtuoso, "urn:kgtool:") == {}


def test_a_cut_answer_is_an_error(virtuoso: VirtuosoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "everything.rq"
    query.write_text(
        "# Question: every statement (more rows than the server's ResultSetMaxRows).\n"
        "# Columns: s, p, o.\nSELECT ?s ?p ?o WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    assert main(["query", str(query), "--format", "csv", "--endpoint", virtuoso.query]) == 2
    captured = capsys.readouterr()
    assert "ERROR [endpoint#truncated]" in captured.err and f"{MAX_ROWS:,} rows" in captured.err
    assert "ResultSetMaxRows" in captured.err and "Traceback" not in captured.err
    assert captured.out == "", "no partial table is printed"


COMMANDS = {
    "indices": ["indices"],
    "gaps": ["gaps"],
    "basis-article": ["basis", "--article", "52"],
    "basis-process": ["basis", "--process", "information-access"],
    "basis-article-in-range": ["basis", "--article", "86", "--lang", "ky"],
    "basis-provision": ["basis", "--act", "osce-copenhagen-document", "--provision", "7.5"],
    "basis-act": ["basis", "--act", "jk-rules-law"],
    "basis-ranking": ["basis", "--ranking"],
    "basis-ranking-articles": ["basis", "--ranking", "articles"],
    "basis-observers": ["basis", "--observers"],
    "basis-cross-references": ["basis", "--process", "jk-deputy-recall"],
    "basis-article-104": ["basis", "--article", "104"],
    "search": ["search", "бюджет", "--limit", "0"],
    "search-en": ["search", "budget", "--lang", "en", "--type", "process"],
    **{
        f"query-{q.role}/{q.name}": ["query", f"{q.role}/{q.name}"]
        for q in all_queries()
        if q.role not in ("load", "workbook", "diff")
    },
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_commands_give_the_same_output_as_the_embedded_store(
    name: str, virtuoso: VirtuosoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    command = [*COMMANDS[name], "--format", "csv"]
    assert main(command) == 0
    embedded = capsys.readouterr().out
    code = main([*command, "--endpoint", virtuoso.query])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out == embedded


def test_a_store_that_requires_a_login(
    virtuoso: VirtuosoServer,
    scratch: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Virtuoso's /sparql-auth asks for HTTP Digest; the password comes from the environment or netrc."""
    data = write_data(tmp_path / "d.nt", 50)
    graph = EX + "with-login"
    scratch.append(graph)
    endpoint = virtuoso.query + "-auth"
    args = ["load", str(data), "--endpoint", endpoint, "--graph", graph, "--state", str(tmp_path / "j")]
    monkeypatch.delenv("KGTOOL_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))

    assert main(args) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "--user" in err and "nothing was loaded" in err

    assert main([*args, "--user", "dba"]) == 2
    err = capsys.readouterr().err
    assert "ERROR [endpoint#bad-credentials]" in err and "KGTOOL_PASSWORD" in err

    monkeypatch.setenv("KGTOOL_PASSWORD", "not-the-password")
    assert main([*args, "--user", "dba"]) == 2
    assert "HTTP 401" in capsys.readouterr().err
    assert graph_counts(virtuoso, graph) == {}

    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.delenv("KGTOOL_PASSWORD")
    monkeypatch.setenv("NETRC", str(netrc))
    assert main(args) == 0, capsys.readouterr().err
    assert graph_counts(virtuoso, graph) == {graph: expected_count(data)}

    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("KGTOOL_PASSWORD", "dba")
    assert main([*args, "--user", "dba"]) == 0, capsys.readouterr().err
    assert graph_counts(virtuoso, graph) == {graph: expected_count(data)}

    assert main([*args, "--user", "dba", "--gsp"]) == 0  # through /sparql-graph-crud-auth
    assert "sparql-graph-crud-auth (graph-store" in capsys.readouterr().err
    assert graph_counts(virtuoso, graph) == {graph: expected_count(data)}


@pytest.mark.parametrize("method", ["sparql-update", "graph-store"])
def test_a_switch_applied_in_part_then_again_loses_nothing(
    method: str, virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path
) -> None:
    """Virtuoso applies the steps of an update request one by one and keeps those done when a
    later one fails. Every prefix of the switch, followed by the whole switch again (what
    --resume sends), must leave the targets exactly as one whole switch does."""
    from kgtool.loader.remote_load import Journal, _Client, _Loader, _sources

    trig = tmp_path / "graphs.trig"
    trig.write_text(
        "".join(
            f'<{EX}g{g}> {{ <{EX}s{i}> <{EX}p> "{g} {i}" . <{EX}s{i}> <{EX}q> [ <{EX}r> {i} ] . }}\n'
            for g in range(2)
            for i in range(30)
        ),
        encoding="utf-8",
    )
    targets = [f"{EX}g0", f"{EX}g1", f"{EX}base"]
    scratch.extend(targets)
    sources = _sources([trig], None, include_ontology=False)

    def staged(run: str) -> _Loader:
        client = _Client(virtuoso.query, None, 60)
        if method == "graph-store":
            client.gsp_url = client.store.gsp_url
        journal = Journal(tmp_path / run, run, client.update_url, virtuoso.query, "x", [], None, 20)
        loader = _Loader(client, journal, targets[2], None, lambda _: None)
        loader.stage(sources, 0)
        return loader

    staged("whole").switch()
    expected = graph_counts(virtuoso, EX)
    assert set(expected) == {f"{EX}g0", f"{EX}g1"}, expected
    k = 1
    while True:
        loader = staged(f"part{k}")
        steps = loader._switch_body(loader.client.stage_targets(loader.marker)).split(";\n")
        if k >= len(steps):
            loader.client.drop_runs([loader.journal.run])
            break
        loader.client.update(";\n".join(steps[:k]).encode())
        loader.switch()
        assert graph_counts(virtuoso, EX) == expected, f"after {k} of {len(steps)} steps and the switch again"
        assert graph_counts(virtuoso, "urn:kgtool:") == {}
        k += 2
    assert k > 5, "the switch has steps to cut"
    assert graph_counts(virtuoso, "urn:kgtool:") == {}


def test_a_long_switch_goes_in_several_requests(
    virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Virtuoso refuses one request of some 1,500 switch steps ("Query too large", the 1M
    corpus); the steps go in requests of SWITCH_STEPS (here 3), and the targets hold everything."""
    from kgtool.loader import remote_load

    trig = tmp_path / "many.trig"
    trig.write_text(
        "".join(f'<{EX}m{g}> {{ <{EX}s{i}> <{EX}p> "{g} {i}" . }}\n' for g in range(6) for i in range(20)),
        encoding="utf-8",
    )
    scratch.extend([*(f"{EX}m{g}" for g in range(6)), EX + "m-base"])  # m-base: the ontology
    sent: list[bytes] = []
    update = remote_load._Client.update

    def recording(self: remote_load._Client, body: bytes) -> None:
        sent.append(body)
        update(self, body)

    monkeypatch.setattr(remote_load, "SWITCH_STEPS", 3)
    monkeypatch.setattr(remote_load._Client, "update", recording)
    args = [str(trig), "--endpoint", virtuoso.query, "--graph", EX + "m-base", "--batch-size", "50"]
    assert main(["load", *args, "--sparql-update", "--state", str(tmp_path / "j.json"), "-q"]) == 0
    switch = [b for b in sent if b"DROP SILENT GRAPH" in b or b"DELETE WHERE" in b]
    assert len(switch) > 3 and all(b.count(b";\n") <= 2 for b in switch)
    counts = graph_counts(virtuoso, EX + "m")
    assert {g: n for g, n in counts.items() if g != EX + "m-base"} == {f"{EX}m{g}": 20 for g in range(6)}
    assert graph_counts(virtuoso, "urn:kgtool:") == {}


@pytest.mark.parametrize(
    "command", [["indices"], ["gaps"], ["basis", "--article", "52"], ["query", "pair-index"]], ids=" ".join
)
def test_query_commands_log_in_to_a_store_that_requires_it(
    command: list[str],
    virtuoso: VirtuosoServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The verbs that read a store take --user as `kgtool load` does (the password from
    KGTOOL_PASSWORD or netrc), and answer through Virtuoso's Digest-protected /sparql-auth
    exactly what the embedded store answers."""
    args = [*command, "--format", "csv"]
    assert main(args) == 0
    embedded = capsys.readouterr().out
    endpoint = virtuoso.query + "-auth"
    monkeypatch.delenv("KGTOOL_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))

    assert main([*args, "--endpoint", endpoint]) == 2
    captured = capsys.readouterr()
    assert "401" in captured.err and "--user" in captured.err and "KGTOOL_PASSWORD" in captured.err
    assert captured.out == "" and "Traceback" not in captured.err

    monkeypatch.setenv("KGTOOL_PASSWORD", "not-the-password")
    assert main([*args, "--endpoint", endpoint, "--user", "dba"]) == 2
    assert "HTTP 401" in capsys.readouterr().err

    monkeypatch.setenv("KGTOOL_PASSWORD", "dba")
    assert main([*args, "--endpoint", endpoint, "--user", "dba"]) == 0
    assert capsys.readouterr().out == embedded

    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.delenv("KGTOOL_PASSWORD")
    monkeypatch.setenv("NETRC", str(netrc))
    assert main([*args, "--endpoint", endpoint]) == 0
    assert capsys.readouterr().out == embedded


def test_serve_forwards_to_a_store_that_requires_a_login(
    virtuoso: VirtuosoServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    published_site: Callable[[str], Path],
) -> None:
    """`kgtool serve --endpoint … --user` logs in to the store; its visitors need no password.
    It serves the run's shared published site (--site) rather than publishing one of its own:
    the forwarding is the same, and a publish costs 15 CPU seconds."""
    from servers import kgtool_serve_logged

    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("KGTOOL_PASSWORD", "dba")
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{KG}> {{ ?s ?p ?o }} }}"})
    site = str(published_site("en"))
    with kgtool_serve_logged("--site", site, "--endpoint", virtuoso.query + "-auth", "--user", "dba") as (base, log):
        request = urllib.request.Request(
            base + "sparql?" + query, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            rows = json.loads(response.read())["results"]["bindings"]
        assert int(rows[0]["n"]["value"]) > 0, log()


def test_a_literal_not_of_its_datatype_is_refused_and_another_spelling_noted(
    virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Virtuoso stores "abc"^^xsd:integer, sent as a document, as 0 (shown here with a plain Graph
    Store Protocol PUT), and refuses it in a SPARQL Update request: `kgtool load` refuses the file
    before sending anything, by either method. "0.40"^^xsd:decimal is loaded, held as 0.4, with
    a note saying the store will hold it in canonical form."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    odd = f'<{EX}odd> <{EX}n> "abc"^^<{xsd}integer> .\n'
    probe = EX + "probe"
    scratch += [probe, EX + "refused", EX + "spelled"]
    url = virtuoso.base + "/sparql-graph-crud?" + urllib.parse.urlencode({"graph": probe})
    put = urllib.request.Request(url, data=odd.encode(), method="PUT", headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(put) as response:
        response.read()
    (row,) = select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{probe}> {{ ?s ?p ?o }} }}")
    assert row["o"]["value"] == "0", "Virtuoso changed the value: the reason the load refuses it"
    # forms outside XSD's ASCII lexical rules (the first two read by Python's int()): changed too
    digits = EX + "probe-digits"
    scratch.append(digits)
    forms = {"a": ("١٢", "integer"), "b": ("1_000", "integer"), "c": ("20", "gYear"), "d": ("1e5", "integer")}
    body = "".join(f'<{EX}{s}> <{EX}n> "{v}"^^<{xsd}{d}> .\n' for s, (v, d) in forms.items())
    url = virtuoso.base + "/sparql-graph-crud?" + urllib.parse.urlencode({"graph": digits})
    put = urllib.request.Request(url, data=body.encode(), method="PUT", headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(put) as response:
        response.read()
    held = {
        r["s"]["value"]: r["o"]["value"]
        for r in select(virtuoso, f"SELECT ?s ?o {{ GRAPH <{digits}> {{ ?s ?p ?o }} }}")
    }
    assert held == {EX + "a": "0", EX + "b": "1", EX + "c": "0020", EX + "d": "1"}, held
    for value, datatype in forms.values():
        path = tmp_path / "digits.nt"
        path.write_text(f'<{EX}x> <{EX}n> "{value}"^^<{xsd}{datatype}> .\n', encoding="utf-8")
        args = ["load", str(path), "--endpoint", virtuoso.query, "--graph", EX + "refused"]
        assert main([*args, "--state", str(tmp_path / "j")]) == 2
        assert f"ERROR [load#ill-typed-literal] {path}:1: " in capsys.readouterr().err

    bad = tmp_path / "bad.nt"
    bad.write_text(f'<{EX}fine> <{EX}n> "7"^^<{xsd}integer> .\n' + odd, encoding="utf-8")
    for method in (["--sparql-update"], ["--gsp"]):
        args = ["load", str(bad), "--endpoint", virtuoso.query, "--graph", EX + "refused", *method]
        assert main([*args, "--state", str(tmp_path / "j")]) == 2
        err = capsys.readouterr().err
        assert f"ERROR [load#ill-typed-literal] {bad}:2: <{EX}odd> <{EX}n> " in err and "Traceback" not in err, err
        assert EX + "refused" not in graph_counts(virtuoso, EX) and graph_counts(virtuoso, "urn:kgtool:") == {}

    spelled = tmp_path / "spelled.nt"
    spelled.write_text(f'<{EX}a> <{EX}share> "0.40"^^<{xsd}decimal> .\n', encoding="utf-8")
    args = [
        "load",
        str(spelled),
        "--endpoint",
        virtuoso.query,
        "--graph",
        EX + "spelled",
        "--state",
        str(tmp_path / "j"),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: 1 statement has a literal that the store will hold") and '->  "0.4"^^' in err, err
    (row,) = select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{EX}spelled> {{ <{EX}a> ?p ?o }} }}")
    assert row["o"]["value"] == "0.4"


def test_a_literal_with_white_space_or_of_a_newly_judged_datatype_is_refused_where_virtuoso_changes_it(
    virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Session 11: white space counts, and times, date parts, durations and binary values are
    judged. Virtuoso changes these (shown with a plain Graph Store Protocol PUT): it stores
    " 12 "^^xsd:integer as 12 (Oxigraph keeps it as no number), "2020-01-05 "^^xsd:date without its
    space, "10:00"^^xsd:time and " 10:00:00" as "10:00:00", and "P1Y"^^xsd:dayTimeDuration (a year
    is no day-time duration) as 12. `kgtool load` refuses each before sending anything, with the
    spelling that would be right where there is one."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    forms = {
        "a": (" 12 ", "integer", "12"),
        "b": ("2020-01-05 ", "date", "2020-01-05"),
        "c": ("10:00", "time", "10:00:00"),
        "d": (" 10:00:00", "time", "10:00:00"),
        "e": ("P1Y", "dayTimeDuration", "12"),
    }
    probe = EX + "probe-spaces"
    scratch.append(probe)
    body = "".join(f'<{EX}{s}> <{EX}n> "{v}"^^<{xsd}{d}> .\n' for s, (v, d, _) in forms.items())
    url = virtuoso.base + "/sparql-graph-crud?" + urllib.parse.urlencode({"graph": probe})
    put = urllib.request.Request(url, data=body.encode(), method="PUT", headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(put) as response:
        response.read()
    held = {
        r["s"]["value"]: r["o"]["value"] for r in select(virtuoso, f"SELECT ?s ?o {{ GRAPH <{probe}> {{ ?s ?p ?o }} }}")
    }
    assert held == {EX + s: stored for s, (_, _, stored) in forms.items()}, held
    for value, datatype, _ in forms.values():
        path = tmp_path / "odd.ttl"
        path.write_text(f'<{EX}x> <{EX}n> "{value}"^^<{xsd}{datatype}> .\n', encoding="utf-8")
        args = ["load", str(path), "--endpoint", virtuoso.query, "--graph", EX + "refused"]
        assert main([*args, "--state", str(tmp_path / "j")]) == 2
        err = capsys.readouterr().err
        assert f"ERROR [load#ill-typed-literal] {path}:1: " in err and "Traceback" not in err, err
        assert EX + "refused" not in graph_counts(virtuoso, EX)
        if value.strip() != value:
            assert f'hint: write it "{value.strip()}"^^<{xsd}{datatype}>' in err, err


KGO = "https://w3id.org/kgtool/ontology#"
# the properties that hold free text, which a user's data may make as long as it likes
LONG_TEXT_PROPERTIES = {
    *(KGO + name for name in ("citationNote", "text", "justification", "editorialNote", "initiativesText")),
    *(KGO + name for name in ("supportText", "verdictText", "statedWording")),
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
}


def longer_texts() -> list[ox.Triple]:
    """A second value of every free text of the project's files, the text followed by 1,000
    Cyrillic letters (2,000 bytes more): past Virtuoso's 1,900-byte sort key and, for the
    longest, its row of about 4,000 bytes."""
    extra = []
    for path in project_files():
        for quad in ox.parse(path=str(path)):
            text = quad.object
            if quad.predicate.value in LONG_TEXT_PROPERTIES and isinstance(text, ox.Literal):
                value = text.value + " " + "ж" * 1000
                longer = ox.Literal(value, language=text.language) if text.language else ox.Literal(value)
                extra.append(ox.Triple(quad.subject, quad.predicate, longer))
    return extra


def insert(server: VirtuosoServer, graph: str, triples: list[ox.Triple]) -> None:
    """INSERT DATA, 50 statements a request (`kgtool load` would add the ontology again)."""
    for start in range(0, len(triples), 50):
        body = ox.serialize(triples[start : start + 50], format=ox.RdfFormat.N_TRIPLES).decode()
        update(server, f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}")


def test_every_named_query_same_rows_as_the_embedded_store_with_long_texts(
    virtuoso: VirtuosoServer, scratch: list[str], tmp_path: Path
) -> None:
    """Every named query, with its defaults and in Russian where it takes ?lang, gives Virtuoso's
    rows as the embedded store's, in order, over the project's data with its free texts made
    longer. Virtuoso refuses to sort by a key over 1,900 bytes (ORDER BY STR(?o) of a long text:
    `kgtool export --endpoint` failed on the project's own data) and to sort rows holding a
    string it made of over about 4,000 bytes; and it does not see, in an OPTIONAL's FILTER, a
    variable bound outside it (workbook/vocabulary gave no label)."""
    extra = longer_texts()
    assert len(extra) > 1000
    graph = EX + "long-texts"
    scratch.append(graph)
    insert(virtuoso, graph, extra)
    data = tmp_path / "long-texts.nt"
    data.write_bytes(ox.serialize(extra, format=ox.RdfFormat.N_TRIPLES))
    embedded = EmbeddedBackend(KnowledgeGraph.from_files([*project_files(), data]))
    remote = RemoteBackend(virtuoso.query)
    differ, compared = [], 0
    for query in all_queries():
        for values in [{}, {"lang": "ru"}] if "lang" in query.parameters else [{}]:
            text = query.bind(values)
            expected = embedded.select(text).rows
            compared += bool(expected)
            try:
                got = remote.select(text).rows
            except EndpointError as refused:
                differ.append(f"{query.role}/{query.name} {values}: {refused}")
                continue
            if got != expected:
                differ.append(f"{query.role}/{query.name} {values}: {len(got)} rows against {len(expected)}")
    assert differ == []
    assert compared > 60, "the queries answer something (an empty answer everywhere agrees trivially)"


def test_export_gives_the_embedded_store_s_files(
    virtuoso: VirtuosoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool export --endpoint` on Virtuoso writes the files the embedded store gives (it was
    refused with HTTP 500: a citation's note of 2,163 bytes in the sort key)."""
    assert main(["export", "--all", "--form", "csv", "-o", str(tmp_path / "embedded")]) == 0
    args = ["export", "--all", "--form", "csv", "-o", str(tmp_path / "virtuoso")]
    assert main([*args, "--endpoint", virtuoso.query]) == 0, capsys.readouterr().err

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    written = files(tmp_path / "embedded")
    assert len(written) > 5 and files(tmp_path / "virtuoso") == written
