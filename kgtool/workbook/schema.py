"""The sheets of an assessment workbook and their columns, as data.

The approach is generic: each column maps one predicate (with one language tag, or one
datatype), so export and import are the same table read in two directions and every
statement of an assessment has exactly one place in the workbook. A statement no column
maps is refused at export (``workbook#unmapped``), never dropped.

Column names are stable words (``label_ky``, ``stated_in``) that do not change with the
workbook's language; the help row under them is the ontology's definition of the predicate
in the chosen language.

An entity's ``id`` is a slug minted under its sheet's prefix (``{assessment}/process/`` +
``jk-elections``). ``{cc}`` is the assessed country's id and ``{assessment}`` the
assessment's, both taken from the Assessment sheet. An id that starts with ``/`` is a path
from the data namespace instead (``/intl/law/osce-copenhagen-document``), for the few
entities that live elsewhere. A reference names the entity by the id its own sheet gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.vocab import DCTERMS, ELI, KGO, RDFS, SKOS

# the language tags the project gives each language of a text column (docs/namespaces.md)
TEXT_TAGS = {"ky": "ky", "ru": "ru-t-ky", "en": "en-t-ky"}
# separates the values of a column that may hold several (one per line of the cell)
MULTI_SEPARATOR = "\n"


@dataclass(frozen=True)
class Column:
    """One column: the predicate it maps and how its cells become RDF terms.

    ``kind`` is ``text`` (a literal tagged ``lang``), ``string``, ``integer``, ``decimal``,
    ``boolean``, ``date``, ``gYear`` (typed literals), ``ref`` (an entity of ``targets``),
    ``choice`` (a member of the ontology class ``vocabulary``, by its slug) or ``iri`` (an
    absolute IRI written out: a public record's address, an ELI value or property).

    ``group`` puts the column's statements in another data file than the rest of its row, as
    the project's layout does (docs/data-authoring.md): an act's status in legal-status.ttl,
    a provision's editorial notes in editorial-notes.ttl."""

    header: str
    predicate: str
    kind: str
    lang: str | None = None
    targets: tuple[str, ...] = ()
    vocabulary: str | None = None
    multi: bool = False
    required: bool = False
    group: str | None = None  # the data file its statements go to, when not the sheet's (to_rdf.py)


@dataclass(frozen=True)
class Sheet:
    """One kind of entity: its classes (the first is the default of the ``type`` column), the
    prefix its ids are minted under, and its columns after ``id`` (and ``type``)."""

    name: str
    classes: tuple[str, ...]
    prefix: str
    columns: tuple[Column, ...]
    group: str  # the data file its entities go to (see to_rdf.py)

    @property
    def typed(self) -> bool:
        """Whether the sheet has a ``type`` column (it holds entities of several classes)."""
        return len(self.classes) > 1

    @property
    def headers(self) -> list[str]:
        return ["id"] + (["type"] if self.typed else []) + [c.header for c in self.columns]


def _labels(required: bool = True) -> tuple[Column, ...]:
    return (
        Column("label_ky", RDFS + "label", "text", lang=TEXT_TAGS["ky"], required=required),
        Column("label_ru", RDFS + "label", "text", lang=TEXT_TAGS["ru"]),
        Column("label_en", RDFS + "label", "text", lang=TEXT_TAGS["en"]),
    )


def _texts(
    name: str, predicate: str, required: bool = False, multi: bool = False, group: str | None = None
) -> tuple[Column, ...]:
    """A text in the study's Kyrgyz and its Russian and English translations (``@ru-t-ky``,
    ``@en-t-ky``): three columns, ``{name}_ky``, ``{name}_ru``, ``{name}_en``."""
    return tuple(
        Column(
            f"{name}_{lang}", predicate, "text", lang=tag, required=required and lang == "ky", multi=multi, group=group
        )
        for lang, tag in TEXT_TAGS.items()
    )


def _k(name: str) -> str:
    return KGO + name


SOURCE_LINES = Column("source_lines", _k("sourceLines"), "string", multi=True)
STATED_IN = Column("stated_in", _k("statedIn"), "ref", targets=("Sections",))
STATED_IN_MULTI = Column("stated_in", _k("statedIn"), "ref", targets=("Sections",), multi=True)
JUSTIFICATION = _texts("justification", _k("justification"))
COMMENT = Column("comment_en", RDFS + "comment", "text", lang="en")
# An act's status as a versioned legal resource (data/legal-status.ttl): each fact's source is a
# row of FactSources; kgo:notConfirmed lists the properties no source confirmed. Written to
# legal-status.ttl, also for the acts of the Acts sheet (declared in legal-acts.ttl).
LEGAL_STATUS = (
    Column("number", ELI + "id_local", "string", group="legal-status"),
    Column("date_document", ELI + "date_document", "date", group="legal-status"),
    Column("first_date_entry_in_force", ELI + "first_date_entry_in_force", "date", group="legal-status"),
    Column("edition", ELI + "is_realized_by", "ref", targets=("Editions",), group="legal-status"),
    Column("in_force", ELI + "in_force", "iri", group="legal-status"),
    Column("date_no_longer_in_force", ELI + "date_no_longer_in_force", "date", group="legal-status"),
    Column("no_longer_in_force_by", _k("noLongerInForceBy"), "date", group="legal-status"),
    Column("replaced_by", _k("replacedBy"), "ref", targets=("Acts", "LaterActs"), group="legal-status"),
    Column("official_record", _k("officialRecord"), "iri", group="legal-status"),
    Column("not_confirmed", _k("notConfirmed"), "iri", multi=True, group="legal-status"),
)
ACTOR_SHEETS = ("Actors", "Observers")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Assessment",
        ("Assessment", "Country", "SourceDocument", "ResearchOrganisation", "AssessmentMethod"),
        "",
        (
            *_labels(),
            Column("assessed_country", _k("assessedCountry"), "ref", targets=("Assessment",)),
            Column("period", _k("period"), "gYear"),
            Column("authored_by", _k("authoredBy"), "ref", targets=("Assessment",), multi=True),
            Column("uses_method", _k("usesMethod"), "ref", targets=("Assessment",)),
            Column("stated_in_document", _k("statedInDocument"), "ref", targets=("Assessment",)),
            Column("developed_by", _k("developedBy"), "ref", targets=("Assessment",), multi=True),
            Column("language", DCTERMS + "language", "string"),
            Column("bibliographic_citation", DCTERMS + "bibliographicCitation", "string"),
            *JUSTIFICATION,
            STATED_IN,
        ),
        "assessment",
    ),
    Sheet(
        "Sections",
        ("DocumentSection",),
        "{assessment}/section/",
        (
            Column("section_number", _k("sectionNumber"), "string", required=True),
            *_labels(),
            Column("section_of", _k("sectionOf"), "ref", targets=("Assessment",), required=True),
            Column("subsection_of", _k("subsectionOf"), "ref", targets=("Sections",)),
            Column("in_assessment", _k("inAssessment"), "ref", targets=("Assessment",), required=True),
            Column("first_line", _k("firstLine"), "integer"),
            Column("last_line", _k("lastLine"), "integer"),
        ),
        "sections",
    ),
    Sheet(
        "Actors",
        (
            "Actor",
            "Citizenry",
            "Parliament",
            "Deputies",
            "ParliamentaryCommittee",
            "ParliamentaryFaction",
            "PoliticalParty",
            "ExecutiveBody",
            "LocalSelfGovernmentBody",
            "PublicAuthorityGroup",
        ),
        "{cc}/actor/",
        (
            *_labels(),
            Column("part_of", _k("partOfActor"), "ref", targets=("Actors",)),
            *JUSTIFICATION,
            SOURCE_LINES,
            STATED_IN,
        ),
        "actors",
    ),
    Sheet(
        "Observers",
        ("OversightBody", "MassMedia"),
        "{cc}/observer/",
        (*_labels(), *JUSTIFICATION, SOURCE_LINES, STATED_IN),
        "actors",
    ),
    Sheet(
        "Acts",
        (
            "Law",
            "Constitution",
            "ConstitutionalLaw",
            "Code",
            "GovernmentDecree",
            "AgencyOrder",
            "InternationalInstrument",
        ),
        "{cc}/law/",
        (
            Column("short_id", _k("shortId"), "string", required=True),
            *_labels(),
            Column("jurisdiction", _k("jurisdiction"), "ref", targets=("Assessment",)),
            Column("document_number", _k("documentNumber"), "string"),
            Column("adoption_date", _k("adoptionDate"), "date"),
            # the project's note on the version read: English, with its Russian and Kyrgyz translations
            Column("cited_version_en", _k("citedVersion"), "text", lang="en"),
            Column("cited_version_ru", _k("citedVersion"), "text", lang="ru-t-en"),
            Column("cited_version_ky", _k("citedVersion"), "text", lang="ky-t-en"),
            SOURCE_LINES,
            STATED_IN,
            *LEGAL_STATUS,
        ),
        "legal-acts",
    ),
    Sheet("LaterActs", ("LaterAct",), "{cc}/law/", (*_labels(), *LEGAL_STATUS), "legal-status"),
    Sheet(
        "Editions",
        ("Edition",),
        "{cc}/law/",
        (*_labels(), SOURCE_LINES, STATED_IN),
        "legal-status",
    ),
    Sheet(
        "FactSources",
        ("FactSource",),
        "{cc}/law/",
        (
            *_labels(required=False),
            Column("act", _k("sourceOfResource"), "ref", targets=("Acts", "LaterActs"), required=True),
            Column("property", _k("sourceOfProperty"), "iri", required=True),
            SOURCE_LINES,
            STATED_IN,
            Column("record", DCTERMS + "source", "iri", multi=True),
        ),
        "legal-status",
    ),
    Sheet(
        "Provisions",
        ("Article", "ArticleRange", "ArticlePart", "Clause", "Paragraph"),
        "{cc}/law/",
        (
            *_labels(),
            Column("in_act", _k("inAct"), "ref", targets=("Acts",), required=True),
            Column("provision_number", _k("provisionNumber"), "string", required=True),
            Column("within", _k("withinProvision"), "ref", targets=("Provisions",)),
            Column("first_article", _k("firstArticle"), "integer"),
            Column("last_article", _k("lastArticle"), "integer"),
            Column("within_range", _k("withinRange"), "ref", targets=("Provisions",), multi=True),
            COMMENT,
            *_texts("editorial_note", _k("editorialNote"), group="editorial-notes"),
        ),
        "provisions",
    ),
    Sheet(
        "Pairs",
        ("PrincipalAgentPair",),
        "{assessment}/pair/",
        (
            *_labels(),
            Column("principal", _k("hasPrincipal"), "ref", targets=ACTOR_SHEETS, required=True),
            Column("agent", _k("hasAgent"), "ref", targets=ACTOR_SHEETS, required=True),
            Column("in_assessment", _k("inAssessment"), "ref", targets=("Assessment",), required=True),
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Processes",
        ("AccountabilityProcess",),
        "{assessment}/process/",
        (
            *_labels(),
            *_texts("alt_label", SKOS + "altLabel"),
            Column("pair", _k("inPair"), "ref", targets=("Pairs",), required=True),
            Column("order", _k("processOrder"), "integer", required=True),
            Column("verdict", _k("hasVerdict"), "choice", vocabulary="Verdict", required=True),
            *_texts("verdict_text", _k("verdictText")),
            Column("excluded_from_index", _k("excludedFromIndex"), "boolean", required=True),
            *JUSTIFICATION,
            Column("kind", _k("kindOfAccountability"), "choice", vocabulary="AccountabilityKind", multi=True),
            Column("involves", _k("involvesActor"), "ref", targets=ACTOR_SHEETS, multi=True),
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Cells",
        ("DimensionAssessment",),
        "{assessment}/process/",
        (
            Column("process", _k("ofProcess"), "ref", targets=("Processes",), required=True),
            Column("dimension", _k("onDimension"), "choice", vocabulary="Dimension", required=True),
            Column("value", _k("hasValue"), "choice", vocabulary="CellValue", required=True),
            *JUSTIFICATION,
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Citations",
        ("Citation",),
        "{assessment}/citation/",
        (
            # what the norm is cited for: a process, or an observer (its mandate) or a recommendation
            Column(
                "process", _k("citedFor"), "ref", targets=("Processes", "Observers", "Recommendations"), required=True
            ),
            Column("provision", _k("citesProvision"), "ref", targets=("Provisions",)),
            Column("act", _k("citesAct"), "ref", targets=("Acts",)),
            Column("role", _k("citationRole"), "choice", vocabulary="CitationRole", required=True),
            *_texts("note", _k("citationNote")),
            COMMENT,
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "CrossReferences",
        ("CrossReference",),
        "{assessment}/cross-reference/",
        (
            *_labels(required=False),
            Column("process", _k("referringProcess"), "ref", targets=("Processes",), required=True),
            Column("citation", _k("refersToCitation"), "ref", targets=("Citations",), required=True),
            *JUSTIFICATION,
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Oversight",
        ("OversightRelation",),
        "{assessment}/oversight/",
        (
            Column("observer", _k("observer"), "ref", targets=("Observers",), required=True),
            Column("process", _k("observedProcess"), "ref", targets=("Processes",), required=True),
            Column("mode", _k("oversightMode"), "choice", vocabulary="OversightMode", required=True),
            *JUSTIFICATION,
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Recommendations",
        ("Recommendation",),
        "{assessment}/recommendation/",
        (
            *_labels(),
            *_texts("text", _k("text"), required=True),
            Column("for", _k("recommendationFor"), "ref", targets=("Pairs", *ACTOR_SHEETS), multi=True),
            Column("concerns", _k("concernsProcess"), "ref", targets=("Processes",), multi=True),
            Column("in_assessment", _k("inAssessment"), "ref", targets=("Assessment",)),
            SOURCE_LINES,
            STATED_IN,
        ),
        "pair",
    ),
    Sheet(
        "Initiatives",
        ("DevelopmentInitiative",),
        "{assessment}/initiative/",
        (
            *_labels(),
            *_texts("alt_label", SKOS + "altLabel"),
            SOURCE_LINES,
            STATED_IN,
        ),
        "conclusion",
    ),
    Sheet(
        "SupportNeeds",
        ("SupportNeed",),
        "{assessment}/support/",
        (
            *_labels(),
            Column("process", _k("concernsProcess"), "ref", targets=("Processes",), required=True),
            Column("initiatives_exist", _k("initiativesExist"), "boolean"),
            *_texts("initiatives_text", _k("initiativesText")),
            Column("initiative", _k("hasInitiative"), "ref", targets=("Initiatives",), multi=True),
            Column("support_kind", _k("supportKind"), "choice", vocabulary="SupportKind", multi=True),
            *_texts("support_text", _k("supportText")),
            SOURCE_LINES,
            STATED_IN,
        ),
        "conclusion",
    ),
    Sheet(
        "Restatements",
        ("CellRestatement",),
        "{assessment}/process/",
        (
            Column("restates", _k("restates"), "ref", targets=("Cells",), required=True),
            Column("value", _k("hasValue"), "choice", vocabulary="CellValue", required=True),
            SOURCE_LINES,
            STATED_IN,
        ),
        "appendix",
    ),
    Sheet(
        "Figures",
        ("StatedFigure",),
        "{assessment}/figure/",
        (
            *_labels(),
            Column("measure", _k("measure"), "choice", vocabulary="Measure", required=True),
            Column(
                "subject",
                _k("figureSubject"),
                "ref",
                targets=("Assessment", "Pairs", *ACTOR_SHEETS),
                vocabulary="Dimension",
            ),
            Column("dimension", _k("onDimension"), "choice", vocabulary="Dimension"),
            Column("value", _k("statedValue"), "decimal", required=True),
            Column("precision", _k("statedPrecision"), "decimal"),
            *_texts("wording", _k("statedWording"), multi=True),
            Column("in_assessment", _k("inAssessment"), "ref", targets=("Assessment",)),
            SOURCE_LINES,
            STATED_IN_MULTI,
        ),
        "stated-figures",
    ),
)

BY_NAME = {s.name: s for s in SHEETS}
VOCABULARIES = tuple(sorted({c.vocabulary for s in SHEETS for c in s.columns if c.vocabulary}))


def sheet_for_classes(classes: set[str]) -> Sheet | None:
    """The sheet whose classes include one of these (local names of kgo: classes)."""
    for sheet in SHEETS:
        if classes & set(sheet.classes):
            return sheet
    return None


def slug_of(local_name: str) -> str:
    """The slug users type for a controlled value: ``NotFullyWorking`` -> ``not-fully-working``."""
    out = []
    for i, ch in enumerate(local_name):
        if ch.isupper() and i:
            out.append("-")
        out.append(ch.lower())
    return "".join(out)
