"""The JVM options kgtool gives HermiT's Java (kgtool.validation.reasoner._java_options):
they reach the java that owlready2 starts, the user's JDK_JAVA_OPTIONS still win, and nothing
is left behind for the next run."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from owlready2 import reasoning

from kgtool.validation.reasoner import QUICK_JVM_OPTIONS, _java_options

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


def flag(name: str) -> str:
    """The value the JVM started the way owlready2 starts HermiT (its _subprocess_kargs) gives a flag."""
    out = subprocess.check_output(
        ["java", "-XX:+PrintFlagsFinal", "-version"], stderr=subprocess.STDOUT, text=True, **reasoning._subprocess_kargs
    )
    return next(line.split("=")[1].split()[0] for line in out.splitlines() if f" {name} " in line)


def test_the_options_reach_owlreadys_java_and_go_away_after() -> None:
    before = flag("TieredStopAtLevel")
    with _java_options(QUICK_JVM_OPTIONS):
        assert flag("TieredStopAtLevel") == "1"
    assert flag("TieredStopAtLevel") == before == "4"
    assert "env" not in reasoning._subprocess_kargs


def test_the_users_options_come_last_and_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=2")
    with _java_options(QUICK_JVM_OPTIONS):
        assert flag("TieredStopAtLevel") == "2"


def test_no_options_change_nothing() -> None:
    with _java_options(""):
        assert "env" not in reasoning._subprocess_kargs
