"""Full-text search over what a reader sees (``kgtool search`` and the published site's search):
``words`` (tokens and word forms per language: Snowball stemming for Russian and English, a
documented suffix list for Kyrgyz), ``texts`` (the texts, fetched with queries/search/texts.rq on
any back end), ``index`` (the in-memory inverted index, ranking and snippets), ``site_index``
(the index the static site's script reads, precomputed with the same rules).

May import: ``kgtool.sparql``, ``kgtool.rdf`` and the foundation.
"""
