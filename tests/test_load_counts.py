"""`kgtool load` says what the store holds and where the data went, against a real Oxigraph server
(tests/servers.py) and the failing proxy of tests/test_load_scale.py.

Before, a statement stated in two files loaded into one graph was counted twice (``loaded 6,474
statements into 1 graph`` where the store held 6,473), and ``endpoint#partial-load`` named the
SPARQL Update URL (``…/update``) of a load whose data went with the Graph Store Protocol to
``…/store``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import OxigraphServer as Oxigraph
from test_load_scale import Proxy, write_data

from kgtool.cli import main

GRAPH = "https://example.org/graph/round"
EX = "https://example.org/ns#"


@pytest.fixture
def store() -> Iterator[Oxigraph]:
    server = Oxigraph().start()
    yield server
    server.close()


@pytest.fixture
def failing(store: Oxigraph) -> Iterator[Proxy]:
    proxy = Proxy(store)
    yield proxy
    proxy.close()


def held(store: Oxigraph, graph: str) -> int:
    """How many statements the store's ``graph`` holds, as the store counts them."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        store.query + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["graph-store", "--sparql-update"])
def test_a_statement_in_two_files_is_one_statement_of_the_graph_loaded(
    method: str, store: Oxigraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    shared = f'<{EX}s> <{EX}label> "stated in both files" .\n'
    a.write_text(shared + f'<{EX}s> <{EX}only> "a" .\n', encoding="utf-8")
    b.write_text(f'<{EX}t> <{EX}only> "b" .\n' + shared, encoding="utf-8")
    argv = ["load", str(a), str(b), "--endpoint", store.query, "--graph", GRAPH, "--state", str(tmp_path / "j.json")]
    # batches of 2: the two copies of the statement go in different batches too
    code = main([*argv, "--batch-size", "2", *([method] if method.startswith("--") else [])])
    err = capsys.readouterr().err
    assert code == 0, err
    said = re.search(r"loaded ([\d,]+) statements into 1 graph", err)
    assert said is not None, err
    assert int(said.group(1).replace(",", "")) == held(store, GRAPH), err


def test_a_load_that_stopped_names_the_graph_store_url_its_data_went_to(
    failing: Proxy, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = write_data(tmp_path / "b.nt", "B")
    failing.fail(3, "refuse")  # the third batch's record is refused: two batches are in
    argv = ["load", str(b), "--endpoint", failing.query, "--batch-size", "1000", "--state", str(tmp_path / "j.json")]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    base = failing.query.removesuffix("/query")
    assert err.startswith(f"ERROR [endpoint#partial-load] {base}/store: "), err
    assert "Traceback" not in err
