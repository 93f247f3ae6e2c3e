"""The site's files made by a writer process (``kgtool.site.file_writer``): the same files, bytes
and modes as made in place; the first file the writer cannot make is publish#cannot-write naming
it, and comes before any later failure of the publisher; a writer killed is publish#writer-lost;
an interrupted publish leaves no writer; where no writer can be started, the files are made in
place."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from kgtool.errors import KgtoolError
from kgtool.rdf.store import KnowledgeGraph
from kgtool.site import file_writer
from kgtool.site import publish as site_publish
from kgtool.site.file_writer import _HEADER, BATCH, serve
from kgtool.site.publish import SiteWriter

FILES: list[tuple[str, bytes | str]] = [
    ("index.html", "<p>é</p>"),
    ("page/kg/law/x.html", "x" * 10),
    ("page/kg/law/y.html", b""),
    ("data/kg/law/x.ttl", b"12345"),
    ("data/kg/law/x.ttl", b"1"),  # made again, shorter: the whole file replaced
    ("big/one.bin", bytes(range(256)) * (BATCH // 128)),  # larger than a batch
]


def listing(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mode) for p in root.rglob("*") if p.is_file()}


def frames(files: list[tuple[str, bytes]]) -> bytes:
    out = b""
    for name, payload in files:
        out += _HEADER.pack(len(name.encode()), len(payload)) + name.encode() + payload
    return out


def test_the_writer_process_makes_the_files_made_in_place(tmp_path: Path) -> None:
    separate, in_place = SiteWriter(tmp_path / "a", separate=True), SiteWriter(tmp_path / "b")
    assert separate._writer is not None  # a process was started
    for out in (separate, in_place):
        for name, data in FILES:
            out.write(name, data)
        out.close()
    assert listing(tmp_path / "a") == listing(tmp_path / "b")
    assert (tmp_path / "a/data/kg/law/x.ttl").read_bytes() == b"1"
    assert (
        (separate.files, separate.bytes)
        == (in_place.files, in_place.bytes)
        == (6, sum(len(d.encode() if isinstance(d, str) else d) for _, d in FILES))
    )


def test_the_first_file_the_writer_cannot_make_is_named_at_close(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    out = SiteWriter(tmp_path, separate=True)
    out.write("ok/one.html", "fine")
    out.write("file/x.html", "under a file")  # refused: "file" is not a folder
    out.write("file/y.html", "under a file too")
    with pytest.raises(KgtoolError) as refused:
        out.close()
    assert refused.value.error_id == "publish#cannot-write" and refused.value.file == "file/x.html"
    assert "File exists" in refused.value.message  # as made in place: the folder "file" cannot be made
    assert (tmp_path / "ok/one.html").read_bytes() == b"fine"
    out.close()  # once only: a second close has nothing to wait for


def test_a_later_write_raises_the_writers_failure_once_it_stops_reading(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    out = SiteWriter(tmp_path, separate=True)
    out.write("file/x.html", "under a file")
    with pytest.raises(KgtoolError) as refused:
        for i in range(10_000):  # far more than the pipe holds: the writer stopped reading at the first
            out.write(f"later/{i}.html", "x" * 1024)
    assert refused.value.error_id == "publish#cannot-write" and refused.value.file == "file/x.html"


def test_a_publish_failure_after_a_file_the_writer_refused_is_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file came first: writing in place would have stopped there, before the later failure."""

    def fails_later(kg: KnowledgeGraph, out: SiteWriter, *args: object) -> None:
        (out.root / "file").write_bytes(b"")
        out.write("file/x.html", "under a file")
        raise ValueError("a later resource's failure")

    monkeypatch.setattr(site_publish, "_write_site", fails_later)
    with pytest.raises(KgtoolError) as refused:
        site_publish.publish(KnowledgeGraph(), tmp_path / "site", ontology=KnowledgeGraph())
    assert refused.value.error_id == "publish#cannot-write" and refused.value.file == "file/x.html"
    assert isinstance(refused.value.__cause__, FileExistsError)  # the system's refusal, as in place
    assert refused.value.__context__ is not None
    assert isinstance(refused.value.__context__.__context__, ValueError)  # the later failure, kept for -v
    assert not list(tmp_path.iterdir())  # the staging folder went, once the writer had ended


def test_a_killed_writer_is_writer_lost_with_its_signal(tmp_path: Path) -> None:
    out = SiteWriter(tmp_path, separate=True)
    out.write("a.html", "a")
    assert out._writer is not None
    out._writer._process.kill()
    out._writer._process.wait()
    with pytest.raises(KgtoolError) as lost:
        for i in range(10_000):
            out.write(f"later/{i}.html", "x" * 1024)
        out.close()
    assert lost.value.error_id == "publish#writer-lost" and "(signal 9)" in lost.value.message


