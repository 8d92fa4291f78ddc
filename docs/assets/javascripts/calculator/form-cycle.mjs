// One calculator form's cycle: the reader's input (or a shared link) ->
// the engine's answer -> the view on screen, its live summary and address.
// A result is computed only when asked for: by the reader (a tick, a field
// left or typed complete, the form's button) or by a shared link, whose
// result is drawn into space the box had from the start and is not announced.
// Only the button (or Enter) scrolls to the result; a tick updates it in place.

import { currentEngine } from "./engine-client.mjs";
import { calculatorOf, clearErrors, focusRefused, isItems, monthInputs, showError, standsFor, syncSentDay } from "./forms.mjs";
import { dayLeft, dayTyped, looksComplete, normalize } from "./input.mjs";
import { layoutView } from "./render.mjs";
import { afterLoad, keepFocusInSight, reveal } from "./reveal.mjs";
import { actions, resultAddress } from "./share.mjs";
import { differs, markStale, typedFields } from "./stale.mjs";
import { message, showFailure, showPending } from "./status.mjs";

// Every form on the page; the address bar carries the inputs of the results
// the reader asked for on screen (never a prefilled today nobody computed, nor
// refused input), so a reload brings them all back.
const registry = [];

// Every box that held its space has its answer: each gives back what its
// answer does not fill, in one frame. What follows the lead box (the result a
// link opens at, or the one result asked for while loading) was hidden until
// now (calculator.css), so it moves as it appears and the browser counts no
// layout shift; a box above it changes only what lies above the section on
// screen, which the browser's scroll anchoring holds in place. Without a lead
// (the reader asked in two forms while loading), the boxes keep their space
// until the reader acts again: what follows them is not hidden.
function settle() {
  const held = registry.filter((r) => r.output.classList.contains("kmc-reserve"));
  if (held.some((r) => r.awaiting()) || !held.some((r) => r.output.classList.contains("kmc-lead"))) return;
  for (const r of held) r.unreserve();
}

function addressOf(calc) {
  const shown = registry.filter((r) => r.form.isConnected && r.params());
  // "#<section>-result": the page reserves the result's space from the first paint (calculator.css).
  // It opens at the form the reader last worked on: its result, else the form.
  const own = shown.some((r) => r.calc === calc);
  return resultAddress(location.href, shown.map((r) => r.params()), own ? `${calc.section}-result` : calc.section);
}

// What is sent to someone (link, copied text, share sheet, .ics) is one
// result: this form's inputs alone, never what the reader looked up in another.
function linkOf(calc) {
  const own = registry.find((r) => r.calc === calc && r.form.isConnected && r.params());
  return resultAddress(location.href, own ? [own.params()] : [], `${calc.section}-result`);
}

