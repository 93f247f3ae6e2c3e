"""Every assessment of a corpus exported in one pass (``kgtool export --all``).

Exporting the assessments one by one asks the store for each one's statements, and each of
those queries scans every statement (the filter is on the IRI's text, which no index serves):
405 assessments of a million statements took hours. Here the named query
``workbook/statements`` runs once, unbound, and each statement is placed in Python by the
same rules the query applies to one assessment: a resource under an assessment's IRI belongs
to it; a country's resources (under a ``kgo:Country``'s IRI) go to each of its assessments;
those of no country (``org/``, ``method/``, ``intl/``) go to every assessment; a statement
pointing into another assessment is left out of this one. Books are yielded one at a time and
each assessment's own statements are dropped once its book is made, so memory holds the
statements once and one book, never every book.

The answer is read row by row where the back end streams (the embedded store) and folded as it
comes: a row's dicts are dropped, and each distinct (predicate, object) pair is kept once, as
one tuple every statement stating it shares (a million statements hold about a tenth as many
distinct pairs: types, references, vocabulary terms, repeated labels). Holding the answer's
rows and then regrouping them took 1.8 KB per statement at a million (issue 18).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from kgtool.errors import InputError
from kgtool.i18n.catalogue import Phrase
from kgtool.i18n.problems import worded
from kgtool.sparql.backends import Backend, Term, select_rows
from kgtool.sparql.named import named
from kgtool.vocab import KGO, RDF
from kgtool.workbook.export import assessments, book_of, refuse_other_base
from kgtool.workbook.problems import Problem, raise_all
from kgtool.workbook.rows import Book
from kgtool.workbook.statement_order import in_text_order
from kgtool.workbook.terms import Terms

Statements = dict[str, list[tuple[str, Term]]]  # subject -> (predicate, object)


def file_stem(assessment: str, base: str) -> str:
    """The name of an assessment's workbook: its path with '/' as '-'
    (``x001/assessment/2012`` -> ``x001-assessment-2012``), unique because paths are."""
    return assessment.removeprefix(base).strip("/").replace("/", "-")


# the terms whose (predicate, object) pair is kept once: those whose value is a string
_SHAREABLE = frozenset({"uri", "literal", "bnode"})


def export_all(
    backend: Backend,
    terms: Terms,
    base: str,
    before: Callable[[list[str]], None] | None = None,
    cell_limit: int | None = None,
) -> Iterator[tuple[str, Book]]:
    """(assessment IRI, its book) for every assessment, in IRI order, from one query. ``before``
    is given the assessments' IRIs once they are known, before the statements are read (minutes
    for a large corpus): a refusal to write there (a workbook there already) comes at once. A
    cell's text longer than ``cell_limit`` is refused (``export.book_of``)."""
    known = assessments(backend)
    if not known:
        raise worded(InputError, "workbook#which-assessment", "workbook.no_assessment")
    refuse_other_base(sorted(known), known, base)
    if before is not None:
        before(sorted(known))
    own: dict[str, Statements] = {a: defaultdict(list) for a in known}
    outside: Statements = defaultdict(list)  # subjects under no assessment, in the answer's order
    countries: set[str] = set()
    kept_once: dict[tuple[str | None, ...], tuple[str, Term]] = {}
    problems: list[Problem] = []
    rdf_type, country_class = RDF + "type", KGO + "Country"
    for row in in_text_order(select_rows(backend, named("workbook/statements").bind({"base": base}))):
        subject, predicate, obj = row["s"]["value"], row["p"]["value"], row["o"]
        if obj["type"] in _SHAREABLE:
            key = (predicate, obj["type"], obj["value"], obj.get("xml:lang"), obj.get("datatype"))
            pair = kept_once.get(key)
            if pair is None:
                pair = kept_once[key] = (predicate, obj)
        else:  # a quoted triple's value is a dict (SPARQL-star): kept as it came, for the check below
            pair = (predicate, obj)
        if predicate == rdf_type and obj["value"] == country_class:
            countries.add(subject)
        if "/assessment/" in subject[len(base) :]:
            owner = _assessment_of(subject, base, known)
            if owner is None:
                problems.append(Problem(subject, "workbook#unmapped", Phrase("workbook.problem.no_assessment")))
            else:
                own[owner][subject].append(pair)
        else:
            outside[subject].append(pair)
    del kept_once
    # a subject under no assessment belongs to a country's assessments when the first segment
    # of its path names a kgo:Country (known only once every row is read), else to every one
    country_of_subject: dict[str, Statements] = defaultdict(dict)
    shared: Statements = {}
    for subject, pairs in outside.items():
        head = base + subject[len(base) :].split("/", 1)[0]
        (country_of_subject[head] if head in countries else shared)[subject] = pairs
    del outside
    raise_all(problems, None, "workbook.unmapped_hint")
    for assessment in sorted(known):
        country = known[assessment]
        statements: Statements = defaultdict(list)
        for part in (shared, country_of_subject.get(country or "", {}), own.pop(assessment)):
            for subject, pairs in part.items():
                kept = [pair for pair in pairs if _stays(pair[1], assessment, base)]
                if kept:
                    statements[subject].extend(kept)
        stem = file_stem(assessment, base)
        yield assessment, book_of(statements, assessment, country, stem, terms, base, cell_limit)


def _assessment_of(subject: str, base: str, known: dict[str, str | None]) -> str | None:
    """The assessment whose IRI is ``subject`` or a path prefix of it (the longest one)."""
    parts = subject[len(base) :].split("/")
    for end in range(len(parts), 0, -1):
        candidate = base + "/".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def _stays(obj: Term, assessment: str, base: str) -> bool:
    """Whether a statement with object ``obj`` belongs to ``assessment``'s export: not when it
    points into another assessment (a shared actor stated in a section of another round)."""
    if obj["type"] != "uri" or not obj["value"].startswith(base):
        return True
    value = obj["value"]
    if "/assessment/" not in value[len(base) :]:
        return True
    return value == assessment or value.startswith(assessment + "/")
