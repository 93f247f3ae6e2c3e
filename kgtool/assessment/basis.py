"""Legal look-ups a researcher asks for: what an article of an act underpins, restricts
or blocks (including when it sits inside a cited range of articles), what any provision
or a whole act underpins, which acts and articles the study cites most, what the legal
basis of a process is (with the cross-references its text makes to norms cited under
other processes), and the observers' mandates: who watches which process, under which
norms. Every provision carries the project's editorial note where it has one (a number
that looks like a misprint), so that the note reaches the reader wherever the provision
appears."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgtool.assessment.references import Reference, level_not_read, parse_reference
from kgtool.errors import UsageError
from kgtool.i18n.catalogue import t
from kgtool.iri import local_name
from kgtool.sparql.backends import Backend, ResultTable
from kgtool.sparql.named import named
from kgtool.vocab import KGO

TARGET_KIND = {
    KGO + "AccountabilityProcess": "process",
    KGO + "OversightBody": "observer",
    KGO + "MassMedia": "observer",
    KGO + "Recommendation": "recommendation",
}


@dataclass(frozen=True)
class ArticleUse:
    target: str
    target_label: str
    kind: str
    role: str
    role_label: str
    provision: str
    provision_label: str
    section: str
    lines: str
    note: str = ""
    cited_range: str = ""  # the cited range of articles an article was found in, if any
    editorial_note: str = ""
    scope: str = ""  # for a provision other than an article: "asked", "inside" or "enclosing"


@dataclass(frozen=True)
class Provision:
    """A provision of an act as a user names it (`--provision 7.5`, `--article 70 --part 3`,
    `--provision "70(3)"`): its IRI, its class and, for an article, its number (an article is
    looked up with the ranges around it); for a part or clause, the numbers of its article,
    part and clause, which say in the reader's words which provision was asked about."""

    act: str
    iri: str
    kind: str
    article: int | None
    part: int | None = None
    clause: int | None = None

    @property
    def subdivision(self) -> bool:
        """A part or a clause: a citation of its whole article is not a citation of it."""
        return self.kind in (KGO + "ArticlePart", KGO + "Clause")


@dataclass(frozen=True)
class BasisItem:
    role: str
    role_label: str
    norm: str
    norm_label: str
    act: str
    act_label: str
    note: str
    section: str
    lines: str
    editorial_note: str = ""


@dataclass(frozen=True)
class CrossReference:
    """A pointer from a process to a citation made under another process: the study's text
    for the process refers back to that norm (or the cited text names the process). Not a
    citation: it is shown beside the legal basis, never counted in it."""

    cross_reference: str
    citation: str
    cited_for: str
    cited_for_label: str
    role: str
    role_label: str
    norm: str
    norm_label: str
    act: str
    note: str
    section: str
    lines: str
    editorial_note: str = ""


@dataclass(frozen=True)
class ObserverMandate:
    """One process an observer watches or enforces, with one norm the study names as the
    source of the observer's powers (norm, role and section empty when it names none)."""

    observer: str
    observer_label: str
    mode: str
    mode_label: str
    process: str
    process_label: str
    agent: str
    agent_label: str
    role: str
    role_label: str
    norm: str
    norm_label: str
    act: str
    section: str
    lines: str
    editorial_note: str = ""


def article_uses(backend: Backend, act: str, article: int, lang: str = "en") -> list[ArticleUse]:
    """What article ``article`` of ``act`` underpins: citations of the article, of its parts
    and clauses, and of the cited ranges of articles that contain it."""
    table = backend.select(named("article-underpins").bind({"act": act, "article": str(article), "lang": lang}))
    return _uses(backend, table, lang)


def provision_uses(backend: Backend, provision: Provision, lang: str = "en") -> list[ArticleUse]:
    """What one provision underpins. An article answers as ``article_uses`` does (so that
    article 86 finds "articles 85-88"); any other provision — a paragraph, a part, a clause,
    a range — answers with the citations of itself and of the provisions inside it."""
    if provision.article is not None and provision.kind == KGO + "Article":
        return article_uses(backend, provision.act, provision.article, lang)
    table = backend.select(named("provision-underpins").bind({"provisionAsked": provision.iri, "lang": lang}))
    return _uses(backend, table, lang)


def act_uses(backend: Backend, act: str, lang: str = "en") -> list[ArticleUse]:
    """Everything ``act`` underpins: the citations of the act as a whole and of any of its provisions."""
    table = backend.select(named("act-underpins").bind({"act": act, "lang": lang}))
    return _uses(backend, table, lang)


