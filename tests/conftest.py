"""Shared by every test directory.

The checkout's own packages come first on sys.path, so a second checkout (a
git worktree) run with another checkout's .venv tests its own code rather
than the editable install's. Not inside Pyodide, where the engine tests must
import ``calculators`` from the installed wheel (tests/pyodide/run_pytest.mjs
checks that).

``builds`` (session): every site variant the page and browser tests read,
built once, in parallel (tests/sitebuilds.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

if sys.platform != "emscripten":
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))  # for `import sitebuilds`
    if str(ROOT) not in sys.path[:1]:
        sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    from sitebuilds import build_all

    result = build_all(tmp_path_factory.mktemp("site-builds"))
    for name in ("main", "edited", "hostile"):
        build = getattr(result, name)
        if build.returncode != 0:
            pytest.fail(f"build {name} failed:\n{build.output}", pytrace=False)
    return result
