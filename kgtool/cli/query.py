"""kgtool query: run a named query from queries/, or a user's own .rq file."""

from __future__ import annotations

import argparse

from kgtool.cli.options import add_query_options, add_verb, backend_for, emit
from kgtool.errors import EXIT_OK, UsageError


def run(args: argparse.Namespace) -> int:
    from kgtool.cli.tables import render
    from kgtool.sparql.named import all_queries, named

    if args.list:
        for q in all_queries():
            params = ", ".join(f"{k}={v}" for k, v in sorted(q.parameters.items())) or "-"
            print(f"{q.role}/{q.name}\n    {q.question}\n    parameters: {params}")
        return EXIT_OK
    if not args.name:
        raise UsageError("query#no-name", "name a query, or use --list to see them")
    values: dict[str, str | None] = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError("query#bad-parameter", f"--param takes key=value, got {item!r}")
        values[key.strip()] = value
    query = named(args.name)
    if "lang" in query.parameters and "lang" not in values:
        values["lang"] = args.lang
    text = query.bind(values)
    if query.role == "user":
        _refuse_unless_read_only(text, str(query.path))
    table = backend_for(args).select(text)
    emit(render(table, args.format), args.output)
    return EXIT_OK


def _refuse_unless_read_only(text: str, path: str) -> None:
    """A user's own query runs only if it parses as one query that reads this graph: the
    embedded store would fetch any URL a SERVICE names, at any depth."""
    from kgtool.sparql.guard import FEDERATION, UPDATE, check_read_only

    refused = check_read_only(text)
    if refused is None:
        return
    if refused.kind == FEDERATION:
        raise UsageError(
            "query#no-federation",
            refused.message,
            file=path,
            hint="query the graph kgtool loads only; fetch other data into files first",
        )
    if refused.kind == UPDATE:
        raise UsageError(
            "query#read-only", refused.message, file=path, hint="write a SELECT query; kgtool query never changes data"
        )
    raise UsageError(
        "query#bad-syntax",
        refused.message,
        file=path,
        line=refused.line,
        column=refused.column,
        hint="check the query's syntax",
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "query",
        help="run a named query from queries/, or your own .rq file",
        description="Run one of kgtool's named SPARQL queries (see --list), or the path of your own .rq file, "
        "on the embedded store or --endpoint. Parameters are the query's VALUES blocks: --param name=value.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (e.g. pair-index), role/name, or a .rq path")
    p.add_argument("--list", action="store_true", help="list the named queries with their questions and parameters")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="set a parameter (repeatable)")
    add_query_options(p)
    p.set_defaults(handler=run)
