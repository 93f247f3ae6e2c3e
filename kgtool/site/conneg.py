"""Where each resource's documents live, and which document a client's Accept header asks for.

Data IRIs are slash IRIs under ``https://w3id.org/kgtool/id/``; the published site keeps
one HTML page and four RDF documents per resource, at paths derived from the IRI:

    https://w3id.org/kgtool/id/{path}   ->  page/{path}.html
                                            data/{path}.ttl | .jsonld | .nt | .rdf

``kgtool serve``, the static site and the Apache/nginx rules written by ``kgtool publish``
all use this one mapping, so an IRI resolves the same way wherever the site is hosted.
The ontology uses hash IRIs: ``https://w3id.org/kgtool/ontology`` is answered directly
with ``ontology.html`` / ``ontology.ttl`` / … by the same negotiation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kgtool.vocab import DATA_NAMESPACE, DEFAULT_LANG

# Sent with every answer by kgtool serve and by the Apache/nginx rules kgtool publish writes.
# nosniff: a browser takes the declared media type (a Turtle file is never run as a script).
# The policy allows what the site's pages use and nothing else: scripts only from files of the
# site itself (the search page's search.js and its index, the /sparql page's sparql.js; never
# inline), the stylesheets from the site itself, requests from a script to the site only (the
# /sparql page asks its own endpoint; the search reads its index as a script file), forms that
# post only to the site (the /sparql page, the search box), and no framing by other sites.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}

# extension -> media type, in the server's order of preference when a client accepts several equally
DOCUMENT_TYPES: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
RDF_EXTENSIONS = ("ttl", "jsonld", "nt", "rdf")
# extension -> the format name kgtool.rdf.write.serialize() takes
SERIALIZER_FORMAT = {"ttl": "ttl", "jsonld": "jsonld", "nt": "nt", "rdf": "rdfxml"}
# media types clients use for the same documents
TYPE_ALIASES = {
    "application/xhtml+xml": "text/html",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".conf": "text/plain; charset=utf-8",
    ".rq": "application/sparql-query",
    # the citation files beside every page ("Cite this"); X.csl.json is served as .json
    ".bib": "application/x-bibtex; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
}

SAFE_PATH = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")
# The longest segment a resource's path may have: a file name is at most 255 bytes on the file
# systems a site is written to (NAME_MAX on Linux and macOS, NTFS's limit), and the longest
# ending a resource's files get is ".csl.json" (its page's CSL-JSON citation). A longer segment
# would make the operating system refuse the file half-way through a publish.
MAX_SEGMENT = 255 - len(".csl.json")


def local_path(iri: str) -> str | None:
    """The path of a data IRI under the data namespace, or None when it has no documents here.

    Only paths made of plain URL characters qualify, so every path maps to a file name that
    needs no escaping on any web server or file system (segments never start with a dot), and
    whose segments fit in a file name (``MAX_SEGMENT``). ``why_no_files`` says which rule an IRI
    without documents breaks.
    """
    return iri[len(DATA_NAMESPACE) :] if why_no_files(iri) is None else None


# why an IRI gets no documents: not a data IRI, a character no file name takes, a segment too long
NoFiles = Literal["outside", "characters", "too-long"]


def why_no_files(iri: str) -> NoFiles | None:
    """The rule of ``local_path`` that ``iri`` breaks, or None when it gets documents: one
    decision, so that ``publish``'s warning names the reason the site applied."""
    if not iri.startswith(DATA_NAMESPACE):
        return "outside"
    path = iri[len(DATA_NAMESPACE) :]
    if not SAFE_PATH.fullmatch(path):
        return "characters"
    return "too-long" if too_long(path) else None


def too_long(path: str) -> bool:
    """Whether a segment of ``path`` is longer than a file name may be (``MAX_SEGMENT``)."""
    # a path no longer than a segment may be has no segment too long: the usual case, no split
    return len(path) > MAX_SEGMENT and any(len(segment) > MAX_SEGMENT for segment in path.split("/"))


