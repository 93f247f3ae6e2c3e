"""``sh:pattern`` and ``sh:flags`` read as SHACL reads them: XPath's regular expressions (XML Schema's,
with XPath's anchors, reluctant quantifiers, non-capturing groups and back-references, and its flags
``s``, ``m``, ``i``, ``x``, ``q``), translated into what each engine evaluates.

The fast engine's ``REGEX`` runs in Oxigraph's Rust regex and pySHACL's ``sh:pattern`` in Python's
``re``; neither reads XPath's flavour: Python's ``re`` knows no ``\\p{L}`` (``bad escape \\p``),
Rust's reads ``\\p{IsCyrillic}`` as the Cyrillic script (not the block) and ``[a-z-[aeiou]]`` as a
union (not a subtraction), and the two differ from XPath and from each other on ``\\s``, ``\\w``,
``\\d``, ``.`` and ``$``. So a pattern is parsed here by XPath's grammar and written again with
nothing left to either engine's reading: every character class (categories, blocks, ``\\i``, ``\\c``,
``\\w``, ``\\d``, ``\\s``, ``.``, subtractions, negations) becomes an explicit set of code-point ranges
written with ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, which both read alike; ``$`` without ``m`` is
the end of the string (Python's ``\\Z``); ``x`` and ``q`` are applied here, ``s`` by the sets, so
only ``i`` and ``m`` reach the engines. The categories are those of Python's ``unicodedata``
(Unicode 14.0 in Python 3.11) for both engines; ``i``'s case folding is each engine's own.

A back-reference is written for Python alone: Rust's regex has none, so the fast engine lets every
value through its SPARQL filter and judges it by the Python pattern, as it does every value its
filter lets through. A pattern that is not an XPath regular expression raises ``BadPattern`` with a
catalogue key and values (``kgtool.shacl.parameters`` makes it ``validate#shapes-rejected``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kgtool.shacl.unicode_blocks import BLOCKS

LAST = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)
Ranges = tuple[tuple[int, int], ...]
CharSet = tuple[Ranges, bool]  # code points, and whether the set is every character outside them
FLAGS = frozenset("smixq")
SPACE = frozenset("\t\n\r ")  # what x removes, and what \s is
# XPath's single-character escapes; and ASCII punctuation escaped without need (\/ in "^https?:\/\/",
# \: or \#), which XPath refuses but shapes in use write and every other flavour reads as the
# character itself: read so, the meaning unchanged
SINGLE_ESCAPES = (
    {"n": "\n", "r": "\r", "t": "\t"} | {c: c for c in "\\|.?*+(){}-[]^$"} | {c: c for c in "/:#\"',;=<>!@%&~`_"}
)
NAME_START = (
    (0x3A, 0x3A),
    (0x41, 0x5A),
    (0x5F, 0x5F),
    (0x61, 0x7A),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x2FF),
    (0x370, 0x37D),
    (0x37F, 0x1FFF),
    (0x200C, 0x200D),
    (0x2070, 0x218F),
    (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFFD),
    (0x10000, 0xEFFFF),
)  # XML 1.0 (fifth edition)'s NameStartChar: \i
NAME_MORE = ((0x2D, 0x2E), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))  # and NameChar's: \c


class BadPattern(ValueError):
    """A pattern or flags that are no XPath regular expression: ``key`` (a catalogue message) and ``values``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Translation:
    """A pattern with its flags as each engine evaluates it: ``python`` (``re.compile(python,
    python_flags)``) and ``sparql`` with ``sparql_flags`` for Oxigraph's ``REGEX``, or ``sparql``
    None when Rust's regex cannot evaluate it (a back-reference)."""

    python: str
    python_flags: int
    sparql: str | None
    sparql_flags: str

    def compiled(self) -> re.Pattern[str]:
        return _compiled(self.python, self.python_flags)


@lru_cache(maxsize=256)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --- sets of code points ---------------------------------------------------------------------------------


