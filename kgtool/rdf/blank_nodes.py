"""Canonical blank-node labels in linear time, so the same graph is always written as the same bytes.

A store gives blank nodes fresh random labels on every load, so a writer must relabel them by
what the graph says about them. rdflib's canonicaliser (used before) takes minutes on a
thousand ``[ … ]`` objects; the W3C RDF Dataset Canonicalization algorithm (RDFC-1.0, which
pyoxigraph provides) is fast on most graphs but exponential on some that are common in
practice: a 500-element RDF list whose members are all equal takes half a minute, because every
list node has the same immediate neighbourhood.

Almost every blank node in RDF written by people is a tree: ``[ … ]`` objects, RDF lists and
OWL restrictions hang from a named node and are reached by one path. For each connected group
of blank nodes that forms such a tree, a node's label is a hash of everything below it (its
statements, its children's hashes) and of its parent's label and the predicate leading to it:
one pass up and one pass down, linear in the size of the group. Two nodes can only get the same
hash when swapping them (with everything below them) leaves the graph unchanged, so breaking
the tie by order cannot change the output. Any other group (a cycle, a node reached from two
blank nodes) is labelled on its own by colour refinement (``_colours``: polynomial, where
RDFC-1.0 took over ten minutes on a 16-node group whose halves are all linked to each other),
and its labels are prefixed with a hash of its canonical form, so groups never collide and a
change in one group does not relabel another. RDFC-1.0 is left only for RDF 1.2 triple terms,
which kgtool's parsers refuse (``load#triple-term``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kgtool.unionfind import UnionFind

Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The statements with blank nodes relabelled canonically, sorted as N-Triples text."""
    unique = set(triples)
    if any(isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple) for t in unique):
        # RDF 1.2 triple terms may hide blank nodes: leave such graphs to RDFC-1.0 whole
        return _sorted(_rdfc(list(unique)))
    plain: list[ox.Triple] = []
    blank: list[ox.Triple] = []
    for t in unique:
        (blank if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) else plain).append(t)
    if not blank:
        return _sorted(plain)
    return _sorted(plain + _relabel(blank, _labels(blank)))


def canonical_labels(triples: Iterable[ox.Triple]) -> dict[ox.BlankNode, str]:
    """The canonical label of each blank node of the statements, as ``canonical_triples`` writes
    it: a function of what the statements say about the node's group of blank nodes, so the same
    statements give the same labels whatever labels a load gave them (a report naming a blank
    node is then the same bytes run after run). Statements with RDF 1.2 triple terms, which
    kgtool's parsers refuse, give no labels."""
    unique = set(triples)
    if any(isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple) for t in unique):
        return {}
    return _labels(unique)


def _labels(unique: Iterable[ox.Triple]) -> dict[ox.BlankNode, str]:
    """``canonical_labels`` of statements without triple terms."""
    touching: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    groups: UnionFind[ox.BlankNode] = UnionFind()
    for t in unique:
        s, o = t.subject, t.object
        if isinstance(s, ox.BlankNode):
            touching[s].append(t)
            groups.add(s)
        if isinstance(o, ox.BlankNode):
            touching[o].append(t)
            groups.add(o)
            if isinstance(s, ox.BlankNode):
                groups.union(s, o)
    members: dict[ox.BlankNode, list[ox.BlankNode]] = defaultdict(list)
    for node in touching:
        members[groups.find(node)].append(node)
    trees: list[list[ox.BlankNode]] = []
    others: list[list[ox.BlankNode]] = []
    for nodes in members.values():
        (trees if _is_tree(nodes, touching) else others).append(nodes)
    return _tree_labels(trees, touching) | _other_labels(others, touching)


