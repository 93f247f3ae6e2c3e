"""One citation written four ways: text for people (in their language), BibTeX, CSL-JSON and
RIS for reference managers.

Pure functions of a :class:`~kgtool.citation.records.Citation`: the same citation gives the
same bytes (no date is read from the clock; an access date appears only when the user gives
one), so the site's files and the command's output are deterministic.

What each format carries: the resource's name, the study's title, creator and year as the
container with the section(s) the resource is stated in (the study's creator is the container's
author, never the author of a provision the study cites), the stable IRI, the dataset's title,
version and licence. A resource the study does not state (a later act, a fact read off a web
page, an ontology term) has the dataset as its container and the addresses it names as its
source. The study itself is cited in its own language (Kyrgyz) by its original title, a
translation following. A field the study does not give (date of publication, publisher, pages)
is left out, never filled in.

An act, or a provision of one, is cited with its act's law (:class:`~kgtool.citation.records.Law`):
the edition the study read, whether the act is in force today, since or by when it is not, and
what replaced it, in the words of the act pages' in-force banner (``ls.banner_*``), "unknown"
where the data declares a fact unknown; "today" is said as of the date the data states it
(kgo:legalStatusAsOf: "In force as of 2025"), since a citation is read years after it is copied. Text says it in the paragraph; BibTeX, CSL-JSON and RIS
give the edition as the item's version (``version``, ``version``, ``ET``: the edition of the law,
not the dataset's, whose version stays in the note) and all of it in the note (``note``, ``N1``).
"""

from __future__ import annotations

import json
import re

from kgtool.citation import FORMATS
from kgtool.citation.records import Citation, Record, pick
from kgtool.i18n.catalogue import as_of_phrase, sentence
from kgtool.i18n.messages import t
from kgtool.vocab import FALLBACK_LANGUAGE

# what each format is saved as next to a page, and served as
EXTENSIONS = {"bibtex": "bib", "csl-json": "csl.json", "ris": "ris"}
MEDIA_TYPES = {
    "bib": "application/x-bibtex",
    "csl.json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems",
}


def render(citation: Citation, fmt: str) -> str:
    """The citation in one of :data:`FORMATS`."""
    assert fmt in FORMATS, fmt
    return {"text": text, "bibtex": bibtex, "csl-json": csl_json, "ris": ris}[fmt](citation)


# --- the parts every format shares ------------------------------------------------------------


def _where(c: Citation) -> str:
    """ "section 6.1.1" / "sections 6.1.1, 6.1.3" in the citation's language, or ""."""
    numbers = list(dict.fromkeys(s.number for s in c.sections))
    if not numbers:
        return ""
    return t("cite.section" if len(numbers) == 1 else "cite.sections", c.lang, n=", ".join(numbers))


def _section_numbers(c: Citation) -> str:
    return ", ".join(dict.fromkeys(s.number for s in c.sections))


def _creators(rec: Record | None, lang: str) -> list[str]:
    return rec.creator_names(lang) if rec else []


def _language(c: Citation) -> str:
    """The language of what the citation names: the study's own (its record's dcterms:language)
    for the study, else the primary subtag of the name chosen."""
    if c.kind == "study" and c.study is not None and c.study.languages:
        return c.study.languages[0]
    return (c.label_lang or c.lang).split("-", 1)[0]


def _study_titles(c: Citation) -> tuple[str, str | None]:
    """The study's original title (in its own language) and, when the reader's differs, the
    translation into the reader's language (None when there is none)."""
    assert c.study is not None
    own = c.study.languages[0] if c.study.languages else FALLBACK_LANGUAGE
    original = pick(c.study.titles, own)[0] if c.study.titles else c.label
    translated = c.study.title(c.lang)[0]
    return original, (translated if translated and translated != original else None)


def _sources(c: Citation) -> str:
    """ "Source: ADDRESS, ADDRESS" in the citation's language, or ""."""
    return t("cite.sources", c.lang, urls=", ".join(c.sources)) if c.sources else ""


