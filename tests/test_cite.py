"""kgtool cite and the bibliographic records (issue 12, item 6): every format read back by a real
tool — CSL-JSON rendered by citeproc-py with a standard style, BibTeX parsed by pybtex, RIS
checked for its required tags — in each of kgtool's languages; the records say only what a
source gives; unknown and ambiguous names are clear errors with exit code 2."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from conftest import KGO, REPO
from pybtex.database import parse_string

import kgtool
from kgtool.citation.formats import csl_item, render
from kgtool.citation.records import Citer
from kgtool.citation.resolve import resolve_resource
from kgtool.cli import main
from kgtool.i18n.catalogue import t
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.vocab import LANGUAGES

ID = "https://w3id.org/kgtool/id/"
PROCESS = ID + "kg/assessment/2016/process/jk-elections"
STUDY = ID + "kg/assessment/2016/source"
STUDY_RECORD = ID + "record/study-2016"
DATASET = ID + "dataset"
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
BIBO = rdflib.Namespace("http://purl.org/ontology/bibo/")
# a standard CSL style that ships inside citeproc-py
STYLE = "harvard-cite-them-right"


@pytest.fixture(scope="module")
def citer(kg: KnowledgeGraph) -> Citer:
    return Citer(EmbeddedBackend(kg))


@pytest.fixture(scope="module")
def backend(kg: KnowledgeGraph) -> EmbeddedBackend:
    return EmbeddedBackend(kg)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["cite", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def csl_render(items: list[dict[str, object]]) -> str:
    """The bibliography citeproc-py (a real CSL processor) makes of the items, as plain text."""
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(CitationStylesStyle(STYLE, validate=False), source, formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(str(item["id"]))]))
    return "\n".join(str(entry) for entry in bibliography.bibliography())


# --- CSL-JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csl_json_is_rendered_by_a_csl_processor(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "jk-elections", "--format", "csl-json", "--lang", lang)
    assert code == 0, err
    items = json.loads(out)
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["type"] == "entry" and item["URL"] == PROCESS
    assert item["author"] == [
        {
            "literal": {
                "en": "Development Policy Institute",
                "ru": "Институт политики развития",
                "ky": "Өнүктүрүү саясат институту",
            }[lang]
        }
    ]
    assert item["issued"] == {"date-parts": [[2016]]}
    assert item["section"] == "6.1.1" and item["language"] == lang
    assert item["version"] == kgtool.__version__
    rendered = csl_render(items)
    assert str(item["title"]) in rendered and "(2016)" in rendered and PROCESS in rendered
    assert item["author"][0]["literal"] in rendered  # type: ignore[index]
    assert str(item["container-title"]) in rendered


def test_csl_json_of_the_study_and_the_dataset(citer: Citer) -> None:
    study = csl_item(citer.cite(STUDY, "en"))
    assert study["type"] == "report"
    # the study is in Kyrgyz: cited by its original title, in its language (was the English
    # translation with "language": "en", a defect)
    assert study["title"] == "[Кыргыз Республикасында бийликтин отчеттуулук системасы]"
    assert study["language"] == "ky"
    assert study["author"] == [{"literal": "Development Policy Institute"}]
    assert study["issued"] == {"date-parts": [[2016]]}
    # the study gives no publisher, date of publication or pages: none is invented
    assert not {"publisher", "number-of-pages", "page", "publisher-place"} & set(study)
    assert "date of publication, publisher, number of pages" in str(study["note"])
    dataset = csl_item(citer.cite(DATASET, "en"))
    assert dataset["type"] == "dataset" and dataset["version"] == kgtool.__version__
    assert dataset["author"] == [{"literal": "kgtool developers"}] and "issued" not in dataset
    rendered = csl_render([study, dataset])
    assert "Development Policy Institute (2016)" in rendered and "kgtool developers" in rendered


# --- BibTeX ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_is_parsed_by_pybtex(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "jk-elections", "--format", "bibtex", "--lang", lang)
    assert code == 0, err
    entries = parse_string(out, "bibtex").entries
    assert list(entries) == ["kgtool:kg/assessment/2016/process/jk-elections"]
    entry = entries["kgtool:kg/assessment/2016/process/jk-elections"]
    assert entry.type == "misc"
    assert entry.fields["url"] == PROCESS and entry.fields["year"] == "2016"
    assert "6.1.1" in entry.fields["howpublished"]
    # the organisation is one name, braced whole, not split into first and last names
    (author,) = entry.persons["author"]
    assert (
        str(author).strip("{}")
        == {
            "en": "Development Policy Institute",
            "ru": "Институт политики развития",
            "ky": "Өнүктүрүү саясат институту",
        }[lang]
    )
    assert kgtool.__version__ in entry.fields["note"]


def test_bibtex_of_the_study_is_a_techreport_and_escapes_specials(citer: Citer) -> None:
    entry = parse_string(render(citer.cite(STUDY, "en"), "bibtex"), "bibtex").entries[
        "kgtool:kg/assessment/2016/source"
    ]
    assert entry.type == "techreport"
    assert entry.fields["institution"] == "Development Policy Institute" and entry.fields["year"] == "2016"
    odd = citer.cite(PROCESS, "en", label=[("50% & {more} #1_x", "en")])
    parsed = parse_string(render(odd, "bibtex"), "bibtex").entries[odd.key]
    assert parsed.fields["title"] == r"{50\% \& \{more\} \#1\_x}"


# --- RIS ---------------------------------------------------------------------------------

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ris_has_its_required_tags(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "jk-elections", "--format", "ris", "--lang", lang)
    assert code == 0, err
    lines = out.splitlines()
    assert all(RIS_LINE.match(line) for line in lines), lines
    assert lines[0] == "TY  - GEN" and lines[-1] == "ER  - "
    tags = {line[:2]: line[6:] for line in lines}
    assert {"TY", "AU", "TI", "T2", "PY", "UR", "LA", "ER"} <= set(tags)
    assert tags["UR"] == PROCESS and tags["PY"] == "2016" and tags["SE"] == "6.1.1"


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "section 6.1.1"), ("ru", "раздел 6.1.1"), ("ky", "6.1.1-бөлүм")],
)
def test_text_names_the_resource_the_study_its_section_the_iri_and_the_version(
    lang: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "jk-elections", "--lang", lang)
    assert code == 0
    body, iri = out.rstrip("\n").split("\n")
    assert iri == PROCESS
    assert words in body and "2016" in body and kgtool.__version__ in body and "CC BY 4.0" in body
    label = {
        "en": "Election of deputies of the Jogorku Kenesh",
        "ru": "Избрание депутатов Жогорку Кенеша",
        "ky": "Жашыруун жалпы добуш берүү менен",
    }[lang]
    assert body.startswith(label)


def test_a_provision_is_cited_in_the_sections_of_its_citations(citer: Citer) -> None:
    """A provision carries no kgo:statedIn (it is a fact of the law); it is cited in the sections
    where the study cites it."""
    c = citer.cite(ID + "kg/law/constitution/art/52", "en")
    assert c.sections and {s.how for s in c.sections} == {"cited"}
    assert "section" in render(c, "text")


def test_access_date_only_when_given_and_output_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = cli(capsys, "jk-elections", "--format", "csl-json")[1]
    assert first == cli(capsys, "jk-elections", "--format", "csl-json")[1]
    assert "accessed" not in json.loads(first)[0]
    dated = json.loads(cli(capsys, "jk-elections", "--format", "csl-json", "--accessed", "2026-12-06")[1])[0]
    assert dated["accessed"] == {"date-parts": [[2026, 12, 6]]}
    assert "Accessed 2026-12-06." in cli(capsys, "jk-elections", "--accessed", "2026-12-06")[1]


# --- what RESOURCE may be ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "iri"),
    [
        (PROCESS, PROCESS),
        ("id:kg/assessment/2016/process/jk-elections", PROCESS),
        ("process/jk-elections", PROCESS),
        ("jk-elections", PROCESS),
        ("https://example.org/site/kg/assessment/2016/process/jk-elections.html", PROCESS),
        ("kg/assessment/2016/process/jk-elections.html", PROCESS),
        ("constitution", ID + "kg/law/constitution"),
        ("dataset", DATASET),
        ("kgo:AccountabilityProcess", str(KGO.AccountabilityProcess)),
        ("equal and direct elections by universal secret ballot", PROCESS),  # part of a name, as --process takes it
        ("тең жана тикелей шайлоонун негизинде", PROCESS),
    ],
)
def test_full_iris_and_short_forms_name_the_same_resource(typed: str, iri: str, backend: EmbeddedBackend) -> None:
    assert resolve_resource(backend, typed) == iri


@pytest.mark.parametrize(
    ("typed", "error_id", "named"),
    [
        ("no-such-thing", "cite#unknown-resource", "'no-such-thing'"),
        (ID + "kg/no/such", "cite#unknown-resource", ID + "kg/no/such"),
        ("1", "cite#ambiguous-resource", ID + "kg/assessment/2016/section/1"),
        ("election", "cite#ambiguous-resource", PROCESS),
    ],
)
def test_unknown_or_ambiguous_resource_is_a_clear_error_with_exit_code_2(
    typed: str, error_id: str, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, typed)
    assert code == 2 and out == ""
    assert err.startswith(f"ERROR [{error_id}]") and named in err and "hint:" in err
    assert "Traceback" not in err


def test_a_bad_access_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "jk-elections", "--accessed", "6 Dec 2026")
    assert code == 2 and err.startswith("ERROR [cite#bad-accessed]")


@pytest.mark.parametrize("day", ["2026-02-30", "2025-02-29", "2026-04-31"])
@pytest.mark.parametrize("lang, words", [("en", "not a day"), ("ru", "нет такого дня"), ("ky", "мындай күн жок")])
def test_a_day_the_calendar_has_not_is_refused(
    day: str, lang: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--accessed 2026-02-30 was written into BibTeX's urldate: a date that never was, cited."""
    code, out, err = cli(capsys, "jk-elections", "--accessed", day, "--format", "bibtex", "--lang", lang)
    assert code == 2 and out == ""
    assert err.startswith("ERROR [cite#bad-accessed]") and day in err and words in err


