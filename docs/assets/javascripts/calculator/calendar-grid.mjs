// The day-by-day count as month grids, a legend and a plain list, from the
// engine's view.calendar (weeks already chosen and worded in Python).

import { h } from "./dom.mjs";
import { segment } from "./segments.mjs";

function cell(c) {
  if (!c) return h("td", {});
  if (!c.kind) return h("td", { class: c.out ? "kmc-out" : null }, h("span", { class: "kmc-d" }, String(c.day)));
  const extra = `${c.window ? " kmc-window" : ""}${c.due ? " kmc-due" : ""}`;
  return h("td", { class: `kmc-${c.kind}${extra}`, title: c.label },
    h("span", { class: "kmc-d" }, String(c.day)), h("span", { class: "kmc-m", "aria-hidden": "true" }, c.mark),
    // A second mark on a day that is also another kind's (a next-month item's day, counted or closed).
    c.also ? h("span", { class: "kmc-m kmc-also", "aria-hidden": "true" }, c.also) : null,
    h("span", { class: "kmc-sr" }, c.label));
}

function month(m, weekdays) {
  return h("table", { class: "kmc-cal" }, h("caption", {}, m.caption),
    h("thead", {}, h("tr", {}, weekdays.map((w) => h("th", { scope: "col" }, w)))),
    h("tbody", {}, m.weeks.map((week) => (week[0] && week[0].gap
      // Weeks left out (no day counted in them): one row that says so.
      ? h("tr", { class: "kmc-gap" }, h("td", { colspan: 7 }, week[0].gap))
      : h("tr", {}, week.map(cell))))));
}

export function calendar(cal) {
  // Each swatch with its words is one entry that never wraps inside.
  const legend = h("p", { class: "kmc-legend" }, cal.legend.map((e) => [
    h("span", { class: "kmc-legend-entry" }, h("span", { class: `kmc-${e.kind}` }, e.mark), ` ${e.text}`), " "]));
  // calculator.css drops the pencil (note) icon Material gives a plain <details>.
  const list = h("details", { class: "kmc-daylist" }, h("summary", {}, cal.list_label),
    h("ol", {}, cal.days.map((d) => h("li", { class: `kmc-${d.kind}` },
      segment({ date: d.date, text: d.text, result: null }), " ", d.label))));
  return [h("h3", {}, cal.heading),
    h("div", { class: "kmc-days" }, h("div", { class: "kmc-cals" }, cal.months.map((m) => month(m, cal.weekdays))), legend, list)];
}
