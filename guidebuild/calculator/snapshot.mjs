#!/usr/bin/env node
// Build-time half of the calculator's snapshot boot (driven by guidebuild/snapshot.py).
//
//   node guidebuild/snapshot.mjs modules  --pyodide DIR --wheel W.whl --out DIR
//   node guidebuild/snapshot.mjs snapshot --pyodide DIR --wheel W.whl --compiled ZIP --stdlib ZIP --out DIR
//   node guidebuild/snapshot.mjs unpack   --pyodide DIR --in PACKED --out RAW
//
// (`snapshot --scrub off` skips the zeroing: only benchmarks/snapshot_size.py
// uses it, to show what each step saves.)
//
// modules:  a normal boot (Pyodide's full standard library), our wheel installed
//           and every calculators module imported, then snapshot_stdlib.py
//           writes to DIR: modules.json (the standard-library files in use),
//           source/ (them without docstrings) and compiled/ (those compiled).
// snapshot: boots from the compiled zip (no source is compiled, so no
//           compiler garbage is left in the heap), installs and imports as
//           above, then puts the shipped zip (--stdlib: empty, since every
//           module the runtime uses is already in memory) in its place and
//           points the zip importer at it: the snapshot must hold the
//           directory of the zip that is served.
//           Zeroes the heap's free chunks, the dead stack and the stdio
//           buffers (snapshot-heap.mjs), makes the snapshot and packs it
//           (snapshot-pack.mjs), then unpacks and restores it once here and
//           checks the engine is there and a traceback still formats (without
//           source lines), so a broken snapshot fails the build rather than
//           reaching a browser. Writes to DIR: snapshot.packed, meta.json
//           {sha256, size} of Pyodide's unpacked snapshot.
// unpack:   packed form -> Pyodide's snapshot (tests use it).
//
// Why the wheel is unzipped by Python and not loaded with loadPackage():
// Pyodide's snapshot code refuses a runtime whose package manager has loaded
// anything ("Unexpected hiwire entry at index 6": its loadedPackages object
// must still be empty). A pure-Python wheel's install is just its files in
// site-packages, which is what the extraction below does.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pack, unpack } from "../../docs/assets/javascripts/calculator/snapshot-pack.mjs";
import { scrubPyodide, zeroStdioBuffers } from "./snapshot-heap.mjs";

function fail(message) {
  console.error(`snapshot.mjs: ${message}`);
  process.exit(2);
}

const REQUIRED = {
  modules: ["pyodide", "wheel", "out"],
  snapshot: ["pyodide", "wheel", "compiled", "stdlib", "out"],
  unpack: ["pyodide", "in", "out"],
};
const [mode, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i += 2) {
  const m = /^--(pyodide|wheel|compiled|stdlib|in|out|scrub)$/.exec(rest[i]);
  if (!m || rest[i + 1] === undefined) fail(`bad argument ${rest[i]}`);
  opts[m[1]] = m[1] === "scrub" ? rest[i + 1] : path.resolve(rest[i + 1]);
}
if (!REQUIRED[mode]) fail(`mode must be one of ${Object.keys(REQUIRED).join(", ")}`);
if (![undefined, "on", "off"].includes(opts.scrub)) fail("--scrub must be on or off");
for (const key of REQUIRED[mode]) if (!opts[key]) fail(`--${key} is required`);

const wasm = () => readFileSync(path.join(opts.pyodide, "pyodide.asm.wasm"));

if (mode === "unpack") {
  writeFileSync(opts.out, unpack(new Uint8Array(readFileSync(opts.in)), wasm()));
  process.exit(0);
}

const { loadPyodide } = await import(path.join(opts.pyodide, "pyodide.mjs"));
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };
const base = { indexURL: opts.pyodide + path.sep, ...quiet };

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

// The stdlib files in use, their sources without docstrings and those
// compiled (snapshot_stdlib.py, run in this Pyodide).
const MODULES = readFileSync(new URL("./snapshot_stdlib.py", import.meta.url), "utf8") + "\nmain()\n";

