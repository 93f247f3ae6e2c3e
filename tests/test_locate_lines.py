"""Where a finding's entity is stated (issue 18): ``kgtool.validation.entities._find_lines`` reads
a file's bytes and compares the leading IRI of statement lines as bytes, and reads every other
line as text. These files mix both kinds of line, so each answer below depends on the two
agreeing: the @base of the first lines, prefixes declared late, indented lines, comments naming
a workbook row, Windows and old Mac line ends, a missing last line break, a byte-order mark,
blocks of a few bytes (lines across reads), and the file-wide search for an IRI no line starts with.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kgtool.errors import InputError
from kgtool.rdf import parse
from kgtool.validation import entities

EX = "http://ex/"


def _lines(path: Path, iris: list[str]) -> tuple[dict[str, int | None], dict[str, str]]:
    origins: dict[str, str] = {}
    return entities._find_lines(path, set(iris), origins), origins


@pytest.fixture(
    params=[(16 * 1024 * 1024, False), (7, False), (16 * 1024 * 1024, True), (7, True)],
    ids=["one block", "7-byte blocks", "one block, searched", "7-byte blocks, searched"],
)
def block(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Blocks of each size, each read line by line (files this small do not pay for compiling the
    IRIs into a search) and through the search ``_Events`` a large file gets."""
    size, searched = request.param
    monkeypatch.setattr(entities, "_BLOCK", size)
    if searched:
        monkeypatch.setattr(entities, "_BYTES_PER_KEY", 0)
    return int(size)


def test_statement_lines_past_the_first_lines(tmp_path: Path, block: int) -> None:
    filler = "".join(f"<{EX}f{i}> <{EX}p> <{EX}o> .\n" for i in range(45))
    text = (
        filler
        + f"# from study.xlsx!Cells!14\n<{EX}a> <{EX}p> <{EX}b> .\n"
        + f"}}\n\n<{EX}b> <{EX}p> <{EX}a> .\n"
        + f"    <{EX}c> <{EX}o> .\n"
        + f"<{EX}a> <{EX}p> <{EX}z> .\n"
    )
    path = tmp_path / "d.trig"
    path.write_text(text, encoding="utf-8")
    found, origins = _lines(path, [EX + "a", EX + "b", EX + "c", EX + "f44", EX + "z", EX + "never"])
    assert found == {EX + "a": 47, EX + "b": 50, EX + "c": 51, EX + "f44": 45, EX + "z": 52, EX + "never": None}
    # a is first mentioned on line 47, which starts with it; z only as an object
    assert origins == {EX + "a": "study.xlsx!Cells!14"}


def test_base_prefixes_and_relative_iris(tmp_path: Path, block: int) -> None:
    text = (
        "# c\n@base <http://b/> .\n<x> <p> <y> .\n"
        + "<http://q/filler> <p> <o> .\n" * 50
        + "<z> <p> <o> .\n# from w.xlsx!S!9\n<http://b/y> <p> <o> .\n"
        + "@prefix ex: <http://ex/> .\nex:late <p> <o> .\n<w> <p> ex:late .\n"
    )
    path = tmp_path / "b.ttl"
    path.write_text(text, encoding="utf-8")
    found, origins = _lines(path, ["http://b/x", "x", "http://b/z", "z", "http://b/y", EX + "late", "http://b/w"])
    # a relative <z> is both z and the base's z on its line; ex:late starts its line after its @prefix
    assert found == {
        "http://b/x": 3,
        "x": 3,
        "http://b/z": 54,
        "z": 54,
        "http://b/y": 56,
        EX + "late": 58,
        "http://b/w": 59,
    }
    assert origins == {"http://b/y": "w.xlsx!S!9"}


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["crlf", "lone cr"])
def test_line_ends_as_text_files_read_them(tmp_path: Path, block: int, end: str) -> None:
    lines = [f"<{EX}f{i}> <{EX}p> <{EX}o> ." for i in range(41)] + ["# from a.xlsx!S!1", f"<{EX}b> <{EX}p> <{EX}o> ."]
    path = tmp_path / "w.nt"
    path.write_bytes(end.join(lines).encode())  # and no line break after the last line
    found, origins = _lines(path, [EX + "b", EX + "f40"])
    assert found == {EX + "b": 43, EX + "f40": 41}
    assert origins == {EX + "b": "a.xlsx!S!1"}


