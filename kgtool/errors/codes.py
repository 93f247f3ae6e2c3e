"""Exit codes and the one way kgtool words a problem line: pure text, imported by the error
classes and by the catalogue alike (so neither imports the other)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

EXIT_CODES = {
    EXIT_OK: "success; for validate: the data conforms",
    EXIT_FINDINGS: "validate found problems at or above --fail-on",
    EXIT_INPUT: "the input could not be read or the command could not run "
    "(missing file, syntax error, unknown format, empty input, unreachable endpoint, bad arguments), or it was stopped (Ctrl-C, SIGTERM)",
}


def format_error(error_id: str, message: str, where: str = "", hint: str = "", level: str = "ERROR") -> str:
    """The one way kgtool words a problem: ``LEVEL [id] where: message`` and an indented hint line.

    The CLI prints it, ``kgtool serve`` answers it as a text body, so scripts match one form.
    """
    text = f"{level} [{error_id}] " + (f"{where}: " if where else "") + message
    if hint:
        text += f"\n  hint: {hint}"
    return text
