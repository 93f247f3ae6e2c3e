"""The "Cite this" block of every published page, and the citation files written beside it.

Every page ``X.html`` gets ``X.bib`` (BibTeX), ``X.csl.json`` (CSL-JSON) and ``X.ris`` (RIS), the
citation of what the page shows, so a reader's reference manager can take it in one click; the
block shows the citation in the page's language and the stable IRI. A resource's page cites the
resource; the home page, the acts page and the ontology page cite the dataset. The words and
formats are ``kgtool cite``'s own (``kgtool.citation``), so the command and the site agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgtool.citation.formats import EXTENSIONS, render
from kgtool.citation.records import Citer
from kgtool.i18n.messages import t
from kgtool.site.context import Frag, relative_endings
from kgtool.vocab import DATA_NAMESPACE

# the formats offered for download, with the names readers know them by
DOWNLOADS = (("bibtex", "BibTeX"), ("csl-json", "CSL-JSON"), ("ris", "RIS"))
DATASET = DATA_NAMESPACE + "dataset"  # cited where a page shows no one resource, unless the graph has another


@dataclass(frozen=True)
class CiteBlock:
    """What base.html shows under "Cite this"."""

    heading: str
    text: str
    lang: str
    iri_label: str
    iri: str
    download: str
    links: list[tuple[str, str]]  # (format name, relative link)


def cite_page(
    citer: Citer, page: str, lang: str, iri: str | None = None, name: Frag | None = None
) -> tuple[CiteBlock, dict[str, str]]:
    """The block for ``page`` and the citation files to write beside it (site path -> text).

    ``iri`` is the resource the page shows (None: the dataset); ``name`` the name the page gives
    it, so that an unlabelled resource is cited by the same composed name as its heading."""
    target = iri or (citer.dataset.iri if citer.dataset else DATASET)
    label = [(name.text, name.lang or "")] if name is not None else None
    citation = citer.cite(target, lang, label=label)
    stem = page.removesuffix(".html")
    files = {f"{stem}.{EXTENSIONS[fmt]}": render(citation, fmt) for fmt, _ in DOWNLOADS}
    block = CiteBlock(
        heading=t("cite.heading", lang),
        text=render(citation, "text").split("\n", 1)[0],
        lang=lang,
        iri_label=t("cite.stable_iri", lang),
        iri=target,
        download=t("cite.download", lang),
        links=list(
            zip(
                (title for _, title in DOWNLOADS),
                relative_endings(page, stem + ".", (EXTENSIONS[fmt] for fmt, _ in DOWNLOADS)),
                strict=True,
            )
        ),
    )
    return block, files
