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
    "cli": "The command line",
    "load": "Reading RDF files",
    "name": "Names typed on the command line",
    "cite": "Citing a resource (kgtool cite)",
    "query": "Named queries and SPARQL",
    "search": "Searching the texts (kgtool search)",
    "diff": "Comparing two assessments (kgtool diff)",
    "endpoint": "Remote SPARQL endpoints and stores",
    "validate": "Validation options",
    "reason": "The OWL reasoner",
    "write": "Writing RDF files",
    "report": "The HTML report",
    "publish": "Publishing a site",
    "serve": "Serving a site and its SPARQL endpoint",
    "workbook": "Spreadsheets: kgtool template, export and import",
    "output": "Writing the files and folders you name (-o, OUTDIR)",
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
    # --- the command line itself ----------------------------------------------------------------
    _raised(
        "UsageError",
        "cli#bad-arguments",
        "the command line does not fit the command: an unknown command or option, a required "
        "argument left out, an extra one, or a value the option does not take (the usage line "
        "printed above the error shows what the command takes)",
        "see the command's options: kgtool COMMAND --help",
    ),
    _raised(
        "UsageError",
        "cli#input-format-without-files",
        "--input-format names the syntax of the FILEs given, and none was given: the project's own "
        "files are read by their extensions",
        "give the FILEs written in that syntax, or leave --input-format out",
    ),
    # --- load --------------------------------------------------------------------------------
    _raised("InputError", "load#missing-file", "a file named on the command line does not exist", "check the path"),
    _raised(
        "InputError",
        "load#not-a-file",
        "a path named as an RDF file is a folder the library was given as one file, or a folder a "
        "command was given that holds no RDF file (none of its files ends in .ttl, .nt, .jsonld, .rdf, "
        ".owl, .trig, .nq or .n3)",
        "name the RDF files, or the folder that holds them",
    ),
    _raised(
        "InputError",
        "load#unknown-format",
        "the file's extension names no RDF syntax kgtool reads",
        "name the file .ttl, .nt, .jsonld, .rdf, .trig or .nq, or, where the command takes it, pass --input-format",
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
    _raised(
        "InputError",
        "load#permission-denied",
        "the operating system will not let this user read the file, or enter a folder on its path",
        "check the file's permissions and those of its folders, or run as a user who may read it",
    ),
    _raised(
        "InputError",
        "load#unreadable",
        "reading the file failed in the operating system (an I/O error, a vanished disk)",
        "check the disk and the path; copy the file somewhere readable and try again",
    ),
    _raised(
        "InputError",
        "load#literal-too-large",
        "a literal (or, in a line-based syntax, a line) is longer than 16 MiB, the most kgtool reads",
        "keep long texts out of the graph (link to a document instead), or split them",
    ),
    _raised(
        "InputError",
        "load#too-deep",
        "a JSON-LD document is nested more than 512 levels deep; its parser would overflow its stack",
        "a JSON-LD document nests a few levels; this one is broken or hostile",
    ),
    _raised(
        "InputError",
        "load#xml-entities",
        "an RDF/XML file declares entities that could expand without bound (nested, external, parameter "
        "or over 4096 characters), or expand to far more than the file holds; refused before parsing",
        "replace the entity references by the text they stand for, or use plain namespace prefixes",
    ),
    _raised(
        "InputError",
        "load#triple-term",
        "the file uses an RDF 1.2 triple term ('<< … >>'), which the assessment's model, OWL and SHACL do not take",
        "state the claim with its own resource and properties instead",
    ),
    _raised(
        "InputError",
        "load#out-of-memory",
        "the machine ran out of memory while reading the file",
        "free memory, or load the data into a SPARQL store with 'kgtool load'",
    ),
    _raised("UsageError", "load#bad-batch-size", "--batch-size is less than 1", fix="give --batch-size 1 or more"),
    _raised(
        "InputError",
        "load#ill-typed-literal",
        'kgtool load: a literal is not a value of its datatype (e.g. "abc"^^xsd:integer, "-1"^^xsd:nonNegativeInteger, '
        '" 12 "^^xsd:integer, "2020-13-45"^^xsd:date, "P1DT"^^xsd:duration); SPARQL stores change such literals in different ways (an Oxigraph server gives '
        '"-1"^^xsd:nonNegativeInteger the datatype xsd:integer, Virtuoso stores "abc"^^xsd:integer as 0 or refuses '
        "the request), so the load is refused before anything is sent",
        "correct the value, or give it the datatype it fits",
    ),
    # --- write -------------------------------------------------------------------------------
    _raised(
        "InputError",
        "write#base-direction",
        'a literal has an RDF 1.2 base direction (e.g. "…"@ar--rtl), which kgtool\'s output syntaxes and '
        "the common RDF 1.1 readers (rdflib, rapper) cannot carry; kgtool refuses rather than drop it",
        "write the literal with a language tag only (e.g. @ar); the direction follows from the script",
    ),
    _raised(
        "InputError",
        "write#ill-typed-retyped",
        'a literal is not a value of its datatype (e.g. "-1"^^xsd:nonNegativeInteger, "300"^^xsd:byte, a '
        "dateTimeStamp without a time zone), and the store would write it as a valid literal of a wider datatype "
        "(xsd:integer, xsd:dateTime); kgtool refuses rather than change what the data says",
        "correct the value, or give it the datatype it fits",
    ),
    _raised(
        "InputError",
        "write#ill-typed-literal",
        "kgtool build or publish: a literal is not a value of its datatype by XML Schema 1.1's lexical rules (e.g. "
        '"abc"^^xsd:integer, " 12 "^^xsd:integer, "P1DT"^^xsd:duration, "2021-02-29"^^xsd:date); kgtool load refuses '
        "it, because SPARQL stores change such literals in different ways, and the writers refuse it too rather than "
        "write a graph a store would change",
        "write the spelling the hint gives (the same value), correct the value, or give it the datatype it fits",
    ),
    _raised(
        "InputError",
        "write#not-xml-text",
        "a literal holds a character XML 1.0 cannot carry (a control character other than tab, line feed and "
        "carriage return, or U+FFFE/U+FFFF), so it cannot be written as RDF/XML without changing it",
        "write this graph as Turtle, N-Triples or JSON-LD, or remove the character from the literal",
    ),
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
        "nothing typed for --principal (or basis --agent) matches an actor",
        "give an IRI, a local name or part of a label; the error lists the actors",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-actor",
        "what was typed for --principal (or basis --agent) matches several actors",
        "give more of the label, or the local name",
    ),
    _raised(
        "UsageError",
        "query#agent-needs-observers",
        "kgtool basis was given --agent without --observers: --agent narrows the observers' mandates to the "
        "processes whose pair holds that actor to account, and means nothing for --article or --process",
        "use it as: kgtool basis --observers --agent executive-and-lsg-bodies",
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
        "nothing typed for --act matches a legal act (its short id, IRI or part of its name in any language)",
        "use one of the act ids the error lists",
    ),
    _raised(
        "UsageError",
        "name#bad-date",
        "what was typed for --at is not a day (YYYY-MM-DD) or a year (YYYY), or is no such day",
        "give a day as YYYY-MM-DD (e.g. 2022-01-01) or a year as YYYY",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-act",
        "what was typed for --act is part of the names of several legal acts",
        "give more of the name, or one of the short ids the error lists",
    ),
    _raised(
        "UsageError",
        "name#unknown-provision",
        "the act named by --act has no provision with the number typed for --provision (and it is not an article number)",
        "use one of the provision numbers the error lists, as the study prints them (7.5, 15, 85-88)",
    ),
    _raised(
        "UsageError",
        "name#unsupported-level",
        "--provision names a level below the clause (подпункт, пп., пунктча, бөлүкчө, абзац, subclause): "
        "the data numbers provisions down to clauses only, and answering for the clause above it would "
        "answer another question",
        "ask for the clause that holds it (--article N [--part P] --clause C, or 70(3)(1))",
    ),
    _raised(
        "UsageError",
        "name#ambiguous-level",
        "--provision uses 'para' or 'paragraph', which English translations of these acts use for a part "
        "(часть, бөлүк) and for a clause (пункт) alike",
        "write part or clause (70(3), 'article 70 part 3', 'article 70 clause 3'); a paragraph the study "
        "numbers itself is written as the study prints it (7.5)",
    ),
    _raised(
        "UsageError",
        "name#unknown-subdivision",
        "--article N --part P [--clause C] (or a part or clause written out in --provision, such as "
        '"52(2)" or "ст. 52 ч. 2") names a part or clause the data does not hold for that article; '
        "the message says what was asked, the hint which parts and clauses of the article the data holds",
        "ask for one of the parts or clauses the hint lists, or for the whole article (--article N)",
    ),
    _raised(
        "UsageError",
        "name#subdivision-needs-article",
        "kgtool basis was given --part or --clause without --article: a part or clause of no article "
        "(with --process, --part was ignored)",
        'give the article too (--article 70 --part 3), or write the reference whole: --provision "70(3)"',
    ),
    _raised(
        "UsageError",
        "name#bad-article",
        "--article was given 0 or a negative number, which numbers no article (the answer was "
        '"0 uses of article -1", as if the act had such an article that nothing cites)',
        "give an article's number, 1 or more (use --provision for a paragraph such as 7.5 or a range)",
    ),
    _raised(
        "UsageError",
        "name#nothing-to-look-up",
        "kgtool basis was given nothing to look up",
        "give --article N, --act ACT (with or without --provision N), --process P, --observers or --ranking",
    ),
    # --- search ------------------------------------------------------------------------------
    _raised(
        "UsageError",
        "search#no-words",
        "the text given to 'kgtool search' holds no word (only spaces or punctuation)",
        fix="give at least one word, e.g. kgtool search budget",
    ),
    _raised(
        "UsageError",
        "search#bad-limit",
        "'kgtool search --limit' was given a negative number",
        fix="give 0 (every hit) or a positive number",
    ),
    # --- cite (issue 12, item 6: citable answers) ----------------------------------------------
    _raised(
        "UsageError",
        "cite#unknown-resource",
        "what was typed for kgtool cite names no resource of the graph (not an IRI it holds, not id:PATH, "
        "not an act's short id, not the end of any IRI's path, not part of any name)",
        "give a full IRI, id:PATH, an act's short id, or the end of an IRI's path (e.g. jk-elections)",
    ),
    _raised(
        "UsageError",
        "cite#ambiguous-resource",
        "what was typed for kgtool cite is the end of several IRIs' paths, or part of several names",
        "give more of the path (e.g. process/jk-elections) or the whole IRI; the error lists the candidates",
    ),
    _raised(
        "UsageError",
        "cite#bad-accessed",
        "--accessed is not a date written YYYY-MM-DD, or not a day the calendar has (2026-02-30, 2025-02-29)",
        "write the day you read the resource as YYYY-MM-DD, e.g. 2026-12-06",
    ),
    # --- query -------------------------------------------------------------------------------
    _raised(
        "UsageError",
        "query#no-name",
        "'kgtool query' was given no query name",
        fix="name a query, or use --list to see them",
    ),
    _raised(
        "UsageError",
        "diff#missing-input",
        "OLD or NEW of kgtool diff names a file or directory that does not exist (a directory with no RDF file is"
        " load#not-a-file, as for every command that reads a folder)",
        fix="check the path; to name an assessment of the corpus, give its IRI (or its end, e.g. kg/assessment/2016)",
    ),
    _raised(
        "UsageError",
        "diff#no-converter",
        "OLD or NEW of kgtool diff is a workbook in a form kgtool import does not read (.ods, .xls)",
        "save it as .xlsx (or as CSV files, one per sheet, in a folder) and diff that",
    ),
    _raised(
        "UsageError",
        "diff#not-one-assessment",
        "a file or directory compared as one round holds no assessment, or several",
        "give one round's files (with the files both rounds share as --data), or name the assessments "
        "in one corpus instead",
    ),
    _raised(
        "UsageError",
        "diff#unknown-assessment",
        "OLD or NEW of kgtool diff is neither an existing file nor an assessment of the corpus",
        "name an assessment the message lists, or give the corpus files with --data",
    ),
    _raised(
        "UsageError",
        "diff#ambiguous-assessment",
        "OLD or NEW of kgtool diff matches the end of several assessments' IRIs",
        "give the assessment's full IRI",
    ),
    _raised(
        "UsageError",
        "diff#base-mismatch",
        "OLD or NEW of kgtool diff is a workbook whose ids, read as paths from --base, name the other round's "
        "country under another namespace (every actor, law and citation would show as changed)",
        "give --base the namespace the error names: the other round's, the one the workbook was imported or "
        "exported with",
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
        "query#too-complex",
        "your own .rq file nests brackets deeper, or chains more operators, separators and joining "
        "keywords (UNION, BIND, FILTER…) on one path, than kgtool runs; a store recursing over such "
        "a query can overflow its stack and crash",
        fix="split the query into smaller ones; give a long list of values in one VALUES block",
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
        "UsageError",
        "query#empty",
        "your own .rq file holds no query: it is empty, or holds only comments, blank lines and PREFIX or "
        "BASE declarations",
        "write one SELECT, ASK, CONSTRUCT or DESCRIBE query in the file",
    ),
    _raised(
        "UsageError",
        "query#bad-encoding",
        "your own .rq file is not UTF-8 text; the error names the line, the column and the byte that cannot be read",
        "save the file as UTF-8 (in Windows Notepad: Save as, Encoding UTF-8); a byte order mark is fine",
    ),
    _raised(
        "UsageError",
        "query#not-a-file",
        "a query given as a .rq path is a folder, a pipe or a device, not a file",
        "give the path of a .rq file that holds one SPARQL query",
    ),
    _raised(
        "UsageError",
        "query#unreadable",
        "the operating system will not let kgtool read your own .rq file (its permissions or a folder's, or "
        "an I/O error)",
        "check the file's permissions and those of its folders, or copy the query somewhere readable",
    ),
    _raised(
        "EndpointError",
        "query#bad-sparql",
        "the query is not valid SPARQL 1.1",
        fix="fix the query's syntax; the message says where the parser stopped",
    ),
    _raised(
        "EndpointError",
        "query#store-fault",
        "the embedded store (pyoxigraph) ended the process that ran your own query (pyoxigraph 0.5.13 aborts"
        " when ORDER BY meets values of different kinds, numbers and texts, in one column); kgtool ran the"
        " query in a child process and reports it instead of stopping with it",
        "sort by STR(?x), or by values of one kind; or run the query on a store server with --endpoint",
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
        "endpoint#truncated",
        "the endpoint cut its answer at its result-size limit (Virtuoso's X-SPARQL-MaxRows), so the table "
        "would lack rows",
        "raise the server's limit: for Virtuoso, ResultSetMaxRows in the [SPARQL] section of virtuoso.ini",
    ),
    _raised(
        "UsageError",
        "endpoint#bad-credentials",
        "--user was given without a password in KGTOOL_PASSWORD or the netrc file, or the netrc file is unreadable",
        "set KGTOOL_PASSWORD, or add the store's host to ~/.netrc (chmod 600); never a password on the command line",
    ),
    _raised(
        "UsageError",
        "endpoint#no-gsp",
        "'kgtool load --gsp' without a URL, into a store whose Graph Store Protocol service kgtool does not know",
        "give the service's URL: --gsp URL, or load without --gsp (SPARQL Update)",
    ),
    _raised(
        "UsageError",
        "endpoint#graph-required",
        "'kgtool load' into a store whose default graph is the union of its graphs (Virtuoso) was given no "
        "--graph: there is no plain default graph to load the ontology and plain triples into",
        "give --graph IRI; queries still see the graph, as part of the union",
    ),
    _raised(
        "EndpointError",
        "endpoint#count-mismatch",
        "after 'kgtool load' switched its staging graphs onto their targets, a target held another number of "
        "statements than its staging graph had",
        "another client may have written to the graphs during the switch, or the store did not apply the "
        "switch whole; load again",
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
        "validate#bad-jobs",
        "--jobs is not a number of worker processes validate runs (1 to 64): 0 or less is no "
        "number of processes, and more than 64 would start as many processes as were typed",
        "give --jobs a whole number from 1 to 64, or leave it out for one process",
    ),
    _raised(
        "UsageError",
        "validate#unknown-engine",
        "--engine names no SHACL engine",
        "use --engine fast or --engine pyshacl",
    ),
    _raised(
        "KgtoolError",
        "validate#forbidden-sparql",
        "a shape's SHACL-SPARQL query uses what SHACL forbids with pre-bound variables (MINUS, VALUES, "
        "SERVICE, a subquery not projecting every pre-bound variable, AS rebinding one: $this, $value in an "
        "ASK validator, a component's parameter); SHACL's appendix A requires a failure, and kgtool does not run it",
        "rewrite the query without it (FILTER NOT EXISTS for MINUS, FILTER (?x IN (...)) for VALUES)",
    ),
    _raised(
        "UsageError",
        "validate#only-shapes-without-shapes",
        "--only-shapes asks to validate with the user's shapes alone, but no --shapes FILE names any",
        "name your shapes with --shapes FILE, or drop --only-shapes",
    ),
    _raised(
        "UsageError",
        "validate#no-shapes",
        "a --shapes file holds no SHACL shape (nothing typed sh:NodeShape or sh:PropertyShape, no target, no "
        "sh:path) and nothing else of SHACL, or the --shapes files hold no shape between them: they would "
        "validate nothing, and a data file given by mistake would pass",
        "check the file name: --shapes takes files of SHACL shapes (such as docs/examples/kyrgyz-rules.ttl), "
        "not data files",
    ),
    _raised(
        "KgtoolError",
        "validate#shapes-rejected",
        "the shapes graph is malformed: a shape's parameter SHACL does not allow (a negative or non-integer "
        "count or length, two values where SHACL allows one, an sh:pattern that is not an XPath regular "
        "expression, flags other than s, m, i, x, q), named with its shape and value by either engine alike; "
        "or pySHACL refused a shape, path or SPARQL constraint, and its own message follows",
        "correct the shape named (see https://www.w3.org/TR/shacl/), or validate without the --shapes file "
        "that holds it",
    ),
    _raised(
        "UsageError",
        "validate#full-reasoner-parallel",
        "--reasoner full cannot run with --jobs above 1",
        "use --jobs 1 with --reasoner full, or the default --reasoner tbox",
    ),
    _raised(
        "KgtoolError",
        "validate#worker-lost",
        "one of the worker processes of validate --jobs ended without reporting: killed by a signal "
        "(the kernel's out-of-memory killer, say; its number is named) or ended by another program; "
        "nothing was validated",
        "validate again with --jobs 1, which needs less memory",
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
        "--base is not an absolute http(s) URL, or its host or path holds a character the web-server rules cannot"
        " match as written (a path takes letters, digits and . _ ~ / -)",
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
    _raised(
        "UsageError",
        "publish#sibling-layout",
        "--sibling-languages names a language kgtool does not have, or OUTDIR is not named by the site's "
        "language, so the language switch's links (../ky/…, ../ru/…) would lead nowhere",
        "publish each language into a folder named by its code, side by side: site/ky, site/ru, site/en",
    ),
    _raised(
        "UsageError",
        "publish#bad-jobs",
        "--jobs is not a number of processes publish runs (1 to 8)",
        "give --jobs a whole number from 1 to 8, or leave it out for one process",
    ),
    _raised(
        "KgtoolError",
        "publish#process-lost",
        "one of the processes writing the resources' documents and pages (--jobs) ended without "
        "reporting, killed by a signal (the kernel's out-of-memory killer, say); nothing was published",
        "publish again with --jobs 1, which needs less memory",
    ),
    _raised(
        "KgtoolError",
        "publish#writer-lost",
        "the process making the site's files ended without saying it had made them all (killed by a "
        "signal, or stopped at an error of its own); nothing was published",
        "publish again; if it ends the same way again, run with -v and report what it shows",
    ),
    _raised(
        "KgtoolError",
        "publish#cannot-write",
        "a file of the site could not be written: the disk is full, the folder is not writable, or "
        "a resource's IRI makes a path longer than the file system takes; nothing was published",
        "free space or allow writing to the folder; shorten the resource's IRI",
    ),
    _raised(
        "InputError",
        "publish#assessment-without-country",
        "an assessment has no kgo:assessedCountry or no kgo:period, which the Data Cube (cube.ttl) "
        "needs as its country and year dimensions",
        "give every kgo:Assessment one kgo:assessedCountry and one kgo:period (an xsd:gYear)",
    ),
    Entry(
        "publish#unsafe-iri",
        "a resource's IRI has characters that cannot be file names, or a segment of its path longer "
        "than a file name may be (246 characters), so it gets no pages or documents (the command "
        "still succeeds)",
        fix="give the resource an IRI of letters, digits, '-', '_' and '/', each part between two '/' "
        "at most 246 characters long",
        exit_code=None,
        level="WARNING",
    ),
    # --- serve: the command ------------------------------------------------------------------
    _raised(
        "UsageError",
        "serve#not-a-site",
        "--site names a folder that 'kgtool publish' did not write, nor one that holds sites it wrote, "
        "one per language (DIR/ky, DIR/ru, DIR/en)",
        "publish one first: kgtool publish DIR (or one site per language into DIR/ky, DIR/ru, DIR/en with "
        "--sibling-languages, and serve DIR)",
    ),
    Entry(
        "serve#one-language",
        "--site names the site of one language of a publication in several (DIR/en beside DIR/ky and "
        "DIR/ru): its pages' language switch leads to the sites beside it, which are served only when DIR "
        "is (the command still serves the one site)",
        fix="serve the folder that holds the sites: kgtool serve --site DIR",
        exit_code=None,
        level="WARNING",
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
        "the method is not allowed: the server is read-only, only /sparql accepts POST, "
        "and a method it does not know is refused",
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
        "serve#too-long",
        (414,),
        "the GET request (its query string, or its request line) is longer than --max-request-bytes",
        "send long queries with POST",
    ),
    _served("serve#too-large", (413,), "the POST body is larger than --max-request-bytes", "send a shorter query"),
    _served(
        "serve#length-required",
        (411,),
        "a POST came without a Content-Length header, or with Transfer-Encoding (not accepted)",
        fix="send a Content-Length header (HTTP clients do so by themselves)",
    ),
    _served(
        "serve#bad-length",
        (400,),
        "the Content-Length header is not one number of bytes (negative, signed, or given twice with two values)",
        fix="send the body's length in bytes",
    ),
    _served(
        "serve#bad-request-line",
        (400,),
        "the request line is not 'METHOD /path HTTP/1.x' (garbage, HTTP/0.9, or a target that is not a path)",
        fix="send an HTTP/1.1 request; the connection is closed after this answer",
    ),
    _served(
        "serve#http-version",
        (505,),
        "the request line names an HTTP version other than 1.0 or 1.1",
        fix="speak HTTP/1.1 (kgtool serve does not speak HTTP/2; put nginx in front for that)",
    ),
    _served(
        "serve#headers-too-large",
        (431,),
        "the request's header block is larger than --max-header-bytes (or has a line over 64 KiB, or over 100 headers)",
        fix="send fewer or shorter headers",
    ),
    _served(
        "serve#request-timeout",
        (408,),
        "the client began a request but did not send all of it (line, headers and body) within --read-timeout",
        fix="send the whole request at once; the connection is closed after this answer",
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
        "a SPARQL protocol request came without a 'query' parameter, or with one that holds no query "
        "(empty, white space, comments, or PREFIX and BASE lines alone)",
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
        fix="leave them out: queries run over the union of the files, or over the graphs the query's own FROM and "
        "FROM NAMED name",
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
        "serve#no-extension",
        (403,),
        "the query calls a function that is neither one of SPARQL 1.1's nor a cast to an XSD datatype, or "
        "names an IRI of bif: or sql: (Virtuoso's built-in functions and procedures); refused when queries "
        "are forwarded to --endpoint, whose store may run them as code (fetch a URL, write to the store)",
        "use SPARQL 1.1's functions and casts such as xsd:integer(…) only",
    ),
    _served(
        "serve#bad-query",
        (400,),
        "the query is not valid SPARQL 1.1",
        "check the query's syntax; the example queries on this page are valid",
    ),
    _served(
        "serve#query-too-complex",
        (400,),
        "the query nests brackets deeper, or chains more parts on one path, than the endpoint accepts "
        "(a store recursing over it could crash), or has more tokens than it checks; refused before it runs",
        "split it into smaller queries; give a long list of values in one VALUES block",
    ),
    _served(
        "serve#query-failed",
        (400,),
        "the query is valid but could not be evaluated or its result written",
        fix="check the query's functions and the result format asked for",
    ),
    _served(
        "serve#answer-too-large",
        (400,),
        "the query's answer is larger than --max-bytes; it was stopped, not cut short, so no partial answer is sent",
        "ask for fewer rows (LIMIT, more specific patterns) or fewer columns",
    ),
    _served(
        "serve#busy",
        (503,),
        "every query worker stayed busy past the time limit, other queries being checked kept this one "
        "waiting past it, or the server has --max-connections open",
        "try again shortly",
    ),
    _served(
        "serve#time-limit",
        (503, 504),
        "the query ran past the time limit (--timeout) and was stopped, or the "
        "forwarded-to endpoint gave no answer within it",
        "narrow the query (add LIMIT, or more specific patterns)",
    ),
    _served(
        "serve#memory-limit",
        (503,),
        "the query made its worker hold more memory than --max-memory allows (beyond the graph), and "
        "the worker was stopped; a new one takes its place",
        "narrow the query (add LIMIT, or more specific patterns); ORDER BY and GROUP BY hold every row "
        "of what they sort or group",
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
        "serve#endpoint-truncated",
        (502,),
        "the endpoint given with --endpoint cut its answer at its result-size limit and said so only in a "
        "header (Virtuoso's X-SPARQL-MaxRows, sent also when an answer has exactly that many rows); no "
        "partial answer is passed on",
        "ask for fewer rows (LIMIT, OFFSET, more specific patterns), or raise the store's limit: for Virtuoso, "
        "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini",
    ),
    _served(
        "serve#endpoint-unreachable",
        (502,),
        "the endpoint given with --endpoint cannot be reached",
        "is the endpoint running?",
    ),
    # --- workbook ----------------------------------------------------------------------------
    # workbook#invalid is the one error an import raises; the IDs after it lead its lines, one per
    # problem, so that a person sees every problem of a workbook at once
    _raised(
        "InputError",
        "workbook#invalid",
        "the workbook has problems; each is listed on its own line with its sheet, row and column, "
        "and no file was written",
        "fix every line listed and import again",
    ),
    _raised(
        "InputError",
        "workbook#unknown-form",
        "the path given to kgtool import is neither an .xlsx workbook, nor a folder of CSV files, nor a "
        "folder of those (what kgtool export --all writes)",
        "save the workbook as .xlsx (not .xls or .ods), or give the folder that holds the CSV files",
    ),
    _raised(
        "InputError",
        "workbook#unreadable",
        "the .xlsx file cannot be opened as a workbook (damaged, or another format renamed)",
        "open it in a spreadsheet program and save it again as .xlsx",
    ),
    _raised(
        "UsageError",
        "workbook#bad-source-date-epoch",
        "kgtool template or export: the environment variable SOURCE_DATE_EPOCH is set, but not to a whole number of "
        "seconds since 1970-01-01 UTC (ASCII digits only, as date +%s prints them); the reproducible-builds "
        "specification asks a tool to fail rather than record a date nobody gave",
        "set it to digits only, or unset it (an empty value counts as unset)",
    ),
    _raised(
        "InputError",
        "workbook#bad-base",
        "the --base of kgtool import, export or diff is not an absolute IRI ending in '/': a workbook's "
        "ids are resolved against it, and without the '/' its last segment is dropped (a relative one "
        "named a temporary file)",
        "give the namespace with its final '/', e.g. --base https://example.org/kgtool/id/",
    ),
    _raised(
        "InputError",
        "workbook#bad-output",
        "the output folder of kgtool import is an existing file, or two of the workbooks imported "
        "together have the same name (each gets the subfolder of its name)",
        "name a folder with -o; rename one of the workbooks",
    ),
    _raised(
        "InputError",
        "workbook#foreign-output",
        "the output folder of kgtool import holds Turtle files that an import did not write "
        "(hand-written data such as the project's data/); kgtool import replaces only its own files",
        "import into an empty folder, or into the folder of an earlier import",
    ),
    _raised(
        "InputError",
        "workbook#which-assessment",
        "an export must hold exactly one assessment (--all: at least one), and a workbook exactly one row "
        "of type Assessment",
        "export with --assessment IRI, or every assessment with --all; in a workbook, keep one Assessment "
        "row on the Assessment sheet",
    ),
    _raised(
        "InputError",
        "workbook#unmapped",
        "a statement of the data has no column in the workbook (an unknown class, predicate, language "
        "or datatype, or several values where the column holds one), so exporting it would lose it",
        "fix the data with kgtool validate, or add the column to kgtool/workbook/schema.py",
    ),
    Entry(
        "workbook#unknown-sheet",
        "a line of workbook#invalid: the workbook has a sheet (or CSV file) of a name kgtool does not know",
        "rename it to one of the template's sheets, or remove it",
    ),
    Entry(
        "workbook#unknown-column",
        "a line of workbook#invalid: a column name in row 1 is not one of the sheet's",
        "column names stay as the template wrote them, whatever the workbook's language",
    ),
    Entry(
        "workbook#missing-column",
        "a line of workbook#invalid: a column the sheet requires is absent from row 1",
        "copy the column name from a fresh 'kgtool template'",
    ),
    Entry(
        "workbook#missing-value",
        "a line of workbook#invalid: a row has no id, or leaves a required column empty",
        "fill in the cell",
    ),
    Entry(
        "workbook#bad-id",
        "a line of workbook#invalid: an id is not a slug (Latin letters, digits, '.', '_', '~', '-', parts joined by '/')",
        "use lower-case words joined by '-', e.g. jk-elections",
    ),
    Entry(
        "workbook#duplicate-id",
        "a line of workbook#invalid: two rows mint the same IRI",
        "give each row its own id; an id, once chosen, never changes",
    ),
    Entry(
        "workbook#bad-choice",
        "a line of workbook#invalid: a cell of a drop-down column holds a value not in its list",
        "choose a value from the cell's drop-down list",
    ),
    Entry(
        "workbook#bad-value",
        "a line of workbook#invalid: a number, date, year or true/false cell does not hold one",
        "write the value as the help row says (0.33, 2016-05-31, 2016, true)",
    ),
    Entry(
        "workbook#unknown-reference",
        "a line of workbook#invalid: a reference names no row (or several rows) of the sheets it may point to",
        "use the id of a row of that sheet, or /path for an entity outside the usual prefix",
    ),
    _raised(
        "UsageError",
        "workbook#wrong-base",
        "kgtool export: no assessment of the data is under the --base given; the workbook's ids are paths "
        "from that namespace, so the export would be an empty workbook",
        "give --base the namespace the assessment's IRI begins with, or leave --base out",
    ),
    # --- output --------------------------------------------------------------------------------
    _raised(
        "KgtoolError",
        "output#cannot-write",
        "the file or folder named for output cannot be written: it is a folder where a file goes (or a "
        "file where a folder goes), the disk is full or read-only, this user may not write there, or "
        "no file can be made there (/proc, /sys); the file that was there before is left as it was",
        "name another place to write: a file or folder you may write to, on a disk with space left",
    ),
    _raised(
        "UsageError",
        "output#empty-path",
        'the path given for output is empty (-o ""), which would name the current folder',
        "give the name of the file or folder to write",
    ),
    _raised(
        "UsageError",
        "output#exists",
        "kgtool template would replace a workbook (or a CSV file of the folder) that is there already, "
        "most likely one filled in, with an empty one; or kgtool export (--all: into the folder) would "
        "replace one, perhaps edited by hand since, with what the data states; neither replaces anything "
        "unless --force says so",
        "name a new file or folder with -o, or pass --force to replace it",
    ),
    _raised(
        "UsageError",
        "output#is-input",
        "the file named for output (-o) is one the command reads: a data file, a file of a folder given, a "
        "--shapes file, a query's .rq file, OLD or NEW of kgtool diff, or the project's own files; however "
        "it is named (another spelling of the path, a symbolic or hard link), it is the same file, and "
        "writing the output there would replace it; nothing is read or written",
        "name another file for the output",
    ),
    _raised(
        "UsageError",
        "output#not-a-stream",
        "'-' was given where kgtool writes files (a workbook or a folder of CSV files: template, export, "
        "import; a site: publish), which standard output cannot take; '-o -' is standard output only "
        "for the commands that write text (build, validate, query, report, …)",
        "name a file or folder; one named '-' is ./-",
    ),
    _raised(
        "UsageError",
        "output#compressed",
        "the name given for a text or RDF output ends as a compressed file's does (.gz, .bz2, .xz, .zst), "
        "but kgtool writes no compressed file and reads none: the file would hold plain text under a "
        "compressed file's name",
        "name the file without that ending and compress it afterwards, or pipe standard output to the "
        "compressor: kgtool build --format nt -o - | gzip -n > graph.nt.gz",
    ),
    _raised(
        "UsageError",
        "output#format-mismatch",
        "the name given for output ends in an extension that promises another format than the one kgtool "
        "would write there: kgtool build --format contradicting it (jsonld into graph.ttl), or kgtool "
        "template or export given a name ending in .ods, .xls or .csv (they write .xlsx, or a folder of "
        "CSV files)",
        "leave --format out, so that the extension chooses; end a workbook's name in .xlsx, and give a "
        "folder of CSV files a name without an extension",
    ),
    Entry(
        "workbook#unnamed-column",
        "a line of workbook#invalid: a cell holds a value in a column with no name in row 1 (or a line of a "
        "CSV file holds more values than its first line has names), so no column says what it is",
        "write the column's name in row 1, or clear the cell; in a CSV file, put a value that holds a comma "
        "in double quotes",
    ),
    Entry(
        "workbook#duplicate-column",
        "a line of workbook#invalid: two columns of a sheet (or CSV file) have the same name in row 1, and "
        "the import reads a row by its column names, so one column's values could not be read",
        "rename one of the two columns, or move its values into the other and delete it",
    ),
    Entry(
        "workbook#help-row",
        "a line of workbook#invalid: row 2 of a sheet holds the help kgtool writes in some cells and something "
        "else in others (an entity typed over part of the help, or the help of another kgtool version)",
        "move what was typed in row 2 to a row of its own, or delete row 2 if it is all help",
    ),
    Entry(
        "workbook#uncomputed-formula",
        "a line of workbook#invalid: a cell holds a formula whose value was never computed (a workbook written "
        "by a script; kgtool reads the value a spreadsheet program stores with a formula and computes none)",
        "open the workbook in a spreadsheet program (LibreOffice Calc, Excel) and save it, or type the value",
    ),
    Entry(
        "workbook#error-value",
        "a line of workbook#invalid: a cell holds an error value (#DIV/0!, #NAME?, #REF!, #VALUE!, #N/A, "
        "#NUM!, #NULL!): what a spreadsheet program stored for a formula that failed, or an error typed as "
        "such; its text is no value of the assessment. (A CSV file has no formulas and no error type: a "
        "cell there that says #DIV/0! is text, and is read as text.)",
        "correct the formula, or type the value in its place, and save the workbook",
    ),
    Entry(
        "workbook#converted-cell",
        "a line of workbook#invalid: a cell of a column that takes text (an id, a name, a justification, a "
        "reference, a source's lines) holds a value the spreadsheet program made of what was typed, whose text "
        "need not be what was typed: a date or time (1-2 or 1/2 typed becomes a date, 12:30 a time; a date is "
        "taken only by a date column), a number with a fraction (1.10 typed becomes 1.1), of more than 15 "
        "digits, or shown in a number format other than General, or a true/false value. A whole number in the "
        "General format (a label 2020, a section 6) is read as its digits. (A CSV file holds text as it was "
        "written, and is read as text.)",
        "format the column as text (in LibreOffice Calc and Excel: Format Cells, Text) and type the values "
        "again; a spreadsheet program keeps what is typed into a text cell as it is",
    ),
    Entry(
        "workbook#merged-cells",
        "a line of workbook#invalid: cells merged over two or more rows of entities hold a value (a "
        "justification typed in G3 and merged over G3:G6): the sheet shows it on every row, but the import "
        "reads each row's own cell, and the value is in the first alone, so the other rows would lose it (or "
        "lack a required value); named at the range's first cell, and the missing values under it are not "
        "reported again. Cells merged across the columns of one row, or over rows that hold nothing else, "
        "lose nothing, and are read as they are",
        "unmerge the cells (in LibreOffice Calc and Excel: Merge and Center, or Unmerge Cells) and fill in each row",
    ),
    Entry(
        "workbook#control-character",
        "a line of workbook#invalid from kgtool export: a text of the assessment holds a control character "
        "(other than tab, line feed and carriage return: a vertical tab or a form feed pasted from a word "
        "processor), which a cell of an .xlsx workbook (XML 1.0) cannot hold; named by the resource, the "
        "property and the character's code",
        "export a folder of CSV files instead, which holds it: give -o a name that does not end in .xlsx "
        "(with --all: --form csv); or remove the character from the data",
    ),
    Entry(
        "workbook#cell-too-long",
        "a line of workbook#invalid from kgtool export: a text of the assessment (a justification, a label) is "
        "longer than the 32,767 characters a cell of an .xlsx workbook holds (counted as Excel counts them, an "
        "emoji as two), so the workbook would hold it cut, and an import of it would state less than the data; "
        "named by the resource, the property and the length",
        "export a folder of CSV files instead, which holds text of any length: give -o a name that does not "
        "end in .xlsx (with --all: --form csv)",
    ),
    Entry(
        "workbook#bad-csv",
        "a line of workbook#invalid: a CSV file cannot be read past a line, almost always because a value in "
        "double quotes is not closed properly (the lines after it would run into that one value)",
        'close the quote, and double each " inside a quoted value ("")',
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
