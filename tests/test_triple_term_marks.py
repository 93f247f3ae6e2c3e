"""RDF 1.2 triple terms are refused however Turtle and TriG write them: ``<< … >>``, ``<<( … )>>``,
an annotation ``{| … |}``, and a bare reifier ``:s :p :o ~ :r .``, which states
``:r rdf:reifies <<( :s :p :o )>>`` with neither '<<' nor '{|' in the file (loaded without a word
before: the bytes were searched for those two marks only). A '~' in an IRI, a string or an escaped
local name is no reifier, and such a file loads. The error names the line of the triple term, not
an earlier line that holds a mark inside a string or a comment.

Each file is read both ways a load reads it: from memory (a small file) and streamed from disk
(a file over the in-memory limit, set low here), and by ``check_readable`` (``kgtool load``)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgtool.errors import InputError
from kgtool.rdf import parse
from kgtool.rdf.store import KnowledgeGraph

PREFIX = "@prefix ex: <https://example.org/> .\n"

# name -> (text, line of the first triple term)
REFUSED: dict[str, tuple[str, int]] = {
    "reifier.ttl": (PREFIX + "ex:a ex:p ex:b .\nex:a ex:q ex:c ~ ex:r .\n", 3),
    "reifier-blank.ttl": (PREFIX + "ex:a ex:q ex:c ~ .\n", 2),
    "reifier-tight.ttl": (PREFIX + "ex:a ex:p ex:b .\n\nex:a ex:q ex:c~ex:r .\n", 4),
    "reifier-in-a-graph.trig": (PREFIX + "ex:g {\n  ex:a ex:p ex:b .\n  ex:a ex:q ex:c ~ ex:r .\n}\n", 4),
    # a mark inside a string or a comment on an earlier line is not the triple term's line
    "mark-in-a-string-first.ttl": (PREFIX + 'ex:a ex:p "x << y {| z ~" . # << ~\nex:a ex:q ex:c ~ ex:r .\n', 3),
    "reified-triple.ttl": (PREFIX + "# a << in a comment\n<< ex:a ex:p ex:c >> ex:source ex:d .\n", 3),
    # an escaped '#' in a name starts no comment; a '~' in an IRI written with \u escapes is no mark (review)
    "escaped-hash.ttl": (PREFIX + "ex:a ex:p ex:b .\nex:a\\#b ex:q ex:c ~ ex:r .\n", 3),
    "escaped-iri-first.ttl": (PREFIX + "<https://example.org/\\u0041~> ex:p ex:o .\nex:a ex:q ex:c ~ ex:r .\n", 3),
}

LOADED: dict[str, str] = {
    "tilde-in-iris-and-strings.ttl": PREFIX
    + "<https://example.org/~u> ex:p \"a ~ b\", 'c~d' .\nex:a\\~b ex:p ex:o . # ~ here\n",
    "tilde-in-a-graph-name.trig": PREFIX + "<https://example.org/~g> { ex:a ex:p ex:b . }\n",
}


@pytest.fixture(params=["in memory", "streamed"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "streamed":
        monkeypatch.setattr(parse, "IN_MEMORY_LIMIT", 16)
    return str(request.param)


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_triple_term_is_refused_with_its_line(name: str, way: str, tmp_path: Path) -> None:
    text, line = REFUSED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for read in (lambda: KnowledgeGraph.from_files([path]), lambda: parse.check_readable(path)):
        with pytest.raises(InputError) as caught:
            read()
        assert caught.value.error_id == "load#triple-term"
        assert caught.value.file == str(path)
        # a streamed file is not read again to find the line
        assert caught.value.line == (line if way == "in memory" else None)


@pytest.mark.parametrize("name", list(LOADED))
def test_a_tilde_that_is_no_reifier_loads(name: str, way: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(LOADED[name], encoding="utf-8")
    kg = KnowledgeGraph.from_files([path])
    assert not any(isinstance(t, ox.Triple) for q in kg.store for t in (q.subject, q.object))
    assert any("~" in q.subject.value or "~" in q.graph_name.value for q in kg.store)  # type: ignore[union-attr]
    parse.check_readable(path)