def test_a_leap_day_is_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "jk-elections", "--accessed", "2024-02-29", "--format", "bibtex")
    assert code == 0, err
    assert "urldate = {2024-02-29}" in out


# --- the records -----------------------------------------------------------------------------


def test_the_dataset_record_matches_the_package(graph: rdflib.Graph) -> None:
    """The version is the package's; the licence the one README.md and pyproject.toml declare for
    the data (CC BY 4.0; MIT is the code's)."""
    dataset = rdflib.URIRef(DATASET)
    assert str(graph.value(dataset, rdflib.OWL.versionInfo)) == kgtool.__version__
    assert graph.value(dataset, DCT.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert "CC-BY-4.0" in declared
    assert "Ontology and data: CC BY 4.0" in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_study_field_says_where_it_comes_from(graph: rdflib.Graph, study_lines: list[str]) -> None:
    study = rdflib.URIRef(STUDY_RECORD)
    assert graph.value(study, DCT.source) == rdflib.URIRef(STUDY)
    fields = {str(graph.value(f, KGO.fieldProperty)): f for f in graph.subjects(KGO.fieldOf, study)}
    status = {p: graph.value(f, KGO.fieldStatus) for p, f in fields.items()}
    assert status[str(DCT.creator)] == KGO.GivenBySource
    assert status[str(DCT.title)] == KGO.SuppliedByProject
    assert status[str(DCT.created)] == status[str(DCT.language)] == KGO.ReadOffSource
    for missing in (DCT.issued, DCT.publisher, BIBO.numPages):
        assert status[str(missing)] == KGO.NotGivenBySource
        assert graph.value(study, missing) is None, f"{missing} is not given by the study and must not be invented"
    # the lines a field points to hold what it says
    creator_lines = str(graph.value(fields[str(DCT.creator)], KGO.sourceLines))
    first, last = map(int, creator_lines.split("-"))
    assert "Өнүктүрүү саясат институтунун" in " ".join(study_lines[first - 1 : last])
    title = next(
        str(o) for o in graph.objects(study, DCT.title) if isinstance(o, rdflib.Literal) and o.language == "ky"
    )
    assert title == "[" + study_lines[491].strip().removeprefix("6. ").strip() + "]"
    assert "2016-жылдын жай мезгилинде" in study_lines[1400]


def test_the_cite_command_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "## kgtool cite" in text or "### kgtool cite" in text
    assert "kgtool cite" in (REPO / "README.md").read_text(encoding="utf-8")
    assert Path(REPO / "docs" / "citing.md").is_file()


# --- the "Cite this" block of the published site -------------------------------------------


@pytest.fixture(scope="module")
def site(published_site: Callable[[str], Path]) -> Path:
    return published_site("en")


CITE_LINKS = re.compile(r'<section id="cite".*?</section>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def test_every_page_has_a_cite_block_with_the_stable_iri_and_its_citation_files(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 400
    for page in pages:
        html = page.read_text(encoding="utf-8")
        blocks = CITE_LINKS.findall(html)
        assert len(blocks) == 1, f"{page.relative_to(site)} has {len(blocks)} 'Cite this' blocks"
        block = blocks[0]
        assert "<h2>Cite this</h2>" in block and 'class="citation"' in block
        links = HREF.findall(block)
        assert links[0].startswith("https://w3id.org/kgtool/id/"), page
        stem = page.name.removesuffix(".html")
        assert links[1:] == [f"{stem}.bib", f"{stem}.csl.json", f"{stem}.ris"], page
        for name in links[1:]:
            assert (page.parent / name).is_file(), (page, name)


def test_the_citation_files_beside_a_page_are_read_by_the_tools(site: Path) -> None:
    stem = site / "page/kg/assessment/2016/process/jk-elections"
    entries = parse_string((stem.parent / (stem.name + ".bib")).read_text(encoding="utf-8"), "bibtex").entries
    assert entries["kgtool:kg/assessment/2016/process/jk-elections"].fields["url"] == PROCESS
    items = json.loads((stem.parent / (stem.name + ".csl.json")).read_text(encoding="utf-8"))
    assert PROCESS in csl_render(items)
    ris_lines = (stem.parent / (stem.name + ".ris")).read_text(encoding="utf-8").splitlines()
    assert ris_lines[0].startswith("TY  - ") and ris_lines[-1] == "ER  - "
    html = (stem.parent / (stem.name + ".html")).read_text(encoding="utf-8")
    assert "section 6.1.1" in CITE_LINKS.findall(html)[0]
    # the home page cites the dataset
    index = CITE_LINKS.findall((site / "index.html").read_text(encoding="utf-8"))[0]
    assert DATASET in index and "version " + kgtool.__version__ in index


@pytest.mark.parametrize(
    ("lang", "heading", "words"), [("ky", "Шилтеме берүү", "6.1.1-бөлүм"), ("ru", "Как цитировать", "раздел 6.1.1")]
)
def test_the_cite_block_speaks_the_pages_language(lang: str, heading: str, words: str, citer: Citer) -> None:
    from kgtool.site.citations import cite_page

    block, files = cite_page(citer, "page/kg/assessment/2016/process/jk-elections.html", lang, PROCESS)
    assert block.heading == heading and words in block.text and block.lang == lang
    assert set(files) == {f"page/kg/assessment/2016/process/jk-elections.{e}" for e in ("bib", "csl.json", "ris")}
    assert json.loads(files["page/kg/assessment/2016/process/jk-elections.csl.json"])[0]["language"] == lang


@pytest.mark.parametrize(("lang", "heading"), [("en", "Cite this"), ("ru", "Как цитировать"), ("ky", "Шилтеме берүү")])
def test_the_report_says_how_to_cite_the_study_and_the_dataset(
    lang: str, heading: str, backend: EmbeddedBackend
) -> None:
    from kgtool.reporting.build import build_report

    html = build_report(backend, lang)
    block = re.findall(r'<div id="cite" class="cite">.*?</div>', html, re.S)
    assert len(block) == 1 and heading in block[0]
    assert f"<code>{STUDY}</code>" in block[0] and f"<code>{DATASET}</code>" in block[0]
    assert "2016" in block[0] and kgtool.__version__ in block[0]


def test_a_graph_without_records_is_still_cited_by_name_section_and_iri(capsys: pytest.CaptureFixture[str]) -> None:
    """Another assessment's files (the tutorial's Exampleland) have no bibliographic records: the
    citation names no study, author or year it cannot know, but still the section and the IRI."""
    data = str(REPO / "tests" / "fixtures" / "example" / "exampleland-2016.ttl")
    code, out, err = cli(capsys, "process/elections", "--data", data)
    assert code == 0, err
    body, iri = out.rstrip("\n").split("\n")
    assert iri == "https://example.org/kgtool/id/exampleland/assessment/2016/process/elections"
    assert "section " in body and "Development Policy Institute" not in body and "2016," not in body
    code, out, _ = cli(capsys, "process/elections", "--data", data, "--format", "csl-json")
    (item,) = json.loads(out)
    assert "section" in item and not {"author", "issued", "container-title"} & set(item)


# --- what the study states, and what it does not ----------------------------------------------

INSTITUTE = "Development Policy Institute"
LATER_ACT = ID + "kg/law/constitution-2021"
WEB_FACT = ID + "kg/law/constitution/source/in_force"  # a fact read off web pages (dcterms:source)
WEB_ADDRESS = "https://www.inform.kz/en/president-of-kyrgyzstan-sadyr-zhaparov-signs-new-constitution_a3784555"


@pytest.mark.parametrize("typed", ["constitution-2021", WEB_FACT, "kgo:Constitution"])
@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris", "csl-json"])
def test_what_the_study_does_not_state_is_not_cited_in_the_study(
    typed: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A later act the project added, a fact read off web pages and an ontology term were cited
    "In: Development Policy Institute, [the study], 2016" though the study never states them:
    they are cited as part of the dataset, a web fact with its own source addresses."""
    code, out, err = cli(capsys, typed, "--format", fmt)
    assert code == 0, err
    assert INSTITUTE not in out and "accountability in the Kyrgyz Republic]" not in out and "2016," not in out
    assert "the Kyrgyz Republic's 2016 accountability study as a knowledge graph" in out  # the dataset
    if fmt == "text":
        assert "Part of: kgtool:" in out and "In:" not in out
    if fmt == "ris":
        assert "\nPY  - " not in out and "\nAU  - " not in out
    if fmt == "csl-json":
        (item,) = json.loads(out)
        assert not {"author", "issued", "container-author"} & set(item)
        assert str(item["container-title"]).startswith("kgtool:")
    if fmt == "bibtex":
        (entry,) = parse_string(out, "bibtex").entries.values()
        assert "author" not in entry.persons and "year" not in entry.fields
    if typed == WEB_FACT:  # BibTeX escapes the address's underscore
        assert (WEB_ADDRESS.replace("_", r"\_") if fmt == "bibtex" else WEB_ADDRESS) in out


def test_the_site_cites_a_web_fact_from_its_source(site: Path) -> None:
    html = (site / "page/kg/law/constitution/source/in_force.html").read_text(encoding="utf-8")
    block = CITE_LINKS.findall(html)[0]
    assert INSTITUTE not in block and WEB_ADDRESS in block and "Part of: kgtool:" in block


def test_an_article_inside_a_cited_range_is_cited_in_the_ranges_sections(capsys: pytest.CaptureFixture[str]) -> None:
    """Article 86 is cited as part of "articles 85-88": its citation names the range's section."""
    code, out, _ = cli(capsys, "constitution/art/86")
    assert code == 0 and "section 6.4.1" in out and INSTITUTE in out


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_the_studys_author_is_not_the_author_of_a_provision(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`cite constitution/art/52 --format bibtex|ris|csl-json` gave the Institute as the article's
    author; the study (with its author) is the container."""
    code, out, err = cli(capsys, "constitution/art/52", "--format", fmt)
    assert code == 0, err
    if fmt == "bibtex":
        entry = parse_string(out, "bibtex").entries["kgtool:kg/law/constitution/art/52"]
        assert "author" not in entry.persons
        assert INSTITUTE in entry.fields["howpublished"] and "6.2.1" in entry.fields["howpublished"]
    elif fmt == "ris":
        tags = [line[:2] for line in out.splitlines()]
        assert "AU" not in tags and "T2  - [The system of government accountability" in out
    else:
        (item,) = json.loads(out)
        assert "author" not in item and item["container-author"] == [{"literal": INSTITUTE}]
        rendered = csl_render([item])
        assert not rendered.startswith(INSTITUTE) and "Constitution of the KR, article 52" in rendered


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris", "csl-json"])
def test_the_study_is_cited_in_its_language_by_its_original_title(
    lang: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The study is in Kyrgyz (dcterms:language "ky"): --lang ru gave language = {ru} and only
    the Russian title; now the original title and the language ky, a translation following."""
    code, out, err = cli(capsys, "kg/assessment/2016/source", "--format", fmt, "--lang", lang)
    assert code == 0, err
    original = "[Кыргыз Республикасында бийликтин отчеттуулук системасы]"
    translation = {
        "en": "[The system of government accountability in the Kyrgyz Republic]",
        "ru": "[Система подотчётности власти в Кыргызской Республике]",
        "ky": None,
    }[lang]
    if fmt == "text":
        assert original in out and (translation is None or f"{original} ({translation})" in out)
    elif fmt == "bibtex":
        entry = parse_string(out, "bibtex").entries["kgtool:kg/assessment/2016/source"]
        assert entry.fields["title"] == "{" + original + "}" and entry.fields["language"] == "ky"
        assert translation is None or translation in entry.fields["titleaddon"]
    elif fmt == "ris":
        tags = {line[:2]: line[6:] for line in out.splitlines()}
        assert tags["TI"] == original and tags["LA"] == "ky" and tags.get("TT") == translation
    else:
        (item,) = json.loads(out)
        assert item["title"] == original and item["language"] == "ky"


# --- the act's law: the edition the study read, and whether it is still in force ---------------

ART52 = ID + "kg/law/constitution/art/52"
# (the project's note on the version read, the banner's words for the act no longer in force,
# the "replaced by" caption and the successor's name), in each language
LAW_WORDS = {
    "en": (
        "The 2010 Constitution as in force in 2016, when the study was written.",
        "No longer in force by 2021-10-12 at the latest; the exact date: unknown",
        "Replaced by: Constitution of the Kyrgyz Republic (2021)",
    ),
    "ru": (
        "Конституция 2010 года в редакции, действовавшей в 2016 году, когда было написано исследование.",
        "Не действует самое позднее с 2021-10-12; точная дата: неизвестно",
        "Заменивший акт: Конституция Кыргызской Республики (2021)",
    ),
    "ky": (
        "2010-жылкы Конституциянын изилдөө жазылган 2016-жылы күчүндө болгон редакциясы.",
        "Эң кечинде 2021-10-12 күчүн жоготкон; так күнү: белгисиз",
        "Ордуна келген акт: Кыргыз Республикасынын Конституциясы (2021)",
    ),
}


# the name of an edition an act without a noted version is realized by, which says itself that the
# study read it
EDITION_READ = {
    "en": "the edition the study read",
    "ru": "редакция, которую читало исследование",
    "ky": "изилдөө окуган редакция",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_edition_named_as_the_one_read_is_said_once(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An act with no noted version (kgo:citedVersion) is cited with its edition's name, which says
    it is the edition the study read: 'Edition the study read: Constitutional Law … "On the
    Government of the KR": the edition the study read (2016)' said it twice."""
    code, out, err = cli(capsys, ID + "kg/law/government-law/art/32", "--lang", lang)
    assert code == 0, err
    assert out.lower().count(EDITION_READ[lang]) == 1, out
    assert t("cite.edition", lang, edition="").strip() not in out, out  # "Edition the study read:"
    assert f"{EDITION_READ[lang]} (2016)." in out, out


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris", "csl-json"])
def test_a_provision_is_cited_with_the_edition_read_and_its_act_no_longer_in_force(
    lang: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kgtool cite constitution/art/52` named neither the edition the study read (the 2010
    Constitution as in force in 2016) nor that the act is no longer in force: a lawyer citing it
    could not tell it was superseded. Every format now says both, in the reader's language, and
    names the successor; the edition is the item's version, not the dataset's."""
    code, out, err = cli(capsys, "constitution/art/52", "--format", fmt, "--lang", lang)
    assert code == 0, err
    edition, gone, successor = LAW_WORDS[lang]
    if fmt == "text":
        body = out.split("\n")[0]
        assert edition.rstrip(".") in body and gone in body and successor in body
        assert body.index(edition.rstrip(".")) < body.index(gone) < body.index(successor)
        return
    if fmt == "bibtex":
        entry = parse_string(out, "bibtex").entries["kgtool:kg/law/constitution/art/52"]
        version, note = entry.fields["version"], entry.fields["note"]
    elif fmt == "ris":
        tags = {line[:2]: line[6:] for line in out.splitlines()}
        version, note = tags["ET"], tags["N1"]
    else:
        (item,) = json.loads(out)
        version, note = str(item["version"]), str(item["note"])
        rendered = csl_render([item])
        assert "Constitution of the KR, article 52" in rendered or lang != "en"
    assert version == edition
    assert edition.rstrip(".") in note and gone in note and successor in note
    assert kgtool.__version__ in note  # the dataset's version moved to the note, kept


@pytest.mark.parametrize(
    ("typed", "lang", "said", "unsaid"),
    [
        # in force as of the data's date (2025): unknown (kgo:notConfirmed eli:in_force); the successor is stated
        (
            "government-law",
            "en",
            [
                "In force as of 2025: unknown (no public source confirmed it)",
                'Replaced by: Constitutional Law of the KR "On the Cabinet of Ministers of the Kyrgyz Republic"',
                '. Constitutional Law of the KR "On the Government of the KR": the edition the study read (2016). ',
            ],
            ["No longer in force", "Edition the study read:", "today"],
        ),
        # the project's note on the version, in Russian
        (
            "budget-code",
            "ru",
            [
                "Редакция, которую читало исследование: В редакции, принятой 16 мая 2016 года",
                "Действует ли по состоянию на 2025 год: неизвестно",
            ],
            ["As adopted", "Не действует", "сегодня"],
        ),
        # a later act the study did not read: in force, no edition
        (
            "constitution-2021",
            "en",
            ["Constitution of the Kyrgyz Republic (2021). In force as of 2025. Part of:"],
            ["Edition"],
        ),
        # what is no act: nothing of law
        ("jk-elections", "en", ["section 6.1.1"], ["Edition", "in force", "In force"]),
    ],
)
def test_a_citation_says_of_the_law_only_what_the_data_says(
    typed: str, lang: str, said: list[str], unsaid: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, typed, "--lang", lang)
    assert code == 0, err
    for words in said:
        assert words in out
    for words in unsaid:
        assert words not in out


@pytest.mark.parametrize(
    ("lang", "as_of", "today"),
    [
        ("en", "In force as of 2025: unknown", "today"),
        ("ru", "Действует ли по состоянию на 2025 год: неизвестно", "сегодня"),
        ("ky", "2025-жылга карата күчүндөбү: белгисиз", "бүгүн"),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "bibtex", "ris", "csl-json"])
def test_a_citation_dates_the_acts_force(
    lang: str, as_of: str, today: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A citation is copied into a paper and read years later: "In force today: unknown" did not
    say which day "today" was. It now says the date the data states its facts as of
    (kgo:legalStatusAsOf, 2025), in every format and language, and still names the successor."""
    code, out, err = cli(capsys, "kg/law/government-law/art/32/part/2", "--format", fmt, "--lang", lang)
    assert code == 0, err
    assert as_of in out, out
    assert today not in out.lower(), out
    assert {"en": "Replaced by: ", "ru": "Заменивший акт: ", "ky": "Ордуна келген акт: "}[lang] in out


def test_the_site_cites_an_article_with_its_edition_and_its_act_no_longer_in_force(
    published_site: Callable[[str], Path],
) -> None:
    """The "Cite this" block of a provision's page and the files beside it say the same."""
    for lang in LANGUAGES:
        stem = published_site(lang) / "page/kg/law/constitution/art/52"
        block = CITE_LINKS.findall((stem.parent / (stem.name + ".html")).read_text(encoding="utf-8"))[0]
        edition, gone, successor = LAW_WORDS[lang]
        for words in (edition.rstrip("."), gone, successor):
            assert html_text(words) in block, (lang, words)
        (item,) = json.loads((stem.parent / (stem.name + ".csl.json")).read_text(encoding="utf-8"))
        assert item["version"] == edition and gone in str(item["note"])


def html_text(words: str) -> str:
    """``words`` as a page writes them (escaped)."""
    from markupsafe import escape

    return str(escape(words))


def test_resource_law_names_a_resources_act_and_its_noted_versions(backend: EmbeddedBackend) -> None:
    """queries/cite/resource-law.rq: a provision's act, an act itself, nothing for what is no act;
    the project's note on the version read in each of its languages."""
    from kgtool.sparql.named import named

    def answer(iri: str) -> list[tuple[str, str | None, str | None]]:
        rows = backend.select(named("resource-law").bind({"resource": iri})).rows
        return [
            (r["act"]["value"], r.get("version", {}).get("value"), r.get("version", {}).get("xml:lang")) for r in rows
        ]

    constitution = ID + "kg/law/constitution"
    assert answer(ART52) == [
        (constitution, LAW_WORDS["ky"][0], "ky-t-en"),
        (constitution, LAW_WORDS["en"][0], "en"),
        (constitution, LAW_WORDS["ru"][0], "ru-t-en"),
    ]
    assert answer(constitution) == answer(ART52)
    assert answer(LATER_ACT) == [(LATER_ACT, None, None)]
    assert answer(PROCESS) == []


@pytest.mark.parametrize("typed, lang", [("Конституция", "ru"), ("Constitution", "en"), ("Constitution", "ky")])
def test_a_name_of_the_law_and_of_a_class_is_not_the_class(
    typed: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """'kgtool cite Конституция' cited the ontology's class kgo:Constitution, exit 0, where 'basis
    --act Конституция' calls the name ambiguous: a researcher got a class instead of the law. The
    data's resources win; several are an ambiguity listing them, the hint naming the class."""
    code, out, err = cli(capsys, typed, "--lang", lang)
    assert code == 2 and out == ""
    assert "ERROR [cite#ambiguous-resource]" in err and ID + "kg/law/constitution," in err
    assert "kgo:Constitution" in err.split("hint:")[1]


@pytest.mark.parametrize(
    ("typed", "part_of"),
    [("Observer", "recommendation/conclusion-1"), ("Country", "process/committee-development-directions")],
)
def test_a_terms_whole_name_is_not_given_to_a_resource_that_merely_contains_it(
    typed: str, part_of: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """'kgtool cite Observer' cited a recommendation whose text speaks of "the system's observers",
    without a word, once data resources won over terms (a reviewer's): the class named wholly and
    a resource that merely contains the word are both listed, and the reader chooses."""
    code, out, err = cli(capsys, typed)
    assert code == 2 and out == ""
    assert "ERROR [cite#ambiguous-resource]" in err
    assert f"{KGO}{typed}" in err and ID + "kg/assessment/2016/" + part_of in err


def test_an_ontology_term_is_still_found_by_its_name_where_no_data_is(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "AccountabilityProcess")
    assert code == 0, err
    assert out.endswith("https://w3id.org/kgtool/ontology#AccountabilityProcess\n")
