"""pySHACL's findings on the inputs the engine-equivalence tests use, recorded once, so that
CI compares the fast engine with them instead of running pySHACL again each time.

    python tests/regenerate_pyshacl_expectations.py [--all]

rewrites tests/fixtures/pyshacl-expectations.json: for each input (every shape fixture with
the ontology and tests/fixtures/shapes/_base.ttl; the base alone; the project's data; the generated 10k corpus with one injected violation of every kind), a digest of the files it reads (the input,
the ontology and shapes/) and pySHACL's findings in the engine-independent form of
``engine_view``. Run it after changing shapes, the ontology, the fixtures, the data or the
corpus generator, or after upgrading pySHACL (tests/test_fast_validation.py says which input
is out of date); it runs pySHACL again only on the inputs whose files changed, or on every
input with ``--all``. One live comparison with pySHACL stays in the tests, so that a change in
pySHACL's behaviour is still caught.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import rdflib  # noqa: E402

from kgtool import assets  # noqa: E402
from kgtool.rdf.store import KnowledgeGraph  # noqa: E402
from kgtool.validation.checks import findings, shacl_results, shapes_graph  # noqa: E402
from kgtool.validation.model import Finding  # noqa: E402

RECORD = REPO / "tests" / "fixtures" / "pyshacl-expectations.json"
FIXTURES = REPO / "tests" / "fixtures" / "shapes"
BASE = FIXTURES / "_base.ttl"
# the generated corpora of tests/test_fast_validation.py: (size, seed, injected violations or None
# for one of every kind)
CORPORA = {"corpus": ("10k", 7, None), "corpus-100k": ("100k", 1, 100)}
# fixtures that exercise every kind of compiled constraint: SPARQL targets and constraints,
# xone, or, qualified counts, property pairs, ranges, patterns, datatypes, classes
SAMPLE = [
    "LabelLanguagesShape/invalid-russian-and-translated-russian",
    "SourceLinesInSectionShape/invalid-range-straddles-section",
    "CitationShape/invalid-names-both",
    "CitationShape/invalid-cited-for-an-actor",
    "RecommendationShape/invalid-addressed-to-a-law",
    "LabelShape/invalid-two-kyrgyz-labels",
    "DocumentSectionShape/invalid-first-line-not-integer",
    "DocumentSectionShape/invalid-first-after-last",
    "StatedFigureShape/invalid-value-is-percent",
    "StatedFigureShape/invalid-subject-of-wrong-kind",
    "LegalActShape/invalid-short-id-taken",
    "LegalActShape/invalid-short-id-with-spaces",
    "ProcessCellsShape/invalid-duplicated-cell",
    "PairShape/invalid-principal-is-agent",
]

# what a finding owes to the SHACL engine; labels, fixes, files and lines come from the data and
# the shapes the same way whichever engine ran
ENGINE_FIELDS = ("severity", "focus", "path", "value", "shape", "constraint", "message")
Row = list[str | None]


def engine_view(found: Sequence[Finding]) -> list[Row]:
    """The findings as the engine made them, sorted; a blank focus node's label (new on every load,
    and the only name without a colon) is dropped."""
    rows = []
    for f in found:
        d = f.as_dict()
        d["focus"] = d["focus"] if ":" in str(d["focus"]) else "_:"
        rows.append([None if d[k] is None else str(d[k]) for k in ENGINE_FIELDS])
    return sorted(rows, key=lambda r: [x or "" for x in r])


def digest(paths: Sequence[Path]) -> str:
    """The inputs' contents (the shapes and the ontology included), so a stale record is noticed."""
    h = hashlib.sha256()
    named = {_digest_name(p): p for p in set(paths) | set(assets.shape_files()) | set(assets.ontology_files())}
    for name in sorted(named):
        h.update(name.encode() + b"\0")
        h.update(named[name].read_bytes() + b"\0")
    return h.hexdigest()


