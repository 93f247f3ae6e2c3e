"""Rewriting ``FILTER [NOT] EXISTS { … }`` into joins, so Oxigraph evaluates SHACL-SPARQL in bulk fast.

Oxigraph plans the pattern inside ``EXISTS`` as if none of its variables were bound,
so a constraint like "lines outside every section" run over all resources at once costs
a scan per row (4 s at 100k triples, minutes at 1M). A join runs in milliseconds. For a
group G holding ``FILTER NOT EXISTS { P }`` this module writes

    G' MINUS { SELECT DISTINCT K WHERE { core(G) P } }

and for ``FILTER EXISTS { P }`` the same subquery as a join, where K are the variables P
shares with G and core(G) is G's triple patterns, BINDs, VALUES and subqueries (what
binds K). The two forms give the same solutions when every variable of K is bound in
each solution of G; a variable of K that G binds only by BIND (or as an aggregate of a
subquery) may be unbound, so it is compared through a key ``COALESCE(?v, <unbound>)``
computed the same way on both sides. A filter the analysis cannot prove safe is left as
written: the query is then slower, never different. Only what SHACL-SPARQL constraints
and targets in shapes/ need is parsed: prologue-free SELECT queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = re.compile(
    r'''
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<op>&&|\|\||<=|>=|!=|\^\^)
  | (?P<punct>[{}()\[\].,;|/^*+?!=<>-])
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.%:]*[A-Za-z0-9_\-%:])?|:[A-Za-z0-9_\-.%:]*|(?:[0-9]+\.[0-9]+|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
''',
    re.VERBOSE,
)

UNBOUND = "<urn:kgtool:unbound>"
KEYWORDS = {"FILTER", "OPTIONAL", "MINUS", "BIND", "VALUES", "GRAPH", "SERVICE", "UNION"}


class Unparsable(ValueError):
    """The query uses syntax this module does not analyse."""


@dataclass
class Tok:
    kind: str
    text: str
    pre: str = " "  # the whitespace before the token in the source (comments dropped)

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokenize(text: str) -> list[Tok]:
    out, pos, pre = [], 0, ""
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise Unparsable(f"cannot read the query at {text[pos : pos + 20]!r}")
        pos = m.end()
        if m.lastgroup == "ws":
            pre += " " if m.group().startswith("#") else m.group()
        else:
            out.append(Tok(m.lastgroup or "", m.group(), pre))
            pre = ""
    return out


def render(tokens: list[Tok]) -> str:
    """The tokens as written, with their original spacing (a leading space keeps them apart)."""
    return " " + "".join(t.pre + t.text for t in tokens)


def closing(tokens: list[Tok], start: int) -> int:
    """Index of the bracket closing the one at ``start``."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    depth, opener = 0, tokens[start].text
    if tokens[start].kind != "punct" or opener not in pairs:
        # e.g. FILTER <http://f>(?x): a function named by an IRI, which this module does not analyse
        raise Unparsable(f"expected a bracket, found {opener!r}")
    for i in range(start, len(tokens)):
        if tokens[i].kind == "punct" and tokens[i].text == opener:
            depth += 1
        elif tokens[i].kind == "punct" and tokens[i].text == pairs[opener]:
            depth -= 1
            if depth == 0:
                return i
    raise Unparsable("unbalanced brackets")


def variables(tokens: list[Tok]) -> set[str]:
    return {t.text[1:] for t in tokens if t.kind == "var"}


# --- group graph patterns ------------------------------------------------------------------------------


@dataclass
class Element:
    kind: str  # triples | filter | exists | optional | minus | bind | values | group | other
    tokens: list[Tok]
    negated: bool = False  # for exists: NOT EXISTS
    body: Group | None = None  # for exists, group, optional, minus: the inner group
    subquery: Query | None = None  # for a { SELECT … } group


@dataclass
class Group:
    elements: list[Element] = field(default_factory=list)

    def render(self) -> str:
        return "{ " + " ".join(render_element(e) for e in self.elements) + " }"


