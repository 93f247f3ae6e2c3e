"""Legal look-ups a researcher asks for: what an article of an act underpins, restricts
or blocks (including when it sits inside a cited range of articles), and what the legal
basis of a process is."""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.sparql.backends import Backend
from kgtool.sparql.named import named
from kgtool.vocab import KGO

TARGET_KIND = {
    KGO + "AccountabilityProcess": "process",
    KGO + "OversightBody": "observer",
    KGO + "MassMedia": "observer",
    KGO + "Recommendation": "recommendation",
}


@dataclass(frozen=True)
class ArticleUse:
    target: str
    target_label: str
    kind: str
    role: str
    role_label: str
    provision: str
    provision_label: str
    section: str
    lines: str


@dataclass(frozen=True)
class BasisItem:
    role: str
    role_label: str
    norm: str
    norm_label: str
    act: str
    act_label: str
    note: str
    section: str
    lines: str


def article_uses(backend: Backend, act: str, article: int, lang: str = "en") -> list[ArticleUse]:
    table = backend.select(named("article-underpins").bind({"act": act, "article": str(article), "lang": lang}))
    roles = _labels(backend, KGO + "CitationRole", lang)
    out = []
    for row in table.rows:
        v = {k: t["value"] for k, t in row.items()}
        out.append(
            ArticleUse(
                v["target"],
                v.get("targetLabel", ""),
                TARGET_KIND.get(v["targetType"], "other"),
                v["role"],
                roles.get(v["role"], v["role"]),
                v["provision"],
                v.get("provisionLabel", ""),
                v["section"],
                v.get("lines", ""),
            )
        )
    return out


def process_basis(backend: Backend, process: str, lang: str = "en") -> list[BasisItem]:
    table = backend.select(named("process-basis").bind({"process": process, "lang": lang}))
    roles = _labels(backend, KGO + "CitationRole", lang)
    out = []
    for row in table.rows:
        v = {k: t["value"] for k, t in row.items()}
        out.append(
            BasisItem(
                v["role"],
                roles.get(v["role"], v["role"]),
                v["norm"],
                v.get("normLabel", ""),
                v["act"],
                v.get("actLabel", ""),
                v.get("note", ""),
                v["section"],
                v.get("lines", ""),
            )
        )
    return out


def _labels(backend: Backend, class_iri: str, lang: str) -> dict[str, str]:
    table = backend.select(named("labels-of-class").bind({"class": class_iri, "lang": lang}))
    return {row["entity"]["value"]: row["label"]["value"] for row in table.rows}
