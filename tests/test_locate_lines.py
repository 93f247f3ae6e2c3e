"""Where a finding's entity is stated (issue 18): ``kgtool.validation.entities._find_lines`` reads
a file's bytes and compares the leading IRI of statement lines as bytes, and reads every other
line as text. These files mix both kinds of line, so each answer below depends on the two
agreeing: the @base of the first lines, prefixes declared late, indented lines, comments naming
a workbook row, Windows and old Mac line ends, a missing last line break, a byte-order mark,
blocks of a few bytes (lines across reads), and the file-wide search for an IRI no line starts with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.errors import InputError
from kgtool.rdf import parse
from kgtool.validation import entities

EX = "http://ex/"


def _lines(path: Path, iris: list[str]) -> tuple[dict[str, int | None], dict[str, str]]:
    origins: dict[str, str] = {}
    return entities._find_lines(path, set(iris), origins), origins


@pytest.fixture(params=[16 * 1024 * 1024, 7], ids=["one block", "7-byte blocks"])
def block(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(entities, "_BLOCK", request.param)
    return int(request.param)


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
    """Such a line is read as text files read it: what comes before the bad byte is found."""
    data = b"".join(b"<http://ex/f%d> <http://ex/p> <http://ex/o> .\n" % i for i in range(400))
    path = tmp_path / "bad.ttl"
    path.write_bytes(data + b"  # \xff\n<http://ex/after> <http://ex/p> <http://ex/o> .\n")
    found, _ = _lines(path, [EX + "f1", EX + "after"])
    assert found == {EX + "f1": 2, EX + "after": None}


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
