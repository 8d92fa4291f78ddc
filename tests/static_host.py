"""The one static host for a built site, behaving like the one we deploy to;
used by the browser tests (tests/browser/conftest.py, ghpages.py) and the
benchmarks (benchmarks/calculator.py).

``serve(site_dir)`` serves a directory as GitHub Pages does (mode ``"pages"``,
the default):

* ``_headers`` is an ordinary file: none of its rules are applied;
* every response carries ``Cache-Control: max-age=600``, an ``ETag`` and
  ``Last-Modified``; a matching ``If-None-Match`` gets ``304``;
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

``link`` (optional, settable on the host while it serves) is a ``Link``: a
slow network between this host and every client. Each response waits one
round trip before its first byte, and all bodies share one downlink of the
given rate, so a page, its workers and its service worker are slowed alike
(CDP's network emulation reaches the page and its dedicated workers but not
the service worker's own fetches).

The ``Host`` records each response in ``sent`` as (path, status, body bytes
on the wire), and in ``times`` when it was asked for and finished
(``time.monotonic()``); ``site_dir`` may be swapped while serving (a new deploy).

    with serve(site) as host:
        host.base_url  # "http://127.0.0.1:PORT/"
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
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


class _Bodies:
    """Each file's bytes and ETag, and its gzipped body, by (path, mtime,
    size): each file is read and compressed once per run, as a CDN would
    keep it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._files: dict[tuple, tuple[bytes, str]] = {}
        self._gzipped: dict[tuple, bytes] = {}

    @staticmethod
    def _key(file: Path) -> tuple:
        stat = file.stat()
        return (str(file), stat.st_mtime_ns, stat.st_size)

    def read(self, file: Path) -> tuple[bytes, str]:
        key = self._key(file)
        with self._lock:
            hit = self._files.get(key)
        if hit is None:
            data = file.read_bytes()
            hit = (data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
            with self._lock:
                self._files[key] = hit
        return hit

    def gzipped(self, file: Path) -> bytes:
        key = self._key(file)
        with self._lock:
            body = self._gzipped.get(key)
        if body is None:
            body = gzip.compress(self.read(file)[0], compresslevel=6, mtime=0)
            with self._lock:
                self._gzipped[key] = body
        return body


class Link:
    """A slow network: ``down_bps`` bits per second shared by every response
    body, ``rtt_ms`` before each response's first byte (the request's round
    trip). Bodies go out in small chunks that take turns on the one downlink,
    so parallel downloads divide the rate between them as on a real line."""

    CHUNK = 8192

    def __init__(self, down_bps: float, rtt_ms: float):
        self.rate = down_bps / 8  # bytes per second
        self.rtt = rtt_ms / 1000
        self._lock = threading.Lock()
        self._free_at = 0.0  # when the downlink has sent what it was given

    def __repr__(self) -> str:
        return f"Link({self.rate * 8:.0f} bit/s, {self.rtt * 1000:.0f} ms)"

    def round_trip(self) -> None:
        time.sleep(self.rtt)

    def send(self, write: Callable[[bytes], object], data: bytes) -> None:
        view = memoryview(data)
        for at in range(0, len(data), self.CHUNK):
            chunk = view[at:at + self.CHUNK]
            with self._lock:
                self._free_at = max(time.monotonic(), self._free_at) + len(chunk) / self.rate
                due = self._free_at
            time.sleep(max(0.0, due - time.monotonic()))
            write(chunk)


class StaticHandler(SimpleHTTPRequestHandler):
    extensions_map = MIME_TYPES
    protocol_version = "HTTP/1.1"
    host: Host
    rules: list = []
    csp = None  # guidebuild.csp, for the page policy in "headers" mode
    extra: Callable | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=os.fspath(self.host.site_dir), **kwargs)

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def do_POST(self):
        if not (self.extra and self.extra(self, "POST", urlsplit(self.path).path)):
            self.send_error(405)

    def _serve(self, head: bool):
        # Per request, not per connection: a kept-alive connection sees a
        # swapped site (a new deploy) at once.
        self.directory = os.fspath(self.host.site_dir)
        url_path = unquote(urlsplit(self.path).path)
        self.started = time.monotonic()
        if self.extra and self.extra(self, "HEAD" if head else "GET", url_path):
            return
        link = self.host.link
        if link is not None:
            link.round_trip()
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
        self.host.record(location, 301, 0, self.started)

    def _send_file(self, file: Path | None, url_path: str, status: int, head: bool):
        with self.host.lock:
            self.host.inflight += 1
        try:
            self._write_file(file, url_path, status, head)
        finally:
            with self.host.lock:
                self.host.inflight -= 1

    def _write_file(self, file: Path | None, url_path: str, status: int, head: bool):
        etag = None
        if file is None:
            body, ctype = b"Not Found", "text/plain; charset=utf-8"
        else:
            ctype = self.guess_type(str(file))
            body, etag = self.host.bodies.read(file)
        compressible = ctype.startswith(COMPRESSED)
        if status == 200 and etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        encoding = None
        if file is not None and status != 304 and compressible and "gzip" in self.headers.get("Accept-Encoding", ""):
            body, encoding = self.host.bodies.gzipped(file), "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if file is not None and status in (200, 304):
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", self.date_time_string(int(file.stat().st_mtime)))
        self._common_headers(url_path, file if ctype.startswith("text/html") else None)
        self.end_headers()
        sent = 0 if head else len(body)
        if sent:
            link = self.host.link
            if link is None:
                self.wfile.write(body)
            else:
                link.send(self.wfile.write, body)
        self.host.record(url_path, status, sent, self.started)

    def _common_headers(self, url_path: str, html_file: Path | None):
        if self.host.mode == "pages":
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


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that drops a download it no longer needs (a page closed,
        # a fetch aborted) is no error of the host's; anything else is.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@dataclass(eq=False)
class Host:
    site_dir: Path
    base_url: str
    origin: str
    mode: str
    httpd: _Server | None = field(default=None, repr=False)
    link: Link | None = None
    sent: list[tuple[str, int, int]] = field(default_factory=list, repr=False)
    # (started, finished) of each entry of ``sent``, time.monotonic() seconds
    times: list[tuple[float, float]] = field(default_factory=list, repr=False)
    inflight: int = 0  # responses being written
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    bodies: _Bodies = field(default_factory=_Bodies, repr=False)

    @property
    def root(self) -> Path:
        return self.site_dir

    @root.setter
    def root(self, site_dir: Path) -> None:
        self.site_dir = Path(site_dir)

    def record(self, path: str, status: int, size: int, started: float | None = None) -> None:
        finished = time.monotonic()
        started = finished if started is None else started
        with self.lock:
            # In the order the responses started: a client may read a body and
            # send its next request before this thread gets here.
            at = len(self.times)
            while at and self.times[at - 1][0] > started:
                at -= 1
            self.sent.insert(at, (path, status, size))
            self.times.insert(at, (started, finished))

    def settle(self, timeout: float = 30.0) -> int:
        """Wait until no response is being written; the count of ``sent``."""
        end = time.monotonic() + timeout
        while self.inflight and time.monotonic() < end:
            time.sleep(0.02)
        with self.lock:
            return len(self.sent)

    def bytes_sent(self, since: int = 0) -> int:
        with self.lock:
            return sum(n for _, _, n in self.sent[since:])


@contextmanager
def serve(site_dir: Path, mode: str = "pages", extra: Callable | None = None, link: Link | None = None):
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
    host = Host(site_dir, "", "", mode, link=link)
    handler = type("Handler", (StaticHandler,), {
        "host": host, "rules": rules, "csp": csp, "extra": staticmethod(extra) if extra else None})
    httpd = _Server(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    host.httpd = httpd
    host.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    host.base_url = host.origin + "/"
    thread = threading.Thread(target=httpd.serve_forever, name=f"static-host-{mode}", daemon=True)
    thread.start()
    try:
        yield host
    finally:
        httpd.shutdown()
        httpd.server_close()