// After the compiled boot: the shipped zip replaces the compiled one, and
// every zip importer (sys.path_importer_cache; each module's __loader__ is
// one of them) reads its directory: they share one dict, as after a normal
// boot. Modules loaded from x.pyc say x.py, as a source boot would. The
// shipped zip holds no files: an import of a module that is not already in
// memory fails at once, and tracebacks print no source lines.
const SWAP_ZIP = `
import sys as _sys, zipimport as _zipimport
_zip = "/lib/python%d%d.zip" % _sys.version_info[:2]
_files = _zipimport._read_directory(_zip)
_zipimport._zip_directory_cache.clear()
_zipimport._zip_directory_cache[_zip] = _files
for _importer in _sys.path_importer_cache.values():
    if isinstance(_importer, _zipimport.zipimporter):
        if _importer.archive != _zip:
            raise SystemExit(f"unexpected zip importer for {_importer.archive}")
        _importer._files = _files
for _m in list(_sys.modules.values()):
    _file = getattr(_m, "__file__", None) or ""
    if _file.startswith(_zip + "/") and _file.endswith(".pyc"):
        _m.__file__ = _file[:-1]
        if getattr(_m, "__spec__", None) is not None and _m.__spec__.origin == _file:
            _m.__spec__.origin = _file[:-1]
del _sys, _zipimport, _zip, _files, _importer, _m, _file
`;

// What the snapshot need not carry: our install's names, compiled regular
// expressions and lines read for tracebacks (rebuilt on demand), then a full
// collection so the garbage is free chunks the scrub zeroes.
const CLEAN = `
del gc, site, sys, zipfile, importlib
import gc, re, sys, linecache
re.purge()
linecache.clearcache()
sys._clear_internal_caches()
gc.collect()
del gc, re, sys, linecache
`;

if (mode === "modules") {
  const py = await loadPyodide(base);
  install(py);
  mkdirSync(opts.out, { recursive: true });
  py.FS.mkdir("/out");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: opts.out }, "/out");
  py.runPython(MODULES);
} else {
  const py = await loadPyodide({ ...base, stdLibURL: opts.compiled, _makeSnapshot: true });
  install(py);
  const zip = py.runPython(`import sys; "/lib/python%d%d.zip" % sys.version_info[:2]`);
  py.FS.writeFile(zip, readFileSync(opts.stdlib));
  py.runPython(SWAP_ZIP);
  // Leave __main__ (the worker's pyodide.globals) as a fresh interpreter has it.
  py.runPython(CLEAN);
  const expected = py.runPython("import sys; sorted(sys.modules)").toJs();
  const scrub = opts.scrub === "off" ? null : { stdio: zeroStdioBuffers(py), ...scrubPyodide(py) };
  const snapshot = py.makeMemorySnapshot();
  const packed = pack(snapshot, wasm());
  const unpacked = unpack(packed, wasm());
  if (Buffer.compare(unpacked, snapshot) !== 0) fail("the packed snapshot does not unpack to itself");
  // Restore once here, as the browser does: from the unpacked bytes and the
  // shipped zip.
  const again = await loadPyodide({ ...base, stdLibURL: opts.stdlib, _loadSnapshot: unpacked });
  const got = again.runPython("import sys; from calculators.api import Engine; sorted(sys.modules)").toJs();
  const missing = expected.filter((name) => !got.includes(name));
  if (missing.length) fail(`restored snapshot lacks modules: ${missing.join(", ")}`);
  // An error inside the standard library still reaches the worker as a
  // traceback: linecache finds no source in the empty zip and leaves the
  // lines out rather than failing.
  const traceback = again.runPython(`
import json, traceback
try:
    json.loads("{")
except ValueError:
    _tb = traceback.format_exc()
_tb
`);
  if (!/json[\/]decoder\.py", line \d+, in raw_decode/.test(traceback) || !traceback.includes("JSONDecodeError")) {
    fail(`a traceback in the restored snapshot reads:\n${traceback}`);
  }
  writeFileSync(path.join(opts.out, "snapshot.packed"), packed);
  const sha256 = createHash("sha256").update(snapshot).digest("hex");
  writeFileSync(path.join(opts.out, "meta.json"), JSON.stringify({ sha256, size: snapshot.length, scrub }));
}
