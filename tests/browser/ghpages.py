"""Helpers for the delivery tests: the site served as GitHub Pages serves it
(tests/static_host.py) and recorded pages on it.

No Playwright routing here: routing turns the browser's HTTP cache off, and
these tests are about what that cache and the service worker's cache hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import static_host

ROOT = Path(__file__).resolve().parents[2]
BOOT_MS = 60_000
CALC_FORM = 'form[data-calculator="change"]'


def StaticHost(root: Path):
    """The site at ``root`` served as GitHub Pages serves it, with no test
    route: the real worker and real Pyodide."""
    return static_host.serve(root)


_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__kmcReportCsp && window.__kmcReportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
});
"""


@dataclass
class Record:
    origin: str
    errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert not (self.errors or self.csp or self.foreign), (self.errors, self.csp, self.foreign)


def new_context(browser, host, **options):
    """A context on ``host`` whose pages record console errors (worker ones
    too), page errors, CSP violations and requests leaving the origin in
    ``context.rec``."""
    options = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP", "timezone_id": "Asia/Tokyo",
               "base_url": host.base_url, **options}
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    rec = Record(host.origin)
    context.expose_binding("__kmcReportCsp", lambda source, msg: rec.csp.append(msg))
    context.add_init_script(_CSP_LISTENER)

    def console(msg):
        if msg.type == "error" and "net::ERR_INTERNET_DISCONNECTED" not in msg.text:
            rec.errors.append(msg.text)
        if "Content Security Policy" in msg.text:
            rec.csp.append(msg.text)

    def on_page(p):
        p.on("console", console)
        p.on("worker", lambda w: w.on("console", console))
        p.on("pageerror", lambda err: rec.errors.append(str(err)))

    context.on("page", on_page)
    context.on("request", lambda r: None if r.url.startswith((host.origin, "data:", "blob:")) else rec.foreign.append(r.url))
    context.rec = rec
    return context


def wait_ready(page, timeout: int = BOOT_MS) -> None:
    page.wait_for_selector(f'{CALC_FORM}[data-state="ready"]', timeout=timeout)


def cache_index(page) -> dict[str, list[str]]:
    """The service worker caches of the page's origin: name -> site paths."""
    return page.evaluate("""async () => {
      const out = {};
      for (const name of await caches.keys()) {
        const keys = await (await caches.open(name)).keys();
        out[name] = keys.map((r) => new URL(r.url).pathname.slice(1) + new URL(r.url).search);
      }
      return out;
    }""")


def workers_state(page) -> dict:
    """The page's service worker registration: which script is active,
    waiting or installing, and which controls the page (for a failure's message)."""
    return page.evaluate("""async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const of = (w) => w && `${w.scriptURL} ${w.state}`;
      return { active: reg && of(reg.active), waiting: reg && of(reg.waiting),
               installing: reg && of(reg.installing), controller: of(navigator.serviceWorker.controller) };
    }""")


def manifest(site: Path) -> dict:
    import json
    import re

    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const MANIFEST = (.*); // MANIFEST$", text, re.MULTILINE).group(1))
