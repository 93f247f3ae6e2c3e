"""Acts at a point in time: which edition of an act the study read, whether the act was in
force at a date, whether it still is, what replaced it, and where each of these facts comes
from (queries/legal/act-status.rq over data/legal-status.ttl).

A lawyer reading "article 52 underpins public monitoring" needs to know whether that
article is still law. The answer is only as good as its sources, so every statement here
carries them, and a fact no source confirmed is reported as unknown, never guessed: the
rules below decide "not in force" only from a stated date (or a date by which a source
says the act had been replaced), and "the edition the study read" only for the
assessment's own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kgtool.errors import UsageError
from kgtool.i18n.catalogue import as_of_phrase
from kgtool.i18n.messages import t
from kgtool.sparql.backends import Backend
from kgtool.sparql.named import named
from kgtool.vocab import ELI, KGO

IN_FORCE = ELI + "InForce-inForce"
NOT_IN_FORCE = ELI + "InForce-notInForce"
DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")


@dataclass(frozen=True)
class PointInTime:
    """A day, or a whole year (the assessment's period is a year): the interval it covers."""

    start: date
    end: date
    text: str

    def overlaps(self, other: PointInTime) -> bool:
        return self.start <= other.end and other.start <= self.end


def parse_at(text: str, lang: str = "en") -> PointInTime:
    """``--at``: a day YYYY-MM-DD or a year YYYY; anything else is a usage error naming what was typed."""
    m = DATE_FORM.match(text.strip())
    try:
        if m and m.group(2):
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return PointInTime(day, day, day.isoformat())
        if m:
            year = int(m.group(1))
            return PointInTime(date(year, 1, 1), date(year, 12, 31), str(year))
    except ValueError:
        pass
    raise UsageError(
        "name#bad-date",
        t("name.bad_date", lang, text=text),
        hint=t("name.bad_date_hint", lang),
    )


def assessment_period(backend: Backend) -> PointInTime | None:
    """The assessment's period (kgo:period, a year) as a point in time: the default of ``--at``."""
    table = backend.select(named("assessments").bind({}))
    periods = sorted(row["period"]["value"] for row in table.rows if row.get("period", {}).get("value"))
    return parse_at(periods[0]) if periods else None


def status_as_of(backend: Backend) -> str | None:
    """The date the acts' force and successors are stated as of (kgo:legalStatusAsOf, a year or
    a day: queries/legal/status-as-of.rq), the latest if several records state one; None when the
    data does not say. It is what "today" means for eli:in_force."""
    table = backend.select(named("status-as-of").bind({}))
    found = sorted(row["asOf"]["value"] for row in table.rows if row.get("asOf", {}).get("value"))
    return found[-1] if found else None


@dataclass(frozen=True)
class Source:
    """Where one fact comes from: a section of the study (with lines), or a public record's address."""

    section: str = ""
    lines: str = ""
    record: str = ""


@dataclass
class Fact:
    prop: str
    value: str
    label: str
    sources: list[Source] = field(default_factory=list)


@dataclass
class ActStatus:
    """Everything data/legal-status.ttl says about one act: its facts (each with its sources)
    and the properties declared unknown."""

    act: str
    label: str
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    def first(self, prop: str) -> Fact | None:
        values = self.facts.get(prop)
        return values[0] if values else None

    def day(self, prop: str) -> date | None:
        fact = self.first(prop)
        return date.fromisoformat(fact.value) if fact and DATE_FORM.match(fact.value) else None


def act_statuses(backend: Backend, lang: str = "en", act: str | None = None) -> dict[str, ActStatus]:
    """The status of every act (or of ``act``), keyed by IRI."""
    table = backend.select(named("act-status").bind({"act": act, "lang": lang}))
    out: dict[str, ActStatus] = {}
    for row in table.rows:
        v = {k: cell["value"] for k, cell in row.items()}
        status = out.setdefault(v["act"], ActStatus(v["act"], v.get("actLabel", v["act"])))
        if v["status"] == "unknown":
            status.unknown.add(v["property"])
            continue
        facts = status.facts.setdefault(v["property"], [])
        fact = next((f for f in facts if f.value == v["value"]), None)
        if fact is None:
            fact = Fact(v["property"], v["value"], v.get("valueLabel", ""))
            facts.append(fact)
        source = Source(v.get("section", ""), v.get("lines", ""), v.get("record", ""))
        if source != Source() and source not in fact.sources:
            fact.sources.append(source)
    return out


@dataclass(frozen=True)
class Verdict:
    """An act at a point in time, and today.

    ``state``: "edition" (the assessment's period: the edition the study read), "gone"
    (no longer in force: ``since`` is the exact day, or ``by`` a day by which it had been
    replaced), "not-yet" (the point in time is before the act's date), or "unknown".
    ``today``: "in-force", "not-in-force" or "unknown" (eli:in_force)."""

    status: ActStatus
    at: PointInTime
    state: str
    today: str
    since: Fact | None = None
    by: Fact | None = None
    adopted: Fact | None = None
    edition: Fact | None = None
    today_fact: Fact | None = None
    replaced_by: Fact | None = None

    @property
    def flagged(self) -> bool:
        """Not in force at the point in time, no longer in force today, or replaced by a later act
        (kgo:replacedBy, whatever its force is known to be): the reader must be warned. An act the
        data says was replaced was left unflagged while its force today was unconfirmed, and its
        line read as the law's."""
        return self.state in ("gone", "not-yet") or self.today == "not-in-force" or self.replaced_by is not None

    @property
    def mark(self) -> str:
        """What `kgtool basis` writes before the act's line: "!" where :attr:`flagged`, "?" where,
        not flagged, its force at the point in time or today is unknown (no source confirmed it),
        " " for an act known to be in force at both."""
        if self.flagged:
            return "!"
        return "?" if self.state == "unknown" or self.today == "unknown" else " "


def verdict(status: ActStatus, at: PointInTime, period: PointInTime | None) -> Verdict:
    """The act at ``at``, decided only from stated facts (see the module's docstring)."""
    in_force = status.first(ELI + "in_force")
    today = "unknown"
    if in_force is not None:
        today = (
            "in-force" if in_force.value == IN_FORCE else "not-in-force" if in_force.value == NOT_IN_FORCE else today
        )
    common = {
        "today_fact": in_force,
        "replaced_by": status.first(KGO + "replacedBy"),
        "edition": status.first(ELI + "is_realized_by"),
    }
    adopted, since = status.day(ELI + "date_document"), status.day(ELI + "date_no_longer_in_force")
    by = status.day(KGO + "noLongerInForceBy")
    if adopted is not None and at.end < adopted:
        return Verdict(status, at, "not-yet", today, adopted=status.first(ELI + "date_document"), **common)
    if since is not None and at.start >= since:
        return Verdict(status, at, "gone", today, since=status.first(ELI + "date_no_longer_in_force"), **common)
    if by is not None and at.start >= by:
        return Verdict(status, at, "gone", today, by=status.first(KGO + "noLongerInForceBy"), **common)
    if period is not None and at.overlaps(period) and common["edition"] is not None:
        return Verdict(status, at, "edition", today, **common)
    return Verdict(status, at, "unknown", today, **common)


def sources_text(fact: Fact | None, lang: str) -> str:
    """ "source: the study, section 6.1.1, lines 1-2; https://…" in the reader's language."""
    if fact is None or not fact.sources:
        return ""
    parts = []
    for s in fact.sources:
        if s.section:
            where = t("section_n", lang, n=s.section) + (", " + t("lines_n", lang, n=s.lines) if s.lines else "")
            parts.append(t("ls.study", lang, where=where))
        if s.record:
            parts.append(s.record)
    return " [" + t("ls.source", lang, sources="; ".join(parts)) + "]"


def describe(v: Verdict, lang: str, period: PointInTime | None, as_of: str | None = None) -> list[str]:
    """The lines `kgtool basis --at` prints for one act: its state at the point in time, what
    replaced it, its state today, each with the source of the fact. Each thing is said once: the
    header above names the point in time as the assessment's period, and an edition's label
    ("<act>: the edition the study read (2016)") is not repeated after the act's name and the
    words "the edition the study read" (the line said both twice). "Today" is said as of the date
    the data states (``as_of``: :func:`status_as_of`), where it states one."""
    unknown, when = t("ls.unknown", lang), as_of_phrase(as_of, lang)
    if v.state == "edition":
        state = t("ls.state_edition", lang) + sources_text(v.edition, lang)
    elif v.state == "gone" and v.since is not None:
        state = t("ls.state_gone_since", lang, date=v.since.value) + sources_text(v.since, lang)
    elif v.state == "gone" and v.by is not None:
        state = t("ls.state_gone_by", lang, date=v.by.value, unknown=unknown) + sources_text(v.by, lang)
    elif v.state == "not-yet" and v.adopted is not None:
        state = t("ls.state_not_yet", lang, date=v.adopted.value) + sources_text(v.adopted, lang)
    else:
        state = t("ls.state_unknown", lang, unknown=unknown)
    lines = [v.mark + " " + t("ls.at", lang, act=v.status.label, at=v.at.text, state=state)]
    if v.state != "edition" and v.edition is not None:
        # the edition the study read is the act in the assessment's period (``verdict``); with no
        # period known, the edition's own label says which it is
        edition = t("ls.edition", lang, period=period.text) if period is not None else v.edition.label
        lines.append("    " + edition + sources_text(v.edition, lang))
    if v.today == "in-force":
        lines.append("    " + t("ls.today_in_force", lang, when=when) + sources_text(v.today_fact, lang))
    elif v.today == "not-in-force":
        lines.append("    " + t("ls.today_gone", lang, when=when) + sources_text(v.today_fact, lang))
    else:
        lines.append("    " + t("ls.today_unknown", lang, when=when, unknown=unknown))
    if v.replaced_by is not None:
        lines.append("    " + t("ls.replaced_by", lang, act=v.replaced_by.label) + sources_text(v.replaced_by, lang))
    elif v.today == "not-in-force":
        lines.append("    " + t("ls.replaced_by", lang, act=unknown))
    return lines


def point_in_time_notes(backend: Backend, acts: list[str], at_text: str | None, lang: str) -> list[str]:
    """The notes under `kgtool basis`'s table: each act its rows cite, at ``--at`` (default:
    the assessment's period), marked "!" where it was not in force then, is not today, or was
    replaced by a later act, and "?" where no source confirmed its force then or today
    (:attr:`Verdict.mark`); "today" as of the date the data states."""
    period = assessment_period(backend)
    at = parse_at(at_text, lang) if at_text else period
    if at is None:
        return []
    statuses = act_statuses(backend, lang)
    as_of = status_as_of(backend)
    at_words = at.text + (" " + t("ls.assessment_period", lang) if at == period else "")
    lines = [t("ls.header", lang, at=at_words, when=as_of_phrase(as_of, lang))]
    for act in sorted(set(acts)):
        if act in statuses:
            lines.extend(describe(verdict(statuses[act], at, period), lang, period, as_of))
    return lines
