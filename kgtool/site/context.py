"""What every page of the published site needs: names in the reader's language, relative
links between pages, and the HTML templates.

Links are relative (``../../law/constitution.html``), so the same files work from any
folder, from a web server at any base, and opened straight from disk (file://).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jinja2
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kgtool.i18n.catalogue import has, t
from kgtool.i18n.labels import choose, lang_matches
from kgtool.i18n.terms import boolean_word, term_name
from kgtool.iri import local_name
from kgtool.rdf.store_view import StoreView
from kgtool.site.conneg import page_file
from kgtool.site.html import template_globals
from kgtool.vocab import DATA_NAMESPACE, LANGUAGE_NAMES, LANGUAGES, ONTOLOGY_IRI
from kgtool.vocab import KGO as ONTOLOGY_NAMESPACE

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
_BOOLEAN = XSD.boolean
KGO = rdflib.Namespace(ONTOLOGY_NAMESPACE)
# Resources the data leaves unlabelled are named after what they connect: (class, parts, template)
COMPOSED_NAMES = (
    (KGO.DimensionAssessment, (KGO.ofProcess, KGO.onDimension), "{0}: {1}"),
    (KGO.CellRestatement, (KGO.restates,), "site.restated_in_appendix"),  # a message: words in the page's language
    (KGO.Citation, ((KGO.citesProvision, KGO.citesAct), KGO.citedFor), "{0} → {1}"),
    (KGO.OversightRelation, (KGO.observer, KGO.observedProcess), "{0} → {1}"),
)


# a node's objects by predicate, as a page reads its resource's statements once (resource_pages)
Read = Mapping[rdflib.term.Node, list[rdflib.term.Node]]

_DATA_PREFIX = len(DATA_NAMESPACE)
LINKS_KEPT = 100_000  # links kept per kind before the memo starts again (bounds its memory)
NAMES_KEPT = 100_000  # nodes' names and types kept before those memos start again (bounds their memory)


@dataclass(frozen=True, slots=True)
class Frag:
    """One piece of text on a page: plain, or a link; with the language of its wording.

    Slotted: the name and link memos hold a Frag for each of up to ``NAMES_KEPT`` and ``LINKS_KEPT``
    nodes, and a slotted Frag takes 88 bytes where one with an instance dictionary took 136 (traced)."""

    text: str
    href: str | None = None
    lang: str | None = None
    title: str | None = None
    css: str | None = None
    inline: bool = False  # the next piece of the same cell follows on this line, not the next


Cell = list[Frag]


@dataclass
class Table:
    """A titled table of a page; ``id`` is its anchor and what tests and readers link to."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    # True when the page code wrote the title, headings and note in the reader's language
    # itself (from its own messages), so in_language leaves them as they are
    translated: bool = False


