"""What `kgtool diff` compares: turning each of OLD and NEW into a ``Side`` (a store and one
assessment in it).

Two kinds of input are built in, tried in this order:

* **files** — OLD/NEW is an existing file or directory (every RDF file under it), loaded
  with the ontology and the shared ``--data`` files into a store of its own. It must hold
  exactly one assessment.
* **corpus** — OLD/NEW names an assessment (its IRI, or the end of it, such as
  ``kg/assessment/2016``) in one store built from the ``--data`` files (or the project's
  data when none are given); both sides share that store.

The extension point is ``converters``: a mapping from a file suffix (``.xlsx``) to a
function that writes the RDF files a file stands for into a directory and returns them, its
ids read as paths from the namespace ``base`` (`kgtool diff --base`, as `kgtool import --base`).
A file with such a suffix is converted and then read as **files**. ``folder_converters`` does
the same for a directory that holds a file of a given name (``Assessment.csv``: a workbook
kept as a folder of CSV files, one per sheet). This package cannot
import the spreadsheet importer (a package of its own layer), so the command line passes
the converters in; a suffix that needs a converter nobody passed is refused with
``diff#no-converter`` rather than misread as RDF.

A converted side remembers that namespace (``Side.base``): ``check_namespaces`` refuses a
workbook read under one namespace compared with a round under another (``diff#base-mismatch``),
which would otherwise show every actor, law and citation as changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kgtool.assessment.indices import AssessmentInfo, assessments
from kgtool.errors import UsageError
from kgtool.i18n.problems import worded
from kgtool.rdf.folders import RDF_SUFFIXES, rdf_files_in
from kgtool.rdf.project import build_graph
from kgtool.sparql.backends import Backend, EmbeddedBackend
from kgtool.vocab import DATA_NAMESPACE

# A converter writes the RDF files that ``source`` stands for into ``directory`` and returns
# them; ``base`` is the namespace the source's ids are paths from.
Converter = Callable[[Path, Path, str], list[Path]]

# Suffixes of files that are not RDF and need a converter (the workbook importer) to be read.
# workbooks: kgtool diff reads them only through a converter (kgtool import), which reads .xlsx alone
CONVERTED_SUFFIXES = frozenset({".xlsx", ".ods", ".xls"})


@dataclass(frozen=True)
class Side:
    """One of the two things compared: where its data is and which assessment it is."""

    spec: str  # what the user typed
    kind: str  # files | corpus | the suffix of a converted file
    backend: Backend
    assessment: AssessmentInfo
    base: str = ""  # the namespace a converted side's ids were read under; "" for RDF


class Sides:
    """Resolves OLD and NEW; the corpus store is built once and shared by both sides."""

    def __init__(
        self,
        data: Sequence[Path] = (),
        lang: str = "en",
        converters: Mapping[str, Converter] | None = None,
        workdir: Path | None = None,
        folder_converters: Mapping[str, Converter] | None = None,
        base: str = DATA_NAMESPACE,
    ) -> None:
        self.data = [Path(p) for p in data]
        self.lang = lang
        self.converters = dict(converters or {})
        self.folder_converters = dict(folder_converters or {})
        self.workdir = workdir
        self.base = base
        self._corpus: Backend | None = None

    def open(self, spec: str) -> Side:
        path = Path(spec)
        if path.exists():
            return self._files(spec, path)
        if path.suffix.lower() in RDF_SUFFIXES or path.suffix.lower() in CONVERTED_SUFFIXES:
            raise worded(UsageError, "diff#missing-input", "diff.missing_input", file=spec, spec=spec)
        return self._in_corpus(spec)

    def _files(self, spec: str, path: Path) -> Side:
        suffix = path.suffix.lower()
        converter, kind = None, suffix
        if path.is_file():
            converter = self.converters.get(suffix)
        elif path.is_dir():
            kind, converter = next(
                ((name, c) for name, c in self.folder_converters.items() if (path / name).is_file()), (kind, None)
            )
        if converter is not None:
            # the converted files are read into the store, then removed
            with tempfile.TemporaryDirectory(prefix="kgtool-diff-", dir=self.workdir) as directory:
                files = sorted(converter(path, Path(directory), self.base))
                return self._one_round(spec, kind, files, self.base)
        if path.is_file() and suffix in CONVERTED_SUFFIXES:
            raise worded(UsageError, "diff#no-converter", "diff.no_converter", file=spec, spec=spec, suffix=suffix)
        elif path.is_dir():
            # a round's folder read as every other command reads one: hidden files left out, linked
            # folders entered once, a published site refused
            files = rdf_files_in(path, workbooks_hint_key="diff.folder_of_workbooks_hint")
        else:
            files = [path]
        return self._one_round(spec, "files", files)

    def _one_round(self, spec: str, kind: str, files: list[Path], base: str = "") -> Side:
        backend = EmbeddedBackend(build_graph(self.data + files))
        found = assessments(backend, self.lang)
        if len(found) != 1:
            raise worded(
                UsageError,
                "diff#not-one-assessment",
                "diff.not_one_assessment_listed" if found else "diff.not_one_assessment",
                hint_key="diff.not_one_assessment_hint",
                file=spec,
                spec=spec,
                n=len(found),
                listing=", ".join(a.iri for a in found),
            )
        return Side(spec, kind, backend, found[0], base)

    def _in_corpus(self, spec: str) -> Side:
        if self._corpus is None:
            self._corpus = EmbeddedBackend(build_graph(self.data or None))
        found = assessments(self._corpus, self.lang)
        matches = [a for a in found if a.iri == spec] or [
            a for a in found if a.iri.endswith("/" + spec.strip("/")) or a.iri.endswith("#" + spec)
        ]
        if len(matches) != 1:
            listed = ", ".join(a.iri for a in found) or "(none)"
            raise worded(
                UsageError,
                "diff#unknown-assessment" if not matches else "diff#ambiguous-assessment",
                "diff.unknown_assessment" if not matches else "diff.ambiguous_assessment",
                spec=spec,
                listed=listed,
            )
        return Side(spec, "corpus", self._corpus, matches[0])


def _anchor(side: Side) -> str:
    """What the two rounds of one country share: the country's IRI (else the assessment's parent)."""
    return side.assessment.country or side.assessment.iri.rstrip("/").rsplit("/", 1)[0]


def check_namespaces(old: Side, new: Side) -> None:
    """Refuse a workbook whose ids were read under ``--base`` when the other round (RDF files or
    a corpus) names the same country under another namespace: the same paths under two
    namespaces share no IRI, so every actor, law, citation and principal's index would be
    reported as removed and added. The error names the namespace to give as ``--base``."""
    for read, other in ((old, new), (new, old)):
        if not read.base or other.base:  # only a converted side against one that is not
            continue
        mine, theirs = _anchor(read), _anchor(other)
        path = mine[len(read.base) :] if mine.startswith(read.base) else ""
        if mine == theirs or not path or not theirs.endswith(path) or len(theirs) == len(path):
            continue
        namespace = theirs[: -len(path)]
        if namespace.endswith(("/", "#")):
            raise worded(
                UsageError,
                "diff#base-mismatch",
                "diff.base_mismatch",  # the message names the workbook: no file before it
                spec=read.spec,
                base=read.base,
                other=other.spec,
                namespace=namespace,
            )
