"""A folder named where RDF files are asked for (``kgtool validate DIR``, ``--data DIR``): the RDF
files in it and its subfolders, as ``kgtool diff`` has read a folder as one round. An assessment
team keeps each round in a folder (what ``kgtool import`` writes); naming the folder instead of
its files was refused as "a folder" by every command but ``diff``.

May import: the foundation (no RDF library: the command line expands folders before it loads one).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kgtool.errors import InputError
from kgtool.i18n.problems import worded

# the extensions of the RDF files a folder is read for (kgtool.rdf.parse reads each by its extension)
RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".rdf", ".owl", ".trig", ".nq", ".n3")


def rdf_files_in(folder: Path) -> list[Path]:
    """The RDF files in ``folder`` and its subfolders, by extension, in the order of their paths;
    hidden files and folders (``.git``, an editor's ``.#draft.ttl``) left out. None is refused
    (``load#not-a-file``): the command would otherwise work on the project's data, or on nothing."""
    found = sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in RDF_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )
    if not found:
        raise worded(
            InputError,
            "load#not-a-file",
            "load.no_rdf_in_folder",
            file=str(folder),
            suffixes=", ".join(RDF_SUFFIXES),
        )
    return found


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