@dataclass
class Query:
    """SELECT [DISTINCT] projection WHERE group modifiers (no prologue)."""

    head: list[Tok]
    where: Group
    tail: list[Tok]

    def render(self) -> str:
        return f"{render(self.head)} {self.where.render()} {render(self.tail)}".strip()

    def projected(self) -> tuple[set[str], set[str]]:
        """(plainly projected variables, variables projected as expressions)."""
        plain, computed, i = set(), set(), 1
        head = self.head
        while i < len(head):
            t = head[i]
            if t.kind == "punct" and t.text == "(":
                end = closing(head, i)
                if end - 1 > i and head[end - 1].kind == "var":
                    computed.add(head[end - 1].text[1:])
                i = end + 1
                continue
            if t.kind == "var":
                plain.add(t.text[1:])
            if t.kind == "punct" and t.text == "*":
                raise Unparsable("SELECT * is not analysed")
            i += 1
        return plain, computed


def render_element(e: Element) -> str:
    if e.kind == "exists":
        assert e.body is not None
        return ("FILTER NOT EXISTS " if e.negated else "FILTER EXISTS ") + e.body.render()
    if e.kind in ("group", "semijoin") and e.subquery is not None:
        return "{ " + e.subquery.render() + " }"
    if e.kind in ("group", "optional", "minus") and e.body is not None:
        prefix = {"group": "", "optional": "OPTIONAL ", "minus": "MINUS "}[e.kind]
        return prefix + e.body.render()
    return render(e.tokens)


def parse_query(text: str) -> Query:
    return _query(tokenize(text))


def _query(tokens: list[Tok]) -> Query:
    if not tokens or tokens[0].upper != "SELECT":
        raise Unparsable("only SELECT queries are analysed")
    i = next((k for k, t in enumerate(tokens) if t.kind == "punct" and t.text == "{"), None)
    if i is None:
        raise Unparsable("no WHERE clause")
    head = tokens[:i]
    if head and head[-1].upper == "WHERE":
        head = head[:-1]
    end = closing(tokens, i)
    return Query(head, _group(tokens[i + 1 : end]), tokens[end + 1 :])


def _group(tokens: list[Tok]) -> Group:
    g, i, n = Group(), 0, len(tokens)
    triples: list[Tok] = []

    def flush() -> None:
        nonlocal triples
        if triples:
            g.elements.append(Element("triples", triples))
            triples = []

    while i < n:
        t = tokens[i]
        up = t.upper
        if up == "FILTER":
            flush()
            j = i + 1
            negated = False
            if tokens[j].upper == "NOT" and j + 1 < n and tokens[j + 1].upper == "EXISTS":
                negated, j = True, j + 1
            if tokens[j].upper == "EXISTS":
                end = closing(tokens, j + 1)
                g.elements.append(Element("exists", tokens[i : end + 1], negated, _group(tokens[j + 2 : end])))
                i = end + 1
                continue
            if tokens[j].kind == "word":  # FILTER fn(...)
                j += 1
            end = closing(tokens, j)
            g.elements.append(Element("filter", tokens[i : end + 1]))
            i = end + 1
        elif up in ("OPTIONAL", "MINUS"):
            flush()
            end = closing(tokens, i + 1)
            g.elements.append(Element(up.lower(), tokens[i : end + 1], body=_group(tokens[i + 2 : end])))
            i = end + 1
        elif up == "BIND":
            flush()
            end = closing(tokens, i + 1)
            g.elements.append(Element("bind", tokens[i : end + 1]))
            i = end + 1
        elif up == "VALUES":
            flush()
            j = i + 1
            if tokens[j].kind == "punct" and tokens[j].text == "(":
                j = closing(tokens, j) + 1
            else:
                j += 1
            end = closing(tokens, j)
            g.elements.append(Element("values", tokens[i : end + 1]))
            i = end + 1
        elif up in ("GRAPH", "SERVICE"):
            flush()
            j = i + 1
            while not (tokens[j].kind == "punct" and tokens[j].text == "{"):
                j += 1
            end = closing(tokens, j)
            g.elements.append(Element("other", tokens[i : end + 1]))
            i = end + 1
        elif t.kind == "punct" and t.text == "{":
            flush()
            end = closing(tokens, i)
            inner = tokens[i + 1 : end]
            start = i
            i = end + 1
            if i < n and tokens[i].upper == "UNION":  # a union is kept whole, never analysed inside
                while i < n and tokens[i].upper == "UNION":
                    i = closing(tokens, i + 1) + 1
                g.elements.append(Element("other", tokens[start:i]))
            elif inner and inner[0].upper == "SELECT":
                g.elements.append(Element("group", tokens[start:i], subquery=_query(inner)))
            else:
                g.elements.append(Element("group", tokens[start:i], body=_group(inner)))
        elif t.kind == "punct" and t.text == "." and not triples:
            i += 1
        else:
            if t.kind == "punct" and t.text in "[(":
                end = closing(tokens, i)
                triples.extend(tokens[i : end + 1])
                i = end + 1
                continue
            triples.append(t)
            i += 1
    flush()
    return g


