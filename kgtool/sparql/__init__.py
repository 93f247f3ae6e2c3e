"""SPARQL: the named queries under ``queries/`` (``named``), where they run — the embedded
store or a remote endpoint (``backends``) — and the ``FILTER [NOT] EXISTS`` rewrite the SHACL
engine uses (``exists_rewrite``).

May import: ``kgtool.rdf`` and the foundation.
"""
