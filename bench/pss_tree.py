"""The peak memory of a command and every process it starts, as the sum of their PSS.

``/usr/bin/time``'s maximum RSS is one process's: a command that forks (``kgtool publish
--jobs``) shares most of its pages with its children, so adding their RSS counts the shared
pages once per process, and taking the largest misses the children's own. PSS (proportional
set size) charges each shared page to its processes in equal parts, so the sum over the tree is
the memory the command holds. Sampled every ``--every`` seconds from
``/proc/PID/smaps_rollup`` (a peak between two samples is missed: a lower bound, close to it
when the memory grows slowly, as a publish's does).

    python bench/pss_tree.py [--every 0.2] [--statements N] -- kgtool publish --data corpus.trig DIR

prints one JSON line: wall and CPU seconds (user, system: of the command and the children it
waited for), the peak sum of PSS and of RSS over the tree, the most processes seen at once, and,
with ``--statements``, the peak PSS per statement.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def descendants(root: int) -> list[int]:
    """``root`` and every process below it (read from each process's ``children`` files)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):  # it ended meanwhile
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def rollup(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of ``pid`` in KiB; zeros for a process that has ended."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--statements", type=int, help="statements of the input, for the peak per statement")
    parser.add_argument("--timeline", type=Path, help="write each sample here: seconds, then PID:PSS KiB per process")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    started = time.monotonic()
    proc = subprocess.Popen(command)
    peak_pss = peak_rss = most = 0
    status = None
    timeline = args.timeline.open("w", encoding="utf-8") if args.timeline else None
    while status is None:
        pids = descendants(proc.pid)
        sizes = [rollup(p) for p in pids]
        if timeline:
            at = time.monotonic() - started
            print(
                f"{at:.1f} " + " ".join(f"{p}:{s[0]}" for p, s in zip(pids, sizes, strict=True)),
                file=timeline,
                flush=True,
            )
        peak_pss = max(peak_pss, sum(s[0] for s in sizes))
        peak_rss = max(peak_rss, sum(s[1] for s in sizes))
        most = max(most, sum(1 for s in sizes if s[1]))
        time.sleep(args.every)
        waited, raw, usage = os.wait4(proc.pid, os.WNOHANG)
        if waited:
            status = os.waitstatus_to_exitcode(raw)
            proc.returncode = status
    if timeline:
        timeline.close()
    out: dict[str, object] = {
        "exit": status,
        "wall_s": round(time.monotonic() - started, 1),
        "user_s": round(usage.ru_utime, 1),
        "sys_s": round(usage.ru_stime, 1),
        "peak_pss_kib": peak_pss,
        "peak_rss_sum_kib": peak_rss,
        "max_rss_one_kib": usage.ru_maxrss,
        "processes": most,
    }
    if args.statements:
        out["pss_bytes_per_statement"] = round(peak_pss * 1024 / args.statements)
    print(json.dumps(out), file=sys.stderr)
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