class SiteContext:
    """Names and links for one language of the site, computed once for all pages."""

    def __init__(self, graph: rdflib.Graph | StoreView, lang: str, published: set[str]) -> None:
        self.graph = graph
        self.lang = lang
        # IRIs that have a page: each one ``conneg.local_path`` gives a path (as publish's
        # ``store_resource_iris`` makes the set); links take the path after the namespace unchecked
        self.published = published
        # each node's name and sorted types, worked out once: every page names its neighbours, and
        # a neighbour is named on many pages (a composed name asks the store each time). A node's
        # labels are read when it is first named, not all up front, and both memos start again at
        # NAMES_KEPT: at a million statements all labels, names and types held at once were about
        # 200 MB of a publish's peak (issue 18)
        self._names: dict[rdflib.term.Node | tuple[rdflib.term.Node, int], Frag] = {}
        self._types: dict[rdflib.term.Node, list[rdflib.term.Node]] = {}
        # links as seen from one folder (pages of a folder are written one after another, and link to
        # the same classes, properties and neighbours); forgotten when LINKS_KEPT is reached
        self._hrefs: dict[tuple[str, str], str | None] = {}
        self._links: dict[tuple[rdflib.term.Node, str], Frag] = {}

    def forget(self) -> None:
        """Empty the memos (they fill again as pages ask): called once the resource pages are
        written, so the search index that follows reuses their memory (issue 18's peak at 1M)."""
        for memo in (self._names, self._types, self._hrefs, self._links):
            memo.clear()

    # --- names ---------------------------------------------------------------------

    def label(self, node: rdflib.term.Node, depth: int = 0, read: Read | None = None) -> Frag:
        """The node's name in the page language, else Kyrgyz (the study's), else any, else its IRI's end.
        ``read``: the node's objects by predicate, when the caller has them (a page's own resource,
        whose name was asked of the store again, property by property: it is named once, on its page)."""
        # a part of a composed name ("process: dimension") is named at its depth, which bounds the
        # composing: remembered under (node, depth), since the same processes and dimensions make the
        # names of thousands of cells (each asked the store for its labels again)
        key = (node, depth) if depth else node
        found = self._names.get(key)
        if found is None:
            if len(self._names) >= NAMES_KEPT:
                self._names.clear()
            found = self._names[key] = self._label(node, depth, read)
        return found

    def labels(self, node: rdflib.term.Node, read: Read | None = None) -> list[rdflib.Literal]:
        """The node's rdfs:label and skos:prefLabel texts, by language tag, then text."""
        found = [o for p in LABEL_PROPERTIES for o in self._objects(node, p, read) if isinstance(o, rdflib.Literal)]
        return sorted(found, key=lambda lit: (lit.language or "", str(lit)))

    def _objects(self, node: rdflib.term.Node, p: rdflib.URIRef, read: Read | None) -> Iterable[rdflib.term.Node]:
        """``graph.objects(node, p)``, from ``read`` when given (the same objects in the same order:
        both are the store's statements sorted as N-Triples text). ``get``, not ``[]``: a page's
        ``read`` is a defaultdict whose keys are its statements table's rows."""
        return self.graph.objects(node, p) if read is None else read.get(p, ())

    def _label(self, node: rdflib.term.Node, depth: int, read: Read | None = None) -> Frag:
        chosen = choose(self.labels(node, read), self.lang)
        if chosen is None or not lang_matches(chosen.language, self.lang):
            # a standard term (rdf:type, owl:Class…) the graph does not name in the reader's
            # language: its name from the catalogues, in the page's language
            term = term_name(str(node), self.lang) if type(node) is rdflib.URIRef else None
            if term is not None:
                return Frag(term)
        if chosen is not None:
            return Frag(str(chosen), lang=chosen.language)
        composed = self._composed(node, depth, read)
        return Frag(composed) if composed else Frag(local_name(str(node), ignore_trailing_slash=True) or str(node))

    def _composed(self, node: rdflib.term.Node, depth: int, read: Read | None = None) -> str | None:
        """A name made of the names of what an unlabelled resource connects (a cell: "process: dimension")."""
        if depth > 2:
            return None
        types = set(self.type_nodes(node, read))
        for cls, parts, template in COMPOSED_NAMES:
            if cls not in types:
                continue
            names = []
            for part in parts:
                props = part if isinstance(part, tuple) else (part,)
                value = next((v for p in props for v in sorted(self._objects(node, p, read), key=str)), None)
                if value is None:
                    return None
                names.append(self.label(value, depth + 1).text)
            if template.startswith("site."):
                return t(template, self.lang, name=names[0])
            return template.format(*names)
        return None

    def labels_by_language(
        self,
        node: rdflib.term.Node,
        props: tuple[rdflib.URIRef, ...] = (RDFS.label, SKOS.prefLabel, SKOS.altLabel),
        by_predicate: Mapping[rdflib.term.Node, list[rdflib.term.Node]] | None = None,
    ) -> list[tuple[str, Cell]]:
        """One row per language (ky, ru, en) with the node's labels in it, for the labels table.
        ``by_predicate``: the node's objects by predicate, when the caller has read them already
        (a resource page reads them once for all its parts instead of asking the store per property)."""
        rows = []
        found = (
            {o for p in props for o in self.graph.objects(node, p)}
            if by_predicate is None
            else {o for p in props for o in by_predicate.get(p, ())}
        )
        values = sorted(
            (o for o in found if isinstance(o, rdflib.Literal)), key=lambda lit: (lit.language or "", str(lit))
        )
        for lang in LANGUAGES:
            cell = [Frag(str(v), lang=v.language) for v in values if lang_matches(v.language, lang)]
            rows.append((lang, cell))
        return rows

    # --- links ---------------------------------------------------------------------

    def href(self, iri: str, from_file: str) -> str | None:
        """A relative link from one site file to the document describing ``iri``, or the IRI itself."""
        key = (iri, from_file.rpartition("/")[0])  # a relative link depends on the file's folder only
        found = self._hrefs.get(key, "")
        if found == "":
            if len(self._hrefs) >= LINKS_KEPT:
                self._hrefs.clear()
            found = self._hrefs[key] = self._href(iri, from_file)
        return found

    def _href(self, iri: str, from_file: str) -> str | None:
        if iri in self.published:
            # a published IRI passed local_path when the set was made (publish.store_resource_iris): its
            # path is what follows the namespace, not checked again by local_path's pattern per link
            assert iri.startswith(DATA_NAMESPACE)
            return relative(from_file, page_file(iri[_DATA_PREFIX:]))
        if iri.startswith(ONTOLOGY_NAMESPACE):
            return relative(from_file, "ontology.html") + "#" + _quote(iri[len(ONTOLOGY_NAMESPACE) :])
        if iri == ONTOLOGY_IRI:
            return relative(from_file, "ontology.html")
        if iri.startswith(DATA_NAMESPACE):
            return None  # a data IRI the site holds no page for: show it, do not link it
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def link(self, node: rdflib.term.Node, from_file: str) -> Frag:
        """The node as a link with its name (literals as text, in their language)."""
        # most nodes are plain IRIs: rdflib's terms are ABCs, whose isinstance costs ten type() tests,
        # and a 100k site asks this 350,000 times
        if type(node) is not rdflib.URIRef:
            if isinstance(node, rdflib.Literal):
                datatype = node.datatype
                # a yes-or-no value in the reader's words, its datatype's IRI as the title as for any value
                word = boolean_word(str(node), self.lang) if datatype == _BOOLEAN else None
                return Frag(
                    str(node) if word is None else word,
                    lang=node.language,
                    title=str(datatype) if datatype else None,
                )
            if isinstance(node, rdflib.BNode):
                return Frag(t("site.anonymous_node", self.lang), css="bnode")
        key = (node, from_file.rpartition("/")[0])
        found = self._links.get(key)
        if found is None:
            if len(self._links) >= LINKS_KEPT:
                self._links.clear()
            name = self.label(node)
            iri = str(node)
            # not through href's memo: keyed as this one is, it would be asked once per entry made here
            found = self._links[key] = Frag(name.text, href=self._href(iri, from_file), lang=name.lang, title=iri)
        return found

    def type_nodes(self, node: rdflib.term.Node, read: Read | None = None) -> list[rdflib.term.Node]:
        """The node's types, sorted by IRI (``read``: as for ``label``)."""
        found = self._types.get(node)
        if found is None:
            if len(self._types) >= NAMES_KEPT:
                self._types.clear()
            found = self._types[node] = sorted(self._objects(node, RDF.type, read), key=str)
        return found

    def types(self, node: rdflib.term.Node, from_file: str) -> Cell:
        return [self.link(t, from_file) for t in self.type_nodes(node)]


