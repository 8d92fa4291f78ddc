#!/usr/bin/env node
// Build-time half of the calculator's snapshot boot (driven by guidebuild/snapshot.py).
//
//   node guidebuild/snapshot.mjs modules  --pyodide DIR --wheel W.whl --out modules.json
//   node guidebuild/snapshot.mjs snapshot --pyodide DIR --wheel W.whl --stdlib ZIP --out snapshot.bin
//
// modules:  a normal boot (Pyodide's full standard library), our wheel installed
//           and every calculators module imported; writes which standard-library
//           files are then in sys.modules. That list is the trimmed stdlib zip.
// snapshot: the same boot from the trimmed zip with `_makeSnapshot: true`, then
//           `makeMemorySnapshot()` (the whole wasm memory: Python with our
//           modules already imported), then restores it once in this process
//           and checks the engine is there, so a broken snapshot fails the build.
//
// Why the wheel is unzipped by Python and not loaded with loadPackage():
// Pyodide's snapshot code refuses a runtime whose package manager has loaded
// anything ("Unexpected hiwire entry at index 6": its loadedPackages object
// must still be empty). A pure-Python wheel's install is just its files in
// site-packages, which is what the extraction below does.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

function fail(message) {
  console.error(`snapshot.mjs: ${message}`);
  process.exit(2);
}

const [mode, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i += 2) {
  const m = /^--(pyodide|wheel|stdlib|out)$/.exec(rest[i]);
  if (!m || rest[i + 1] === undefined) fail(`bad argument ${rest[i]}`);
  opts[m[1]] = path.resolve(rest[i + 1]);
}
if (!["modules", "snapshot"].includes(mode)) fail("mode must be `modules` or `snapshot`");
for (const key of ["pyodide", "wheel", "out", ...(mode === "snapshot" ? ["stdlib"] : [])]) {
  if (!opts[key]) fail(`--${key} is required`);
}

const { loadPyodide } = await import(path.join(opts.pyodide, "pyodide.mjs"));
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };
const base = { indexURL: opts.pyodide + path.sep, ...quiet };
if (opts.stdlib) base.stdLibURL = opts.stdlib;

// Install (unzip) the wheel and import every module of the package except the
// CLI (__main__ pulls in argparse and pathlib, which the browser never needs).
const INSTALL = `
import gc, site, sys, zipfile, importlib
with zipfile.ZipFile("/tmp/calculators.whl") as _whl:
    _whl.extractall(site.getsitepackages()[0])
    _names = _whl.namelist()
for _name in sorted(_names):
    if _name.startswith("calculators/") and _name.endswith(".py") and not _name.endswith("__main__.py"):
        importlib.import_module(_name[:-3].replace("/", ".").removesuffix(".__init__"))
del _whl, _names, _name
`;

function install(py) {
  py.FS.writeFile("/tmp/calculators.whl", readFileSync(opts.wheel));
  py.runPython(INSTALL);
  py.FS.unlink("/tmp/calculators.whl");
}

if (mode === "modules") {
  const py = await loadPyodide(base);
  install(py);
  const files = py.runPython(`
import json, sys
_zip = "/lib/python%d%d.zip/" % sys.version_info[:2]
json.dumps(sorted({m.__file__[len(_zip):] for m in list(sys.modules.values())
                   if (getattr(m, "__file__", None) or "").startswith(_zip)}))
`);
  writeFileSync(opts.out, files);
} else {
  const py = await loadPyodide({ ...base, _makeSnapshot: true });
  install(py);
  // Leave __main__ (the worker's pyodide.globals) as a fresh interpreter has it.
  py.runPython("del gc, site, sys, zipfile, importlib; import gc; gc.collect(); del gc");
  const expected = py.runPython("import sys; sorted(sys.modules)").toJs();
  const snapshot = py.makeMemorySnapshot();
  // Restore once here: a snapshot that does not boot, or boots without the
  // engine, must fail the build rather than reach a browser.
  const again = await loadPyodide({ ...base, _loadSnapshot: snapshot });
  const got = again.runPython("import sys; from calculators.api import Engine; sorted(sys.modules)").toJs();
  const missing = expected.filter((name) => !got.includes(name));
  if (missing.length) fail(`restored snapshot lacks modules: ${missing.join(", ")}`);
  writeFileSync(opts.out, snapshot);
}