def resolve_provision(
    backend: Backend, act: str, number: str, lang: str = "en", any_act: bool = False, act_name: str = ""
) -> Provision:
    """The provision of ``act`` that ``number`` names: its number as the study prints it ("7.5",
    "15", "85-88"), a part or clause written as the law writes it ("70(3)", "ст. 70 ч. 3",
    "70-берене 3-бөлүк": kgtool.assessment.references), or its IRI (of any act when
    ``any_act``: the provision then says its act). A whole number with no declared article
    still names that article (a look-up then finds any cited range that contains it); anything
    else that matches no provision is an error listing the act's provisions. ``act_name``: the act
    as errors name it (its name in ``lang``; default its short id)."""
    wanted = number.strip()
    table = backend.select(named("act-provisions").bind({"act": None if any_act and "://" in wanted else act}))
    rows = table.plain_rows()
    by_iri = {v["provision"]: v for v in rows}
    if wanted in by_iri and (any_act or by_iri[wanted]["act"] == act):
        return _provision_of(by_iri, wanted)
    found: dict[str, Provision] = {}
    numbers: list[str] = []
    for v in rows:
        if "within" in v or v["act"] != act:
            continue  # parts and clauses repeat numbers; they are reached through their article
        numbers.append(v.get("number", ""))
        found.setdefault(v.get("number", ""), _provision_of(by_iri, v["provision"]))
    if wanted in found:
        return found[wanted]
    unread = level_not_read(wanted)
    if unread is not None:  # «пунктча», «пп.»: answering for the clause above it misread the question
        how, word = unread
        raise UsageError(
            "name#unsupported-level" if how == "below" else "name#ambiguous-level",
            t(f"name.level_{how}", lang, text=number, word=word),
            hint=t(f"name.level_{how}_hint", lang),
        )
    reference = parse_reference(wanted)
    if reference is not None:
        return _subdivision([v for v in rows if v["act"] == act], act, reference, lang, act_name)
    if wanted.isdigit() and int(wanted) > 0:
        return Provision(act, "", KGO + "Article", int(wanted))
    hint = (
        t("name.unknown_provision_hint", lang, listing=", ".join(sorted(set(numbers), key=_number_key)))
        if numbers
        else t("name.unknown_provision_whole_act", lang)
    )
    dotted = _DOTTED.fullmatch(wanted)
    if dotted:  # "70.3": the study's way of numbering a paragraph or a section, not part 3 of article 70
        article, part = dotted.groups()
        hint = t("name.unknown_provision_dotted_hint", lang, number=wanted, article=article, part=part) + "; " + hint
    raise UsageError(
        "name#unknown-provision",
        t("name.unknown_provision", lang, number=number, act=act_name or local_name(act, ignore_trailing_slash=True)),
        hint=hint,
    )


_DOTTED = re.compile(r"(\d+)\.(\d+)")


def resolve_subdivision(
    backend: Backend, act: str, reference: Reference, lang: str = "en", act_name: str = ""
) -> Provision:
    """The article, part or clause of ``act`` that ``reference`` numbers (`--article 70 --part
    3`), or an error naming what was asked and the parts and clauses the data holds of that
    article."""
    table = backend.select(named("act-provisions").bind({"act": act}))
    return _subdivision(table.plain_rows(), act, reference, lang, act_name)


def reference_text(article: int | None, part: int | None, clause: int | None, lang: str = "en") -> str:
    """ "article 70, part 3" / "статья 70, часть 3" / "70-берене, 3-бөлүк": a provision in the
    reader's words (the article left out when ``article`` is None)."""
    words = []
    if article is not None:
        words.append(t("basis.ref_article", lang, article=article))
    if part is not None:
        words.append(t("basis.ref_part", lang, part=part))
    if clause is not None:
        words.append(t("basis.ref_clause", lang, clause=clause))
    return ", ".join(words)


_STEPS = (("part", KGO + "ArticlePart"), ("clause", KGO + "Clause"))


def _subdivision(
    rows: list[dict[str, str]], act: str, reference: Reference, lang: str, act_name: str = ""
) -> Provision:
    """Down from the article, one level per number given: its part, then the clause (of the
    part, or of the article itself when no part is named)."""
    by_iri = {v["provision"]: v for v in rows}
    article = next(
        (v["provision"] for v in rows if v["kind"] == KGO + "Article" and v.get("first") == str(reference.article)),
        "",
    )
    node = article
    for level, kind in _STEPS:
        number = getattr(reference, level)
        if number is None:
            continue
        node = next(
            (
                v["provision"]
                for v in rows
                if node and v.get("within") == node and v["kind"] == kind and v.get("number") == str(number)
            ),
            "",
        )
        if not node:
            raise _no_subdivision(by_iri, article, act, reference, lang, act_name)
    if node == article:
        return Provision(act, article, KGO + "Article", reference.article)
    return Provision(act, node, by_iri[node]["kind"], reference.article, reference.part, reference.clause)


