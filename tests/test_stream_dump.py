"""The site's whole-graph dumps streamed from the store one subject at a time (kgtool.rdf.stream_dump,
issue 18): the same bytes as the in-memory writer (kgtool.rdf.flat_write.serialize_each) for
blank-node shapes, line-break characters, carriage returns, look-alike IRIs and statements held in
two files; the same counts as asking the store; and the same refusals, before any file."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kgtool.errors import InputError
from kgtool.rdf import stream_dump
from kgtool.rdf.flat_write import serialize_each
from kgtool.rdf.store import KnowledgeGraph
from kgtool.rdf.stream_dump import StoreDump
from kgtool.rdf.write import stated_in
from kgtool.vocab import RDF, XSD

FORMATS = ["ttl", "nt", "jsonld", "rdfxml"]
EX = "http://example.org/"
TEXT = f"""@prefix ex: <{EX}> .
@prefix xsd: <{XSD}> .
ex:a ex:p [ ex:q [ ex:r "deep" ] ] ; ex:list ( ex:x ( ex:y ) ) ; a ex:Thing .
ex:a1 ex:p "one" .
ex:a- ex:p "dash" ; ex:n 1.50 ; ex:i "007"^^xsd:integer .
ex:a ex:z "line\u2028break\u0085and\u2029para", "cr\\r\\nlf", "tab\\tq\\"" , "x"@en, "x"@en-us .
<{EX}iri\u2028with> ex:p ex:a .
_:r1 ex:next _:r2 . _:r2 ex:next _:r3 . _:r3 ex:next _:r1 . ex:a ex:ring _:r1 .
_:t ex:label "twin" . _:u ex:label "twin" .
"""


def graph(*extra: str, twice: bool = True) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    text = (TEXT + "".join(extra)).encode()
    for name in ("one", "two") if twice else ("one",):  # every statement in two files: written once
        g = ox.NamedNode(f"{EX}file/{name}")
        kg.store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(text, ox.RdfFormat.TURTLE))
    return kg


def streamed(kg: KnowledgeGraph, fmts: list[str] = FORMATS) -> tuple[StoreDump, dict[str, bytes]]:
    dump = StoreDump(kg, fmts, stated_in(kg))
    dump.refuse()
    files = {fmt: io.BytesIO() for fmt in fmts}
    dump.write_all(files)
    return dump, {fmt: file.getvalue() for fmt, file in files.items()}


def test_the_streamed_dumps_are_the_in_memory_writers_bytes() -> None:
    kg = graph()
    dump, written = streamed(kg)
    assert not dump.whole
    assert written == dict(serialize_each(list(kg.triples()), FORMATS, stated_in(kg)))
    assert b"\\u2028" in written["ttl"] and b"&#13;" in written["rdfxml"]  # the escapes were made on the way
    quads = list(kg.store.quads_for_pattern(None, None, None))
    assert dump.statements == len(kg)
    assert dump.subjects == len({q.subject for q in quads})
    assert dump.properties == len({q.predicate for q in quads})
    assert dump.classes == len({q.object for q in quads if q.predicate.value == RDF + "type"})


def test_an_empty_store_gives_the_same_empty_documents() -> None:
    kg = KnowledgeGraph()
    assert streamed(kg)[1] == dict(serialize_each([], FORMATS, stated_in(kg)))


def test_a_triple_term_is_left_to_the_whole_graph_writer() -> None:
    kg = graph("ex:c ex:said <<( ex:a ex:p ex:b )>> .\n", twice=False)
    fmts = ["ttl", "nt"]  # (JSON-LD 1.1 and RDF/XML have no triple terms)
    dump, written = streamed(kg, fmts)
    assert dump.whole and written == dict(serialize_each(list(kg.triples()), fmts, stated_in(kg)))
    assert dump.statements == len(kg)


@pytest.mark.parametrize(
    ("extra", "error_id"),
    [('ex:b ex:name "مرحبا"@ar--rtl .\n', "write#base-direction"), ('ex:b ex:t "v\\u000Bt" .\n', "write#not-xml-text")],
)
def test_what_a_syntax_cannot_carry_is_refused_as_before(extra: str, error_id: str) -> None:
    kg = graph(extra, twice=False)
    dump = StoreDump(kg, FORMATS, stated_in(kg))
    with pytest.raises(InputError) as caught:
        dump.refuse()
    with pytest.raises(InputError) as before:
        next(serialize_each(list(kg.triples()), FORMATS, stated_in(kg)))
    assert caught.value.error_id == error_id and str(caught.value) == str(before.value)


@pytest.mark.parametrize("piece", [1, 2, 3, 512])
@pytest.mark.parametrize(
    ("extra", "fmts"),
    [("", FORMATS), ("", ["rdfxml", "nt"]), ("", ["ttl"]), ("ex:c ex:said <<( ex:a ex:p ex:b )>> .\n", ["ttl", "nt"])],
)
def test_all_syntaxes_from_one_pass_are_each_ones_bytes(
    piece: int, extra: str, fmts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_all's pieces of whole subjects (any number per piece) join into serialize_each's bytes,
    escapes included; the counts are the store's; an empty store and the whole-graph path too."""
    monkeypatch.setattr(stream_dump, "_PIECE_SUBJECTS", piece)
    for kg in (graph(extra), KnowledgeGraph()):
        every, written = streamed(kg, fmts)
        assert written == dict(serialize_each(list(kg.triples()), fmts, stated_in(kg)))
        quads = list(kg.store.quads_for_pattern(None, None, None))
        assert every.statements == len(kg)
        assert every.subjects == len({q.subject for q in quads})
        assert every.classes == len({q.object for q in quads if q.predicate.value == RDF + "type"})
