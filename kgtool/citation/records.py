"""The bibliographic records (data/bibliography.ttl) and what a citation of one resource needs:
its name, the sections of the study that state it, the study's record and the dataset's.

A resource is cited in the study only when the study states it: it has sections (stated in one,
cited by a citation stated in one, inside a cited range of articles, or a section itself), or it
is the study. Anything else (a later act the project added, a fact read off a web page, an
ontology term) is cited as part of the dataset, with the addresses it names as its source.

A citation of an act, or of a provision of one, also says which edition of the act the study read
and whether the act is still in force (:class:`Law`), as a reader of legislation.gov.uk or EUR-Lex
expects: the project's note on the version (kgo:citedVersion, data/legal-acts.ttl) and the act's
status facts (data/legal-status.ttl, read with queries/legal/act-status.rq as `kgtool basis` and
the act pages read them). What the data declares unknown is said to be unknown; what it does not
say is left out.

Everything is read with the named queries in queries/cite/ (and legal/act-status), once per
:class:`Citer`; citing the several thousand resources of the published site then costs no query
per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgtool.i18n.messages import t
from kgtool.sparql.backends import Backend, ResultTable, Term, select_rows
from kgtool.sparql.named import named
from kgtool.vocab import DATA_NAMESPACE, DCAT, ELI, FALLBACK_LANGUAGE, KGO

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

# eli:in_force's values (ELI's named individuals), as data/legal-status.ttl states them
IN_FORCE = {ELI + "InForce-inForce": "in-force", ELI + "InForce-notInForce": "not-in-force"}


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
class Law:
    """What a citation of an act, or of a provision of one, says of the act's law, in the
    citation's language. A value is None where the data says nothing of it; ``*_unknown`` is
    True where the data says no source confirmed it (kgo:notConfirmed), so the citation says
    "unknown" rather than guess.

    ``edition``: the project's note on the version the study read (kgo:citedVersion), else the
    name of the edition the act is realized by (eli:is_realized_by; ``edition_named``), a name
    that says itself that it is the edition the study read. ``in_force``: "in-force",
    "not-in-force" or "unknown" (eli:in_force today). ``since``: the day it ceased to be in force;
    ``by``: a day by which it had (the exact day unknown). ``successor``: the name of the act
    that replaced it (kgo:replacedBy). ``as_of``: the date the force and successor are stated as
    of (kgo:legalStatusAsOf: what "today" means), None where the data does not say."""

    act: str
    edition: str | None = None
    edition_lang: str = ""
    edition_unknown: bool = False
    edition_named: bool = False  # ``edition`` is the edition's own name, which says it is the one read
    in_force: str | None = None
    since: str | None = None
    by: str | None = None
    successor: str | None = None
    as_of: str | None = None

    @property
    def says_anything(self) -> bool:
        return bool(self.edition or self.edition_unknown or self.in_force or self.successor)


def read_acts(rows: ResultTable | Iterable[dict[str, Term]]) -> tuple[dict[str, str], dict[str, Texts]]:
    """queries/cite/resource-law.rq's rows: each resource's act, and each act's noted versions."""
    acts: dict[str, str] = {}
    versions: dict[str, Texts] = {}
    for row in rows.rows if isinstance(rows, ResultTable) else rows:
        act = row["act"]["value"]
        acts.setdefault(row["resource"]["value"], act)
        version = _text(row, "version")
        listed = versions.setdefault(act, [])
        if version and version not in listed:
            listed.append(version)
    return acts, versions


# the facts of queries/legal/act-status.rq a citation says
_LAW_FACTS = {
    ELI + "is_realized_by": "edition",
    ELI + "in_force": "in_force",
    ELI + "date_no_longer_in_force": "since",
    KGO + "noLongerInForceBy": "by",
    KGO + "replacedBy": "successor",
}


