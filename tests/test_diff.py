"""kgtool diff: the changes between two rounds, on a test-built second Kyrgyz round (the real
2016 files with one changed cell, one removed citation and one new process under a new
assessment IRI, written to a temporary directory and never shipped) and on the fictional
Exampleland example (tests/fixtures/example/)."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from kgtool.assessment.indices import IndexCalculator
from kgtool.cli import main
from kgtool.diff.compare import compare
from kgtool.diff.inputs import Sides
from kgtool.diff.snapshot import read
from kgtool.errors import UsageError
from kgtool.sparql.backends import EmbeddedBackend

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "example"
ID = "https://w3id.org/kgtool/id/"
OLD = ID + "kg/assessment/2016"
NEW = ID + "kg/assessment/2099"
NEW_PROCESS = """
<kg/assessment/2099/process/test-only-new-process> a kgo:AccountabilityProcess ;
    rdfs:label "a process added by the test"@en ;
    kgo:inPair <kg/assessment/2099/pair/citizens-jk> ;
    kgo:processOrder 4 ;
    kgo:hasVerdict kgo:Works ;
    kgo:excludedFromIndex false ;
    kgo:statedIn <kg/assessment/2099/section/6.1.1> .
"""
NEW_VALUES = {"rules": "Present", "demand": "Absent", "motivation": "Present", "enforcement": "Absent"}
DIMENSIONS = {
    "rules": "RulesAndStandards",
    "demand": "CitizenDemand",
    "motivation": "Responsiveness",
    "enforcement": "Enforceability",
}


@pytest.fixture(scope="module")
def second_round(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A made-up next round of the Kyrgyz study, for testing only: the 2016 files under a new
    assessment IRI with the enforcement cell of jk-elections turned present, the citation of
    article 5 of the Constitution for jk-elections removed, and one process added."""
    out = tmp_path_factory.mktemp("second-round")
    for path in sorted((REPO / "data").glob("*.ttl")):
        text = path.read_text(encoding="utf-8").replace("kg/assessment/2016", "kg/assessment/2099")
        text = text.replace('kgo:period "2016"^^xsd:gYear', 'kgo:period "2099"^^xsd:gYear')
        if path.name == "pair-6.1-citizens-jk.ttl":
            cell = "<kg/assessment/2099/process/jk-elections/cell/enforcement> a kgo:DimensionAssessment ;"
            head, tail = text.split(cell)
            assert "kgo:hasValue kgo:Absent ;" in tail.split("\n\n")[0]
            text = head + cell + tail.replace("kgo:hasValue kgo:Absent ;", "kgo:hasValue kgo:Present ;", 1)
            citation = re.search(
                r"<kg/assessment/2099/citation/jk-elections/constitution-art-5> a kgo:Citation ;.*?\n\n", text, re.S
            )
            assert citation
            text = text.replace(citation.group(0), "")
            text += NEW_PROCESS
            for cell_name, value in NEW_VALUES.items():
                text += (
                    f"\n<kg/assessment/2099/process/test-only-new-process/cell/{cell_name}> a kgo:DimensionAssessment ;\n"
                    f"    kgo:ofProcess <kg/assessment/2099/process/test-only-new-process> ;\n"
                    f"    kgo:onDimension kgo:{DIMENSIONS[cell_name]} ; kgo:hasValue kgo:{value} ;\n"
                    f"    kgo:statedIn <kg/assessment/2099/section/6.1.1> .\n"
                )
        (out / path.name).write_text(text, encoding="utf-8")
    return out


def pair_counts(backend: EmbeddedBackend, assessment: str) -> tuple[int, int]:
    calc = IndexCalculator(backend, assessment=assessment)
    for row in calc.run("pair-index", (("assessment", assessment),)).rows:
        if row["subject"]["value"] == assessment + "/pair/citizens-jk":
            return int(row["present"]["value"]), int(row["scored"]["value"])
    raise AssertionError("no pair index for citizens-jk")


