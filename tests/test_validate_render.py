"""What the data says cannot break or forge a validation report (kgtool.validation.render).

A label, a value or a message of a user's shape may hold a newline, ESC and a terminal's colour
codes, a line a CI log takes for a command (``::error``), bidirectional overrides, or control
characters XML 1.0 cannot hold. The text report shows them escaped (``\\u001B``), one finding to
a line; the JUnit report is always well-formed XML 1.0, read here by three real parsers (the
standard library's ElementTree and minidom, and libxml2 through lxml, which is strict and which
JUnit tooling built on it uses), and its test cases are one per shape, named so that a user's
shape and the project's of the same local name stay apart.

Every run is the real ``kgtool validate`` on small files written here.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.dom import minidom
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from kgtool.cli import main

# what the data holds: ESC and colour codes, a newline then a workflow command, CR, NEL, the line
# separator, a right-to-left override, an isolate, BEL, DEL, a C0 control XML 1.0 forbids, U+FFFE
HOSTILE = (
    "Party\u001b[31mRED\u001b[0m\n::error file=x.ttl,line=1::INJECTED\rback\u0085nel\u2028sep"
    "\u202eevil\u2066iso\u0007bell\u007fdel\u0001one\ufffeend"
)
TURTLE_ESCAPED = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else f"\\u{ord(c):04X}" for c in HOSTILE)
SHOWN = (
    "Party\\u001B[31mRED\\u001B[0m\\u000A::error file=x.ttl,line=1::INJECTED\\u000Dback\\u0085nel\\u2028sep"
    "\\u202Eevil\\u2066iso\\u0007bell\\u007Fdel\\u0001one\ufffeend"
)  # U+FFFE, a noncharacter, does nothing on a terminal: the text report leaves it
# every character the text report must not show raw
UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# what XML 1.0 cannot hold
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

DATA = f"""@prefix ex: <http://example.org/data#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:party a ex:Holder ; rdfs:label "{TURTLE_ESCAPED}"@en ; ex:name "{TURTLE_ESCAPED}" .
"""
SHAPES = f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/data#> .
@prefix my: <https://ci.example/shapes#> .
my:HolderShape a sh:NodeShape ; sh:targetClass ex:Holder ;
    sh:property [ sh:path ex:name ; sh:maxLength 3 ; sh:message "{TURTLE_ESCAPED}" ] .
my:WarningShape a sh:NodeShape ; sh:targetClass ex:Holder ;
    sh:property [ sh:path ex:name ; sh:maxLength 4 ; sh:severity sh:Warning ; sh:message "{TURTLE_ESCAPED}" ] .
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(DATA, encoding="utf-8")
    shapes.write_text(SHAPES, encoding="utf-8")
    return data, shapes


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["validate", "--no-reasoner", "-q", *args])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "Traceback" not in out + err
    return out


def test_the_text_report_shows_control_characters_escaped_one_finding_a_line(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, shapes = files
    out = validate(capsys, str(data), "--only-shapes", "--shapes", str(shapes))
    lines = out.split("\n")
    assert not [line for line in lines if UNSEEN.search(line)], out
    assert not [line for line in lines if line.startswith("::")], out
    findings = [line for line in lines if line.startswith(("  VIOLATION", "  WARNING"))]
    assert len(findings) == 2, out
    for finding in findings:  # the message of the user's shape and the value found, escaped, on one line
        assert finding.count(SHOWN) == 2, finding
    # the label names the entity on a line of its own, escaped too
    assert f"{SHOWN} <http://example.org/data#party>" in lines, out


def test_the_junit_report_is_well_formed_xml_whatever_the_data_holds(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, shapes = files
    report = tmp_path / "validation.xml"
    validate(capsys, str(data), "--only-shapes", "--shapes", str(shapes), "--format", "junit", "-o", str(report))
    xml = report.read_bytes()
    assert not NOT_XML.search(xml.decode("utf-8"))
    etree.fromstring(xml, etree.XMLParser(recover=False))  # libxml2, strict
    minidom.parseString(xml)
    root = ET.fromstring(xml)
    # the violation's text in <failure>, the warning's in <system-out>
    failures, outputs = root.findall(".//failure"), root.findall(".//system-out")
    assert len(failures) == len(outputs) == 1, xml
    for element in (failures[0], outputs[0]):
        text = element.text or ""
        # what the data held is there, visibly: ESC as \u001B; the newline, which XML holds, as it is
        assert "Party\\u001B[31mRED\\u001B[0m\n::error" in text
        assert "INJECTED\\u000Dback" in text and "\\u0085nel" in text and "\\u0007bell" in text
        assert "\\u0001one\\uFFFEend" in text
    assert failures[0].get("message", "").startswith("Party\\u001B[31m")


BASE = Path(__file__).resolve().parent / "fixtures" / "shapes" / "_base.ttl"
# two shapes of users named as the project's kgsh:ProcessShape is, each failing on every process
SAME_NAMES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kgo: <https://w3id.org/kgtool/ontology#> .
@prefix my: <https://ci.example/shapes#> .
@prefix your: <https://other.example/rules/> .
my:ProcessShape a sh:NodeShape ; sh:targetClass kgo:AccountabilityProcess ;
    sh:property [ sh:path kgo:nonexistent ; sh:minCount 1 ; sh:message "my own process rule" ] .
your:ProcessShape a sh:NodeShape ; sh:targetClass kgo:AccountabilityProcess ;
    sh:property [ sh:path kgo:nonexistent ; sh:minCount 1 ; sh:message "another process rule" ] .
"""


def test_junit_test_cases_of_shapes_with_one_local_name_stay_apart_and_say_whose_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(SAME_NAMES, encoding="utf-8")
    root = ET.fromstring(validate(capsys, str(BASE), "--shapes", str(shapes), "--format", "junit"))
    cases = root.findall(".//testcase")
    names = [(case.get("classname"), case.get("name")) for case in cases]
    assert len(names) == len(set(names)) == int(root.find("testsuite").get("tests", "0")), names  # type: ignore[union-attr]
    by_name = {(case.get("classname"), case.get("name")): case for case in cases}
    project = by_name[("kgtool.shapes", "ProcessShape")]
    mine = by_name[("kgtool.user-shapes", "https://ci.example/shapes#ProcessShape")]
    yours = by_name[("kgtool.user-shapes", "https://other.example/rules/ProcessShape")]
    assert project.find("failure") is None
    assert "my own process rule" in (mine.findtext("failure") or "")
    assert "another process rule" in (yours.findtext("failure") or "")
    shape_of = {case.find("properties/property[@name='shape']").get("value") for case in (project, mine, yours)}  # type: ignore[union-attr]
    assert shape_of == {
        "https://w3id.org/kgtool/shapes#ProcessShape",
        "https://ci.example/shapes#ProcessShape",
        "https://other.example/rules/ProcessShape",
    }
