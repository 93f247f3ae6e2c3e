"""One assessment read for comparison: its pairs (with their principal and agent), processes
(with their pair), cells, citations, recommendations and indices, each keyed by the matching
rule of ``keys`` (never by IRI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kgtool.assessment.indices import IndexCalculator
from kgtool.diff.inputs import Side
from kgtool.diff.keys import relative_key
from kgtool.iri import local_name
from kgtool.sparql.backends import ResultTable
from kgtool.sparql.named import named


@dataclass(frozen=True)
class Item:
    """One thing in one round: its IRI there, its label, and the value compared (if any)."""

    iri: str
    label: str
    value: str = ""
    value_label: str = ""


@dataclass
class Snapshot:
    assessment: str
    pairs: dict[str, Item] = field(default_factory=dict)  # pair key -> the pair (no value)
    principals: dict[str, Item] = field(default_factory=dict)  # pair key -> its principal's key as value
    agents: dict[str, Item] = field(default_factory=dict)  # pair key -> its agent's key as value
    processes: dict[str, Item] = field(default_factory=dict)  # key -> verdict as value
    placed: dict[str, Item] = field(default_factory=dict)  # process key -> its pair's key as value
    excluded: dict[str, str] = field(default_factory=dict)  # process key -> "true"/"false"
    cells: dict[tuple[str, str], Item] = field(default_factory=dict)  # (process key, dimension) -> value
    citations: dict[tuple[str, str], Item] = field(default_factory=dict)  # (target key, cited key) -> roles
    recommendations: dict[tuple[str, str], Item] = field(default_factory=dict)  # (recipient key, text)
    indices: dict[tuple[str, str, str], tuple[str, str, Decimal]] = field(default_factory=dict)


def _select(side: Side, query: str, lang: str) -> ResultTable:
    return side.backend.select(named(query).bind({"assessment": side.assessment.iri, "lang": lang}))


def _v(row: dict[str, dict[str, str]], name: str) -> str:
    return row[name]["value"] if name in row else ""


def _actors(found: dict[str, dict[str, str]], pairs: dict[str, Item]) -> dict[str, Item]:
    """Each pair's actor in one role, as an item: the pair, and the actor's key as the value
    (several, which the ontology forbids, joined by spaces, their labels by commas)."""
    out = {}
    for key, actors in found.items():
        order = sorted(actors)
        pair = pairs[key]
        out[key] = Item(pair.iri, pair.label, " ".join(order), ", ".join(actors[k] or k for k in order))
    return out


def _read_pairs(side: Side, snap: Snapshot, lang: str) -> None:
    a = side.assessment.iri
    principals: dict[str, dict[str, str]] = {}
    agents: dict[str, dict[str, str]] = {}
    for row in _select(side, "round-pairs", lang).rows:
        key = relative_key(_v(row, "pair"), a)
        snap.pairs.setdefault(key, Item(_v(row, "pair"), _v(row, "label") or key))
        for role, found in (("principal", principals), ("agent", agents)):
            actors = found.setdefault(key, {})
            if _v(row, role):
                actors.setdefault(relative_key(_v(row, role), a), _v(row, role + "Label"))
    snap.principals = _actors(principals, snap.pairs)
    snap.agents = _actors(agents, snap.pairs)
    for key, pair in snap.pairs.items():  # shown for a pair added or removed: who in it is accountable to whom
        principal, agent = snap.principals[key].value_label, snap.agents[key].value_label
        snap.pairs[key] = Item(pair.iri, pair.label, value_label=f"{principal} — {agent}" if principal or agent else "")


def read(side: Side, lang: str = "en") -> Snapshot:
    """Everything of ``side``'s assessment that `kgtool diff` compares."""
    a = side.assessment.iri
    snap = Snapshot(a)
    _read_pairs(side, snap, lang)
    for row in _select(side, "round-processes", lang).rows:
        key = relative_key(_v(row, "process"), a)
        pair = relative_key(_v(row, "pair"), a)
        # a pair not typed kgo:PrincipalAgentPair is still the pair its processes are in
        snap.pairs.setdefault(pair, Item(_v(row, "pair"), _v(row, "pairLabel") or pair))
        snap.processes.setdefault(
            key, Item(_v(row, "process"), _v(row, "label"), _v(row, "verdict"), _v(row, "verdictLabel"))
        )
        snap.placed.setdefault(key, Item(_v(row, "process"), _v(row, "label"), pair, snap.pairs[pair].label))
        snap.excluded.setdefault(key, _v(row, "excluded"))
    for row in _select(side, "round-cells", lang).rows:
        process = relative_key(_v(row, "process"), a)
        label = snap.processes[process].label if process in snap.processes else process
        snap.cells.setdefault(
            (process, _v(row, "dimension")),
            Item(_v(row, "cell"), f"{label} — {_v(row, 'dimensionLabel')}", _v(row, "value"), _v(row, "valueLabel")),
        )
    roles: dict[tuple[str, str], dict[str, str]] = {}
    for row in _select(side, "round-citations", lang).rows:
        ckey = (relative_key(_v(row, "target"), a), relative_key(_v(row, "cited"), a))
        roles.setdefault(ckey, {})[_v(row, "role")] = _v(row, "roleLabel") or local_name(_v(row, "role"))
        if ckey not in snap.citations:
            label = f"{_v(row, 'targetLabel') or ckey[0]} — {_v(row, 'citedLabel') or ckey[1]}"
            snap.citations[ckey] = Item(_v(row, "citation"), label)
    for ckey, item in snap.citations.items():
        found = roles[ckey]
        snap.citations[ckey] = Item(
            item.iri, item.label, " ".join(sorted(found)), ", ".join(found[r] for r in sorted(found))
        )
    for row in _select(side, "round-recommendations", lang).rows:
        rkey = (relative_key(_v(row, "recipient"), a), " ".join(_v(row, "key").split()))
        snap.recommendations.setdefault(rkey, Item(_v(row, "recommendation"), _v(row, "text")))
    for index in IndexCalculator(side.backend, lang, assessment=a).rows():
        ikey = (index.measure, index.variant, relative_key(index.subject, a))
        snap.indices.setdefault(ikey, (index.subject, index.label, index.computed))
    return snap
