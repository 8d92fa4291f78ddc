"""Site search (Pagefind, served by the site) in Chromium against the built
site, under its CSP: the queries customers type find their page in the top
three, and text that arrives without key events (paste, voice input) searches.
"""

from __future__ import annotations

import re

import pytest
from guidebuild.rules import load_rules
from search_cases import CASES, CUTOFF_QUESTIONS, HELD_OUT, RULE_QUESTIONS, expected_pages, site_search
from waits import after_load


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
        page.release()


@pytest.mark.parametrize("kind", sorted(HELD_OUT))
def test_held_out_queries_find_their_page(page, base_url, kind):
    """Width (NFKC), hiragana readings and everyday words, with
    queries that are not the list's own examples."""
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    misses = []
    for query, expected in HELD_OUT[kind]:
        top3 = _pages(site_search(page, query))[:3]
        if not set(expected_pages(expected)) & set(top3):
            misses.append(f"{query!r}: top three {top3}, expected {expected!r}")
    assert not misses, f"{kind}:\n" + "\n".join(misses)
    page.rec.assert_clean()


def test_a_rule_question_ranks_the_guide_above_the_calculator(page, base_url):
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    wrong = []
    for query, guide in RULE_QUESTIONS:
        found = _pages(site_search(page, query))
        calc = found.index("calculator/") if "calculator/" in found else len(found)
        if guide not in found[:3] or found.index(guide) > calc:
            wrong.append(f"{query!r}: {found[:4]}")
    assert not wrong, "\n".join(wrong)
    page.rec.assert_clean()



def test_cutoff_day_questions_find_the_rules_page_first(page, base_url):
    """A question with the cut-off day's number ranks 3.2 above the business-day
    calendar and the calculator, whatever word the number is glued to in the
    page's text (「毎月10日までの」 is not cut as 「10日まで」 is)."""
    cutoff = load_rules().models["cancellation"].cutoff
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    wrong = []
    for text in CUTOFF_QUESTIONS:
        query = text.format(day=cutoff.cutoff_day, next=cutoff.cutoff_day + 1)
        found = _pages(site_search(page, query))
        if not found or found[0] != "cancel/flow/":
            wrong.append(f"{query!r}: {found[:4]}")
    assert not wrong, "\n".join(wrong)
    page.rec.assert_clean()

# Where a word may start in the page text: after a space, punctuation or a
# bracket (a word of its own), or at a boundary of the browser's word segmenter.
EXCERPTS = """async () => {
  const seg = new Intl.Segmenter('ja', {granularity: 'word'});
  const out = [];
  for (const li of document.querySelectorAll('[data-kmc-search-results] li')) {
    const href = li.querySelector('a').getAttribute('href');
    const shown = li.querySelector('p').textContent.replace(/^\u2026/, '').trim();
    const marks = [...li.querySelectorAll('mark')].map((m) => m.textContent);
    const doc = new DOMParser().parseFromString(await (await fetch(href)).text(), 'text/html');
    const article = doc.querySelector('article');
    article.querySelectorAll('[hidden], .headerlink, [data-pagefind-ignore]').forEach((e) => e.remove());
    const blocks = [...article.querySelectorAll('h1, h2, h3, h4, p, li, td, th, dt, dd, summary, a')]
      .map((e) => [e.tagName, e.textContent.replace(/\\s+/g, ' ').trim()]);
    // The first word as far as the first space or block end: cells and
    // headings are joined in the excerpt, so more may span two blocks.
    const head = shown.split(/\\.\\s|\\s/)[0].replace(/\\.$/, '').slice(0, 8);
    let where = 'nowhere';
    for (const [tag, text] of blocks) {
      const i = text.indexOf(head);
      if (i < 0) continue;
      const starts = new Set([...seg.segment(text)].map((s) => s.index));
      const atWord = i === 0 || /[\\s、。・「」（）()：:.,]/.test(text[i - 1]) || starts.has(i);
      const ok = /^H\\d$/.test(tag) ? i === 0 : atWord;
      if (ok) { where = 'ok'; break; }
      where = `${tag} at ${i}: ${text.slice(0, 40)}`;
    }
    out.push({href, shown: shown.slice(0, 40), where, marks});
  }
  return out;
}"""


def test_excerpts_start_at_a_word_and_show_only_page_text(page, base_url):
    """An excerpt starts where a heading starts or at a word of the page's
    visible text (never inside a heading, never in the hidden line of other
    spellings), and a lone kana is not highlighted."""
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    bad, seen = [], 0
    for query in ("IPアドレス 変更", "アカウント通知書", "解約 いつから", "FAQ", "ｿﾌﾄﾊﾞﾝｸ", "かいやく",
                  "誤配信防止", "営業日", "サポートWEB"):
        assert site_search(page, query), query
        for r in page.evaluate(EXCERPTS):
            seen += 1
            if r["where"] != "ok":
                bad.append((query, r["href"], r["shown"], r["where"]))
            lone = [m for m in r["marks"] if re.fullmatch(r"[\u3040-\u30ffー]", m.strip())]
            if lone:
                bad.append((query, r["href"], "lone kana marked", lone))
    assert seen >= 30, seen
    assert not bad, "\n".join(map(str, bad))
    page.rec.assert_clean()


