"""The three things the workbook package does, each in one call: write an empty template,
export an assessment, import a workbook into Turtle files."""

from __future__ import annotations

from pathlib import Path

from kgtool.errors import InputError
from kgtool.i18n.messages import t
from kgtool.sparql.backends import Backend
from kgtool.workbook.export import export_book
from kgtool.workbook.problems import raise_all
from kgtool.workbook.read import read_book
from kgtool.workbook.rows import Book
from kgtool.workbook.terms import Terms, load_terms
from kgtool.workbook.to_rdf import IMPORT_HEADER, convert
from kgtool.workbook.write import write_book

WORDS = ("id", "type", "multi", "values", "label", "alt_label", "comment", "language", "bibliographic_citation")


def words(lang: str) -> dict[str, str]:
    """The help text of the columns the ontology does not define, in ``lang``."""
    return {w: t("wb_" + w, lang) for w in WORDS}


def write_template(path: Path, lang: str = "en") -> None:
    """An empty workbook for a new assessment (.xlsx, or a folder of CSV files)."""
    write_book(Book(path.name), path, load_terms(lang), words(lang))


def write_export(backend: Backend, path: Path, assessment: str | None = None, lang: str = "en") -> int:
    """The assessment written to ``path``; returns the number of rows written."""
    terms: Terms = load_terms(lang)
    book = export_book(backend, terms, assessment, path.name)
    write_book(book, path, terms, words(lang))
    return sum(len(table.rows) for table in book.tables.values())


def import_book(source: Path, out_dir: Path) -> list[Path]:
    """Turtle files in ``out_dir`` from the workbook at ``source``; nothing is written when the
    workbook has any problem (all of them are reported in one error)."""
    book = read_book(source)
    files, problems = convert(book, load_terms("en").choices)
    raise_all(problems, book.source, "nothing was written")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("workbook#bad-output", f"{out_dir} exists and is not a folder", file=str(out_dir))
    previous = sorted(out_dir.glob("*.ttl")) if out_dir.is_dir() else []
    foreign = [p.name for p in previous if not _written_by_import(p)]
    if foreign:
        raise InputError(
            "workbook#foreign-output",
            f"{out_dir} holds Turtle files that kgtool import did not write: {', '.join(foreign)}",
            file=str(out_dir),
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in previous:  # an earlier import's files: replaced, and those it no longer gives removed
        path.unlink()
    written = []
    for name, text in files.items():
        target = out_dir / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _written_by_import(path: Path) -> bool:
    """Whether ``path`` is a file an earlier ``kgtool import`` wrote (its first line says so)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return fh.readline().startswith(IMPORT_HEADER)
