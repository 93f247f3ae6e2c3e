"""What a user types for `kgtool cite` turned into one resource of the graph.

Accepted, in this order: a full IRI; the short forms ``id:PATH`` (the data namespace) and
``kgo:NAME`` (the ontology); an act's short id (``constitution``, as ``kgtool basis --act``
takes); the address or file of a published page (``…/kg/law/constitution/art/86.html``); and
the end of an IRI's path (``jk-elections``, ``process/jk-elections``, ``law/constitution/art/86``)
when exactly one resource has it; else part of a name in any language, as ``--process`` takes it. Anything else is a clear error naming what was typed.
"""

from __future__ import annotations

import re

from kgtool.errors import UsageError
from kgtool.i18n.catalogue import t
from kgtool.sparql.backends import Backend
from kgtool.sparql.named import named
from kgtool.vocab import DATA_NAMESPACE, KGO

PREFIXES = {"id:": DATA_NAMESPACE, "kgo:": KGO}
# the files of a published page and its data documents (kgtool publish)
PAGE_SUFFIX = re.compile(r"\.(html|ttl|jsonld|nt|rdf|bib|csl\.json|ris)$")
SHOWN = 12  # candidates listed in an error


def _matches(backend: Backend, name: str) -> list[str]:
    table = backend.select(named("resource-by-name").bind({"name": name}))
    return [row["resource"]["value"] for row in table.rows]


def _listing(found: list[str], lang: str) -> str:
    """The candidates an ambiguous name matched, the first few of them."""
    more = len(found) - SHOWN
    return ", ".join(found[:SHOWN]) + (" " + t("cite.and_more", lang, n=more) if more > 0 else "")


def resolve_resource(backend: Backend, text: str, lang: str = "en") -> str:
    typed = text.strip()
    if not typed:
        raise UsageError("cite#unknown-resource", t("cite.no_resource", lang), hint=t("cite.no_resource_hint", lang))
    for prefix, namespace in PREFIXES.items():
        if typed.startswith(prefix):
            typed = namespace + typed[len(prefix) :]
            break
    acts = {row["shortId"]["value"]: row["act"]["value"] for row in backend.select(named("legal-acts").bind({})).rows}
    if typed in acts:
        return acts[typed]
    names = [typed]
    page = PAGE_SUFFIX.sub("", typed)
    if page != typed:
        names.append(page)
    deferred: list[str] = []  # terms a bare word ends the IRI of (kgo:Constitution for "Constitution")
    for name in names:
        found = _matches(backend, name)
        if name in found:  # a whole IRI
            return name
        if found and "/" not in name and not any(f.startswith(DATA_NAMESPACE) for f in found):
            deferred = found  # a resource of the data named so wins over them (below)
            continue
        if "://" in name and name.startswith(DATA_NAMESPACE):
            continue  # an IRI of the data namespace that the graph does not hold: say so below
        if "://" in name:  # a page's address at another base: its path after the host
            path = name.split("://", 1)[1].split("/", 1)[-1]
            found = _by_path(backend, path)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listing = _listing(found, lang)
            raise UsageError(
                "cite#ambiguous-resource",
                t("cite.ambiguous_path", lang, text=text, n=len(found), listing=listing),
                hint=t("cite.ambiguous_path_hint", lang),
            )
    found, terms = _by_label(backend, typed)
    if deferred and not found:
        found = deferred
    elif deferred:
        terms = sorted(set(terms) | set(deferred))
    if len(found) == 1:
        return found[0]
    if found:
        listing = _listing(found, lang)
        hint = t("cite.ambiguous_name_hint", lang)
        if terms:  # the ontology's class of that name is there too, for whoever means it
            hint += "; " + t("cite.ambiguous_name_terms", lang, terms=", ".join(_short(term) for term in terms))
        raise UsageError(
            "cite#ambiguous-resource",
            t("cite.ambiguous_name", lang, text=text, n=len(found), listing=listing),
            hint=hint,
        )
    raise UsageError(
        "cite#unknown-resource",
        t("cite.unknown_resource", lang, text=text),
        hint=t("cite.unknown_resource_hint", lang),
    )


def _by_label(backend: Backend, text: str) -> tuple[list[str], list[str]]:
    """The resources with ``text`` in one of their names, in any language (as --process takes
    part of a label), a whole name winning over names that merely contain it; and the terms of
    the ontology (or of another vocabulary) that the text names wholly.

    A resource of the data named wholly wins over a term of that name. A term named wholly and
    resources of the data that merely contain the text are all listed: "Конституция" is the
    name of the class kgo:Constitution and a part of the names of the acts, and citing the
    class was silent; "Observer" is the class's name and a part of a recommendation's, and
    citing the recommendation was silent. ``kgo:NAME`` cites a term always."""
    needle = text.casefold().strip()
    if len(needle) < 3:
        return [], []
    whole: dict[bool, set[str]] = {True: set(), False: set()}
    part: dict[bool, set[str]] = {True: set(), False: set()}
    for row in backend.select(named("resource-names").bind({})).rows:
        resource = row["resource"]["value"]
        label = row["label"]["value"].casefold()
        in_data = resource.startswith(DATA_NAMESPACE)
        if needle == label:
            whole[in_data].add(resource)
        elif needle in label:
            part[in_data].add(resource)
    if whole[True]:
        return sorted(whole[True]), sorted(whole[False])
    if whole[False] and part[True]:
        # a term named wholly and resources of the data only in part ("Observer": the class, and a
        # recommendation about "the system's observers"): neither wins, the reader chooses
        return sorted(whole[False] | part[True]), sorted(whole[False])
    return sorted(whole[False] or part[True] or part[False]), []


def _short(term: str) -> str:
    """A term as ``kgtool cite`` takes it back: kgo:NAME for the ontology's, else its IRI."""
    return "kgo:" + term[len(KGO) :] if term.startswith(KGO) else term


def _by_path(backend: Backend, path: str) -> list[str]:
    """The resources whose IRI ends with the longest tail of ``path`` that names exactly one."""
    parts = [p for p in path.split("/") if p]
    for start in range(len(parts)):
        found = _matches(backend, "/".join(parts[start:]))
        if found:
            return found
    return []
