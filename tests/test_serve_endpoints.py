"""``kgtool serve --endpoint`` in front of real stores on 127.0.0.1: Virtuoso 7.2 (Debian's
virtuoso-opensource-7, with the grant docs/scale-out.md documents) and the Oxigraph server, and
the embedded store beside them. Virtuoso runs a query's bif: functions as code (bif:http_get
fetched a URL and answered its body, bif:exec ran an update) and its DEFINE pragmas fetch URLs;
a recording listener shows what left the machine, a graph count what was written."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import SECRET, VirtuosoServer, oxigraph_server, recording_listener

from kgtool.serve.query_service import ProxyService, QueryService, WorkerPool
from kgtool.serve.server import LinkedDataServer, ServeOptions

pytestmark = pytest.mark.slow

JSON = "application/sparql-results+json"
EVIL = "urn:evil:g2"
MAX_ROWS = 50  # Virtuoso's ResultSetMaxRows here: a fresh database holds more statements than that


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(max_rows=MAX_ROWS).start()
    try:
        yield server
    finally:
        server.close()


@contextmanager
def serving(service: QueryService, folder: Path) -> Iterator[str]:
    """``kgtool serve``'s server over ``service`` (as ``--endpoint`` makes it), on a free port."""
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_bytes(b"<!doctype html><title>index</title>")
    server = LinkedDataServer(folder, service, ServeOptions(port=0, quiet=True), b"<html></html>")
    server.start_in_thread()
    try:
        yield server.url
    finally:
        server.shutdown()


def post(url: str, query: str, accept: str = JSON) -> tuple[int, dict[str, str], bytes]:
    """A SPARQL protocol POST (form), and its status, headers and body."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def evil_statements(server: VirtuosoServer) -> int:
    status, _, body = post(server.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EVIL}> {{ ?s ?p ?o }} }}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def fetching(target: str) -> dict[str, str]:
    """Queries that make Virtuoso fetch ``target``: a function, written every way it reads one,
    and a pragma that makes it load a FROM graph from the web ("sponge")."""
    return {
        "prefixed-undeclared": f'SELECT (bif:http_get("{target}/1") AS ?x) WHERE {{}}',
        "iri": f'SELECT (<bif:http_get>("{target}/2") AS ?x) WHERE {{}}',
        "iri-upper-case": f'SELECT (<BIF:http_get>("{target}/3") AS ?x) WHERE {{}}',
        "declared-prefix": f'PREFIX b: <bif:> SELECT (b:http_get("{target}/4") AS ?x) WHERE {{}}',
        "in-filter": f'ASK {{ FILTER(STRLEN(bif:http_get("{target}/5")) > 0) }}',
        "in-bind": f'SELECT ?x WHERE {{ BIND(bif:http_get("{target}/6") AS ?x) }}',
        "in-order-by": f'SELECT * WHERE {{ ?s ?p ?o }} ORDER BY (bif:http_get("{target}/7")) LIMIT 1',
        "define-sponge": f'define get:soft "soft" SELECT * FROM <{target}/8> WHERE {{ ?s ?p ?o }}',
    }


WRITING = f"SELECT (bif:exec('SPARQL INSERT DATA {{ GRAPH <{EVIL}> {{ <urn:a> <urn:b> <urn:c> }} }}') AS ?x) WHERE {{}}"


def test_virtuosos_own_functions_are_not_forwarded(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    with recording_listener() as (target, received):
        # what Virtuoso does with them when asked directly: it fetches, and writes
        status, _, body = post(virtuoso.query, fetching(target)["prefixed-undeclared"])
        assert status == 200 and SECRET in body and len(received) == 1, body
        status, _, body = post(virtuoso.query, WRITING)
        assert status == 200 and evil_statements(virtuoso) == 1, body
        drop = urllib.request.Request(
            virtuoso.query,
            data=f"DROP SILENT GRAPH <{EVIL}>".encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        with urllib.request.urlopen(drop, timeout=30) as response:
            response.read()
        assert evil_statements(virtuoso) == 0
        received.clear()
        with serving(ProxyService(virtuoso.query), tmp_path) as base:
            answers = {name: post(base + "sparql", query) for name, query in fetching(target).items()}
            answers["writing"] = post(base + "sparql", WRITING)
            # a full-text predicate of Virtuoso's, and a cast, which every store reads as SPARQL 1.1's
            answers["magic-predicate"] = post(base + "sparql", 'SELECT * WHERE { ?s ?p ?o . ?o bif:contains "x" }')
            cast = post(base + "sparql", 'SELECT (xsd:integer("7") AS ?x) WHERE {}')
            time.sleep(0.5)  # a fetch would have arrived by now
    expected = dict.fromkeys(answers, 403) | {"define-sponge": 400}
    assert {name: status for name, (status, _, _) in answers.items()} == expected
    for name, (status, _, body) in answers.items():
        error_id = b"serve#bad-query" if status == 400 else b"serve#no-extension"
        assert body.startswith(b"ERROR [" + error_id + b"]") and SECRET not in body, (name, body)
    assert b"bif:http_get may run the store's own code" in answers["prefixed-undeclared"][2]
    assert not received, f"the listener was asked: {received[0][:200]!r}"
    assert evil_statements(virtuoso) == 0
    assert cast[0] == 200 and json.loads(cast[2])["results"]["bindings"][0]["x"]["value"] == "7", cast


def test_functions_of_other_stores_are_not_forwarded_to_oxigraph(tmp_path: Path) -> None:
    with (
        recording_listener() as (target, received),
        oxigraph_server() as oxigraph,
        serving(ProxyService(oxigraph + "/query"), tmp_path) as base,
    ):
        refused = post(base + "sparql", f'SELECT (<http://jena.apache.org/ARQ/function#x>("{target}") AS ?x) {{}}')
        custom_aggregate = post(base + "sparql", "SELECT (<urn:my:aggregate>(DISTINCT ?o) AS ?x) WHERE { ?s ?p ?o }")
        declared = post(
            base + "sparql", 'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT (xsd:decimal("2.5") AS ?x) {}'
        )
        standard = post(base + "sparql", 'SELECT (COUNT(*) AS ?n) (STRLEN("abc") AS ?l) WHERE { ?s ?p ?o }')
    assert refused[0] == 403 and refused[2].startswith(b"ERROR [serve#no-extension] <http://jena"), refused
    assert custom_aggregate[0] == 403 and b"<urn:my:aggregate>" in custom_aggregate[2], custom_aggregate
    assert declared[0] == 200 and json.loads(declared[2])["results"]["bindings"][0]["x"]["value"] == "2.5"
    assert standard[0] == 200 and json.loads(standard[2])["results"]["bindings"][0]["l"]["value"] == "3"
    assert not received


def test_the_embedded_store_has_no_such_functions_and_is_left_as_it_was(tmp_path: Path) -> None:
    """The embedded store knows no bif: function: undeclared, the prefix is a syntax error; as an
    IRI, an unknown function, which the store refuses to evaluate. Nothing is fetched, and the
    answers are the store's own, as before (its workers have no network either)."""
    data = tmp_path / "data.nt"
    data.write_text('<http://example.org/s> <http://example.org/p> "o" .\n', encoding="utf-8")
    pool = WorkerPool([str(data)], size=1)
    site = tmp_path / "site"
    site.mkdir()
    with recording_listener() as (target, received), serving(pool, site) as base:
        undeclared = post(base + "sparql", f'SELECT (bif:http_get("{target}") AS ?x) WHERE {{}}')
        iri = post(base + "sparql", f'SELECT (<bif:http_get>("{target}") AS ?x) WHERE {{}}')
        time.sleep(0.5)
    assert undeclared[0] == 400 and undeclared[2].startswith(b"ERROR [serve#bad-query]"), undeclared
    assert iri[0] == 400 and iri[2].startswith(b"ERROR [serve#query-failed]"), iri
    assert not received


