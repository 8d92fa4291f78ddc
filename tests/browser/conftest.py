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
               picks ($KMC_CHROMIUM, else chromium-headless-shell, chromium,
               google-chrome, ... on PATH); FAILS (no skip) when there is none.
open_page      (session) ``open_page(pyodide=False, clock=True, fixed_time=None,
               fresh=False, **context_options)``: a recorded page (see ``page``)
               the caller ends with ``page.release()``; ``pyodide=True`` is the
               explicit opt-in for a real Pyodide boot (on ``pyodide_server``).
               Pages open in contexts kept from earlier tests with the same
               options (``Contexts``); ``fresh=True`` for a test that changes
               its context (clock's day, routes, service worker).
page           (function) a page (1280x800, ja-JP) whose
               ``page.rec`` (a Recorder) collects console errors, page errors,
               CSP violations and every request URL. Requests to another
               host are recorded and fail at once (CHROMIUM_ARGS). A test marked
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
    # Nothing may leave the test hosts: any other host fails at once, no DNS
    # wait (each page's Recorder still records the request). A route would do
    # it too, but a routed context has no HTTP cache.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
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


# What a test may do to its page that the next test must not inherit: a page
# that did any of it is closed after the test instead of kept.
_TAINTING = ("route", "route_from_har", "route_web_socket", "add_init_script", "expose_function",
             "expose_binding", "emulate_media", "set_extra_http_headers", "on", "once",
             "add_locator_handler", "set_default_timeout", "set_default_navigation_timeout")


class Contexts:
    """The browser contexts and pages of one pytest worker, kept for the
    next test with the same options. Opening and closing a page costs the
    browser more than loading the page again: the calculator page with a
    result costs about 0.9 CPU-s in a new page of a kept context, 0.35 in a
    kept page, and a fresh context adds its empty HTTP cache and compiled
    scripts. The page tests open hundreds.

    ``page.release()`` ends a test's page: it clears the origin's storage,
    closes any other page the test opened, takes the page to about:blank and
    keeps it, unless the test routed it, added an init script, a listener or
    an emulation to it (``_TAINTING``: then the page is closed, the context
    kept). The next test gets the page at about:blank with its own Recorder
    and the context's viewport.

    A kept context shares its HTTP cache, permissions and clock with the
    tests that come after: a test that changes the clock's day, pauses it,
    routes the context or lets a service worker in asks for ``fresh=True``
    (real Pyodide pages are always fresh: their boots are the subject), and
    its ``release()`` closes the context."""

    def __init__(self, browser):
        self.browser = browser
        self.idle: dict[tuple, list] = {}
        self.kept_pages: dict = {}
        self.recorders: dict = {}
        self.contexts: list = []

    def open(self, server, clock: bool = True, fixed_time: dt.datetime | None = None, fresh: bool = False,
             **options):
        # No service worker unless a test asks for one (service_workers="allow"):
        # registered, it would copy the calculator's runtime (megabytes) into its
        # cache on every page a test opens, a CPU-second each, for what only the
        # offline and warm-up tests look at (test_offline.py has its own contexts).
        # The pages it serves are network-first, so a page behaves alike without it.
        options = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP",
                   "timezone_id": "Asia/Tokyo", "base_url": server.base_url, "service_workers": "block", **options}
        fresh = fresh or options["service_workers"] != "block"
        key = (server.origin, clock, fixed_time, repr(sorted(options.items())))
        idle = [] if fresh else self.idle.setdefault(key, [])
        context = idle.pop() if idle else self._new_context(clock, fixed_time, options)
        p = self.kept_pages.pop(context, None)
        if p is None:
            p = self._new_page(context)
        elif options["viewport"] and p.viewport_size != options["viewport"]:
            p.set_viewport_size(options["viewport"])
        p.rec = self.recorders[p] = Recorder(server.origin)
        p.release = partial(self._close, context) if fresh else partial(self._keep, p, context, idle)
        return p

    def _new_context(self, clock, fixed_time, options):
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        context.set_default_timeout(15_000)
        if clock:
            # The run's today (KMC_TODAY), from noon in Japan, flowing normally.
            context.clock.install(time=noon_in_japan(current_day()))
            if fixed_time is not None:
                context.clock.set_fixed_time(fixed_time)
        context.expose_binding("__kmcReportCsp", lambda source, msg: self.recorders[source["page"]]
                               .csp_violations.append(msg))
        context.add_init_script(_CSP_LISTENER)
        return context

    def _new_page(self, context):
        p = context.new_page()

        def on_console(msg):
            rec = self.recorders[p]
            text = msg.text
            if "Content Security Policy" in text:
                rec.csp_violations.append(text)
            if msg.type == "error":
                loc = msg.location or {}
                rec.console_errors.append(f"{text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

        p.on("console", on_console)
        p.on("worker", lambda w: w.on("console", on_console))
        p.on("pageerror", lambda err: self.recorders[p].page_errors.append(str(err)))
        p.on("request", lambda req: self.recorders[p].requests.append(req.url))
        p.tainted = False
        for name in _TAINTING:
            setattr(p, name, self._tainting(p, getattr(p, name)))
        return p

    @staticmethod
    def _tainting(p, method):
        def call(*args, **kwargs):
            p.tainted = True
            return method(*args, **kwargs)
        return call

    def _close(self, context):
        self.contexts.remove(context)
        context.close()

    def _keep(self, p, context, idle):
        try:
            for other in context.pages:
                if other != p:
                    other.close()
            if p.is_closed() or p.tainted:
                if not p.is_closed():
                    p.close()
            else:
                if p.url.startswith(("http:", "https:")):
                    p.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
                p.goto("about:blank")
                # No element of the next test's page starts under the pointer.
                p.mouse.move(-1, -1)
                self.kept_pages[context] = p
        except Exception:  # a page that crashed or hangs: its context goes
            self._close(context)
            return
        idle.append(context)

    def close(self):
        for context in self.contexts:
            context.close()


def noon_in_japan(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture(scope="session")
def _contexts(browser):
    contexts = Contexts(browser)
    yield contexts
    contexts.close()


@pytest.fixture
def page(request, _contexts, _hosts):
    pyodide = bool(request.node.get_closest_marker("pyodide"))
    p = _contexts.open(_hosts.pyodide() if pyodide else _hosts.cpython, fresh=pyodide)
    try:
        yield p
    finally:
        p.release()


@pytest.fixture(scope="session")
def open_page(_contexts, _hosts):
    """``open_page(pyodide=False, clock=True, fixed_time=None, fresh=False, **context_options)``
    -> a recorded page like ``page``, for tests that need a longer scope or
    other context options (``bypass_csp``, ``java_script_enabled``,
    ``viewport`` ...); ``fixed_time`` is set on the clock of the context when
    it is made. The caller ends with ``p.release()``."""
    def open_(pyodide: bool = False, **options):
        if pyodide:
            options["fresh"] = True
        return _contexts.open(_hosts.pyodide() if pyodide else _hosts.cpython, **options)

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
def open_page_on(_contexts):
    """``open_page_on(server, clock=True, **context_options)``: a recorded page on another server."""
    return _contexts.open