# --- binding analysis -----------------------------------------------------------------------------------


def bound_in(g: Group) -> tuple[set[str], set[str], set[str]]:
    """(certainly bound, possibly bound by BIND or aggregate, mentioned elsewhere) variables of a group."""
    certain: set[str] = set()
    maybe: set[str] = set()
    other: set[str] = set()
    for e in g.elements:
        if e.kind == "triples":
            certain |= variables(e.tokens)
        elif e.kind == "bind":
            maybe.add(e.tokens[-2].text[1:])
            other |= variables(e.tokens[:-2])
        elif e.kind == "group" and e.subquery is not None:
            plain, computed = e.subquery.projected()
            c, m, _ = bound_in(e.subquery.where)
            certain |= plain & c
            maybe |= (plain - c) | computed
        elif e.kind == "group" and e.body is not None:
            c, m, o = bound_in(e.body)
            certain |= c
            maybe |= m
            other |= o
        elif e.kind == "values" and not any(t.upper == "UNDEF" for t in e.tokens):
            # inline data without UNDEF binds each of its variables in every solution: the engine's
            # focus nodes (VALUES ?this { ... }) are such a block, and a constraint's NOT EXISTS on
            # ?this is then rewritable (left as written it costs a scan per focus node and value)
            certain |= variables(e.tokens)
        elif e.kind in ("exists", "semijoin", "minus-added", "absent"):
            pass
        else:
            other |= variables(e.tokens)
    return certain, maybe - certain, other - certain - maybe


def rewrite_query(text: str, as_set: bool = False) -> str:
    """The query with every safely rewritable FILTER [NOT] EXISTS turned into a join or MINUS.
    ``as_set``: the caller reads the rows as a set (a SPARQL target's focus nodes), so how many
    times a row comes does not matter, as in a ``SELECT DISTINCT`` (see ``_found``)."""
    q = parse_query(text)
    _rewrite_group(q.where, [0], set_like=_set_like(q, as_set))
    return q.render()


def _set_like(q: Query, outer: bool) -> bool:
    """Whether the multiplicity of the query's WHERE solutions cannot change its rows: a plain
    ``SELECT DISTINCT`` of variables, or (``outer``: the caller reads a set) a plain SELECT of
    variables without LIMIT or OFFSET; never with GROUP BY, an expression or ``*`` in the head.

    A ``SELECT DISTINCT … LIMIT n`` without ORDER BY counts as a set too: which n rows it gives is
    the engine's choice (SPARQL leaves the order of solutions open), so the rewritten query's n rows
    are as much its answer as the original's; the engine's own such query (``Compiler.focus``'s
    probe of LIMIT 2001) uses the rows only when there are 2,000 or fewer, all of them."""
    head = {t.text.upper() for t in q.head}
    tail = {t.text.upper() for t in q.tail}
    if head & {"(", "*"} or tail & {"GROUP", "HAVING"}:
        return False
    return "DISTINCT" in head or (outer and not tail & {"LIMIT", "OFFSET"})


def optimise(text: str) -> str:
    """A SELECT query (with its PREFIX/BASE prologue) rewritten for Oxigraph, or the text unchanged
    when it is not a SELECT, has no EXISTS and no MINUS to move (``minus_first``), or uses syntax
    this module does not analyse."""
    upper = text.upper()
    exists = "EXISTS" in upper
    if not exists and "MINUS" not in upper:
        return text
    try:
        tokens = tokenize(text)
        start = next((i for i, t in enumerate(tokens) if t.upper == "SELECT"), None)
        if (
            start is None
            or any(t.text in "{}" for t in tokens[:start])
            or (start and tokens[0].upper not in ("PREFIX", "BASE"))
        ):
            return text
        prologue = render(tokens[:start])
        q = _query(tokens[start:])
        if exists:
            _rewrite_group(q.where, [0], set_like=_set_like(q, False))
        if not minus_first(q.where) and not exists:
            return text
        return prologue + "\n" + q.render()
    except (Unparsable, IndexError):
        return text


