"""Outputs a command cannot write (kgtool/outputs.py): one error, ``output#cannot-write``, exit 2,
naming the path and the system's reason, from every command that writes where the user said.

Before, each command wrote with its own ``open``: an existing folder at ``-o`` ended in
``internal#unexpected: IsADirectoryError``, ``/dev/full`` and ``/sys`` in the same, and
``kgtool template`` at a path it could not write printed dozens of lines of "Exception ignored …
lxml.etree.LxmlSyntaxError" tracebacks from the workbook left unsaved; ``-o ""`` wrote twenty CSV
files into the current folder (template) or the graph to standard output (build).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kgtool.cli import main

REPO = Path(__file__).resolve().parents[1]
REFUSED = "ERROR [output#cannot-write] "

# every command that writes a file -o names, with what else it needs to run
FILE_COMMANDS = {
    "build": ["build"],
    "report": ["report"],
    "export": ["export"],
    "template": ["template"],
    "indices": ["indices"],
    "gaps": ["gaps"],
    "query": ["query", "indices/assessments"],
    "validate": ["validate", "--no-reasoner"],
    "cite": ["cite", "kg/assessment/2016"],
    "search": ["search", "budget"],
}
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="kgtool report needs Graphviz's dot")


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], path: object, reason: str) -> str:
    """Run ``argv``, which must fail with output#cannot-write naming ``path`` for ``reason``."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{REFUSED}{path}: cannot be written: {reason}"), err
    assert "internal#unexpected" not in err and "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "verb", [pytest.param(v, marks=needs_dot) if v == "report" else v for v in sorted(FILE_COMMANDS)]
)
def test_a_folder_named_as_the_output_file_is_refused_by_every_command(
    verb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o` naming an existing folder: IsADirectoryError ended in internal#unexpected. The folder
    is named ``.xlsx`` for the workbook commands, which otherwise write a folder of CSV files."""
    folder = tmp_path / ("book.xlsx" if verb in ("export", "template") else "out")
    folder.mkdir()
    refused([*FILE_COMMANDS[verb], "-o", str(folder)], capsys, folder, "it is a folder, and a file is written here")
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("name", ["graph.ttl", "book.xlsx", "report.txt"])
def test_a_full_disk_is_said_and_nothing_half_written_is_kept(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/full answers every write with ENOSPC: the error says the disk is full (was
    internal#unexpected: OSError). A link to it stands for a full disk under any name."""
    target = tmp_path / name
    target.symlink_to("/dev/full")
    verb = {"graph.ttl": ["build"], "book.xlsx": ["template", "--force"], "report.txt": ["indices"]}[name]
    refused([*verb, "-o", str(target)], capsys, target, "the disk is full")
    assert target.is_symlink() and Path("/dev/full").exists()  # a device is never removed
    refused(["build", "-o", "/dev/full"], capsys, "/dev/full", "the disk is full")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="no /sys")
@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["build", "-o", "/sys/x.ttl"], "/sys/x.ttl"),
        (["template", "-o", "/sys/x.xlsx"], "/sys/x.xlsx"),
        (["export", "--all", "-o", "/sys/all"], "/sys/all"),
        (["publish", "/sys/site"], "/sys/site"),
    ],
)
def test_a_place_no_user_may_write_to_is_said(argv: list[str], path: str, capsys: pytest.CaptureFixture[str]) -> None:
    """/sys takes no new files, even from root: "this user may not write there" (was
    internal#unexpected: PermissionError)."""
    refused(argv, capsys, path, "this user may not write there")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="no /sys")
def test_import_into_a_place_no_user_may_write_to_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xlsx"
    assert main(["export", "-o", str(book)]) == 0
    capsys.readouterr()
    refused(["import", str(book), "-o", "/sys/imp"], capsys, "/sys/imp", "this user may not write there")


def test_a_file_where_a_folder_is_written_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of CSV files (template, export --all) at a path that is a file: FileExistsError,
    internal#unexpected. A file below it: the same said of it, the folder it needs made."""
    existing = tmp_path / "existing.txt"
    existing.write_text("kept\n", encoding="utf-8")
    refused(["template", "-o", str(existing)], capsys, existing, "it is a file, and a folder is written here")
    refused(["export", "--all", "-o", str(existing)], capsys, existing, "it is a file, and a folder is written here")
    refused(
        ["build", "-o", str(existing / "graph.ttl")], capsys, existing, "it is a file, and a folder is written here"
    )
    assert existing.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["template", "-o", "/proc/x.xlsx"],
        ["template", "-o", "existing.txt"],
        ["export", "--all", "-o", "existing.txt"],
    ],
)
def test_a_workbook_that_cannot_be_written_prints_one_error_and_no_traceback(argv: list[str], tmp_path: Path) -> None:
    """The whole of standard error is the error and its hint: the workbook used to be made before
    its file was opened, and its unsaved sheets, collected at exit, printed "Exception ignored in
    … lxml.etree.LxmlSyntaxError" tracebacks (run in a process of its own, as a user runs it)."""
    (tmp_path / "existing.txt").write_text("kept\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kgtool", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "KGTOOL_LANG": "en"},
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(REFUSED) and lines[1].startswith("  hint: "), done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["template", "-o", ""],
        ["build", "-o", ""],
        ["indices", "-o", ""],
        ["export", "-o", ""],
        ["publish", ""],
        ["import", "book.xlsx", "-o", ""],
    ],
)
def test_an_empty_output_path_is_refused(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o ""`` named the current folder (template wrote twenty CSV files into it) or was taken
    for no -o at all (build wrote the graph to standard output): now refused before any work."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.startswith("ERROR [output#empty-path] the output path is empty"), err
    assert out == "" and list(tmp_path.iterdir()) == []


def test_a_failure_leaves_no_new_file_and_the_old_one_as_it_was(tmp_path: Path) -> None:
    """A failure while the output is written (an error of the writer, Ctrl-C) leaves no file that
    looks complete, and an existing file untouched (it was emptied at once, and then removed:
    a reviewer's filled workbook, lost to a failed export), and no scratch file."""
    from kgtool.outputs import open_output  # here: the module is new, the other tests run on the code before it

    new, old = tmp_path / "graph.ttl", tmp_path / "book.xlsx"
    old.write_bytes(b"the filled-in workbook")
    for target in (new, old):
        for failure in (RuntimeError("the writer failed"), KeyboardInterrupt()):
            with pytest.raises(type(failure)), open_output(target) as file:
                file.write(b"@prefix")
                raise failure
    assert not new.exists() and old.read_bytes() == b"the filled-in workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_file_is_replaced_whole_with_its_mode_and_a_new_one_gets_the_usual_mode(tmp_path: Path) -> None:
    from kgtool.outputs import write_output

    old, new = tmp_path / "kept.ttl", tmp_path / "new.ttl"
    old.write_text("old")
    old.chmod(0o640)
    write_output(old, "replaced")
    write_output(new, "made")
    mask = os.umask(0)
    os.umask(mask)
    assert old.read_text() == "replaced" and (old.stat().st_mode & 0o777) == 0o640
    assert new.read_text() == "made" and (new.stat().st_mode & 0o777) == 0o666 & ~mask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.ttl", "new.ttl"]


def test_a_link_is_written_through_and_never_removed(tmp_path: Path) -> None:
    """A failed write through a link removed the link (and left the file it named half-written):
    ``-o /dev/stdout`` is such a link. A link is written through, as the user named it, and kept."""
    import errno

    from kgtool.errors import KgtoolError
    from kgtool.outputs import open_output, write_output

    real, link = tmp_path / "important.txt", tmp_path / "link.ttl"
    real.write_text("before")
    link.symlink_to(real.name)
    write_output(link, "through the link")
    assert link.is_symlink() and real.read_text() == "through the link"
    with pytest.raises(KgtoolError, match="output#cannot-write"), open_output(link) as file:
        file.write(b"half")
        raise OSError(errno.EIO, "Input/output error")
    assert link.is_symlink() and real.exists()


def test_a_reason_kgtool_does_not_word_is_the_systems_own_in_a_sentence_of_the_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "не удаётся записать: File too large": the system's words alone, in English."""
    import errno

    from kgtool.i18n.problems import in_language
    from kgtool.outputs import cannot_write

    error = cannot_write(tmp_path / "big.ttl", OSError(errno.EFBIG, "File too large"))
    assert "не удаётся записать: система отказала (File too large)" in in_language(error, "ru")
    assert "система жол бербеди (File too large)" in in_language(error, "ky")


def test_the_reason_is_in_the_readers_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["indices", "--lang", "ru", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{REFUSED}{folder}: не удаётся записать: это папка, а сюда записывается файл" in err
    assert main(["indices", "--lang", "ky", "-o", str(folder)]) == 2
    assert f"{REFUSED}{folder}: жазуу мүмкүн эмес: бул папка, ал эми бул жерге файл жазылат" in capsys.readouterr().err


# --- `-o -`: standard output where text is written, refused where files are ------------------------


@pytest.mark.parametrize(
    "verb", [pytest.param(v, marks=needs_dot) if v == "report" else v for v in sorted(FILE_COMMANDS)]
)
def test_dash_is_standard_output_for_every_command_that_writes_text(
    verb: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`-o -` wrote a file named "-" (build, validate, query...). Now it is standard output, the Unix
    convention: the same bytes as without -o, and no file. The workbook commands refuse it
    (``output#not-a-stream``): a workbook or a folder of CSV files is no stream of text."""
    monkeypatch.chdir(tmp_path)
    argv = FILE_COMMANDS[verb]
    if verb in ("export", "template"):
        assert main([*argv, "-o", "-"]) == 2
        assert capsysbinary.readouterr().err.startswith(b"ERROR [output#not-a-stream] '-' names standard output")
    else:
        assert main(argv) in (0, 1)  # validate: 1 when the data has findings
        without = capsysbinary.readouterr().out
        assert main([*argv, "-o", "-"]) in (0, 1)
        assert capsysbinary.readouterr().out == without and len(without) > 20
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["template", "-o", "-"],
        ["export", "-o", "-"],
        ["export", "--all", "-o", "-"],
        ["import", "book.xlsx", "-o", "-"],
        ["publish", "-"],
    ],
)
def test_dash_is_refused_where_files_are_written(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook, a folder of CSV or Turtle files, a site: `-` is refused before any work (a file or
    folder named "-" was written, or output#cannot-write said it is a file), and the hint says how
    to name one "-" if that is what is meant."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.startswith(
        "ERROR [output#not-a-stream] '-' names standard output, which takes text, but kgtool writes files here"
    ), err
    assert "hint: name a file or folder; for one named '-', write ./-" in err
    assert out == "" and list(tmp_path.iterdir()) == []


def test_a_file_named_dash_is_written_as_dot_slash_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-o", "./-"]) == 0
    assert main(["template", "-o", "./-.xlsx"]) == 0
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("@prefix")
    assert (tmp_path / "-.xlsx").is_file() and capsys.readouterr().out == ""


# --- a compressed file's name: refused, since kgtool neither writes nor reads one -------------------


@pytest.mark.parametrize(
    ("argv", "options", "compressor"),
    [
        (["build", "-o", "graph.nt.gz"], " --format nt", "gzip -n"),
        (["build", "-o", "graph.ttl.xz", "--format", "ttl"], "", "xz"),
        (["build", "-o", "graph.jsonld.xz"], " --format jsonld", "xz"),
        (["indices", "--format", "csv", "-o", "indices.csv.bz2"], "", "bzip2"),
        (["validate", "--no-reasoner", "-o", "report.json.zst"], "", "zstd"),
    ],
)
def test_a_compressed_files_name_is_refused(
    argv: list[str],
    options: str,
    compressor: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`kgtool build -o graph.nt.gz` wrote plain Turtle (not even N-Triples: the syntax followed
    the last extension only) into a file whose name promised gzip, and kgtool cannot read a .gz
    file back. Now refused, exit 2, nothing written, with the way to compress the output."""
    monkeypatch.chdir(tmp_path)
    name = argv[argv.index("-o") + 1]
    assert main(argv) == 2
    err = capsys.readouterr().err
    extension = "." + name.rsplit(".", 1)[1]
    assert err.startswith(
        f"ERROR [output#compressed] {name}: the name ends in {extension}, as a compressed file's does, but kgtool"
        " writes no compressed file (and reads none)"
    ), err
    plain = name.removesuffix(extension)
    # the syntax -o's name would have chosen, said for standard output (build's), which is Turtle else
    assert (
        f"hint: write {plain} and compress it afterwards, or send standard output to the compressor: -o -{options} |"
        in err
    )
    assert f"| {compressor} > {name}" in err
    assert list(tmp_path.iterdir()) == []


def test_the_hints_pipe_gives_a_file_kgtool_reads_after_gunzip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the hint says to do, done as it is written: its command through ``gzip -n`` is a gzip
    file whose contents are the N-Triples ``build -o graph.nt`` writes (the hint once left out the
    --format, and the file held Turtle under an N-Triples name)."""
    import gzip

    assert shutil.which("gzip"), "gzip is part of every system kgtool is tested on"
    direct = tmp_path / "graph.nt"
    assert main(["build", "-o", str(direct)]) == 0
    capsys.readouterr()
    assert main(["build", "-o", "graph.nt.gz"]) == 2
    hint = capsys.readouterr().err.split("send standard output to the compressor: ", 1)[1].strip()
    assert hint == "-o - --format nt | gzip -n > graph.nt.gz"
    command = f"{shlex.quote(sys.executable)} -m kgtool build {hint}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, shell=True, cwd=tmp_path, env=env, check=True, timeout=120)
    assert gzip.decompress((tmp_path / "graph.nt.gz").read_bytes()) == direct.read_bytes()
