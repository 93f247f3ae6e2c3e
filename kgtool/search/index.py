"""The search index: every searchable resource with its texts, an inverted index of word stems
per language, ranking and snippets.

Ranking. A hit must match every word of the query in one language. Each query word scores
``idf × match × field`` at its best place in the resource's texts of that language:

* ``match`` is 1 for the same stem and 0.5 for a longer stem it begins, times 0.9 when the
  letters are the same only with ө, ү, ң read as о, у, н (``kgtool.search.words``): the letters
  the reader typed rank first, and a reader without a Kyrgyz keyboard still finds every hit;
* ``field`` is 3 in a name (``rdfs:label``), 2 in another name (``skos:altLabel``), 1 elsewhere;
* ``idf = ln(1 + N / n)``: N resources in the index, n of them matching the word, so a rare word
  weighs more than a common one.

A resource's score is the sum over the query's words, in its best language; ties are broken by
kind (``KINDS`` order), name and IRI, so the order is the same on every run and back end.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgtool.search.words import fold, matches, stem, words
from kgtool.vocab import KGO

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"

# kind (what --type takes) -> the classes of queries/search/texts.rq it covers; the order is the
# order of kinds among equally scored hits
KINDS: dict[str, tuple[str, ...]] = {
    "process": ("AccountabilityProcess",),
    "provision": ("Article", "ArticleRange", "ArticlePart", "Clause", "Paragraph"),
    "act": (
        "Constitution",
        "ConstitutionalLaw",
        "Law",
        "Code",
        "GovernmentDecree",
        "AgencyOrder",
        "InternationalInstrument",
    ),
    "recommendation": ("Recommendation",),
    "initiative": ("DevelopmentInitiative",),
    "support-need": ("SupportNeed",),
    "cell": ("DimensionAssessment",),
    "citation": ("Citation",),
    "oversight": ("OversightRelation",),
    "figure": ("StatedFigure",),
    "pair": ("PrincipalAgentPair",),
    "actor": (
        "Actor",
        "Citizenry",
        "PoliticalParty",
        "Parliament",
        "ParliamentaryFaction",
        "ParliamentaryCommittee",
        "Deputies",
        "ExecutiveBody",
        "LocalSelfGovernmentBody",
        "PublicAuthorityGroup",
        "OversightBody",
        "MassMedia",
        "ResearchOrganisation",
    ),
    "assessment": ("Assessment", "AssessmentMethod"),
    "section": ("DocumentSection",),
}
KIND_OF_CLASS = {KGO + cls: kind for kind, classes in KINDS.items() for cls in classes}
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
# property -> (the field's name in hits, its weight in ranking)
FIELDS: dict[str, tuple[str, int]] = {
    RDFS_LABEL: ("name", 3),
    SKOS_ALT_LABEL: ("other-name", 2),
    KGO + "justification": ("justification", 1),
    KGO + "verdictText": ("verdict", 1),
    KGO + "citationNote": ("quote", 1),
    KGO + "text": ("recommendation", 1),
    KGO + "initiativesText": ("initiatives", 1),
    KGO + "supportText": ("support", 1),
    KGO + "statedWording": ("wording", 1),
}
SEARCH_LANGUAGES = ("ky", "ru", "en")
SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 200


@functools.lru_cache(maxsize=256)  # a corpus has a handful of tags, asked once per text per search page
def primary(lang: str) -> str:
    """The primary language of a tag (``ru-t-ky`` → ``ru``); untagged text counts as English."""
    return (lang.split("-", 1)[0] or "en").lower()


@dataclass(frozen=True)
class Text:
    """One text of a resource: which field it is, its language, its words."""

    field: str
    weight: int
    lang: str
    value: str


@dataclass
class Entry:
    """A searchable resource: its kind, the process it belongs to (cells, citations), its texts."""

    iri: str
    kind: str
    owner: str | None = None
    about: str | None = None
    texts: list[Text] = field(default_factory=list)

    def names(self, lang: str) -> list[str]:
        return sorted(t.value for t in self.texts if t.field == "name" and primary(t.lang) == lang)


@dataclass(frozen=True)
class Hit:
    """One search result: the resource, its name in the reader's language, and the matching passage.

    ``snippet`` is the passage and ``marks`` the (start, end) of each matched word in it."""

    iri: str
    kind: str
    label: str
    field: str
    lang: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    score: float

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each matched word between ``before`` and ``after``."""
        out, last = [], 0
        for start, end in self.marks:
            out += [self.snippet[last:start], before, self.snippet[start:end], after]
            last = end
        return "".join(out) + self.snippet[last:]


