"""axe-core over the calculator page, with results on screen: no serious or
critical findings.

axe is injected from node_modules with Playwright's add_script_tag(path=...),
which inserts an inline <script>; the page's CSP rightly blocks that, so this
test alone runs in a context with bypass_csp=True. Every other browser test
keeps the CSP.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contrast import text_contrast
from testdates import month_from_now, this_year

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def run_axe(p) -> list[dict]:
    p.add_script_tag(path=str(AXE))
    result = p.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
      return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + (n.any[0] ? JSON.stringify(n.any[0].data) : ''))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_calculator_page_has_no_serious_axe_findings(open_page, scheme):
    # Both colour schemes: Material follows prefers-color-scheme.
    assert AXE.is_file(), "node_modules/axe-core missing: run npm ci"
    p = open_page(bypass_csp=True, color_scheme=scheme)
    try:
        p.goto(f"calculator/?accepted={this_year('12-29')}&items=3,9,12&last_usage_month={month_from_now(3)}")
        p.wait_for_selector('form[data-calculator="change"][data-state="ready"]', timeout=45_000)
        p.wait_for_selector('form[data-calculator="change"] [data-item="12"]')
        p.wait_for_selector('[data-result="deadline"]')
        # An error message on screen too, so its markup is checked.
        p.fill('input[name="applied"]', this_year("02-30"))
        p.press('input[name="applied"]', "Tab")
        p.wait_for_selector('[data-error-for="applied"]:not(:empty)')
        p.locator("details.kmc-daylist").first.evaluate("d => d.open = true")
        findings = run_axe(p)
        assert not findings, json.dumps(findings, ensure_ascii=False, indent=1)
        for width in (390,):
            p.set_viewport_size({"width": width, "height": 844})
            # Material animates the navigation into its drawer; measure after it settles.
            p.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
            findings = run_axe(p)
            assert not findings, json.dumps(findings, ensure_ascii=False, indent=1)
    finally:
        p.release()


def test_guide_pages_have_no_serious_axe_findings(open_page):
    p = open_page(bypass_csp=True)
    try:
        for path in ("", "change/items/", "support/contacts/", "business-days/"):
            p.goto(path)
            p.wait_for_selector("article h1")
            findings = run_axe(p)
            assert not findings, (path, json.dumps(findings, ensure_ascii=False, indent=1))
    finally:
        p.release()


def _pages_with_calculator_buttons(site: Path) -> list[str]:
    return sorted(f.parent.relative_to(site).as_posix() + "/" for f in site.rglob("index.html")
                  if 'class="md-button kmc-calc-link"' in f.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_calculator_buttons_badges_and_text_contrast(open_page, built_site, scheme):
    """Every page with a calculator button, in both schemes: the
    buttons and the actor badges at 4.5:1 or more, and axe finds no text below it."""
    paths = _pages_with_calculator_buttons(built_site)
    assert len(paths) >= 5, paths
    p = open_page(bypass_csp=True, color_scheme=scheme)
    try:
        low, badges = [], 0
        for path in paths:
            p.goto(path, wait_until="load")
            assert p.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
            buttons = text_contrast(p, ".md-typeset .kmc-calc-link")
            actors = text_contrast(p, ".md-typeset .kmc-actor")
            assert buttons, path
            badges += len(actors)
            low += [(path, text, ratio) for text, ratio, _ in buttons + actors if ratio < 4.5]
            p.add_script_tag(path=str(AXE))
            found = p.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}}))
                .violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ') + ' ' + JSON.stringify(n.any[0] && n.any[0].data)))""")
            low += [(path, node) for node in found]
        assert badges, "no actor badge checked"
        assert not low, json.dumps(low, ensure_ascii=False, indent=1)
    finally:
        p.release()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hovered_and_focused_buttons_keep_their_contrast(open_page, scheme):
    """Material fills a hovered or focused button with the accent colour; the
    calculator's buttons (calculate, the result's actions) and the guide's
    calculator buttons stay at 4.5:1 or more in that state too."""
    p = open_page(bypass_csp=True, color_scheme=scheme)
    try:
        low, seen = [], 0
        for path, selector in ((f"calculator/?last_usage_month={month_from_now(3)}",
                                '[data-calculator="deadline"] :is(.kmc-submit, .kmc-actions) .md-button:not([hidden])'),
                               ("change/items/", ".md-typeset .kmc-calc-link")):
            p.goto(path)
            p.wait_for_selector("article h1")
            if path.startswith("calculator/"):
                p.wait_for_selector('[data-result="deadline"]')
            # The state itself is measured, not a frame of Material's colour transition.
            p.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            buttons = p.locator(selector)
            for i in range(buttons.count()):
                button = buttons.nth(i)
                button.hover()
                low += [(path, "hover", *found) for found in text_contrast(p, ".md-typeset .md-button:hover")
                        if found[1] < 4.5]
                p.mouse.move(0, 0)
                button.focus()
                low += [(path, "focus", *found) for found in text_contrast(p, ".md-typeset .md-button:focus")
                        if found[1] < 4.5]
                seen += 1
        assert seen >= 4, seen
        assert not low, json.dumps(low, ensure_ascii=False, indent=1)
    finally:
        p.release()