def _digest_name(path: Path) -> str:
    """A file's name in the digest, the same wherever the checkout and the installed package are:
    kgtool's own files relative to its assets (``shapes/core.ttl`` in a checkout and in a wheel's
    site-packages alike), the tests' files relative to the repository, anything else (a generated
    corpus in a temporary folder) by its file name. Full paths would make the digest, and their
    order, depend on where CI checks the project out and on whether it installs it editable."""
    shown = assets.display_path(path)
    if shown != str(path):
        return shown
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name


def fixture_name(path: Path | None) -> str:
    return "fixture:_base" if path is None else f"fixture:{path.parent.name}/{path.stem}"


def fixture_inputs(path: Path | None) -> list[Path]:
    return [BASE] + ([path] if path else [])


def fixture_paths() -> list[Path | None]:
    """The base alone, then every shape fixture."""
    return [None, *sorted(FIXTURES.glob("*/*.ttl"))]


def sample_fixtures() -> list[Path]:
    paths = [FIXTURES / f"{name}.ttl" for name in SAMPLE]
    missing = [p for p in paths if not p.exists()]
    assert not missing, f"fixtures renamed? {missing}"
    return paths


@contextmanager
def corpus(name: str) -> Iterator[Path]:
    """A generated corpus the tests use, written into a temporary folder."""
    from bench.generate import KINDS, write_corpus

    size, seed, violations = CORPORA[name]
    with tempfile.TemporaryDirectory(prefix="kgtool-corpus-") as out:
        write_corpus(Path(out), size, seed=seed, violations=len(KINDS) if violations is None else violations)
        yield Path(out) / "corpus.trig"


def run(data: Sequence[Path], engine: str) -> list[Row]:
    """One engine's findings on the ontology plus ``data``, in the recorded form."""
    kg = KnowledgeGraph.from_files(assets.ontology_files() + list(data))
    if "project" not in _SHAPES:  # parsed once: setdefault would parse the shapes on every call
        _SHAPES["project"] = shapes_graph()
    shapes = _SHAPES["project"]
    results, used, note = shacl_results(kg, shapes, engine)
    assert used == engine, note
    return engine_view(findings(results, kg, shapes, "en"))


_SHAPES: dict[str, rdflib.Graph] = {}


def inputs() -> Iterator[tuple[str, list[Path]]]:
    """Every recorded input: its name and its data files."""
    for path in fixture_paths():
        yield fixture_name(path), fixture_inputs(path)
    yield "project", assets.data_files()
    for name in CORPORA:
        with corpus(name) as trig:
            yield name, [trig]


def load() -> dict[str, dict[str, object]]:
    return json.loads(RECORD.read_text(encoding="utf-8"))["inputs"]  # type: ignore[no-any-return]


def main() -> None:
    """Record every input whose files changed since it was last recorded (``--all``: every input);
    the file is written after each input, so an interrupted run keeps what it did."""
    import pyshacl

    everything = "--all" in sys.argv[1:]
    try:
        old = load() if not everything else {}
    except (OSError, ValueError, KeyError):
        old = {}
    record: dict[str, object] = {}
    for name, data in inputs():
        current = digest(data)
        kept = old.get(name)
        if kept is not None and kept.get("digest") == current:
            record[name] = kept
            continue
        print(name, file=sys.stderr)
        record[name] = {"digest": current, "findings": run(data, "pyshacl")}
        _write(record, pyshacl.__version__)
    _write(record, pyshacl.__version__)


def _write(record: dict[str, object], version: str) -> None:
    doc = {
        "about": "pySHACL's findings, recorded by tests/regenerate_pyshacl_expectations.py",
        "pyshacl": version,
        "fields": list(ENGINE_FIELDS),
        "inputs": record,
    }
    partial = RECORD.with_suffix(".json.partial")
    partial.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(RECORD)  # readers never see a half-written file


if __name__ == "__main__":
    main()
