// The Python calculators (calculators/ on Pyodide), off the main thread so
// the page stays responsive while the runtime compiles.
//
// In:  {type: "boot", runtimeURL, lockURL, bundleURL,   absolute URLs
//       snapshotURL?, snapshotSha256?, stdlibURL?,      the snapshot boot (optional)
//       bytes: {snapshot?, normal?}}                    each way's files: {URL: [bytes, wire bytes]}
//      {type: "run", id, request}                        see calculators/api.py
// Out: {type: "progress", stage}  "download" | "starting" (every byte is in)
//      {type: "progress", bytes, total, ms}  wire bytes arrived of the planned total,
//                                 twice a second while the downloads move
//      {type: "ready", info, boot} Engine.info(): rules_version, coverage, today;
//                                  boot: {mode: "snapshot" | "normal", fallback?}
//      {type: "failed", message}
//      {type: "result", id, response}
//
// Two ways up (see ARCHITECTURE.md, "How the calculator boots"):
// * snapshot: Pyodide's memory as it was at build time with our package
//   already imported (guidebuild/snapshot.py), plus the trimmed standard
//   library it was made with. Copying 31 MB back is much faster than running
//   Python's start-up and imports again.
// * normal: Pyodide's own boot, then our wheel. Used when the page offers no
//   snapshot and whenever anything on the snapshot path fails (missing,
//   corrupt, wrong build, a browser without DecompressionStream or
//   SubtleCrypto): the reader still gets a working calculator.

import { countDownloads, countingDone, replan } from "./downloads.mjs";
import { unpack } from "./snapshot-pack.mjs";

let runJson = null;

function post(message) {
  self.postMessage(message);
}

countDownloads(post);

// The packed snapshot is stored against the wasm's data segments
// (snapshot-pack.mjs), so unpacking needs the wasm's bytes: they are read
// from a clone of Pyodide's own download of it, never fetched twice.
const wasmWanted = new Map(); // URL -> resolve, while a snapshot waits for that wasm
const fetchBeforeWasm = self.fetch;
self.fetch = async (...args) => {
  const response = await fetchBeforeWasm(...args);
  const resolve = wasmWanted.get(String(args[0] instanceof Request ? args[0].url : args[0]));
  if (resolve) resolve(response.ok ? response.clone().arrayBuffer() : Promise.reject(new Error(`wasm: HTTP ${response.status}`)));
  return response;
};
function wasmBytes(url) {
  return new Promise((resolve) => wasmWanted.set(url, resolve));
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

// Marks (kmc:*) show the boot stages in DevTools' Performance panel and are
// read by benchmarks/calculator.py.
function mark(name) {
  try {
    performance.mark(`kmc:${name}`);
  } catch {
    // User Timing is optional: never let a missing API stop the boot.
  }
}

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

// The snapshot is served as a .gz file (static hosts do not compress
// application/octet-stream on the fly), gunzipped and unpacked here; the
// sha256 from the page covers Pyodide's own snapshot bytes, so a stale or
// damaged file is refused before Pyodide sees it.
async function fetchSnapshot(url, sha256, wasm) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const gunzipped = response.body.pipeThrough(new DecompressionStream("gzip"));
  const bytes = unpack(new Uint8Array(await new Response(gunzipped).arrayBuffer()), await wasm);
  if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== sha256) throw new Error("snapshot: sha256 mismatch");
  mark("snapshot");
  return bytes;
}

const quiet = { stdout: () => {}, stderr: () => {} };

async function snapshotBoot(loadPyodide, snapshot, { runtimeURL, lockURL, stdlibURL }) {
  // loadPyodide awaits the snapshot only once its wasm download and compile
  // have started, and rejects if the snapshot's promise rejects.
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    // Our small lock: without it Pyodide fetches its own 120 kB one.
    lockFileURL: lockURL,
    // The standard library the snapshot was made with (byte-identical: the
    // zip importer's index of it is part of the snapshot).
    stdLibURL: stdlibURL,
    _loadSnapshot: snapshot,
    ...quiet,
  });
  pyodide.runPython("import calculators.api");
  return pyodide;
}

async function normalBoot(loadPyodide, { runtimeURL, lockURL }) {
  // `packages`: Pyodide downloads our wheel (checking its sha256 from the
  // lock with fetch integrity) as soon as the lock has arrived, while the
  // runtime is still compiling, and installs it once Python is up; a
  // loadPackage() afterwards would only start the download then.
  const pyodide = await loadPyodide({ indexURL: runtimeURL, lockFileURL: lockURL, packages: ["calculators"], ...quiet });
  if (!pyodide.loadedPackages.calculators) {
    // A failed download or a sha256 mismatch does not reject; it is only
    // reported through errorCallback. Ask again to get the reason.
    const problems = [];
    await pyodide.loadPackage("calculators", {
      messageCallback: () => {},
      errorCallback: (message) => problems.push(message),
    });
    if (!pyodide.loadedPackages.calculators) {
      throw new Error(`calculators package not loaded: ${problems.join("; ") || "unknown reason"}`);
    }
  }
  return pyodide;
}

async function boot(config) {
  mark("boot");
  replan((config.snapshotURL ? config.bytes?.snapshot : config.bytes?.normal) || {});
  post({ type: "progress", stage: "download" });
  // Start the rules download now; it is small and independent of the runtime.
  const bundle = fetchText(config.bundleURL);
  bundle.catch(() => {}); // awaited below; avoid an unhandled-rejection report meanwhile
  // The snapshot is the largest download: start it before anything else.
  const wasmURL = new URL("pyodide.asm.wasm", config.runtimeURL).href;
  const snapshot = config.snapshotURL ? fetchSnapshot(config.snapshotURL, config.snapshotSha256, wasmBytes(wasmURL)) : null;
  snapshot?.catch(() => {}); // awaited by loadPyodide; avoid an unhandled-rejection report meanwhile
  snapshot?.finally(() => wasmWanted.delete(wasmURL)).catch(() => {}); // the fallback's wasm is not kept
  const { loadPyodide } = await import(new URL("pyodide.mjs", config.runtimeURL).href);
  let pyodide = null;
  const how = { mode: "normal" };
  if (snapshot) {
    try {
      pyodide = await snapshotBoot(loadPyodide, snapshot, config);
      how.mode = "snapshot";
    } catch (error) {
      how.fallback = String(error && error.message ? error.message : error);
      mark("fallback");
      replan(config.bytes?.normal || {});
    }
  }
  if (!pyodide) pyodide = await normalBoot(loadPyodide, config);
  self.kmcBoot = how; // read by tests and benchmarks/calculator.py
  mark("runtime");
  countingDone();
  pyodide.globals.set("_bundle_json", await bundle);
  const info = pyodide.runPython(`
import json
from calculators.api import Engine
_engine = Engine(json.loads(_bundle_json))
del _bundle_json
json.dumps(_engine.info(), ensure_ascii=False)
`);
  runJson = pyodide.globals.get("_engine").run_json;
  mark("ready");
  post({ type: "ready", info: JSON.parse(info), boot: how });
}

self.onmessage = async ({ data }) => {
  if (data.type === "boot") {
    try {
      await boot(data);
    } catch (error) {
      post({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "run") {
    let response;
    try {
      response = JSON.parse(runJson(JSON.stringify(data.request)));
    } catch (error) {
      // A bug in the engine, not bad input: the page says so (in its own
      // words, [data-message="internal"]) instead of crashing.
      response = { ok: false, field: null, message: null, reason: "internal", detail: String(error) };
    }
    post({ type: "result", id: data.id, response });
  }
};
