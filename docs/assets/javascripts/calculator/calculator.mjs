// The date calculator page: the entry module.
//
// Python (calculators/ on Pyodide, in worker.mjs) starts after first paint and
// only on the page that has the calculator. The forms stay usable while it
// loads: a form changed meanwhile is computed from its current inputs as soon
// as the engine is ready. Every rule, number and word of a result comes from
// the engine (calculators/ + the rules bundle), every other word from the
// page (rendered from rules/ at build time); the modules here only arrange
// them: engine-client (the worker), forms (inputs <-> request and address),
// input (typed text -> ISO), render + calendar-grid + segments (the view),
// share + ics (the result's actions), status (the status box), reveal
// (the outcome of the reader's action brought into view).

import { afterFirstPaint, currentEngine, startEngine } from "./engine-client.mjs";
import { CALCULATORS, clearErrors, showError, syncSentDay } from "./forms.mjs";
import { isCalendarDay, looksComplete, normalize, todayInJapan } from "./input.mjs";
import { layoutView } from "./render.mjs";
import { fromTemplate } from "./dom.mjs";
import { reveal } from "./reveal.mjs";
import { actions, resultAddress } from "./share.mjs";
import { message, showStatus } from "./status.mjs";
// The modules only the ones above import, named here too so the browser
// requests all of them in one round trip after this file instead of finding
// them one import level at a time.
import "./calendar-grid.mjs";
import "./ics.mjs";
import "./segments.mjs";

const MONTH_INPUTS = new Set(["last_usage_month"]);

// Every form on the page, so an address carries all of their inputs.
const registry = [];

function addressOf(calc) {
  const live = registry.filter((r) => r.form.isConnected);
  return resultAddress(location.href, live.map((r) => r.calc.read(r.form).params), calc.section);
}

function setupForm(form, root) {
  const kind = form.dataset.calculator;
  const calc = CALCULATORS[kind];
  const output = form.querySelector("[data-output]");
  const summary = form.querySelector("[data-summary]");
  let seq = 0;
  let waiting = false;
  let typing = null;
  // What is on screen, so an identical result leaves the DOM (and the
  // reader's focus on its buttons) alone.
  let shown = "";
  // The reader acted and has not yet been shown the outcome.
  let toReveal = false;
  registry.push({ calc, form });

  // fromReader: only the reader's own input changes the address (never a
  // result the page computes by itself), and then it carries every form.
  async function compute(fromReader = false) {
    // A change (leaving the field) supersedes the wait for more typing.
    clearTimeout(typing);
    if (fromReader) toReveal = true;
    for (const input of form.querySelectorAll('input[type="text"]')) {
      if (input.value) input.value = normalize(input.value, MONTH_INPUTS.has(input.name));
    }
    syncSentDay(form, isCalendarDay);
    const read = calc.read(form);
    if (fromReader) history.replaceState(history.state, "", addressOf(calc));
    const mine = ++seq;
    const engine = currentEngine();
    if (!engine || engine.state !== "ready") {
      waiting = true; // computed from the then-current inputs once ready
      if (fromReader) {
        // Said next to the form, not only in the status box far above.
        output.replaceChildren(fromTemplate("pending"));
        output.hidden = false;
        reveal(output);
      }
      return;
    }
    const response = await engine.run(read.request);
    if (mine !== seq || response == null) return;
    clearErrors(form);
    if (!response.ok) {
      // A failure inside the engine has no message of its own; the page words it.
      const text = response.message || message(root, "internal").textContent;
      const slot = showError(form, read.fields[response.field] || response.field, text);
      summary.textContent = text;
      output.hidden = true;
      output.replaceChildren();
      shown = "";
      delete form.dataset.computedFor;
      if (toReveal) reveal(slot);
      toReveal = false;
      return;
    }
    const { view } = response.result;
    const params = new URLSearchParams(read.params).toString();
    const key = params + JSON.stringify(view);
    if (key !== shown || output.hidden) {
      const fileTag = Object.values(read.params)[0];
      output.replaceChildren(...layoutView(view), actions(kind, view, () => addressOf(calc), fileTag));
      output.hidden = false;
      shown = key;
    }
    form.dataset.computedFor = params;
    // One short polite announcement per result: the key date or the error.
    summary.textContent = view.summary;
    if (toReveal) reveal(output.querySelector("[data-warning], .kmc-key") || output);
    toReveal = false;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name) compute(true);
  });
  // Also while typing, once a value looks complete, so nobody has to leave
  // the field to see the answer; partial input waits for "change".
  form.addEventListener("input", (event) => {
    const t = event.target;
    if (t.type !== "text") return;
    clearTimeout(typing);
    if (looksComplete(t.value, MONTH_INPUTS.has(t.name))) typing = setTimeout(() => compute(true), 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    compute(true);
  });
  return {
    form,
    ready() {
      if (!waiting) return null;
      waiting = false;
      return compute();
    },
    restore(params, today) {
      for (const name of ["accepted", "applied", "contract_applied"]) {
        const input = form.elements.namedItem(name);
        if (input && !input.value) input.value = today;
      }
      const fromUrl = calc.restore(form, params);
      // Show today's answer right away where one input is enough.
      if (fromUrl || kind === "cancel" || kind === "option") compute();
    },
  };
}

// The forms that waited for the engine (a permalink, and those that start
// from today) are computed one after another, each result in a frame of its
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
  const urls = { runtimeURL: abs(root.dataset.runtimeUrl), lockURL: abs(root.dataset.lockUrl), bundleURL: abs(root.dataset.bundleUrl) };
  // The snapshot boot (worker.mjs); without these the worker boots normally.
  if (root.dataset.snapshotUrl) {
    Object.assign(urls, { snapshotURL: abs(root.dataset.snapshotUrl), snapshotSha256: root.dataset.snapshotSha256,
                          stdlibURL: abs(root.dataset.stdlibUrl) });
  }
  const params = new URLSearchParams(location.search);
  const today = todayInJapan();
  for (const f of forms) f.restore(params, today);
  afterFirstPaint(() => {
    const e = startEngine(urls, Number(root.querySelector("[data-status]").dataset.bootTimeoutS) * 1000);
    e.listener = (state) => {
      showStatus(root, forms, state);
      if (state.state === "ready") computeWaiting(forms);
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
