"""``validate()``: load the files and check them, in this process or in worker processes per
named graph (``kgtool.validation.parallel``) — the one entry point the CLI and embedders call."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.rdf.project import build_graph
from kgtool.validation.checks import shapes_graph, validate_graph
from kgtool.validation.model import ValidationReport
from kgtool.validation.parallel import BlankSchemaClash, SharedBlankNodes, validate_parallel
from kgtool.validation.verdicts import one_run

if TYPE_CHECKING:
    from kgtool.progress import Progress


def validate(
    files: Sequence[Path] | None = None,
    input_format: str | None = None,
    reasoner: bool = True,
    lang: str = "en",
    engine: str = "fast",
    jobs: int = 1,
    reasoner_mode: str = "tbox",
    progress: Progress | None = None,
    shapes: Sequence[Path] = (),
    only_shapes: bool = False,
    reuse_verdict: bool = True,
) -> ValidationReport:
    """Validate the project's data, or the given files together with the ontology.

    ``shapes`` are the user's shape files, added to the project's shapes (``kgtool validate
    --shapes``), or used alone when ``only_shapes``. ``jobs`` > 1 validates the files' named
    graphs (one per assessment in a corpus) in that many worker processes and merges the
    findings (``kgtool.validation.parallel``). ``reuse_verdict``: HermiT's verdict on the same
    ontology and schema statements is given again when one is kept (``kgtool.validation.verdicts``);
    False runs HermiT every time."""
    if not files:  # the project's own files are read by their extensions, as build_graph reads them
        input_format = None
    shapes = [Path(p) for p in shapes]
    graph = shapes_graph(shapes, only_shapes)  # a bad shapes file is refused before any data is read
    with one_run():  # a verdict HermiT gives the --jobs attempt is this run's own in the fallback
        report = None
        why = ""  # why --jobs fell back to one process (the catalogue message saying so), when it did
        if jobs > 1:
            # the workers would split a blank node in two (SharedBlankNodes), or could not name a blank
            # node of the data's schema that breaks the ontology's axioms (BlankSchemaClash): one
            # process's findings instead
            try:
                report = validate_parallel(
                    files,
                    input_format,
                    reasoner=reasoner,
                    lang=lang,
                    engine=engine,
                    jobs=jobs,
                    reasoner_mode=reasoner_mode,
                    shapes=shapes,
                    only_shapes=only_shapes,
                    shapes_read=graph,
                    reuse_verdict=reuse_verdict,
                )
            except BlankSchemaClash:
                why = "validate.one_process_schema"
            except SharedBlankNodes:
                why = "validate.one_process"
        if report is None:
            if progress is not None:
                progress.phase("loading")
            kg = build_graph(files, input_format)
            report = validate_graph(
                kg,
                reasoner=reasoner,
                lang=lang,
                shapes=graph,
                engine=engine,
                reasoner_mode=reasoner_mode,
                progress=progress,
                input_format=input_format,
                reuse_verdict=reuse_verdict,
            )
    report.lang = lang
    report.one_process, report.one_process_why = bool(why), why
    return report
