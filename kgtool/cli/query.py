"""kgtool query: run a named query from queries/, or a user's own .rq file."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from kgtool.cli.options import add_query_options, add_verb, backend_for, data_read, emit_table
from kgtool.errors import EXIT_OK, UsageError
from kgtool.i18n.problems import worded

if TYPE_CHECKING:
    from kgtool.sparql.backends import Backend

# what sparql_term reads as an IRI (a scheme, then no spaces): left as the user gave it
IRI = re.compile(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*", flags=re.I)


def run(args: argparse.Namespace) -> int:
    from kgtool.i18n.catalogue import t
    from kgtool.sparql.named import all_queries, named

    if args.list:
        width = list_width()
        for q in all_queries():
            params = ", ".join(f"{k}={v}" for k, v in sorted(q.parameters.items())) or "-"
            # the question in the reader's language, from the .rq file's header (Question@ru: …)
            question = wrapped(q.question_in(args.lang), width)
            listed = t("query.list_parameters", args.lang, parameters=params)
            print(f"{q.role}/{q.name}\n{question}\n    {listed}")
        return EXIT_OK
    if not args.name:
        raise UsageError("query#no-name", t("query.no_name", args.lang))
    values: dict[str, str | None] = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError("query#bad-parameter", t("query.param_form", args.lang, value=repr(item)))
        values[key.strip()] = value
    query = named(args.name, args.lang)
    if "lang" in query.parameters and "lang" not in values:
        values["lang"] = args.lang
    backend = backend_for(args)
    # only the query's own parameters are looked up: another is refused as the query's, not as a name
    taken = {k: v for k, v in values.items() if k in query.parameters}
    text = query.bind({**values, **resolve_short_names(backend, taken, args.lang)}, args.lang)
    if query.role == "user":
        _refuse_unless_read_only(text, str(query.path))
    from kgtool.sparql.backends import EmbeddedBackend

    if query.role == "user" and isinstance(backend, EmbeddedBackend):
        # a user's own query may meet a fault of the embedded store that aborts the process
        from kgtool.sparql.isolated import run_isolated

        run_isolated(lambda: emit_table(args, backend.select(text)), str(query.path))
        return EXIT_OK
    table = backend.select(text)
    emit_table(args, table)
    return EXIT_OK


def list_width() -> int:
    """The width ``--list`` wraps questions to: the terminal's (``COLUMNS`` where set), 80 when the
    output is not a terminal, so that a pipe gets the same lines wherever it runs; at least 40."""
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def wrapped(text: str, width: int, indent: str = "    ") -> str:
    """``text`` on as many indented lines as it takes, each broken between words (a long IRI or
    path is kept whole on a line of its own), never cut."""
    import textwrap

    return textwrap.fill(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def resolve_short_names(backend: Backend, values: dict[str, str | None], lang: str = "en") -> dict[str, str | None]:
    """The parameters with an entity's short name turned into its IRI, as `basis` and `gaps` take
    them: ``--param process=public-monitoring`` (a local name or part of a label in any language),
    ``--param act=constitution`` (an act's short id), ``--param dimension=rules``. A value that is
    already an IRI, and every other parameter, is left as given."""
    from kgtool.assessment.resolve import ENTITY_PARAMETERS, resolve, resolve_act, resolve_dimension

    out = dict(values)
    for key, value in values.items():
        if value is not None and value.startswith("<") and value.endswith(">"):
            value = out[key] = value[1:-1]  # an IRI as SPARQL writes it (and --list shows defaults)
        if value is None or key not in ENTITY_PARAMETERS or IRI.fullmatch(value):
            continue
        if key == "act":
            out[key] = resolve_act(backend, value, lang)
        elif key == "dimension":
            out[key] = resolve_dimension(backend, value, lang)
        else:
            class_iri, what = ENTITY_PARAMETERS[key]
            out[key] = resolve(backend, value, class_iri, what, lang)
    return out


def _refuse_unless_read_only(text: str, path: str) -> None:
    """A user's own query runs only if it parses as one query that reads this graph: the
    embedded store would fetch any URL a SERVICE names, at any depth."""
    from kgtool.sparql.guard import COMPLEX, EMPTY, FEDERATION, UPDATE, check_read_only

    refused = check_read_only(text)
    if refused is None:
        return
    ids = {
        FEDERATION: "query#no-federation",
        UPDATE: "query#read-only",
        EMPTY: "query#empty",
        COMPLEX: "query#too-complex",
    }
    hints = {
        FEDERATION: "query.no_federation_hint",
        UPDATE: "query.read_only_hint",
        EMPTY: "query.no_query_hint",
        COMPLEX: "query.too_complex_hint",
    }
    raise worded(
        UsageError,
        ids.get(refused.kind, "query#bad-syntax"),
        refused.key,
        hint_key=hints.get(refused.kind, "query.bad_syntax_hint"),
        file=path,
        line=refused.line,
        column=refused.column,
        **refused.values,
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "query",
        description="Run one of kgtool's named SPARQL queries (see --list), or the path of your own .rq file, "
        "on the embedded store or --endpoint. Parameters are the query's VALUES blocks: --param name=value. "
        "The entity parameters take the same short names as basis and gaps: process, pair and principal an "
        "IRI, a local name or part of a label (--param process=public-monitoring), act an act's short id "
        "(--param act=constitution), dimension rules, demand, motivation or enforcement.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (e.g. pair-index), role/name, or a .rq path")
    p.add_argument("--list", action="store_true", help="list the named queries with their questions and parameters")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="set a parameter (repeatable)")
    add_query_options(p)
    p.set_defaults(handler=run, reads=data_read)
