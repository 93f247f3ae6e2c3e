"""Portable queries (issue 16): every named query gives the same rows on three engines — the
embedded store, a real Oxigraph server loaded with `kgtool load`, and Jena ARQ (Debian's
libapache-jena-java, its command line) over `kgtool build --format nt` — and the commands that
take --endpoint print byte-identical output on the embedded store and the server.

Rows are compared in order (every query has a total ORDER BY) and term by term, exactly: the
index queries round their figures from the counts, so no engine's precision shows, and
kgtool.sparql.backends writes every remote answer's JSON keys in one order and its booleans
and decimals in their canonical form (Virtuoso writes true as 1, Jena 1 as 1.0)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pyoxigraph as ox
import pytest
from jena import TIMEOUT, JenaArq
from servers import oxigraph_server

from kgtool.assessment import gaps
from kgtool.assessment.indices import IndexCalculator, exact_decimal, four_places, ratio_of_counts
from kgtool.cli import main
from kgtool.rdf import exists_rewrite
from kgtool.rdf.store import KnowledgeGraph
from kgtool.shacl.engine import validate_store
from kgtool.sparql.backends import (
    Backend,
    EmbeddedBackend,
    RemoteBackend,
    ResultTable,
    boolean_value,
    parse_results_json,
)
from kgtool.sparql.named import NamedQuery, all_queries, named
from kgtool.validation.checks import shapes_graph
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
    ["basis", "--act", "osce-copenhagen-document", "--provision", "7.5"],
    ["basis", "--act", "constitution", "--provision", "85-88"],
    ["basis", "--act", "Rules of Procedure"],
    ["basis", "--ranking"],
    ["basis", "--ranking", "articles", "--act", "jk-rules-law"],
    ["basis", "--process", "jk-direct-interaction"],
    ["basis", "--observers"],
    ["basis", "--observers", "--agent", "executive-and-lsg-bodies"],
    ["search", "бюджет"],
    ["report"],
]


def normal(table: ResultTable) -> tuple[list[str], list[list[tuple[str, tuple[tuple[str, str], ...]]]]]:
    """A table as comparable data: the variables, and each row's terms, nothing normalised."""
    return table.variables, [
        [(name, tuple(sorted(term.items()))) for name, term in sorted(row.items())] for row in table.rows
    ]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portable")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with oxigraph_server() as base:
        assert main(["load", "--endpoint", base + "/query"]) == 0
        yield base + "/query"


@pytest.fixture(scope="module")
def jena(workdir: Path, run_folder: Path) -> Iterator[JenaArq]:
    if shutil.which("java") is None:
        pytest.fail("java is installed with libapache-jena-java (.ci/run installs it)")
    nt = workdir / "kg.nt"
    assert main(["build", "--format", "nt", "-o", str(nt)]) == 0
    # Jena's answers shared by the run's xdist workers (the module's tests may run on either)
    engine = JenaArq(nt, workdir, cache=run_folder / "jena-answers")
    yield engine
    engine.close()  # its JVM ends with the module


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
    # the /sparql page's search: LCASE and CONTAINS on Cyrillic text, the same on every engine
    cases.append(("lookup/text-match бюджет", named("text-match").bind({"text": "Бюджет", "lang": "ru"})))
    return cases


KGO = "https://w3id.org/kgtool/ontology#"
KGO_ACTOR = KGO + "Actor"


def compare_engines(texts: list[str], kg: KnowledgeGraph, server: str, jena: JenaArq) -> list[str]:
    """Names of the queries whose rows differ between engines (empty: all agree)."""
    embedded = EmbeddedBackend(kg)
    remote = RemoteBackend(server)
    by_jena = [jena.select(text) for text in texts]  # one JVM answers them in turn
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


