// Engine text as DOM (the segment kinds of calculators/viewparts.py).

import { h } from "./dom.mjs";

// Plain text, a break opportunity, text kept on one line, a unit of such parts, a date as <time> (with its stable
// data-result hook), emphasis, or a mailto link.
export function segment(seg) {
  if (typeof seg === "string") return seg;
  if (seg.wbr) return h("wbr");
  if (seg.whole) return h("span", { class: "kmc-nowrap" }, seg.text);
  if (seg.parts) return h("span", { class: "kmc-unit" }, ...seg.parts.map((part) => h("span", { class: "kmc-nowrap" }, part)));
  if ("strong" in seg) return h("strong", {}, segments(seg.strong));
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

// A date keeps the character written right after it (a particle, a
// bracket) on its line, so no line starts with the particle that belongs
// to the date before it.
export function segments(list) {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const el = segment(list[i]);
    const next = list[i + 1];
    if (el instanceof Element && el.localName === "time" && !el.hidden && typeof next === "string" && /^\S/u.test(next)) {
      const [first] = next;
      out.push(h("span", { class: "kmc-nowrap" }, el, first), next.slice(first.length));
      i++;
    } else out.push(el);
  }
  return out;
}

// A label with its short bracketed aside kept on one line: a narrow phone
// broke "(... 5-22 business days)" inside it, leaving its tail alone.
export function asides(text) {
  return text.split(/(\uff08[^\uff08\uff09]{1,14}\uff09)/u).filter(Boolean)
    .map((part) => (part.startsWith("\uff08") ? h("span", { class: "kmc-nowrap" }, part) : part));
}
