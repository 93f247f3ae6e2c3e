"""The old home of kgtool's words, kept so that code written against it keeps working.

The words now live in gettext catalogues (``kgtool/locale/<lang>/LC_MESSAGES/kgtool.po``),
read by :mod:`kgtool.i18n.catalogue`. ``STRINGS`` stays as an empty table in the old
``{key: {"en": …, "ru": …, "ky": …}}`` form: an entry added here is shown until
``python -m kgtool.i18n.migrate`` moves it into the catalogues (a test fails while any is left).
"""

from __future__ import annotations

from kgtool.i18n.catalogue import has, number, percent, t, tn

__all__ = ["STRINGS", "has", "number", "percent", "t", "tn"]

STRINGS: dict[str, dict[str, str]] = {}
