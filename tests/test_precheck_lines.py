"""``kgtool.rdf.parse.precheck`` on a line-based file on disk (what ``--jobs`` runs while its
workers read): a file with no line over the limit is passed after a look for long lines alone;
a file with one is refused with the error of the full scan, whatever the chunks' size."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgtool.errors import KgtoolError
from kgtool.rdf import parse

LIMIT = 40
SHORT = "<http://ex/a> <http://ex/p> <http://ex/o> .\n"[: LIMIT - 1] + "\n"
LONG = "# " + "x" * LIMIT + "\n"


def files() -> dict[str, str]:
    return {
        "no long line": SHORT * 30,
        "long first line": LONG + SHORT * 30,
        "long middle line": SHORT * 15 + LONG + SHORT * 15,
        "long last line, no line break": SHORT * 30 + LONG.rstrip("\n"),
        "one line exactly at the limit": SHORT * 3 + "#" * LIMIT + "\n" + SHORT,
        "CR only": SHORT.replace("\n", "\r") * 30,
    }


@pytest.mark.parametrize("chunk", [7, LIMIT - 1, LIMIT + 1, 1 << 20])
@pytest.mark.parametrize("name", list(files()))
def test_precheck_refuses_as_the_full_scan_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, name: str
) -> None:
    monkeypatch.setattr(parse, "MAX_LITERAL", LIMIT)
    monkeypatch.setattr(parse, "XML_CHUNK", chunk)
    path = tmp_path / "f.nt"
    path.write_text(files()[name], encoding="utf-8", newline="")
    try:
        parse._precheck(path, ox.RdfFormat.N_TRIPLES)
        expected = None
    except KgtoolError as exc:
        expected = str(exc)
    full_scans: list[Path] = []
    scan = parse._precheck

    def spy(path: Path, fmt: ox.RdfFormat, data: bytes | None = None) -> bool:
        full_scans.append(path)
        return scan(path, fmt, data)

    monkeypatch.setattr(parse, "_precheck", spy)
    try:
        parse.precheck(path, ox.RdfFormat.N_TRIPLES)
        got = None
    except KgtoolError as exc:
        got = str(exc)
    assert got == expected
    assert (expected is None) == (name in ("no long line", "one line exactly at the limit"))
    # the full scan runs only for a file that has a long line (a CR-only file is one long line)
    assert bool(full_scans) == (expected is not None)


def by_lines(path: Path, data: bytes) -> str | None:
    """The rule the scan keeps, one line at a time: the first line over the limit, its number
    and its length, in the error ``literal_too_large`` words."""
    for number, line in enumerate(data.split(b"\n"), 1):
        if len(line) > parse.MAX_LITERAL:
            return str(parse.literal_too_large(path, number, len(line)))
    return None


MORE = {
    "two long lines, the second longer": SHORT * 4 + LONG + SHORT * 2 + "#" + LONG + SHORT,
    "a line one byte over the limit": SHORT * 5 + "#" * (LIMIT + 1) + "\n" + SHORT * 5,
    "long lines back to back": LONG * 3 + SHORT,
    "short lines only, many": SHORT * 200,
    "long line right after the first": SHORT + LONG + SHORT * 40,
}


@pytest.mark.parametrize("chunk", [7, LIMIT + 1, 1 << 20])
@pytest.mark.parametrize("name", list(files()) + list(MORE))
def test_the_scan_in_memory_and_from_disk_refuses_the_first_long_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, name: str
) -> None:
    """The bytes in memory are one chunk far longer than the limit (a file of up to 64 MiB): its
    lines are searched a limit's length at a time, not one by one, with the same error."""
    monkeypatch.setattr(parse, "MAX_LITERAL", LIMIT)
    monkeypatch.setattr(parse, "XML_CHUNK", chunk)
    path = tmp_path / "f.nt"
    data = {**files(), **MORE}[name].encode()
    path.write_bytes(data)
    expected = by_lines(path, data)
    for got_from in (data, None):
        try:
            parse._precheck(path, ox.RdfFormat.N_TRIPLES, got_from)
            got = None
        except KgtoolError as exc:
            got = str(exc)
        assert got == expected, got_from is None
    assert parse._lines_fit(path) == (expected is None)
