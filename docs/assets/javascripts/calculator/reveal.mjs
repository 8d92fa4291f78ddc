// Showing the reader the answer they asked for: on a phone the result
// starts below the screen. After the form's button (never a tick, a field's
// change or the page's automatic results), the result is scrolled into view
// once if it is off screen; the focus stays where the reader left it.

export function reveal(el) {
  if (!el) return;
  const r = el.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  el.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
}
