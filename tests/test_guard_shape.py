"""The limits on a query's structure (``kgtool.sparql.guard.shape``): a long operator chain or
many repeated clauses crashed the stores that recurse over a query (``ASK { FILTER(1+1+…) }``
with 3,000 terms overflowed an Oxigraph server's stack, 7,000 ``*1`` or 3,000 BINDs a query
worker's), and the guard let them through. They are now refused by a linear scan before
anything parses or runs them; kgtool's own queries are far within the limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kgtool.serve.query_service import refusal
from kgtool.sparql.guard import COMPLEX, EMPTY, MAX_DEPTH, MAX_LENGTH, UPDATE, check_read_only, check_shape, shape

QUERIES = Path(__file__).resolve().parent.parent / "queries"


def test_kgtools_own_queries_are_far_within_the_limits() -> None:
    files = sorted(QUERIES.glob("**/*.rq"))
    assert len(files) > 50
    shapes = {f.name: shape(f.read_text(encoding="utf-8")) for f in files}
    assert max(s.depth for s in shapes.values()) * 3 <= MAX_DEPTH, shapes
    assert max(s.length for s in shapes.values()) * 4 <= MAX_LENGTH, shapes


# what the exploratory tester (and the thresholds in kgtool.sparql.guard) found crashing a store
CRASHING = {
    "sum-3000": "ASK { FILTER(1" + "+1" * 3000 + ") }",
    "sum-10000": "ASK { FILTER(1" + "+1" * 10000 + ") }",
    "product-7000": "ASK { FILTER(1" + "*1" * 7000 + " > 0) }",
    "binds-3000": "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
    "binds-700": "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(700)) + " }",
    "minus-3000": "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 3000 + "}",
    "union-10000": "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 10000) + " }",
    "and-10000": "ASK { FILTER(" + " && ".join(["true"] * 10000) + ") }",
    "or-10000": "ASK { FILTER(" + " || ".join(["true"] * 10000) + ") }",
    "concat-250-deep": "ASK { BIND(" + "CONCAT(" * 250 + '"x"' + ',"x")' * 250 + " AS ?x) }",
    "exists-250-deep": "ASK { " + "FILTER EXISTS { " * 250 + "?s ?p ?o" + " }" * 250 + " }",
    "describe-1000": "DESCRIBE " + " ".join(f"<http://example.org/{i}>" for i in range(1000)),
    "triples-2000": "SELECT * { " + " . ".join(f"?s{i} ?p ?o" for i in range(2000)) + " }",
    "objects-2000": "ASK { ?s ?p " + ", ".join(f"?o{i}" for i in range(2000)) + " }",
    "path-2000": "ASK { ?s " + "/".join(["<p:a>"] * 2000) + " ?o }",
    # a reviewer's: depth 2 and a length of 3 at any size, until each item counted; 4,000 items
    # brought an Oxigraph server down
    "collection-4500": "ASK { ?s ?p (" + " ".join(str(i) for i in range(4500)) + ") }",
}


@pytest.mark.parametrize("query", CRASHING.values(), ids=CRASHING.keys())
def test_a_query_that_crashed_a_store_is_refused_before_it_is_parsed(query: str) -> None:
    refused = check_read_only(query)
    assert refused is not None and refused.kind == COMPLEX, refused
    assert str(refused.limit) in refused.message
    for answer in (refusal(query), refusal(query, store_parses=True)):
        assert answer is not None and answer.status == 400, answer
        assert answer.body.startswith(b"ERROR [serve#query-too-complex]")


def test_the_limits_are_where_the_documentation_says() -> None:
    def binds(n: int) -> str:
        return "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(n)) + " }"

    # "BIND" and "(" each, "SELECT", "*" and "{", and the last bracket's three terms ("0 AS ?v0": in
    # round brackets each term counts, as a collection's items do)
    assert shape(binds(197)).length == 2 * 197 + 3 + 3
    assert check_shape(binds(197)) is None and check_shape(binds(198)) is not None
    nested = "ASK { FILTER(" + "(" * (MAX_DEPTH - 2) + "1" + ")" * (MAX_DEPTH - 2) + ") }"
    assert shape(nested).depth == MAX_DEPTH and check_shape(nested) is None
    deeper = nested.replace("FILTER(", "FILTER((") + ")"
    refused = check_shape(deeper)
    assert refused is not None and refused.key == "query.too_deeply_nested" and refused.count == MAX_DEPTH + 1


def test_the_chains_of_nested_brackets_add_up() -> None:
    """A sum of sums: the store recurses into each in turn, so the parts of all count."""
    inner = "(1" + "+1" * 150 + ")"
    assert check_shape(f"ASK {{ FILTER({inner}) }}") is None
    assert check_shape(f"ASK {{ FILTER(({inner}" + "+1" * 150 + ")" + "+1" * 150 + ") }") is not None


def test_a_dash_in_an_iri_a_name_a_string_a_tag_or_a_comment_is_no_operator() -> None:
    values = " ".join(
        f'<https://example.org/a-b-c-d-e/{i}-{i}> ex:a-b-c-d-{i} "a-b-c-d-{i}"@en-GB-x-y-{i} ' for i in range(300)
    )
    query = "PREFIX ex: <urn:example:a-b#>\nSELECT * { VALUES ?x { " + values + " } } # -----------\n"
    assert shape(query).length < 20 and check_read_only(query) is None


@pytest.mark.parametrize(
    "query",
    [
        # "<" is "less than" to the store: the text up to ">" is a division, and then && and >
        "ASK { FILTER(?x<?y" + "/1" * 1000 + "&&?z>0) }",
        "ASK { FILTER(?x <?y" + "/1" * 1000 + "&&?z>0) }",
        # an IRI and a long string to a tokenizer; "less than", a comment and a sum to the store
        'ASK { FILTER(?a<?b#>"""\n' + "+1" * 1000 + '\n""") }',
        "ASK { BIND(ex:" + "-1" * 1000 + " AS ?x) }",  # a local name cannot begin with "-"
        "ASK { BIND(true" + "-1" * 1000 + " AS ?x) }",  # a keyword is no prefixed name
        "ASK { " + "?s ?p 1." * 1000 + " }",  # "1." is a number and then the end of a triple
        "ASK { " + "?s ?p ex:o." * 1000 + " }",  # a local name does not end with "."
    ],
    ids=[
        "iri-or-division",
        "iri-or-division-spaced",
        "iri-or-comment",
        "minus-after-colon",
        "true-minus",
        "dots",
        "names",
    ],
)
def test_what_a_store_reads_as_operators_is_counted_however_else_it_reads(query: str) -> None:
    refused = check_shape(query)
    assert refused is not None and refused.kind == COMPLEX


@pytest.mark.parametrize(
    "text",
    [
        "a." * 500_000,  # a name without a colon, dot after dot
        "<" + "(" * 1_000_000,  # an IRI begun and never ended
        '"""' + '"a' * 500_000,  # a long string never ended
        "?s <x:" + "a" * 1_000_000,
    ],
    ids=["dots", "iri", "long-string", "long-name"],
)
def test_the_scan_is_linear_on_a_megabyte_of_anything(text: str) -> None:
    started = time.monotonic()
    shape(text)
    assert time.monotonic() - started < 10  # a quadratic scan of 1 MB takes hours


@pytest.mark.parametrize("text", ["", " \n", "# a comment", "PREFIX ex: <http://example.org/>", "BASE <x:y>"])
def test_a_text_with_no_query_in_it_is_no_update(text: str) -> None:
    refused = check_read_only(text)
    assert refused is not None and refused.kind == EMPTY and refused.message.startswith("no query was given")
    refused = check_read_only(text + "\nCLEAR ALL")
    assert refused is not None and refused.kind == UPDATE


@pytest.mark.parametrize("quote", ["'", '"', '"""', "'''"])
def test_a_string_left_open_is_read_once(quote: str) -> None:
    """A reviewer's: each quote of 48 KB of 'a\\ began a string that failed at the line's end, and
    the scan began again from the next one (20 s, growing as the square of the text). A string
    left open runs to the end of its line (a long one to the end of the text): one token."""
    opened = quote + "a\\"
    assert shape(opened * 50_000).tokens == 1
    # a short one ends at its line (4 tokens follow it), a long one runs on to the end of the text
    assert shape("ASK { ?s ?p " + quote + "x\n?s ?p ?o }").tokens == (5 if len(quote) == 3 else 9)
