"""The data says what the study says: counts, cell-by-cell agreement with the study's own
tables (read from the source text, not from a second hand-typed copy), verbatim Kyrgyz
wording, and a source section for every fact."""

from __future__ import annotations

import re

import pytest
import rdflib
from conftest import KGO, REPO
from rdflib.namespace import RDF, RDFS, SKOS

SCORED_TEXT = {KGO.Present: "Бар", KGO.Absent: "Жок"}
PAIR_SECTIONS = ["6.1", "6.2", "6.3", "6.4", "6.5"]
CELL_TOKEN = re.compile(r"(?<!\w)(Бар|Жок)(?!\w)")


def section_of(graph: rdflib.Graph, number: str) -> rdflib.URIRef:
    found = list(graph.subjects(KGO.sectionNumber, rdflib.Literal(number)))
    assert len(found) == 1, number
    return found[0]  # type: ignore[return-value]


def pair_in_section(graph: rdflib.Graph, number: str) -> rdflib.URIRef:
    section = section_of(graph, number)
    pairs = [p for p in graph.subjects(RDF.type, KGO.PrincipalAgentPair) if (p, KGO.statedIn, section) in graph]
    assert len(pairs) == 1, f"expected one pair stated in section {number}, found {pairs}"
    return pairs[0]  # type: ignore[return-value]


def processes_of(graph: rdflib.Graph, pair: rdflib.URIRef) -> list[rdflib.URIRef]:
    procs = list(graph.subjects(KGO.inPair, pair))
    return sorted(procs, key=lambda p: graph.value(p, KGO.processOrder).toPython())  # type: ignore[union-attr]


def cell_words(graph: rdflib.Graph, process: rdflib.URIRef, kind: rdflib.URIRef = KGO.DimensionAssessment) -> list[str]:
    cells = [c for c in graph.subjects(KGO.ofProcess, process) if (c, RDF.type, kind) in graph]
    cells.sort(key=lambda c: graph.value(graph.value(c, KGO.onDimension), KGO.dimensionOrder).toPython())  # type: ignore[union-attr]
    return [SCORED_TEXT[graph.value(c, KGO.hasValue)] for c in cells]  # type: ignore[index]


def table_words(lines: list[str], start_marker: str, end_marker: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(start_marker))
    end = next(i for i in range(start, len(lines)) if end_marker in lines[i])
    return CELL_TOKEN.findall("\n".join(lines[start:end]))


# --- counts ------------------------------------------------------------------


def test_counts(graph: rdflib.Graph) -> None:
    assert len(set(graph.subjects(RDF.type, KGO.PrincipalAgentPair))) == 5
    processes = set(graph.subjects(RDF.type, KGO.AccountabilityProcess))
    assert len(processes) == 19
    assert len(set(graph.subjects(RDF.type, KGO.DimensionAssessment))) == 76
    assert len(set(graph.subjects(RDF.type, KGO.CellRestatement))) == 76
    excluded = {p for p in processes if graph.value(p, KGO.excludedFromIndex).toPython() is True}  # type: ignore[union-attr]
    assert len(excluded) == 1
    assert graph.value(excluded.pop(), KGO.hasVerdict) == KGO.ImpossibleExcluded


def test_every_process_has_four_cells_one_per_dimension(graph: rdflib.Graph) -> None:
    for process in graph.subjects(RDF.type, KGO.AccountabilityProcess):
        dims = sorted(str(graph.value(c, KGO.onDimension)) for c in graph.subjects(KGO.ofProcess, process))
        assert len(dims) == 4 and len(set(dims)) == 4, process


def test_citations_are_recorded_for_each_pair(graph: rdflib.Graph) -> None:
    citations = set(graph.subjects(RDF.type, KGO.Citation))
    assert len(citations) >= 30
    for number in PAIR_SECTIONS:
        pair = pair_in_section(graph, number)
        cited = {graph.value(c, KGO.citedFor) for c in citations}
        assert any(p in cited for p in processes_of(graph, pair)), f"no citation for any process of {number}"


