"""A folder named where RDF files are asked for (``kgtool validate DIR``, ``--data DIR``): the RDF
files in it and its subfolders, as ``kgtool diff`` has read a folder as one round. An assessment
team keeps each round in a folder (what ``kgtool import`` writes); naming the folder instead of
its files was refused as "a folder" by every command but ``diff``.

May import: the foundation (no RDF library: the command line expands folders before it loads one).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kgtool.errors import InputError
from kgtool.i18n.problems import worded

# the extensions of the RDF files a folder is read for (kgtool.rdf.parse reads each by its extension)
RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".rdf", ".owl", ".trig", ".nq", ".n3")
# the file `kgtool publish` leaves in a site it wrote (kgtool.site.publish.MARKER)
SITE_MARKER = ".kgtool-site"


def rdf_files_in(folder: Path, workbooks_hint_key: str = "load.no_rdf_in_folder_workbooks_hint") -> list[Path]:
    """The RDF files in ``folder`` and its subfolders, linked ones too (each real folder once), by
    extension, in the order of their paths; hidden files and folders (``.git``, an editor's
    ``.#draft.ttl``) left out. A site ``kgtool publish`` wrote is refused (its pages' RDF
    documents are no data to read again), and so is a folder with no RDF file
    (``load#not-a-file``): the command would otherwise work on the project's data, or on nothing;
    one holding workbooks is told of ``kgtool import`` (``workbooks_hint_key``: what a command that
    reads workbooks itself, ``kgtool diff``, says instead)."""
    if (folder / SITE_MARKER).exists():
        raise worded(InputError, "load#not-a-file", "load.folder_is_site", file=str(folder))
    found: list[Path] = []
    workbooks = False
    seen: set[str] = set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back to a folder already read
            dirs.clear()
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            workbooks = workbooks or suffix == ".xlsx" or name == "Assessment.csv"
            if suffix in RDF_SUFFIXES:
                found.append(Path(top) / name)
    if not found:
        raise worded(
            InputError,
            "load#not-a-file",
            "load.no_rdf_in_folder",
            hint_key=workbooks_hint_key if workbooks else "load.no_rdf_in_folder_hint",
            file=str(folder),
            suffixes=", ".join(RDF_SUFFIXES),
        )
    return sorted(found)


def with_folders_read(paths: Sequence[str]) -> list[str]:
    """``paths`` as given, each folder among them replaced by its RDF files (``rdf_files_in``)."""
    out: list[str] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            out.extend(str(p) for p in rdf_files_in(path))
        else:
            out.append(text)
    return out