def test_byte_order_mark_and_labels_in_other_scripts(tmp_path: Path, block: int) -> None:
    text = "\ufeff" + "".join(f'<{EX}s{i}> <{EX}label> "Кыргыз {i}"@ky .\n' for i in range(60))
    path = tmp_path / "k.nt"
    path.write_text(text, encoding="utf-8")
    found, _ = _lines(path, [EX + "s0", EX + "s59", EX + "label"])
    # s0's line starts with the mark, so it is found where it is mentioned; the predicate only so
    assert found == {EX + "s0": 1, EX + "s59": 60, EX + "label": 1}


def test_bytes_that_are_not_utf8_on_a_line_read_as_text(tmp_path: Path, block: int) -> None:
    """Such a line is read as text files read it: the lines that start with an IRI are found
    before the bad byte, the mentions anywhere."""
    data = b"".join(b"<http://ex/f%d> <http://ex/p> <http://ex/o> .\n" % i for i in range(400))
    path = tmp_path / "bad.ttl"
    path.write_bytes(data + b"  # \xff\n<http://ex/after> <http://ex/p> <http://ex/o> .\n")
    found, _ = _lines(path, [EX + "f1", EX + "after"])
    # a line past the bad byte is not read as text, but an IRI it mentions is still found there
    assert found == {EX + "f1": 2, EX + "after": 402}


def test_triple_term_marks_seen_across_reads() -> None:
    """The load's one reading of a large file finds '<<' and '{|' even where a read ends between
    their two characters."""
    for mark in (b"<<", b"{|"):
        scan = parse._LineScan(Path("x.ttl"))
        scan.feed(b"<http://ex/a> <http://ex/p> " + mark[:1])
        scan.feed(mark[1:] + b" <http://ex/b> .\n")
        assert scan.marked
    scan = parse._LineScan(Path("x.ttl"))
    scan.feed(b"<http://ex/a> <http://ex/p> <")
    scan.feed(b"http://ex/b> .\n")
    assert not scan.marked


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 10_000])
@pytest.mark.parametrize("long_line", [1, 2, 5, 6])
def test_a_line_over_the_limit_is_named_alike_from_memory_and_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, long_line: int
) -> None:
    """The load's line scan keeps no line count as it reads (issue 18: counting every line feed
    of a 200 MB file cost a tenth of a second): the line and size an over-long line is refused
    with are counted when it is found, and are the same whether the bytes are in memory or read
    from disk in chunks of any size, for a line first, in the middle, last, or without a line feed."""
    monkeypatch.setattr(parse, "MAX_LITERAL", 60)
    monkeypatch.setattr(parse, "XML_CHUNK", chunk)
    lines = [b"<http://ex/s> <http://ex/p> <http://ex/o> ." for _ in range(6)]
    lines[long_line - 1] = b'<http://ex/s> <http://ex/p> "' + b"x" * 50 + b'" .'
    data = b"\n".join(lines) + (b"\n" if long_line != 6 else b"")
    path = tmp_path / "long.nt"
    path.write_bytes(data)
    found = []
    for given in (data, None):
        with pytest.raises(InputError) as caught:
            parse.precheck(path, parse.ox.RdfFormat.N_TRIPLES, given)
        found.append((caught.value.error_id, caught.value.line, caught.value.values["size"]))
    expected = ("load#literal-too-large", long_line, f"{len(lines[long_line - 1]) / 2**20:.1f}")
    assert found == [expected, expected]
    assert parse._LineScan(path).marked is False  # nothing fed: no mark


