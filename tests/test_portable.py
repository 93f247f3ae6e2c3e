"""Portable queries (issue 16): every named query gives the same rows on three engines — the
embedded store, a real Oxigraph server loaded with `kgtool load`, and Jena ARQ (Debian's
libapache-jena-java, its command line) over `kgtool build --format nt` — and the commands that
take --endpoint print byte-identical output on the embedded store and the server.

Rows are compared in order (every query has a total ORDER BY), after normalising only what
SPARQL leaves to the engine: JSON key order (kgtool.sparql.backends does it for every remote
answer) and the digits of a decimal beyond the precision XSD requires every processor to keep
(18 digits: Oxigraph keeps 18, Jena 24, and spells 1 as 1.0)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from jena import JenaArq
from servers import oxigraph_server

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend, ResultTable
from kgtool.sparql.named import NamedQuery, all_queries, named
from kgtool.vocab import XSD

pytestmark = pytest.mark.slow

ID = "https://w3id.org/kgtool/id/kg/"
# The commands whose queries are replayed on every engine, with the parameter values they bind.
CLI_COMMANDS = [
    ["indices"],
    ["gaps"],
    ["gaps", "--kind", "missing-dimension", "--dimension", "rules"],
    ["basis", "--article", "52"],
    ["basis", "--article", "86"],
    ["basis", "--article", "152", "--act", "jk-rules-law"],
    ["basis", "--process", "information-access"],
    ["report"],
]
PLACES = Decimal("1e-15")


def normal(table: ResultTable) -> tuple[list[str], list[list[tuple[str, tuple[tuple[str, str], ...]]]]]:
    rows = []
    for row in table.rows:
        cells = []
        for name, term in sorted(row.items()):
            term = dict(term)
            if term.get("datatype") == XSD + "decimal":
                term["value"] = f"{Decimal(term['value']).quantize(PLACES, rounding=ROUND_HALF_UP).normalize():f}"
            cells.append((name, tuple(sorted(term.items()))))
        rows.append(cells)
    return table.variables, rows


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portable")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with oxigraph_server() as base:
        assert main(["load", "--endpoint", base + "/query"]) == 0
        yield base + "/query"


@pytest.fixture(scope="module")
def jena(workdir: Path) -> JenaArq:
    if shutil.which("java") is None:
        pytest.fail("java is installed with libapache-jena-java (.ci/run installs it)")
    nt = workdir / "kg.nt"
    assert main(["build", "--format", "nt", "-o", str(nt)]) == 0
    return JenaArq(nt, workdir)


@pytest.fixture(scope="module")
def cli_queries(workdir: Path) -> list[str]:
    """Every query text the CLI commands send, recorded on the embedded store as they run."""
    sent: list[str] = []
    original = EmbeddedBackend.select

    def recording(self: EmbeddedBackend, sparql: str) -> ResultTable:
        sent.append(sparql)
        return original(self, sparql)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EmbeddedBackend, "select", recording)
        for command in CLI_COMMANDS:
            out = ["-o", str(workdir / "report.html")] if command == ["report"] else []
            assert main([*command, *out]) == 0, command
    return sorted(set(sent))


def default_cases() -> list[tuple[str, str]]:
    cases = [(f"{q.role}/{q.name}", q.bind({})) for q in all_queries()]
    # parameters bound to a value (the UNDEF blocks of the defaults are left out of the text)
    cases.append(("owl/disjoint-classes classA", named("disjoint-classes").bind({"classA": KGO_ACTOR})))
    cases.append(("indices/pair-index includeExcluded", named("pair-index").bind({"includeExcluded": "true"})))
    cases.append(("lookup/entities class", named("entities").bind({"class": KGO + "Observer"})))
    return cases


KGO = "https://w3id.org/kgtool/ontology#"
KGO_ACTOR = KGO + "Actor"


def compare_engines(texts: list[str], kg: KnowledgeGraph, server: str, jena: JenaArq) -> list[str]:
    """Names of the queries whose rows differ between engines (empty: all agree)."""
    embedded = EmbeddedBackend(kg)
    remote = RemoteBackend(server)
    with ThreadPoolExecutor(2) as pool:  # one JVM per query: two at a time on a small machine
        by_jena = list(pool.map(jena.select, texts))
    differ = []
    for text, on_jena in zip(texts, by_jena, strict=True):
        expected = normal(embedded.select(text))
        for engine, got in (("oxigraph server", remote.select(text)), ("jena", on_jena)):
            if normal(got) != expected:
                differ.append(f"{engine}: {text.splitlines()[0]} ... {len(got.rows)} vs {len(expected[1])} rows")
    return differ


def test_every_named_query_same_rows_on_three_engines(kg: KnowledgeGraph, server: str, jena: JenaArq) -> None:
    cases = default_cases()
    differ = compare_engines([text for _, text in cases], kg, server, jena)
    assert differ == []
    # and they answer something on Jena (a query answering nothing everywhere agrees trivially)
    disjoint = jena.select(named("disjoint-classes").bind({}))
    assert len(disjoint.rows) > 5
    bound = jena.select(named("disjoint-classes").bind({"classA": disjoint.rows[0]["classA"]["value"]}))
    assert bound.rows and all(r["classA"] == disjoint.rows[0]["classA"] for r in bound.rows)


def test_the_cli_commands_queries_same_rows_on_three_engines(
    kg: KnowledgeGraph, server: str, jena: JenaArq, cli_queries: list[str]
) -> None:
    assert len(cli_queries) > 20
    assert compare_engines(cli_queries, kg, server, jena) == []


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_leaving_out_an_unbound_parameter_keeps_the_answer(query: NamedQuery, kg: KnowledgeGraph) -> None:
    """bind() drops a `VALUES ?x { UNDEF }` block: the query as written (with the block) and as
    sent (without it) give the same rows."""
    embedded = EmbeddedBackend(kg)
    sent = query.bind({})
    assert not re.search(r"VALUES\s+\?\w+\s*\{\s*UNDEF\s*\}", sent)
    assert embedded.select(sent).rows == embedded.select(query.text).rows


def test_bind_leaves_out_only_unbound_blocks() -> None:
    q = named("missing-dimension")
    text = q.bind({"pair": ID + "assessment/2016/pair/citizens-jk"})
    assert f"VALUES ?pair {{ <{ID}assessment/2016/pair/citizens-jk> }}" in text
    assert "VALUES ?principal" not in text and "VALUES ?dimension" not in text
    assert 'VALUES ?lang { "en" }' in text


@pytest.mark.parametrize(
    "command",
    [
        ["indices", "--format", "csv"],
        ["indices", "--format", "json"],
        ["indices", "--format", "table"],
        ["gaps", "--format", "csv"],
        ["gaps", "--format", "json"],
        ["gaps", "--lang", "ky", "--format", "table"],
        ["basis", "--article", "52", "--format", "json"],
        ["basis", "--article", "152", "--act", "jk-rules-law", "--format", "csv"],
        ["basis", "--process", "information-access", "--lang", "ru", "--format", "table"],
        ["query", "pair-index", "--format", "json"],
        ["query", "entities", "--format", "csv"],
        ["query", "disjoint-classes", "--format", "json"],
        ["query", "dimension-share", "--param", "includeExcluded=true", "--format", "csv"],
    ],
    ids=lambda c: " ".join(c),
)
def test_commands_byte_identical_on_embedded_store_and_server(
    command: list[str], server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 0
    embedded = capsys.readouterr().out
    assert main([*command, "--endpoint", server]) == 0
    remote = capsys.readouterr().out
    assert embedded and remote == embedded


def test_report_byte_identical_on_embedded_store_and_server(server: str, workdir: Path) -> None:
    here, there = workdir / "embedded.html", workdir / "server.html"
    assert main(["report", "--lang", "ru", "-o", str(here)]) == 0
    assert main(["report", "--lang", "ru", "-o", str(there), "--endpoint", server]) == 0
    # the colophon names where the report was computed; every other byte is the same
    embedded = re.sub(r"embedded store \(\d+ files\)", "SOURCE", here.read_text(encoding="utf-8"))
    remote = there.read_text(encoding="utf-8").replace(f"SPARQL endpoint {server}", "SOURCE")
    assert embedded.count("SOURCE") == 1 and remote == embedded
