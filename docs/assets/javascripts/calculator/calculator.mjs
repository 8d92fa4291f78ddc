// The date calculator page.
//
// Python (calculators/ on Pyodide, in worker.mjs) starts after first paint and
// only on the page that has the calculator. The forms stay usable while it
// loads: a form changed meanwhile is computed from its current inputs as soon
// as the engine is ready. Every rule, number and rule text comes from the
// engine (calculators/ + the rules bundle) or from the page (rendered from
// rules/ at build time); this file only arranges them.

const WEEKDAYS = "日月火水木金土"; // Date#getUTCDay order
// The worker's boot stages, as steps of the progress bar; each has its
// status text in the page ([data-message]).
const STAGES = { runtime: 1, package: 2, rules: 3 };

// --- small helpers ------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

function parts(iso) {
  return iso.split("-").map(Number);
}

function jaDate(iso) {
  const [y, m, d] = parts(iso);
  return `${y}年${m}月${d}日(${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]})`;
}

function jaMonth(iso) {
  const [y, m] = parts(iso);
  return `${y}年${m}月`;
}

function time(iso, result, text = iso.length === 7 ? jaMonth(iso) : jaDate(iso)) {
  return h("time", { datetime: iso, "data-result": result }, text);
}

// A date range; both ends are always in the DOM (tests and assistive tools
// read them), the second is hidden when it is the same day.
function range(earliest, latest, prefix = "") {
  const same = earliest === latest;
  const end = time(latest, prefix + "latest");
  end.hidden = same;
  return [time(earliest, prefix + "earliest"), same ? null : "～", end];
}

// Today in Japan (UTC+9 all year, no daylight saving), whatever the reader's zone.
function todayInJapan() {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}

// Accept what people type (全角数字, 2026/1/5) and send ISO to the engine.
function normalize(text, month = false) {
  const value = text.normalize("NFKC").trim().replace(/[/.年月]/g, "-").replace(/日$|-$/, "");
  const m = month ? /^(\d{4})-(\d{1,2})$/.exec(value) : /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  return m ? m.slice(1).map((p, i) => (i ? p.padStart(2, "0") : p)).join("-") : value;
}

// --- the engine (one worker, kept across instant navigations) ----------------

let engine = null;

// A failure is a reason (the key of the page's message) and, from the
// worker, a detail in its own words.
function startEngine(urls, timeoutMs) {
  if (engine && engine.key === urls.bundleURL && engine.state !== "error") return engine;
  if (engine && engine.worker) engine.worker.terminate();
  const e = { key: urls.bundleURL, state: "loading", stage: null, info: null, reason: "", detail: "",
              worker: null, nextId: 1, calls: new Map(), listener: () => {} };
  engine = e;
  const emit = () => e.listener(e);
  let timer = null;
  const fail = (reason, detail = "") => {
    if (e.state === "error") return;
    clearTimeout(timer);
    if (e.worker) e.worker.terminate();
    e.state = "error";
    e.reason = reason;
    e.detail = detail;
    for (const resolve of e.calls.values()) resolve(null);
    e.calls.clear();
    emit();
  };
  e.run = (request) => new Promise((resolve) => {
    if (e.state !== "ready") return resolve(null);
    const id = e.nextId++;
    e.calls.set(id, resolve);
    e.worker.postMessage({ type: "run", id, request });
  });
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    // Defer so the caller can attach its listener first.
    setTimeout(() => fail("unsupported"));
    return e;
  }
  timer = setTimeout(() => fail("timeout"), timeoutMs);
  try {
    e.worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
  } catch (error) {
    setTimeout(() => fail("failed"));
    return e;
  }
  e.worker.onerror = (event) => {
    event.preventDefault();
    fail("failed");
  };
  e.worker.onmessage = ({ data }) => {
    if (data.type === "progress") {
      e.stage = data.stage;
      emit();
    } else if (data.type === "ready") {
      clearTimeout(timer);
      e.state = "ready";
      e.info = data.info;
      emit();
    } else if (data.type === "failed") {
      fail("failed", data.message);
    } else if (data.type === "result") {
      const resolve = e.calls.get(data.id);
      e.calls.delete(data.id);
      if (resolve) resolve(data.response);
    }
  };
  e.worker.postMessage({ type: "boot", ...urls });
  return e;
}

