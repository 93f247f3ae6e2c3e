"""The `kgtool` command line: parse arguments, call the library, print, exit.

Nothing here computes anything: each command is a few lines that call a library
function and render its result. Errors from the library (``KgtoolError``) become
one readable line and a documented exit code; a traceback appears only with -v.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool import __version__
from kgtool.errors import EXIT_CODES, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, KgtoolError, UsageError

if TYPE_CHECKING:
    from kgtool.backends import Backend

Handler = Callable[[argparse.Namespace], int]

EXIT_CODE_TEXT = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="show a traceback on errors")


def _build(args: argparse.Namespace) -> int:
    from kgtool.build import build_graph, serialize

    kg = build_graph(args.files or None, args.input_format)
    data = serialize(kg, args.format)
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"wrote {len(kg)} statements to {out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kgtool.validate import validate
    from kgtool.validation_report import RENDERERS

    report = validate(args.files or None, args.input_format, reasoner=not args.no_reasoner, lang=args.lang)
    text = RENDERERS[args.format](report)
    _emit(text, args.output)
    return EXIT_FINDINGS if report.fails(args.fail_on) else EXIT_OK


def _emit(text: str, output: str | None) -> None:
    if output:
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _backend(args: argparse.Namespace) -> "Backend":
    from kgtool.backends import EmbeddedBackend, RemoteBackend
    from kgtool.build import build_graph

    if getattr(args, "endpoint", None):
        return RemoteBackend(args.endpoint, timeout=args.timeout)
    return EmbeddedBackend(build_graph(getattr(args, "data", None) or None))


def _indices(args: argparse.Namespace) -> int:
    from kgtool.backends import ResultTable
    from kgtool.indices import IndexCalculator, explain, four_places
    from kgtool.tables import render

    rows = IndexCalculator(_backend(args), args.lang).rows()
    table = ResultTable(["figure", "subject", "label", "computed", "stated", "agrees"])
    decimal = "http://www.w3.org/2001/XMLSchema#decimal"
    for r in rows:
        row = {"figure": {"type": "literal", "value": r.figure}, "subject": {"type": "uri", "value": r.subject},
               "label": {"type": "literal", "value": r.label},
               "computed": {"type": "literal", "value": str(four_places(r.computed)), "datatype": decimal}}
        if r.stated is not None:
            row["stated"] = {"type": "literal", "value": str(four_places(r.stated)), "datatype": decimal}
            row["agrees"] = {"type": "literal", "value": "true" if r.agrees else "false",
                             "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}
        table.rows.append(row)
    notes = []
    if args.format == "table":
        disagreements = [explain(r) for r in rows if r.stated is not None and not r.agrees]
        notes = [f"{len(disagreements)} stated figure(s) disagree with the computed ones:"] + [f"- {d}" for d in disagreements]
    _emit(render(table, args.format, notes), args.output)
    return EXIT_OK


def _gaps(args: argparse.Namespace) -> int:
    from kgtool.backends import ResultTable
    from kgtool.gaps import gaps
    from kgtool.names import KGO, resolve, resolve_dimension
    from kgtool.tables import render

    backend = _backend(args)
    dimension = resolve_dimension(backend, args.dimension) if args.dimension else None
    pair = resolve(backend, args.pair, KGO + "PrincipalAgentPair", "pair") if args.pair else None
    principal = resolve(backend, args.principal, KGO + "Actor", "actor") if args.principal else None
    found = gaps(backend, args.kind or None, dimension, pair, principal, args.lang)
    table = ResultTable(["gap", "process", "label", "pair", "principal", "detail", "section"])
    for g in found:
        table.rows.append({"gap": _lit(g.gap), "process": _uri(g.process), "label": _lit(g.label),
                           "pair": _uri(g.pair), "principal": _uri(g.principal), "detail": _lit(g.detail),
                           "section": _lit(g.section)})
    _emit(render(table, args.format, [f"{len(found)} gap(s)"] if args.format == "table" else None), args.output)
    return EXIT_OK


def _basis(args: argparse.Namespace) -> int:
    from kgtool.backends import ResultTable
    from kgtool.basis import article_uses, process_basis
    from kgtool.names import KGO, resolve, resolve_act
    from kgtool.tables import render

    backend = _backend(args)
    if args.process:
        process = resolve(backend, args.process, KGO + "AccountabilityProcess", "process")
        items = process_basis(backend, process, args.lang)
        table = ResultTable(["role", "norm", "label", "act", "section", "lines", "note"])
        for b in items:
            table.rows.append({"role": _lit(b.role_label), "norm": _uri(b.norm), "label": _lit(b.norm_label),
                               "act": _uri(b.act), "section": _lit(b.section), "lines": _lit(b.lines),
                               "note": _lit(b.note)})
        notes = [f"{len(items)} citation(s) for {process}"]
    else:
        act = resolve_act(backend, args.act)
        uses = article_uses(backend, act, args.article, args.lang)
        table = ResultTable(["target", "label", "kind", "role", "provision", "provisionLabel", "section", "lines"])
        for u in uses:
            table.rows.append({"target": _uri(u.target), "label": _lit(u.target_label), "kind": _lit(u.kind),
                               "role": _lit(u.role_label), "provision": _uri(u.provision),
                               "provisionLabel": _lit(u.provision_label), "section": _lit(u.section),
                               "lines": _lit(u.lines)})
        notes = [f"{len(uses)} use(s) of article {args.article} of {args.act}"]
    _emit(render(table, args.format, notes if args.format == "table" else None), args.output)
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from kgtool.queries import all_queries, named
    from kgtool.tables import render

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
    table = _backend(args).select(query.bind(values))
    _emit(render(table, args.format), args.output)
    return EXIT_OK


def _load(args: argparse.Namespace) -> int:
    from kgtool.build import build_graph
    from kgtool.load import load

    result = load(build_graph(args.files or None), args.endpoint, graph=args.graph, store=args.store,
                  update=args.update, batch_size=args.batch_size, timeout=args.timeout)
    print(f"loaded {result.statements} statements into {result.target} "
          f"({result.method}, {result.requests} request{'s' * (result.requests != 1)})", file=sys.stderr)
    return EXIT_OK


def _lit(value: str) -> dict[str, str]:
    return {"type": "literal", "value": value}


def _uri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}


def _query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                   help="table for people (default), csv, tsv, or json (W3C SPARQL 1.1 results JSON)")
    p.add_argument("--lang", choices=["ky", "ru", "en"], default="en",
                   help="language of labels (default en; falls back to the study's Kyrgyz)")
    p.add_argument("--endpoint", metavar="URL",
                   help="compute on this SPARQL 1.1 endpoint instead of the embedded store")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="time limit for each request to --endpoint (default 60)")
    p.add_argument("--data", action="append", metavar="FILE",
                   help="use these RDF files (with the ontology) instead of the project's data; repeatable")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _common(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgtool",
        description="Turn an assessment of a country's system of government accountability "
        "into a validated, queryable, publishable knowledge graph.",
        epilog=EXIT_CODE_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kgtool {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "build", help="write the merged graph (ontology + data)",
        description="Merge the ontology and the assessment data into one graph and write it "
        "(to standard output unless -o is given). With FILEs, merge those with the ontology instead "
        "of the project's own data.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to merge instead of the project's data")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--format", choices=["ttl", "nt", "jsonld", "rdfxml"], default="ttl",
                   help="output syntax (default: ttl)")
    p.add_argument("--input-format", choices=["ttl", "nt", "jsonld", "rdfxml", "trig", "nq", "n3"],
                   help="syntax of FILEs when their extension does not say")
    _common(p)
    p.set_defaults(handler=_build)

    p = sub.add_parser(
        "validate", help="check the data against the SHACL shapes and the OWL ontology",
        description="Validate the project's data (or the given FILEs, together with the ontology) against "
        "the SHACL shapes in shapes/, and check with the OWL reasoner (HermiT) that ontology and data are "
        "consistent. Findings name the entity by its label and IRI, the problem in plain words, the fix, "
        "and the file and line where the entity is stated.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="RDF files to validate instead of the project's data")
    p.add_argument("--format", choices=["text", "json", "junit", "github"], default="text",
                   help="text for people (default), json (documented, stable), junit (CI test reporters), "
                   "github (workflow annotations)")
    p.add_argument("--fail-on", choices=["violation", "warning"], default="violation",
                   help="lowest severity that makes the exit code 1 (default: violation)")
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL consistency check (HermiT, needs Java)")
    p.add_argument("--lang", choices=["ky", "ru", "en"], default="en",
                   help="language of entity labels in messages (default: en, falling back to ky)")
    p.add_argument("--input-format", choices=["ttl", "nt", "jsonld", "rdfxml", "trig", "nq", "n3"],
                   help="syntax of FILEs when their extension does not say")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of standard output")
    _common(p)
    p.set_defaults(handler=_validate)

    p = sub.add_parser(
        "indices", help="the indices computed from the cells, next to the figures the study states",
        description="Compute the accountability indices from the cells with SPARQL (per pair, per principal, "
        "per dimension, overall over all scored cells and as the mean of the pair indices) and show each "
        "figure the study states next to the computed one, with whether they agree at the precision the study "
        "uses. CSV/TSV columns: figure,subject,label,computed,stated,agrees. The table format ends with one "
        "plain-language line per disagreement, naming the aggregations tried.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _query_options(p)
    p.set_defaults(handler=_indices)

    p = sub.add_parser(
        "gaps", help="processes lacking a dimension, without legal basis, blocked, or disputed",
        description="List the accountability gaps: processes lacking a dimension (missing-dimension), with no "
        "norm that establishes or regulates them (no-legal-basis), with legal conditions on paper but rules "
        "judged absent (rules-absent-despite-law), blocked or restricted by a norm (blocked-or-restricted), "
        "and cells on which the section tables and the appendix disagree (appendix-disagreement).",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--kind", action="append", choices=["missing-dimension", "no-legal-basis",
                   "rules-absent-despite-law", "blocked-or-restricted", "appendix-disagreement"],
                   help="only these gap lists (repeatable; default: all)")
    p.add_argument("--dimension", metavar="D", help="only processes lacking this dimension: rules, demand, "
                   "motivation, enforcement, or an IRI or label")
    p.add_argument("--pair", metavar="P", help="only this pair (IRI, local name, or part of a label)")
    p.add_argument("--principal", metavar="A", help="only pairs with this principal (IRI, local name, or part of a label)")
    _query_options(p)
    p.set_defaults(handler=_gaps)

    p = sub.add_parser(
        "basis", help="what an article underpins, or the legal basis of a process",
        description="With --article N: the processes, observers and recommendations that article N of an act "
        "establishes, regulates, restricts or blocks (found also inside cited parts and ranges of articles). "
        "With --process P: the provisions and acts the study cites for P, with their roles.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--article", type=int, metavar="N", help="article number")
    what.add_argument("--process", metavar="P", help="a process: IRI, local name, or part of a label in any language")
    p.add_argument("--act", default="constitution", metavar="ACT",
                   help="short id of the act (default: constitution); 'kgtool query legal-acts' lists them")
    _query_options(p)
    p.set_defaults(handler=_basis)

    p = sub.add_parser(
        "query", help="run a named query from queries/, or your own .rq file",
        description="Run one of kgtool's named SPARQL queries (see --list), or the path of your own .rq file, "
        "on the embedded store or --endpoint. Parameters are the query's VALUES blocks: --param name=value.",
        epilog=EXIT_CODE_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (e.g. pair-index), role/name, or a .rq path")
    p.add_argument("--list", action="store_true", help="list the named queries with their questions and parameters")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="set a parameter (repeatable)")
    _query_options(p)
    p.set_defaults(handler=_query)

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
    _common(p)
    p.set_defaults(handler=_load)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one kgtool command and return its exit code (testable in-process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KgtoolError as exc:
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug in kgtool: say so plainly, keep the traceback for -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"ERROR [internal#unexpected] kgtool failed unexpectedly: {type(exc).__name__}: {exc}\n"
              "  hint: run again with -v and report the traceback", file=sys.stderr)
        return EXIT_INPUT


def entrypoint() -> None:
    sys.exit(main())
