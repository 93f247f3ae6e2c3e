"""The files and folders a user names for kgtool to write (``-o FILE``, ``-o DIR``, ``OUTDIR``).

Every command that writes where the user said goes through here, so that the operating system's
refusal — the path is a folder, the disk is full, this user may not write there — is one error,
``output#cannot-write``, that names the path and says why in the reader's words, rather than a
traceback or ``internal#unexpected`` from whichever ``open`` happened to fail. An empty path
(``-o ""``) is refused before anything is written (it would name the current folder), and so is
``-`` where files are written (a workbook, a folder, a site): ``-`` is standard output, which the
verbs that write text take (``kgtool.cli.options``), and a file of that name is ``./-``. A file is
written beside its place under a name of its own and then put in its place in one step, so a
failure at any point (the disk full, Ctrl-C) leaves what was there before, untouched, and no file
that looks complete; a link, a device or a pipe is written through as it is.

Part of the foundation: pure Python, no RDF library; it imports ``kgtool.errors`` and ``kgtool.i18n``.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from kgtool.errors import KgtoolError, UsageError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded

# the system's reasons a person can act on, in the reader's words (any other: the system's own)
REASONS: dict[int, str] = {
    errno.EISDIR: "output.reason_folder",
    errno.EEXIST: "output.reason_file",  # a folder to make where a file is
    errno.ENOTDIR: "output.reason_not_a_folder",
    errno.ENOSPC: "output.reason_full",
    errno.EDQUOT: "output.reason_full",
    errno.EACCES: "output.reason_not_permitted",
    errno.EPERM: "output.reason_not_permitted",
    errno.EROFS: "output.reason_read_only",
    errno.ENOENT: "output.reason_cannot_create",
    errno.ENAMETOOLONG: "output.reason_too_long",
}


STANDARD_OUTPUT = "-"  # the Unix convention: `-o -` is standard output; a file of that name is ./-
# the endings of compressed files, and the program that compresses standard output so
COMPRESSORS: dict[str, str] = {".gz": "gzip -n", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}


def output_path(text: str) -> Path:
    """The path an option or argument names for output; an empty one is refused: ``Path("")`` is
    the current folder, into which ``kgtool template -o ""`` wrote twenty CSV files. ``-`` is
    refused too (``output#not-a-stream``): here it would be a file or folder named ``-`` (a
    workbook, a folder of files, a site cannot go to standard output); the verbs that write text
    take ``-o -`` as standard output before they come here."""
    if not text:
        raise worded(UsageError, "output#empty-path", "output.empty_path")
    if text == STANDARD_OUTPUT:
        raise worded(UsageError, "output#not-a-stream", "output.not_a_stream")
    return Path(text)


def plain_file_path(text: str, stream_options: Callable[[Path], str] | None = None) -> Path:
    """The path of one file of text (RDF, a table, a report) as ``output_path`` gives it; a name
    ending as a compressed file does (``graph.nt.gz``) is refused (``output#compressed``): kgtool
    writes no compressed file, and reads none either, so the bytes would not be what the name says.

    The refusal's hint pipes standard output to the compressor; ``stream_options`` gives, for the
    name without the compressed ending, what the command must be told for its standard output to
    be what that name says (``build``: `` --format nt`` for ``graph.nt.gz``, whose syntax ``-o``
    would have chosen)."""
    path = output_path(text)
    compressor = COMPRESSORS.get(path.suffix.lower())
    if compressor is not None:
        plain = path.with_suffix("")
        raise worded(
            UsageError,
            "output#compressed",
            "output.compressed",
            file=text,
            name=text,
            extension=path.suffix,
            plain=str(plain),
            compressor=compressor,
            options=stream_options(plain) if stream_options else "",
        )
    return path


def reason(exc: OSError) -> Phrase:
    """Why the system would not write, in the reader's words where kgtool knows the case; else
    said to be the system's refusal, in its own words (``File too large``)."""
    key = REASONS.get(exc.errno or 0)
    return Phrase(key) if key else Phrase("output.reason_other", detail=exc.strerror or type(exc).__name__)


def cannot_write(path: Path, exc: OSError) -> KgtoolError:
    """``output#cannot-write``: ``path`` and the system's reason for refusing it."""
    return worded(KgtoolError, "output#cannot-write", "output.cannot_write", file=str(path), reason=reason(exc))


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Any OSError inside raised as ``output#cannot-write`` naming ``path`` (the output the user
    named: a file of it, or the folder it goes in)."""
    try:
        yield
    except OSError as exc:
        raise cannot_write(path, exc) from exc


def make_folder(path: Path) -> None:
    """The folder ``path`` (and those above it), or ``output#cannot-write`` naming it: a file of
    that name already there says so (``output.reason_file``)."""
    with writing(path):
        path.mkdir(parents=True, exist_ok=True)


@contextmanager
def open_output(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened to write bytes (its folders made first); every failure of the system while
    it is opened, written or closed raised as ``output#cannot-write``. A new file or a regular one
    is written to a scratch file beside it, which replaces it only once written whole
    (``os.replace``): a failure removes the scratch file and leaves ``path`` as it was. Anything
    else (a link, ``/dev/stdout``, ``/dev/full``, a pipe) is written through in place, as the user
    named it, and never removed."""
    make_folder(path.parent)
    scratch = _scratch_for(path)
    if scratch is None:
        with writing(path):
            file = path.open("wb")
        with writing(path), file:
            yield file
        return
    try:
        with writing(path), os.fdopen(scratch[0], "wb") as file:
            yield file
        with writing(path):
            os.replace(scratch[1], path)
    except BaseException:
        with suppress(OSError):
            os.unlink(scratch[1])
        raise


