// A result's actions: its address, copying its short text, its .ics file.
// The buttons and their messages are the page's (the actions <template> in
// docs/calculator/index.md); the copied text and the events are the engine's.

import { fromTemplate, h } from "./dom.mjs";
import { ics, stampOf } from "./ics.mjs";

// The address of a result: every form's inputs (empty ones left out) and
// the result's own section. Pure.
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

// kind: the calculator; view: the engine's result view; url: the result's
// address; fileTag: a short input value to name the .ics file by.
export function actions(kind, view, url, fileTag) {
  const text = [...view.copy, url].join("\n");
  const box = fromTemplate("actions");
  const status = box.querySelector(".kmc-action-status");
  box.querySelector('[data-action="permalink"]').href = url;
  box.querySelector('[data-slot="version"]').textContent = view.version_note;
  box.querySelector('[data-action="copy"]').addEventListener("click", async () => {
    status.textContent = (await copyText(text)) ? status.dataset.copied : status.dataset.copyFailed;
  });
  const save = box.querySelector('[data-action="ics"]');
  // No calendar file for a result with nothing ahead (a deadline already past).
  save.hidden = view.events.length === 0;
  save.addEventListener("click", () => {
    download(`kmc-${kind}-${fileTag || "result"}.ics`,
      ics({ kind, events: view.events, description: text, url, stamp: stampOf(new Date()), host: location.hostname }));
    status.textContent = status.dataset.saved;
  });
  return box;
}
