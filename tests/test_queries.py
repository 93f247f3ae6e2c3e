"""The named queries: documented headers, exact answers on the project's data, and the
commands built on them (indices, gaps, basis, query)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from named_rows import rows

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.sparql.named import all_queries, named

A = "https://w3id.org/kgtool/id/kg/assessment/2016/"
KGO = "https://w3id.org/kgtool/ontology#"


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the files themselves -----------------------------------------------------


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_query_header_documents_question_parameters_and_columns(query) -> None:  # type: ignore[no-untyped-def]
    header = "\n".join(query.header)
    assert query.question, "header must start with 'Question:'"
    assert "Columns:" in header
    for name in query.parameters:
        assert f"?{name}" in header, f"parameter ?{name} is not documented in the header"


# checks whose answer on sound data is empty: the OWL check's contradictions, a store's
# interrupted loads, the graphs that repeat a statement (each has a test that makes it answer:
# test_fast_validation, test_load_scale, test_repeated_statements)
EMPTY_ON_SOUND_DATA = {
    "owl/functional-values",
    "store/repeated-statements",
    "load/staged-runs",
    "load/stage-targets",
    "load/graph-sizes",
    "load/staged-statements",
}


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: f"{q.role}/{q.name}")
def test_every_query_answers_on_the_project_data(query, backend: EmbeddedBackend) -> None:  # type: ignore[no-untyped-def]
    answer = backend.select(query.bind({})).rows
    if f"{query.role}/{query.name}" in EMPTY_ON_SOUND_DATA:
        assert answer == []
    else:
        assert answer


def test_role_folders() -> None:
    assert {q.role for q in all_queries()} == {
        "indices",
        "stated",
        "gaps",
        "legal",
        "lookup",
        "publish",
        "report",
        "owl",
        "load",
        "workbook",
        "diff",
        "cite",
        "search",
        "store",
    }


def test_class_extent_names_the_subclasses_and_the_properties_that_imply_membership(backend: EmbeddedBackend) -> None:
    found = {(r["how"], r["term"]) for r in rows(backend, "class-extent", **{"class": KGO + "Actor"})}
    assert ("type", KGO + "Actor") in found and ("type", KGO + "PoliticalParty") in found
    assert ("range", KGO + "hasPrincipal") in found
    assert all(how in ("type", "domain", "range") for how, _ in found)


def test_disjoint_classes_lists_each_pair_once(backend: EmbeddedBackend) -> None:
    pairs = [(r["classA"], r["classB"]) for r in rows(backend, "disjoint-classes")]
    assert pairs == sorted(set(pairs)) and all(a < b for a, b in pairs)
    assert (KGO + "MassMedia", KGO + "OversightBody") in pairs


# --- exact answers -----------------------------------------------------------------


def test_pair_index_counts(backend: EmbeddedBackend) -> None:
    got = {r["subject"].rsplit("/", 1)[-1]: (int(r["present"]), int(r["scored"])) for r in rows(backend, "pair-index")}
    assert got == {
        "citizens-jk": (2, 6),
        "citizens-executive-lsg": (3, 18),
        "citizens-parties": (2, 9),
        "jk-executive-lsg": (10, 15),
        "parties-jk": (6, 6),
    }
    with_excluded = {
        r["subject"].rsplit("/", 1)[-1]: int(r["scored"]) for r in rows(backend, "pair-index", includeExcluded="true")
    }
    assert with_excluded["citizens-jk"] == 9


def test_dimension_shares(backend: EmbeddedBackend) -> None:
    got = {
        r["subject"].rsplit("#", 1)[-1]: (int(r["present"]), int(r["absent"]), int(r["processes"]))
        for r in rows(backend, "dimension-share")
    }
    assert got == {
        "RulesAndStandards": (10, 8, 18),
        "CitizenDemand": (18, 0, 18),
        "Responsiveness": (7, 11, 18),
        "Enforceability": (6, 12, 18),
    }


def test_overall(backend: EmbeddedBackend) -> None:
    (row,) = rows(backend, "overall-index")
    assert (int(row["present"]), int(row["scored"])) == (23, 54)


def test_appendix_disagreements_are_the_swapped_rules_and_demand_cells(backend: EmbeddedBackend) -> None:
    found = rows(backend, "appendix-disagreements")
    processes = {r["process"].rsplit("/", 1)[-1] for r in found}
    assert processes == {
        "jk-direct-interaction",
        "priority-based-planning",
        "public-monitoring",
        "information-usability",
        "performance-evaluation-by-citizens",
        "lsg-heads-election",
        "party-reporting-to-voters",
        "committee-development-directions",
    }
    assert len(found) == 16
    assert {r["dimension"].rsplit("#", 1)[-1] for r in found} == {"RulesAndStandards", "CitizenDemand"}


def test_article_52_underpins_public_monitoring(backend: EmbeddedBackend) -> None:
    found = rows(backend, "article-underpins")
    assert [(r["target"], r["role"]) for r in found] == [(A + "process/public-monitoring", KGO + "Establishes")]


def test_an_article_inside_a_cited_range_is_found(backend: EmbeddedBackend) -> None:
    found = rows(backend, "article-underpins", article="86")
    assert {r["provision"].rsplit("/law/", 1)[-1] for r in found} == {"constitution/art/85-88"}
    assert {r["target"] for r in found} == {A + "process/government-programme-report"}


def test_a_cited_part_is_found_by_its_article(backend: EmbeddedBackend) -> None:
    found = {
        (r["target"].rsplit("/", 1)[-1], r["role"].rsplit("#", 1)[-1])
        for r in rows(backend, "article-underpins", article="73")
    }
    assert found == {("party-list-jk-elections", "Blocks"), ("deputies-party-discipline", "Restricts")}


def test_blocked_processes(backend: EmbeddedBackend) -> None:
    blocked = {
        (r["process"].rsplit("/", 1)[-1], r["norm"].rsplit("/law/", 1)[-1])
        for r in rows(backend, "blocked-or-restricted")
        if r["role"] == KGO + "Blocks"
    }
    assert ("party-list-jk-elections", "constitution/art/73/part/1") in blocked


def test_no_legal_basis_includes_the_impossible_recall(backend: EmbeddedBackend) -> None:
    found = {r["process"].rsplit("/", 1)[-1] for r in rows(backend, "no-legal-basis")}
    assert "jk-deputy-recall" in found
    assert "information-access" not in found


def test_no_legal_basis_rows(backend: EmbeddedBackend) -> None:
    """The processes no norm establishes or regulates, pinned (the query's negation was
    rewritten from FILTER NOT EXISTS to MINUS: the same rows)."""
    found = [(r["process"].rsplit("/", 1)[-1], r["section"]) for r in rows(backend, "no-legal-basis")]
    assert found == [
        ("jk-deputy-recall", "6.1.1"),
        ("committee-development-directions", "6.4.1"),
    ]


def test_information_usability_moved_from_no_basis_to_rules_absent_despite_law(backend: EmbeddedBackend) -> None:
    """The study calls the access-to-information law outdated, not an obstacle ("мыйзам
    эскирди", lines 1160-1168): the law regulates the process, inadequately. So the process
    has a legal basis on paper and a rules cell judged absent, and nothing restricts it."""
    usability = A + "process/information-usability"
    assert usability not in {r["process"] for r in rows(backend, "no-legal-basis")}
    assert usability not in {r["process"] for r in rows(backend, "blocked-or-restricted")}
    despite = {r["process"]: int(r["norms"]) for r in rows(backend, "rules-absent-despite-law")}
    assert despite[usability] == 1


def test_international_standards_are_not_restrictions(backend: EmbeddedBackend) -> None:
    """The 6.3.2 instruments set the standard the local election system falls short of
    (lines 1678-1698): role SetsStandard, so local council elections are not on the list
    of processes a norm blocks or restricts, and the instruments are still its citations."""
    elections = A + "process/local-council-elections"
    assert elections not in {r["process"] for r in rows(backend, "blocked-or-restricted")}
    standards = {
        r["norm"].rsplit("/law/", 1)[-1]
        for r in rows(backend, "process-basis", process=elections)
        if r["role"] == KGO + "SetsStandard"
    }
    assert standards == {
        "venice-commission-2011-opinion",
        "osce-copenhagen-document/para/7.5",
        "hrc-general-comment-25/para/15",
    }


def test_process_support_rows(backend: EmbeddedBackend) -> None:
    """Every recommendation, initiative and support need with its section, pinned (the section
    join moved into each branch of the UNION: the same rows)."""
    found = rows(backend, "process-support")
    assert len(found) == 33
    assert {k: sum(r["kind"] == k for r in found) for k in ("recommendation", "initiative", "support")} == {
        "recommendation": 19,
        "initiative": 5,
        "support": 9,
    }
    assert all(r["section"] for r in found)
    planning = sorted(
        (r["kind"], r["item"].split("/assessment/2016/", 1)[-1], r["section"])
        for r in rows(backend, "process-support", process=A + "process/priority-based-planning")
    )
    assert planning == [
        ("initiative", "initiative/giz-programme-alignment", "conclusion"),
        ("recommendation", "recommendation/6.2.3-1", "6.2.3"),
        ("recommendation", "recommendation/6.2.3-2", "6.2.3"),
        ("recommendation", "recommendation/conclusion-2", "conclusion"),
        ("support", "support/priority-based-planning", "conclusion"),
    ]


@pytest.mark.parametrize("name", ["no-legal-basis", "process-support"])
def test_query_as_written_gives_the_same_rows_on_another_engine(
    name: str, kg: KnowledgeGraph, backend: EmbeddedBackend
) -> None:
    """Portable SPARQL 1.1: the file as written (no kgtool rewrite) on rdflib's engine and on the
    bare Oxigraph store answers what kgtool's embedded back end does."""
    text = named(name).text
    ours = sorted(tuple(r.get(v, "") for v in sorted(r)) for r in rows(backend, name))

    def table(solutions: object, variables: list[str]) -> list[tuple[str, ...]]:
        out = []
        for s in solutions:  # type: ignore[attr-defined]
            values = {v: s[v] for v in variables if s[v] is not None}
            out.append(tuple(str(values[v]) if isinstance(values[v], str) else values[v].value for v in sorted(values)))
        return sorted(out)

    bare = kg.store.query(text, use_default_graph_as_union=True)
    assert table(bare, [v.value for v in bare.variables]) == ours  # type: ignore[attr-defined]
    graph = kg.to_rdflib()
    result = graph.query(text)
    assert table(result, [str(v) for v in result.vars or []]) == ours


def test_observers_of_information_access(backend: EmbeddedBackend) -> None:
    found = {
        (r["observer"].rsplit("/", 1)[-1], r["mode"].rsplit("#", 1)[-1])
        for r in rows(backend, "process-observers", process=A + "process/information-access")
    }
    assert found == {("prosecutor-office", "Enforces"), ("courts", "Enforces")}


def test_labels_follow_the_requested_language_with_kyrgyz_fallback(backend: EmbeddedBackend) -> None:
    ky = {r["subject"]: r["label"] for r in rows(backend, "pair-index", lang="ky")}
    ru = {r["subject"]: r["label"] for r in rows(backend, "pair-index", lang="ru")}
    assert ky[A + "pair/citizens-parties"] == "Жарандар – саясий партиялар"
    assert ru[A + "pair/citizens-parties"].startswith("Граждане")


# --- kgtool indices ------------------------------------------------------------


def test_indices_csv_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "indices", "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["figure", "subject", "label", "computed", "stated", "agrees"]
    body = table[1:]
    assert {r[0] for r in body} == {"pair", "principal", "dimension", "overall"}
    for r in body:
        assert 0 <= float(r[3]) <= 1 and len(r[3].split(".")[1]) == 4
        assert (r[4] == "") == (r[5] == "")
        assert r[5] in ("", "true", "false")
    pairs = {r[1].rsplit("/", 1)[-1]: r for r in body if r[0] == "pair"}
    assert pairs["citizens-parties"][3:] == ["0.2222", "0.1100", "false"]
    assert pairs["citizens-jk"][3:] == ["0.3333", "0.3300", "true"]


def test_every_stated_figure_appears_in_indices(capsys: pytest.CaptureFixture[str], backend: EmbeddedBackend) -> None:
    stated = rows(backend, "stated-figures")
    assert len({r["figure"] for r in stated}) == 15
    _, out, _ = run(capsys, "indices", "--format", "csv")
    shown = [r for r in csv.DictReader(io.StringIO(out)) if r["stated"]]
    assert {r["subject"] for r in shown} == {r["subject"] for r in stated}
    assert len(shown) >= 15


def test_indices_table_explains_every_disagreement(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indices")
    _, csv_out, _ = run(capsys, "indices", "--format", "csv")
    disagreeing = [r for r in csv.DictReader(io.StringIO(csv_out)) if r["agrees"] == "false"]
    assert f"{len(disagreeing)} stated figures disagree" in out
    assert "the study states 11%" in out and "22.22%" in out and "none reproduces the stated figure" in out
    assert (
        "reproduced by another aggregation: share of its processes with at least one scored dimension present (80%)"
        in out
    )


def test_indices_json_is_sparql_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indices", "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["figure", "subject", "label", "computed", "stated", "agrees"]
    first = doc["results"]["bindings"][0]
    assert first["subject"]["type"] == "uri"
    assert first["computed"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


# --- kgtool gaps / basis / query --------------------------------------------------


def test_gaps_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", "--dimension", "enforcement", "--pair", "citizens-parties", "--format", "csv")
    assert code == 0
    found = list(csv.DictReader(io.StringIO(out)))
    assert {r["gap"] for r in found} == {"missing-dimension"}
    assert {r["process"].rsplit("/", 1)[-1] for r in found} == {
        "party-list-jk-elections",
        "local-council-elections",
        "party-reporting-to-voters",
    }


def test_gaps_by_principal_label_fragment_in_kyrgyz(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "gaps", "--principal", "Саясий партиялар", "--kind", "missing-dimension", "--format", "csv"
    )
    assert code == 0
    assert {r["pair"].rsplit("/", 1)[-1] for r in csv.DictReader(io.StringIO(out))} <= {"parties-jk"}


def test_basis_article_52(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--article", "52", "--format", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (
        row["target"] == A + "process/public-monitoring"
        and row["role"] == "https://w3id.org/kgtool/ontology#Establishes"
    )  # a code in any --lang


def test_basis_of_a_process_by_russian_label(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--process", "отзыв", "--format", "csv")
    assert code == 0, out


@pytest.mark.parametrize(
    "argv, error_id",
    [
        (["basis", "--process", "election"], "name#ambiguous-process"),
        (["basis", "--process", "no-such-thing"], "name#unknown-process"),
        (["basis", "--article", "52", "--act", "no-such-act"], "name#unknown-act"),
        (["query", "no-such-query"], "query#unknown"),
        (["query", "pair-index", "--param", "nope=1"], "query#unknown-parameter"),
        (["query", "pair-index", "--param", "includeExcluded=maybe"], "query#bad-parameter"),
    ],
)
def test_bad_names_are_clear_errors(argv: list[str], error_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"ERROR [{error_id}]" in err
    assert "Traceback" not in err


def test_ambiguous_name_lists_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "basis", "--process", "election")
    for candidate in ("jk-elections", "local-council-elections", "lsg-heads-election", "party-list-jk-elections"):
        assert candidate in err


def test_query_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    for q in all_queries():
        assert f"{q.role}/{q.name}" in out


def test_query_users_own_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mine.rq"
    own.write_text(
        "PREFIX kgo: <https://w3id.org/kgtool/ontology#>\n"
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kgo:AccountabilityProcess }\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "query", str(own), "--format", "json")
    assert code == 0
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "19"


@pytest.mark.parametrize(
    ("text", "error_id"),
    [
        ("SELECT * WHERE {{ # x\r SERVICE <{target}> {{ ?s ?p ?o }} }}", "query#no-federation"),
        (
            "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {{ SELECT * WHERE {{ service silent <{target}> {{ ?s ?p ?o }} }} }} }} }}",
            "query#no-federation",
        ),
        ("SELECT * WHERE {{ ?s ?p <http://a\u00a0b#> . SERVICE <{target}> {{ ?s ?p ?o }} }}", "query#bad-syntax"),
        ("# x\rLOAD <{target}>", "query#read-only"),
        ("INSERT DATA {{ <a:b> <a:c> <a:d> }}", "query#read-only"),
        ("ASK {{ FILTER(1" + "+1" * 3000 + ") }}", "query#too-complex"),
    ],
    ids=["cr-ended-comment", "nested-silent", "nbsp-iri", "load", "insert", "long-sum"],
)
def test_query_users_own_file_may_not_fetch_or_update(
    text: str, error_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from servers import SECRET, recording_listener

    own = tmp_path / "hostile.rq"
    with recording_listener() as (target, received):
        own.write_text(text.format(target=target), encoding="utf-8")
        code, out, err = run(capsys, "query", str(own))
    assert not received, received[0][:200]
    assert code == 2 and f"ERROR [{error_id}] {own}" in err and SECRET.decode() not in err
    assert "Traceback" not in err and out == ""


def test_query_with_parameter_and_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "pair-index", "--param", "includeExcluded=true", "--format", "tsv")
    assert code == 0
    assert out.splitlines()[0].split("\t")[:2] == ["subject", "label"]


# The study's texts (notes, justifications, recommendations, the Conclusion's wording) are
# held in Kyrgyz with a Russian and an English translation beside each. A query that shows
# them picks the reader's language, falling back to the Kyrgyz: one row per fact, never one
# per translation, and the text in the language asked for.
TEXT_COLUMNS = {
    "process-basis": ["note"],
    "blocked-or-restricted": ["note"],
    "process-support": ["text"],
    "support-needs": ["initiativesText", "supportText"],
    "citations": ["note"],
    "process-cells": ["justification"],
}


@pytest.mark.parametrize("name", sorted(TEXT_COLUMNS))
def test_study_texts_come_in_the_readers_language_one_row_each(name: str, backend: EmbeddedBackend) -> None:
    answers = {lang: backend.select(named(name).bind({"lang": lang})).rows for lang in ("ky", "ru", "en")}
    assert len(answers["ky"]) == len(answers["ru"]) == len(answers["en"]) > 0
    for lang, table in answers.items():
        shown = [row[c] for row in table for c in TEXT_COLUMNS[name] if c in row]
        assert shown, f"{name} shows no text"
        wrong = [t["value"][:60] for t in shown if t.get("xml:lang", "").split("-")[0] != lang]
        assert not wrong, f"{name} in {lang} shows text in another language: {wrong[:3]}"
        keys = [tuple(sorted((k, v["value"]) for k, v in row.items() if k not in TEXT_COLUMNS[name])) for row in table]
        assert len(keys) == len(set(keys)), f"{name} in {lang} repeats a row once per translation"


def test_a_function_named_by_an_iri_beside_exists_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FILTER <iri>(…) next to FILTER EXISTS made the EXISTS rewrite fail with a KeyError, so the
    read-only check of a user's query (and kgtool serve's /sparql) crashed instead of answering."""
    rq = tmp_path / "odd.rq"
    rq.write_text(
        "SELECT ?s WHERE { ?s a <https://w3id.org/kgtool/ontology#Assessment> "
        "FILTER <http://www.w3.org/2001/XMLSchema#boolean>(true) FILTER EXISTS { ?s ?p ?o } }\n",
        encoding="utf-8",
    )
    assert main(["query", str(rq), "--format", "csv"]) == 0
    assert "assessment/2016" in capsys.readouterr().out


ID = "https://w3id.org/kgtool/id/"


def test_text_match_finds_the_budget_in_every_language_as_written(backend: EmbeddedBackend) -> None:
    """The /sparql page's search form: a case-insensitive substring over every text of the data."""
    found = rows(backend, "text-match", text="бюджет")
    resources = {r["resource"].removeprefix(ID) for r in found}
    assert {
        "kg/law/budget-code",
        "kg/law/budget-principles-law",
        "kg/assessment/2016/citation/public-monitoring/constitution-art-52",
        "kg/assessment/2016/process/accounts-chamber-prosecutor-oversight",
    } <= resources
    assert all("бюджет" in r["match"].lower() for r in found)
    # the English text of the same citations, whatever the case typed
    upper = rows(backend, "text-match", text="BUDGET")
    assert upper == rows(backend, "text-match", text="budget") and all("budget" in r["match"].lower() for r in upper)
    assert f"{ID}kg/law/budget-code" in {r["resource"] for r in upper}
    # labels in the language asked for, Kyrgyz where there is none
    code = next(
        r
        for r in rows(backend, "text-match", text="Budget Code", lang="ru")
        if r["resource"] == f"{ID}kg/law/budget-code"
    )
    assert code["label"] == "Бюджетный кодекс Кыргызской Республики", code
    assert rows(backend, "text-match", text='no "such" \\ text') == []


@pytest.mark.parametrize(
    ("argv", "error_id"),
    [
        (["gaps", "--dimension", "no-such-dimension"], "name#unknown-dimension"),
        (["basis", "--process", "no-such-process"], "name#unknown-process"),
        (["query", "gaps/blocked-or-restricted", "--param", "pair=no-such-pair"], "name#unknown-pair"),
        (["basis", "--article", "52", "--act", "no-such-act"], "name#unknown-act"),
    ],
)
def test_every_short_name_an_error_offers_is_taken(
    argv: list[str], error_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The listing offered "ontology#CitizenDemand" for a dimension, which was then refused."""
    code, _, err = run(capsys, *argv)
    assert code == 2 and f"ERROR [{error_id}]" in err
    offered = err.split("short names are: ", 1)[1].strip().split(", ")
    assert len(offered) > 1
    for name in offered:
        code, _, err = run(capsys, *argv[:-1], argv[-1].replace(argv[-1].split("=")[-1], name))
        assert code == 0, (name, err)


def test_a_parameter_the_query_does_not_take_is_refused_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    """It was looked up as a name first: "no pair matches", for a query that takes no pair."""
    code, _, err = run(capsys, "query", "pair-index", "--param", "pair=no-such-pair")
    assert code == 2 and "ERROR [query#unknown-parameter]" in err


# --- a user's own .rq file that kgtool cannot read a query from ---------------------------------------


@pytest.mark.parametrize(
    ("content", "error_id", "where"),
    [
        ('SELECT ?x WHERE {\n  ?x ?p "caf\xe9" }\n'.encode("latin-1"), "query#bad-encoding", ":2:13: "),
        (b"\x00\xe2\x28\xa1binary", "query#bad-encoding", ":1:2: "),
        (b"", "query#empty", ": "),
        (b"  \n\t\n", "query#empty", ": "),
        (b"# only a comment\n\n# and another\n", "query#empty", ": "),
        (b"PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\n", "query#empty", ": "),
    ],
    ids=["latin-1", "binary", "empty", "blank", "comments", "prologue"],
)
def test_a_query_file_with_no_query_to_read_is_a_clear_error(
    content: bytes, error_id: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Latin-1 or binary file was ``internal#unexpected UnicodeDecodeError``; an empty one, or one
    of comments only, was refused as "SPARQL Update", which it is not."""
    own = tmp_path / "mine.rq"
    own.write_bytes(content)
    code, out, err = run(capsys, "query", str(own))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"ERROR [{error_id}] {own}{where}"), err
    assert "Update" not in err
    if error_id == "query#bad-encoding":
        assert "byte 0x" in err and "UTF-8" in err


def test_a_byte_order_mark_is_dropped_as_notepad_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notepad saves UTF-8 with a byte order mark; the query's parse failed at 1:1 on it."""
    own = tmp_path / "notepad.rq"
    text = "PREFIX kgo: <https://w3id.org/kgtool/ontology#>\nSELECT (COUNT(?p) AS ?n) WHERE { ?p a kgo:AccountabilityProcess }\n"
    own.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, out, err = run(capsys, "query", str(own), "--format", "csv")
    assert code == 0, err
    assert out.split() == ["n", "19"]


def test_a_folder_or_a_pipe_named_like_a_query_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "d.rq"
    folder.mkdir()
    pipe = tmp_path / "pipe.rq"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    for path in (folder, pipe):
        code, out, err = run(capsys, "query", str(path))
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.startswith(f"ERROR [query#not-a-file] {path}: "), err


def test_a_query_file_this_user_may_not_read_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused by the operating system (as root, whom permissions do not stop, by a stand-in)."""
    own = tmp_path / "secret.rq"
    own.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    own.chmod(0)
    if os.geteuid() == 0:
        read_bytes = Path.read_bytes

        def refused(path: Path) -> bytes:
            if path == own:
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refused)
    code, out, err = run(capsys, "query", str(own))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"ERROR [query#unreadable] {own}: permission denied"), err


# --- FROM and FROM NAMED in a user's query pick the graphs, as on every other store --------------------


def graph_of(kg: KnowledgeGraph, file_name: str) -> str:
    """The named graph a project file is loaded into (urn:kgtool:file:N:name)."""
    return next(g for g, path in kg.sources.items() if path.name == file_name)


def test_from_in_a_users_query_counts_that_files_statements(
    kg: KnowledgeGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``FROM <urn:kgtool:file:7:editorial-notes.ttl>`` was dropped by the embedded store: the
    count was the whole graph's (6473) where Oxigraph's server, Jena and Virtuoso count the file's."""
    notes = graph_of(kg, "editorial-notes.ttl")
    in_notes = len(list(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(notes))))
    assert 0 < in_notes < len(kg)
    texts = {
        "from": f"SELECT (COUNT(*) AS ?n) FROM <{notes}> WHERE {{ ?s ?p ?o }}",
        "from-named": f"SELECT (COUNT(*) AS ?n) FROM NAMED <{notes}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "lower-case-no-spaces": f"select(COUNT(*)AS?n)from<{notes}>{{?s ?p ?o}}",
    }
    for name, text in texts.items():
        own = tmp_path / f"{name}.rq"
        own.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, "query", str(own), "--format", "csv")
        assert code == 0, err
        assert out.split() == ["n", str(in_notes)], name
    # without a dataset clause, the union of every file, as before
    own = tmp_path / "all.rq"
    own.write_text('SELECT (COUNT(*) AS ?n) # FROM <x:y>\nWHERE { ?s ?p ?o FILTER (?s != "FROM") }', encoding="utf-8")
    union = first_value(kg.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    assert run(capsys, "query", str(own), "--format", "csv")[1].split() == ["n", union]


def first_value(solutions: object) -> str:
    """The first cell of a store's answer. Only plain values are kept in a test's variables: a
    pyoxigraph answer left in one is freed by whichever thread collects garbage next, and
    pyoxigraph objects may be freed only in the thread that made them."""
    return str(next(iter(solutions))[0].value)  # type: ignore[call-overload]


def store_finds(text: str) -> bool:
    """Whether a store holding one statement, in the graph <urn:g:a>, answers ``text`` with a
    row or true when run with no union of the graphs: only when the query reads that graph."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g:a")))
    found = store.query(text)
    return bool(found) if isinstance(found, ox.QueryBoolean) else bool(list(found))  # type: ignore[arg-type]


# Projected expressions whose letters F-R-O-M are not a dataset clause, and the tricky readings of
# the store's grammar: in an expression ``<`` after an operand is "less than", so ``?a<?b#>`` is a
# comparison and a comment to the end of the line, never an IRI.
PROJECTED = [
    '"from"',
    "'FROM )'",
    '"""x\nFROM <urn:g:a> )"""',
    "<urn:FROM>",
    "?from",
    "ex:from",
    "ex:a\\)from",
    "from:x",
    "STR(<urn:from>)",
    '"x"^^<urn:from>',
    "(?a<?b)>?c",
    "?a<?b#> FROM <urn:g:a>\n",
    "?a<?b#> )\n",
    "IF(?a<1, 'from', \"FROM\")",
]
AFTER = ["", " FROM <urn:g:a>", " # FROM <urn:g:a>\n", " #\rFROM <urn:g:a>", "FROM NAMED <urn:g:b> FROM<urn:g:a>"]


@pytest.mark.parametrize("after", AFTER, ids=["none", "from", "comment", "cr-ended-comment", "named-then-from"])
@pytest.mark.parametrize("projected", PROJECTED)
def test_a_dataset_clause_is_found_as_the_store_reads_the_query(projected: str, after: str) -> None:
    """``names_dataset`` against the store itself: run with no union, a query over the one
    statement of <urn:g:a> finds it only if the store read ``FROM <urn:g:a>``."""
    from kgtool.rdf.dataset_clause import names_dataset

    text = f"PREFIX ex: <urn:ex:> PREFIX from: <urn:from:>\nSELECT ?s ({projected} AS ?x){after} WHERE {{ ?s ?p ?o }}"
    assert names_dataset(text) == store_finds(text)


@pytest.mark.parametrize(
    ("text", "dataset"),
    [
        ('CONSTRUCT { ?s ?p "from }" } FROM <urn:g:a> WHERE { ?s ?p ?o }', True),
        ('CONSTRUCT { ?s ?p "from }" } WHERE { ?s ?p ?o }', False),
        ("CONSTRUCT FROM <urn:g:a> WHERE { ?s ?p ?o }", True),
        ("DESCRIBE <urn:s> FROM <urn:g:a>", True),
        ("PREFIX from: <urn:> DESCRIBE from:s", False),
        ("ASK FROM <urn:g:a> { ?s ?p ?o }", True),
        ('ASK { ?s ?p "from" }', False),
        ("SELECT (EXISTS { ?s ?p ?o } AS ?e) FROM <urn:g:a> WHERE { ?s ?p ?o }", True),
        ('SELECT (EXISTS { ?s ?p "from" } AS ?e) WHERE { ?s ?p ?o }', False),
        ("SELECT * WHERE { { SELECT ?from WHERE { ?from ?p ?o } } }", False),
        ("# which statements come from where\nSELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT *\n  # the graph\nFROM <urn:g:a> WHERE { ?s ?p ?o }", True),
        ('SELECT ("""a\n# b""" AS ?x) FROM <urn:g:a> WHERE { ?s ?p ?o }', True),
        ("SELECT ('''a\r# b''' AS ?x) FROM <urn:g:a> WHERE { ?s ?p ?o }", True),
    ],
)
def test_a_dataset_clause_is_found_in_every_query_form(text: str, dataset: bool) -> None:
    """The other forms, and an EXISTS inside a projected expression (read by rdflib's parser)."""
    from kgtool.rdf.dataset_clause import names_dataset

    assert names_dataset(text) is dataset
    assert store_finds(text) is dataset


