"""The order of the statements an export reads: that of their whole text, on every store.

queries/workbook/statements.rq sorts by each object's first 300 characters and its length,
because Virtuoso 7.2 refuses a sort key over 1,900 bytes; two objects of one subject and
predicate that agree in both would come in an order each store picks. Here each run of rows
with one subject and predicate is put in the order the query would give with the whole text
as its key (STR, then LANG, then DATATYPE, an unbound value first), so a workbook's cells
list the values of one column the same way whatever store answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kgtool.sparql.backends import Term
from kgtool.vocab import RDF, XSD

Row = dict[str, Term]

_LANG_STRING, _STRING = RDF + "langString", XSD + "string"
_UNBOUND = (0, "")


def object_key(obj: Term) -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
    """``STR(?o) LANG(?o) STR(DATATYPE(?o))`` as SPARQL orders them: an expression in error
    (the STR of a blank node, the LANG of an IRI) leaves its key unbound, which sorts first."""
    kind = obj["type"]
    if kind == "uri":
        return (1, obj["value"]), _UNBOUND, _UNBOUND
    if kind == "literal":  # kgtool.sparql.backends gives every answer's terms in one form
        lang = obj.get("xml:lang")
        datatype = _LANG_STRING if lang else obj.get("datatype", _STRING)
        return (1, obj["value"]), (1, lang or ""), (1, datatype)
    return _UNBOUND, _UNBOUND, _UNBOUND  # a blank node or a quoted triple: the store's order stays


def in_text_order(rows: Iterable[Row]) -> Iterator[Row]:
    """``rows`` (ordered by subject and predicate) with each subject's and predicate's objects in
    the order of their whole text; one run of rows is held at a time."""
    run: list[Row] = []
    at: tuple[str, str] | None = None
    for row in rows:
        here = (row["s"]["value"], row["p"]["value"])
        if here != at:
            yield from _sorted(run)
            run, at = [], here
        run.append(row)
    yield from _sorted(run)


def _sorted(run: list[Row]) -> list[Row]:
    if len(run) < 2:
        return run
    return sorted(run, key=lambda row: object_key(row["o"]))
