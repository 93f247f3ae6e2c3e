"""`kgtool publish --jobs N`: the resources' documents and pages written by N processes
(``kgtool.site.shares``) give the serial site byte for byte (the 100k corpus's site was compared
by sha256 listings too: bench/README.md); an error met in a child is the
serial path's error (the earliest resource's, same words, same exit code); `--jobs` takes 1 to 8;
no child outlives an interrupted or terminated publish."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from processes import alive, children_of

from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph
from kgtool.site import MAX_JOBS
from kgtool.site.publish import publish
from kgtool.site.shares import LEAST, can_fork, share

pytestmark = pytest.mark.skipif(not can_fork(), reason="the shares fork only on Linux")  # kgtool's target
# a path no file system here takes (PATH_MAX is 4,096 bytes), each segment short enough to be a file
# name (a longer segment is left out with a warning, publish#unsafe-iri)
TOO_LONG = "/a" + "/a".join(["b" * 240] * 18)


def listing(site: Path) -> dict[str, str]:
    """Every file of ``site`` (hidden ones too) by its path, with its sha256."""
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_shares_cover_every_item_once_in_order() -> None:
    for count in (0, 1, 127, 128, 14_064):
        for jobs in (1, 2, 3, 8):
            parts = [list(share(count, jobs, k)) for k in range(jobs)]
            assert [i for part in parts for i in part] == list(range(count))
            assert max(map(len, parts)) - min(map(len, parts)) <= 1


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_number_of_jobs_writes_the_serial_site_byte_for_byte(
    kg: KnowledgeGraph, published_site: Callable[[str], Path], tmp_path: Path, lang: str
) -> None:
    """The run's shared site (the default, one process), and sites of 1 and of 3 processes (the
    parent and two children, each a third of the resources): the same files, bytes and counts."""
    serial = publish(kg, tmp_path / "one", lang=lang, jobs=1)
    three = publish(kg, tmp_path / "three", lang=lang, jobs=3)
    assert serial.resources > 3 * LEAST  # three processes had a share each
    assert (serial.files, serial.bytes, serial.resources) == (three.files, three.bytes, three.resources)
    expected = listing(tmp_path / "one")
    assert len(expected) == serial.files
    assert listing(tmp_path / "three") == expected
    assert listing(published_site(lang)) == expected


def labelled(path: Path, names: list[str]) -> Path:
    """A Turtle file of resources ``names`` under the data namespace, each with a label."""
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f'<https://w3id.org/kgtool/id/t/{name}> rdfs:label "{name[:10]}"@en .' for name in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def published_error(
    data: Path, out: Path, jobs: int, capsys: pytest.CaptureFixture[str], *verbose: str
) -> tuple[int, str]:
    code = main(["publish", "--data", str(data), "--jobs", str(jobs), str(out), *verbose])
    err = capsys.readouterr().err
    staging = re.escape(f"{out.parent}/.{out.name}.publishing-") + r"\d+"  # named by the run's pid
    return code, re.sub(staging, "STAGING", err)


@pytest.mark.parametrize(
    "bad",
    [
        ["r150" + TOO_LONG],  # in the last process's share only
        ["r010" + TOO_LONG, "r150" + TOO_LONG, "r190" + TOO_LONG],  # in every share: the first is reported
        ["r120" + TOO_LONG, "r150" + TOO_LONG],  # in the later shares only: the earlier one
    ],
)
def test_an_error_in_a_child_is_the_serial_paths_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: list[str]
) -> None:
    """A file name the OS refuses (a path over 4,096 bytes) fails the write of that
    resource's first document; whichever process meets it, the command prints what the serial
    loop prints, with its exit code, and leaves no site and no staging folder behind."""
    data = labelled(tmp_path / "long.ttl", [f"r{i:03d}" for i in range(200)] + bad)
    code, serial = published_error(data, tmp_path / "one", 1, capsys)
    assert code == 2 and "[publish#cannot-write]" in serial and "File name too long" in serial
    assert f"data/t/{bad[0]}.ttl" in serial  # the file, named within the site
    for jobs in (2, 3):
        assert published_error(data, tmp_path / f"p{jobs}", jobs, capsys) == (code, serial)
    assert "Traceback" not in serial
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.ttl"]


def test_a_childs_traceback_is_shown_with_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = labelled(tmp_path / "long.ttl", [f"r{i:03d}" for i in range(200)] + ["r150" + TOO_LONG])
    code, err = published_error(data, tmp_path / "site", 2, capsys, "-v")
    assert code == 2
    assert "RemoteTraceback" in err and "in _resource_files" in err and "in in_shares" in err


@pytest.mark.parametrize("jobs", ["0", "-1", str(MAX_JOBS + 1)])
def test_jobs_out_of_range_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    assert main(["publish", "--data", str(tmp_path / "missing.ttl"), "--jobs", jobs, str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert f"ERROR [publish#bad-jobs] --jobs {jobs}: publish runs 1 to {MAX_JOBS} processes" in err
    assert "leave it out for one process\n" in err  # the default is one process (it said "per core")
    assert "Traceback" not in err and not (tmp_path / "site").exists()


def test_jobs_must_be_a_whole_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["publish", "--jobs", "two", str(tmp_path / "site")])
    assert ended.value.code == 2
    assert "ERROR [cli#bad-arguments]" in capsys.readouterr().err


def is_writer(pid: int) -> bool:
    """Whether ``pid`` is the publish's file writer (``kgtool.site.file_writer``), not a share's child."""
    try:
        return b"file_writer.py" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.parametrize(
    "how",
    [
        "sigint-to-the-group",
        "sigterm-to-the-parent",
        "sigkill-to-the-parent",
        "sigkill-to-a-child",
        "sigterm-to-a-child",
    ],
)
def test_no_child_outlives_an_interrupted_publish(tmp_path: Path, how: str) -> None:
    """Ctrl-C (SIGINT to the whole foreground group) ends the command with its usual words and no
    traceback; SIGTERM to the parent alone does the same, with its own words; SIGKILL to the parent
    ends the children too (the kernel kills them when their parent ends); a child killed (as by the
    out-of-memory killer) is reported as such, and the other child is ended."""
    data = labelled(tmp_path / "many.ttl", [f"r{i:05d}" for i in range(6_000)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgtool", "publish", "--data", str(data), "--jobs", "3", str(tmp_path / "site")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a shell gives a foreground job
    )
    try:
        children: list[int] = []
        writers: list[int] = []
        deadline = time.monotonic() + 120
        while len(children) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            found = children_of(proc.pid)
            writers = [c for c in found if is_writer(c)]
            children = [c for c in found if c not in writers]
        assert len(children) == 2, "the publish ended before its children were seen"
        assert len(writers) == 1, "the file writer was not seen"
        time.sleep(0.5)  # well into the shares
        if how == "sigint-to-the-group":
            os.killpg(proc.pid, signal.SIGINT)
        elif how.endswith("-to-a-child"):
            os.kill(children[-1], signal.SIGKILL if how == "sigkill-to-a-child" else signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM if how == "sigterm-to-the-parent" else signal.SIGKILL)
        _, err = proc.communicate(timeout=600)  # a lost child is found once the parent has done its own share
        deadline = time.monotonic() + 10
        while any(alive(c) for c in children + writers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(c) for c in children + writers)  # the writer too: killed, or its input ended
        if how == "sigint-to-the-group":
            assert proc.returncode == 2 and "interrupted" in err and "Traceback" not in err
            assert sorted(p.name for p in tmp_path.iterdir()) == ["many.ttl"]  # the staging folder went
        elif how == "sigterm-to-the-parent":  # stopped as by Ctrl-C (it used to die of it, leaving the staging folder)
            assert proc.returncode == 2 and "stopped: asked to end (SIGTERM)" in err and "Traceback" not in err
            assert sorted(p.name for p in tmp_path.iterdir()) == ["many.ttl"]
        elif how.endswith("-to-a-child"):  # a child dies of SIGTERM as of SIGKILL: the parent's stop is not its own
            assert proc.returncode == 2 and "Traceback" not in err
            assert f"ERROR [publish#process-lost] a publishing process (pid {children[-1]}) ended" in err
            assert f"(signal {9 if how == 'sigkill-to-a-child' else 15})" in err and "--jobs 1" in err
            assert sorted(p.name for p in tmp_path.iterdir()) == ["many.ttl"]
        else:
            assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
