"""Observers' mandates, cross-references and editorial notes (issue 12, items 4 and 5): the
named queries, `kgtool basis --observers` / `--article 104` / `--process`, and the pages.

The expected rows are read off the study (section 6.4.1, lines 1839-1841 and 1866-1875;
6.1.1, lines 767-778; 6.3.1, lines 1496-1497; 6.5.1, lines 2074-2079; 6.2.1, line 1088),
not off the queries' output.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from named_rows import rows

from kgtool.cli import main
from kgtool.i18n.messages import t
from kgtool.rdf.store import KnowledgeGraph
from kgtool.site.conneg import local_path
from kgtool.sparql.backends import EmbeddedBackend

ID = "https://w3id.org/kgtool/id/kg/"
A = ID + "assessment/2016/"
KGO = "https://w3id.org/kgtool/ontology#"
PROSECUTOR = ID + "observer/prosecutor-office"
EXECUTIVE = ID + "actor/executive-and-lsg-bodies"


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


def run_csv(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    code = main([*argv, "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def short(iri: str) -> str:
    return iri.split("/kg/", 1)[-1]


# --- observers' mandates ------------------------------------------------------------------


def test_the_mandates_of_the_observers_of_the_executive(backend: EmbeddedBackend) -> None:
    """Who watches the executive and LSG bodies, under which norms: the three bodies of
    6.4.1 with the norms the text names for each (the courts, named at lines 1144-1147
    without a norm, come with none)."""
    found = {
        (short(r["observer"]), short(r["process"]).rsplit("/", 1)[-1], short(r.get("norm", "")), r.get("section", ""))
        for r in rows(backend, "observer-mandates", agent=EXECUTIVE)
    }
    assert found == {
        ("observer/prosecutor-office", "accounts-chamber-prosecutor-oversight", "law/constitution/art/104", "6.4.1"),
        ("observer/prosecutor-office", "accounts-chamber-prosecutor-oversight", "law/prosecutor-law/art/1-3", "6.4.1"),
        ("observer/prosecutor-office", "information-access", "law/constitution/art/104", "6.4.1"),
        ("observer/prosecutor-office", "information-access", "law/prosecutor-law/art/1-3", "6.4.1"),
        ("observer/accounts-chamber", "accounts-chamber-prosecutor-oversight", "law/constitution/art/107", "6.4.1"),
        (
            "observer/accounts-chamber",
            "accounts-chamber-prosecutor-oversight",
            "law/accounts-chamber-law/art/4-6",
            "6.4.1",
        ),
        ("observer/standing-committees", "law-implementation-oversight", "law/constitution", "6.4.1"),
        ("observer/standing-committees", "law-implementation-oversight", "law/jk-rules-law", "6.4.1"),
        ("observer/courts", "information-access", "", ""),
    }


def test_no_observer_watches_the_parliament_in_the_study(backend: EmbeddedBackend) -> None:
    """6.1, 6.3 and 6.5 name no observer of a process (their files say why), so asking for the
    observers of the Jogorku Kenesh answers nothing rather than something invented."""
    assert rows(backend, "observer-mandates", agent=ID + "actor/jogorku-kenesh") == []


@pytest.mark.parametrize(
    ("lang", "label", "mode"),
    [
        ("en", "Prosecutor's Office", "enforces"),
        ("ru", "Прокуратура", "обеспечивает исполнение"),
        ("ky", "Прокуратура", "мажбурлап аткартат"),
    ],
)
def test_basis_observers_answers_in_each_language(
    capsys: pytest.CaptureFixture[str], lang: str, label: str, mode: str
) -> None:
    found = run_csv(capsys, "basis", "--observers", "--agent", "executive-and-lsg-bodies", "--lang", lang)
    prosecutor = [r for r in found if r["observer"] == PROSECUTOR]
    assert {r["label"] for r in prosecutor} == {label}
    assert {r["mode"] for r in prosecutor} == {KGO + "Enforces"}  # csv holds the term in any --lang
    assert main(["basis", "--observers", "--agent", "executive-and-lsg-bodies", "--lang", lang]) == 0
    assert mode in capsys.readouterr().out  # a table names it in --lang
    assert {r["norm"].rsplit("/law/", 1)[-1] for r in prosecutor} == {"constitution/art/104", "prosecutor-law/art/1-3"}
    assert {r["agent"] for r in found} == {EXECUTIVE}


def test_basis_observers_table_says_what_the_rows_are(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["basis", "--observers", "--lang", "ru"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert t("basis.observers_note", "ru", n=9) in out


def test_agent_without_observers_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["basis", "--article", "104", "--agent", "executive-and-lsg-bodies"])
    _, err = capsys.readouterr()
    assert code != 0 and "query#agent-needs-observers" in err


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Prosecutor's Office"), ("ru", "Прокуратура"), ("ky", "Прокуратура")]
)
def test_article_104_names_the_prosecutors_office(capsys: pytest.CaptureFixture[str], lang: str, label: str) -> None:
    """--help promises observers among what an article underpins: article 104 gives the
    Prosecutor's Office its powers (line 1866) and grounds the oversight process."""
    found = run_csv(capsys, "basis", "--article", "104", "--lang", lang)
    observers = [r for r in found if r["kind"] == "observer"]
    assert [(r["target"], r["label"]) for r in observers] == [(PROSECUTOR, label)]
    assert {r["target"] for r in found} == {PROSECUTOR, A + "process/accounts-chamber-prosecutor-oversight"}