def test_jena_in_one_jvm_answers_as_its_command_line(jena: JenaArq, workdir: Path) -> None:
    """The one JVM that answers the tests' queries (tests/java/ArqBatch.java) runs Jena's own
    arq.sparql: the same exit code, output and messages, byte for byte, as a command line run;
    and a query that does not parse, where the command line ends its JVM, answers its code 2."""
    answered, unparsed = workdir / "answered.rq", workdir / "unparsed.rq"
    answered.write_text(named("disjoint-classes").bind({}), encoding="utf-8")
    unparsed.write_text("SELECT ?s WHERE { ?s ?p ?o ", encoding="utf-8")
    args = ["--data", str(jena.data), "--query", str(answered), "--results", "json"]
    cli = subprocess.run(
        ["java", "-cp", jena.classpath, "arq.sparql", *args], capture_output=True, timeout=300, check=False
    )
    assert cli.returncode == 0 and len(parse_results_json(cli.stdout, "jena").rows) > 5 and not cli.stderr
    assert jena.batch.run(args) == (cli.returncode, cli.stdout, cli.stderr)
    code, out, err = jena.batch.run(["--data", str(jena.data), "--query", str(unparsed)])
    assert (code, out) == (2, b"") and err.startswith(b'Encountered "<EOF>" at line 1, column 27.')


def test_a_hung_jena_query_kills_its_jvm_and_fails(jena: JenaArq, workdir: Path) -> None:
    """A query that outlasts the timeout does not hang the run: the JVM is killed and reaped,
    the request fails saying so, and the next request starts a new JVM."""
    jena.batch.run(["--data", str(jena.data), "--query", str(workdir / "none.rq")])  # a JVM started
    process = jena.batch.process
    assert process is not None
    hung = workdir / "hung.rq"  # every triple with every triple with every triple: ~2.7e11 rows
    hung.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", encoding="utf-8")
    jena.batch.timeout = 1
    try:
        with pytest.raises(AssertionError, match="no answer within 1 s"):
            jena.batch.run(["--data", str(jena.data), "--query", str(hung)])
    finally:
        jena.batch.timeout = TIMEOUT
    assert process.returncode is not None and jena.batch.process is None
    code, out, err = jena.batch.run(["--data", str(jena.data), "--query", str(workdir / "none.rq")])
    assert (code, out) == (2, b"") and b"none.rq" in err and jena.batch.process is not None


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
    assert 'BIND ("en" AS ?lang)' in text and "VALUES ?lang" not in text


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_a_literal_parameter_sent_as_bind_keeps_the_answer(query: NamedQuery, kg: KnowledgeGraph) -> None:
    """bind() sends a parameter whose one value is a literal as `BIND` (Virtuoso 7.2 runs a
    literal's VALUES table as a procedure view and can hang on two of them in one plan): the
    same rows as the block, on the project's data."""
    embedded = EmbeddedBackend(kg)
    sent = query.bind({})
    names = "|".join(query.parameters) or "-"
    as_values = re.sub(rf"BIND \((.+?) AS \?({names})\)", lambda m: f"VALUES ?{m[2]} {{ {m[1]} }}", sent)
    assert embedded.select(sent).rows == embedded.select(as_values).rows


