"""The in-force banner of act and provision pages, the act's "Status and versions" table, and the
state that every other table naming an act shows beside it.

As legislation.gov.uk does at the top of every provision, a reader sees first whether the
norm is still law: in force / no longer in force since … / replaced by …, the edition the
study read, and the source of each of these facts. What no source confirmed is shown as
unknown, in the page's language (the words live in kgtool/i18n/messages.py, ``ls.*``); "today"
as of the date the data states (kgo:legalStatusAsOf: "In force as of 2025"). A process's legal
basis, the list of acts and the rankings say each act's state in the banner's own words, unknown
included, and name the act that replaced it (:meth:`LegalBanners.flag`), so a reader meets the
warning wherever the act is named.
The facts come from queries/legal/act-status.rq (kgtool.assessment.legal_status).
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib

from kgtool.assessment.legal_status import (
    IN_FORCE,
    NOT_IN_FORCE,
    ActStatus,
    Fact,
    act_statuses,
    status_as_of,
)
from kgtool.i18n.catalogue import as_of_phrase, sentence
from kgtool.i18n.messages import t
from kgtool.iri import local_name
from kgtool.site.context import Cell, Frag, SiteContext, Table
from kgtool.sparql.backends import Backend
from kgtool.vocab import ELI, KGO

# The facts of the status table, in the order a lawyer reads them.
FACTS = (
    ELI + "id_local",
    ELI + "date_document",
    ELI + "first_date_entry_in_force",
    ELI + "is_realized_by",
    ELI + "in_force",
    ELI + "date_no_longer_in_force",
    KGO + "noLongerInForceBy",
    KGO + "replacedBy",
    KGO + "officialRecord",
)


@dataclass(frozen=True)
class Banner:
    """What the template shows above a page's labels: ``state`` is its CSS class
    (in-force, not-in-force, unknown)."""

    state: str
    headline: Cell
    replaced_by: Cell
    edition: Cell
    of_act: Cell


class LegalBanners:
    """Banners and status tables for one language of the site, from one query."""

    def __init__(self, backend: Backend, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.statuses: dict[str, ActStatus] = act_statuses(backend, ctx.lang)
        # "today" as of the date the data states it (kgo:legalStatusAsOf): "In force as of 2025"
        self.when = as_of_phrase(status_as_of(backend), ctx.lang)

    def _sources(self, fact: Fact | None, here: str) -> Cell:
        """The sources of one fact as links: a section of the study to its page, a record to its address."""
        lang = self.ctx.lang
        if fact is None:
            return []
        cell: Cell = []
        for s in fact.sources:
            if s.section:
                where = t("section_n", lang, n=s.section) + (", " + t("lines_n", lang, n=s.lines) if s.lines else "")
                cell.append(Frag(t("ls.study", lang, where=where), css="fact-source"))
            if s.record:
                cell.append(Frag(s.record, href=s.record, css="fact-source"))
        return cell

    def _with_sources(self, text: str, facts: Fact | list[Fact] | None, here: str) -> Cell:
        """``text`` and, on the same line after one "source:", the sources of every fact that backs
        it (each address once). A headline backed by two facts (the Constitution's "no longer in
        force by …": the date and the force) put the second fact's sources on a line of their own,
        "source: https://…" under a statement that was not theirs."""
        backing = facts if isinstance(facts, list) else [facts] if facts is not None else []
        sources: Cell = []
        for fact in backing:
            sources += [
                f for f in self._sources(fact, here) if (f.text, f.href) not in {(g.text, g.href) for g in sources}
            ]
        head = Frag(text, inline=bool(sources))
        if not sources:
            return [head]
        label = Frag(t("ls.source", self.ctx.lang, sources="").rstrip(), inline=True, css="fact-source")
        return [head, label] + [Frag(f.text, href=f.href, css=f.css, inline=True) for f in sources[:-1]] + [sources[-1]]

    def banner(self, node: rdflib.URIRef, here: str) -> Banner | None:
        """The banner of an act's page, or of a provision's page (its act's status); None for other pages."""
        iri = str(node)
        act = iri if iri in self.statuses else None
        of_act: Cell = []
        if act is None:
            owner = self.ctx.graph.value(node, rdflib.URIRef(KGO + "inAct"))
            if owner is None or str(owner) not in self.statuses:
                return None
            act = str(owner)
            of_act = [Frag(t("ls.banner_of_act", self.ctx.lang), inline=True), self.ctx.link(owner, here)]
        status = self.statuses[act]
        lang = self.ctx.lang
        state, words, backing = self._headline(status)
        headline = self._with_sources(words, backing, here)
        replaced = self._linked_fact(t("ls.banner_replaced_by", lang), status.first(KGO + "replacedBy"), here)
        edition = self._linked_fact(t("ls.fact_is_realized_by", lang), status.first(ELI + "is_realized_by"), here)
        return Banner(state, headline, replaced, edition, of_act)

    def _headline(self, status: ActStatus) -> tuple[str, str, list[Fact]]:
        """The act's state today (the banner's CSS class: in-force, not-in-force, unknown), the
        banner's words for it in the page's language, and the facts whose sources back them."""
        lang = self.ctx.lang
        unknown = t("ls.unknown", lang)
        in_force = status.first(ELI + "in_force")
        since, by = status.first(ELI + "date_no_longer_in_force"), status.first(KGO + "noLongerInForceBy")
        when = self.when
        if in_force is not None and in_force.value == IN_FORCE:
            return "in-force", sentence(t("ls.banner_in_force", lang, when=when)), [in_force]
        if in_force is not None and in_force.value == NOT_IN_FORCE:
            if since is not None:
                return "not-in-force", t("ls.banner_gone_since", lang, date=since.value), [since]
            if by is not None:
                return "not-in-force", t("ls.banner_gone_by", lang, date=by.value, unknown=unknown), [by, in_force]
            return "not-in-force", sentence(t("ls.banner_gone", lang, when=when)), [in_force]
        return "unknown", sentence(t("ls.banner_unknown", lang, when=when, unknown=unknown)), []

    def flag(self, act: str, here: str) -> Cell:
        """What a table naming ``act`` shows beside it (a process's legal basis, the list of acts,
        the rankings): the act's state in its banner's words — in force, no longer in force, or in
        force: unknown — with its CSS class, and the act that replaced it, linked, where the data
        names one. An act of unknown force showed nothing, and read as in force; an act replaced
        by a later one, its force unconfirmed, showed nothing of the replacement."""
        status = self.statuses.get(act)
        if status is None:
            return []
        state, words, _ = self._headline(status)
        caption = t("ls.banner_replaced_by", self.ctx.lang)
        successor = self._linked_fact(caption, status.first(KGO + "replacedBy"), here)
        return [Frag(words, css=state, inline=bool(successor))] + successor[:2]

    def _linked_fact(self, caption: str, fact: Fact | None, here: str) -> Cell:
        """A banner line naming a resource the act points to (its successor, its edition):
        "caption: <link>" followed by the fact's sources; nothing when the act states none."""
        if fact is None:
            return []
        link = self.ctx.link(rdflib.URIRef(fact.value), here)
        return [
            Frag(caption + ":", inline=True),
            Frag(link.text, href=link.href, lang=link.lang, title=link.title, inline=True),
        ] + self._with_sources("", fact, here)[1:]

    def table(self, node: rdflib.URIRef, here: str) -> Table | None:
        """An act's page: every status fact with its value (or "unknown") and its sources."""
        status = self.statuses.get(str(node))
        if status is None:
            return None
        lang = self.ctx.lang
        table = Table(
            "status",
            t("ls.table_title", lang),
            [t("ls.col_fact", lang), t("ls.col_value", lang), t("ls.col_source", lang)],
            translated=True,
        )
        for prop in FACTS:
            name = [Frag(t("ls.fact_" + local_name(prop), lang, when=self.when), title=prop)]
            if prop in status.unknown:
                table.rows.append([name, [Frag(t("ls.unknown", lang), css="unknown")], []])
            for fact in status.facts.get(prop, []):
                if fact.value.startswith(("http://", "https://")):
                    value = [self.ctx.link(rdflib.URIRef(fact.value), here)]
                else:
                    value = [Frag(fact.value)]
                table.rows.append([name, value, self._sources(fact, here)])
        return table
