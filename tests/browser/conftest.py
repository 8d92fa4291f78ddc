"""Browser test harness: build the site once, serve it like GitHub Pages,
drive the system Chromium with Playwright (no pytest-playwright).

Fixtures
--------
built_site     (session) Path of the ``mkdocs build --strict`` output of the
               real rules: the session's shared build (tests/conftest.py).
site_server    (session) tests/static_host.py's Host (``.base_url``
               "http://127.0.0.1:PORT/", ``.origin``, ``.site_dir``) serving
               the build as GitHub Pages does (no ``_headers``, max-age=600,
               gzip, 404.html), with the calculator's engine on CPython
               (tests/browser/cpython_engine.py) in place of Pyodide.
pyodide_server (session) the same build on the same kind of host, with the
               site's own worker: the calculator boots real Pyodide.
base_url       (session) shortcut for ``site_server.base_url``.
browser        (session: one per pytest-xdist worker) Playwright Browser on
               the Chromium or Chrome that guidebuild.tools.browser.find_browser()
               picks ($KMC_CHROMIUM, else chromium, google-chrome, ... on
               PATH); FAILS (no skip) when there is none.
open_page      (session) ``open_page(pyodide=False, clock=True, **context_options)``:
               a recorded page (see ``page``) in a new context the caller
               closes; ``pyodide=True`` is the explicit opt-in for a real
               Pyodide boot (on ``pyodide_server``).
page           (function) a fresh context+page (1280x800, ja-JP) whose
               ``page.rec`` (a Recorder) collects console errors, page errors,
               CSP violations and every request URL. Requests that leave the
               origin are recorded and aborted. A test marked
               ``@pytest.mark.pyodide`` gets it on ``pyodide_server``.
               ``page.rec.assert_clean()`` checks all of it.
today          (session) the tests' today (datetime.date): ``KMC_TODAY``,
               which tests/conftest.py fixes for the whole run. Every context
               starts its clock at noon of that day in Japan (Playwright
               ``clock.install``), so the page's prefilled today and the engine
               agree; ``clock=False`` leaves the real clock (the fake one
               replaces ``performance`` and ``requestAnimationFrame``, which
               the layout and boot tests measure).
screenshot     (function) ``screenshot(page, "name")`` -> Path of
               test-results/name.png (gitignored), only when KMC_SCREENSHOTS=1;
               otherwise None and nothing is drawn.
csp_module     (session) guidebuild.publish.csp, the policy the build applies
               (build_policy, inline_script_hashes, meta_policy, ...).
serve_site     (session) ``with serve_site(dir, mode="pages", pyodide=False)``
               serves another build; ``mode="headers"``: a host that applies
               ``_headers`` (and sends each page's CSP as a header).
open_page_on   (session) ``open_page_on(server, **options)``: a page on another server.

Pages run under the real CSP (no bypass_csp), so Playwright calls that eval a
string IN the page are blocked ('unsafe-eval'): write
``page.wait_for_function("() => cond")`` (arrow form), not ``"cond"``.
``page.evaluate`` and locator waits are not affected.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import static_host
from cpython_engine import route as cpython_engine
from guidebuild.today import today as current_day

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
RESULTS_DIR = ROOT / "test-results"
SCREENSHOTS_ENV = "KMC_SCREENSHOTS"
# Kept for the tests that read them from here.
MIME_TYPES = static_host.MIME_TYPES
parse_headers_file = static_host.parse_headers_file
headers_for = static_host.headers_for


def pytest_configure(config):
    config.addinivalue_line("markers", "pyodide: the test's `page` boots real Pyodide (pyodide_server), "
                                       "not the CPython engine of the page tests")


def _load_csp_module():
    return importlib.import_module("guidebuild.publish.csp")


@pytest.fixture(scope="session")
def csp_module():
    return _load_csp_module()


@pytest.fixture(scope="session")
def built_site(builds) -> Path:
    return builds.main.site


@pytest.fixture(scope="session")
def today() -> dt.date:
    return current_day()


# --- server -----------------------------------------------------------------

def serve(site_dir: Path, csp_module=None, *, mode: str = "pages", pyodide: bool = False):
    """Serve a built site (see tests/static_host.py) until the block ends;
    with the calculator's engine on CPython unless ``pyodide``."""
    return static_host.serve(site_dir, mode, extra=None if pyodide else cpython_engine(Path(site_dir)))


