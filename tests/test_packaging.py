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
