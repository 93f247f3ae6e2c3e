"""The bibliographic records (data/bibliography.ttl) and what a citation of one resource needs:
its name, the sections of the study that state it, the study's record and the dataset's.

A resource is cited in the study only when the study states it: it has sections (stated in one,
cited by a citation stated in one, inside a cited range of articles, or a section itself), or it
is the study. Anything else (a later act the project added, a fact read off a web page, an
ontology term) is cited as part of the dataset, with the addresses it names as its source.

Everything is read with the named queries in queries/cite/, once per :class:`Citer`; citing the
several thousand resources of the published site then costs no query per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgtool.i18n.messages import t
from kgtool.sparql.backends import Backend, ResultTable, Term, select_rows
from kgtool.sparql.named import named
from kgtool.vocab import DATA_NAMESPACE, DCAT, FALLBACK_LANGUAGE, KGO

_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]")

# the names people know licences by (else the licence's IRI is shown)
LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}
# the record fields a reader may miss, named in the citation's language when the source does not give them
FIELD_KEYS = {
    "http://purl.org/dc/terms/issued": "cite.field_issued",
    "http://purl.org/dc/terms/publisher": "cite.field_publisher",
    "http://purl.org/ontology/bibo/numPages": "cite.field_pages",
}

Texts = list[tuple[str, str]]  # (text, language tag) in the order the query gave them


def pick(texts: Texts, lang: str) -> tuple[str, str]:
    """The text for a reader of ``lang``: theirs, else Kyrgyz (the study's), else English, else
    the first; with its tag. ("ru-t-ky" is Russian; an untagged text suits every reader.)"""
    for wanted in (lang, FALLBACK_LANGUAGE, "en"):
        for text, tag in texts:
            if tag == wanted or tag.startswith(wanted + "-"):
                return text, tag
    for text, tag in texts:
        if not tag:
            return text, tag
    return texts[0] if texts else ("", "")


@dataclass
class Record:
    """One bibliographic record: the study's (a report) or the dataset's."""

    iri: str
    kinds: set[str] = field(default_factory=set)
    describes: str | None = None  # the resource its values are taken from (the study's source document)
    titles: Texts = field(default_factory=list)
    creators: dict[str, Texts] = field(default_factory=dict)  # creator -> its names
    created: str | None = None
    issued: str | None = None
    languages: list[str] = field(default_factory=list)
    version: str | None = None
    license: str | None = None
    not_given: list[str] = field(default_factory=list)  # property IRIs the source does not give

    @property
    def is_dataset(self) -> bool:
        return DCAT + "Dataset" in self.kinds

    @property
    def year(self) -> str | None:
        """The year to cite: of publication when known, else of writing (the study prints none)."""
        date = self.issued or self.created
        return date[:4] if date else None

    def title(self, lang: str) -> tuple[str, str]:
        return pick(self.titles, lang)

    def creator_names(self, lang: str) -> list[str]:
        return [pick(names, lang)[0] for _, names in sorted(self.creators.items())]

    def licence_name(self) -> str | None:
        return LICENCE_NAMES.get(self.license, self.license) if self.license else None

    def missing(self, lang: str) -> list[str]:
        """The fields the source does not give, named in ``lang``, in a fixed order."""
        return [t(FIELD_KEYS[p], lang) for p in FIELD_KEYS if p in self.not_given]


@dataclass(frozen=True)
class Section:
    number: str
    first: int
    document: str
    how: str  # "stated", "cited" or "self"
    lines: str | None = None


def _value(row: dict[str, dict[str, str]], name: str) -> str | None:
    term = row.get(name)
    return term["value"] if term else None


def _text(row: dict[str, dict[str, str]], name: str) -> tuple[str, str] | None:
    term = row.get(name)
    return (term["value"], term.get("xml:lang", "")) if term else None


def read_records(backend: Backend) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for row in backend.select(named("records").bind({})).rows:
        iri = row["record"]["value"]
        rec = records.setdefault(iri, Record(iri))
        kind = _value(row, "kind")
        if kind:
            rec.kinds.add(kind)
        title = _text(row, "title")
        if title and title not in rec.titles:
            rec.titles.append(title)
        creator = _value(row, "creator")
        if creator:
            names = rec.creators.setdefault(creator, [])
            name = _text(row, "creatorName")
            if name and name not in names:
                names.append(name)
        for attr in ("describes", "created", "issued", "version", "license"):
            value = _value(row, attr)
            if value and getattr(rec, attr) is None:
                setattr(rec, attr, value)
        language = _value(row, "language")
        if language and language not in rec.languages:
            rec.languages.append(language)
    for row in backend.select(named("record-fields").bind({})).rows:
        described = records.get(row["record"]["value"])
        if described is not None and row["status"]["value"] == KGO + "NotGivenBySource":
            described.not_given.append(row["property"]["value"])
    return records


def read_sections(rows: ResultTable | Iterable[dict[str, Term]]) -> dict[str, list[Section]]:
    """Each resource's sections; one Section object for equal ones (many resources share a section)."""
    found: dict[str, list[Section]] = {}
    made: dict[Section, Section] = {}
    for row in rows.rows if isinstance(rows, ResultTable) else rows:
        section = Section(
            row["section"]["value"],
            int(row["first"]["value"]),
            row["document"]["value"],
            row["how"]["value"],
            _value(row, "lines"),
        )
        section = made.setdefault(section, section)
        listed = found.setdefault(row["resource"]["value"], [])
        if section not in listed:
            listed.append(section)
    return found


def read_sources(rows: ResultTable | Iterable[dict[str, Term]]) -> dict[str, list[str]]:
    """Each resource's source addresses, in the query's order."""
    found: dict[str, list[str]] = {}
    for row in rows.rows if isinstance(rows, ResultTable) else rows:
        listed = found.setdefault(row["resource"]["value"], [])
        if row["source"]["value"] not in listed:
            listed.append(row["source"]["value"])
    return found


def read_names(rows: ResultTable | Iterable[dict[str, Term]]) -> tuple[dict[str, Texts], dict[str, set[str]]]:
    names: dict[str, Texts] = {}
    types: dict[str, set[str]] = {}
    for row in rows.rows if isinstance(rows, ResultTable) else rows:
        resource = row["resource"]["value"]
        label = _text(row, "label")
        listed = names.setdefault(resource, [])
        if label and label not in listed:
            listed.append(label)
        kind = _value(row, "type")
        if kind:
            types.setdefault(resource, set()).add(kind)
    return names, types


def path_name(iri: str) -> str:
    """A name for a resource the data leaves unlabelled: its IRI's path in the data namespace."""
    return iri[len(DATA_NAMESPACE) :] if iri.startswith(DATA_NAMESPACE) else iri.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Citation:
    """What one citation says, in one language; ``formats`` writes it out."""

    iri: str
    lang: str
    label: str
    label_lang: str
    kind: str  # "resource", "study" or "dataset"
    sections: tuple[Section, ...]
    study: Record | None  # the study that states it (its container); None: the study does not
    dataset: Record | None
    accessed: str | None = None  # YYYY-MM-DD, when the user gives it
    sources: tuple[str, ...] = ()  # the addresses the resource names as its source (dcterms:source)

    @property
    def key(self) -> str:
        """A citation key stable across runs and languages: "kgtool:" and the IRI's path."""
        # any character but ASCII letters, digits and -._/ becomes '-' (a regular expression: the site
        # asks for a key per page and format, and a Python step per character was most of its cost)
        return "kgtool:" + _KEY_UNSAFE.sub("-", path_name(self.iri))


class Citer:
    """Builds citations from the graph: the records read once, names and sections read for one
    resource or, with ``preload``, for all of them at once (the site)."""

    def __init__(self, backend: Backend, preload: bool = False) -> None:
        self.backend = backend
        self.records = read_records(backend)
        self.dataset = next((r for _, r in sorted(self.records.items()) if r.is_dataset), None)
        # a source document -> the record of the study it is (what its sections' facts are cited in)
        self.by_document = {r.describes: r for _, r in sorted(self.records.items()) if r.describes and not r.is_dataset}
        # the study everything is cited in when the graph holds one only (found once: the site asks per page)
        studies = [r for _, r in sorted(self.records.items()) if not r.is_dataset]
        self.only_study = studies[0] if len(studies) == 1 else None
        self._sections: dict[str, list[Section]] | None = None
        self._sources: dict[str, list[str]] | None = None
        self._names: dict[str, Texts] | None = None
        self._types: dict[str, set[str]] = {}
        if preload:
            # streamed: at a million statements the whole table was a third of a publish's peak memory.
            # Names are not preloaded: the site gives every page's resource the name it shows, so names
            # are read only for the few pages that cite the dataset (``cite`` reads them when no label)
            self._sections = read_sections(select_rows(backend, named("resource-sections").bind({})))
            self._sources = read_sources(select_rows(backend, named("resource-sources").bind({})))

    def forget(self) -> None:
        """Give back the preloaded sections (the site's pages are written); later citations read
        their resource's sections from the store, as a citer without ``preload`` does."""
        self._sections = None
        self._sources = None

    def sections(self, iri: str) -> list[Section]:
        if self._sections is not None:
            found = self._sections.get(iri, [])
        else:
            found = read_sections(backend_rows(self.backend, "resource-sections", iri)).get(iri, [])
        return sorted(found, key=lambda s: (s.how != "stated", s.first, s.number))

    def sources(self, iri: str) -> list[str]:
        if self._sources is not None:
            return self._sources.get(iri, [])
        return read_sources(backend_rows(self.backend, "resource-sources", iri)).get(iri, [])

    def names(self, iri: str) -> tuple[Texts, set[str]]:
        if self._names is not None:
            return self._names.get(iri, []), self._types.get(iri, set())
        names, types = read_names(backend_rows(self.backend, "resource-names", iri))
        return names.get(iri, []), types.get(iri, set())

    def study_for(self, iri: str, sections: list[Section]) -> Record | None:
        """The study a resource is cited in: the document of its sections, the record itself, or
        (sections of a document no record describes) the one study the graph holds. None when
        the study does not state the resource: a later act, a fact from a web page or an ontology
        term is not the study's, and citing it "in" the study credited the study with it."""
        for s in sections:
            if s.document in self.by_document:
                return self.by_document[s.document]
        record = self.records.get(iri) or self.by_document.get(iri)
        if record is not None and not record.is_dataset:
            return record
        return self.only_study if sections else None

    def cite(self, iri: str, lang: str, label: Texts | None = None, accessed: str | None = None) -> Citation:
        """The citation of ``iri`` in ``lang``; ``label`` overrides the graph's names (the site
        passes the name it shows, composed for unlabelled resources)."""
        names = [] if label else self.names(iri)[0]  # a label given wins over the graph's names
        record = self.records.get(iri) or self.by_document.get(iri)
        if record is not None:
            names = record.titles or names
        text, tag = pick(label or names, lang) if (label or names) else (path_name(iri), "")
        sections = self.sections(iri)
        kind = "resource"
        if record is not None:
            kind = "dataset" if record.is_dataset else "study"
        study = self.study_for(iri, sections)
        sources = tuple(self.sources(iri)) if kind == "resource" else ()  # a record's source is what it describes
        return Citation(iri, lang, text, tag, kind, tuple(sections), study, self.dataset, accessed, sources)


def backend_rows(backend: Backend, query: str, iri: str) -> ResultTable:
    return backend.select(named(query).bind({"resource": iri}))
