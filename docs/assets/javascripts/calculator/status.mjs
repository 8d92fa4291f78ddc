// The status box above the forms. Only texts and visibility change here
// (calculator.css keeps every line of the box at one height): nothing on the
// page moves. Every text is the page's (docs/calculator/index.md).

// The worker's boot stages, as steps of the progress bar.
const STAGES = { runtime: 1, package: 2, rules: 3 };

// The page's wording for a key: a copy of a sized line or of a <template>.
export function message(root, key) {
  const source = root.querySelector(`[data-message="${key}"]`);
  const copy = document.createDocumentFragment();
  copy.append(...[...(source.content || source).childNodes].map((n) => n.cloneNode(true)));
  return copy;
}

export function showStatus(root, forms, e) {
  const status = root.querySelector("[data-status]");
  const text = root.querySelector("[data-status-text]");
  status.dataset.state = e.state;
  for (const f of forms) f.form.dataset.state = e.state;
  if (e.state === "loading") {
    const stage = e.stage in STAGES ? e.stage : "loading";
    root.querySelector("[data-status-progress]").value = STAGES[stage] || 0;
    text.replaceChildren(message(root, stage));
  } else if (e.state === "ready") {
    text.replaceChildren(message(root, "ready"));
  } else {
    text.replaceChildren(failure(root, e));
  }
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
