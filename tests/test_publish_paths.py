"""A resource's IRI that the file system cannot take as a path: a segment longer than a file
name may be is left out with a warning, as an IRI with characters no file name has is
(publish#unsafe-iri); a path the system refuses all the same (over PATH_MAX) stops the publish
with publish#cannot-write naming the file, not a crash (it was internal#unexpected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.site.conneg import MAX_SEGMENT, local_path, why_no_files
from kgtool.vocab import DATA_NAMESPACE


def labelled(path: Path, names: list[str]) -> Path:
    """A Turtle file of resources ``names`` under the data namespace, each with a label."""
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f'<{DATA_NAMESPACE}t/{name}> rdfs:label "{name[:10]}"@en .' for name in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_segment_is_at_most_a_file_name_less_the_longest_ending() -> None:
    assert MAX_SEGMENT + len(".csl.json") == 255
    assert local_path(f"{DATA_NAMESPACE}t/{'a' * MAX_SEGMENT}") == f"t/{'a' * MAX_SEGMENT}"
    assert local_path(f"{DATA_NAMESPACE}t/{'a' * (MAX_SEGMENT + 1)}") is None
    assert local_path(f"{DATA_NAMESPACE}{'a' * (MAX_SEGMENT + 1)}/t") is None


@pytest.mark.parametrize(
    ("iri", "reason"),
    [
        (f"{DATA_NAMESPACE}t/short", None),
        ("/".join([DATA_NAMESPACE + "t"] + ["s" * 200] * 3), None),  # a long path of short segments
        ("https://example.org/t/short", "outside"),
        (f"{DATA_NAMESPACE}t/a b", "characters"),
        (f"{DATA_NAMESPACE}t/.hidden", "characters"),
        (f"{DATA_NAMESPACE}t/{'a' * (MAX_SEGMENT + 1)}", "too-long"),
        (f"{DATA_NAMESPACE}t/{'a' * (MAX_SEGMENT + 1)} b", "characters"),  # both: the characters first
    ],
)
def test_why_no_files_names_the_rule_local_path_applies(iri: str, reason: str | None) -> None:
    assert why_no_files(iri) == reason
    assert (local_path(iri) is None) == (reason is not None)


def test_a_segment_too_long_for_a_file_name_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    longest, over = "r" * MAX_SEGMENT, "s" * (MAX_SEGMENT + 1)
    data = labelled(tmp_path / "long.ttl", ["short", longest, over])
    assert main(["publish", "--data", str(data), str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    warning = f"WARNING [publish#unsafe-iri] no documents for {DATA_NAMESPACE}t/{over}: a segment of its path"
    assert warning in err and f"({MAX_SEGMENT} characters)" in err and "Traceback" not in err
    for name in ("short", longest):  # the longest allowed gets every file, its citations' too
        for file in (f"data/t/{name}.jsonld", f"page/t/{name}.html", f"page/t/{name}.csl.json"):
            assert (tmp_path / "site" / file).is_file(), file
    assert not list((tmp_path / "site").rglob(f"{over}*"))


def test_the_warning_is_in_the_sites_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = labelled(tmp_path / "long.ttl", ["short", "s" * (MAX_SEGMENT + 1)])
    assert main(["publish", "--lang", "ru", "--data", str(data), str(tmp_path / "site")]) == 0
    assert "часть его пути длиннее, чем допускает имя файла" in capsys.readouterr().err


def test_a_path_the_system_refuses_is_a_clear_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "/".join(["d" * 240] * 18)  # each segment a file name, the whole over PATH_MAX (4,096)
    data = labelled(tmp_path / "deep.ttl", ["short", deep])
    assert main(["publish", "--jobs", "1", "--data", str(data), str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "ERROR [publish#cannot-write]" in err and "File name too long" in err
    assert f"data/t/{deep}.ttl" in err and "nothing was published" in err
    assert "internal#unexpected" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.ttl"]  # no site, no staging folder