_PLAIN = frozenset(("", ".", ".."))  # path steps the fast way below does not normalise
_URL_SAFE = re.compile(r"[A-Za-z0-9_.~/-]*")  # what quote() leaves as it is (its always-safe ASCII and '/')


def _quote(path: str) -> str:
    """``quote(path)``, without its work for the usual path that has nothing to escape."""
    return path if _URL_SAFE.fullmatch(path) else quote(path)


@functools.lru_cache(maxsize=64)
def _start(from_file: str) -> tuple[tuple[str, ...], bool]:
    """A file's folders, and whether each is a plain step: a page asks this for each of its tens of links."""
    start = tuple(from_file.split("/")[:-1])
    return start, _PLAIN.isdisjoint(start)


def relative(from_file: str, to_file: str) -> str:
    """The relative URL from one site file to another (both given from the site root).

    Pages hold tens of links each, so this is computed from the two paths' folders directly
    (posixpath.relpath, which makes both absolute and normalises them, was a tenth of a publish);
    a target that is itself a folder of the start is left to posixpath."""
    start, plain = _start(from_file)
    target = to_file.split("/")
    shared = 0
    limit = min(len(start), len(target) - 1)
    while shared < limit and start[shared] == target[shared]:
        shared += 1
    # the target's steps all match the start's (the loop compared all but the last): a folder of it
    is_a_folder_of_start = len(target) <= len(start) and shared == len(target) - 1 and start[shared] == target[shared]
    if is_a_folder_of_start or not plain or not _PLAIN.isdisjoint(target):
        return _quote(posixpath.relpath(to_file, posixpath.dirname(from_file) or "."))
    # quote() works a character at a time and leaves "../" as it is: only the target's part is looked at
    return "../" * (len(start) - shared) + _quote("/".join(target[shared:]))