def read_law(rows: ResultTable | Iterable[dict[str, Term]]) -> dict[str, dict[str, tuple[str, str] | None]]:
    """queries/legal/act-status.rq's rows (asked in one language): each act's facts a citation
    says, by name (``edition``, ``in_force``, ``since``, ``by``, ``successor``): (value, its
    language tag) — a resource's value by its label — or None where the act declares it unknown.
    The first value of each fact is kept, as the act pages show the first."""
    found: dict[str, dict[str, tuple[str, str] | None]] = {}
    for row in rows.rows if isinstance(rows, ResultTable) else rows:
        name = _LAW_FACTS.get(row["property"]["value"])
        if name is None:
            continue
        facts = found.setdefault(row["act"]["value"], {})
        if row["status"]["value"] == "unknown":
            facts.setdefault(name, None)
            continue
        value = row["value"]["value"]
        if name == "in_force":
            state = IN_FORCE.get(value)
            if state is None:  # a value ELI does not name: say nothing rather than guess
                continue
            value = state
        label = _text(row, "valueLabel") if name in ("edition", "successor") else None
        if facts.get(name) is None:
            facts[name] = label or (value, "")
    return found


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
    law: Law | None = None  # an act's or a provision's: the edition read, whether the act is in force

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
        # each resource's act and each act's noted versions (queries/cite/resource-law.rq), and each
        # act's status facts by language (queries/legal/act-status.rq): a few rows per act, read once
        self._acts: tuple[dict[str, str], dict[str, Texts]] | None = None
        self._law: dict[str, dict[str, dict[str, tuple[str, str] | None]]] = {}
        self._as_of: tuple[str | None] | None = None  # kgo:legalStatusAsOf, read on the first citation of law
        if preload:
            # streamed: at a million statements the whole table was a third of a publish's peak memory.
            # Names are not preloaded: the site gives every page's resource the name it shows, so names
            # are read only for the few pages that cite the dataset (``cite`` reads them when no label)
            self._sections = read_sections(select_rows(backend, named("resource-sections").bind({})))
            self._sources = read_sources(select_rows(backend, named("resource-sources").bind({})))
            self._acts = read_acts(select_rows(backend, named("resource-law").bind({})))

    def forget(self) -> None:
        """Give back the preloaded sections (the site's pages are written); later citations read
        their resource's sections from the store, as a citer without ``preload`` does."""
        self._sections = None
        self._sources = None
        self._acts = None
        self._law.clear()

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

    def law(self, iri: str, lang: str) -> Law | None:
        """What the citation of ``iri`` says of its act's law, in ``lang``: None for a resource that
        is neither an act nor a provision, or whose act the data says nothing of."""
        if self._acts is not None:
            acts, versions = self._acts
        else:
            acts, versions = read_acts(backend_rows(self.backend, "resource-law", iri))
        act = acts.get(iri)
        if act is None:
            return None
        if lang not in self._law:
            self._law[lang] = read_law(self.backend.select(named("act-status").bind({"lang": lang})))
        facts = self._law[lang].get(act, {})
        edition = pick(versions[act], lang) if versions.get(act) else facts.get("edition")
        in_force, since, by, successor = (facts.get(k) for k in ("in_force", "since", "by", "successor"))
        law = Law(
            act,
            edition=edition[0] if edition else None,
            edition_lang=edition[1] if edition else "",
            edition_unknown=edition is None and "edition" in facts,
            edition_named=bool(edition) and not versions.get(act),
            in_force=in_force[0] if in_force else ("unknown" if "in_force" in facts else None),
            since=since[0] if since else None,
            by=by[0] if by else None,
            successor=successor[0] if successor else None,
            as_of=self.status_as_of() if in_force or successor or "in_force" in facts else None,
        )
        return law if law.says_anything else None

    def status_as_of(self) -> str | None:
        """The date the acts' force is stated as of (queries/legal/status-as-of.rq: the latest
        kgo:legalStatusAsOf), read once; None where the data does not say."""
        if self._as_of is None:
            rows = self.backend.select(named("status-as-of").bind({})).rows
            found = sorted(row["asOf"]["value"] for row in rows if "asOf" in row)
            self._as_of = (found[-1] if found else None,)
        return self._as_of[0]

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
        law = self.law(iri, lang) if kind == "resource" else None
        return Citation(iri, lang, text, tag, kind, tuple(sections), study, self.dataset, accessed, sources, law)


def backend_rows(backend: Backend, query: str, iri: str) -> ResultTable:
    return backend.select(named(query).bind({"resource": iri}))
