"""SPARQL: the named queries under ``queries/`` (``named``), where they run — the embedded
store or a remote endpoint (``backends``).

May import: ``kgtool.rdf`` and the foundation.
"""
