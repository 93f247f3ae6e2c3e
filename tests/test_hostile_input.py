"""Hostile input (issue 17): a corpus of broken and malicious files in every input syntax, each
run through every command that reads input, in its own process with a memory limit and a
time limit (a child forked from a helper that has kgtool imported, tests/forked_kgtool.py;
the unreadable files go through ``python -m kgtool`` itself, started by setpriv). Each must
exit 2 with a stable error ID that says what happened, the file, and the line where it can be
known, and no traceback.

The committed files are in tests/fixtures/hostile/ (small); the big ones (literals over
16 MiB) and the unreadable ones are made in the test's temporary folder. The table of inputs
× commands is written to tests/artifacts/bad-input-table.md (exit code, error ID, place).

Also here: the ``@base`` rule, and a class declared disjoint with itself (an OWL finding).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from forked_kgtool import Done, ForkedKgtool

from kgtool.cli import main

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "fixtures" / "hostile"
ARTIFACTS = HERE / "artifacts"
MEMORY = 2 << 30  # 2 GiB of address space per run
SECONDS = 90

# file -> (error ID, line named, or None where no line can be known)
EXPECTED: dict[str, tuple[str, int | None]] = {
    # Turtle
    "ttl-bom-then-bad-syntax.ttl": ("load#bad-syntax", 3),
    "ttl-two-boms.ttl": ("load#bad-syntax", 1),
    "ttl-nul-byte.ttl": ("load#bad-syntax", 3),
    "ttl-latin-1.ttl": ("load#bad-encoding", 3),
    "ttl-overlong-utf8.ttl": ("load#bad-encoding", 2),
    "ttl-surrogate-utf8.ttl": ("load#bad-encoding", 3),
    "ttl-cut-in-iri.ttl": ("load#bad-syntax", 3),
    "ttl-cut-in-long-string.ttl": ("load#bad-syntax", 2),
    "ttl-cut-in-a-character.ttl": ("load#bad-encoding", 2),
    "ttl-triple-term.ttl": ("load#triple-term", 3),
    "ttl-reifier.ttl": ("load#triple-term", 3),
    "ttl-annotation.ttl": ("load#triple-term", 3),
    "ttl-bad-base-iri.ttl": ("load#bad-syntax", 1),
    "ttl-prefix-undefined-late.ttl": ("load#bad-syntax", 5),
    "ttl-bad-escape.ttl": ("load#bad-syntax", 2),
    "ttl-bad-unicode-escape.ttl": ("load#bad-syntax", 3),
    "ttl-literal-subject.ttl": ("load#bad-syntax", 2),
    "ttl-control-char-in-iri.ttl": ("load#bad-syntax", 2),
    "ttl-only-bom.ttl": ("load#empty-file", None),
    "ttl-sparql-update.ttl": ("load#bad-syntax", 2),
    "ttl-html-page.ttl": ("load#bad-syntax", 1),
    # N-Triples
    "nt-bom-then-bad-syntax.nt": ("load#bad-syntax", 2),
    "nt-relative-iri.nt": ("load#bad-syntax", 2),
    "nt-turtle-prefix.nt": ("load#bad-syntax", 1),
    "nt-cut-before-dot.nt": ("load#bad-syntax", 2),
    "nt-triple-term.nt": ("load#triple-term", 2),
    "nt-windows-1251.nt": ("load#bad-encoding", 2),
    "nt-missing-object.nt": ("load#bad-syntax", 2),
    "nt-empty.nt": ("load#empty-file", None),
    "nt-comments-only.nt": ("load#no-statements", None),
    "nt-blank-predicate.nt": ("load#bad-syntax", 2),
    # N-Quads
    "nq-five-terms.nq": ("load#bad-syntax", 2),
    "nq-literal-graph.nq": ("load#bad-syntax", 2),
    "nq-cut-short.nq": ("load#bad-syntax", 2),
    "nq-triple-term.nq": ("load#triple-term", 2),
    "nq-latin-1.nq": ("load#bad-encoding", 2),
    "nq-bom-twice.nq": ("load#bad-syntax", 1),
    # TriG
    "trig-unclosed-graph.trig": ("load#bad-syntax", 4),
    "trig-nested-graph.trig": ("load#bad-syntax", 3),
    "trig-triple-term.trig": ("load#triple-term", 3),
    "trig-windows-1251.trig": ("load#bad-encoding", 3),
    "trig-bom-then-bad-syntax.trig": ("load#bad-syntax", 5),
    # N3
    "n3-cut-in-formula.n3": ("load#bad-syntax", 3),
    "n3-latin-1.n3": ("load#bad-encoding", 2),
    "n3-undefined-prefix.n3": ("load#bad-syntax", 3),
    "n3-cut-in-string.n3": ("load#bad-syntax", 2),
    # JSON-LD
    "jsonld-deep-objects.jsonld": ("load#too-deep", 1),
    "jsonld-deep-arrays.jsonld": ("load#too-deep", 1),
    "jsonld-deep-after-bracket-strings.jsonld": ("load#too-deep", 5),
    "jsonld-cut-short.jsonld": ("load#bad-syntax", 5),
    "jsonld-id-not-a-string.jsonld": ("load#bad-syntax", 3),
    "jsonld-context-a-number.jsonld": ("load#bad-syntax", 2),
    "jsonld-remote-context.jsonld": ("load#bad-syntax", 2),
    "jsonld-windows-1251.jsonld": ("load#bad-encoding", 3),
    "jsonld-two-roots.jsonld": ("load#bad-syntax", 4),
    "jsonld-language-not-a-string.jsonld": ("load#bad-syntax", 4),
    "jsonld-empty-object.jsonld": ("load#no-statements", None),
    # RDF/XML
    "rdf-billion-laughs.rdf": ("load#xml-entities", 2),
    "rdf-external-entity.rdf": ("load#xml-entities", 3),
    "rdf-parameter-entity.rdf": ("load#xml-entities", 3),
    "rdf-long-entity.rdf": ("load#xml-entities", 4),
    "rdf-bad-iri.rdf": ("load#bad-syntax", 6),
    "rdf-bad-language-tag.rdf": ("load#bad-syntax", 5),
    "rdf-cut-in-a-tag.rdf": ("load#truncated", 6),
    "rdf-windows-1251.rdf": ("load#bad-encoding", 4),
    "rdf-turtle-inside.rdf": ("load#bad-syntax", 1),
    "rdf-utf-16.rdf": ("load#bad-encoding", 1),
    "rdf-rdf-inside-property.rdf": ("load#bad-syntax", 5),
}

BIG = 17 * 1024 * 1024  # over the 16 MiB literal limit
# made in the temporary folder: name -> (error ID, line)
GENERATED: dict[str, tuple[str, int | None]] = {
    "huge-literal.ttl": ("load#literal-too-large", 3),
    "huge-literal-50mb.nt": ("load#literal-too-large", 2),
    "huge-long-string.ttl": ("load#literal-too-large", 3),
    "huge-string.jsonld": ("load#literal-too-large", 3),
    "huge-literal.trig": ("load#literal-too-large", 3),
}
UNREADABLE = ["no-permission.ttl", "no-permission.jsonld", "no-permission.rdf"]


def make_generated(folder: Path) -> dict[str, Path]:
    prefix = "@prefix ex: <https://example.org/> .\n"
    files = {
        "huge-literal.ttl": prefix + 'ex:a ex:p "x" .\nex:b ex:p "' + "ы" * (BIG // 2) + '" .\n',
        "huge-literal-50mb.nt": '<https://example.org/a> <https://example.org/p> "x" .\n'
        '<https://example.org/b> <https://example.org/p> "' + "b" * 50_000_000 + '" .\n',
        # a literal in triple quotes, its lines short: Oxigraph's own limit, mapped to the same ID
        "huge-long-string.ttl": prefix
        + 'ex:a ex:p "x" .\nex:b ex:p """'
        + ("y" * 99 + "\n") * (BIG // 100)
        + '""" .\n',
        "huge-string.jsonld": '{\n"@id": "https://example.org/a",\n"https://example.org/p": "' + "z" * BIG + '"\n}\n',
        "huge-literal.trig": prefix + "ex:g {\n" + 'ex:b ex:p "' + "t" * BIG + '" .\n}\n',
    }
    out = {}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        out[name] = folder / name
    good = {"ttl": prefix + 'ex:a ex:p "x" .\n', "jsonld": '{"@id": "https://example.org/a"}', "rdf": ""}
    for name in UNREADABLE:
        path = folder / name
        path.write_text(good[path.suffix.lstrip(".")] or "<rdf:RDF/>", encoding="utf-8")
        path.chmod(0)
        out[name] = path
    return out


