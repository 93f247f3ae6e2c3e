"""A statement that two files state is one statement: the same statements give the same answers.

An assessment team that exports the study to a workbook, makes the next round and imports it
into a folder of its own has the actors, acts and provisions in both rounds' folders. kgtool
keeps each file's statements in a graph of the file's own; Oxigraph's union of the graphs (0.5)
gave such a statement once per file, so a query pattern matched it twice and a query of k such
patterns 2^k times: `kgtool report` over the project's data plus a copy of actors.ttl said
"accountability processes: 304 (excluded: 16)" for 19 and 1, over two rounds' folders 608
processes, a heat map of 619 rows and 53,409 "Legal basis" rows. The embedded store now answers
over the merge of the files, each statement once, as SPARQL says a merge of graphs is.

Every named query is run here on the project's data and on the project's data plus a copy of
every data file under another name (each statement then held by two files), and must answer
the same rows, as many times each."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from kgtool import assets
from kgtool.cli import main
from kgtool.rdf.project import build_graph
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend, ResultTable
from kgtool.sparql.named import NamedQuery, all_queries, named

KGO = "https://w3id.org/kgtool/ontology#"
A2016 = "https://w3id.org/kgtool/id/kg/assessment/2016"
# the queries about the store's graphs rather than its statements: a copy of a file is a graph more
ABOUT_GRAPHS = {"store/repeated-statements"}


def copies(folder: Path, files: list[Path]) -> list[Path]:
    """Each file copied into ``folder`` under another name: the same statements, other files."""
    made = []
    for path in files:
        copy = folder / f"copy-of-{path.name}"
        shutil.copyfile(path, copy)
        made.append(copy)
    return made


@pytest.fixture(scope="module")
def doubled(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The project's graph with every data file loaded twice, the second time as a copy."""
    data = assets.data_files()
    return build_graph([*data, *copies(tmp_path_factory.mktemp("copies"), data)])


def cases() -> list[tuple[str, str]]:
    """Every named query with its defaults, in another language where it takes one, and with the
    parameters the commands bind."""
    found: list[tuple[str, str]] = []
    for q in all_queries():
        name = f"{q.role}/{q.name}"
        if name in ABOUT_GRAPHS:
            continue
        found.append((name, q.bind({})))
        if "lang" in q.parameters:
            found.append((f"{name} lang=ky", q.bind({"lang": "ky"})))
        if "assessment" in q.parameters:
            found.append((f"{name} assessment", q.bind({"assessment": A2016})))
        if "includeExcluded" in q.parameters:
            found.append((f"{name} includeExcluded", q.bind({"includeExcluded": "true"})))
    found.append(("owl/disjoint-classes classA", named("disjoint-classes").bind({"classA": KGO + "Actor"})))
    found.append(("lookup/entities class", named("entities").bind({"class": KGO + "Observer"})))
    found.append(("lookup/text-match бюджет", named("text-match").bind({"text": "Бюджет", "lang": "ru"})))
    return found


def as_multiset(table: ResultTable) -> Counter[str]:
    """The rows, each with how many times it is answered (the order aside: rows tied in a query's
    order may come in either order)."""
    return Counter(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in table.rows)


@pytest.mark.parametrize(("name", "text"), cases(), ids=[name for name, _ in cases()])
def test_every_named_query_answers_the_same_when_every_file_is_loaded_twice(
    name: str, text: str, kg: KnowledgeGraph, doubled: KnowledgeGraph
) -> None:
    once = EmbeddedBackend(kg).select(text)
    twice = EmbeddedBackend(doubled).select(text)
    assert twice.variables == once.variables
    assert as_multiset(twice) == as_multiset(once), f"{name}: {len(twice.rows)} rows against {len(once.rows)}"
    assert twice.rows == once.rows  # and in the same order: every query's ORDER BY is total


def test_the_cases_cover_every_named_query() -> None:
    covered = {name.split(" ")[0] for name, _ in cases()} | ABOUT_GRAPHS
    assert covered == {f"{q.role}/{q.name}" for q in all_queries()}


