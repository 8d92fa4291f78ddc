"""Memory snapshot of the booted calculator runtime, and its trimmed standard library.

A normal Pyodide boot spends seconds running Python's start-up and importing
modules; a snapshot is the wasm memory of a runtime that has already done
that, with our ``calculators`` package imported. ``loadPyodide({_loadSnapshot})``
copies it back instead (private Pyodide API: pinned version, tested, and the
worker falls back to a normal boot on any failure).

Built under Node from the pinned npm ``pyodide`` by ``guidebuild/snapshot.mjs``:

1. ``modules``: normal boot, wheel installed, every calculators module
   imported; the standard-library files then in ``sys.modules`` are all the
   runtime needs, because everything it imports later is already in the
   snapshot's memory. ``snapshot_stdlib.py`` (run in that Pyodide) writes
   them with their docstrings blanked out, line numbers kept, and compiled.
2. The compiled files become a zip used only at build. The zip that is
   served in place of Pyodide's 2.5 MB standard library is empty: every
   module the runtime uses is in the snapshot's memory, and the sources
   would serve only source lines in tracebacks (a phone would pay 0.6 MB for
   them on every first visit).
3. ``snapshot``: boot from the compiled zip (nothing to compile, so no
   compiler garbage in the heap), install + import, then the served zip
   takes its place and the zip importer reads its directory: Python keeps
   that directory in memory, so the snapshot is only valid with
   *byte-identical* zip bytes and the two always travel together (same
   directory, same cache key); the build checks that the restored runtime
   builds the engine and still formats a traceback. Then
   ``snapshot-heap.mjs`` zeroes the heap's free chunks and the dead stack
   (checked against dlmalloc's ``mallinfo`` first: the build fails if they
   disagree), and ``makeMemorySnapshot()``.
4. The snapshot is packed (``docs/assets/javascripts/calculator/snapshot-pack.mjs``:
   trailing zeros dropped, CPython's static data stored as its difference
   from the wasm's data segments), unpacked and restored once to check it,
   and gzipped: 31.5 MB of memory travel as 2.9 MB. ``meta.json`` holds the
   sha256 of Pyodide's own snapshot bytes, which the worker checks after
   unpacking.

The rules are not in the snapshot (the worker builds ``Engine`` from the
versioned rules JSON after the boot), so a rules edit reuses it. The result
is cached under ``<user cache>/snapshot/<key>/`` (``guidebuild/cache.py``:
outside the checkout, so every clone on the machine shares it) where ``key``
hashes every input (Pyodide's runtime files, our wheel, the build scripts): a
rebuild with unchanged inputs, in any clone, costs one hash of those files.
The four most recently used entries are kept.

Python state that the snapshot freezes for every visitor: the str hash seed
and the ``random`` module's seed. The engine uses neither for anything that
matters (no untrusted dict keys at scale, no randomness).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Snapshot", "SnapshotError", "build_snapshot", "trim_stdlib", "SNAPSHOT_NAME", "STDLIB_NAME"]

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "snapshot.mjs"
# The packing is undone in the browser by the same module (worker.mjs imports it).
PACK_MODULE = HERE.parent.parent / "docs" / "assets" / "javascripts" / "calculator" / "snapshot-pack.mjs"
SCRIPTS = (SCRIPT, HERE / "snapshot-heap.mjs", HERE / "snapshot_stdlib.py", PACK_MODULE)
SNAPSHOT_NAME = "snapshot.bin.gz"
STDLIB_NAME = "python_stdlib.zip"
META_NAME = "meta.json"
# Inputs of the Pyodide side that can change what the snapshot contains.
RUNTIME_INPUTS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
KEEP = 4  # cache entries: e.g. switching branches does not rebuild each time


class SnapshotError(RuntimeError):
    pass


@dataclass(frozen=True)
class Snapshot:
    key: str                # content hash of the inputs: the versioned directory name
    directory: Path         # holds SNAPSHOT_NAME (packed, gzip) and STDLIB_NAME
    sha256: str             # of Pyodide's snapshot (unpacked): what the worker checks
    size: int               # its bytes (the wasm memory and Pyodide's header)

    @property
    def files(self) -> dict[str, Path]:
        return {SNAPSHOT_NAME: self.directory / SNAPSHOT_NAME, STDLIB_NAME: self.directory / STDLIB_NAME}


def _key(pyodide_dir: Path, wheel: Path) -> str:
    digest = hashlib.sha256(b"kmc-snapshot-2\0")
    for path in [*(pyodide_dir / name for name in RUNTIME_INPUTS), wheel, *SCRIPTS, Path(__file__)]:
        # The wheel's name carries its version; the bytes carry the rest.
        label = wheel.name if path == wheel else path.name
        digest.update(label.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _write_zip(entries: dict[str, bytes], out: Path) -> Path:
    """Write ``out`` holding ``entries``, deterministically (sorted, fixed times)."""
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            dst.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out


def trim_stdlib(full_zip: Path, files: list[str], out: Path) -> Path:
    """Write ``out``: the entries ``files`` of ``full_zip``, deterministically."""
    with zipfile.ZipFile(full_zip) as src:
        available = set(src.namelist())
        missing = sorted(set(files) - available)
        if missing:
            raise SnapshotError(f"{full_zip} lacks {missing}")
        return _write_zip({name: src.read(name) for name in set(files)}, out)


def _zip_tree(tree: Path, files: list[str], suffix: str, out: Path) -> Path:
    """Write ``out`` from ``tree/<file><suffix>`` for each of ``files``."""
    missing = [name for name in files if not (tree / (name + suffix)).is_file()]
    if missing:
        raise SnapshotError(f"{SCRIPT.name} modules wrote no {tree.name}/ file for {missing}")
    return _write_zip({name + suffix: (tree / (name + suffix)).read_bytes() for name in files}, out)


def _node(*args: str, cwd: Path) -> None:
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("node not found on PATH (needed to build the Pyodide snapshot)")
    proc = subprocess.run([node, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SnapshotError(f"{SCRIPT.name} {args[0]} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")


def unpack(packed: Path, pyodide_dir: Path, out: Path) -> Path:
    """Pyodide's snapshot from its packed form (``SNAPSHOT_NAME`` gunzipped), as the worker unpacks it."""
    _node("unpack", "--pyodide", str(pyodide_dir), "--in", str(packed), "--out", str(out), cwd=out.parent)
    return out