def _random_file(rng: random.Random, names: list[str]) -> bytes:
    """Lines of every kind ``_scan_lines`` tells apart, in a random order: statement lines whose
    IRI may be one looked for, a prefix of one, one relative to the @base, or hold characters a
    regular expression would read as operators; graph lines, comments (``# from`` ones among them),
    empty lines, indented lines, prefix declarations and prefixed names, an @base in the first
    lines or later, a line with no '>'; and now and then a byte that is not UTF-8."""
    out = []
    if rng.random() < 0.5:
        out.append("@base <http://b/> .")
    for _ in range(rng.randrange(30, 160)):
        name = rng.choice(names)
        kind = rng.randrange(14)
        out.append(
            [
                f"<{name}> <{EX}p> <{EX}o> .",
                f"<{name}> <{EX}p> <{EX}o> .",
                f"<{rng.choice(names)}x> <{EX}p> <{EX}o> .",
                f"<{name}> {{",
                "}",
                "",
                f"# from book.xlsx!S!{rng.randrange(99)}",
                "# a comment",
                f"  <{name}> <{EX}o> .",
                f"@prefix ex: <{rng.choice(['http://ex/', 'http://b/', 'http://other/'])}> .",
                f"ex:{rng.choice(['a', 'b', 'a.b', 'c'])} <{EX}p> <{EX}o> .",
                f"<{name} <{EX}p> 1 .",
                "@base <http://b/> .",
                f"PREFIX ex: <{EX}>",
            ][kind]
        )
    data = "\n".join(out).encode("utf-8") + b"\n"
    if rng.random() < 0.1:
        at = data.index(b"\n", rng.randrange(len(data) - 1))
        data = data[:at] + b" \xff" + data[at:]
    return data


def test_the_search_reads_a_file_as_the_line_by_line_reading_does(tmp_path: Path) -> None:
    """``_Events`` (the search a large file gets) against ``_scan_lines`` (each line read) on random
    files and random sets of IRIs, given the same blocks: the same IRIs found on the same lines with
    the same workbook rows, the same prefixes and @base, the same stop and last line number."""
    rng = random.Random(18)
    names = [
        EX + "a",
        EX + "ab",
        EX + "a.b",
        EX + "a*b+(c)?[d]|e\\f",
        EX + "é",
        "http://b/x",
        "x",
        "http://b/",
        "",
        EX,
        EX + "g",
        EX + "g/h",
    ]
    path = tmp_path / "r.trig"
    stops = 0
    for _ in range(600):
        path.write_bytes(_random_file(rng, names))
        iris = set(rng.sample(names, rng.randrange(0, 6))) | ({EX + "never", "a>b"} if rng.random() < 0.3 else set())
        size, base_lines = rng.choice([7, 64, 1 << 20]), rng.choice([0, 3, 40])
        outcomes = []
        for read in (entities._scan_lines, entities._scan_blocks):
            origins: dict[str, str] = {}
            scan = entities._LineScan(iris, origins, base_lines)
            try:
                if read is entities._scan_blocks:
                    result: object = entities._scan_blocks(entities._blocks(path, size=size), scan, 0, b"", 1 << 40)
                else:
                    result = entities._scan_lines(entities._blocks(path, size=size), scan, 0, b"")
            except UnicodeDecodeError:
                result = "not utf-8"
            outcomes.append((result, scan.found, origins, scan.prefixes, scan.base))
        assert outcomes[0] == outcomes[1], (path.read_bytes(), iris, size, base_lines)
        stops += outcomes[0][0] == (True, outcomes[0][0][1]) if outcomes[0][0] != "not utf-8" else 0
    assert stops > 50


