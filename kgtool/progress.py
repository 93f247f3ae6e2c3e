"""Progress for long operations: drawn on a terminal, silent in CI logs.

A ``Progress`` draws one self-overwriting line on standard error (count, share done,
rate, time left) only when that stream is a terminal and the user did not ask for
``--quiet``; anywhere else — a CI log, a pipe, a file, ``TERM=dumb`` — it draws
nothing, so logs stay clean. It never writes to standard output.

Wiring it into a command (the API other commands use)::

    from kgtool.progress import Progress, add_quiet_option

    # in register():  add_quiet_option(parser)          # adds -q/--quiet
    # in run():
    with Progress("validating", total=len(shapes), unit="shapes", quiet=args.quiet) as bar:
        for shape in shapes:
            check(shape)
            bar.advance()              # one more unit done
            bar.write("note: …")       # a line that stays, printed above the bar

``Progress(label, total=None, unit="items", quiet=False, stream=None, words=None)``
    ``total`` may be unknown (``None``): the line then shows count and rate only.
    ``words`` turns a label or unit (named in English) into the reader's words
    (``kgtool.i18n.catalogue.progress_words(lang)``).
    ``stream`` defaults to ``sys.stderr``; ``enabled`` says whether anything is drawn.
``advance(n=1)``
    ``n`` more units done.
``update(done, fraction=None)``
    set the count; ``fraction`` (0–1) is the share done when it is measured in
    something other than the count (``kgtool load`` counts statements but knows its
    share done from the bytes read), and gives the bar and the time left.
``phase(label)``
    name a new stage of the work (the line's label), drawn at once.
``set_total(total)``, ``write(text)``, ``close()``
    ``write`` prints a line (always, bar or not) without garbling the bar; ``close``
    (or leaving the ``with`` block) erases the bar so the command's own summary
    line is what remains.

``should_draw(stream, quiet)`` is the rule itself, for a command that wants to know.
Library functions take a ``Progress`` (or ``None``) from their command and call
``update``/``advance``; they never decide whether to draw.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self, TextIO

REFRESH_SECONDS = 0.2


QUIET_HELP = "draw no progress line (one is drawn only when standard error is a terminal anyway)"


def add_quiet_option(parser: argparse.ArgumentParser, help: str = QUIET_HELP) -> None:
    """Add ``-q/--quiet`` (``args.quiet``) to a command; say in ``help`` what else it silences."""
    parser.add_argument("-q", "--quiet", action="store_true", help=help)


def should_draw(stream: TextIO, quiet: bool = False) -> bool:
    """Whether a progress line belongs on this stream: a terminal, not --quiet, not TERM=dumb."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Progress:
    """One progress line on a terminal; nothing anywhere else."""

    def __init__(
        self,
        label: str,
        total: float | None = None,
        unit: str = "items",
        quiet: bool = False,
        stream: TextIO | None = None,
        words: Callable[[str], str] | None = None,
    ) -> None:
        # the reader's words for a label or unit ("validating", "shapes"), given by the command,
        # which knows the reader's language; library code names its phases in English
        self.words = words or (lambda text: text)
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = should_draw(self.stream, quiet)
        self.done = 0.0
        self.fraction: float | None = None
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._drawn = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def phase(self, label: str) -> None:
        """Name a new stage of the work (e.g. "switching" after "loading"); redraws at once."""
        self.label = label
        self._draw(force=True)

    def set_total(self, total: float | None) -> None:
        self.total = total
        self._draw()

    def advance(self, n: float = 1) -> None:
        self.update(self.done + n)

    def update(self, done: float, fraction: float | None = None) -> None:
        self.done = done
        if fraction is not None:
            self.fraction = min(max(fraction, 0.0), 1.0)
        self._draw()

    def write(self, text: str) -> None:
        """A line that stays: erases the bar, prints the text, redraws the bar."""
        if self._drawn:
            self._erase()
        print(text, file=self.stream, flush=True)
        self._draw(force=True)

    def close(self) -> None:
        if self._drawn:
            self._erase()

    def line(self, width: int = 80) -> str:
        """The text of the progress line (without terminal control characters)."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        share = self.share()
        parts = [
            f"{self.words(self.label)}: {_count(self.done)}"
            + (f"/{_count(self.total)}" if self.total else "")
            + (f" {self.words(self.unit)}" if self.unit else "")
        ]
        if share is not None:
            filled = int(share * 16)
            parts.append(f"{share * 100:3.0f}% [" + "#" * filled + "-" * (16 - filled) + "]")
        if elapsed >= 0.5 and self.done:
            parts.append(f"{_count(self.done / elapsed)}/s")
        if share is not None and 0 < share < 1 and elapsed >= 1:
            parts.append("ETA " + _duration(elapsed * (1 - share) / share))
        else:
            parts.append(_duration(elapsed))
        text = "  ".join(parts)
        return text if len(text) < width else text[: max(width - 2, 1)] + "…"

    def share(self) -> float | None:
        if self.fraction is not None:
            return self.fraction
        if self.total:
            return min(self.done / self.total, 1.0)
        return None

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and self._drawn and now - self._drawn_at < REFRESH_SECONDS:
            return
        width = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r" + self.line(width) + "\x1b[K")
        self.stream.flush()
        self._drawn_at = now
        self._drawn = True

    def _erase(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
        self._drawn = False


def _count(value: float) -> str:
    if value >= 10_000_000:
        return f"{value / 1_000_000:.1f}M"
    return f"{value:,.0f}"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
