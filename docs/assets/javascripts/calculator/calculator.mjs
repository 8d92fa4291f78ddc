// The date calculator page: the entry module.
//
// Python (calculators/ on Pyodide, in worker.mjs) starts after first paint and
// only on the page that has the calculator. The forms stay usable while it
// loads: a form the reader asks for meanwhile is computed from its current
// inputs as soon as the engine is ready. Every rule, number and word of a
// result comes from the engine (calculators/ + the rules bundle), every other
// word from the page (rendered from rules/ at build time); the modules here
// only arrange them: form-cycle (one form's compute cycle), engine-client
// (the worker), forms (inputs <-> request and address), input (typed text ->
// ISO), render + calendar-grid + segments (the view), share + ics (the
// result's actions), status (the status box), reveal (the outcome of the
// reader's action brought into view), stale (a result its input no longer matches).

import { afterFirstPaint, bootBytes, startEngine } from "./engine-client.mjs";
import { setupForm } from "./form-cycle.mjs";
import { todayInJapan } from "./input.mjs";
import { showStatus, watchStatus } from "./status.mjs";
// The modules only the ones above import, named here too so the browser
// requests all of them in one round trip after this file instead of finding
// them one import level at a time.
import "./calendar-grid.mjs";
import "./dom.mjs";
import "./forms.mjs";
import "./ics.mjs";
import "./render.mjs";
import "./reveal.mjs";
import "./segments.mjs";
import "./share.mjs";
import "./stale.mjs";

// The forms that waited for the engine (a shared link's, and those the
// reader asked for while it loaded) are computed one after another, each result in a frame of its
// own: together they are several hundred new elements, more layout than one
// frame should carry (the main thread would be blocked for over 50 ms).
async function computeWaiting(forms) {
  for (const f of forms) {
    const done = f.ready();
    if (!done) continue;
    await done;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
}

function init() {
  const root = document.querySelector("[data-kmc-calc]");
  if (!root || root.dataset.kmcReady) return;
  root.dataset.kmcReady = "1";
  const forms = [...root.querySelectorAll("form[data-calculator]")].map((form) => setupForm(form, root));
  const abs = (url) => new URL(url, document.baseURI).href;
  const urls = { runtimeURL: abs(root.dataset.runtimeUrl), lockURL: abs(root.dataset.lockUrl), bundleURL: abs(root.dataset.bundleUrl),
                 bytes: bootBytes(root) };
  // The snapshot boot (worker.mjs); without these the worker boots normally.
  if (root.dataset.snapshotUrl) {
    Object.assign(urls, { snapshotURL: abs(root.dataset.snapshotUrl), snapshotSha256: root.dataset.snapshotSha256,
                          stdlibURL: abs(root.dataset.stdlibUrl) });
  }
  const params = new URLSearchParams(location.search);
  // Reloaded (or returned to), an address with results opens at the place
  // it names again, as when it was first opened: a result's section, or the
  // form the reader last worked on (whose input was refused). The scroll
  // position the browser would restore was taken with every result drawn,
  // before they have arrived again; the reserved boxes then keep the place.
  // (Opened afresh, the page is there already.)
  const place = decodeURIComponent(location.hash.slice(1));
  const sections = forms.map((f) => f.form.dataset.calculator);
  if (place.endsWith("-result") || (params.toString() && sections.includes(place))) {
    history.scrollRestoration = "manual";
    // The heading is not yet the :target that gives it its scroll margin;
    // its "-result" anchor has the same margin of its own (calculator.css).
    const target = document.getElementById(place.endsWith("-result") ? place : `${place}-result`);
    if (target) target.scrollIntoView();
  }
  const today = todayInJapan();
  for (const f of forms) f.restore(params, today);
  afterFirstPaint(() => {
    // After the first paint: watching the status box reads the header's
    // height, which would otherwise force a layout of the whole page early.
    watchStatus(root);
    const e = startEngine(urls, Number(root.querySelector("[data-status]").dataset.bootTimeoutS) * 1000);
    e.listener = (state) => {
      showStatus(root, forms, state);
      if (state.state === "ready") computeWaiting(forms);
      if (state.state === "error") for (const f of forms) f.failed();
    };
    e.listener(e);
  });
}

// A module script runs once the document is parsed, before DOMContentLoaded:
// set up right away instead of after the theme's own DOMContentLoaded work,
// and again (init ignores a page it has set up) whenever Material announces
// a new document.
if (document.readyState !== "loading") init();
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(init);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
}
