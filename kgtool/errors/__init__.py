"""The one place where kgtool's errors are defined.

Library code raises these; only the CLI turns them into exit codes and printed
lines, so callers embedding kgtool get exceptions, never a process exit. Each error
has a stable ID (``area#problem``) that scripts can match and the docs explain, and
a hint that says what to do next.

Every ID is declared once in ``kgtool.errors.catalogue`` (its class, exit code, meaning,
default hint and doc anchor; docs/errors.md is generated from it), and every
``ERROR [id] where: message`` line is written by ``format_error`` (``kgtool.errors.codes``).

The exception classes are defined in ``kgtool.errors.exceptions`` and loaded from here on first
use (PEP 562), so that what the command line needs before it runs anything (the exit codes)
comes without ``dataclasses`` and the catalogue.

May import: nothing of kgtool outside this package.
"""

from __future__ import annotations

from importlib import import_module

from kgtool.errors.codes import EXIT_CODES, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, format_error

# typing.TYPE_CHECKING without importing typing (`kgtool --help` imports this package); mypy
# reads any name TYPE_CHECKING as true
TYPE_CHECKING = False
if TYPE_CHECKING:
    from kgtool.errors.exceptions import EndpointError, InputError, KgtoolError, ReasonerError, UsageError

_CLASSES = ("EndpointError", "InputError", "KgtoolError", "ReasonerError", "UsageError")


def __getattr__(name: str) -> type[KgtoolError]:
    if name not in _CLASSES:
        raise AttributeError(f"module 'kgtool.errors' has no attribute {name!r}")
    value: type[KgtoolError] = getattr(import_module("kgtool.errors.exceptions"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_CLASSES))


__all__ = [
    "EXIT_CODES",
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_OK",
    "EndpointError",
    "InputError",
    "KgtoolError",
    "ReasonerError",
    "UsageError",
    "format_error",
]
