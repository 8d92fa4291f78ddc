"""A shared link to one result (``#<form>-result``): the head script and
the stylesheet that give the result its space from the first paint, both
made from the list of calculators (``calculators.forms``). The page script
takes over from them once it runs (form-cycle.mjs, calculator.css)."""

from __future__ import annotations

import json

from calculators.forms import CALCULATORS


def shared_link_css() -> bytes:
    """The stylesheet that gives a shared link's result its space from the
    first paint: one rule per calculator of ``calculators.forms``, matching
    the form the head script (``shared_link_script``) names on ``<html>``."""
    def shared(c, selector, alone=""):
        return f'html[data-kmc-shared="{c.name}"]{alone} {selector}'

    box = 'form[data-calculator="{}"] > .kmc-result:not(.kmc-released)'
    boxes = [shared(c, box.format(c.name)) for c in CALCULATORS]
    # What follows the box is hidden while it holds the space, when the
    # link's result is the only one it carries (calculator.css).
    alone = "[data-kmc-alone]"
    following = [shared(c, f".md-container :has({box.format(c.name)}) ~ *", alone) for c in CALCULATORS]
    following += [shared(c, f'form[data-calculator="{c.name}"]:has(> .kmc-result:not(.kmc-released)) ~ *', alone)
                  for c in CALCULATORS]
    return ("/* Made by guidebuild.calculator.sharedlink from calculators.forms. */\n@media screen {\n  "
            + ",\n  ".join(boxes) + " {\n    display: block;\n    min-height: 100vh;\n  }\n  "
            + ",\n  ".join(following) + " {\n    visibility: hidden;\n  }\n}\n").encode()


def shared_link_script() -> str:
    """The head script that names a shared link's form on ``<html>``
    (``data-kmc-shared``) while the head is parsed: Chromium may paint the
    page scrolled to ``#<form>-result`` before ``:target`` matches, so the
    stylesheet keys on this instead. Inline, hashed into the page's CSP like
    the theme's own inline scripts. When the link carries that form's
    inputs alone (as the page's own links to a result do), it also marks
    ``data-kmc-alone``: what follows the result is hidden until it is there."""
    names = "|".join(c.name for c in CALCULATORS)
    params = json.dumps({c.name: sorted({f.as_page()["param"] for f in c.fields}) for c in CALCULATORS},
                        separators=(",", ":"))
    return ("<script>(function (m, params) { if (!m) return; var d = document.documentElement.dataset;"
            " d.kmcShared = m[1]; var q = new URLSearchParams(location.search);"
            " var carried = Object.keys(params).filter(function (n) {"
            " return params[n].some(function (k) { return q.has(k); }); });"
            " if (carried.length === 1 && carried[0] === m[1]) d.kmcAlone = \"\"; })"
            f"(/^#({names})-result$/.exec(location.hash), {params});</script>")
