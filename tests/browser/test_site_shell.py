"""The site shell: Material theme under a strict CSP, Japanese search, no
third-party requests, legible Japanese text."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from waits import after_load, loaded

RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
CSS_IMPORT_RE = re.compile(r"""@import\s+['"]([^'"]+)""", re.IGNORECASE)


def _is_foreign(url: str) -> bool:
    u = urlsplit(url.strip())
    if u.scheme in ("data", "blob", "about", ""):
        return u.scheme == "" and bool(u.netloc)  # //host/... is foreign
    return True  # http:, https:, anything with a scheme of its own


class _PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.first_in_head: tuple[str, dict] | None = None
        self.foreign: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and self.first_in_head is None:
            self.first_in_head = (tag, a)
        if tag == "link" and a.get("rel", "").lower() in ("canonical", "alternate"):
            pass  # navigation metadata, not a fetched resource
        else:
            for attr in RESOURCE_ATTRS.get(tag, ()):
                for candidate in a.get(attr, "").split(","):
                    url = candidate.strip().split(" ")[0]
                    if url and _is_foreign(url):
                        self.foreign.append(f"<{tag} {attr}={url}>")
        for url in CSS_URL_RE.findall(a.get("style", "")):
            if _is_foreign(url):
                self.foreign.append(f"style url({url})")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url in CSS_URL_RE.findall(data) + CSS_IMPORT_RE.findall(data):
                if _is_foreign(url):
                    self.foreign.append(f"<style> url({url})")


def _html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    assert files, f"no HTML in {site}"
    return files


def _page_urls(site: Path, base_url: str) -> list[str]:
    urls = []
    for f in _html_files(site):
        rel = f.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        urls.append(base_url + rel.removesuffix("index.html"))
    return urls


# --- static checks of the build (no browser) --------------------------------