def test_iris_nested_too_deep_for_the_search_are_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IRIs each the beginning of the next (a, aa, aaa…) nest one branching per IRI in the search's
    expression: past ``_MAX_DEPTH`` none is compiled, and the lines are read one by one."""
    monkeypatch.setattr(entities, "_BYTES_PER_KEY", 0)
    iris = {EX + "a" * n for n in range(1, 80)}
    assert entities._alternation(sorted(i.encode() for i in iris)) is None
    assert entities._alternation(sorted(i.encode() for i in list(iris)[:5])) is not None
    text = "".join(f"<{EX}f{i}> <{EX}p> <{EX}o> .\n" for i in range(45)) + "".join(
        f"<{EX}{'a' * n}> <{EX}p> <{EX}o> .\n" for n in range(1, 80)
    )
    path = tmp_path / "deep.nt"
    path.write_text(text, encoding="utf-8")
    found, _ = _lines(path, sorted(iris))
    assert found == {EX + "a" * n: 45 + n for n in range(1, 80)}


def test_indented_subjects_in_a_trigs_braces(tmp_path: Path, block: int) -> None:
    """A TriG graph's statements are most often indented, so no line started with their subjects
    and they had no line. An indented prefixed name starts a statement after a line that ends one
    (or opens or closes braces, or a comment); after a ";" or "," it is a predicate or an object.
    A name in a comment, a string or as an object is not a statement's start."""
    text = (
        "@prefix ex: <http://ex/> .\n"  # 1
        "ex:g {\n"
        "  ex:a ex:p ex:b .\n"  # 3
        "  ex:ab ex:p myex:c , ex:d .\n"
        "  # ex:z is a comment\n"  # 5
        '  ex:q ex:p "see ex:y" ;\n'
        "    ex:r ex:s ,\n"  # 7
        "    ex:t .\n"
        "}\n"  # 9
        "@prefix ex: <http://other/> .\n"
        "ex:h {\n"  # 11
        "    ex:c ex:p ex:a.b .\n"
        "    ex:t ex:p ex:o . # ex:t again\n"  # 13
        "    ex:y ex:p ex:o .\n"
        "}\n"
    )
    path = tmp_path / "g.trig"
    path.write_text(text, encoding="utf-8")
    expected = {
        EX + "a": 3,
        EX + "ab": 4,
        EX + "q": 6,
        EX + "b": None,  # an object only
        EX + "z": None,  # in a comment
        EX + "y": None,  # in a string
        EX + "r": None,  # a predicate, after ";"
        EX + "t": None,  # an object, after ","; ex:t of line 13 is another IRI
        EX + "c": None,  # ex:c is written after ex: is declared again
        "http://other/c": 12,
        "http://other/t": 13,
        "http://other/y": 14,
        "http://other/a.b": None,
    }
    assert _lines(path, list(expected))[0] == expected


def test_a_byte_order_mark_does_not_hide_the_first_prefix(tmp_path: Path, block: int) -> None:
    path = tmp_path / "m.ttl"
    path.write_text("\ufeff@prefix ex: <http://ex/> .\nex:a ex:p ex:b .\n", encoding="utf-8")
    assert _lines(path, [EX + "a"])[0] == {EX + "a": 2}


def test_quoted_iris_of_json_ld_and_rdf_xml_and_a_literal_that_is_not_a_mention(tmp_path: Path, block: int) -> None:
    """JSON-LD and RDF/XML write no <IRI>: an entity is found where its IRI is quoted ("@id",
    rdf:about). In Turtle a string holding an IRI is not a mention of it."""
    jsonld = tmp_path / "d.jsonld"
    jsonld.write_text('{\n  "@graph": [\n    {"@id": "http://ex/p", "http://ex/v": "1"}\n  ]\n}\n')
    rdfxml = tmp_path / "d.rdf"
    rdfxml.write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        "  <rdf:Description rdf:about='http://ex/q'/>\n</rdf:RDF>\n"
    )
    turtle = tmp_path / "d.ttl"
    turtle.write_text('@prefix ex: <http://ex/> .\n<http://ex/s> ex:src "http://ex/d" .\n<http://ex/t> ex:p ex:d .\n')
    assert _lines(jsonld, [EX + "p"])[0] == {EX + "p": 3}
    assert _lines(rdfxml, [EX + "q"])[0] == {EX + "q": 2}
    assert _lines(turtle, [EX + "d", EX + "nowhere"])[0] == {EX + "d": None, EX + "nowhere": None}
