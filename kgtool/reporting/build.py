"""`kgtool report`: one self-contained HTML file that rebuilds the study's figures and
tables from the graph, for readers who would rather look at the accountability system
than read SPARQL results.

It holds Figure 1 (the system, laid out by Graphviz from the pairs, processes and
observers), Diagrams 1-3 and the overall level (bars of the computed figures, the
study's stated figure beside each), a heat map of pairs x processes x dimensions, and
the tables: indices with an explanation of every disagreement, gap lists, the legal
basis of every process, recommendations, initiatives and support needed.

This module is the entry point: :mod:`~kgtool.reporting.model` collects what the report
shows, :mod:`~kgtool.reporting.render` writes it through the templates. Texts from the
data are in the reader's language where the graph has it, else the study's Kyrgyz; the
report's own words are in :mod:`kgtool.i18n.messages`. The output is deterministic: no
timestamps, every list sorted.
"""

from __future__ import annotations

from kgtool.errors import UsageError
from kgtool.i18n.problems import worded
from kgtool.reporting.model import check_base, collect
from kgtool.reporting.render import render
from kgtool.sparql.backends import Backend
from kgtool.vocab import LANGUAGES as LANGS


def build_report(backend: Backend, lang: str = "en", base: str | None = None) -> str:
    """The whole report as one HTML document (a string), computed on ``backend``."""
    if lang not in LANGS:
        raise worded(
            UsageError,
            "report#unknown-language",
            "report.unknown_language",
            code=repr(lang),
            languages=", ".join(LANGS),
        )
    return render(collect(backend, lang, check_base(base)))