def test_every_page_has_csp_meta_first_and_no_foreign_resources(built_site, csp_module):
    problems = []
    for f in _html_files(built_site):
        text = f.read_text(encoding="utf-8")
        rel = f.relative_to(built_site).as_posix()
        scan = _PageScan()
        scan.feed(text)
        first = scan.first_in_head
        if not (first and first[0] == "meta"
                and first[1].get("http-equiv", "").lower() == "content-security-policy"):
            problems.append(f"{rel}: first element of <head> is {first!r}, not the CSP meta")
            continue
        policy = first[1]["content"]
        for bad in ("'unsafe-inline'", "'unsafe-eval'", "*"):
            if bad in policy.split():
                problems.append(f"{rel}: policy allows {bad}")
        for h in csp_module.inline_script_hashes(text):
            if h not in policy:
                problems.append(f"{rel}: inline script {h} not in its policy")
        problems += [f"{rel}: {x}" for x in scan.foreign]
    for css in sorted(built_site.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in CSS_URL_RE.findall(text) + CSS_IMPORT_RE.findall(text):
            if _is_foreign(url):
                problems.append(f"{css.relative_to(built_site)}: url({url})")
    assert not problems, "\n".join(problems)


def test_headers_file(built_site, csp_module):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    assert "frame-ancestors 'none'" in text
    assert "X-Content-Type-Options: nosniff" in text
    for path in ("/assets/pyodide/*", "/assets/calc/*", "/assets/javascripts/calculator-*"):
        assert f"{path}\n  Cache-Control: public, max-age=31536000, immutable" in text
    assert "/\n  Cache-Control: public, max-age=300" in text
    # The service worker's address stays; browsers and proxies revalidate it.
    assert "/sw.js\n  Cache-Control: no-cache" in text
    # The header policy covers every page's inline scripts.
    header_policy = re.search(r"Content-Security-Policy: (.*)", text).group(1)
    for f in _html_files(built_site):
        for h in csp_module.inline_script_hashes(f.read_text(encoding="utf-8")):
            assert h in header_policy, f"{f}: {h} missing from _headers"


def test_build_policy_is_strict(csp_module):
    meta = csp_module.build_policy(["'sha256-abc='"])
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='" in meta
    assert "frame-ancestors" not in meta  # ignored in <meta>
    assert "unsafe-inline" not in meta and "'unsafe-eval'" not in meta
    assert "frame-ancestors 'none'" in csp_module.build_policy([], header=True)


def test_headers_host_sends_page_csp_and_mime_types(built_site, serve_site, csp_module, tmp_path):
    """On a host that applies _headers: each page's CSP as a header too (with
    frame-ancestors, which a <meta> cannot carry), and the right MIME types."""
    with serve_site(built_site, mode="headers") as host:
        with urllib.request.urlopen(host.base_url) as r:
            body = r.read().decode("utf-8")
            assert r.headers["Content-Type"] == "text/html; charset=utf-8"
            assert r.headers["Content-Security-Policy"] == (
                csp_module.meta_policy(body) + "; frame-ancestors 'none'")
            assert r.headers["X-Content-Type-Options"] == "nosniff"
    # Probe files beside the build's _headers, not inside the build (it may be the one we publish).
    (tmp_path / "_headers").write_bytes((built_site / "_headers").read_bytes())
    probe = tmp_path / "assets" / "_mime_probe"
    probe.mkdir(parents=True)
    expected = {"a.mjs": "text/javascript", "a.wasm": "application/wasm",
                "a.json": "application/json", "a.whl": "application/zip"}
    with serve_site(tmp_path, mode="headers") as host:
        for name, mime in expected.items():
            (probe / name).write_bytes(b"{}")
            with urllib.request.urlopen(host.base_url + "assets/_mime_probe/" + name) as r:
                assert r.headers["Content-Type"].split(";")[0] == mime, name
                assert "Content-Security-Policy" in r.headers, name


def test_the_tests_host_serves_the_site_as_github_pages_does(site_server):
    """The browser tests' default host: no _headers, max-age=600 on every
    file, gzip for what GitHub Pages compresses (the runtime's wasm too)."""
    (wasm,) = site_server.site_dir.glob("assets/pyodide/*/pyodide.asm.wasm")
    for path in ("", wasm.relative_to(site_server.site_dir).as_posix()):
        request = urllib.request.Request(site_server.base_url + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as r:
            assert r.headers["Cache-Control"] == "max-age=600", path
            assert r.headers["Content-Encoding"] == "gzip", path
            assert "Content-Security-Policy" not in r.headers and "X-Content-Type-Options" not in r.headers


# --- in Chromium --------------------------------------------------------------

def test_home_page_is_clean(page, base_url):
    loaded(page, base_url)
    assert page.title().startswith("KDDI Message Cast 利用手続きガイド")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("article h1").inner_text().startswith("はじめに")
    page.rec.assert_clean()
    assert any(u.startswith(base_url) for u in page.rec.requests)


def test_every_page_loads_clean(page, built_site, base_url):
    for url in _page_urls(built_site, base_url):
        page.goto(url, wait_until="load")
        assert page.locator("article h1").count() == 1, url
    after_load(page)
    page.rec.assert_clean()


def search(page, base_url, word):
    """Type ``word`` into Material's search; the result links' hrefs."""
    loaded(page, base_url)
    box = page.locator("input.md-search__input")  # in the header on desktop
    box.click()
    box.press_sequentially(word)
    # Material searches on keyup; Playwright types kana/kanji with insertText
    # (no key events), so end with a real key as an IME commit would.
    box.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="visible")
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


def test_search_kaiyaku_finds_cancellation_page(page, base_url):
    hrefs = search(page, base_url, "解約")
    assert any("cancel/notes/" in h for h in hrefs), hrefs
    assert any("cancel/flow/" in h for h in hrefs), hrefs
    # highlight, follow the result: still no violation
    page.locator(".md-search-result__item a[href*='cancel/notes/']").first.click()
    page.wait_for_url("**/cancel/notes/**")
    assert "解約" in page.locator("article").inner_text()
    page.rec.assert_clean()


def test_search_eigyoubi_finds_business_days_page(page, base_url):
    hrefs = search(page, base_url, "営業日")
    assert any("business-days/" in h for h in hrefs), hrefs
    assert any("change/items/" in h for h in hrefs), hrefs
    page.rec.assert_clean()


def test_palette_toggle_persists(page, base_url):
    loaded(page, base_url)
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = body.get_attribute("data-md-color-scheme")
    assert after != before
    # The hashed inline palette script restores the choice on the next page.
    loaded(page, base_url + "history/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == after
    page.rec.assert_clean()


@pytest.mark.parametrize("name,width,height", [("desktop", 1280, 800), ("mobile-390", 390, 844)])
def test_home_screenshots_japanese_font(page, base_url, screenshot, name, width, height):
    page.set_viewport_size({"width": width, "height": height})
    loaded(page, base_url)
    # Without a Japanese system font Chromium draws tofu boxes.
    fonts = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Japanese font: run the setup: make test installs fonts-noto-cjk"
    path = screenshot(page, f"home-{name}", full_page=False)
    assert path is None or path.stat().st_size > 10_000
    page.rec.assert_clean()


def test_no_repository_link_or_edit_button_by_default(built_site):
    """KMC_REPO_URL is unset: customers see no link to a repository."""
    for f in _html_files(built_site):
        text = f.read_text(encoding="utf-8")
        assert 'class="md-source"' not in text, f
        assert "md-content__button" not in text, f
