// A result's actions: copying its short text or its address, the system
// share sheet, its .ics file.
// The buttons and their messages are the page's (the actions <template> in
// docs/calculator/index.md); the copied text and the events are the engine's.

import { fromTemplate, h } from "./dom.mjs";
import { segments } from "./segments.mjs";
import { ics, stampOf } from "./ics.mjs";

// An address: the given forms' inputs (empty ones left out) and a section. Pure.
export function resultAddress(href, paramsList, section) {
  const all = Object.assign({}, ...paramsList);
  const url = new URL(href);
  url.search = new URLSearchParams(Object.entries(all).filter(([, v]) => v !== "")).toString();
  url.hash = section;
  return url.href;
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers, or a page without clipboard permission.
    const area = h("textarea", { class: "kmc-sr", readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function download(name, text) {
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// kind: the calculator; view: the engine's result view (its file_tag, the
// day or month the result was counted from, names the .ics file); address():
// the result's link when used (its form's inputs as they are then).
export function actions(kind, view, address) {
  const text = (url) => [...view.copy, url].join("\n");
  const box = fromTemplate("actions");
  const status = box.querySelector(".kmc-action-status");
  const button = (action, onClick) => {
    const el = box.querySelector(`[data-action="${action}"]`);
    el.addEventListener("click", onClick);
    return el;
  };
  box.querySelector('[data-slot="version"]').replaceChildren(...segments(view.version_note));
  button("copy", async () => {
    status.textContent = (await copyText(text(address()))) ? status.dataset.copied : status.dataset.copyFailed;
  });
  // The reader stays where they are: the link is copied, not followed.
  button("link", async () => {
    status.textContent = (await copyText(address())) ? status.dataset.linkCopied : status.dataset.copyFailed;
  });
  // The system share sheet, only where the browser has one.
  button("share", () => {
    navigator.share({ title: document.title, text: view.summary, url: address() }).catch(() => {
      // The reader closed the sheet: nothing to report.
    });
  }).hidden = typeof navigator.share !== "function";
  // No calendar file for a result with nothing ahead (a deadline already past).
  button("ics", () => {
    const url = address();
    download(`kmc-${kind}-${view.file_tag || "result"}.ics`,
      ics({ kind, events: view.events, description: text(url), url, stamp: stampOf(new Date()), host: location.hostname }));
    // The page's words, then what the engine set the calendar to do (its reminders).
    status.textContent = [status.dataset.saved, ...view.events.map((e) => e.note || "")].join("");
  }).hidden = view.events.length === 0;
  return box;
}
