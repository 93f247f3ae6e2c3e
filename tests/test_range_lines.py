"""The lines of the findings' entities found by the ``--jobs`` workers, each in its own byte
ranges of the file (``kgtool.validation.entities.lines_in_range``), joined by the parent
(``merge_range_lines``): wherever the file is cut, the join gives what one reading of the whole
file gives (``_find_lines``), or nothing, and then the parent reads the file whole as before.

The files mix what the whole-file reading has rules for: prologue directives, prefixed names,
an @base, ``# from`` comments just above a cut, graph names that start their line, IRIs only
mentioned, an IRI stated in several ranges, Windows line ends, a prefix declared again mid-file,
bytes that are not UTF-8 late in the file."""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from kgtool.cli.main import main
from kgtool.validation import entities
from kgtool.validation.entities import lines_in_range, merge_range_lines
from kgtool.validation.ranges import _prologue

EX = "https://example.org/"
PROLOGUE = "# a corpus\n@prefix ex: <https://example.org/> .\nPREFIX kgo: <https://w3id.org/kgtool/ontology#>\n\n"


def graphs(n: int) -> str:
    """``n`` graph blocks; block i states ex:s<i>, ex:s<i+1> (so each entity is stated in two
    blocks), a prefixed-name subject, and mentions ex:m<i>; every third has a ``# from`` comment
    above its first statement."""
    out = []
    for i in range(n):
        comment = f"# from book.xlsx!Cells!{i}\n" if i % 3 == 0 else ""
        out.append(
            f"<{EX}g{i}> {{\n{comment}<{EX}s{i}> <{EX}p> <{EX}m{i}> .\n"
            f"<{EX}s{i + 1}> <{EX}p> <{EX}o> .\nex:q{i} <{EX}p> ex:s{i} .\n}}\n"
        )
    return "".join(out)


WANTED = {f"{EX}s{i}" for i in range(0, 30, 2)} | {f"{EX}m5", f"{EX}g7", f"{EX}q9", f"{EX}never", f"{EX}p"}

FILES = {
    "trig": PROLOGUE + graphs(25),
    "crlf": (PROLOGUE + graphs(25)).replace("\n", "\r\n"),
    "base": "@base <https://example.org/> .\n" + PROLOGUE + graphs(12).replace(f"<{EX}s", "<s") + graphs(12),
    "prefix again": PROLOGUE + graphs(12) + "@prefix ex: <https://other.example/> .\n" + graphs(12),
    "not utf-8 late": PROLOGUE + graphs(20) + "  # \udcff\n" + graphs(5),
    # statements indented in their graph's braces, as TriG is most often written: found as mentions
    "indented": PROLOGUE + re.sub(r"\n(?:<https://example.org/(s\d+)>|ex:(q))", r"\n  ex:\1\2", graphs(25)),
}


def whole(path: Path, iris: set[str]) -> dict[str, tuple[int | None, str | None]]:
    origins: dict[str, str] = {}
    found = entities._find_lines(path, iris, origins)
    return {iri: (found[iri], origins.get(iri)) for iri in iris}


def joined(path: Path, iris: set[str], cuts: list[int]) -> dict[str, tuple[int | None, str | None]] | None:
    data = path.read_bytes()
    prologue = _prologue(data, 0)
    assert prologue is not None
    bounds = [0, *cuts, len(data)]
    found = [lines_in_range(path, iris, a, b, prologue) for a, b in itertools.pairwise(bounds)]
    return merge_range_lines(path, iris, found)


def line_starts(data: bytes) -> list[int]:
    return [i + 1 for i, byte in enumerate(data[:-1]) if byte == ord("\n")]


