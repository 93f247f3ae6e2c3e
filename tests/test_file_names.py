"""Files named as people name them: a space ("pair 6.1.ttl"), quotes, brackets, a per cent sign or
letters of any script. Each file's statements are kept in a graph named after the file, and an
IRI cannot hold some of those characters: every command stopped with ``internal#unexpected``
("Invalid IRI code point ' '") before they were escaped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kgtool.assets import data_files
from kgtool.cli import main
from kgtool.rdf.store import KnowledgeGraph

NAMES = ["pair 6.1.ttl", 'say "a".ttl', "a<b>{c}|d^e`f\\g.ttl", "50%25 done.ttl", "Ата-мекен.ttl", "tab\there.ttl"]


@pytest.mark.parametrize("name", NAMES)
def test_every_reading_command_takes_a_file_so_named(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = next(p for p in data_files() if p.name == "actors.ttl")
    data = tmp_path / name
    shutil.copy(source, data)
    assert main(["build", str(data), "-o", str(tmp_path / "out.ttl")]) == 0
    assert main(["validate", "--no-reasoner", "--format", "json", str(data)]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] and {f["file"] for f in report["findings"] if f["file"]} == {str(data)}


def test_the_graphs_of_two_files_differing_only_in_an_escaped_character_stay_apart(tmp_path: Path) -> None:
    one, two = tmp_path / "a b.ttl", tmp_path / "a%20b.ttl"
    one.write_text("<http://example.org/s> <http://example.org/p> 1 .\n", encoding="utf-8")
    two.write_text("<http://example.org/s> <http://example.org/p> 2 .\n", encoding="utf-8")
    kg = KnowledgeGraph.from_files([one, two])
    assert sorted(kg.sources.values()) == [one, two]
    # the escape is of the name, whatever number the load gives it
    assert sorted(g.rsplit(":", 1)[1] for g in kg.sources) == ["a%20b.ttl", "a%2520b.ttl"]
