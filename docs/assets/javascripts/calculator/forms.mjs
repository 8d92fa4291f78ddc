// Each calculator's form: what it sends the engine, what goes in the
// address, and how an address fills it again. `fields` maps the engine's
// field names to the form's error slots.

import { normalize, todayInJapan } from "./input.mjs";

const value = (form, name) => (form.elements.namedItem(name) ? form.elements.namedItem(name).value : "");

function single(kind, input, field, extra = {}) {
  return {
    section: kind,
    read(form) {
      const v = value(form, input).trim();
      return { request: { calculator: kind, [field]: v, today: todayInJapan() }, params: { [input]: v },
               fields: { [field]: field }, inputs: { [field]: input } };
    },
    restore(form, params) {
      if (!params.has(input)) return false;
      form.elements.namedItem(input).value = params.get(input);
      return true;
    },
    ...extra,
  };
}

export const CALCULATORS = {
  change: {
    section: "change",
    read(form) {
      const sent = value(form, "sent").trim();
      const field = form.elements.namedItem("accepted");
      // While the sent day is shown in it, the reader's own acceptance day is kept aside.
      const accepted = (field.readOnly && "own" in field.dataset ? field.dataset.own : field.value).trim();
      const items = [...form.querySelectorAll('input[name="item"]:checked')].map((i) => Number(i.value));
      return {
        // The engine counts from the sent day when there is one and reports its errors there.
        // "today": the page's today, which it prefills, is the engine's too.
        request: { calculator: "change", accepted, sent, items, today: todayInJapan() },
        params: { accepted, sent, items: items.join(",") },
        fields: { accepted: "accepted", sent: "sent", item: "item" },
        inputs: { accepted: "accepted", sent: "sent" },
      };
    },
    restore(form, params) {
      for (const name of ["accepted", "sent"]) if (params.has(name)) form.elements.namedItem(name).value = params.get(name);
      if (params.has("items")) {
        const wanted = new Set(params.get("items").split(","));
        for (const box of form.querySelectorAll('input[name="item"]')) box.checked = wanted.has(box.value);
      }
      return params.has("items") || params.has("accepted") || params.has("sent");
    },
    // No item ticked: nothing to compute yet, and nothing to complain
    // about until the reader has had a chance to tick one.
    incomplete: (read) => read.request.items.length === 0,
  },
  cancel: single("cancel", "applied", "applied"),
  deadline: single("deadline", "last_usage_month", "last_usage_month"),
  // The engine's field is "applied"; the page's input is named for the contract.
  option: single("option", "contract_applied", "applied"),
};

// A real sent day ("sent") decides the acceptance day ("accepted"): it is
// shown in that field, locked; erasing it (or leaving it no real day) gives
// the reader's own day back, editable. `isDay` says whether the sent day, as
// typed (any spelling input.mjs reads), is a real calendar day (anything else
// the engine reports at the sent day's own field).
export function syncSentDay(form, isDay) {
  const accepted = form.elements.namedItem("accepted");
  const sent = form.elements.namedItem("sent");
  if (!accepted || !sent) return;
  const day = normalize(sent.value);
  const shown = isDay(day);
  if (shown && !accepted.readOnly) accepted.dataset.own = accepted.value;
  if (shown) accepted.value = day;
  else if (accepted.readOnly && "own" in accepted.dataset) accepted.value = accepted.dataset.own;
  accepted.readOnly = shown;
}

// An engine error in the form's slot for that field (or its first slot),
// with its inputs marked invalid. Returns the slot.
export function showError(form, field, text) {
  const target = form.querySelector(`[data-error-for="${field}"]`) || form.querySelector("[data-error-for]");
  target.textContent = text;
  const inputs = field === "item" ? form.querySelectorAll('input[name="item"]')
    : form.querySelectorAll(`[aria-describedby~="${target.id}"]`);
  for (const input of inputs) input.setAttribute("aria-invalid", "true");
  return target;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}