def _sorted(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    # one string per statement ("s p o", the order of the three terms' strings: a term ends at '>',
    # '"', a language tag or a datatype's '>', so no term's string runs into the next) keeps the
    # sort light on a million statements
    return sorted(triples, key=str)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_tree(nodes: list[ox.BlankNode], touching: dict[ox.BlankNode, list[ox.Triple]]) -> bool:
    """True when the group's blank-to-blank statements form a tree: one fewer than its nodes and
    no node the object of two of them (so no cycles, one root)."""
    edges = 0
    for node in nodes:
        incoming = sum(1 for t in touching[node] if t.object == node and isinstance(t.subject, ox.BlankNode))
        if incoming > 1:
            return False
        edges += incoming
    return edges == len(nodes) - 1


def _tree_labels(
    trees: list[list[ox.BlankNode]], touching: dict[ox.BlankNode, list[ox.Triple]]
) -> dict[ox.BlankNode, str]:
    """Labels for the nodes of tree-shaped groups: hash below, then parent's label and predicate above."""
    below: dict[ox.BlankNode, str] = {}
    children: dict[ox.BlankNode, list[tuple[str, ox.BlankNode]]] = {}
    roots: list[ox.BlankNode] = []
    for nodes in trees:
        for node in nodes:
            children[node] = [
                (t.predicate.value, t.object)
                for t in touching[node]
                if t.subject == node and isinstance(t.object, ox.BlankNode)
            ]
        root = next(
            n for n in nodes if not any(t.object == n and isinstance(t.subject, ox.BlankNode) for t in touching[n])
        )
        roots.append(root)
        order = [root]  # breadth first; reversed, every child comes before its parent
        for node in order:
            order += [child for _, child in children[node]]
        for node in reversed(order):
            own = []
            for t in touching[node]:
                if t.subject == node and not isinstance(t.object, ox.BlankNode):
                    own.append(f"out {t.predicate} {t.object}")
                elif t.object == node and not isinstance(t.subject, ox.BlankNode):
                    own.append(f"in {t.subject} {t.predicate}")
            own += [f"child {p} {below[child]}" for p, child in children[node]]
            below[node] = _digest("\n".join(sorted(own)))
    labels: dict[ox.BlankNode, str] = {}
    todo: list[tuple[str, list[ox.BlankNode]]] = [("", roots)]
    while todo:
        parent_label, nodes = todo.pop()
        ties: dict[str, int] = defaultdict(int)
        keyed = sorted(((below[n], n) for n in nodes), key=lambda kn: kn[0])
        for key, node in keyed:
            index = ties[key]
            ties[key] += 1
            labels[node] = "b" + _digest(f"{parent_label} {key} {index}")[:32]
        for node in nodes:
            by_predicate: dict[str, list[ox.BlankNode]] = defaultdict(list)
            for p, child in children[node]:
                by_predicate[p].append(child)
            for p, group in by_predicate.items():
                todo.append((f"{labels[node]} {p}", group))
    return labels


def _relabel(triples: Iterable[ox.Triple], labels: dict[ox.BlankNode, str]) -> list[ox.Triple]:
    def term(x: Subject | Object) -> Subject | Object:
        return ox.BlankNode(labels[x]) if isinstance(x, ox.BlankNode) else x

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]  # type: ignore[arg-type]


def _other_labels(
    groups: list[list[ox.BlankNode]], touching: dict[ox.BlankNode, list[ox.Triple]]
) -> dict[ox.BlankNode, str]:
    """Labels for the nodes of groups that are not trees, each group labelled by colour refinement
    on its own (``_colours``); identical groups (isomorphic copies) are told apart by their order
    among themselves, which cannot matter."""
    done: list[tuple[str, dict[ox.BlankNode, int]]] = []
    for nodes in groups:
        triples = list({t for n in nodes for t in touching[n]})
        colours = _colours(nodes, triples)
        canonical = _relabel(triples, {n: f"c{colours[n]}" for n in nodes})
        done.append((_digest("\n".join(sorted(str(t) for t in canonical))), colours))
    ties: dict[str, int] = defaultdict(int)
    labels: dict[ox.BlankNode, str] = {}
    for digest, colours in sorted(done, key=lambda dc: dc[0]):
        index = ties[digest]
        ties[digest] += 1
        for node, colour in colours.items():
            labels[node] = "b" + _digest(f"{digest} {index} c{colour}")[:32]
    return labels


Edge = tuple[str, str, ox.BlankNode]  # direction ("in" or "out"), predicate, the other blank node


def _colours(nodes: list[ox.BlankNode], triples: list[ox.Triple]) -> dict[ox.BlankNode, int]:
    """A distinct colour per node of a group, found from what the graph says about the nodes alone.

    Colour refinement: a node starts with the colour of its statements with named nodes and
    literals, and is then told apart by the colours of its blank neighbours until no class of
    equal colours splits. Nodes still tied are swapped by some symmetry of the graph in every
    case met in practice (a ring, a ladder, a complete bipartite tangle), so one of them is
    singled out and refinement goes on. Each step is polynomial: RDFC-1.0, used here before,
    searches the orderings of tied nodes and took over ten minutes on a 16-node tangle
    (every node of one half linked to every node of the other); this takes milliseconds.
    """
    own: dict[ox.BlankNode, list[str]] = {n: [] for n in nodes}
    edges: dict[ox.BlankNode, list[Edge]] = {n: [] for n in nodes}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if isinstance(s, ox.BlankNode) and isinstance(o, ox.BlankNode):
            edges[s].append(("out", p, o))
            edges[o].append(("in", p, s))
        elif isinstance(s, ox.BlankNode):
            own[s].append(f"out {p} {o}")
        elif isinstance(o, ox.BlankNode):
            own[o].append(f"in {s} {p}")
    colours = _rank({n: tuple(sorted(own[n])) for n in nodes})
    partition = _Partition(colours, edges)
    partition.refine(set(nodes))
    while partition.tied:
        # the tied class of the lowest colour; which of its members does not matter (see above)
        tied = min(partition.tied)
        partition.refine({partition.single_out(tied)})
    return partition.colour


