// The engine: calculators/ on Pyodide in one module worker (worker.mjs),
// kept across Material's instant navigations.

import { todayInJapan } from "./input.mjs";

let engine = null;

// A failure is a reason (the key of the page's message) and, from the
// worker, a detail in its own words. "timeout": the boot made no progress
// (no stage reached, no bytes received) for stallMs.
export function startEngine(urls, stallMs) {
  if (engine && engine.key === urls.bundleURL && engine.state !== "error") return engine;
  if (engine && engine.worker) engine.worker.terminate();
  const e = { key: urls.bundleURL, state: "loading", stage: null, info: null, reason: "", detail: "",
              worker: null, nextId: 1, calls: new Map(), listener: () => {} };
  engine = e;
  const emit = () => e.listener(e);
  let timer = null;
  const fail = (reason, detail = "") => {
    if (e.state === "error") return;
    clearTimeout(timer);
    if (e.worker) e.worker.terminate();
    e.state = "error";
    e.reason = reason;
    e.detail = detail;
    for (const resolve of e.calls.values()) resolve(null);
    e.calls.clear();
    emit();
  };
  e.run = (request) => new Promise((resolve) => {
    if (e.state !== "ready") return resolve(null);
    const id = e.nextId++;
    e.calls.set(id, resolve);
    // The page's today goes with every request, so the engine's "today"
    // (a deadline gone by) is the one the forms were prefilled with.
    e.worker.postMessage({ type: "run", id, request: { today: todayInJapan(), ...request } });
  });
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    // Defer so the caller can attach its listener first.
    setTimeout(() => fail("unsupported"));
    return e;
  }
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail("timeout"), stallMs);
  };
  arm();
  try {
    e.worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  } catch (error) {
    setTimeout(() => fail("failed"));
    return e;
  }
  e.worker.onerror = (event) => {
    event.preventDefault();
    fail("failed");
  };
  e.worker.onmessage = ({ data }) => {
    if (data.type === "progress") {
      if (e.state !== "loading") return;
      arm();
      if (data.stage) {
        e.stage = data.stage;
        emit();
      }
    } else if (data.type === "ready") {
      clearTimeout(timer);
      e.state = "ready";
      e.info = data.info;
      emit();
    } else if (data.type === "failed") {
      fail("failed", data.message);
    } else if (data.type === "result") {
      const resolve = e.calls.get(data.id);
      e.calls.delete(data.id);
      if (resolve) resolve(data.response);
    }
  };
  e.worker.postMessage({ type: "boot", ...urls });
  return e;
}

export function currentEngine() {
  return engine;
}

// Python starts after the first paint: the page is readable before the
// multi-megabyte runtime begins to download and compile. On a first visit the
// browser has usually painted already when this module runs (it runs after
// the theme's bundle), so the worker starts at once; otherwise, and after an
// instant navigation (whose new content has not been painted yet), it starts
// in a task after the next frame. The worker's downloads and compilation run
// off the main thread; creating it costs the page a few milliseconds.
let initialDocument = true;

export function afterFirstPaint(start) {
  const painted = initialDocument && typeof performance.getEntriesByType === "function"
    && performance.getEntriesByType("paint").some((entry) => entry.name === "first-contentful-paint");
  initialDocument = false;
  if (painted) start();
  else requestAnimationFrame(() => setTimeout(start, 0));
}
