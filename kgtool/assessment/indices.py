"""The indices, computed from the cells by the queries in queries/indices/, next to the
figures the study states, with whether they agree at the precision the study uses.

The study does not always say how it aggregated a figure. For each stated figure this
module also tries the plausible aggregations (each a query or a query parameter) and
reports which of them reproduce it — or that none does. Data and formulas are never
adjusted to make a figure agree: a disagreement is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from kgtool.i18n.catalogue import has, percent, t
from kgtool.sparql.backends import Backend, ResultTable, boolean_value
from kgtool.sparql.named import named
from kgtool.vocab import KGO

FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Variant:
    """One way of aggregating the cells into a figure."""

    name: str
    description: str
    query: str
    params: tuple[tuple[str, str], ...] = ()
    column: str = "computed"


@dataclass
class IndexRow:
    figure: str  # pair | principal | dimension | overall
    subject: str
    label: str
    computed: Decimal
    measure: str = ""  # the kgo:Measure this row computes (what a stated figure would measure)
    stated: Decimal | None = None
    precision: Decimal | None = None
    stated_in: str = ""
    agrees: bool | None = None
    variant: str = ""
    detail: str = ""
    alternatives: list[tuple[Variant, Decimal | None, bool | None]] = field(default_factory=list)


PRIMARY = {
    "pair": Variant("cells", "share of scored cells present", "pair-index"),
    "principal": Variant("cells", "share of scored cells present in its pairs", "principal-index"),
    "dimension": Variant("processes", "share of assessed processes with the dimension present", "dimension-share"),
    "dimension-absent": Variant(
        "processes", "share of assessed processes with the dimension absent", "dimension-share", column="absentShare"
    ),
    "overall": Variant("cells", "share of all scored cells present", "overall-index"),
    "overall-mean": Variant("mean-of-pairs", "mean of the pair indices", "overall-mean-of-pairs"),
}

WITH_EXCLUDED = (("includeExcluded", "true"),)
ALTERNATIVES = {
    KGO + "PairIndex": [
        Variant(
            "cells+excluded",
            "share of scored cells present, counting the excluded process",
            "pair-index",
            WITH_EXCLUDED,
        ),
    ],
    KGO + "PrincipalShare": [
        Variant(
            "cells+excluded",
            "share of scored cells present, counting the excluded process",
            "principal-index",
            WITH_EXCLUDED,
        ),
        Variant("mean-of-pairs", "mean of its pairs' indices", "principal-mean-of-pairs"),
        Variant(
            "processes-in-use",
            "share of its processes with at least one scored dimension present",
            "principal-process-share",
        ),
        Variant(
            "processes-in-use+excluded",
            "share of its processes in use, counting the excluded process",
            "principal-process-share",
            WITH_EXCLUDED,
        ),
    ],
    KGO + "DimensionPresentShare": [
        Variant(
            "processes+excluded", "share of all processes, counting the excluded one", "dimension-share", WITH_EXCLUDED
        ),
    ],
    KGO + "DimensionAbsentShare": [
        Variant(
            "processes+excluded",
            "share of all processes, counting the excluded one",
            "dimension-share",
            WITH_EXCLUDED,
            "absentShare",
        ),
    ],
    KGO + "OverallIndex": [
        PRIMARY["overall"],
        PRIMARY["overall-mean"],
        Variant(
            "cells+excluded",
            "share of all scored cells present, counting the excluded process",
            "overall-index",
            WITH_EXCLUDED,
        ),
    ],
}


# Words kgtool adds to a label to tell apart rows that share a subject.
LABEL_SUFFIXES = {
    "en": {"absent": "absent", "cells": "all scored cells", "mean": "mean of the pair indices"},
    "ru": {"absent": "отсутствует", "cells": "все учитываемые ячейки", "mean": "среднее индексов пар"},
    "ky": {"absent": "жок", "cells": "бааланган бардык уячалар", "mean": "жуптардын индекстеринин орточосу"},
}


# The counts each figure is the ratio of, by the column that names the figure: kgtool computes
# the ratio itself from these exact counts, so every store gives the same digits (engines
# spell and truncate a decimal division differently: 18 digits on Oxigraph, 24 on Jena).
RATIOS = {
    "computed": (("present", "scored"), ("present", "processes"), ("inUse", "processes")),
    "absentShare": (("absent", "processes"),),
}
MEAN_OF_PAIRS = {"principal-mean-of-pairs", "overall-mean-of-pairs"}


def exact_decimal(value: Fraction) -> Decimal:
    """A fraction as a decimal of 40 significant digits, cut off (never rounded) after them.

    Cutting off keeps every later half-up rounding exact: a value at or above a tie such as
    0.12345 stays at or above it, a value below stays below, whatever the places."""
    with localcontext() as ctx:
        ctx.prec = 40
        ctx.rounding = ROUND_FLOOR
        return Decimal(value.numerator) / Decimal(value.denominator)


def ratio_of_counts(row: dict[str, dict[str, str]], column: str) -> Fraction | None:
    """The figure in ``column`` of a query's row, computed exactly from the row's counts."""
    for numerator, denominator in RATIOS.get(column, ()):
        if numerator in row and denominator in row:
            count = int(Decimal(row[denominator]["value"]))
            return Fraction(int(Decimal(row[numerator]["value"])), count) if count else None
    return None


def four_places(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def agrees(computed: Decimal, stated: Decimal, precision: Decimal) -> bool:
    """Whether the computed figure, rounded as the study rounds, equals the stated one."""
    return computed.quantize(precision, rounding=ROUND_HALF_UP) == stated.quantize(precision, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AssessmentInfo:
    """One assessment in the graph: its IRI, name, country and period (a year, as written)."""

    iri: str
    label: str
    country: str
    country_label: str
    period: str


def in_assessment(sentence: str, info: AssessmentInfo, found: list[AssessmentInfo], lang: str = "en") -> str:
    """``sentence`` (``explain``'s) said of the assessment it is about, by its country and year,
    for a graph of several assessments (``found``): two rounds of one study state the same
    figures, and their disagreements read alike. Two assessments of one country and year are
    told apart by their IRIs."""
    year = info.period or info.label or info.iri
    if sum(1 for a in found if (a.country_label, a.period) == (info.country_label, info.period)) > 1:
        year = f"{year} ({info.iri})"
    if info.country_label:
        return t("x_in_assessment", lang, country=info.country_label, year=year, sentence=sentence)
    return t("x_in_assessment_of_year", lang, year=year, sentence=sentence)


def assessments(backend: Backend, lang: str = "en") -> list[AssessmentInfo]:
    """The assessments the graph holds, ordered by country, period and IRI."""
    found: dict[str, AssessmentInfo] = {}
    for row in backend.select(named("assessments").bind({"lang": lang})).rows:

        def v(name: str, row: dict[str, dict[str, str]] = row) -> str:
            return row[name]["value"] if name in row else ""

        found.setdefault(
            v("assessment"), AssessmentInfo(v("assessment"), v("label"), v("country"), v("countryLabel"), v("period"))
        )
    return sorted(found.values(), key=lambda a: (a.country, a.period, a.iri))


class CorpusResults:
    """The index queries' answers for every assessment of a corpus at once, split by assessment.

    Run once per assessment, each index query reads the whole corpus, so a corpus of n
    assessments cost n times the corpus (841 s at 1M statements and 399 assessments). Here
    each query runs once, in its form grouped by assessment (``BY_ASSESSMENT``), or as it
    is where its subject is the assessment itself; one assessment's share of the answer is
    the answer the query gives with ``?assessment`` bound to it, row for row and in order."""

    def __init__(self, backend: Backend, lang: str = "en") -> None:
        self.backend = backend
        self.lang = lang
        self._split: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[list[str], dict[str, ResultTable]]] = {}

    def table(self, query: str, params: tuple[tuple[str, str], ...], assessment: str) -> ResultTable | None:
        """What ``query`` with ``params`` answers with ``?assessment`` bound to ``assessment``
        (None for a query this class does not split: run it bound)."""
        if (query not in BY_ASSESSMENT and query not in SUBJECT_IS_ASSESSMENT) or "assessment" in dict(params):
            return None
        key = (query, params)
        if key not in self._split:
            self._split[key] = self._run_split(query, params)
        variables, parts = self._split[key]
        return parts[assessment] if assessment in parts else ResultTable(list(variables))

    def _run_split(self, query: str, params: tuple[tuple[str, str], ...]) -> tuple[list[str], dict[str, ResultTable]]:
        grouped = BY_ASSESSMENT.get(query)
        nq = named(grouped or query)
        values: dict[str, str | None] = dict(params)
        if "lang" in nq.parameters:
            values["lang"] = self.lang
        answer = self.backend.select(nq.bind(values))
        column = "assessment" if grouped else "subject"
        variables = [v for v in answer.variables if not (grouped and v == "assessment")]
        parts: dict[str, ResultTable] = {}
        for row in answer.rows:
            part = parts.setdefault(row[column]["value"], ResultTable(list(variables)))
            part.rows.append({k: v for k, v in row.items() if not (grouped and k == "assessment")})
        return variables, parts


# The form of each index query grouped by assessment; the queries not named here answer one
# row per assessment already (their subject is the assessment).
BY_ASSESSMENT = {
    name: name + "-by-assessment"
    for name in (
        "pair-index",
        "principal-index",
        "dimension-share",
        "principal-mean-of-pairs",
        "principal-process-share",
        "stated-figures",
    )
}
SUBJECT_IS_ASSESSMENT = {"overall-index", "overall-mean-of-pairs"}


def rows_by_assessment(backend: Backend, lang: str, iris: list[str]) -> dict[str, list[IndexRow]]:
    """Each assessment's index rows, as ``IndexCalculator(backend, lang, assessment=iri).rows()``
    gives them, with every index query run once for the whole corpus (see ``CorpusResults``)."""
    corpus = CorpusResults(backend, lang)
    return {iri: IndexCalculator(backend, lang, assessment=iri, corpus=corpus).rows() for iri in iris}


class IndexCalculator:
    """The indices of the graph's cells, or of one assessment's when ``assessment`` is given
    (every query in queries/indices/ and the stated figures take an ``?assessment`` parameter,
    so a corpus of several assessments is never pooled into one figure). Given ``corpus``,
    the queries it splits come from it, run once for every assessment (``rows_by_assessment``)."""

    def __init__(
        self,
        backend: Backend,
        lang: str = "en",
        assessment: str | None = None,
        corpus: CorpusResults | None = None,
    ) -> None:
        self.backend = backend
        self.lang = lang
        self.assessment = assessment
        self.corpus = corpus
        self._cache: dict[tuple[str, tuple[tuple[str, str], ...]], ResultTable] = {}
        # a query's rows by the value of one column, made once per query: looking a subject up by
        # scanning every row was quadratic where every subject is looked up (issue 18)
        self._by: dict[tuple[str, tuple[tuple[str, str], ...], str], dict[str, list[dict[str, dict[str, str]]]]] = {}

    def run(self, query: str, params: tuple[tuple[str, str], ...] = ()) -> ResultTable:
        key = (query, params)
        if key not in self._cache and self.corpus is not None and self.assessment is not None:
            shared = self.corpus.table(query, params, self.assessment)
            if shared is not None:
                self._cache[key] = shared
        if key not in self._cache:
            values: dict[str, str | None] = dict(params)
            nq = named(query)
            if "lang" in nq.parameters:
                values["lang"] = self.lang
            if self.assessment is not None and "assessment" in nq.parameters:
                values["assessment"] = self.assessment
            self._cache[key] = self.backend.select(nq.bind(values))
        return self._cache[key]

    def rows_where(
        self, query: str, params: tuple[tuple[str, str], ...], column: str, value: str
    ) -> list[dict[str, dict[str, str]]]:
        """The rows of ``run(query, params)`` whose ``column`` is ``value``, in the query's order."""
        key = (query, params, column)
        index = self._by.get(key)
        if index is None:
            index = self._by[key] = {}
            for row in self.run(query, params).rows:
                if column in row:
                    index.setdefault(row[column]["value"], []).append(row)
        return index.get(value, [])

    def value(self, variant: Variant, subject: str) -> Decimal | None:
        for row in self.rows_where(variant.query, variant.params, "subject", subject):
            if variant.column in row:
                return self.figure(variant, row)
        return None

    def figure(self, variant: Variant, row: dict[str, dict[str, str]]) -> Decimal:
        """The variant's figure for one row of its query, from exact counts; the query's own
        decimal (there for users of `kgtool query`) is used only where it gives no counts."""
        subject = row["subject"]["value"]
        if variant.query in MEAN_OF_PAIRS:
            mean = self.mean_of_pairs(variant.query, subject)
            if mean is not None:
                return exact_decimal(mean)
        exact = ratio_of_counts(row, variant.column)
        return exact_decimal(exact) if exact is not None else Decimal(row[variant.column]["value"])

    def mean_of_pairs(self, query: str, subject: str) -> Fraction | None:
        """The mean of the pair indices of a principal or of an assessment, each pair index
        the exact ratio of its counts (the pairs the mean-of-pairs query averages: scored
        cells of processes not excluded)."""
        if query == "overall-mean-of-pairs":
            table = self.run("pair-index", () if self.assessment else (("assessment", subject),))
            pairs = {r["subject"]["value"]: r for r in table.rows}
        else:
            pairs = {r["subject"]["value"]: r for r in self.rows_where("pair-index", (), "principal", subject)}
        shares = [ratio_of_counts(r, "computed") for r in pairs.values()]
        known = [share for share in shares if share is not None]
        return sum(known, Fraction(0)) / len(known) if known else None

    def stated_figures(self) -> dict[tuple[str, str], dict[str, str]]:
        stated: dict[tuple[str, str], dict[str, str]] = {}
        for row in self.run("stated-figures").rows:
            measure, subject = row["measure"]["value"], row["subject"]["value"]
            entry = stated.setdefault((measure, subject), {k: v["value"] for k, v in row.items() if k != "section"})
            entry["sections"] = " ".join(sorted(set(entry.get("sections", "").split()) | {row["section"]["value"]}))
        return stated

    def rows(self) -> list[IndexRow]:
        stated = self.stated_figures()
        out: list[IndexRow] = []
        words = LABEL_SUFFIXES.get(self.lang, LABEL_SUFFIXES["en"])
        plan = [
            ("pair", "pair", KGO + "PairIndex", ""),
            ("principal", "principal", KGO + "PrincipalShare", ""),
            ("dimension", "dimension", KGO + "DimensionPresentShare", ""),
            ("dimension", "dimension-absent", KGO + "DimensionAbsentShare", " — " + words["absent"]),
            ("overall", "overall", KGO + "OverallIndex", " — " + words["cells"]),
            ("overall", "overall-mean", KGO + "OverallIndex", " — " + words["mean"]),
        ]
        seen: set[tuple[str, str]] = set()
        for figure, key, measure, suffix in plan:
            variant = PRIMARY[key]
            for row in self.run(variant.query, variant.params).rows:
                # a statement loaded from two files (two rounds both declaring the country's
                # actors) can repeat a label and so a row; each figure of a subject is one row
                if (key, row["subject"]["value"]) in seen:
                    continue
                seen.add((key, row["subject"]["value"]))
                if key == "dimension-absent" and not boolean_value(row.get("counted", {}).get("value")):
                    continue  # demand is not scored; its absent share is not a figure anyone states
                subject = row["subject"]["value"]
                computed = self.figure(variant, row)
                index = IndexRow(
                    figure,
                    subject,
                    row.get("label", {}).get("value", subject) + suffix,
                    computed,
                    measure=measure,
                    variant=variant.name,
                    detail=_detail(row, variant, self.lang),
                )
                statement = stated.get((measure, subject))
                if statement:
                    index.stated = Decimal(statement["stated"])
                    index.precision = Decimal(statement["precision"])
                    index.stated_in = " ".join(sorted(statement["sections"].split()))
                    index.agrees = agrees(computed, index.stated, index.precision)
                    index.alternatives = [
                        (alt, v, None if v is None else agrees(v, index.stated, index.precision))
                        for alt in ALTERNATIVES.get(measure, [])
                        if alt != variant
                        for v in [self.value(alt, subject)]
                    ]
                out.append(index)
        return out


def _detail(row: dict[str, dict[str, str]], variant: Variant, lang: str = "en") -> str:
    """The counts a figure is the ratio of ("12 of 20 scored cells present"), in ``lang``."""

    def v(name: str) -> str:
        return row[name]["value"] if name in row else "?"

    if "scored" in row:
        return t("d_cells", lang, present=v("present"), scored=v("scored"))
    if variant.column == "absentShare":
        return t("d_processes_absent", lang, absent=v("absent"), processes=v("processes"))
    if "processes" in row and "present" in row:
        return t("d_processes_present", lang, present=v("present"), processes=v("processes"))
    if "pairs" in row:
        return t("d_pairs", lang, pairs=v("pairs"))
    return ""


def explain(row: IndexRow, lang: str = "en") -> str:
    """A plain-language sentence about a stated figure and what the cells give, in ``lang``
    (the row's label and detail are already in the language its calculator was asked for)."""
    assert row.stated is not None
    head = t(
        "x_head",
        lang,
        label=row.label,
        stated=percent(row.stated, lang),
        where=sections_text(row.stated_in, lang),
        computed=percent(row.computed, lang),
        detail=row.detail,
    )
    if row.agrees:
        return head
    reproducing = [(alt, v) for alt, v, ok in row.alternatives if ok and v is not None]
    if reproducing:
        return head + t(
            "x_reproduced",
            lang,
            list="; ".join(f"{aggregation(alt.description, lang)} ({percent(v, lang)})" for alt, v in reproducing),
        )
    tried = "; ".join(
        f"{aggregation(alt.description, lang)}: {percent(v, lang)}" for alt, v, _ in row.alternatives if v is not None
    )
    return head + (t("x_none", lang, tried=tried) if tried else t("x_none_untried", lang))


NAMED_SECTIONS = ("conclusion", "appendix")


def sections_text(value: str, lang: str) -> str:
    """Where the study states a figure, as the reader says it ("sections 6.1, 6.2", "Conclusion")."""
    names = [s for s in value.split() if s]
    numbered = [s for s in names if s not in NAMED_SECTIONS]
    parts = [t("sections_n" if len(numbered) > 1 else "section_n", lang, n=", ".join(numbered))] if numbered else []
    return ", ".join(parts + [t(f"section_{s}", lang) for s in names if s in NAMED_SECTIONS])


def aggregation(description: str, lang: str) -> str:
    """An aggregation's description in the reader's language (as written, if a new one has no message yet)."""
    return t(description, lang) if has(description) else description
