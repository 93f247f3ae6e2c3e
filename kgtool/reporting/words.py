"""The report's sentences in the reader's language: plain text (never HTML), which the
templates escape as they write it.

The words themselves are in :mod:`kgtool.i18n.messages`; this module puts them together
where a sentence depends on the data — section lists, the counts behind a figure, why a
stated figure and the computed one differ, what a gap is.
"""

from __future__ import annotations

from decimal import Decimal

from kgtool.assessment.indices import explain
from kgtool.i18n.messages import has, percent, t
from kgtool.reporting.model import Figure, Term, value_of
from kgtool.sparql.backends import boolean_value

NAMED_SECTIONS = ("conclusion", "appendix")


class Words:
    """The report's wording helpers bound to one language."""

    def __init__(self, lang: str, labels: dict[str, str], dimensions: list[dict[str, Term]]) -> None:
        self.lang = lang
        self.labels = labels  # roles, oversight modes, cell values: IRI -> label
        self.dimensions = {value_of(d, "dimension"): value_of(d, "dimensionLabel") for d in dimensions}

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def pct(self, value: Decimal | None) -> str:
        return percent(value, self.lang) if value is not None else "—"

    def pct_text(self, value: str) -> str:
        """A fraction written as text (an index's old or new value in `kgtool diff`) as a percentage."""
        return self.pct(Decimal(value)) if value else "—"

    def points(self, delta: Decimal | None) -> str:
        """A change of an index in percentage points, signed ("+8.33", "−25"), the reader's way."""
        if delta is None:
            return "—"
        text = percent(abs(delta), self.lang).rstrip("% \u00a0")
        return ("+" if delta > 0 else "−" if delta < 0 else "±") + text

    def foreign(self, term: Term) -> str:
        """The primary language of a literal from the graph when it is not the page's, else ""
        (the page marks such a text with its language, for screen readers and hyphenation)."""
        primary = term.get("xml:lang", "").split("-", 1)[0]
        return primary if primary and primary != self.lang else ""

    def sections(self, value: str) -> str:
        """Section numbers as the reader says them ("section 6.1", "Conclusion")."""
        names = [s for s in value.split() if s]
        parts = [self.t(f"section_{s}") if s in NAMED_SECTIONS else s for s in names]
        return ", ".join(parts)

    def where(self, value: str) -> str:
        names = [s for s in value.split() if s]
        numbered = [s for s in names if s not in NAMED_SECTIONS]
        named_ = [self.t(f"section_{s}") for s in names if s in NAMED_SECTIONS]
        parts = []
        if numbered:
            parts.append(self.t("sections_n" if len(numbered) > 1 else "section_n", n=", ".join(numbered)))
        return ", ".join(parts + named_)

    def detail(self, f: Figure) -> str:
        """The counts a figure is computed from ("12 of 20 scored cells present")."""
        c = f.counts
        if "scored" in c:
            return self.t("d_cells", present=c.get("present", "?"), scored=c["scored"])
        if f.measure == "dimension-absent":
            return self.t("d_processes_absent", absent=c.get("absent", "?"), processes=c.get("processes", "?"))
        if "processes" in c:
            return self.t("d_processes_present", present=c.get("present", "?"), processes=c["processes"])
        if "pairs" in c:
            return self.t("d_pairs", pairs=c["pairs"])
        return ""

    def explanation(self, f: Figure) -> str:
        """Why a stated figure and the computed one differ, in the reader's language."""
        r = f.row
        if self.lang == "en":
            return explain(r)
        label = (
            f.label if f.measure in ("pair", "principal", "dimension") else f"{f.label} — {self.t('m_' + f.measure)}"
        )
        text = self.t(
            "x_head",
            label=label,
            stated=self.pct(r.stated),
            where=self.where(r.stated_in),
            computed=self.pct(r.computed),
            detail=self.detail(f),
        )
        if r.agrees:
            return text
        reproducing = [(alt, v) for alt, v, ok in r.alternatives if ok and v is not None]
        if reproducing:
            return text + self.t(
                "x_reproduced",
                list="; ".join(f"{self.aggregation(alt.description)} ({self.pct(v)})" for alt, v in reproducing),
            )
        tried = "; ".join(
            f"{self.aggregation(alt.description)}: {self.pct(v)}" for alt, v, _ in r.alternatives if v is not None
        )
        return text + (self.t("x_none", tried=tried) if tried else self.t("x_none_untried"))

    def aggregation(self, description: str) -> str:
        """An aggregation's description in the reader's language (English if a new one has no translation yet)."""
        return self.t(description) if has(description) else description

    def gap(self, kind: str, r: dict[str, Term]) -> str:
        """What one gap of ``kind`` is, from its query row."""
        labels = self.labels
        if kind == "no-legal-basis":
            return self.t("g_no_basis") + (
                self.t("g_no_basis_excluded") if boolean_value(value_of(r, "excluded")) else ""
            )
        if kind == "rules-absent-despite-law":
            return self.t("g_rules_absent", n=value_of(r, "norms"))
        if kind == "blocked-or-restricted":
            return self.t(
                "g_blocked",
                role=labels.get(value_of(r, "role"), value_of(r, "role")),
                norm=value_of(r, "normLabel", value_of(r, "norm")),
            )
        if kind == "appendix-disagreement":
            return self.t(
                "g_appendix",
                dim=self.dimensions.get(value_of(r, "dimension"), value_of(r, "dimension")),
                a=labels.get(value_of(r, "sectionValue"), ""),
                b=labels.get(value_of(r, "appendixValue"), ""),
                lines=value_of(r, "appendixLines", "?"),
            )
        return ""
