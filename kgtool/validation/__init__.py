"""``kgtool validate``: the entry point (``run``), the checks of one loaded graph — SHACL and
the OWL check (``checks``, ``reasoner``) — naming and locating findings (``entities``), the
per-graph parallel runner (``parallel``), the findings model (``model``) and its renderings
(``render``).

May import: ``kgtool.shacl``, ``kgtool.assessment``, ``kgtool.sparql``, ``kgtool.rdf`` and the
foundation.
"""
