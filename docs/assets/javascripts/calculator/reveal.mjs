// Showing the reader the answer they asked for: on a phone the result
// starts below the screen. After the form's button (never a tick, a field's
// change or the page's automatic results), the result is scrolled into view
// once if it is off screen. What keeps the focus is always in sight, clear
// of the sticky header.

const px = (value) => parseFloat(value) || 0;

// The header's bottom edge: what lies above it is hidden under the header.
function headerBottom() {
  const header = document.querySelector(".md-header");
  return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
}

// Scrolls `el` into view as block "nearest" does (with its scroll margins)
// and returns by how much the page scrolls: 0 when it is in view already.
export function reveal(el) {
  if (!el) return 0;
  const r = el.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return 0;
  const style = getComputedStyle(el);
  const above = r.top - px(style.scrollMarginTop);
  const below = r.bottom + px(style.scrollMarginBottom) - window.innerHeight;
  const by = r.top < 0 ? above : Math.min(below, above);
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  el.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  return by;
}

// Whether `el` is wholly in sight, below the header, once the page has
// scrolled by `by`.
export function inSightAfter(el, by = 0) {
  const r = el.getBoundingClientRect();
  return r.top - by >= headerBottom() && r.bottom - by <= window.innerHeight;
}

// Brings `el` wholly into sight, clear of the header, if it is not: to the
// middle of the screen as the browser's own focus does (block "center"), or
// with "nearest" the least scroll that shows it.
export function bringIntoSight(el, block = "center") {
  if (!inSightAfter(el)) el.scrollIntoView({ block, behavior: "instant" });
}

// Enter in a field, whose answer or refusal is brought into view far below:
// when the field is left out of sight (after a scroll of `by`), the focus
// goes to the form's button, which Enter pressed, right above what is shown.
export function keepFocusInSight(form, by = 0) {
  const from = document.activeElement;
  if (form.contains(from) && from.matches('input[type="text"]') && !inSightAfter(from, by)) {
    form.querySelector('button[type="submit"]').focus({ preventScroll: true });
  }
}

// Once the page has loaded and drawn a frame after that: the browser no
// longer scrolls to the address's anchor, so a scroll made then stays.
export function afterLoad(run) {
  const go = () => requestAnimationFrame(() => run());
  if (document.readyState === "complete") go();
  else addEventListener("load", go, { once: true });
}