def test_bind_sends_a_literal_as_bind_only_where_it_means_the_same(tmp_path: Path) -> None:
    """An IRI stays a table (every engine takes it as a constant); so does a block whose variable
    an earlier pattern of its group mentions (there the table filters, and BIND is not allowed)
    and the VALUES clause after a query's WHERE."""
    q = named("pair-index").bind({"assessment": ID + "assessment/2016", "includeExcluded": "true"})
    assert "BIND (true AS ?includeExcluded)" in q and 'BIND ("en" AS ?lang)' in q
    assert f"VALUES ?assessment {{ <{ID}assessment/2016> }}" in q
    own = tmp_path / "own.rq"
    own.write_text(
        "# a label in { braces } and ?lang in a comment\n"
        "SELECT ?s ?lang ?n WHERE {\n"
        '  ?s <urn:p> "{ #" . VALUES ?n { 3 }\n'
        '  ?s <urn:l> ?l . BIND (LANG(?l) AS ?lang) { VALUES ?lang { "en" } }\n'
        '  ?s <urn:q> ?k . VALUES ?k { "x" }\n'
        "}\n"
        'VALUES ?tail { "t" }\n',
        encoding="utf-8",
    )
    text = named(str(own)).bind({})
    assert "BIND (3 AS ?n)" in text
    assert 'BIND ("en" AS ?lang)' in text  # a group of its own: nothing before it binds ?lang
    assert 'VALUES ?k { "x" }' in text and 'VALUES ?tail { "t" }' in text
    ox.Store().query(text)  # still a query every engine parses


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
        ["basis", "--article", "86", "--lang", "ky", "--format", "table"],
        ["basis", "--act", "osce-copenhagen-document", "--provision", "7.5", "--format", "csv"],
        ["basis", "--act", "прокуратур", "--lang", "ru", "--format", "table"],
        ["basis", "--ranking", "--format", "json"],
        ["basis", "--ranking", "articles", "--format", "csv"],
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
    # the colophon names where the report was computed, in the report's language; every other byte is the same
    from kgtool.i18n.catalogue import t

    store = re.escape(t("backend.embedded", "ru", files="FILES")).replace("FILES", r"[^<]+?")
    embedded = re.sub(store, "SOURCE", here.read_text(encoding="utf-8"))
    remote = there.read_text(encoding="utf-8").replace(t("backend.endpoint", "ru", url=server), "SOURCE")
    assert embedded.count("SOURCE") == 1 and remote == embedded


def test_indices_same_digits_on_every_engine(kg: KnowledgeGraph, server: str, jena: JenaArq) -> None:
    """Every figure of `kgtool indices` (with the alternatives it tries) computed from the
    exact counts: the same decimal, to the last digit, whichever engine answered the queries
    (their own quotients have 18 digits on Oxigraph and 24 on Jena)."""

    def figures(backend: Backend) -> list[tuple[str, str, Decimal, list[Decimal | None]]]:
        return [
            (r.figure, r.subject, r.computed, [v for _, v, _ in r.alternatives])
            for r in IndexCalculator(backend).rows()
        ]

    embedded = figures(EmbeddedBackend(kg))
    assert len(embedded) > 15
    assert figures(RemoteBackend(server)) == embedded
    assert figures(jena) == embedded


def test_exact_ratio_rounds_a_tie_half_up() -> None:
    """0.12345 exactly is a tie at the fifth place: half up gives 0.1235 from the counts,
    where a quotient cut off at some digits (0.123449…) would give 0.1234."""
    row = {"present": {"value": "2469"}, "scored": {"value": "20000"}}
    exact = ratio_of_counts(row, "computed")
    assert exact == Fraction(2469, 20000)
    assert four_places(exact_decimal(exact)) == Decimal("0.1235")
    assert four_places(exact_decimal(Fraction(1, 3))) == Decimal("0.3333")
    # the mean of 1/3 and 2/3 is 1/2 exactly, not 0.4999… from two cut-off quotients
    assert exact_decimal((Fraction(1, 3) + Fraction(2, 3)) / 2) == Decimal("0.5")


RATIO_QUERIES = ["pair-index", "principal-index", "overall-index", "dimension-share", "principal-process-share"]


@pytest.mark.parametrize("name", RATIO_QUERIES)
@pytest.mark.parametrize("include", ["false", "true"])
def test_a_named_index_query_rounds_its_figures_half_up_from_the_counts(
    name: str, include: str, kg: KnowledgeGraph
) -> None:
    """What `kgtool query indices/...` shows is the exact ratio of the row's counts rounded
    half up to four places: the figure `kgtool indices` prints for the same row."""
    table = EmbeddedBackend(kg).select(named(name).bind({"includeExcluded": include}))
    assert table.rows
    for row in table.rows:
        for column in ("computed", "absentShare"):
            if column in row:
                exact = ratio_of_counts(row, column)
                assert exact is not None
                assert Decimal(row[column]["value"]) == four_places(exact_decimal(exact)), (row, column)


