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
