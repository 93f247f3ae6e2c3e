"""The three things the workbook package does, each in one call: write an empty template,
export an assessment, import a workbook into Turtle files."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from kgtool.assets import display_path
from kgtool.errors import InputError
from kgtool.i18n.problems import worded
from kgtool.iri import is_namespace
from kgtool.outputs import cannot_write, make_folder, refuse_existing, write_output, writing
from kgtool.sparql.backends import Backend
from kgtool.vocab import DATA_NAMESPACE
from kgtool.workbook.corpus import export_all, file_stem
from kgtool.workbook.export import XLSX_CELL_LIMIT, export_book
from kgtool.workbook.help import words
from kgtool.workbook.problems import raise_all
from kgtool.workbook.read import read_book
from kgtool.workbook.rows import Book
from kgtool.workbook.terms import Terms, load_terms
from kgtool.workbook.to_rdf import IMPORT_HEADER, convert
from kgtool.workbook.write import check_form, csv_files, is_xlsx, write_book


def write_template(path: Path, lang: str = "en", force: bool = False) -> None:
    """An empty workbook for a new assessment (.xlsx, or a folder of CSV files). A workbook, or a
    CSV file of the folder, already there is refused (``output#exists``) unless ``force``: it is
    likely the assessment someone filled in, and the template would replace it with empty sheets."""
    check_form(path)
    refuse_existing(path, book_files(path), force)
    write_book(Book(path.name), path, load_terms(lang), words(lang))


def book_files(path: Path) -> list[Path]:
    """The files a workbook written to ``path`` replaces: the .xlsx file, or the folder's CSV files."""
    return [path] if is_xlsx(path) else csv_files(path)


def check_export(path: Path, force: bool = False) -> None:
    """What ``write_export`` refuses before it reads anything: a name of a form kgtool does not
    write, and a workbook (or a CSV file of the folder) already there unless ``force``
    (``output#exists``): it may be one edited by hand since, and the export would replace it."""
    check_form(path)
    refuse_existing(path, book_files(path), force, "output.exists_export")


def write_export(
    backend: Backend,
    path: Path,
    assessment: str | None = None,
    lang: str = "en",
    base: str = DATA_NAMESPACE,
    force: bool = False,
) -> int:
    """The assessment written to ``path``; returns the number of rows written. A workbook there
    already is replaced only with ``force`` (``check_export``)."""
    check_base(base)
    check_export(path, force)
    terms: Terms = load_terms(lang)
    limit = XLSX_CELL_LIMIT if is_xlsx(path) else None  # a CSV file holds text of any length
    book = export_book(backend, terms, assessment, display_path(path), base, limit)
    write_book(book, path, terms, words(lang))
    return sum(len(table.rows) for table in book.tables.values())


def write_all_exports(
    backend: Backend,
    out_dir: Path,
    form: str = "xlsx",
    lang: str = "en",
    base: str = DATA_NAMESPACE,
    force: bool = False,
) -> list[tuple[Path, int]]:
    """Every assessment of the data, one workbook each (``form`` "xlsx", or "csv": a folder of
    CSV files each) in ``out_dir``, from one pass over the statements; (path, rows) per book.
    Any of those workbooks (or CSV files) there already is refused, before the statements are
    read and before anything is written, unless ``force`` (``output#exists``); the folder's
    other files are left alone."""
    check_base(base)
    terms: Terms = load_terms(lang)

    def path_of(assessment: str) -> Path:
        return out_dir / (file_stem(assessment, base) + (".xlsx" if form == "xlsx" else ""))

    def refuse(assessments: list[str]) -> None:
        existing = [file for a in assessments for file in book_files(path_of(a))]
        refuse_existing(out_dir, existing, force, "output.exists_export")

    written = []
    limit = XLSX_CELL_LIMIT if form == "xlsx" else None
    scratch: Path | None = None
    try:
        for assessment, book in export_all(backend, terms, base, before=refuse, cell_limit=limit):
            if scratch is None:  # once the data gave a book: a file of that name, or a place not writable, said of it
                make_folder(out_dir)
                with writing(out_dir):
                    scratch = Path(tempfile.mkdtemp(prefix=".kgtool-export-", dir=out_dir))
            path = path_of(assessment)
            book.source = path.name
            write_book(book, scratch / path.name, terms, words(lang))
            written.append((path, sum(len(table.rows) for table in book.tables.values())))
        if scratch is not None:
            _put_in_place(scratch, [path for path, _ in written])
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return written


def _put_in_place(scratch: Path, paths: list[Path]) -> None:
    """The workbooks ``write_all_exports`` wrote in ``scratch`` moved to ``paths``: each .xlsx file,
    or each CSV file into its folder (the folder's other files left alone). Every book is written
    before any is moved, and a move that fails (a folder where a workbook goes, a file where a
    CSV folder goes, a place not writable) undoes those before it, putting back what they
    replaced (``--force``): the folder is left as it was, not with some workbooks new, some
    replaced and some not, whatever stopped the export."""
    moves = []  # (written file, its place)
    for path in paths:
        written = scratch / path.name
        moves += [(written, path)] if is_xlsx(path) else [(f, path / f.name) for f in csv_files(written)]
    replaced = scratch / ".replaced"  # what the moves replaced, until every move is made
    done: list[tuple[Path, Path | None]] = []  # (place, where what it held went)
    made: list[Path] = []  # the CSV folders made
    place = paths[0] if paths else scratch
    try:
        for n, (written, place) in enumerate(moves):
            if place.is_symlink():  # written where the link leads, as every output is (kgtool.outputs)
                place = Path(os.path.realpath(place))
            if not place.parent.is_dir():
                place.parent.mkdir()
                made.append(place.parent)
            if place.is_dir():  # a folder where a workbook goes is not one to replace (nor to move aside)
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(place))
            kept = None
            if place.exists():
                kept = replaced / str(n)
                replaced.mkdir(exist_ok=True)
                os.replace(place, kept)
            done.append((place, kept))
            os.replace(written, place)
    except OSError as exc:
        for moved, kept in reversed(done):
            with suppress(OSError):
                if kept is None:
                    moved.unlink(missing_ok=True)
                else:
                    os.replace(kept, moved)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise cannot_write(place, exc) from exc


