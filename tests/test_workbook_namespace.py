"""The namespace a workbook's ids are paths from (``--base`` of import, export and diff) must be an
absolute IRI ending in '/': the ids are resolved against it, so ``…/id`` made ``exampleland/…``
into ``…/kgtool/exampleland/…`` (a diff then reported the whole round as changed, exit 0), and a
relative one was resolved against a temporary file (its random name in the output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.iri import is_namespace

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example"
BOOK = EXAMPLE / "exampleland-2020-workbook"
BAD = ["https://example.org/kgtool/id", "https://example.org/kgtool/id#", "example.org/kgtool/id/", "foo", ""]


@pytest.mark.parametrize("base", BAD)
def test_a_base_that_is_no_namespace_is_refused_by_import_export_and_diff(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = [
        ["import", str(BOOK), "--base", base, "-o", str(tmp_path / "out")],
        ["export", str(EXAMPLE / "exampleland-country.ttl"), str(EXAMPLE / "exampleland-2016.ttl")]
        + ["--base", base, "-o", str(tmp_path / "out.xlsx")],
        ["diff", str(EXAMPLE / "exampleland-2016.ttl"), str(BOOK), "--base", base]
        + ["--data", str(EXAMPLE / "exampleland-country.ttl")],
    ]
    for argv in runs:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f'ERROR [workbook#bad-base] --base "{base}" is not a namespace'), err
        # the namespace meant, '/' added (or put for the '#'), else the tutorial's
        assert "e.g. --base https://example.org/kgtool/id/" in err
    assert list(tmp_path.iterdir()) == []


def test_the_refusal_is_in_the_readers_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KGTOOL_LANG", "ru")
    assert main(["import", str(BOOK), "--base", "https://example.org/kgtool/id", "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "ERROR [workbook#bad-base]" in err and "пространство имён" in err and "namespace" not in err


def test_what_a_namespace_is() -> None:
    assert is_namespace("https://example.org/kgtool/id/") and is_namespace("http://a.example/")
    assert not any(is_namespace(b) for b in BAD)
    assert not is_namespace("https://example.org/a b/") and not is_namespace("https://example.org/<a>/")
