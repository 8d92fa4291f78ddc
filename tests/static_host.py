"""A static host for a built site, behaving like the one we deploy to.

``serve(site_dir)`` serves a directory as GitHub Pages does (mode ``"pages"``,
the default):

* ``_headers`` is an ordinary file: none of its rules are applied;
* every response carries ``Cache-Control: max-age=600``;
* text, HTML, CSS, JavaScript, JSON, SVG and wasm are sent gzipped to a
  client that accepts gzip (``Content-Encoding: gzip``, ``Vary:
  Accept-Encoding``); other types (the snapshot's ``.gz``, zips, fonts) as they are;
* a missing path gets the site's ``404.html`` with status 404;
* ``/dir`` redirects to ``/dir/``, and ``/dir/`` serves ``/dir/index.html``.

Mode ``"headers"`` is a host that applies ``_headers`` (Netlify, Cloudflare
Pages): its rules, in order, plus the page's own CSP from its ``<meta>`` as a
real header with ``frame-ancestors 'none'``, which a ``<meta>`` cannot carry;
no blanket max-age.

``extra`` (optional) is ``(handler, method, path) -> bool``: a test-only
route tried before the files (tests/browser/cpython_engine.py answers the
calculator's requests through it); it returns True when it answered.

Used by the browser tests (tests/browser/conftest.py) and importable by the
benchmarks: ``with serve(site) as host: host.base_url``.
"""

from __future__ import annotations

import fnmatch
import gzip
import importlib
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

MODES = ("pages", "headers")
PAGES_MAX_AGE = 600
HEADERS_FILE = "_headers"

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
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
    ".tar": "application/x-tar",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".ico": "image/x-icon",
    "": "application/octet-stream",
}
# What GitHub Pages compresses on the fly.
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml",
              "application/wasm", "image/svg+xml")


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


class _GzipCache:
    """Compressed bodies by (path, mtime, size): each file is compressed once
    per run, as a CDN would keep it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._bodies: dict[tuple, bytes] = {}

    def get(self, file: Path) -> bytes:
        stat = file.stat()
        key = (str(file), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            body = self._bodies.get(key)
        if body is None:
            body = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
            with self._lock:
                self._bodies[key] = body
        return body


class StaticHandler(SimpleHTTPRequestHandler):
    extensions_map = MIME_TYPES
    protocol_version = "HTTP/1.1"
    mode = "pages"
    rules: list = []
    csp = None  # guidebuild.csp, for the page policy in "headers" mode
    extra: Callable | None = None
    gzip_cache: _GzipCache

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def do_POST(self):
        if not (self.extra and self.extra(self, "POST", urlsplit(self.path).path)):
            self.send_error(405)

    def _serve(self, head: bool):
        url_path = unquote(urlsplit(self.path).path)
        if self.extra and self.extra(self, "HEAD" if head else "GET", url_path):
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not url_path.endswith("/"):
                self._redirect(url_path + "/")
                return
            file = file / "index.html"
        if not file.is_file():
            self._send_file(self._not_found_page(), url_path, status=404, head=head)
            return
        self._send_file(file, url_path, status=200, head=head)

    def _not_found_page(self) -> Path | None:
        page = Path(self.directory) / "404.html"
        return page if page.is_file() else None

    def _redirect(self, location: str):
        query = urlsplit(self.path).query
        self.send_response(301)
        self.send_header("Location", location + (f"?{query}" if query else ""))
        self.send_header("Content-Length", "0")
        self._common_headers(location, None)
        self.end_headers()

    def _send_file(self, file: Path | None, url_path: str, status: int, head: bool):
        if file is None:
            body, ctype = b"Not Found", "text/plain; charset=utf-8"
        else:
            ctype = self.guess_type(str(file))
            body = None
        encoding = None
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if file is not None and accepts and ctype.startswith(COMPRESSED):
            body, encoding = self.gzip_cache.get(file), "gzip"
        elif file is not None:
            body = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if ctype.startswith(COMPRESSED):
            self.send_header("Vary", "Accept-Encoding")
        if file is not None and status == 200:
            self.send_header("Last-Modified", self.date_time_string(int(file.stat().st_mtime)))
        self._common_headers(url_path, file if ctype.startswith("text/html") else None)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _common_headers(self, url_path: str, html_file: Path | None):
        if self.mode == "pages":
            self.send_header("Cache-Control", f"max-age={PAGES_MAX_AGE}")
            return
        headers = headers_for(self.rules, url_path)
        if html_file is not None and self.csp is not None:
            policy = self.csp.meta_policy(html_file.read_text(encoding="utf-8"))
            if policy:
                headers["Content-Security-Policy"] = policy + "; frame-ancestors 'none'"
        for name, value in headers.items():
            self.send_header(name, value)

    def log_message(self, format, *args):  # keep test output quiet
        pass


@dataclass
class Host:
    site_dir: Path
    base_url: str
    origin: str
    mode: str
    httpd: ThreadingHTTPServer = field(repr=False)


@contextmanager
def serve(site_dir: Path, mode: str = "pages", extra: Callable | None = None):
    """Serve ``site_dir`` on a free loopback port until the block ends."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: use one of {', '.join(MODES)}")
    site_dir = Path(site_dir)
    rules: list = []
    csp = None
    if mode == "headers":
        headers_path = site_dir / HEADERS_FILE
        rules = parse_headers_file(headers_path.read_text(encoding="utf-8")) if headers_path.exists() else []
        csp = importlib.import_module("guidebuild.publish.csp")
    handler = type("Handler", (StaticHandler,), {
        "mode": mode, "rules": rules, "csp": csp, "extra": staticmethod(extra) if extra else None,
        "gzip_cache": _GzipCache()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=os.fspath(site_dir)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"static-host-{mode}", daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield Host(site_dir, origin + "/", origin, mode, httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
