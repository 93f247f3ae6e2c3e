"""README.md's two opening commands stay true, and CI runs exactly the second one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kgtool.cli import main

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)[:2]


def test_readme_opens_with_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    head = (REPO / "README.md").read_text(encoding="utf-8")[:600]
    assert commands[0] in head and commands[1] in head
    assert "pip install ." in commands[0] and "kgtool " in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_readme_main_job_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for part in readme_commands()[0].split("&&"):
        words = shlex.split(part)
        if words and words[0].endswith("kgtool"):
            assert main(words[1:]) == 0, part