# --- cells against the study's own text -------------------------------------------


@pytest.mark.parametrize("number", PAIR_SECTIONS)
def test_cells_match_the_section_table_in_the_study(number: str, graph: rdflib.Graph, study_lines: list[str]) -> None:
    expected = table_words(study_lines, f"{number}.1. Процесстерди баалоо", "Бул жупта отчеттуулуктун орточо индекси")
    actual = [w for p in processes_of(graph, pair_in_section(graph, number)) for w in cell_words(graph, p)]
    assert actual == expected


def test_appendix_restatements_match_the_appendix_table(graph: rdflib.Graph, study_lines: list[str]) -> None:
    expected = table_words(study_lines, "Тиркеме.", "БААРЫ")
    actual = []
    for number in PAIR_SECTIONS:
        for process in processes_of(graph, pair_in_section(graph, number)):
            restated = [
                r
                for r in graph.subjects(RDF.type, KGO.CellRestatement)
                if graph.value(graph.value(r, KGO.restates), KGO.ofProcess) == process
            ]
            restated.sort(
                key=lambda r: graph.value(
                    graph.value(graph.value(r, KGO.restates), KGO.onDimension),  # type: ignore[union-attr]
                    KGO.dimensionOrder,
                ).toPython()
            )
            actual += [SCORED_TEXT[graph.value(r, KGO.hasValue)] for r in restated]  # type: ignore[index]
    assert actual == expected


# --- verbatim Kyrgyz wording -------------------------------------------------

VERBATIM_PROPERTIES = [
    KGO.verdictText,
    KGO.citationNote,
    KGO.justification,
    KGO.text,
    KGO.statedWording,
    KGO.initiativesText,
    KGO.supportText,
]
TABLE_CELL_PROPERTIES = {KGO.initiativesText, KGO.supportText}
VERBATIM_LABELLED = [KGO.AccountabilityProcess, KGO.Recommendation, KGO.SupportNeed]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def without_footnotes(lines: list[str]) -> str:
    """The study's text with footnotes taken out, as a transcriber reads it.

    In the extraction a footnote is a block of lines starting "N " (N = 1-5) that runs
    until the next page, whose first line starts with a space; its marker is a digit
    stuck to the word it annotates ("таанылды5.").
    """
    kept, in_note = [], False
    for line in lines:
        if re.match(r"\d \S", line):
            in_note = True
        elif in_note and line.startswith(" "):
            in_note = False
        if not in_note:
            kept.append(line)
    return re.sub(r"(?<=[^\W\d_])\d(?=[\s.,;:])", "", "\n".join(kept))


@pytest.fixture(scope="module")
def study_squeezed(study_lines: list[str]) -> tuple[str, ...]:
    raw = "\n".join(study_lines)
    clean = without_footnotes(study_lines)
    # also with hyphens at line ends removed, for words the extraction hyphenated
    return tuple(squeeze(t) for t in (raw, re.sub(r"-[ \t]*\n", "", raw), clean, re.sub(r"-[ \t]*\n", "", clean)))


def occurs(text: str, study: tuple[str, ...]) -> bool:
    needle = squeeze(text.strip().strip("…").strip())
    return bool(needle) and any(needle in s for s in study)


def occurs_interleaved(text: str, study: tuple[str, ...], slack: int = 300) -> bool:
    """True when the words occur in order within a short stretch: a table cell whose lines
    the extraction interleaved with the neighbouring column's."""
    words = [squeeze(w) for w in text.strip("…").split() if squeeze(w)]
    hay = study[0]
    start = hay.find(words[0]) if words else -1
    while start != -1:
        pos, ok = start + len(words[0]), True
        for word in words[1:]:
            nxt = hay.find(word, pos)
            if nxt == -1 or nxt - pos > slack:
                ok = False
                break
            pos = nxt + len(word)
        if ok:
            return True
        start = hay.find(words[0], start + 1)
    return False


