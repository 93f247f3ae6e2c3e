"""What the report shows when the graph holds several assessments: the changes since a
country's previous assessment, a country's indices over its assessments, and countries
compared on the pairs of the same kind.

The changes are `kgtool diff`'s own (:mod:`kgtool.diff`: the same matching rule, the same
index deltas), never computed a second time here. Every assessment's indices are computed
over its own cells only (``rows_by_assessment``: each index query once, split by assessment). Over a graph with one
assessment there is nothing to show, and :func:`collect_rounds` returns None, so the
report of one assessment is exactly what it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.assessment.indices import AssessmentInfo, IndexRow, assessments, rows_by_assessment
from kgtool.diff.compare import Change, compare
from kgtool.diff.inputs import Side
from kgtool.diff.keys import relative_key
from kgtool.diff.snapshot import read
from kgtool.sparql.backends import Backend
from kgtool.sparql.named import named
from kgtool.vocab import KGO

# the index rows drawn over the assessments and compared between countries
OVERALL = (KGO + "OverallIndex", "cells")
PAIR = (KGO + "PairIndex", "cells")


@dataclass(frozen=True)
class CountryChanges:
    """One country's latest assessment compared with the one before it."""

    country_label: str
    old: AssessmentInfo
    new: AssessmentInfo
    changes: list[Change]  # what changed, but the indices
    indices: list[Change]  # every index, old, new and delta


@dataclass(frozen=True)
class CountryRounds:
    """A country's assessments (oldest first) and, per index key, its row in each of them."""

    country_label: str
    rounds: list[AssessmentInfo]
    series: list[tuple[str, list[tuple[AssessmentInfo, IndexRow]]]]  # (key, rows)


@dataclass(frozen=True)
class KindRow:
    """One kind of pair (or the overall index) and its index in each country's latest assessment."""

    kind: str  # "<principal class> <agent class>", or "overall"
    label: str
    values: list[IndexRow | None]  # one per column


@dataclass(frozen=True)
class Rounds:
    changes: list[CountryChanges]
    over_time: list[CountryRounds]
    columns: list[AssessmentInfo]  # each country's latest assessment, when there are several countries
    kinds: list[KindRow]


def _by_country(found: list[AssessmentInfo]) -> dict[str, list[AssessmentInfo]]:
    """The assessments of each country, oldest first (by period, then IRI)."""
    out: dict[str, list[AssessmentInfo]] = {}
    for a in sorted(found, key=lambda a: (a.country, a.period, a.iri)):
        out.setdefault(a.country, []).append(a)
    return out


def collect_rounds(backend: Backend, lang: str) -> Rounds | None:
    """The data of the report's sections on several assessments; None for one assessment or none."""
    found = assessments(backend, lang)
    if len(found) < 2:
        return None
    countries = _by_country(found)
    rows = rows_by_assessment(backend, lang, [a.iri for a in found])
    changes, over_time = [], []
    for rounds in countries.values():
        if len(rounds) < 2:
            continue
        old, new = rounds[-2], rounds[-1]
        found_changes = compare(
            read(Side(old.iri, "corpus", backend, old), lang), read(Side(new.iri, "corpus", backend, new), lang)
        )
        label = new.country_label or new.country
        changes.append(
            CountryChanges(
                label,
                old,
                new,
                [c for c in found_changes if c.kind != "index"],
                [c for c in found_changes if c.kind == "index"],
            )
        )
        over_time.append(CountryRounds(label, rounds, _series(rounds, rows)))
    columns = [r[-1] for r in countries.values()] if len(countries) > 1 else []
    return Rounds(changes, over_time, columns, _kinds(backend, lang, columns, rows) if columns else [])


def _series(
    rounds: list[AssessmentInfo], rows: dict[str, list[IndexRow]]
) -> list[tuple[str, list[tuple[AssessmentInfo, IndexRow]]]]:
    """The overall index, then each pair's index (by its key across rounds), in every round that has it."""
    series: dict[str, list[tuple[AssessmentInfo, IndexRow]]] = {}
    for a in rounds:
        for r in rows[a.iri]:
            if (r.measure, r.variant) in (OVERALL, PAIR):
                series.setdefault(relative_key(r.subject, a.iri), []).append((a, r))
    return sorted(series.items(), key=lambda item: (item[0] != ".", item[0]))


def _kinds(
    backend: Backend, lang: str, columns: list[AssessmentInfo], rows: dict[str, list[IndexRow]]
) -> list[KindRow]:
    """The overall index and the index of every pair kind that more than one country has."""
    kind_of: dict[str, tuple[str, str]] = {}  # pair -> (kind, label), its first kind by IRI
    for k in backend.select(named("pair-kinds").bind({"lang": lang})).rows:
        kind = f"{k['principalKind']['value']} {k['agentKind']['value']}"
        label = f"{k['principalKindLabel']['value']} — {k['agentKindLabel']['value']}"
        kind_of.setdefault(k["pair"]["value"], (kind, label))
    by_kind: dict[str, dict[str, IndexRow]] = {}
    labels: dict[str, str] = {}
    overall: list[IndexRow | None] = []
    for a in columns:
        found = [r for r in rows[a.iri] if (r.measure, r.variant) == OVERALL]
        overall.append(found[0] if found else None)
        for r in rows[a.iri]:
            if (r.measure, r.variant) == PAIR and r.subject in kind_of:
                kind, label = kind_of[r.subject]
                labels.setdefault(kind, label)
                by_kind.setdefault(kind, {}).setdefault(a.iri, r)
    shared = sorted((k for k, v in by_kind.items() if len(v) > 1), key=lambda k: (labels[k], k))
    return [KindRow("overall", "", overall)] + [
        KindRow(k, labels[k], [by_kind[k].get(a.iri) for a in columns]) for k in shared
    ]
