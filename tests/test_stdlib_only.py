"""calculators/ ships to the browser, so it may import the standard library only.

__main__.py is the exception by design: the CLI reads YAML through guidebuild
at build and review time, lazily, inside functions the browser never calls.
"""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "calculators"
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "__main__.py")


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


def test_the_cli_imports_guidebuild_only_inside_functions():
    tree = ast.parse((PACKAGE / "__main__.py").read_text(encoding="utf-8"))
    module_level = {n.module for n in tree.body if isinstance(n, ast.ImportFrom) and n.level == 0}
    module_level |= {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in module_level if name != "__future__")
