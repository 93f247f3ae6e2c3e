"""The names kgtool shares: its own IRIs, the namespaces it writes and reads, and the
languages it speaks — each defined here once, as plain strings.

Part of the foundation: pure Python, no RDF library, so any module (and ``kgtool --help``)
can import it for free. A module that wants an ``rdflib.Namespace`` builds it from these
strings (``rdflib.Namespace(KGO)``).
"""

from __future__ import annotations

# --- kgtool's own IRIs ----------------------------------------------------------------------
CANONICAL_BASE = "https://w3id.org/kgtool/"
DATA_NAMESPACE = CANONICAL_BASE + "id/"  # data IRIs: slash IRIs, one document each
ONTOLOGY_IRI = CANONICAL_BASE + "ontology"  # the ontology itself
KGO = ONTOLOGY_IRI + "#"  # the ontology's terms: hash IRIs
KGSH = CANONICAL_BASE + "shapes#"  # the SHACL shapes and their annotations (kgsh:fix)

# --- W3C and other namespaces ---------------------------------------------------------------
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
ELI = "http://data.europa.eu/eli/ontology#"
FOAF = "http://xmlns.com/foaf/0.1/"
QB = "http://purl.org/linked-data/cube#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
BIBO = "http://purl.org/ontology/bibo/"

# the prefixes kgtool's writers and queries use, in this order
PREFIXES = {
    "kgo": KGO,
    "id": DATA_NAMESPACE,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "eli": ELI,
    "foaf": FOAF,
}

# the licence of the published data
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

# --- languages ------------------------------------------------------------------------------
LANGUAGES = ("ky", "ru", "en")  # kgtool's languages, in this order wherever it lists them
DEFAULT_LANG = "en"  # the reader's language when none is chosen, and that of the help texts in the code
FALLBACK_LANGUAGE = "ky"  # the study's own: what a reader sees when their language has no text
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def language_named(setting: str) -> str | None:
    """The kgtool language a setting such as KGTOOL_LANG names, however it is spelled as locales
    are (``ru``, ``RU``, ``ru_RU.UTF-8``, ``ky-KG``); None when it names none of them."""
    code = setting.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    return code if code in LANGUAGES else None