def _rewrite_group(g: Group, counter: list[int], optional_body: bool = False, set_like: bool = False) -> None:
    """``optional_body``: g is the group of an OPTIONAL, whose filters see the solutions it extends.
    ``set_like``: how many times a solution of g comes cannot change the query's rows."""
    for e in g.elements:
        if e.subquery is not None:
            _rewrite_group(e.subquery.where, counter, set_like=_set_like(e.subquery, set_like))
        elif e.kind in ("group", "optional", "minus") and e.body is not None:
            _rewrite_group(e.body, counter, e.kind == "optional", set_like and e.kind == "group")
    _rewrite_filters(g, counter, optional_body, set_like)


def _rewrite_filters(g: Group, counter: list[int], optional_body: bool, set_like: bool) -> None:
    """The group's own FILTER [NOT] EXISTS, one after another (its subgroups are done)."""
    while True:
        target = next((e for e in g.elements if e.kind == "exists" and _simple(e.body)), None)
        if target is None:
            return
        if target.negated and not optional_body and _absent(g, target, counter):
            continue
        if not target.negated and set_like and not optional_body and _found(g, target, counter):
            return  # the rest of the group, its other filters included, is rewritten inside
        if not _rewrite_one(g, target, counter):
            return


def _found(g: Group, target: Element, counter: list[int]) -> bool:
    """``FILTER EXISTS { P }`` in a group whose solutions are read as a set, as
    ``{ rest } OPTIONAL { P BIND (true AS ?f) } FILTER (BOUND(?f))``: P is looked up for each
    solution the rest of the group (its other filters applied first) leaves, where the join form
    computes P over the whole graph. A solution with a match comes once per match, which the set
    does not see; P's own variables are renamed, so nothing outside sees them; every variable P
    shares with the rest is bound in each of its solutions, so the OPTIONAL only adds P's own
    (an unbound one would be bound by P's match: then the join form, ``_rewrite_one``). At 1M the
    "lines in a section" target: the lines outside every section of a fact are found first and
    none is left to look up, 0.89 -> 0.72 s; the "one label per language" target computes its
    grouped labels once instead of twice."""
    assert target.body is not None
    if any(t.upper == "EXISTS" for e in target.body.elements for t in e.tokens):
        return False
    rest = [e for e in g.elements if e is not target]
    outer = _all_variables(rest)
    inner = set().union(*(variables(e.tokens) for e in target.body.elements))
    shared = inner & outer
    certain, _, _ = bound_in(Group(rest))
    if not shared or not shared <= certain or _lookup(target.body, shared):
        return False
    body, n = _renamed(target.body, outer, counter)
    flag = f"?__found{n}"
    nested = Group(rest)
    _rewrite_filters(nested, counter, False, True)
    added = tokenize(f"OPTIONAL {{ {body} BIND (true AS {flag}) }}")
    g.elements = [
        Element("group", [], body=nested),
        Element("absent", added),
        Element("filter", tokenize(f"FILTER (BOUND({flag}))")),
    ]
    return True


def minus_first(g: Group) -> bool:
    """Move each ``MINUS`` of a group (and of its subgroups and subqueries) next to the group's
    opening triple patterns and VALUES blocks, as ``{ T MINUS { … } } rest``, when every variable
    the MINUS shares with the rest of the group is bound by T in every solution; True if one moved.

    The other elements of a group only extend T's solutions (a join, an OPTIONAL, a BIND) or drop
    some (a FILTER, another MINUS), and none binds a variable of the MINUS that T does not bind
    already: whether a solution is removed is decided by its part from T alone, so removing it
    before or after them gives the same solutions, with the same multiplicities. Oxigraph does
    exactly what the query says, in order: a constraint that names its dimensions' labels in three
    OPTIONALs before the MINUS that keeps only the pairs without a cell looked the labels up for
    every process and dimension (at 1M 0.40 -> 0.24 s). OPTIONAL and MINUS bodies are left alone."""
    moved = False
    for e in g.elements:
        if e.subquery is not None:
            moved |= minus_first(e.subquery.where)
        elif e.kind == "group" and e.body is not None:
            moved |= minus_first(e.body)
    prefix = 0
    while prefix < len(g.elements) and g.elements[prefix].kind in ("triples", "values"):
        prefix += 1
    if prefix == 0:
        return moved
    head = g.elements[:prefix]
    certain, _, _ = bound_in(Group(head))
    early = []
    minus = ("minus", "minus-added")
    for i in range(prefix + 1, len(g.elements)):
        e = g.elements[i]
        if e.kind not in minus or all(x.kind in minus for x in g.elements[prefix:i]):
            continue  # right after T (or after other MINUS only) is where it would go
        others = _all_variables(g.elements[:i] + g.elements[i + 1 :])
        if _all_variables([e]) & others <= certain:
            early.append(e)
    if not early:
        return moved
    rest = [e for e in g.elements[prefix:] if not any(e is m for m in early)]
    g.elements = [Element("group", [], body=Group(head + early))] + rest
    return True


