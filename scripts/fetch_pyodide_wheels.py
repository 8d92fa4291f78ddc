#!/usr/bin/env python3
"""Download the pure-Python test wheels that run_pytest.mjs installs into Pyodide.

Run once during setup (needs PyPI; later runs are offline no-ops):

    .venv/bin/python scripts/fetch_pyodide_wheels.py

Pyodide's npm package ships no wheels and the Pyodide CDN is unreachable here,
so pytest & co. come from PyPI as py3-none-any wheels for CPython 3.14 (the
Python inside Pyodide 314). A stamp file holding the requirements' hash makes
repeat runs instant and re-downloads when the pins change.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQS = ROOT / "tests" / "pyodide" / "requirements.txt"
DEST = ROOT / ".cache" / "pyodide-wheels"
PYTHON_VERSION = "3.14"


def main() -> int:
    wanted = REQS.read_bytes()
    stamp = DEST / ".stamp"
    digest = hashlib.sha256(wanted + PYTHON_VERSION.encode()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest:
        print(f"pyodide test wheels up to date in {DEST}")
        return 0
    DEST.mkdir(parents=True, exist_ok=True)
    for old in DEST.glob("*.whl"):
        old.unlink()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--disable-pip-version-check",
         "--no-deps", "--only-binary=:all:", "--python-version", PYTHON_VERSION,
         "--implementation", "py", "--abi", "none", "--platform", "any",
         "--dest", str(DEST), "-r", str(REQS)],
        check=True,
    )
    wheels = sorted(p.name for p in DEST.glob("*.whl"))
    bad = [w for w in wheels if not w.endswith("-none-any.whl")]
    if bad:
        print(f"not pure-Python wheels: {bad}", file=sys.stderr)
        return 1
    stamp.write_text(digest + "\n")
    print("\n".join(wheels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
