"""The one place where kgtool's errors are defined.

Library code raises these; only the CLI turns them into exit codes and printed
lines, so callers embedding kgtool get exceptions, never a process exit. Each error
has a stable ID (``area#problem``) that scripts can match and the docs explain, and
a hint that says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

EXIT_CODES = {
    EXIT_OK: "success; for validate: the data conforms",
    EXIT_FINDINGS: "validate found problems at or above --fail-on",
    EXIT_INPUT: "the input could not be read or the command could not run "
    "(missing file, syntax error, unknown format, empty input, unreachable endpoint, bad arguments)",
}


@dataclass
class KgtoolError(Exception):
    """An error a user can act on: what went wrong, where, and what to do."""

    error_id: str
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    exit_code: int = EXIT_INPUT

    def location(self) -> str:
        if not self.file:
            return ""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        where = self.location()
        text = f"ERROR [{self.error_id}] " + (f"{where}: " if where else "") + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(KgtoolError):
    """A file that cannot be read as RDF: missing, empty, wrongly encoded, bad syntax."""


class UsageError(KgtoolError):
    """Arguments that do not name anything kgtool knows (unknown query, act, process…)."""


class EndpointError(KgtoolError):
    """A remote SPARQL endpoint that cannot be reached or answers badly."""


class ReasonerError(KgtoolError):
    """The OWL reasoner could not run (e.g. no Java on the machine)."""
