"""kgtool: government accountability assessments as a validated, queryable knowledge graph.

The public API is small on purpose: load the project's graph (or your own files),
then validate it, query it, or publish it. The command line (`kgtool`) is a thin
layer over these functions.
"""

from kgtool.errors import KgtoolError
from kgtool.graph import KnowledgeGraph
from kgtool.build import build_graph

__version__ = "0.1.0"

__all__ = ["KgtoolError", "KnowledgeGraph", "build_graph", "__version__"]
