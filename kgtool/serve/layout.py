"""The folder ``kgtool serve --site DIR`` serves: one site, or a publication in several languages.

``kgtool publish`` writes a site in one language. All three are published side by side, each
into a folder named by its code and naming the others with ``--sibling-languages``
(``DIR/ky``, ``DIR/ru``, ``DIR/en``); every page's language switch then leads to the same
page in the folder beside it (``../ru/acts.html``). Such a publication is served from DIR, as
a static web server serving DIR would serve it, so that those links resolve; a site alone is
served from its own folder. ``Layout`` says which, and where each language's site is.

Only the language folders of a publication are served: a file kept in DIR beside them is not
part of any site, and no answer reads it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kgtool.rdf.folders import SITE_MARKER
from kgtool.vocab import LANGUAGES


def _is_site(folder: Path) -> bool:
    """Whether ``kgtool publish`` wrote ``folder`` (its marker is there); False where the system
    refuses to look."""
    try:
        return (folder / SITE_MARKER).is_file()
    except OSError:
        return False


def site_languages(folder: Path) -> tuple[str, ...]:
    """The languages whose sites ``folder`` holds, each in the folder named by its code, in
    kgtool's order; empty when ``folder`` is a site itself, or holds no language's site."""
    if _is_site(folder):
        return ()
    return tuple(code for code in LANGUAGES if _is_site(folder / code))


def servable(folder: Path) -> bool:
    """Whether ``kgtool serve --site`` can serve ``folder``: a site, or a publication of sites
    in several languages (``site_languages``)."""
    return _is_site(folder) or bool(site_languages(folder))


def publication_folder(site: Path) -> Path:
    """The folder that holds ``site`` and the sites beside it, as the path names it (``..`` taken
    away, links not followed: the switch's ``../ru/`` goes where the path goes)."""
    return Path(os.path.abspath(site)).parent


def languages_beside(site: Path) -> tuple[str, ...]:
    """The other languages whose sites sit beside ``site``, a site in a folder named by its
    language's code: the sites its language switch leads to, which serving ``site`` alone
    leaves out. Empty for a site that is not one of such a publication."""
    name = Path(os.path.abspath(site)).name
    if name not in LANGUAGES or not _is_site(site):
        return ()
    return tuple(code for code in site_languages(publication_folder(site)) if code != name)


@dataclass(frozen=True)
class Layout:
    """Where the files of what is served are: ``root``, the folder served; ``languages``, the
    languages of a publication in several (empty for a single site); ``default``, the language
    of the pages given to a client whose Accept-Language prefers none of them, and of the RDF
    documents an IRI leads to (they are the same bytes in every language's folder)."""

    root: Path
    languages: tuple[str, ...]
    default: str

    @classmethod
    def of(cls, root: Path, lang: str) -> Layout:
        """The layout of folder ``root``; ``lang``: the server's language, the default when a
        site in it is published (else the first of kgtool's languages that is)."""
        languages = site_languages(root)
        default = lang if lang in languages or not languages else languages[0]
        return cls(root, languages, default)

    @property
    def several(self) -> bool:
        """Whether this is a publication in several languages (served from the folder above them)."""
        return bool(self.languages)

    def site(self, lang: str | None = None) -> Path:
        """The folder of the site in ``lang`` (None: the default language's); a single site's own folder."""
        return self.root / (lang or self.default) if self.languages else self.root

    def prefix(self, lang: str | None = None) -> str:
        """The URL path of the site in ``lang`` (None: the default's), ending in '/': ``/ky/``, or ``/``."""
        return f"/{lang or self.default}/" if self.languages else "/"
