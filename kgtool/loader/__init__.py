"""``kgtool load``: streaming a graph into a remote SPARQL store in staged, resumable batches
(``remote_load``).

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