def _scratch_for(path: Path) -> tuple[int, str] | None:
    """A new scratch file beside ``path`` (its descriptor and name), with the mode ``path`` has
    or a new file would get; None when ``path`` is not a regular file or nothing (it is written in
    place then), or when its folder takes no new file but the file itself may be written."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    if status is not None and not stat.S_ISREG(status.st_mode):
        return None
    name = str(path.parent / f".kgtool-{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as to any new file
    except OSError as exc:
        if status is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return None  # a file in a folder this user may not add to: written in place, as before
        raise cannot_write(path, exc) from exc
    if status is not None:
        with suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(status.st_mode))
    return fd, name


def write_output(path: Path, data: bytes | str) -> None:
    """``data`` (text as UTF-8) written to ``path``, as ``open_output`` writes."""
    with open_output(path) as file:
        file.write(data.encode("utf-8") if isinstance(data, str) else data)


def refuse_existing(target: Path, existing: list[Path], force: bool, words: str = "output.exists") -> None:
    """``output#exists`` when any of ``existing`` (the files a write to ``target`` would replace)
    is there and ``force`` is not given: a filled-in workbook is not replaced by an empty one (nor
    an edited one by an export) unless the user says so. ``target`` a folder: the files are listed
    (the first three, by their paths inside it). A folder where a file goes is not one to replace:
    writing says so (``output#cannot-write``). ``words`` is the message saying what would replace
    them (``output.exists``: kgtool template's; ``words + "_in_folder"`` for a folder); the hint is
    the same for every verb."""
    present = [p for p in existing if (p.exists() or p.is_symlink()) and not p.is_dir()]
    if force or not present:
        return
    if present == [target]:
        raise worded(UsageError, "output#exists", words, hint_key="output.exists_hint", file=str(target))
    shown = [str(p.relative_to(target)) if p.is_relative_to(target) else p.name for p in present[:3]]
    names = ", ".join(shown) + (", …" if len(present) > 3 else "")
    raise worded(
        UsageError,
        "output#exists",
        words + "_in_folder",
        hint_key="output.exists_in_folder_hint",
        file=str(target),
        files=names,
    )


def refuse_input(output: str | None, inputs: Iterable[Path | str]) -> None:
    """``output#is-input`` when the output named (``-o``) is one of the files the command reads:
    ``kgtool validate same.ttl -o same.ttl`` replaced the data with the report and then failed on
    it, and ``--shapes mine.ttl -o mine.ttl`` silently replaced the user's shapes. Called before
    anything is read or written. The same file is found however it is named: by the file itself
    (``os.path.samefile``: another spelling of the path, a symbolic or hard link to it), so an
    output that does not exist yet is none of the inputs. A folder among ``inputs`` holds the
    output when the output is a file anywhere in it (the command reads the folder's files; the
    command line gives most commands' folders as their RDF files, ``kgtool.rdf.folders``)."""
    if output is None or output == STANDARD_OUTPUT or not output:
        return
    try:
        target = os.stat(output)
    except OSError:
        return  # nothing there yet (or nothing this user may look at): it replaces no input
    if not stat.S_ISREG(target.st_mode):
        return  # a device, a pipe, a folder: not a file that an input could be
    real = Path(output).resolve()
    for given in inputs:
        path = Path(given)
        try:
            status = os.stat(path)
        except OSError:
            continue  # no file by that name: a named query, an IRI, or one the command will refuse itself
        same = (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino)
        inside = stat.S_ISDIR(status.st_mode) and real.is_relative_to(path.resolve())
        if same or inside:
            raise worded(UsageError, "output#is-input", "output.is_input", file=output, input=str(path))
