"""The knowledge graph held in memory: an Oxigraph store plus where each statement came from.

Each loaded file becomes one named graph, so a finding can name the file its
statement came from; queries see the merge of all files as the default graph, each statement
once, which is what a remote endpoint holding the merged graph sees too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kgtool import assets
from kgtool.rdf.dataset_clause import names_dataset
from kgtool.rdf.exists_rewrite import Unparsable, tokenize
from kgtool.rdf.parse import load_file
from kgtool.vocab import OWL, PREFIXES, XSD

FILE_GRAPH_PREFIX = "urn:kgtool:file:"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class KnowledgeGraph:
    """Statements from several files, queryable as one graph."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.sources: dict[str, Path] = {}
        # the merge of the graphs, each statement once, when some statement is in two of them
        # (``merged``); whether that was worked out for the statements the store holds now
        self._merge: ox.Store | None = None
        self._merge_known = False

    @classmethod
    def from_files(cls, paths: Iterable[Path], input_format: str | None = None) -> KnowledgeGraph:
        kg = cls()
        for path in paths:
            kg.add_file(Path(path), input_format)
        return kg

    def add_file(self, path: Path, input_format: str | None = None) -> None:
        """Load a file: plain triples go into a named graph for the file; a TriG or
        N-Quads file keeps its own graphs (one per assessment in a corpus)."""
        graph = ox.NamedNode(FILE_GRAPH_PREFIX + str(len(self.sources)) + ":" + _iri_part(path.name))
        known = set(self.store.named_graphs())
        self.changed()
        load_file(self.store, path, graph, input_format)
        self.sources[graph.value] = path
        for name in self.store.named_graphs():
            if name not in known and isinstance(name, ox.NamedNode):
                self.sources.setdefault(name.value, path)

    def add_written(self, path: Path, graph: str | None, original: Path) -> None:
        """Load an N-Quads file that kgtool wrote itself from statements it had read already (a
        ``kgtool validate --jobs`` worker's share of a corpus, from
        ``kgtool.validation.parallel.split``, which read them without checking their IRIs: this
        does, and raises SyntaxError naming the written file); ``graph``, the named graph its
        statements are in (None: the default graph), is ``original``'s."""
        self.changed()
        self.store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        if graph is not None:
            self.sources.setdefault(graph, original)

    def query(self, sparql: str, substitutions: dict[ox.Variable, OxTerm] | None = None) -> object:
        """Run SPARQL over the merge of all files (the same view a remote endpoint gives), as
        written: a named query and a user's own .rq file run the same text on every store, so
        each is written to run in linear time as it stands (docs/architecture.md, "Portable
        queries"). Only the SHACL engine, whose compiled shapes cannot be written otherwise,
        rewrites its ``FILTER [NOT] EXISTS`` (kgtool.shacl.engine.validate_store).

        A statement that two files state is one statement of the merge. Oxigraph's union of the
        graphs (0.5) gives it once per graph, so a pattern matched it twice, a query of several
        such patterns 2^k times, and a report over two rounds' folders (each repeating the
        actors, acts and provisions) counted 608 processes for 38. When some statement is in two
        graphs, such a query runs on a store holding the merge (``merged``).

        A query that names its own dataset (``FROM <urn:kgtool:file:…>``, ``FROM NAMED``) runs on
        that dataset, as on every other store: pyoxigraph's union option would drop its ``FROM``
        graphs and answer over all files (``kgtool.rdf.dataset_clause``). So does, over the
        union, a query that asks for named graphs (``GRAPH``), which the merge has not."""
        if names_dataset(sparql):
            return self.store.query(sparql, use_default_graph_as_union=False, substitutions=substitutions)
        merge = self.merged()
        if merge is not None and not _asks_for_graphs(sparql):
            return merge.query(sparql, substitutions=substitutions)
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)

    def merged(self) -> ox.Store | None:
        """A store whose default graph is the merge of this one's graphs, each statement once, if
        some statement is in two of them (queries/store/repeated-statements.rq, or the default
        graph and a named one); None if the union of the graphs is their merge already (no copy
        made: the files of one assessment, a corpus whose graphs share no statement). Worked out
        once for the statements the store holds (``changed``)."""
        if not self._merge_known:
            self._merge = _merge_of(self.store) if self._repeats_statements() else None
            self._merge_known = True
        return self._merge

    def changed(self) -> None:
        """Call after adding statements to ``store``, or removing some, other than through this
        class's methods: whether a statement is in two graphs is worked out again before the next
        query."""
        self._merge, self._merge_known = None, False

    def query_data_graph(self, sparql: str, substitutions: dict[ox.Variable, OxTerm] | None = None) -> object:
        """Run SPARQL over the merge of all files whatever dataset it names: SHACL's data graph,
        for the SHACL engine's compiled shapes. A SHACL-SPARQL constraint is evaluated on the data
        graph, and pySHACL, the reference the fast engine agrees with result for result, ignores
        a constraint's ``FROM``; so does this. Over the union of graphs that repeat statements, a
        compiled query of k patterns matched n copies n^k times: four copies of the data (a built
        file holds the ontology too) took validation past 24 GB (a review's)."""
        merge = self.merged()
        if merge is not None:
            return merge.query(sparql, substitutions=substitutions)
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)

    def _repeats_statements(self) -> bool:
        """Whether a statement is in two graphs. Files of data are looked through when there are
        two or more (queries/store/repeated-statements.rq: a second file holding statements of
        the first, as two rounds' folders do: about 1 s at a million statements); with one file of
        data (one corpus, whatever its named graphs), only the ontology's statements, which a
        file that ``kgtool build`` wrote holds again (milliseconds); a TriG file's default graph
        against its named ones always."""
        ontology = set(assets.ontology_files())
        ontology_graphs = [g for g, path in self.sources.items() if path in ontology]
        if len({path for path in self.sources.values() if path not in ontology}) > 1:
            return _repeats_anywhere(self.store)
        graphs = [ox.NamedNode(g) for g in ontology_graphs] + [ox.DefaultGraph()]
        return any(_stated_elsewhere(self.store, graph) for graph in graphs)

    def triples(self) -> Iterator[ox.Triple]:
        """Every distinct statement once, in a stable order."""
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in self.store.quads_for_pattern(None, None, None)}
        return iter(sorted(seen, key=_triple_key))

    def __len__(self) -> int:
        return len({(q.subject, q.predicate, q.object) for q in self.store.quads_for_pattern(None, None, None)})

    def files_stating(self, subject: ox.NamedNode | ox.BlankNode) -> list[Path]:
        """The files in which statements about this subject were made."""
        graphs = {
            q.graph_name.value
            for q in self.store.quads_for_pattern(subject, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        return sorted(self.sources[g] for g in graphs if g in self.sources)

    def to_rdflib(self) -> rdflib.Graph:
        """The merged graph for libraries that need rdflib (pySHACL, serializers)."""
        g = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for t in self.triples():
            obj = to_rdflib(t.object)
            if t.predicate.value in OWL_CARDINALITIES and isinstance(obj, rdflib.Literal):
                # Oxigraph's store narrows integer subtypes to xsd:integer; OWL 2's RDF mapping
                # requires cardinalities as xsd:nonNegativeInteger, as the ontology states them.
                obj = rdflib.Literal(str(obj), datatype=rdflib.XSD.nonNegativeInteger)
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), obj))
        return g