def page_file(path: str) -> str:
    return f"page/{path}.html"


def data_file(path: str, ext: str) -> str:
    return f"data/{path}.{ext}"


def document_file(path: str, ext: str) -> str:
    """The site file holding the document of resource ``path`` in one format."""
    return page_file(path) if ext == "html" else data_file(path, ext)


@dataclass(frozen=True)
class MediaRange:
    type: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """How specifically this range matches a media type: 3 exact, 2 type/*, 1 */*, 0 not at all."""
        if self.type == media_type:
            return 3
        major, _, minor = self.type.partition("/")
        if minor == "*" and major == media_type.partition("/")[0]:
            return 2
        return 1 if self.type == "*/*" else 0


def parse_accept(header: str | None, aliases: dict[str, str] | None = None) -> list[MediaRange]:
    """The media ranges of an Accept header with their q-values; malformed parts are ignored."""
    aliases = TYPE_ALIASES if aliases is None else aliases
    if not header or not header.strip():
        return [MediaRange("*/*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        media = aliases.get(media, media)
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(media, q, order))
    return ranges


def negotiate(header: str | None, offered: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The offered media type the client prefers most, or None when it accepts none of them.

    Follows RFC 9110: each offer gets the q-value of the most specific range that matches it;
    ties go to the order of ``offered`` (the server's preference).
    """
    ranges = parse_accept(header, aliases)
    best: tuple[float, int] | None = None
    choice = None
    for rank, media in enumerate(offered):
        matching = [(r.matches(media), r) for r in ranges if r.matches(media)]
        if not matching:
            continue
        q = max(matching, key=lambda m: (m[0], -m[1].order))[1].q
        if q <= 0:
            continue
        if best is None or (q, -rank) > best:
            best, choice = (q, -rank), media
    return choice


def document_extension(header: str | None) -> str | None:
    """The document format (html, ttl, jsonld, nt, rdf) an Accept header asks for, or None."""
    media = negotiate(header, list(DOCUMENT_TYPES.values()))
    if media is None:
        return None
    return next(ext for ext, m in DOCUMENT_TYPES.items() if m == media)


# --- a publication in several languages (DIR/ky, DIR/ru, DIR/en) behind nginx or Apache -------------

# the weight of a language range that does not refuse it: q=1, 1., 1.0…, or 0.x with a digit other
# than 0 among its three decimals (q=0, 0.0, 0.000 refuse; RFC 9110 12.4.2)
_WEIGHT_GIVEN = r"(?:1(?:\.0{0,3})?|0\.(?=[0-9]{0,2}[1-9])[0-9]{1,3})"


def publication_default(languages: list[str] | tuple[str, ...]) -> str:
    """The language of a publication's pages (and of its RDF documents) for a client whose
    Accept-Language names none of them: English when it is published, else the first of kgtool's
    languages that is, as ``kgtool serve --site DIR`` chooses without ``--lang``."""
    return DEFAULT_LANG if DEFAULT_LANG in languages else languages[0]


def accept_language_pattern(languages: list[str] | tuple[str, ...]) -> str:
    """A regular expression (PCRE, as nginx's ``map`` and Apache's ``RewriteCond`` read it, case
    left to their flag) whose group 1 is the first of ``languages`` an Accept-Language header names
    without refusing it (``q=0``), by its first subtag (``ru-RU`` is Russian); it does not match a
    header naming none of them. The web servers' rules cannot weigh q-values: browsers list their
    languages from the most wanted down, so the first named is the one ``kgtool serve`` chooses."""
    codes = "|".join(languages)
    return rf"^(?:[^,]*,)*?\s*({codes})(?:-[a-z0-9]{{1,8}})*\s*(?:;\s*q={_WEIGHT_GIVEN}\s*)?(?:,|$)"
