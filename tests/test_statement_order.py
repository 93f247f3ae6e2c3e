"""kgtool.workbook.statement_order: the statements an export reads in the order of their whole
text, whichever store sorted them by their first 300 characters and length only."""

from __future__ import annotations

from kgtool.sparql.backends import Term
from kgtool.workbook.statement_order import in_text_order

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def row(s: str, p: str, o: Term) -> dict[str, Term]:
    return {"s": {"type": "uri", "value": EX + s}, "p": {"type": "uri", "value": EX + p}, "o": o}


def text(value: str, **more: str) -> Term:
    return {"type": "literal", "value": value, **more}


def test_texts_alike_in_their_first_300_characters_are_put_in_the_order_of_the_whole_text() -> None:
    head = "ж" * 300
    # as a store may give them: equal first 300 characters and equal length, in either order
    later, earlier = text(head + "б"), text(head + "а")
    rows = [row("a", "note", later), row("a", "note", earlier), row("a", "text", later), row("b", "note", later)]
    ordered = list(in_text_order(rows))
    assert [r["o"] for r in ordered] == [earlier, later, later, later]
    assert [(r["s"]["value"], r["p"]["value"]) for r in ordered] == [
        (EX + "a", EX + "note"),
        (EX + "a", EX + "note"),
        (EX + "a", EX + "text"),
        (EX + "b", EX + "note"),
    ], "only the objects of one subject and predicate are reordered; nothing is lost"


def test_the_order_of_str_then_lang_then_datatype_with_an_unbound_key_first() -> None:
    iri = {"type": "uri", "value": "x"}
    plain, english = text("x"), text("x", **{"xml:lang": "en"})
    number = text("x", datatype=XSD + "integer")
    blank_1, blank_2 = {"type": "bnode", "value": "b2"}, {"type": "bnode", "value": "b1"}
    rows = [row("a", "p", o) for o in (number, english, plain, iri, blank_1, blank_2)]
    got = [r["o"] for r in in_text_order(rows)]
    # blank nodes (STR in error) first, in the store's order; the IRI (LANG in error) before the
    # literals; "" (no language) before "en"; xsd:integer before xsd:string
    assert got == [blank_1, blank_2, iri, number, plain, english]


def test_nothing_in_nothing_out() -> None:
    assert list(in_text_order([])) == []
