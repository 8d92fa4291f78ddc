"""What each step of making the calculator's snapshot small saves (prints figures, never fails on size).

    .venv/bin/python benchmarks/snapshot_size.py

Runs guidebuild/calculator/snapshot.mjs as guidebuild/calculator/snapshot.py does (no cache), once
per step, each step adding to the one before:

1. trimmed stdlib: the snapshot as it was made before these steps (boot from
   the trimmed zip with its docstrings, no zeroing);
2. zeroed heap: dlmalloc's free chunks and the dead stack zeroed;
3. no docstrings: the served zip's docstrings blanked out (line numbers kept);
4. compiled boot: booted from a compiled copy of that zip;
5. empty served zip: every module in use is in memory, so the zip served
   beside the snapshot holds no file (what ships).

For each: the snapshot's raw bytes as Pyodide makes them and their gzip -9;
the same without the trailing zeros; the packed form (also its data segments
stored as a difference, snapshot-pack.mjs) and its gzip -9, which is what is
served; the served zip; the heap in use; the Node run's time. Steps 1-3 pack
too, so every column compares like with like.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guidebuild.calculator.snapshot import SCRIPT, STDLIB_NAME, _write_zip, _zip_tree, trim_stdlib  # noqa: E402
from guidebuild.calculator.wheel import build_calculators_wheel  # noqa: E402

PYODIDE = ROOT / "node_modules" / "pyodide"
MB = 1_000_000


def node(*args: str) -> float:
    start = time.perf_counter()
    run = subprocess.run(["node", str(SCRIPT), *args], capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"snapshot.mjs {args[0]} failed:\n{run.stderr[-3000:]}")
    return time.perf_counter() - start


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    with tempfile.TemporaryDirectory(prefix="kmc-snapshot-size-") as tmp:
        work = Path(tmp)
        wheel = build_calculators_wheel(ROOT, work / "wheel", version)
        seconds = node("modules", "--pyodide", str(PYODIDE), "--wheel", str(wheel), "--out", str(work / "m"))
        print(f"modules step (list, blank docstrings, compile): {seconds:.1f} s")
        files = json.loads((work / "m" / "modules.json").read_text("utf-8"))
        trimmed = trim_stdlib(PYODIDE / "python_stdlib.zip", files, work / "trimmed.zip")
        blanked = _zip_tree(work / "m" / "source", files, "", work / STDLIB_NAME)
        compiled = _zip_tree(work / "m" / "compiled", files, "c", work / "compiled.zip")
        empty = _write_zip({}, work / "empty.zip")
        steps = [
            ("1 trimmed stdlib", trimmed, trimmed, "off"),
            ("2 + zeroed heap", trimmed, trimmed, "on"),
            ("3 + no docstrings", blanked, blanked, "on"),
            ("4 + compiled boot", compiled, blanked, "on"),
            ("5 + empty served zip", compiled, empty, "on"),
        ]
        print(f"\n| step | raw | raw gzip | no trailing zeros | its gzip | packed | packed gzip (served) "
              f"| stdlib zip | heap in use | Node |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, boot_zip, served_zip, scrub in steps:
            out = work / name.split()[0]
            out.mkdir()
            seconds = node("snapshot", "--pyodide", str(PYODIDE), "--wheel", str(wheel), "--compiled", str(boot_zip),
                           "--stdlib", str(served_zip), "--out", str(out), "--scrub", scrub)
            packed = (out / "snapshot.packed").read_bytes()
            node("unpack", "--pyodide", str(PYODIDE), "--in", str(out / "snapshot.packed"), "--out", str(out / "raw"))
            raw = (out / "raw").read_bytes()
            trimmed_raw = raw.rstrip(b"\0")
            meta = json.loads((out / "meta.json").read_text("utf-8"))
            heap = f"{meta['scrub']['heapInUse'] / MB:.2f} MB" if meta["scrub"] else "–"
            print(f"| {name} | {len(raw) / MB:.2f} MB | {gz(raw) / MB:.2f} MB | {len(trimmed_raw) / MB:.2f} MB "
                  f"| {gz(trimmed_raw) / MB:.2f} MB | {len(packed) / MB:.2f} MB | {gz(packed) / MB:.2f} MB "
                  f"| {served_zip.stat().st_size / MB:.2f} MB | {heap} | {seconds:.1f} s |")


if __name__ == "__main__":
    main()
