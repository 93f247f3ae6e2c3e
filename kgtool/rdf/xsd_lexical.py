"""Whether a literal's lexical form is a value of its XSD datatype, by XML Schema 1.1 part 2's
lexical rules, for the datatypes ``kgtool load`` judges (``literal_forms.LoadCheck``): integers and
their subtypes, decimals, doubles and floats, booleans, dates, dateTimes (and dateTimeStamps) and
gYears.

Why its own rules and not rdflib's or Python's: those accept what XSD does not, and stores change
such literals. Python's ``int`` and ``Decimal`` read Arabic-Indic digits (``"١٢"``), underscores
(``"1_000"``) and ``"1e5"`` as a decimal; ``float`` reads ``"inf"`` and ``"Infinity"``. Measured
on an Oxigraph server and Virtuoso 7.2 (session 10): Virtuoso stores ``"١٢"^^xsd:integer`` as
``0``, ``"1_000"`` as ``1``, ``"1e5"^^xsd:integer`` as ``1`` (as a document) or ``100000``
(SPARQL Update), ``"1e5"^^xsd:decimal`` as ``100000`` (SPARQL Update), ``"20"^^xsd:gYear`` as
``"0020"`` and ``"2020-01-05T10:00"^^xsd:dateTime`` with ``:00`` added; an Oxigraph server makes
``"inf"^^xsd:double`` the valid ``INF``. Both keep ``"2020-13-45"^^xsd:date`` as written.

The forms are ASCII only: ``[0-9]`` is matched, never ``\\d``. The whiteSpace facet of all these
datatypes is ``collapse`` (fixed): the form is judged after spaces, tabs and line ends at either
end are taken away (a space left inside is in no lexical form here, so collapsing the inner runs
changes no answer); other Unicode spaces are not XML white space and are refused.
"""

from __future__ import annotations

import re

from kgtool.vocab import XSD

# the integer subtypes and their bounds (None: none); a store folds them into xsd:integer
BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}

INTEGER = r"[+-]?[0-9]+"
DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_FLOAT = DECIMAL + r"(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN"
# yearFrag: four digits at least, no leading zero past four; then month, day (day-of-month below)
_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_DATE = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"

# the datatype's IRI -> its lexical form, whether its day of the month is to be checked, and its
# bounds (an integer subtype's; None: none)
_Form = tuple[re.Pattern[str], bool, tuple[int | None, int | None] | None]
_FORMS: dict[str, _Form] = {
    **{XSD + name: (re.compile(INTEGER), False, BOUNDS.get(name)) for name in (*BOUNDS, "integer")},
    XSD + "decimal": (re.compile(DECIMAL), False, None),
    XSD + "float": (re.compile(_FLOAT), False, None),
    XSD + "double": (re.compile(_FLOAT), False, None),
    XSD + "boolean": (re.compile("true|false|1|0"), False, None),
    XSD + "date": (re.compile(_DATE + _ZONE + "?"), True, None),
    XSD + "dateTime": (re.compile(_DATE + "T" + _TIME + _ZONE + "?"), True, None),
    XSD + "dateTimeStamp": (re.compile(_DATE + "T" + _TIME + _ZONE), True, None),
    XSD + "gYear": (re.compile(_YEAR + _ZONE + "?"), False, None),
}
JUDGED = frozenset(_FORMS)
_WHITE = " \t\n\r"  # XML's white space, which the collapse facet takes away
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def of_datatype(value: str, datatype: str) -> bool:
    """Whether ``value`` is a value of ``datatype`` (an IRI in ``JUDGED``): in its lexical space
    once collapsed, with a day that its month has and, for an integer subtype, within its bounds.
    (Called once per distinct literal of a load: kept to one dictionary look-up and one match.)"""
    form, dated, bounds = _FORMS[datatype]
    collapsed = value.strip(_WHITE)
    match = form.fullmatch(collapsed)
    if match is None:
        return False
    if dated and match[2] > "28":  # groups: month, day (two digits); the year precedes the month
        return int(match[2]) <= _days_in(collapsed[: match.start(1) - 1], int(match[1]))
    return bounds is None or within(collapsed, *bounds)


def within(integer: str, low: int | None, high: int | None) -> bool:
    """Whether an integer's lexical form (``INTEGER``) lies within the bounds. A number of more than
    40 digits is past every bound (20 digits at most), judged by its sign: ``int()`` stops at 4,300
    digits, leading zeros included, so they are taken away first."""
    digits = integer.lstrip("+-").lstrip("0")
    if len(digits) > 40:
        return (low if integer.startswith("-") else high) is None
    number = -int(digits or "0") if integer.startswith("-") else int(digits or "0")
    return (low is None or number >= low) and (high is None or number <= high)


def _days_in(year_text: str, month: int) -> int:
    """XSD's day-of-month constraint; a leap year is one divisible by 400, or by 4 and not by 100
    (year 0000, 1 BCE, is one; XSD 1.1 counts it). Only the year's last four digits decide it
    (10,000 is a multiple of 400), so a year of any length is judged: ``int()`` stops at 4,300
    digits."""
    digits = year_text.lstrip("-")[-4:]
    year = -int(digits) if year_text.startswith("-") else int(digits)
    if month == 2 and not (year % 400 == 0 or (year % 4 == 0 and year % 100 != 0)):
        return 28
    return _DAYS[month - 1]
