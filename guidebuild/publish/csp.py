"""A strict Content-Security-Policy for every page of a built site.

Works on any directory of built HTML, whatever generated it (MkDocs through
``guidebuild/plugin.py``, or another builder): ``secure_site`` hashes each page's
executable inline ``<script>`` elements (Material emits a few: the
``__md_scope``/``__md_get`` helpers, the palette and consent bootstraps),
inserts ``<meta http-equiv="Content-Security-Policy" ...>`` as the FIRST
element of ``<head>`` so the policy covers everything after it, and writes
``_headers`` (Netlify / Cloudflare Pages syntax): the same policy over the
union of all pages' hashes, plus what a ``<meta>`` policy cannot carry
(``frame-ancestors``), nosniff, Referrer-Policy and Cache-Control.

There is no 'unsafe-inline' and no 'unsafe-eval'. 'wasm-unsafe-eval' is
there for Pyodide (WebAssembly compilation), nothing else. Only for
``mkdocs serve`` (``dev_inline``), whose live-reload script is inline and
different on every request, script-src uses 'unsafe-inline' instead of
hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import markup

HEADERS_FILE = "_headers"

# Content-named asset trees (guidebuild/publish/versioned.py): new bytes get a
# new path, so they never change.
IMMUTABLE_PATHS = ("/assets/pyodide/*", "/assets/calc/*", "/assets/javascripts/calculator-*")
PAGE_MAX_AGE = 300
# The service worker keeps its address across deploys; browsers check it on
# every visit anyway, "no-cache" also keeps proxies from holding it.
REVALIDATE_PATHS = ("/sw.js",)

# Directive order is the order in the policy string.
BASE_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

# Script types that a browser executes (and so that CSP governs). JSON data
# blocks such as Material's <script id="__config" type="application/json">
# are never run, so they need no hash.
_JS_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
    "application/x-javascript",
    "application/x-ecmascript",
    "text/x-javascript",
    "text/x-ecmascript",
}

def csp_hash(source: str) -> str:
    """The CSP source expression ('sha256-…') for one inline script's text."""
    # The HTML parser normalises newlines before the script sees its text.
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(page_html: str) -> list[str]:
    """Hashes of the executable inline scripts of a page, in document order,
    without duplicates. Scripts inside HTML comments are ignored."""
    hashes: list[str] = []
    tags = markup.scan(page_html)
    for i, tag in enumerate(tags):
        if tag.name != "script" or tag.closing or tag.has("src"):
            continue
        if (tag.get("type") or "").strip().lower() not in _JS_TYPES:
            continue
        j = markup.closing_index(tags, i)
        if j is None:  # never closed: the browser runs nothing
            continue
        h = csp_hash(page_html[tag.end:tags[j].start])
        if h not in hashes:
            hashes.append(h)
    return hashes


def build_policy(
    script_hashes: Iterable[str] = (),
    *,
    header: bool = False,
    dev_inline: bool = False,
) -> str:
    """The policy string.

    ``script_hashes``: CSP hash sources ('sha256-…', quotes included).
    ``header``: add the directives that only work in an HTTP header
    (``frame-ancestors 'none'``).
    ``dev_inline``: for ``mkdocs serve`` only: 'unsafe-inline' instead of
    hashes (a hash would disable 'unsafe-inline').
    """
    directives = {k: list(v) for k, v in BASE_DIRECTIVES.items()}
    if dev_inline:
        directives["script-src"].append("'unsafe-inline'")
    else:
        for h in script_hashes:
            if h not in directives["script-src"]:
                directives["script-src"].append(h)
    if header:
        directives["frame-ancestors"] = ["'none'"]
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def meta_tag(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False).replace(chr(34), "&quot;")}">'


def meta_policy(page_html: str) -> str | None:
    """The policy of the CSP <meta> of a built page, or None."""
    for tag in markup.scan(page_html):
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "content-security-policy":
            return tag.get("content") or ""
    return None


def insert_policy(page_html: str, policy: str) -> str:
    """Insert the CSP meta right after <head ...> (first element of head)."""
    head = next((t for t in markup.scan(page_html) if t.name == "head" and not t.closing), None)
    if head is None:
        raise ValueError("page has no <head>: cannot insert the CSP meta")
    return page_html[: head.end] + meta_tag(policy) + page_html[head.end :]


def headers_file(all_hashes: Iterable[str], page_paths: Iterable[str]) -> str:
    """``_headers`` (Netlify / Cloudflare Pages syntax).

    Cache-Control is set per page path rather than on ``/*``, because both
    hosts join the values of one header from several matching rules.
    """
    lines = [
        "# Generated by guidebuild/csp.py at build time. Do not edit.",
        "/*",
        f"  Content-Security-Policy: {build_policy(sorted(set(all_hashes)), header=True)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "",
    ]
    for path in IMMUTABLE_PATHS:
        lines += [path, "  Cache-Control: public, max-age=31536000, immutable", ""]
    for path in REVALIDATE_PATHS:
        lines += [path, "  Cache-Control: no-cache", ""]
    short = sorted(set(page_paths)) + ["/search/*", "/sitemap.xml", "/sitemap.xml.gz"]
    for path in short:
        lines += [path, f"  Cache-Control: public, max-age={PAGE_MAX_AGE}", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Secured:
    pages: tuple[str, ...]   # URL paths of the pages given a policy ("/", "/404.html")
    hashes: frozenset[str]   # every inline script hash, across all pages


def page_path(relative: str) -> str:
    """The URL path a built HTML file is served under."""
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def secure_site(site_dir: str | Path, *, dev_inline: bool = False) -> Secured:
    """Give every HTML page under ``site_dir`` its CSP meta and write ``_headers``.

    A page that already has a CSP meta keeps it (its hashes still count for
    ``_headers``), so running this twice changes nothing.
    """
    site = Path(site_dir)
    hashes: set[str] = set()
    pages: list[str] = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        page_hashes = inline_script_hashes(text)
        hashes.update(page_hashes)
        pages.append(page_path(path.relative_to(site).as_posix()))
        if meta_policy(text) is None:
            path.write_text(insert_policy(text, build_policy(page_hashes, dev_inline=dev_inline)),
                            encoding="utf-8")
    (site / HEADERS_FILE).write_text(headers_file(hashes, pages), encoding="utf-8")
    return Secured(tuple(pages), frozenset(hashes))
