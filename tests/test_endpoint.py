"""The remote back end against a real Oxigraph server on 127.0.0.1: `kgtool load` pushes the
graph, and every named query and `kgtool indices` answer exactly as on the embedded store."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from servers import oxigraph_server, silent_server
from test_queries import EMPTY_ON_SOUND_DATA

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
from kgtool.sparql.named import NamedQuery, all_queries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with oxigraph_server() as base:
        assert main(["load", "--endpoint", base + "/query"]) == 0
        yield base + "/query"


def canonical(table) -> list[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:  # type: ignore[no-untyped-def]
    out = []
    for row in table.rows:
        out.append(tuple(sorted((k, tuple(sorted(v.items()))) for k, v in row.items())))
    return sorted(out)


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_named_query_gives_identical_results(query: NamedQuery, endpoint: str, kg: KnowledgeGraph) -> None:
    text = query.bind({})
    embedded = EmbeddedBackend(kg).select(text)
    remote = RemoteBackend(endpoint).select(text)
    assert remote.variables == embedded.variables
    assert canonical(remote) == canonical(embedded)
    assert remote.rows or f"{query.role}/{query.name}" in EMPTY_ON_SOUND_DATA


@pytest.mark.parametrize(
    "command", [["indices"], ["gaps"], ["basis", "--article", "52"], ["basis", "--process", "information-access"]]
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_commands_identical_on_both_back_ends(
    command: list[str], fmt: str, endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--format", fmt]) == 0
    embedded = capsys.readouterr().out
    assert main([*command, "--format", fmt, "--endpoint", endpoint]) == 0
    remote = capsys.readouterr().out
    assert remote == embedded


def test_load_into_a_named_graph_in_batches(capsys: pytest.CaptureFixture[str]) -> None:
    with oxigraph_server("--union-default-graph") as base:
        code = main(
            [
                "load",
                "--endpoint",
                base + "/query",
                "--update",
                base + "/update",
                "--graph",
                "https://example.org/kg",
                "--batch-size",
                "1000",
            ]
        )
        err = capsys.readouterr().err
        assert code == 0, err
        # the project's data in batches of 1,000 (it said "5 batches", which the data outgrew)
        loaded = re.search(r"loaded ([\d,]+) statements .*\(sparql-update, (\d+) batches", err)
        assert loaded, err
        assert 1 < int(loaded[2]) <= -(-int(loaded[1].replace(",", "")) // 1000)  # a blank-node group may overfill one
        assert main(["indices", "--format", "csv", "--endpoint", base + "/query"]) == 0
        remote = capsys.readouterr().out
    assert main(["indices", "--format", "csv"]) == 0
    assert remote == capsys.readouterr().out


def test_unreachable_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    from servers import free_port

    code = main(["indices", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    err = capsys.readouterr().err
    assert code == 2 and "ERROR [endpoint#unreachable]" in err and "Traceback" not in err


def test_http_error(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["indices", "--endpoint", endpoint.replace("/query", "/nowhere")])
    err = capsys.readouterr().err
    assert code == 2 and "ERROR [endpoint#http-error]" in err


def test_malformed_results(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    # the server's own home page answers 200 with HTML, not SPARQL results
    code = main(["indices", "--endpoint", endpoint.replace("/query", "/")])
    err = capsys.readouterr().err
    assert code == 2 and ("ERROR [endpoint#bad-results]" in err or "ERROR [endpoint#http-error]" in err)
    assert "Traceback" not in err


def test_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    with silent_server() as url:
        code = main(["indices", "--endpoint", url, "--timeout", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "ERROR [endpoint#timeout]" in err
