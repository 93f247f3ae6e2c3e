"""RDF in memory and on disk: the embedded store (``store``), reading files with errors a
person can act on (``parse``), the project's own graph (``project``), deterministic writing in
four syntaxes (``write``), the literals the store rewrites (``literal_forms``) and what the files
wrote instead (``as_written``, for validation), and the
``FILTER [NOT] EXISTS`` rewrite the embedded store applies before it runs a query
(``exists_rewrite``: Oxigraph evaluates EXISTS row by row, so it belongs with the store).

May import: the foundation (``kgtool.errors``, ``kgtool.assets``, ``kgtool.vocab``,
``kgtool.i18n``, ``kgtool.progress``). Nothing above it.
"""

# The syntax names --input-format accepts (kgtool.rdf.parse knows more spellings of each); here,
# so that the command line reads them without loading Oxigraph.
INPUT_FORMAT_NAMES = ("ttl", "nt", "jsonld", "rdfxml", "trig", "nq", "n3")
