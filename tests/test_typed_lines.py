"""Literals as written, found from the lines that can hold them (kgtool.rdf.typed_lines): exactly
what parsing the whole file gives, or, where the search cannot vouch for a file, None (the file
is then parsed whole)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgtool.rdf import parse, typed_lines
from kgtool.rdf.as_written import forms_of, typed_literals, written_forms
from kgtool.rdf.parse import KEPT_AS_WRITTEN, format_for, read_quads

XSD = "http://www.w3.org/2001/XMLSchema#"


Typed = tuple[list[parse.TypedStatement], dict[str, str]]


def _typed(parser: Iterator[ox.Quad]) -> Typed:
    found: list[parse.TypedStatement] = [
        (q.subject, q.predicate, o)
        for q in parser
        if type(o := q.object) is ox.Literal and o.datatype.value not in KEPT_AS_WRITTEN
    ]
    return found, dict(getattr(parser, "prefixes", {}))


def _both(path: Path) -> tuple[Typed | None, Typed]:
    """(the lines' answer or None, the whole file's answer)."""
    fmt = format_for(path)
    whole = _typed(read_quads(path, None, lenient=True))
    lines = typed_lines.typed_lines(path, fmt)
    if lines is None:
        return None, whole
    return _typed(ox.parse(lines, format=fmt, base_iri=path.resolve().as_uri(), lenient=True)), whole


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    parse.check_readable(path)  # every case loads
    return path


NQUADS_STYLE = f"""# generated, 12 lines; "07"^^<{XSD}integer> in a comment
<http://e/g> {{
<http://e/s> <http://e/p> "07"^^<{XSD}integer> .
<http://e/s> <http://e/p> "7"^^<{XSD}integer> .
<http://e/s> <http://e/label> "Section 6.1 of 2019"@en .
<http://e/s> <http://e/label> "prefix, BASE and 5 ;"@en .
<http://e/s> <http://e/q> 0012 .
<http://e/s> <http://e/q> +.5e3 .
<http://e/s> a true .
_:b1 <http://e/p> "1.50"^^<{XSD}decimal> .
<http://e/s> <http://e/p> _:b1 .\t# "2"^^<{XSD}int>
}}
<http://e/g2> {{
<http://e/t> <http://e/p> "false"^^<{XSD}boolean>.
<http://e/t> <http://e/p> "x\\"^^5 "@ru .
}}
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.trig", NQUADS_STYLE),
        ("crlf.trig", NQUADS_STYLE.replace("\n", "\r\n")),
        ("bom.trig", b"\xef\xbb\xbf" + NQUADS_STYLE.encode()),
        ("no-final-line-feed.trig", NQUADS_STYLE.rstrip()),
        ("based.ttl", f'BASE <http://b/>\n<s> <p> "1"^^<int> .\n@base <sub/> .\n<s> <p> "01"^^<{XSD}int> .\n'),
        (
            "a.nq",
            f'<http://e/s> <http://e/p> "07"^^<{XSD}integer> <http://e/g> .\n_:x <http://e/p> "1"^^<http://e/t> .\n',
        ),
        ("a.nt", f'<http://e/s> <http://e/p> "+3"^^<{XSD}integer> .\n<http://e/s> <http://e/p> "a^^b" .\n'),
        ("none.ttl", "<http://e/s> <http://e/p> <http://e/o> .\n"),
    ],
)
def test_the_lines_give_what_the_whole_file_gives(tmp_path: Path, name: str, text: str) -> None:
    path = _write(tmp_path, name, text)
    lines, whole = _both(path)
    assert lines is not None, "the search should vouch for this file"
    assert lines == whole
    assert whole[0] or name == "none.ttl"
    # and read term by term (unless an @base line is kept), the same literals and forms
    found = typed_literals(path)
    assert (found.typed is None) == (name != "based.ttl")
    assert found.literals == list(dict.fromkeys(o for _, _, o in whole[0]))
    assert found.statements_with(set(found.literals)) == whole[0]
    assert written_forms([(path, None)]) == forms_of([whole])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("prefixed.ttl", '@prefix ex: <http://e/> .\nex:s ex:p "07"^^<http://e/int> .\n'),
        ("sparql-prefix.ttl", 'PrEfIx ex: <http://e/>\n<http://e/s> <http://e/p> "1"^^<http://e/int> .\n'),
        ("collection.ttl", "<http://e/s> <http://e/p> (1 2) .\n"),
        ("long-string.ttl", '<http://e/s> <http://e/p> """a\n<http://e/s> <http://e/p> "9"^^<http://e/i> .\n""" .\n'),
        ("long-single.ttl", "<http://e/s> <http://e/p> '''a\nb''' .\n<http://e/s> <http://e/q> 5 .\n"),
        ("split-datatype.ttl", '<http://e/s> <http://e/p> "5"^^\n<http://e/int> .\n'),
        ("spaced-datatype.ttl", '<http://e/s> <http://e/p> "5" ^^ <http://e/int> .\n'),
        ("continued.ttl", "<http://e/s> <http://e/p>\n  5 .\n"),
        ("object-list.ttl", "<http://e/s> <http://e/p> <http://e/o>, 5 .\n"),
        ("predicate-list.ttl", "<http://e/s> <http://e/p> <http://e/o> ;\n <http://e/q> true .\n"),
        (
            "two-statements.nt",
            '<http://e/s> <http://e/p> "5"^^<http://e/i> .\r<http://e/s> <http://e/p> "6"^^<http://e/i> .\n',
        ),
        ("bare-in-graph-line.trig", "<http://e/g> { <http://e/s> <http://e/p> 5 . }\n"),
        ("blank-property-list.ttl", "[ <http://e/p> 5 ] .\n"),
        ("rdfxml.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'),
    ],
)
def test_a_file_the_search_cannot_vouch_for_is_parsed_whole(tmp_path: Path, name: str, text: str) -> None:
    if name.endswith(".rdf"):
        path = tmp_path / name
        path.write_text(text)
    else:
        path = _write(tmp_path, name, text)
    assert typed_lines.typed_lines(path, format_for(path)) is None
    # and typed_statements still gives the whole file's answer
    found = parse._typed_statements(*parse.file_version(path, None))

    def unlabelled(typed: list[parse.TypedStatement]) -> list[tuple[object, ...]]:
        return [(None if isinstance(s, ox.BlankNode) else s, p, o) for s, p, o in typed]  # [] and ( ) get new labels

    assert unlabelled(_typed(read_quads(path, None, lenient=True))[0]) == unlabelled(found[0])


