"""The changes between two snapshots of the same country's assessment, in a fixed order.

Changes of pairs (added, removed, principal, agent: another actor in the role), of processes
(added, removed, moved to another pair, verdict, exclusion), of cells (value; only for
processes in both rounds — an added process brings its cells with it), of citations
(added, removed, re-roled: the same target citing the same provision or act in another
role), of recommendations (added, dropped; keyed by recipient and wording, so a reworded
recommendation is dropped and added), and the change of every index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from kgtool.assessment.indices import four_places
from kgtool.diff.snapshot import Item, Snapshot
from kgtool.iri import local_name
from kgtool.vocab import KGO

KINDS = (
    "pair-added",
    "pair-removed",
    "principal-changed",
    "agent-changed",
    "process-added",
    "process-removed",
    "process-moved",
    "verdict-changed",
    "exclusion-changed",
    "cell-changed",
    "citation-added",
    "citation-removed",
    "citation-reroled",
    "recommendation-added",
    "recommendation-dropped",
    "index",
)


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    key: str  # the matching key, the same in both rounds
    label: str
    old: str = ""
    new: str = ""
    delta: Decimal | None = None  # index rows only
    subject: str = ""  # the IRI in the new round, or in the old one for what was removed

    @property
    def is_difference(self) -> bool:
        return self.kind != "index" or self.delta is None or self.delta != 0


K = TypeVar("K", str, tuple[str, str])


def _added_removed(old: Mapping[K, Item], new: Mapping[K, Item], added: str, removed: str) -> list[Change]:
    out = []
    for key in sorted(set(new) - set(old)):
        item = new[key]
        out.append(Change(added, _key_text(key), item.label, new=item.value_label, subject=item.iri))
    for key in sorted(set(old) - set(new)):
        item = old[key]
        out.append(Change(removed, _key_text(key), item.label, old=item.value_label, subject=item.iri))
    return out


def _key_text(key: str | tuple[str, ...]) -> str:
    """A key as shown: its parts joined by `` | ``, ontology IRIs written ``kgo:Name``."""
    parts = [key] if isinstance(key, str) else list(key)
    return " | ".join("kgo:" + p[len(KGO) :] if p.startswith(KGO) else p for p in parts)


def _told_apart(o: Item, n: Item) -> tuple[str, str]:
    """The old and new values as shown: their labels, or their keys where the labels are the same
    (a pair given a new slug under its old name), so that a change never reads "A → A"."""
    if o.value_label != n.value_label:
        return o.value_label, n.value_label
    return _key_text(o.value), _key_text(n.value)


def _moved(kind: str, old: Mapping[str, Item], new: Mapping[str, Item]) -> list[Change]:
    """``kind`` for every key in both rounds whose value (the key of an actor or of a pair) is
    another in the new round."""
    out = []
    for key in sorted(set(old) & set(new)):
        o, n = old[key], new[key]
        if o.value != n.value:
            out.append(Change(kind, _key_text(key), n.label, *_told_apart(o, n), subject=n.iri))
    return out


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every change from ``old`` to ``new``, grouped by kind in the order of KINDS, sorted by key."""
    changes: list[Change] = []
    changes += _added_removed(old.pairs, new.pairs, "pair-added", "pair-removed")
    # a pair added brings its principal and agent with it, as a process its cells
    changes += _moved("principal-changed", old.principals, new.principals)
    changes += _moved("agent-changed", old.agents, new.agents)
    changes += _added_removed(old.processes, new.processes, "process-added", "process-removed")
    changes += _moved("process-moved", old.placed, new.placed)
    both = sorted(set(old.processes) & set(new.processes))
    for key in both:
        o, n = old.processes[key], new.processes[key]
        if o.value != n.value:
            changes.append(
                Change("verdict-changed", _key_text(key), n.label, o.value_label, n.value_label, subject=n.iri)
            )
    for key in both:
        if old.excluded.get(key) != new.excluded.get(key):
            changes.append(
                Change(
                    "exclusion-changed",
                    key,
                    new.processes[key].label,
                    old.excluded.get(key, ""),
                    new.excluded.get(key, ""),
                    subject=new.processes[key].iri,
                )
            )
    kept = set(both)
    for ckey in sorted(set(old.cells) & set(new.cells)):
        o, n = old.cells[ckey], new.cells[ckey]
        if ckey[0] in kept and o.value != n.value:
            changes.append(
                Change("cell-changed", _key_text(ckey), n.label, o.value_label, n.value_label, subject=n.iri)
            )
    for ckey in sorted(set(new.cells) - set(old.cells)):  # a new dimension on a kept process
        if ckey[0] in kept:
            n = new.cells[ckey]
            changes.append(Change("cell-changed", _key_text(ckey), n.label, "", n.value_label, subject=n.iri))
    for ckey in sorted(set(old.cells) - set(new.cells)):
        if ckey[0] in kept:
            o = old.cells[ckey]
            changes.append(Change("cell-changed", _key_text(ckey), o.label, o.value_label, "", subject=o.iri))
    changes += _added_removed(old.citations, new.citations, "citation-added", "citation-removed")
    for ckey in sorted(set(old.citations) & set(new.citations)):
        o, n = old.citations[ckey], new.citations[ckey]
        if o.value != n.value:
            changes.append(
                Change("citation-reroled", _key_text(ckey), n.label, o.value_label, n.value_label, subject=n.iri)
            )
    changes += _added_removed(
        old.recommendations, new.recommendations, "recommendation-added", "recommendation-dropped"
    )
    for ikey in sorted(set(old.indices) | set(new.indices)):
        before, after = old.indices.get(ikey), new.indices.get(ikey)
        shown = after or before
        assert shown is not None
        delta = None if before is None or after is None else four_places(after[2] - before[2])
        changes.append(
            Change(
                "index",
                _key_text((f"{local_name(ikey[0])}/{ikey[1]}", ikey[2])),
                shown[1],
                "" if before is None else str(four_places(before[2])),
                "" if after is None else str(four_places(after[2])),
                delta,
                shown[0],
            )
        )
    return changes
