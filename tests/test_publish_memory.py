"""What `kgtool publish` keeps in memory at once (issue 18: under 1 KB per statement at 1M): the
preloads stream their query's rows, memos are bounded, the writer keeps only the sizes the dataset
description states, and each of these gives what the whole-table or unbounded form gave."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from table_only import TableOnly

from kgtool.assessment.indices import IndexCalculator
from kgtool.citation.records import Citer, read_sections
from kgtool.errors import KgtoolError
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.store_view import StoreView
from kgtool.site import context as site_context
from kgtool.site.context import SiteContext
from kgtool.site.legal_banner import LegalBanners
from kgtool.site.publish import SiteWriter, store_resource_iris
from kgtool.site.rdf_documents import edges
from kgtool.site.resource_pages import Facts, PageBuilder
from kgtool.sparql import backends
from kgtool.sparql.backends import EmbeddedBackend, select_rows
from kgtool.sparql.named import named

ID = "https://w3id.org/kgtool/id/"


def test_streamed_rows_are_the_tables_rows(kg: KnowledgeGraph) -> None:
    backend = EmbeddedBackend(kg)
    for query in ("resource-sections", "resource-names", "citations"):
        sparql = named(query).bind({})
        table = backend.select(sparql)
        assert table.rows, query
        assert list(select_rows(backend, sparql)) == table.rows
        assert list(select_rows(TableOnly(backend), sparql)) == table.rows


def test_equal_sections_are_one_object(kg: KnowledgeGraph) -> None:
    found = read_sections(select_rows(EmbeddedBackend(kg), named("resource-sections").bind({})))
    assert found == read_sections(EmbeddedBackend(kg).select(named("resource-sections").bind({})))
    every = [s for listed in found.values() for s in listed]
    assert len({id(s) for s in every}) == len(set(every)) < len(every)


def test_the_sites_citer_cites_as_the_plain_one(kg: KnowledgeGraph) -> None:
    """Citer(preload=True) reads sections up front and names only when no label is given."""
    backend = EmbeddedBackend(kg)
    site, plain = Citer(backend, preload=True), Citer(backend)
    published, _ = store_resource_iris(kg)
    for iri in published[:: max(1, len(published) // 300)] + [ID + "dataset"]:
        for label in (None, [("a shown name", "en")]):
            assert site.cite(iri, "ky", label=label) == plain.cite(iri, "ky", label=label), iri


def test_a_citer_that_forgot_its_sections_cites_as_before(kg: KnowledgeGraph) -> None:
    """The site's citer gives its preloaded sections back after the last page (issue 18's peak at
    1M); a citation asked for after that reads them from the store and says the same."""
    backend = EmbeddedBackend(kg)
    site = Citer(backend, preload=True)
    published, _ = store_resource_iris(kg)
    chosen = published[:: max(1, len(published) // 100)] + [ID + "dataset"]
    before = [site.cite(iri, "ru") for iri in chosen]
    site.forget()
    assert site._sections is None
    assert [site.cite(iri, "ru") for iri in chosen] == before
    assert any(c.sections for c in before)  # the comparison covered resources that have sections


def test_names_and_types_are_the_same_when_the_memos_start_again(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    published, _ = store_resource_iris(kg)
    nodes = [rdflib.URIRef(i) for i in published[:400]]
    roomy = SiteContext(StoreView(kg), "ru", set(published))
    expected = [(roomy.label(n), roomy.type_nodes(n)) for n in nodes]
    monkeypatch.setattr(site_context, "NAMES_KEPT", 7)
    tight = SiteContext(StoreView(kg), "ru", set(published))
    assert [(tight.label(n), tight.type_nodes(n)) for n in nodes + nodes] == expected + expected
    assert len(tight._names) <= 7 and len(tight._types) <= 7


def test_the_writer_keeps_the_sizes_of_the_root_and_the_dumps_only(tmp_path: Path) -> None:
    out = SiteWriter(tmp_path)
    out.write("cube.ttl", "cube\n")
    out.write("data/kg/law/x.ttl", b"12345")
    out.write("page/kg/law/x.html", "<p>é</p>")
    with out.stream("dumps/kgtool.nt") as file:
        file.write(b"<a> <b> <c> .\n")
    assert out.sizes == {"cube.ttl": 5, "dumps/kgtool.nt": 14}
    assert (out.files, out.bytes) == (4, 5 + 5 + 9 + 14)
    assert (tmp_path / "page/kg/law/x.html").read_text(encoding="utf-8") == "<p>é</p>"
    assert (tmp_path / "data/kg/law/x.ttl").read_bytes() == b"12345"


def test_the_writer_replaces_a_longer_file_whole_and_makes_folders_as_open_would(tmp_path: Path) -> None:
    """SiteWriter writes with os.open (three system calls a file): what it leaves is what
    ``open(path, "wb").write(...)`` and ``os.makedirs(..., exist_ok=True)`` leave."""
    out = SiteWriter(tmp_path)
    out.write("a/b/c/x.html", "a much longer first text")
    out.folders.clear()  # made again: an existing folder is no error
    out.write("a/b/c/x.html", "short")
    out.write("a/y.ttl", b"")
    assert (tmp_path / "a/b/c/x.html").read_bytes() == b"short"
    assert (tmp_path / "a/y.ttl").read_bytes() == b""
    with open(tmp_path / "by-open", "wb") as file:
        file.write(b"x")
    assert (tmp_path / "a/b/c/x.html").stat().st_mode == (tmp_path / "by-open").stat().st_mode
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(KgtoolError) as refused:  # the system's refusal, as an error naming the site's file
        SiteWriter(tmp_path).write("file/x.html", "under a file")
    assert refused.value.error_id == "publish#cannot-write" and refused.value.file == "file/x.html"
    assert isinstance(refused.value.__cause__, FileExistsError)


def test_a_forgetting_context_names_and_links_as_before(kg: KnowledgeGraph) -> None:
    published, _ = store_resource_iris(kg)
    ctx = SiteContext(StoreView(kg), "en", set(published))
    nodes = [rdflib.URIRef(i) for i in published[:200]]
    before = [(ctx.label(n), ctx.link(n, "page/a/b.html"), ctx.types(n, "page/x.html")) for n in nodes]
    ctx.forget()
    assert not (ctx._names or ctx._types or ctx._hrefs or ctx._links)
    assert [(ctx.label(n), ctx.link(n, "page/a/b.html"), ctx.types(n, "page/x.html")) for n in nodes] == before


def test_the_search_index_streamed_is_the_tables(kg: KnowledgeGraph) -> None:
    from kgtool.search.index import entries_from_rows
    from kgtool.search.texts import build_index, text_rows

    backend = EmbeddedBackend(kg)
    assert build_index(backend).entries == entries_from_rows(text_rows(backend))
    assert build_index(TableOnly(backend)).entries == entries_from_rows(text_rows(backend))


def test_streamed_rows_keep_no_more_than_a_bound_of_distinct_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """A streamed read of many distinct texts (the search index) holds a bounded number of them at
    once, the rows still exactly the table's (the review of the eighth session found every value
    kept to the end: 58 MB for 200,000 texts)."""
    monkeypatch.setattr(backends, "SAME_KEPT", 1_000)
    kg = KnowledgeGraph()
    kg.store.extend(
        ox.Quad(ox.NamedNode(f"{ID}t/{i}"), ox.NamedNode(f"{ID}p"), ox.Literal(f"text number {i} " + "x" * 200))
        for i in range(20_000)
    )
    backend = EmbeddedBackend(kg)
    sparql = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    assert list(backend.rows(sparql)) == backend.select(sparql).rows
    tracemalloc.start()
    try:
        for _ in backend.rows(sparql):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak  # 20,000 texts of 230 characters kept would be over 5 MB


def test_a_page_from_the_statements_its_documents_read_is_the_page_read_alone(kg: KnowledgeGraph) -> None:
    """publish reads a resource's statements once for its documents and its page (issue 18): the
    page built from them is the page that asks the store itself, resource for resource."""
    published, _ = store_resource_iris(kg)
    backend = EmbeddedBackend(kg)
    ctx = SiteContext(StoreView(kg), "ru", set(published))
    builder = PageBuilder(ctx, Facts.gather(backend, "ru"), IndexCalculator(backend, "ru"))
    builder.legal = LegalBanners(backend, ctx)
    pointed_to = 0
    for iri in published[::3]:
        read = edges(kg, iri)
        pointed_to += bool(read[1])
        assert builder.page(iri, read) == builder.page(iri), iri
    assert pointed_to > 50  # the "referenced by" tables were compared too