def test_an_answer_virtuoso_cut_at_its_row_limit_is_not_passed_on(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    """Virtuoso cuts an answer at ResultSetMaxRows, answers 200 and says so only in X-SPARQL-MaxRows:
    passed on, it looked complete (the CLI reports it as endpoint#truncated)."""
    cut = post(virtuoso.query, "SELECT * WHERE { ?s ?p ?o }")
    assert cut[0] == 200 and cut[1].get("X-SPARQL-MaxRows") == str(MAX_ROWS), "Virtuoso cuts it alone"
    with serving(ProxyService(virtuoso.query), tmp_path) as base:
        everything = post(base + "sparql", "SELECT * WHERE { ?s ?p ?o }")
        as_csv = post(base + "sparql", "SELECT * WHERE { ?s ?p ?o }", "text/csv")
        fewer = post(base + "sparql", f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS - 1}")
    for status, _, body in (everything, as_csv):
        assert status == 502 and body.startswith(b"ERROR [serve#endpoint-truncated]"), body
        assert f"{MAX_ROWS} rows".encode() in body and b"ResultSetMaxRows" in body
    assert fewer[0] == 200 and len(json.loads(fewer[2])["results"]["bindings"]) == MAX_ROWS - 1


def test_a_format_the_query_cannot_have_is_406_before_forwarding(virtuoso: VirtuosoServer, tmp_path: Path) -> None:
    """A CONSTRUCT asked for as CSV was 502 behind Oxigraph (its 406 passed on as a failure) and 200
    with CSV behind Virtuoso, where the embedded store answers 406: the query's form is known here."""
    graph = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    solutions = "SELECT * WHERE { ?s ?p ?o } LIMIT 3"
    with recording_listener() as (target, received), serving(ProxyService(target), tmp_path / "a") as base:
        refused = [post(base + "sparql", graph, "text/csv"), post(base + "sparql", solutions, "text/turtle")]
        time.sleep(0.2)
    assert [answer[0] for answer in refused] == [406, 406] and not received, refused
    assert all(answer[2].startswith(b"ERROR [serve#not-acceptable]") for answer in refused)
    with oxigraph_server() as oxigraph:
        endpoints = {"virtuoso": virtuoso.query, "oxigraph": oxigraph + "/query"}
        for name, endpoint in endpoints.items():
            with serving(ProxyService(endpoint), tmp_path / name) as base:
                assert post(base + "sparql", graph, "text/csv")[0] == 406, name
                assert post(base + "sparql", "DESCRIBE <urn:x>", "application/sparql-results+json")[0] == 406, name
                assert post(base + "sparql", solutions, "text/turtle")[0] == 406, name
                status, headers, _ = post(base + "sparql", graph, "text/turtle")
                assert status == 200 and headers["Content-Type"].startswith("text/turtle"), (name, status)
                status, headers, _ = post(base + "sparql", solutions, "text/csv, */*;q=0.1")
                assert status == 200 and headers["Content-Type"].startswith("text/csv"), (name, status)
