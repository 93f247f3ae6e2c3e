"""``kgtool load``: streaming a graph into a remote SPARQL store in staged, resumable batches
(``remote_load``).

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""

# Statements per SPARQL Update request unless --batch-size says otherwise; here, so that the
# command line reads it without loading the loader (and Oxigraph with it).
DEFAULT_BATCH_SIZE = 10_000
