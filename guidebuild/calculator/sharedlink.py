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
    selectors = [f'html[data-kmc-shared="{c.name}"] form[data-calculator="{c.name}"] > .kmc-result:not(.kmc-released)'
                 for c in CALCULATORS]
    # What follows the box is hidden only once the page script has taken
    # over (.kmc-lead, calculator.css): a page whose script never runs still
    # shows everything below the space.
    return ("/* Made by guidebuild.calculator.sharedlink from calculators.forms. */\n@media screen {\n  "
            + ",\n  ".join(selectors) + " {\n    display: block;\n    min-height: 100vh;\n  }\n}\n").encode()


def shared_link_script() -> str:
    """The head script that names a shared link's form on ``<html>``
    (``data-kmc-shared``) while the head is parsed: Chromium may paint the
    page scrolled to ``#<form>-result`` before ``:target`` matches, so the
    stylesheet keys on this instead. Inline, hashed into the page's CSP like
    the theme's own inline scripts."""
    names = "|".join(c.name for c in CALCULATORS)
    return ("<script>(function (m) { if (m) document.documentElement.dataset.kmcShared = m[1]; })"
            f"(/^#({names})-result$/.exec(location.hash));</script>")
