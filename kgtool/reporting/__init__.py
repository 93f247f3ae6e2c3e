"""``kgtool report``: one self-contained HTML report. ``build`` is the entry point
(``build_report``); ``model`` collects what the report shows, ``views`` shapes it per
section, ``words`` says it in the reader's language, ``render`` writes it through the
Jinja2 templates in ``templates/``; ``charts`` draws the bar charts and ``diagram`` Figure 1
(by Graphviz) as SVG.

``rounds`` adds what the report shows of several assessments (changes since the previous one,
through :mod:`kgtool.diff`; indices over the rounds; countries compared).

May import: ``kgtool.diff``, ``kgtool.assessment``, ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
