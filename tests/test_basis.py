"""`kgtool basis` as a legal researcher uses it: the queries one look-up runs, the status
lines under the table (each thing said once), and every provision addressable on its own —
an article, its part, its clause — by --article/--part/--clause or by a reference written as
the law writes it, in ky, ru and en."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.sparql.backends import EmbeddedBackend, ResultTable

LAW = "https://w3id.org/kgtool/id/kg/law/"
PROCESS = "https://w3id.org/kgtool/id/kg/assessment/2016/process/"
LEGAL_ACTS = "Question: which legal acts does the graph hold"  # queries/legal/legal-acts.rq's header


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- the queries one look-up runs --------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["basis", "--article", "52", "--lang", "ru"],
        ["basis", "--act", "Copenhagen", "--provision", "7.5"],
        ["basis", "--act", "jk-rules-law", "--lang", "ky"],
    ],
)
def test_basis_reads_the_acts_once(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The act was resolved from one run of legal-acts and named from a second run of it."""
    ran: list[str] = []
    real = EmbeddedBackend.select

    def counted(self: EmbeddedBackend, sparql: str) -> ResultTable:
        ran.append(sparql)
        return real(self, sparql)

    monkeypatch.setattr(EmbeddedBackend, "select", counted)
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert sum(LEGAL_ACTS in q for q in ran) == 1
    assert "»" in out or "Copenhagen" in out  # the act still named in the reader's language


# --- the status lines under the table: each thing said once --------------------------------

