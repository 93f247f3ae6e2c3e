"""`kgtool publish`: a complete, deterministic static site in which every resource IRI has a
page and RDF documents, every RDF file parses with independent parsers (Debian's rapper,
PyLD), the dumps hold exactly the triples of `kgtool build`, and no internal link is broken."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from kgtool.assessment.indices import IndexCalculator
from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.write import serialize
from kgtool.site.conneg import MAX_SEGMENT, SAFE_PATH, document_extension, local_path
from kgtool.site.context import SiteContext
from kgtool.site.publish import ACCEPT_RULES, MARKER, resource_iris
from kgtool.site.resource_pages import Facts, PageBuilder
from kgtool.site.void import DatasetFacts, void_triples
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.vocab import DATA_NAMESPACE

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
RAPPER_SYNTAX = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml"}
ART52 = DATA_NAMESPACE + "kg/law/constitution/art/52"
MONITORING = DATA_NAMESPACE + "kg/assessment/2016/process/public-monitoring"


@pytest.fixture(scope="module")
def site(published_site: Callable[[str], Path]) -> Path:
    """The site ``publish(kg, out)`` writes (published once per run: tests/conftest.py)."""
    return published_site("en")


def files(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site.rglob("*" + suffix) if p.is_file())


def rapper(path: Path) -> rdflib.Graph:
    """Parse with Debian's raptor (rapper), a parser independent of rdflib and Oxigraph."""
    assert shutil.which("rapper"), "rapper is installed with: apt-get install raptor2-utils"
    proc = subprocess.run(
        ["rapper", "-q", "-i", RAPPER_SYNTAX[path.suffix], "-o", "ntriples", str(path), "http://example.org/base/"],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0 and not proc.stderr, f"{path}: {proc.stderr.decode()}"
    return rdflib.Graph().parse(data=proc.stdout.decode("utf-8"), format="nt")


def pyld_graph(path: Path) -> rdflib.Graph:
    """Parse JSON-LD with PyLD, a JSON-LD processor independent of rdflib and Oxigraph."""
    nquads = jsonld.to_rdf(json.loads(path.read_text(encoding="utf-8")), {"format": "application/n-quads"})
    return rdflib.Graph().parse(data=nquads, format="nt")


def build_nt(kg: KnowledgeGraph) -> rdflib.Graph:
    return rdflib.Graph().parse(data=serialize(kg, "nt").decode("utf-8"), format="nt")


# --- completeness ------------------------------------------------------------------


def test_every_resource_iri_has_a_page_and_rdf_documents(site: Path, graph: rdflib.Graph) -> None:
    published, skipped = resource_iris(graph)
    assert not skipped
    for iri in published:
        path = local_path(iri)
        assert (site / f"page/{path}.html").is_file(), iri
        for ext in ("ttl", "jsonld", "nt", "rdf"):
            assert (site / f"data/{path}.{ext}").is_file(), (iri, ext)
    kinds = {
        "AccountabilityProcess",
        "PrincipalAgentPair",
        "Actor",
        "OversightBody",
        "Article",
        "Constitution",
        "Recommendation",
        "StatedFigure",
        "DimensionAssessment",
        "Citation",
    }
    for kind in kinds:
        members = list(graph.subjects(RDF.type, rdflib.URIRef("https://w3id.org/kgtool/ontology#" + kind)))
        assert members and all(str(m) in published for m in members), kind


def test_site_has_the_promised_files(site: Path) -> None:
    for name in (
        "index.html",
        "acts.html",
        "ontology.html",
        "style.css",
        "context.jsonld",
        "void.ttl",
        "cube.ttl",
        ".htaccess",
        "conf/nginx-http.conf",
        "conf/nginx-server.conf",
        MARKER,
    ):
        assert (site / name).is_file(), name
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert (site / f"dumps/kgtool.{ext}").is_file() and (site / f"ontology.{ext}").is_file()


# --- independent parsers -----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf"])
def test_every_rdf_file_parses_with_rapper(site: Path, suffix: str) -> None:
    paths = files(site, suffix)
    assert len(paths) > 400
    syntax = RAPPER_SYNTAX[suffix]
    # one shell loop per batch keeps ~1300 parser runs fast; any failure names its file
    script = 'for f; do rapper -q -i "$0" -c "$f" >/dev/null 2>/dev/null || echo "FAIL $f"; done'
    failed = []
    for start in range(0, len(paths), 200):
        proc = subprocess.run(
            ["sh", "-c", script, syntax, *map(str, paths[start : start + 200])],
            capture_output=True,
            text=True,
            timeout=300,
        )
        failed += proc.stdout.split("\n") if proc.stdout.strip() else []
    assert not [f for f in failed if f], failed[:5]


def test_every_jsonld_file_parses_with_pyld(site: Path) -> None:
    paths = files(site, ".jsonld")
    assert len(paths) > 400
    for path in paths:
        if path.name == "context.jsonld":
            continue
        assert len(pyld_graph(path)) > 0, path


@pytest.mark.parametrize("ext", ["ttl", "nt", "rdf", "jsonld"])
def test_dumps_hold_the_same_triples_as_kgtool_build(site: Path, kg: KnowledgeGraph, ext: str) -> None:
    path = site / f"dumps/kgtool.{ext}"
    parsed = pyld_graph(path) if ext == "jsonld" else rapper(path)
    expected = build_nt(kg)
    assert len(parsed) == len(expected) == len(kg)
    assert isomorphic(parsed, expected)


def test_ntriples_dump_is_byte_identical_to_kgtool_build(site: Path, tmp_path: Path) -> None:
    """The dumps are written flat from the store (kgtool.rdf.flat_write, issue 18); N-Triples has one
    spelling, so it is byte-identical to ``kgtool build``'s; the other syntaxes hold the same
    statements (above)."""
    out = tmp_path / "kg.nt"
    assert main(["build", "--format", "nt", "-o", str(out)]) == 0
    assert (site / "dumps/kgtool.nt").read_bytes() == out.read_bytes()


def test_ontology_documents_are_kgtool_builds_pretty_ones(site: Path, tmp_path: Path) -> None:
    """The ontology alone is written as ``kgtool build`` writes it, its restrictions nested in [ … ]."""
    text = (site / "ontology.ttl").read_text(encoding="utf-8")
    assert "owl:Restriction" in text and "[" in text and "_:c14n" not in text


def test_ontology_alone(site: Path) -> None:
    ontology = rapper(site / "ontology.ttl")
    assert (rdflib.URIRef("https://w3id.org/kgtool/ontology"), RDF.type, rdflib.OWL.Ontology) in ontology
    assert not any(str(s).startswith(DATA_NAMESPACE) for s in ontology.subjects())
    assert isomorphic(ontology, pyld_graph(site / "ontology.jsonld"))


def test_resource_documents_agree_and_show_both_directions(site: Path) -> None:
    path = local_path(ART52)
    graphs = [rapper(site / f"data/{path}.{ext}") for ext in ("ttl", "nt", "rdf")]
    graphs.append(pyld_graph(site / f"data/{path}.jsonld"))
    for g in graphs[1:]:
        assert isomorphic(g, graphs[0])
    g = graphs[0]
    node = rdflib.URIRef(ART52)
    assert (node, rdflib.RDFS.label, rdflib.Literal("КР Конституциясы, 52-берене", lang="ky")) in g
    citation = rdflib.URIRef(DATA_NAMESPACE + "kg/assessment/2016/citation/public-monitoring/constitution-art-52")
    assert (citation, rdflib.URIRef("https://w3id.org/kgtool/ontology#citesProvision"), node) in g


def test_jsonld_files_use_the_published_context(site: Path) -> None:
    context = json.loads((site / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for path in (site / "dumps/kgtool.jsonld", site / f"data/{local_path(ART52)}.jsonld"):
        assert json.loads(path.read_text(encoding="utf-8"))["@context"] == context


# --- links ---------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])  # type: ignore[arg-type]
        if a.get("id"):
            self.ids.add(a["id"])  # type: ignore[arg-type]


def parse_html(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def internal_targets(page: Path, links: list[str]) -> Iterator[tuple[str, Path, str]]:
    for link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        yield link, target, parts.fragment


def test_no_broken_internal_link_and_every_page_reachable_from_the_index(site: Path) -> None:
    pages = {p.resolve(): parse_html(p) for p in files(site, ".html")}
    root = site.resolve()
    broken = []
    for page, parsed in pages.items():
        for link, target, fragment in internal_targets(page, parsed.links):
            if page == root / "sparql.html" and urlsplit(link).path == "sparql":
                continue  # the query page's examples run on the endpoint beside the site, not a file
            if not target.is_file() or root not in target.parents:
                broken.append(f"{page.relative_to(root)}: {link}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(root)}: {link} (no such anchor)")
    assert not broken, broken[:10]
    seen, todo = set(), [root / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen or page not in pages:
            continue
        seen.add(page)
        todo.extend(t for _, t, _ in internal_targets(page, pages[page].links) if t.suffix == ".html")
    unreachable = sorted(str(p.relative_to(root)) for p in pages if p not in seen)
    assert not unreachable, unreachable[:10]


# --- the pages show what readers came for ---------------------------------------------


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_process_page_shows_labels_cells_legal_basis_source(site: Path) -> None:
    page = site / f"page/{local_path(MONITORING)}.html"
    html = page.read_text(encoding="utf-8")
    text = text_of(page)
    assert 'lang="ky"' in html and 'lang="ru-t-ky"' in html and 'lang="en-t-ky"' in html
    cells = html.split('<section id="cells">')[1].split("</section>")[0]
    assert cells.count("<tr>") == 5  # header + four dimensions
    assert "present" in cells and "absent" in cells
    basis = html.split('<section id="legal-basis">')[1].split("</section>")[0]
    assert "constitution/art/52.html" in basis and "establishes" in basis
    assert "Stated in" in text and "section 6.2.1" in text


def test_article_page_lists_what_it_underpins(site: Path) -> None:
    html = (site / f"page/{local_path(ART52)}.html").read_text(encoding="utf-8")
    underpins = html.split('<section id="underpins">')[1].split("</section>")[0]
    assert "process/public-monitoring.html" in underpins and "establishes" in underpins


ART86 = DATA_NAMESPACE + "kg/law/constitution/art/86"
RANGE85 = DATA_NAMESPACE + "kg/law/constitution/art/85-88"


def test_every_provision_has_a_page_and_rdf_documents(site: Path, graph: rdflib.Graph) -> None:
    provision = rdflib.URIRef("https://w3id.org/kgtool/ontology#Provision")
    kinds = set(graph.transitive_subjects(RDFS.subClassOf, provision))
    provisions = {str(s) for k in kinds for s in graph.subjects(RDF.type, k)}
    assert ART86 in provisions and len(provisions) > 50
    for iri in provisions:
        path = local_path(iri)
        assert path is not None and (site / f"page/{path}.html").is_file(), iri
        for ext in ("ttl", "jsonld", "nt", "rdf"):
            assert (site / f"data/{path}.{ext}").is_file(), (iri, ext)


def test_article_86_page_says_it_is_cited_as_part_of_articles_85_88(site: Path) -> None:
    page = site / f"page/{local_path(ART86)}.html"
    html = page.read_text(encoding="utf-8")
    part_of = html.split('<section id="cited-as-part-of">')[1].split("</section>")[0]
    assert "85-88.html" in part_of and "process/government-programme-report.html" in part_of
    assert "Articles 85-88 of the Constitution set out the accountability" in part_of  # the study's words
    assert "as part of Constitution of the KR, articles 85-88, not on its own" in part_of
    underpins = html.split('<section id="underpins">')[1].split("</section>")[0]
    assert "process/government-programme-report.html" in underpins
    art85 = (site / "page/kg/law/constitution/art/85.html").read_text(encoding="utf-8")
    assert "as part of Constitution of the KR, articles 85-88, and also on its own" in art85
    document = rdflib.Graph().parse(site / f"data/{local_path(ART86)}.ttl", format="turtle")
    ns = rdflib.Namespace("https://w3id.org/kgtool/ontology#")
    assert (rdflib.URIRef(ART86), ns.withinRange, rdflib.URIRef(RANGE85)) in document


@pytest.mark.parametrize(
    "lang, title, quote",
    [
        ("ky", "КР Конституциясы, 86-берене", "Конституциянын 85-88-беренелери"),
        ("ru", "Конституция КР, статья 86", "Статьями 85-88 Конституции"),
        ("en", "Constitution of the KR, article 86", "Articles 85-88 of the Constitution"),
    ],
)
def test_article_86_page_in_each_language(
    lang: str, title: str, quote: str, kg: KnowledgeGraph, graph: rdflib.Graph
) -> None:
    published, _ = resource_iris(graph)
    backend = EmbeddedBackend(kg)
    ctx = SiteContext(graph, lang, set(published))
    page = PageBuilder(ctx, Facts.gather(backend, lang), IndexCalculator(backend, lang)).page(ART86)
    assert page["title"].text == title  # type: ignore[attr-defined]
    (part_of,) = [t for t in page["tables"] if t.id == "cited-as-part-of"]  # type: ignore[attr-defined]
    (row,) = part_of.rows
    assert row[0][0].href.endswith("85-88.html") and "85-88" in row[0][0].text
    assert quote in row[3][0].text


@pytest.mark.parametrize(
    "lang, words",
    [
        ("ky", ["КР Конституциясы, 86-берене", "КР Конституциясы, 85-88-беренелер", "Конституциянын 85-88-беренелери"]),
        ("ru", ["Конституция КР, статья 86", "Конституция КР, статьи 85-88", "Статьями 85-88 Конституции"]),
    ],
)
def test_article_86_page_in_a_site_published_in_kyrgyz_or_russian(
    lang: str, words: list[str], published_site: Callable[[str], Path]
) -> None:
    html = (published_site(lang) / f"page/{local_path(ART86)}.html").read_text(encoding="utf-8")
    part_of = html.split('<section id="cited-as-part-of">')[1].split("</section>")[0]
    for w in words[1:]:
        assert w in part_of
    assert f"<title>{words[0]}" in html or words[0] in html.split("</h1>")[0]


def test_acts_page_ranks_the_most_cited_acts_and_articles(site: Path) -> None:
    html = (site / "acts.html").read_text(encoding="utf-8")
    acts = html.split('<section id="most-cited-acts">')[1].split("</section>")[0]
    articles = html.split('<section id="most-cited-articles">')[1].split("</section>")[0]
    first = acts.split("<tbody>")[1].split("</tr>")[0]
    # 24 = 21 citations for processes + 3 for observers (art. 104, art. 107, the whole act for the committees)
    assert "page/kg/law/constitution.html" in first and "<span>24</span>" in first
    assert "constitution/art/86.html" in articles and "government-law/art/32.html" in articles


def test_act_page_lists_provisions_and_what_each_underpins(site: Path) -> None:
    html = (site / "page/kg/law/constitution.html").read_text(encoding="utf-8")
    provisions = html.split('<section id="provisions">')[1].split("</section>")[0]
    assert "constitution/art/52.html" in provisions and "public-monitoring.html" in provisions
    art86 = provisions.split("constitution/art/86.html")[1].split("</tr>")[0]
    assert "government-programme-report.html" in art86  # through "articles 85-88"
    assert "constitution.html" in (site / "acts.html").read_text(encoding="utf-8")


def test_constitution_page_has_the_in_force_banner_and_the_source_of_each_fact(site: Path) -> None:
    html = (site / "page/kg/law/constitution.html").read_text(encoding="utf-8")
    banner = html.split('<div id="in-force" class="banner not-in-force"')[1].split("</div>")[0]
    assert "No longer in force by 2021-10-12 at the latest" in banner
    assert 'href="constitution-2021.html"' in banner and "Replaced by:" in banner
    assert banner.count('href="https://') >= 3  # the sources of the date, the force and the successor
    assert "the study, section 6.1.1" in banner  # the edition the study read
    status = html.split('<section id="status">')[1].split("</section>")[0]
    assert "2010-06-27" in status and "unknown (no public source confirmed it)" in status
    article = (site / f"page/{local_path(ART52)}.html").read_text(encoding="utf-8")
    assert 'class="banner not-in-force"' in article and "The act this provision belongs to:" in article


def test_index_has_headline_indices_and_links_into_pairs_processes_acts(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<section id="indices">' in html and "42.59%" in html  # 23 of 54 scored cells
    assert html.count("page/kg/assessment/2016/pair/") >= 5
    assert html.count("page/kg/assessment/2016/process/") >= 19
    assert 'href="acts.html"' in html


def test_ontology_page_documents_every_term_in_three_languages(site: Path, graph: rdflib.Graph) -> None:
    parsed = parse_html(site / "ontology.html")
    html = (site / "ontology.html").read_text(encoding="utf-8")
    ns = "https://w3id.org/kgtool/ontology#"
    terms = {str(s)[len(ns) :] for s in graph.subjects() if str(s).startswith(ns)}
    assert len(terms) > 100 and terms <= parsed.ids
    article = html.split('<article id="AccountabilityProcess"')[1].split("</article>")[0]
    for text in ("Accountability process", "Отчеттуулук процесси", "Процесс подотчётности", "A mechanism through"):
        assert text in article
    assert "exactly 1" in article  # the OWL restriction, in words
    statements = html.split('<article id="statedIn"')[1].split("</article>")[0]
    assert "http://www.w3.org/ns/prov#wasDerivedFrom" in statements  # an alignment


def test_page_language_with_kyrgyz_fallback(kg: KnowledgeGraph, graph: rdflib.Graph) -> None:
    published, _ = resource_iris(graph)
    backend = EmbeddedBackend(kg)
    for lang, expected in (
        ("ru", "Общественный мониторинг"),
        ("ky", "Кызмат көрсөтүүлөргө"),
        ("en", "Public monitoring"),
    ):
        ctx = SiteContext(graph, lang, set(published))
        page = PageBuilder(ctx, Facts.gather(backend, lang), IndexCalculator(backend, lang)).page(MONITORING)
        assert page["title"].text.startswith(expected)  # type: ignore[attr-defined]
    # a literal with no label in the page language falls back to the study's Kyrgyz
    ctx = SiteContext(graph, "en", set(published))
    note_only = rdflib.URIRef(DATA_NAMESPACE + "kg/assessment/2016/section/6.2.1")
    assert ctx.label(note_only).text


# --- dataset description and cube -------------------------------------------------------


def test_void_and_dcat_description(site: Path) -> None:
    g = rapper(site / "void.ttl")
    dataset = rdflib.URIRef("https://w3id.org/kgtool/void.ttl#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g and (dataset, RDF.type, DCAT.Dataset) in g
    assert g.value(dataset, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(dataset, DCAT.version) is not None and g.value(dataset, DCTERMS.title) is not None
    dumps = {str(d) for d in g.objects(dataset, VOID.dataDump)}
    assert dumps == {f"https://w3id.org/kgtool/dumps/kgtool.{e}" for e in ("ttl", "jsonld", "nt", "rdf")}
    for dist in g.objects(dataset, DCAT.distribution):
        name = str(g.value(dist, DCAT.downloadURL)).removeprefix("https://w3id.org/kgtool/")
        assert int(g.value(dist, DCAT.byteSize)) == (site / name).stat().st_size
    examples = list(g.objects(dataset, VOID.exampleResource))
    assert len(examples) >= 5
    assert all((site / f"page/{local_path(str(e))}.html").is_file() for e in examples)
    assert int(g.value(dataset, VOID.triples)) == len(rapper(site / "dumps/kgtool.nt"))
    assert (dataset, VOID.sparqlEndpoint, None) not in g  # none was given


def test_void_names_the_sparql_endpoint_when_served() -> None:
    facts = DatasetFacts(
        base="https://example.org/kg/",
        triples=1,
        ontology_triples=1,
        entities=1,
        classes=1,
        properties=1,
        subjects=1,
        titles=[],
        roots=[],
        examples=[],
        sources=[],
        dump_sizes={
            **{f"dumps/kgtool.{e}": 1 for e in ("ttl", "jsonld", "nt", "rdf")},
            **{f"ontology.{e}": 1 for e in ("ttl", "jsonld", "nt", "rdf")},
            "cube.ttl": 1,
        },
        sparql_url="https://example.org/kg/sparql",
    )
    found = {(str(s), str(p), str(o)) for s, p, o in void_triples(facts)}
    assert (
        "<https://example.org/kg/void.ttl#dataset>",
        "<http://rdfs.org/ns/void#sparqlEndpoint>",
        "<https://example.org/kg/sparql>",
    ) in found


def test_indices_as_a_data_cube(site: Path, kg: KnowledgeGraph) -> None:
    g = rapper(site / "cube.ttl")
    datasets = list(g.subjects(RDF.type, QB.DataSet))
    assert len(datasets) == 1
    structure = g.value(datasets[0], QB.structure)
    assert (structure, RDF.type, QB.DataStructureDefinition) in g
    specs = list(g.objects(structure, QB.component))
    dims = [g.value(s, QB.dimension) for s in specs if g.value(s, QB.dimension)]
    measures = [g.value(s, QB.measure) for s in specs if g.value(s, QB.measure)]
    assert len(dims) == 5 and len(measures) == 1
    ns = "https://w3id.org/kgtool/cube.ttl#"
    country, year = rdflib.URIRef(ns + "country"), rdflib.URIRef(ns + "year")
    assert country in dims and year in dims
    assert g.value(country, RDFS.range) == rdflib.URIRef("https://w3id.org/kgtool/ontology#Country")
    assert g.value(year, RDFS.range) == rdflib.XSD.gYear
    assert (country, RDF.type, QB.DimensionProperty) in g and (year, RDF.type, QB.DimensionProperty) in g
    observations = list(g.subjects(QB.dataSet, datasets[0]))
    rows = IndexCalculator(EmbeddedBackend(kg), assessment="https://w3id.org/kgtool/id/kg/assessment/2016").rows()
    assert len(observations) == len(rows)
    # the one assessment is one slice, fixing country and year, holding every observation
    slices = list(g.objects(datasets[0], QB.slice))
    assert len(slices) == 1 and set(g.objects(slices[0], QB.observation)) == set(observations)
    assert g.value(slices[0], country) == rdflib.URIRef("https://w3id.org/kgtool/id/kg")
    assert g.value(slices[0], year) == rdflib.Literal("2016", datatype=rdflib.XSD.gYear)
    key = g.value(slices[0], QB.sliceStructure)
    assert (structure, QB.sliceKey, key) in g and set(g.objects(key, QB.componentProperty)) == {country, year}
    keys = set()
    for obs in observations:
        assert (obs, RDF.type, QB.Observation) in g
        key = tuple(g.value(obs, d) for d in dims)
        assert None not in key and g.value(obs, measures[0]) is not None  # IC-11, IC-14
        keys.add(key)
    assert len(keys) == len(observations)  # IC-12: no duplicate observations
    stated = {
        (str(g.value(o, rdflib.URIRef(ns + "indicator"))), str(g.value(o, rdflib.URIRef(ns + "subject")))): g.value(
            o, rdflib.URIRef(ns + "statedValue")
        )
        for o in observations
    }
    absent = stated[
        ("https://w3id.org/kgtool/ontology#DimensionAbsentShare", "https://w3id.org/kgtool/ontology#Enforceability")
    ]
    present = stated[
        ("https://w3id.org/kgtool/ontology#DimensionPresentShare", "https://w3id.org/kgtool/ontology#Enforceability")
    ]
    assert absent is not None and present is not None and absent != present


# --- publisher configuration ------------------------------------------------------------

TYPICAL_ACCEPT = {
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8": "html",
    "*/*": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "text/turtle, application/n-triples;q=0.9, */*;q=0.1": "ttl",
    "application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1": "rdf",  # rdflib's
}


@pytest.mark.parametrize("accept", TYPICAL_ACCEPT)
def test_server_rules_pick_what_kgtool_serve_picks_for_typical_clients(accept: str) -> None:
    by_rules = next((ext for ext, pattern in ACCEPT_RULES if re.search(pattern, accept)), "html")
    assert by_rules == document_extension(accept) == TYPICAL_ACCEPT[accept]


# Accept-Language headers browsers send (most wanted first), and the odd ones: none of the languages,
# a refusal, the wildcard, capitals, a weight of 0.0, of 0.10, a range that only starts like a code
TYPICAL_ACCEPT_LANGUAGE = {
    "ru": "ru",
    "ky-KG,ky;q=0.9,ru;q=0.8,en;q=0.7": "ky",
    "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7": "ru",
    "en-US,en;q=0.5": "en",
    "de-DE,de;q=0.9": None,
    "ru;q=0, ky": "ky",
    "ru;q=0.0, ky;q=0.10": "ky",
    "*": None,
    "RU-ru": "ru",
    "russian, en": "en",
    "": None,
}


@pytest.mark.parametrize("header", TYPICAL_ACCEPT_LANGUAGE)
def test_publication_rules_pick_the_language_kgtool_serve_picks(header: str) -> None:
    """The pattern the publication's nginx and Apache rules read Accept-Language with (None: no
    language named, the default's) chooses as ``kgtool serve --site DIR`` does for these headers."""
    from kgtool.serve.languages import language_asked
    from kgtool.site.conneg import accept_language_pattern, publication_default

    languages = ("ky", "ru", "en")
    found = re.search(accept_language_pattern(languages), header, re.IGNORECASE)
    by_rules = found.group(1).lower() if found else None
    assert by_rules == TYPICAL_ACCEPT_LANGUAGE[header]
    default = publication_default(languages)
    assert (by_rules or default) == language_asked(header, default, languages)
    assert publication_default(("ky", "ru")) == "ky"


def test_apache_and_nginx_rules(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteBase /kgtool/" in htaccess
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f"RewriteRule ^id/(.+)$ data/$1.{ext} [R=303,L]" in htaccess
        assert f"RewriteRule ^ontology$ ontology.{ext} [L]" in htaccess
    assert "RewriteRule ^id/(.+)$ page/$1.html [R=303,L]" in htaccess and "Vary Accept" in htaccess
    server = (site / "conf/nginx-server.conf").read_text(encoding="utf-8")
    assert "return 303 /kgtool/$kgtool_dir/$kgtool_path.$kgtool_ext;" in server
    assert "add_header Vary Accept always;" in server
    assert "try_files /kgtool/ontology.$kgtool_ext =404;" in server
    http = (site / "conf/nginx-http.conf").read_text(encoding="utf-8")
    assert "map $http_accept $kgtool_ext" in http and '"~*text/turtle" ttl;' in http


# --- the command ------------------------------------------------------------------------


def test_cli_publishes_a_byte_identical_site_and_replaces_its_own(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a kgtool site already there (a copy of the run's, byte for byte what publish wrote), with a
    # file of its own: the command replaces the whole site
    out = tmp_path / "again"
    shutil.copytree(site, out)
    (out / "stale.html").write_text("left over", encoding="utf-8")
    assert main(["publish", str(out)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"published \d+ resources in \d+ files \(\d+ bytes\)", err)
    mine = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert mine.keys() == theirs.keys()
    assert [k for k in mine if mine[k] != theirs[k]] == []
    # the site as it was, moved aside while the new one took its place, is gone, as is the staging folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again"]


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", str(tmp_path / "x"), "--base", "ftp://example.org/"]) == 2
    assert "ERROR [publish#bad-base]" in capsys.readouterr().err
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["publish", str(busy)]) == 2
    err = capsys.readouterr().err
    assert "ERROR [publish#outdir-not-empty]" in err and "Traceback" not in err
    assert (busy / "mine.txt").read_text(encoding="utf-8") == "keep me"


# --- the query page -----------------------------------------------------------------------

FORM_QUERIES = {
    "legal/article-underpins",
    "legal/process-basis",
    "lookup/text-match",
    "gaps/no-legal-basis",
    "gaps/blocked-or-restricted",
    "gaps/missing-dimension",
    "gaps/rules-absent-despite-law",
    "gaps/appendix-disagreements",
}


def test_every_page_leads_to_the_query_page(site: Path) -> None:
    assert (site / "sparql.js").read_bytes().startswith(b"/* generated by kgtool publish")
    # every page's navigation leads to the query page, relative to where the page is
    assert '<a href="sparql.html">SPARQL</a>' in (site / "index.html").read_text(encoding="utf-8")
    art52 = (site / f"page/{local_path(ART52)}.html").read_text(encoding="utf-8")
    assert '<a href="../../../../../sparql.html">SPARQL</a>' in art52


def test_the_query_page_forms_fill_named_queries_as_written(site: Path) -> None:
    """The forms carry no SPARQL of their own: each names a query of queries/, and the text the
    script fills is that file's text (the site's language, English, is every query's default)."""
    from html import unescape

    from kgtool.sparql.named import named

    page = (site / "sparql.html").read_text(encoding="utf-8")
    texts = dict(re.findall(r'<pre class="query-text" data-query="([^"]+)">(.*?)</pre>', page, flags=re.S))
    assert set(texts) == FORM_QUERIES
    for name, text in texts.items():
        assert unescape(text) == named(name).text, name
    forms = re.findall(r'<form class="question" id="([^"]+)"', page)
    assert forms == ["q-article", "q-gaps", "q-basis", "q-search"]
    # the choices are the graph's: every act (the Constitution chosen), pair and process
    assert f'<option value="{DATA_NAMESPACE}kg/law/constitution" selected>' in page
    assert page.count('<option value="' + DATA_NAMESPACE + "kg/assessment/2016/pair/") == 5
    assert f'<option value="{MONITORING}"' in page
    assert re.search(r'<input type="number" name="article" data-param="article" data-kind="integer" value="52"', page)
    # one script, the site's own file; nothing inline (the Content-Security-Policy refuses it)
    assert re.findall(r"<script[^>]*>", page) == ['<script src="sparql.js">'] and " style=" not in page
    # every link is a file of the site, or the endpoint beside it
    parsed = parse_html(site / "sparql.html")
    for link, target, _ in internal_targets(site / "sparql.html", parsed.links):
        assert target.is_file() or urlsplit(link).path == "sparql", link


def test_the_query_pages_script_links_as_local_path_decides(site: Path) -> None:
    """The script decides which IRIs of an answer get a link as ``local_path`` decides which get
    a page: the same path pattern, and the page tells it the longest segment (the browser test
    runs it on IRIs of each kind)."""
    script = (site / "sparql.js").read_text(encoding="utf-8")
    pattern = re.search(r"const SAFE_PATH = /\^(.*)\$/;", script)
    assert pattern is not None and pattern.group(1).replace("\\/", "/") == SAFE_PATH.pattern
    page = (site / "sparql.html").read_text(encoding="utf-8")
    assert f'data-max-segment="{MAX_SEGMENT}"' in page


def test_the_query_page_speaks_the_sites_language(kg: KnowledgeGraph) -> None:
    from kgtool.i18n.messages import t
    from kgtool.site.query_page import page_context

    graph = kg.to_rdflib()
    published, _ = resource_iris(graph)
    for lang in ("ky", "ru", "en"):
        context = page_context(SiteContext(graph, lang, set(published)), lang)
        questions = context["questions"]
        assert [q.title for q in questions] == [  # type: ignore[attr-defined]
            t(k, lang) for k in ("sparql.q_article", "sparql.q_gaps", "sparql.q_basis", "sparql.q_search")
        ]
        texts = context["texts"]
        assert f'VALUES ?lang {{ "{lang}" }}' in texts["legal/process-basis"]  # type: ignore[index]
        assert "VALUES ?process { UNDEF }" in texts["legal/process-basis"]  # type: ignore[index]
