"""A deterministic corpus of synthetic assessments for benchmarks and scale tests.

    python bench/generate.py --size 10k|100k|1M|5M [--seed N] [--inject-violations N] --out DIR

writes

    DIR/corpus.trig    one named graph per assessment (named by the assessment's IRI), and one per
                       country for what its assessments share (named by the country's IRI)
    DIR/corpus.nq      the same quads as N-Quads
    DIR/merged.nt      the union of all graphs, each distinct triple once (what a store holds)
    DIR/manifest.json  sizes, the assessments, and every finding validation must give

Every assessment follows docs/data-authoring.md: a country (synthetic codes "x001",
"x002"… so nothing collides with the real data), its actors, observers, legal acts and
their provisions, the assessment of one year with its source document and sections,
3-6 principal-agent pairs with 2-8 processes each, four cells per process, the
appendix's restatements, citations of provisions or whole acts, oversight relations,
recommendations, the support table, and the figures the "study" states. A country's
actors, observers, acts and provisions are shared by all its assessments: they are
stated once, in the country's graph, and each assessment's graph says in which of its
sections it names them. No statement is in two graphs, so the union of the graphs is
the merged file statement for statement (Oxigraph's union default graph keeps
duplicates). A country's graph and its assessments' graphs form one validation unit.
The ontology is not included: kgtool loads it separately.

The data conforms to the shapes except for findings that real data gives too and that
the manifest lists: Info findings for appendix rows that disagree with the section
table (RestatementAgreementShape) and for processes for which no norm is cited
(ProcessLegalBasisShape). ``--inject-violations N`` adds N defects of the kinds in
KINDS, spread over the assessments, each on its own process or pair so that no two
interact; the manifest lists the findings each must give (severity, focus node, shape).

The same seed gives byte-identical files; assessment i depends only on the seed and i,
so a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ID = "https://w3id.org/kgtool/id/"
KGO = "https://w3id.org/kgtool/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "5M": 5_000_000}
FIRST_YEAR, LAST_YEAR = 2010, 2025

DIMENSIONS = (
    ("rules", "RulesAndStandards"),
    ("demand", "CitizenDemand"),
    ("motivation", "Responsiveness"),
    ("enforcement", "Enforceability"),
)
SCORED = ("rules", "motivation", "enforcement")
VERDICTS = ("Works", "NotFullyWorking", "DoesNotWork", "NotInPlace")
KINDS_OF_ACCOUNTABILITY = (
    "PoliticalAccountability",
    "SocialAccountability",
    "AdministrativeAccountability",
    "VerticalAccountability",
    "HorizontalAccountability",
    "DemocraticAccountability",
)

# actor slug, class, Kyrgyz, Russian, English
ACTORS = (
    ("citizens", "Citizenry", "Жарандар", "Граждане", "Citizens"),
    ("parliament", "Parliament", "Парламент", "Парламент", "Parliament"),
    ("political-parties", "PoliticalParty", "Саясий партиялар", "Политические партии", "Political parties"),
    ("executive-bodies", "ExecutiveBody", "Аткаруу органдары", "Органы исполнительной власти", "Executive bodies"),
    ("lsg-bodies", "LocalSelfGovernmentBody", "ЖӨБ органдары", "Органы МСУ", "Local self-government bodies"),
    ("deputies", "Deputies", "Депутаттар", "Депутаты", "Deputies"),
    ("factions", "ParliamentaryFaction", "Фракциялар", "Фракции", "Factions"),
    ("committees", "ParliamentaryCommittee", "Комитеттер", "Комитеты", "Committees"),
)
PARTS_OF = {"deputies": "parliament", "factions": "parliament", "committees": "parliament"}
# principal, agent
PAIRS = (
    ("citizens", "parliament"),
    ("citizens", "executive-bodies"),
    ("citizens", "political-parties"),
    ("parliament", "executive-bodies"),
    ("political-parties", "parliament"),
    ("citizens", "lsg-bodies"),
    ("parliament", "lsg-bodies"),
)
OBSERVERS = (
    ("prosecutor", "OversightBody", "Прокуратура", "Прокуратура", "Prosecutor's Office"),
    ("accounts-chamber", "OversightBody", "Эсептөө палатасы", "Счётная палата", "Accounts Chamber"),
    ("ombudsman", "OversightBody", "Акыйкатчы", "Омбудсмен", "Ombudsman"),
    ("mass-media", "MassMedia", "Жалпыга маалымдоо каражаттары", "СМИ", "Mass media"),
)
# act slug, class, Kyrgyz, Russian, English
ACTS = (
    ("constitution", "Constitution", "Конституция", "Конституция", "Constitution"),
    ("elections-law", "ConstitutionalLaw", "Шайлоо жөнүндө мыйзам", "Закон о выборах", "Law on elections"),
    ("government-law", "ConstitutionalLaw", "Өкмөт жөнүндө мыйзам", "Закон о Правительстве", "Law on the Government"),
    ("parliament-rules-law", "Law", "Регламент жөнүндө мыйзам", "Закон о Регламенте", "Law on the Rules of Procedure"),
    ("parties-law", "Law", "Партиялар жөнүндө мыйзам", "Закон о партиях", "Law on political parties"),
    ("lsg-law", "Law", "ЖӨБ жөнүндө мыйзам", "Закон о МСУ", "Law on local self-government"),
    (
        "information-law",
        "Law",
        "Маалымат жөнүндө мыйзам",
        "Закон о доступе к информации",
        "Law on access to information",
    ),
    ("budget-code", "Code", "Бюджеттик кодекс", "Бюджетный кодекс", "Budget Code"),
    ("services-decree", "GovernmentDecree", "Өкмөттүн токтому", "Постановление Правительства", "Government Decree"),
)

WORDS = (
    "отчеттуулук",
    "бийлик",
    "жарандар",
    "мыйзам",
    "процесс",
    "шайлоо",
    "депутат",
    "кеңеш",
    "орган",
    "маалымат",
    "укук",
    "милдет",
    "көзөмөл",
    "бюджет",
    "кызмат",
    "талап",
    "жоопкерчилик",
    "ченем",
    "эреже",
    "стандарт",
    "өз",
    "алдынча",
    "башкаруу",
    "аткаруу",
    "партия",
    "мүчө",
    "уставы",
    "тартип",
    "коомдук",
    "мониторинг",
    "чыгаша",
    "кайрылуу",
    "жыйынтык",
    "маселе",
    "иш-аракет",
    "суроо-талап",
)


# --- terms ---------------------------------------------------------------------------------------------


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def kgo(name: str) -> str:
    return f"<{KGO}{name}>"


def text(value: str, lang: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return typed(value, "integer")


def boolean(value: bool) -> str:
    return typed("true" if value else "false", "boolean")


def string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


Triple = tuple[str, str, str]


# --- one assessment ------------------------------------------------------------------------------------


@dataclass
class Process:
    iri: str
    slug: str
    pair: int
    order: int
    excluded: bool
    verdict: str
    cells: dict[str, str]  # dimension key -> cell IRI
    values: dict[str, str]  # dimension key -> Present | Absent
    restated: dict[str, str]  # dimension key -> value the appendix gives
    citations: list[tuple[str, str, str]]  # (citation IRI, "provision" | "act", norm IRI)
    acts_cited_whole: set[str]
    section: str  # the section IRI its facts are stated in
    lines: tuple[int, int]


@dataclass
class Assessment:
    index: int
    country: str
    year: int
    iri: str
    triples: list[Triple] = field(default_factory=list)
    shared: list[Triple] = field(default_factory=list)  # the country's resources, identical in every year
    processes: list[Process] = field(default_factory=list)
    pairs: list[dict[str, object]] = field(default_factory=list)
    natural: list[dict[str, str]] = field(default_factory=list)  # findings the clean data gives

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((s, p, o))


def sentence(rng: random.Random, words: int = 10) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(1, 3)))


def labels(s: str, ky: str, ru: str | None, en: str | None) -> list[Triple]:
    out = [(s, LABEL, text(ky, "ky"))]
    if ru is not None:
        out.append((s, LABEL, text(ru, "ru-t-ky")))
    if en is not None:
        out.append((s, LABEL, text(en, "en-t-ky")))
    return out


def country_code(number: int) -> str:
    return f"x{number:03d}"


def schedule(seed: int) -> Iterator[tuple[str, int]]:
    """(country, year) of assessment 0, 1, 2…: each country is assessed in 1-12 consecutive years."""
    rng = random.Random(f"{seed}:schedule")
    number = 1
    while True:
        years = rng.randint(1, 12)
        start = rng.randint(FIRST_YEAR, LAST_YEAR - years + 1)
        for year in range(start, start + years):
            yield country_code(number), year
        number += 1


def provisions_of(act: str, rng: random.Random) -> list[dict[str, object]]:
    """The provisions of one act: articles, a range, parts and clauses."""
    out: list[dict[str, object]] = []
    articles = sorted(rng.sample(range(1, 120), rng.randint(5, 10)))
    for n in articles:
        out.append(
            {
                "kind": "Article",
                "path": f"art/{n}",
                "number": str(n),
                "first": n,
                "last": n,
                "ky": f"{n}-берене",
                "ru": f"статья {n}",
                "en": f"article {n}",
            }
        )
        if rng.random() < 0.4:
            p = rng.randint(1, 5)
            out.append(
                {
                    "kind": "ArticlePart",
                    "path": f"art/{n}/part/{p}",
                    "number": str(p),
                    "within": f"art/{n}",
                    "ky": f"{n}-берене, {p}-бөлүк",
                    "ru": f"статья {n}, часть {p}",
                    "en": f"article {n}, part {p}",
                }
            )
        if rng.random() < 0.25:
            c = rng.randint(1, 9)
            out.append(
                {
                    "kind": "Clause",
                    "path": f"art/{n}/clause/{c}",
                    "number": str(c),
                    "within": f"art/{n}",
                    "ky": f"{n}-берене, {c}-пункт",
                    "ru": f"статья {n}, пункт {c}",
                    "en": f"article {n}, clause {c}",
                }
            )
    a = rng.randint(120, 200)
    b = a + rng.randint(1, 3)
    out.append(
        {
            "kind": "ArticleRange",
            "path": f"art/{a}-{b}",
            "number": f"{a}-{b}",
            "first": a,
            "last": b,
            "ky": f"{a}-{b}-беренелер",
            "ru": f"статьи {a}-{b}",
            "en": f"articles {a}-{b}",
        }
    )
    # every article inside the range is declared and linked to it, as data/provisions.ttl does
    # (RangeArticlesShape); no random draw here, so the rest of the corpus is what it was
    for n in range(a, b + 1):
        out.append(
            {
                "kind": "Article",
                "path": f"art/{n}",
                "number": str(n),
                "first": n,
                "last": n,
                "withinRange": f"art/{a}-{b}",
                "ky": f"{n}-берене",
                "ru": f"статья {n}",
                "en": f"article {n}",
            }
        )
    return out


def country_block(cc: str, seed: int) -> tuple[list[Triple], dict[str, list[str]]]:
    """The country, its organisation, method, actors, observers, acts and provisions: the same in every year."""
    rng = random.Random(f"{seed}:country:{cc}")
    t: list[Triple] = []
    c = iri(cc)
    name = f"{cc.upper()} өлкөсү"
    t += [(c, RDF_TYPE, kgo("Country"))] + labels(c, name, f"Страна {cc.upper()}", f"Country {cc.upper()}")
    org, method = iri(f"{cc}/org/institute"), iri(f"{cc}/method/four-dimensions")
    t += [(org, RDF_TYPE, kgo("ResearchOrganisation"))] + labels(org, f"{name} институту", "Институт", "Institute")
    t += [(method, RDF_TYPE, kgo("AssessmentMethod"))] + labels(
        method, "отчеттуулуктун төрт өлчөмү", "четыре измерения подотчётности", "four dimensions of accountability"
    )
    t.append((method, kgo("developedBy"), org))
    for slug, cls, ky, ru, en in ACTORS:
        a = iri(f"{cc}/actor/{slug}")
        t += [(a, RDF_TYPE, kgo(cls))] + labels(a, ky, ru, en)
        if slug in PARTS_OF:
            t.append((a, kgo("partOfActor"), iri(f"{cc}/actor/{PARTS_OF[slug]}")))
    for slug, cls, ky, ru, en in OBSERVERS:
        o = iri(f"{cc}/observer/{slug}")
        t += [(o, RDF_TYPE, kgo(cls))] + labels(o, ky, ru, en)
    norms: dict[str, list[str]] = {}
    for slug, cls, ky, ru, en in ACTS:
        act = iri(f"{cc}/law/{slug}")
        t += [(act, RDF_TYPE, kgo(cls)), (act, kgo("shortId"), string(f"{cc}-{slug}")), (act, kgo("jurisdiction"), c)]
        t += labels(act, f"{cc.upper()} {ky}", f"{ru} {cc.upper()}", f"{en} of {cc.upper()}")
        norms[act] = []
        for p in provisions_of(slug, rng):
            prov = iri(f"{cc}/law/{slug}/{p['path']}")
            t += [
                (prov, RDF_TYPE, kgo(str(p["kind"]))),
                (prov, kgo("inAct"), act),
                (prov, kgo("provisionNumber"), string(str(p["number"]))),
            ]
            t += labels(prov, f"{ky}, {p['ky']}", f"{ru}, {p['ru']}", f"{en}, {p['en']}")
            if "first" in p:
                t += [
                    (prov, kgo("firstArticle"), integer(int(p["first"]))),  # type: ignore[call-overload]
                    (prov, kgo("lastArticle"), integer(int(p["last"]))),
                ]  # type: ignore[call-overload]
            if "within" in p:
                t.append((prov, kgo("withinProvision"), iri(f"{cc}/law/{slug}/{p['within']}")))
            if "withinRange" in p:
                t.append((prov, kgo("withinRange"), iri(f"{cc}/law/{slug}/{p['withinRange']}")))
                continue  # cited only through the range: not drawn for citations of its own
            norms[act].append(prov)
    return t, norms


class Lines:
    """Hands out line numbers of the synthetic source document, section by section."""

    def __init__(self) -> None:
        self.next = 1

    def take(self, n: int) -> tuple[int, int]:
        first = self.next
        self.next += n
        return first, self.next - 1


def generate_assessment(
    index: int, cc: str, year: int, seed: int, shared: list[Triple], norms: dict[str, list[str]]
) -> Assessment:
    rng = random.Random(f"{seed}:assessment:{index}")
    base = f"{cc}/assessment/{year}"
    a = Assessment(index, cc, year, iri(base), shared=shared)
    add = a.add
    lines = Lines()
    source = iri(f"{base}/source")

    def section(number: str, size: int, parent: str | None = None, ky: str = "", en: str = "") -> tuple[str, int, int]:
        s = iri(f"{base}/section/{number}")
        first, last = lines.take(size)
        add(s, RDF_TYPE, kgo("DocumentSection"))
        a.triples.extend(labels(s, ky or f"{number}-бөлүм", None, en or f"Section {number}"))
        add(s, kgo("sectionNumber"), string(number))
        add(s, kgo("sectionOf"), source)
        add(s, kgo("inAssessment"), a.iri)
        if parent:
            add(s, kgo("subsectionOf"), iri(f"{base}/section/{parent}"))
        add(s, kgo("firstLine"), integer(first))
        add(s, kgo("lastLine"), integer(last))
        return s, first, last

    # the assessment, its document and its first sections
    add(a.iri, RDF_TYPE, kgo("Assessment"))
    a.triples.extend(
        labels(
            a.iri,
            f"{cc.upper()} {year}: отчеттуулук системасын баалоо",
            f"{cc.upper()} {year}: оценка системы подотчётности",
            f"{cc.upper()} {year}: assessment of the accountability system",
        )
    )
    add(a.iri, kgo("assessedCountry"), iri(cc))
    add(a.iri, kgo("period"), typed(year, "gYear"))
    add(a.iri, kgo("authoredBy"), iri(f"{cc}/org/institute"))
    add(a.iri, kgo("usesMethod"), iri(f"{cc}/method/four-dimensions"))
    add(a.iri, kgo("statedInDocument"), source)
    add(source, RDF_TYPE, kgo("SourceDocument"))
    a.triples.extend(labels(source, f"{cc.upper()} {year} изилдөө", f"Исследование {year}", f"Study {year}"))
    for number, size in (("1", 5), ("2", 12), ("3", 60)):
        section(number, size)
    s4, *_ = section("4", 30, ky="Усулдар", en="Methods")
    add(a.iri, kgo("statedIn"), s4)
    add(source, kgo("statedIn"), iri(f"{base}/section/1"))
    s5, *_ = section("5", 120, ky="Укуктук негиз", en="Legal framework")
    for act in norms:  # every act of the country is stated in the legal framework section
        add(act, kgo("statedIn"), s5)

    pair_choice = sorted(rng.sample(range(len(PAIRS)), rng.randint(3, 6)))
    s6_first = lines.next
    s6 = iri(f"{base}/section/6")
    for slug, *_ in ACTORS:
        add(iri(f"{cc}/actor/{slug}"), kgo("statedIn"), s6)
    for slug, *_ in OBSERVERS:
        add(iri(f"{cc}/observer/{slug}"), kgo("statedIn"), s6)
    lines.take(8)  # section 6's own introduction
    pair_sections: list[tuple[int, str, str, str]] = []
    for k, choice in enumerate(pair_choice, start=1):
        principal, agent = PAIRS[choice]
        pair_slug = f"{principal}-{agent}"
        pair = iri(f"{base}/pair/{pair_slug}")
        n_processes = rng.randint(2, 8)
        first = lines.next
        lines.take(4)
        sub1, f1, l1 = section(f"6.{k}.1", 25 * n_processes + 5, f"6.{k}")
        sub3, f3, l3 = section(f"6.{k}.3", 30, f"6.{k}")
        s6k = iri(f"{base}/section/6.{k}")
        a.triples.extend(
            [(s6k, RDF_TYPE, kgo("DocumentSection"))] + labels(s6k, f"6.{k}-бөлүм", None, f"Section 6.{k}")
        )
        for p, o in (
            ("sectionNumber", string(f"6.{k}")),
            ("sectionOf", source),
            ("inAssessment", a.iri),
            ("subsectionOf", s6),
            ("firstLine", integer(first)),
            ("lastLine", integer(l3)),
        ):
            add(s6k, kgo(p), o)
        principal_ky = next(x[2] for x in ACTORS if x[0] == principal)
        agent_ky = next(x[2] for x in ACTORS if x[0] == agent)
        principal_en = next(x[4] for x in ACTORS if x[0] == principal)
        agent_en = next(x[4] for x in ACTORS if x[0] == agent)
        add(pair, RDF_TYPE, kgo("PrincipalAgentPair"))
        a.triples.extend(labels(pair, f"{principal_ky} – {agent_ky}", f"Пара {k}", f"{principal_en} - {agent_en}"))
        add(pair, kgo("hasPrincipal"), iri(f"{cc}/actor/{principal}"))
        add(pair, kgo("hasAgent"), iri(f"{cc}/actor/{agent}"))
        add(pair, kgo("inAssessment"), a.iri)
        add(pair, kgo("statedIn"), s6k)
        add(pair, kgo("sourceLines"), string(f"{first}-{l3}"))
        pair_info: dict[str, object] = {
            "iri": pair,
            "slug": pair_slug,
            "k": k,
            "principal": principal,
            "section": sub1,
            "lines": (f1, l1),
            "processes": [],
        }
        a.pairs.append(pair_info)
        pair_sections.append((k, sub1, sub3, pair))
        cursor = f1 + 2
        for order in range(1, n_processes + 1):
            proc = make_process(
                a,
                rng,
                cc,
                base,
                pair,
                pair_slug,
                len(a.pairs) - 1,
                order,
                sub1,
                (cursor, cursor + 24),
                norms,
                principal,
            )
            pair_info["processes"].append(proc)  # type: ignore[attr-defined]
            cursor += 25
        # the pair's recommendations
        for n in range(1, rng.randint(1, 3) + 1):
            rec = iri(f"{base}/recommendation/6.{k}.3-{n}")
            first_sentence = sentence(rng, 8)
            add(rec, RDF_TYPE, kgo("Recommendation"))
            a.triples.extend(labels(rec, first_sentence, f"Рекомендация {k}.{n}", f"Recommendation {k}.{n}"))
            add(rec, kgo("text"), text(first_sentence + " " + paragraph(rng), "ky"))
            add(rec, kgo("recommendationFor"), pair)
            procs = pair_info["processes"]  # type: ignore[assignment]
            if rng.random() < 0.7:
                add(rec, kgo("concernsProcess"), rng.choice(procs).iri)  # type: ignore[attr-defined]
            add(rec, kgo("inAssessment"), a.iri)
            add(rec, kgo("statedIn"), sub3)
            line = rng.randint(f3, l3)
            add(rec, kgo("sourceLines"), string(f"{line}-{min(l3, line + 3)}"))
    s6_last = lines.next - 1
    add(s6, RDF_TYPE, kgo("DocumentSection"))
    a.triples.extend(labels(s6, "Субъекттер жана жуптар", None, "Subjects and pairs"))
    for p, o in (
        ("sectionNumber", string("6")),
        ("sectionOf", source),
        ("inAssessment", a.iri),
        ("firstLine", integer(s6_first)),
        ("lastLine", integer(s6_last)),
    ):
        add(s6, kgo(p), o)

    # conclusion: the support table, initiatives, recommendations for observers, figures
    conclusion, cf, cl = section("conclusion", 200, ky="Корутунду", en="Conclusion")
    cursor = cf + 1
    for pair_info in a.pairs:
        if pair_info["principal"] != "citizens":
            continue
        for proc in pair_info["processes"]:  # type: ignore[attr-defined]
            if rng.random() < 0.5 or cursor + 4 > cl:
                continue
            row = iri(f"{base}/support/{proc.slug}")
            exist = rng.random() < 0.5
            add(row, RDF_TYPE, kgo("SupportNeed"))
            a.triples.extend(labels(row, sentence(rng, 6), f"Строка {proc.slug}", f"Row {proc.slug}"))
            add(row, kgo("concernsProcess"), proc.iri)
            add(row, kgo("initiativesExist"), boolean(exist))
            add(row, kgo("initiativesText"), text(sentence(rng, 5), "ky"))
            if exist:
                initiative = iri(f"{base}/initiative/{proc.slug}")
                add(row, kgo("hasInitiative"), initiative)
                add(initiative, RDF_TYPE, kgo("DevelopmentInitiative"))
                a.triples.extend(labels(initiative, sentence(rng, 4), "Инициатива", "Initiative"))
                add(initiative, kgo("statedIn"), conclusion)
            add(row, kgo("supportText"), text(sentence(rng, 5), "ky"))
            for kind in sorted(
                rng.sample(("Research", "TechnicalAssistance", "NonProfitParticipation"), rng.randint(1, 2))
            ):
                add(row, kgo("supportKind"), kgo(kind))
            add(row, kgo("statedIn"), conclusion)
            add(row, kgo("sourceLines"), string(f"{cursor}-{cursor + 3}"))
            cursor += 4
    for n, (slug, *_) in enumerate(OBSERVERS[: rng.randint(1, 3)], start=1):
        rec = iri(f"{base}/recommendation/conclusion-{n}")
        add(rec, RDF_TYPE, kgo("Recommendation"))
        a.triples.extend(
            labels(rec, sentence(rng, 7), f"Рекомендация наблюдателю {n}", f"Recommendation to observer {n}")
        )
        add(rec, kgo("text"), text(paragraph(rng), "ky"))
        add(rec, kgo("recommendationFor"), iri(f"{cc}/observer/{slug}"))
        add(rec, kgo("inAssessment"), a.iri)
        add(rec, kgo("statedIn"), conclusion)
        add(rec, kgo("sourceLines"), string(str(min(cl, cursor))))
    figures(a, rng, base, conclusion, (cf, cl))

    # appendix: the summary table restated
    appendix, af, _ = section("appendix", 4 * len(a.processes) + 5, ky="Тиркеме", en="Appendix")
    line = af + 1
    for proc in a.processes:
        for key, _ in DIMENSIONS:
            r = iri(f"{base}/process/{proc.slug}/appendix/{key}")
            add(r, RDF_TYPE, kgo("CellRestatement"))
            add(r, kgo("restates"), proc.cells[key])
            add(r, kgo("hasValue"), kgo(proc.restated[key]))
            add(r, kgo("statedIn"), appendix)
            add(r, kgo("sourceLines"), string(str(line)))
            line += 1
            if proc.restated[key] != proc.values[key]:
                a.natural.append({"severity": "Info", "focus": r[1:-1], "shape": "RestatementAgreementShape"})
    for proc in a.processes:
        if not proc.citations:
            a.natural.append({"severity": "Info", "focus": proc.iri[1:-1], "shape": "ProcessLegalBasisShape"})
    return a


def make_process(
    a: Assessment,
    rng: random.Random,
    cc: str,
    base: str,
    pair: str,
    pair_slug: str,
    pair_index: int,
    order: int,
    sub1: str,
    span: tuple[int, int],
    norms: dict[str, list[str]],
    principal: str,
) -> Process:
    add = a.add
    slug = f"{pair_slug}-{order}"
    p = iri(f"{base}/process/{slug}")
    excluded = rng.random() < 0.04
    verdict = "ImpossibleExcluded" if excluded else rng.choice(VERDICTS)
    first, last = span
    add(p, RDF_TYPE, kgo("AccountabilityProcess"))
    a.triples.extend(labels(p, sentence(rng, rng.randint(4, 9))[:-1], f"Процесс {slug}", f"Process {slug}"))
    add(p, kgo("inPair"), pair)
    add(p, kgo("processOrder"), integer(order))
    add(p, kgo("hasVerdict"), kgo(verdict))
    add(p, kgo("verdictText"), text(sentence(rng, 8), "ky"))
    add(p, kgo("excludedFromIndex"), boolean(excluded))
    add(p, kgo("justification"), text(paragraph(rng), "ky"))
    if rng.random() < 0.5:
        add(p, kgo("kindOfAccountability"), kgo(rng.choice(KINDS_OF_ACCOUNTABILITY)))
    if rng.random() < 0.4:
        add(p, kgo("involvesActor"), iri(f"{cc}/actor/{rng.choice(('deputies', 'factions', 'committees'))}"))
    add(p, kgo("statedIn"), sub1)
    add(p, kgo("sourceLines"), string(f"{first}-{last}"))
    cells, values, restated = {}, {}, {}
    for key, dim in DIMENSIONS:
        cell = iri(f"{base}/process/{slug}/cell/{key}")
        present = rng.random() < (0.97 if key == "demand" and not excluded else 0.5)
        if key == "demand" and not excluded:
            present = True  # the study's precondition for assessing a process
        value = "Present" if present else "Absent"
        cells[key], values[key] = cell, value
        add(cell, RDF_TYPE, kgo("DimensionAssessment"))
        add(cell, kgo("ofProcess"), p)
        add(cell, kgo("onDimension"), kgo(dim))
        add(cell, kgo("hasValue"), kgo(value))
        if rng.random() < 0.3:
            add(cell, kgo("justification"), text(sentence(rng, 9), "ky"))
        add(cell, kgo("statedIn"), sub1)
        add(cell, kgo("sourceLines"), string(str(first + 1)))
    restated = dict(values)
    if rng.random() < 0.08:  # the appendix swaps the first two values, as the real study's does
        restated["rules"], restated["demand"] = values["demand"], values["rules"]
    citations: list[tuple[str, str, str]] = []
    whole: set[str] = set()
    if rng.random() >= 0.1:
        acts = sorted(norms)
        chosen: set[str] = set()
        for _ in range(rng.randint(1, 4)):
            act = rng.choice(acts)
            if rng.random() < 0.15:
                norm, kind = act, "act"
            else:
                norm, kind = rng.choice(norms[act]), "provision"
            if norm in chosen:
                continue
            chosen.add(norm)
            norm_slug = norm[1:-1][len(ID) + len(cc) + len("/law/") :].replace("/", "-")
            c = iri(f"{base}/citation/{slug}/{norm_slug}")
            add(c, RDF_TYPE, kgo("Citation"))
            add(c, kgo("citedFor"), p)
            add(c, kgo("citesProvision" if kind == "provision" else "citesAct"), norm)
            add(
                c,
                kgo("citationRole"),
                kgo(rng.choices(("Establishes", "Regulates", "Restricts", "Blocks"), (5, 4, 1, 1))[0]),
            )
            add(c, kgo("citationNote"), text(sentence(rng, 10), "ky"))
            add(c, kgo("statedIn"), sub1)
            line = rng.randint(first + 2, last)
            add(c, kgo("sourceLines"), string(f"{line}-{min(last, line + 1)}"))
            citations.append((c, kind, norm))
            if kind == "act":
                whole.add(norm)
    for slug_o, *_ in rng.sample(OBSERVERS, rng.choice((0, 0, 1, 1, 2))):
        o = iri(f"{base}/oversight/{slug}/{slug_o}")
        add(o, RDF_TYPE, kgo("OversightRelation"))
        add(o, kgo("observer"), iri(f"{cc}/observer/{slug_o}"))
        add(o, kgo("observedProcess"), p)
        add(o, kgo("oversightMode"), kgo(rng.choice(("Watches", "Enforces"))))
        add(o, kgo("justification"), text(sentence(rng, 9), "ky"))
        add(o, kgo("statedIn"), sub1)
        add(o, kgo("sourceLines"), string(str(last)))
    proc = Process(
        p, slug, pair_index, order, excluded, verdict, cells, values, restated, citations, whole, sub1, (first, last)
    )
    a.processes.append(proc)
    return proc


def figures(a: Assessment, rng: random.Random, base: str, conclusion: str, span: tuple[int, int]) -> None:
    """The figures the study states: each pair's index, the overall index, the dimensions' shares."""
    add = a.add
    _, last = span

    def figure(
        slug: str, measure: str, subject: str, value: float, section: str, line: int, dimension: str | None = None
    ) -> None:
        f = iri(f"{base}/figure/{slug}")
        stated = round(value, 2) if rng.random() < 0.9 else round(min(1.0, value + 0.07), 2)
        add(f, RDF_TYPE, kgo("StatedFigure"))
        a.triples.extend(labels(f, f"{slug} индекси", f"Показатель {slug}", f"Figure {slug}"))
        add(f, kgo("measure"), kgo(measure))
        add(f, kgo("figureSubject"), subject)
        add(f, kgo("statedValue"), typed(f"{stated:.2f}", "decimal"))
        add(f, kgo("statedPrecision"), typed("0.01", "decimal"))
        if dimension:
            add(f, kgo("onDimension"), kgo(dimension))
        add(f, kgo("statedWording"), text(f"{sentence(rng, 6)[:-1]} {round(stated * 100)}% түзөт", "ky"))
        add(f, kgo("inAssessment"), a.iri)
        add(f, kgo("statedIn"), section)
        add(f, kgo("sourceLines"), string(str(line)))

    all_present = all_scored = 0
    for info in a.pairs:
        procs = [p for p in info["processes"] if not p.excluded]  # type: ignore[attr-defined]
        present = sum(1 for p in procs for k in SCORED if p.values[k] == "Present")
        scored = len(procs) * len(SCORED)
        all_present, all_scored = all_present + present, all_scored + scored
        if scored:
            _, l1 = info["lines"]  # type: ignore[misc]
            figure(f"pair-{info['slug']}", "PairIndex", str(info["iri"]), present / scored, str(info["section"]), l1)
    if all_scored:
        figure("overall", "OverallIndex", a.iri, all_present / all_scored, conclusion, last)
        assessed = [p for p in a.processes if not p.excluded]
        for key, dim in DIMENSIONS:
            if key in SCORED:
                share = sum(1 for p in assessed if p.values[key] == "Present") / len(assessed)
                figure(f"dimension-{key}", "DimensionPresentShare", kgo(dim), share, conclusion, last - 1, dim)


# --- injected violations ------------------------------------------------------------------------------

# kind -> what it breaks; each gives exactly the findings listed by inject()
KINDS = (
    "cell-without-value",  # Violation CellShape (minCount of kgo:hasValue) on the cell
    "second-verdict",  # Violation ProcessShape (maxCount of kgo:hasVerdict) on the process
    "dangling-provision",  # Violation CitationShape (class of kgo:citesProvision) on the citation
    "principal-is-agent",  # Violation PairShape (disjoint) on the pair
    "cell-deleted",  # Violation ProcessCellsShape (SPARQL) on the process
    "excluded-mismatch",  # Violation VerdictExclusionShape (SPARQL) on the process
    "provision-and-act",  # Violation CitationShape (xone) on the citation
    "citation-without-source",  # Violation ProvenanceShape (minCount of kgo:statedIn) on the citation
    "pair-without-ky-label",  # Violation LabelShape (qualifiedMinCount) on the pair
    "figure-as-percentage",  # Violation StatedFigureShape (maxInclusive) on the figure
    "second-label-in-language",  # Violation LabelLanguagesShape (SPARQL target + constraint) on the process
    "duplicate-order",  # Warning ProcessShape (SPARQL) on both processes
    "lines-outside-section",  # Warning SourceLinesInSectionShape (SPARQL target) on the cell
    "demand-absent",  # Warning DemandPreconditionShape (SPARQL) on the process
)
PAIR_KINDS = {"principal-is-agent", "pair-without-ky-label", "figure-as-percentage"}


class InjectionError(ValueError):
    pass


def inject(a: Assessment, kinds: list[str]) -> list[dict[str, object]]:
    """Apply the defects to the assessment's own triples; return what each must give."""
    used_processes: set[str] = set()
    used_pairs: set[str] = set()
    remove: set[tuple[str, str, str | None]] = set()
    added: list[Triple] = []
    out: list[dict[str, object]] = []
    natural_focus = {f["focus"] for f in a.natural}

    def free(pred) -> Process:  # type: ignore[no-untyped-def]
        for p in a.processes:
            if p.iri not in used_processes and pred(p):
                used_processes.add(p.iri)
                return p
        raise InjectionError(f"assessment {a.iri} has no process left for another injected violation")

    def finding(severity: str, focus: str, shape: str) -> dict[str, str]:
        return {"severity": severity, "focus": focus[1:-1], "shape": shape}

    for kind in kinds:
        expected: list[dict[str, str]]
        if kind in PAIR_KINDS:
            info = next(
                (
                    i
                    for i in a.pairs
                    if i["iri"] not in used_pairs
                    and (kind != "figure-as-percentage" or any(not p.excluded for p in i["processes"]))
                ),
                None,
            )  # type: ignore[attr-defined]
            if info is None:
                raise InjectionError(f"assessment {a.iri} has no pair left for another injected violation")
            pair = str(info["iri"])
            used_pairs.add(pair)
            if kind == "principal-is-agent":
                remove.add((pair, kgo("hasAgent"), None))
                added.append((pair, kgo("hasAgent"), iri(f"{a.country}/actor/{info['principal']}")))
                expected = [finding("Violation", pair, "PairShape")]
            elif kind == "pair-without-ky-label":
                ky = next(o for s, p, o in a.triples if s == pair and p == LABEL and o.endswith("@ky"))
                remove.add((pair, LABEL, ky))
                expected = [finding("Violation", pair, "LabelShape")]
            else:
                fig = iri(f"{a.iri[len(ID) + 1 : -1]}/figure/pair-{info['slug']}")
                old = next(o for s, p, o in a.triples if s == fig and p == kgo("statedValue"))
                value = float(old.split('"')[1]) * 100 + 1
                remove.add((fig, kgo("statedValue"), None))
                added.append((fig, kgo("statedValue"), typed(f"{value:.1f}", "decimal")))
                expected = [finding("Violation", fig, "StatedFigureShape")]
            out.append({"kind": kind, "assessment": a.iri[1:-1], "focus": pair[1:-1], "expected": expected})
            continue
        if kind == "cell-without-value":
            p = free(lambda p: any(p.restated[k] == p.values[k] for k in SCORED))
            key = next(k for k in SCORED if p.restated[k] == p.values[k])
            remove.add((p.cells[key], kgo("hasValue"), None))
            focus, expected = p.cells[key], [finding("Violation", p.cells[key], "CellShape")]
        elif kind == "second-verdict":
            p = free(lambda p: not p.excluded)
            extra = "NotInPlace" if p.verdict == "DoesNotWork" else "DoesNotWork"
            added.append((p.iri, kgo("hasVerdict"), kgo(extra)))
            focus, expected = p.iri, [finding("Violation", p.iri, "ProcessShape")]
        elif kind == "dangling-provision":
            p = free(lambda p: any(k == "provision" for _, k, _ in p.citations))
            c, _, norm = next(x for x in p.citations if x[1] == "provision")
            remove.add((c, kgo("citesProvision"), None))
            added.append((c, kgo("citesProvision"), norm[:-1] + "/clause/999>"))
            focus, expected = c, [finding("Violation", c, "CitationShape")]
        elif kind == "cell-deleted":
            p = free(lambda p: True)
            key = "enforcement"
            remove.add((p.cells[key], "*", None))
            remove.add((iri(f"{a.iri[len(ID) + 1 : -1]}/process/{p.slug}/appendix/{key}"), "*", None))
            focus, expected = p.iri, [finding("Violation", p.iri, "ProcessCellsShape")]
        elif kind == "excluded-mismatch":
            p = free(lambda p: not p.excluded)
            remove.add((p.iri, kgo("excludedFromIndex"), None))
            added.append((p.iri, kgo("excludedFromIndex"), boolean(True)))
            focus, expected = p.iri, [finding("Violation", p.iri, "VerdictExclusionShape")]
        elif kind == "provision-and-act":
            acts = sorted({o for s, pr, o in a.shared if pr == kgo("inAct")})
            p = free(
                lambda p, acts=acts: (
                    any(k == "provision" for _, k, _ in p.citations)  # type: ignore[misc]
                    and any(act not in p.acts_cited_whole for act in acts)
                )
            )
            c = next(x[0] for x in p.citations if x[1] == "provision")
            act = next(act for act in acts if act not in p.acts_cited_whole)
            added.append((c, kgo("citesAct"), act))
            focus, expected = c, [finding("Violation", c, "CitationShape")]
        elif kind == "citation-without-source":
            p = free(lambda p: bool(p.citations))
            c = p.citations[0][0]
            remove.add((c, kgo("statedIn"), None))
            focus, expected = c, [finding("Violation", c, "ProvenanceShape")]
        elif kind == "second-label-in-language":
            p = free(lambda p: True)
            added.append((p.iri, LABEL, text(f"Another name of process {p.slug}", "en-t-ky")))
            focus, expected = p.iri, [finding("Violation", p.iri, "LabelLanguagesShape")]
        elif kind == "duplicate-order":
            p = free(
                lambda p: any(q.pair == p.pair and q.iri != p.iri and q.iri not in used_processes for q in a.processes)
            )
            q = free(lambda q, p=p: q.pair == p.pair)  # type: ignore[misc]
            remove.add((q.iri, kgo("processOrder"), None))
            added.append((q.iri, kgo("processOrder"), integer(p.order)))
            focus = p.iri
            expected = [finding("Warning", p.iri, "ProcessShape"), finding("Warning", q.iri, "ProcessShape")]
        elif kind == "lines-outside-section":
            p = free(lambda p: True)
            cell = p.cells["rules"]
            remove.add((cell, kgo("sourceLines"), None))
            added.append((cell, kgo("sourceLines"), string("1-2")))
            focus, expected = cell, [finding("Warning", cell, "SourceLinesInSectionShape")]
        elif kind == "demand-absent":
            p = free(lambda p: not p.excluded)
            cell = p.cells["demand"]
            restatement = iri(f"{a.iri[len(ID) + 1 : -1]}/process/{p.slug}/appendix/demand")
            remove.add((cell, kgo("hasValue"), None))
            added.append((cell, kgo("hasValue"), kgo("Absent")))
            remove.add((restatement, kgo("hasValue"), None))  # the appendix agrees, so no Info finding
            added.append((restatement, kgo("hasValue"), kgo("Absent")))
            if restatement[1:-1] in natural_focus:  # it disagreed before (a swapped row); keep that finding exact
                a.natural = [f for f in a.natural if f["focus"] != restatement[1:-1]]
            focus, expected = p.iri, [finding("Warning", p.iri, "DemandPreconditionShape")]
        else:
            raise InjectionError(f"unknown kind of violation {kind!r}; known: {', '.join(KINDS)}")
        out.append({"kind": kind, "assessment": a.iri[1:-1], "focus": focus[1:-1], "expected": expected})

    def removed(t: Triple) -> bool:
        s, p, o = t
        return (s, p, o) in remove or (s, p, None) in remove or (s, "*", None) in remove

    a.triples = [t for t in a.triples if not removed(t)] + added
    return out


