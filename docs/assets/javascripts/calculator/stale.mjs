// A result the typed fields no longer match (a day retyped without a year,
// computed only once the field is left): it stays, dimmed, with the page's
// note that it is out of date laid over its top (calculator.css), until the
// new input is computed.

import { h } from "./dom.mjs";
import { normalize } from "./input.mjs";
import { message } from "./status.mjs";

// The typed fields as a result reads them (normalised), by name.
export function typedFields(form, months) {
  return Object.fromEntries([...form.querySelectorAll('input[type="text"]')]
    .map((input) => [input.name, normalize(input.value, months.has(input.name))]));
}

export const differs = (now, then) => Object.keys(now).some((name) => now[name] !== then[name]);

export function markStale(root, output, stale) {
  const note = output.querySelector(":scope > .kmc-stale");
  if (stale && !note) output.prepend(h("p", { class: "kmc-stale" }, message(root, "stale")));
  if (!stale && note) note.remove();
  output.toggleAttribute("data-stale", stale);
}
