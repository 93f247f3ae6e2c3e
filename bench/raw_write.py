"""The floor for ``kgtool publish``: writing the same files' bytes from memory (issue 18, item 4).

Reads every file of a published site into memory, then writes them all into a new folder the way
kgtool's SiteWriter does (one ``mkdir`` per folder; per file one ``os.open``, ``os.write`` and
``os.close``, the least a file takes) and reports the CPU and wall seconds of the writing alone.
``kgtool publish``'s target is within 3x of this. ``--path-api`` writes each file with
``Path.write_bytes`` instead (as this floor did before SiteWriter left ``open()``: three system
calls more per file).

    python bench/raw_write.py SITE_DIR [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from kgtool.site.file_writer import write_file


def read_site(root: Path) -> list[tuple[str, bytes]]:
    """Every file under ``root`` with its bytes, in sorted order of path."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return [(str(p.relative_to(root)), p.read_bytes()) for p in files]


def write_all(files: list[tuple[str, bytes]], out: Path, path_api: bool = False) -> dict[str, float]:
    """Write the files under ``out`` and time it (CPU of this process and wall clock)."""
    cpu, wall = time.process_time(), time.perf_counter()
    folders: set[Path] = set()
    for name, data in files:
        path = out / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if path_api:
            path.write_bytes(data)
            continue
        write_file(str(path), data)  # SiteWriter's own: the floor writes each file as publish does
    return {"cpu_s": round(time.process_time() - cpu, 2), "wall_s": round(time.perf_counter() - wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a folder kgtool publish wrote")
    parser.add_argument("--out", type=Path, help="where to write the copy (default: a new temporary folder)")
    parser.add_argument("--path-api", action="store_true", help="write each file with Path.write_bytes (the old floor)")
    args = parser.parse_args()
    files = read_site(args.site)
    out = args.out or Path(tempfile.mkdtemp(prefix="raw-write-"))
    try:
        timing = write_all(files, out, args.path_api)
    finally:
        if args.out is None:
            shutil.rmtree(out)
    report = {
        "writer": "path-api" if args.path_api else "os",
        "files": len(files),
        "bytes": sum(len(d) for _, d in files),
        **timing,
        "load": os.getloadavg()[0],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
