"""How the snapshot is made small (guidebuild/calculator/snapshot.py and its helpers).

The packing and the heap scrub on hand-made inputs are in
tests/js/snapshot.test.mjs; the engine suite inside the snapshot-booted
runtime, in tests/test_pyodide_runtime.py.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

from guidebuild.calculator.snapshot_stdlib import blank_docstrings
from guidebuild.cache import cache_dir
from guidebuild.calculator.wheel import build_calculators_wheel

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"

SAMPLE = textwrap.dedent('''\
    """Module docstring,
    on two lines."""
    import sys

    GREETING = "not a docstring"


    class Thing:
        """Class docstring."""

        def method(self):
            """Method docstring
            with a line break, and « non-ASCII » text."""
            return GREETING  # method

        def one_liner(self): """Docstring and body on one line."""

        async def waiting(self):
            r"""Raw
            docstring."""
            return 2  # waiting


    def f(x):
        "Single-quoted docstring."; y = x + 1
        # a form feed, which str.splitlines() but not Python takes for a line break: \f
        return y  # f


    def g():
        x = "a string, then a docstring-like string that is not first"
        """not a docstring"""
        return x
''')


def _docstring_lines(text: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines |= set(range(first.lineno, first.end_lineno + 1))
    return lines


def test_blank_docstrings_keeps_every_line_and_all_code() -> None:
    out = blank_docstrings(SAMPLE)
    assert "\f" in SAMPLE and out.count("\n") == SAMPLE.count("\n")
    for node in ast.walk(ast.parse(out)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            assert not (ast.get_docstring(node, clean=False) or "").strip(), ast.dump(node)[:80]
    # Only docstring lines differ, and each docstring keeps its lines.
    docstrings = _docstring_lines(SAMPLE)
    assert len(docstrings) == 9
    before, after = SAMPLE.split("\n"), out.split("\n")
    changed = {n for n, (a, b) in enumerate(zip(before, after), 1) if a != b}
    assert changed and changed <= docstrings
    assert _docstring_lines(out) == docstrings  # each blank literal on its docstring's lines
    for marker in ("# method", "# waiting", "# f", "not a docstring\"\"\""):
        assert [n for n, t in enumerate(before) if marker in t] == [n for n, t in enumerate(after) if marker in t]
    namespace: dict = {}
    exec(compile(out, "sample.py", "exec"), namespace)
    thing = namespace["Thing"]()
    assert (thing.method(), thing.one_liner(), namespace["f"](1), namespace["g"]()) == (
        "not a docstring", None, 2, "a string, then a docstring-like string that is not first")


def _site_snapshot(tmp_path: Path):
    from guidebuild.calculator.snapshot import build_snapshot

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    wheel = build_calculators_wheel(ROOT, tmp_path / "wheel", version)
    return build_snapshot(PYODIDE, wheel, cache_dir("snapshot"))


def test_served_stdlib_is_empty(tmp_path: Path) -> None:
    """The snapshot carries every module it uses, so no standard-library file
    is served (the build's restore check runs the engine from it)."""
    from guidebuild.calculator.snapshot import STDLIB_NAME

    snapshot = _site_snapshot(tmp_path)
    served = snapshot.files[STDLIB_NAME]
    with zipfile.ZipFile(served) as zf:
        assert zf.namelist() == []
    assert served.stat().st_size < 100


HEAP_CHECK = """
import { heapFacts, scrubHeap, scrubPyodide, zeroStdioBuffers } from "%(heap)s";
const { loadPyodide } = await import("%(pyodide)s/pyodide.mjs");
const printed = [];
const py = await loadPyodide({ indexURL: "%(pyodide)s/", stdout: (line) => printed.push(line), stderr: () => {} });
const M = py._module;
M._free(M._malloc(20000)); // a free chunk with stale bytes
py.runPython("print('before')");
const out = { stdio: zeroStdioBuffers(py), agrees: scrubPyodide(py), refused: {}, untouched: {} };
py.runPython("print('after', flush=True)");
out.printed = printed;
const spoilt = {
  // an allocation between reading the totals and the walk
  "stale totals": () => { const facts = heapFacts(py); M._malloc(64); return facts; },
  // a heap that does not start where the walk assumes
  "another start": () => ({ ...heapFacts(py), heapBase: heapFacts(py).heapBase + 16 }),
};
for (const [name, facts] of Object.entries(spoilt)) {
  const given = facts();
  const before = M.HEAPU8.slice();
  try {
    scrubHeap(M.HEAPU8, given);
  } catch (error) {
    out.refused[name] = error.message;
  }
  out.untouched[name] = Buffer.compare(before, M.HEAPU8) === 0;
}
console.log(JSON.stringify(out));
"""


def test_heap_scrub_on_the_pinned_pyodide_and_a_heap_it_misreads(tmp_path: Path) -> None:
    """On the pinned Pyodide's real heap the stdio buffers are found and
    zeroed, the chunk walk matches mallinfo and zeroes free bytes; totals from another moment, or a heap that starts
    elsewhere, make it throw (so the build fails) before writing anything."""
    node = shutil.which("node")
    assert node, "node is not on PATH: run scripts/setup.sh"
    script = tmp_path / "heap.mjs"
    script.write_text(HEAP_CHECK % {"heap": ROOT / "guidebuild" / "calculator" / "snapshot-heap.mjs", "pyodide": PYODIDE})
    run = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["agrees"]["zeroed"] >= 20000 - 64 and out["agrees"]["heapInUse"] > 1_000_000
    # stdin's, stdout's and stderr's buffers, and printing still works
    assert out["stdio"] >= 3 * 4096 and out["printed"] == ["before", "after"]
    assert out["untouched"] == {"stale totals": True, "another start": True}
    assert "disagrees with mallinfo (" in out["refused"]["stale totals"]
    assert "disagrees with mallinfo" in out["refused"]["another start"]


def test_a_failed_heap_check_fails_the_build(tmp_path: Path, monkeypatch) -> None:
    """snapshot.mjs exits non-zero when the scrub throws: build_snapshot
    raises with its message and caches nothing."""
    import guidebuild.calculator.snapshot as snap

    heap = tmp_path / "snapshot-heap.mjs"
    heap.write_text((ROOT / "guidebuild" / "calculator" / "snapshot-heap.mjs").read_text("utf-8").replace(
        "mallinfo[field] !== value", "mallinfo[field] !== value + (field === \"uordblks\" ? 8 : 0)"))
    script = tmp_path / "snapshot.mjs"
    script.write_text((ROOT / "guidebuild" / "calculator" / "snapshot.mjs").read_text("utf-8")
                      .replace('"../../docs/assets/javascripts/calculator/snapshot-pack.mjs"',
                               json.dumps(str(snap.PACK_MODULE)))
                      .replace('new URL("./snapshot_stdlib.py", import.meta.url)',
                               json.dumps(str(ROOT / "guidebuild" / "calculator" / "snapshot_stdlib.py"))))
    monkeypatch.setattr(snap, "SCRIPT", script)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    wheel = build_calculators_wheel(ROOT, tmp_path / "wheel", version)
    cache = tmp_path / "cache"
    with pytest.raises(snap.SnapshotError, match=r"disagrees with mallinfo \(uordblks"):
        snap.build_snapshot(PYODIDE, wheel, cache)
    assert not [p for p in cache.iterdir() if not p.name.startswith(".tmp-")]
