"""tests/static_host.py behaves like GitHub Pages by default, and like a host
that applies ``_headers`` when asked."""

from __future__ import annotations

import gzip
import http.client
import os
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

import static_host


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"><p>ホーム</p>' * 20,
        encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><p>ページが見つかりません。</p>", encoding="utf-8")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("<!doctype html><p>案内</p>", encoding="utf-8")
    (tmp_path / "app.mjs").write_text("export const a = 1;\n" * 50, encoding="utf-8")
    (tmp_path / "rules.json").write_text('{"a": 1}' * 50, encoding="utf-8")
    (tmp_path / "runtime.wasm").write_bytes(b"\0asm" + bytes(2000))
    (tmp_path / "snapshot.bin.gz").write_bytes(gzip.compress(b"snapshot" * 100))
    (tmp_path / "_headers").write_text("/*\n  X-Content-Type-Options: nosniff\n"
                                       "/app.mjs\n  Cache-Control: no-cache\n", encoding="utf-8")
    return tmp_path


def fetch(base_url: str, path: str, gzip_ok: bool = True, method: str = "GET"):
    url = urlsplit(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request(method, path, headers={"Accept-Encoding": "gzip, deflate, br"} if gzip_ok else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_pages_mode_ignores_headers_and_caches_ten_minutes(site):
    with static_host.serve(site) as host:
        for path in ("/", "/app.mjs", "/runtime.wasm", "/snapshot.bin.gz", "/_headers"):
            response, _ = fetch(host.base_url, path)
            assert response.status == 200, path
            assert response.getheader("Cache-Control") == "max-age=600", path
            assert response.getheader("X-Content-Type-Options") is None, path
            assert response.getheader("Content-Security-Policy") is None, path


@pytest.mark.parametrize("path, ctype, compressed", [
    ("/", "text/html; charset=utf-8", True),
    ("/app.mjs", "text/javascript; charset=utf-8", True),
    ("/rules.json", "application/json", True),
    ("/runtime.wasm", "application/wasm", True),
    ("/snapshot.bin.gz", "application/gzip", False),
])
def test_pages_mode_gzips_text_json_and_wasm_for_clients_that_accept_it(site, path, ctype, compressed):
    file = site / (path.strip("/") or "index.html")
    with static_host.serve(site) as host:
        response, body = fetch(host.base_url, path)
        assert response.getheader("Content-Type") == ctype
        assert response.getheader("Content-Encoding") == ("gzip" if compressed else None)
        assert (gzip.decompress(body) if compressed else body) == file.read_bytes()
        assert int(response.getheader("Content-Length")) == len(body)
        response, body = fetch(host.base_url, path, gzip_ok=False)
        assert response.getheader("Content-Encoding") is None and body == file.read_bytes()


def test_pages_mode_serves_404_html_for_a_missing_path(site):
    with static_host.serve(site) as host:
        response, body = fetch(host.base_url, "/no/such/page/")
        assert response.status == 404
        assert "ページが見つかりません" in gzip.decompress(body).decode("utf-8")
        response, _ = fetch(host.base_url, "/guide")
        assert (response.status, response.getheader("Location")) == (301, "/guide/")
        response, body = fetch(host.base_url, "/guide/", gzip_ok=False)
        assert response.status == 200 and "案内" in body.decode("utf-8")


def test_headers_mode_applies_headers_and_the_page_policy(site):
    with static_host.serve(site, mode="headers") as host:
        response, _ = fetch(host.base_url, "/")
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Content-Security-Policy") == "default-src 'self'; frame-ancestors 'none'"
        assert response.getheader("Cache-Control") is None
        response, _ = fetch(host.base_url, "/app.mjs")
        assert response.getheader("Cache-Control") == "no-cache"


def test_an_unknown_mode_is_refused(site):
    with pytest.raises(ValueError, match="pages, headers"):
        with static_host.serve(site, mode="netlify"):
            pass


def test_pages_mode_answers_a_matching_etag_with_304_and_records_what_it_sent(site):
    with static_host.serve(site) as host:
        response, body = fetch(host.base_url, "/app.mjs")
        etag = response.getheader("ETag")
        assert etag and response.getheader("Last-Modified")
        url = urlsplit(host.base_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/app.mjs", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        again = conn.getresponse()
        assert (again.status, again.read()) == (304, b"")
        conn.close()
        assert host.settle() == 2
        assert host.sent == [("/app.mjs", 200, len(body)), ("/app.mjs", 304, 0)]


def test_a_swapped_site_dir_is_served_at_once(site, tmp_path_factory):
    other = tmp_path_factory.mktemp("deploy")
    (other / "index.html").write_text("<!doctype html><p>新版</p>", encoding="utf-8")
    with static_host.serve(site) as host:
        url = urlsplit(host.base_url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)  # kept alive across the swap
        conn.request("GET", "/")
        assert "ホーム" in conn.getresponse().read().decode("utf-8")
        host.root = other
        conn.request("GET", "/")
        assert "新版" in conn.getresponse().read().decode("utf-8")
        conn.close()


def test_a_slow_link_paces_every_body_on_one_shared_downlink(site):
    """Two parallel 16 kB bodies on a 128 kbit/s link with 100 ms round
    trips: together they need 2 s on the wire (each alone would take 1 s)."""
    for name in ("a.bin", "b.bin"):
        (site / name).write_bytes(os.urandom(16_000))
    link = static_host.Link(128_000, 100)
    with static_host.serve(site, link=link) as host:
        t0 = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda path: fetch(host.base_url, path), ("/a.bin", "/b.bin")))
        elapsed = time.monotonic() - t0
        assert [len(body) for _, body in results] == [16_000, 16_000]
        assert elapsed >= 2.0, elapsed
        host.link = None
        t0 = time.monotonic()
        fetch(host.base_url, "/a.bin")
        assert time.monotonic() - t0 < 1.0
