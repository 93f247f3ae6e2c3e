"""Docs tested against the CLI: every command is documented, has help, and every
documented example that needs no running endpoint runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kgtool.cli import build_parser, main
from kgtool.cli.verbs import COMMANDS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def documented_examples() -> list[str]:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    return [
        line[2:]
        for block in re.findall(r"```sh\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.startswith("$ kgtool ")
    ]


def test_every_command_is_documented_with_help() -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)  # type: ignore[union-attr]
    for name, subparser in sub.choices.items():  # type: ignore[union-attr]
        assert f"## kgtool {name}" in text, f"docs lack a section for kgtool {name}"
        assert f"kgtool {name}" in readme, f"README's command table lacks kgtool {name}"
        assert subparser.description and len(subparser.description) > 40
        for action in subparser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"kgtool {name} {action.option_strings} has no help text"


@pytest.mark.parametrize("example", [e for e in documented_examples() if "--endpoint" not in e])
def test_documented_example_runs(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO if "data/" in example else tmp_path)
    argv = shlex.split(example)[1:]
    argv = [str(tmp_path / a) if a.startswith("build/") else a for a in argv]
    expected = 1 if "data/pair-6.1" in example else 0
    assert main(argv) == expected, capsys.readouterr().err
