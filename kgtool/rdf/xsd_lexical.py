"""Whether a literal's lexical form is a value of its XSD datatype, by XML Schema 1.1 part 2's
lexical rules, for every XSD datatype a SPARQL store reads as a value (``JUDGED``): integers and
their subtypes, decimals, doubles and floats, booleans, dates, times, dateTimes (and
dateTimeStamps), the date parts (gYear, gYearMonth, gMonth, gDay, gMonthDay), durations (and
dayTimeDuration, yearMonthDuration), hexBinary and base64Binary. ``kgtool load`` refuses a
literal that is not (``literal_forms.LoadCheck``), ``kgtool build`` and ``publish`` too
(``literal_forms.refuse_ill_typed``), and ``kgtool validate``'s ``sh:datatype`` judges by the same
rule (``kgtool.shacl.engine.datatype_matches``), so the three agree on every spelling.

Why its own rules and not rdflib's or Python's: those accept what XSD does not, and stores change
such literals. Python's ``int`` and ``Decimal`` read Arabic-Indic digits (``"١٢"``), underscores
(``"1_000"``), white space (``" 12 "``) and ``"1e5"`` as a decimal; ``float`` reads ``"inf"`` and
``"Infinity"``; rdflib reads ``"P1DT"`` as the duration ``P1D`` and refuses the valid
``"0000-01-01"^^xsd:date`` and ``"24:00:00"^^xsd:time``. Measured on an Oxigraph server and
Virtuoso 7.2 (session 10): Virtuoso stores ``"١٢"^^xsd:integer`` as ``0``, ``"1_000"`` as ``1``,
``"1e5"^^xsd:integer`` as ``1`` (as a document) or ``100000`` (SPARQL Update),
``"1e5"^^xsd:decimal`` as ``100000`` (SPARQL Update), ``"20"^^xsd:gYear`` as ``"0020"`` and
``"2020-01-05T10:00"^^xsd:dateTime`` with ``:00`` added; an Oxigraph server makes
``"inf"^^xsd:double`` the valid ``INF`` and ``"P1DT"^^xsd:duration`` the valid ``P1D``. Both keep
``"2020-13-45"^^xsd:date`` as written.

White space is judged as written (session 11): a literal's lexical form must itself be in the
datatype's lexical space (RDF 1.1 Concepts, 3.3: otherwise the literal is ill-typed). XSD's
whiteSpace facet (``collapse`` for these datatypes) is a step of schema processing, applied to an
XML element's text before it is read, not part of the lexical space: no lexical form of an
integer holds a space. And stores differ on it: Oxigraph keeps ``" 12 "^^xsd:integer`` as an
ill-typed literal (not a number: ``isNumeric`` is false), Virtuoso stores ``12``. So
``" 12 "^^xsd:integer`` is refused, with ``"12"`` as the spelling that would be right
(``suggestion``). base64Binary is the one datatype whose lexical space holds spaces (one after
any of its characters but the last).

The forms are ASCII only: ``[0-9]`` is matched, never ``\\d``.
"""

from __future__ import annotations

import re
import unicodedata

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
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_DATE = _YEAR + "-" + _MONTH + "-" + _DAY
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
# durations: each part optional, at least one, and a T only before a time part (XSD 1.1, 3.3.6.2)
_SECONDS = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)S"
_DAY_TIME = r"(?:[0-9]+D)?(?:T(?=[0-9.])(?:[0-9]+H)?(?:[0-9]+M)?(?:" + _SECONDS + r")?)?"
_YEAR_MONTH = r"(?:[0-9]+Y)?(?:[0-9]+M)?"
# base64Binary (XSD 1.1, 3.3.17.1): groups of four characters, a space allowed after any but the last
_B64 = r"[A-Za-z0-9+/] ?"
_BASE64 = (
    rf"(?:(?:{_B64}){{4}})*(?:{_B64}{_B64}{_B64}[A-Za-z0-9+/]"
    rf"|{_B64}{_B64}[AEIMQUYcgkosw048] ?=|{_B64}[AQgw] ?= ?=)|"
)

