"""The package map of docs/architecture.md, enforced: dependencies flow one way, no cycles.

Every ``import`` of a kgtool module anywhere in kgtool/ — at module level or inside a
function, but not under ``if TYPE_CHECKING:`` — is an edge. A package may import only
packages of a lower layer (or its own modules); modules may not import each other in a
cycle. ``import kgtool`` loads no RDF library.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kgtool.cli.verbs import COMMANDS

PACKAGE = Path(__file__).resolve().parents[1] / "kgtool"

# layer of each top-level part of kgtool; a module may import only lower layers (and its own part)
LAYERS: dict[str, int] = {
    "errors": 0,
    "vocab": 0,
    "assets": 0,
    "progress": 0,
    "stopping": 0,
    "iri": 0,
    "unionfind": 0,
    "i18n": 0,
    "outputs": 0,
    "rdf": 1,
    "sparql": 2,
    "shacl": 3,
    "assessment": 3,
    "search": 3,
    "citation": 3,
    "diff": 4,
    "validation": 5,
    "loader": 5,
    "site": 5,
    "reporting": 5,
    "workbook": 5,
    "serve": 6,
    "cli": 7,
}
# the foundation may import itself (errors <- assets, i18n <- vocab): order inside layer 0
FOUNDATION_ORDER = ["errors", "vocab", "iri", "unionfind", "i18n", "assets", "progress", "stopping", "outputs"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if hasattr(sub, "lineno"):
                        lines.add(sub.lineno)
    return lines


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The kgtool modules this module imports at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            # the longest known module the target names (``from kgtool import assets`` -> kgtool.assets)
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != "kgtool" and target.startswith("kgtool") and target != name:
                found.add(target)
    return found


def part(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def test_every_part_has_a_layer() -> None:
    parts = {part(m) for m in modules() if m != "kgtool" and part(m) not in ("__main__",)}
    assert parts <= set(LAYERS), f"parts of kgtool with no layer in docs/architecture.md: {sorted(parts - set(LAYERS))}"


def test_no_import_goes_up_or_sideways() -> None:
    wrong = []
    for source, targets in graph().items():
        if source in ("kgtool", "kgtool.__main__"):
            continue
        for target in targets:
            a, b = part(source), part(target)
            if a == b:
                continue
            if LAYERS[b] < LAYERS[a]:
                continue
            if LAYERS[a] == LAYERS[b] == 0 and FOUNDATION_ORDER.index(b) < FOUNDATION_ORDER.index(a):
                continue
            wrong.append(f"{source} imports {target} (layer {LAYERS[a]} -> {LAYERS[b]})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(
                    " -> ".join(trail[trail.index(nxt) :] + [node, nxt]) if nxt in trail else f"{node} -> {nxt}"
                )
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(cycles)


def test_every_package_says_what_it_may_import() -> None:
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc or "may import" in doc, f"{init.relative_to(PACKAGE.parent)} has no import rule"


@pytest.mark.parametrize("statement", ["import kgtool", "import kgtool.cli", "import kgtool.cli.verbs"])
def test_importing_the_package_or_the_cli_loads_no_rdf_library(statement: str) -> None:
    probe = (
        f"{statement}\nimport sys\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyoxigraph', 'pyshacl', 'jinja2', 'owlready2', 'babel')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_help_registers_every_verb_without_rdf_libraries() -> None:
    probe = (
        "import sys\nfrom kgtool.cli import build_parser\n"
        "sub = next(a for a in build_parser()._actions if a.dest == 'command')\n"
        "assert len(list(sub.choices.values())) == 16\n"  # every verb's parser built
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyoxigraph', 'pyshacl', 'jinja2', 'owlready2', 'babel')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def modules_after(argv: list[str], lang: str = "") -> list[str]:
    """kgtool's modules, and the costly standard ones, loaded when ``kgtool ARGV`` has run."""
    probe = (
        f"import sys\nsys.argv = ['kgtool', *{argv!r}]\nfrom kgtool.cli import entrypoint\n"
        "try:\n    entrypoint()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('kgtool') "
        "or m in ('typing', 'dataclasses', 'inspect', 'pathlib', 'tempfile', 'json')), file=sys.stderr)"
    )
    env = {**os.environ, "KGTOOL_LANG": lang}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    loaded: list[str] = ast.literal_eval(out.stderr.strip().splitlines()[-1])
    return loaded


def test_help_imports_no_verb_and_none_of_the_costly_standard_modules() -> None:
    """`kgtool --help` lists every verb from kgtool.cli.verbs.COMMANDS without importing a verb's
    module or building its parser, and without typing, dataclasses or the catalogues (issue 18:
    its start-up within 3x of importing pyoxigraph)."""
    light = ["kgtool", "kgtool.cli", "kgtool.cli.help_words", "kgtool.cli.main", "kgtool.cli.options"]
    light += ["kgtool.cli.verbs", "kgtool.errors", "kgtool.errors.codes", "kgtool.rdf", "kgtool.stopping"]
    light += ["kgtool.vocab"]
    assert modules_after(["--help"]) == light
    # a usage error is worded like any problem, in the reader's language (tests/test_cli_errors.py):
    # it loads the error classes and the catalogues, still no verb's module
    refused = modules_after([])
    assert set(light) < set(refused) and {"kgtool.errors.catalogue", "kgtool.i18n.catalogue"} <= set(refused)
    assert not any(m.startswith("kgtool.cli.") for m in refused if m not in light)
    translated = modules_after(["--help"], lang="ru")
    assert "kgtool.i18n.catalogue" in translated and not any(
        m.startswith("kgtool.cli.") for m in translated if m not in light
    )


def test_a_verbs_help_builds_that_verbs_parser_alone() -> None:
    loaded = modules_after(["validate", "--help"])
    verbs = [m for m in loaded if m.removeprefix("kgtool.cli.") in {*COMMANDS, "import_"}]
    assert verbs == ["kgtool.cli.validate"]


def test_public_api_names_resolve() -> None:
    import kgtool

    for name in kgtool.__all__:
        assert getattr(kgtool, name) is not None, name
    assert callable(kgtool.validate) and callable(kgtool.publish) and callable(kgtool.report) and callable(kgtool.load)