# the pieces of random statement lines: each valid wherever a term of its kind may stand
SUBJECTS = ["<http://e/s>", "<http://e/s2>", "_:b1", "<rel>"]
PREDICATES = ["<http://e/p>", "<http://e/q>", "a"]
OBJECTS = [
    "<http://e/o>",
    "_:b2",
    '"x 5"',
    '"Article 12"@en',
    '"base"@en-t-ky',
    '"y"^^<http://e/dt>',
    f'"07"^^<{XSD}integer>',
    f'"7"^^<{XSD}integer>',
    f'"1"^^<{XSD}boolean>',
    f'"true"^^<{XSD}boolean>',
    f"'2.50'^^<{XSD}decimal>",
    "7",
    "+07",
    "-0.5",
    ".5e2",
    "true",
    "false",
]
EXTRAS = ["# a comment with 5 and ^^ and PREFIX", "", "BASE <http://b/>", "@base <sub/> ."]


def _random_file(tmp_path: Path, rng: random.Random) -> Path:
    """A Turtle or TriG file of random statement lines (and comments, blank lines, @base lines)."""
    fmt = rng.choice(["ttl", "trig"])
    lines = []
    for _ in range(rng.randrange(1, 60)):
        if rng.random() < 0.15:
            lines.append(rng.choice(EXTRAS))
            continue
        s, p, o = rng.choice(SUBJECTS), rng.choice(PREDICATES), rng.choice(OBJECTS)
        lines.append(f"{s}{rng.choice([' ', chr(9), '  '])}{p} {o}{rng.choice([' .', ' . # 5', '  .'])}")
    if fmt == "trig":
        lines = ["<http://e/g> {", *[x for x in lines if "base" not in x.lower() or x.startswith("<")], "}"]
    return _write(tmp_path, f"r.{fmt}", "\n".join(lines) + rng.choice(["\n", ""]))


