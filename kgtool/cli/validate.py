"""kgtool validate: SHACL shapes plus the OWL consistency check, rendered for people or CI."""

from __future__ import annotations

import argparse
import sys

from kgtool.cli.options import (
    add_common,
    add_input_format,
    add_lang,
    add_output,
    add_verb,
    emit,
    files_read,
    input_format_of,
)
from kgtool.errors import EXIT_FINDINGS, EXIT_OK
from kgtool.progress import add_quiet_option


def run(args: argparse.Namespace) -> int:
    from kgtool.errors import UsageError
    from kgtool.i18n.catalogue import progress_words, t
    from kgtool.i18n.problems import worded
    from kgtool.progress import Progress
    from kgtool.rdf.literal_forms import note_rewritten
    from kgtool.validation.parallel import MAX_JOBS
    from kgtool.validation.render import RENDERERS
    from kgtool.validation.run import validate

    if not 1 <= args.jobs <= MAX_JOBS:  # before anything is read: a typo must not start 100,000 processes
        raise worded(UsageError, "validate#bad-jobs", "validate.bad_jobs", value=args.jobs, most=MAX_JOBS)
    input_format = input_format_of(args)
    words = progress_words(args.lang)
    with Progress("validating", unit="shapes", quiet=args.quiet, words=words) as progress:
        report = validate(
            args.files or None,
            input_format,
            reasoner=not args.no_reasoner,
            lang=args.lang,
            engine=args.engine,
            jobs=args.jobs,
            reasoner_mode=args.reasoner,
            progress=progress,
            shapes=args.shapes,
            only_shapes=args.only_shapes,
            reuse_verdict=not args.no_cache,
        )
    text = RENDERERS[args.format](report)
    emit(text, args.output)
    if report.one_process:  # on standard error too: the findings are the same, only the time differs
        print(t(report.one_process_why or "validate.one_process", args.lang), file=sys.stderr)
    if report.reasoner_reused:
        # on standard error, as the note on rewritten literals: the report is the same bytes whether
        # HermiT ran now or its verdict on the same schema was given again
        print(t("validate.owl_reused", args.lang, date=report.reasoner_reused), file=sys.stderr)
    note_rewritten(args.files, input_format, args.lang)
    return EXIT_FINDINGS if report.fails(args.fail_on) else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "validate",
        description="Validate the project's data (or the given FILEs, together with the ontology) against "
        "the SHACL shapes in shapes/, and check with the OWL reasoner (HermiT) that ontology and data are "
        "consistent. Findings name the entity by its label and IRI, the problem in plain words, the fix, "
        "and the file and line where the entity is stated.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate instead of the project's data")
    p.add_argument(
        "--shapes",
        action="append",
        default=[],
        metavar="FILE",
        help="also validate with the SHACL shapes in FILE (repeatable), e.g. a country's own rules; "
        "findings, severities and exit codes as for the project's shapes (docs/validate.md)",
    )
    p.add_argument(
        "--only-shapes",
        action="store_true",
        help="validate with the --shapes files only, not with the project's shapes",
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "junit", "github"],
        default="text",
        help="text for people (default), json (documented, stable), junit (CI test reporters), "
        "github (workflow annotations)",
    )
    p.add_argument(
        "--fail-on",
        choices=["violation", "warning"],
        default="violation",
        help="lowest severity that makes the exit code 1 (default: violation)",
    )
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL consistency check (HermiT, needs Java)")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="run HermiT even when it has judged the same ontology and schema statements before (its "
        "verdicts are kept in $KGTOOL_CACHE_DIR, else $XDG_CACHE_HOME/kgtool, else ~/.cache/kgtool)",
    )
    p.add_argument(
        "--reasoner",
        choices=["tbox", "full"],
        default="tbox",
        help="tbox (default): HermiT checks the ontology, and SPARQL checks the data against its "
        "disjointness and functional-property axioms, at a cost that barely grows with the data; "
        "full: HermiT over ontology and data together (for one assessment, not a corpus)",
    )
    p.add_argument(
        "--engine",
        choices=["fast", "pyshacl"],
        default="fast",
        help="SHACL engine: fast (default; the shapes compiled to SPARQL on the embedded store) or "
        "pyshacl (the reference; same findings, much slower on large data)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="validate the files' named graphs in N worker processes (1 to 64) and merge the "
        "findings (for corpora of many assessments; default 1)",
    )
    add_lang(p, "language of entity labels in messages (default: en, falling back to ky)")
    add_input_format(p)
    add_output(p, "write the report here instead of standard output")
    add_quiet_option(p)
    add_common(p)
    p.set_defaults(handler=run, reads=files_read)
