// Each calculator's form: what it sends the engine, what goes in the
// address, and how an address fills it again. The form's fields are the
// build's (calculators/forms.py), written on the form as `data-fields`:
// [{name, input, type, param, error, stands_for}], `name` the request's key
// and the field the engine reports at, `input` the form's input, `param` the
// address's parameter, `error` the form's error slot, `type` day, month or
// items (ticked numbers), `stands_for` the field a real day here is shown in.

import { normalize, todayInJapan } from "./input.mjs";
import { bringIntoSight, keepFocusInSight } from "./reveal.mjs";

export const fieldsOf = (form) => JSON.parse(form.dataset.fields || "[]");

// The names of a form's month inputs (typed as a year and month, not a day).
export const monthInputs = (form) => new Set(fieldsOf(form).filter((f) => f.type === "month").map((f) => f.input));

function boxes(form, f) {
  return form.querySelectorAll(`input[name="${f.input}"]`);
}

export function calculatorOf(form) {
  const kind = form.dataset.calculator;
  const fields = fieldsOf(form);
  return {
    section: kind,
    read(form) {
      // "today": the page's today, which it prefills, is the engine's too.
      const request = { calculator: kind };
      const params = {};
      const errors = {};
      const inputs = {};
      for (const f of fields) {
        errors[f.error] = f.error;
        if (f.type === "items") {
          const ticked = [...boxes(form, f)].filter((b) => b.checked).map((b) => Number(b.value));
          request[f.name] = ticked;
          params[f.param] = ticked.join(",");
          continue;
        }
        const el = form.elements.namedItem(f.input);
        // While another field's day is shown in it, the reader's own value is
        // kept aside, and the address carries that other field alone.
        const standIn = Boolean(el && el.readOnly && "own" in el.dataset);
        const v = (el ? (standIn ? el.dataset.own : el.value) : "").trim();
        // A day the engine read without a year is shown whole in the field;
        // the engine still gets what the reader typed, so every result from
        // it says which year was assumed.
        request[f.name] = el && !standIn && v && el.dataset.resolved === v ? el.dataset.typed : normalize(v, f.type === "month");
        params[f.param] = standIn ? "" : v;
        inputs[f.name] = f.input;
      }
      request.today = todayInJapan();
      return { request, params, fields: errors, inputs };
    },
    restore(form, params) {
      let found = false;
      for (const f of fields) {
        if (!params.has(f.param)) continue;
        found = true;
        if (f.type === "items") {
          const wanted = new Set(params.get(f.param).split(","));
          for (const box of boxes(form, f)) box.checked = wanted.has(box.value);
        } else form.elements.namedItem(f.input).value = params.get(f.param);
      }
      return found;
    },
    // No item ticked: nothing to compute yet, and nothing to complain
    // about until the reader has had a chance to tick one.
    incomplete: (read) => fields.some((f) => f.type === "items" && read.request[f.name].length === 0),
  };
}

// A day typed in a field that stands for another (a sent day for the
// acceptance day) is shown in that other field, locked. `shows` gives what
// to show for the text typed ("" for nothing: a partial or impossible day,
// which the engine reports at its own field). Erasing it, or typing what
// shows nothing, gives the reader's own value back, editable.
export function syncSentDay(form, shows) {
  const inputOf = Object.fromEntries(fieldsOf(form).map((f) => [f.name, f.input]));
  for (const f of fieldsOf(form).filter((f) => f.stands_for)) {
    const target = form.elements.namedItem(inputOf[f.stands_for]);
    const source = form.elements.namedItem(f.input);
    if (!target || !source) continue;
    const day = shows(source.value);
    const shown = Boolean(day);
    // Already shown for this very text (and perhaps replaced since by the
    // day the engine counts it as): left as it is.
    if (shown && target.readOnly && target.dataset.shownFor === source.value) continue;
    if (shown && !target.readOnly) target.dataset.own = target.value;
    if (shown) {
      target.value = day;
      target.dataset.shownFor = source.value;
    } else {
      if (target.readOnly && "own" in target.dataset) target.value = target.dataset.own;
      delete target.dataset.shownFor;
    }
    target.readOnly = shown;
  }
}

// Whether `input` is a field that stands for another (its typing moves that one).
export const standsFor = (form, name) => fieldsOf(form).some((f) => f.stands_for && f.input === name);

// Whether `name` is an input of ticked numbers.
export const isItems = (form, name) => fieldsOf(form).some((f) => f.type === "items" && f.input === name);

// An engine error in the form's slot for that field (or its first slot),
// with its inputs marked invalid. Returns the slot.
export function showError(form, field, text) {
  const target = form.querySelector(`[data-error-for="${field}"]`) || form.querySelector("[data-error-for]");
  target.textContent = text;
  const items = fieldsOf(form).find((f) => f.type === "items" && f.error === field);
  const inputs = items ? form.querySelectorAll(`input[name="${items.input}"]`)
    : form.querySelectorAll(`[aria-describedby~="${target.id}"]`);
  for (const input of inputs) input.setAttribute("aria-invalid", "true");
  return target;
}

// The reader asked with the button (or Enter) and a typed field was refused:
// the focus goes to that field, brought into sight, whose description is its
// error (as GOV.UK's error summary does). "No item" is said right below the
// button, brought into sight too. Without `focus`, only brought into sight.
export function focusRefused(form, focus = true) {
  const input = form.querySelector('input[type="text"][aria-invalid="true"]');
  if (!input) {
    // "No item", said below the button: brought into view.
    const said = [...form.querySelectorAll("[data-error-for]")].find((el) => el.textContent);
    if (said) bringIntoSight(said, "nearest");
    if (focus) keepFocusInSight(form);
    return;
  }
  if (focus) input.focus({ preventScroll: true });
  bringIntoSight(input);
  // Its error too (below the button in a form of one field).
  const error = (input.getAttribute("aria-describedby") || "").split(/\s+/)
    .map((id) => document.getElementById(id)).find((el) => el && el.matches("[data-error-for]") && el.textContent);
  if (error) bringIntoSight(error, "nearest");
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}
