"""The old home of kgtool's words, kept so that code written against it keeps working.

The words now live in gettext catalogues (``kgtool/locale/<lang>/LC_MESSAGES/kgtool.po``),
read by :mod:`kgtool.i18n.catalogue`; ``t``, ``tn``, ``has`` and ``percent`` are re-exported
from there. ``STRINGS`` stays as an empty table in the old ``{key: {"en": …, "ru": …, "ky": …}}``
form for code written against it: ``python -m kgtool.i18n.migrate`` moves any entry added here
into the catalogues (a test fails while one is left).
"""

from __future__ import annotations

from kgtool.i18n.catalogue import has, number, percent, t, tn

__all__ = ["STRINGS", "has", "number", "percent", "t", "tn"]

STRINGS: dict[str, dict[str, str]] = {}
