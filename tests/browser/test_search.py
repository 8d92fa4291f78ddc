"""Site search (Pagefind, served by the site) in Chromium against the built
site, under its CSP: the queries customers type find their page in the top
three, and text that arrives without key events (paste, voice input) searches.
"""

from __future__ import annotations

from search_cases import CASES, expected_pages, site_search


def _pages(hrefs: list[str]) -> list[str]:
    out: list[str] = []
    for h in hrefs:
        p = h.split("#")[0].split("?")[0].lstrip("/")
        if p not in out:
            out.append(p)
    return out


def test_the_index_is_the_sites_own(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind").glob("*.pf_meta")), "no Pagefind index"
    # Material's lunr index and Pagefind's unused UI bundles are not shipped.
    assert not (built_site / "search" / "search_index.json").exists()
    assert not (built_site / "pagefind" / "pagefind-ui.js").exists()


def test_customer_queries_find_their_page_in_the_top_three(page, base_url):
    assert len(CASES) >= 40
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    misses = []
    for query, expected in CASES:
        top3 = _pages(site_search(page, query))[:3]
        if not set(expected_pages(expected)) & set(top3):
            misses.append(f"{query!r}: top three {top3}, expected {expected!r}")
    assert not misses, f"{len(misses)} of {len(CASES)} queries miss:\n" + "\n".join(misses)
    page.rec.assert_clean()
    assert any("/pagefind/" in u for u in page.rec.requests)
    assert not any("search_index.json" in u for u in page.rec.requests)


def test_pasted_text_searches_without_key_events(page, base_url):
    """A paste: the value changes and one `input` event fires, no keys."""
    page.goto(base_url + "support/web/")
    page.locator("input.md-search__input").click()
    page.evaluate("""() => {
        const box = document.querySelector('input.md-search__input');
        box.value = 'IPアドレス';
        box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', bubbles: true}));
    }""")
    links = page.locator("[data-kmc-search-results] a")
    links.first.wait_for(state="visible")
    top3 = [links.nth(i).get_attribute("href") for i in range(min(3, links.count()))]
    assert any("change/items/" in h for h in top3), top3
    assert "件" in page.locator("[data-kmc-search-meta]").inner_text()
    page.locator("[data-kmc-search-results] a[href*='change/items/']").first.click()
    page.wait_for_url("**/change/items/")
    page.rec.assert_clean()


def test_results_show_text_not_markup(page, base_url):
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    hrefs = site_search(page, "解約申し込み")
    assert hrefs
    # The excerpt's hit is a <mark> built from text; nothing else is markup.
    assert page.locator("[data-kmc-search-results] mark").count() > 0
    tags = page.eval_on_selector_all(
        "[data-kmc-search-results] article p *", "els => [...new Set(els.map((e) => e.tagName))]")
    assert set(tags) <= {"MARK"}, tags
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.rec.assert_clean()


def test_results_hold_no_permalink_marks(page, base_url):
    """The ¶ of each heading's permalink is page chrome, not text to show."""
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    shown = []
    for query in ("IPアドレス 変更", "解約", "営業日"):
        assert site_search(page, query)
        shown.append(page.inner_text("[data-kmc-search-results]"))
    assert all(text.strip() for text in shown)
    assert not [t for t in shown if "¶" in t], shown
    page.rec.assert_clean()


def test_phone_opens_search_from_the_header_button(open_page):
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page.goto(".")
        page.locator("label.md-header__button[for='__search']").click()
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        hrefs = site_search(page, "グローバルIP")
        assert "change/items/" in _pages(hrefs)[:3], hrefs
        assert page.locator("[data-kmc-search-results] a").first.is_visible()
        page.rec.assert_clean()
    finally:
        page.context.close()