def _asks_for_graphs(sparql: str) -> bool:
    """Whether the query has a ``GRAPH`` pattern (a text the tokenizer cannot read: whether it
    holds the word anywhere, a comment or a name too)."""
    try:
        return any(tok.upper == "GRAPH" for tok in tokenize(sparql))
    except Unparsable:  # (a prefixed name in Cyrillic, say): the word's letters decide
        return "graph" in sparql.lower()


def _repeats_anywhere(store: ox.Store) -> bool:
    """Whether a statement is in two named graphs, or in the default graph and a named one (a
    TriG file's default graph)."""
    found = store.query(_repeated_statements())
    assert isinstance(found, ox.QuerySolutions)
    return next(found, None) is not None or _stated_elsewhere(store, ox.DefaultGraph())


def _stated_elsewhere(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    """Whether a statement of ``graph`` is in another graph too."""
    for q in store.quads_for_pattern(None, None, None, graph):
        for other in store.quads_for_pattern(q.subject, q.predicate, q.object):
            if other.graph_name != q.graph_name:
                return True
    return False


def _repeated_statements() -> str:
    return (assets.asset_dir("queries") / "store" / "repeated-statements.rq").read_text(encoding="utf-8")


def _merge_of(store: ox.Store) -> ox.Store:
    """The store's statements in the default graph of a store of their own, each once."""
    merge = ox.Store()
    merge.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    return merge


# what an IRI may not hold as it is (RFC 3987): spaces, controls, "<>\\^`{|}; and "%", which must start
# an escape: each is written as its UTF-8 bytes escaped (letters of any script stay as they are)
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\^`{|}%]')


def _iri_part(name: str) -> str:
    """A file's name as part of its graph's IRI: a name with a space ("pair 6.1.ttl") is a name
    people give files, and an IRI cannot hold it."""
    return _NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogateescape")), name)


def to_rdflib(term: OxTerm) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(lexical_form(term), datatype=rdflib.URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported term {term!r}")


def lexical_form(literal: ox.Literal) -> str:
    """The characters kgtool's writers print for a literal from the store."""
    value = literal.value
    if literal.datatype.value == _XSD_DECIMAL and _WHOLE_NUMBER.fullmatch(value):
        # Oxigraph returns decimals in XSD 1.1 canonical form ("1"); Turtle writers print
        # them as 1.0, so use the XSD 1.0 form with a point and writing/re-reading is lossless.
        # Only a whole number: an ill-typed "1,5" is kept as written (never "1,5.0").
        value += ".0"
    return value


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


OWL_CARDINALITIES = frozenset(
    OWL + name
    for name in (
        "cardinality",
        "minCardinality",
        "maxCardinality",
        "qualifiedCardinality",
        "minQualifiedCardinality",
        "maxQualifiedCardinality",
    )
)
_XSD_STRING = XSD + "string"
_XSD_DECIMAL = XSD + "decimal"


def from_rdflib(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def _triple_key(t: ox.Triple) -> str:
    return str(t)  # "s p o": the order of (s, p, o) as strings, one string per statement