def test_a_mean_of_pairs_query_rounds_the_mean_of_the_pair_indices(kg: KnowledgeGraph) -> None:
    embedded = EmbeddedBackend(kg)
    pairs = embedded.select(named("pair-index").bind({})).rows
    for name, key in (("principal-mean-of-pairs", "principal"), ("overall-mean-of-pairs", None)):
        for row in embedded.select(named(name).bind({})).rows:
            shares = [ratio_of_counts(p, "computed") for p in pairs if key is None or p[key] == row["subject"]]
            mean = sum((s for s in shares if s is not None), Fraction(0)) / len(shares)
            assert int(row["pairs"]["value"]) == len(shares)
            assert Decimal(row["computed"]["value"]) == four_places(exact_decimal(mean)), row


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("1.0", "1"),
        ("0.4500", "0.45"),
        ("-0.0", "0"),
        ("+3.10", "3.1"),
        (".5", "0.5"),
        ("007", "7"),
        ("0", "0"),
        ("12345678901234567890.123456789012345678901", "12345678901234567890.123456789012345678901"),
    ],
)
def test_remote_decimals_in_their_canonical_form(given: str, canonical: str) -> None:
    """Jena writes 1 as 1.0 and keeps a literal's own spelling: kgtool writes the canonical form,
    every digit kept (no rounding to a context's precision)."""
    raw = json.dumps(
        {
            "head": {"vars": ["x"]},
            "results": {"bindings": [{"x": {"type": "literal", "value": given, "datatype": XSD + "decimal"}}]},
        }
    ).encode()
    assert parse_results_json(raw, "test").rows[0]["x"]["value"] == canonical


def test_remote_booleans_in_their_canonical_form() -> None:
    """Virtuoso writes every xsd:boolean as 1 or 0; the answer kgtool gives says true and false."""
    bindings = [{"b": {"type": "typed-literal", "value": v, "datatype": XSD + "boolean"}} for v in ("1", "0", "true")]
    raw = json.dumps({"head": {"vars": ["b"]}, "results": {"bindings": bindings}}).encode()
    assert [r["b"] for r in parse_results_json(raw, "test").rows] == [
        {"type": "literal", "value": v, "datatype": XSD + "boolean"} for v in ("true", "false", "true")
    ]


def test_booleans_compared_by_value() -> None:
    """Virtuoso answers an xsd:boolean as 1 or 0: both spellings mean the same value."""
    assert boolean_value("true") and boolean_value("1")
    assert not boolean_value("false") and not boolean_value("0") and not boolean_value(None)
    detail = gaps._detail("no-legal-basis", {"excluded": "1"}, {}, "en")
    assert detail.endswith("(excluded from the assessment)")


def test_remote_json_keys_in_one_order() -> None:
    """An engine's key order (Jena writes datatype before value) is not passed on."""
    raw = (
        b'{"results": {"bindings": [{"b": {"value": "1", "datatype": "' + XSD.encode() + b'integer",'
        b' "type": "literal"}, "a": {"xml:lang": "ky", "value": "x", "type": "literal"}}]},'
        b' "head": {"vars": ["a", "b"]}}'
    )
    table = parse_results_json(raw, "test")
    assert json.dumps(table.rows) == (
        '[{"a": {"type": "literal", "value": "x", "xml:lang": "ky"}, '
        '"b": {"type": "literal", "value": "1", "datatype": "' + XSD + 'integer"}}]'
    )


def test_shacl_engine_alone_rewrites_exists(kg: KnowledgeGraph) -> None:
    """The store runs every query as written; the SHACL engine sends its compiled shapes'
    queries with FILTER [NOT] EXISTS already rewritten where that is provably the same."""
    sent: list[str] = []

    def query(sparql: str) -> Iterable[ox.QuerySolution]:
        sent.append(sparql)
        return kg.query(sparql)  # type: ignore[return-value]

    validate_store(shapes_graph(), query)

    def words(text: str) -> str:
        return " ".join(text.split())

    # what reaches the store is already rewritten: rewriting it again changes nothing
    assert sent and all(words(exists_rewrite.optimise(text)) == words(text) for text in sent)
    assert any("MINUS" in text for text in sent)
