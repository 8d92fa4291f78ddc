// Keeping the reader informed where they are looking: on a
// phone the result of a tick starts below the screen. After the reader's own
// action (never the page's automatic results), its outcome is scrolled into
// view once if it is off screen; the focus stays where the reader left it.

export function reveal(el) {
  if (!el) return;
  const r = el.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  el.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
}
