"""The site's flat writers (kgtool.rdf.flat_write, issue 18): the hostile shapes of issue 17 (blank
nodes nested 2,000 deep, a ring of 1,000, lists 1,500 deep) are written in bounded time and read
back as the same graph by Oxigraph, rdflib and rapper; the same graph gives the same bytes however
its blank nodes are named and ordered; what a syntax cannot carry is refused as ``kgtool build``
refuses it, in the reader's language, before any document is made."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kgtool.errors import InputError
from kgtool.i18n.problems import in_language
from kgtool.rdf.blank_nodes import canonical_triples
from kgtool.rdf.flat_write import _sorted_ntriples, serialize_each, serialize_triples
from kgtool.rdf.store import from_rdflib
from kgtool.rdf.write import ntriples

FORMATS = ["ttl", "nt", "jsonld", "rdfxml"]
OXIGRAPH = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "rdfxml": "rdfxml"}
N = {"nested": 2000, "ring": 1000, "lists": 1500}


def shape(name: str) -> list[ox.Triple]:
    n = N[name]
    body = {
        "nested": "ex:a ex:p " + "[ ex:p " * n + "ex:o" + " ]" * n + " .\n",
        "ring": "".join(f"_:b{i} ex:next _:b{(i + 1) % n} .\n" for i in range(n)),
        "lists": "ex:a ex:p " + "( " * n + "ex:o" + " )" * n + " .\n",
    }[name]
    text = "@prefix ex: <http://example.org/> .\n" + body
    return list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))


def canonical_text(triples: object) -> str:
    return "\n".join(str(t) for t in canonical_triples(triples))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(N))
def test_hostile_shapes_are_written_flat_and_read_back(name: str, tmp_path: Path) -> None:
    triples = shape(name)
    started = time.process_time()
    written = serialize_triples(triples, FORMATS)
    assert time.process_time() - started < 20  # CPU seconds for four syntaxes: no recursion, no search
    expected = canonical_text(triples)
    for fmt, data in written.items():
        assert canonical_text(ox.parse(data, format=OXIGRAPH[fmt])) == expected, fmt
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(data)
        graph = rdflib.Graph().parse(path, format=RDFLIB[fmt])
        by_rdflib = [ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]  # type: ignore[arg-type]
        assert canonical_text(by_rdflib) == expected, fmt
        if fmt in RAPPER and shutil.which("rapper"):
            out = subprocess.run(
                ["rapper", "-q", "-i", RAPPER[fmt], "-o", "ntriples", str(path)], capture_output=True, check=True
            ).stdout
            assert canonical_text(ox.parse(out, format=ox.RdfFormat.N_TRIPLES)) == expected, fmt
    if name == "nested":  # flat: a blank node by its label, never nested
        assert b"[" not in written["ttl"] and b" _:" in written["ttl"]


def test_the_same_graph_gives_the_same_bytes_however_named_and_ordered() -> None:
    triples = shape("ring")[:50] + shape("nested")[:50]
    outputs = set()
    for seed in (1, 2, 3):
        renamed = {}
        shuffled = []
        for t in random.Random(seed).sample(triples, len(triples)):
            s, o = t.subject, t.object
            if isinstance(s, ox.BlankNode):
                s = renamed.setdefault(s, ox.BlankNode(f"s{seed}x{len(renamed)}"))
            if isinstance(o, ox.BlankNode):
                o = renamed.setdefault(o, ox.BlankNode(f"s{seed}x{len(renamed)}"))
            shuffled.append(ox.Triple(s, t.predicate, o))
        outputs.add(tuple(serialize_triples(shuffled, FORMATS).items()))
    assert len(outputs) == 1


ODD = ox.NamedNode("http://example.org/odd")


def test_a_base_direction_is_refused_in_the_readers_language_before_anything_is_written() -> None:
    direction = ox.Triple(
        ODD, ox.NamedNode("http://example.org/name"), ox.Literal("مرحبا", language="ar", direction=ox.BaseDirection.RTL)
    )
    made = serialize_each([direction], FORMATS, lambda t: "names.ttl")
    with pytest.raises(InputError) as caught:
        next(made)
    error = caught.value
    assert error.error_id == "write#base-direction" and error.file == "names.ttl"
    assert "rtl" in str(error) and in_language(error, "ru") != in_language(error, "en")


def test_text_xml_cannot_carry_is_refused_for_rdfxml_only() -> None:
    tab = ox.Triple(ODD, ox.NamedNode("http://example.org/t"), ox.Literal("vertical\x0btab"))
    with pytest.raises(InputError) as caught:
        serialize_triples([tab], FORMATS)
    assert caught.value.error_id == "write#not-xml-text" and "U+000B" in str(caught.value)
    assert set(serialize_triples([tab], ["ttl", "nt", "jsonld"])) == {"ttl", "nt", "jsonld"}


def _random_graph(rng: random.Random) -> list[ox.Triple]:
    """Statements whose texts begin one another (``<a>`` and ``<a/b>``, ``"x"`` and ``"x"@en``,
    ``"x"^^…``), with now and then a line-break character or a triple term."""
    iris = [ox.NamedNode(f"http://x/{n}") for n in ("a", "a/b", "a-b", "ab", "a_b")]
    literals = [
        ox.Literal("x"),
        ox.Literal("x", language="en"),
        ox.Literal("x", language="en-us"),
        ox.Literal("x", datatype=ox.NamedNode("http://x/t")),
        ox.Literal("x y"),
        ox.Literal(""),
        ox.Literal("", language="en"),
        ox.Literal("a <<( b"),
    ]
    odd: list[ox.Literal | ox.Triple] = [ox.Literal("line\u2028break"), ox.Triple(iris[0], iris[1], ox.Literal("q"))]
    found = []
    for _ in range(rng.randint(1, 12)):
        objects: list[ox.NamedNode | ox.Literal | ox.Triple] = [*iris, *literals, *(odd if rng.random() < 0.2 else [])]
        found.append(ox.Triple(rng.choice(iris), rng.choice(iris), rng.choice(objects)))
    return found


def test_the_sorted_texts_are_the_n_triples_writers_bytes() -> None:
    """``_sorted_ntriples`` (a resource's N-Triples from its statements' sorted text) against
    ``ntriples`` (a line made term by term, then sorted): a triple term, which the two write
    differently before, and the line breaks ``nt_line`` escapes, which are left to ``ntriples``."""
    rng = random.Random(13)
    term = canonical_triples(
        [
            ox.Triple(
                ox.NamedNode("http://x/a"),
                ox.NamedNode("http://x/p"),
                ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("q")),
            )
        ]
    )
    assert _sorted_ntriples(term) == ntriples(term)
    for _ in range(3000):
        triples = canonical_triples(_random_graph(rng))
        assert _sorted_ntriples(triples) == ntriples(triples)


def test_n_triples_escape_a_line_break_in_an_iri_and_bracket_a_triple_term() -> None:
    """Every line-end character a line-based reader would split at is escaped in an IRI as in a
    literal, and reads back as the same IRI (Oxigraph, rdflib); a triple term is written as N-Triples
    1.2 writes it, in ``<<( … )>>``, and reads back as the same statement (it was written flat)."""
    a, p = ox.NamedNode("http://x/a\u2028b\u2029c"), ox.NamedNode("http://x/p")  # U+0085 is no IRI's
    text = ntriples([ox.Triple(a, p, ox.Literal("q\x85"))])
    assert len(text.decode("utf-8").splitlines()) == 1 and b"\\u2028" in text and b"\\u0085" in text
    assert [t.subject for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)] == [a]
    assert [str(s) for s, _, _ in rdflib.Graph().parse(data=text.decode("utf-8"), format="nt")] == [a.value]
    nested = ox.Triple(a, p, ox.Triple(a, p, ox.Literal("q")))
    written = ntriples([nested])
    assert b"<<( " in written
    assert [q.triple for q in ox.parse(written, format=ox.RdfFormat.N_TRIPLES)] == [nested]


def test_the_line_break_test_is_the_one_of_line_break_chars() -> None:
    """``has_line_break`` spells out ``LINE_BREAK_CHARS`` for speed: the two agree."""
    from kgtool.rdf.write import LINE_BREAK_CHARS, has_line_break

    assert all(has_line_break(f"a{char}b") for char in LINE_BREAK_CHARS)
    assert not any(has_line_break(chr(c)) for c in range(0x3000) if chr(c) not in LINE_BREAK_CHARS)
