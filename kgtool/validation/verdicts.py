"""HermiT's verdicts on the schemas it has checked, kept between runs, so that ``kgtool validate``
does not start Java again for an ontology and schema statements it has already judged.

In ``tbox`` mode HermiT reads the ontology and the data's schema statements only
(``kgtool.validation.reasoner``): the same statements give the same verdict, and on the
project's data that check was half of a validation's time (1.0 of 2.1 s on this project's
machine). A verdict is kept under a digest of exactly the document HermiT reads (N-Triples,
blank nodes labelled canonically, lines sorted) and of the reasoner's version; everything that
depends on the instances (the shapes, the instance clashes) is checked on every run.

Kept in ``$KGTOOL_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgtool``, else ``~/.cache/kgtool``, in
the folder ``hermit``, one small JSON file per schema, the oldest removed beyond ``LIMIT``. A
folder that cannot be read or written only means that HermiT runs every time; a kept file
that is not a verdict is ignored (and replaced, where it can be). Imports the standard library only.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata, util
from pathlib import Path

FORMAT = b"kgtool hermit verdict 1\n"  # changed when what a verdict depends on changes
LIMIT = 64  # verdicts kept: a schema changes seldom, and each is a few hundred bytes


@dataclass(frozen=True)
class Verdict:
    """What HermiT said of a schema: whether it is consistent, its classes that can have no member,
    its words for an inconsistency, and the day (UTC, ISO 8601) it said so."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    message: str
    checked: str


def digest(document: bytes) -> str | None:
    """The key of HermiT's verdict on ``document`` (the N-Triples it reads), by this reasoner and
    kgtool's reading of it; None when the verdict depends on more than the document: an
    ``owl:imports`` makes owlready2 read another ontology, which may change under the same key."""
    if IMPORTS in document:
        return None
    h = hashlib.sha256(FORMAT)
    h.update(_reasoner().encode())
    h.update(b"\n")
    h.update(document)
    return h.hexdigest()


IMPORTS = b"<http://www.w3.org/2002/07/owl#imports>"
MOST = 64 * 1024  # bytes of a verdict file: anything larger is not one


def kept(key: str) -> Verdict | None:
    """The verdict kept under ``key``, or None (none kept, or none readable). Only a small regular
    file is read (not a pipe, a device or a link), and anything in it that is not a verdict is
    ignored: what is there was written by someone else as much as by kgtool."""
    folder = _folder()
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            status = os.fstat(f.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > MOST:
                return None
            found = json.loads(f.read(MOST + 1).decode("utf-8"))
        verdict = Verdict(
            consistent=found["consistent"],
            unsatisfiable=tuple(found["unsatisfiable"]),
            message=found["message"],
            checked=found["checked"],
        )
    except Exception:  # not JSON, nested too deep, not a verdict's fields: not a verdict
        return None
    sound = (
        isinstance(verdict.consistent, bool)
        and all(isinstance(c, str) for c in verdict.unsatisfiable)
        and isinstance(verdict.message, str)
        and isinstance(verdict.checked, str)
        and found.get("key") == key
    )
    if not sound:
        return None
    with suppress(OSError):  # used now: the last to go when the folder is trimmed
        os.utime(path)
    return verdict


# the keys of the verdicts HermiT gave during the current ``one_run`` (None: outside one): a context
# variable, so that two validations run at once in two threads keep their own (HermiT's thread
# is started in its caller's context: reasoner.Beside)
_this_run: ContextVar[set[str] | None] = ContextVar("kgtool_verdicts_this_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """One validation, which may reason twice over the same schema (``kgtool validate --jobs``
    falling back to one process): a verdict HermiT gave earlier in it is its own, not one kept
    from an earlier run (``given_this_run``)."""
    token = _this_run.set(set())
    try:
        yield
    finally:
        _this_run.reset(token)


def given_this_run(key: str) -> bool:
    """True when HermiT gave the verdict kept under ``key`` during the current ``one_run``."""
    given = _this_run.get()
    return given is not None and key in given


def keep(key: str, consistent: bool, unsatisfiable: list[str], message: str) -> None:
    """Keep HermiT's verdict under ``key``, dated today; written whole or not at all (another run
    may read it meanwhile). Nothing happens where the folder cannot be written."""
    given = _this_run.get()
    if given is not None:
        given.add(key)
    folder = _folder()
    if folder is None:
        return
    record = {
        "key": key,
        "consistent": consistent,
        "unsatisfiable": sorted(unsatisfiable),
        "message": message,
        "checked": datetime.now(UTC).date().isoformat(),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=folder, prefix=".verdict-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, sort_keys=True)
            os.replace(scratch, folder / f"{key}.json")
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        _trim(folder)
    except OSError:
        return


def _trim(folder: Path) -> None:
    """Remove the verdicts beyond ``LIMIT``, the least recently written or used first."""
    files = []
    for path in folder.glob("*.json"):
        if path.name.startswith("."):  # another run's verdict being written
            continue
        try:
            files.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # removed by another run meanwhile
            continue
    for _, _, path in sorted(files)[: max(0, len(files) - LIMIT)]:
        path.unlink(missing_ok=True)


def _folder() -> Path | None:
    """Where verdicts are kept; None when no folder can be named (no home)."""
    chosen = os.environ.get("KGTOOL_CACHE_DIR")
    if chosen:
        return Path(chosen) / "hermit"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "kgtool" / "hermit"
    try:
        return Path.home() / ".cache" / "kgtool" / "hermit"
    except RuntimeError:
        return None


def _reasoner() -> str:
    """Which HermiT, and how kgtool reads its answer: owlready2's version, its bundled jar's size
    (read without importing owlready2, a tenth of a second, which a kept verdict spares), and a
    digest of ``kgtool.validation.reasoner``, which runs it and turns its answer into a verdict."""
    try:
        version = metadata.version("owlready2")
    except metadata.PackageNotFoundError:
        version = "?"
    spec = util.find_spec("owlready2")
    size = -1
    if spec is not None and spec.origin:
        with suppress(OSError):
            size = (Path(spec.origin).parent / "hermit" / "HermiT.jar").stat().st_size
    code = hashlib.sha256(Path(__file__).with_name("reasoner.py").read_bytes()).hexdigest()
    return f"owlready2 {version}; HermiT.jar {size} bytes; kgtool reasoner.py {code}"


__all__ = ["LIMIT", "Verdict", "digest", "keep", "kept"]
