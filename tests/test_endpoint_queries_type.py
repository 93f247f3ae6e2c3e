"""Regression: a query's header comment must not change how it is sent to a remote endpoint.

SPARQLWrapper guesses the query form from the text, and its comment stripping skips every
other line of a comment block, so a header line mentioning an "addressee" read as an ADD
update and was sent to the endpoint as an update, which refused it. RemoteBackend now says
SELECT itself. Run against a real Oxigraph server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
from kgtool.sparql.named import named

pytestmark = pytest.mark.slow

MISLEADING_HEADERS = [
    "# Question: who is the addressee of each recommendation?\n# Columns: recommendation, addressee\n",
    (
        "# Lists processes.\n# Note: we add nothing, insert nothing, delete nothing, drop nothing;\n"
        "# load, clear, create, copy and move are update words too.\n"
    ),
]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from servers import OxigraphServer

    store = OxigraphServer().start()
    try:
        state = tmp_path_factory.mktemp("load") / "journal.json"
        assert main(["load", "--endpoint", store.query, "--quiet", "--state", str(state)]) == 0
        yield store.query
    finally:
        store.close()


@pytest.mark.parametrize("header", MISLEADING_HEADERS, ids=["addressee", "update-words"])
def test_a_header_comment_does_not_make_a_select_an_update(header: str, endpoint: str, kg: KnowledgeGraph) -> None:
    query = header + named("labels-of-class").bind({})
    remote = RemoteBackend(endpoint).select(query)
    assert remote.rows
    assert sorted(map(str, remote.rows)) == sorted(map(str, EmbeddedBackend(kg).select(query).rows))


def test_a_users_query_file_with_such_a_header(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = tmp_path / "recipients.rq"
    rq.write_text(
        MISLEADING_HEADERS[0] + "PREFIX kgo: <https://w3id.org/kgtool/ontology#>\n"
        "SELECT ?recommendation ?addressee WHERE { ?recommendation kgo:recommendationFor ?addressee }\n",
        encoding="utf-8",
    )
    assert main(["query", str(rq), "--format", "csv"]) == 0
    embedded = capsys.readouterr().out
    code = main(["query", str(rq), "--format", "csv", "--endpoint", endpoint])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert sorted(captured.out.splitlines()) == sorted(embedded.splitlines())
    assert len(embedded.splitlines()) > 1
