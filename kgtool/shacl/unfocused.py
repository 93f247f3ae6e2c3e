"""Checks run over every subject, then narrowed to the shape's focus nodes: fewer joins at scale.

A shape whose targets are many (more focus nodes than ``VALUES_LIMIT``, or a class target)
joins its focus set into every check as a pattern or a ``SELECT DISTINCT`` subquery, and
Oxigraph computes that set again for each query: at a million statements the focus set of a
shape targeting the subjects of two predicates costs more than the checks themselves.

Some checks judge each value node alone: ``sh:class``, ``sh:datatype``, ``sh:in``,
``sh:pattern``, value ranges and the other filters, ``sh:or``/``sh:xone`` of value filters,
and ``sh:maxCount``. Their rows for a focus node depend on that node's own values only, and
every row binds ``?this`` through the property path. So the same query without the focus set
gives every row of the focused query plus rows of nodes that are not focus nodes; asking the
store which of those few subjects are focus nodes (a ``VALUES`` block of them joined with the
targets, an index look-up each) leaves exactly the focused query's rows. ``sh:maxCount 1`` is
asked as "two different values" (a self-join) rather than by counting every node's values.

When the unfocused query gives more than ``LIMIT`` rows (many failures, or many non-focus
subjects failing), the focused query runs instead: never slower by more than that bounded
first attempt, and never different.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kgtool.rdf.store import OxTerm

LIMIT = 2000  # rows of the unfocused query beyond which the focused one runs instead
VALUE = " ?v ."  # how a check's value pattern ends (``?this <path> ?v .``)

Row = dict[str, OxTerm]
Select = Callable[[str], list[Row]]


def without_focus(sparql: str, focus: str) -> str | None:
    """The query with its focus pattern taken out (it occurs once, right after ``WHERE {``), or
    None when it does not occur exactly once."""
    if sparql.count(focus) != 1:
        return None
    return sparql.replace(focus, "", 1)


def pairs_query(branches: list[str]) -> str | None:
    """Subjects with two different values on one of the paths (``sh:maxCount 1``, branch number
    ``?__k`` when there are several): the rows ``COUNT(DISTINCT ?v) > 1`` groups would give. None
    when a branch is not a plain ``?this <path> ?v .`` pattern."""
    if not all(b.startswith("?this ") and b.endswith(VALUE) for b in branches):
        return None
    if len(branches) == 1:
        return f"SELECT DISTINCT ?this WHERE {{ {_pair(branches[0])} }}"
    union = " UNION ".join(f"{{ {_pair(b)} BIND ({k} AS ?__k) }}" for k, b in enumerate(branches))
    return f"SELECT DISTINCT ?this ?__k WHERE {{ {union} }}"


def _pair(branch: str) -> str:
    """``?this <p> ?v .`` -> the same path to two values that are different terms."""
    second = branch[: -len(VALUE)] + " ?__w ."
    return f"{branch} {second} FILTER (!sameTerm(?v, ?__w))"


def narrowed(select: Select, unfocused: str, focused: str, targets: str) -> list[Row]:
    """The focused query's rows: the unfocused query's rows whose ``?this`` is a focus node (the
    ``targets`` pattern binds ``?this`` to each focus node), or the focused query's own rows when
    the unfocused one gives more than ``LIMIT`` rows or a subject ``VALUES`` cannot hold."""
    rows = select(f"{unfocused} LIMIT {LIMIT + 1}")
    if len(rows) > LIMIT:
        return select(focused)
    subjects = list(dict.fromkeys(r["this"] for r in rows))
    if not subjects:
        return []
    if not all(isinstance(s, ox.NamedNode) for s in subjects):
        return select(focused)
    listed = " ".join(str(s) for s in subjects)
    found = {r["this"] for r in select(f"SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ {listed} }} {targets} }}")}
    return [r for r in rows if r["this"] in found]


__all__ = ["LIMIT", "narrowed", "pairs_query", "without_focus"]
