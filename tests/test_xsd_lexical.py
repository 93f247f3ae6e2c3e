"""One judgement of literals: ``kgtool load``, ``kgtool build`` and ``kgtool validate`` (``sh:datatype``,
on either engine) agree on every spelling of every XSD datatype a store reads as a value, by XML
Schema 1.1's lexical rules (``kgtool.rdf.xsd_lexical``), white space as written.

Before session 11 they did not: load judged numbers, booleans and some dates by XSD's rules with
white space collapsed, build refused only an integer subtype out of range or a dateTimeStamp
without a zone, and validate asked rdflib (which reads ``" 12 "`` and ``"١٢"`` as 12, ``"P1DT"`` as
``P1D``, and refuses the valid ``"0000-01-01"^^xsd:date`` and ``"24:00:00"^^xsd:time``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kgtool.cli import main
from kgtool.rdf.xsd_lexical import JUDGED, of_datatype, suggestion

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# (datatype, lexical form, whether it is a value of the datatype); each datatype kgtool judges has
# both kinds (test_every_judged_datatype_has_both_kinds). The comments say what rdflib made of it.
SPELLINGS: list[tuple[str, str, bool]] = [
    ("integer", "12", True),
    ("integer", "+007", True),
    ("integer", " 12 ", False),  # rdflib: 12; Oxigraph: not a number; Virtuoso: 12
    ("integer", "12\n", False),
    ("integer", "1 2", False),
    ("integer", "١٢", False),  # rdflib: 12
    ("integer", "abc", False),
    ("nonNegativeInteger", "0", True),
    ("nonNegativeInteger", "-1", False),
    ("byte", "127", True),
    ("byte", "128", False),
    ("unsignedLong", "18446744073709551615", True),
    ("unsignedLong", "18446744073709551616", False),
    ("long", "-9223372036854775808", True),
    ("long", "9223372036854775808", False),
    ("int", "-2147483648", True),
    ("int", "2147483648", False),
    ("short", "32767", True),
    ("short", "-32769", False),
    ("positiveInteger", "1", True),
    ("positiveInteger", "0", False),
    ("negativeInteger", "-1", True),
    ("negativeInteger", "-0", False),
    ("nonPositiveInteger", "-0", True),
    ("nonPositiveInteger", "1", False),
    ("unsignedInt", "4294967295", True),
    ("unsignedInt", "-1", False),
    ("unsignedShort", "65535", True),
    ("unsignedShort", "65536", False),
    ("unsignedByte", "255", True),
    ("unsignedByte", "+256", False),
    ("decimal", "-0.40", True),
    ("decimal", " 1.5", False),  # rdflib: 1.5
    ("decimal", "1e5", False),
    ("float", "INF", True),
    ("float", "inf", False),  # rdflib: inf
    ("double", "1.0E0", True),
    ("double", "1.0E0 ", False),
    ("boolean", "1", True),
    ("boolean", " true", False),
    ("boolean", "TRUE", False),
    ("date", "0000-01-01", True),  # rdflib: ill-typed (Python has no year 0)
    ("date", "2020-02-29", True),
    ("date", "2021-02-29", False),
    ("date", "2020-01-05 ", False),
    ("dateTime", "2020-01-01T24:00:00", True),  # rdflib: ill-typed
    ("dateTime", "2020-01-05T10:00", False),
    ("dateTimeStamp", "2020-01-05T10:00:00Z", True),
    ("dateTimeStamp", "2020-01-05T10:00:00", False),
    ("time", "24:00:00", True),  # rdflib: ill-typed
    ("time", "10:00:00.5+05:00", True),
    ("time", "10:00", False),
    ("time", "25:00:00", False),
    ("time", " 10:00:00", False),
    ("duration", "PT36H", True),
    ("duration", "-P1Y2M3DT4H5M6.5S", True),
    ("duration", "P1DT", False),  # rdflib and Oxigraph: P1D
    ("duration", "P", False),
    ("duration", "P1.5Y", False),
    ("dayTimeDuration", "P1DT12H", True),
    ("dayTimeDuration", "P1Y", False),  # rdflib: a duration of a year
    ("yearMonthDuration", "P1Y12M", True),
    ("yearMonthDuration", "P1D", False),
    ("gYear", "-0044", True),
    ("gYear", "20", False),
    ("gYearMonth", "2020-12", True),
    ("gYearMonth", "2020-13", False),
    ("gMonth", "--12", True),
    ("gMonth", "--13", False),
    ("gDay", "---31", True),
    ("gDay", "---32", False),
    ("gMonthDay", "--02-29", True),
    ("gMonthDay", "--04-31", False),
    ("hexBinary", "0fA1", True),
    ("hexBinary", "abc", False),
    ("hexBinary", "0f a1", False),
    ("base64Binary", "AQID", True),
    ("base64Binary", "AQ I D", True),  # a space is in base64Binary's lexical space
    ("base64Binary", "AQ==", True),
    ("base64Binary", "A", False),
    ("base64Binary", "AR==", False),  # the padded form's last character must be one of AQgw
]


def test_every_judged_datatype_has_both_kinds() -> None:
    kinds = {(XSD + name, valid) for name, _, valid in SPELLINGS}
    assert {(dt, v) for dt in JUDGED for v in (True, False)} == kinds
    assert all(of_datatype(value, XSD + name) is valid for name, value, valid in SPELLINGS)


def _file(tmp_path: Path, name: str, value: str) -> Path:
    """Turtle whose third line writes the literal about <EX>odd."""
    path = tmp_path / "lit.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<{EX}odd> <{EX}label> "odd" ;\n'
        f"  <{EX}n> {ox.Literal(value, datatype=ox.NamedNode(XSD + name))} .\n",
        encoding="utf-8",
    )
    return path


def _shape(tmp_path: Path, name: str | None) -> Path:
    """A shape on <EX>odd: ``sh:datatype`` of ``name`` on <EX>n, or (None) a label required, which
    says nothing of <EX>n."""
    path = tmp_path / "shape.ttl"
    constraint = f"sh:path <{EX}n> ; sh:datatype <{XSD}{name}>" if name else f"sh:path <{EX}label> ; sh:minCount 1"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<{EX}shape> a sh:NodeShape ; sh:targetNode <{EX}odd> ; sh:property [ {constraint} ] .\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("name", "value", "valid"), SPELLINGS, ids=[f"{n}-{v!r}" for n, v, _ in SPELLINGS])
def test_load_build_and_validate_agree(
    name: str, value: str, valid: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each spelling through the three commands: load refuses it (before the store, here one that
    does not answer, is asked anything) exactly when build refuses it and when validate finds a
    violation, on the fast engine and on pySHACL alike: kgtool's own check of every literal where
    no shape says anything of it, a shape's ``sh:datatype`` (and it alone) where one does."""
    path = _file(tmp_path, name, value)
    code = main(["load", str(path), "--endpoint", "http://127.0.0.1:9/query", "--state", str(tmp_path / "j")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    load_refused = "ERROR [load#ill-typed-literal]" in err
    assert load_refused or "ERROR [endpoint#unreachable]" in err, err

    out = tmp_path / "out.nt"
    code = main(["build", str(path), "--format", "nt", "-o", str(out)])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err, err
    build_refused = code == 2
    if build_refused:  # the line is left out where the value is written with an escape ("\\n")
        where = f"{path}: " if "\\" in path.read_text(encoding="utf-8") else f"{path}:3: "
        assert f"{where}<{EX}odd> <{EX}n> " in err and "[write#ill-typed-" in err, err
        assert not out.exists()

    verdicts = []
    for engine in ("fast", "pyshacl"):
        # no shape says anything of <EX>n: kgtool's own check of every literal
        verdicts.append(_violations(tmp_path, engine, path, _shape(tmp_path, None)))
        # a shape with sh:datatype on <EX>n: its finding, and no second one of kgtool's check
        verdicts.append(_violations(tmp_path, engine, path, _shape(tmp_path, name)))

    assert [load_refused, build_refused] == [not valid] * 2
    assert verdicts == ([["LiteralOfItsDatatype"], ["shape"]] * 2 if not valid else [[]] * 4)


def _violations(tmp_path: Path, engine: str, path: Path, shape: Path) -> list[str]:
    """The local names of the shapes of the findings (each about <EX>odd's <EX>n); the exit code
    says whether there are any."""
    import json

    out = tmp_path / f"{engine}.json"
    args = ["validate", str(path), "--shapes", str(shape), "--only-shapes", "--no-reasoner", "--engine", engine]
    code = main([*args, "--format", "json", "-o", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {(f["focus"], f["path"]) for f in doc["findings"]} <= {(EX + "odd", EX + "n")}, doc
    assert code == (1 if doc["findings"] else 0), doc
    return [f["shape"].rsplit("/", 1)[-1].rsplit("#", 1)[-1] for f in doc["findings"]]


@pytest.mark.parametrize(
    ("name", "value", "right"),
    [
        ("integer", " 12 ", "12"),
        ("integer", "١٢", "12"),
        ("boolean", " TRUE\n", "true"),
        ("double", "Infinity", "INF"),
        ("date", "2020-01-05\t", "2020-01-05"),
        ("duration", " PT36H", "PT36H"),
        ("hexBinary", "0fA1 ", "0fA1"),
    ],
)
def test_a_refusal_gives_the_spelling_that_would_be_right(
    name: str, value: str, right: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """White space around a number, a boolean, a date, a duration (the whiteSpace facet is schema
    processing, not part of an RDF literal): refused by load and build with file, line, statement,
    and the spelling of the same value that is right, in the reader's language."""
    path = _file(tmp_path, name, value)
    written = f'"{right}"^^<{XSD}{name}>'
    assert suggestion(value, XSD + name) == right
    assert main(["load", str(path), "--endpoint", "http://127.0.0.1:9/query", "--state", str(tmp_path / "j")]) == 2
    err = capsys.readouterr().err
    where = f"{path}: " if "\\" in path.read_text(encoding="utf-8") else f"{path}:3: "  # an escape: no line
    assert f"ERROR [load#ill-typed-literal] {where}<{EX}odd> <{EX}n> " in err, err
    assert f"hint: write it {written} (the same value" in err, err
    assert main(["build", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"ERROR [write#ill-typed-literal] {where}<{EX}odd> <{EX}n> " in err and written in err, err
    assert "nothing was written" in err


def test_no_spelling_is_offered_where_none_is_plain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ "1 000" may be a thousand or a typo: no guess, the hint says to correct the value."""
    assert suggestion("1 000", XSD + "integer") is None and suggestion("abc", XSD + "integer") is None
    path = _file(tmp_path, "integer", "1 000")
    assert main(["build", str(path)]) == 2
    err = capsys.readouterr().err
    assert "ERROR [write#ill-typed-literal]" in err and "hint: correct the value, or give it the datatype" in err


def test_the_refusal_is_worded_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, "integer", " 12 ")
    for lang, words in (("ru", "запишите"), ("ky", "деп жазыңыз")):
        monkeypatch.setenv("KGTOOL_LANG", lang)
        assert main(["build", str(path)]) == 2
        err = capsys.readouterr().err
        assert "ERROR [write#ill-typed-literal]" in err and words in err and f'"12"^^<{XSD}integer>' in err, err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_reports_each_literal_not_of_its_datatype_once_in_any_graph(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kgtool's own check, whatever the shapes: each statement once, in whichever graph (and, with
    --jobs, worker) holds it, about an IRI with its line or about a blank node; a valid literal of
    the same property is not reported."""
    import json

    path = tmp_path / "graphs.trig"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<{EX}g1> {{ <{EX}a> <{EX}n> " 12 "^^xsd:integer . }}\n'
        f'<{EX}g2> {{ <{EX}b> <{EX}n> "7"^^xsd:integer . _:x <{EX}n> "abc"^^xsd:integer . }}\n'
        f'<{EX}g3> {{ <{EX}c> <{EX}n> "P1DT"^^xsd:duration . }}\n',
        encoding="utf-8",
    )
    out = tmp_path / "v.json"
    assert main(["validate", str(path), "--no-reasoner", "--jobs", jobs, "--format", "json", "-o", str(out)]) == 1
    found = [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if "LiteralOf" in f["shape"]]
    assert sorted((f["value"], f["line"], f["severity"]) for f in found) == [
        (" 12 ", 2, "Violation"),
        ("P1DT", 4, "Violation"),
        ("abc", None, "Violation"),
    ]
    assert {f["focus"] for f in found} >= {EX + "a", EX + "c"} and "Traceback" not in capsys.readouterr().err
    (spaced,) = [f for f in found if f["value"] == " 12 "]
    assert spaced["fix"] == f'Write it "12"^^<{XSD}integer>: the same value, spelled as its datatype\'s lexical form.'


def _own_findings(tmp_path: Path, data: str, *shapes: str, engine: str = "fast") -> tuple[int, list[dict[str, object]]]:
    """Exit code and every finding of `kgtool validate` on the N-Triples ``data`` (with ``shapes``
    only, when given: Turtle texts)."""
    import json

    path = tmp_path / "d.nt"
    path.write_text(data, encoding="utf-8")
    args = ["validate", str(path), "--no-reasoner", "--engine", engine, "--format", "json"]
    for number, text in enumerate(shapes):
        shape = tmp_path / f"shape{number}.ttl"
        shape.write_text(text, encoding="utf-8")
        args += ["--shapes", str(shape), "--only-shapes"]
    out = tmp_path / "v.json"
    code = main([*args, "-o", str(out)])
    return code, list(json.loads(out.read_text(encoding="utf-8"))["findings"])


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_blank_nodes_are_each_named_once_and_only_those_that_wrote_the_wrong_spelling(
    engine: str, tmp_path: Path
) -> None:
    """Three blank nodes writing "abc" are three findings, not nine (each used to be looked up once
    per statement); of two writing "inf" and "INF", both held as "INF", one is found, not both."""
    integer, double = f"<{XSD}integer>", f"<{XSD}double>"
    data = "".join(f'_:{b} <{EX}p> "abc"^^{integer} .\n' for b in "xyz")
    code, found = _own_findings(tmp_path, data, engine=engine)
    assert code == 1 and len(found) == 3 and len({f["focus"] for f in found}) == 3, found
    code, found = _own_findings(tmp_path, f'_:a <{EX}q> "inf"^^{double} .\n_:b <{EX}q> "INF"^^{double} .\n')
    assert code == 1 and [f["value"] for f in found] == ["inf"], found


def test_a_datatype_shape_of_lower_severity_does_not_let_such_a_literal_conform(tmp_path: Path) -> None:
    """Data that load, build and publish refuse never conforms: a shape's sh:datatype finding at
    Info does not stand in for the check's Violation."""
    shape = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<{EX}S> a sh:NodeShape ; sh:targetSubjectsOf <{EX}p> ;\n"
        f"  sh:property [ sh:path <{EX}p> ; sh:datatype <{XSD}integer> ; sh:severity sh:Info ] .\n"
    )
    code, found = _own_findings(tmp_path, f'<{EX}s> <{EX}p> "abc"^^<{XSD}integer> .\n', shape)
    assert code == 1 and sorted(f["severity"] for f in found) == ["Info", "Violation"], found


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_an_ill_formed_xml_literal_still_fails_sh_datatype(engine: str, tmp_path: Path) -> None:
    """Outside the XSD datatypes judged by their lexical rules, sh:datatype keeps rdflib's verdict,
    as pySHACL has it: "<b>x" is no XML literal."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    shape = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<{EX}S> a sh:NodeShape ; sh:targetSubjectsOf <{EX}h> ;\n"
        f"  sh:property [ sh:path <{EX}h> ; sh:datatype <{rdf}XMLLiteral> ] .\n"
    )
    code, found = _own_findings(tmp_path, f'<{EX}s> <{EX}h> "<b>x"^^<{rdf}XMLLiteral> .\n', shape, engine=engine)
    assert code == 1 and [f["value"] for f in found] == ["<b>x"], found
    code, found = _own_findings(tmp_path, f'<{EX}s> <{EX}h> "<b>x</b>"^^<{rdf}XMLLiteral> .\n', shape, engine=engine)
    assert code == 0 and found == [], found


def test_a_digit_that_is_no_decimal_digit_is_not_turned_into_one() -> None:
    assert suggestion("²", XSD + "integer") is None
    assert suggestion("١٢", XSD + "integer") == "12"