def test_article_107_names_the_accounts_chamber(capsys: pytest.CaptureFixture[str]) -> None:
    found = run_csv(capsys, "basis", "--article", "107")
    assert ID + "observer/accounts-chamber" in {r["target"] for r in found}


def test_recommendation_calls_for_a_new_edition_of_the_access_law(backend: EmbeddedBackend) -> None:
    """6.2.3-4 (lines 1382-1383): "мыйзамдын жаңы редакциясын кабыл алууну талап кылат"."""
    found = rows(backend, "citations", target=A + "recommendation/6.2.3-4")
    assert [(r["norm"].rsplit("/law/", 1)[-1], r["role"]) for r in found] == [
        ("access-to-information-law", KGO + "CallsForRevision")
    ]


# --- cross-references ---------------------------------------------------------------------


def test_direct_interaction_refers_back_to_the_elections_norms(capsys: pytest.CaptureFixture[str]) -> None:
    found = run_csv(capsys, "basis", "--process", "jk-direct-interaction")
    kinds = {r["norm"].rsplit("/law/", 1)[-1]: r["kind"] for r in found}
    assert kinds["constitution/art/4"] == "citation"
    assert kinds["jk-rules-law/art/152"] == "citation"
    crossed = {n: k for n, k in kinds.items() if k != "citation"}
    assert set(crossed) == {"deputy-status-law/art/21", "jk-rules-law/art/151-152"}
    assert set(crossed.values()) == {"cross-reference"}
    assert {r["citedFor"] for r in found if r["kind"] != "citation"} == {A + "process/jk-elections"}
    # the citations come first, then the cross-references
    assert [r["kind"] == "citation" for r in found] == [True, True, False, False]


def test_recall_points_to_the_ban_without_gaining_a_citation(
    capsys: pytest.CaptureFixture[str], backend: EmbeddedBackend
) -> None:
    recall = A + "process/jk-deputy-recall"
    assert rows(backend, "process-basis", process=recall) == []
    assert recall in {r["process"] for r in rows(backend, "no-legal-basis")}
    found = run_csv(capsys, "basis", "--process", "jk-deputy-recall", "--lang", "ky")
    assert {(r["norm"].rsplit("/law/", 1)[-1], r["section"], r["lines"]) for r in found} == {
        ("constitution/art/73/part/1", "6.3.1", "1496-1497"),
        ("constitution/art/73", "6.5.1", "2078-2079"),
    }
    assert {r["kind"] for r in found} == {"cross-reference"}
    assert any("кайра чакырып алууга жол берилбейт" in r["note"] for r in found)


