"""Site-build helpers that put the Pyodide runtime and our lock file into the site.

Layout produced by the MkDocs hook::

    assets/pyodide/<pyodide-version>/   runtime (copy_runtime)
    assets/calc/<content-hash>/         calculators-*.whl + pyodide-lock.json (write_lock)

The page/worker calls ``loadPyodide({indexURL: <runtime dir>, lockFileURL:
<calc dir>/pyodide-lock.json})`` and then ``loadPackage("calculators")``.

How Pyodide (314.0.x) resolves ``file_name`` in a lock, and why we write it as we do:

* ``indexURL`` is only used for the runtime itself (pyodide.asm.mjs / .wasm,
  python_stdlib.zip, and the default lock). It is NOT the base for packages.
* A relative ``file_name`` is resolved against ``packageBaseUrl``, which by
  default is the directory of ``lockFileURL`` (browser: ``new URL(file_name,
  base)``; Node: ``path.resolve(base, file_name)``). Names containing ``://``
  or starting with ``/`` are used as they are.
* So our wheel is simply stored by its bare file name next to the lock: it then
  resolves correctly wherever the site is mounted (sub-path deploys, file
  previews), with no absolute URL baked in. The runtime's own package entries
  would resolve next to *our* lock too, which is wrong; ``runtime_base_url``
  rewrites them (e.g. ``"../../pyodide/314.0.7/"``). The npm package ships none
  of those wheels, so they are dead entries unless the wheels are copied in,
  which is also why the default is to drop them (``keep_runtime_packages``):
  a small lock is one less 120 kB fetch on every calculator page.
* The browser checks ``sha256`` via ``fetch(..., {integrity})`` (SRI), so a
  stale cached wheel fails loudly. Node reads local paths with ``fs`` and does
  NOT verify the hash; tests/pyodide/run_pytest.mjs checks it itself.
* Pyodide in Node falls back to downloading from the jsDelivr CDN when a
  relative file is missing; offline that surfaces as a fetch error.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pyodide_lock import PyodideLockSpec
from pyodide_lock.utils import add_wheels_to_spec

__all__ = ["RUNTIME_FILES", "pyodide_version", "copy_runtime", "write_lock"]

# Everything a browser or Node fetches to boot Pyodide 314 and load a pure-Python
# wheel (checked with Playwright request logging). pyodide-lock.json is only
# fetched when no lockFileURL is given, but it is the source for write_lock.
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def pyodide_version(node_modules: Path) -> str:
    """Version of the installed npm ``pyodide`` package (e.g. ``"314.0.7"``)."""
    meta = json.loads((Path(node_modules) / "pyodide" / "package.json").read_text("utf-8"))
    return meta["version"]


def copy_runtime(node_modules: Path, dest: Path) -> Path:
    """Copy the Pyodide runtime into ``dest/pyodide/<version>/`` and return that dir.

    Unchanged files (same size, destination not older) are skipped so that
    ``mkdocs serve`` rebuilds stay fast.
    """
    src = Path(node_modules) / "pyodide"
    missing = [name for name in RUNTIME_FILES if not (src / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{src} lacks {missing}; run `npm ci` first")
    out = Path(dest) / "pyodide" / pyodide_version(node_modules)
    out.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        s, d = src / name, out / name
        if d.is_file():
            ss, ds = s.stat(), d.stat()
            if ss.st_size == ds.st_size and ds.st_mtime >= ss.st_mtime:
                continue
        shutil.copy2(s, d)
    return out


def write_lock(
    runtime_lock: Path,
    wheel: Path,
    out: Path,
    wheel_url: str,
    *,
    runtime_base_url: str | None = None,
    keep_runtime_packages: bool = False,
) -> Path:
    """Write a pyodide-lock.json at ``out`` = Pyodide's lock + our ``wheel``.

    ``wheel_url`` becomes the wheel's ``file_name``: normally just
    ``wheel.name`` with the wheel stored next to ``out`` (see module doc).
    Runtime package entries are dropped unless ``keep_runtime_packages``; if
    kept, ``runtime_base_url`` (relative to ``out``'s directory, or absolute)
    is prefixed to their relative file names. Output is deterministic JSON.
    """
    spec = PyodideLockSpec.from_json(Path(runtime_lock))
    wheel = Path(wheel)
    if keep_runtime_packages:
        if runtime_base_url is not None:
            for pkg in spec.packages.values():
                if not ("://" in pkg.file_name or pkg.file_name.startswith("/")):
                    pkg.file_name = runtime_base_url + pkg.file_name
    else:
        spec.packages = {}
    # Also validates the wheel against the runtime's platform/Python and fills
    # in imports, depends and sha256 (dependencies must be in the lock).
    spec = add_wheels_to_spec(spec, [wheel], base_path=wheel.parent)
    added = [p for p in spec.packages.values() if p.file_name == wheel.name]
    if len(added) != 1:
        raise RuntimeError(f"expected one lock entry for {wheel.name}, got {added}")
    added[0].file_name = wheel_url
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    spec.to_json(out)
    return out
