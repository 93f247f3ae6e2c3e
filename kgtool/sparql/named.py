"""Named SPARQL queries: the files under queries/, their headers, and their parameters.

A query's parameters are its top-level ``VALUES ?name { default }`` blocks, so every
file runs unchanged on any SPARQL 1.1 endpoint with its defaults (``UNDEF`` meaning
"any"), and kgtool binds a parameter by replacing the block's content (a literal's block
by a ``BIND``, see ``binds_freshly``). The file stem is the name users type
(``kgtool query pair-index``) and the ID in reports.
"""

from __future__ import annotations

import codecs
import functools
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from kgtool import assets
from kgtool.errors import UsageError
from kgtool.i18n.catalogue import t
from kgtool.i18n.problems import worded
from kgtool.rdf.exists_rewrite import Unparsable, tokenize, variables

VALUES_BLOCK = re.compile(r"VALUES\s+\?(?P<name>\w+)\s*\{(?P<default>[^}]*)\}")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    role: str
    path: Path
    text: str

    @property
    def header(self) -> list[str]:
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
        return lines

    @property
    def question(self) -> str:
        """The question the query answers, in English (its header's ``Question:``)."""
        return self.question_in("en")

    def question_in(self, lang: str) -> str:
        """The question in ``lang``: the header's ``Question@<lang>:`` (``Question:`` for English),
        else the English one (a user's own file may have no translation; every named query has
        its question in ky, ru and en, tests/test_query_questions.py). The question runs over as
        many header lines as it takes, to its ``?`` outside brackets ("(is it in the graph?)" is
        inside one); a header without one gives its first line."""
        return header_question(self.header, lang) or header_question(self.header, "en") or next(iter(self.header), "")

    def translated_questions(self) -> dict[str, str]:
        """The languages the header gives its question in, with the question in each."""
        found = {}
        for line in self.header:
            m = QUESTION_FIELD.match(line)
            if m:
                lang = m.group("lang") or "en"
                found[lang] = header_question(self.header, lang) or ""
        return found

    @property
    def parameters(self) -> dict[str, str]:
        """Each parameter with its default, as written in the file."""
        found: dict[str, str] = {}
        for m in VALUES_BLOCK.finditer(self.text):
            found.setdefault(m.group("name"), m.group("default").strip())
        return found

    def bind(self, values: dict[str, str | None], lang: str = "en") -> str:
        """The query text with parameters set (None keeps the file's default).

        A parameter left unbound (given no value, and ``UNDEF`` by default) is left out of
        the text rather than sent as ``VALUES ?x { UNDEF }``: a variable with no block at all
        means the same, and a one-row all-UNDEF table trips engines up (Jena's filter
        placement pushes a group's FILTER onto it and loses every row; Virtuoso leaves the
        variable unbound after a nested group or UNION, and its cost estimator refuses the
        query at scale). A parameter whose one value is a literal is sent as ``BIND`` where
        that means the same (``binds_freshly``). The rules apply to a user's own .rq file as to the
        project's."""
        known = self.parameters
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise UsageError(
                "query#unknown-parameter",
                t("query.unknown_parameter", lang, query=self.name, names=", ".join(unknown)),
                hint=t("query.parameters_are", lang, names=", ".join(sorted(known)) or "—"),
            )
        terms = {k: sparql_term(v, known[k], lang) for k, v in values.items() if v is not None}

        def replace(m: re.Match[str]) -> str:
            name = m.group("name")
            value = terms[name] if name in terms else m.group("default").strip()
            if name not in terms and is_unbound(value):
                return ""
            if LITERAL.fullmatch(value) and binds_freshly(self.text, m.start(), name):
                return f"BIND ({value} AS ?{name})"
            return f"VALUES ?{name} {{ {value} }}" if name in terms else m.group(0)

        return VALUES_BLOCK.sub(replace, self.text)


# a header line that opens a field: "Question:", "Question@ru:", "Parameters:", "Columns:"
HEADER_FIELD = re.compile(r"[A-Z][A-Za-z ]*(?:@[a-z]{2,3})?:(?:\s|$)")
QUESTION_FIELD = re.compile(r"Question(?:@(?P<lang>[a-z]{2,3}))?:", flags=re.I)


def header_question(header: list[str], lang: str) -> str | None:
    """The question of a header in ``lang`` (``Question@ru:``; ``Question:`` for English), its
    lines joined to its ``?``; None when the header has none in ``lang``."""
    for i, line in enumerate(header):
        m = QUESTION_FIELD.match(line)
        if not m or (m.group("lang") or "en").lower() != lang:
            continue
        text = line[m.end() :].strip()
        for following in header[i + 1 :]:
            if question_end(text) is not None or HEADER_FIELD.match(following):
                break
            text += " " + following
        end = question_end(text)
        return text[:end] if end is not None else line[m.end() :].strip()
    return None


def question_end(text: str) -> int | None:
    """Where a question ends: after its first ``?`` outside brackets that ends a word (followed by
    a space or the end), None when it has none."""
    depth = 0
    for i, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif c == "?" and depth == 0 and (i + 1 == len(text) or text[i + 1].isspace()):
            return i + 1
    return None


# One literal: a string (with an optional language tag or datatype), a boolean or a number.
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^\S+)?|true|false|[+-]?\d+(?:\.\d+)?')


