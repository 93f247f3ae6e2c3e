"""`kgtool diff`: what changed between two assessments (two rounds of a country's study).

``inputs`` turns what the user names (an assessment in one corpus, or a set of files per
round, or anything a registered converter turns into files, such as a workbook) into one
``Side``: a store and the assessment in it. ``snapshot`` reads a side's pairs, processes, cells,
citations, recommendations and indices with the queries in queries/diff/ and
queries/indices/, keyed so that rounds can be matched; ``compare`` lists the changes.

Rounds never share IRIs, so entities are matched by their IRI *relative to their
assessment's IRI* (``process/<slug>``, ``pair/<slug>``), or by the shared country-level or
ontology IRI (dimensions, provisions, principals, observers) — see docs/diff.md.

May import: assessment, sparql, rdf, and the foundation (errors, vocab, iri, i18n, assets).
"""