def entries_from_rows(rows: Iterable[dict[str, str]]) -> list[Entry]:
    """The entries from the rows of queries/search/texts.rq (resource, class, property, lang,
    value, owner); a resource of several searched classes takes the first kind in ``KINDS``; a
    process also holds the texts of the cells, citations and oversight relations it owns."""
    found: dict[str, Entry] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for row in rows:
        kind = KIND_OF_CLASS.get(row["class"])
        name_weight = FIELDS.get(row["property"])
        if kind is None or name_weight is None:
            continue
        entry = found.setdefault(row["resource"], Entry(row["resource"], kind))
        if KIND_ORDER[kind] < KIND_ORDER[entry.kind]:
            entry.kind = kind
        owner, about = row.get("owner"), row.get("about")
        if owner and (entry.owner is None or owner < entry.owner):
            entry.owner = owner
        if about and (entry.about is None or about < entry.about):
            entry.about = about
        key = (row["resource"], row["property"], row["lang"], row["value"])
        if key not in seen:
            seen.add(key)
            entry.texts.append(Text(name_weight[0], name_weight[1], row["lang"], row["value"]))
    # a process's page shows its cells' justifications and the quotes of its citations, so a
    # process is found by them too (at the weight of body text)
    for entry in list(found.values()):
        holder = found.get(entry.owner) if entry.owner else None
        if holder is not None and holder is not entry:
            holder.texts.extend(Text(t.field, 1, t.lang, t.value) for t in entry.texts if t.field != "name")
    for entry in found.values():
        entry.texts = sorted(set(entry.texts), key=lambda t: (-t.weight, t.field, t.lang, t.value))
    return [found[k] for k in sorted(found)]


