"""What an assessment means: the indices (``indices``), the gap lists (``gaps``), the
legal look-ups (``basis``), and turning what a user types into one entity (``resolve``).

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