# --- editorial notes ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "words"), [("en", "may be a misprint"), ("ru", "опечат"), ("ky", "басма ката")])
def test_misprint_notes_reach_basis_output(capsys: pytest.CaptureFixture[str], lang: str, words: str) -> None:
    found = run_csv(capsys, "basis", "--process", "public-monitoring", "--lang", lang)
    notes = {r["norm"].rsplit("/law/", 1)[-1]: r["editorialNote"] for r in found}
    assert words in notes["lsg-finance-law/art/110"] and "1088" in notes["lsg-finance-law/art/110"]
    assert words in notes["lsg-finance-law/art/113"]
    assert notes["constitution/art/52"] == ""
    found = run_csv(capsys, "basis", "--article", "3", "--lang", lang)
    clause = [r for r in found if r["provision"].endswith("/art/3/clause/1")]
    assert clause and all(words in r["editorialNote"] and "2074" in r["editorialNote"] for r in clause)


# --- pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(published_site: Callable[[str], Path]) -> Path:
    return published_site("en")


def section(site: Path, iri: str, anchor: str) -> str:
    html = (site / f"page/{local_path(iri)}.html").read_text(encoding="utf-8")
    assert f'<section id="{anchor}">' in html, anchor
    return html.split(f'<section id="{anchor}">')[1].split("</section>")[0]


def test_observer_page_shows_its_mandate(site: Path) -> None:
    mandate = section(site, PROSECUTOR, "legal-basis")
    assert t("page.mandate", "en") in mandate
    assert "constitution/art/104.html" in mandate and "prosecutor-law/art/1-3.html" in mandate
    oversees = section(site, PROSECUTOR, "oversees")
    assert "accounts-chamber-prosecutor-oversight.html" in oversees


def test_process_page_shows_cross_references_apart_from_the_legal_basis(site: Path) -> None:
    process = A + "process/jk-direct-interaction"
    crossed = section(site, process, "cross-references")
    assert "deputy-status-law/art/21.html" in crossed and "jk-rules-law/art/151-152.html" in crossed
    assert "jk-elections.html" in crossed
    basis = section(site, process, "legal-basis")
    assert "deputy-status-law/art/21.html" not in basis


def test_misprint_note_on_the_process_page_and_the_provision_page(site: Path) -> None:
    basis = section(site, A + "process/public-monitoring", "legal-basis")
    assert 'class="editorial-note"' in basis and "1088" in basis
    note = section(site, ID + "law/lsg-finance-law/art/113", "editorial-note")
    assert "may be a misprint" in note and "1091-1092" in note
    clause = section(site, ID + "law/constitution/art/3/clause/1", "editorial-note")
    assert "2074" in clause


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_basis_rows_for_programs_hold_codes_in_any_language(
    lang: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """basis --format csv --lang ru wrote role "регулирует" and kind "перекрёстная ссылка: …" while
    scope and a use's kind stayed codes: docs/commands.md says csv, tsv and json hold codes."""
    outputs = []
    for argv in (
        ["basis", "--process", "jk-deputy-recall"],
        ["basis", "--process", "jk-direct-interaction"],
        ["basis", "--article", "70", "--part", "3"],
        ["basis", "--observers"],
    ):
        assert main([*argv, "--format", fmt, "--lang", lang]) == 0
        outputs.append(capsys.readouterr().out)
    text = "\n".join(outputs)
    for word in ("регулирует", "ограничивает", "наблюдает", "перекрёстная", "жөнгө салат", "чектейт", "кайчылаш"):
        assert word not in text
    assert KGO + "Restricts" in text and "cross-reference" in text and KGO + "Watches" in text


def test_basis_tables_still_name_roles_in_the_readers_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["basis", "--process", "jk-deputy-recall", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "ограничивает" in out and "перекрёстная ссылка" in out
