// Offline reading and a calculator that is ready when the reader arrives.
//
// Registers the site's service worker (sw.js at the site root, written by
// guidebuild/publish/offline.py) once the page has loaded, so it never
// competes with the page's own downloads. Then asks it to "warm" the
// calculator (fetch its runtime into the service worker's cache; it does so
// at most once per deploy):
// * on the calculator page, once the calculator is ready: its files have
//   just arrived, so the copy comes from the browser's HTTP cache;
// * on a guide page with a calculator button, once the page has been idle for
//   a few seconds, unless the browser asks to save data or the connection is
//   2g (the service worker checks that too). The wait is a page timer, so a
//   test runs it on the page's clock (Playwright's clock.run_for) and sees
//   the state it is in on <html data-kmc-warm> (see say()).

const root = new URL("../../", import.meta.url);
const IDLE_MS = 3000;

function slowOrSaving() {
  const c = navigator.connection;
  return Boolean(c && (c.saveData || c.effectiveType === "2g" || c.effectiveType === "slow-2g"));
}

function calculatorReady() {
  return new Promise((resolve) => {
    const ready = () => document.querySelector("[data-kmc-calc] form[data-state='ready']");
    if (ready()) return resolve();
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.querySelector("[data-kmc-calc]"), { subtree: true, attributeFilter: ["data-state"] });
  });
}

function idle() {
  return new Promise((resolve) => {
    setTimeout(() => {
      if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(), { timeout: IDLE_MS });
      else resolve();
    }, IDLE_MS);
  });
}

// <html data-kmc-warm>: "none" (a page without a calculator button),
// "waiting" (a guide page waiting for IDLE_MS of its clock and an idle
// moment; nothing of the calculator requested yet), "skipped" (save data or
// 2g), "updating" (a new deploy's service worker is installing or waiting;
// nothing asked), "asked", then the service worker's answer: "done",
// "incomplete" (a file did not arrive) or "skipped". For DevTools and the tests.
function say(state) {
  document.documentElement.dataset.kmcWarm = state;
}

async function warmWhenDue(registration) {
  const loaded = Boolean(document.querySelector("[data-kmc-calc]"));
  if (loaded) {
    await calculatorReady();
  } else if (document.querySelector("a.kmc-calc-link")) {
    if (slowOrSaving()) return say("skipped");
    say("waiting");
    await idle();
    if (slowOrSaving()) return say("skipped");
  } else {
    return say("none");
  }
  // A new deploy on its way takes over by itself and copies the runtime
  // across if the old one had it (sw.js, install). A message now would wake
  // the worker being replaced after Chromium stopped it to hand over, and
  // Chromium 156 then leaves the new one waiting for minutes (or until the
  // pages close).
  if (registration.installing || registration.waiting) return say("updating");
  const worker = registration.active || (await navigator.serviceWorker.ready).active;
  if (!worker) return;
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (data && data.type === "warm") say(data.outcome);
  });
  say("asked");
  worker.postMessage({ type: "warm", loaded });
}

async function start() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
  } catch {
    return; // The site works without it, online.
  }
  await warmWhenDue(await navigator.serviceWorker.ready.then(() => registration));
}

if (document.readyState === "complete") start();
else window.addEventListener("load", () => start(), { once: true });