def _law(c: Citation) -> list[str]:
    """The sentences on the act's law, in the citation's language: the edition the study read,
    the act's state today in the act pages' words, what replaced it; none where the data says
    nothing (a process, a section, the study)."""
    law = c.law
    if law is None:
        return []
    lang = c.lang
    unknown, when = t("ls.unknown", lang), as_of_phrase(law.as_of, lang)  # "today" as of the data's date
    parts = []
    if law.edition and law.edition_named:  # "<act>: the edition the study read (2016)": said once
        parts.append(law.edition.rstrip("."))
    elif law.edition or law.edition_unknown:
        parts.append(t("cite.edition", lang, edition=(law.edition or unknown).rstrip(".")))
    if law.in_force == "in-force":
        parts.append(sentence(t("ls.banner_in_force", lang, when=when)))
    elif law.in_force == "not-in-force" and law.since:
        parts.append(t("ls.banner_gone_since", lang, date=law.since))
    elif law.in_force == "not-in-force" and law.by:
        parts.append(t("ls.banner_gone_by", lang, date=law.by, unknown=unknown))
    elif law.in_force == "not-in-force":
        parts.append(sentence(t("ls.banner_gone", lang, when=when)))
    elif law.in_force == "unknown":
        parts.append(sentence(t("ls.banner_unknown", lang, when=when, unknown=unknown)))
    if law.successor:
        parts.append(t("ls.banner_replaced_by", lang) + ": " + law.successor)
    return parts


def _version(c: Citation) -> str | None:
    """The version of what is cited: an act's or a provision's edition read; else (but for the
    study, which has none) the dataset's."""
    if c.law is not None and c.law.edition:
        return c.law.edition
    if c.dataset is not None and c.dataset.version and c.kind != "study":
        return c.dataset.version
    return None


def _dataset_part(c: Citation) -> str:
    d = c.dataset
    if d is None:
        return ""
    parts = [d.title(c.lang)[0]]
    if d.version:
        parts.append(t("cite.version", c.lang, version=d.version))
    if d.licence_name():
        parts.append(str(d.licence_name()))
    return ", ".join(parts)


def _author_of(c: Citation) -> list[str]:
    """Who a reference manager should list as author: the dataset's makers for the dataset, the
    study's authoring organisation for the study and for what the study itself states (a process,
    a section, a recommendation: its own words), and nobody for what it only cites or does not
    state at all: the Institute did not write article 52 of the Constitution, it wrote the study
    the article is cited in (the container, whose author each format names where it can)."""
    if c.kind == "dataset":
        return _creators(c.dataset, c.lang)
    if c.kind == "study" or any(s.how in ("stated", "self") for s in c.sections):
        return _creators(c.study, c.lang)
    return []


# --- text ----------------------------------------------------------------------------------


def text(c: Citation) -> str:
    """One paragraph in the reader's language, then the stable IRI on its own line."""
    year = (c.study.year if c.study else None) or t("cite.no_year", c.lang)
    if c.kind == "dataset" and c.dataset is not None:
        d = c.dataset
        body = ". ".join(p for p in (", ".join(_creators(d, c.lang)), _dataset_part(c)) if p)
    elif c.kind == "study" and c.study is not None:
        s = c.study
        original, translated = _study_titles(c)
        title = f"{original} ({translated})" if translated else original
        body = f"{', '.join(_creators(s, c.lang))}. {title}, {year}"
        missing = s.missing(c.lang)
        if missing:
            body += ". " + t("cite.not_given", c.lang, fields=", ".join(missing))
    else:
        body = c.label
        if c.study is not None:
            study = ", ".join(p for p in (c.study.title(c.lang)[0], year, _where(c)) if p)
            body += ". " + t("cite.in", c.lang, creator=", ".join(_creators(c.study, c.lang)), study=study)
        elif c.sections:  # a graph without the study's record: still say where it is stated
            body += ", " + _where(c)
        if c.sources:
            body += ". " + _sources(c)
        law = _law(c)
        if law:
            body += ". " + ". ".join(law)
        dataset = _dataset_part(c)
        if dataset and c.study is None and not c.sections:  # not the study's: part of the dataset
            body += ". " + t("cite.in_dataset", c.lang, dataset=dataset)
        elif dataset:
            body += ". " + dataset
    body = body.rstrip(".") + "."
    if c.accessed:
        body += " " + t("cite.accessed", c.lang, date=c.accessed)
    return f"{body}\n{c.iri}\n"