def _all_variables(elements: list[Element]) -> set[str]:
    """Every variable written in the elements, nested groups and subqueries included (a superset
    of those in scope: enough to prove a variable is not there)."""
    return variables(tokenize(" ".join(render_element(e) for e in elements)))


def _simple(body: Group | None) -> bool:
    return body is not None and all(e.kind in ("triples", "filter") for e in body.elements)


def _absent(g: Group, target: Element, counter: list[int]) -> bool:
    """``FILTER NOT EXISTS { P }`` as ``OPTIONAL { P BIND (true AS ?f) } FILTER (!BOUND(?f))`` at the
    end of the group: the same solutions whatever G binds or leaves unbound. The OPTIONAL's left
    side is the whole group, the solutions the filter would be evaluated on; a solution extended by
    P's match is one for which EXISTS is true (a filter at the top of P's group is the OPTIONAL's
    condition and sees the solution's bindings, as EXISTS substitutes them), and only the solutions
    without any match remain, once each. P's own variables (those G never mentions) are renamed, so
    nothing else in the group can see them. Oxigraph evaluates the OPTIONAL per solution with its
    bindings, an index look-up each, where the MINUS form computes the group twice; not used in an
    OPTIONAL's own group, whose filters are that OPTIONAL's condition (False: not rewritten here)."""
    assert target.body is not None
    if any(t.upper == "EXISTS" for e in target.body.elements for t in e.tokens):
        return False
    if not any(e.kind == "filter" for e in target.body.elements):
        return False  # P alone is a join Oxigraph computes once either way: the MINUS form is as fast
    rest = [e for e in g.elements if e is not target]
    outer = _mentioned(rest)
    body, n = _renamed(target.body, outer, counter)
    flag = f"?__matched{n}"
    added = tokenize(f"OPTIONAL {{ {body} BIND (true AS {flag}) }}")
    g.elements = rest + [Element("absent", added), Element("filter", tokenize(f"FILTER (!BOUND({flag}))"))]
    return True


def _renamed(body: Group, outer: set[str], counter: list[int]) -> tuple[str, int]:
    """P's text with its own variables (those ``outer`` lacks) renamed ``?__local<n>_…``, and n."""
    counter[0] += 1
    n = counter[0]
    out = []
    for e in body.elements:
        for t in e.tokens:
            local = t.kind == "var" and t.text[1:] not in outer
            out.append(Tok(t.kind, f"?__local{n}_{t.text[1:]}", t.pre) if local else t)
        out.append(Tok("other", "", " "))
    return render(out), n


def _rewrite_one(g: Group, target: Element, counter: list[int]) -> bool:
    assert target.body is not None
    rest = [e for e in g.elements if e is not target]
    certain, maybe, _ = bound_in(Group(rest))
    inner = set()
    for e in target.body.elements:
        inner |= variables(e.tokens)
    shared = inner & (certain | maybe | _mentioned(rest))
    if not shared or not shared <= certain | maybe:
        target.kind = "exists-kept"  # not provably equivalent: leave as written
        return True
    if _lookup(target.body, shared):
        target.kind = "exists-kept"  # Oxigraph answers it per solution by looking the two ends up
        return True
    optional_vars = set()
    for e in rest:
        if e.kind in ("optional", "other", "values", "exists-kept"):
            optional_vars |= variables(e.tokens)
    if (shared & maybe) & optional_vars:
        target.kind = "exists-kept"
        return True
    core = _needed([e for e in rest if e.kind in ("triples", "bind", "values", "group")], shared)
    if _alone(target.body, shared, certain, core):
        core = []
    keys: list[str] = []
    key_binds: list[str] = []
    for v in sorted(shared):
        if v in certain:
            keys.append(f"?{v}")
        else:
            counter[0] += 1
            k = f"?__key{counter[0]}_{v}"
            keys.append(k)
            key_binds.append(f"BIND (COALESCE(?{v}, {UNBOUND}) AS {k})")
    inner_text = (
        " ".join(render_element(e) for e in core)
        + " "
        + " ".join(key_binds)
        + " "
        + " ".join(render_element(e) for e in target.body.elements)
    )
    select = f"SELECT DISTINCT {' '.join(keys)} WHERE {{ {inner_text} }}"
    binds = [Element("bind", tokenize(b)) for b in key_binds]
    if target.negated and not core and not key_binds:
        # P alone, every shared variable bound in each solution of G: MINUS compares only the
        # variables both sides bind, and P's own (renamed) are not G's, so P is the MINUS itself,
        # without the subquery's projection and DISTINCT (a hash of every key computed only to be
        # hashed again; at 1M the "every dimension assessed" constraint 0.26 -> 0.16 s)
        body, _ = _renamed(target.body, _mentioned(rest), counter)
        g.elements = rest + [Element("minus-added", tokenize(f"MINUS {{ {body} }}"))]
        return True
    if target.negated:
        added = Element("minus-added", tokenize(f"MINUS {{ {select} }}"))
    else:
        added = Element("semijoin", [], subquery=parse_query(select))  # restricts G, binds nothing new
    g.elements = rest + binds + [added]
    return True


