"""bench/pss_tree.py, the memory figure of ``kgtool publish --jobs`` (issue 18): the peak is the
sum of PSS over the command and the processes it forks, not one process's RSS."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# a parent holding 100 MB of its own, and a child forked after it that makes 60 MB of its own
# (the parent's pages it never writes stay shared: PSS counts them once, split between the two).
# The shared part is the larger one so that the figure this test is about, the shared pages
# counted twice by a sum of RSS, stands well clear of the noise of sampling a busy machine (with
# 60 MB shared, one CI run measured 44 MB over the PSS peak against the 50 asked)
FORKING = """
import os, time
mine = bytearray(100 << 20)
pid = os.fork()
if pid == 0:
    theirs = bytearray(60 << 20)
    time.sleep(1.5)
    os._exit(0)
os.waitpid(pid, 0)
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS is read from Linux's /proc")
def test_the_peak_is_the_sum_over_the_forked_children(tmp_path: Path) -> None:
    """Run as the command it is: the maximum RSS Linux reports for a process run from a large one
    (a test worker of some 280 MB) starts at the large one's, which the fork copied before the exec
    (the CI's run once failed so: 283 MB for one process of this 160 MB script)."""
    timeline = tmp_path / "timeline.txt"
    command = [sys.executable, str(REPO / "bench" / "pss_tree.py"), "--every", "0.1", "--timeline", str(timeline)]
    ran = subprocess.run([*command, "--", sys.executable, "-c", FORKING], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    figures = json.loads(ran.stderr.strip().splitlines()[-1])
    assert figures["exit"] == 0 and figures["processes"] == 2
    assert 160 << 10 <= figures["peak_pss_kib"] < 220 << 10  # 100 + 60 MB and two interpreters, not 100 + 160
    assert figures["peak_rss_sum_kib"] >= figures["peak_pss_kib"] + (50 << 10)  # the shared 100 MB counted twice
    assert figures["max_rss_one_kib"] < figures["peak_rss_sum_kib"]  # /usr/bin/time's figure: one process's
    assert any(len(line.split()) == 3 for line in timeline.read_text(encoding="utf-8").splitlines())