// How a computation was asked for: "load" (a shared link, once the engine is
// ready; the reader did not act on this page), "typing" (a complete value
// while typing), "change" (a tick, a field left with a new value), "submit"
// (the form's button or Enter), "waited" (the reader's request, once ready).
export function setupForm(form, root) {
  const kind = form.dataset.calculator;
  const calc = calculatorOf(form);
  const months = monthInputs(form);
  const output = form.querySelector("[data-output]");
  const summary = form.querySelector("[data-summary]");
  let seq = 0;
  let waiting = false;
  let typing = null;
  // What is on screen, so an identical result leaves the DOM (and the
  // reader's focus on its buttons) alone.
  let shown = "";
  // The reader asked for this form's result (here, or by opening a link
  // carrying it); only then does the address carry its inputs.
  let asked = false;
  // Results are announced only once the reader acted on this page.
  let announce = false;
  // The reader pressed the button and has not yet been shown the outcome.
  let toReveal = false;
  // The focus at the button (or Enter): a refusal takes it to the field, unless the reader moved it.
  let submittedFrom = null;
  // The reader ticked or unticked an item: only then (or on submit) is
  // "no item" worth saying.
  let itemsTouched = false;
  // The inputs of the result on screen, once the reader asked for it.
  let good = null;
  // The typed fields as the result on screen read them, to tell when the
  // reader's typing no longer matches it.
  let typedFor = null;
  // Whether the box's answer has come since it was given its space (reserve()).
  let answered = true;
  registry.push({ calc, form, output, params: () => (asked ? good : null),
                  awaiting: () => !answered, unreserve: () => unreserve() });

  function clear() {
    markStale(root, output, false);
    typedFor = null;
    clearErrors(form);
    summary.textContent = "";
    output.hidden = true;
    output.replaceChildren();
    shown = "";
    good = null;
    delete form.dataset.computedFor;
  }

  // The box gets the space its answer will take (calculator.css). The lead
  // box also hides what follows it meanwhile (below the screen, so the reader
  // does not see it go): a shared link's own result (``lead``), or a result
  // the reader asked for while loading, when no other box holds space.
  function reserve(lead = null) {
    const others = registry.some((r) => r.output !== output && r.output.classList.contains("kmc-reserve"));
    output.classList.add("kmc-reserve");
    answered = false;
    if (lead ?? !others) output.classList.add("kmc-lead");
    else if (lead === null) for (const r of registry) r.output.classList.remove("kmc-lead");
  }

  // The reader acts again, or every box has its answer: the space is no
  // longer needed.
  function unreserve() {
    output.classList.remove("kmc-reserve", "kmc-lead");
    output.classList.add("kmc-released");
    answered = true;
  }

  // The answer is on screen (a result, a refusal, a failure) or none will come.
  function release() {
    answered = true;
    settle();
  }

  async function compute(how) {
    // A change (leaving the field) supersedes the wait for more typing.
    clearTimeout(typing);
    const fromReader = how !== "load";
    // The address follows only results the reader asked for, and drops one
    // the form no longer shows.
    const follow = () => {
      if (fromReader) history.replaceState(history.state, "", addressOf(calc));
    };
    if (fromReader) {
      asked = true;
      announce = true;
    }
    // The space a shared link's or a waited-for result was given is no
    // longer needed once the reader acts again.
    if (fromReader && how !== "waited") unreserve();
    if (how === "submit") toReveal = true;
    if (how !== "waited") submittedFrom = how === "submit" ? document.activeElement : null;
    // A day typed with its weekday stays as typed until the engine has
    // checked the weekday: refused, the field still shows what the reader wrote.
    for (const input of form.querySelectorAll('input[type="text"]')) {
      const value = input.value && normalize(input.value, months.has(input.name));
      if (value && !value.endsWith(")")) input.value = value;
    }
    syncSentDay(form, dayLeft);
    let read = calc.read(form);
    const mine = ++seq;
    // Nothing to say yet (a date typed before any item is ticked).
    if (calc.incomplete && calc.incomplete(read) && how !== "submit" && !itemsTouched) {
      waiting = false;
      toReveal = false;
      clear();
      release();
      follow();
      return;
    }
    const engine = currentEngine();
    if (!engine || engine.state !== "ready") {
      waiting = true; // computed from the then-current inputs once ready
      // Said next to the form, not only in the status box far above.
      if (engine && engine.state === "error") {
        showFailure(root, output);
        release();
      } else {
        // The result will get this space (calculator.css), so nothing
        // below moves when it arrives.
        showPending(root, output, engine);
        if (!output.classList.contains("kmc-reserve")) reserve();
      }
      output.hidden = false;
      return;
    }
    const response = await engine.run(read.request);
    if (mine !== seq || response == null) return;
    clearErrors(form);
    if (!response.ok) {
      // A failure inside the engine has no message of its own; the page words it.
      const text = response.message || message(root, "internal").textContent;
      clear();
      follow();
      showError(form, read.fields[response.field] || response.field, text);
      release();
      summary.textContent = announce ? text : "";
      if (submittedFrom && submittedFrom === document.activeElement) focusRefused(form);
      // A shared link refused: shown where it is wrong, not focused (no keyboard
      // pops up), once the browser has stopped scrolling to the link's anchor.
      else if (how === "load" && document.documentElement.dataset.kmcShared === kind) afterLoad(() => focusRefused(form, false));
      toReveal = false;
      return;
    }
    const { view, inputs } = response.result;
    // A day typed without a year: the field shows the day the engine used.
    for (const [field, iso] of Object.entries(inputs || {})) {
      const input = form.elements.namedItem(read.inputs[field]);
      Object.assign(input.dataset, { typed: read.request[field], resolved: iso });
      input.value = iso;
    }
    if (Object.keys(inputs || {}).length) {
      syncSentDay(form, dayLeft);
      read = calc.read(form);
    }
    // The field a sent day stands in for shows the day it is counted as.
    for (const [field, iso] of Object.entries(response.result.stands || {})) {
      const target = form.elements.namedItem(read.inputs[field]);
      if (target && target.readOnly) target.value = iso;
    }
    good = read.params;
    follow();
    const params = new URLSearchParams(read.params).toString();
    const key = params + JSON.stringify(view);
    if (key !== shown || output.hidden) {
      output.replaceChildren(...layoutView(view), actions(kind, view, () => linkOf(calc)));
      output.hidden = false;
      shown = key;
    }
    release();
    form.dataset.computedFor = params;
    typedFor = typedFields(form, months);
    markStale(root, output, false);
    // One short polite announcement per result the reader asked for.
    if (announce) summary.textContent = view.summary;
    // Only a result is brought into view, and not when the reader is
    // already in it (a tap on its buttons first leaves the field).
    if (toReveal && !output.contains(document.activeElement)) {
      const by = reveal(output.querySelector("[data-warning], .kmc-key") || output);
      if (by) keepFocusInSight(form, by);
    }
    toReveal = false;
  }

  form.addEventListener("change", (event) => {
    if (!event.target.name) return;
    if (isItems(form, event.target.name)) itemsTouched = true;
    compute("change");
  });
  // Also while typing, once a value looks complete, so nobody has to leave
  // the field to see the answer; partial input waits for "change".
  form.addEventListener("input", (event) => {
    const t = event.target;
    if (t.type !== "text") return;
    clearTimeout(typing);
    // What the reader types now is what the engine gets, even when it spells
    // the very day the field showed for an earlier entry without a year.
    delete t.dataset.typed;
    delete t.dataset.resolved;
    // The acceptance day follows the sent day as it is typed or erased (select-all
    // and Backspace, Delete, cut): erased, the reader's own day is back, editable.
    const standing = standsFor(form, t.name);
    if (standing) syncSentDay(form, dayTyped);
    const erased = standing && !t.value.trim();
    if (erased || looksComplete(t.value, months.has(t.name))) {
      typing = setTimeout(() => compute("typing"), 300);
    } else if (typedFor && !output.hidden) {
      markStale(root, output, differs(typedFields(form, months), typedFor));
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    compute("submit");
  });
  return {
    form,
    waiting: () => waiting,
    // The engine failed: every form still waiting says so where it waits.
    failed() {
      if (!waiting) return;
      showFailure(root, output);
      release();
    },
    ready() {
      if (!waiting) return null;
      waiting = false;
      return compute(asked && !announce ? "load" : "waited");
    },
    restore(params, today) {
      for (const name of ["accepted", "applied", "contract_applied"]) {
        const input = form.elements.namedItem(name);
        if (input && !input.value) input.value = today;
      }
      // Only a shared link's own forms are computed without being asked:
      // the reader asked by opening it. Its result gets its space now
      // (calculator.css), so nothing on screen moves when it arrives.
      const lead = document.documentElement.dataset.kmcShared === kind;
      if (!calc.restore(form, params)) {
        // A link to this form's result without its inputs: nothing to wait for.
        if (lead) output.classList.add("kmc-released");
        return;
      }
      asked = true;
      reserve(lead);
      compute("load");
    },
  };
}

