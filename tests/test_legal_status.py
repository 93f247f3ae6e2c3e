"""Acts as versioned legal resources and point-in-time look-ups (issue 12, items 1 and 2):
data/legal-status.ttl gives every act its status facts or says they are unknown, each fact
with its own source; `kgtool basis --at DATE` flags acts not in force then or today, in
ky, ru and en; act and provision pages carry the in-force banner and the sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from kgtool.assessment.legal_status import (
    act_statuses,
    assessment_period,
    parse_at,
    verdict,
)
from kgtool.cli import main
from kgtool.errors import UsageError
from kgtool.rdf.store import KnowledgeGraph
from kgtool.site.context import SiteContext
from kgtool.site.legal_banner import LegalBanners
from kgtool.site.publish import resource_iris
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.vocab import DATA_NAMESPACE, ELI, KGO

CONSTITUTION = DATA_NAMESPACE + "kg/law/constitution"
CONSTITUTION_2021 = DATA_NAMESPACE + "kg/law/constitution-2021"
ART52 = CONSTITUTION + "/art/52"
GOVERNMENT_LAW = DATA_NAMESPACE + "kg/law/government-law"
# the public record that says by when the 2010 Constitution had been replaced (data/legal-status.ttl)
REPLACED_BY_SOURCE = (
    "https://www.inform.kz/en/kyrgyz-president-sadyr-zhaparov-signs-decree-on-resignation-of-cabinet_a3848131"
)
ELI_NS = rdflib.Namespace(ELI)
KGO_NS = rdflib.Namespace(KGO)


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the data --------------------------------------------------------------------------


def test_every_cited_act_has_a_status_with_its_edition(graph: rdflib.Graph) -> None:
    """Every act the study cites is in data/legal-status.ttl: it names the edition the study
    read (so shapes/legal-status.ttl checks its other facts are stated or declared unknown)."""
    acts = set(graph.subjects(KGO_NS.shortId, None))
    assert len(acts) >= 20
    for act in sorted(acts, key=str):
        (edition,) = graph.objects(act, ELI_NS.is_realized_by)
        assert (edition, rdflib.RDF.type, KGO_NS.Edition) in graph, act
    assert (KGO_NS.Edition, rdflib.RDFS.subClassOf, ELI_NS.LegalExpression) in graph


def test_statuses_name_their_sources_and_their_unknowns(backend: EmbeddedBackend) -> None:
    statuses = act_statuses(backend)
    constitution = statuses[CONSTITUTION]
    (adopted,) = constitution.facts[ELI + "date_document"]
    assert adopted.value == "2010-06-27" and all(s.record.startswith("https://") for s in adopted.sources)
    assert ELI + "id_local" in constitution.unknown and ELI + "date_no_longer_in_force" in constitution.unknown
    (successor,) = constitution.facts[KGO + "replacedBy"]
    assert successor.value == CONSTITUTION_2021 and successor.sources
    (edition,) = constitution.facts[ELI + "is_realized_by"]
    assert [(s.section, s.record) for s in edition.sources] == [("6.1.1", "")]
    # a fact the study itself states carries its section and lines, not an address
    (decree_number,) = statuses[DATA_NAMESPACE + "kg/law/decree-329-2016"].facts[ELI + "id_local"]
    assert decree_number.value == "329"
    assert [(s.section, s.lines) for s in decree_number.sources] == [("6.2.1", "1179-1184")]
    # the later act is a resource of its own, its facts from public records
    assert statuses[CONSTITUTION_2021].facts[ELI + "in_force"][0].value == ELI + "InForce-inForce"
    assert statuses[GOVERNMENT_LAW].facts[KGO + "replacedBy"][0].value == DATA_NAMESPACE + "kg/law/cabinet-law"


# --- point in time ---------------------------------------------------------------------


def test_parse_at_takes_a_day_or_a_year_and_refuses_anything_else() -> None:
    assert parse_at("2022-01-01").start == parse_at("2022-01-01").end
    year = parse_at("2016")
    assert (year.start.isoformat(), year.end.isoformat()) == ("2016-01-01", "2016-12-31")
    for bad in ("2022-13-01", "2022-02-30", "1 January 2022", "22-01-01", ""):
        with pytest.raises(UsageError) as info:
            parse_at(bad)
        assert info.value.error_id == "name#bad-date"


def test_verdicts_follow_the_stated_dates(backend: EmbeddedBackend) -> None:
    statuses = act_statuses(backend)
    period = assessment_period(backend)
    assert period is not None and period.text == "2016"
    at_assessment = verdict(statuses[CONSTITUTION], period, period)
    assert at_assessment.state == "edition" and at_assessment.today == "not-in-force" and at_assessment.flagged
    later = verdict(statuses[CONSTITUTION], parse_at("2022-01-01"), period)
    assert later.state == "gone" and later.by is not None and later.by.value == "2021-10-12"
    # before the bound no source says it had gone: the answer is unknown, not "in force"
    assert verdict(statuses[CONSTITUTION], parse_at("2021-06-01"), period).state == "unknown"
    assert verdict(statuses[CONSTITUTION], parse_at("2009-01-01"), period).state == "not-yet"
    # an act with nothing known beyond its edition: unknown outside the assessment's period
    jk_rules = verdict(statuses[DATA_NAMESPACE + "kg/law/jk-rules-law"], parse_at("2022-01-01"), period)
    assert jk_rules.state == "unknown" and jk_rules.today == "unknown" and not jk_rules.flagged


@pytest.mark.parametrize(
    "lang, gone, successor, unknown",
    [
        (
            "en",
            "no longer in force by 2021-10-12 at the latest",
            "replaced by: Constitution of the Kyrgyz Republic (2021)",
            "unknown (no public source confirmed it)",
        ),
        (
            "ru",
            "не действует самое позднее с 2021-10-12",
            "заменивший акт: Конституция Кыргызской Республики (2021)",
            "неизвестно (ни один публичный источник не подтвердил)",
        ),
        (
            "ky",
            "эң кечинде 2021-10-12 күчүн жоготкон",
            "ордуна келген акт: Кыргыз Республикасынын Конституциясы (2021)",
            "белгисиз (эч бир ачык булак тастыктаган эмес)",
        ),
    ],
)
def test_basis_at_2022_says_the_2010_constitution_had_gone_and_names_its_successor(
    lang: str, gone: str, successor: str, unknown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "basis", "--article", "52", "--at", "2022-01-01", "--lang", lang)
    assert code == 0, err
    flagged = next(line for line in out.splitlines() if line.startswith("! "))
    assert "2022-01-01" in flagged and gone in flagged and unknown in flagged
    assert REPLACED_BY_SOURCE in flagged  # the source of the fact, on the same line
    successor_line = next(line for line in out.splitlines() if successor in line)
    assert "https://" in successor_line
    first = out.splitlines()[0].split()
    assert first[0] == {"en": "name", "ru": "название", "ky": "аталышы"}[lang]  # the rows come first, headed by names
    assert "52" in out.splitlines()[2]  # the first row: a use of article 52


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_basis_defaults_to_the_assessments_period_and_flags_what_is_gone_today(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Today" is said as of the date the data states it (kgo:legalStatusAsOf: 2025), not as a
    bare "today" a reader of a copied note cannot date."""
    code, out, _ = run(capsys, "basis", "--article", "52", "--lang", lang)
    assert code == 0
    flagged = next(line for line in out.splitlines() if line.startswith("! "))
    assert "2016" in flagged and {"en": "section 6.1.1", "ru": "раздел 6.1.1", "ky": "6.1.1-бөлүм"}[lang] in flagged
    gone = {
        "en": "as of 2025: no longer in force",
        "ru": "по состоянию на 2025 год: не действует",
        "ky": "2025-жылга карата: күчүн жоготкон",
    }[lang]
    assert gone in out
    assert {"en": "today", "ru": "сегодня", "ky": "бүгүн"}[lang] not in out.lower()


