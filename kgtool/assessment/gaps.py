"""The gap lists an NGO or donor asks for, each computed by one query in queries/gaps/:
processes lacking a dimension, processes with no legal basis, processes whose legal
conditions exist on paper while their rules are judged absent, processes a norm blocks
or restricts, and cells on which the section tables and the appendix disagree."""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.sparql.backends import Backend, boolean_value
from kgtool.vocab import FALLBACK_LANGUAGE as FALLBACK
from kgtool.vocab import KGO

GAP_QUERIES = {
    "missing-dimension": "missing-dimension",
    "no-legal-basis": "no-legal-basis",
    "rules-absent-despite-law": "rules-absent-despite-law",
    "blocked-or-restricted": "blocked-or-restricted",
    "appendix-disagreement": "appendix-disagreements",
}
VALUE_WORDS = {KGO + "Present": "present", KGO + "Absent": "absent"}


@dataclass(frozen=True)
class Gap:
    gap: str
    process: str
    label: str
    pair: str
    principal: str
    detail: str
    section: str


def gaps(
    backend: Backend,
    kinds: list[str] | None = None,
    dimension: str | None = None,
    pair: str | None = None,
    principal: str | None = None,
    lang: str = "en",
) -> list[Gap]:
    from kgtool.sparql.named import named

    chosen = kinds or list(GAP_QUERIES)
    if dimension and not kinds:
        chosen = ["missing-dimension"]
    found: list[Gap] = []
    labels = _role_labels(backend, lang)
    for kind in chosen:
        query = named(GAP_QUERIES[kind])
        params: dict[str, str | None] = {"pair": pair, "principal": principal, "lang": lang}
        if kind == "missing-dimension":
            params["dimension"] = dimension
        table = backend.select(query.bind(params))
        for row in table.rows:
            v = {k: t["value"] for k, t in row.items()}
            found.append(
                Gap(
                    kind,
                    v["process"],
                    v.get("label", ""),
                    v["pair"],
                    v["principal"],
                    _detail(kind, v, labels),
                    v.get("section", ""),
                )
            )
    return found


def _detail(kind: str, v: dict[str, str], labels: dict[str, str]) -> str:
    if kind == "missing-dimension":
        return f"{v.get('dimensionLabel', v['dimension'])} absent"
    if kind == "no-legal-basis":
        return "no norm establishes or regulates it" + (
            " (excluded from the assessment)" if boolean_value(v.get("excluded")) else ""
        )
    if kind == "rules-absent-despite-law":
        return f"{v['norms']} norm(s) establish or regulate it, yet its rules and standards are judged absent"
    if kind == "blocked-or-restricted":
        return f"{labels.get(v['role'], v['role'])} by {v.get('normLabel', v['norm'])}"
    if kind == "appendix-disagreement":
        dim = labels.get(v["dimension"], v["dimension"].rsplit("#", 1)[-1])
        return (
            f"{dim}: section table says {VALUE_WORDS[v['sectionValue']]}, "
            f"appendix says {VALUE_WORDS[v['appendixValue']]} (appendix lines {v.get('appendixLines', '?')})"
        )
    return ""


def _role_labels(backend: Backend, lang: str) -> dict[str, str]:
    """Labels of the ontology's individuals used in details (roles, dimensions), in the reader's language."""
    from kgtool.sparql.named import named

    labels: dict[str, str] = {}
    for cls in (KGO + "CitationRole", KGO + "Dimension"):
        for row in backend.select(named("labels-of-class").bind({"class": cls, "lang": lang})).rows:
            labels[row["entity"]["value"]] = row["label"]["value"]
    return labels


__all__ = ["FALLBACK", "GAP_QUERIES", "Gap", "gaps"]