class SearchIndex:
    """An inverted index of stems, one per language, over the entries' texts."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_iri = {e.iri: e for e in entries}
        # lang -> stem -> entry number -> the best field weight the stem occurs in
        self.postings: dict[str, dict[str, dict[int, int]]] = {lang: {} for lang in SEARCH_LANGUAGES}
        for number, entry in enumerate(entries):
            for text in entry.texts:
                lang = primary(text.lang)
                if lang not in self.postings:
                    continue
                postings = self.postings[lang]
                for _, _, word in words(text.value):
                    slot = postings.setdefault(stem(word, lang), {})
                    if slot.get(number, 0) < text.weight:
                        slot[number] = text.weight
        # the stems in the order of their folded forms, which a query's stem is matched by
        self.stems = {lang: sorted(p, key=lambda s: (fold(s), s)) for lang, p in self.postings.items()}
        self.folded = {lang: [fold(s) for s in stems] for lang, stems in self.stems.items()}

    def _stems_matching(self, query_stem: str, lang: str) -> list[tuple[str, float]]:
        """The index's stems a query stem matches in a language, with how well."""
        stems, folded, query_folded = self.stems[lang], self.folded[lang], fold(query_stem)
        found = []
        for i in range(bisect_left(folded, query_folded), len(stems)):
            how = matches(query_stem, stems[i])
            if how == 0.0:
                if not folded[i].startswith(query_folded):
                    break
                continue
            found.append((stems[i], how))
        return found

    def _scores(self, query: str, lang: str) -> dict[int, float]:
        """Each matching entry's score in one language (every query word must match)."""
        query_stems = sorted({stem(w, lang) for _, _, w in words(query)})
        if not query_stems:
            return {}
        total: dict[int, float] = {}
        for number, query_stem in enumerate(query_stems):
            best: dict[int, float] = defaultdict(float)
            for text_stem, how in self._stems_matching(query_stem, lang):
                for entry, weight in self.postings[lang][text_stem].items():
                    best[entry] = max(best[entry], how * weight)
            idf = math.log(1 + len(self.entries) / len(best)) if best else 0.0
            if number == 0:
                total = {e: idf * s for e, s in best.items()}
            else:
                total = {e: s + idf * best[e] for e, s in total.items() if e in best}
            if not total:
                return {}
        return total

    def search(
        self,
        query: str,
        lang: str | None = None,
        label_lang: str = "en",
        kinds: Iterable[str] | None = None,
        limit: int | None = None,
        passage: tuple[int, int] = (SNIPPET_BEFORE, SNIPPET_LENGTH),
    ) -> list[Hit]:
        """The hits for ``query`` in one language's texts (``lang``) or in all three, best first;
        names in ``label_lang`` (else the study's Kyrgyz); ``passage``: how many characters of a
        text to show before its first match, and in all (a narrow table wants fewer)."""
        return self.search_counted(query, lang, label_lang, kinds, limit, passage)[0]

    def search_counted(
        self,
        query: str,
        lang: str | None = None,
        label_lang: str = "en",
        kinds: Iterable[str] | None = None,
        limit: int | None = None,
        passage: tuple[int, int] = (SNIPPET_BEFORE, SNIPPET_LENGTH),
    ) -> tuple[list[Hit], int]:
        """``search``'s hits and how many resources matched in all, before ``limit`` cut them:
        "found: 3" said of 92 matches read as if there were 3."""
        wanted = set(kinds) if kinds else None
        languages = [lang] if lang else list(SEARCH_LANGUAGES)
        best: dict[int, tuple[float, str]] = {}
        for language in languages:
            for number, score in self._scores(query, language).items():
                if wanted is not None and self.entries[number].kind not in wanted:
                    continue
                # the best language; among equal scores the reader's, then ky, ru, en
                rank = (score, language == label_lang, -SEARCH_LANGUAGES.index(language))
                held = best.get(number)
                if held is None or rank > (held[0], held[1] == label_lang, -SEARCH_LANGUAGES.index(held[1])):
                    best[number] = (score, language)
        # rank first, then cut passages for the hits shown only: the passages are the cost
        ranked = sorted(
            best.items(),
            key=lambda item: (
                -round(item[1][0], 4),
                KIND_ORDER[self.entries[item[0]].kind],
                self.label(self.entries[item[0]], label_lang),
                self.entries[item[0]].iri,
            ),
        )
        matched = len(ranked)
        if limit:
            ranked = ranked[:limit]
        hits = [
            self._hit(self.entries[n], query, language, label_lang, score, passage) for n, (score, language) in ranked
        ]
        return hits, matched

    def label(self, entry: Entry, lang: str) -> str:
        """A resource's name in a language, else in Kyrgyz, else any; a citation or oversight
        relation is named after what it connects ("provision → process"), a cell after its process."""
        for candidate in (lang, "ky"):
            names = entry.names(candidate)
            if names:
                return names[0]
        any_names = sorted(t.value for t in entry.texts if t.field == "name")
        if any_names:
            return any_names[0]
        owner = self.by_iri.get(entry.owner) if entry.owner else None
        if owner is None or owner is entry:
            return entry.iri
        about = self.by_iri.get(entry.about) if entry.about else None
        if about is None or about is entry:
            return self.label(owner, lang)
        # as the site names them: "provision → process", "observer → process"
        return f"{self.label(about, lang)} → {self.label(owner, lang)}"

    def _hit(self, entry: Entry, query: str, lang: str, label_lang: str, score: float, passage: tuple[int, int]) -> Hit:
        query_stems = {stem(w, lang) for _, _, w in words(query)}
        best: tuple[int, int, int] | None = None
        chosen: tuple[Text, list[tuple[int, int]]] | None = None
        for i, text in enumerate(entry.texts):
            if primary(text.lang) != lang:
                continue
            spans, terms = [], set()
            for start, end, word in words(text.value):
                word_stem = stem(word, lang)
                hit_terms = {q for q in query_stems if matches(q, word_stem)}
                if hit_terms:
                    spans.append((start, end))
                    terms |= hit_terms
            rank = (len(terms), text.weight, -i)
            if spans and (best is None or rank > best):
                best, chosen = rank, (text, spans)
        assert chosen is not None, "a scored entry has a matching text"
        text, spans = chosen
        snippet, marks = _window(text.value, spans, *passage)
        return Hit(
            entry.iri, entry.kind, self.label(entry, label_lang), text.field, text.lang, snippet, marks, round(score, 4)
        )


def _window(
    text: str, spans: list[tuple[int, int]], before: int, length: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A passage of about ``length`` characters from ``before`` ahead of the first match, cut at spaces,
    with an ellipsis where text was left out; the matches' positions within it."""
    start = max(0, spans[0][0] - before)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else spans[0][0]
    end = min(len(text), max(start + length, spans[0][1]))
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > 0 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    marks = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return prefix + text[start:end] + suffix, marks
