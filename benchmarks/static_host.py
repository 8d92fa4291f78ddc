"""A static host that behaves like GitHub Pages, for the benchmark and the
delivery tests.

What GitHub Pages does with a built site, as far as a browser can tell:

* ``_headers`` is an ordinary file: no Content-Security-Policy header (the
  pages' own ``<meta>`` is the policy), no per-path Cache-Control;
* every response carries ``Cache-Control: max-age=600``, an ``ETag`` and
  ``Last-Modified``; a matching ``If-None-Match`` gets ``304``;
* text, JSON, JavaScript, SVG, XML and wasm are gzipped when the browser
  accepts it (``Vary: Accept-Encoding``); ``.zip``, ``.whl``, ``.gz`` and
  other binaries are sent as they are;
* ``/dir`` redirects to ``/dir/`` (301), ``/dir/`` serves ``dir/index.html``,
  a missing file gets the site's ``404.html`` with status 404.

``apply_headers=True`` also applies the site's ``_headers`` (a host such as
Netlify or Cloudflare Pages). ``root`` may be swapped while serving (a new
deploy). ``sent`` records each response: (path, status, bytes of body).

    with StaticHost(site) as host:
        host.base_url  # "http://127.0.0.1:PORT/"
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_AGE = 600
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".pf_meta": "application/octet-stream",
}
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/wasm",
              "image/svg+xml", "application/xml")


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


class _Handler(BaseHTTPRequestHandler):
    host: StaticHost
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        root = self.host.root
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root.resolve()):
            return self._missing(path, body)
        if target.is_dir():
            if not path.endswith("/"):
                query = urlsplit(self.path).query
                return self._send(301, path, b"", {"Location": path + "/" + (f"?{query}" if query else "")}, body)
            target = target / "index.html"
        if not target.is_file():
            return self._missing(path, body)
        self._file(path, target, 200, body)

    def _missing(self, path: str, body: bool) -> None:
        page = self.host.root / "404.html"
        if page.is_file():
            return self._file(path, page, 404, body)
        self._send(404, path, b"Not Found", {"Content-Type": "text/plain"}, body)

    def _file(self, path: str, file: Path, status: int, body: bool) -> None:
        data, etag, mtime = self.host.read(file)
        ctype = MIME_TYPES.get(file.suffix, "application/octet-stream")
        headers = {"Content-Type": ctype, "Cache-Control": f"max-age={MAX_AGE}", "ETag": etag,
                   "Last-Modified": formatdate(mtime, usegmt=True)}
        if self.host.apply_headers:
            headers.update(self.host.headers_for(path))
        if status == 200 and self.headers.get("If-None-Match") == etag:
            return self._send(304, path, b"", headers, body)
        if ctype.startswith(GZIP_TYPES):
            headers["Vary"] = "Accept-Encoding"
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                data = self.host.gzipped(file, data)
                headers["Content-Encoding"] = "gzip"
        self._send(status, path, data, headers, body)

    def _send(self, status: int, path: str, data: bytes, headers: dict, body: bool) -> None:
        with self.host.lock:
            self.host.inflight += 1
        try:
            self._write(status, path, data, headers, body)
        finally:
            with self.host.lock:
                self.host.inflight -= 1

    def _write(self, status: int, path: str, data: bytes, headers: dict, body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body and status not in (204, 304):
            self.wfile.write(data)
        with self.host.lock:
            self.host.sent.append((path, status, len(data) if body and status not in (204, 304) else 0))


class StaticHost:
    def __init__(self, root: Path, *, apply_headers: bool = False):
        self.root = Path(root)
        self.apply_headers = apply_headers
        self.sent: list[tuple[str, int, int]] = []
        self.inflight = 0  # responses being written
        self.lock = threading.Lock()
        self._files: dict[tuple[Path, int, int], tuple[bytes, str]] = {}
        self._gz: dict[tuple[Path, str], bytes] = {}
        handler = type("Handler", (_Handler,), {"host": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base_url = self.origin + "/"

    def read(self, file: Path) -> tuple[bytes, str, float]:
        st = file.stat()
        key = (file, st.st_mtime_ns, st.st_size)
        with self.lock:
            hit = self._files.get(key)
        if hit is None:
            data = file.read_bytes()
            hit = (data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
            with self.lock:
                self._files[key] = hit
        return hit[0], hit[1], st.st_mtime

    def gzipped(self, file: Path, data: bytes) -> bytes:
        key = (file, hashlib.sha256(data).hexdigest())
        with self.lock:
            hit = self._gz.get(key)
        if hit is None:
            hit = gzip.compress(data, compresslevel=6, mtime=0)
            with self.lock:
                self._gz[key] = hit
        return hit

    def headers_for(self, path: str) -> dict[str, str]:
        file = self.root / "_headers"
        rules = parse_headers_file(file.read_text(encoding="utf-8")) if file.is_file() else []
        out: dict[str, str] = {}
        for pattern, headers in rules:
            if fnmatch.fnmatchcase(path, pattern):
                out.update(headers)
        return out

    def settle(self, timeout: float = 30.0) -> int:
        """Wait until no response is being written; the count of ``sent``."""
        import time

        end = time.monotonic() + timeout
        while self.inflight and time.monotonic() < end:
            time.sleep(0.02)
        with self.lock:
            return len(self.sent)

    def bytes_sent(self, since: int = 0) -> int:
        with self.lock:
            return sum(n for _, _, n in self.sent[since:])

    def __enter__(self) -> StaticHost:
        threading.Thread(target=self.httpd.serve_forever, name="static-host", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
