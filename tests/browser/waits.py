"""Waits for a state, shared by the browser tests (never a fixed sleep)."""

from __future__ import annotations

import itertools


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


def until(p, predicate: str, arg=None, timeout: float = 30_000) -> None:
    """``p.wait_for_function`` for a predicate that returns a promise (one
    that reads the Cache API, say). Playwright takes the promise itself as a
    truthy value and returns at once; here the predicate runs again each time
    its last promise has settled, and the wait ends on the first truthy value
    it resolved to (a rejection fails the wait). The predicate is written
    into the polled function's source, so a page's CSP without 'unsafe-eval'
    does not stop it."""
    key = f"kmcUntil{next(_UNTIL)}"
    p.wait_for_function(f"""(arg) => {{
      const run = (globalThis.{key} ??= {{ pending: false, value: false, error: null }});
      if (run.error) throw new Error(run.error);
      if (run.value) return run.value;
      if (!run.pending) {{
        run.pending = true;
        Promise.resolve(({predicate})(arg))
          .then((value) => {{ run.value = value; }}, (error) => {{ run.error = String(error); }})
          .finally(() => {{ run.pending = false; }});
      }}
      return false;
    }}""", arg=arg, timeout=timeout)
    p.evaluate(f"() => {{ delete globalThis.{key}; }}")


_UNTIL = itertools.count()
