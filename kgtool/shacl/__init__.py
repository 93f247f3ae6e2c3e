"""The fast SHACL engine: shapes compiled into SPARQL that the embedded store runs
(``engine``); it refuses what it does not compile, and pySHACL judges that instead.

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
