"""A small, clearly fictional assessment ("Exampleland 2030") filled into a fresh template,
for the workbook tests and the tutorial in docs/workbook.md. Never mixed with data/."""

from __future__ import annotations

from pathlib import Path

import openpyxl

# sheet -> rows, each row column name -> text (columns named as the template names them)
EXAMPLE: dict[str, list[dict[str, str]]] = {
    "Assessment": [
        {
            "id": "exampleland",
            "type": "Country",
            "label_ky": "Мисалстан (ойдон чыгарылган)",
            "label_ru": "Примерландия (вымышленная)",
            "label_en": "Exampleland (fictional)",
        },
        {
            "id": "exampleland/assessment/2030",
            "type": "Assessment",
            "label_ky": "Мисалстандагы отчеттуулукту баалоо (ойдон чыгарылган)",
            "label_ru": "Оценка подотчётности в Примерландии (вымышленная)",
            "label_en": "Assessment of accountability in Exampleland (fictional)",
            "assessed_country": "exampleland",
            "period": "2030",
            "stated_in_document": "exampleland/assessment/2030/source",
            "stated_in": "1",
        },
        {
            "id": "exampleland/assessment/2030/source",
            "type": "SourceDocument",
            "label_ky": "Мисалстандагы отчеттуулук (ойдон чыгарылган изилдөө)",
            "label_ru": "Подотчётность в Примерландии (вымышленное исследование)",
            "label_en": "Accountability in Exampleland (fictional study)",
            "language": "ky",
            "stated_in": "1",
        },
    ],
    "Sections": [
        {
            "id": "1",
            "section_number": "1",
            "label_ky": "Киришүү",
            "label_ru": "Введение",
            "label_en": "Introduction",
            "section_of": "exampleland/assessment/2030/source",
            "in_assessment": "exampleland/assessment/2030",
            "first_line": "1",
            "last_line": "40",
        },
    ],
    "Actors": [
        {
            "id": "citizens",
            "type": "Citizenry",
            "label_ky": "Жарандар",
            "label_ru": "Граждане",
            "label_en": "Citizens",
            "stated_in": "1",
        },
        {
            "id": "council",
            "type": "Parliament",
            "label_ky": "Мисал кеңеши",
            "label_ru": "Совет Примерландии",
            "label_en": "Council of Exampleland",
            "stated_in": "1",
        },
    ],
    "Acts": [
        {
            "id": "charter",
            "type": "Constitution",
            "short_id": "charter",
            "label_ky": "Мисалстандын уставы",
            "label_ru": "Устав Примерландии",
            "label_en": "Charter of Exampleland",
            "jurisdiction": "exampleland",
            "stated_in": "1",
        },
    ],
    "Provisions": [
        {
            "id": "charter/art/1",
            "type": "Article",
            "label_ky": "Мисалстандын уставы, 1-берене",
            "label_ru": "Устав Примерландии, статья 1",
            "label_en": "Charter of Exampleland, article 1",
            "in_act": "charter",
            "provision_number": "1",
            "first_article": "1",
            "last_article": "1",
        },
    ],
    "Pairs": [
        {
            "id": "citizens-council",
            "label_ky": "Жарандар – Мисал кеңеши",
            "label_ru": "Граждане — Совет Примерландии",
            "label_en": "Citizens - Council of Exampleland",
            "principal": "citizens",
            "agent": "council",
            "in_assessment": "exampleland/assessment/2030",
            "source_lines": "2-30",
            "stated_in": "1",
        },
    ],
    "Processes": [
        {
            "id": "council-elections",
            "label_ky": "Кеңешти шайлоо",
            "label_ru": "Выборы совета",
            "label_en": "Election of the council",
            "pair": "citizens-council",
            "order": "1",
            "verdict": "works",
            "verdict_text_ky": "Бул процесс иштейт.",
            "excluded_from_index": "false",
            "justification_ky": "Шайлоо ар бир төрт жылда өтөт.",
            "source_lines": "3-10",
            "stated_in": "1",
        },
    ],
    "Cells": [
        {
            "id": f"council-elections/cell/{slug}",
            "process": "council-elections",
            "dimension": dimension,
            "value": "present",
            "source_lines": "4",
            "stated_in": "1",
        }
        for slug, dimension in (
            ("rules", "rules-and-standards"),
            ("demand", "citizen-demand"),
            ("motivation", "responsiveness"),
            ("enforcement", "enforceability"),
        )
    ],
    "Citations": [
        {
            "id": "council-elections/charter-art-1",
            "process": "council-elections",
            "provision": "charter/art/1",
            "role": "establishes",
            "note_ky": "Кеңеш шайланат (1-берене).",
            "source_lines": "5",
            "stated_in": "1",
        },
    ],
}


def fill(template: Path, out: Path, rows: dict[str, list[dict[str, str]]] = EXAMPLE) -> Path:
    """Fill ``template`` (written by kgtool template) with ``rows`` and save it as ``out``."""
    wb = openpyxl.load_workbook(template)
    for sheet, entries in rows.items():
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for entry in entries:
            ws.append([entry.get(str(h), "") for h in headers])
    wb.save(out)
    return out


def completed() -> dict[str, list[dict[str, str]]]:
    """The example after the tutorial's fix: the organisation and the method the first
    ``kgtool validate`` asks for."""
    rows = {sheet: [dict(r) for r in entries] for sheet, entries in EXAMPLE.items()}
    for row in rows["Assessment"]:
        if row.get("type") == "Assessment":
            row["authored_by"] = "org/example-institute"
            row["uses_method"] = "method/four-dimensions-example"
    rows["Assessment"] += [
        {
            "id": "org/example-institute",
            "type": "ResearchOrganisation",
            "label_ky": "Мисал институту",
            "label_ru": "Институт примеров",
            "label_en": "Example Institute",
            "stated_in": "1",
        },
        {
            "id": "method/four-dimensions-example",
            "type": "AssessmentMethod",
            "label_ky": "төрт өлчөм (мисал)",
            "label_ru": "четыре измерения (пример)",
            "label_en": "four dimensions (example)",
            "stated_in": "1",
        },
    ]
    return rows
