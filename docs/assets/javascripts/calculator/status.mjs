// The status box above the forms, and the waiting line beside each form the
// reader asked for while the calculator loads. Only texts, values and
// visibility change here (calculator.css keeps every line at one height):
// nothing on the page moves. Every text is the page's (docs/calculator/index.md).

// The worker's boot stages that have a text of their own.
const STAGES = new Set(["download", "starting"]);
// The time left is said once the rate has been measured this long, and
// only when the wait is long.
const RATE_MIN_MS = 5000;
const LONG_WAIT_S = 10;

// The page's wording for a key: a copy of a sized line or of a <template>.
export function message(root, key) {
  const source = root.querySelector(`[data-message="${key}"]`);
  const copy = document.createDocumentFragment();
  copy.append(...[...(source.content || source).childNodes].map((n) => n.cloneNode(true)));
  return copy;
}

function filled(root, key, slots) {
  const copy = message(root, key);
  for (const [name, value] of Object.entries(slots)) {
    const slot = copy.querySelector(`[data-slot="${name}"]`);
    slot.replaceChildren(value);
  }
  return copy;
}

// Whole percent arrived; 100 only once every byte is in.
export function percent(bytes, total, complete) {
  if (complete) return 100;
  return Math.max(0, Math.min(99, Math.floor((100 * bytes) / total)));
}

// Seconds until the downloads end at the rate of the reports in `samples`
// ([ms, bytes], oldest first), or null while that rate is not yet known. The
// rate is the median of the rates between reports: a file the page had
// already fetched (a preload) arrives at once, and that burst says nothing
// about the line.
export function secondsLeft(samples, total) {
  if (samples.length < 2) return null;
  const [t0] = samples[0];
  const [t1, b1] = samples[samples.length - 1];
  if (t1 - t0 < RATE_MIN_MS) return null;
  const rates = [];
  for (let i = 1; i < samples.length; i++) {
    const ms = samples[i][0] - samples[i - 1][0];
    if (ms > 0) rates.push((samples[i][1] - samples[i - 1][1]) / ms);
  }
  rates.sort((a, b) => a - b);
  const mid = rates.length / 2;
  const rate = rates.length % 2 ? rates[Math.floor(mid)] : (rates[mid - 1] + rates[mid]) / 2;
  if (!(rate > 0)) return null;
  return (total - b1) / rate / 1000;
}

// A time left as the reader reads it: tens of seconds, then whole minutes.
export function roughly(seconds) {
  const tens = Math.ceil(seconds / 10) * 10;
  if (tens < 60) return { unit: "seconds", n: tens };
  return { unit: "minutes", n: Math.max(1, Math.round(seconds / 60)) };
}

// The step a time left is told in, in seconds: what roughly() says of it.
export function step(seconds) {
  const { unit, n } = roughly(seconds);
  return unit === "seconds" ? n : 60 * n;
}

// The time left to tell (a step, in seconds; 0: none) from the one told
// before (null before any) and the latest estimate (null: not known yet). It
// counts down: a lower estimate lowers it, a higher one keeps it, unless the
// rate has really fallen (the estimate well above what is told); under 10 s
// it is not told.
export function toldLeft(told, estimate) {
  if (estimate === null) return told;
  const now = estimate < LONG_WAIT_S ? 0 : step(estimate);
  if (told === null || now <= told) return now;
  return estimate > told + Math.max(20, told / 2) ? now : told;
}

// One progress line: shown only while a download is really under way (a
// visit served from the browser's cache never shows it), with the time left
// (engine-client.mjs: toldLeft) when the wait is long, and full with the
// start-up's words once every byte is in.
function fillProgress(root, line, e) {
  const complete = e.stage === "starting";
  const shown = e.state === "loading" && e.counting;
  line.toggleAttribute("data-shown", shown);
  if (!shown) return;
  const value = percent(e.bytes, e.total, complete);
  line.querySelector("progress").value = value;
  const text = complete ? message(root, "started") : filled(root, "percent", { percent: String(value) });
  if (!complete && e.left > 0) {
    const { unit, n } = roughly(e.left);
    text.append(filled(root, "time-left", { time: filled(root, unit, { n: String(n) }) }));
  }
  line.querySelector("[data-progress-text]").replaceChildren(text);
}

export function showProgress(root, e) {
  for (const line of root.querySelectorAll("[data-progress]")) fillProgress(root, line, e);
}

// The bar at the foot of the screen: shown while the calculator downloads and
// no other line that says so (the status box, a form's waiting line) is on
// screen, e.g. for a reader who arrived at a form far below the status box.
let lastEvent = null;
let watcher = null;
const seen = new Set();

function showBar(root) {
  const bar = root.querySelector("[data-loading-bar]");
  for (const line of seen) if (!line.isConnected) seen.delete(line);
  const e = lastEvent;
  if (bar) bar.toggleAttribute("data-shown", Boolean(e && e.state === "loading" && e.counting && !seen.size));
}

export function watchStatus(root) {
  if (typeof IntersectionObserver !== "function") return;
  seen.clear();
  // What hides behind the theme's fixed header is not on screen.
  const header = document.querySelector(".md-header");
  const top = header ? Math.ceil(header.getBoundingClientRect().height) : 0;
  watcher = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) seen.add(entry.target);
      else seen.delete(entry.target);
    }
    showBar(root);
  }, { rootMargin: `-${top}px 0px 0px 0px` });
  const status = root.querySelector("[data-status]");
  // Taken as seen until the observer's first report, so the bar does not
  // flash on while the status box is in view.
  seen.add(status);
  watcher.observe(status);
}

export function showStatus(root, forms, e) {
  lastEvent = e;
  const status = root.querySelector("[data-status]");
  const text = root.querySelector("[data-status-text]");
  status.dataset.state = e.state;
  for (const f of forms) f.form.dataset.state = e.state;
  if (e.state === "loading") {
    const key = STAGES.has(e.stage) ? e.stage : "loading";
    if (text.dataset.key !== key) text.replaceChildren(message(root, key));
    text.dataset.key = key;
  } else {
    delete text.dataset.key;
    text.replaceChildren(e.state === "ready" ? message(root, "ready") : failure(root, e));
  }
  showProgress(root, e);
  showBar(root);
}

// The line a form shows where its result will be, while the calculator loads.
export function showPending(root, output, e) {
  const pending = root.querySelector('template[data-template="pending"]').content.firstElementChild.cloneNode(true);
  output.replaceChildren(pending);
  if (e) fillProgress(root, pending.querySelector("[data-progress]"), e);
  if (watcher) watcher.observe(pending);
}

let lastFailure = null;

// Why the calculator cannot be used: the page's error text with its reason.
function failure(root, e) {
  lastFailure = e;
  const reason = message(root, e.reason);
  const detail = reason.querySelector('[data-slot="detail"]');
  if (detail && e.detail) detail.querySelector('[data-slot="message"]').textContent = e.detail;
  else if (detail) detail.remove();
  const all = message(root, "error");
  all.querySelector('[data-slot="reason"]').replaceWith(reason);
  return all;
}

// The same, next to a form that waits for the engine (where the reader looks).
export function showFailure(root, output) {
  if (!lastFailure) return;
  const line = document.createElement("p");
  line.className = "kmc-pending kmc-failed";
  line.setAttribute("data-failed", "");
  line.append(failure(root, lastFailure));
  output.replaceChildren(line);
  output.hidden = false;
}
