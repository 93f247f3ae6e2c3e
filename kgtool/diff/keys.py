"""The matching rule of `kgtool diff`: an entity's key is its IRI relative to its assessment.

Two rounds of a study have different IRIs for the same process (``…/assessment/2016/process/x``
and ``…/assessment/2020/process/x``), so IRI equality would match nothing. What a new round
shares with the last is the slug under the assessment, and the country-level or ontology
IRIs (actors, observers, laws and provisions, dimensions). An IRI under the assessment's
IRI is keyed by what follows it; any other IRI is its own key.
"""

from __future__ import annotations


def relative_key(iri: str, assessment: str) -> str:
    """``…/assessment/2016/process/x`` -> ``process/x``; the assessment itself -> ``.``;
    any other IRI unchanged."""
    if iri == assessment:
        return "."
    prefix = assessment.rstrip("/") + "/"
    return iri[len(prefix) :] if iri.startswith(prefix) else iri