def verbatim_literals(graph: rdflib.Graph) -> list[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.Literal]]:
    found = []
    for prop in VERBATIM_PROPERTIES:
        found += [
            (s, prop, o) for s, o in graph.subject_objects(prop) if isinstance(o, rdflib.Literal) and o.language == "ky"
        ]
    for cls in VERBATIM_LABELLED:
        for s in graph.subjects(RDF.type, cls):
            for prop in (RDFS.label, SKOS.altLabel):
                found += [
                    (s, prop, o) for o in graph.objects(s, prop) if isinstance(o, rdflib.Literal) and o.language == "ky"
                ]
    return found


def test_kyrgyz_wording_is_the_studys(graph: rdflib.Graph, study_squeezed: tuple[str, str]) -> None:
    literals = verbatim_literals(graph)
    assert len(literals) > 100
    missing = []
    for s, p, o in literals:
        if occurs(str(o), study_squeezed) or (
            p in TABLE_CELL_PROPERTIES and occurs_interleaved(str(o), study_squeezed)
        ):
            continue
        # a long text may straddle a page break whose footnote was taken out: check sentence by sentence
        sentences = [x for x in re.split(r"(?<=[.!?;:])\s+", str(o)) if len(squeeze(x)) > 3]
        bad = [x for x in sentences if not occurs(x, study_squeezed)]
        if bad:
            missing.append(f"{s} {p.n3()}: {bad[0][:120]!r}")
    assert not missing, f"{len(missing)} Kyrgyz texts not found in the study:\n" + "\n".join(missing)


# --- provenance ----------------------------------------------------------------

TRACED_CLASSES = [
    KGO.PrincipalAgentPair,
    KGO.AccountabilityProcess,
    KGO.DimensionAssessment,
    KGO.CellRestatement,
    KGO.Citation,
    KGO.OversightRelation,
    KGO.CrossReference,
    KGO.Recommendation,
    KGO.SupportNeed,
    KGO.StatedFigure,
    KGO.Actor,
    KGO.Observer,
    KGO.LegalAct,
]


def test_every_fact_has_a_source_section(graph: rdflib.Graph) -> None:
    sections = set(graph.subjects(RDF.type, KGO.DocumentSection))
    untraced = []
    for cls in TRACED_CLASSES:
        # transitive_subjects includes cls itself, so direct members are covered too
        members = {s for sub in graph.transitive_subjects(RDFS.subClassOf, cls) for s in graph.subjects(RDF.type, sub)}
        for member in members:
            targets = set(graph.objects(member, KGO.statedIn))
            if not targets or not targets <= sections:
                untraced.append(str(member))
    assert not untraced, "\n".join(sorted(untraced))


def test_source_lines_fall_inside_a_stated_section(graph: rdflib.Graph, study_lines: list[str]) -> None:
    wrong = []
    for s, lines in graph.subject_objects(KGO.sourceLines):
        first, _, last = str(lines).partition("-")
        a, b = int(first), int(last or first)
        ranges = [
            (graph.value(sec, KGO.firstLine).toPython(), graph.value(sec, KGO.lastLine).toPython())  # type: ignore[union-attr]
            for sec in graph.objects(s, KGO.statedIn)
        ]
        if not (1 <= a <= b <= len(study_lines)) or not any(lo <= a and b <= hi for lo, hi in ranges):
            wrong.append(f"{s}: lines {lines} vs sections {ranges}")
    assert not wrong, "\n".join(wrong)


def test_section_line_ranges_start_at_their_headings(graph: rdflib.Graph, study_lines: list[str]) -> None:
    for section in graph.subjects(RDF.type, KGO.DocumentSection):
        number = str(graph.value(section, KGO.sectionNumber))
        first = graph.value(section, KGO.firstLine).toPython()  # type: ignore[union-attr]
        heading = study_lines[first - 1].strip()
        if number == "conclusion":
            assert heading.startswith("Корутунду")
        elif number == "appendix":
            assert heading.startswith("Тиркеме")
        else:
            assert heading.startswith(number + "."), (number, heading)


