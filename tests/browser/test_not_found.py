"""The 404 page as GitHub Pages serves it: the site at its own path (the
path of its address, guidebuild/publish/address.py), and 404.html with status
404 at whatever unknown address was asked for, however deep. In Chromium,
under the page's own CSP: Japanese, styled, and its ways out work."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from guidebuild.publish.address import site_address
from guidebuild.publish.csp import meta_policy

ROOT = Path(__file__).resolve().parents[2]


class _PagesHandler(SimpleHTTPRequestHandler):
    """Serves the site under ``mount`` and 404.html for anything it lacks."""

    mount = "/"
    extensions_map = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml",
                      ".wasm": "application/wasm", "": "application/octet-stream"}

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "__not_under_the_site_path__")
        return super().translate_path("/" + path[len(self.mount):])

    def send_head(self):
        file = Path(self.translate_path(self.path))
        if file.is_file() or (file.is_dir() and (file / "index.html").is_file()):
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", meta_policy(body.decode("utf-8")))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass


@contextmanager
def pages_host(site: Path, mount: str):
    handler = type("Handler", (_PagesHandler,), {"mount": mount})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def host(built_site):
    mount = urlsplit(site_address(os.environ, ROOT).url).path  # the build ran with this environment
    with pages_host(built_site, mount) as origin:
        yield origin, mount


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.problems = []
    # The document's own 404 is logged too; subresources are checked by their responses.
    tab.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
           and tab.problems.append(m.text))
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
           and tab.problems.append(f"{r.status} {r.url}"))
    try:
        yield tab
    finally:
        context.close()


@pytest.mark.parametrize("unknown", ["no-such-page", "change/items/old/", "a/b/c/d/e.html"])
def test_an_unknown_address_gets_the_japanese_404_page_with_ways_out(tab, host, unknown):
    origin, mount = host
    response = tab.goto(origin + mount + unknown)
    assert response.status == 404
    assert tab.locator("article h1").inner_text() == "ページが見つかりません"
    # The theme's stylesheet and scripts came from the site's root, not from the unknown path.
    assert tab.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert not tab.problems, tab.problems

    tab.get_by_role("link", name="はじめに（ホームページ）へ移動する").click()
    tab.wait_for_url(origin + mount)
    assert tab.locator("article h1").first.inner_text().removesuffix("¶") == "はじめに"

    tab.go_back()
    tab.wait_for_url(origin + mount + unknown)
    tab.locator("label.kmc-404-search").click()
    tab.wait_for_function("() => document.getElementById('__search').checked")
    search = tab.locator("input[data-kmc-search-input]")
    search.wait_for(state="visible")
    search.fill("解約")
    first = tab.locator("[data-kmc-search-results] a").first
    first.wait_for(state="visible")
    with tab.expect_navigation() as found:
        first.click()
    assert found.value.status == 200 and tab.url.startswith(origin + mount)
    assert tab.locator("article h1").first.inner_text() != "ページが見つかりません"
    assert not tab.problems, tab.problems