# --- the corpus ---------------------------------------------------------------------------------------


def parse_size(size: str) -> int:
    if size in SIZES:
        return SIZES[size]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", size.strip())
    if not m:
        raise ValueError(f"not a size: {size!r} (use 10k, 100k, 1M, 5M or a number of triples)")
    factor = {"": 1, "k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}[m.group(2)]
    return int(float(m.group(1)) * factor)


def assessments(target: int, seed: int) -> Iterator[Assessment]:
    """Assessments in order until the union holds at least ``target`` distinct triples."""
    total = 0
    countries: dict[str, tuple[list[Triple], dict[str, list[str]]]] = {}
    for index, (cc, year) in enumerate(schedule(seed)):
        if total >= target:
            return
        first_of_country = cc not in countries
        if first_of_country:
            countries.clear()  # countries come one after another: keep only the current one
            countries[cc] = country_block(cc, seed)
        shared, norms = countries[cc]
        a = generate_assessment(index, cc, year, seed, shared, norms)
        total += len(a.triples) + (len(shared) if first_of_country else 0)
        yield a


def plan_injections(count: int, n_assessments: int, seed: int) -> dict[int, list[str]]:
    """Which kinds go to which assessment: spread evenly, kinds in turn."""
    plan: dict[int, list[str]] = {}
    for k in range(count):
        index = (k * n_assessments) // count if count else 0
        plan.setdefault(index, []).append(KINDS[k % len(KINDS)])
    return plan


def write_corpus(out: Path, size: str | int, seed: int = 1, violations: int = 0) -> dict[str, object]:
    """Write the corpus files into ``out``; return the manifest (also written as manifest.json)."""
    target = parse_size(size) if isinstance(size, str) else int(size)
    if violations < 0:
        raise ValueError("the number of violations cannot be negative")
    n_assessments = sum(1 for _ in assessments(target, seed))
    plan = plan_injections(violations, n_assessments, seed)
    out.mkdir(parents=True, exist_ok=True)
    injected: list[dict[str, object]] = []
    natural: list[dict[str, str]] = []
    graphs: list[dict[str, object]] = []
    quads = triples = 0
    seen_countries: set[str] = set()
    with (
        open(out / "corpus.trig", "w", encoding="utf-8") as trig,
        open(out / "corpus.nq", "w", encoding="utf-8") as nq,
        open(out / "merged.nt", "w", encoding="utf-8") as nt,
    ):
        trig.write(f"# generated by bench/generate.py --size {size} --seed {seed} --inject-violations {violations}\n")
        for a in assessments(target, seed):
            if a.index in plan:
                injected.extend(inject(a, plan[a.index]))
            natural.extend(a.natural)
            blocks = []
            if a.country not in seen_countries:  # the country's own graph, once, before its first assessment
                seen_countries.add(a.country)
                blocks.append(
                    (
                        iri(a.country),
                        a.shared,
                        {"graph": iri(a.country)[1:-1], "country": a.country, "year": None, "processes": 0},
                    )
                )
            blocks.append(
                (
                    a.iri,
                    a.triples,
                    {"graph": a.iri[1:-1], "country": a.country, "year": a.year, "processes": len(a.processes)},
                )
            )
            for graph, block, info in blocks:
                body = [f"{s} {p} {o} ." for s, p, o in block]
                trig.write(f"{graph} {{\n")
                trig.write("\n".join(body))
                trig.write("\n}\n")
                nq.write("".join(f"{line[:-1]}{graph} .\n" for line in body))
                nt.write("".join(line + "\n" for line in body))
                triples += len(body)
                quads += len(body)
                graphs.append({**info, "quads": len(body)})
    expected = sorted(
        [f for i in injected for f in i["expected"]] + natural,  # type: ignore[attr-defined]
        key=lambda f: (f["focus"], f["shape"], f["severity"]),
    )
    manifest: dict[str, object] = {
        "generator": "bench/generate.py",
        "size": str(size),
        "target_triples": target,
        "seed": seed,
        "triples": triples,
        "quads": quads,
        "assessments": sum(1 for g in graphs if g["year"] is not None),
        "countries": len(seen_countries),
        "processes": sum(int(g["processes"]) for g in graphs),  # type: ignore[call-overload]
        "files": {"trig": "corpus.trig", "nquads": "corpus.nq", "merged": "merged.nt"},
        "graphs": graphs,
        "injected_violations": injected,
        "expected_findings": expected,
        "expected_counts": count_by(expected),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def count_by(findings: list[dict[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        key = f"{f['severity']} {f['shape']}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", required=True, help="10k, 100k, 1M, 5M, or a number of triples (e.g. 250k)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same files")
    parser.add_argument(
        "--inject-violations",
        type=int,
        default=0,
        metavar="N",
        help=f"add N known defects, kinds in turn: {', '.join(KINDS)}",
    )
    parser.add_argument("--out", required=True, type=Path, help="folder to write the corpus into")
    args = parser.parse_args(argv)
    try:
        manifest = write_corpus(args.out, args.size, args.seed, args.inject_violations)
    except (ValueError, OSError) as exc:
        print(f"ERROR [bench#generate] {exc}", file=sys.stderr)
        return 2
    print(
        f"{manifest['triples']} triples, {manifest['quads']} quads, {manifest['assessments']} assessments "
        f"of {manifest['countries']} countries, {len(manifest['injected_violations'])} injected violations "  # type: ignore[arg-type]
        f"-> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