def binds_freshly(text: str, at: int, name: str) -> bool:
    """Whether ``BIND (value AS ?name)`` at offset ``at`` means the same as the one-row
    ``VALUES`` block there: the block sits inside a group (not the trailing VALUES clause of a
    query) and nothing earlier in that group mentions the variable (so it is not in scope,
    where BIND is not allowed and a table would filter rather than set it).

    Why send BIND at all: Virtuoso 7.2 runs a ``VALUES`` table of a literal as a procedure
    view (an IRI it takes as a constant), and a plan that calls two such views, one inside a
    sub-select it repeats per row, never answers: the query threads wait without using CPU
    (``kgtool indices --endpoint`` on the 100k corpus, docs/scale-out.md). A BIND is an
    expression every engine evaluates in place."""
    try:
        tokens = tokenize(text[:at])
    except Unparsable:  # syntax the tokenizer does not read: keep the VALUES table as written
        return False
    opened: list[int] = []  # token index just after each "{" still open at ``at``
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text == "{":
            opened.append(i + 1)
        elif tok.kind == "punct" and tok.text == "}" and opened:
            opened.pop()
    return bool(opened) and name not in variables(tokens[opened[-1] :])


def is_unbound(default: str) -> bool:
    """Whether a block's content is one UNDEF: the parameter is unbound and the block can go."""
    return default.strip().upper() == "UNDEF"


def sparql_term(value: str, default: str, lang: str = "en") -> str:
    """A user's value as a SPARQL term of the same kind as the parameter's default (an error's
    words in ``lang``)."""
    if default in ("true", "false"):
        if value.lower() not in ("true", "false"):
            raise UsageError("query#bad-parameter", t("query.expected_boolean", lang, value=repr(value)))
        return value.lower()
    if re.fullmatch(r"-?\d+", default):
        if not re.fullmatch(r"-?\d+", value.strip()):
            raise UsageError("query#bad-parameter", t("query.expected_integer", lang, value=repr(value)))
        return value.strip()
    if default.startswith('"'):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if value.startswith("<") and value.endswith(">"):  # an IRI as SPARQL writes it, as --list shows defaults
        value = value[1:-1]
    if re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value, flags=re.I):
        return f"<{value}>"
    raise UsageError(
        "query#bad-parameter",
        t("query.expected_iri", lang, value=repr(value)),
        hint=t("query.expected_iri_hint", lang),
    )


def query_dir() -> Path:
    return assets.asset_dir("queries")


def all_queries() -> list[NamedQuery]:
    """Every named query, read from queries/**/*.rq.

    ``named()`` looks a query up among all of them, and the report alone asks for hundreds
    (one look-up per process and query): the files are read again only when one of them is
    added, removed or changed (a stat of each, a tenth of the cost of reading them)."""
    root = query_dir()
    stamp = tuple((str(path), (st := path.stat()).st_mtime_ns, st.st_size) for path in sorted(root.rglob("*.rq")))
    return list(_read_queries(root, stamp))


@functools.lru_cache(maxsize=4)
def _read_queries(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> tuple[NamedQuery, ...]:
    found = []
    for name, _, _ in stamp:
        path = Path(name)
        role = path.parent.relative_to(root).as_posix()
        found.append(NamedQuery(path.stem, role, path, path.read_text(encoding="utf-8")))
    return tuple(found)


def named(name: str, lang: str = "en") -> NamedQuery:
    """A query by its name (file stem), ``role/name``, or the path of a user's own .rq file."""
    candidate = Path(name)
    if candidate.suffix == ".rq" and (text := user_query_text(candidate)) is not None:
        return NamedQuery(candidate.stem, "user", candidate, text)
    matches = [q for q in all_queries() if name in (q.name, f"{q.role}/{q.name}")]
    if len(matches) == 1:
        return matches[0]
    if candidate.suffix == ".rq":
        raise UsageError("query#missing-file", t("query.missing_file", lang, name=name), file=name)
    names = sorted(f"{q.role}/{q.name}" for q in all_queries())
    if matches:
        raise UsageError(
            "query#ambiguous",
            t("query.ambiguous", lang, name=name, names=", ".join(f"{q.role}/{q.name}" for q in matches)),
            hint=t("query.ambiguous_hint", lang),
        )
    raise UsageError(
        "query#unknown", t("query.unknown", lang, name=name), hint=t("query.unknown_hint", lang, names=", ".join(names))
    )


def user_query_text(path: Path) -> str | None:
    """The text of a user's own .rq file, None when there is no such file; a path kgtool cannot
    read a query from (a folder, a pipe, a file this user may not read, bytes that are not UTF-8,
    a file with nothing in it) is a UsageError naming the file. A byte order mark, which Windows
    Notepad writes at the start of a UTF-8 file, is dropped, as it is from RDF files."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if stat.S_ISDIR(mode):
        raise worded(UsageError, "query#not-a-file", "query.not_a_file", file=str(path))
    if not stat.S_ISREG(mode):  # a pipe or a device: reading it could hang or never end
        raise worded(
            UsageError, "query#not-a-file", "query.not_regular", hint_key="query.not_a_file_hint", file=str(path)
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise worded(
            UsageError,
            "query#bad-encoding",
            "load.bad_encoding_byte",
            file=str(path),
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1,
            byte=f"{data[exc.start]:02x}",
        ) from None
    if not text.strip():
        raise worded(UsageError, "query#empty", "query.no_query", file=str(path))
    return text


def _unreadable(path: Path, exc: OSError) -> UsageError:
    """The error for a .rq file the operating system will not let kgtool read."""
    if isinstance(exc, PermissionError):
        return worded(UsageError, "query#unreadable", "load.permission_denied", file=str(path))
    return worded(
        UsageError, "query#unreadable", "load.unreadable", file=str(path), reason=exc.strerror or type(exc).__name__
    )
