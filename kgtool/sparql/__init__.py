"""SPARQL: the named queries under ``queries/`` (``named``), where they run — the embedded
store or a remote endpoint (``backends``); how a request fails (``http``); credentials for a store
that requires them (``auth``).

May import: ``kgtool.rdf`` and the foundation.
"""
