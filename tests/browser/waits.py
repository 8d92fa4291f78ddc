"""Waits for a state, shared by the browser tests (never a fixed sleep)."""

from __future__ import annotations


def after_load(p, ms: int = 1000) -> None:
    """In place of ``networkidle``: the load event, then every timer and
    animation frame the page sets within ``ms`` run at once on its fake clock
    (so whatever a page starts after its first paint has started by then)."""
    p.wait_for_load_state("load")
    p.clock.run_for(ms)


def loaded(p, url: str) -> None:
    """In place of ``goto(url, wait_until="networkidle")`` before a
    screenshot, a PDF or a measurement: the load event and the web fonts."""
    p.goto(url)
    p.evaluate("() => document.fonts.ready.then(() => true)")


def painted(p) -> None:
    """The page's last change is on screen: its web fonts loaded, then two
    frames drawn and a task run, so every layout shift of that change has
    been reported to the page's PerformanceObservers."""
    p.evaluate("""() => document.fonts.ready.then(() => new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))))""")
