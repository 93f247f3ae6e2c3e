"""``kgtool report``: one self-contained HTML report. ``build`` is the entry point
(``build_report``); ``model`` collects what the report shows, ``views`` shapes it per
section, ``words`` says it in the reader's language, ``render`` writes it through the
Jinja2 templates in ``templates/``; ``charts`` draws the bar charts and ``diagram`` Figure 1
(by Graphviz) as SVG.

May import: ``kgtool.assessment``, ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
