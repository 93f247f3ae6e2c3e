"""Small rules about IRIs that several layers share: an IRI's local name, and checking the
base IRI a user gives for published pages.

Part of the foundation: pure Python, no RDF library.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_ABSOLUTE_IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_WEB_HOST = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?")
_WEB_PATH = re.compile(r"[A-Za-z0-9._~/-]*")


# an absolute IRI that a Turtle file can hold between < and > as its @base
_NAMESPACE = re.compile(r'[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>"{}|^`\\]+/')


def is_namespace(base: str) -> bool:
    """Whether ``base`` can be the namespace a workbook's ids are paths from: an absolute IRI
    ending in '/'. The ids are resolved against it as relative IRIs are: without the '/' its last
    segment is dropped (``…/id`` + ``pair/x`` is ``…/pair/x``), as it is after a '#'; a relative
    one is resolved against the temporary file it was written in."""
    return _NAMESPACE.fullmatch(base) is not None


def local_name(iri: str, ignore_trailing_slash: bool = False) -> str:
    """What follows the IRI's last '#' or '/' (``kgo#Actor`` -> ``Actor``, ``id/kg/pair/1`` -> ``1``).

    An IRI ending in '/' has an empty local name, unless ``ignore_trailing_slash``, which names
    it by its last segment (``.../law/constitution/`` -> ``constitution``).
    """
    if ignore_trailing_slash:
        iri = iri.rstrip("/")
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def base_iri(base: str, web: bool = True, hash_ok: bool = False) -> str | None:
    """``base`` as a base IRI to put local paths after, or None when it is none (the caller
    raises its own error, in the reader's words: ``report#bad-base``, ``publish#bad-base``).

    The rules, chosen by the caller:

    - ``web=True`` (a site a web server serves): an http or https URL with a host and without a
      query or a fragment, by ``urllib.parse.urlsplit``; the host a name of ASCII letters, digits,
      '.' and '-' (or an IP address) with a port or none, the path of letters, digits and
      ``._~/-`` (the web-server rules match both as written).
    - ``web=False`` (links that need only be IRIs): any scheme, ``scheme://`` then no white space.
    - The result ends in '/' ('/' is added when missing), or in '#' too when ``hash_ok``.
    """
    if web:
        parts = urlsplit(base)
        ok = parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment
        # the web-server rules kgtool publish writes match the host and the path as written (in
        # nginx's and Apache's configuration, as regular expressions): a quote, a ';', a space or a
        # '+' there broke them or ran into them; an international name is given as its ASCII form
        ok = ok and _WEB_HOST.fullmatch(parts.netloc) is not None and _WEB_PATH.fullmatch(parts.path) is not None
    else:
        ok = _ABSOLUTE_IRI.fullmatch(base) is not None
    if not ok:
        return None
    return base if base.endswith(("/", "#") if hash_ok else "/") else base + "/"
