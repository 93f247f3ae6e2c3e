"""Every error and warning ID kgtool uses, declared once: its class, exit code, meaning, default
hint and doc anchor.

Raise sites keep their own messages (they carry the values: file, line, the word that was
wrong); what an ID *means* and what to do about it lives here, so the docs cannot drift
from the code. ``KgtoolError`` refuses an ID that is not declared here, ``kgtool serve``
does the same for its error answers, and tests/test_errors.py checks that every ID in the
code is declared, every declared ID is used, and docs/errors.md is this file's output::

    python -m kgtool.errors > docs/errors.md

Pure Python, part of the foundation: it imports only ``kgtool.errors.codes`` and names the
exception classes by name, so the classes can look their IDs up here without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.errors.codes import EXIT_CODES, EXIT_INPUT, format_error

DOC = "docs/errors.md"
REGENERATE = "python -m kgtool.errors > docs/errors.md"


@dataclass(frozen=True)
class Entry:
    """One ID. ``hint`` is printed when the raise site gives none (empty where a site prints no
    hint today); ``fix`` is what docs/errors.md advises when it needs more words than the hint."""

    id: str
    meaning: str
    hint: str = ""
    fix: str = ""
    cls: str | None = None  # the exception raised; None for served answers and warnings
    exit_code: int | None = EXIT_INPUT  # None: not an exit (an HTTP answer, or a warning)
    status: tuple[int, ...] = ()  # the HTTP statuses kgtool serve answers it with
    level: str = "ERROR"

    @property
    def anchor(self) -> str:
        """The id of its section in docs/errors.md (``#`` is not allowed in a fragment)."""
        return self.id.replace("#", "-")

    @property
    def doc(self) -> str:
        return f"{DOC}#{self.anchor}"

    @property
    def area(self) -> str:
        return self.id.split("#", 1)[0]


def _raised(cls: str, error_id: str, meaning: str, hint: str = "", fix: str = "") -> Entry:
    return Entry(error_id, meaning, hint, fix, cls=cls)


def _served(error_id: str, status: tuple[int, ...], meaning: str, hint: str = "", fix: str = "") -> Entry:
    return Entry(error_id, meaning, hint, fix, exit_code=None, status=status)


AREAS = {
    "setup": "The installation",
    "load": "Reading RDF files",
    "name": "Names typed on the command line",
    "query": "Named queries and SPARQL",
    "endpoint": "Remote SPARQL endpoints and stores",
    "validate": "Validation options",
    "reason": "The OWL reasoner",
    "report": "The HTML report",
    "publish": "Publishing a site",
    "serve": "Serving a site and its SPARQL endpoint",
    "internal": "Failures of kgtool itself",
}

ENTRIES: tuple[Entry, ...] = (
    # --- setup -------------------------------------------------------------------------------
    _raised(
        "KgtoolError",
        "setup#no-assets",
        "kgtool cannot find its ontology and data (the installation is incomplete)",
        "reinstall it with 'pip install .' from the repository, "
        "or set KGTOOL_ASSETS to a folder holding ontology/ and data/",
    ),
    _raised(
        "KgtoolError",
        "setup#no-shapes",
        "the assets folder holds no SHACL shapes to validate with",
        "reinstall kgtool with 'pip install .', or set KGTOOL_ASSETS to a folder with shapes/",
    ),
    # --- load --------------------------------------------------------------------------------
    _raised("InputError", "load#missing-file", "a file named on the command line does not exist", "check the path"),
    _raised("InputError", "load#not-a-file", "a path named as an RDF file is a folder", "name the RDF files inside it"),
    _raised(
        "InputError",
        "load#unknown-format",
        "the file's extension names no RDF syntax kgtool reads",
        "name the file .ttl, .nt, .jsonld, .rdf, .trig or .nq, or pass --input-format",
    ),
    _raised(
        "InputError", "load#empty-file", "the file is empty", "an assessment file must contain at least one statement"
    ),
    _raised(
        "InputError",
        "load#truncated",
        "the RDF/XML file ends in the middle of its XML: it was cut short, "
        "and kgtool reads no part of it rather than part of it",
        "the file is incomplete; copy or download it again",
    ),
    _raised(
        "InputError",
        "load#not-a-regular-file",
        "the path names a pipe, a device or a socket, whose reading could hang or never end",
        "save the RDF to a file and name that file",
    ),
    _raised(
        "InputError",
        "load#too-large",
        "the file grew past the in-memory limit while it was being read",
        "load it again once it is complete",
    ),
    _raised(
        "InputError",
        "load#no-statements",
        "the file holds no RDF statements, only comments or prefixes",
        "an assessment file must contain at least one statement",
    ),
    _raised(
        "InputError",
        "load#bad-encoding",
        "the file is not UTF-8 text",
        "save the file as UTF-8; Kyrgyz and Russian text in another encoding "
        "(e.g. Windows-1251) must be converted first",
    ),
    _raised(
        "InputError",
        "load#bad-syntax",
        "the file is not valid in its RDF syntax; the error names the line and column where known",
        fix="fix the statement at this line; a missing '.' or ';' at the end of the previous statement is a "
        "common cause",
    ),
    _raised(
        "InputError",
        "load#blank-graph-name",
        "a named graph in a TriG or N-Quads file is named by a blank node, which a SPARQL store cannot address",
        "name the graph with an IRI",
    ),
    _raised("UsageError", "load#bad-batch-size", "--batch-size is less than 1", fix="give --batch-size 1 or more"),
    # --- name --------------------------------------------------------------------------------
    _raised(
        "UsageError",
        "name#unknown-process",
        "nothing typed for --process matches an accountability process",
        "give an IRI, a local name or part of a label; the error lists the processes",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-process",
        "what was typed for --process matches several processes",
        "give more of the label, or the local name",
    ),
    _raised(
        "UsageError",
        "name#unknown-pair",
        "nothing typed for --pair matches a principal-agent pair",
        "give an IRI, a local name or part of a label; the error lists the pairs",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-pair",
        "what was typed for --pair matches several pairs",
        "give more of the label, or the local name",
    ),
    _raised(
        "UsageError",
        "name#unknown-actor",
        "nothing typed for --principal matches an actor",
        "give an IRI, a local name or part of a label; the error lists the actors",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-actor",
        "what was typed for --principal matches several actors",
        "give more of the label, or the local name",
    ),
    _raised(
        "UsageError",
        "name#unknown-dimension",
        "nothing typed for --dimension matches an accountability dimension",
        "give an IRI, a local name or part of a label; the error lists the dimensions",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-dimension",
        "what was typed for --dimension matches several dimensions",
        "give more of the label, or the local name",
    ),
    _raised(
        "UsageError",
        "name#unknown-act",
        "no legal act has the id typed for --act",
        "use one of the act ids the error lists",
    ),
    # --- query -------------------------------------------------------------------------------
    _raised(
        "UsageError",
        "query#no-name",
        "'kgtool query' was given no query name",
        fix="name a query, or use --list to see them",
    ),
    _raised("UsageError", "query#unknown", "no named query has this name", "'kgtool query --list' shows them"),
    _raised("UsageError", "query#ambiguous", "the name matches queries in several roles", "use role/name"),
    _raised(
        "UsageError",
        "query#missing-file",
        "a query given as a file path does not exist",
        fix="check the path, or name a query from 'kgtool query --list'",
    ),
    _raised(
        "UsageError",
        "query#unknown-parameter",
        "--param names a parameter the query does not have",
        "use one of the parameters the error lists",
    ),
    _raised(
        "UsageError",
        "query#bad-parameter",
        "a --param value is malformed or of the wrong kind "
        "(not key=value, not true/false, not a whole number, not an IRI)",
        fix="write --param key=value with a value of the kind the query expects",
    ),
    _raised(
        "UsageError",
        "query#bad-syntax",
        "your own .rq file is not one valid SPARQL 1.1 query (kgtool reads it before it runs it)",
        fix="fix the query's syntax at the line and column the error names",
    ),
    _raised(
        "UsageError",
        "query#no-federation",
        "your own .rq file uses SERVICE, which would make kgtool fetch data from another server",
        "query the graph kgtool loads only; fetch other data into files first",
    ),
    _raised(
        "UsageError",
        "query#read-only",
        "your own .rq file is an update or a LOAD; kgtool query only reads",
        "write a SELECT query; kgtool query never changes data",
    ),
    _raised(
        "EndpointError",
        "query#bad-sparql",
        "the query is not valid SPARQL 1.1",
        fix="fix the query's syntax; the message says where the parser stopped",
    ),
    _raised(
        "EndpointError",
        "query#not-select",
        "a query that gives no table (CONSTRUCT, ASK…) was run where a table is needed",
        "use a SELECT query, or 'kgtool build' to get the graph",
    ),
    # --- endpoint ----------------------------------------------------------------------------
    _raised(
        "EndpointError",
        "endpoint#unreachable",
        "the endpoint could not be reached, or the connection broke",
        "is the server running, and is the URL right?",
    ),
    _raised(
        "EndpointError",
        "endpoint#timeout",
        "the endpoint gave no answer within --timeout",
        "the endpoint may be overloaded; try again or raise --timeout",
    ),
    _raised(
        "EndpointError",
        "endpoint#http-error",
        "the endpoint answered with an HTTP error status, or refused the request",
        "check the endpoint URL (it is usually the URL ending in /query or /sparql)",
    ),
    _raised(
        "EndpointError",
        "endpoint#bad-results",
        "the endpoint's answer is not SPARQL 1.1 JSON results",
        "is this URL a SPARQL endpoint?",
    ),
    _raised(
        "EndpointError",
        "endpoint#load-failed",
        "'kgtool load' stopped before any statement reached the store; the store is unchanged",
        fix="fix the cause the message names and run the load again",
    ),
    _raised(
        "EndpointError",
        "endpoint#partial-load",
        "'kgtool load' stopped after some batches reached staging graphs; the target graphs are unchanged",
        "run the same command with --resume to continue, or with --discard to drop the staged statements",
    ),
    _raised(
        "EndpointError",
        "endpoint#nothing-to-resume",
        "--resume was given, but no interrupted load into this store is recorded",
        "run the load without --resume to load from the start",
    ),
    _raised(
        "EndpointError",
        "endpoint#resume-mismatch",
        "--resume was given with other files or options than the interrupted load's",
        "give the same files and options, or run without --resume to load from the start "
        "(the staged batches are dropped first)",
    ),
    # --- validate ----------------------------------------------------------------------------
    _raised(
        "UsageError",
        "validate#unknown-reasoner",
        "--reasoner names no reasoner mode",
        "use --reasoner tbox (the default), full, or none",
    ),
    _raised(
        "UsageError",
        "validate#unknown-engine",
        "--engine names no SHACL engine",
        "use --engine fast or --engine pyshacl",
    ),
    _raised(
        "UsageError",
        "validate#only-shapes-without-shapes",
        "--only-shapes asks to validate with the user's shapes alone, but no --shapes FILE names any",
        "name your shapes with --shapes FILE, or drop --only-shapes",
    ),
    _raised(
        "KgtoolError",
        "validate#shapes-rejected",
        "pySHACL refused the shapes graph (a malformed shape, path or SPARQL constraint); its own message follows",
        "correct the shape pySHACL names (see https://www.w3.org/TR/shacl/), or validate without the "
        "--shapes file that holds it",
    ),
    _raised(
        "UsageError",
        "validate#full-reasoner-parallel",
        "--reasoner full cannot run with --jobs above 1",
        "use --jobs 1 with --reasoner full, or the default --reasoner tbox",
    ),
    # --- reason ------------------------------------------------------------------------------
    _raised(
        "KgtoolError", "reason#unknown-mode", "the reasoner was asked for a mode it does not have", "use tbox or full"
    ),
    _raised(
        "ReasonerError",
        "reason#no-java",
        "the OWL reasoner (HermiT) needs Java, and none is installed",
        "install a Java runtime (e.g. 'apt-get install default-jre-headless'), "
        "or skip the OWL check with --no-reasoner",
    ),
    _raised(
        "ReasonerError", "reason#hermit-failed", "HermiT stopped with an error", "run with -v for the full Java message"
    ),
    # --- report ------------------------------------------------------------------------------
    _raised(
        "UsageError",
        "report#unknown-language",
        "--lang names no report language",
        "use one of the languages the error lists",
    ),
    _raised(
        "UsageError",
        "report#bad-base",
        "--base is not an absolute IRI",
        "for the published site give the data's base IRI",
    ),
    _raised(
        "KgtoolError",
        "report#no-graphviz",
        "Graphviz's 'dot' program, which draws Figure 1, is not on the PATH",
        "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), "
        "or see https://graphviz.org/download/",
    ),
    _raised(
        "KgtoolError",
        "report#graphviz-failed",
        "Graphviz failed or timed out laying out Figure 1",
        "check that 'dot -V' works; reinstall with apt-get install graphviz",
    ),
    # --- publish -----------------------------------------------------------------------------
    _raised(
        "UsageError",
        "publish#bad-base",
        "--base is not an absolute http(s) URL",
        "give the address at which the site will be served, e.g. https://example.org/kgtool/",
    ),
    _raised(
        "UsageError",
        "publish#bad-sparql-url",
        "--sparql-url is not an absolute http(s) URL",
        "give the public URL of the SPARQL endpoint, e.g. https://example.org/kgtool/sparql",
    ),
    _raised(
        "UsageError",
        "publish#outdir-is-file",
        "OUTDIR is a file, not a folder",
        "name a new or empty folder for the site",
    ),
    _raised(
        "UsageError",
        "publish#outdir-not-empty",
        "OUTDIR holds files that 'kgtool publish' did not write, and publish replaces OUTDIR whole",
        "name a new or empty folder, or one an earlier 'kgtool publish' wrote",
    ),
    Entry(
        "publish#unsafe-iri",
        "a resource's IRI has characters that cannot be file names, so it gets no pages or "
        "documents (the command still succeeds)",
        fix="give the resource an IRI of letters, digits, '-', '_' and '/'",
        exit_code=None,
        level="WARNING",
    ),
    # --- serve: the command ------------------------------------------------------------------
    _raised(
        "UsageError",
        "serve#not-a-site",
        "--site names a folder that 'kgtool publish' did not write",
        "publish one first: kgtool publish DIR",
    ),
    _raised(
        "UsageError",
        "serve#cannot-listen",
        "the server cannot listen on --host and --port (in use, or not allowed)",
        "choose another --port, or stop the program using this one",
    ),
    # --- serve: answers to HTTP clients --------------------------------------------------------
    _served(
        "serve#method-not-allowed",
        (405,),
        "the method is not allowed: the server is read-only, and only /sparql accepts POST",
        fix="use GET (or POST to /sparql)",
    ),
    _served(
        "serve#unknown-resource",
        (404,),
        "no resource with this IRI is in the graph",
        "the index page lists the pairs, processes and legal acts",
    ),
    _served("serve#not-found", (404,), "no page or file at this path", fix="start from the index page: /"),
    _served(
        "serve#not-acceptable",
        (406,),
        "none of the media types in the Accept header can be given",
        "accept one of the media types the answer lists",
    ),
    _served(
        "serve#too-long", (414,), "the GET request is longer than --max-request-bytes", "send long queries with POST"
    ),
    _served("serve#too-large", (413,), "the POST body is larger than --max-request-bytes", "send a shorter query"),
    _served(
        "serve#length-required",
        (411,),
        "a POST came without a Content-Length header",
        fix="send a Content-Length header (HTTP clients do so by themselves)",
    ),
    _served(
        "serve#bad-length", (400,), "the Content-Length header is not a number", fix="send the body's length in bytes"
    ),
    _served(
        "serve#unsupported-media-type",
        (415,),
        "the POST body's Content-Type is not one the SPARQL protocol defines for queries",
        "send application/x-www-form-urlencoded (query=…) or application/sparql-query",
    ),
    _served(
        "serve#no-query",
        (400,),
        "a SPARQL protocol request came without a 'query' parameter",
        fix="GET /sparql?query=… or POST the query; open /sparql in a browser for the query page",
    ),
    _served(
        "serve#bad-request",
        (400,),
        "the request has more than one 'query' parameter",
        fix="give exactly one 'query' parameter",
    ),
    _served(
        "serve#no-dataset-parameters",
        (400,),
        "the request has default-graph-uri or named-graph-uri, which this endpoint does not support",
        fix="leave them out: queries run over the one graph",
    ),
    _served(
        "serve#read-only",
        (403,),
        "the request is a SPARQL Update, and the endpoint is read-only",
        "send a SELECT, ASK, CONSTRUCT or DESCRIBE query",
    ),
    _served(
        "serve#no-federation",
        (403,),
        "the query uses SERVICE (a federated query), which is refused",
        "query this endpoint's own graph only",
    ),
    _served(
        "serve#bad-query",
        (400,),
        "the query is not valid SPARQL 1.1",
        "check the query's syntax; the example queries on this page are valid",
    ),
    _served(
        "serve#query-failed",
        (400,),
        "the query is valid but could not be evaluated or its result written",
        fix="check the query's functions and the result format asked for",
    ),
    _served("serve#busy", (503,), "every query worker stayed busy past the time limit", "try again shortly"),
    _served(
        "serve#time-limit",
        (503, 504),
        "the query ran past the time limit (--timeout) and was stopped, or the "
        "forwarded-to endpoint gave no answer within it",
        "narrow the query (add LIMIT, or more specific patterns)",
    ),
    _served(
        "serve#worker-failed",
        (500,),
        "the query worker process stopped unexpectedly",
        "try again; if it happens again, report the query",
    ),
    _served(
        "serve#endpoint-failed",
        (502,),
        "the endpoint given with --endpoint answered with an HTTP error; "
        "its body is not passed on, since it is whatever the other server chose to say",
        "the endpoint's own log says why",
    ),
    _served(
        "serve#endpoint-unreachable",
        (502,),
        "the endpoint given with --endpoint cannot be reached",
        "is the endpoint running?",
    ),
    # --- internal ----------------------------------------------------------------------------
    Entry(
        "internal#unexpected",
        "kgtool itself failed: a bug, not a problem with the input",
        "run again with -v and report the traceback",
    ),
)

CATALOGUE: dict[str, Entry] = {entry.id: entry for entry in ENTRIES}


class UndeclaredError(LookupError):
    """An error ID used in the code but not declared in the catalogue: a bug in kgtool."""


def declared(error_id: str) -> Entry:
    """The catalogue entry of an ID; fails loudly for an ID nobody declared."""
    try:
        return CATALOGUE[error_id]
    except KeyError:
        raise UndeclaredError(f"error ID {error_id!r} is not declared in kgtool/errors/catalogue.py") from None


def line(error_id: str, message: str, where: str = "", hint: str = "") -> str:
    """The printed line for a declared ID that is not raised (served answers, warnings, internal
    failures): its level from the catalogue, its default hint when none is given."""
    entry = declared(error_id)
    return format_error(error_id, message, where, hint or entry.hint, entry.level)


def _cell(entry: Entry) -> str:
    if entry.status:
        return "`kgtool serve` answers HTTP " + " or ".join(str(s) for s in entry.status)
    if entry.level == "WARNING":
        return "a warning; the command goes on"
    kind = f"raised as `{entry.cls}`, " if entry.cls else ""
    return f"{kind}exit code {entry.exit_code}"


def markdown() -> str:
    """docs/errors.md: every ID with its anchor, cause and fix, grouped by area."""
    out = [
        "# Errors and warnings",
        "",
        f"<!-- Generated from kgtool/errors/catalogue.py by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "Every problem kgtool reports is one line with a stable ID that scripts can match, the file and",
        "line where known, and a hint on the next line:",
        "",
        "```",
        format_error(
            "load#bad-syntax", "this is not valid Turtle: …", "data/pair.ttl:42:3", CATALOGUE["load#bad-syntax"].fix
        ),
        "```",
        "",
        "`kgtool serve` answers its HTTP errors with the same line as a plain-text body. Add `-v` to a",
        "command for a traceback.",
        "",
        "## Exit codes",
        "",
        "| code | meaning |",
        "|---|---|",
        *(f"| {code} | {meaning} |" for code, meaning in sorted(EXIT_CODES.items())),
        "",
    ]
    for area, title in AREAS.items():
        entries = [e for e in ENTRIES if e.area == area]
        out += [f"## {title}", "", *(f"- [`{e.id}`](#{e.anchor})" for e in entries), ""]
        for e in entries:
            out += [
                f'<a id="{e.anchor}"></a>',
                f"### `{e.id}`",
                "",
                f"{e.level.capitalize()}; {_cell(e)}.",
                "",
                f"**Cause:** {e.meaning}.",
                "",
                f"**Fix:** {e.fix or e.hint}" + ("" if (e.fix or e.hint).endswith(("?", ".", "/")) else "."),
                "",
            ]
    return "\n".join(out).rstrip("\n") + "\n"
