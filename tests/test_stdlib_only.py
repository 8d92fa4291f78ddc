"""calculators/ ships to the browser, so it may import the standard library
only, and nothing of the build: the maintainers' CLI lives in guidebuild."""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "calculators"
MODULES = sorted(PACKAGE.glob("*.py"))


def top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_only_the_standard_library(path):
    outside = {name for name in top_level_imports(path) if name not in sys.stdlib_module_names}
    assert outside == set(), f"{path.name} imports {outside}"


def test_the_engine_imports_nothing_of_the_build_anywhere():
    """Not even inside a function: the package works alone (a wheel in the browser)."""
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module.split(".")[0] != "guidebuild", path.name
            elif isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "guidebuild" for a in node.names), path.name
