"""The calculator script's pure modules, and the worker's snapshot fallbacks
with Pyodide stood in for, under ``node --test`` (tests/js/*.test.mjs),
and the rule that the shipped calculator script holds no Japanese text.

Node is a setup requirement (scripts/setup.sh installs it; the build needs it
for the snapshot): a missing node fails here, it is not skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
# Han, kana, CJK and full-width punctuation (「」、。（）～ and the full-width forms).
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def test_pure_modules_under_node_test():
    node = shutil.which("node")
    assert node, "node is not on PATH: run scripts/setup.sh (it installs nodejs)"
    files = sorted(p.name for p in Path(__file__).parent.glob("*.test.mjs"))
    assert {"ics.test.mjs", "input.test.mjs", "share.test.mjs", "worker.test.mjs"} <= set(files)
    run = subprocess.run([node, "--test", *files], cwd=Path(__file__).parent,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"^# fail 0$", run.stdout, re.M) and not re.search(r"^# pass 0$", run.stdout, re.M)


def test_calculator_script_holds_no_japanese_text():
    """Result wording comes from calculators/ (Python), every other word from
    the page's HTML (docs/calculator/index.md). Comments count too: they are
    written in English like all code."""
    files = sorted((SCRIPTS / "calculator").glob("*.mjs")) + [SCRIPTS / "print.mjs"]
    assert len(files) >= 10, files
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in files for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if JAPANESE.search(line)]
    assert not found, "\n".join(found)
