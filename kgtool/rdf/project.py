"""The project's own graph: the ontology and the assessment data that ship with kgtool,
or a user's files with the ontology, merged into one ``KnowledgeGraph``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kgtool import assets
from kgtool.rdf.store import KnowledgeGraph


def project_files(include_ontology: bool = True) -> list[Path]:
    """The ontology and data files that make up the project's own graph."""
    return (assets.ontology_files() if include_ontology else []) + assets.data_files()


def build_graph(
    files: Sequence[Path] | None = None, input_format: str | None = None, include_ontology: bool = True
) -> KnowledgeGraph:
    """Load the given files, or the project's own ontology and data when none are given."""
    if not files:
        return KnowledgeGraph.from_files(project_files(include_ontology))
    kg = KnowledgeGraph.from_files(assets.ontology_files() if include_ontology else [])
    for path in files:
        # --input-format names the syntax of the user's files, never of the ontology's
        kg.add_file(Path(path), input_format)
    return kg