# --- BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


# the same replacements as one table for str.translate (a site writes a BibTeX file per page: a
# Python step per character was a tenth of its citations' time)
_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


# any character of the table: most names hold none, and a search in C costs less than a translate,
# which looks every character up in the table's dict
_BIBTEX_ANY = re.compile("[" + re.escape("".join(_BIBTEX_SPECIAL)) + "]")


def _tex(value: str) -> str:
    return value.translate(_BIBTEX_TABLE) if _BIBTEX_ANY.search(value) else value


def bibtex(c: Citation) -> str:
    """One entry: @techreport for the study, @misc for the dataset and for a resource. Names of
    organisations are braced whole, so BibTeX does not split them into first and last names."""
    fields: list[tuple[str, str]] = []
    authors = _author_of(c)
    if authors:
        fields.append(("author", " and ".join("{" + _tex(a) + "}" for a in authors)))
    entry = "misc"
    if c.kind == "study" and c.study is not None:
        entry = "techreport"
        original, translated = _study_titles(c)
        fields.append(("title", "{" + _tex(original) + "}"))
        if translated:  # biblatex prints it after the title; BibTeX ignores it
            fields.append(("titleaddon", "{(" + _tex(translated) + ")}"))
        fields.append(("institution", " and ".join(_tex(a) for a in authors) or "{}"))
    else:
        fields.append(("title", "{" + _tex(c.label) + "}"))
    if c.kind == "resource" and c.study is not None:
        # the study is the container, its creator the container's author (not the resource's)
        container = c.study.title(c.lang)[0] + (", " + _where(c) if c.sections else "")
        creators = ", ".join(_creators(c.study, c.lang))
        said = (
            t("cite.in", c.lang, creator=creators, study=container)
            if creators
            else t("cite.in_short", c.lang, study=container)
        )
        fields.append(("howpublished", _tex(said)))
    elif c.kind == "resource" and c.sections:
        fields.append(("howpublished", _tex(_where(c))))
    elif c.kind == "resource" and c.dataset is not None:
        fields.append(("howpublished", _tex(t("cite.in_dataset", c.lang, dataset=_dataset_part(c)))))
    year = c.study.year if c.study and c.kind != "dataset" else None
    if year:
        fields.append(("year", year))
    version = _version(c)
    if version and (c.kind == "dataset" or c.law is not None):
        fields.append(("version", _tex(version)))
    fields.append(("url", c.iri))
    if c.accessed:
        fields.append(("urldate", c.accessed))
    fields.append(("language", _language(c)))
    note = _note(c)
    if note:
        fields.append(("note", _tex(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{c.key},\n{body}\n}}\n"


def _note(c: Citation) -> str:
    """What a reference manager keeps as a note: for the study, the fields it does not give (so
    nobody fills them in by guess); for a resource, the dataset, version and licence it is cited
    from; for the dataset, its licence."""
    if c.kind == "study" and c.study is not None:
        missing = c.study.missing(c.lang)
        return t("cite.not_given", c.lang, fields=", ".join(missing)) if missing else ""
    if c.kind == "resource":
        in_dataset = c.study is None and not c.sections  # the dataset is then its container
        return ". ".join(p for p in (*_law(c), _sources(c), "" if in_dataset else _dataset_part(c)) if p)
    licence = c.dataset.licence_name() if c.dataset is not None else None
    return licence or ""


# --- CSL-JSON ------------------------------------------------------------------------------

CSL_TYPES = {"study": "report", "dataset": "dataset", "resource": "entry"}


def _date(value: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in value.split("-")]]}


