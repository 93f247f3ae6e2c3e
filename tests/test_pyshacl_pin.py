"""kgtool calls pySHACL's internals (kgtool.shacl.engine judges values by pySHACL's own rules;
kgtool.validation.checks reads its errors), so pyproject.toml pins pySHACL to the release line
the suite is run with: the installed version must be inside the pin, and every pySHACL name
kgtool imports, with every attribute it takes from one, must exist."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]


def pyshacl_requirement() -> Requirement:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(d) for d in project["dependencies"] if re.match(r"pyshacl\b", d, re.I)]
    assert len(found) == 1, found
    return found[0]


def test_pyshacl_is_pinned_to_one_release_line_and_the_installed_version_is_inside() -> None:
    spec = pyshacl_requirement().specifier
    assert any(s.operator == "<" for s in spec) and any(s.operator == ">=" for s in spec), f"not pinned: {spec}"
    installed = Version(importlib.metadata.version("pyshacl"))
    assert spec.contains(installed, prereleases=True), f"pySHACL {installed} is outside the pin {spec}"


# The pySHACL releases the pin admits, each run with the suite's pySHACL-dependent tests
# (test_shacl_conformance, test_validate_shapes, test_packaging, this file, and the live comparisons
# of test_fast_validation) from a non-editable install before the pin was set or widened.
TESTED = ("0.40.0", "0.40.1")


def test_the_pin_admits_only_the_tested_release_line() -> None:
    """Widening the pin (a lower floor, a later ceiling) needs the suite run on the releases it adds."""
    spec = pyshacl_requirement().specifier
    floor = min(Version(s.version) for s in spec if s.operator == ">=")
    ceiling = min(Version(s.version) for s in spec if s.operator == "<")
    tested = sorted(Version(v) for v in TESTED)
    assert floor == tested[0], f"the pin starts at {floor}; the first release tested is {tested[0]}"
    assert all(spec.contains(v) for v in tested)
    next_line = Version(f"{tested[-1].major}.{tested[-1].minor + 1}")
    assert ceiling <= next_line, f"the pin admits {next_line} and later, which no test has run"


def pyshacl_uses() -> list[tuple[str, str, str, list[str]]]:
    """(kgtool file, pySHACL module, name, attributes taken from the name) for every pySHACL import."""
    import kgtool

    package = Path(kgtool.__file__).resolve().parent  # the kgtool that runs: a checkout's or an install's
    uses = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: dict[str, tuple[str, str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pyshacl":
                for alias in node.names:
                    imported[alias.asname or alias.name] = (node.module or "", alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "pyshacl":
                        imported[alias.asname or alias.name] = (alias.name, "")
        attributes: dict[str, set[str]] = {name: set() for name in imported}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
                attributes[node.value.id].add(node.attr)
        rel = str(path.relative_to(package.parent))
        uses += [(rel, module, name, sorted(attributes[local])) for local, (module, name) in imported.items()]
    return uses


def test_the_pyshacl_internals_kgtool_uses_exist() -> None:
    uses = pyshacl_uses()
    assert any(f == "kgtool/shacl/engine.py" for f, _, _, _ in uses), "the engine no longer imports pySHACL?"
    missing = []
    for file, module, name, attributes in uses:
        target = importlib.import_module(module)
        if name:
            if not hasattr(target, name):
                missing.append(f"{file}: {module}.{name}")
                continue
            target = getattr(target, name)
        missing += [f"{file}: {module}.{name}.{a}".replace("..", ".") for a in attributes if not hasattr(target, a)]
    assert missing == []


def test_the_datatype_component_kgtool_swaps_in_has_the_shape_it_replaces() -> None:
    """``kgtool.validation.checks._kgtools_rules`` puts its own ``evaluate`` on pySHACL's
    ``DatatypeConstraintComponent`` for the call (so both engines judge ``sh:datatype`` by XSD's
    lexical rules): that method's parameters, and the two members the replacement uses, must be
    the ones pySHACL's release has, or pySHACL would call it wrongly or it would fail inside."""
    import inspect

    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

    parameters = list(inspect.signature(DatatypeConstraintComponent.evaluate).parameters)
    assert parameters == ["self", "executor", "target_graph", "focus_value_nodes", "_evaluation_path"]
    assert callable(getattr(DatatypeConstraintComponent, "make_v_result", None))
    assert "self.datatype_rule =" in inspect.getsource(DatatypeConstraintComponent.__init__)


def test_the_pattern_component_kgtool_loads_has_the_members_pyshacl_reads() -> None:
    """``kgtool.shacl.parameters.load_pattern_component`` stands in for pySHACL's
    ``PatternConstraintComponent.__init__`` (so that both engines read ``sh:pattern`` as XPath
    reads it): pySHACL's release must take the shape alone, and read the three members it sets."""
    import inspect

    from pyshacl.constraints.core.string_based_constraints import PatternConstraintComponent

    assert list(inspect.signature(PatternConstraintComponent.__init__).parameters) == ["self", "shape"]
    source = inspect.getsource(PatternConstraintComponent)
    for member in ("self.compiled_cache.get(", "self.string_rules", "self.flags"):
        assert member in source, member
