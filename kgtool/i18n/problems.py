"""Errors worded from the catalogues, so that the command line says them in the reader's language.

Library code that reads files, talks to an endpoint or checks options does not know who reads
its errors (a caller embedding kgtool, the CLI with ``--lang ru``, ``kgtool serve``), and
threading a language through every function that may fail would touch them all. So such an
error is raised in English, as before, but remembers which catalogue messages word it and with
which values: ``worded(InputError, "load#missing-file", "load.missing_file")``. The CLI, which
knows the reader's language, prints it with ``in_language``; everything else (``str(exc)``,
``kgtool serve``'s answers, a caller's ``exc.message``) sees the English, byte for byte as the
catalogue's English says.

A message's hint is the message ``<key>_hint`` when the catalogue has one, or the key given as
``hint_key``. Words a caller changes after the raise (``exc.hint = …``) are kept as changed:
only words still equal to the catalogue's English are replaced by their translation. A caller
that adds words to an error raised elsewhere (``…; nothing was loaded, the store is unchanged``)
does it with ``reworded``, so that the whole line still follows the reader. A value may itself be
a message (``Phrase``; a count, ``Plural``; a list of lines, ``Joined``): a workbook's list of
problems is one value, each problem's words said in the reader's language.
"""

from __future__ import annotations

from typing import TypeVar

from kgtool.errors import KgtoolError, format_error
from kgtool.i18n.catalogue import DEFAULT_LANG, Phrase, has, t

E = TypeVar("E", bound=KgtoolError)


def worded(
    cls: type[E],
    error_id: str,
    key: str,
    *,
    hint_key: str | None = None,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    **values: object,
) -> E:
    """The error ``error_id`` of class ``cls``, its message the catalogue's ``key`` in English
    (and its hint ``hint_key``, by default ``key + "_hint"`` when there is one), with ``values``."""
    if hint_key is None:
        hint_key = key + "_hint" if has(key + "_hint") else ""
    hint = t(hint_key, DEFAULT_LANG, **values) if hint_key else ""
    error = cls(error_id, t(key, DEFAULT_LANG, **values), hint=hint, file=file, line=line, column=column)
    error.key, error.hint_key, error.values = key, hint_key, dict(values)
    return error


def words_of(error: KgtoolError) -> Phrase | str:
    """An error's message as a value of another message: its phrase while it is the catalogue's
    (then said in the reader's language), else its text as it is."""
    if error.key and error.message == t(error.key, DEFAULT_LANG, **error.values):
        return Phrase(error.key, **error.values)
    return error.message


def message_in(error: KgtoolError, lang: str) -> str:
    """An error's message (without its ID, place and hint) in ``lang``: for a note that quotes it."""
    words = words_of(error)
    return words.said(lang) if isinstance(words, Phrase) else words


def reworded(error: E, key: str | None = None, hint_key: str | None = None, **values: object) -> E:
    """``error`` with its message put in the catalogue's message ``key`` as ``{before}`` (its hint
    in ``hint_key`` as ``{hint_before}``), with ``values``: words a caller adds to an error raised
    elsewhere (``{before}; nothing was loaded, the store is unchanged``), said in the reader's
    language like the rest of the line. Words the error already had keep following the reader."""
    hint_before: Phrase | str = error.hint
    if error.hint_key and error.hint == t(error.hint_key, DEFAULT_LANG, **error.values):
        hint_before = Phrase(error.hint_key, **error.values)
    merged = {**error.values, **values, "before": words_of(error), "hint_before": hint_before}
    if key is not None:
        error.key, error.message = key, t(key, DEFAULT_LANG, **merged)
    if hint_key is not None:
        error.hint_key, error.hint = hint_key, t(hint_key, DEFAULT_LANG, **merged)
    error.values = merged
    return error


def in_language(error: KgtoolError, lang: str) -> str:
    """The printed line of ``error`` (level, ID, where, message, hint) in ``lang``: the fixed
    form scripts match (the level, the ID, ``hint:``) stays, the words are the reader's."""
    message, hint = error.message, error.hint
    if error.key and message == t(error.key, DEFAULT_LANG, **error.values):
        message = t(error.key, lang, **error.values)
    if error.hint_key and hint == t(error.hint_key, DEFAULT_LANG, **error.values):
        hint = t(error.hint_key, lang, **error.values)
    return format_error(error.error_id, message, error.location(), hint)


def how_it_ended(code: int | None) -> Phrase:
    """How a child process ended, for the errors that say so (``publish#process-lost``,
    ``publish#writer-lost``, ``validate#worker-lost``), in the words of the reader's language:
    ``code`` as ``os.waitstatus_to_exitcode`` or ``Process.exitcode`` give it, None for one not
    ended."""
    if code is None:
        return Phrase("process.still_running")
    if code < 0:
        return Phrase("process.ended_by_signal", number=-code)
    return Phrase("process.ended_with_code", number=code)