def relative_endings(from_file: str, stem: str, endings: Iterable[str]) -> list[str]:
    """``relative(from_file, stem + ending)`` for each ending, from one call: the endings are plain
    characters (a file's extension), which ``relative`` neither escapes nor normalises ("x" stands
    for any of them). Every page links its documents and citation files so."""
    beside = relative(from_file, stem + "x")[:-1]
    return [beside + ending for ending in endings]


def root_of(from_file: str) -> str:
    """The relative URL of the site root seen from a file ("" at the root, else "../…")."""
    depth = from_file.count("/")
    return "../" * depth


class _Environment(jinja2.Environment):
    """Jinja's environment, with each template's globals made one plain dict when it is loaded.

    Jinja gives a template its globals as a ``ChainMap`` over the environment's and copies them
    into every render's context: a ChainMap is iterated and read in Python, a dict in C, and a site
    renders a page per resource (about 14 microseconds of each of the 14,064 of the 100k corpus's,
    issue 18). The environment's globals are all set before the first template is loaded and
    never changed after (Jinja asks the same), so the copy made here is never out of date."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def environment(lang: str = "en") -> jinja2.Environment:
    """The Jinja2 templates shipped in kgtool/site/templates (package data, found in any install),
    with ``_(key, **values)``: the site's own words in ``lang`` from kgtool's message catalogues, and
    ``frag``, ``cell`` and ``table``, the pieces every page repeats (``kgtool.site.html``). Its
    globals are complete when it is returned: a global added once a template is loaded is not seen
    by that template (``_Environment``); make a new environment instead."""
    env = _Environment(
        loader=jinja2.PackageLoader("kgtool.site", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # package files do not change during a publish: no stat() per page and template
    )
    env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    env.globals["_"] = _words(lang)
    env.globals.update(template_globals(none=t("site.none", lang)))  # frag, cell, table (kgtool.site.html)
    return env


def _words(lang: str) -> Callable[..., str]:
    """The templates' ``_(key, **values)``: ``t(key, lang, **values)``, with the words that take no
    values looked up once (every page of a site repeats its navigation's and headings' words)."""
    plain: dict[str, str] = {}

    def words(key: str, **values: object) -> str:
        if values:
            return t(key, lang, **values)
        found = plain.get(key)
        if found is None:
            found = plain[key] = t(key, lang)
        return found

    return words


def heading_key(text: str) -> str:
    """The message key of a column heading the code writes in English ("study's reason" ->
    ``site.column.study_s_reason``)."""
    return "site.column." + re.sub(r"\W+", "_", text.casefold()).strip("_")


def in_language(value: object, lang: str) -> object:
    """A template value with its tables' titles, notes and headings in ``lang``: the page code
    writes a table's title and headings in English, and the catalogue has each as
    ``site.title.<title>``, ``site.note.<id>`` and ``site.column.<heading>`` (the English made a key). A heading that is a
    name from the data (a dimension's label) has no message and stays as it is."""
    if isinstance(value, list):
        # a page's other lists (labels, kinds, sources, links) are told by their first item, without
        # the generator the test of every item makes: a page asks this of each of its dozen values
        if value and isinstance(value[0], Table) and all(isinstance(v, Table) for v in value):
            return [in_language(v, lang) for v in value]
        return value
    if not isinstance(value, Table) or value.translated:
        return value
    return Table(
        value.id,
        _title(value.title, lang),
        [_column(c, lang) for c in value.columns],
        value.rows,
        t(f"site.note.{value.id}", lang) if value.note else "",
    )


# a site's pages repeat a few dozen table titles and headings tens of thousands of times: each is
# made a key and looked up once per language
@functools.lru_cache(maxsize=4096)
def _title(title: str, lang: str) -> str:
    return t("site.title." + heading_key(title).removeprefix("site.column."), lang)


@functools.lru_cache(maxsize=4096)
def _column(heading: str, lang: str) -> str:
    key = heading_key(heading)
    return t(key, lang) if has(key) else heading