def as_unprivileged() -> list[str]:
    """The prefix that makes a run unable to read a file with mode 000: nothing for an ordinary
    user; under root (as CI runs), setpriv drops the capabilities that let root read any file
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the kernel answers EACCES as it would to anyone."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no honest way to be refused a read")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


COMMANDS = ["build", "validate", "indices", "publish", "load"]


def command(verb: str, path: Path, out: Path, endpoint: str) -> list[str]:
    return {
        "build": ["build", str(path), "--format", "nt"],
        "validate": ["validate", str(path), "--no-reasoner"],
        "indices": ["indices", "--data", str(path)],
        "publish": ["publish", "--data", str(path), str(out)],
        "load": ["load", "--endpoint", endpoint, "--state", str(out.with_suffix(".state")), "-q", str(path)],
    }[verb]


def run_forked(forked: ForkedKgtool, args: list[str]) -> Done:
    """``kgtool ARGS`` in a process of its own with the same limits as ``run_bounded``, forked from
    a helper that has kgtool imported already (tests/forked_kgtool.py): the hundreds of runs
    below would otherwise spend most of their time starting Python and importing kgtool."""
    done = forked.run(args, SECONDS)
    if done is None:
        pytest.fail(f"kgtool {' '.join(args)} did not return within {SECONDS} s")
    return done


def run_bounded(args: list[str], prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kgtool ARGS`` as a fresh process (behind ``prefix``, another program that
    execs it), with the memory and time limits."""
    try:
        return subprocess.run(
            [*(prefix or []), sys.executable, "-m", "kgtool", *args],
            capture_output=True,
            text=True,
            timeout=SECONDS,
            preexec_fn=limits,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kgtool {' '.join(args)} did not return within {SECONDS} s")


TABLE: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    from servers import oxigraph_server

    with oxigraph_server() as base:
        yield base + "/query"


@pytest.fixture(scope="module")
def forked() -> Iterator[ForkedKgtool]:
    helper = ForkedKgtool(MEMORY)
    try:
        yield helper
    finally:
        helper.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    folder.chmod(0o755)
    return make_generated(folder)


@pytest.fixture(scope="module", autouse=True)
def table() -> Iterator[None]:
    yield
    if not TABLE:
        return
    names = sorted({n for n, _ in TABLE})
    lines = [
        "# Bad input × commands",
        "",
        "Written by tests/test_hostile_input.py: exit code, error ID, and the place named "
        "(file:line, or the file alone where no line can be known).",
        "",
        "| input | " + " | ".join(COMMANDS) + " |",
        "|---|" + "---|" * len(COMMANDS),
    ]
    for n in names:
        lines.append(f"| {n} | " + " | ".join(TABLE.get((n, c), "") for c in COMMANDS) + " |")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bad-input-table.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def check(
    name: str, verb: str, path: Path, error_id: str, line: int | None, done: subprocess.CompletedProcess[str] | Done
) -> None:
    found = re.search(r"^ERROR \[([^\]]+)\] (\S+?)(?::(\d+))?(?::\d+)?: ", done.stderr, re.MULTILINE)
    TABLE[(name, verb)] = (
        f"{done.returncode} `{found.group(1)}` {Path(found.group(2)).name}{':' + found.group(3) if found.group(3) else ''}"
        if found
        else f"{done.returncode} (no error line)"
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    assert done.returncode == 2, done.stderr[-3000:]
    where = re.escape(str(path)) + (rf":{line}(:\d+)?" if line is not None else "")
    assert re.search(rf"^ERROR \[{re.escape(error_id)}\] {where}: \S", done.stderr, re.MULTILINE), done.stderr[-3000:]


@pytest.mark.parametrize("verb", COMMANDS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_through_every_command(
    name: str, verb: str, tmp_path: Path, endpoint: str, forked: ForkedKgtool
) -> None:
    error_id, line = EXPECTED[name]
    path = HOSTILE / name
    done = run_forked(forked, command(verb, path, tmp_path / "out", endpoint))
    check(name, verb, path, error_id, line, done)


@pytest.mark.parametrize("verb", COMMANDS)
@pytest.mark.parametrize("name", sorted(GENERATED))
def test_huge_literal_through_every_command(
    name: str, verb: str, tmp_path: Path, endpoint: str, generated: dict[str, Path], forked: ForkedKgtool
) -> None:
    error_id, line = GENERATED[name]
    done = run_forked(forked, command(verb, generated[name], tmp_path / "out", endpoint))
    check(name, verb, generated[name], error_id, line, done)


@pytest.mark.parametrize("verb", COMMANDS)
@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_file_through_every_command(
    name: str, verb: str, tmp_path: Path, endpoint: str, generated: dict[str, Path]
) -> None:
    prefix = as_unprivileged()
    out = tmp_path / "out"
    tmp_path.chmod(0o777)  # the run without root's capabilities must still write its output
    done = run_bounded(command(verb, generated[name], out, endpoint), prefix)
    check(name, verb, generated[name], "load#permission-denied", None, done)


def test_the_corpus_is_listed_whole() -> None:
    assert {p.name for p in HOSTILE.iterdir()} == set(EXPECTED)
    syntaxes = {p.suffix for p in HOSTILE.iterdir()}
    assert syntaxes == {".ttl", ".nt", ".nq", ".trig", ".n3", ".jsonld", ".rdf"}
    assert len(EXPECTED) + len(GENERATED) + len(UNREADABLE) >= 60


# --- @base -----------------------------------------------------------------------------------


def test_base_declared_later_applies_from_there_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Relative IRIs before a file's ``@base`` resolve against the file's own address; after it,
    against the declared base. The declaration does not switch the file's address off."""
    path = tmp_path / "later-base.ttl"
    path.write_text(
        '<first> <https://example.org/p> "before" .\n'
        "@base <https://example.org/kg/> .\n"
        '<second> <https://example.org/p> "after" .\n',
        encoding="utf-8",
    )
    assert main(["build", str(path), "--format", "nt"]) == 0
    out = capsys.readouterr().out
    assert f'<{(tmp_path / "first").as_uri()}> <https://example.org/p> "before" .' in out
    assert '<https://example.org/kg/second> <https://example.org/p> "after" .' in out


def test_the_word_base_in_a_literal_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mentions-base.ttl"
    path.write_text('<a> <https://example.org/note> "write @base at the top" .\n', encoding="utf-8")
    assert main(["build", str(path), "--format", "nt"]) == 0
    assert f"<{(tmp_path / 'a').as_uri()}>" in capsys.readouterr().out


def test_a_second_base_resolves_against_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two-bases.ttl"
    path.write_text(
        "@base <https://example.org/kg/> .\n<a> <p> <b> .\n@base <sub/> .\n<c> <p> <d> .\n", encoding="utf-8"
    )
    assert main(["build", str(path), "--format", "nt"]) == 0
    out = capsys.readouterr().out
    assert "<https://example.org/kg/a> <https://example.org/kg/p> <https://example.org/kg/b> ." in out
    assert "<https://example.org/kg/sub/c> <https://example.org/kg/sub/p> <https://example.org/kg/sub/d> ." in out


def test_sparql_style_base_declared_later(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "later-base.trig"
    path.write_text(
        '<g> { <first> <https://example.org/p> "x" . }\nBASE <https://example.org/kg/>\n<g> { <second> <p> "y" . }\n',
        encoding="utf-8",
    )
    assert main(["build", str(path), "--format", "nt"]) == 0
    out = capsys.readouterr().out
    assert f"<{(tmp_path / 'first').as_uri()}>" in out and "<https://example.org/kg/second>" in out


# --- a class disjoint with itself --------------------------------------------------------------


@pytest.mark.skipif(shutil.which("java") is None, reason="the OWL check needs Java (installed by .ci/run)")
def test_a_class_disjoint_with_itself_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``C owl:disjointWith C`` says C can have no members: a Violation naming C (exit 1), not
    a reasoner that could not run (exit 2)."""
    path = tmp_path / "self-disjoint.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/kg/Odd> a owl:Class ; owl:disjointWith <https://example.org/kg/Odd> .\n",
        encoding="utf-8",
    )
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "reason#" not in err and "Traceback" not in out + err
    assert code == 1, out + err
    block = out.split("<https://example.org/kg/Odd>", 1)[1].split("\n\n", 1)[0]
    assert "VIOLATION" in block and "can have no members" in block
