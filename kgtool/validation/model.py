"""What validation returns: findings for people, and the report that holds them.

A plain data module (no RDF library), so renderers, the parallel runner and embedding
code can all use it without loading a store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITY_ORDER = {"Violation": 3, "Warning": 2, "Info": 1}
STANDARD_SEVERITIES = tuple(SEVERITY_ORDER)
FAIL_ON = {"violation": 3, "warning": 2, "info": 1}
ENGINES = ("fast", "pyshacl")
REASONER_MODES = ("tbox", "full", "none")


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    focus_label: str
    path: str | None
    path_label: str | None
    value: str | None
    message: str
    fix: str
    shape: str
    constraint: str
    file: str | None = None
    line: int | None = None
    origin: str | None = None  # the workbook row it was imported from (study.xlsx!Cells!14), if any

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# Why an engine judged a shape (ShapeEngine.reason): the json rendering gives these English
# sentences as docs/validate.md documents them; the text and github renderings give them in the
# reader's language (kgtool.validation.render.engine_reason), by the catalogue message of each.
REASON_COMPILED = "compiled to SPARQL"
REASON_ASKED = "asked for (--engine pyshacl)"
REASON_AS_WRITTEN = "it may see a literal the store rewrote: judged as written"
REASON_USED_BY_ANOTHER = "a shape that sees a literal the store rewrote is used by another shape"
REASON_MESSAGES = {
    REASON_COMPILED: "validate.reason_compiled",
    REASON_ASKED: "validate.reason_asked",
    REASON_AS_WRITTEN: "validate.reason_as_written",
    REASON_USED_BY_ANOTHER: "validate.reason_used_by_another",
}
# reasons that end in the compiler's or the store's own words (technical English, shown quoted)
REFUSED_IT = "the fast engine refused it: "
REFUSED_THESE = "the fast engine refused these shapes: "
CANNOT_RUN = "the store cannot run a query of these shapes ("  # … its first line, then ")"
REASON_PREFIXES = {
    REFUSED_IT: "validate.reason_refused_it",
    REFUSED_THESE: "validate.reason_refused_these",
    CANNOT_RUN: "validate.reason_cannot_run",
}


@dataclass(frozen=True)
class ShapeEngine:
    """Which SHACL engine judged a shape with targets, and why (the fast engine's reason for refusing it)."""

    shape: str
    engine: str  # fast | pyshacl
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    reasoner_ran: bool = False
    consistent: bool | None = None
    engine: str = ""  # the SHACL engine that produced the findings
    engine_note: str = ""  # why pySHACL ran when the fast engine was asked for
    reasoner_mode: str = ""  # tbox | full (see kgtool.validation.reasoner)
    reasoner_reused: str | None = None  # the day of HermiT's kept verdict given again; None: it ran now
    one_process: bool = False  # --jobs asked for, but the input validated in one process (SharedBlankNodes)
    one_process_why: str = ""  # the catalogue message saying why
    shape_engines: list[ShapeEngine] = field(default_factory=list)  # one per shape with targets
    lang: str = "en"  # the reader's language: the words of the text and github renderings

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def count_other(self) -> int:
        """Findings of a severity of the shapes' own (an IRI other than sh:Violation, sh:Warning, sh:Info)."""
        return sum(1 for f in self.findings if f.severity not in SEVERITY_ORDER)

    def conforms(self) -> bool:
        """SHACL's conformance with warnings and infos allowed: no finding of any other severity."""
        return not any(rank(f.severity) >= SEVERITY_ORDER["Violation"] for f in self.findings)

    def fails(self, fail_on: str = "violation") -> bool:
        threshold = FAIL_ON[fail_on]
        return any(rank(f.severity) >= threshold for f in self.findings)


def rank(severity: str) -> int:
    """How grave a severity is: a severity IRI of the shapes' own counts as a violation (as in pySHACL,
    where only sh:Warning and sh:Info leave a graph conforming)."""
    return SEVERITY_ORDER.get(severity, SEVERITY_ORDER["Violation"])


def sort_key(f: Finding) -> tuple[str, int, str, str, str, str]:
    return (f.file or "~", f.line or 0, f.focus, f.path or "", f.shape, f.message)