def _no_subdivision(
    by_iri: dict[str, dict[str, str]], article: str, act: str, reference: Reference, lang: str, act_name: str = ""
) -> UsageError:
    """`name#unknown-subdivision`: what was asked, and what the data holds of that article; the
    act by its name, and a hint that names it where it is not the default (the hint said
    "--article 70" of jk-rules-law, which asked the Constitution), or, for an instrument numbered
    by paragraphs (7.5), its paragraphs rather than an article it does not have."""
    held = []
    for iri in by_iri:
        if iri != article and article and _article_of(by_iri, iri) == article:
            _, part, clause = _numbers(by_iri, iri)
            held.append((part or 0, clause or 0, reference_text(None, part, clause, lang)))
    asked = reference_text(reference.article, reference.part, reference.clause, lang)
    short_id = local_name(act, ignore_trailing_slash=True)
    name = act_name or short_id
    act_option = "" if short_id == DEFAULT_ACT else f"--act {short_id} "
    paragraphs = sorted(
        (v["number"] for v in by_iri.values() if v["kind"] == KGO + "Paragraph" and v.get("number")), key=_number_key
    )
    if held:
        hint = t(
            "name.unknown_subdivision_hint",
            lang,
            article=reference.article,
            listing="; ".join(h[2] for h in sorted(held)),
        )
    elif paragraphs and not any(v["kind"] == KGO + "Article" for v in by_iri.values()):
        ask = f"{act_option}--provision {paragraphs[0]}"
        hint = t("name.unknown_subdivision_paragraphs", lang, listing=", ".join(paragraphs), ask=ask)
    else:
        ask = f"{act_option}--article {reference.article}"
        hint = t("name.unknown_subdivision_none", lang, article=reference.article, ask=ask)
    return UsageError("name#unknown-subdivision", t("name.unknown_subdivision", lang, asked=asked, act=name), hint=hint)


DEFAULT_ACT = "constitution"  # the act --article and --provision look in when --act is not given


def _article_of(by_iri: dict[str, dict[str, str]], iri: str) -> str:
    """The article a part or clause sits in (its chain of kgo:withinProvision), or ""."""
    seen = set()
    while iri in by_iri and iri not in seen:
        seen.add(iri)
        if by_iri[iri]["kind"] == KGO + "Article":
            return iri
        iri = by_iri[iri].get("within", "")
    return ""


def _numbers(by_iri: dict[str, dict[str, str]], iri: str) -> tuple[int | None, int | None, int | None]:
    """The article, part and clause numbers of a provision, read up its chain of enclosing ones."""
    found: dict[str, int | None] = {"article": None, "part": None, "clause": None}
    seen = set()
    while iri in by_iri and iri not in seen:
        seen.add(iri)
        v = by_iri[iri]
        number = v.get("first") if v["kind"] == KGO + "Article" else v.get("number")
        level = {KGO + "Article": "article", KGO + "ArticlePart": "part", KGO + "Clause": "clause"}.get(v["kind"])
        if level and number and number.isdigit():
            found[level] = int(number)
        iri = v.get("within", "")
    return found["article"], found["part"], found["clause"]


def _provision_of(by_iri: dict[str, dict[str, str]], iri: str) -> Provision:
    v = by_iri[iri]
    if "within" in v:
        article, part, clause = _numbers(by_iri, iri)
        return Provision(v["act"], iri, v["kind"], article, part, clause)
    first = v.get("first")
    return Provision(v["act"], iri, v["kind"], int(first) if first and first.isdigit() else None)


def most_cited_acts(backend: Backend, lang: str = "en") -> ResultTable:
    """The acts ranked by how often the study cites them (queries/legal/most-cited-acts.rq)."""
    return backend.select(named("most-cited-acts").bind({"lang": lang}))


def most_cited_articles(backend: Backend, act: str | None = None, lang: str = "en") -> ResultTable:
    """The articles ranked by how often the study cites them, counting cited parts and ranges."""
    return backend.select(named("most-cited-articles").bind({"lang": lang, "act": act}))  # None: every act


