"""MkDocs hook: the PDF edition of the whole guide, made from the built pages.

* ``on_nav`` records the pages in navigation order.
* ``on_page_content`` marks links whose text already is their address
  (``kmc-url``), so print and the PDF do not repeat the address after them.
* ``on_post_build`` joins the pages into one document and renders it with
  WeasyPrint (``guidebuild.pdf``) into ``downloads/kmc-guide.pdf``, reusing
  ``.cache/pdf/<content hash>.pdf`` when nothing changed.

Not under ``mkdocs serve`` (the preview would wait for it on every save),
nor with ``KMC_PDF=0``: for test builds of edited, hostile or broken rules,
which are not about the PDF (the test suite's build of the real rules, and
every production build, leave it unset and make the PDF).
Must run before hooks/atomic.py (which publishes the finished build).
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from guidebuild.checkout import CheckoutError, config_root
from guidebuild.pages import TEMPLATES
from guidebuild.pdf import PDF_DIR, PDF_NAME, Edition, Page, guide_html, write_pdf

log = logging.getLogger("mkdocs.hooks.pdf")

# The stylesheet is package data of the guidebuild that runs (config_root
# checks it is this checkout's); the cache is the checkout's own.
CSS = TEMPLATES / "pdf.css"

# "0": no PDF this build; unset or "1": make it (the default, always in production).
SWITCH = "KMC_PDF"

_LINK = re.compile(r'<a href="((?:mailto:)?)([^"]+)">([^<]+)</a>')
_state: dict = {}


def on_startup(command, **kwargs):
    _state["serve"] = command == "serve"


def on_config(config, **kwargs):
    switch = os.environ.get(SWITCH, "1")
    if switch not in ("0", "1"):
        raise PluginError(f"{SWITCH}={switch!r}: set it to 0 (no PDF, for test builds) or 1, or leave it unset")
    _state["skip"] = switch == "0"
    # The checkout is the one mkdocs.yml is in, never where this file was
    # imported from (guidebuild/checkout.py).
    try:
        _state["cache"] = config_root(config.config_file_path) / ".cache" / "pdf"
    except CheckoutError as error:
        raise PluginError(str(error)) from None
    return config


def on_nav(nav, config, files, **kwargs):
    _state["pages"] = [Page(p.url, p.title) for p in nav.pages]
    return nav


def on_page_content(html_text, page, config, files, **kwargs):
    def mark(m: re.Match) -> str:
        scheme, address, text = m.groups()
        if html.unescape(text).strip() == html.unescape(address):
            return f'<a class="kmc-url" href="{scheme}{address}">{text}</a>'
        return m.group(0)

    return _LINK.sub(mark, html_text)


def _edition() -> Edition:
    # hooks/rules.py has loaded the rules for this build (MkDocs registers
    # each hook module under its path).
    rules_hook = sys.modules.get("hooks/rules.py")
    context = getattr(rules_hook, "_state", {}).get("context")
    if context is None:
        raise PluginError("PDF: the guide's rules are not loaded (hooks/rules.py must run first)")
    g = context.guide
    return Edition(g.title, g.edition, g.published_text, tuple(g.providers))


def on_post_build(config, **kwargs):
    if _state.get("serve"):
        # Live preview reloads on every save; an 8 s render each time would
        # stall it. `mkdocs build` makes it (the tests: their build of the real rules).
        log.info("PDF edition: not made under mkdocs serve (mkdocs build makes it)")
        return
    if _state.get("skip"):
        log.info("PDF edition: not made (%s=0)", SWITCH)
        return
    site = Path(config.site_dir)
    started = time.monotonic()
    document = guide_html(site, _state["pages"], _edition(), CSS.read_text(encoding="utf-8"))
    try:
        rendered = write_pdf(document, site / PDF_DIR / PDF_NAME, _state["cache"])
    except ImportError as error:
        raise PluginError(f"PDF: WeasyPrint cannot be loaded ({error}); run the setup "
                          "(make serve / make test installs weasyprint, Pango and a Japanese font)") from None
    except OSError as error:
        raise PluginError(f"PDF: WeasyPrint could not render the guide: {error}") from None
    log.info("PDF edition %s/%s: %s in %.1f s", PDF_DIR, PDF_NAME,
             "rendered" if rendered else "unchanged, copied from .cache/pdf", time.monotonic() - started)
