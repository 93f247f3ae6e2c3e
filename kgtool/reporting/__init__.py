"""``kgtool report``: one self-contained HTML report (``build``), its bar charts
(``charts``) and Figure 1 drawn by Graphviz (``diagram``).

May import: ``kgtool.assessment``, ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
