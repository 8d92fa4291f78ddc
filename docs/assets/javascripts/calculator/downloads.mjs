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
// as the browser hands them over), that makes true progress:
// {type: "progress", bytes, total, ms} (ms: since the first file was asked
// for) twice a second while the downloads move
// (the first after half a second: a visit served from the browser's cache is
// usually done by then), and the stage "starting" once every byte has arrived.
const REPORT_MS = 500;
const plan = new Map(); // URL -> bytes the build says it has
const got = new Map(); // URL -> bytes arrived so far
let post = () => {};
let reported = 0;
let started = 0;
let complete = false;
let done = false;

function arrived(url, bytes) {
  if (done) return;
  got.set(url, Math.max(got.get(url) || 0, bytes));
  let sum = 0;
  let total = 0;
  for (const [file, size] of plan) {
    total += size;
    sum += Math.min(got.get(file) || 0, size);
  }
  if (!complete && total && sum >= total) {
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
  for (const [url, size] of plan) if (!(url in files)) plan.set(url, Math.min(got.get(url) || 0, size));
  for (const [url, size] of Object.entries(files)) plan.set(url, size);
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
