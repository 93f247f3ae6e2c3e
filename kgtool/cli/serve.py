"""kgtool serve: resolve resource IRIs with content negotiation, and a read-only SPARQL endpoint."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.cli.options import (
    PAGES_LANG_HELP,
    add_common,
    add_data,
    add_endpoint,
    add_lang,
    add_timeout,
    add_user,
    add_verb,
)
from kgtool.errors import EXIT_OK, UsageError
from kgtool.i18n.catalogue import t
from kgtool.i18n.problems import worded

if TYPE_CHECKING:
    from kgtool.serve.server import LinkedDataServer

# --lang: the pages' language, and the error answers' for a client that asks for none of kgtool's
SERVE_LANG_HELP = PAGES_LANG_HELP + "; also of error answers to a client whose Accept-Language names none of ky, ru, en"


def run(args: argparse.Namespace) -> int:
    from kgtool.errors.catalogue import line
    from kgtool.rdf.project import build_graph
    from kgtool.serve.layout import languages_beside, publication_folder, servable
    from kgtool.serve.query_service import ProxyService, QueryService, WorkerPool
    from kgtool.serve.server import LinkedDataServer, ServeOptions
    from kgtool.site.publish import publish
    from kgtool.sparql.auth import credentials_for

    if args.site and not servable(Path(args.site)):
        raise worded(UsageError, "serve#not-a-site", "serve.not_a_site", file=args.site, site=args.site)
    beside = languages_beside(Path(args.site)) if args.site else ()
    if beside:  # one language of a publication in several: its language switch leads out of what is served
        folder = publication_folder(Path(args.site))
        words = t("serve.one_language", args.lang, site=args.site, languages=", ".join(beside))
        hint = t("serve.one_language_hint", args.lang, folder=folder)
        print(line("serve#one-language", words, hint=hint), file=sys.stderr)
    options = ServeOptions(
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_request_bytes=args.max_request_bytes,
        quiet=args.quiet,
        idle_timeout=args.idle_timeout,
        read_timeout=args.read_timeout,
        max_header_bytes=args.max_header_bytes,
        max_bytes=args.max_bytes,
        max_connections=args.max_connections,
        lang=args.lang,  # the language of error answers to a client whose Accept-Language names none of ours
    )
    files = [str(Path(f).resolve()) for f in args.data] if args.data else None
    kg = None if args.site else build_graph([Path(f) for f in files] if files else None)
    service: QueryService = (
        ProxyService(
            args.endpoint, args.timeout, max_bytes=args.max_bytes, credentials=credentials_for(args.endpoint, args.user)
        )
        if args.endpoint
        else WorkerPool(
            files,
            size=args.workers,
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            max_memory=args.max_memory * 2**20,
        )
    )
    with tempfile.TemporaryDirectory(prefix="kgtool-serve-") as scratch:
        site = Path(args.site) if args.site else Path(scratch) / "site"
        try:
            server = LinkedDataServer(site, service, options, b"")  # /sparql: the site's sparql.html
        except OSError as exc:
            service.close()
            raise worded(
                UsageError,
                "serve#cannot-listen",
                "serve.cannot_listen",
                address=f"{args.host}:{args.port}",
                reason=exc.strerror or exc,
            ) from None
        if kg is not None:
            # in one process: the query workers' starter threads run already, and a fork beside a
            # thread can copy a lock that thread holds
            publish(kg, site, base=server.url, lang=args.lang, sparql_url=server.url + "sparql", jobs=1)
        # SIGTERM (e.g. from a process manager) asks the accept loop to end, from a thread of its own
        # (an exception thrown into the main thread could land inside the standard library's locks),
        # and the process ends after a grace period whatever still runs (a suite run once saw a
        # server outlive its SIGTERM by a minute; the cause was not found)
        signal.signal(signal.SIGTERM, lambda *_: stop_on_term(server))
        print(t("status.serving", args.lang, url=server.url, sparql=server.url + "sparql"), file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    return EXIT_OK


# seconds a stopping server has, after SIGTERM, before the process ends regardless
STOP_GRACE = 10.0


def stop_on_term(server: LinkedDataServer) -> None:
    """End the accept loop from a thread of its own; end the process if that has not happened
    within ``STOP_GRACE`` seconds (its exit status then still says a clean stop: SIGTERM asked
    for one)."""
    import os

    grace = threading.Timer(STOP_GRACE, os._exit, (EXIT_OK,))
    grace.daemon = True
    grace.start()
    threading.Thread(target=server.stop_accepting, daemon=True).start()


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_verb(
        sub,
        "serve",
        description="Publish the graph into a temporary folder (or serve --site DIR published before) and serve "
        "it: GET /id/PATH answers 303 See Other to the HTML page or the Turtle, JSON-LD, N-Triples or RDF/XML "
        "document the Accept header asks for; GET /ontology answers the ontology document; /sparql is a "
        "read-only SPARQL 1.1 Protocol endpoint (GET and POST; JSON, XML, CSV, TSV) with a query page. "
        "Updates and SERVICE are refused, queries are stopped at --timeout, bodies over --max-request-bytes "
        "are refused, answers over --max-bytes are refused, clients that stay idle past --idle-timeout or take "
        "longer than --read-timeout to send a request are disconnected. Runs until Ctrl-C.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=8000, metavar="N", help="port to listen on (default 8000; 0: any free one)"
    )
    add_endpoint(p, "answer /sparql by forwarding to this SPARQL endpoint instead of the embedded store")
    add_user(p)
    p.add_argument(
        "--site",
        metavar="DIR",
        help="serve this folder written by 'kgtool publish' instead of publishing anew; or the folder holding "
        "a site per language (DIR/ky, DIR/ru, DIR/en, published with --sibling-languages), served as one "
        "publication whose language switches lead from site to site",
    )
    add_data(p, "serve")
    add_lang(p, SERVE_LANG_HELP)
    add_timeout(p, 10.0, "time limit for one query (default 10); longer queries are stopped and answered 503")
    p.add_argument(
        "--max-request-bytes",
        type=int,
        default=1_000_000,
        metavar="N",
        help="largest request body or query string accepted (default 1000000)",
    )
    p.add_argument(
        "--max-header-bytes",
        type=int,
        default=32_768,
        metavar="N",
        help="largest header block accepted (default 32768); larger is answered 431",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=64_000_000,
        metavar="N",
        help="largest query answer sent (default 64000000); a larger one is stopped and answered 400",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=5.0,
        metavar="S",
        help="seconds a connection may wait idle for its next request before it is closed (default 5)",
    )
    p.add_argument(
        "--read-timeout",
        type=float,
        default=20.0,
        metavar="S",
        help="seconds a client has to send a whole request, and to take each part of an answer (default 20)",
    )
    p.add_argument(
        "--max-connections",
        type=int,
        default=256,
        metavar="N",
        help="connections served at once (default 256); past that a new one is answered 503 and closed",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="memory one query may add to its worker, in MB (default 1024; 0: no limit); a query that "
        "needs more is stopped and answered 503",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="query worker processes, i.e. queries answered at once (default 2)",
    )
    p.add_argument("--quiet", action="store_true", help="do not log each request to standard error")
    add_common(p)
    p.set_defaults(handler=run)