def test_the_store_says_which_graphs_repeat_a_statement(kg: KnowledgeGraph, doubled: KnowledgeGraph) -> None:
    query: NamedQuery = named("repeated-statements")
    assert EmbeddedBackend(kg).select(query.bind({})).rows == []
    graphs = [row["graph"]["value"] for row in EmbeddedBackend(doubled).select(query.bind({})).rows]
    files = {doubled.sources[g].name for g in graphs}
    assert files == {p.name for p in assets.data_files()} | {f"copy-of-{p.name}" for p in assets.data_files()}
    assert kg.merged() is None  # no statement in two files: no copy of the store is made
    merge = doubled.merged()
    assert merge is not None and len(merge) == len(kg)


def test_a_statement_in_a_dataset_files_default_graph_and_in_another_file_is_one(tmp_path: Path) -> None:
    """A TriG file's default graph is the store's default graph: a statement there and in a file
    of triples is in the union twice too."""
    trig, ttl = tmp_path / "a.trig", tmp_path / "b.ttl"
    trig.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    ttl.write_text("<urn:x:s> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x:p> ?o }"
    for files in ([trig], [ttl], [trig, ttl], [ttl, trig]):
        kg = KnowledgeGraph.from_files(files)
        assert [str(row[0].value) for row in kg.query(count)] == ["1"], files  # type: ignore[attr-defined]


def test_a_query_that_asks_for_graphs_sees_each_files_graph(doubled: KnowledgeGraph) -> None:
    """GRAPH patterns ask about the files: answered over the files' graphs, not over the merge."""
    text = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a <" + KGO + "AccountabilityProcess> } }"
    pairs = len([p for p in assets.data_files() if p.name.startswith("pair-")])
    assert [int(row[0].value) for row in doubled.query(text)] == [2 * pairs]  # type: ignore[attr-defined]


def test_statements_added_after_a_query_are_answered(tmp_path: Path) -> None:
    """Whether a statement is in two graphs is worked out again when a file is added."""
    one, two, three = (tmp_path / f"{n}.ttl" for n in ("one", "two", "three"))
    one.write_text("<urn:x:a> <urn:x:p> 1 .\n", encoding="utf-8")
    two.write_text("<urn:x:a> <urn:x:p> 1 .\n", encoding="utf-8")
    three.write_text("<urn:x:b> <urn:x:p> 2 .\n", encoding="utf-8")
    total = "SELECT (SUM(?v) AS ?n) WHERE { ?s <urn:x:p> ?v }"
    kg = KnowledgeGraph.from_files([one, two])
    assert [int(row[0].value) for row in kg.query(total)] == [1]  # type: ignore[attr-defined]
    kg.add_file(three)
    assert [int(row[0].value) for row in kg.query(total)] == [3]  # type: ignore[attr-defined]


def data_arguments(files: list[Path]) -> list[str]:
    return [arg for f in files for arg in ("--data", str(f))]


def test_the_report_over_a_copy_of_the_actors_counts_each_process_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tester's case: "accountability processes: 304 (excluded: 16)" for 19 and 1."""
    data = assets.data_files()
    (actors,) = [p for p in data if p.name == "actors.ttl"]
    out = tmp_path / "report.html"
    assert main(["report", *data_arguments([*data, *copies(tmp_path, [actors])]), "-o", str(out)]) == 0
    capsys.readouterr()
    summary = re.search(r"Principal–agent pairs:[^<]*", out.read_text(encoding="utf-8"))
    assert summary and "accountability processes: 19 (excluded from the assessment: 1)" in summary.group()


def test_the_site_over_every_file_loaded_twice_is_the_site_over_the_files_once(
    doubled: KnowledgeGraph, published_site: Callable[[str], Path], tmp_path: Path
) -> None:
    """Every page and document, the index's counts among them, byte for byte (the old store ran
    out of memory on these files)."""
    from kgtool.site.publish import publish

    once = published_site("en")
    publish(doubled, tmp_path / "site", lang="en")

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    site, expected = files(tmp_path / "site"), files(once)
    assert len(site) > 400 and site.keys() == expected.keys()
    assert [name for name in site if site[name] != expected[name]] == []


