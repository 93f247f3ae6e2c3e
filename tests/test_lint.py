"""The code checks CI runs: ruff's lint rules and format, and mypy in strict mode on kgtool/.

They run as tests so that the one test command (README.md, .ci/run) runs them too, with the
versions the test extra installs; the settings are in pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["kgtool", "tests", "bench"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install '.[test]' installs it")
    return found


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_lint() -> None:
    proc = _run([_tool("ruff"), "check", "--no-cache", *SOURCES])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    proc = _run([_tool("ruff"), "format", "--check", "--no-cache", *SOURCES])
    assert proc.returncode == 0, "run 'ruff format kgtool tests bench':\n" + proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_strict() -> None:
    proc = _run([_tool("mypy"), "--no-incremental"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