def build_snapshot(pyodide_dir: Path, wheel: Path, cache_dir: Path) -> Snapshot:
    """Return the snapshot for these inputs, building it only on a cache miss."""
    pyodide_dir, wheel, cache_dir = (Path(p).resolve() for p in (pyodide_dir, wheel, cache_dir))
    key = _key(pyodide_dir, wheel)
    final = cache_dir / key
    meta_path = final / META_NAME
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text("utf-8"))
        os.utime(meta_path)  # most recently used: kept by _prune
        return Snapshot(key, final, meta["sha256"], meta["size"])

    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".tmp-") as tmp:
        work = Path(tmp)
        scratch = work / "scratch"
        _node("modules", "--pyodide", str(pyodide_dir), "--wheel", str(wheel), "--out", str(scratch), cwd=work)
        files = json.loads((scratch / "modules.json").read_text("utf-8"))
        stdlib = _write_zip({}, work / STDLIB_NAME)
        compiled = _zip_tree(scratch / "compiled", files, "c", scratch / "compiled.zip")
        _node("snapshot", "--pyodide", str(pyodide_dir), "--wheel", str(wheel), "--compiled", str(compiled),
              "--stdlib", str(stdlib), "--out", str(scratch), cwd=work)
        # mtime=0 and no file name: identical snapshots give identical .gz bytes.
        with open(work / SNAPSHOT_NAME, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f,
                                                                   compresslevel=9, mtime=0) as gz:
            gz.write((scratch / "snapshot.packed").read_bytes())
        meta = json.loads((scratch / "meta.json").read_text("utf-8"))
        shutil.rmtree(scratch)
        (work / META_NAME).write_text(json.dumps(meta), "utf-8")
        try:
            os.replace(work, final)  # atomic: a cache entry is complete or absent
        except OSError:
            if not meta_path.is_file():  # not another build winning the race
                raise
        else:
            work.mkdir()  # so TemporaryDirectory's cleanup finds it
    _prune(cache_dir)
    return Snapshot(key, final, meta["sha256"], meta["size"])


def _prune(cache_dir: Path, keep: int = KEEP) -> None:
    """Drop all but the ``keep`` most recently used entries (3.5 MB each)."""
    entries = sorted((p for p in cache_dir.iterdir() if (p / META_NAME).is_file()),
                     key=lambda p: (p / META_NAME).stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)
