"""``kgtool publish``: the static linked-data site. The IRI-to-file mapping and content
negotiation (``conneg``), the site writer (``publish``), the page context and templates
(``context``, ``templates/``), the pages of resources, entries and the ontology
(``resource_pages``, ``entry_pages``, ``ontology_page``), the RDF documents
(``rdf_documents``), VoID/DCAT (``void``), the Data Cube (``datacube``), the resources
written by several processes (``shares``), and the process that makes the files (``file_writer``,
which imports the standard library only).

May import: ``kgtool.assessment``, ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""

from kgtool.vocab import CANONICAL_BASE

# Where a published site is served unless --base says otherwise; here, so that the command line
# reads it without loading the site writer (RDF libraries, templates).
DEFAULT_BASE = CANONICAL_BASE
# The most processes ``kgtool publish --jobs`` runs: each keeps memos of its own (labels, links),
# so more than a few cost memory for little (``kgtool.site.shares``).
MAX_JOBS = 8