READ = {
    "en": "the edition the study read",
    "ru": "редакция, которую читало исследование",
    "ky": "изилдөө окуган редакция",
}
PERIOD = {"en": "(the assessment's period)", "ru": "(период оценки)", "ky": "(баалоонун мезгили)"}
CONSTITUTION = {
    "en": "Constitution of the Kyrgyz Republic",
    "ru": "Конституция Кыргызской Республики",
    "ky": "Кыргыз Республикасынын Конституциясы",
}


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_status_line_says_each_thing_once(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The line was "Constitution of the Kyrgyz Republic, at 2016 (the assessment's period): the
    edition the study read: Constitution of the Kyrgyz Republic: the edition the study read (2016)"
    under a header that had already said "at 2016 (the assessment's period)"."""
    code, out, err = run(capsys, "basis", "--article", "52", "--lang", lang)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if line.startswith("! ")]
    assert line.count(READ[lang]) == 1 and line.count(CONSTITUTION[lang]) == 1 and line.count("2016") == 1
    assert "6.1.1" in line  # the source of the fact stays on its line
    assert out.count(PERIOD[lang]) == 1  # in the header


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_edition_line_at_another_date_says_it_once(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "basis", "--article", "52", "--at", "2022-01-01", "--lang", lang)
    assert code == 0, err
    notes = out[out.index("2022-01-01") :]
    (edition,) = [line for line in notes.splitlines() if "6.1.1" in line]
    assert "2016" in edition and edition.count("2016") == 1 and CONSTITUTION[lang] not in edition
    assert notes.count(PERIOD[lang]) == 1


# --- every provision addressable: an article's part or clause, asked for alone ---------------


def uses(capsys: pytest.CaptureFixture[str], *argv: str) -> set[tuple[str, str, str]]:
    """(what, scope, provision as cited) of each row `kgtool basis ... --format csv` writes."""
    code, out, err = run(capsys, "basis", *argv, "--format", "csv")
    assert code == 0, err
    return {(r["target"].rsplit("/", 1)[-1], r["scope"], r["provision"].split("/law/")[1]) for r in csv_rows(out)}


# article 70 of the Constitution: part 3 is cited for party discipline, the whole article for
# party-list elections (a citation of article 70 is not one of its part 3)
ART70_PART3 = {
    ("deputies-party-discipline", "asked", "constitution/art/70/part/3"),
    ("party-list-jk-elections", "enclosing", "constitution/art/70"),
}


def test_a_part_alone_with_the_whole_article_said_apart(capsys: pytest.CaptureFixture[str]) -> None:
    assert uses(capsys, "--article", "70", "--part", "3") == ART70_PART3
    # the other way round: part 1 of article 73 is cited for party-list elections, the whole
    # article for party discipline
    assert uses(capsys, "--article", "73", "--part", "1") == {
        ("deputies-party-discipline", "enclosing", "constitution/art/73"),
        ("party-list-jk-elections", "asked", "constitution/art/73/part/1"),
    }


def test_a_clause_of_an_article_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert uses(capsys, "--article", "3", "--clause", "1") == {
        ("deputies-party-discipline", "asked", "constitution/art/3/clause/1"),
        ("information-access", "enclosing", "constitution/art/3"),
        ("jk-elections", "enclosing", "constitution/art/3"),
    }
    assert uses(capsys, "--act", "jk-rules-law", "--article", "4", "--clause", "3") == {
        ("jk-elections", "asked", "jk-rules-law/art/4/clause/3")
    }


@pytest.mark.parametrize(
    "written",
    ["70(3)", "art. 70(3)", "article 70, part 3", "ст. 70 ч. 3", "статья 70, часть 3", "70-берене 3-бөлүк",
     "70-беренесинин 3-бөлүгү", LAW + "constitution/art/70/part/3"],
)  # fmt: skip
def test_a_part_written_as_the_law_writes_it(written: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert uses(capsys, "--provision", written) == ART70_PART3


def test_a_provisions_iri_names_its_own_act(capsys: pytest.CaptureFixture[str]) -> None:
    part = LAW + "government-law/art/32/part/2"
    assert uses(capsys, "--provision", part) == {
        ("government-programme-report", "asked", "government-law/art/32/part/2"),
        ("government-programme-report", "enclosing", "government-law/art/32"),
    }
    code, out, err = run(capsys, "basis", "--act", "constitution", "--provision", part)
    assert code == 2 and not out and "ERROR [name#unknown-provision]" in err  # not a provision of --act


@pytest.mark.parametrize(
    "lang, own, whole",
    [
        (
            "en",
            "1 use(s) of article 70, part 3 of Constitution of the Kyrgyz Republic",
            "(Constitution of the KR, article 70); a citation of the whole is not a citation of article 70, part 3",
        ),
        (
            "ru",
            "Использований положения «статья 70, часть 3» акта «Конституция Кыргызской Республики»: 1",
            "(Конституция КР, статья 70): 1; ссылка на целое не является ссылкой на «статья 70, часть 3»",
        ),
        (
            "ky",
            "«Кыргыз Республикасынын Конституциясы» актысынын «70-берене, 3-бөлүк» жобосунун колдонулушу: 1",
            "(КР Конституциясы, 70-берене): 1; бүтүнгө шилтеме «70-берене, 3-бөлүк» жобосуна шилтеме эмес",
        ),
    ],
)
def test_a_parts_summary_says_the_whole_article_apart(
    lang: str, own: str, whole: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "basis", "--article", "70", "--part", "3", "--lang", lang)
    assert code == 0, err
    assert own in out and whole in out
    scope = {"en": "the whole that contains it", "ru": "целое, в которое оно входит", "ky": "аны камтыган бүтүн жобо"}
    assert scope[lang] in out  # the row of the whole article says so


@pytest.mark.parametrize(
    "lang, argv, asked, held",
    [
        ("en", ["--article", "52", "--part", "2"], "no article 52, part 2", "no parts or clauses of article 52"),
        ("ru", ["--provision", "ст. 52 ч. 2"], "«статья 52, часть 2»", "нет частей и пунктов статьи 52"),
        ("ky", ["--provision", "52(2)"], "«52-берене, 2-бөлүк»", "52-берененин бөлүктөрү жана пункттары жок"),
        ("en", ["--article", "70", "--part", "2"], "no article 70, part 2", "of article 70: part 3"),
        ("ru", ["--article", "70", "--part", "3", "--clause", "1"], "«статья 70, часть 3, пункт 1»", "часть 3"),
        ("ky", ["--act", "government-law", "--provision", "32(9)"], "«32-берене, 9-бөлүк»", "1-бөлүк; 2-бөлүк"),
    ],
)
def test_a_part_the_data_does_not_hold_is_a_clear_error(
    lang: str, argv: list[str], asked: str, held: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "basis", *argv, "--lang", lang)
    assert code == 2 and out == ""
    assert "ERROR [name#unknown-subdivision]" in err and asked in err and held in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["--part", "2"], ["--process", "public-monitoring", "--clause", "1"]])
def test_a_part_of_no_article_is_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--process P --part 3 answered for P as if --part had not been given."""
    code, out, err = run(capsys, "basis", *argv)
    assert code == 2 and out == ""
    assert "ERROR [name#subdivision-needs-article]" in err and "--article 70 --part 3" in err


def test_an_article_is_answered_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    """--article alone and a written "article 70" keep their columns: no scope."""
    for argv in (["--article", "70"], ["--provision", "article 70"]):
        code, out, _ = run(capsys, "basis", *argv, "--format", "csv")
        assert code == 0 and out.splitlines()[0].split(",")[:6] == [
            "target", "label", "kind", "role", "provision", "provisionLabel"
        ] and "scope" not in out.splitlines()[0]  # fmt: skip


# --- queries/legal/provision-underpins.rq's scope, on a small act that has every level --------

SMALL_ACT = """
@prefix kgo: <https://w3id.org/kgtool/ontology#> .
@base <https://w3id.org/kgtool/id/> .
<t/law/a> a kgo:Law .
<t/law/a/art/9-11> a kgo:ArticleRange ; kgo:inAct <t/law/a> ; kgo:firstArticle 9 ; kgo:lastArticle 11 .
<t/law/a/art/10> a kgo:Article ; kgo:inAct <t/law/a> ; kgo:firstArticle 10 ; kgo:lastArticle 10 .
<t/law/a/art/10/part/2> a kgo:ArticlePart ; kgo:inAct <t/law/a> ; kgo:withinProvision <t/law/a/art/10> .
<t/law/a/art/10/part/2/clause/1> a kgo:Clause ; kgo:inAct <t/law/a> ;
    kgo:withinProvision <t/law/a/art/10/part/2> .
<t/law/a/art/10/part/3> a kgo:ArticlePart ; kgo:inAct <t/law/a> ; kgo:withinProvision <t/law/a/art/10> .
<t/s> kgo:sectionNumber "1" .
"""


def test_provision_underpins_says_the_scope_of_each_citation(tmp_path: Path) -> None:
    from named_rows import rows

    from kgtool.rdf.store import KnowledgeGraph

    cited = ["9-11", "10", "10/part/2", "10/part/2/clause/1", "10/part/3"]
    data = SMALL_ACT + "".join(
        f"<t/c{i}> kgo:citesProvision <t/law/a/art/{p}> ; kgo:citedFor <t/p{i}> ; kgo:citationRole kgo:Regulates ;"
        f" kgo:statedIn <t/s> .\n<t/p{i}> a kgo:AccountabilityProcess .\n"
        for i, p in enumerate(cited)
    )
    (tmp_path / "small.ttl").write_text(data, encoding="utf-8")
    backend = EmbeddedBackend(KnowledgeGraph.from_files([tmp_path / "small.ttl"]))
    base = "https://w3id.org/kgtool/id/t/law/a/art/"

    def scopes(asked: str) -> dict[str, str]:
        return {
            r["provision"][len(base) :]: r["scope"]
            for r in rows(backend, "provision-underpins", provisionAsked=base + asked)
        }

    # part 2: itself, its clause, and (as a whole) its article and the range holding the article;
    # never its sibling part 3
    assert scopes("10/part/2") == {
        "10/part/2": "asked",
        "10/part/2/clause/1": "inside",
        "10": "enclosing",
        "9-11": "enclosing",
    }
    assert scopes("10/part/2/clause/1") == {
        "10/part/2/clause/1": "asked",
        "10/part/2": "enclosing",
        "10": "enclosing",
        "9-11": "enclosing",
    }
    assert scopes("9-11") == {"9-11": "asked"}  # a range: nothing encloses it (its articles are not inside it)


@pytest.mark.parametrize(
    "text, article, part, clause",
    [
        ("70(3)", 70, 3, None),
        ("70 (3) (1)", 70, 3, 1),
        ("Art. 70(3)", 70, 3, None),
        ("article 3 clause 1", 3, None, 1),
        ("ст. 70 ч. 3 п. 1", 70, 3, 1),
        ("Статья 3, пункт 1", 3, None, 1),
        ("3-берененин 1-пункту", 3, None, 1),
        ("70-берене, 3-бөлүк", 70, 3, None),
        ("article 52", 52, None, None),
        ("статьи 70(3)", 70, 3, None),
        ("ч. 3 ст. 70", 70, 3, None),
        ("70 берене 3 бөлүк", 70, 3, None),
        ("70-беренесинин 3-бөлүгүнүн 1-пунктунда", 70, 3, 1),
        ("70-берененин 3-бөлүктөрү", 70, 3, None),
    ],
)
def test_parse_reference(text: str, article: int, part: int | None, clause: int | None) -> None:
    from kgtool.assessment.references import Reference, parse_reference

    assert parse_reference(text) == Reference(article, part, clause)


@pytest.mark.parametrize(
    "text",
    [
        "52",
        "7.5",
        "70.3",
        "85-88",
        "part 3",
        "ч. 3 ч. 4 ст. 5",
        "article 70 part 3 or 4",
        "x",
        # a level below the clause is not its clause: «пунктча» is not «пункт», «бөлүкчө» not «бөлүк»
        "70-берене 3-бөлүк 1-пунктча",
        "3-беренесинин 1-пунктчасы",
        "70-берене 3-бөлүкчө",
        "ст. 70 ч. 3 пп. 1",
        "article 70 part 3 subclause 1",
        "art. 70 para 3",
    ],
)
def test_parse_reference_leaves_the_studys_numbers_and_nonsense_alone(text: str) -> None:
    from kgtool.assessment.references import parse_reference

    assert parse_reference(text) is None


@pytest.mark.parametrize(
    "typed, lang, error_id, shown",
    [
        ("3-беренесинин 1-пунктчасы", "ky", "name#unsupported-level", "пунктчасы"),
        ("70-берене 3-бөлүк 1-пунктча", "ky", "name#unsupported-level", "--clause"),
        ("70-берене 3-бөлүкчө", "ky", "name#unsupported-level", "бөлүкчө"),
        ("ст. 70 ч. 3 пп. 1", "ru", "name#unsupported-level", "подпункт"),
        ("ст. 70 абз. 2", "ru", "name#unsupported-level", "абз"),
        ("art. 70 para 3", "en", "name#ambiguous-level", "clause"),
        ("70.3", "en", "name#unknown-provision", "70(3)"),
    ],
)
def test_a_level_kgtool_does_not_read_is_refused(
    typed: str, lang: str, error_id: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """«3-беренесинин 1-пунктчасы» (subclause 1 of article 3) answered for clause 1 of article 3:
    a reference read by how its words start misread the question without a word of warning."""
    code, out, err = run(capsys, "basis", "--provision", typed, "--lang", lang)
    assert code == 2 and out == ""
    assert f"ERROR [{error_id}]" in err and shown in err and "Traceback" not in err


@pytest.mark.parametrize("typed", ["статьи 70(3)", "70 берене 3 бөлүк", "ч. 3 ст. 70"])
def test_other_ways_of_writing_a_part_reach_it(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "basis", "--provision", typed, "--format", "csv")
    assert code == 0, err
    asked = [r["provision"] for r in csv_rows(out) if r["scope"] == "asked"]
    assert asked and set(asked) == {LAW + "constitution/art/70/part/3"}


@pytest.mark.parametrize(
    "argv, said, hinted",
    [
        # the hint said "--article 70", which asks the Constitution, not the act asked about
        (["--provision", "70(3)", "--act", "jk-rules-law"], "Rules of Procedure", "--act jk-rules-law --article 70"),
        # an instrument numbered by paragraphs has no article 7: its paragraph 7.5 is what exists
        (
            ["--act", "osce-copenhagen-document", "--provision", "7(5)"],
            "OSCE Copenhagen Document",
            "--act osce-copenhagen-document --provision 7.5",
        ),
        (["--article", "52", "--part", "9", "--lang", "ru"], "«Конституция Кыргызской Республики»", "(--article 52)"),
        (
            ["--act", "osce-copenhagen-document", "--provision", "x", "--lang", "ky"],
            "«ЕККУнун Копенгаген документи»",
            "7.5",
        ),
    ],
)
def test_errors_name_the_act_and_hint_at_the_act_asked(
    argv: list[str], said: str, hinted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors named an act by its short id («в акте constitution») where the success lines use
    its name, and the hint's look-up left out the --act it was about."""
    code, out, err = run(capsys, "basis", *argv)
    assert code == 2 and out == ""
    message, hint = err.split("\n  hint: ")
    assert said in message and hinted in hint


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "0 citations for Mechanisms of sanction or recall"),
        ("ru", "0 ссылок для «Механизмы наказания или отзыва"),
        ("ky", "«Жазалоо же чакыртып алуу"),
    ],
)
def test_a_process_basis_names_the_process(lang: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'basis --process отзыв --lang ru' ended «0 ссылок для jk-deputy-recall»: an id, not its name."""
    code, out, err = run(capsys, "basis", "--process", "отзыв", "--lang", lang)
    assert code == 0, err
    assert words in out and "jk-deputy-recall" not in out.splitlines()[-2]
