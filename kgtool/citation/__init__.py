"""Citing the graph: the bibliographic records of the study and of the dataset (``records``),
what a user types turned into one resource (``resolve``), and a citation written as text,
BibTeX, CSL-JSON or RIS (``formats``).

`kgtool cite` and the "Cite this" block of every published page both come from here, so
the command and the site cite a resource in the same words.

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""

# the forms of a citation (``kgtool cite --format``), here so that --help loads no RDF library
FORMATS = ("text", "bibtex", "csl-json", "ris")
