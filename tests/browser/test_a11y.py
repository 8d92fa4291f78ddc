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
    # Both colour schemes: Material follows prefers-color-scheme (issue 9 §8).
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
        p.context.close()


def test_guide_pages_have_no_serious_axe_findings(open_page):
    p = open_page(bypass_csp=True)
    try:
        for path in ("", "change/items/", "support/contacts/", "business-days/"):
            p.goto(path)
            p.wait_for_selector("article h1")
            findings = run_axe(p)
            assert not findings, (path, json.dumps(findings, ensure_ascii=False, indent=1))
    finally:
        p.context.close()
