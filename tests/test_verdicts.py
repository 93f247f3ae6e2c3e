"""HermiT's verdict on a schema is kept and given again for the same ontology and schema
statements (``kgtool.validation.verdicts``): without starting Java, with the same findings, and
never for another schema, another reasoner, or with ``--no-cache``.

Whether HermiT ran is seen from outside: with no ``java`` on PATH a run that needs HermiT fails
with ``reason#no-java``, and one given a kept verdict does not."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rdflib
from test_cli_languages import foreign_words

from kgtool.cli import main
from kgtool.errors import ReasonerError
from kgtool.i18n.catalogue import t
from kgtool.validation import reasoner, verdicts
from kgtool.validation.run import validate

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="the OWL check needs Java (installed by .ci/run)")

SELF_DISJOINT = (
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "<https://example.org/kg/Odd> a owl:Class ; owl:disjointWith <https://example.org/kg/Odd> .\n"
)


def today() -> str:
    """The day the kept verdict was given (read back, so that a test across midnight UTC holds)."""
    days = {json.loads(p.read_text(encoding="utf-8"))["checked"] for p in kept_files()}
    return days.pop() if len(days) == 1 else datetime.now(UTC).date().isoformat()


def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "no-java"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(folder))


def kept_files() -> list[Path]:
    return sorted((Path(os.environ["KGTOOL_CACHE_DIR"]) / "hermit").glob("*.json"))


def test_the_same_schema_is_not_given_to_hermit_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = validate()
    assert first.reasoner_ran and first.consistent and first.reasoner_reused is None
    assert len(kept_files()) == 1
    no_java(monkeypatch, tmp_path)
    second = validate()  # no Java: HermiT cannot have run
    assert second.reasoner_ran and second.consistent and second.reasoner_reused == today()
    assert second.findings == first.findings


def test_no_cache_runs_hermit_whatever_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    validate()
    no_java(monkeypatch, tmp_path)
    with pytest.raises(ReasonerError) as info:
        validate(reuse_verdict=False)
    assert info.value.error_id == "reason#no-java"


def test_another_schema_is_given_to_hermit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A schema statement in the data makes another schema: its verdict is HermiT's own."""
    validate()
    extra = tmp_path / "schema.ttl"
    extra.write_text(
        "@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/kg/Auditor> rdfs:subClassOf kgo:OversightBody .\n",
        encoding="utf-8",
    )
    from kgtool.rdf.project import project_files

    files = [*project_files(include_ontology=False), extra]
    no_java(monkeypatch, tmp_path)
    with pytest.raises(ReasonerError) as info:
        validate(files)
    assert info.value.error_id == "reason#no-java"


