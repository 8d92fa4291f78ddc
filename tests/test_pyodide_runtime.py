"""The calculators wheel and lock, checked on CPython and inside real Pyodide (Node).

Needs the setup step (`npm ci` and `.venv/bin/python scripts/fetch_pyodide_wheels.py`);
missing prerequisites FAIL here on purpose, so a broken setup can't pass as green.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from guidebuild.calculator.lock import RUNTIME_FILES, copy_runtime, pyodide_version, write_lock
from guidebuild.cache import cache_dir
from guidebuild.calculator.wheel import build_calculators_wheel

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
WHEEL_CACHE = ROOT / ".cache" / "pyodide-wheels"
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest.mjs"
SETUP_HINT = "run the setup: `npm ci && .venv/bin/python scripts/fetch_pyodide_wheels.py`"
VERSION = "0.1.0+pyodidetest"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node not found on PATH; {SETUP_HINT}")
    if not (NODE_MODULES / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail(f"node_modules/pyodide missing; {SETUP_HINT}")
    return node


@pytest.fixture(scope="module")
def site_calc(tmp_path_factory) -> Path:
    """Wheel + lock laid out as in the site: <calc dir>/{wheel, pyodide-lock.json}."""
    calc = tmp_path_factory.mktemp("site-calc") / "calc"
    wheel = build_calculators_wheel(ROOT, calc, VERSION)
    write_lock(NODE_MODULES / "pyodide" / "pyodide-lock.json", wheel, calc / "pyodide-lock.json", wheel.name)
    return calc


def _engine_tests() -> list[str]:
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "engine").glob("test_*.py"))
    if not tests:
        pytest.fail("no tests/engine/test_*.py to run inside Pyodide")
    return tests


@pytest.fixture(scope="module")
def copied_runtime_run(tmp_path_factory, site_calc):
    """One Node boot for two checks: the runtime copied as the site ships it,
    with the site's lock, installs "calculators" by name and runs the engine
    tests. -> (assets dir, runtime dir, completed run_pytest.mjs)."""
    node = _node()
    if not any(WHEEL_CACHE.glob("pytest-*.whl")):
        pytest.fail(f"no test wheels in {WHEEL_CACHE}; {SETUP_HINT}")
    assets = tmp_path_factory.mktemp("site") / "assets"
    runtime = copy_runtime(NODE_MODULES, assets)
    # The engine tests read their frozen bundle (tests/engine/bundle.json)
    # from the mounted checkout, as in CPython.
    proc = subprocess.run(
        [node, str(RUNNER), "--runtime", str(runtime), "--lock", str(site_calc / "pyodide-lock.json"),
         "--root", str(ROOT), "--", "-q", "-ra", *_engine_tests()],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    return assets, runtime, proc


def test_wheel_is_deterministic_and_complete(tmp_path: Path) -> None:
    a = build_calculators_wheel(ROOT, tmp_path / "a", VERSION)
    b = build_calculators_wheel(ROOT / "calculators", tmp_path / "b", VERSION)
    assert a.name == f"calculators-{VERSION}-py3-none-any.whl"
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        names = zf.namelist()
        assert "calculators/__init__.py" in names
        assert all(n.startswith(("calculators/", f"calculators-{VERSION}.dist-info/")) for n in names)
        assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
        record = list(csv.reader(io.StringIO(zf.read(f"calculators-{VERSION}.dist-info/RECORD").decode())))
        assert sorted(r[0] for r in record) == sorted(names)
        for path, digest, size in record:
            if path.endswith("RECORD"):
                continue
            data = zf.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data))
    import pkginfo

    meta = pkginfo.Wheel(str(a))
    assert (meta.name, meta.version) == ("calculators", VERSION)


@pytest.mark.parametrize("bad", ["0.1.0-dev", "0.1.0+ABC", "v1", "1.0+a_b", ""])
def test_wheel_rejects_unnormalised_versions(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        build_calculators_wheel(ROOT, tmp_path, bad)


def test_lock_entry_matches_wheel(site_calc: Path) -> None:
    (wheel,) = site_calc.glob("*.whl")
    lock = json.loads((site_calc / "pyodide-lock.json").read_text())
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == wheel.name
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"] and entry["depends"] == []
    assert lock["info"]["python"].startswith("3.")


def test_copied_runtime_boots_and_loads_wheel_in_node(copied_runtime_run) -> None:
    assets, runtime, proc = copied_runtime_run
    assert runtime == assets / "pyodide" / pyodide_version(NODE_MODULES)
    assert sorted(p.name for p in runtime.iterdir()) == sorted(RUNTIME_FILES)
    assert f"run_pytest.mjs: calculators {VERSION} installed" in proc.stderr.splitlines(), proc.stderr[-3000:]


def test_engine_tests_pass_inside_pyodide(copied_runtime_run) -> None:
    *_, proc = copied_runtime_run
    print(proc.stdout[-20000:])
    assert proc.returncode == 0, f"pytest in Pyodide exited {proc.returncode}\n{proc.stdout[-5000:]}\n{proc.stderr[-5000:]}"
    assert " passed" in proc.stdout and " failed" not in proc.stdout


# --- the snapshot boot (guidebuild/calculator/snapshot.py) -----------------------------------

def _site_snapshot(tmp_path: Path):
    """The snapshot the site ships: same wheel as the site build makes,
    so this is a cache hit after any site build (or builds the cache entry)."""
    import tomllib

    from guidebuild.calculator.snapshot import build_snapshot

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    wheel = build_calculators_wheel(ROOT, tmp_path / "wheel", version)
    return build_snapshot(NODE_MODULES / "pyodide", wheel, cache_dir("snapshot"))


def test_engine_tests_pass_inside_the_snapshot_runtime(tmp_path: Path) -> None:
    """The engine's tests, run in a runtime booted from the snapshot and the
    trimmed stdlib the site serves (run_pytest.mjs --snapshot also fails if
    the engine imports anything at run time that the snapshot lacks)."""
    node = _node()
    if not any(WHEEL_CACHE.glob("pytest-*.whl")):
        pytest.fail(f"no test wheels in {WHEEL_CACHE}; {SETUP_HINT}")
    from guidebuild.calculator.snapshot import SNAPSHOT_NAME, STDLIB_NAME, unpack

    snapshot = _site_snapshot(tmp_path)
    assert sorted(snapshot.files) == sorted([SNAPSHOT_NAME, STDLIB_NAME])
    packed = tmp_path / "snapshot.packed"
    packed.write_bytes(gzip.decompress(snapshot.files[SNAPSHOT_NAME].read_bytes()))
    raw = unpack(packed, NODE_MODULES / "pyodide", tmp_path / "snapshot.bin").read_bytes()
    assert (hashlib.sha256(raw).hexdigest(), len(raw)) == (snapshot.sha256, snapshot.size)
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "engine").glob("test_*.py"))
    # The engine tests read their frozen bundle (tests/engine/bundle.json).
    proc = subprocess.run(
        [node, str(RUNNER), "--snapshot", str(snapshot.directory), "--root", str(ROOT),
         "--", "-q", "-ra", *tests],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    print(proc.stdout[-20000:])
    assert proc.returncode == 0, f"pytest in the snapshot runtime exited {proc.returncode}\n{proc.stdout[-5000:]}\n{proc.stderr[-3000:]}"
    assert " passed" in proc.stdout and " failed" not in proc.stdout


def test_snapshot_cache_hit_runs_nothing(tmp_path: Path, monkeypatch) -> None:
    """Unchanged inputs: the cached snapshot is reused without starting Node."""
    import guidebuild.calculator.snapshot as snap

    first = _site_snapshot(tmp_path / "a")
    monkeypatch.setattr(snap, "_node", lambda *a, **k: pytest.fail("cache miss for unchanged inputs"))
    again = _site_snapshot(tmp_path / "b")
    assert again == first


def test_trimmed_stdlib_is_deterministic(tmp_path: Path) -> None:
    from guidebuild.calculator.snapshot import SnapshotError, trim_stdlib

    full = NODE_MODULES / "pyodide" / "python_stdlib.zip"
    names = ["json/__init__.py", "json/decoder.py", "datetime.py"]
    a = trim_stdlib(full, names, tmp_path / "a.zip")
    b = trim_stdlib(full, list(reversed(names)), tmp_path / "b.zip")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert sorted(zf.namelist()) == sorted(names)
    with pytest.raises(SnapshotError, match="nosuchmodule"):
        trim_stdlib(full, ["nosuchmodule.py"], tmp_path / "c.zip")


def test_engine_imports_only_at_module_level() -> None:
    """Everything the engine imports is imported when the snapshot is made; an
    import inside a function would run in the browser, where the trimmed
    stdlib does not have it. (__main__ is the CPython-only CLI.)"""
    import ast

    late = []
    for path in sorted((ROOT / "calculators").glob("*.py")):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
                late.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in {"__import__", "importlib.import_module"}:
                late.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert not late, "imports outside module level in calculators/:\n" + "\n".join(late)


def test_snapshot_cache_keeps_the_most_recently_used(tmp_path: Path) -> None:
    import os
    import time

    from guidebuild.calculator.snapshot import META_NAME, _prune

    for age, name in enumerate(["new", "b", "c", "d", "old"]):
        entry = tmp_path / name
        entry.mkdir()
        (entry / META_NAME).write_text("{}")
        stamp = time.time() - age * 60
        os.utime(entry / META_NAME, (stamp, stamp))
    (tmp_path / ".tmp-in-progress").mkdir()  # another build's work dir: not an entry
    _prune(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-in-progress", "b", "c", "d", "new"]
