"""kgtool load: stream the graph into a SPARQL store, in batches that can be resumed."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.cli.options import (
    add_common,
    add_endpoint,
    add_input_format,
    add_timeout,
    add_user,
    add_verb,
    input_format_of,
)
from kgtool.errors import EXIT_OK, EndpointError
from kgtool.i18n.catalogue import figure, progress_words, reader_lang, t, tn
from kgtool.loader import AUTO, DEFAULT_BATCH_SIZE, PREFERRED
from kgtool.progress import Progress, add_quiet_option

if TYPE_CHECKING:
    from kgtool.loader.remote_load import LoadResult


def run(args: argparse.Namespace) -> int:
    from kgtool.loader.remote_load import discard, load
    from kgtool.sparql.auth import credentials_for

    lang = reader_lang()  # kgtool load has no --lang: KGTOOL_LANG, else English
    state = Path(args.state) if args.state else None
    credentials = credentials_for(args.update or args.endpoint, args.user)
    if args.discard:
        runs = discard(args.endpoint, update=args.update, timeout=args.timeout, state=state, credentials=credentials)
        if not args.quiet:
            print(
                t("load.dropped", lang, n=len(runs))
                + "".join(
                    "\n"
                    + t("load.dropped_run", lang, run=r.run, batches=r.batches, statements=figure(r.statements, lang))
                    for r in runs
                ),
                file=sys.stderr,
            )
        return EXIT_OK
    with Progress("loading", unit="statements", quiet=args.quiet, words=progress_words(lang)) as bar:
        try:
            result = load(
                [Path(f) for f in args.files] or None,
                args.endpoint,
                graph=args.graph,
                update=args.update,
                batch_size=args.batch_size,
                timeout=args.timeout,
                input_format=input_format_of(args),
                state=state,
                resume=args.resume,
                progress=bar,
                on_note=bar.write,
                credentials=credentials,
                gsp=args.gsp,
                lang=lang,
            )
        except EndpointError as exc:
            if exc.error_id == "endpoint#partial-load":
                exc.hint = t(
                    "load.to_continue", lang, resume=command(args, "--resume"), discard=command(args, "--discard")
                )
            raise
    if not args.quiet:
        print(loaded(result, lang), file=sys.stderr)
    return EXIT_OK


def loaded(result: LoadResult, lang: str) -> str:
    """The closing line of a load: how much went where, how, and how fast, in the reader's words
    (English numbers as before, with commas; Russian and Kyrgyz numbers written their way)."""
    resumed = t("load.resumed", lang, batch=result.resumed_after) if result.resumed_after else ""
    rate = t("load.rate", lang, rate=figure(result.statements / result.seconds, lang)) if result.seconds > 0 else ""
    graphs = tn("load.into_graphs", result.graphs, lang, count=result.graphs) if result.graphs else ""
    return t(
        "load.loaded",
        lang,
        statements=figure(result.statements, lang),
        graphs=graphs,
        target=result.target,
        method=result.method,
        batches=tn("load.count_batches", result.batches, lang, count=result.batches),
        requests=tn("load.count_requests", result.requests, lang, count=result.requests),
        resumed=resumed,
        seconds=figure(result.seconds, lang, 1, grouped=False),
        rate=rate,
    )


def command(args: argparse.Namespace, action: str) -> str:
    """The exact command line that resumes (or discards) this load."""
    words = ["kgtool", "load"]
    if action == "--resume":
        words += args.files
    words += ["--endpoint", args.endpoint]
    if args.update:
        words += ["--update", args.update]
    if args.user:
        words += ["--user", args.user]
    if action == "--resume":
        if args.gsp is None:
            words += ["--sparql-update"]
        elif args.gsp != PREFERRED:
            words += ["--gsp"] if args.gsp == AUTO else ["--gsp", args.gsp]
        if args.graph:
            words += ["--graph", args.graph]
        if args.input_format:
            words += ["--input-format", args.input_format]
        words += ["--batch-size", str(args.batch_size)]
    if args.state:
        words += ["--state", args.state]
    return shlex.join([*words, action])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "load",
        description="Stream the ontology and the data (or FILEs) into a SPARQL store with the Graph Store Protocol "
        "where the store has a known service (Oxigraph, Virtuoso) and SPARQL Update elsewhere, in "
        "batches of --batch-size statements, through staging graphs that replace the target graphs in one final "
        "request: a failed load never leaves a half-loaded target graph, and says how many batches got in and how "
        "to --resume or --discard. Named graphs of TriG/N-Quads input keep their names; plain triples go to the "
        "default graph, or to --graph (required on Virtuoso). The store is recognised from its answer, and the update URL "
        "follows from it (Oxigraph …/query → …/update, Virtuoso /sparql) unless --update is given. Progress is shown "
        "on a terminal only. Details: docs/scale-out.md.",
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="RDF files to load (with the ontology) instead of the project's data"
    )
    add_endpoint(p, "the store's SPARQL query endpoint", required=True)
    p.add_argument(
        "--graph", metavar="IRI", help="load plain triples into this named graph (default: the default graph)"
    )
    p.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: derived from --endpoint)")
    method = p.add_mutually_exclusive_group()
    method.add_argument(
        "--gsp",
        nargs="?",
        const=AUTO,
        default=PREFERRED,
        metavar="URL",
        help="send the data with the Graph Store Protocol (HTTP PUT of N-Triples): to URL, or without one to the "
        "store's own service (Oxigraph …/store, Virtuoso …/sparql-graph-crud), and fail if it has none. The "
        "default: the store's own service where kgtool knows one, SPARQL Update elsewhere or with --update",
    )
    method.add_argument(
        "--sparql-update",
        dest="gsp",
        action="store_const",
        const=None,
        help="send the data in SPARQL Update requests even where the store has a Graph Store Protocol service",
    )
    add_user(p)
    add_input_format(p)
    p.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"statements per request (default {DEFAULT_BATCH_SIZE})",
    )
    add_timeout(p, 120.0, "time limit per request (default 120)")
    p.add_argument(
        "--state", metavar="FILE", help="the load's journal (default: one per store under $XDG_STATE_HOME/kgtool/loads)"
    )
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--resume", action="store_true", help="continue an interrupted load after the last batch the store holds"
    )
    action.add_argument(
        "--discard", action="store_true", help="drop what an interrupted load staged in the store, and load nothing"
    )
    add_quiet_option(
        p,
        help="print no progress line and no summary, only notes and errors (progress is drawn only "
        "when standard error is a terminal anyway)",
    )
    add_common(p)
    p.set_defaults(handler=run)
