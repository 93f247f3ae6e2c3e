"""The page of each resource: its names in three languages, what it says, and what the
legal researcher came for — a process's cells and legal basis, what an article underpins,
the provisions of an act, a stated figure next to the computed one.

Domain tables come from named queries (queries/publish/, queries/legal/) on the embedded
store; the generic "statements" and "referenced by" tables walk the graph itself, so
nothing the graph says about a resource is left off its page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS

from kgtool.assessment.basis import reference_text
from kgtool.assessment.indices import ALTERNATIVES, PRIMARY, IndexCalculator, IndexRow, agrees
from kgtool.i18n.catalogue import percent, t
from kgtool.i18n.labels import lang_matches
from kgtool.rdf.store_view import StoreView
from kgtool.site.conneg import RDF_EXTENSIONS, data_file, local_path, page_file
from kgtool.site.context import KGO, NAMES_KEPT, Cell, Frag, SiteContext, Table, heading_key, relative_endings
from kgtool.site.legal_banner import LegalBanners
from kgtool.sparql.backends import Backend, boolean_value, select_rows
from kgtool.sparql.named import named
from kgtool.vocab import LANGUAGE_NAMES

MEASURE_KEYS = {
    KGO.PairIndex: "pair",
    KGO.PrincipalShare: "principal",
    KGO.DimensionPresentShare: "dimension",
    KGO.DimensionAbsentShare: "dimension-absent",
    KGO.OverallIndex: "overall",
}
_STATED_IN = KGO.statedIn
_SECTION_NUMBER = KGO.sectionNumber
# the classes whose resources have domain tables (made once: ``KGO.<name>`` makes a new URIRef each time)
_PROCESS, _PAIR, _ACT = KGO.AccountabilityProcess, KGO.PrincipalAgentPair, KGO.LegalAct
_PROVISION, _OBSERVER, _FIGURE = KGO.Provision, KGO.Observer, KGO.StatedFigure
_SOURCE_LINES = KGO.sourceLines
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}


def values(row: dict[str, dict[str, str]]) -> dict[str, str]:
    """A result row's values; a literal's language goes in "<column>@lang" so that a text
    shown is marked with the language it is in (a translation, or the study's Kyrgyz)."""
    out = {k: v["value"] for k, v in row.items()}
    out.update({f"{k}@lang": v["xml:lang"] for k, v in row.items() if v.get("xml:lang")})
    return out


@dataclass
class Facts:
    """The results of the domain queries, grouped once for all pages."""

    citations_by_target: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    citations_by_norm: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    cells_by_process: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    provisions_by_act: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    observers_by_process: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    support_by_process: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    article_uses: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    most_cited_acts: list[dict[str, str]] = field(default_factory=list)
    most_cited_articles: list[dict[str, str]] = field(default_factory=list)
    cross_references_by_process: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    editorial_notes: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def gather(cls, backend: Backend, lang: str) -> Facts:
        facts = cls()
        for row in _select(backend, "citations", lang=lang):
            facts.citations_by_target[row["target"]].append(row)
            facts.citations_by_norm[row["norm"]].append(row)
        cells: dict[str, dict[str, object]] = {}
        for row in _select(backend, "process-cells", lang=lang):
            cell = cells.setdefault(row["cell"], {**row, "lines": set()})
            if "lines" in row:
                cell["lines"].add(row["lines"])  # type: ignore[attr-defined]
        for cell in sorted(cells.values(), key=lambda c: (str(c["process"]), int(str(c["dimensionOrder"])))):
            facts.cells_by_process.setdefault(str(cell["process"]), []).append(cell)
        for row in _select(backend, "act-provisions"):
            facts.provisions_by_act[row["act"]].append(row)
        for rows in facts.provisions_by_act.values():
            rows.sort(key=provision_order)
        for row in _select(backend, "process-observers", lang=lang):
            facts.observers_by_process[row["process"]].append(row)
        for row in _select(backend, "process-support", lang=lang):
            facts.support_by_process[row["process"]].append(row)
        for row in _select(backend, "process-cross-references", lang=lang):
            facts.cross_references_by_process[row["process"]].append(row)
        for row in _select(backend, "editorial-notes", lang=lang):
            if "note" in row:
                facts.editorial_notes[row["resource"]] = row
        # what every article underpins, from one query (legal/article-underpins asked per article
        # read the whole graph once per article: 70 of the 100k corpus's CPU seconds, issue 18)
        uses: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        for row in _select(backend, "article-uses", lang=lang):
            uses[(row.pop("act"), row.pop("article"))].append(row)
        for act, rows in facts.provisions_by_act.items():
            for row in rows:
                if row["kind"] == str(KGO.Article) and "first" in row:
                    facts.article_uses[row["provision"]] = list(uses.get((act, row["first"]), []))
        facts.most_cited_acts = _select(backend, "most-cited-acts", lang=lang)
        facts.most_cited_articles = _select(backend, "most-cited-articles", lang=lang)
        return facts


def _select(backend: Backend, name: str, **params: str) -> list[dict[str, str]]:
    # streamed: only the plain rows are kept (the whole table at once was a fifth of a publish's peak at 1M)
    return [values(r) for r in select_rows(backend, named(name).bind(dict(params)))]


def provision_order(row: dict[str, str]) -> tuple[int, str, str]:
    first = row.get("first") or row.get("number", "").split("-")[0]
    return (int(first) if first.isdigit() else 10**6, row.get("number", ""), row["provision"])


class PageBuilder:
    """Builds the template context of every resource page."""

    def __init__(self, ctx: SiteContext, facts: Facts, calculator: IndexCalculator) -> None:
        self.ctx = ctx
        self.g = ctx.graph
        self.facts = facts
        self.calculator = calculator
        self.superclasses: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
        self.legal: LegalBanners | None = None  # set by publish: the in-force banners of acts and provisions
        self._figures: dict[str, list[IndexRow]] | None = None
        self._watched: dict[str, list[tuple[str, dict[str, str]]]] | None = None
        self._sections: dict[rdflib.term.Node, str] = {}  # section_number's memo

    # --- helpers -------------------------------------------------------------------

    def is_a(self, node: rdflib.term.Node, cls: rdflib.URIRef) -> bool:
        return any(cls in self._ancestors(t) for t in self.ctx.type_nodes(node))

    def _ancestors(self, cls: rdflib.term.Node) -> set[rdflib.term.Node]:
        if cls not in self.superclasses:
            self.superclasses[cls] = {c for c in self.g.transitive_objects(cls, RDFS.subClassOf) if c is not None}
        return self.superclasses[cls]

    def link(self, iri: str | rdflib.term.Node, here: str) -> Frag:
        # type() first: rdflib's terms are ABCs, and isinstance on them is slow in a call made per cell
        node = iri if type(iri) is rdflib.URIRef or isinstance(iri, rdflib.term.Node) else rdflib.URIRef(iri)
        return self.ctx.link(node, here)

    def section_number(self, section: rdflib.term.Node) -> str:
        """A section's number as its citations show it (else its IRI): a study has a few hundred
        sections, each the source of many resources, so each is asked of the store once (while
        ``NAMES_KEPT`` numbers are remembered)."""
        found = self._sections.get(section)
        if found is None:
            if len(self._sections) >= NAMES_KEPT:
                self._sections.clear()
            found = self._sections[section] = str(self.g.value(section, _SECTION_NUMBER) or section)
        return found

    def source(self, section: str, lines: str | set[str] | None, here: str, section_node: str | None = None) -> Cell:
        """ "Section 6.2.1, lines 1068-1070" with the section linked to its page."""
        spans = (sorted(lines, key=_line_key) if isinstance(lines, set) else [lines]) if lines else []
        cell = [
            Frag(
                t("section_n", self.ctx.lang, n=section) + ("," if spans else ""),
                href=self.ctx.href(section_node, here) if section_node else None,
                inline=bool(spans),
            )
        ]
        if spans:
            cell.append(Frag(t("site.lines", self.ctx.lang, lines=", ".join(spans))))
        return cell

    # --- the page ------------------------------------------------------------------

    def page(self, iri: str, read: tuple[set[ox.Triple], set[ox.Triple]] | None = None) -> dict[str, object]:
        """The page's template context. ``read``: the statements about the resource and those pointing
        to it, when the caller has read them from the store for its documents
        (``kgtool.site.rdf_documents.edges``; the graph is then a StoreView): not asked again here."""
        path = local_path(iri)
        assert path is not None
        here = page_file(path)
        node = rdflib.URIRef(iri)
        about: Iterable[tuple[rdflib.term.Node, rdflib.term.Node]]
        pointing: Iterable[tuple[rdflib.term.Node, rdflib.term.Node]] | None = None
        if read is None:
            about = self.g.predicate_objects(node)
        else:
            assert isinstance(self.g, StoreView)
            about = self.g.answer_predicate_objects(read[0])
            pointing = self.g.answer_subject_predicates(read[1])
        # what the resource says, read once: the statements table, its labels, sections and lines
        by_predicate: dict[rdflib.term.Node, list[rdflib.term.Node]] = defaultdict(list)
        for p, o in about:
            by_predicate[p].append(o)
        # its name and types from what was read (asked of the store, they were a tenth of a page's time)
        self.ctx.type_nodes(node, by_predicate)
        title = self.ctx.label(node, read=by_predicate)
        tables: list[Table] = []
        status = self.legal.table(node, here) if self.legal else None
        if status is not None:
            tables.append(status)
        tables.extend(self.domain_tables(node, here))
        tables.append(self.statements(by_predicate, here))
        referenced = self.referenced_by(node, here, pointing)
        if referenced.rows:
            tables.append(referenced)
        documents = list(zip(RDF_EXTENSIONS, relative_endings(here, data_file(path, ""), RDF_EXTENSIONS), strict=True))
        downloads = [Frag(FORMAT_NAMES[ext], href=href) for ext, href in documents]
        sources = [
            self.source(self.section_number(s), None, here, str(s))
            for s in sorted(by_predicate.get(_STATED_IN, ()), key=str)
        ]
        lines = sorted((str(v) for v in by_predicate.get(_SOURCE_LINES, ())), key=_line_key)
        return {
            "file": here,
            "iri": iri,
            "title": title,
            "banner": self.legal.banner(node, here) if self.legal else None,
            "kinds": self.ctx.types(node, here),
            "labels": self.ctx.labels_by_language(node, by_predicate=by_predicate),
            "sources": sources,
            "source_lines": lines,
            "tables": tables,
            "downloads": downloads,
            "alternates": documents,
        }

    def statements(self, by_predicate: dict[rdflib.term.Node, list[rdflib.term.Node]], here: str) -> Table:
        """Every statement of the resource (its objects by predicate), a row per predicate."""
        table = Table("statements", "Statements", ["property", "value"])
        order: dict[rdflib.term.Node, int] = {RDF.type: 0, RDFS.label: 1}
        for p in sorted(by_predicate, key=lambda p: (order.get(p, 2), self.ctx.label(p).text.casefold(), str(p))):
            table.rows.append([[self.link(p, here)], self.values_readers_first(by_predicate[p], here)])
        return table

    def values_readers_first(self, objects: list[rdflib.term.Node], here: str) -> Cell:
        """A property's values with the page's language first: the reader meets a text in their
        language before its translations and the study's Kyrgyz, each of which follows marked by
        its language code (its name in its own language as the title)."""
        if len(objects) == 1 and type(objects[0]) is rdflib.URIRef:
            # the usual value, one IRI: nothing to sort and no language (an IRI has none)
            return [self.link(objects[0], here)]
        lang = self.ctx.lang

        def other(o: rdflib.term.Node) -> str | None:
            tag = getattr(o, "language", None)
            return tag if tag and not lang_matches(tag, lang) else None

        cell: Cell = []
        # most properties have one value: nothing to sort (sorted() would still call the key)
        in_order = (
            objects
            if len(objects) < 2
            else sorted(objects, key=lambda o: (other(o) is not None, getattr(o, "language", None) or "", str(o)))
        )
        for o in in_order:
            tag = other(o)
            if tag is not None:
                code = tag.split("-", 1)[0]
                cell.append(Frag(code, title=LANGUAGE_NAMES.get(code, tag), css="lang-tag", inline=True))
            cell.append(self.link(o, here))
        return cell

    def referenced_by(
        self,
        node: rdflib.URIRef,
        here: str,
        pointing: Iterable[tuple[rdflib.term.Node, rdflib.term.Node]] | None = None,
    ) -> Table:
        """The resources whose statements point to ``node`` (``pointing``: their subjects and
        predicates, when read already)."""
        table = Table("referenced-by", "Referenced by", ["resource", "kind", "property"])
        rows = []
        for s, p in self.g.subject_predicates(node) if pointing is None else pointing:
            if type(s) is not rdflib.URIRef and isinstance(s, rdflib.BNode):
                continue
            rows.append((self.ctx.label(p).text.casefold(), self.ctx.label(s).text.casefold(), str(s), s, p))
        for *_, s, p in sorted(rows):
            table.rows.append([[self.link(s, here)], self.ctx.types(s, here), [self.link(p, here)]])
        return table

    def domain_tables(self, node: rdflib.URIRef, here: str) -> list[Table]:
        iri = str(node)
        tables = []
        # the classes the node is in, gathered once (``is_a`` per class walked its types seven times,
        # each with a new URIRef per ``KGO.<name>``: a tenth of a page's conversions and comparisons)
        kinds: set[rdflib.term.Node] = set()
        for kind in self.ctx.type_nodes(node):
            kinds |= self._ancestors(kind)
        if _PROCESS in kinds:
            tables.append(self.cells(iri, here))
        if _PAIR in kinds:
            tables.extend(self.pair_tables(node, here))
        if iri in self.facts.citations_by_target:
            tables.append(self.legal_basis(iri, here))
        if _PROCESS in kinds:
            if iri in self.facts.cross_references_by_process:
                tables.append(self.cross_references(iri, here))
            if iri in self.facts.observers_by_process:
                tables.append(self.observers(iri, here))
            if iri in self.facts.support_by_process:
                tables.append(self.support(iri, here))
        if _ACT in kinds:
            tables.extend(self.act_tables(iri, here))
        if _PROVISION in kinds:
            if iri in self.facts.editorial_notes:
                tables.insert(0, self.editorial_note(iri))
            tables.extend(self.provision_tables(node, here))
        if _OBSERVER in kinds:
            tables.append(self.oversees(node, here))
        if _FIGURE in kinds:
            tables.append(self.figure(node, here))
        return tables

    # --- processes and pairs -------------------------------------------------------

    def cells(self, process: str, here: str) -> Table:
        table = Table(
            "cells",
            "Cells: the process on the four dimensions",
            ["dimension", "value", "counts in the index", "appendix says", "study's reason", "source"],
        )
        for cell in self.facts.cells_by_process.get(process, []):
            value = self.link(str(cell["value"]), here)
            appendix = str(cell.get("appendixValue", ""))
            table.rows.append(
                [
                    [self.link(str(cell["dimension"]), here)],
                    [
                        Frag(
                            value.text,
                            href=self.ctx.href(str(cell["cell"]), here),
                            lang=value.lang,
                            css="present" if cell["value"] == str(KGO.Present) else "absent",
                        )
                    ],
                    [
                        Frag(
                            t("yes", self.ctx.lang)
                            if boolean_value(str(cell["counted"]))
                            else t("site.not_scored", self.ctx.lang)
                        )
                    ],
                    [self.link(appendix, here)]
                    if appendix and appendix != cell["value"]
                    else [Frag(t("site.the_same", self.ctx.lang) if appendix else "—")],
                    [Frag(str(cell["justification"]), lang=str(cell.get("justification@lang", "ky")))]
                    if "justification" in cell
                    else [],
                    self.source(str(cell["section"]), cell["lines"], here, str(cell["sectionNode"])),  # type: ignore[arg-type]
                ]
            )
        return table

    def pair_tables(self, node: rdflib.URIRef, here: str) -> list[Table]:
        processes = sorted(
            self.g.subjects(KGO.inPair, node), key=lambda p: (int(str(self.g.value(p, KGO.processOrder) or 0)), str(p))
        )
        dimensions = sorted(
            self.g.subjects(RDF.type, KGO.Dimension), key=lambda d: int(str(self.g.value(d, KGO.dimensionOrder) or 0))
        )
        table = Table(
            "processes",
            "Processes and their cells",
            ["#", "process", "verdict"] + [self.ctx.label(d).text for d in dimensions],
        )
        for p in processes:
            cells = {str(c["dimension"]): c for c in self.facts.cells_by_process.get(str(p), [])}
            row: list[Cell] = [
                [Frag(str(self.g.value(p, KGO.processOrder) or ""))],
                [self.link(p, here)],
                [self.link(v, here) for v in self.g.objects(p, KGO.hasVerdict)],
            ]
            for d in dimensions:
                c = cells.get(str(d))
                row.append(
                    [
                        Frag(
                            self.ctx.label(rdflib.URIRef(str(c["value"]))).text,
                            href=self.ctx.href(str(c["cell"]), here),
                            css="present" if c["value"] == str(KGO.Present) else "absent",
                        )
                    ]
                    if c
                    else []
                )
            table.rows.append(row)
        return [table, self.figures_about(node, here)]

    def figures_about(self, node: rdflib.URIRef, here: str) -> Table:
        table = Table(
            "index",
            "Index computed from the cells, and as the study states it",
            ["figure", "computed", "how", "stated", "agrees"],
        )
        if self._figures is None:  # every index row once, by subject (the rows are asked for per pair page)
            self._figures = defaultdict(list)
            for r in self.calculator.rows():
                self._figures[r.subject].append(r)
        for r in self._figures.get(str(node), []):
            table.rows.append(
                [
                    [Frag(r.label)],
                    [Frag(percent(r.computed, self.ctx.lang))],
                    [Frag(r.detail)],
                    [Frag(percent(r.stated, self.ctx.lang) if r.stated is not None else "—")],
                    [Frag("—" if r.agrees is None else t("yes" if r.agrees else "no", self.ctx.lang))],
                ]
            )
        return table

    def norm_cell(self, norm: str, here: str) -> Cell:
        """A link to the norm, followed by the project's editorial note on it where it has one
        (a number the study prints that looks like a misprint): the note goes wherever the
        norm is shown, not only on its own page."""
        cell = [self.link(norm, here)]
        note = self.facts.editorial_notes.get(norm)
        if note:
            cell.append(
                Frag(
                    t("page.editorial_note", self.ctx.lang) + ": " + note["note"],
                    lang=note.get("note@lang", "ky"),
                    css="editorial-note",
                )
            )
        return cell

    def editorial_note(self, iri: str) -> Table:
        note = self.facts.editorial_notes[iri]
        table = Table("editorial-note", "Editorial note", ["note"])
        table.rows.append([[Frag(note["note"], lang=note.get("note@lang", "ky"), css="editorial-note")]])
        return table

    def cross_references(self, process: str, here: str) -> Table:
        """Norms cited under another process that the study's text links to this one: shown
        apart from the legal basis, because they are not citations of this process."""
        table = Table(
            "cross-references",
            "Cross-references to norms cited under other processes",
            ["norm", "role (there)", "cited for", "the study says", "source"],
        )
        for c in self.facts.cross_references_by_process[process]:
            table.rows.append(
                [
                    self.norm_cell(c["norm"], here),
                    [self.link(c["role"], here)],
                    [self.link(c["citedFor"], here)],
                    [Frag(c["note"], lang=c.get("note@lang", "ky"))] if "note" in c else [],
                    self.source(c["section"], c.get("lines"), here),
                ]
            )
        return table

    def legal_basis(self, target: str, here: str) -> Table:
        observer = self.is_a(rdflib.URIRef(target), KGO.Observer)
        title = "Mandate: the norms that give this observer its powers" if observer else "Legal basis"
        table = Table("legal-basis", title, ["role", "norm", "act", "the study says", "source"])
        for c in self.facts.citations_by_target[target]:
            # an act no longer in force is flagged in its act page's words (legal_banner.flag)
            flag = self.legal.flag(c["act"], here) if self.legal else []
            table.rows.append(
                [
                    [self.link(c["role"], here)],
                    self.norm_cell(c["norm"], here),
                    (
                        [self.link(c["act"], here)]
                        if c["act"] != c["norm"]
                        else [Frag(t("site.act_as_a_whole", self.ctx.lang))]
                    )
                    + flag,
                    [Frag(c["note"], lang=c.get("note@lang", "ky"))] if "note" in c else [],
                    self.source(c["section"], c.get("lines"), here, c["sectionNode"]),
                ]
            )
        return table

    def observers(self, process: str, here: str) -> Table:
        table = Table("observers", "Observers", ["observer", "mode", "source"])
        for row in self.facts.observers_by_process[process]:
            table.rows.append(
                [
                    [self.link(row["observer"], here)],
                    [self.link(row["mode"], here)],
                    self.source(row["section"], row.get("lines"), here),
                ]
            )
        return table

    def support(self, process: str, here: str) -> Table:
        table = Table(
            "recommendations",
            "Recommendations, initiatives and support needed",
            ["kind", "item", "the study says", "section"],
        )
        for row in self.facts.support_by_process[process]:
            table.rows.append(
                [
                    [Frag(row["kind"])],
                    [self.link(row["item"], here)],
                    [Frag(row["text"], lang=row.get("text@lang", "ky"))] if "text" in row else [],
                    [Frag(row["section"])],
                ]
            )
        return table

    # --- law -----------------------------------------------------------------------

    def act_tables(self, act: str, here: str) -> list[Table]:
        provisions = Table(
            "provisions", "Provisions and what each underpins", ["provision", "kind", "underpins (role: what)"]
        )
        rows = self.facts.provisions_by_act.get(act, [])
        by_iri = {row["provision"]: row for row in rows}
        for row in rows:
            # an article lists what it underpins through its parts and the ranges holding it
            # too (article 86: through "articles 85-88"), as its own page and `kgtool basis` do,
            # each such use marked with what the study cited: "through part 3", "as part of
            # articles 85-88" (listed bare, they read as citations of the whole article)
            cited = self.facts.article_uses.get(row["provision"]) or self.facts.citations_by_norm.get(
                row["provision"], []
            )
            triples = {(c["role"], c["target"], self._cited_as(row["provision"], c, by_iri)) for c in cited}
            uses = [
                (self.link(role, here), self.link(target, here), via)
                for role, target, via in sorted(triples, key=lambda p: (p[1], p[0], p[2]))
            ]
            provisions.rows.append(
                [self.norm_cell(row["provision"], here), [self.link(row["kind"], here)], _pairs(uses)]
            )
        tables = [provisions]
        whole = self.facts.citations_by_norm.get(act, [])
        if whole:
            table = Table("cited-as-a-whole", "Cited as a whole for", ["role", "what", "the study says", "source"])
            for c in whole:
                table.rows.append(
                    [
                        [self.link(c["role"], here)],
                        [self.link(c["target"], here)],
                        [Frag(c["note"], lang=c.get("note@lang", "ky"))] if "note" in c else [],
                        self.source(c["section"], c.get("lines"), here, c["sectionNode"]),
                    ]
                )
            tables.append(table)
        return tables

    def _cited_as(self, provision: str, use: dict[str, str], by_iri: dict[str, dict[str, str]]) -> str:
        """How a use listed under ``provision`` (an article) was cited, in the page's language:
        "" for a citation of the article itself, "as part of articles 85-88" for one of a range
        holding it, "through part 3" (or "clause 1", "part 3, clause 2") for one of a provision
        inside it — as `kgtool basis`'s scope column and the article's own page keep them apart."""
        cited = use.get("provision", provision)
        lang = self.ctx.lang
        if cited == provision:
            return ""
        if use.get("citedRange") == cited:
            numbers = by_iri.get(cited, {}).get("number") or self.ctx.label(rdflib.URIRef(cited)).text
            return t("site.use_in_range", lang, numbers=numbers)
        levels: dict[str, int | None] = {"part": None, "clause": None}
        node, seen = cited, set()
        while node in by_iri and node != provision and node not in seen:
            seen.add(node)
            level = {str(KGO.ArticlePart): "part", str(KGO.Clause): "clause"}.get(by_iri[node]["kind"])
            number = by_iri[node].get("number", "")
            if level and number.isdigit() and levels[level] is None:
                levels[level] = int(number)
            node = by_iri[node].get("within", "")
        words = reference_text(None, levels["part"], levels["clause"], lang)
        return t("site.use_through", lang, provision=words or self.ctx.label(rdflib.URIRef(cited)).text)

    def provision_tables(self, node: rdflib.URIRef, here: str) -> list[Table]:
        iri = str(node)
        table = Table("underpins", "What this provision underpins", ["what", "kind", "role", "as cited", "source"])
        if iri in self.facts.article_uses:
            for u in self.facts.article_uses[iri]:
                table.rows.append(
                    [
                        [self.link(u["target"], here)],
                        [self.link(u["targetType"], here)],
                        [self.link(u["role"], here)],
                        self.norm_cell(u["provision"], here),
                        self.source(u["section"], u.get("lines"), here),
                    ]
                )
            table.note = "Includes citations of its parts and clauses, and of cited ranges of articles that contain it."
        else:
            for c in self.facts.citations_by_norm.get(iri, []):
                table.rows.append(
                    [
                        [self.link(c["target"], here)],
                        self.ctx.types(rdflib.URIRef(c["target"]), here),
                        [self.link(c["role"], here)],
                        [self.link(iri, here)],
                        self.source(c["section"], c.get("lines"), here, c["sectionNode"]),
                    ]
                )
        tables = [table]
        if iri in self.facts.article_uses:
            in_range = self.cited_in_ranges(node, here)
            if in_range.rows:
                tables.insert(0, in_range)
        else:
            enclosing = self.cited_enclosing(node, here)
            if enclosing.rows:
                tables.append(enclosing)
        inside = sorted(self.g.subjects(KGO.withinProvision, node), key=str)
        if inside:
            parts = Table("contains", "Provisions inside it", ["provision", "kind"])
            for p in inside:
                parts.rows.append([[self.link(p, here)], self.ctx.types(p, here)])
            tables.append(parts)
        return tables

    def cited_enclosing(self, node: rdflib.URIRef, here: str) -> Table:
        """A part's or a clause's page: the citations of what contains it, cited as a whole (its
        article, the part holding a clause, a cited range of articles holding that article), as
        ``kgtool basis`` lists them ("enclosing"). The page listed only the part's own citations,
        and a reader could not tell that the study cites its article for other processes — nor
        that such a citation is not one of this part."""
        table = Table(
            "cited-as-a-whole-around",
            "Provisions that contain it, cited as a whole",
            ["provision", "for", "role", "source"],
            note="A citation of the whole is not a citation of this provision.",
        )
        seen: set[str] = set()
        around = list(self.g.objects(node, KGO.withinProvision))
        while around:
            outer = around.pop(0)
            if str(outer) in seen:
                continue
            seen.add(str(outer))
            around += [*self.g.objects(outer, KGO.withinProvision), *self.g.objects(outer, KGO.withinRange)]
            for c in self.facts.citations_by_norm.get(str(outer), []):
                table.rows.append(
                    [
                        [self.link(outer, here)],
                        [self.link(c["target"], here)],
                        [self.link(c["role"], here)],
                        self.source(c["section"], c.get("lines"), here, c["sectionNode"]),
                    ]
                )
        return table

    def cited_in_ranges(self, node: rdflib.URIRef, here: str) -> Table:
        """Where an article is cited only as part of a range ("articles 85-88"): the range,
        the citation and the study's words, so that article 86's page answers on its own."""
        table = Table(
            "cited-as-part-of",
            "Cited as part of a range of articles",
            ["range", "for", "role", "the study says", "source"],
        )
        for u in self.facts.article_uses.get(str(node), []):
            if not u.get("citedRange") or u["provision"] != u["citedRange"]:
                continue
            table.rows.append(
                [
                    [self.link(u["citedRange"], here)],
                    [self.link(u["target"], here)],
                    [self.link(u["role"], here)],
                    [Frag(u["note"], lang=u.get("note@lang", "ky"))] if "note" in u else [],
                    self.source(u["section"], u.get("lines"), here),
                ]
            )
        ranges = sorted({str(r) for r in self.g.objects(node, KGO.withinRange)})
        if ranges:
            names = ", ".join(self.ctx.label(rdflib.URIRef(r)).text for r in ranges)
            alone = any(not u.get("citedRange") for u in self.facts.article_uses.get(str(node), []))
            # the note names the ranges, so it is put in the reader's language here, with the
            # title and headings, rather than by in_language (which knows no parameters)
            lang = self.ctx.lang
            table.title = t("site.title.cited_as_part_of_a_range_of_articles", lang)
            table.columns = [t(heading_key(c), lang) for c in table.columns]
            note = "site.note.cited-as-part-of-and-alone" if alone else "site.note.cited-as-part-of"
            table.note = t(note, lang, names=names)
            table.translated = True
        return table

    def oversees(self, node: rdflib.URIRef, here: str) -> Table:
        table = Table("oversees", "Processes it watches or enforces", ["process", "mode", "source"])
        if self._watched is None:  # each observer's processes, grouped once rather than per observer page
            self._watched = defaultdict(list)
            for process, rows in sorted(self.facts.observers_by_process.items()):
                for row in rows:
                    self._watched[row["observer"]].append((process, row))
        for process, row in self._watched.get(str(node), []):
            table.rows.append(
                [
                    [self.link(process, here)],
                    [self.link(row["mode"], here)],
                    self.source(row["section"], row.get("lines"), here),
                ]
            )
        return table

    # --- stated figures ------------------------------------------------------------

    def figure(self, node: rdflib.URIRef, here: str) -> Table:
        table = Table(
            "stated-vs-computed",
            "Stated by the study, and computed from the cells",
            ["aggregation", "value", "reproduces the stated figure"],
        )
        measure = self.g.value(node, KGO.measure)
        subject = self.g.value(node, KGO.figureSubject)
        stated = self.g.value(node, KGO.statedValue)
        precision = self.g.value(node, KGO.statedPrecision)
        if stated is None or measure not in MEASURE_KEYS or subject is None:
            return table
        stated_value = Decimal(str(stated))
        step = Decimal(str(precision)) if precision is not None else Decimal("0.01")
        table.rows.append(
            [
                [Frag(t("site.stated_by_the_study", self.ctx.lang))],
                [Frag(percent(stated_value, self.ctx.lang))],
                [Frag("—")],
            ]
        )
        primary = PRIMARY[MEASURE_KEYS[rdflib.URIRef(str(measure))]]
        tried = [primary] + [v for v in ALTERNATIVES.get(str(measure), []) if v != primary]
        for variant in tried:
            computed = self.calculator.value(variant, str(subject))
            if computed is None:
                continue
            ok = agrees(computed, stated_value, step)
            table.rows.append(
                [
                    [Frag(variant.description)],
                    [Frag(percent(computed, self.ctx.lang))],
                    [Frag(t("yes" if ok else "no", self.ctx.lang), css="present" if ok else "absent")],
                ]
            )
        return table


def _pairs(uses: list[tuple[Frag, Frag, str]]) -> Cell:
    """Role, target and how it was cited rendered as "establishes: Public monitoring" lines, with
    "(through part 3)" after the target where the citation was not of the provision itself."""
    out: Cell = []
    for role, target, via in uses:
        out.append(Frag(role.text + ":", href=role.href, lang=role.lang, title=role.title, css="role", inline=True))
        if not via:
            out.append(target)
            continue
        out.append(
            Frag(target.text, href=target.href, lang=target.lang, title=target.title, css=target.css, inline=True)
        )
        out.append(Frag(f"({via})", css="cited-as"))
    return out


def _line_key(text: str) -> tuple[int, str]:
    head = text.split("-")[0]
    return (int(head) if head.isdigit() else 0, text)
