"""`kgtool basis` as a legal researcher uses it: the queries one look-up runs, the status
lines under the table (each thing said once), and every provision addressable on its own —
an article, its part, its clause — by --article/--part/--clause or by a reference written as
the law writes it, in ky, ru and en."""

from __future__ import annotations

import csv
import io

import pytest

from kgtool.cli import main
from kgtool.sparql.backends import EmbeddedBackend, ResultTable

LAW = "https://w3id.org/kgtool/id/kg/law/"
PROCESS = "https://w3id.org/kgtool/id/kg/assessment/2016/process/"
LEGAL_ACTS = "Question: which legal acts does the graph hold"  # queries/legal/legal-acts.rq's header


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- the queries one look-up runs --------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["basis", "--article", "52", "--lang", "ru"],
        ["basis", "--act", "Copenhagen", "--provision", "7.5"],
        ["basis", "--act", "jk-rules-law", "--lang", "ky"],
    ],
)
def test_basis_reads_the_acts_once(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The act was resolved from one run of legal-acts and named from a second run of it."""
    ran: list[str] = []
    real = EmbeddedBackend.select

    def counted(self: EmbeddedBackend, sparql: str) -> ResultTable:
        ran.append(sparql)
        return real(self, sparql)

    monkeypatch.setattr(EmbeddedBackend, "select", counted)
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert sum(LEGAL_ACTS in q for q in ran) == 1
    assert "»" in out or "Copenhagen" in out  # the act still named in the reader's language


# --- the status lines under the table: each thing said once --------------------------------

READ = {
    "en": "the edition the study read",
    "ru": "редакция, которую читало исследование",
    "ky": "изилдөө окуган редакция",
}
PERIOD = {"en": "(the assessment's period)", "ru": "(период оценки)", "ky": "(баалоонун мезгили)"}
CONSTITUTION = {
    "en": "Constitution of the Kyrgyz Republic",
    "ru": "Конституция Кыргызской Республики",
    "ky": "Кыргыз Республикасынын Конституциясы",
}


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_status_line_says_each_thing_once(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The line was "Constitution of the Kyrgyz Republic, at 2016 (the assessment's period): the
    edition the study read: Constitution of the Kyrgyz Republic: the edition the study read (2016)"
    under a header that had already said "at 2016 (the assessment's period)"."""
    code, out, err = run(capsys, "basis", "--article", "52", "--lang", lang)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if line.startswith("! ")]
    assert line.count(READ[lang]) == 1 and line.count(CONSTITUTION[lang]) == 1 and line.count("2016") == 1
    assert "6.1.1" in line  # the source of the fact stays on its line
    assert out.count(PERIOD[lang]) == 1  # in the header


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_edition_line_at_another_date_says_it_once(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "basis", "--article", "52", "--at", "2022-01-01", "--lang", lang)
    assert code == 0, err
    notes = out[out.index("2022-01-01") :]
    (edition,) = [line for line in notes.splitlines() if "6.1.1" in line]
    assert "2016" in edition and edition.count("2016") == 1 and CONSTITUTION[lang] not in edition
    assert notes.count(PERIOD[lang]) == 1
