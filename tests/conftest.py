"""Shared by every test directory.

The checkout's own packages come first on sys.path, so a second checkout (a
git worktree) run with another checkout's .venv tests its own code rather
than the editable install's. Not inside Pyodide, where the engine tests must
import ``calculators`` from the installed wheel (tests/pyodide/run_pytest.mjs
checks that).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if sys.platform != "emscripten" and str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))
