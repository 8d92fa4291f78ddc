// Inlined into the calculator page's head by assets.add_preloads (and hashed
// into its CSP with the other inline scripts): starts the calculator's module
// worker while the HTML is still parsed, so the runtime's large downloads
// begin before the theme's bundle and the page script have run, and the
// worker counts their bytes as they arrive, as it does when the page script
// starts it. Once the calculator's element is parsed it sends the worker the
// same boot message engine-client.mjs would (the URLs and sizes on
// [data-kmc-calc]); until engine-client.mjs takes the worker over
// (window.kmcEarlyWorker), the worker's messages wait in `messages`.
(function () {
  var link = document.querySelector("link[data-kmc-worker]");
  if (!link || typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  var early = { worker: null, key: null, messages: [], failed: false, started: performance.now() };
  try {
    early.worker = new Worker(link.href, { type: "module" });
  } catch (error) {
    return;
  }
  early.worker.onmessage = function (event) { early.messages.push(event.data); };
  early.worker.onerror = function (event) { event.preventDefault(); early.failed = true; };
  window.kmcEarlyWorker = early;
  function boot(root) {
    var d = root.dataset;
    var abs = function (url) { return new URL(url, document.baseURI).href; };
    var ways = JSON.parse(d.bootBytes || "{}");
    var bytes = {};
    Object.keys(ways).forEach(function (way) {
      bytes[way] = {};
      Object.keys(ways[way]).forEach(function (url) { bytes[way][abs(url)] = ways[way][url]; });
    });
    var message = { type: "boot", runtimeURL: abs(d.runtimeUrl), lockURL: abs(d.lockUrl),
                    bundleURL: abs(d.bundleUrl), bytes: bytes };
    if (d.snapshotUrl) {
      message.snapshotURL = abs(d.snapshotUrl);
      message.snapshotSha256 = d.snapshotSha256;
      message.stdlibURL = abs(d.stdlibUrl);
    }
    early.key = message.bundleURL;
    early.worker.postMessage(message);
  }
  var observer = new MutationObserver(function () {
    var root = document.querySelector("[data-kmc-calc]");
    if (!root) return;
    observer.disconnect();
    boot(root);
  });
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { observer.disconnect(); }, { once: true });
})();
