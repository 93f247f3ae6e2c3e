"""kgtool cite: how to cite a resource of the graph — text, BibTeX, CSL-JSON or RIS."""

from __future__ import annotations

import argparse
import re

from kgtool.citation import FORMATS
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
from kgtool.errors import EXIT_OK, UsageError

DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def run(args: argparse.Namespace) -> int:
    from kgtool.citation.formats import render
    from kgtool.citation.records import Citer
    from kgtool.citation.resolve import resolve_resource

    if args.accessed is not None:
        _check_day(args.accessed, args.lang)
    backend = backend_for(args)
    iri = resolve_resource(backend, args.resource, args.lang)
    citation = Citer(backend).cite(iri, args.lang, accessed=args.accessed)
    emit(render(citation, args.format), args.output)
    return EXIT_OK


def _check_day(text: str, lang: str) -> None:
    """A day written YYYY-MM-DD that the calendar has: 2026-02-30 went into BibTeX's urldate."""
    from datetime import date

    from kgtool.i18n.catalogue import t

    if not DATE.fullmatch(text):
        raise UsageError(
            "cite#bad-accessed", t("cite.bad_accessed", lang, text=repr(text)), hint=t("cite.bad_accessed_hint", lang)
        )
    try:
        date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            "cite#bad-accessed", t("cite.no_such_day", lang, text=text), hint=t("cite.bad_accessed_hint", lang)
        ) from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "cite",
        description="Cite a resource of the graph (a process, a pair, a provision, an act, a section, the study, "
        "the dataset): its name, the study and the section(s) that state it, for a provision or an act the edition "
        "the study read and whether the act is still in force, its stable IRI, and the dataset's "
        "version and licence. RESOURCE is a full IRI, id:PATH, kgo:NAME, an act's short id (constitution), the "
        "address of a published page, the end of an IRI's path (jk-elections, law/constitution/art/86), or part of a name in any language. "
        "'kgtool cite dataset' cites the dataset, 'kgtool cite kg/assessment/2016/source' the study.",
    )
    p.add_argument("resource", metavar="RESOURCE", help="the resource to cite: an IRI or a short form")
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        help="text for people (default), bibtex, csl-json (an array of CSL items), or ris",
    )
    add_lang(p, "language of the citation's words and names (default en; falls back to the study's Kyrgyz)")
    p.add_argument(
        "--accessed",
        metavar="YYYY-MM-DD",
        help="the day you read the resource, added as the access date (none unless given: output stays the same)",
    )
    add_backend_options(p)
    add_output(p)
    add_common(p)
    p.set_defaults(handler=run, reads=data_read)
