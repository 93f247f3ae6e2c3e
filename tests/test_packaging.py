"""An installed (non-editable) kgtool finds its ontology, shapes, queries and data."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import rdflib


def test_wheel_ships_every_asset_folder() -> None:
    files = {str(f) for f in metadata.files("kgtool") or []}
    for expected in ("kgtool/_assets/ontology/kgtool.ttl", "kgtool/_assets/data/assessment.ttl"):
        assert expected in files, (
            f"{expected} is not in the installed kgtool: install with 'pip install .' (not -e), "
            "and check [tool.hatch.build.targets.wheel.force-include] in pyproject.toml"
        )
    for folder in ("shapes", "queries"):
        assert any(f.startswith(f"kgtool/_assets/{folder}/") for f in files), folder


def test_installed_cli_builds_outside_the_checkout(tmp_path: Path) -> None:
    out = tmp_path / "kg.nt"
    # -I: isolated mode, so the checkout's kgtool/ is not importable and the installed copy runs.
    proc = subprocess.run(
        [sys.executable, "-I", "-m", "kgtool", "build", "--format", "nt", "-o", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    located = subprocess.run(
        [sys.executable, "-I", "-c", "from kgtool.assets import assets_root; print(assets_root())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "_assets" in located.stdout, located.stdout + located.stderr
    assert len(rdflib.Graph().parse(out, format="nt")) > 2000


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "kgtool"
    assert script.exists()
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "exit codes" in proc.stdout


def test_installed_validate_names_its_own_files_from_the_assets_root(tmp_path: Path) -> None:
    """Findings about kgtool's own data point at data/appendix.ttl, not at a path in site-packages."""
    proc = subprocess.run(
        [sys.executable, "-I", "-m", "kgtool", "validate", "--no-reasoner", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    files = {f["file"] for f in report["findings"]}
    assert "data/appendix.ttl" in files and not any("site-packages" in f for f in files if f)


def test_installed_validate_takes_a_users_shapes_in_every_format(tmp_path: Path) -> None:
    """``kgtool validate --shapes FILE`` (repeatable) and ``--only-shapes`` from the installed
    package, outside the checkout, in all four output formats: the user's findings with file and
    line, and the engine that judged each of the user's shapes (issue 15)."""
    import shutil
    from xml.etree import ElementTree as ET

    repo = Path(__file__).resolve().parents[1]
    rules = tmp_path / "kyrgyz-rules.ttl"
    shutil.copy(repo / "docs" / "examples" / "kyrgyz-rules.ttl", rules)
    base = (repo / "tests" / "fixtures" / "shapes" / "_base.ttl").read_text(encoding="utf-8")
    (tmp_path / "early.ttl").write_text(base.replace('"2016"^^xsd:gYear', '"1989"^^xsd:gYear'), encoding="utf-8")
    line = next(n for n, text in enumerate(base.splitlines(), 1) if text.startswith("<assessment>"))
    # a second --shapes file: every assessment names a period at most once (it does: no finding)
    (tmp_path / "once.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix kgo: <https://w3id.org/kgtool/ontology#> .\n"
        "<https://example.org/mine#OnePeriod> a sh:NodeShape ; sh:targetClass kgo:Assessment ;\n"
        "  sh:property [ sh:path kgo:period ; sh:maxCount 1 ] .\n",
        encoding="utf-8",
    )
    period = "https://example.org/kyrgyz-rules#KyrgyzAssessmentPeriodShape"

    def validate(*args: str) -> tuple[int, str]:
        proc = subprocess.run(
            [sys.executable, "-I", "-m", "kgtool", "validate", "early.ttl", "--no-reasoner", "-q", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc.returncode, proc.stdout

    mine = ["--shapes", "kyrgyz-rules.ttl", "--shapes", "once.ttl"]
    code, out = validate(*mine, "--format", "text")
    assert code == 1 and f"early.ttl:{line}" in out and "covers 1991 (independence)" in out
    assert "SHACL engine" in out
    code, out = validate(*mine, "--format", "json")
    doc = json.loads(out)
    assert code == 1 and (period, "early.ttl", line) in {(f["shape"], f["file"], f["line"]) for f in doc["findings"]}
    judged = {e["shape"]: e["engine"] for e in doc["engines"]}
    assert judged[period] == "fast" and judged["https://example.org/mine#OnePeriod"] == "fast"
    assert any(not s.startswith("https://example.org/") for s in judged), "the project's shapes ran too"
    code, out = validate(*mine, "--only-shapes", "--format", "json")
    only = json.loads(out)
    assert code == 1 and all(e["shape"].startswith("https://example.org/") for e in only["engines"])
    code, out = validate(*mine, "--format", "junit")
    case = ET.fromstring(out).find(f".//testcase[@name='{period}']")
    assert code == 1 and case is not None and case.find("failure") is not None
    assert case.find("properties/property[@name='engine']").get("value") == "fast"  # type: ignore[union-attr]
    code, out = validate(*mine, "--format", "github")
    assert (
        code == 1
        and f"::error file=early.ttl,line={line},title=kgtool validate%3A KyrgyzAssessmentPeriodShape::" in out
    )
    assert f"judged by the fast engine: compiled to SPARQL <{period}>" in out
