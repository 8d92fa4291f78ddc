// Test-only stand-in for the calculator's worker.mjs: the same messages
// (see worker.mjs), but each request is answered by calculators.api.Engine
// on CPython in the test server (tests/browser/cpython_engine.py), over the
// rules bundle of the build being served. The page, its script, the views
// and the CSP are the real ones; only Pyodide is left out.

const ENDPOINT = new URL("/__kmc_engine__", self.location.href).href;
let bundleURL = null;
let queue = Promise.resolve();

function post(message) {
  self.postMessage(message);
}

async function ask(body) {
  const response = await fetch(ENDPOINT, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`test engine: HTTP ${response.status}: ${await response.text()}`);
  return response.json();
}

self.onmessage = async ({ data }) => {
  if (data.type === "boot") {
    try {
      post({ type: "progress", stage: "runtime" });
      bundleURL = data.bundleURL;
      // Fetched like the real worker does first (tests hold it to keep the
      // engine loading); the server reads the same file.
      const bundle = await fetch(bundleURL);
      if (!bundle.ok) throw new Error(`${bundleURL}: HTTP ${bundle.status}`);
      await bundle.arrayBuffer();
      const info = await ask({ bundle: bundleURL, info: true });
      self.kmcBoot = { mode: "cpython" };
      post({ type: "progress", stage: "package" });
      post({ type: "progress", stage: "rules" });
      post({ type: "ready", info, boot: self.kmcBoot });
    } catch (error) {
      post({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "run") {
    // One request at a time, answered in order, as Pyodide does.
    queue = queue.then(async () => {
      let response;
      try {
        response = await ask({ bundle: bundleURL, request: data.request });
      } catch (error) {
        response = { ok: false, field: null, message: null, reason: "internal", detail: String(error) };
      }
      post({ type: "result", id: data.id, response });
    });
  }
};
