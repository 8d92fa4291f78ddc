// Engine text as DOM (the segment kinds of calculators/viewparts.py).

import { h } from "./dom.mjs";

// Plain text, text kept on one line, a date as <time> (with its stable
// data-result hook), emphasis, or a mailto link.
export function segment(seg) {
  if (typeof seg === "string") return seg;
  if (seg.whole) return h("span", { class: "kmc-nowrap" }, seg.text);
  if ("strong" in seg) return h("strong", {}, seg.strong.map(segment));
  if ("href" in seg) {
    // print.css adds a link's address after it, unless its text is the address.
    const bare = seg.href.replace(/^mailto:/, "") === seg.text;
    return h("a", { href: seg.href, class: bare ? "kmc-url" : null }, seg.text);
  }
  const el = h("time", { datetime: seg.date, "data-result": seg.result }, seg.text);
  // Both ends of a one-day range stay in the DOM (tests and assistive tools read them).
  el.hidden = Boolean(seg.hidden);
  return el;
}

export const segments = (list) => list.map(segment);
