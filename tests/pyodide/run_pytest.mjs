#!/usr/bin/env node
// Run pytest inside real Pyodide (Node), against the *built* calculators wheel.
//
//   node tests/pyodide/run_pytest.mjs (--lock LOCK.json | --wheel calculators-*.whl | --snapshot DIR)
//        [--runtime DIR] [--root DIR] [--wheels DIR] [--mount DIR]... [--env K=V]... [--] PYTEST_ARGS...
//
// --lock   a lock written by guidebuild.pyodide_assets.write_lock: installs
//          "calculators" by name exactly as the site does (and checks its
//          sha256 here, because Pyodide in Node does not), then prints
//          "run_pytest.mjs: calculators VERSION installed" on stderr.
// --runtime  boot the Pyodide runtime in DIR (as guidebuild.pyodide_assets.
//          copy_runtime lays it out for the site) instead of node_modules/pyodide.
// --wheel  install a wheel file directly (uses Pyodide's bundled lock).
// --snapshot  a directory made by guidebuild/calculator/snapshot.py (snapshot.bin.gz +
//          the empty python_stdlib.zip, the files the site serves, and
//          meta.json): unpack and check it and boot from it exactly as the
//          browser does, calculators already in memory.
//          The test tools then come from wheels and Pyodide's full standard
//          library, appended to sys.path; an audit hook fails the run if the
//          engine's own code imports anything new at run time, because the
//          site's trimmed zip would not have it.
// --root   host dir mounted (NODEFS) at the same absolute path in Pyodide, so
//          tests can find fixtures relative to __file__; default: repo root.
// --wheels dir of pure-Python test wheels (scripts/fetch_pyodide_wheels.py);
//          default: <repo>/.cache/pyodide-wheels.
// --mount  extra host dir to mount at the same path (e.g. a fixture's tmp dir).
// --env    environment variable for the Python side, e.g.
//          KMC_BUNDLE=/tmp/x/bundle.json (tests/engine/conftest.py reads it;
//          tests/test_pyodide_runtime.py builds that bundle on CPython).
// Exits with pytest's exit code (2+ on setup problems).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

const started = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");

function fail(msg) {
  console.error(`run_pytest.mjs: ${msg}`);
  process.exit(4);
}

const opts = { root: repo, wheels: path.join(repo, ".cache", "pyodide-wheels"), mount: [], env: {} };
const pytestArgs = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--") { pytestArgs.push(...argv.slice(i + 1)); break; }
  const m = /^--(lock|wheel|snapshot|runtime|root|wheels)$/.exec(a);
  const v = () => argv[++i] ?? fail(`${a} needs a value`);
  if (m) opts[m[1]] = path.resolve(v());
  else if (a === "--mount") opts.mount.push(path.resolve(v()));
  else if (a === "--env") { const [k, ...rest] = v().split("="); opts.env[k] = rest.join("="); }
  else pytestArgs.push(a);
}
if ([opts.lock, opts.wheel, opts.snapshot].filter(Boolean).length !== 1) fail("pass exactly one of --lock, --wheel or --snapshot");

const pyodideDir = path.join(repo, "node_modules", "pyodide");
if (!existsSync(path.join(pyodideDir, "pyodide.mjs"))) fail(`${pyodideDir} missing; run \`npm ci\``);
const testWheels = existsSync(opts.wheels)
  ? readdirSync(opts.wheels).filter((f) => f.endsWith(".whl")).map((f) => path.join(opts.wheels, f))
  : [];
for (const name of ["pytest", "pluggy", "iniconfig", "packaging", "pygments", "hypothesis", "sortedcontainers"]) {
  if (!testWheels.some((w) => path.basename(w).toLowerCase().startsWith(name + "-")))
    fail(`no ${name} wheel in ${opts.wheels}; run \`.venv/bin/python scripts/fetch_pyodide_wheels.py\``);
}

let lockFileURL;
if (opts.lock) {
  const lock = JSON.parse(readFileSync(opts.lock, "utf8"));
  const entry = lock.packages?.calculators ?? fail(`no "calculators" entry in ${opts.lock}`);
  const file = path.resolve(path.dirname(opts.lock), entry.file_name);
  const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
  if (sha !== entry.sha256) fail(`sha256 mismatch for ${file}: lock ${entry.sha256}, file ${sha}`);
  lockFileURL = opts.lock;
}