def _uses(backend: Backend, table: ResultTable, lang: str) -> list[ArticleUse]:
    roles = _labels(backend, KGO + "CitationRole", lang)
    notes = editorial_notes(backend, lang)
    out = []
    for v in table.plain_rows():
        out.append(
            ArticleUse(
                v["target"],
                v.get("targetLabel", ""),
                TARGET_KIND.get(v["targetType"], "other"),
                v["role"],
                roles.get(v["role"], v["role"]),
                v["provision"],
                v.get("provisionLabel", ""),
                v["section"],
                v.get("lines", ""),
                v.get("note", ""),
                v.get("citedRange", ""),
                notes.get(v["provision"], ""),
                v.get("scope", ""),
            )
        )
    return out


def _number_key(number: str) -> tuple[int, str]:
    head = number.split("-")[0].split(".")[0]
    return (int(head) if head.isdigit() else 10**6, number)


def process_basis(backend: Backend, process: str, lang: str = "en") -> list[BasisItem]:
    table = backend.select(named("process-basis").bind({"process": process, "lang": lang}))
    roles = _labels(backend, KGO + "CitationRole", lang)
    notes = editorial_notes(backend, lang)
    out = []
    for v in table.plain_rows():
        out.append(
            BasisItem(
                v["role"],
                roles.get(v["role"], v["role"]),
                v["norm"],
                v.get("normLabel", ""),
                v["act"],
                v.get("actLabel", ""),
                v.get("note", ""),
                v["section"],
                v.get("lines", ""),
                notes.get(v["norm"], ""),
            )
        )
    return out


def process_cross_references(backend: Backend, process: str, lang: str = "en") -> list[CrossReference]:
    """The norms cited under other processes that the text for ``process`` refers back to."""
    table = backend.select(named("process-cross-references").bind({"process": process, "lang": lang}))
    roles = _labels(backend, KGO + "CitationRole", lang)
    notes = editorial_notes(backend, lang)
    out = []
    for v in table.plain_rows():
        out.append(
            CrossReference(
                v["crossReference"],
                v["citation"],
                v["citedFor"],
                v.get("citedForLabel", ""),
                v["role"],
                roles.get(v["role"], v["role"]),
                v["norm"],
                v.get("normLabel", ""),
                v["act"],
                v.get("note", ""),
                v["section"],
                v.get("lines", ""),
                notes.get(v["norm"], ""),
            )
        )
    return out


def observer_mandates(backend: Backend, agent: str | None = None, lang: str = "en") -> list[ObserverMandate]:
    """Who watches which process (of the pair whose agent is ``agent``, or of every pair),
    and under which norms: "who watches the executive, under which norms?" in one call."""
    table = backend.select(named("observer-mandates").bind({"agent": agent, "lang": lang}))
    roles = _labels(backend, KGO + "CitationRole", lang)
    modes = _labels(backend, KGO + "OversightMode", lang)
    notes = editorial_notes(backend, lang)
    out = []
    for v in table.plain_rows():
        role, norm = v.get("role", ""), v.get("norm", "")
        out.append(
            ObserverMandate(
                v["observer"],
                v.get("observerLabel", ""),
                v["mode"],
                modes.get(v["mode"], v["mode"]),
                v["process"],
                v.get("processLabel", ""),
                v["agent"],
                v.get("agentLabel", ""),
                role,
                roles.get(role, role),
                norm,
                v.get("normLabel", ""),
                v.get("act", ""),
                v.get("section", ""),
                v.get("lines", ""),
                notes.get(norm, ""),
            )
        )
    return out


def process_name(backend: Backend, process: str, lang: str = "en") -> str:
    """A process's name in ``lang`` (else its IRI's local name): the summary line under its basis
    said "0 ссылок для jk-deputy-recall", an id where the reader expects the name."""
    return _labels(backend, KGO + "AccountabilityProcess", lang).get(process) or local_name(
        process, ignore_trailing_slash=True
    )


def editorial_notes(backend: Backend, lang: str = "en") -> dict[str, str]:
    """Each annotated resource's editorial note in ``lang`` (else the Kyrgyz)."""
    table = backend.select(named("editorial-notes").bind({"lang": lang}))
    return {row["resource"]["value"]: row["note"]["value"] for row in table.rows if "note" in row}


def _labels(backend: Backend, class_iri: str, lang: str) -> dict[str, str]:
    table = backend.select(named("labels-of-class").bind({"class": class_iri, "lang": lang}))
    return {row["entity"]["value"]: row["label"]["value"] for row in table.rows}
