"""kgtool report: one self-contained HTML report of the study's figures and tables, rebuilt from the graph."""

from __future__ import annotations

import argparse

from kgtool.cli.options import (
    add_backend_options,
    add_common,
    add_lang,
    add_output,
    add_verb,
    backend_for,
    data_read,
    emit,
)
from kgtool.errors import EXIT_OK
from kgtool.vocab import DATA_NAMESPACE


def run(args: argparse.Namespace) -> int:
    from kgtool.reporting.build import build_report

    emit(build_report(backend_for(args), args.lang, args.base), args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "report",
        description="Write one self-contained HTML file (inline SVG and CSS, no scripts, no external requests) "
        "that rebuilds the study's figures from the graph: Figure 1 (the accountability system, laid out by "
        "Graphviz), Diagrams 1-3 and the overall level (computed values, with the study's stated value beside "
        "each), a heat map of pairs x processes x dimensions, the indices with an explanation of every "
        "disagreement, the gap lists, the legal basis of every process, and the recommendations, initiatives "
        "and support needed. Needs Graphviz's 'dot' program (Debian: apt-get install graphviz).",
    )
    add_output(p, "write the report here instead of standard output", metavar="FILE.html")
    add_lang(
        p,
        "language of the report and of the data's texts (default en; texts the graph has only in "
        "Kyrgyz stay in Kyrgyz)",
    )
    p.add_argument(
        "--base",
        metavar="IRI",
        help="link every resource to its published page under this base IRI (give "
        f"{DATA_NAMESPACE} to link the IRIs themselves); default: no links",
    )
    add_backend_options(p)
    add_common(p)
    p.set_defaults(handler=run, reads=data_read)
