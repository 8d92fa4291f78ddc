// The engine: calculators/ on Pyodide in one module worker (worker.mjs),
// kept across Material's instant navigations.

import { todayInJapan } from "./input.mjs";
import { secondsLeft, toldLeft } from "./status.mjs";

let engine = null;

// How far back the download rate is measured (for the time left).
const RATE_WINDOW_MS = 8000;
// The bytes count on screen only for a wait at least this long: a visit
// served from the browser's cache (or a very fast line) is done before a
// bar could mean anything, and shows none.
const SHOWN_WAIT_MS = 2000;

// A failure is a reason (the key of the page's message) and, from the
// worker, a detail in its own words. "timeout": the boot made no progress
// (no stage reached, no bytes received) for stallMs. While the downloads
// move, `bytes` of `total` have arrived, `counting` once a report found
// them far from done, `samples` ([ms since the first download, bytes], the
// last few seconds' reports) give their rate and `left` the time left told (status.mjs).
export function startEngine(urls, stallMs) {
  if (engine && engine.key === urls.bundleURL && engine.state !== "error") return engine;
  if (engine && engine.worker) engine.worker.terminate();
  const e = { key: urls.bundleURL, state: "loading", stage: null, info: null, reason: "", detail: "",
              bytes: 0, total: 0, samples: [], left: null, counting: false, started: performance.now(),
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
  // The worker the page head started (early-worker.js, inlined by
  // guidebuild/calculator/assets.py) for these same files, taken over once;
  // its messages so far are replayed below. Otherwise the worker starts here.
  const early = window.kmcEarlyWorker;
  delete window.kmcEarlyWorker;
  const adopted = Boolean(early && early.worker && early.key === urls.bundleURL);
  if (adopted) {
    e.worker = early.worker;
    e.started = early.started;
    if (early.failed) {
      setTimeout(() => fail("failed"));
      return e;
    }
  } else {
    if (early && early.worker) early.worker.terminate();
    try {
      e.worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
    } catch (error) {
      setTimeout(() => fail("failed"));
      return e;
    }
  }
  e.worker.onerror = (event) => {
    event.preventDefault();
    fail("failed");
  };
  const receive = (data) => {
    if (data.type === "progress") {
      if (e.state !== "loading") return;
      arm();
      if (data.stage) e.stage = data.stage;
      if (data.total) {
        // When the worker counted these bytes (its own clock: the reports
        // the page head's worker kept arrive here together, and a busy page
        // reads them late), so that the rate is the line's.
        const at = data.ms ?? performance.now() - e.started;
        Object.assign(e, { bytes: data.bytes, total: data.total });
        // At the rate since the first file was asked for, the rest takes a
        // while: a real download. Judged from the second report on (a second
        // of evidence), so that a busy device reading its cache slowly at
        // first is not taken for a network.
        const rate = data.bytes / Math.max(1, at);
        if (e.samples.length && data.total - data.bytes > rate * SHOWN_WAIT_MS) e.counting = true;
        e.samples = [...e.samples.filter(([t]) => at - t <= RATE_WINDOW_MS), [at, data.bytes]];
        e.left = toldLeft(e.left, secondsLeft(e.samples, data.total));
      }
      if (data.stage || data.total) emit();
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
  if (adopted) {
    // After the caller has attached its listener, as for a fresh worker; the
    // head's handler keeps queueing until then, so the order holds.
    setTimeout(() => {
      for (const data of early.messages) receive(data);
      e.worker.onmessage = ({ data }) => receive(data);
    });
  } else {
    e.worker.onmessage = ({ data }) => receive(data);
    e.worker.postMessage({ type: "boot", ...urls });
  }
  return e;
}

// What each way up downloads, by absolute URL: the sizes the build wrote
// into the page (data-boot-bytes, guidebuild/calcsite.py).
export function bootBytes(root) {
  const ways = JSON.parse(root.dataset.bootBytes || "{}");
  const abs = (url) => new URL(url, document.baseURI).href;
  return Object.fromEntries(Object.entries(ways).map(([way, files]) =>
    [way, Object.fromEntries(Object.entries(files).map(([url, size]) => [abs(url), size]))]));
}

export function currentEngine() {
  return engine;
}

// On a first visit to the page, the head's script has started the worker
// while the HTML was parsed (early-worker.js), and startEngine takes it over.
// Otherwise (instant navigation, a builder without that script) Python
// starts after the first paint: the page is readable before the
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
