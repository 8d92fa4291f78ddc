"""Browser test harness: build the site once, serve it like production, drive
the system Chromium with Playwright (no pytest-playwright).

Fixtures
--------
built_site   (session) Path of the ``mkdocs build --strict`` output of the
             real rules: the session's shared build (tests/conftest.py).
site_server  (session) SiteServer: ``.base_url`` ("http://127.0.0.1:PORT/"),
             ``.site_dir``; a threaded stdlib server that sends the page's
             own CSP (from its <meta>, plus frame-ancestors) as a real
             header, the rules of the build's ``_headers`` file, and correct
             MIME types (.mjs, .wasm, .json, .whl, .html with charset).
base_url     (session) shortcut for ``site_server.base_url``.
browser      (session) Playwright Browser on the Chromium or Chrome that
             guidebuild.browser.find_browser() picks ($KMC_CHROMIUM, else
             chromium, google-chrome, ... on PATH); FAILS (no skip) when
             there is none.
open_page    (session) ``open_page(**context_options)``: the same recorded
             page as ``page``, in a context the caller closes.
page         (function) a fresh context+page (1280x800, ja-JP) whose
             ``page.rec`` (a Recorder) collects console errors, page errors,
             CSP violations and every request URL. Requests that leave the
             origin are recorded and aborted.
             ``page.rec.assert_clean()`` checks all of it.
screenshot   (function) ``screenshot(page, "name")`` -> Path of
             test-results/name.png (gitignored).
csp_module   (session) guidebuild.publish.csp, the policy the build applies
             (build_policy, inline_script_hashes, meta_policy, ...).

Pages run under the real CSP (no bypass_csp), so Playwright calls that eval a
string IN the page are blocked ('unsafe-eval'): write
``page.wait_for_function("() => cond")`` (arrow form), not ``"cond"``.
``page.evaluate`` and locator waits are not affected.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

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

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".tar": "application/x-tar",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    "": "application/octet-stream",
}


def _load_csp_module():
    return importlib.import_module("guidebuild.publish.csp")


@pytest.fixture(scope="session")
def csp_module():
    return _load_csp_module()


@pytest.fixture(scope="session")
def built_site(builds) -> Path:
    return builds.main.site


# --- server -----------------------------------------------------------------

def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a Netlify / Cloudflare Pages ``_headers`` file, in order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern):
            for name, value in headers:
                out[name] = value  # later, more specific rules win
    return out


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = MIME_TYPES
    rules: list = []
    csp = None

    def send_header(self, keyword, value):
        if keyword.lower() == "content-type":
            self._ctype = value
        super().send_header(keyword, value)

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        headers = headers_for(self.rules, path)
        if getattr(self, "_ctype", "").startswith("text/html"):
            page_policy = self._page_policy(path)
            if page_policy:
                headers["Content-Security-Policy"] = page_policy + "; frame-ancestors 'none'"
        for name, value in headers.items():
            super().send_header(name, value)
        super().end_headers()

    def _page_policy(self, path: str) -> str | None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return None
        return self.csp.meta_policy(file.read_text(encoding="utf-8"))

    def log_message(self, format, *args):  # keep pytest output quiet
        pass


@dataclass
class SiteServer:
    site_dir: Path
    base_url: str
    origin: str
    httpd: ThreadingHTTPServer = field(repr=False)


@contextmanager
def serve(site_dir: Path, csp_module):
    """Serve a built site like production until the block ends."""
    headers_path = site_dir / csp_module.HEADERS_FILE
    rules = parse_headers_file(headers_path.read_text(encoding="utf-8")) if headers_path.exists() else []
    handler = type("Handler", (_Handler,), {"rules": rules, "csp": csp_module})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield SiteServer(site_dir, origin + "/", origin, httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site, csp_module):
    with serve(built_site, csp_module) as server:
        yield server


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


def _open_page(browser, site_server, **options):
    rec = Recorder(site_server.origin)
    options = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP",
               "timezone_id": "Asia/Tokyo", "base_url": site_server.base_url, **options}
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
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
def page(browser, site_server):
    p = _open_page(browser, site_server)
    try:
        yield p
    finally:
        p.context.close()


@pytest.fixture(scope="session")
def open_page(browser, site_server):
    """``open_page(**context_options)`` -> a recorded page like ``page`` in a
    new context, for tests that need a longer scope or other context options
    (``bypass_csp``, ``java_script_enabled``, ``viewport`` ...). The caller
    closes it with ``p.context.close()``."""
    return partial(_open_page, browser, site_server)


@pytest.fixture
def screenshot():
    """``screenshot(page, name, full_page=True)`` -> Path in test-results/."""
    RESULTS_DIR.mkdir(exist_ok=True)

    def take(pg, name: str, full_page: bool = True) -> Path:
        path = RESULTS_DIR / f"{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture(scope="session")
def serve_site(csp_module):
    """``with serve_site(dir) as server:`` serves another build like site_server."""
    return lambda site_dir: serve(site_dir, csp_module)


@pytest.fixture(scope="session")
def open_page_on(browser):
    """``open_page_on(server, **context_options)``: a recorded page on another server."""
    return partial(_open_page, browser)