def test_diff_lists_exactly_the_changes_with_the_index_deltas(second_round: Path) -> None:
    sides = Sides()
    old, new = sides.open(str(REPO / "data")), sides.open(str(second_round))
    assert (old.assessment.iri, new.assessment.iri) == (OLD, NEW)
    changes = compare(read(old), read(new))
    found = [(c.kind, c.key, c.old, c.new) for c in changes if c.kind != "index"]
    assert found == [
        ("process-added", "process/test-only-new-process", "", "works"),
        ("cell-changed", "process/jk-elections | kgo:Enforceability", "absent", "present"),
        ("citation-removed", "process/jk-elections | " + ID + "kg/law/constitution/art/5", "establishes", ""),
    ]
    # the index deltas, from the pair's counts: one absent cell turned present, and the new
    # process adds three scored cells (demand does not count) of which two are present
    present, scored = pair_counts(old.backend, OLD)  # type: ignore[arg-type]
    expected = Decimal(present + 1 + 2) / Decimal(scored + 3) - Decimal(present) / Decimal(scored)
    deltas = {c.key: c.delta for c in changes if c.kind == "index"}
    assert deltas["PairIndex/cells | pair/citizens-jk"] == expected.quantize(Decimal("0.0001"))
    assert pair_counts(new.backend, NEW) == (present + 3, scored + 3)  # type: ignore[arg-type]
    for other in ("citizens-executive-lsg", "citizens-parties", "jk-executive-lsg", "parties-jk"):
        assert deltas[f"PairIndex/cells | pair/{other}"] == 0
    assert deltas["DimensionPresentShare/processes | kgo:Enforceability"] > 0
    assert deltas["OverallIndex/cells | ."] > 0
    assert all(d is not None for d in deltas.values())


def test_corpus_input_gives_the_same_changes_as_files(second_round: Path) -> None:
    files = sorted((REPO / "data").glob("*.ttl")) + sorted(second_round.glob("*.ttl"))
    sides = Sides(files)
    old, new = sides.open("kg/assessment/2016"), sides.open(NEW)
    assert old.backend is new.backend and old.kind == new.kind == "corpus"
    by_corpus = [c for c in compare(read(old), read(new)) if c.kind != "index" or c.delta]
    by_files = Sides()
    b_old, b_new = by_files.open(str(REPO / "data")), by_files.open(str(second_round))
    expected = [c for c in compare(read(b_old), read(b_new)) if c.kind != "index" or c.delta]
    assert [(c.kind, c.key, c.old, c.new, c.delta) for c in by_corpus] == [
        (c.kind, c.key, c.old, c.new, c.delta) for c in expected
    ]


def test_indices_over_a_corpus_keep_each_assessment_apart(
    second_round: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in sorted((REPO / "data").glob("*.ttl")) + sorted(second_round.glob("*.ttl"))]
    argv = ["indices", "--format", "json"] + [a for f in files for a in ("--data", f)]
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert {r["assessment"]["value"] for r in rows} == {OLD, NEW}
    assert {r["year"]["value"] for r in rows} == {"2016", "2099"}
    assert {r["country"]["value"] for r in rows} == {ID + "kg"}
    # the 2016 rows of the corpus are the rows of the project's data alone
    assert main(["indices", "--format", "json"]) == 0
    alone = json.loads(capsys.readouterr().out)["results"]["bindings"]
    old_rows = [{k: v for k, v in r.items() if k not in ("assessment", "country", "year")} for r in rows]
    in_corpus = [r for r, full in zip(old_rows, rows, strict=True) if full["assessment"]["value"] == OLD]
    assert len(in_corpus) == len(alone)
    for got, want in zip(in_corpus, alone, strict=True):
        assert got == want


