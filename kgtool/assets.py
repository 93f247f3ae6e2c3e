"""Where the ontology, shapes, queries and data that ship with kgtool are found.

An installed (wheel) kgtool carries them as package data under ``kgtool/_assets``;
a source checkout (editable install, or running from the repository) has them at
the repository's top level, where contributors edit them. Both resolve here, so no
other module needs to know which case it is in. ``KGTOOL_ASSETS`` overrides both.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from kgtool.errors import KgtoolError

ASSET_DIRS = ("ontology", "shapes", "queries", "data")


def assets_root() -> Path:
    """The directory holding ``ontology/``, ``shapes/``, ``queries/`` and ``data/``."""
    override = os.environ.get("KGTOOL_ASSETS")
    if override:
        return Path(override)
    packaged = Path(str(resources.files("kgtool"))) / "_assets"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = Path(str(resources.files("kgtool"))).parent
    if (checkout / "ontology").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    from kgtool.i18n.problems import worded  # only when it fails: the catalogues cost start-up time

    raise worded(KgtoolError, "setup#no-assets", "setup.no_assets")


def display_path(path: Path | str) -> str:
    """How a file is named to people: kgtool's own files relative to the assets root
    (``data/appendix.ttl``, the same in a checkout and in an installed package, and the path
    a CI annotation needs), any other file as it was given."""
    try:
        inside = Path(path).resolve().relative_to(assets_root().resolve())
    except (ValueError, KgtoolError):
        return str(path)
    return inside.as_posix() if inside.parts[0] in ASSET_DIRS else str(path)


def asset_dir(name: str) -> Path:
    if name not in ASSET_DIRS:
        raise ValueError(f"unknown asset folder {name!r}")
    return assets_root() / name


def asset_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """The files of one asset folder, sorted so every run loads them in the same order."""
    return sorted(asset_dir(name).rglob(pattern))


def ontology_files() -> list[Path]:
    return asset_files("ontology")


def data_files() -> list[Path]:
    return asset_files("data")


def shape_files() -> list[Path]:
    return asset_files("shapes")
