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
        for v in table.plain_rows():
            found.append(
                Gap(
                    kind,
                    v["process"],
                    v.get("label", ""),
                    v["pair"],
                    v["principal"],
                    _detail(kind, v, labels, lang),
                    v.get("section", ""),
                )
            )
    return found


def _detail(kind: str, v: dict[str, str], labels: dict[str, str], lang: str) -> str:
    """What one gap is, in the reader's language (the same sentences as the report's)."""
    from kgtool.i18n.catalogue import t

    if kind == "missing-dimension":
        return t("g_missing", lang, dims=v.get("dimensionLabel", v["dimension"]))
    if kind == "no-legal-basis":
        return t("g_no_basis", lang) + (t("g_no_basis_excluded", lang) if boolean_value(v.get("excluded")) else "")
    if kind == "rules-absent-despite-law":
        return t("g_rules_absent", lang, n=v["norms"])
    if kind == "blocked-or-restricted":
        return t("g_blocked", lang, role=labels.get(v["role"], v["role"]), norm=v.get("normLabel", v["norm"]))
    if kind == "appendix-disagreement":
        return t(
            "g_appendix",
            lang,
            dim=labels.get(v["dimension"], v["dimension"].rsplit("#", 1)[-1]),
            a=labels.get(v["sectionValue"], VALUE_WORDS[v["sectionValue"]]),
            b=labels.get(v["appendixValue"], VALUE_WORDS[v["appendixValue"]]),
            lines=v.get("appendixLines", "?"),
        )
    return ""


def _role_labels(backend: Backend, lang: str) -> dict[str, str]:
    """Labels of the ontology's individuals used in details (roles, dimensions, cell values), in
    the reader's language."""
    from kgtool.sparql.named import named

    labels: dict[str, str] = {}
    for cls in (KGO + "CitationRole", KGO + "Dimension", KGO + "CellValue"):
        for row in backend.select(named("labels-of-class").bind({"class": cls, "lang": lang})).rows:
            labels[row["entity"]["value"]] = row["label"]["value"]
    return labels


__all__ = ["FALLBACK", "GAP_QUERIES", "Gap", "gaps"]
