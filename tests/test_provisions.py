"""Every provision addressable (issue 12, item 3): each article inside a cited range of
articles is a resource of its own, linked to the range; `kgtool basis` answers for any
article (86, through "articles 85-88"), any provision as the study numbers it (7.5, 15),
a whole act (named by short id, IRI or part of its name in any language), and ranks the
acts and articles the study cites most — in Kyrgyz, Russian and English."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib
from named_rows import rows
from rdflib.namespace import RDF

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend

KGO = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
LAW = "https://w3id.org/kgtool/id/kg/law/"
INTL = "https://w3id.org/kgtool/id/intl/law/"
A = "https://w3id.org/kgtool/id/kg/assessment/2016/"
REPORT = A + "process/government-programme-report"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


# --- the data: every article inside a cited range is a resource --------------------------


def test_every_article_inside_a_cited_range_is_declared_and_linked(graph: rdflib.Graph) -> None:
    ranges = list(graph.subjects(RDF.type, KGO.ArticleRange))
    assert len(ranges) == 6
    for r in ranges:
        act = graph.value(r, KGO.inAct)
        first, last = int(graph.value(r, KGO.firstArticle)), int(graph.value(r, KGO.lastArticle))  # type: ignore[arg-type]
        inside = {int(graph.value(a, KGO.firstArticle)) for a in graph.subjects(KGO.withinRange, r)}  # type: ignore[arg-type]
        assert inside == set(range(first, last + 1)), r
        for a in graph.subjects(KGO.withinRange, r):
            assert (a, RDF.type, KGO.Article) in graph and graph.value(a, KGO.inAct) == act
            assert str(a) == f"{act}/art/{graph.value(a, KGO.firstArticle)}"  # the stable IRI pattern
            tags = {lit.language for lit in graph.objects(a, rdflib.RDFS.label)}  # type: ignore[union-attr]
            assert tags == {"ky", "ru-t-ky", "en-t-ky"}, a


def test_article_86_is_labelled_by_the_article_template(graph: rdflib.Graph) -> None:
    art86 = rdflib.URIRef(LAW + "constitution/art/86")
    labels = {lit.language: str(lit) for lit in graph.objects(art86, rdflib.RDFS.label)}  # type: ignore[union-attr]
    assert labels == {
        "ky": "КР Конституциясы, 86-берене",
        "ru-t-ky": "Конституция КР, статья 86",
        "en-t-ky": "Constitution of the KR, article 86",
    }
    assert graph.value(art86, KGO.withinRange) == rdflib.URIRef(LAW + "constitution/art/85-88")


# --- the queries -----------------------------------------------------------------------


def test_article_underpins_names_the_range_and_gives_the_quote(backend: EmbeddedBackend) -> None:
    for lang, words in (("en", "Articles 85-88"), ("ru", "Статьями 85-88"), ("ky", "85-88-беренелери")):
        (row,) = rows(backend, "article-underpins", article="86", lang=lang)
        assert row["citedRange"] == LAW + "constitution/art/85-88" == row["provision"]
        assert row["target"] == REPORT and words in row["note"]


def test_article_underpins_gives_no_range_for_a_directly_cited_article(backend: EmbeddedBackend) -> None:
    (row,) = rows(backend, "article-underpins", article="52")
    assert "citedRange" not in row


def test_provision_underpins_finds_a_paragraph(backend: EmbeddedBackend) -> None:
    found = rows(backend, "provision-underpins")  # default: OSCE Copenhagen Document, paragraph 7.5
    assert [(r["target"], r["role"]) for r in found] == [(A + "process/local-council-elections", str(KGO.SetsStandard))]


def test_provision_underpins_finds_the_parts_inside_an_article(backend: EmbeddedBackend) -> None:
    found = rows(backend, "provision-underpins", provisionAsked=LAW + "government-law/art/32")
    assert {r["provision"].rsplit("/art/", 1)[1] for r in found} == {
        "32",
        "32/part/1",
        "32/part/2",
        "32/part/3",
        "32/part/4",
    }


def test_act_underpins_includes_whole_act_citations(backend: EmbeddedBackend) -> None:
    found = rows(backend, "act-underpins", act=LAW + "jk-rules-law")
    provisions = {r["provision"] for r in found}
    assert LAW + "jk-rules-law" in provisions  # the act cited as a whole
    assert LAW + "jk-rules-law/art/151-152" in provisions and LAW + "jk-rules-law/art/4/clause/3" in provisions
    citations = [r for r in rows(backend, "citations") if r["act"] == LAW + "jk-rules-law"]
    assert len(found) == len(citations) == 9  # 8 citations of processes, 1 of the JK committees (their mandate)


def test_most_cited_acts_counts_every_citation_once(backend: EmbeddedBackend) -> None:
    ranking = rows(backend, "most-cited-acts")
    citations = rows(backend, "citations")
    assert sum(int(r["citations"]) for r in ranking) == len({c["citation"] for c in citations})
    for r in ranking:
        mine = [c for c in citations if c["act"] == r["act"]]
        assert int(r["citations"]) == len(mine)
        assert int(r["wholeAct"]) == len([c for c in mine if c["norm"] == r["act"]])
        assert int(r["targets"]) == len({c["target"] for c in mine})
    counts = [(-int(r["citations"]), -int(r["targets"]), r["shortId"]) for r in ranking]
    assert counts == sorted(counts)
    assert ranking[0]["shortId"] == "constitution"


def test_most_cited_articles_agrees_with_article_underpins(backend: EmbeddedBackend) -> None:
    ranking = rows(backend, "most-cited-articles")
    assert ranking
    for r in ranking:
        uses = rows(backend, "article-underpins", act=r["act"], article=r["number"])
        assert int(r["citations"]) >= len({(u["target"], u["provision"]) for u in uses}) > 0
        direct = [u for u in uses if "citedRange" not in u]
        assert int(r["direct"]) == len({(u["target"], u["provision"]) for u in direct})
    art86 = next(r for r in ranking if r["article"] == LAW + "constitution/art/86")
    assert (art86["citations"], art86["direct"]) == ("1", "0")
    only = rows(backend, "most-cited-articles", act=LAW + "jk-rules-law")
    assert {r["shortId"] for r in only} == {"jk-rules-law"} and len(only) == 6


# --- the command ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, note, label",
    [
        (
            "en",
            "Article 86 is cited as part of: Constitution of the KR, articles 85-88",
            "Constitution of the KR, articles 85-88",
        ),
        ("ru", "Статья 86 цитируется в составе: Конституция КР, статьи 85-88", "Конституция КР, статьи 85-88"),
        (
            "ky",
            "86-берене төмөнкүнүн курамында шилтемеленет: КР Конституциясы, 85-88-беренелер",
            "КР Конституциясы, 85-88-беренелер",
        ),
    ],
)
def test_basis_article_86_in_each_language(
    lang: str, note: str, label: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "basis", "--article", "86", "--lang", lang)
    assert code == 0 and err == ""
    assert note in out
    code, out, _ = run(capsys, "basis", "--article", "86", "--lang", lang, "--format", "csv")
    (row,) = csv_rows(out)
    assert row["target"] == REPORT and row["provisionLabel"] == label and "85-88" in row["note"]


@pytest.mark.parametrize(
    "act, number, target, role",
    [
        ("osce-copenhagen-document", "7.5", "local-council-elections", "SetsStandard"),
        ("hrc-general-comment-25", "15", "local-council-elections", "SetsStandard"),
        ("constitution", "86", "government-programme-report", "Establishes"),
        ("constitution", "85-88", "government-programme-report", "Establishes"),
    ],
)
def test_basis_provision_by_its_number(
    act: str, number: str, target: str, role: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "basis", "--act", act, "--provision", number, "--format", "csv")
    assert code == 0
    assert {(r["target"].rsplit("/", 1)[-1], r["role"]) for r in csv_rows(out)} == {(target, str(KGO[role]))}


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "1 use(s) of provision 7.5 of OSCE Copenhagen Document"),
        ("ru", "Использований положения 7.5 акта «Копенгагенский документ ОБСЕ»: 1"),
        ("ky", "«ЕККУнун Копенгаген документи» актысынын 7.5 жобосунун колдонулушу: 1"),
    ],
)
def test_basis_provision_in_each_language(lang: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--act", "osce-copenhagen-document", "--provision", "7.5", "--lang", lang)
    assert code == 0 and words in out


@pytest.mark.parametrize(
    "typed",
    ["jk-rules-law", LAW + "jk-rules-law", "Rules of Procedure", "Регламенте", "Регламенти"],
)
def test_basis_act_alone_lists_everything_it_underpins(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--act", typed, "--format", "csv")
    assert code == 0
    found = csv_rows(out)
    assert len(found) == 9  # as test_act_underpins_includes_whole_act_citations counts
    assert LAW + "jk-rules-law" in {r["provision"] for r in found}  # cited as a whole


def test_basis_act_alone_in_russian_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--act", "прокуратур", "--lang", "ru")
    assert code == 0
    assert (
        "Использований акта Закон КР «О прокуратуре» и его положений, включая ссылки на акт в целом: 2" in out
    )  # a process and the Prosecutor's Office (its mandate)
    assert "Закон о прокуратуре, статьи 1-3" in out


def test_basis_ranking_of_acts_and_articles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--ranking", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"][:3] == ["act", "shortId", "actLabel"]
    assert doc["results"]["bindings"][0]["shortId"]["value"] == "constitution"
    code, out, _ = run(capsys, "basis", "--ranking", "articles", "--act", "constitution", "--format", "csv")
    found = csv_rows(out)
    assert code == 0 and {r["shortId"] for r in found} == {"constitution"}
    assert LAW + "constitution/art/86" in {r["article"] for r in found}
    code, out, _ = run(capsys, "basis", "--ranking", "--lang", "ky")
    assert "Укуктук актылар изилдөөнүн" in out and "Конституциясы" in out


@pytest.mark.parametrize(
    "argv, error_id, shown",
    [
        (["basis", "--act", "law"], "name#ambiguous-act", "jk-rules-law"),
        (["basis", "--act", "no-such-act", "--article", "5"], "name#unknown-act", "constitution"),
        (["basis", "--act", "constitution", "--provision", "7.5"], "name#unknown-provision", "85-88"),
        (["basis", "--act", "osce-copenhagen-document", "--provision", "x"], "name#unknown-provision", "7.5"),
        (["basis"], "name#nothing-to-look-up", "--ranking"),
    ],
)
def test_basis_errors_name_the_candidates(
    argv: list[str], error_id: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert f"ERROR [{error_id}]" in err and shown in err and "Traceback" not in err


def test_an_undeclared_article_number_still_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--act", "constitution", "--provision", "1", "--format", "csv")
    assert code == 0 and csv_rows(out) == []