def test_an_unsatisfiable_class_is_found_again_from_the_kept_verdict(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same report, byte for byte; the note on standard error says the verdict was given again."""
    path = tmp_path / "self-disjoint.ttl"
    path.write_text(SELF_DISJOINT, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    first = capsys.readouterr()
    assert "can have no members" in first.out
    no_java(monkeypatch, tmp_path)
    assert main(["validate", str(path)]) == 1
    second = capsys.readouterr()
    assert second.out == first.out
    note = f"OWL check: HermiT's verdict of {today()} on the same ontology and schema statements, given again"
    assert note not in first.err and note in second.err


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_note_says_the_verdict_was_given_again(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """On standard error, in the reader's language; the report is the one of a run of HermiT."""
    assert main(["validate", "--format", "json", "--lang", lang]) == 0
    ran = capsys.readouterr()
    assert main(["validate", "--format", "json", "--lang", lang]) == 0
    given = capsys.readouterr()
    assert today() not in ran.err and given.out == ran.out
    (note,) = [line for line in given.err.splitlines() if today() in line]
    assert note == t("validate.owl_reused", lang, date=today())
    assert foreign_words(note, lang) == []
    assert main(["validate", "--format", "json", "--lang", lang, "--no-cache"]) == 0
    again = capsys.readouterr()
    assert today() not in again.err and again.out == ran.out


def test_jobs_reuse_the_verdict(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kgtool.rdf.project import project_files

    files = project_files(include_ontology=False)
    first = validate(files, jobs=2)
    assert first.reasoner_reused is None and first.consistent
    no_java(monkeypatch, tmp_path)
    second = validate(files, jobs=2)
    assert second.reasoner_reused == today() and second.findings == first.findings


def test_a_damaged_verdict_is_not_believed_and_is_replaced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    validate()
    (kept,) = kept_files()
    good = json.loads(kept.read_text(encoding="utf-8"))
    damaged = [
        "{",
        "[]",
        "[" * 200_000,  # deeper than Python's JSON reader goes
        json.dumps({**good, "consistent": "yes"}),
        json.dumps({**good, "unsatisfiable": [1]}),
        json.dumps({**good, "key": "0" * 64}),  # another schema's verdict under this one's name
        json.dumps({**good, "message": "x" * 70_000}),  # larger than any verdict
    ]
    for text in damaged:
        kept.write_text(text, encoding="utf-8")
        report = validate()
        assert report.reasoner_reused is None and report.consistent
        assert json.loads(kept.read_text(encoding="utf-8")) == good


@pytest.mark.parametrize("what", ["fifo", "link to a device", "folder"])
def test_what_is_not_a_file_is_not_read(what: str, tmp_path: Path) -> None:
    """A pipe would block the run for ever, a device be read without end: neither is read, and the
    new verdict takes its place; a folder in the verdict's place only means HermiT runs every time."""
    validate()
    (kept,) = kept_files()
    kept.unlink()
    if what == "fifo":
        os.mkfifo(kept)
    elif what == "link to a device":
        kept.symlink_to("/dev/zero")
    else:
        kept.mkdir()
    report = validate()
    assert report.reasoner_reused is None and report.consistent
    if what == "folder":  # nothing can take its place
        assert kept.is_dir() and validate().reasoner_reused is None
    else:  # replaced by the verdict
        assert kept.is_file() and not kept.is_symlink() and validate().reasoner_reused is not None


def test_a_schema_that_imports_another_is_not_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """HermiT reads what ``owl:imports`` names too, which can change under the same statements:
    shown here by an imported file that becomes inconsistent."""
    imported = tmp_path / "imported.nt"
    imported.write_text(
        "<https://example.org/kg/Fine> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        f"<https://w3id.org/kgtool/ontology> <http://www.w3.org/2002/07/owl#imports> <{imported.as_uri()}> .\n",
        encoding="utf-8",
    )
    assert validate([data]).consistent
    assert kept_files() == []
    imported.write_text(
        "<https://example.org/kg/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Nothing> .\n",
        encoding="utf-8",
    )
    report = validate([data])
    assert not report.consistent and report.reasoner_reused is None


def test_a_folder_that_cannot_be_written_only_means_hermit_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KGTOOL_CACHE_DIR", str(blocker))
    for _ in range(2):
        report = validate()
        assert report.consistent and report.reasoner_reused is None


def test_another_reasoner_does_not_get_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    document = b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
    key = verdicts.digest(document)
    assert verdicts.digest(document) == key
    monkeypatch.setattr(verdicts, "_reasoner", lambda: "owlready2 0.0; HermiT.jar 1 bytes")
    assert verdicts.digest(document) != key


def test_the_document_is_the_same_bytes_whatever_order_the_statements_came_in() -> None:
    """The key is a digest of the document: the same statements, read in another order and with
    blank nodes of other labels, must give the same bytes."""
    ttl = (
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ex:A a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] .\n"
        "ex:B a owl:Class . ex:p a owl:ObjectProperty .\n"
    )
    one = rdflib.Graph().parse(data=ttl, format="turtle")
    other = rdflib.Graph()
    for triple in sorted(one, key=str, reverse=True):
        other.add(triple)
    other = rdflib.Graph().parse(data=other.serialize(format="nt"), format="nt")  # new blank node labels
    assert reasoner._document(one) == reasoner._document(other)
    assert reasoner._document(one).count(b"\n") == len(one)


def test_only_the_latest_verdicts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The least recently written go first (written here in the reverse order of their names, a
    moment apart: the file system's clock is coarse)."""
    monkeypatch.setattr(verdicts, "LIMIT", 3)
    keys = [f"{i:064x}" for i in range(5, 0, -1)]
    for key in keys:
        verdicts.keep(key, True, [], "")
        time.sleep(0.02)
    assert sorted(p.stem for p in kept_files()) == sorted(keys[2:])
    assert verdicts.kept(keys[0]) is None and verdicts.kept(keys[-1]) is not None


def test_a_jobs_run_gone_back_to_one_process_says_hermit_ran_not_that_it_gave_a_kept_verdict(
    tmp_path: Path,
) -> None:
    """The ``--jobs`` attempt's HermiT keeps its verdict before the run falls back to one process
    (a blank node of the data's schema breaking the ontology's axioms), which finds it kept: that is
    this run's own verdict, not one of an earlier day (a reviewer's reading of the note: "given
    again" on a first run). The next run is given it again."""
    from test_blank_node_names import SCHEMA, SCHEMA_CLASHES

    files = []
    for name, text in SCHEMA_CLASHES.items():
        (tmp_path / name).write_text(SCHEMA + text, encoding="utf-8")
        files.append(tmp_path / name)
    first = validate(files, jobs=3)
    assert first.one_process_why == "validate.one_process_schema"
    assert first.reasoner_ran and first.reasoner_reused is None
    second = validate(files, jobs=3)
    assert second.one_process_why == "validate.one_process_schema"
    assert second.reasoner_reused == today()
    assert second.findings == first.findings


def test_two_validations_at_once_keep_their_own_record_of_what_hermit_gave() -> None:
    """A reviewer's case: the record was one global, so two runs in two threads shared it, and the
    one left installed when their ``one_run`` blocks ended out of order made a verdict of an earlier
    day read as "ran now" in every later run."""
    import threading

    entered, leave_a, leave_b = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def run_a() -> None:
        with verdicts.one_run():
            verdicts.keep("a" * 64, True, [], "")
            entered.set()
            leave_a.wait(10)
            seen["a sees b"] = verdicts.given_this_run("b" * 64)
            seen["a sees a"] = verdicts.given_this_run("a" * 64)

    def run_b() -> None:
        entered.wait(10)
        with verdicts.one_run():
            # HermiT's own thread keeps the verdict, in the run's context
            reasoner.Beside(lambda: verdicts.keep("b" * 64, True, [], "")).wait()
            leave_a.set()
            leave_b.wait(10)
            seen["b sees a"] = verdicts.given_this_run("a" * 64)
            seen["b sees b"] = verdicts.given_this_run("b" * 64)

    threads = [threading.Thread(target=run_a), threading.Thread(target=run_b)]
    for thread in threads:
        thread.start()
    threads[0].join(10)  # A's block ends first, B's after
    leave_b.set()
    threads[1].join(10)
    assert seen == {"a sees b": False, "a sees a": True, "b sees a": False, "b sees b": True}
    assert not verdicts.given_this_run("a" * 64) and not verdicts.given_this_run("b" * 64)
