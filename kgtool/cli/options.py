"""What every command shares: common options, the back end choice, and output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.errors import EXIT_CODES

if TYPE_CHECKING:
    from kgtool.sparql.backends import Backend

EXIT_CODE_TEXT = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="show a traceback on errors")


def add_backend_options(p: argparse.ArgumentParser) -> None:
    """Where the computation runs: --endpoint, its --timeout, or --data files on the embedded store."""
    p.add_argument("--endpoint", metavar="URL",
                   help="compute on this SPARQL 1.1 endpoint instead of the embedded store")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="time limit for each request to --endpoint (default 60)")
    p.add_argument("--data", action="append", metavar="FILE",
                   help="use these RDF files (with the ontology) instead of the project's data; repeatable")


def add_query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                   help="table for people (default), csv, tsv, or json (W3C SPARQL 1.1 results JSON)")
    p.add_argument("--lang", choices=["ky", "ru", "en"], default="en",
                   help="language of labels (default en; falls back to the study's Kyrgyz)")
    add_backend_options(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    add_common(p)


def backend_for(args: argparse.Namespace) -> "Backend":
    """The remote endpoint when --endpoint is given, else the embedded store."""
    from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
    from kgtool.rdf.project import build_graph

    if getattr(args, "endpoint", None):
        return RemoteBackend(args.endpoint, timeout=args.timeout)
    return EmbeddedBackend(build_graph(getattr(args, "data", None) or None))


def emit(text: str, output: str | None) -> None:
    if output:
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def lit(value: str) -> dict[str, str]:
    return {"type": "literal", "value": value}


def uri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}