@pytest.mark.parametrize("seed", range(40))
def test_random_line_files_agree_with_the_whole_parse(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(typed_lines, "BLOCK", rng.choice([128, 200, 4096]))  # lines cut across blocks
    found, whole = _both(_random_file(tmp_path, rng))
    assert found is not None
    assert found == whole


@pytest.mark.parametrize("seed", range(40))
def test_the_literals_read_term_by_term_are_the_whole_parse_s(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # validation's literals as written parse each distinct object term once and then only the
    # lines of the literals wanted: the same literals, statements and forms as the whole file's
    rng = random.Random(seed)
    monkeypatch.setattr(typed_lines, "BLOCK", rng.choice([128, 200, 4096]))
    path = _random_file(tmp_path, rng)
    whole = _typed(read_quads(path, None, lenient=True))
    found = typed_literals(path)
    based = b"base" in path.read_bytes().lower().replace(b'"base"', b"")
    assert (found.typed is None) == (not based), "term by term unless an @base line changes how lines resolve"
    assert found.literals == list(dict.fromkeys(o for _, _, o in whole[0]))
    wanted = set(rng.sample(found.literals, k=rng.randrange(len(found.literals) + 1)))
    assert found.statements_with(wanted) == [t for t in whole[0] if t[2] in wanted]
    assert written_forms([(path, None)]) == forms_of([whole])


def test_forms_count_a_canonical_literal_when_another_file_writes_it_otherwise(tmp_path: Path) -> None:
    # "7" is written as the store holds it in a.nt but as "07" in b.nt: the blank node's two
    # spellings are then ambiguous, and the subject's two spellings are both kept
    integer = f"<{XSD}integer>"
    a = _write(tmp_path, "a.nt", f'<http://e/s> <http://e/p> "7"^^{integer} .\n_:b <http://e/p> "7"^^{integer} .\n')
    b = _write(tmp_path, "b.nt", f'<http://e/s> <http://e/p> "07"^^{integer} .\n_:c <http://e/p> "07"^^{integer} .\n')
    forms = written_forms([(a, None), (b, None)])
    assert typed_literals(a).typed is None and typed_literals(b).typed is None
    assert forms == forms_of([_typed(read_quads(p, None, lenient=True)) for p in (a, b)])
    assert forms.ambiguous == 1
    seven = ox.Literal("7", datatype=ox.NamedNode(f"{XSD}integer"))
    assert forms.literals == {
        (ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), seven): frozenset(
            {seven, ox.Literal("07", datatype=ox.NamedNode(f"{XSD}integer"))}
        )
    }


def test_a_bare_literal_that_starts_a_block_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = "<http://e/s> <http://e/p>\n"
    path = _write(tmp_path, "cut.ttl", first + "5 .\n")
    monkeypatch.setattr(typed_lines, "BLOCK", len(first))  # the second block starts with '5'
    assert typed_lines.typed_lines(path, format_for(path)) is None


def test_a_line_longer_than_a_block_has_the_file_parsed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(
        tmp_path,
        "long.nt",
        f'<http://e/s> <http://e/p> "{"x" * 300}" .\n<http://e/s> <http://e/p> "1"^^<http://e/i> .\n',
    )
    monkeypatch.setattr(typed_lines, "BLOCK", 128)
    assert typed_lines.typed_lines(path, format_for(path)) is None
    monkeypatch.setattr(typed_lines, "BLOCK", 4096)
    assert typed_lines.typed_lines(path, format_for(path)) == b'<http://e/s> <http://e/p> "1"^^<http://e/i> .\n'


@pytest.mark.parametrize("seed", range(20))
def test_the_carets_are_where_a_search_for_them_finds_them(seed: int) -> None:
    # the memchr walk of _carets against the regular expression it replaced: runs of carets of
    # every length (overlaps), a caret at the search's end, and an end short of the block's
    rng = random.Random(seed)
    block = bytes(rng.choice(b"^^^ab\n") for _ in range(rng.randrange(1, 400)))
    end = rng.randrange(len(block) + 1)
    assert typed_lines._carets(block, end) == [m.start() for m in re.finditer(rb"\^\^", block[:end])]
