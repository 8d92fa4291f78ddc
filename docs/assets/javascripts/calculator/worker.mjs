// The Python calculators (calculators/ on Pyodide), off the main thread so
// the page stays responsive while the runtime compiles.
//
// In:  {type: "boot", runtimeURL, lockURL, bundleURL}   absolute URLs
//      {type: "run", id, request}                        see calculators/api.py
// Out: {type: "progress", stage}  "runtime" | "package" | "rules"
//      {type: "ready", info}      Engine.info(): rules_version, coverage, today
//      {type: "failed", message}
//      {type: "result", id, response}

let runJson = null;

function post(message) {
  self.postMessage(message);
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

async function boot({ runtimeURL, lockURL, bundleURL }) {
  mark("boot");
  post({ type: "progress", stage: "runtime" });
  // Start the rules download now; it is small and independent of the runtime.
  const bundle = fetchText(bundleURL);
  bundle.catch(() => {}); // awaited below; avoid an unhandled-rejection report meanwhile
  const { loadPyodide } = await import(new URL("pyodide.mjs", runtimeURL).href);
  // `packages`: Pyodide downloads our wheel (checking its sha256 from the
  // lock with fetch integrity) as soon as the lock has arrived, while the
  // runtime is still compiling, and installs it once Python is up; a
  // loadPackage() afterwards would only start the download then.
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: lockURL,
    packages: ["calculators"],
    stdout: () => {},
    stderr: () => {},
  });
  mark("runtime");
  post({ type: "progress", stage: "package" });
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
  post({ type: "progress", stage: "rules" });
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
  post({ type: "ready", info: JSON.parse(info) });
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
      // A bug in the engine, not bad input: the page says so instead of crashing.
      response = { ok: false, field: null, message: "計算中にエラーが発生しました。", detail: String(error) };
    }
    post({ type: "result", id: data.id, response });
  }
};