@pytest.mark.parametrize("command", [["indices"], ["gaps"], ["basis", "--ranking"], ["search", "бюджет"]])
def test_commands_print_the_same_over_every_file_loaded_twice(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = assets.data_files()
    assert main([*command, *data_arguments(data)]) == 0
    once = capsys.readouterr().out
    assert main([*command, *data_arguments([*data, *copies(tmp_path, data)])]) == 0
    assert capsys.readouterr().out == once


# --- a store whose default graph is the union of its graphs, repeats kept ---------------------------
#
# Virtuoso's default graph, and an Oxigraph server's started with --union-default-graph, are the
# union of the store's graphs as a bag: a statement in two graphs (two rounds loaded with
# `kgtool load --graph` each) is seen twice, as kgtool's own store saw it before. The named
# queries are written so that they answer there as on the merge: rows that are meant to be
# distinct are SELECT DISTINCT, and a count or sum runs over the distinct solutions of its pattern.

BAG_CASES = {
    # the real case: the next round, as test_diff makes it, beside the study (the actors, acts,
    # provisions, legal status, bibliography and the assessment's country repeat)
    "two rounds": None,
    # one assessment's files loaded twice: the parts the next round does not repeat
    "sections, appendix, bibliography": ["sections", "appendix", "bibliography"],
    "conclusion, pair 6.5": ["conclusion", "pair-6.5-parties-jk"],
}


def next_round(folder: Path) -> list[Path]:
    """The study's files as the 2099 round of the same country (tests/test_diff.py's second round,
    without its edits)."""
    made = []
    for path in assets.data_files():
        text = path.read_text(encoding="utf-8").replace("kg/assessment/2016", "kg/assessment/2099")
        (folder / path.name).write_text(text.replace('"2016"^^xsd:gYear', '"2099"^^xsd:gYear'), encoding="utf-8")
        made.append(folder / path.name)
    return made


@pytest.fixture(scope="module")
def bag_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    data = assets.data_files()
    inputs = {"two rounds": [*data, *next_round(tmp_path_factory.mktemp("round-2099"))]}
    for case, stems in BAG_CASES.items():
        if stems is not None:
            repeated = [p for p in data if p.stem in stems]
            assert len(repeated) == len(stems)
            inputs[case] = [*data, *copies(tmp_path_factory.mktemp("copies"), repeated)]
    return inputs


@pytest.fixture(scope="module")
def bag_stores(bag_inputs: dict[str, list[Path]]) -> dict[str, KnowledgeGraph]:
    return {case: build_graph(files) for case, files in bag_inputs.items()}


def solutions(answer: object) -> Counter[tuple[str, ...]]:
    """Each solution's terms as N-Triples writes them, with how many times it is answered."""
    return Counter(tuple(str(term) for term in solution) for solution in answer)  # type: ignore[attr-defined]


BAG_QUERIES = [(name, text) for name, text in cases() if " " not in name]


@pytest.mark.parametrize("case", list(BAG_CASES))
@pytest.mark.parametrize(("name", "text"), BAG_QUERIES, ids=[name for name, _ in BAG_QUERIES])
def test_every_named_query_answers_on_a_union_of_graphs_as_on_their_merge(
    name: str, text: str, case: str, bag_stores: dict[str, KnowledgeGraph]
) -> None:
    kg = bag_stores[case]
    assert kg.merged() is not None, "some statement is in two graphs"
    on_merge = solutions(kg.query(text))
    on_bag = solutions(kg.store.query(text, use_default_graph_as_union=True))
    assert on_bag == on_merge, f"{name}: {sum(on_bag.values())} rows against {sum(on_merge.values())}"


def test_two_rounds_loaded_into_two_graphs_of_an_oxigraph_server_answer_as_the_embedded_store(
    bag_inputs: dict[str, list[Path]], bag_stores: dict[str, KnowledgeGraph], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each round (with the ontology) loaded into a graph of its own on a server whose default
    graph is their union: every named query answers the rows the embedded store gives."""
    from servers import oxigraph_server

    from kgtool.sparql.backends import RemoteBackend

    files = bag_inputs["two rounds"]
    rounds = {"2016": files[: len(files) // 2], "2099": files[len(files) // 2 :]}
    assert all(p.parent == rounds["2099"][0].parent for p in rounds["2099"])
    embedded = EmbeddedBackend(bag_stores["two rounds"])
    with oxigraph_server("--union-default-graph") as base:
        for year, part in rounds.items():
            load = ["load", *map(str, part), "--endpoint", base + "/query", "--graph", f"urn:x:round-{year}", "-q"]
            assert main(load) == 0, capsys.readouterr().err
        remote = RemoteBackend(base + "/query")
        differ = []
        for name, text in BAG_QUERIES:
            got, expected = remote.select(text), embedded.select(text)
            if got.rows != expected.rows:
                differ.append(f"{name}: {len(got.rows)} rows against {len(expected.rows)}")
    assert differ == [], differ