// --- calculators: request from the form, result to the page ------------------

const value = (form, name) => (form.elements.namedItem(name) ? form.elements.namedItem(name).value : "");

const CALCULATORS = {
  change: {
    section: "change",
    read(form) {
      const sent = value(form, "sent").trim();
      const field = form.elements.namedItem("accepted");
      // While a 送付日 is shown in it, the reader's own 受付受理日 is kept aside.
      const accepted = (field.readOnly && "own" in field.dataset ? field.dataset.own : field.value).trim();
      const items = [...form.querySelectorAll('input[name="item"]:checked')].map((i) => Number(i.value));
      return {
        // The engine counts from the 送付日 when there is one and reports its errors there.
        request: { calculator: "change", accepted, sent, items },
        params: { accepted, sent, items: items.join(",") },
        fields: { accepted: "accepted", sent: "sent", item: "item" },
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
    render(r, form) {
      const moved = r.effective_accepted !== r.accepted;
      const longest = form.querySelector('[data-text="longest"]');
      const several = r.items.length > 1;
      const facts = h("dl", { class: "kmc-facts" },
        h("dt", {}, "受付受理日"),
        h("dd", {}, time(r.accepted, "accepted"),
          moved ? ["（休業日のため、", time(r.effective_accepted, "effective_accepted"), "の受付受理として数えます）"] : null),
        h("dt", {}, "起算日"), h("dd", {}, time(r.start, "start")),
        h("dt", {}, several ? "完了の目安（全体）" : "完了の目安"),
        h("dd", { class: "kmc-overall" }, h("strong", {}, range(r.earliest, r.latest)),
          several && longest ? h("span", { class: "kmc-calc-note" }, longest.textContent) : null),
        h("dt", {}, "設定変更料"),
        h("dd", { "data-result": "setting_fee", "data-value": String(r.setting_fee) },
          r.setting_fee
            ? `かかります（${r.items.filter((i) => i.setting_fee).map((i) => `No.${i.no}`).join("・")}）`
            : "かかりません"));
      const rows = r.items.map((i) => h("tr", { "data-item": i.no },
        h("td", { class: "kmc-num" }, String(i.no)), h("th", { scope: "row" }, i.title),
        h("td", { class: "kmc-nowrap" }, i.lead_time),
        h("td", {}, range(i.earliest, i.latest), i.kind === "next_month" ? "から適用" : null)));
      const table = h("div", { class: "kmc-scroll" }, h("table", { class: "kmc-calc-items" },
        h("thead", {}, h("tr", {}, ["No", "変更内容", "必要日数", "完了の目安"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows)));
      return [facts, table,
        h("h3", {}, "必要書類"),
        h("ul", { class: "kmc-checklist", "data-result": "documents" }, r.documents.map((d) => h("li", {}, d))),
        h("h3", {}, "日ごとの数え方"), calendar(r.explanation)];
    },
  },

  cancel: {
    section: "cancel",
    read(form) {
      const applied = value(form, "applied").trim();
      return { request: { calculator: "cancel", applied }, params: { applied }, fields: { applied: "applied" } };
    },
    restore(form, params) {
      if (!params.has("applied")) return false;
      form.elements.namedItem("applied").value = params.get("applied");
      return true;
    },
    render(r) {
      return h("dl", { class: "kmc-facts" },
        h("dt", {}, "お申し込み日"),
        h("dd", {}, time(r.applied, "applied"), `（締め日 `, time(r.cutoff_date, "cutoff_date"),
          r.by_cutoff ? " まで）" : " より後）"),
        h("dt", {}, "最終ご利用月"), h("dd", {}, h("strong", {}, time(r.last_usage_month, "last_usage_month")), "ご利用分まで"),
        h("dt", {}, "解約となる月"), h("dd", {}, time(r.cancelled_from, "cancelled_from"), "ご利用分から"));
    },
  },

  deadline: {
    section: "deadline",
    read(form) {
      const month = value(form, "last_usage_month").trim();
      return { request: { calculator: "deadline", last_usage_month: month }, params: { last_usage_month: month },
               fields: { last_usage_month: "last_usage_month" }, month: true };
    },
    restore(form, params) {
      if (!params.has("last_usage_month")) return false;
      form.elements.namedItem("last_usage_month").value = params.get("last_usage_month");
      return true;
    },
    render(r) {
      return h("dl", { class: "kmc-facts" },
        h("dt", {}, "最終ご利用月"), h("dd", {}, time(r.last_usage_month, null), "ご利用分まで"),
        h("dt", {}, "お申し込みの期限"),
        h("dd", {}, h("strong", {}, time(r.deadline, "deadline")), "（この日までに受付）",
          r.deadline_closed.length && !r.view.warning
            ? h("span", { class: "kmc-calc-note" }, `期限日は休業日（${r.deadline_closed.join("・")}）です。余裕をもってご提出ください。`)
            : null),
        h("dt", {}, "解約となる月"), h("dd", {}, time(r.cancelled_from, null), "ご利用分から"),
        r.view.warning
          ? h("dd", { class: "kmc-warning", "data-warning": r.view.warning.kind, role: "note" }, r.view.warning.text)
          : null);
    },
  },

  option: {
    section: "option",
    read(form) {
      const applied = value(form, "contract_applied").trim();
      return { request: { calculator: "option", applied }, params: { contract_applied: applied }, fields: { applied: "applied" } };
    },
    restore(form, params) {
      if (!params.has("contract_applied")) return false;
      form.elements.namedItem("contract_applied").value = params.get("contract_applied");
      return true;
    },
    render(r) {
      return [h("dl", { class: "kmc-facts" },
        h("dt", {}, "お申し込み日"),
        h("dd", {}, time(r.applied, null), r.effective_accepted !== r.applied
          ? ["（休業日のため、", time(r.effective_accepted, null), "の受付として数えます）"] : null),
        h("dt", {}, "起算日"), h("dd", {}, time(r.start, null)),
        h("dt", {}, `お手続き完了の目安（${r.lead_time}）`), h("dd", {}, h("strong", {}, range(r.earliest, r.latest, "option_")))),
        h("h3", {}, "日ごとの数え方"), calendar(r.explanation)];
    },
  },
};

// --- the day-by-day calendar ----------------------------------------------------

function calendar(days) {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const months = [...new Set(days.map((d) => d.date.slice(0, 7)))];
  const first = days[0].date;
  const last = days[days.length - 1].date;
  const grids = months.map((month) => {
    const [y, m] = parts(month);
    const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const lead = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const cells = Array.from({ length: lead }, () => h("td", {}));
    for (let d = 1; d <= length; d++) {
      const iso = `${month}-${String(d).padStart(2, "0")}`;
      const day = byDate.get(iso);
      if (!day) {
        cells.push(h("td", { class: iso < first || iso > last ? "kmc-out" : "" }, h("span", { class: "kmc-d" }, String(d))));
        continue;
      }
      const mark = { accepted: "受付", moved: "受理", skipped: "休" }[day.kind] || String(day.count);
      cells.push(h("td", { class: `kmc-${day.kind}`, title: day.label },
        h("span", { class: "kmc-d" }, String(d)), h("span", { class: "kmc-m", "aria-hidden": "true" }, mark),
        h("span", { class: "kmc-sr" }, day.label)));
    }
    // Only the weeks that hold a counted or skipped day: a short count stays short.
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) {
      const week = cells.slice(i, i + 7);
      if (week.some((c) => c.title)) rows.push(h("tr", {}, week));
    }
    return h("table", { class: "kmc-cal" }, h("caption", {}, jaMonth(month)),
      h("thead", {}, h("tr", {}, [...WEEKDAYS].map((w) => h("th", { scope: "col" }, w)))), h("tbody", {}, rows));
  });
  const list = h("details", { class: "kmc-daylist" }, h("summary", {}, "1日ずつの説明を表示"),
    h("ol", {}, days.map((d) => h("li", { class: `kmc-${d.kind}` }, time(d.date, null), " ", d.label))));
  const legend = h("p", { class: "kmc-legend" },
    h("span", { class: "kmc-accepted" }, "受付"), " 受付受理日　",
    h("span", { class: "kmc-moved" }, "受理"), " 受付受理として数える日　",
    h("span", { class: "kmc-counted" }, "1"), " 営業日の番号（1は起算日）　",
    h("span", { class: "kmc-skipped" }, "休"), " 数えない休業日");
  return h("div", { class: "kmc-days" }, h("div", { class: "kmc-cals" }, grids), legend, list);
}

// --- iCalendar ------------------------------------------------------------------

function icsText(text) {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

// RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space,
// never splitting a UTF-8 character.
function fold(line) {
  const encoder = new TextEncoder();
  const out = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > 75) {
      out.push(current);
      current = " ";
      size = 1;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join("\r\n");
}

// FNV-1a: a short, stable tag for a permalink (not security relevant).
function hash(text) {
  let x = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) x = Math.imul(x ^ byte, 0x01000193) >>> 0;
  return x.toString(36);
}

function ics(kind, events, description, url) {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const host = location.hostname || "localhost";
  const next = (iso) => {
    const [y, m, d] = parts(iso);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replace(/-/g, "");
  };
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kmc-guide//date calculator//JA", "CALSCALE:GREGORIAN"];
  events.forEach((event, n) => {
    lines.push("BEGIN:VEVENT",
      // Stable per result and date, so importing the same result again updates instead of duplicating.
      `UID:kmc-${kind}-${event.date}-${n}-${hash(url)}@${host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${event.date.replace(/-/g, "")}`,
      `DTEND;VALUE=DATE:${next(event.date)}`,
      `SUMMARY:${icsText(event.summary)}`,
      `DESCRIPTION:${icsText(description)}`,
      `URL:${url}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT");
  });
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

// --- the page -----------------------------------------------------------------------

// Every form on the page, so an address carries all of their inputs.
const registry = [];

function permalink(calc) {
  const all = Object.assign({}, ...registry.filter((r) => r.form.isConnected).map((r) => r.calc.read(r.form).params));
  const query = new URLSearchParams(Object.entries(all).filter(([, v]) => v !== ""));
  const url = new URL(location.href);
  url.search = query.toString();
  url.hash = calc.section;
  return url.href;
}

async function copyText(text) {
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

function actions(kind, calc, result, read) {
  const url = permalink(calc);
  const version = engine.info ? engine.info.rules_version : "";
  // The copied text is the engine's short summary (dates, documents, where
  // to send them, the rules version); only the address is the page's.
  const text = [...result.view.copy, url].join("\n");
  // The buttons and their messages are the page's (a <template> in
  // docs/calculator/index.md); this only wires them up.
  const box = document.querySelector('template[data-template="actions"]').content.firstElementChild.cloneNode(true);
  const status = box.querySelector(".kmc-action-status");
  box.querySelector('[data-action="permalink"]').href = url;
  box.querySelector('[data-slot="version"]').textContent = version;
  box.querySelector('[data-action="copy"]').addEventListener("click", async () => {
    status.textContent = (await copyText(text)) ? status.dataset.copied : status.dataset.copyFailed;
  });
  // No calendar file for a result with nothing ahead (a deadline already past).
  box.querySelector('[data-action="ics"]').hidden = result.view.events.length === 0;
  box.querySelector('[data-action="ics"]').addEventListener("click", () => {
    const blob = new Blob([ics(kind, result.view.events, text, url)], { type: "text/calendar;charset=utf-8" });
    const link = h("a", { href: URL.createObjectURL(blob), download: `kmc-${kind}-${read.params[Object.keys(read.params)[0]] || "result"}.ics` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    status.textContent = status.dataset.saved;
  });
  return box;
}

function setupForm(form, root) {
  const kind = form.dataset.calculator;
  const calc = CALCULATORS[kind];
  const output = form.querySelector("[data-output]");
  let seq = 0;
  let waiting = false;
  registry.push({ calc, form });

  const showError = (field, message) => {
    const target = form.querySelector(`[data-error-for="${field}"]`) || form.querySelector("[data-error-for]");
    target.textContent = message;
    const inputs = field === "item" ? form.querySelectorAll('input[name="item"]')
      : form.querySelectorAll(`[aria-describedby~="${target.id}"]`);
    for (const input of inputs) input.setAttribute("aria-invalid", "true");
  };
  const clearErrors = () => {
    for (const el of form.querySelectorAll("[data-error-for]")) el.textContent = "";
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  };

  // fromReader: only the reader's own input changes the address (never a
  // result the page computes by itself), and then it carries every form.
  async function compute(fromReader = false) {
    for (const input of form.querySelectorAll('input[type="text"]')) {
      if (input.value) input.value = normalize(input.value, input.name === "last_usage_month");
    }
    const accepted = form.elements.namedItem("accepted");
    const sent = form.elements.namedItem("sent");
    if (accepted && sent) {
      // A valid 送付日 decides the acceptance day: show it there and lock the
      // field; clearing it gives the reader's own day back.
      // (Only a real calendar day is shown; the engine reports anything else at the 送付日.)
      const day = /^\d{4}-\d{2}-\d{2}$/.test(sent.value) ? new Date(`${sent.value}T00:00:00Z`) : null;
      const shown = Boolean(day) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(sent.value);
      if (shown && !accepted.readOnly) accepted.dataset.own = accepted.value;
      if (shown) accepted.value = sent.value;
      else if (accepted.readOnly && "own" in accepted.dataset) accepted.value = accepted.dataset.own;
      accepted.readOnly = shown;
    }
    const read = calc.read(form);
    if (fromReader) history.replaceState(history.state, "", permalink(calc));
    const mine = ++seq;
    if (!engine || engine.state !== "ready") {
      waiting = true; // computed from the then-current inputs once ready
      return;
    }
    const response = await engine.run(read.request);
    if (mine !== seq || response == null) return;
    clearErrors();
    // One short polite announcement per result: the key date or the error.
    const summary = form.querySelector("[data-summary]");
    if (!response.ok) {
      showError(read.fields[response.field] || response.field, response.message);
      if (summary) summary.textContent = response.message;
      output.hidden = true;
      output.replaceChildren();
      delete form.dataset.computedFor;
      return;
    }
    output.replaceChildren(...[calc.render(response.result, form)].flat(),
      actions(kind, calc, response.result, read));
    output.hidden = false;
    form.dataset.computedFor = new URLSearchParams(read.params).toString();
    if (summary) summary.textContent = response.result.view.summary;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name) compute(true);
  });
  // Also while typing, once a value looks complete, so nobody has to leave
  // the field to see the answer; partial input waits for "change".
  let typing = null;
  form.addEventListener("input", (event) => {
    const t = event.target;
    if (t.type !== "text") return;
    clearTimeout(typing);
    const complete = t.name === "last_usage_month" ? /^\d{4}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}$/;
    if (complete.test(t.value.normalize("NFKC").trim())) {
      typing = setTimeout(() => compute(true), 300);
    }
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

// The page's wording for a status (docs/calculator/index.md): a copy of a
// sized line or of a <template>.
function message(root, key) {
  const source = root.querySelector(`[data-message="${key}"]`);
  const copy = document.createDocumentFragment();
  copy.append(...[...(source.content || source).childNodes].map((n) => n.cloneNode(true)));
  return copy;
}

// Only texts and visibility change here (calculator.css keeps every line of
// the status box at one height): nothing on the page moves.
function showStatus(root, forms, e) {
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
    computeWaiting(forms);
  } else {
    const reason = message(root, e.reason);
    const detail = reason.querySelector('[data-slot="detail"]');
    if (detail && e.detail) detail.querySelector('[data-slot="message"]').textContent = e.detail;
    else if (detail) detail.remove();
    const all = message(root, "error");
    all.querySelector('[data-slot="reason"]').replaceWith(reason);
    text.replaceChildren(all);
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
    e.listener = (state) => showStatus(root, forms, state);
    showStatus(root, forms, e);
  });
}

// Python starts after the first paint: the page is readable before the
// multi-megabyte runtime begins to download and compile. On a first visit the
// browser has usually painted already when this module runs (it runs after
// the theme's bundle), so the worker starts at once; otherwise, and after an
// instant navigation (whose new content has not been painted yet), it starts
// in a task after the next frame. The worker's downloads and compilation run
// off the main thread; creating it costs the page a few milliseconds.
let initialDocument = true;

function afterFirstPaint(start) {
  const painted = initialDocument && typeof performance.getEntriesByType === "function"
    && performance.getEntriesByType("paint").some((entry) => entry.name === "first-contentful-paint");
  initialDocument = false;
  if (painted) start();
  else requestAnimationFrame(() => setTimeout(start, 0));
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
