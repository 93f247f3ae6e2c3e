"""The verbs of `kgtool`: one module per verb in this package (``kgtool/cli/<verb>.py``), each
exposing ``register(subparsers)`` and a ``run(args)``.

The order here is the order of ``kgtool --help``.
"""

from __future__ import annotations

import argparse
from importlib import import_module

COMMANDS = (
    "build",
    "validate",
    "indices",
    "gaps",
    "basis",
    "cite",
    "diff",
    "query",
    "search",
    "load",
    "report",
    "publish",
    "serve",
    "template",
    "export",
    "import",
)
# a verb whose name is a Python keyword lives in a module named with a trailing underscore
MODULES = {"import": "import_"}


def register_all(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for name in COMMANDS:
        import_module(f"kgtool.cli.{MODULES.get(name, name)}").register(sub)
