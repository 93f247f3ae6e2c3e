"""kgtool publish: write the graph as a static linked-data site (pages, dumps, dataset description)."""

from __future__ import annotations

import argparse
import sys
import time

from kgtool.cli.options import PAGES_LANG_HELP, add_common, add_data, add_lang, add_verb
from kgtool.errors import EXIT_OK
from kgtool.errors.catalogue import line
from kgtool.i18n.catalogue import figure, t
from kgtool.site import DEFAULT_BASE, MAX_JOBS


def run(args: argparse.Namespace) -> int:
    from kgtool.outputs import output_path
    from kgtool.rdf.literal_forms import note_rewritten
    from kgtool.rdf.project import build_graph
    from kgtool.site.conneg import MAX_SEGMENT, why_no_files
    from kgtool.site.publish import check_jobs, publish

    started = time.monotonic()
    outdir = output_path(args.outdir)
    jobs = check_jobs(args.jobs)  # before the data is read: a wrong number is known at once
    kg = build_graph(args.data or None)
    note_rewritten(
        args.data, lang=args.lang, refuse=True
    )  # before anything is written: an ill-typed literal is refused
    result = publish(
        kg,
        outdir,
        base=args.base,
        lang=args.lang,
        sparql_url=args.sparql_url,
        siblings=args.sibling_languages or [],
        jobs=jobs,
    )
    seconds = figure(time.monotonic() - started, args.lang, 1, grouped=False)
    print(
        t(
            "status.published",
            args.lang,
            resources=figure(result.resources, args.lang, grouped=False),
            files=figure(result.files, args.lang, grouped=False),
            bytes=figure(result.bytes, args.lang, grouped=False),
            outdir=result.outdir,
            seconds=seconds,
        ),
        file=sys.stderr,
    )
    if args.sibling_languages:  # the rules for the publication, which the site's own rules are not
        conf = result.outdir / "conf"
        print(t("status.publication_rules", args.lang, folder=result.outdir.parent, conf=conf), file=sys.stderr)
    for iri in result.skipped:
        if why_no_files(iri) == "too-long":
            words = t("publish.long_iri", args.lang, iri=iri, limit=MAX_SEGMENT)
        else:
            words = t("publish.unsafe_iri", args.lang, iri=iri)
        print(line("publish#unsafe-iri", words), file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "publish",
        description="Write a complete static site into OUTDIR: dumps of the graph and of the ontology (Turtle, "
        "N-Triples, JSON-LD, RDF/XML), the ontology's documentation, an HTML page and four RDF documents per "
        "resource, an index with the headline indices, a page per legal act, a VoID/DCAT description, the "
        "indices as a W3C Data Cube, and Apache (.htaccess) and nginx rules that make every IRI resolve. "
        "The same graph gives a byte-identical site. OUTDIR is replaced whole; it must be new, empty, "
        "or a site kgtool published before.",
    )
    p.add_argument("outdir", metavar="OUTDIR", help="folder to write the site into")
    p.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"public address at which the site will be served (default {DEFAULT_BASE}); "
        "used in the dataset description and the server rules, never in the data",
    )
    add_lang(p, PAGES_LANG_HELP)
    p.add_argument(
        "--sibling-languages",
        type=lambda text: [code.strip() for code in text.split(",") if code.strip()],
        metavar="LANGS",
        help="the languages whose sites are published beside this one (e.g. ky,en): each page gets a switch "
        "to the same page in them; publish each language into a folder named by its code, e.g. site/ru; conf/ "
        "then also holds the nginx and Apache rules for the whole publication (conf/publication-*)",
    )
    p.add_argument(
        "--sparql-url",
        metavar="URL",
        help="public URL of a SPARQL endpoint serving the graph, to link and to list in the dataset description",
    )
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=f"write the resources' documents and pages in N processes, each a share of them (default 1, at "
        f"most {MAX_JOBS}): faster on as many cores, with more memory (at 2, about 1.7 times as much); the "
        "site is the same",
    )
    add_data(p, "publish")
    add_common(p)
    p.set_defaults(handler=run)