def _lookup(body: Group, shared: set[str]) -> bool:
    """Whether P is one triple pattern (its predicate possibly a path) whose subject and object
    are both terms or variables G binds: EXISTS then asks whether one statement (or one path
    between two given nodes) is there, which Oxigraph answers per solution from its indexes,
    where the join form would compute the pattern for every subject and object first (at a
    million statements, rdf:type/rdfs:subClassOf* for every typed node: 0.66 s against 0.04 s)."""
    if len(body.elements) != 1 or body.elements[0].kind != "triples":
        return False
    tokens = body.elements[0].tokens
    if tokens and tokens[-1].kind == "punct" and tokens[-1].text == ".":
        tokens = tokens[:-1]
    if len(tokens) < 3 or any(t.kind == "punct" and t.text in ".;,[" for t in tokens):
        return False
    ends = (tokens[0], tokens[-1])
    return all(t.kind in ("iri", "word") or (t.kind == "var" and t.text[1:] in shared) for t in ends)


def _alone(body: Group, shared: set[str], certain: set[str], core: list[Element]) -> bool:
    """Whether P can be asked without core(G): it is triple patterns alone binding every shared
    variable, each shared variable is bound in every solution of G, and no VALUES block of G gives
    one (``VALUES ?this``: the engine's few focus nodes, which would make P alone the larger query). P's solutions,
    projected on the shared variables, are then exactly the keys for which EXISTS is true, and
    P is computed once instead of joined with the group again (at 1M: the "dimension assessed
    once" constraint 0.47 -> 0.32 s, the "lines in a section" target 1.29 -> 1.03 s)."""
    if not shared <= certain or any(e.kind != "triples" for e in body.elements):
        return False
    if any(e.kind == "values" and variables(e.tokens) & shared for e in core):
        return False
    bound = set().union(*(variables(e.tokens) for e in body.elements))
    return shared <= bound


def _needed(core: list[Element], shared: set[str]) -> list[Element]:
    """The part of core(G) that binds the shared variables: its triple patterns, the BINDs computing
    a variable they or a shared variable need (and the variables those read, in turn), and the
    VALUES blocks and subgroups binding any of these. What is left out (a BIND nothing shared
    reads) only restricts G further, so the subquery's rows become more, never fewer; each still
    has P's match on the shared variables alone, so a solution of G finds its own keys among them
    exactly when EXISTS would be true for it. Each BIND left out is work the subquery saves."""
    needed = set(shared)
    for e in core:
        if e.kind == "triples":
            needed |= variables(e.tokens)  # a VALUES block or group joined with them keeps them selective
    while True:
        more = {
            v for e in core if e.kind == "bind" and e.tokens[-2].text[1:] in needed for v in variables(e.tokens[:-2])
        }
        if more <= needed:
            break
        needed |= more
    out = []
    for e in core:
        if e.kind == "bind":
            keep = e.tokens[-2].text[1:] in needed
        elif e.kind == "triples":
            keep = True
        else:
            certain, maybe, _ = bound_in(Group([e]))
            keep = bool((certain | maybe) & needed)
        if keep:
            out.append(e)
    return out


def _mentioned(elements: list[Element]) -> set[str]:
    out: set[str] = set()
    for e in elements:
        out |= variables(e.tokens)
    return out
