"""What the ontology says about the workbook's columns: the controlled values each drop-down
list offers (by slug) and the definitions that make the help row, read with the named
queries in queries/workbook/."""

from __future__ import annotations

from dataclasses import dataclass, field

from kgtool import assets
from kgtool.rdf.store import KnowledgeGraph
from kgtool.sparql.backends import EmbeddedBackend
from kgtool.sparql.named import named
from kgtool.vocab import KGO
from kgtool.workbook.schema import slug_of


@dataclass
class Terms:
    """Controlled values by vocabulary (class local name): slug -> IRI; definitions: IRI -> text."""

    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)

    def slug(self, vocabulary: str, iri: str) -> str | None:
        for slug, member in self.choices.get(vocabulary, {}).items():
            if member == iri:
                return slug
        return None


def load_terms(lang: str = "en") -> Terms:
    """Read the ontology's controlled values and definitions (in ``lang``)."""
    backend = EmbeddedBackend(KnowledgeGraph.from_files(assets.ontology_files()))
    terms = Terms()
    table = backend.select(named("workbook/vocabulary").bind({"lang": lang}))
    for row in table.rows:
        vocabulary = row["class"]["value"].removeprefix(KGO)
        member = row["member"]["value"]
        terms.choices.setdefault(vocabulary, {})[slug_of(member.removeprefix(KGO))] = member
    table = backend.select(named("workbook/definitions").bind({"lang": lang}))
    for row in table.rows:
        terms.definitions.setdefault(row["term"]["value"], row["definition"]["value"])
    return terms