@pytest.mark.parametrize("searched", [False, True], ids=["read line by line", "searched"])
@pytest.mark.parametrize("block", [16 * 1024 * 1024, 64], ids=["large blocks", "blocks of a few bytes"])
@pytest.mark.parametrize("name", list(FILES))
def test_every_cut_gives_the_whole_files_lines_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, block: int, searched: bool
) -> None:
    """(``searched``: the IRIs compiled into ``_Events``' search, as for a large file, in the whole
    file's reading and in each range's.)"""
    monkeypatch.setattr(entities, "_BLOCK", block)
    if searched:
        monkeypatch.setattr(entities, "_BYTES_PER_KEY", 0)
    path = tmp_path / f"{name.replace(' ', '-')}.trig"
    path.write_bytes(FILES[name].encode("utf-8", "surrogateescape"))
    expected = whole(path, WANTED)
    starts = line_starts(path.read_bytes())
    rng = random.Random(7)
    cut_sets = [[c] for c in starts] + [sorted(rng.sample(starts, k)) for k in (2, 3, 5) for _ in range(40)]
    joined_up = 0
    for cuts in cut_sets:
        got = joined(path, WANTED, cuts)
        if got is not None:
            assert got == expected, cuts
            joined_up += 1
    # the cuts a worker can get (after the first lines, where the scan's state is the prologue's)
    # join up: all but those after the prefix declared again; none around the bad byte, which
    # sends every cut back to the whole file
    if name == "indented":  # an indented subject starts its statement, under its '# from' row
        assert expected[f"{EX}s2"][0] is not None and expected[f"{EX}s0"] == (7, "book.xlsx!Cells!0")
    if name == "not utf-8 late":
        assert joined_up == 0
    elif name == "prefix again":
        assert 0 < joined_up < len(cut_sets) // 2
    else:
        assert joined_up > len(starts) // 2


def test_a_cut_in_the_first_lines_or_after_a_prefix_changed_is_not_joined(tmp_path: Path) -> None:
    path = tmp_path / "p.trig"
    path.write_text(FILES["prefix again"], encoding="utf-8")
    text = path.read_bytes()
    again = text.index(b"@prefix ex: <https://other")
    starts = line_starts(text)
    assert joined(path, WANTED, [starts[10]]) is None  # line 12: within the first 40 lines
    assert joined(path, WANTED, [next(s for s in starts if s > again)]) is None
    assert joined(path, WANTED, [starts[45]]) == whole(path, WANTED)  # before the new prefix


def test_a_hit_on_a_ranges_first_line_takes_the_comment_above_from_the_range_before(tmp_path: Path) -> None:
    path = tmp_path / "c.trig"
    filler = "".join(f"<{EX}f{i}> <{EX}p> <{EX}o> .\n" for i in range(50))
    path.write_text(f"{PROLOGUE}<{EX}g> {{\n{filler}# from book.xlsx!Cells!12\n<{EX}x> <{EX}p> <{EX}o> .\n}}\n")
    text = path.read_bytes()
    cut = text.index(f"<{EX}x>".encode())
    expected = whole(path, {f"{EX}x"})
    assert expected == {f"{EX}x": (text[:cut].count(b"\n") + 1, "book.xlsx!Cells!12")}
    assert joined(path, {f"{EX}x"}, [cut]) == expected
    assert joined(path, {f"{EX}x"}, [cut - len("# from book.xlsx!Cells!12\n")]) == expected


def big_corpus() -> str:
    """Many graphs with an unlabelled actor each (a finding each), each actor stated again in the
    last graph: one unit spread over the whole file, the actors' first lines in every range."""
    blocks = []
    for i in range(60):
        blocks.append(f"ex:g{i} {{\n# from corpus.xlsx!Actors!{i}\nex:a{i} a kgo:Actor .\n}}\n")
    last = "".join(f"ex:a{i} a kgo:Actor .\n" for i in range(60))
    return PROLOGUE + "".join(blocks) + f"ex:last {{\n{last}}}\n"


def test_the_workers_lines_give_the_report_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.trig"
    path.write_text(big_corpus(), encoding="utf-8")
    read_whole: list[set[Path]] = []
    lines_of = entities.lines_of

    def spy(
        pending: dict[Path, set[str]], files: Iterable[Path] = (), moved: dict[tuple[str, str], str] | None = None
    ) -> dict[tuple[str, str], tuple[int | None, str | None]]:
        read_whole.append(set(pending))
        return lines_of(pending, files, moved)

    monkeypatch.setattr(entities, "lines_of", spy)
    reports = []
    for jobs in ("1", "2", "3"):
        code = main(["validate", str(path), "--no-reasoner", "--format", "json", "--jobs", jobs])
        reports.append((code, capsys.readouterr().out))
    assert reports[0] == reports[1] == reports[2]
    findings = json.loads(reports[0][1])["findings"]
    actors = [f for f in findings if f["focus"].startswith(f"{EX}a")]
    assert len({f["focus"] for f in actors}) == 60
    assert {(f["line"], f["origin"]) for f in actors if f["focus"] == f"{EX}a37"} == {
        (5 + 4 * 37 + 2, "corpus.xlsx!Actors!37")
    }
    # --jobs 2 and 3 found no line in the parent (--jobs 1 has no workers and no lines_of)
    assert all(path not in files for files in read_whole)
