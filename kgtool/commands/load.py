"""kgtool load: push the built graph to a SPARQL store."""

from __future__ import annotations

import argparse
import sys

from kgtool.commands.options import EXIT_CODE_TEXT, add_common
from kgtool.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    from kgtool.build import build_graph
    from kgtool.load import load

    result = load(build_graph(args.files or None), args.endpoint, graph=args.graph, store=args.store,
                  update=args.update, batch_size=args.batch_size, timeout=args.timeout)
    print(f"loaded {result.statements} statements into {result.target} "
          f"({result.method}, {result.requests} request{'s' * (result.requests != 1)})", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "load", help="push the built graph to a SPARQL store",
        description="Build the graph and load it into a SPARQL store: with the Graph Store Protocol (PUT, which "
        "replaces the target graph, so a failed load can be re-run), or with SPARQL Update where the store has "
        "no GSP service. Store and update URLs are derived from --endpoint (…/query → …/store, …/update) unless given.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to load instead of the project's data")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    p.add_argument("--graph", metavar="IRI", help="load into this named graph (default: the default graph)")
    p.add_argument("--store", metavar="URL", help="Graph Store Protocol URL (default: derived from --endpoint)")
    p.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: derived from --endpoint)")
    p.add_argument("--batch-size", type=int, default=5000, metavar="N", help="statements per SPARQL Update request")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="time limit per request")
    add_common(p)
    p.set_defaults(handler=run)
