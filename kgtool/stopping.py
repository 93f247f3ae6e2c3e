"""How a kgtool command stops when it is asked to from outside: SIGTERM, which a process manager
or a CI job being cancelled sends, stops it as Ctrl-C does (``Terminated``, a KeyboardInterrupt,
raised where the command is), so that every ``finally`` and ``except KeyboardInterrupt`` runs: a
publish's staging folder is removed, ``validate --jobs``' temporary files and workers go, a
remote load keeps its progress for --resume. Dying of it at once left all that behind.

Python runs a signal's handler wherever the main thread is; where an exception cannot leave (a
``__del__``, a weakref's callback, a fork's hooks) it is only printed ("Exception ignored"), and
the stop would be lost. So a stop that was swallowed is asked again (``sys.unraisablehook``), and a
fork holds it back until it has returned (``sigterm_deferred``). Once raised, a further SIGTERM
is not: it would break into the clean-up the first one started (SIGKILL still ends the process).
A forked child starts with SIGTERM's default action: the parent decides when a child ends.

Part of the foundation: imports the standard library only.
"""

from __future__ import annotations

import _thread
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread while a command runs (``sigterm_stops``)."""


_deferring = 0  # how many ``sigterm_deferred`` blocks the main thread is in
_pending = False  # a SIGTERM came during one: raised as the last of them ends
_raised = False  # the stop was raised: a further SIGTERM does not break into the clean-up it started


def _stop(signum: int, frame: FrameType | None) -> None:
    global _pending, _raised
    if _raised:
        return
    if _deferring:
        _pending = True
        return
    _raised = True
    raise Terminated


# seconds before a swallowed stop is asked again: the main thread is back in ordinary code by then
# (asked at once, from here, it would be raised inside this hook, and lost for good)
ASK_AGAIN_AFTER = 0.05


def _asked_again(unraisable: sys.UnraisableHookArgs) -> None:
    """A ``Terminated`` that could not leave where it was raised: not printed, and asked again in a
    moment (if it lands in such a place again, it comes back here). Anything else goes to the
    hook there was before."""
    global _raised
    if isinstance(unraisable.exc_value, Terminated) and signal.getsignal(signal.SIGTERM) is _stop:
        _raised = False  # it stopped nothing
        again = threading.Timer(ASK_AGAIN_AFTER, _ask_again)
        again.daemon = True
        again.start()
        return
    _before_unraisable(unraisable)


def _ask_again() -> None:
    if signal.getsignal(signal.SIGTERM) is _stop:  # a handler installed since would get a SIGTERM nobody sent
        _thread.interrupt_main(signal.SIGTERM)


_before_unraisable = sys.unraisablehook


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` while the block runs. Only in the main thread and where SIGTERM
    still has its default action: a program that handles SIGTERM itself keeps its handler (the
    command line's entry point asks for this; ``kgtool.cli.main.main`` run in-process does not)."""
    global _before_unraisable, _pending, _raised
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return
    _before_unraisable = sys.unraisablehook
    sys.unraisablehook = _asked_again
    _pending = _raised = False
    signal.signal(signal.SIGTERM, _stop)
    try:
        yield
    finally:
        _raised = True  # a SIGTERM now is not raised inside this clean-up
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.unraisablehook = _before_unraisable
        _pending = _raised = False


@contextmanager
def sigterm_deferred() -> Iterator[None]:
    """A SIGTERM that comes during the block (in the main thread) is raised as it ends, not inside
    it: around a fork, whose hooks (``os.register_at_fork``: logging's lock, among others) would
    only print it. In the forked child the block ends with nothing raised (``_in_child``)."""
    global _deferring, _pending, _raised
    pid = os.getpid()
    _deferring += 1
    try:
        yield
    finally:
        if os.getpid() == pid:
            _deferring -= 1
            if not _deferring and _pending:  # also when the block failed (a fork refused): the stop comes first
                _pending = False
                _raised = True
                raise Terminated


def _in_child() -> None:
    """A forked child starts with SIGTERM's default action and nothing held back: the parent
    decides when it ends, and kills it."""
    global _deferring, _pending, _raised
    _deferring, _pending, _raised = 0, False, False
    if signal.getsignal(signal.SIGTERM) is _stop:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_child)


__all__ = ["Terminated", "sigterm_deferred", "sigterm_stops"]