def test_ctrl_c_while_the_writer_catches_up_kills_it_and_the_staging_folder_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interruption comes while ``close`` waits for the writer's backlog: the writer is killed
    and reaped before the staging folder is removed (it made files there until then)."""
    writers: list[int] = []

    def many_files(kg: KnowledgeGraph, out: SiteWriter, *args: object) -> None:
        assert out._writer is not None
        writers.append(out._writer._process.pid)
        for i in range(30_000):  # more than the pipe holds: a backlog of about a megabyte at the end
            out.write(f"r/{i % 50}/{i}.html", "x" * 100)
        signal.setitimer(signal.ITIMER_REAL, 0.02)  # fires inside close(), while it waits

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(site_publish, "_write_site", many_files)
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            site_publish.publish(KnowledgeGraph(), tmp_path / "site", ontology=KnowledgeGraph())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not list(tmp_path.iterdir())  # no staging folder left, no site
    with pytest.raises(ChildProcessError):
        os.waitpid(writers[0], os.WNOHANG)  # the writer was reaped: no such child


def test_an_abandoned_writer_is_ended_and_reaped(tmp_path: Path) -> None:
    out = SiteWriter(tmp_path, separate=True)
    assert out._writer is not None
    pid = out._writer._process.pid
    out.write("a.html", "a")
    out.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already: no such child


def test_without_a_writer_process_the_files_are_made_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    out = SiteWriter(tmp_path / "site", separate=True)
    assert out._writer is None
    out.write("a/b.html", "b")
    out.close()
    assert (tmp_path / "site/a/b.html").read_bytes() == b"b"


def test_the_writer_answers_ok_after_its_last_file(tmp_path: Path) -> None:
    answer = io.BytesIO()
    files = [(n, d.encode() if isinstance(d, str) else d) for n, d in FILES]
    assert serve(str(tmp_path), io.BytesIO(frames(files)), answer) == 0
    assert answer.getvalue() == b"ok\n"
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>é</p>"


def test_the_writer_names_the_file_and_the_systems_words(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    answer = io.BytesIO()
    assert serve(str(tmp_path), io.BytesIO(frames([("file/x.html", b"x"), ("y.html", b"y")])), answer) == 1
    name, number, words = answer.getvalue()[5:-1].decode().split("\0")
    assert (name, int(number)) == ("file/x.html", errno.EEXIST) and words == os.strerror(errno.EEXIST)
    assert not (tmp_path / "y.html").exists()  # it stops at the first


def test_input_that_ends_inside_a_file_is_no_file_and_a_bug_answer(tmp_path: Path) -> None:
    answer = io.BytesIO()
    assert serve(str(tmp_path), io.BytesIO(frames([("x.html", b"12345")])[:-2]), answer) == 2
    assert answer.getvalue().startswith(b"bug\0") and b"ended inside x.html" in answer.getvalue()
    assert not (tmp_path / "x.html").exists()


def test_a_name_cut_short_is_no_file_and_a_bug_answer(tmp_path: Path) -> None:
    answer = io.BytesIO()
    assert serve(str(tmp_path), io.BytesIO(frames([("name.html", b"")])[:-3]), answer) == 2
    assert b"ended inside a file's name" in answer.getvalue()
    assert not list(tmp_path.iterdir())


def test_the_writer_runs_isolated_and_loads_nothing_of_kgtool(tmp_path: Path) -> None:
    """``-I``: neither the user's environment nor the script's folder on its path (``kgtool/site``
    has an ``html.py`` that would hide the standard library's); ``-S``: no site-packages."""
    source = Path(file_writer.__file__).read_text(encoding="utf-8")
    assert "import kgtool" not in source and "from kgtool" not in source
    out = SiteWriter(tmp_path, separate=True)
    try:
        assert out._writer is not None
        pid = out._writer._process.pid
        deadline = time.monotonic() + 30
        while not (command := Path(f"/proc/{pid}/cmdline").read_bytes()) and time.monotonic() < deadline:
            time.sleep(0.01)  # just started: the kernel shows no command line until its exec is done
        arguments = command.split(b"\0")
        assert arguments[1:3] == [b"-I", b"-S"] and arguments[3].endswith(b"file_writer.py")
        out.write("x.html", b"x" * BATCH)  # sent at once (a batch): made once its imports are done
        while not (tmp_path / "x.html").is_file() and time.monotonic() < deadline:
            time.sleep(0.01)
        modules = Path(f"/proc/{pid}/maps").read_text()  # no C extension of site-packages mapped
        assert "site-packages" not in modules and "file_writer" not in modules
    finally:
        out.close()
