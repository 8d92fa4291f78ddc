"""MkDocs hook: a strict Content-Security-Policy for every built page.

A thin adapter: after the build has written every page, ``on_post_build``
runs ``guidebuild.csp.secure_site`` over the site directory (CSP meta per
page with its inline-script hashes, and ``_headers``). The same function
works on a site built by anything else.

Under ``mkdocs serve`` the live-reload script that MkDocs injects is inline
and different on every request, so it cannot be hashed: in that mode only,
script-src uses 'unsafe-inline' instead of hashes.
"""

from __future__ import annotations

import logging

from guidebuild.csp import secure_site

log = logging.getLogger("mkdocs.hooks.csp")

_state: dict = {"serve": False}


def on_startup(command, dirty=False, **kwargs):
    _state["serve"] = command == "serve"


def on_post_build(config, **kwargs):
    secured = secure_site(config["site_dir"], dev_inline=_state["serve"])
    log.debug("CSP: %d pages, %d distinct inline script hashes", len(secured.pages), len(secured.hashes))