class _Hosts:
    """The real build's two hosts: CPython engine (started at once) and real
    Pyodide (started when a test first opts in)."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self._stack = ExitStack()
        self.cpython = self._stack.enter_context(serve(site_dir))
        self._pyodide = None

    def pyodide(self):
        if self._pyodide is None:
            self._pyodide = self._stack.enter_context(serve(self.site_dir, pyodide=True))
        return self._pyodide

    def close(self):
        self._stack.close()


@pytest.fixture(scope="session")
def _hosts(built_site):
    hosts = _Hosts(built_site)
    yield hosts
    hosts.close()


@pytest.fixture(scope="session")
def site_server(_hosts):
    return _hosts.cpython


@pytest.fixture(scope="session")
def pyodide_server(_hosts):
    return _hosts.pyodide()


@pytest.fixture(scope="session")
def base_url(site_server) -> str:
    return site_server.base_url


# --- browser ----------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from guidebuild.tools.browser import BrowserNotFound, find_browser
    from playwright.sync_api import sync_playwright

    try:
        found = find_browser()
    except BrowserNotFound as exc:
        pytest.fail(f"{exc}\n(make test runs the set-up, which installs Debian's chromium on Debian)",
                    pytrace=False)
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=found.path, args=CHROMIUM_ARGS, headless=True)
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()


_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__kmcReportCsp && window.__kmcReportCsp(
    `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@dataclass
class Recorder:
    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        local = ("data:", "blob:", "about:")
        return [u for u in self.requests
                if not u.startswith(local) and not _same_origin(u, self.origin)]

    def assert_clean(self):
        problems = {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "CSP violations": self.csp_violations,
            "requests to another origin": self.foreign_requests(),
        }
        bad = {k: v for k, v in problems.items() if v}
        assert not bad, "page not clean:\n" + "\n".join(
            f"  {k}:\n" + "\n".join(f"    {x}" for x in v) for k, v in bad.items())


def _same_origin(url: str, origin: str) -> bool:
    u = urlsplit(url)
    return f"{u.scheme}://{u.netloc}" == origin


def noon_in_japan(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.timezone(dt.timedelta(hours=9)))


def _open_page(browser, site_server, clock: bool = True, **options):
    rec = Recorder(site_server.origin)
    # No service worker unless a test asks for one (service_workers="allow"):
    # registered, it would copy the calculator's runtime (megabytes) into its
    # cache on every page a test opens, a CPU-second each, for what only the
    # offline and warm-up tests look at (test_offline.py has its own contexts).
    # The pages it serves are network-first, so a page behaves alike without it.
    options = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP",
               "timezone_id": "Asia/Tokyo", "base_url": site_server.base_url, "service_workers": "block", **options}
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    if clock:
        # The run's today (KMC_TODAY), from noon in Japan, flowing normally.
        context.clock.install(time=noon_in_japan(current_day()))
    context.expose_binding("__kmcReportCsp", lambda source, msg: rec.csp_violations.append(msg))
    context.add_init_script(_CSP_LISTENER)
    # Nothing may leave the origin: record and abort instead of waiting on DNS.
    context.route(lambda url: not url.startswith(site_server.origin), lambda route: route.abort())
    p = context.new_page()

    def on_console(msg):
        text = msg.text
        if "Content Security Policy" in text:
            rec.csp_violations.append(text)
        if msg.type == "error":
            loc = msg.location or {}
            rec.console_errors.append(f"{text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    p.on("console", on_console)
    p.on("worker", lambda w: w.on("console", on_console))
    p.on("pageerror", lambda err: rec.page_errors.append(str(err)))
    p.on("request", lambda req: rec.requests.append(req.url))
    p.rec = rec
    return p


@pytest.fixture
def page(request, browser, _hosts):
    server = _hosts.pyodide() if request.node.get_closest_marker("pyodide") else _hosts.cpython
    p = _open_page(browser, server)
    try:
        yield p
    finally:
        p.context.close()


@pytest.fixture(scope="session")
def open_page(browser, _hosts):
    """``open_page(pyodide=False, clock=True, **context_options)`` -> a
    recorded page like ``page`` in a new context, for tests that need a longer
    scope or other context options (``bypass_csp``, ``java_script_enabled``,
    ``viewport`` ...). The caller closes it with ``p.context.close()``."""
    def open_(pyodide: bool = False, **options):
        return _open_page(browser, _hosts.pyodide() if pyodide else _hosts.cpython, **options)

    return open_


def screenshots_wanted() -> bool:
    return os.environ.get(SCREENSHOTS_ENV, "") == "1"


@pytest.fixture
def screenshot():
    """``screenshot(page_or_locator, name, full_page=True)`` -> Path in
    test-results/ when KMC_SCREENSHOTS=1 (for a person to look at: no test
    compares them), else None without drawing anything."""
    def take(pg, name: str, full_page: bool = True) -> Path | None:
        if not screenshots_wanted():
            return None
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{name}.png"
        if hasattr(pg, "context"):
            pg.screenshot(path=str(path), full_page=full_page)
        else:  # a Locator
            pg.screenshot(path=str(path))
        return path

    return take


@pytest.fixture(scope="session")
def serve_site():
    """``with serve_site(dir, mode="pages", pyodide=False) as server:`` serves
    another build like site_server (``mode="headers"``: a host that applies ``_headers``)."""
    return lambda site_dir, mode="pages", pyodide=False: serve(site_dir, mode=mode, pyodide=pyodide)


@pytest.fixture(scope="session")
def open_page_on(browser):
    """``open_page_on(server, clock=True, **context_options)``: a recorded page on another server."""
    return partial(_open_page, browser)