def normal(ranges: list[tuple[int, int]]) -> Ranges:
    """Sorted, merged, without the surrogates (no string either engine sees holds one)."""
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        for a, b in ((lo, min(hi, SURROGATES[0] - 1)), (max(lo, SURROGATES[1] + 1), hi)):
            if a > b:
                continue
            if out and a <= out[-1][1] + 1:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b])
    return tuple((a, b) for a, b in out)


def complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= LAST:
        out.append((start, LAST))
    return normal(out)


def subtract(a: Ranges, b: Ranges) -> Ranges:
    keep = complement(b)
    out = []
    for lo, hi in a:
        for klo, khi in keep:
            if klo <= hi and khi >= lo:
                out.append((max(lo, klo), min(hi, khi)))
    return normal(out)


@lru_cache(maxsize=1)
def _categories() -> dict[str, Ranges]:
    """Every general category's code points (one pass over Unicode: about 0.3 s, once a process)."""
    found: dict[str, list[tuple[int, int]]] = {}
    previous, start = "", 0
    for code in range(LAST + 2):
        category = unicodedata.category(chr(code)) if code <= LAST else ""
        if category != previous:
            if previous:
                found.setdefault(previous, []).append((start, code - 1))
            previous, start = category, code
    out = {name: normal(ranges) for name, ranges in found.items()}
    for major in "LMNPZSC":
        out[major] = normal([r for name, ranges in found.items() if name[0] == major for r in ranges])
    return out


def category(name: str) -> Ranges | None:
    """``\\p{name}``'s code points: a general category (``L``, ``Lu``, …) or a block (``IsCyrillic``)."""
    if name.startswith("Is"):
        block = BLOCKS.get(name[2:])
        return normal([block]) if block is not None else None
    return _categories().get(name) if re.fullmatch("[LMNPZSC][a-z]?", name) else None


def escape_set(name: str) -> Ranges:
    """A multi-character escape's code points: ``\\s``, ``\\d``, ``\\w``, ``\\i``, ``\\c`` (their
    capitals are the characters outside them)."""
    if name == "s":
        return normal([(ord(c), ord(c)) for c in SPACE])
    if name == "d":
        return _categories()["Nd"]
    if name == "w":
        cats = _categories()
        return complement(normal(list(cats["P"] + cats["Z"] + cats["C"])))
    return normal(list(NAME_START if name == "i" else NAME_START + NAME_MORE))


def explicit(found: CharSet) -> Ranges:
    ranges, negated = found
    return complement(ranges) if negated else ranges


