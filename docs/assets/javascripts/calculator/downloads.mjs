// The calculator's boot downloads, counted in the worker (worker.mjs) as
// they arrive, for the page's progress and its stall limit.
//
// The page gives up on a boot only when it stops progressing (a phone on a
// slow network may need a minute for the ~10 MB): every download of the boot
// (ours and Pyodide's own: wasm, standard library, snapshot) is counted from
// a clone of its response, so the response Pyodide gets is the browser's own
// (its URL and the compiled-wasm cache stay). Module scripts, which no fetch
// of ours sees, count once the worker's resource timing lists them.
//
// Against the build's sizes (the page's data-boot-bytes: each file's bytes
// as the browser hands them over, and as the host sends them), that makes
// true progress: {type: "progress", bytes, total, ms} (ms: since the first
// file was asked for), in bytes on the wire (each file's share arrived times
// what the host sends for it: the wasm arrives gzipped and grows 2.7 times
// as the browser decodes it, the snapshot does not), so that on a steady
// link the bytes move with the time; twice a second while the downloads move
// (the first after half a second: a visit served from the browser's cache is
// usually done by then), and the stage "starting" once every byte has arrived.
const REPORT_MS = 500;
const plan = new Map(); // URL -> [bytes handed over, bytes on the wire] the build says it has
const got = new Map(); // URL -> bytes arrived so far
let post = () => {};
let reported = 0;
let started = 0;
let complete = false;
let done = false;

// Bytes on the wire arrived and in all, from `plan` (URL -> [size, wire])
// and `got` (URL -> bytes handed over so far); `complete` once every file's
// bytes are in.
export function weighed(plan, got) {
  let bytes = 0;
  let total = 0;
  let complete = true;
  for (const [file, [size, wire]] of plan) {
    const arrived = Math.min(got.get(file) || 0, size);
    total += wire;
    bytes += size ? (wire * arrived) / size : wire;
    if (arrived < size) complete = false;
  }
  return { bytes: Math.round(bytes), total, complete: complete && total > 0 };
}

function arrived(url, bytes) {
  if (done) return;
  got.set(url, Math.max(got.get(url) || 0, bytes));
  const { bytes: sum, total, complete: all } = weighed(plan, got);
  if (!complete && all) {
    complete = true;
    post({ type: "progress", stage: "starting" });
  } else if (performance.now() - reported >= REPORT_MS) {
    reported = performance.now();
    post({ type: "progress", bytes: sum, total, ms: reported - started });
  }
}

// The files of the way up being tried (the first call starts the clock). A
// fallback keeps in the total what the failed way already downloaded (and
// no more of it) and adds what the normal boot needs.
export function replan(files) {
  if (!plan.size) started = reported = performance.now();
  for (const [url, [size, wire]] of plan) {
    if (url in files) continue;
    const kept = Math.min(got.get(url) || 0, size);
    plan.set(url, [kept, size ? Math.round((wire * kept) / size) : 0]);
  }
  for (const [url, sizes] of Object.entries(files)) plan.set(url, sizes);
  if (complete) post({ type: "progress", stage: "download" });
  complete = false;
}

function counted(response) {
  if (!response.body || done) return response;
  const reader = response.clone().body.getReader();
  let bytes = 0;
  const pump = async () => {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) return;
      bytes += value.byteLength;
      arrived(response.url, bytes);
    }
  };
  pump().catch(() => {
    // The download itself reports its failure to whoever awaits it.
  });
  return response;
}

// Count every download from now on; `send` posts the worker's messages.
export function countDownloads(send) {
  post = send;
  const browserFetch = self.fetch.bind(self);
  self.fetch = async (...args) => counted(await browserFetch(...args));
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (plan.has(entry.name)) arrived(entry.name, entry.decodedBodySize);
    }).observe({ type: "resource" });
  } catch {
    // Without resource timing the module scripts are simply not counted.
  }
}

// The runtime is up: whatever is still to come is not the boot's.
export function countingDone() {
  if (!complete) post({ type: "progress", stage: "starting" });
  complete = true;
  done = true;
}
