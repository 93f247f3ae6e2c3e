"""Move the words still in the old Python table into the gettext catalogues, and compile them.

``python -m kgtool.i18n.migrate`` takes every entry of ``kgtool.i18n.messages.STRINGS`` (the
``{key: {"en": …, "ru": …, "ky": …}}`` form kgtool used before its catalogues) into
``kgtool/locale/<lang>/LC_MESSAGES/kgtool.po`` for all three languages — an entry of the table
replaces a catalogue message of the same key, being the newer wording — then rewrites
``messages.py`` with an empty table and compiles every ``.po`` to its ``.mo``. Run it after
merging a branch that added words to the table, and after editing a ``.po`` by hand; with
nothing to move it only compiles. The compiled ``.mo`` files are committed (a test checks that
each is the compilation of its ``.po``), so building a wheel needs no compiler step.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kgtool.i18n import catalogue
from kgtool.vocab import LANGUAGES

# fixed, so that the same messages give the same bytes (the catalogues are committed)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = """\
# The words kgtool writes, in {name}.
# Message IDs are stable keys, not English text: see docs/translating.md.
# After editing, run `python -m kgtool.i18n.migrate` to compile kgtool.mo."""
LANGUAGE_NAMES = {"ky": "Kyrgyz", "ru": "Russian", "en": "English"}

THIN_MESSAGES = '''\
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
'''


def read_catalog(lang: str, root: Path | None = None) -> Catalog:
    """The ``.po`` catalogue of ``lang`` (under ``root``, kgtool's own by default)."""
    path = catalogue.po_path(lang, root)
    if path.is_file():
        with path.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain=catalogue.DOMAIN)
        return header_set(catalog, lang)
    return new_catalog(lang)


def header_set(catalog: Catalog, lang: str) -> Catalog:
    """The header fields kgtool keeps the same in every catalogue (no placeholders, no dates
    that change from run to run)."""
    catalog.project = "kgtool"
    catalog.version = "1"
    catalog.msgid_bugs_address = "docs/translating.md"
    catalog.last_translator = "kgtool developers"
    catalog.language_team = LANGUAGE_NAMES.get(lang, lang)
    catalog.creation_date = EPOCH
    catalog.revision_date = EPOCH
    catalog.fuzzy = False
    return catalog


def new_catalog(lang: str) -> Catalog:
    """An empty catalogue with the language's gettext Plural-Forms (from Babel's table)."""
    catalog = Catalog(
        locale=lang,
        domain=catalogue.DOMAIN,
        header_comment=HEADER.format(name=LANGUAGE_NAMES.get(lang, lang)),
        project="kgtool",
        version="",
        copyright_holder="kgtool developers",
        msgid_bugs_address="",
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
    )
    return header_set(catalog, lang)


def message(key: str, text: str | tuple[str, ...]) -> Message:
    """One message; ``{name}`` placeholders mark it python-brace-format for translators' tools."""
    texts = (text,) if isinstance(text, str) else text
    flags = ["python-brace-format"] if any("{" in x for x in texts) else []
    if isinstance(text, str):
        return Message(key, text, flags=flags)
    return Message((key, key), text, flags=flags)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compiled(lang: str, root: Path | None = None) -> bytes:
    """What ``kgtool.mo`` of ``lang`` must hold: the compilation of its ``.po``."""
    return mo_bytes(read_catalog(lang, root))


def migrate(strings: Mapping[str, Mapping[str, str | tuple[str, ...]]], root: Path | None = None) -> list[str]:
    """Move ``strings`` into every language's catalogue and compile them; the keys moved."""
    missing = sorted(f"{key} ({lang})" for key, texts in strings.items() for lang in LANGUAGES if not texts.get(lang))
    if missing:
        raise SystemExit("these entries lack a language; add it before migrating: " + ", ".join(missing))
    for lang in LANGUAGES:
        catalog = read_catalog(lang, root)
        for key, texts in strings.items():
            if key in catalog:
                catalog.delete(key)
            catalog[key] = message(key, texts[lang])
        path = catalogue.po_path(lang, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        catalogue.mo_path(lang, root).write_bytes(mo_bytes(catalog))
    return sorted(strings)


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """The ``STRINGS`` table of a messages.py, read as the literal it is (the module is not
    imported: after a merge it may be the old file, with its own t())."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        target: ast.expr
        value: ast.expr | None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "STRINGS" and value is not None:
            table: dict[str, dict[str, str]] = ast.literal_eval(value)
            return table
    raise SystemExit(f"{path} has no STRINGS table")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kgtool.i18n.migrate", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--messages", type=Path, default=Path(__file__).with_name("messages.py"), help="the old table's module"
    )
    parser.add_argument("--locale", type=Path, default=None, help="the catalogues' folder (default kgtool/locale)")
    args = parser.parse_args(argv)
    moved = migrate(read_table(args.messages), args.locale)
    if moved or args.messages.read_text(encoding="utf-8") != THIN_MESSAGES:
        args.messages.write_text(THIN_MESSAGES, encoding="utf-8")
    print(f"moved {len(moved)} message(s) into the catalogues; compiled {', '.join(LANGUAGES)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
