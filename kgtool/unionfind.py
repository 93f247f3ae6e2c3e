"""Disjoint sets (union-find): which items end up together when pairs of them are joined.

Used to keep together what must not be split: the named graphs that share resources
(``kgtool.validation.parallel``) and the statements that share blank nodes
(``kgtool.loader.remote_load``). Part of the foundation: pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Items in disjoint sets, each set named by one of its items (its root)."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def __contains__(self, item: object) -> bool:
        return item in self.parent

    def add(self, item: T) -> None:
        """Make ``item`` known, alone in its set unless it is known already."""
        self.parent.setdefault(item, item)

    def find(self, item: T) -> T:
        """The root of ``item``'s set (an item not seen before is its own root)."""
        parent = self.parent
        root = parent.setdefault(item, item)
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # point every item on the way straight at the root
            parent[item], item = root, parent[item]
        return root

    def union(self, a: T, b: T, keep: Callable[[T, T], T] | None = None) -> tuple[T, T] | None:
        """Join the sets of ``a`` and ``b``. Returns (kept root, absorbed root), or None when they
        were one set already. ``keep(root_a, root_b)`` picks the root that stays (default ``root_a``)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        root = ra if keep is None else keep(ra, rb)
        other = rb if root == ra else ra
        self.parent[other] = root
        return root, other
