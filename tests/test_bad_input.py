"""Bad input is part of the test suite: a corpus of broken files in tests/fixtures/bad-input/,
each with the exit code and the message `kgtool validate` must give. Nothing crashes: no
traceback, ever.

* Unreadable files (syntax errors, unknown prefixes, wrong encodings, empty files, unknown
  formats, missing files) exit 2 with ``ERROR [load#…] <file>:<line>:<col>: …`` on stderr.
* Well-formed RDF that breaks the shapes (an IRI where a literal belongs and the reverse, a
  missing or duplicated cell, a dangling citation, ill-typed literals) exits 1 and names the
  entity and the problem. These files are validated together with the shape fixtures' base
  assessment (tests/fixtures/shapes/_base.ttl), so each one adds only its defect.
* A huge literal (megabytes of text) is handled quickly, exiting 0 or 1 as appropriate.

The CLI runs in-process (``kgtool.cli.main``), without the OWL reasoner.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kgtool.cli import main

CORPUS = Path(__file__).resolve().parent / "fixtures" / "bad-input"
BASE = Path(__file__).resolve().parent / "fixtures" / "shapes" / "_base.ttl"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args), "--no-reasoner"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- unreadable input: exit 2, error ID, file, line and column ------------------------------

# file, error ID, line (None where the error has no line), whether a column follows the line
UNREADABLE = [
    ("syntax-missing-dot.ttl", "load#bad-syntax", 8),
    ("unknown-prefix.ttl", "load#bad-syntax", 6),
    ("unterminated-string.ttl", "load#bad-syntax", 7),
    ("space-in-iri.ttl", "load#bad-syntax", 6),
    ("bad-language-tag.ttl", "load#bad-syntax", 7),
    ("truncated.ttl", "load#bad-syntax", 8),
    ("turtle-named-nt.nt", "load#bad-syntax", 2),
    ("unclosed-json.jsonld", "load#bad-syntax", 4),
    # RDF/XML is read by expat first (pyoxigraph's parser gives no position, and takes a cut file)
    ("mismatched-tag.rdf", "load#bad-syntax", 4),
    ("truncated-between-elements.rdf", "load#truncated", 13),
    ("truncated-in-a-literal.rdf", "load#truncated", 7),
    ("truncated-between-objects.jsonld", "load#bad-syntax", 7),
    ("windows-1251.ttl", "load#bad-encoding", 7),
    ("utf-16.ttl", "load#bad-encoding", 1),
    ("binary.ttl", "load#bad-encoding", 1),
    ("empty.ttl", "load#empty-file", None),
    ("blank.ttl", "load#empty-file", None),
    ("comments-only.ttl", "load#no-statements", None),
    ("prefixes-only.ttl", "load#no-statements", None),
    ("table.csv", "load#unknown-format", None),
]


def error_line(error_id: str, path: Path, line: int | None) -> re.Pattern[str]:
    where = re.escape(str(path)) + (rf":{line}:\d+" if line is not None else "")
    return re.compile(rf"^ERROR \[{re.escape(error_id)}\] {where}: \S.*$", re.MULTILINE)


@pytest.mark.parametrize(("name", "error_id", "line"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_file_exits_2_with_its_location(
    name: str, error_id: str, line: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / name
    code, out, err = run(capsys, path)
    assert code == 2
    assert error_line(error_id, path, line).search(err), err
    assert "hint:" in err
    assert out == ""


def test_every_corpus_file_is_covered() -> None:
    listed = {u[0] for u in UNREADABLE} | {w[0] for w in WRONG_SHAPE} | {"utf-8-bom.ttl"}
    assert {p.name for p in CORPUS.iterdir()} == listed


def test_unreadable_file_among_good_ones_still_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "unknown-prefix.ttl"
    code, _, err = run(capsys, BASE, path)
    assert code == 2
    assert error_line("load#bad-syntax", path, 6).search(err)


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pair-6.6.ttl"
    code, _, err = run(capsys, path)
    assert code == 2
    assert error_line("load#missing-file", path, None).search(err)


def test_folder_instead_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pair-6.6.ttl"
    folder.mkdir()
    code, _, err = run(capsys, folder)
    assert code == 2
    assert error_line("load#not-a-file", folder, None).search(err)


def test_folder_without_extension_is_called_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    code, _, err = run(capsys, folder)
    assert code == 2
    assert error_line("load#not-a-file", folder, None).search(err)


# --- through every verb that reads data: build, validate, indices --data -----------------------

VERBS = [["build"], ["validate", "--no-reasoner"], ["indices", "--data"]]


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
@pytest.mark.parametrize(
    ("name", "error_id", "line"),
    [
        ("truncated-between-elements.rdf", "load#truncated", 13),
        ("truncated-in-a-literal.rdf", "load#truncated", 7),
        ("truncated-between-objects.jsonld", "load#bad-syntax", 7),
    ],
)
def test_a_cut_file_is_an_error_in_every_verb(
    verb: list[str], name: str, error_id: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Never a partial graph: a file cut short exits 2, naming the file and the line."""
    path = CORPUS / name
    code = main([*verb, str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err
    assert error_line(error_id, path, line).search(err), err
    assert out == ""


def run_guarded(*args: str) -> subprocess.CompletedProcess[str]:
    """``kgtool`` in its own process, with 1 GiB of memory and 60 s: a read that never ends
    fails the test instead of hanging it or filling the machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "kgtool", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        check=False,
    )


@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
@pytest.mark.parametrize("special", ["fifo", "char-device"])
def test_a_pipe_or_device_is_refused_at_once(verb: list[str], special: str, tmp_path: Path) -> None:
    path = tmp_path / "pair-6.6.ttl"
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")  # endless zero bytes
    args = [*verb, str(path)]
    try:
        done = run_guarded(*args)
    except subprocess.TimeoutExpired:
        pytest.fail(f"kgtool {verb[0]} {path} did not return within 60 s")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert error_line("load#not-a-regular-file", path, None).search(done.stderr), done.stderr


def test_wrong_input_format_forced(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "table.csv"
    code = main(["validate", str(path), "--no-reasoner", "--input-format", "ttl"])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err
    assert error_line("load#bad-syntax", path, 1).search(err), err


def test_utf8_byte_order_mark_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    """A UTF-8 file with a byte-order mark (as some Windows editors save it) is read as UTF-8:
    no load error; what it says is then judged by the shapes like any other file."""
    path = CORPUS / "utf-8-bom.ttl"
    code, _, err = run(capsys, BASE, path)
    assert code in (0, 1), err
    assert "load#" not in err and "Traceback" not in err


def test_a_dataset_without_statements_is_an_error(tmp_path: Path) -> None:
    from kgtool.errors import InputError
    from kgtool.rdf.store import KnowledgeGraph

    path = tmp_path / "comments.nq"
    path.write_text("# nothing but a comment\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        KnowledgeGraph.from_files([path])
    assert caught.value.error_id == "load#no-statements"


@pytest.mark.parametrize("suffix", ["ttl", "nq"])
def test_a_file_repeating_statements_already_loaded_is_not_empty(suffix: str, tmp_path: Path) -> None:
    """A file holds statements even when the store has them all already (a TriG or N-Quads file
    adds no quad then): only a file without any statement is refused."""
    from kgtool.rdf.store import KnowledgeGraph

    text = "<https://example.org/a> <https://example.org/p> <https://example.org/b>"
    text += " <https://example.org/g> .\n" if suffix == "nq" else " .\n"
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    kg = KnowledgeGraph.from_files([first, second])
    assert len(kg) == 1


# --- well-formed RDF that breaks the shapes: exit 1, the entity and the problem named ---------

K = "https://example.org/kg/"
# file, focus IRI, words of the message, line of the file where the entity is stated
WRONG_SHAPE = [
    ("iri-where-literal.ttl", K + "process/elections", "justification must be text with a language tag", 7),
    ("literal-where-iri.ttl", K + "process/elections/cell/enforcement", "exactly one value, present", 7),
    ("missing-cell.ttl", K + "process/hearings", "has no cell for the dimension", 6),
    ("duplicated-cell.ttl", K + "process/elections", "more than one cell for the dimension", None),
    (
        "dangling-citation.ttl",
        K + "citation/elections/constitution-art-73",
        "provision this citation points to does not exist",
        6,
    ),
    ("ill-typed-literal.ttl", K + "figure/pair-index", "decimal fraction between 0 and 1", 8),
    ("ill-typed-literal.ttl", K + "process/elections", "row number", 7),
]


@pytest.mark.parametrize(
    ("name", "focus", "words", "line"), WRONG_SHAPE, ids=[f"{w[0]}-{w[1].rsplit('/', 1)[-1]}" for w in WRONG_SHAPE]
)
def test_wrong_shape_exits_1_naming_entity_and_problem(
    name: str, focus: str, words: str, line: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / name
    code, out, _err = run(capsys, BASE, path)
    assert code == 1
    assert f"<{focus}>" in out
    block = out.split(f"<{focus}>", 1)[1].split("\n\n", 1)[0]
    assert "VIOLATION" in block and words in block, block
    if line is not None:
        assert f"{path}:{line}" in block


def test_wrong_shape_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(BASE), str(CORPUS / "dangling-citation.ttl"), "--no-reasoner", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    doc = json.loads(out)
    assert doc["conforms"] is False
    found = [f for f in doc["findings"] if f["focus"] == K + "citation/elections/constitution-art-73"]
    assert found and found[0]["severity"] == "Violation" and found[0]["value"] == K + "law/constitution/art/73"


def test_base_alone_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, BASE)
    assert code == 0
    assert "conforms" in out


# --- huge literals ---------------------------------------------------------------------------

HUGE = "Шайлоо өтөт. " * 400_000  # about 9 MB of UTF-8


def test_huge_literal_in_a_valid_place_is_validated_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge-justification.ttl"
    text = BASE.read_text(encoding="utf-8")
    assert 'kgo:justification "Шайлоо өтөт."@ky' in text
    path.write_text(
        text.replace('kgo:justification "Шайлоо өтөт."@ky', f'kgo:justification "{HUGE}"@ky'), encoding="utf-8"
    )
    start = time.monotonic()
    code, out, _ = run(capsys, path)
    assert code == 0, out[-2000:]
    assert time.monotonic() - start < 60


def test_huge_literal_in_the_wrong_place_is_reported_briefly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge-value.ttl"
    path.write_text(
        "@base <https://example.org/kg/> .\n@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        f'<process/elections/cell/rules> kgo:hasValue "{HUGE}" .\n',
        encoding="utf-8",
    )
    start = time.monotonic()
    code, out, _ = run(capsys, BASE, path)
    assert code == 1
    assert f"<{K}process/elections/cell/rules>" in out
    assert len(out) < 20_000, "the report must not copy a huge value"
    assert time.monotonic() - start < 60


def test_no_read_takes_more_than_the_in_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file over IN_MEMORY_LIMIT is streamed, whatever its size looked like when checked."""
    from kgtool.rdf import parse

    path = tmp_path / "big.ttl"
    path.write_text("".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(200)))
    monkeypatch.setattr(parse, "IN_MEMORY_LIMIT", 1000)
    assert parse._read_small(path) is None
    assert main(["build", str(path), "--format", "nt"]) == 0
    assert capsys.readouterr().out.count("https://example.org/p") == 200
