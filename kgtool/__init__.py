"""kgtool: government accountability assessments as a validated, queryable knowledge graph.

The public API is small on purpose: load the project's graph (or your own files),
then validate it, query it, or publish it. The command line (`kgtool`) is a thin
layer over these functions.

Every name below is loaded on first use (PEP 562), so ``import kgtool`` — and with it
``kgtool --help`` — loads no RDF library; ``kgtool.validate(...)`` loads what validation
needs when it is called. docs/architecture.md shows where each name lives.
"""

from __future__ import annotations

from importlib import import_module

# typing.TYPE_CHECKING without importing typing (a tenth of `kgtool --help`'s start-up);
# mypy reads any name TYPE_CHECKING as true
TYPE_CHECKING = False

__version__ = "0.1.0"

# public name -> (module, attribute)
_API: dict[str, tuple[str, str]] = {
    "KgtoolError": ("kgtool.errors", "KgtoolError"),
    "InputError": ("kgtool.errors", "InputError"),
    "UsageError": ("kgtool.errors", "UsageError"),
    "EndpointError": ("kgtool.errors", "EndpointError"),
    "KnowledgeGraph": ("kgtool.rdf.store", "KnowledgeGraph"),
    "build_graph": ("kgtool.rdf.project", "build_graph"),
    "build": ("kgtool.rdf.project", "build_graph"),
    "serialize": ("kgtool.rdf.write", "serialize"),
    "validate": ("kgtool.validation.run", "validate"),
    "validate_graph": ("kgtool.validation.checks", "validate_graph"),
    "ValidationReport": ("kgtool.validation.model", "ValidationReport"),
    "Finding": ("kgtool.validation.model", "Finding"),
    "EmbeddedBackend": ("kgtool.sparql.backends", "EmbeddedBackend"),
    "RemoteBackend": ("kgtool.sparql.backends", "RemoteBackend"),
    "IndexCalculator": ("kgtool.assessment.indices", "IndexCalculator"),
    "gaps": ("kgtool.assessment.gaps", "gaps"),
    "publish": ("kgtool.site.publish", "publish"),
    "report": ("kgtool.reporting.build", "build_report"),
    "load": ("kgtool.loader.remote_load", "load"),
}

__all__ = sorted(_API) + ["__version__"]

if TYPE_CHECKING:
    from typing import Any

    from kgtool.assessment.gaps import gaps
    from kgtool.assessment.indices import IndexCalculator
    from kgtool.errors import EndpointError, InputError, KgtoolError, UsageError
    from kgtool.loader.remote_load import load
    from kgtool.rdf.project import build_graph
    from kgtool.rdf.project import build_graph as build
    from kgtool.rdf.store import KnowledgeGraph
    from kgtool.rdf.write import serialize
    from kgtool.reporting.build import build_report as report
    from kgtool.site.publish import publish
    from kgtool.sparql.backends import EmbeddedBackend, RemoteBackend
    from kgtool.validation.checks import validate_graph
    from kgtool.validation.model import Finding, ValidationReport
    from kgtool.validation.run import validate


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'kgtool' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
