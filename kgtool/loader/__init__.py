"""``kgtool load``: streaming a graph into a remote SPARQL store in staged, resumable batches
(``remote_load``).

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""

# Statements per SPARQL Update request unless --batch-size says otherwise; here, so that the
# command line reads it without loading the loader (and Oxigraph with it).
DEFAULT_BATCH_SIZE = 10_000

# How the data is sent (kgtool load --gsp, --sparql-update), for the same reason: AUTO, the
# store's own Graph Store Protocol service or an error; PREFERRED (the default), that service
# where the store has a known one and SPARQL Update elsewhere.
AUTO = "auto"
PREFERRED = "preferred"
