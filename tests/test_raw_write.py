"""bench/raw_write.py, the floor ``kgtool publish`` is measured against (issue 18): it must write
exactly the files it read, so that the time it reports is the time of writing those bytes."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.raw_write import read_site, write_all  # noqa: E402


def test_the_copy_holds_the_same_files_and_bytes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, data in {
        "index.html": b"<html>",
        "data/kg/a.ttl": b"x",
        "data/kg/b/c.nt": b"",
        ".htaccess": b"R",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    files = read_site(site)
    timing = write_all(files, tmp_path / "copy")
    assert [name for name, _ in files] == sorted(name for name, _ in files) and len(files) == 4
    assert read_site(tmp_path / "copy") == files
    assert timing["cpu_s"] >= 0 and timing["wall_s"] >= 0
    write_all(files, tmp_path / "by-path", path_api=True)  # the old floor's writer: the same files
    assert read_site(tmp_path / "by-path") == files
