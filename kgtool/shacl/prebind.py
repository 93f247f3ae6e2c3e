"""SHACL-SPARQL's pre-bound variables, honoured when one query runs for all focus nodes at once.

SHACL defines ``$this`` (section 5.3.1), and ``$value`` in an ASK validator and a component's
parameters (section 6), as *pre-bound*: the query is evaluated as if every occurrence of the
variable were replaced by its value (appendix A, "Pre-binding of Variables in SPARQL Queries").
The fast engine runs the query once for all focus nodes, joining ``?this`` with the focus set at
the top of the query. A join gives the substitution's answer wherever the variable is matched by
a triple pattern, but not where an *expression* (a ``FILTER``, a ``BIND``, an ``EXISTS``) uses it
in a nested group or ``UNION`` branch that does not itself bind it: SPARQL evaluates that group
first, with the variable unbound. ``inject`` puts the pattern binding the variable into each such
group too, so every occurrence sees it bound.

The same appendix forbids what this cannot make sound, and a processor must report a failure
for such a query: ``MINUS``, ``VALUES``, ``SERVICE``, a subquery that does not project every
pre-bound variable, and ``AS`` rebinding one. ``forbidden`` names the rule a query breaks, in the
specification's words (a catalogue message, said in the reader's language), and cites the appendix.
pySHACL refuses the same queries, except a subquery in an ASK validator, which it runs.
"""

from __future__ import annotations

from kgtool.i18n.catalogue import Phrase
from kgtool.rdf.exists_rewrite import Tok, Unparsable, closing, render, tokenize

# SHACL 1.0, appendix A, pre-binding of variables in SPARQL queries, and its address
SPEC = Phrase("validate.forbidden.spec")


def forbidden(text: str, prebound: set[str]) -> Phrase | None:
    """The specification's reason the query may not be run with these pre-bound variables, or None."""
    try:
        tokens = tokenize(text)
    except Unparsable:
        return None
    for i, t in enumerate(tokens):
        up = t.upper
        if up in ("MINUS", "VALUES"):
            return Phrase("validate.forbidden.contains", word=up, spec=SPEC)
        if up == "SERVICE":
            return Phrase("validate.forbidden.service", spec=SPEC)
        if up == "AS" and i + 1 < len(tokens) and tokens[i + 1].kind == "var":
            name = tokens[i + 1].text[1:]
            if name in prebound:
                return Phrase("validate.forbidden.rebinds", variable="$" + name, spec=SPEC)
        if up == "SELECT" and i > 0 and tokens[i - 1].kind == "punct" and tokens[i - 1].text == "{":
            projected = _projection(tokens, i)
            missing = sorted(v for v in prebound if v not in projected)
            if missing:
                names = ", ".join(f"${v}" for v in missing)
                return Phrase("validate.forbidden.subquery", names=names, spec=SPEC)
    return None


def _projection(tokens: list[Tok], select: int) -> set[str]:
    """The variables a (sub)query's SELECT clause projects plainly."""
    out: set[str] = set()
    i = select + 1
    while i < len(tokens) and not (tokens[i].kind == "punct" and tokens[i].text == "{") and tokens[i].upper != "WHERE":
        t = tokens[i]
        if t.kind == "punct" and t.text == "(":
            i = closing(tokens, i) + 1
            continue
        if t.kind == "var":
            out.add(t.text[1:])
        i += 1
    return out


def inject(text: str, patterns: dict[str, str]) -> str:
    """The query with ``patterns[v]`` (a pattern binding ?v) added to every nested group in which an
    expression uses ?v while no triple pattern of that group binds it. The outermost group is left
    to the caller, who joins it with the focus set already."""
    tokens = tokenize(text)
    where = next((k for k, t in enumerate(tokens) if t.kind == "punct" and t.text == "{"), None)
    if where is None:
        return text
    inserts: dict[int, list[str]] = {}
    _scan(tokens, where, patterns, inserts, top=True)
    if not inserts:
        return text
    out: list[Tok] = []
    for k, t in enumerate(tokens):
        out.append(t)
        for pattern in inserts.get(k, []):
            out.append(Tok("other", pattern, " "))
    return render(out).strip()


def _scan(
    tokens: list[Tok], start: int, patterns: dict[str, str], inserts: dict[int, list[str]], top: bool
) -> set[str]:
    """Analyse the group opened at ``start``; returns the pre-bound variables its expressions (or
    those of its EXISTS bodies) use that its own triple patterns do not bind."""
    end = closing(tokens, start)
    if start + 1 < end and tokens[start + 1].upper == "SELECT":  # { SELECT … { … } }: the subquery's group
        inner = next(k for k in range(start + 1, end) if tokens[k].kind == "punct" and tokens[k].text == "{")
        _scan(tokens, inner, patterns, inserts, top=False)
        return set()
    binds: set[str] = set()
    uses: set[str] = set()
    i, paren, exists = start + 1, 0, False
    while i < end:
        t = tokens[i]
        if t.kind == "punct" and t.text == "{":
            inner_uses = _scan(tokens, i, patterns, inserts, top=False)
            after = closing(tokens, i) + 1
            if exists:  # an EXISTS body is substituted with this group's bindings: this group must bind
                uses |= {u.text[1:] for u in tokens[i:after] if u.kind == "var" and u.text[1:] in patterns}
            else:
                uses |= inner_uses
            i = after
            exists = False
            continue
        if t.upper == "EXISTS":
            exists = True
        elif t.kind == "punct" and t.text == "(":
            paren += 1
        elif t.kind == "punct" and t.text == ")":
            paren -= 1
        elif t.kind == "var" and t.text[1:] in patterns:
            (uses if paren > 0 else binds).add(t.text[1:])
        i += 1
    missing = uses - binds
    if missing and not top:
        inserts.setdefault(start, []).extend(dict.fromkeys(patterns[v] for v in sorted(missing)))
        return set()
    return missing
