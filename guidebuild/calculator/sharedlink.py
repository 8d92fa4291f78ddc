"""A shared link to one result (``#<form>-result``): the head script and
the stylesheet that give the result its space from the first paint, both
made from the list of calculators (``calculators.forms``). The page script
takes over from them once it runs (form-cycle.mjs, calculator.css)."""

from __future__ import annotations

from calculators.forms import CALCULATORS


def shared_link_css() -> bytes:
    """The stylesheet that gives a shared link's result its space from the
    first paint: one rule per calculator of ``calculators.forms``, matching
    the form the head script (``shared_link_script``) names on ``<html>``."""
    def shared(c, selector):
        return f'html[data-kmc-shared="{c.name}"] {selector}'

    box = 'form[data-calculator="{}"] > .kmc-result:not(.kmc-released)'
    boxes = [shared(c, box.format(c.name)) for c in CALCULATORS]
    # What follows the box is hidden while it holds the space (calculator.css).
    following = [shared(c, f".md-container :has({box.format(c.name)}) ~ *") for c in CALCULATORS]
    following += [shared(c, f'form[data-calculator="{c.name}"]:has(> .kmc-result:not(.kmc-released)) ~ *')
                  for c in CALCULATORS]
    return ("/* Made by guidebuild.calculator.sharedlink from calculators.forms. */\n@media screen {\n  "
            + ",\n  ".join(boxes) + " {\n    display: block;\n    min-height: 100vh;\n  }\n  "
            + ",\n  ".join(following) + " {\n    visibility: hidden;\n  }\n}\n").encode()


def shared_link_script() -> str:
    """The head script that names a shared link's form on ``<html>``
    (``data-kmc-shared``) while the head is parsed: Chromium may paint the
    page scrolled to ``#<form>-result`` before ``:target`` matches, so the
    stylesheet keys on this instead. Inline, hashed into the page's CSP like
    the theme's own inline scripts."""
    names = "|".join(c.name for c in CALCULATORS)
    return ("<script>(function (m) { if (m) document.documentElement.dataset.kmcShared = m[1]; })"
            f"(/^#({names})-result$/.exec(location.hash));</script>")