def csl_item(c: Citation) -> dict[str, object]:
    """One CSL item as citation managers (Zotero, citeproc-js, citeproc-py) read it: authors as
    literal names (organisations), dates as date-parts."""
    title = _study_titles(c)[0] if c.kind == "study" and c.study is not None else c.label
    item: dict[str, object] = {"id": c.key, "type": CSL_TYPES[c.kind], "title": title}
    authors = _author_of(c)
    if authors:
        item["author"] = [{"literal": a} for a in authors]
    year = c.study.year if c.study and c.kind != "dataset" else None
    if year:
        item["issued"] = _date(year)
    if c.kind == "resource" and c.study is not None:
        item["container-title"] = c.study.title(c.lang)[0]
        container_authors = _creators(c.study, c.lang)
        if container_authors:
            item["container-author"] = [{"literal": a} for a in container_authors]
    elif c.kind == "resource" and c.dataset is not None and not c.sections:
        item["container-title"] = c.dataset.title(c.lang)[0]
    if c.kind == "resource" and c.sections:
        item["section"] = _section_numbers(c)
    version = _version(c)
    if version:
        item["version"] = version
    item["URL"] = c.iri
    item["language"] = _language(c)
    if c.accessed:
        item["accessed"] = _date(c.accessed)
    note = _note(c)
    if note:
        item["note"] = note
    return item


def csl_json(c: Citation) -> str:
    return indented_json([csl_item(c)]) + "\n"


def indented_json(value: object, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, for the dicts (with string
    keys), lists, strings, numbers, booleans and nulls a CSL item holds. ``json.dumps`` with an indent
    runs its pure-Python encoder; a site writes a CSL file per page, so here each string and number is
    written by the C encoder and only the layout is Python."""
    if type(value) is str:  # most of a CSL item's values: no container tests
        return _ENCODE(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        step = "\n" + "  " * (level + 1)
        items = (_ENCODE(k) + ": " + indented_json(v, level + 1) for k, v in value.items())
        return "{" + step + ("," + step).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        step = "\n" + "  " * (level + 1)
        return "[" + step + ("," + step).join(indented_json(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    return _ENCODE(value)


# json.dumps(value, ensure_ascii=False)'s encoder, made once (dumps makes one per call when an option
# is not its default: a site writes a CSL file per page)
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


# --- RIS -----------------------------------------------------------------------------------

RIS_TYPES = {"study": "RPRT", "dataset": "DATA", "resource": "GEN"}


def ris(c: Citation) -> str:
    """TY first and ER last, as RIS requires; one tag per line, "XX  - value"."""
    lines = [("TY", RIS_TYPES[c.kind])]
    lines += [("AU", a) for a in _author_of(c)]
    if c.kind == "study" and c.study is not None:
        original, translated = _study_titles(c)
        lines.append(("TI", original))
        if translated:
            lines.append(("TT", translated))  # RIS's translated title
    else:
        lines.append(("TI", c.label))
    if c.kind == "resource" and c.study is not None:
        lines.append(("T2", c.study.title(c.lang)[0]))
    elif c.kind == "resource" and c.dataset is not None and not c.sections:
        lines.append(("T2", c.dataset.title(c.lang)[0]))
    if c.kind == "resource" and c.sections:
        lines.append(("SE", _section_numbers(c)))
    year = c.study.year if c.study and c.kind != "dataset" else None
    if year:
        lines.append(("PY", year))
    version = _version(c)
    if version:
        lines.append(("ET", version))
    lines.append(("UR", c.iri))
    lines.append(("LA", _language(c)))
    if c.accessed:
        lines.append(("Y2", c.accessed.replace("-", "/")))
    note = _note(c)
    if note:
        lines.append(("N1", note))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)