# an act's line under `kgtool basis`'s table: its mark ("!", "?" or a space), a space, its name
ACT_LINE = re.compile(r"^[!? ] \S.*2016")
# the words for a force no source confirmed, as of the data's date, in each language
UNKNOWN_AS_OF = {
    "en": "in force as of 2025: unknown (no public source confirmed it)",
    "ru": "действует ли по состоянию на 2025 год: неизвестно (ни один публичный источник не подтвердил)",
    "ky": "2025-жылга карата күчүндөбү: белгисиз (эч бир ачык булак тастыктаган эмес)",
}


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_basis_flags_an_act_replaced_by_a_later_one_and_marks_an_unknown_force_apart(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool basis --act government-law --provision "32(2)"` printed the act's line without "!"
    while saying it was replaced by the law on the Cabinet of Ministers: the data's replacement
    read as the law. "!" now marks an act replaced (or not in force); "?" an act whose force no
    source confirmed, which was marked as an act in force was."""
    code, out, err = run(capsys, "basis", "--act", "government-law", "--provision", "32(2)", "--lang", lang)
    assert code == 0, err
    notes = out.splitlines()
    (act_line,) = [line for line in notes if ACT_LINE.match(line)]
    assert act_line.startswith("! "), act_line
    rest = "\n".join(notes[notes.index(act_line) :])
    assert UNKNOWN_AS_OF[lang] in rest  # its force is still said to be unknown
    assert {"en": "replaced by: ", "ru": "заменивший акт: ", "ky": "ордуна келген акт: "}[lang] in rest
    header = next(line for line in notes if '"!"' in line or "«!»" in line)
    assert "?" in header and "2025" in header
    code, out, err = run(capsys, "basis", "--act", "jk-rules-law", "--lang", lang)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if ACT_LINE.match(line)]
    assert line.startswith("? "), line  # the edition read in 2016; its force today no source confirmed


def test_basis_of_a_process_lists_each_cited_act_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--process", "public-monitoring", "--at", "2022-01-01")
    assert code == 0
    notes = out[out.index("Acts at 2022-01-01") :]
    assert notes.count("Constitution of the Kyrgyz Republic, at 2022-01-01") == 1
    assert "Model Charter" in notes  # the other act the process cites, its force unknown
    assert "in force at that date: unknown (no public source confirmed it)" in notes


def test_basis_csv_stays_rows_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "basis", "--article", "52", "--at", "2022-01-01", "--format", "csv")
    assert code == 0 and "Acts at" not in out and out.splitlines()[0].startswith("target,")


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "01.01.2022"])
def test_basis_at_a_malformed_date_is_a_clear_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "basis", "--article", "52", "--at", bad)
    assert code == 2 and not out
    assert "ERROR [name#bad-date]" in err and bad in err and "YYYY-MM-DD" in err
    assert "Traceback" not in err


# --- pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, headline, replaced, edition",
    [
        ("en", "No longer in force by 2021-10-12", "Replaced by:", "edition the study read:"),
        ("ru", "Не действует самое позднее с 2021-10-12", "Заменивший акт:", "редакция, которую читало исследование:"),
        ("ky", "Эң кечинде 2021-10-12 күчүн жоготкон", "Ордуна келген акт:", "изилдөө окуган редакция:"),
    ],
)
def test_constitution_banner_and_status_table_in_the_pages_language(
    lang: str, headline: str, replaced: str, edition: str, graph: rdflib.Graph, backend: EmbeddedBackend
) -> None:
    published, _ = resource_iris(graph)
    ctx = SiteContext(graph, lang, set(published))
    banners = LegalBanners(backend, ctx)
    here = "page/kg/law/constitution.html"
    banner = banners.banner(rdflib.URIRef(CONSTITUTION), here)
    assert banner is not None and banner.state == "not-in-force" and not banner.of_act
    assert banner.headline[0].text.startswith(headline)
    assert REPLACED_BY_SOURCE in [f.href for f in banner.headline]
    assert banner.replaced_by[0].text == replaced
    assert banner.replaced_by[1].href == "constitution-2021.html"
    assert any(f.href and f.href.startswith("https://") for f in banner.replaced_by[2:])
    assert banner.edition[0].text.startswith(edition) and "6.1.1" in banner.edition[-1].text
    table = banners.table(rdflib.URIRef(CONSTITUTION), here)
    assert table is not None and table.id == "status"
    values = {row[0][0].title: [f.text for f in row[1]] for row in table.rows}
    assert values[ELI + "date_document"] == ["2010-06-27"]
    unknown = {"en": "unknown", "ru": "неизвестно", "ky": "белгисиз"}[lang]
    assert values[ELI + "id_local"][0].startswith(unknown)
    assert values[KGO + "officialRecord"][0].startswith(unknown)


def test_a_provision_page_shows_its_acts_banner(graph: rdflib.Graph, backend: EmbeddedBackend) -> None:
    published, _ = resource_iris(graph)
    banners = LegalBanners(backend, SiteContext(graph, "en", set(published)))
    banner = banners.banner(rdflib.URIRef(ART52), "page/kg/law/constitution/art/52.html")
    assert banner is not None and banner.state == "not-in-force"
    assert banner.of_act[1].href == "../../constitution.html"
    later = banners.banner(rdflib.URIRef(CONSTITUTION_2021), "page/kg/law/constitution-2021.html")
    assert later is not None and later.state == "in-force"
    unknown = banners.banner(rdflib.URIRef(DATA_NAMESPACE + "kg/law/jk-rules-law"), "page/kg/law/jk-rules-law.html")
    assert unknown is not None and unknown.state == "unknown"
    assert unknown.headline[0].text == "In force as of 2025: unknown (no public source confirmed it)"
    assert banners.banner(rdflib.URIRef(DATA_NAMESPACE + "kg/assessment/2016"), "page/x.html") is None


# --- the flag beside an act no longer in force, wherever a table names it -------------------------

HEADLINE = re.compile(r'<p class="headline"><span[^>]*>([^<]+)</span>')
FLAG = re.compile(r'<span class="not-in-force"[^>]*>([^<]+)</span>')


def section(html: str, table_id: str) -> str:
    return html.split(f'<section id="{table_id}">')[1].split("</section>")[0]


def row_of(table: str, href_end: str) -> str:
    """The table's row whose first link to an act page ends with ``href_end``."""
    return next(r for r in table.split("<tr>") if f'{href_end}"' in r)


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_a_process_legal_basis_and_the_acts_page_flag_an_act_no_longer_in_force(
    lang: str, published_site: Callable[[str], Path]
) -> None:
    """The process pages' legal basis and acts.html named the 2010 Constitution with no word that
    it is no longer in force (its article pages and `kgtool basis` said so): a reader of
    jk-elections' legal basis took articles of a replaced constitution for the law. Each now
    flags it in the words of the article pages' banner, in the page's language, with its
    successor linked; an act whose status is unknown is not flagged."""
    site = published_site(lang)
    banner = (site / "page/kg/law/constitution/art/52.html").read_text(encoding="utf-8")
    (words,) = HEADLINE.findall(banner)  # the article page's words for the act
    assert "2021-10-12" in words
    process = (site / "page/kg/assessment/2016/process/jk-elections.html").read_text(encoding="utf-8")
    basis = section(process, "legal-basis")
    row = row_of(basis, "law/constitution.html")
    assert FLAG.findall(row) == [words]
    assert 'href="../../../law/constitution-2021.html"' in row.split(words)[1]
    acts = (site / "acts.html").read_text(encoding="utf-8")
    listed = section(acts, "acts")
    assert FLAG.findall(row_of(listed, "page/kg/law/constitution.html")) == [words]
    assert 'href="page/kg/law/constitution-2021.html"' in row_of(listed, "page/kg/law/constitution.html")
    assert FLAG.findall(row_of(listed, "page/kg/law/jk-rules-law.html")) == []  # in force: unknown
    assert FLAG.findall(row_of(section(acts, "most-cited-acts"), "page/kg/law/constitution.html")) == [words]


# Russian past-tense and short forms agree with their subject's gender: said of "Конституция"
# (feminine) or "постановление" (neuter) in the masculine, they read as wrong (a reviewer's)
MASCULINE_ONLY = ("утратил силу", "заменён", "читало его редакцию", ": ещё не принят", "действовал ли на")


@pytest.mark.parametrize(
    "argv",
    [
        ("--act", "constitution", "--at", "2009"),
        ("--act", "constitution", "--at", "2016"),
        ("--act", "constitution", "--at", "2024-01-01"),
        ("--article", "52"),
    ],
)
def test_russian_status_words_agree_with_any_act(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "basis", *argv, "--lang", "ru")
    assert code == 0, err
    assert "Конституция" in out
    # the header explains the marks of "акт" (masculine): "акт … заменён более поздним актом"
    said = "\n".join(line for line in out.lower().splitlines() if not line.startswith("акты на"))
    assert not [words for words in MASCULINE_ONLY if words in said], out


# the banner's words for a force no source confirmed, as of the data's date
BANNER_UNKNOWN = {lang: words[:1].upper() + words[1:] for lang, words in UNKNOWN_AS_OF.items()}
STATE = re.compile(r'<span class="(in-force|not-in-force|unknown)"[^>]*>([^<]+)</span>')


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_acts_page_says_each_acts_state_unknown_and_replaced_included(
    lang: str, published_site: Callable[[str], Path]
) -> None:
    """acts.html flagged only the 2010 Constitution; the twenty acts whose force no source
    confirmed showed nothing, and read as in force, and the law on the Government, which the data
    says the law on the Cabinet of Ministers replaced, showed nothing of it. Every act now says its
    state in its banner's words, "unknown" included, as of the data's date, with its successor."""
    site = published_site(lang)
    listed = section((site / "acts.html").read_text(encoding="utf-8"), "acts")
    rows = [r for r in listed.split("<tr>") if re.search(r'href="page/(kg|intl)/law/', r)]
    assert len(rows) > 20
    for row in rows:
        assert len(STATE.findall(row)) == 1, row
    government = row_of(listed, "page/kg/law/government-law.html")
    assert STATE.findall(government) == [("unknown", html_text(BANNER_UNKNOWN[lang]))]
    assert 'href="page/kg/law/cabinet-law.html"' in government
    assert STATE.findall(row_of(listed, "page/kg/law/jk-rules-law.html")) == [
        ("unknown", html_text(BANNER_UNKNOWN[lang]))
    ]


def test_a_banners_sources_follow_the_statement_they_back(published_site: Callable[[str], Path]) -> None:
    """The banner of a provision of the 2010 Constitution had a second line "булагы: https://…"
    with no statement before it: the sources of the act's force, under the line that states the
    date by which it had gone. Every source of the headline now follows it on its one line."""
    page = (published_site("ky") / "page/kg/law/constitution/art/70/part/3.html").read_text(encoding="utf-8")
    (headline,) = re.findall(r'<p class="headline">(.*?)</p>', page, re.S)
    assert "<br>" not in headline
    assert headline.count("булагы:") == 1
    assert "inform.kz" in headline and "isito.kg" in headline


def html_text(words: str) -> str:
    """``words`` as a page writes them (escaped)."""
    from markupsafe import escape

    return str(escape(words))
