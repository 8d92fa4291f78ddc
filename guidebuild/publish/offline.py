"""The service worker of a built site: offline reading and a cached calculator.

``write_service_worker(site, runtime)`` runs after ``versioned.version_site``
(so every file it lists is content-named) and before ``csp.secure_site``:

* the *shell*: every content-named stylesheet, script and icon the pages link
  (the theme's ``*.min.*``, our ``name.<hash>.*``), precached when the
  service worker installs (the page has just loaded them: HTTP cache hits);
* the *runtime* (``runtime``): what the calculator's snapshot boot fetches,
  cached when the reader uses the calculator or a guide page warms it up;
* the *version*: a hash of both lists, the offline page and the service
  worker's code. Each page carries it (``<meta name="kmc-deploy">``) so the
  service worker keeps only its own deploy's pages;
* ``sw.js`` at the site root: ``sw.js`` beside this module with the manifest
  in place of its MANIFEST line. Its URL never changes (browsers look for a
  new one on every visit), its bytes change with every deploy that changes a
  listed file.

Hand-written rather than Workbox: the policy is four rules (content-named
files cache first, pages network first, the rest network first, warm-up on
request) in about 200 lines with no dependency; Workbox's runtime for the same
(precaching, routing, strategies, expiration) is several modules and a build
tool, and its precache revisions duplicate what content-named files already
give.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from .versioned import CALC_DIR, HASH_LEN

SW_NAME = "sw.js"
OFFLINE_PAGE = "offline.html"
TEMPLATE = Path(__file__).with_name("sw.js")
_MANIFEST_LINE = re.compile(r"^const MANIFEST = .*// MANIFEST$", re.MULTILINE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_LINKED = re.compile(
    r"<(?:link\b[^>]*\brel=\"(?:stylesheet|icon|modulepreload)\"[^>]*\bhref|script\b[^>]*\bsrc)=\"([^\"]+)\"",
    re.IGNORECASE)
_CONTENT_NAMED = re.compile(
    rf"(?:\.[0-9a-f]{{8}}\.min\.(?:css|js)|\.[0-9a-f]{{{HASH_LEN}}}\.(?:css|mjs))$"
    rf"|^{re.escape(CALC_DIR)}-[0-9a-f]{{{HASH_LEN}}}/")


class ServiceWorkerError(ValueError):
    """The site lacks what the service worker needs (offline page, runtime file)."""


def deploy_meta(version: str) -> str:
    return f'<meta name="kmc-deploy" content="{version}">'


def shell_files(site: Path) -> list[str]:
    """Site paths of the content-named files the pages link."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        here = posixpath.dirname(page.relative_to(site).as_posix())
        for url in _LINKED.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE):
                continue
            path = posixpath.normpath(posixpath.join(here, url.split("?")[0].split("#")[0]))
            if _CONTENT_NAMED.search(path) and (site / path).is_file():
                found.add(path)
    return sorted(found)


def write_service_worker(site_dir: str | Path, runtime: list[str]) -> dict:
    """Write ``sw.js`` and mark every page with the deploy's version.
    Returns the manifest."""
    site = Path(site_dir)
    offline = site / OFFLINE_PAGE
    if not offline.is_file():
        raise ServiceWorkerError(f"{offline} is missing: mkdocs.yml must list {OFFLINE_PAGE} in "
                                 "theme.static_templates (overrides/offline.html)")
    missing = [p for p in runtime if not (site / p).is_file()]
    if missing:
        raise ServiceWorkerError(f"the calculator's runtime lacks {missing} in {site}")
    # Biggest first: the service worker's warm-up fetches them in this order,
    # several at a time, so the small files share the big ones' time.
    runtime = sorted(set(runtime), key=lambda p: (-(site / p).stat().st_size, p))
    shell = [p for p in shell_files(site) if p not in runtime]
    template = TEMPLATE.read_text(encoding="utf-8")
    digest = hashlib.sha256()
    for part in (*shell, "", *runtime, ""):
        digest.update(part.encode() + b"\0")
    digest.update(hashlib.sha256(offline.read_bytes()).digest())
    digest.update(hashlib.sha256(template.encode()).digest())
    manifest = {"version": digest.hexdigest()[:HASH_LEN], "shell": shell, "runtime": runtime,
                "offline": OFFLINE_PAGE}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        m = _HEAD.search(text)
        if m is None:
            continue
        page.write_text(text[: m.end()] + deploy_meta(manifest["version"]) + text[m.end():], encoding="utf-8")
    line = f"const MANIFEST = {json.dumps(manifest, separators=(',', ':'))}; // MANIFEST"
    code, count = _MANIFEST_LINE.subn(lambda _: line, template)
    if count != 1:
        raise ServiceWorkerError(f"{TEMPLATE} must have exactly one MANIFEST line")
    (site / SW_NAME).write_text(code, encoding="utf-8")
    return manifest
