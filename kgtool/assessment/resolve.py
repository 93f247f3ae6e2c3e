"""Resolving what a user types — an IRI, a local name, or a fragment of a label in any
language — to exactly one entity, or a clear error listing the candidates."""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.errors import UsageError
from kgtool.i18n.catalogue import t
from kgtool.iri import local_name
from kgtool.sparql.backends import Backend
from kgtool.sparql.named import named
from kgtool.vocab import KGO

# the error IDs for each kind of entity, written out whole so that each is declared in (and
# checked against) kgtool/errors/catalogue.py: (no match, several matches)
NAME_ERRORS = {
    "process": ("name#unknown-process", "name#ambiguous-process"),
    "pair": ("name#unknown-pair", "name#ambiguous-pair"),
    "actor": ("name#unknown-actor", "name#ambiguous-actor"),
    "dimension": ("name#unknown-dimension", "name#ambiguous-dimension"),
    "act": ("name#unknown-act", "name#ambiguous-act"),
}


def resolve(
    backend: Backend, text: str, class_iri: str, what: str, lang: str = "en", aliases: tuple[str, ...] = ()
) -> str:
    """The one entity of ``class_iri`` that ``text`` names, or a UsageError in ``lang`` listing
    the candidates (``what`` names the kind of entity in the error's ID) by the names it takes:
    ``aliases`` (short names the caller takes itself), then the entities' local names."""
    table = backend.select(named("entities").bind({"class": class_iri}))
    labels: dict[str, list[str]] = {}
    by_lang: dict[tuple[str, str], str] = {}  # (entity, language) -> its first label in that language
    for row in table.rows:
        entity = row["entity"]["value"]
        labels.setdefault(entity, [])
        if "label" in row:
            labels[entity].append(row["label"]["value"])
            by_lang.setdefault((entity, row["label"].get("xml:lang", "").split("-")[0]), row["label"]["value"])

    def shown(entity: str) -> str:
        """The label a listing shows: in the reader's language, else the study's Kyrgyz, else any."""
        found = by_lang.get((entity, lang)) or by_lang.get((entity, "ky"))
        return found or (labels[entity][0] if labels[entity] else entity)

    if text in labels:
        return text
    local = [e for e in labels if local_name(e, ignore_trailing_slash=True) == text]
    if len(local) == 1:
        return local[0]
    needle = text.casefold().strip()
    matches = sorted(e for e, ls in labels.items() if any(needle in label.casefold() for label in ls)) if needle else []
    if len(matches) == 1:
        return matches[0]
    kind = t(f"entity.{what}", lang)
    if not matches:
        listing = ", ".join([*aliases, *sorted(_taken(e) for e in labels)])
        raise UsageError(
            NAME_ERRORS[what][0],
            t("name.unknown", lang, what=kind, text=text),
            hint=t("name.unknown_hint", lang, what=kind, listing=listing),
        )
    listing = "; ".join(f"{_taken(m)} ({shown(m)})" for m in matches)
    raise UsageError(
        NAME_ERRORS[what][1],
        t("name.ambiguous", lang, what=kind, text=text, n=len(matches), listing=listing),
        hint=t("name.ambiguous_hint", lang),
    )


def _taken(entity: str) -> str:
    """The name of an entity a listing offers: its local name, which ``resolve`` takes (the part
    after the last "/" was "ontology#CitizenDemand" for a dimension, which it refused)."""
    return local_name(entity, ignore_trailing_slash=True)


@dataclass(frozen=True)
class LegalAct:
    """An act as `kgtool basis` names it: its short id, and its name in the reader's language
    (else the study's Kyrgyz; empty where it has none)."""

    iri: str
    short_id: str
    label: str


def legal_acts(backend: Backend, lang: str = "en") -> dict[str, LegalAct]:
    """Every act, keyed by IRI, from one run of queries/legal/legal-acts.rq: resolving the act a
    user typed and naming it in the reader's language read the same rows (and ran the query twice)."""
    table = backend.select(named("legal-acts").bind({"lang": lang}))
    out: dict[str, LegalAct] = {}
    for v in table.plain_rows():
        out.setdefault(v["act"], LegalAct(v["act"], v["shortId"], v.get("label", "")))
    return out


def resolve_act(backend: Backend, text: str, lang: str = "en", acts: dict[str, LegalAct] | None = None) -> str:
    """An act from its short id (``constitution``), its IRI, or a fragment of its name in any
    language that only one act's name contains (``Copenhagen``, ``прокуратур``). ``acts``: the
    acts a caller has already read with ``legal_acts`` (read here when not given)."""
    known = legal_acts(backend, lang) if acts is None else acts
    by_short_id = {a.short_id: a.iri for a in known.values()}
    if text in by_short_id:
        return by_short_id[text]
    if text in known:
        return text
    return resolve(backend, text, KGO + "LegalAct", "act", lang)


# the query parameters (``kgtool query --param``) that name an entity, with the class a short
# name is looked up in and the word its errors use; act and dimension have their own resolvers
ENTITY_PARAMETERS = {
    "process": (KGO + "AccountabilityProcess", "process"),
    "pair": (KGO + "PrincipalAgentPair", "pair"),
    "principal": (KGO + "Actor", "actor"),
    "act": (KGO + "LegalAct", "act"),
    "dimension": (KGO + "Dimension", "dimension"),
}

DIMENSIONS = {
    "rules": KGO + "RulesAndStandards",
    "demand": KGO + "CitizenDemand",
    "motivation": KGO + "Responsiveness",
    "enforcement": KGO + "Enforceability",
}


def resolve_dimension(backend: Backend, text: str, lang: str = "en") -> str:
    if text in DIMENSIONS:
        return DIMENSIONS[text]
    return resolve(backend, text, KGO + "Dimension", "dimension", lang, tuple(DIMENSIONS))