def workbooks_in(sources: list[Path]) -> list[Path]:
    """The workbooks named by ``sources``: each an .xlsx file or a CSV folder (one holding
    Assessment.csv), or a folder of those (what ``kgtool export --all`` writes), expanded."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir() and not (source / "Assessment.csv").exists():
            inner = sorted(
                p
                for p in source.iterdir()
                if not p.name.startswith((".", "~$"))  # hidden files, a spreadsheet program's lock files
                and (p.suffix.lower() == ".xlsx" or (p / "Assessment.csv").is_file())
            )
            if not inner:
                raise worded(
                    InputError, "workbook#unknown-form", "workbook.no_workbooks", file=str(source), source=source
                )
            found.extend(inner)
        else:
            found.append(source)
    return found


def import_books(sources: list[Path], out_dir: Path, base: str = DATA_NAMESPACE) -> list[Path]:
    """Turtle files from each workbook of ``sources`` (see ``workbooks_in``): in ``out_dir`` for a
    single workbook, else (several, or a folder of them) in one subfolder of it per workbook, named by the workbook's name
    without .xlsx. Every workbook is read and checked before any file is written."""
    check_base(base)
    books = workbooks_in(sources)
    if books == sources and len(books) == 1:  # one workbook named as such: its files in out_dir
        return import_book(books[0], out_dir, base)
    stems = [b.name.removesuffix(b.suffix) if b.suffix.lower() == ".xlsx" else b.name for b in books]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise worded(InputError, "workbook#bad-output", "workbook.written_twice", target=f"{out_dir}/{twice[0]}")
    converted = [_converted(book, base) for book in books]
    for stem in stems:
        _check_output(out_dir / stem)
    written: list[Path] = []
    for stem, files in zip(stems, converted, strict=True):
        written.extend(_write_files(files, out_dir / stem))
    return written


def import_book(source: Path, out_dir: Path, base: str = DATA_NAMESPACE) -> list[Path]:
    """Turtle files in ``out_dir`` from the workbook at ``source``; nothing is written when the
    workbook has any problem (all of them are reported in one error)."""
    return _write_files(_converted(source, base), out_dir)


def check_base(base: str) -> None:
    """Refuse a ``--base`` that a workbook's ids cannot be paths from (``workbook#bad-base``):
    ``…/id`` made ``pair/x`` into ``…/pair/x``, a relative one named a temporary file."""
    if not is_namespace(base):
        slashed = (base[:-1] if base.endswith("#") else base) + "/"
        example = slashed if is_namespace(slashed) else "https://example.org/kgtool/id/"
        raise worded(InputError, "workbook#bad-base", "workbook.bad_base", base=base, example=example)


def _converted(source: Path, base: str) -> dict[str, str]:
    check_base(base)
    book = read_book(source)
    files, problems = convert(book, load_terms("en").choices, base)
    raise_all(problems, book.source)
    return files


def _check_output(out_dir: Path) -> list[Path]:
    """The files of an earlier import in ``out_dir``; refuses a folder holding anything else."""
    if out_dir.exists() and not out_dir.is_dir():
        raise worded(InputError, "workbook#bad-output", "workbook.output_not_a_folder", file=str(out_dir), out=out_dir)
    previous = sorted(out_dir.glob("*.ttl")) if out_dir.is_dir() else []
    foreign = [p.name for p in previous if not _written_by_import(p)]
    if foreign:
        raise worded(
            InputError,
            "workbook#foreign-output",
            "workbook.foreign_output",
            file=str(out_dir),
            out=out_dir,
            files=", ".join(foreign),
        )
    return previous


def _write_files(files: dict[str, str], out_dir: Path) -> list[Path]:
    previous = _check_output(out_dir)
    make_folder(out_dir)
    for path in previous:  # an earlier import's files: replaced, and those it no longer gives removed
        with writing(path):
            path.unlink()
    written = []
    for name, text in files.items():
        target = out_dir / name
        write_output(target, text)
        written.append(target)
    return written


def _written_by_import(path: Path) -> bool:
    """Whether ``path`` is a file an earlier ``kgtool import`` wrote (its first line says so)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return fh.readline().startswith(IMPORT_HEADER)