def test_fail_on_change_and_identical_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    country, r2016, r2020 = (
        str(EXAMPLE / n) for n in ("exampleland-country.ttl", "exampleland-2016.ttl", "exampleland-2020.ttl")
    )
    assert main(["diff", r2016, r2020, "--data", country]) == 0
    assert main(["diff", r2016, r2020, "--data", country, "--fail-on-change"]) == 1
    capsys.readouterr()
    assert main(["diff", r2016, r2016, "--data", country, "--fail-on-change", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert rows and {r["change"]["value"] for r in rows} == {"index"}
    assert {r["delta"]["value"] for r in rows} == {"+0.0000"}


def test_inputs_refused_with_their_ids(tmp_path: Path) -> None:
    workbook = tmp_path / "round.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    cases = {
        str(workbook): "diff#no-converter",
        str(tmp_path / "missing.ttl"): "diff#missing-input",
        "kg/assessment/1999": "diff#unknown-assessment",
    }
    sides = Sides()
    for spec, error_id in cases.items():
        with pytest.raises(UsageError) as caught:
            sides.open(spec)
        assert caught.value.error_id == error_id, spec
    corpus = Sides(
        [EXAMPLE / "exampleland-country.ttl", EXAMPLE / "exampleland-2016.ttl", EXAMPLE / "exampleland-2020.ttl"]
    )
    with pytest.raises(UsageError) as caught:
        corpus.open("assessment/20")
    assert caught.value.error_id == "diff#unknown-assessment"
    with pytest.raises(UsageError) as caught:
        Sides().open(str(EXAMPLE))  # the directory holds both Exampleland rounds
    assert caught.value.error_id == "diff#not-one-assessment"


def test_a_converter_plugs_a_new_kind_of_input_in(tmp_path: Path) -> None:
    """The extension point the workbook importer uses: a suffix and a function that writes the
    RDF files a file stands for, its ids read under a namespace (--base). Here a real converter of
    a tiny format: a list of paths, whose ids are full IRIs already."""

    def from_list(source: Path, directory: Path, base: str) -> list[Path]:
        assert base == "https://w3id.org/kgtool/id/"  # --base's default
        written = []
        for n, line in enumerate(source.read_text(encoding="utf-8").split()):
            target = directory / f"{n}.ttl"
            target.write_bytes(Path(line).read_bytes())
            written.append(target)
        return written

    listing = tmp_path / "round-2020.roundlist"
    listing.write_text(f"{EXAMPLE / 'exampleland-country.ttl'}\n{EXAMPLE / 'exampleland-2020.ttl'}\n", encoding="utf-8")
    sides = Sides([EXAMPLE / "exampleland-country.ttl"], converters={".roundlist": from_list})
    new = sides.open(str(listing))
    assert new.kind == ".roundlist" and new.assessment.period == "2020"
    old = sides.open(str(EXAMPLE / "exampleland-2016.ttl"))
    kinds = {c.kind for c in compare(read(old), read(new))}
    assert {"process-added", "citation-reroled", "recommendation-dropped"} <= kinds


def documented_commands() -> list[tuple[str, str]]:
    text = (REPO / "docs" / "diff.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        parts = re.split(r"^\$ ", block, flags=re.M)
        found += [(p.split("\n", 1)[0], p.split("\n", 1)[1] if "\n" in p else "") for p in parts if p.strip()]
    return found


@pytest.mark.parametrize(("command", "output"), documented_commands())
def test_tutorial_commands_run_and_print_what_the_tutorial_shows(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    argv = shlex.split(command)
    assert argv[0] == "kgtool"
    code = main(argv[1:])
    assert code == (1 if "--fail-on-change" in argv else 0)
    if output.strip():
        assert capsys.readouterr().out == output


def test_two_workbooks_are_compared_through_the_importer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`kgtool diff OLD.xlsx NEW.xlsx`: each workbook is imported as `kgtool import` would, then
    compared; one cell changed in the spreadsheet is the one change listed besides the indices."""
    import openpyxl

    old = tmp_path / "old.xlsx"
    assert main(["export", "-o", str(old)]) == 0
    book = openpyxl.load_workbook(old)
    sheet = book["Cells"]
    header = [c.value for c in sheet[1]]
    column = header.index("value") + 1
    first = 3  # row 1: column names, row 2: help text
    before = sheet.cell(first, column).value
    after = "absent" if before == "present" else "present"
    sheet.cell(first, column).value = after
    new = tmp_path / "new.xlsx"
    book.save(new)
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    changes = [
        (r["change"]["value"], r["old"]["value"], r["new"]["value"]) for r in rows if r["change"]["value"] != "index"
    ]
    assert changes == [("cell-changed", before, after)]
    assert any(r["delta"]["value"] not in ("+0.0000", "") for r in rows if r["change"]["value"] == "index")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_table_speaks_the_readers_language(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang` in the table for people: the kinds of change, the labels, the old and new rounds
    and the summary in the reader's language (the catalogue's words); CSV keeps the codes."""
    from kgtool.i18n.catalogue import t

    country, r2016, r2020 = (
        str(EXAMPLE / n) for n in ("exampleland-country.ttl", "exampleland-2016.ttl", "exampleland-2020.ttl")
    )
    assert main(["diff", r2016, r2020, "--data", country, "--lang", lang]) == 0
    table = capsys.readouterr().out
    kinds = ["process-added", "process-removed", "verdict-changed", "cell-changed", "citation-reroled", "index"]
    for kind in kinds:
        assert t(f"ch_{kind}", lang) in table, (lang, kind)
    if lang != "en":
        assert not any(line.startswith(tuple(kinds)) for line in table.splitlines()), table
    assert t("diff_summary", lang, changes=9, moved=7, indices=12) in table
    name = {"ky": "Мисалстандын", "ru": "Примерландии", "en": "Exampleland"}[lang]
    assert t("diff_new", lang, label="", iri="").split()[0] in table and name in table
    assert main(["diff", r2016, r2020, "--data", country, "--lang", lang, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("process-added,process/open-data,")


# --- pairs: principal, agent, and the pair a process is in ---------------------------------

EXAMPLE_BASE = "https://example.org/kgtool/id/"


@dataclass(frozen=True)
class Exampleland:
    """The tutorial's Exampleland 2020 round imported from its workbook under the example's
    namespace (``turtle``), and exported again to a workbook (``book``), as an assessment team
    starts its next round."""

    turtle: Path
    book: Path


@pytest.fixture(scope="module")
def exampleland(tmp_path_factory: pytest.TempPathFactory) -> Exampleland:
    out = tmp_path_factory.mktemp("exampleland")
    source = EXAMPLE / "exampleland-2020-workbook"
    assert main(["import", str(source), "--base", EXAMPLE_BASE, "-o", str(out / "2020")]) == 0
    files = [str(p) for p in sorted((out / "2020").glob("*.ttl"))]
    assert main(["export", *files, "--base", EXAMPLE_BASE, "-o", str(out / "2020.xlsx")]) == 0
    return Exampleland(out / "2020", out / "2020.xlsx")


def next_round(book: Path, target: Path, edits: dict[tuple[str, str, str], str], rename: dict[str, str]) -> Path:
    """``book`` made into the 2024 round with openpyxl: every id under assessment/2020 moved to
    assessment/2024, the period set to 2024, every cell equal to a key of ``rename`` renamed, then
    ``edits``: (sheet, row id, column) -> the new text."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    for ws in wb:
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = rename.get(cell.value, cell.value.replace("assessment/2020", "assessment/2024"))
    edits = {("Assessment", "/exampleland/assessment/2024", "period"): "2024", **edits}
    for (sheet, row_id, column), value in edits.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        rows = [r for r in ws.iter_rows(min_row=3) if r[0].value == row_id]
        assert len(rows) == 1, (sheet, row_id)
        rows[0][header.index(column)].value = value
    wb.save(target)
    return target


def diffed(
    old: Path, workbook: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[tuple[str, ...]]]:
    """``workbook`` imported as `kgtool import --base` does, then `kgtool diff --fail-on-change`
    of ``old`` against it: the exit code and the changes that are not index rows."""
    assert main(["import", str(workbook), "--base", EXAMPLE_BASE, "-o", str(out)]) == 0
    capsys.readouterr()
    code = main(["diff", str(old), str(out), "--fail-on-change", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    changes = [
        tuple(r.get(k, {}).get("value", "") for k in ("change", "key", "label", "old", "new"))
        for r in rows
        if r["change"]["value"] != "index"
    ]
    return code, changes


def test_a_pair_with_another_principal_or_agent_is_a_change(
    exampleland: Exampleland, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The next round names another agent for one pair and another principal for the other (the
    processes, cells and so every index stay as they were): each is a change line, and
    --fail-on-change exits 1. Before, the diff said "0 change(s)" and exited 0."""
    book = next_round(
        exampleland.book,
        tmp_path / "2024.xlsx",
        {
            ("Pairs", "citizens-parliament", "agent"): "government",
            ("Pairs", "citizens-government", "principal"): "parliament",
        },
        {},
    )
    code, changes = diffed(exampleland.turtle, book, tmp_path / "2024", capsys)
    assert changes == [
        (
            "principal-changed",
            "pair/citizens-government",
            "Citizens - Government",
            "Citizens of Exampleland",
            "Parliament of Exampleland",
        ),
        (
            "agent-changed",
            "pair/citizens-parliament",
            "Citizens - Parliament",
            "Parliament of Exampleland",
            "Government of Exampleland",
        ),
    ]
    assert code == 1


def test_a_process_in_another_pair_is_a_change(
    exampleland: Exampleland, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Petitions moved to the government's pair: a change line that says from which pair to which,
    besides the two pair indices it moves. Before, only those index rows moved."""
    book = next_round(
        exampleland.book, tmp_path / "2024.xlsx", {("Processes", "petitions", "pair"): "citizens-government"}, {}
    )
    code, changes = diffed(exampleland.turtle, book, tmp_path / "2024", capsys)
    assert changes == [
        (
            "process-moved",
            "process/petitions",
            "Petitions to parliament",
            "Citizens - Parliament",
            "Citizens - Government",
        )
    ]
    assert code == 1


def test_a_pair_given_a_new_slug_is_removed_and_added_and_its_processes_moved(
    exampleland: Exampleland, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The government's pair renamed citizens-cabinet under its old name: the old pair removed,
    the new one added (each with who is accountable to whom), and its processes moved, told
    apart by their keys since both pairs have the same name."""
    book = next_round(exampleland.book, tmp_path / "2024.xlsx", {}, {"citizens-government": "citizens-cabinet"})
    code, changes = diffed(exampleland.turtle, book, tmp_path / "2024", capsys)
    both = "Citizens of Exampleland — Government of Exampleland"
    moved = ("pair/citizens-government", "pair/citizens-cabinet")
    assert [c for c in changes if not c[0].startswith("recommendation-")] == [
        ("pair-added", "pair/citizens-cabinet", "Citizens - Government", "", both),
        ("pair-removed", "pair/citizens-government", "Citizens - Government", both, ""),
        ("process-moved", "process/open-data", "Open data on public spending", *moved),
        ("process-moved", "process/public-hearings", "Public hearings on government decisions", *moved),
    ]
    assert code == 1


# --- --base: a workbook's ids under the other round's namespace ----------------------------


def non_index_changes(out: str) -> list[tuple[str, ...]]:
    rows = json.loads(out)["results"]["bindings"]
    return [
        tuple(r.get(k, {}).get("value", "") for k in ("change", "key", "old", "new"))
        for r in rows
        if r["change"]["value"] != "index" or r["delta"]["value"] != "+0.0000"
    ]


def test_a_workbook_is_read_under_base_and_refused_without_it(
    exampleland: Exampleland, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The next round's workbook compared with the last round's Turtle, both under the example's
    namespace. Without --base the workbook's ids were read under the project's namespace and every
    citation showed as removed and added, the principal's index split in two rows; now that is
    refused (exit 2), naming the --base to give, whichever side the workbook is. With --base the one
    edit is the one change; the workbook as exported is no change at all."""
    book = next_round(
        exampleland.book, tmp_path / "2024.xlsx", {("Pairs", "citizens-parliament", "agent"): "government"}, {}
    )
    for old, new in ((exampleland.turtle, book), (book, exampleland.turtle)):
        capsys.readouterr()
        assert main(["diff", str(old), str(new), "--fail-on-change"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ERROR [diff#base-mismatch] the workbook {book} was read with its ids under "), err
        assert (
            f"hint: read the workbook under the other round's namespace: give kgtool diff --base {EXAMPLE_BASE}" in err
        )
    argv = ["diff", str(exampleland.turtle), str(book), "--base", EXAMPLE_BASE, "--fail-on-change", "--format", "json"]
    assert main(argv) == 1
    assert non_index_changes(capsys.readouterr().out) == [
        ("agent-changed", "pair/citizens-parliament", "Parliament of Exampleland", "Government of Exampleland")
    ]
    argv = ["diff", str(exampleland.turtle), str(exampleland.book), "--base", EXAMPLE_BASE, "--fail-on-change"]
    assert main([*argv, "--format", "json"]) == 0
    assert non_index_changes(capsys.readouterr().out) == []


def test_a_workbook_kept_as_csv_files_is_read_under_base(capsys: pytest.CaptureFixture[str]) -> None:
    """The tutorial's 2020 workbook (a folder of CSV files) diffed with --base gives the very lines
    of the two Turtle rounds (docs/diff.md's worked example); without it, it is refused."""
    country, r2016 = str(EXAMPLE / "exampleland-country.ttl"), str(EXAMPLE / "exampleland-2016.ttl")
    folder, r2020 = str(EXAMPLE / "exampleland-2020-workbook"), str(EXAMPLE / "exampleland-2020.ttl")
    assert main(["diff", r2016, r2020, "--data", country, "--format", "csv"]) == 0
    expected = capsys.readouterr().out
    assert main(["diff", r2016, folder, "--data", country, "--format", "csv", "--base", EXAMPLE_BASE]) == 0
    assert capsys.readouterr().out == expected
    assert main(["diff", r2016, folder, "--data", country]) == 2
    assert "ERROR [diff#base-mismatch]" in capsys.readouterr().err
