"""kgtool search: find the resources whose texts hold the words of a query, in any of the three
languages, with word forms matched (library: ``kgtool.search``)."""

from __future__ import annotations

import argparse

from kgtool.cli.options import (
    add_backend_options,
    add_common,
    add_format,
    add_output,
    add_verb,
    backend_for,
    data_read,
    emit,
    lit,
    uri,
)
from kgtool.errors import EXIT_OK, UsageError
from kgtool.vocab import LANGUAGES

TABLE_PASSAGE = (16, 56)
# what --type takes; kgtool.search.index.KINDS maps each to its classes (a test keeps the two equal)
TYPES = (
    "process",
    "provision",
    "act",
    "recommendation",
    "initiative",
    "support-need",
    "cell",
    "citation",
    "oversight",
    "figure",
    "pair",
    "actor",
    "assessment",
    "section",
)


def run(args: argparse.Namespace) -> int:
    from kgtool.cli.tables import render, terminal_width
    from kgtool.i18n.catalogue import reader_lang, t
    from kgtool.search.index import SNIPPET_BEFORE, SNIPPET_LENGTH
    from kgtool.search.texts import build_index
    from kgtool.search.words import words
    from kgtool.sparql.backends import ResultTable

    query = " ".join(args.text)
    if not words(query):
        raise UsageError(
            "search#no-words",
            t("search.no_words", reader_lang(args.lang), text=repr(query)),
            hint=t("search.no_words_hint", reader_lang(args.lang)),
        )
    if args.limit < 0:
        raise UsageError(
            "search#bad-limit",
            t("search.bad_limit", reader_lang(args.lang), limit=args.limit),
            hint=t("search.bad_limit_hint", reader_lang(args.lang)),
        )
    shown = reader_lang(args.lang)  # without --lang every language is searched; names in KGTOOL_LANG or English
    people = args.format == "table"
    # a table shows a short passage that starts near the match, so the match is in view
    passage = TABLE_PASSAGE if people else (SNIPPET_BEFORE, SNIPPET_LENGTH)
    hits, matched = build_index(backend_for(args)).search_counted(
        query, args.lang, shown, args.type or None, args.limit or None, passage
    )
    table = ResultTable(["type", "label", "field", "lang", "snippet", "iri", "score"])
    for hit in hits:
        table.rows.append(
            {
                "type": lit(t(f"search.kind.{hit.kind}", shown) if people else hit.kind),
                "label": lit(hit.label),
                "field": lit(t(f"search.field.{hit.field}", shown) if people else hit.field),
                "lang": lit(hit.lang),
                "snippet": lit(hit.marked()),
                "iri": uri(hit.iri),
                "score": lit(f"{hit.score:.4f}"),
            }
        )
    notes = None
    if people:  # "3 of 92" where --limit cut the list: "found: 3" read as if 3 matched
        notes = [
            t("search.hits_of", shown, n=len(hits), total=matched, query=query)
            if matched > len(hits)
            else t("search.hits", shown, n=len(hits), query=query)
        ]
    width = terminal_width(args.output)
    emit(render(table, args.format, notes, lang=shown, iris=getattr(args, "iris", False), width=width), args.output)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "search",
        description="Search everything a reader sees: names, justifications, verdict sentences, the quotes behind "
        "citations, recommendations, initiatives, support needs, acts and provisions, in Kyrgyz, Russian and "
        "English. Word forms match (бюджет finds бюджеттик, бюджетного; budget finds budgets, budgetary). "
        "Every word must match; hits are ranked by how rare the words are and where they occur (a name "
        "weighs more than body text). Each hit shows its type, name, the matching passage with the matched "
        "words [in brackets], and its IRI. See docs/search.md.",
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="the words to look for")
    p.add_argument(
        "--type", action="append", choices=TYPES, help="only resources of this type (repeatable; default: all)"
    )
    p.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help="search the texts in this language only, and show names in it (default: search all three, "
        "names in English)",
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="show the best N hits (default 20; 0: all)")
    add_format(p)
    add_backend_options(p)
    add_output(p)
    add_common(p)
    p.set_defaults(handler=run, reads=data_read)
