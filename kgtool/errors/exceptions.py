"""kgtool's exception classes: ``KgtoolError`` and its kinds (see ``kgtool.errors``, which
names them; they live in a module of their own so that the exit codes can be imported without
``dataclasses``, which costs ``kgtool --help`` a fifth of its start-up)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kgtool.errors.catalogue import declared
from kgtool.errors.codes import EXIT_INPUT, format_error


@dataclass
class KgtoolError(Exception):
    """An error a user can act on: what went wrong, where, and what to do."""

    error_id: str
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    exit_code: int = field(default=EXIT_INPUT, init=False)
    # the catalogue messages that word ``message`` and ``hint`` (with ``values`` filled in), set by
    # ``kgtool.i18n.problems.worded``, so the CLI can say them in the reader's language; empty for
    # an error whose words were chosen where it was raised
    key: str = field(default="", init=False)
    hint_key: str = field(default="", init=False)
    values: dict[str, object] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        """Refuse an undeclared ID (so a typo fails in the tests, not in a user's script), and take
        the catalogue's exit code, and its default hint when the raise site gives none."""
        entry = declared(self.error_id)
        if entry.cls != type(self).__name__:
            expected = entry.cls or "no exception"
            raise TypeError(f"{self.error_id} is declared as {expected}, not {type(self).__name__}")
        self.exit_code = entry.exit_code if entry.exit_code is not None else EXIT_INPUT
        if not self.hint:
            self.hint = entry.hint

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
        return format_error(self.error_id, self.message, self.location(), self.hint)


class InputError(KgtoolError):
    """A file that cannot be read as RDF: missing, empty, wrongly encoded, bad syntax."""


class UsageError(KgtoolError):
    """Arguments that do not name anything kgtool knows (unknown query, act, process…)."""


class EndpointError(KgtoolError):
    """A remote SPARQL endpoint that cannot be reached or answers badly."""


class ReasonerError(KgtoolError):
    """The OWL reasoner could not run (e.g. no Java on the machine)."""
