// Lays out a result's view (calculators/views.py): every word and date on
// screen comes from the engine; this only chooses the elements.

import { h } from "./dom.mjs";
import { calendar } from "./calendar-grid.mjs";
import { asides, segments } from "./segments.mjs";

function facts(list) {
  return h("dl", { class: "kmc-facts" }, list.map((f) => [
    h("dt", {}, asides(f.label)),
    h("dd", { class: f.emphasis ? "kmc-key" : null, "data-result": f.result, "data-value": f.data_value },
      segments(f.value), f.note ? h("span", { class: "kmc-calc-note" }, f.note) : null),
  ]));
}

function items(table) {
  // data-label: on a phone the header row is hidden and each value shows its
  // column's label (calculator.css), the number as "No.1"; the name needs none.
  const cell = (column, content) => h(column.row_header ? "th" : "td",
    { scope: column.row_header ? "row" : null, class: column.nowrap ? "kmc-nowrap" : null,
      "data-label": column.row_header ? null : column.label }, segments(content));
  return h("div", { class: "kmc-scroll" }, h("table", { class: "kmc-calc-items" },
    h("thead", {}, h("tr", {}, table.columns.map((c) => h("th", { scope: "col" }, c.label)))),
    h("tbody", {}, table.rows.map((row) => h("tr", { "data-item": row.no },
      row.cells.map((content, i) => cell(table.columns[i], content)))))));
}

// What to do next: the documents and the desk with its address.
function next(n) {
  return [h("h3", {}, n.heading), h("dl", { class: "kmc-next" },
    h("dt", {}, n.documents_label),
    h("dd", {}, h("ul", { class: "kmc-checklist", "data-result": "documents" }, n.documents.map((d) => h("li", {}, d)))),
    h("dt", {}, n.send_label),
    h("dd", { "data-result": "send" }, segments(n.send)),
    n.conditions ? [h("dt", {}, n.conditions_label), h("dd", { "data-result": "conditions" }, n.conditions)] : null)];
}

// The site's assumptions that changed this result's dates (and how a typed
// day without a year was read), next to the dates they changed.
function assumptions(a) {
  return h("div", { class: "kmc-assumptions", "data-result": "assumptions" },
    h("p", { class: "kmc-assumptions-heading" }, a.heading), h("ul", {}, a.segments.map((line) => h("li", {}, segments(line)))));
}

export function layoutView(view) {
  return [
    view.warning ? h("p", { class: "kmc-warning", "data-warning": view.warning.kind, role: "note" }, segments(view.warning.segments)) : null,
    facts(view.facts),
    view.assumptions ? assumptions(view.assumptions) : null,
    view.items ? items(view.items) : null,
    view.next ? next(view.next) : null,
    view.calendar ? calendar(view.calendar) : null,
  ].flat().filter(Boolean);
}