class _Partition:
    """Colour classes split by the colours of the neighbours until none splits (1-WL).

    Only the classes of nodes next to a node whose colour changed are looked at, and of such
    a class only those neighbours: its other members had equal neighbourhoods before and still
    have. A class keeps its colour for the part left as it was (or, when every member was
    looked at, for its largest part), and the other parts get new colours in the order of their
    (label-independent) signatures: only the nodes that moved make the next step's work. A long ring, after one node is singled
    out, so costs a few operations per node rather than a pass over the ring per step."""

    def __init__(self, colour: dict[ox.BlankNode, int], edges: dict[ox.BlankNode, list[Edge]]) -> None:
        self.colour = colour
        self.edges = edges
        self.members: dict[int, set[ox.BlankNode]] = defaultdict(set)
        for node, c in colour.items():
            self.members[c].add(node)
        self.next = max(colour.values(), default=-1) + 1
        self.tied = {c for c, m in self.members.items() if len(m) > 1}

    def signature(self, node: ox.BlankNode) -> tuple[tuple[str, str, int], ...]:
        return tuple(sorted((d, p, self.colour[m]) for d, p, m in self.edges[node]))

    def single_out(self, c: int) -> ox.BlankNode:
        chosen = next(iter(self.members[c]))
        self._move(chosen, c)
        return chosen

    def _move(self, node: ox.BlankNode, old: int) -> None:
        self.members[old].discard(node)
        if len(self.members[old]) < 2:
            self.tied.discard(old)
        self.colour[node] = self.next
        self.members[self.next].add(node)
        self.next += 1

    def refine(self, changed: set[ox.BlankNode]) -> None:
        touched = changed if len(changed) == len(self.colour) else {m for n in changed for _, _, m in self.edges[n]}
        while touched:
            by_class: dict[int, list[ox.BlankNode]] = defaultdict(list)
            for node in touched:
                by_class[self.colour[node]].append(node)
            moves: list[tuple[int, list[ox.BlankNode]]] = []
            for c in sorted(by_class):
                group, hit = self.members[c], by_class[c]
                if len(group) < 2:
                    continue
                parts: dict[tuple[tuple[str, str, int], ...], list[ox.BlankNode]] = defaultdict(list)
                for node in hit:
                    parts[self.signature(node)].append(node)
                if len(hit) < len(group):  # the untouched members keep the class's colour
                    hit_set = set(hit)
                    stays = self.signature(next(n for n in group if n not in hit_set))
                    parts.pop(stays, None)
                else:  # all touched: the largest part keeps it (then the lowest signature), so few nodes move
                    parts.pop(min(parts, key=lambda sig: (-len(parts[sig]), sig)))
                moves += [(c, parts[sig]) for sig in sorted(parts)]
            moved: set[ox.BlankNode] = set()
            for c, nodes in moves:
                new = self.next
                for node in nodes:
                    self.members[c].discard(node)
                    self.colour[node] = new
                    self.members[new].add(node)
                    moved.add(node)
                self.next += 1
                if len(nodes) > 1:
                    self.tied.add(new)
                if len(self.members[c]) < 2:
                    self.tied.discard(c)
            touched = {m for n in moved for _, _, m in self.edges[n]}


def _rank(keys: dict[ox.BlankNode, Any]) -> dict[ox.BlankNode, int]:
    """Each node's key replaced by its rank among the distinct keys (label-independent colours)."""
    order = {key: i for i, key in enumerate(sorted(set(keys.values())))}
    return {n: order[key] for n, key in keys.items()}


def _rdfc(triples: list[ox.Triple]) -> list[ox.Triple]:
    """RDFC-1.0 as pyoxigraph implements it (labels c14n0, c14n1, …)."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