const runtimeDir = opts.runtime ?? pyodideDir;
if (!existsSync(path.join(runtimeDir, "pyodide.mjs"))) fail(`no pyodide.mjs in ${runtimeDir}`);
const { loadPyodide } = await import(path.join(runtimeDir, "pyodide.mjs"));
const boot = { indexURL: runtimeDir + path.sep, lockFileURL, stdout: () => {}, stderr: () => {} };
if (opts.snapshot) {
  // Unpacked as worker.mjs does, against the wasm of the runtime booted.
  const { unpack } = await import(path.join(repo, "docs", "assets", "javascripts", "calculator", "snapshot-pack.mjs"));
  boot._loadSnapshot = unpack(new Uint8Array(gunzipSync(readFileSync(path.join(opts.snapshot, "snapshot.bin.gz")))),
                              readFileSync(path.join(runtimeDir, "pyodide.asm.wasm")));
  const meta = JSON.parse(readFileSync(path.join(opts.snapshot, "meta.json"), "utf8"));
  const sha = createHash("sha256").update(boot._loadSnapshot).digest("hex");
  if (sha !== meta.sha256) fail(`snapshot sha256 ${sha}, meta.json says ${meta.sha256}`);
  boot.stdLibURL = path.join(opts.snapshot, "python_stdlib.zip");
}
const py = await loadPyodide(boot);
const quiet = { messageCallback: () => {}, errorCallback: (m) => console.error(m) };
if (!opts.snapshot) await py.loadPackage(opts.lock ? ["calculators"] : [opts.wheel], quiet);
if (opts.lock) {
  const version = py.runPython("import importlib.metadata as m; m.version('calculators')");
  console.error(`run_pytest.mjs: calculators ${version} installed`);
}
let SNAPSHOT_GUARD = "";
if (opts.snapshot) {
  // Before the test wheels: installing them needs e.g. tarfile.
  py.FS.writeFile("/lib/full_stdlib.zip", readFileSync(path.join(pyodideDir, "python_stdlib.zip")));
  py.runPython(`
import sys
if "calculators.api" not in sys.modules:
    raise SystemExit("run_pytest: the snapshot does not have calculators imported")
sys.path.append("/lib/full_stdlib.zip")
# Submodules are looked up in their package's __path__, not sys.path: let the
# packages imported from the trimmed zip see the full one too.
_trimmed = "/lib/python%d%d.zip/" % sys.version_info[:2]
for _mod in list(sys.modules.values()):
    _path = getattr(_mod, "__path__", None)
    if isinstance(_path, list):
        _path += [p.replace(_trimmed, "/lib/full_stdlib.zip/") for p in _path if p.startswith(_trimmed)]
del sys, _trimmed, _mod, _path
`);
  SNAPSHOT_GUARD = `
import sys
_KMC_PKG = sys.modules["calculators"].__path__[0] + "/"
_KMC_LATE = []

def _kmc_audit(event, args):
    # An import by the engine's code that is not in memory yet: innermost
    # frame outside the standard library (zips, frozen importlib) is ours.
    if event != "import" or args[0] in sys.modules:
        return
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_code.co_filename
        if not (name.startswith("<frozen") or ".zip/" in name):
            break
        frame = frame.f_back
    if frame is not None and frame.f_code.co_filename.startswith(_KMC_PKG):
        _KMC_LATE.append(f"{args[0]} (from {frame.f_code.co_filename}:{frame.f_lineno})")

sys.addaudithook(_kmc_audit)
`;
}
await py.loadPackage(testWheels, quiet);
const booted = Date.now();

const write = (stream) => ({ write: (buf) => { stream.write(buf); return buf.length; } });
py.setStdout(write(process.stdout));
py.setStderr(write(process.stderr));

for (const dir of [opts.root, ...opts.mount]) {
  if (!existsSync(dir)) fail(`${dir} does not exist`);
  py.FS.mkdirTree(dir);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, dir);
}

py.globals.set("PYTEST_ARGS", py.toPy(pytestArgs));
py.globals.set("ROOT", opts.root);
py.globals.set("EXTRA_ENV", py.toPy(opts.env));
if (SNAPSHOT_GUARD) py.runPython(SNAPSHOT_GUARD);
let code;
try {
  code = await py.runPythonAsync(`
import os, site, sys
# The mount is the host checkout: don't leave cpython-314 .pyc files, pytest's
# cache or a Hypothesis database in it.
sys.dont_write_bytecode = True
os.chdir(ROOT)
os.environ.update(EXTRA_ENV)
# Pyodide puts "" (the cwd) on sys.path; the pytest console script does not.
# Drop it so "import calculators" resolves to the installed wheel.
sys.path[:] = [p for p in sys.path if p not in ("", ".", ROOT)]

import pytest

class PyodidePlugin:
    def pytest_configure(self, config):
        # Imported here, not earlier, so pytest can still assertion-rewrite it.
        from hypothesis import settings
        # WebAssembly is several times slower than CPython: timing deadlines
        # would only give flaky failures. Tests' own @settings still win.
        settings.register_profile("pyodide", deadline=None, database=None)
        settings.load_profile("pyodide")

    def pytest_sessionfinish(self, session):
        # Fail if calculators came from the mounted source tree (e.g. via
        # rootdir sys.path insertion) instead of the installed wheel.
        mod = sys.modules.get("calculators")
        if mod is not None and not mod.__file__.startswith(tuple(site.getsitepackages())):
            print(f"\\nrun_pytest: calculators imported from {mod.__file__}, not the wheel")
            session.exitstatus = 3
        late = globals().get("_KMC_LATE")
        if late:
            print("\\nrun_pytest: the engine imported modules that are not in the snapshot "
                  "(the site's trimmed stdlib lacks them): " + ", ".join(sorted(set(late))))
            session.exitstatus = 3

# pyproject's pythonpath = ["."] puts the checkout first for CPython runs;
# here it would shadow the installed wheel with the mounted sources.
int(pytest.main(["-p", "no:cacheprovider", "-o", "pythonpath=", *PYTEST_ARGS], plugins=[PyodidePlugin()]))
`);
} catch (e) {
  // Print the Python traceback only, not Pyodide's minified JS around it.
  fail(e.message ?? String(e));
}
console.error(`run_pytest.mjs: boot+install ${((booted - started) / 1000).toFixed(1)}s, ` +
  `pytest ${((Date.now() - booted) / 1000).toFixed(1)}s, exit ${code}`);
process.exit(code);
