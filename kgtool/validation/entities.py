"""How a finding names its entity: the label in the reader's language, and the file and
line where the entity was stated, so a reader can go and fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDFS, SKOS

from kgtool import assets
from kgtool.i18n.labels import label_of
from kgtool.rdf.store import KnowledgeGraph, OxTerm, to_rdflib


class EntityLabels:
    """Labels of entities read from the store, chosen as kgtool.i18n.labels.label_of chooses them."""

    def __init__(self, kg: KnowledgeGraph, lang: str) -> None:
        self.kg, self.lang = kg, lang
        self._cache: dict[OxTerm, str] = {}

    def of(self, node: OxTerm) -> str:
        if node not in self._cache:
            g = rdflib.Graph()
            subject = to_rdflib(node)
            if isinstance(node, (ox.NamedNode, ox.BlankNode)):
                for p in (RDFS.label, SKOS.prefLabel):
                    for q in self.kg.store.quads_for_pattern(node, ox.NamedNode(str(p)), None):
                        g.add((subject, p, to_rdflib(q.object)))
            self._cache[node] = label_of(g, subject, self.lang)
        return self._cache[node]


class Locator:
    """Finds the file and line where an entity was stated, so a reader can go and fix it.

    Files are read once, line by line, for all the entities a report names (a corpus file
    of a million statements is never held in memory). With ``read=False`` no file is read:
    ``locate`` gives the file alone, and ``pending`` collects what to look up, so that a
    ``--jobs`` worker leaves the reading of the whole input file to the parent, once for all
    workers (``fill_lines``)."""

    def __init__(self, kg: KnowledgeGraph, read: bool = True) -> None:
        self.kg = kg
        self.read = read
        self.pending: dict[Path, set[str]] = {}  # read=False: the IRIs to look up, per file
        self._lines: dict[tuple[Path, str], int | None] = {}
        # the workbook row an entity was imported from ('# from study.xlsx!Cells!14' just above it)
        self._origins: dict[tuple[Path, str], str] = {}
        self._names: dict[Path, str] = {}  # each file's name for people, looked up once
        self._wanted: dict[Path, set[str]] = {}

    def _file(self, node: OxTerm) -> Path | None:
        if not isinstance(node, ox.NamedNode):
            return None
        files = self.kg.files_stating(node)
        return files[0] if files else None

    def prepare(self, nodes: Iterable[OxTerm]) -> None:
        for node in set(nodes):
            path = self._file(node)
            if path is not None and (path, node.value) not in self._lines:  # type: ignore[union-attr]
                self._wanted.setdefault(path, set()).add(node.value)  # type: ignore[union-attr]
        if not self.read:
            for path, iris in self._wanted.items():
                self.pending.setdefault(path, set()).update(iris)
                self._lines.update({(path, iri): None for iri in iris})
            self._wanted = {}
            return
        for path, iris in self._wanted.items():
            origins: dict[str, str] = {}
            self._lines.update({(path, iri): line for iri, line in _find_lines(path, iris, origins).items()})
            self._origins.update({(path, iri): origin for iri, origin in origins.items()})
        self._wanted = {}

    def locate(self, node: OxTerm | rdflib.term.Node | None) -> tuple[str | None, int | None]:
        if isinstance(node, rdflib.URIRef):
            node = ox.NamedNode(str(node))
        if not isinstance(node, ox.NamedNode):
            return None, None
        path = self._file(node)
        if path is None:
            return None, None
        if (path, node.value) not in self._lines:
            self.prepare([node])
        if path not in self._names:
            self._names[path] = assets.display_path(path)
        return self._names[path], self._lines.get((path, node.value))

    def origin(self, node: OxTerm | rdflib.term.Node | None) -> str | None:
        """The workbook row the entity came from (``study.xlsx!Cells!14``), when ``kgtool import``
        wrote its file; None otherwise."""
        if isinstance(node, rdflib.URIRef):
            node = ox.NamedNode(str(node))
        if not isinstance(node, ox.NamedNode):
            return None
        self.locate(node)
        path = self._file(node)
        return self._origins.get((path, node.value)) if path is not None else None


def lines_of(pending: dict[Path, set[str]]) -> dict[tuple[str, str], tuple[int | None, str | None]]:
    """For a ``Locator(read=False)``'s ``pending`` IRIs (merged over workers): (file as people see
    it, IRI) -> (line, workbook row), each file read once."""
    out: dict[tuple[str, str], tuple[int | None, str | None]] = {}
    for path in sorted(pending):
        origins: dict[str, str] = {}
        name = assets.display_path(path)
        for iri, line in _find_lines(path, pending[path], origins).items():
            out[(name, iri)] = (line, origins.get(iri))
    return out


IMPORTED_FROM = re.compile(r"#\s*from\s+(\S+!\S+!\d+)\s*$")
PREFIX_LINE = re.compile(r"\s*(?:@prefix|PREFIX)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)
PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*|):([\w.-]*?)(?=[\s;,]|$)")


def _find_lines(path: Path, iris: set[str], origins: dict[str, str] | None = None) -> dict[str, int | None]:
    """For each IRI, the first line that starts with it (as <IRI>, relative to @base, or as a
    prefixed name such as ex:a after its @prefix), else the first line that mentions it; and in
    ``origins``, the workbook row named by a ``# from`` comment on the line just above that line."""
    found: dict[str, int | None] = {}
    base: str | None = None
    prefixes: dict[str, str] = {}
    previous = ""
    try:
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, start=1):
                above, previous = previous, text
                if number <= 40 and base is None and (m := re.match(r"\s*@base\s+<([^>]*)>", text)):
                    base = m.group(1)
                stripped = text.lstrip()
                # the regular expression only where a prefix line can start: most lines start with < or a space
                if stripped[:1] in "@Pp" and (m := PREFIX_LINE.match(text)):
                    prefixes[m.group(1)] = m.group(2)
                    continue
                if stripped.startswith("<") and ">" in stripped:
                    token = stripped[1 : stripped.index(">")]
                    for iri in (token, (base or "") + token if base is not None else None):
                        if iri in iris and iri not in found:
                            found[iri] = number
                            if origins is not None and (m := IMPORTED_FROM.match(above.strip())):
                                origins[iri] = m.group(1)
                elif prefixes and (m := PREFIXED_NAME.match(text)) and m.group(1) in prefixes:
                    # a subject written as a prefixed name starts its line (predicates are indented)
                    iri = prefixes[m.group(1)] + m.group(2)
                    if iri in iris and iri not in found:
                        found[iri] = number
                        if origins is not None and (m := IMPORTED_FROM.match(above.strip())):
                            origins[iri] = m.group(1)
            missing = iris - set(found)
            if missing:
                f.seek(0)
                for number, text in enumerate(f, start=1):
                    for iri in list(missing):
                        candidates = [f"<{iri}>"] + ([f"<{iri[len(base) :]}>"] if base and iri.startswith(base) else [])
                        if any(c in text for c in candidates):
                            found[iri] = number
                            missing.discard(iri)
                    if not missing:
                        break
    except (OSError, UnicodeDecodeError):
        pass
    return {iri: found.get(iri) for iri in iris}