# --- translations ----------------------------------------------------------------

TRANSLATION_TAGS = ("ru-t-ky", "en-t-ky")


def untranslated(graph: rdflib.Graph) -> list[str]:
    """Each subject/predicate whose Kyrgyz texts lack a Russian or an English translation.

    The Kyrgyz literal is the source; each one needs one @ru-t-ky and one @en-t-ky
    literal on the same subject and predicate (so a figure stated in two places, with
    two @ky wordings, needs two of each). A translation with no Kyrgyz source beside it
    is reported too: it translates nothing the reader can check.
    """
    counts: dict[tuple[rdflib.term.Node, rdflib.term.Node], dict[str, list[str]]] = {}
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.language:
            tag = o.language.lower()
            if tag == "ky" or tag in TRANSLATION_TAGS:
                counts.setdefault((s, p), {}).setdefault(tag, []).append(str(o))
    problems = []
    for (s, p), by_tag in sorted(counts.items()):
        kyrgyz = by_tag.get("ky", [])
        for tag in TRANSLATION_TAGS:
            have = len(by_tag.get(tag, []))
            if have != len(kyrgyz):
                first = kyrgyz[0][:80] if kyrgyz else "(no Kyrgyz text)"
                problems.append(f"{s} {p.n3()}: {len(kyrgyz)} @ky, {have} @{tag}: {first!r}")
    return problems


def data_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((REPO / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_every_kyrgyz_text_has_a_russian_and_an_english_translation() -> None:
    graph = data_graph()
    assert sum(1 for o in graph.objects() if isinstance(o, rdflib.Literal) and o.language == "ky") > 400
    problems = untranslated(graph)
    assert not problems, f"{len(problems)} Kyrgyz texts lack a translation:\n" + "\n".join(problems)


def test_the_translation_check_names_what_is_missing() -> None:
    graph = rdflib.Graph().parse(
        data="""
        @prefix kgo: <https://w3id.org/kgtool/ontology#> .
        <urn:x:a> kgo:justification "Процесс иштейт деп таанылды."@ky , "The process was found to work."@en-t-ky .
        <urn:x:b> kgo:text "Бар"@ky , "Есть"@ru-t-ky , "Present"@en-t-ky .
        <urn:x:c> kgo:text "Бар"@ky , "Жок"@ky , "Есть"@ru-t-ky , "Нет"@ru-t-ky , "Present"@en-t-ky .
        <urn:x:d> kgo:note "Orphan"@en-t-ky .
        """,
        format="turtle",
    )
    problems = untranslated(graph)
    assert len(problems) == 3, problems
    assert problems[0].startswith("urn:x:a ") and "1 @ky, 0 @ru-t-ky" in problems[0] and "Процесс иштейт" in problems[0]
    assert problems[1].startswith("urn:x:c ") and "2 @ky, 1 @en-t-ky" in problems[1]
    assert problems[2].startswith("urn:x:d ") and "0 @ky, 1 @en-t-ky" in problems[2]


def test_every_cited_version_note_is_in_english_russian_and_kyrgyz(graph: rdflib.Graph) -> None:
    """kgo:citedVersion, the project's note on the version of an act the study read, was English
    only: a Russian or Kyrgyz reader's citation gave it in English. Each act's note is now written
    once in English and once in each translation (@ru-t-en, @ky-t-en), its dates and numbers kept."""
    notes: dict[rdflib.term.Node, dict[str, str]] = {}
    for act, note in graph.subject_objects(KGO.citedVersion):
        assert isinstance(note, rdflib.Literal) and note.language, (act, note)
        assert note.language not in notes.setdefault(act, {}), (act, note.language)
        notes[act][note.language] = str(note)
    assert len(notes) >= 3
    for act, by_tag in notes.items():
        assert set(by_tag) == {"en", "ru-t-en", "ky-t-en"}, act
        digits = [sorted(re.findall(r"\d+", text)) for text in by_tag.values()]
        assert all(d == digits[0] for d in digits), (act, by_tag)