def _char(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def written(ranges: Ranges, negated: bool = False) -> str:
    """A set (or, ``negated``, every character outside it) as a character class both engines read
    alike; an empty set matches nothing. A negation is left to the engine, which applies it after
    ``i``'s case folding as both do natively (``[^а-я]`` with ``i`` does not match ``Ж``)."""
    if not ranges:
        return "[\\u0000-\\U0010FFFF]" if negated else "[^\\u0000-\\U0010FFFF]"
    body = "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)
    return f"[^{body}]" if negated else f"[{body}]"


# --- the parser ------------------------------------------------------------------------------------------


class _Parser:
    """XPath's regular expression grammar (XML Schema 1.1 Part 2, appendix G, with XPath and XQuery
    Functions and Operators 3.1, section 5.6.1), written out as it is read."""

    def __init__(self, pattern: str, flags: str) -> None:
        self.text, self.at = pattern, 0
        self.extended = "x" in flags
        self.dotall = "s" in flags
        self.multiline = "m" in flags
        self.python: list[str] = []
        self.rust: list[str] | None = []
        self.groups = 0
        self.closed: set[int] = set()

    def emit(self, both: str, rust: str | None = None) -> None:
        self.python.append(both)
        if self.rust is not None:
            self.rust.append(both if rust is None else rust)

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_space(self) -> None:
        if self.extended:
            while self.at < len(self.text) and self.text[self.at] in SPACE:
                self.at += 1

    def position(self) -> int:
        return self.at + 1

    def parse(self) -> None:
        self.branches()
        if self.peek() == ")":
            raise BadPattern("validate.regex.unopened_group", position=self.position())

    def branches(self) -> None:
        self.branch()
        while self.peek() == "|":
            self.at += 1
            self.emit("|")
            self.branch()

    def branch(self) -> None:
        while self.peek() not in ("", "|", ")"):
            self.piece()

    def piece(self) -> None:
        start = self.position()
        c = self.peek()
        if c in "?*+{":
            raise BadPattern("validate.regex.nothing_to_repeat", position=start)
        if c in "^$":
            self.at += 1
            if c == "^" or self.multiline:
                self.emit(c)
            else:
                self.emit("\\Z", "$")
            return  # an anchor takes no quantifier in XPath's grammar
        self.atom()
        self.quantifier()

    def quantifier(self) -> None:
        c = self.peek()
        if c in ("?", "*", "+"):
            self.at += 1
            self.emit(c)
        elif c == "{":
            start = self.position()
            end = self.text.find("}", self.at)
            body = self.text[self.at + 1 : end] if end >= 0 else ""
            if self.extended:
                body = "".join(ch for ch in body if ch not in SPACE)
            m = re.fullmatch(r"([0-9]+)(,([0-9]*))?", body)
            if end < 0 or m is None or (m.group(3) and int(m.group(3)) < int(m.group(1))):
                raise BadPattern("validate.regex.bad_quantifier", position=start)
            self.at = end + 1
            low, comma, high = m.group(1), m.group(2) is not None, m.group(3) or ""
            self.emit("{" + str(int(low)) + ("," + (str(int(high)) if high else "") if comma else "") + "}")
        else:
            return
        if self.peek() == "?":  # reluctant
            self.at += 1
            self.emit("?")
        if self.peek() in ("?", "*", "+", "{"):
            raise BadPattern("validate.regex.nothing_to_repeat", position=self.position())

    def atom(self) -> None:
        start = self.position()
        c = self.peek()
        if c == "(":
            self.at += 1
            if self.text.startswith("?:", self.at):
                self.at += 2
                self.emit("(?:")
                number = 0
            elif self.text.startswith("?", self.at):
                raise BadPattern("validate.regex.bad_group", position=start)
            else:
                self.groups += 1
                number = self.groups
                self.emit("(")
            self.branches()
            if self.peek() != ")":
                raise BadPattern("validate.regex.unclosed_group", position=start)
            self.at += 1
            self.emit(")")
            if number:
                self.closed.add(number)
        elif c == "[":
            self.emit(written(*self.char_class()))
        elif c == ".":
            self.at += 1
            self.emit(written(normal([]) if self.dotall else normal([(10, 10), (13, 13)]), True))
        elif c == "\\":
            self.escape_atom()
        elif c in "])}":
            raise BadPattern("validate.regex.unescaped", char=c, position=start)
        else:
            self.at += 1
            self.emit(written(normal([(ord(c), ord(c))])) if not c.isascii() or not c.isalnum() else c)

    def escape_atom(self) -> None:
        start = self.position()
        nxt = self.text[self.at + 1 : self.at + 2]
        if nxt.isdigit() and nxt != "0":
            # the longest run of digits naming a group closed before it (XPath 3.1, 5.6.1)
            self.at += 1
            digits = nxt
            self.at += 1
            while self.at < len(self.text) and self.text[self.at].isdigit():
                if int(digits + self.text[self.at]) not in self.closed:
                    break
                digits += self.text[self.at]
                self.at += 1
            if int(digits) not in self.closed:
                raise BadPattern("validate.regex.bad_backreference", position=start)
            self.python.append(f"(?:\\{int(digits)})")
            self.rust = None  # Rust's regex has no back-references
            return
        self.emit(written(*self.class_escape()))

    def class_escape(self) -> CharSet:
        """An escape (the backslash at ``self.at``) as a set: one character, or a multi-character one."""
        start = self.position()
        nxt = self.text[self.at + 1 : self.at + 2]
        if nxt in SINGLE_ESCAPES:
            self.at += 2
            code = ord(SINGLE_ESCAPES[nxt])
            return normal([(code, code)]), False
        if nxt and nxt in "sSdDwWiIcC":
            self.at += 2
            return escape_set(nxt.lower()), nxt.isupper()
        if nxt in ("p", "P"):
            m = re.compile(r"\{([A-Za-z0-9-]*)\}").match(self.text, self.at + 2)
            if m is None:
                raise BadPattern("validate.regex.bad_escape", escape="\\" + nxt, position=start)
            found = category(m.group(1))
            if found is None:
                raise BadPattern("validate.regex.unknown_property", name=m.group(1), position=start)
            self.at = m.end()
            return found, nxt == "P"
        raise BadPattern("validate.regex.bad_escape", escape="\\" + nxt, position=start)

    def char_class(self) -> CharSet:
        """``[…]``, ``[^…]`` and ``[…-[…]]`` (no white space is removed inside one)."""
        start = self.position()
        self.at += 1
        negated = self.text.startswith("^", self.at)
        if negated:
            self.at += 1
        parts: list[tuple[int, int]] = []
        first = True
        while True:
            if self.at >= len(self.text):
                raise BadPattern("validate.regex.unclosed_class", position=start)
            c = self.text[self.at]
            if c == "]" and not first:
                self.at += 1
                break
            if c == "-" and self.text.startswith("-[", self.at) and not first:
                self.at += 1
                minus = self.char_class()
                if self.text[self.at : self.at + 1] != "]":
                    raise BadPattern("validate.regex.unclosed_class", position=start)
                self.at += 1
                return subtract(explicit((normal(parts), negated)), explicit(minus)), False
            if c == "[" or (c == "]" and first):
                raise BadPattern("validate.regex.unescaped", char=c, position=self.position())
            low = self.class_char()
            if isinstance(low, tuple):
                parts.extend(low)
            elif (
                self.text.startswith("-", self.at)
                and not self.text.startswith("-]", self.at)
                and not (self.text.startswith("-[", self.at))
            ):
                at = self.position()
                self.at += 1
                high = self.class_char()
                if isinstance(high, tuple) or high < low:
                    raise BadPattern("validate.regex.bad_range", position=at)
                parts.append((low, high))
            else:
                parts.append((low, low))
            first = False
        return normal(parts), negated

    def class_char(self) -> int | Ranges:
        """One character of a class (its code point) or an escape standing for several (a set)."""
        c = self.text[self.at]
        if c == "\\":
            nxt = self.text[self.at + 1 : self.at + 2]
            found = self.class_escape()
            if nxt in SINGLE_ESCAPES:
                return found[0][0][0]
            return explicit(found)
        if c == "[":
            raise BadPattern("validate.regex.unescaped", char=c, position=self.position())
        self.at += 1
        return ord(c)


def translate(pattern: str, flags: str = "") -> Translation:
    """``pattern`` with ``flags`` (SHACL's ``sh:pattern`` and ``sh:flags``) for each engine; ``BadPattern``
    when they are no XPath regular expression and flags."""
    bad = sorted(set(flags) - FLAGS)
    if bad:
        raise BadPattern("validate.regex.bad_flags", flags=flags)
    python_flags = (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags and "q" not in flags else 0)
    sparql_flags = "".join(f for f in "im" if f in flags and (f == "i" or "q" not in flags))
    if "q" in flags:  # every character stands for itself
        literal = "".join(written(normal([(ord(c), ord(c))])) for c in pattern)
        return Translation(literal, python_flags, literal, sparql_flags)
    parser = _Parser(pattern, flags)
    parser.parse()
    python = "".join(parser.python)
    try:
        re.compile(python, python_flags)
    except (re.error, OverflowError, RecursionError) as exc:  # e.g. a repetition beyond Python's limit
        raise BadPattern("validate.regex.too_large", reason=str(exc)) from None
    rust = "".join(parser.rust) if parser.rust is not None else None
    return Translation(python, python_flags, rust, sparql_flags)