MARKS = """() => [...document.querySelectorAll('[data-kmc-search-results] li')].map((li) => [
  li.querySelector('a').getAttribute('href'), [...li.querySelectorAll('mark')].map((m) => m.textContent.trim())])"""


def test_only_whole_matched_words_are_highlighted(page, base_url):
    """Pagefind marks each indexed piece (営業 and 日, です, いる for an
    unknown hiragana word): a highlight is a whole word of the query, never
    a single character or a hiragana function word."""
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    bad, marked = [], {}
    for query in ("えいぎょうび", "めんてなんす", "しょるい", "起算日", "連休", "ねんまつねんし",
                  "請求書宛先", "ほげほげ", "ｶｲﾔｸ", "しゅくじつ いつ"):
        site_search(page, query)
        for href, marks in page.evaluate(MARKS):
            marked[(query, href)] = marks
            wrong = [m for m in marks if len(m) < 2 or re.fullmatch(r"[\u3040-\u309fー]+", m)
                     or m == "ガイド"]
            if wrong:
                bad.append((query, href, wrong))
    assert not bad, "\n".join(map(str, bad))
    assert "営業日" in marked[("えいぎょうび", "/business-days/")]
    assert "メンテナンス" in marked[("めんてなんす", "/support/maintenance/")]
    page.rec.assert_clean()


VISIBLE = """() => { const e = document.activeElement;
  if (!e || e === document.body) return {name: 'body', visible: true};
  const shown = (el) => { const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.right <= 0 || r.left >= innerWidth) return false;
    for (let x = el; x; x = x.parentElement) { const s = getComputedStyle(x);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) < 0.1) return false; }
    return true; };
  // Material's palette radio is visually hidden; its focus ring is drawn on
  // the label right after it (.md-option.focus-visible + label), the icon seen.
  const ring = e.matches('.md-option') ? e.nextElementSibling : null;
  const visible = shown(e) || Boolean(ring && shown(ring));
  return {name: `${e.tagName}.${e.className} ${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20)}`, visible};
}"""


def _tab_until(page, selector: str, limit: int = 12) -> str:
    """Press Tab until ``selector`` has the focus; return the name of the
    element focused just before it."""
    before = "body"
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return before
        before = page.evaluate("() => { const e = document.activeElement; return e.id || e.className || e.tagName; }")
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_tabbing_past_the_search_box_closes_the_overlay(page, base_url):
    """The overlay goes when the focus leaves the dialog, and
    every stop on the way is visible (waited for: Material fades some in)."""
    page.goto(base_url)
    after_load(page)
    _tab_until(page, "input.md-search__input")
    assert page.locator("#__search").is_checked()
    invisible = []
    for _ in range(4):
        page.keyboard.press("Tab")
        try:
            page.wait_for_function(f"() => ({VISIBLE})().visible", timeout=2000)
        except Exception:
            invisible.append(page.evaluate(VISIBLE)["name"])
        if not page.evaluate("() => Boolean(document.activeElement.closest('[data-kmc-search]'))"):
            break
    assert not page.evaluate("() => Boolean(document.activeElement.closest('[data-kmc-search]'))")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    overlay = page.locator(".md-search__overlay")
    page.wait_for_function("() => Number(getComputedStyle(document.querySelector('.md-search__overlay')).opacity) === 0"
                           " || getComputedStyle(document.querySelector('.md-search__overlay')).visibility === 'hidden'")
    assert overlay.count() == 1
    assert not invisible, invisible
    page.rec.assert_clean()


def test_escape_returns_the_focus_where_it_was(page, base_url):
    page.goto(base_url)
    after_load(page)
    _tab_until(page, "input.md-search__input")
    page.keyboard.press("Shift+Tab")
    was = page.evaluate("() => { window.__was = document.activeElement; return document.activeElement !== document.body; }")
    assert was
    page.keyboard.press("Tab")
    page.locator("input.md-search__input").press_sequentially("解約")
    page.locator("[data-kmc-search-results] a").first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement === window.__was")
    # From a result link too, not only from inside the box.
    page.keyboard.press("Tab")
    page.locator("input.md-search__input").press_sequentially("営業日")
    link = page.locator("[data-kmc-search-results] a").first
    link.wait_for()
    page.wait_for_function("() => document.querySelector('[data-kmc-search]').dataset.kmcQuery === '営業日'")
    page.keyboard.press("Tab")
    assert page.evaluate("() => Boolean(document.activeElement.closest('[data-kmc-search-results]'))")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement === window.__was")
    page.rec.assert_clean()


def test_no_invisible_element_takes_the_focus_on_the_home_page(page, base_url):
    page.goto(base_url)
    after_load(page)
    invisible = []
    for _ in range(30):
        page.keyboard.press("Tab")
        try:
            page.wait_for_function(f"() => ({VISIBLE})().visible", timeout=2000)
        except Exception:
            invisible.append(page.evaluate(VISIBLE)["name"])
    assert not invisible, invisible
    page.rec.assert_clean()