def test_a_from_in_comment_lines_alone_needs_no_reading() -> None:
    """The grammar's terminals took a tenth of a second or more to compile at import, in every
    command that opens a store; they are compiled for a query whose "from" is outside its comment
    lines alone: not for `kgtool basis`'s act-status query, whose header says "from"."""
    from kgtool.rdf.dataset_clause import _terminals, names_dataset

    text = named("act-status").bind({})
    assert "from" in text.lower()
    _terminals.cache_clear()
    assert names_dataset(text) is False
    assert _terminals.cache_info().currsize == 0
    assert names_dataset("SELECT * FROM <urn:g:a> WHERE { ?s ?p ?o }") is True
    assert _terminals.cache_info().currsize == 1


def test_no_named_query_names_a_dataset() -> None:
    """The project's queries run over the union of the files, on every store: a FROM in one would
    now make the embedded store answer over that graph alone."""
    from kgtool.rdf.dataset_clause import names_dataset

    assert [q.name for q in all_queries() if names_dataset(q.bind({}))] == []


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("number", ["0", "-1"])
def test_an_article_number_below_one_is_refused(number: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """It answered "0 use(s) of article -1", as if the act had such an article that nothing cites."""
    from test_cli_languages import foreign_words

    from kgtool.i18n.catalogue import t

    code, out, err = run(capsys, "basis", f"--article={number}", "--lang", lang)
    message = t("name.bad_article", lang, number=number)
    assert code == 2 and out == "" and f"ERROR [name#bad-article] {message}" in err
    assert not foreign_words(message.removeprefix(f"--article {number}:"), lang)


def test_a_file_of_unknown_syntax_is_not_answered_with_an_option_the_command_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hint said "or pass --input-format" to indices, gaps, basis, …, which refuse that option."""
    data = tmp_path / "data.xyz"
    data.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "indices", "--data", str(data))
    assert code == 2 and "ERROR [load#unknown-format]" in err
    assert "where the command takes --input-format" in err


@pytest.mark.parametrize("value", ["<https://w3id.org/kgtool/id/kg/law/constitution>", "constitution"])
def test_a_parameter_is_taken_as_query_list_shows_its_default(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`kgtool query --list` shows a default IRI as SPARQL writes it (act=<https://…/law/constitution>);
    that form given back to --param was refused as naming no act (a tester's)."""
    assert main(["query", "legal/act-status", "--param", f"act={value}", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert rows and all(r.startswith("https://w3id.org/kgtool/id/kg/law/constitution,") for r in rows)


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("en", "1 use(s) of article 52 of Constitution of the Kyrgyz Republic"),
        ("ru", "Использований статьи 52 акта «Конституция Кыргызской Республики»: 1"),
        ("ky", "«Кыргыз Республикасынын Конституциясы» актысынын 52-беренесинин колдонулушу: 1"),
    ],
)
def test_basis_names_the_act_in_the_readers_language(
    lang: str, summary: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary line named the act by its short id in every language ("акта constitution", a
    legal researcher's)."""
    assert main(["basis", "--article", "52", "--lang", lang]) == 0
    out = capsys.readouterr()
    assert summary in (out.out + out.err).splitlines()