# which day-of-month rule applies: none, a date's (the year decides February), a gMonthDay's (29)
NO_DAY, DATED, MONTH_DAY = 0, 1, 2
# the datatype's IRI -> its lexical form, its day-of-month rule, and its bounds (an integer
# subtype's; None: none)
_Form = tuple[re.Pattern[str], int, tuple[int | None, int | None] | None]
_FORMS: dict[str, _Form] = {
    **{XSD + name: (re.compile(INTEGER), NO_DAY, BOUNDS.get(name)) for name in (*BOUNDS, "integer")},
    XSD + "decimal": (re.compile(DECIMAL), NO_DAY, None),
    XSD + "float": (re.compile(_FLOAT), NO_DAY, None),
    XSD + "double": (re.compile(_FLOAT), NO_DAY, None),
    XSD + "boolean": (re.compile("true|false|1|0"), NO_DAY, None),
    XSD + "date": (re.compile(_DATE + _ZONE), DATED, None),
    XSD + "dateTime": (re.compile(_DATE + "T" + _TIME + _ZONE), DATED, None),
    XSD + "dateTimeStamp": (re.compile(_DATE + "T" + _TIME + _ZONE.removesuffix("?")), DATED, None),
    XSD + "time": (re.compile(_TIME + _ZONE), NO_DAY, None),
    XSD + "gYear": (re.compile(_YEAR + _ZONE), NO_DAY, None),
    XSD + "gYearMonth": (re.compile(_YEAR + "-" + _MONTH + _ZONE), NO_DAY, None),
    XSD + "gMonth": (re.compile("--" + _MONTH + _ZONE), NO_DAY, None),
    XSD + "gDay": (re.compile("---" + _DAY + _ZONE), NO_DAY, None),
    XSD + "gMonthDay": (re.compile("--" + _MONTH + "-" + _DAY + _ZONE), MONTH_DAY, None),
    XSD + "duration": (re.compile(r"-?P(?=.)" + _YEAR_MONTH + _DAY_TIME), NO_DAY, None),
    XSD + "dayTimeDuration": (re.compile(r"-?P(?=.)" + _DAY_TIME), NO_DAY, None),
    XSD + "yearMonthDuration": (re.compile(r"-?P(?=.)" + _YEAR_MONTH), NO_DAY, None),
    XSD + "hexBinary": (re.compile("(?:[0-9a-fA-F]{2})*"), NO_DAY, None),
    XSD + "base64Binary": (re.compile(_BASE64), NO_DAY, None),
}
JUDGED = frozenset(_FORMS)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def of_datatype(value: str, datatype: str) -> bool:
    """Whether ``value`` is a value of ``datatype`` (an IRI in ``JUDGED``): in its lexical space
    as written, with a day that its month has and, for an integer subtype, within its bounds.
    (Called once per distinct literal of a load: kept to one dictionary look-up and one match.)"""
    form, day_rule, bounds = _FORMS[datatype]
    match = form.fullmatch(value)
    if match is None:
        return False
    if day_rule == DATED and match[2] > "28":  # groups: month, day; the year precedes the month
        return int(match[2]) <= _days_in(value[: match.start(1) - 1], int(match[1]))
    if day_rule == MONTH_DAY and match[2] > "29":
        return int(match[2]) <= _DAYS[int(match[1]) - 1]
    return bounds is None or within(value, *bounds)


def not_of_its_datatype(value: str, datatype: str) -> bool:
    """Whether a literal of ``datatype`` written ``value`` is refused: its datatype is one a store
    reads as a value (``JUDGED``) and ``value`` is not of it. Load, build, publish and validate
    all judge a literal by this one rule, so that none of them accepts what another refuses."""
    return datatype in JUDGED and not of_datatype(value, datatype)


def suggestion(value: str, datatype: str) -> str | None:
    """The spelling of the same value that is of ``datatype``, where one is plain to see, else None
    (for the refusal's hint): without the white space around it (``" 12 "`` -> ``"12"``), with
    ASCII digits for digits of another script (``"١٢"`` -> ``"12"``), a boolean in lower case
    (``"TRUE"`` -> ``"true"``), ``INF`` and ``NaN`` as XSD spells them. A space inside
    (``"1 000"``) gives none: it is no digit separator in XSD, and which value was meant is a
    guess. What it gives is always of the datatype (``of_datatype``)."""
    local = datatype.removeprefix(XSD)
    candidate = value.strip(" \t\n\r")
    if any(not c.isascii() and c.isdecimal() for c in candidate):  # not "²", a digit but no decimal digit
        candidate = "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in candidate)
    if local == "boolean":
        candidate = candidate.lower()
    elif local in ("float", "double"):
        special = {"inf": "INF", "+inf": "+INF", "-inf": "-INF", "infinity": "INF", "+infinity": "+INF"}
        special |= {"-infinity": "-INF", "nan": "NaN"}
        candidate = special.get(candidate.lower(), candidate)
    if candidate == value or not of_datatype(candidate, datatype):
        return None
    return candidate


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
